// arith has no op named frobnicate.
func.func @f(%a: i32) -> i32 {
  %0 = arith.frobnicate %a, %a : i32
  return %0 : i32
}
