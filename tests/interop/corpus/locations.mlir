// Locations of every kind, on ops, block arguments and functions, and location aliases.
#caller = loc("caller.py":10:4)
#named = loc("named"(#caller))
module {
  func.func @located(%arg0: i32 loc("arg.py":1:1), %arg1: f32 loc(unknown)) -> i32 {
    %0 = arith.addi %arg0, %arg0 : i32 loc("add.py":2:3)
    %1 = arith.muli %0, %0 : i32 loc("mul")
    %2 = arith.subi %1, %0 : i32 loc(callsite("callee.py":5:6 at #caller))
    %3 = arith.xori %2, %0 : i32 loc(fused["a.py":1:2, "b"])
    %4 = arith.ori %3, %0 : i32 loc(fused<"metadata">["c.py":3:4])
    %5 = arith.andi %4, %0 : i32 loc(#named)
    %6 = arith.addi %5, %5 : i32 loc(unknown)
    %7 = arith.addi %6, %6 : i32 loc("nested"("inner"("file.py":9:9)))
    %8 = arith.addi %7, %7 : i32 loc(callsite(callsite("a":1:1 at "b":2:2) at "c":3:3))
    return %8 : i32 loc(#caller)
  } loc("func.py":1:0)
} loc("module.py":0:0)
