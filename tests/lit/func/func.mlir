// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func private @decl(i32, f32 {test.attr}) -> (i32 {test.res})
func.func private @decl(i32, f32 {test.attr}) -> (i32 {test.res})

// CHECK-LABEL: func.func @callee(%arg0: i32) -> (i32, i32)
func.func @callee(%x: i32) -> (i32, i32) {
  return %x, %x : i32, i32
}

// CHECK-LABEL: func.func public @caller(%arg0: i32) -> i32 attributes {test.flag}
func.func public @caller(%x: i32) -> i32 attributes {test.flag} {
  // CHECK: %0:2 = call @callee(%arg0) : (i32) -> (i32, i32)
  %r:2 = func.call @callee(%x) : (i32) -> (i32, i32)
  // CHECK: %f = constant @callee : (i32) -> (i32, i32)
  %f = func.constant @callee : (i32) -> (i32, i32)
  // CHECK: %1:2 = call_indirect %f(%0#1) : (i32) -> (i32, i32)
  %s:2 = func.call_indirect %f(%r#1) : (i32) -> (i32, i32)
  // CHECK: return %1#0 : i32
  return %s#0 : i32
}
// GENERIC: "func.func"() <{function_type = (i32) -> i32, sym_name = "caller", sym_visibility = "public"}> ({
// GENERIC-NEXT: ^bb0(%arg0: i32):
// GENERIC-NEXT: %0:2 = "func.call"(%arg0) <{callee = @callee}> : (i32) -> (i32, i32)
// GENERIC: "func.return"(%2#0) : (i32) -> ()
// GENERIC-NEXT: }) {test.flag} : () -> ()

// CHECK-LABEL: func.func @no_results()
// CHECK-NEXT: return
// CHECK-NEXT: }
func.func @no_results() {
  return
}
