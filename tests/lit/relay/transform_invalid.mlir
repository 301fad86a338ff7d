// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

func.func @f(%x: tensor<2x3x4xf32>) -> tensor<5x5xf32> {
  // expected-error@+1 {{'relay.reshape' op cannot reshape [2, 3, 4] (24 elements) to [5, 5] (25 elements)}}
  %0 = relay.reshape %x {newshape = [5, 5]} : (tensor<2x3x4xf32>) -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}

// -----

func.func @f(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error@+1 {{'relay.nn.conv2d' op data (1, 4, 8, 8) has 4 channels, but weight (8, 3, 3, 3) takes 3 per group x 1 groups}}
  %0 = relay.nn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @f(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error@+1 {{'relay.nn.conv2d' op padding takes 1, 2 or 4 numbers, got [1, 1, 1]}}
  %0 = relay.nn.conv2d %x, %w {padding = [1, 1, 1]} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error@+1 {{'relay.transpose' op axes [0, 0] are not a permutation of rank 2}}
  %0 = relay.transpose %x {axes = [0, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x4xf32>) -> tensor<4x3xf32> {
  %t = relay.tuple %x, %y : (tensor<2x3xf32>, tensor<2x4xf32>) -> tuple<tensor<2x3xf32>, tensor<2x4xf32>>
  // expected-error@+1 {{'relay.concatenate' op cannot concatenate (2, 3) and (2, 4) on axis 0}}
  %0 = relay.concatenate %t : (tuple<tensor<2x3xf32>, tensor<2x4xf32>>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @f(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // expected-error@+1 {{'relay.split' op cannot split axis 1 of (2, 5) into 2 equal sections}}
  %0 = relay.split %x {indices_or_sections = 2 : i64, axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relay.squeeze' op axis 1 of (2, 3) is not 1}}
  %0 = relay.squeeze %x {axis = [1]} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
