// REQUIRES: mlc
// RUN: mlc-opt %s -p graph-infer-shapes,canonicalize | filecheck %s

// Chains of reshapes become one (then the identity goes), transposes compose, and a squeeze
// undoes the expand_dims it follows.
// CHECK-LABEL: graph.func @shapes<n>
// CHECK-NEXT: %[[R:.*]] = reshape %arg0 {shape = [0, 3, 4]}
// CHECK-NEXT: %[[T:.*]] = transpose %arg0 {perm = [1, 0]}
// CHECK-NEXT: %[[A:.*]] = add %arg0, %arg0
// CHECK-NEXT: return %[[A]], %[[T]], %[[R]]
graph.func @shapes<n>(%x: !graph.tensor<[n, 12], f32>) -> (!graph.tensor<[n, 12], f32>, !graph.tensor<[12, n], f32>, !graph.tensor<[n, 3, 4], f32>) {
  %0 = graph.reshape %x {shape = [-1, 3]} : (!graph.tensor<[n, 12], f32>)
  %1 = graph.reshape %0 {shape = [-1, 12]} : (!graph.tensor<[n*4, 3], f32>) -> !graph.tensor<[?, 12], f32>
  %2 = graph.reshape %x {shape = [0, 3, 4]} : (!graph.tensor<[n, 12], f32>)
  %3 = graph.reshape %2 {shape = [0, -1]} : (!graph.tensor<[n, 3, 4], f32>)
  %4 = graph.transpose %3 {perm = [1, 0]} : (!graph.tensor<[n, 12], f32>)
  %5 = graph.transpose %4 {perm = [1, 0]} : (!graph.tensor<[12, n], f32>)
  %6 = graph.transpose %5 {perm = [1, 0]} : (!graph.tensor<[n, 12], f32>)
  %7 = graph.expand_dims %x {axes = [1]} : (!graph.tensor<[n, 12], f32>)
  %8 = graph.squeeze %7 {axes = [1]} : (!graph.tensor<[n, 1, 12], f32>)
  %9 = graph.add %8, %1 : (!graph.tensor<[n, 12], f32>, !graph.tensor<[?, 12], f32>)
  graph.return %9, %6, %2 : !graph.tensor<[?, 12], f32>, !graph.tensor<[12, n], f32>, !graph.tensor<[n, 3, 4], f32>
}

// Two unknown dims may be a real reshape: `[2, 3] -> [3, 2]` keeps the type `[?, ?]`.
// CHECK-LABEL: graph.func @unknowns
// CHECK: reshape
graph.func @unknowns(%x: !graph.tensor<[?, ?], f32>) -> !graph.tensor<[?, ?], f32> {
  %0 = graph.reshape %x {shape = [3, -1]} : (!graph.tensor<[?, ?], f32>) -> !graph.tensor<[?, ?], f32>
  graph.return %0 : !graph.tensor<[?, ?], f32>
}
