// There is no f31 type.
func.func @f(%a: f31) {
  return
}
