// Unregistered ops need --allow-unregistered-dialect.
func.func @f() {
  "foo.op"() : () -> ()
  return
}
