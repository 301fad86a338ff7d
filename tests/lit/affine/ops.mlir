// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// The affine ops print their map through an alias, dims in parentheses, symbols in brackets
// (left out when the map has none).

// CHECK-DAG: #[[APPLY:.*]] = affine_map<(d0)[s0] -> (d0 * 3 + s0 - 7)>
// CHECK-DAG: #[[DIMS:.*]] = affine_map<(d0) -> (d0 floordiv 4)>
// CHECK-DAG: #[[MIN:.*]] = affine_map<(d0)[s0] -> (d0, s0, 10)>
// CHECK-DAG: #[[MAX:.*]] = affine_map<(d0, d1) -> (d0 + d1, d0 - d1)>
// CHECK-DAG: #[[SYM:.*]] = affine_map<()[s0] -> (s0 * 16 + 2)>

// CHECK-LABEL: func.func @ops(
// CHECK-SAME:      %[[A:.*]]: index, %[[B:.*]]: index)
// CHECK:         affine.apply #[[APPLY]](%[[A]])[%[[B]]]
// CHECK:         affine.apply #[[DIMS]](%[[A]])
// CHECK:         affine.apply #[[SYM]]()[%[[B]]]
// CHECK:         affine.min #[[MIN]](%[[A]])[%[[B]]]
// CHECK:         affine.max #[[MAX]](%[[A]], %[[B]])
func.func @ops(%a: index, %b: index) -> (index, index, index, index, index) {
  %0 = affine.apply affine_map<(d0)[s0] -> (d0 * 3 + s0 - 7)>(%a)[%b]
  %1 = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%a)
  %2 = affine.apply affine_map<()[s0] -> (s0 * 16 + 2)>()[%b]
  %3 = affine.min affine_map<(d0)[s0] -> (d0, s0, 10)>(%a)[%b]
  %4 = affine.max affine_map<(d0, d1) -> (d0 + d1, d0 - d1)>(%a, %b)
  return %0, %1, %2, %3, %4 : index, index, index, index, index
}
