// func.func: visibility, argument/result attributes, function attributes, calls,
// call_indirect, func.constant, recursion, multiple results, quoted symbol names.
module @features attributes {foo.version = 3 : i64} {
  func.func private @decl(i32, tensor<?xf32>) -> (i32, tensor<?xf32>)
  func.func nested @nested_vis() {
    return
  }
  func.func public @with_attrs(%arg0: i32 {foo.arg = "first"}, %arg1: f32) -> (i32 {foo.res = 1 : i32}, f32) attributes {foo.inline, llvm.emit_c_interface} {
    return %arg0, %arg1 : i32, f32
  }
  func.func @"quoted name"(%x: i64) -> i64 {
    %0 = func.call @"quoted name"(%x) : (i64) -> i64
    return %0 : i64
  }
  func.func @indirect(%x: i32, %t: tensor<?xf32>) -> i32 {
    %f = func.constant @decl : (i32, tensor<?xf32>) -> (i32, tensor<?xf32>)
    %0:2 = func.call_indirect %f(%x, %t) : (i32, tensor<?xf32>) -> (i32, tensor<?xf32>)
    %g = constant @with_attrs : (i32, f32) -> (i32, f32)
    %c = arith.constant 1.0 : f32
    %1:2 = call_indirect %g(%0#0, %c) : (i32, f32) -> (i32, f32)
    %2, %3 = call @with_attrs(%1#0, %1#1) : (i32, f32) -> (i32, f32)
    return %2 : i32
  }
  func.func @multi() -> (i8, i16, i32) {
    %a = arith.constant 1 : i8
    %b = arith.constant 2 : i16
    %c = arith.constant 3 : i32
    func.return %a, %b, %c : i8, i16, i32
  }
  module @inner {
    func.func @in_inner() -> index {
      %c = arith.constant 7 : index
      return %c : index
    }
  }
}
