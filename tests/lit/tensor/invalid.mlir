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

// -----

func.func @f(%t: tensor<?x4xf32>, %i: index) -> tensor<3xf32> {
  // expected-error@+1 {{expected type to be 'tensor<1x2xf32>' or a rank-reduced version. (size mismatch)}}
  %s = tensor.extract_slice %t[%i, 0] [1, 2] [1, 2] : tensor<?x4xf32> to tensor<3xf32>
  return %s : tensor<3xf32>
}

// -----

func.func @f(%t: tensor<?x4xf32>, %i: index) -> tensor<1x1x2xf32> {
  // expected-error@+1 {{expected rank to be smaller or equal to the other rank.}}
  %s = tensor.extract_slice %t[%i, 0] [1, 2] [1, 2] : tensor<?x4xf32> to tensor<1x1x2xf32>
  return %s : tensor<1x1x2xf32>
}

// -----

func.func @f(%t: tensor<?x4xf32>, %u: tensor<3x4xf32>, %i: index) -> tensor<?x4xf32> {
  // expected-error@+1 {{expected type to be 'tensor<2x4xf32>' or a rank-reduced version. (size mismatch)}}
  %r = tensor.insert_slice %u into %t[%i, 0] [2, 4] [1, 1] : tensor<3x4xf32> into tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

func.func @f(%t: tensor<2x4xf32>) -> tensor<6xf32> {
  // expected-error@+1 {{'tensor.collapse_shape' op expected dimension 0 of collapsed type to be static value of 8}}
  %c = tensor.collapse_shape %t [[0, 1]] : tensor<2x4xf32> into tensor<6xf32>
  return %c : tensor<6xf32>
}

// -----

func.func @f(%t: tensor<?x4xf32>) -> tensor<8xf32> {
  // expected-error@+1 {{'tensor.collapse_shape' op expected dimension 0 of collapsed type to be dynamic since one or more of the corresponding dimensions in the expanded type is dynamic}}
  %c = tensor.collapse_shape %t [[0, 1]] : tensor<?x4xf32> into tensor<8xf32>
  return %c : tensor<8xf32>
}

// -----

func.func @f(%t: tensor<?x4xf32>, %i: index, %v: f32) -> tensor<?x7xf32> {
  // expected-error@+1 {{specified type 'tensor<?x7xf32>' does not match the inferred type 'tensor<?x6xf32>'}}
  %p = tensor.pad %t low[1, 0] high[%i, 2] {
  ^bb0(%a: index, %b: index):
    tensor.yield %v : f32
  } : tensor<?x4xf32> to tensor<?x7xf32>
  return %p : tensor<?x7xf32>
}
