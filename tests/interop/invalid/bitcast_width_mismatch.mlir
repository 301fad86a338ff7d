// arith.bitcast needs equal bit widths.
func.func @f(%a: i32) -> f64 {
  %0 = arith.bitcast %a : i32 to f64
  return %0 : f64
}
