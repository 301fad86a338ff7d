// RUN: mlc-opt %s --verify-diagnostics
// REQUIRES: mlc

// MLIR 19 accepts a min or max of no results (later MLIR rejects it, as mlc does): there is
// no smallest or largest of nothing to interpret or lower.

func.func @max_no_result(%a: index) -> index {
  // expected-error @+1 {{'affine.max' op affine map expect at least one result}}
  %0 = "affine.max"(%a) <{map = affine_map<(d0) -> ()>}> : (index) -> index
  return %0 : index
}
