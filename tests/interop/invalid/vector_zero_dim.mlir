// Vector dimensions must be positive.
func.func @f(%v: vector<0xf32>) {
  return
}
