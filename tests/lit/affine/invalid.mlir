// RUN: mlc-opt %s --split-input-file --verify-diagnostics

func.func @apply_two_results(%a: index) -> index {
  // expected-error @+1 {{'affine.apply' op mapping must produce one value}}
  %0 = "affine.apply"(%a) <{map = affine_map<(d0) -> (d0, d0)>}> : (index) -> index
  return %0 : index
}

// -----

func.func @min_operand_count(%a: index) -> index {
  // expected-error @+1 {{'affine.min' op operand count and affine map dimension and symbol count must match}}
  %0 = "affine.min"(%a) <{map = affine_map<(d0, d1) -> (d0, d1)>}> : (index) -> index
  return %0 : index
}

// -----

func.func @apply_symbol_count(%a: index) -> index {
  // expected-error @+1 {{dimension or symbol index mismatch}}
  %0 = affine.apply affine_map<(d0) -> (d0)>()[%a]
  return %0 : index
}
