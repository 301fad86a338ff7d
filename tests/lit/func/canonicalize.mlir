// RUN: mlc-opt %s --canonicalize | filecheck %s

func.func private @callee(i32) -> i32

// An indirect call of a known function is a direct call.
// CHECK-LABEL: func.func @known_callee
// CHECK-NEXT:    %0 = call @callee(%arg0) : (i32) -> i32
// CHECK-NEXT:    return %0 : i32
func.func @known_callee(%a: i32) -> i32 {
  %f = func.constant @callee : (i32) -> i32
  %r = func.call_indirect %f(%a) : (i32) -> i32
  return %r : i32
}

// An unknown callee stays indirect.
// CHECK-LABEL: func.func @unknown_callee
// CHECK-NEXT:    %0 = call_indirect %arg0(%arg1) : (i32) -> i32
func.func @unknown_callee(%f: (i32) -> i32, %a: i32) -> i32 {
  %r = func.call_indirect %f(%a) : (i32) -> i32
  return %r : i32
}
