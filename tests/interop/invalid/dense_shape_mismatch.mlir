// Three elements for a tensor of two.
func.func @f() -> tensor<2xi32> {
  %0 = arith.constant dense<[1, 2, 3]> : tensor<2xi32>
  return %0 : tensor<2xi32>
}
