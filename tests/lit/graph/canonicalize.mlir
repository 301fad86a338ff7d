// REQUIRES: mlc
// RUN: mlc-opt %s -p canonicalize --split-input-file | filecheck %s

// CHECK-LABEL: graph.func @identities
// CHECK-NEXT: %0 = relu %arg0 : (!graph.tensor<[n, 4], f32>)
// CHECK-NEXT: return %0
graph.func @identities<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  %z = graph.constant dense<0.0> : tensor<4xf32>
  %one = graph.constant dense<1.0> : tensor<f32>
  %t = graph.constant dense<true> : tensor<1xi1>
  %0 = graph.add %z, %x : (!graph.tensor<[4], f32>, !graph.tensor<[n, 4], f32>)
  %1 = graph.mul %0, %one : (!graph.tensor<[n, 4], f32>, !graph.tensor<[], f32>)
  %2 = graph.sub %1, %z : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4], f32>)
  %3 = graph.div %2, %one : (!graph.tensor<[n, 4], f32>, !graph.tensor<[], f32>)
  %4 = graph.neg %3 : (!graph.tensor<[n, 4], f32>)
  %5 = graph.neg %4 : (!graph.tensor<[n, 4], f32>)
  %6 = graph.relu %5 : (!graph.tensor<[n, 4], f32>)
  %7 = graph.relu %6 : (!graph.tensor<[n, 4], f32>)
  %8 = graph.where %t, %7, %x : (!graph.tensor<[1], i1>, !graph.tensor<[n, 4], f32>, !graph.tensor<[n, 4], f32>)
  %9 = graph.cast %8 {to = f32} : (!graph.tensor<[n, 4], f32>)
  graph.return %9 : !graph.tensor<[n, 4], f32>
}

// -----

// An identity that broadcasts changes the shape: it stays. So does `0 - x`.
// CHECK-LABEL: graph.func @kept
// CHECK: add
// CHECK: sub
graph.func @kept(%x: !graph.tensor<[4], f32>) -> (!graph.tensor<[2, 4], f32>, !graph.tensor<[4], f32>) {
  %z = graph.constant dense<0.0> : tensor<2x4xf32>
  %z1 = graph.constant dense<0.0> : tensor<4xf32>
  %0 = graph.add %x, %z : (!graph.tensor<[4], f32>, !graph.tensor<[2, 4], f32>)
  %1 = graph.sub %z1, %x : (!graph.tensor<[4], f32>, !graph.tensor<[4], f32>)
  graph.return %0, %1 : !graph.tensor<[2, 4], f32>, !graph.tensor<[4], f32>
}
