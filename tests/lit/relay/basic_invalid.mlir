// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

func.func @f(%x: tensor<?x784xf32>, %w: tensor<10x700xf32>) -> tensor<?x10xf32> {
  // expected-error@+1 {{'relay.nn.dense' op data (?, 784) and weight (10, 700) disagree on the input size}}
  %0 = relay.nn.dense %x, %w : (tensor<?x784xf32>, tensor<10x700xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relay.add' op incompatible broadcast shapes (2, 3) and (4)}}
  %0 = relay.add %x, %y : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relay.nn.bias_add' op bias (2) does not match axis 1 of data (2, 3)}}
  %0 = relay.nn.bias_add %x, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // expected-error@+1 {{'relay.nn.relu' op result #0 has type 'tensor<2x4xf32>', but the type relation gives 'tensor<2x3xf32>'}}
  %0 = relay.nn.relu %x : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x3xf16>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relay.multiply' op operands must have the same dtype, got 'f32' and 'f16'}}
  %0 = relay.multiply %x, %y : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %t = relay.tuple %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tuple<tensor<2x3xf32>, tensor<2x3xf32>>
  // expected-error@+1 {{'relay.tuple_get_item' op index 2 is out of range for 'tuple<tensor<2x3xf32>, tensor<2x3xf32>>'}}
  %0 = relay.tuple_get_item %t {index = 2 : i64} : (tuple<tensor<2x3xf32>, tensor<2x3xf32>>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error@+1 {{'relay.exp' op expects a float tensor, got 'tensor<2x3xi32>'}}
  %0 = relay.exp %x : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @f(%x: tensor<2x3xi32>) -> tensor<2x3xf32> {
  // expected-error@+1 {{'relay.cast' op attribute 'dtype' failed to satisfy constraint: Relay dtype string}}
  %0 = relay.cast %x {dtype = "float128"} : (tensor<2x3xi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
