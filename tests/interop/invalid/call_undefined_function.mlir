// @missing is not defined.
func.func @f() {
  call @missing() : () -> ()
  return
}
