// arith.addi's result type must equal its operand types.
func.func @f(%a: i32, %b: i32) -> i64 {
  %0 = "arith.addi"(%a, %b) : (i32, i32) -> i64
  return %0 : i64
}
