// arith.cmpi compares integers, not floats.
func.func @f(%a: f32, %b: f32) -> i1 {
  %0 = arith.cmpi eq, %a, %b : f32
  return %0 : i1
}
