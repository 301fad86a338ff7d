// %1 is used before it is defined.
func.func @f(%a: i32) -> i32 {
  %0 = arith.addi %1, %a : i32
  %1 = arith.muli %a, %a : i32
  return %0 : i32
}
