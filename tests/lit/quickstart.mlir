// The README's quickstart: this output is also mlir-opt 19's for the same pipeline.
// RUN: mlc-opt %S/../../examples/quickstart.mlir -p canonicalize,cse | filecheck %s
// REQUIRES: mlc

// CHECK-LABEL: func.func @simplify
// CHECK-NEXT:    %c42_i32 = arith.constant 42 : i32
// CHECK-NEXT:    %c1 = arith.constant 1 : index
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    %c7_i32 = arith.constant 7 : i32
// CHECK-NEXT:    %0 = arith.addi %arg0, %c7_i32 : i32
// CHECK-NEXT:    %1 = scf.for %arg2 = %c0 to %arg1 step %c1 iter_args(%arg3 = %0) -> (i32) {
// CHECK-NEXT:      %2 = arith.addi %arg3, %c42_i32 : i32
// CHECK-NEXT:      scf.yield %2 : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %1, %0 : i32, i32
