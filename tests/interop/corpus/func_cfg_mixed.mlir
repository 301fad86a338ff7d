// ALLOW-UNREGISTERED
// Multi-block function bodies branching with unregistered terminators, unregistered ops
// with regions inside functions (SSA numbering restarts per isolated function, not per region),
// and builtin.unrealized_conversion_cast in both forms.
module {
  func.func @cfg(%arg0: i1, %arg1: i32) -> i32 {
    %c0 = arith.constant 0 : i32
    "foo.cond_br"(%arg0, %arg1, %c0)[^bb1, ^bb2] : (i1, i32, i32) -> ()
  ^bb1:
    %0 = arith.addi %arg1, %c0 : i32
    "foo.br"(%0)[^bb3] : (i32) -> ()
  ^bb2:
    "foo.br"(%c0)[^bb3] : (i32) -> ()
  ^bb3(%1: i32):
    %2 = "foo.region"(%1) ({
    ^bb0(%inner: i32):
      %3 = arith.muli %inner, %inner : i32
      "foo.yield"(%3) : (i32) -> ()
    }) : (i32) -> i32
    return %2 : i32
  }
  func.func @second(%x: i32) -> (f32, i64, f64) {
    %0 = builtin.unrealized_conversion_cast %x : i32 to f32
    %1:2 = builtin.unrealized_conversion_cast %x, %0 : i32, f32 to i64, f64
    %2 = "builtin.unrealized_conversion_cast"(%x) : (i32) -> i16
    %3 = builtin.unrealized_conversion_cast to i8 {foo.note}
    return %0, %1#0, %1#1 : f32, i64, f64
  }
}
