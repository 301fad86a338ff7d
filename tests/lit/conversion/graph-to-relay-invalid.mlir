// RUN: mlc-opt %s --convert-graph-to-relay --split-input-file --verify-diagnostics
// REQUIRES: mlc

// Full conversion stops at the first graph op without a relay counterpart.
graph.func @gelu<n>(%x: !graph.tensor<[n], f32>) -> !graph.tensor<[n], f32> {
  %0 = graph.exp %x : (!graph.tensor<[n], f32>)
  // expected-error @+2 {{failed to legalize operation 'graph.gelu' that was explicitly marked illegal}}
  // expected-note @+1 {{not converted: it has no counterpart; with 'partial=true' it stays, bridged by casts}}
  %1 = graph.gelu %0 : (!graph.tensor<[n], f32>)
  graph.return %1 : !graph.tensor<[n], f32>
}

// -----

// graph.round rounds half to even; relay.round half away from zero.
graph.func @round(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  // expected-error @+2 {{failed to legalize operation 'graph.round'}}
  // expected-note @+1 {{not converted}}
  %0 = graph.round %x : (!graph.tensor<[4], f32>)
  graph.return %0 : !graph.tensor<[4], f32>
}

// -----

graph.func @symbolic_reshape<b, s>(%x: !graph.tensor<[b, s, 4], f32>) -> !graph.tensor<[b, s*4], f32> {
  // expected-error @+2 {{failed to legalize operation 'graph.reshape'}}
  // expected-note @+1 {{not converted: a symbolic reshape target has no Relay spelling}}
  %0 = graph.reshape %x {shape = [0, "s*4"]} : (!graph.tensor<[b, s, 4], f32>)
  graph.return %0 : !graph.tensor<[b, s*4], f32>
}

// -----

graph.func @conv1d(%x: !graph.tensor<[1, 2, 8], f32>, %w: !graph.tensor<[3, 2, 3], f32>) -> !graph.tensor<[1, 3, 6], f32> {
  // expected-error @+2 {{failed to legalize operation 'graph.conv'}}
  // expected-note @+1 {{not converted: relay has 2-D convolution and pooling only}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 2, 8], f32>, !graph.tensor<[3, 2, 3], f32>)
  graph.return %0 : !graph.tensor<[1, 3, 6], f32>
}
