// arith and func written in the generic form, with and without explicit properties.
"builtin.module"() ({
  "func.func"() <{function_type = (i32, f32) -> (i1, f32), sym_name = "generic"}> ({
  ^bb0(%arg0: i32, %arg1: f32):
    %0 = "arith.constant"() <{value = 3 : i32}> : () -> i32
    %1 = "arith.addi"(%arg0, %0) : (i32, i32) -> i32
    %2 = "arith.muli"(%1, %0) <{overflowFlags = #arith.overflow<nsw>}> : (i32, i32) -> i32
    %3 = "arith.cmpi"(%2, %0) <{predicate = 9 : i64}> : (i32, i32) -> i1
    %4 = "arith.addf"(%arg1, %arg1) <{fastmath = #arith.fastmath<fast>}> : (f32, f32) -> f32
    %5 = "arith.cmpf"(%4, %arg1) <{predicate = 1 : i64}> : (f32, f32) -> i1
    %6 = "arith.select"(%5, %4, %arg1) : (i1, f32, f32) -> f32
    %7 = "arith.andi"(%3, %5) : (i1, i1) -> i1
    "func.return"(%7, %6) : (i1, f32) -> ()
  }) : () -> ()
  "func.func"() <{function_type = () -> (), sym_name = "caller", sym_visibility = "private"}> ({
    %0 = "arith.constant"() <{value = 1 : i32}> : () -> i32
    %1 = "arith.constant"() <{value = 1.000000e+00 : f32}> : () -> f32
    %2:2 = "func.call"(%0, %1) <{callee = @generic}> : (i32, f32) -> (i1, f32)
    "func.return"() : () -> ()
  }) : () -> ()
}) : () -> ()
