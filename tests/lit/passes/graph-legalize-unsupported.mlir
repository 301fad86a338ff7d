// REQUIRES: mlc
// RUN: mlc-opt %s -p 'graph-legalize{fail-on-unsupported=true}' --split-input-file --verify-diagnostics

// A grouped convolution whose weight has a dynamic output-channel dim: the group each
// output channel reads is not an affine map of the loops.
graph.func @grouped(%x: !graph.tensor<[1, ?, 5, 5], f32>, %w: !graph.tensor<[?, 2, 3, 3], f32>) -> !graph.tensor<[1, ?, 3, 3], f32> {
  // expected-error@+1 {{'graph.conv' op is not legalized for these operand types and attributes}}
  %0 = graph.conv %x, %w {group = 2 : i64} : (!graph.tensor<[1, ?, 5, 5], f32>, !graph.tensor<[?, 2, 3, 3], f32>)
  graph.return %0 : !graph.tensor<[1, ?, 3, 3], f32>
}

// -----

// Two unknown dims broadcast as only the run-time sizes decide: not lowered.
graph.func @runtime_broadcast(%x: !graph.tensor<[?], f32>, %y: !graph.tensor<[?], f32>) -> !graph.tensor<[?], f32> {
  // expected-error@+1 {{'graph.add' op is not legalized for these operand types and attributes}}
  %0 = graph.add %x, %y : (!graph.tensor<[?], f32>, !graph.tensor<[?], f32>)
  graph.return %0 : !graph.tensor<[?], f32>
}
