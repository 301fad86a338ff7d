// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// CHECK-LABEL: func.func @ops
func.func @ops(%t: tensor<?x4xf32>, %i: index, %v: f32, %u: tensor<2x4xf32>) -> (tensor<?x4xf32>, f32, index) {
  %c0 = arith.constant 0 : index
  // CHECK: %dim = tensor.dim %arg0, %c0 : tensor<?x4xf32>
  %d = tensor.dim %t, %c0 : tensor<?x4xf32>
  // CHECK: %0 = tensor.empty(%dim) : tensor<?x4xf32>
  %e = tensor.empty(%d) : tensor<?x4xf32>
  // CHECK: %extracted = tensor.extract %arg0[%arg1, %c0] : tensor<?x4xf32>
  %x = tensor.extract %t[%i, %c0] : tensor<?x4xf32>
  // CHECK: %inserted = tensor.insert %arg2 into %0[%arg1, %c0] : tensor<?x4xf32>
  %ins = tensor.insert %v into %e[%i, %c0] : tensor<?x4xf32>
  // CHECK: %cast = tensor.cast %arg3 : tensor<2x4xf32> to tensor<?x4xf32>
  %cast = tensor.cast %u : tensor<2x4xf32> to tensor<?x4xf32>
  // CHECK: %from_elements = tensor.from_elements %arg2, %arg2 : tensor<2xf32>
  %fe = tensor.from_elements %v, %v : tensor<2xf32>
  // CHECK: %splat = tensor.splat %arg2[%dim] : tensor<?x4xf32>
  %sp = tensor.splat %v[%d] : tensor<?x4xf32>
  // CHECK: %generated = tensor.generate %dim {
  // CHECK-NEXT: ^bb0(%arg4: index, %arg5: index):
  // CHECK-NEXT:   tensor.yield %arg2 : f32
  // CHECK-NEXT: } : tensor<?x4xf32>
  %g = tensor.generate %d {
  ^bb0(%a: index, %b: index):
    tensor.yield %v : f32
  } : tensor<?x4xf32>
  // CHECK: %rank = tensor.rank %arg0 : tensor<?x4xf32>
  %r = tensor.rank %t : tensor<?x4xf32>
  return %ins, %x, %r : tensor<?x4xf32>, f32, index
}

// CHECK-LABEL: func.func @reshapes
func.func @reshapes(%t: tensor<?x4xf32>, %d: index) -> tensor<?x4xf32> {
  // CHECK: %collapsed = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<?x4xf32> into tensor<?xf32>
  %c = tensor.collapse_shape %t [[0, 1]] : tensor<?x4xf32> into tensor<?xf32>
  // CHECK: %expanded = tensor.expand_shape %collapsed {{\[\[}}0, 1]] output_shape [%arg1, 4] : tensor<?xf32> into tensor<?x4xf32>
  %e = tensor.expand_shape %c [[0, 1]] output_shape [%d, 4] : tensor<?xf32> into tensor<?x4xf32>
  return %e : tensor<?x4xf32>
}

// CHECK-LABEL: func.func @pad
func.func @pad(%t: tensor<?x4xf32>, %i: index, %v: f32) -> tensor<?x6xf32> {
  // CHECK: %padded = tensor.pad %arg0 low[1, 0] high[%arg1, 2] {
  // CHECK-NEXT: ^bb0(%arg3: index, %arg4: index):
  // CHECK-NEXT:   tensor.yield %arg2 : f32
  // CHECK-NEXT: } : tensor<?x4xf32> to tensor<?x6xf32>
  %p = tensor.pad %t low[1, 0] high[%i, 2] {
  ^bb0(%a: index, %b: index):
    tensor.yield %v : f32
  } : tensor<?x4xf32> to tensor<?x6xf32>
  return %p : tensor<?x6xf32>
}
