// Ten hex digits do not fit in an f32.
func.func @f() -> f32 {
  %0 = arith.constant 0x7FC0000000 : f32
  return %0 : f32
}
