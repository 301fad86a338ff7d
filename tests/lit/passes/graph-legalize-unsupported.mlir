// REQUIRES: mlc
// RUN: mlc-opt %s -p 'graph-legalize{fail-on-unsupported=true}' --split-input-file --verify-diagnostics

graph.func @log_softmax_not_yet(%x: !graph.tensor<[2, 3], f32>) -> !graph.tensor<[2, 3], f32> {
  %0 = graph.exp %x : (!graph.tensor<[2, 3], f32>)
  // expected-error@+1 {{'graph.log_softmax' op has no legalization to the tensor level yet}}
  %1 = graph.log_softmax %0 : (!graph.tensor<[2, 3], f32>)
  graph.return %1 : !graph.tensor<[2, 3], f32>
}

// -----

// Two unknown dims broadcast as only the run-time sizes decide: not lowered.
graph.func @runtime_broadcast(%x: !graph.tensor<[?], f32>, %y: !graph.tensor<[?], f32>) -> !graph.tensor<[?], f32> {
  // expected-error@+1 {{'graph.add' op is not legalized for these operand types and attributes}}
  %0 = graph.add %x, %y : (!graph.tensor<[?], f32>, !graph.tensor<[?], f32>)
  graph.return %0 : !graph.tensor<[?], f32>
}
