// %a is an i32 but is used as an i64.
func.func @f(%a: i32) -> i64 {
  %0 = arith.addi %a, %a : i64
  return %0 : i64
}
