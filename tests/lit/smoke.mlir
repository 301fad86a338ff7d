// RUN: mlc-opt %s | filecheck %s
// CHECK-LABEL: func.func @f
func.func @f(%arg0: i32) -> i32 {
  // CHECK: arith.addi %arg0, %arg0 : i32
  %0 = arith.addi %arg0, %arg0 : i32
  return %0 : i32
}
