// RUN: mlc-opt %s --split-input-file --verify-diagnostics

func.func @f(%n: index) -> tensor<?x?xf32> {
  // expected-error@+1 {{'tensor.empty' op incorrect number of dynamic sizes, has 1, expected 2}}
  %0 = tensor.empty(%n) : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @f(%t: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error@+1 {{'tensor.cast' op operand type 'tensor<4xf32>' and result type 'tensor<5xf32>' are cast incompatible}}
  %0 = tensor.cast %t : tensor<4xf32> to tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @f(%t: tensor<4x4xf32>, %i: index) -> f32 {
  // expected-error@+1 {{'tensor.extract' op incorrect number of indices for extract_element}}
  %0 = tensor.extract %t[%i] : tensor<4x4xf32>
  return %0 : f32
}
