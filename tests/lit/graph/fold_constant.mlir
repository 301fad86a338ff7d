// REQUIRES: mlc
// RUN: mlc-opt %s -p graph-fold-constant | filecheck %s
// RUN: mlc-opt %s -p canonicalize | filecheck %s --check-prefix=CANON

// A constant subgraph folds to one constant, computed by the ops' interpreter rules.
// CHECK-LABEL: graph.func @subgraph
graph.func @subgraph(%x: !graph.tensor<[2], f32>) -> !graph.tensor<[2], f32> {
  // CHECK-NEXT: %[[C:.*]] = constant dense<[2.000000e+00, 5.000000e+00]> : tensor<2xf32>
  // CHECK-NEXT: %[[R:.*]] = add %arg0, %[[C]]
  // CHECK-NEXT: return %[[R]]
  %a = graph.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %b = graph.constant dense<1.0> : tensor<f32>
  %c = graph.add %a, %b : (!graph.tensor<[2], f32>, !graph.tensor<[], f32>)
  %d = graph.relu %c : (!graph.tensor<[2], f32>)
  %e = graph.add %x, %d : (!graph.tensor<[2], f32>, !graph.tensor<[2], f32>)
  graph.return %e : !graph.tensor<[2], f32>
}

// Integer division by zero is not folded: it stays to fail when run.
// CHECK-LABEL: graph.func @division_by_zero
graph.func @division_by_zero() -> !graph.tensor<[2], i32> {
  // CHECK: div
  %a = graph.constant dense<[1, 4]> : tensor<2xi32>
  %z = graph.constant dense<0> : tensor<2xi32>
  %d = graph.div %a, %z : (!graph.tensor<[2], i32>, !graph.tensor<[2], i32>)
  graph.return %d : !graph.tensor<[2], i32>
}

// Comparisons fold to boolean constants, casts to the new element type.
// CHECK-LABEL: graph.func @types
graph.func @types() -> (!graph.tensor<[3], i1>, !graph.tensor<[3], ui8>) {
  // CHECK-DAG: constant dense<[true, false, false]> : tensor<3xi1>
  // CHECK-DAG: constant dense<[255, 0, 2]> : tensor<3xui8>
  %a = graph.constant dense<[-1.0, 0.5, 2.7]> : tensor<3xf32>
  %z = graph.constant dense<0.0> : tensor<f32>
  %l = graph.less %a, %z : (!graph.tensor<[3], f32>, !graph.tensor<[], f32>)
  %i = graph.cast %a {to = i32} : (!graph.tensor<[3], f32>)
  %u = graph.cast %i {to = ui8} : (!graph.tensor<[3], i32>)
  graph.return %l, %u : !graph.tensor<[3], i1>, !graph.tensor<[3], ui8>
}

// CANON-LABEL: graph.func @subgraph
// CANON: constant dense<[2.000000e+00, 5.000000e+00]>
