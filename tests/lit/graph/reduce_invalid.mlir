// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reduce_sum' op axes 2 is out of range for rank 2}}
  %0 = graph.reduce_sum %x {axes = [2]} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reduce_max' op axes [1, -1] repeat an axis}}
  %0 = graph.reduce_max %x {axes = [1, -1]} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], i32>) {
  // expected-error@+1 {{'graph.reduce_mean' op operand must have a float element type, got '!graph.tensor<[2, 6], i32>'}}
  %0 = graph.reduce_mean %x : (!graph.tensor<[2, 6], i32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], i1>) {
  // expected-error@+1 {{'graph.reduce_sum' op operand must have a numeric (not boolean) element type, got '!graph.tensor<[2, 6], i1>'}}
  %0 = graph.reduce_sum %x : (!graph.tensor<[2, 6], i1>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reduce_sum' op result #0 has type '!graph.tensor<[2], f32>', but the operands give '!graph.tensor<[2, 1], f32>'}}
  %0 = graph.reduce_sum %x {axes = [1]} : (!graph.tensor<[2, 6], f32>) -> !graph.tensor<[2], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.argmax' op axis 2 is out of range for rank 2}}
  %0 = graph.argmax %x {axis = 2} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.argmin' op result #0 has type '!graph.tensor<[2, 1], f32>', but the operands give '!graph.tensor<[2, 1], i64>'}}
  %0 = graph.argmin %x {axis = 1} : (!graph.tensor<[2, 6], f32>) -> !graph.tensor<[2, 1], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reduce_sum' op attribute 'keepdims' failed to satisfy constraint: bool attribute}}
  %0 = graph.reduce_sum %x {keepdims = 1} : (!graph.tensor<[2, 6], f32>) -> !graph.tensor<[1, 1], f32>
  graph.return
}
