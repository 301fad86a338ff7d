// !missing was never defined with `!missing = ...`.
func.func @f(%a: !missing) {
  return
}
