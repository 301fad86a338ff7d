// 256 does not fit in i8.
func.func @f() -> i8 {
  %0 = arith.constant 256 : i8
  return %0 : i8
}
