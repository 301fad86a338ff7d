// REQUIRES: mlc
// RUN: mlc-opt %s -p 'graph-legalize{fail-on-unsupported=true}' --split-input-file --verify-diagnostics

// A power of unsigned elements has no kernel (math.ipowi computes on signed exponents).
graph.func @unsigned(%x: !graph.tensor<[2, 3], ui8>) -> !graph.tensor<[2, 3], ui8> {
  // expected-error@+1 {{'graph.pow' op is not legalized for these operand types and attributes}}
  %0 = graph.pow %x, %x : (!graph.tensor<[2, 3], ui8>, !graph.tensor<[2, 3], ui8>)
  graph.return %0 : !graph.tensor<[2, 3], ui8>
}

// -----

// Two unknown dims broadcast as only the run-time sizes decide: not lowered.
graph.func @runtime_broadcast(%x: !graph.tensor<[?], f32>, %y: !graph.tensor<[?], f32>) -> !graph.tensor<[?], f32> {
  // expected-error@+1 {{'graph.add' op is not legalized for these operand types and attributes}}
  %0 = graph.add %x, %y : (!graph.tensor<[?], f32>, !graph.tensor<[?], f32>)
  graph.return %0 : !graph.tensor<[?], f32>
}
