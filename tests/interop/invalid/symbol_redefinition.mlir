// @f is defined twice in one symbol table.
func.func @f() {
  return
}
func.func @f() {
  return
}
