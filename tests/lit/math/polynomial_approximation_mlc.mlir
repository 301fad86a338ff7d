// RUN: mlc-opt %s --math-polynomial-approximation --split-input-file | filecheck %s
// REQUIRES: mlc

// mlc's name for the pass. Tensors are left alone: the expansions work on scalars and
// vectors, and MLIR 19 builds invalid IR for tensors (scalar constants against tensor
// operands).

// CHECK-LABEL: func.func @named(
// CHECK-NOT:     math.exp
// CHECK:         math.floor %{{.+}} : vector<4xf32>
// CHECK:         return
func.func @named(%x: vector<4xf32>) -> vector<4xf32> {
  %0 = math.exp %x : vector<4xf32>
  return %0 : vector<4xf32>
}

// -----

// CHECK-LABEL: func.func @tensors(
// CHECK:         math.exp %{{.+}} : tensor<4xf32>
// CHECK:         math.tanh %{{.+}} : tensor<4xf16>
func.func @tensors(%x: tensor<4xf32>, %h: tensor<4xf16>) -> (tensor<4xf32>, tensor<4xf16>) {
  %0 = math.exp %x : tensor<4xf32>
  %1 = math.tanh %h : tensor<4xf16>
  return %0, %1 : tensor<4xf32>, tensor<4xf16>
}
