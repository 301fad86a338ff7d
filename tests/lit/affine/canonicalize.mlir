// RUN: mlc-opt %s --canonicalize --split-input-file | filecheck %s

// An apply of an apply composes into one map over the original operands; constants fold into
// the map; dims that are valid symbols become symbols.

// CHECK-DAG: #[[COMPOSED:.*]] = affine_map<()[s0, s1] -> (s0 + s1 * 16 + 18)>
// CHECK-DAG: #[[PLUS8:.*]] = affine_map<()[s0] -> (s0 + 8)>
// CHECK-LABEL: func.func @compose(
// CHECK-SAME:      %[[A:.*]]: index, %[[B:.*]]: index)
// CHECK-NEXT:    %[[X:.*]] = affine.apply #[[COMPOSED]]()[%[[B]], %[[A]]]
// CHECK-NEXT:    %[[Y:.*]] = affine.apply #[[PLUS8]]()[%[[A]]]
// CHECK-NEXT:    return %[[X]], %[[Y]]
func.func @compose(%a: index, %b: index) -> (index, index) {
  %c4 = arith.constant 4 : index
  %0 = affine.apply affine_map<()[s0] -> (s0 * 16 + 2)>()[%a]
  %1 = affine.apply affine_map<()[s0, s1] -> (s0 + s1 + 16)>()[%0, %b]
  %2 = affine.apply affine_map<(d0, d1) -> (d0 + d1 * 2)>(%a, %c4)
  return %1, %2 : index, index
}

// -----

// A min or max of one result is an apply; repeated results go; results are ordered by their
// flattened forms; all-constant operands fold.

// CHECK-DAG: #[[PLUS1:.*]] = affine_map<()[s0] -> (s0 + 1)>
// CHECK-DAG: #[[TWO:.*]] = affine_map<()[s0, s1] -> (s1, s0)>
// CHECK-DAG: #[[DEDUP:.*]] = affine_map<()[s0] -> (4, s0)>
// CHECK-LABEL: func.func @min_max(
// CHECK-SAME:      %[[A:.*]]: index, %[[B:.*]]: index)
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[ONE:.*]] = affine.apply #[[PLUS1]]()[%[[A]]]
// CHECK-DAG:     %[[MIN:.*]] = affine.min #[[TWO]]()[%[[A]], %[[B]]]
// CHECK-DAG:     %[[MAX:.*]] = affine.max #[[DEDUP]]()[%[[A]]]
// CHECK:         return %[[ONE]], %[[MIN]], %[[MAX]], %[[C3]]
func.func @min_max(%a: index, %b: index) -> (index, index, index, index) {
  %c5 = arith.constant 5 : index
  %0 = affine.min affine_map<()[s0] -> (s0 + 1)>()[%a]
  %1 = affine.min affine_map<()[s0, s1] -> (s0, s1)>()[%a, %b]
  %2 = affine.max affine_map<()[s0] -> (s0, s0, 4)>()[%a]
  %3 = affine.min affine_map<()[s0] -> (s0, 3)>()[%c5]
  return %0, %1, %2, %3 : index, index, index, index
}
