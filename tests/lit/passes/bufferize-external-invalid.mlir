// REQUIRES: mlc
// RUN: mlc-opt %s -p bufferize --split-input-file --verify-diagnostics

// A func.call of an external function over tensors passes no destinations: there is no
// buffer for the function to write its result into.
func.func private @opaque(tensor<4xf32>) -> tensor<4xf32>
graph.func @main(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  %0 = graph.call_dps @kernel(%x) : (!graph.tensor<[4], f32>) -> !graph.tensor<[4], f32>
  graph.return %0 : !graph.tensor<[4], f32>
}
func.func private @kernel(%x: tensor<4xf32>, %out: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'func.call' op cannot be bufferized: @opaque is an external function over tensors; only graph.call_dps calls one (it passes the destinations the function writes)}}
  %0 = func.call @opaque(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
