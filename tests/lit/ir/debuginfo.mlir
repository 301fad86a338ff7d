// RUN: mlc-opt %s --mlir-print-debuginfo | filecheck %s
// RUN: mlc-opt %s --mlir-print-debuginfo --mlir-print-local-scope | filecheck %s --check-prefix=LOCAL

// Block argument locations print inline and as aliases at the top; op locations are
// aliases defined after the module, numbered in visiting order (an op before its body),
// nested locations first (MLIR sorts aliases by depth).
// CHECK: #loc2 = loc("{{.*}}debuginfo.mlir":10:14)
// CHECK-LABEL: module {
// CHECK: func.func @f(%arg0: i32 loc("{{.*}}debuginfo.mlir":10:14)) -> i32 {
func.func @f(%a: i32) -> i32 {
  // CHECK: %0 = arith.addi %arg0, %arg0 : i32 loc(#loc6)
  %0 = arith.addi %a, %a : i32 loc("named"("file.py":7:3))
  // CHECK: return %0 : i32 loc(#loc7)
  return %0 : i32 loc(callsite("callee" at "caller.py":1:2))
// CHECK: } loc(#loc1)
}
// CHECK: } loc(#loc)
// CHECK: #loc = loc("{{.*}}debuginfo.mlir":0:0)
// CHECK: #loc1 = loc("{{.*}}debuginfo.mlir":10:1)
// CHECK: #loc3 = loc("file.py":7:3)
// CHECK: #loc4 = loc("callee")
// CHECK: #loc5 = loc("caller.py":1:2)
// CHECK: #loc6 = loc("named"(#loc3))
// CHECK: #loc7 = loc(callsite(#loc4 at #loc5))
// LOCAL: %0 = arith.addi %arg0, %arg0 : i32 loc("named"("file.py":7:3))
