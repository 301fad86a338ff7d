// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=INFER

// CHECK-LABEL: graph.func @reduce<n>
// INFER-LABEL: sym_name = "reduce"
graph.func @reduce<n>(%x: !graph.tensor<[n, 4, 6], f32>, %i: !graph.tensor<[n, 3], i32>) -> !graph.tensor<[n, 1, 6], f32> {
  // CHECK: %[[S:.*]] = reduce_sum %arg0 {axes = [1]} : (!graph.tensor<[n, 4, 6], f32>){{$}}
  // INFER: "graph.reduce_sum"(%{{.*}}) <{axes = [1], keepdims = true, noop_with_empty_axes = false}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[n, 1, 6], f32>
  %0 = graph.reduce_sum %x {axes = [1]} : (!graph.tensor<[n, 4, 6], f32>)
  // CHECK: reduce_mean %arg0 {axes = [0, -1], keepdims = false}
  // INFER: "graph.reduce_mean"(%{{.*}}) <{axes = [0, -1], keepdims = false, noop_with_empty_axes = false}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[4], f32>
  %1 = graph.reduce_mean %x {axes = [0, -1], keepdims = false} : (!graph.tensor<[n, 4, 6], f32>)
  // No axes: every dim, or none with noop_with_empty_axes.
  // INFER: "graph.reduce_max"(%{{.*}}) <{keepdims = false, noop_with_empty_axes = false}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[], f32>
  %2 = graph.reduce_max %x {keepdims = false} : (!graph.tensor<[n, 4, 6], f32>)
  // INFER: "graph.reduce_min"(%{{.*}}) <{axes = [], keepdims = true, noop_with_empty_axes = true}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[n, 4, 6], f32>
  %3 = graph.reduce_min %x {axes = [], noop_with_empty_axes = true} : (!graph.tensor<[n, 4, 6], f32>)
  // INFER: "graph.reduce_prod"(%{{.*}}) <{keepdims = true, noop_with_empty_axes = false}> : (!graph.tensor<[n, 3], i32>) -> !graph.tensor<[1, 1], i32>
  %4 = graph.reduce_prod %i : (!graph.tensor<[n, 3], i32>)
  // INFER: "graph.reduce_l2"(%{{.*}}) <{axes = [2], keepdims = true, noop_with_empty_axes = false}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[n, 4, 1], f32>
  %5 = graph.reduce_l2 %x {axes = [2]} : (!graph.tensor<[n, 4, 6], f32>)
  // INFER: "graph.reduce_sum_square"(%{{.*}}) <{axes = [0], keepdims = false, noop_with_empty_axes = false}> : (!graph.tensor<[n, 3], i32>) -> !graph.tensor<[3], i32>
  %6 = graph.reduce_sum_square %i {axes = [0], keepdims = false} : (!graph.tensor<[n, 3], i32>)
  // INFER: "graph.reduce_log_sum_exp"(%{{.*}}) <{axes = [1], keepdims = true, noop_with_empty_axes = false}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[n, 1, 6], f32>
  %7 = graph.reduce_log_sum_exp %x {axes = [1]} : (!graph.tensor<[n, 4, 6], f32>)
  // CHECK: argmax %arg0 {axis = -1 : i64, keepdims = false, select_last_index = true}
  // INFER: "graph.argmax"(%{{.*}}) <{axis = -1 : i64, keepdims = false, select_last_index = true}> : (!graph.tensor<[n, 4, 6], f32>) -> !graph.tensor<[n, 4], i64>
  %8 = graph.argmax %x {axis = -1, keepdims = false, select_last_index = true} : (!graph.tensor<[n, 4, 6], f32>)
  // CHECK: argmin %arg1 : (!graph.tensor<[n, 3], i32>){{$}}
  // INFER: "graph.argmin"(%{{.*}}) <{axis = 0 : i64, keepdims = true, select_last_index = false}> : (!graph.tensor<[n, 3], i32>) -> !graph.tensor<[1, 3], i64>
  %9 = graph.argmin %i : (!graph.tensor<[n, 3], i32>)
  // CHECK: return %[[S]]
  graph.return %0 : !graph.tensor<[n, 1, 6], f32>
}
