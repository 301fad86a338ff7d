// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

// Matmul: the contracted dims must agree, naming both shapes.
graph.func @f(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[4, 5], f32>) {
  // expected-error@+1 {{'graph.matmul' op contracted dims differ: 3 of '!graph.tensor<[2, 3], f32>' and 4 of '!graph.tensor<[4, 5], f32>'}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[4, 5], f32>)
  graph.return
}

// -----

// ... and 1-D operands too.
graph.func @f(%a: !graph.tensor<[3], f32>, %b: !graph.tensor<[2, 4, 5], f32>) {
  // expected-error@+1 {{'graph.matmul' op contracted dims differ: 3 of '!graph.tensor<[3], f32>' and 4 of '!graph.tensor<[2, 4, 5], f32>'}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[3], f32>, !graph.tensor<[2, 4, 5], f32>)
  graph.return
}

// -----

// Batch dims broadcast.
graph.func @f(%a: !graph.tensor<[2, 2, 3], f32>, %b: !graph.tensor<[4, 3, 5], f32>) {
  // expected-error@+1 {{'graph.matmul' op the batch dims of '!graph.tensor<[2, 2, 3], f32>' and '!graph.tensor<[4, 3, 5], f32>' do not broadcast}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[2, 2, 3], f32>, !graph.tensor<[4, 3, 5], f32>)
  graph.return
}

// -----

// Scalars cannot be multiplied as matrices.
graph.func @f(%a: !graph.tensor<[], f32>, %b: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.matmul' op operands must have rank 1 or more, got '!graph.tensor<[], f32>' and '!graph.tensor<[3], f32>'}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Booleans are not numbers here.
graph.func @f(%a: !graph.tensor<[2, 3], i1>, %b: !graph.tensor<[3, 2], i1>) {
  // expected-error@+1 {{'graph.matmul' op lhs must have a numeric (not boolean) element type, got '!graph.tensor<[2, 3], i1>'}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[2, 3], i1>, !graph.tensor<[3, 2], i1>)
  graph.return
}

// -----

// The element types agree.
graph.func @f(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[3, 2], f16>) {
  // expected-error@+1 {{'graph.matmul' op rhs '!graph.tensor<[3, 2], f16>' must have the element type of lhs '!graph.tensor<[2, 3], f32>'}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 2], f16>)
  graph.return
}

// -----

// A declared result contradicting inference names both types.
graph.func @f(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[3, 4], f32>) {
  // expected-error@+1 {{'graph.matmul' op result #0 has type '!graph.tensor<[2, 5], f32>', but the operands give '!graph.tensor<[2, 4], f32>'}}
  %0 = graph.matmul %a, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 4], f32>) -> !graph.tensor<[2, 5], f32>
  graph.return
}

// -----

// Gemm: A and B are matrices.
graph.func @f(%a: !graph.tensor<[2, 2, 3], f32>, %b: !graph.tensor<[3, 4], f32>, %c: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.gemm' op A and B must be 2-D, got '!graph.tensor<[2, 2, 3], f32>' and '!graph.tensor<[3, 4], f32>'}}
  %0 = graph.gemm %a, %b, %c : (!graph.tensor<[2, 2, 3], f32>, !graph.tensor<[3, 4], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// -----

// Gemm: transB changes which dim is contracted.
graph.func @f(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[3, 4], f32>, %c: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.gemm' op contracted dims differ: 3 of '!graph.tensor<[2, 3], f32>' and 4 of '!graph.tensor<[3, 4], f32>'}}
  %0 = graph.gemm %a, %b, %c {transB = true} : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 4], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// -----

// Gemm: C broadcasts to [M, N] one way.
graph.func @f(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[3, 4], f32>, %c: !graph.tensor<[3, 4], f32>) {
  // expected-error@+1 {{'graph.gemm' op C '!graph.tensor<[3, 4], f32>' does not broadcast to [2, 4], the [M, N] of the output}}
  %0 = graph.gemm %a, %b, %c : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 4], f32>, !graph.tensor<[3, 4], f32>)
  graph.return
}

// -----

// Gemm: transA is a boolean.
graph.func @f(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[3, 4], f32>, %c: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.gemm' op attribute 'transA' failed to satisfy constraint: bool attribute}}
  %0 = graph.gemm %a, %b, %c {transA = 1 : i64} : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 4], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// -----

// Linear: weight [out, in].
graph.func @f(%x: !graph.tensor<[2, 3], f32>, %w: !graph.tensor<[3, 4], f32>, %b: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.linear' op contracted dims differ: 3 of '!graph.tensor<[2, 3], f32>' and 4 of '!graph.tensor<[3, 4], f32>'}}
  %0 = graph.linear %x, %w, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 4], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Linear: bias [out].
graph.func @f(%x: !graph.tensor<[2, 3], f32>, %w: !graph.tensor<[4, 3], f32>, %b: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.linear' op bias '!graph.tensor<[3], f32>' does not match the 4 outputs of '!graph.tensor<[4, 3], f32>'}}
  %0 = graph.linear %x, %w, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[4, 3], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Linear: ranks.
graph.func @f(%x: !graph.tensor<[2, 3], f32>, %w: !graph.tensor<[4, 3], f32>, %b: !graph.tensor<[1, 4], f32>) {
  // expected-error@+1 {{'graph.linear' op expected input [..., in], weight [out, in] and bias [out], got '!graph.tensor<[2, 3], f32>', '!graph.tensor<[4, 3], f32>' and '!graph.tensor<[1, 4], f32>'}}
  %0 = graph.linear %x, %w, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[4, 3], f32>, !graph.tensor<[1, 4], f32>)
  graph.return
}

// -----

// Bias add: the bias has the size of the axis.
graph.func @f(%x: !graph.tensor<[2, 3, 4], f32>, %b: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.bias_add' op bias '!graph.tensor<[4], f32>' must be [3], the dim 1 of '!graph.tensor<[2, 3, 4], f32>'}}
  %0 = graph.bias_add %x, %b : (!graph.tensor<[2, 3, 4], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// -----

// Softmax: the axis is in range.
graph.func @f(%x: !graph.tensor<[2, 3], f32>) {
  // expected-error@+1 {{'graph.softmax' op axis 2 is out of range for rank 2}}
  %0 = graph.softmax %x {axis = 2 : i64} : (!graph.tensor<[2, 3], f32>)
  graph.return
}

// -----

// Softmax is on floats.
graph.func @f(%x: !graph.tensor<[2, 3], i32>) {
  // expected-error@+1 {{'graph.log_softmax' op input must have a float element type, got '!graph.tensor<[2, 3], i32>'}}
  %0 = graph.log_softmax %x : (!graph.tensor<[2, 3], i32>)
  graph.return
}

// -----

// Layer norm: scale broadcasts to the normalized dims.
graph.func @f(%x: !graph.tensor<[2, 3, 4], f32>, %s: !graph.tensor<[3], f32>, %b: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.layer_norm' op scale '!graph.tensor<[3], f32>' does not broadcast to [4], the dims from axis 2 of '!graph.tensor<[2, 3, 4], f32>'}}
  %0 = graph.layer_norm %x, %s, %b : (!graph.tensor<[2, 3, 4], f32>, !graph.tensor<[3], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// -----

// ... which start at axis.
graph.func @f(%x: !graph.tensor<[2, 3, 4], f32>, %s: !graph.tensor<[2, 3, 4], f32>, %b: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.layer_norm' op scale '!graph.tensor<[2, 3, 4], f32>' does not broadcast to [3, 4], the dims from axis 1 of '!graph.tensor<[2, 3, 4], f32>'}}
  %0 = graph.layer_norm %x, %s, %b {axis = 1 : i64} : (!graph.tensor<[2, 3, 4], f32>, !graph.tensor<[2, 3, 4], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// -----

// Batch norm: the vectors have the channel count.
graph.func @f(%x: !graph.tensor<[2, 3, 4, 4], f32>, %v: !graph.tensor<[3], f32>, %m: !graph.tensor<[4], f32>) {
  // expected-error@+1 {{'graph.batch_norm' op mean '!graph.tensor<[4], f32>' must be [3], the dim 1 of '!graph.tensor<[2, 3, 4, 4], f32>'}}
  %0 = graph.batch_norm %x, %v, %v, %m, %v : (!graph.tensor<[2, 3, 4, 4], f32>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>, !graph.tensor<[4], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Batch norm: one element type.
graph.func @f(%x: !graph.tensor<[2, 3], f16>, %v: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.batch_norm' op scale '!graph.tensor<[3], f32>' must have the element type of input '!graph.tensor<[2, 3], f16>'}}
  %0 = graph.batch_norm %x, %v, %v, %v, %v : (!graph.tensor<[2, 3], f16>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Instance norm: [N, C, spatial...].
graph.func @f(%x: !graph.tensor<[2, 3], f32>, %v: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.instance_norm' op input must be [N, C, spatial...] (rank 3 or more), got '!graph.tensor<[2, 3], f32>'}}
  %0 = graph.instance_norm %x, %v, %v : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Group norm: num_groups divides the channels.
graph.func @f(%x: !graph.tensor<[2, 6, 5], f32>, %v: !graph.tensor<[6], f32>) {
  // expected-error@+1 {{'graph.group_norm' op num_groups 4 does not divide the 6 channels of '!graph.tensor<[2, 6, 5], f32>'}}
  %0 = graph.group_norm %x, %v, %v {num_groups = 4 : i64} : (!graph.tensor<[2, 6, 5], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>)
  graph.return
}

// -----

// Group norm: scale and bias are per channel (ONNX-21).
graph.func @f(%x: !graph.tensor<[2, 6, 5], f32>, %v: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.group_norm' op scale '!graph.tensor<[3], f32>' must be [6], the dim 1 of '!graph.tensor<[2, 6, 5], f32>'}}
  %0 = graph.group_norm %x, %v, %v {num_groups = 3 : i64} : (!graph.tensor<[2, 6, 5], f32>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

// Group norm needs num_groups.
graph.func @f(%x: !graph.tensor<[2, 6, 5], f32>, %v: !graph.tensor<[6], f32>) {
  // expected-error@+1 {{'graph.group_norm' op requires the 'num_groups' attribute}}
  %0 = graph.group_norm %x, %v, %v : (!graph.tensor<[2, 6, 5], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>)
  graph.return
}
