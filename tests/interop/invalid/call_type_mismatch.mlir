// The call's operand types do not match the callee's signature.
func.func @g(%a: i32) {
  return
}
func.func @f(%x: f32) {
  call @g(%x) : (f32) -> ()
  return
}
