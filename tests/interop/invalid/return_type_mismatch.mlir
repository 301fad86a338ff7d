// The returned value's type differs from the declared result type.
func.func @f(%a: f32) -> i32 {
  return %a : f32
}
