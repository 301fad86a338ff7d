// RUN: mlc-opt %s --canonicalize | filecheck %s
// REQUIRES: mlc

// Where mlc's arith canonicalization knowingly differs from mlir-opt 19.

// MLIR 19 folds these to `dense<...> : tensor<?xi32>`, an attribute of a dynamic shape that
// it cannot even parse back; mlc leaves the ops.
// CHECK-LABEL: func.func @dynamic_shapes(
// CHECK-SAME:    %[[X:[^:]+]]: tensor<?xi32>)
// CHECK:         %[[SUB:.*]] = arith.subi %[[X]], %[[X]] : tensor<?xi32>
// CHECK:         %[[XOR:.*]] = arith.xori %[[X]], %[[X]] : tensor<?xi32>
// CHECK:         %[[EQ:.*]] = arith.cmpi eq, %[[X]], %[[X]] : tensor<?xi32>
// CHECK:         return %[[SUB]], %[[XOR]], %[[EQ]]
func.func @dynamic_shapes(%x: tensor<?xi32>) -> (tensor<?xi32>, tensor<?xi32>, tensor<?xi1>) {
  %a = arith.subi %x, %x : tensor<?xi32>
  %b = arith.xori %x, %x : tensor<?xi32>
  %c = arith.cmpi eq, %x, %x : tensor<?xi32>
  return %a, %b, %c : tensor<?xi32>, tensor<?xi32>, tensor<?xi1>
}

// mlir-opt 19 crashes here (CmpFIntToFPConst reaches llvm_unreachable for the `false` and
// `true` predicates); mlc leaves the comparisons.
// CHECK-LABEL: func.func @always_false_and_true(
// CHECK:         %[[F:.*]] = arith.sitofp
// CHECK:         arith.cmpf false, %[[F]]
// CHECK:         arith.cmpf true, %[[F]]
func.func @always_false_and_true(%x: i32) -> (i1, i1) {
  %f = arith.sitofp %x : i32 to f32
  %c = arith.constant 4.5 : f32
  %a = arith.cmpf false, %f, %c : f32
  %b = arith.cmpf true, %f, %c : f32
  return %a, %b : i1, i1
}

// maxnumf and minnumf return the operand that is not NaN. MLIR 19 folds maxnumf constants
// with llvm::maximum, giving the NaN, and maxnumf(x, -inf) / minnumf(x, +inf) to x, which is
// wrong for a NaN x; later MLIR fixed both. mlc folds as the ops are defined.
// CHECK-LABEL: func.func @nan_aware_extrema(
// CHECK-SAME:    %[[X:[^:]+]]: f32)
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[MAX:.*]] = arith.maxnumf %[[X]], %[[NINF]] : f32
// CHECK:         return %[[ONE]], %[[MAX]]
func.func @nan_aware_extrema(%x: f32) -> (f32, f32) {
  %one = arith.constant 1.0 : f32
  %nan = arith.constant 0x7FC00001 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %a = arith.maxnumf %one, %nan : f32
  %b = arith.maxnumf %x, %ninf : f32
  return %a, %b : f32, f32
}

// MLIR 19 folds a round trip through a narrower type (index -> i32 -> index) to its input,
// which changes values that do not fit in i32; later MLIR checks the width, as mlc does.
// CHECK-LABEL: func.func @lossy_index_cast_round_trip(
// CHECK:         %[[NARROW:.*]] = arith.index_cast %{{.*}} : index to i32
// CHECK:         %[[BACK:.*]] = arith.index_cast %[[NARROW]] : i32 to index
// CHECK:         return %[[BACK]]
func.func @lossy_index_cast_round_trip(%x: index) -> index {
  %a = arith.index_cast %x : index to i32
  %b = arith.index_cast %a : i32 to index
  return %b : index
}
