// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=INFER

// CHECK-LABEL: graph.func @concat_split<n, m>
// INFER-LABEL: sym_name = "concat_split"
graph.func @concat_split<n, m>(%x: !graph.tensor<[n, 4], f32>, %y: !graph.tensor<[m, 4], f32>, %z: !graph.tensor<[3, ?], f32>) -> !graph.tensor<[m+n+3, 4], f32> {
  // CHECK: %[[C:.*]] = concat %arg0, %arg1, %arg2 {axis = 0 : i64} : (!graph.tensor<[n, 4], f32>, !graph.tensor<[m, 4], f32>, !graph.tensor<[3, ?], f32>){{$}}
  // INFER: "graph.concat"(%{{.*}}, %{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (!graph.tensor<[n, 4], f32>, !graph.tensor<[m, 4], f32>, !graph.tensor<[3, ?], f32>) -> !graph.tensor<[m+n+3, 4], f32>
  %0 = graph.concat %x, %y, %z {axis = 0} : (!graph.tensor<[n, 4], f32>, !graph.tensor<[m, 4], f32>, !graph.tensor<[3, ?], f32>)
  // INFER: "graph.concat"(%{{.*}}, %{{.*}}) <{axis = -1 : i64}> : (!graph.tensor<[n, 4], f32>, !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 8], f32>
  %1 = graph.concat %x, %x {axis = -1} : (!graph.tensor<[n, 4], f32>, !graph.tensor<[n, 4], f32>)
  // CHECK: %{{.*}}:3 = split %arg0 {axis = 1 : i64, split = [1, 1, 2]} : (!graph.tensor<[n, 4], f32>){{$}}
  // INFER: "graph.split"(%{{.*}}) <{axis = 1 : i64, split = [1, 1, 2]}> : (!graph.tensor<[n, 4], f32>) -> (!graph.tensor<[n, 1], f32>, !graph.tensor<[n, 1], f32>, !graph.tensor<[n, 2], f32>)
  %2:3 = graph.split %x {axis = 1, split = [1, 1, 2]} : (!graph.tensor<[n, 4], f32>)
  // ONNX-18 uneven split: pieces of ceil(n / 3) and a smaller last one.
  // INFER: "graph.split"(%{{.*}}) <{axis = 0 : i64, num_outputs = 3 : i64}> : (!graph.tensor<[n, 4], f32>) -> (!graph.tensor<[(n+2)/3, 4], f32>, !graph.tensor<[(n+2)/3, 4], f32>, !graph.tensor<[n-((n+2)/3)*2, 4], f32>)
  %3:3 = graph.split %x {num_outputs = 3} : (!graph.tensor<[n, 4], f32>)
  // INFER: "graph.split"(%{{.*}}) <{axis = 1 : i64, num_outputs = 3 : i64}> : (!graph.tensor<[n, 4], f32>) -> (!graph.tensor<[n, 2], f32>, !graph.tensor<[n, 2], f32>, !graph.tensor<[n, 0], f32>)
  %4:3 = graph.split %x {axis = 1, num_outputs = 3} : (!graph.tensor<[n, 4], f32>)
  // CHECK: return %[[C]]
  graph.return %0 : !graph.tensor<[m+n+3, 4], f32>
}

// CHECK-LABEL: graph.func @slice<n>
// INFER-LABEL: sym_name = "slice"
graph.func @slice<n>(%x: !graph.tensor<[n, 10], f32>) -> !graph.tensor<[max(0, n-1), 10], f32> {
  // x[1:]
  // CHECK: %[[S:.*]] = slice %arg0 {axes = [0], ends = [9223372036854775807], starts = [1]} : (!graph.tensor<[n, 10], f32>){{$}}
  // INFER: -> !graph.tensor<[max(0, n-1), 10], f32>
  %0 = graph.slice %x {starts = [1], ends = [9223372036854775807], axes = [0]} : (!graph.tensor<[n, 10], f32>)
  // x[-3:], x[:-2]
  // INFER: -> !graph.tensor<[min(3, n), 10], f32>
  %1 = graph.slice %x {starts = [-3], ends = [9223372036854775807], axes = [0]} : (!graph.tensor<[n, 10], f32>)
  // INFER: -> !graph.tensor<[max(0, n-2), 10], f32>
  %2 = graph.slice %x {starts = [0], ends = [-2]} : (!graph.tensor<[n, 10], f32>)
  // x[2:5]: min(5, n) - min(2, n), never negative.
  // INFER: -> !graph.tensor<[max(0, min(3, n-2)), 10], f32>
  %3 = graph.slice %x {starts = [2], ends = [5], axes = [0]} : (!graph.tensor<[n, 10], f32>)
  // x[::-2] and static clamping: [8:1:-3] of 10 is 8, 5, 2; [20:-20] is all.
  // INFER: -> !graph.tensor<[(n+1)/2, 3], f32>
  %4 = graph.slice %x {starts = [-1, 8], ends = [-9223372036854775807, 1], axes = [0, 1], steps = [-2, -3]} : (!graph.tensor<[n, 10], f32>)
  // INFER: -> !graph.tensor<[n, 10], f32>
  %5 = graph.slice %x {starts = [-20], ends = [20], axes = [-1]} : (!graph.tensor<[n, 10], f32>)
  // CHECK: return %[[S]]
  graph.return %0 : !graph.tensor<[max(0, n-1), 10], f32>
}

// CHECK-LABEL: graph.func @gather<n, k>
// INFER-LABEL: sym_name = "gather"
graph.func @gather<n, k>(%x: !graph.tensor<[n, 5, 6], f32>, %i: !graph.tensor<[k, 2], i64>, %j: !graph.tensor<[n, 3, 6], i32>) -> !graph.tensor<[n, k, 2, 6], f32> {
  // CHECK: %[[G:.*]] = gather %arg0, %arg1 {axis = 1 : i64} : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[k, 2], i64>){{$}}
  // INFER: "graph.gather"(%{{.*}}, %{{.*}}) <{axis = 1 : i64}> : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[k, 2], i64>) -> !graph.tensor<[n, k, 2, 6], f32>
  %0 = graph.gather %x, %i {axis = 1} : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[k, 2], i64>)
  // INFER: "graph.gather"(%{{.*}}, %{{.*}}) <{axis = 0 : i64}> : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[k, 2], i64>) -> !graph.tensor<[k, 2, 5, 6], f32>
  %1 = graph.gather %x, %i : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[k, 2], i64>)
  // INFER: "graph.gather_elements"(%{{.*}}, %{{.*}}) <{axis = -2 : i64}> : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[n, 3, 6], i32>) -> !graph.tensor<[n, 3, 6], f32>
  %2 = graph.gather_elements %x, %j {axis = -2} : (!graph.tensor<[n, 5, 6], f32>, !graph.tensor<[n, 3, 6], i32>)
  // CHECK: return %[[G]]
  graph.return %0 : !graph.tensor<[n, k, 2, 6], f32>
}

// CHECK-LABEL: graph.func @pad<n>
// INFER-LABEL: sym_name = "pad"
graph.func @pad<n>(%x: !graph.tensor<[n, 5], f32>) -> !graph.tensor<[n+3, 4], f32> {
  // CHECK: %[[P:.*]] = pad %arg0 {pads = [1, 0, 2, -1], value = 1.500000e+00 : f32} : (!graph.tensor<[n, 5], f32>){{$}}
  // INFER: "graph.pad"(%{{.*}}) <{mode = "constant", pads = [1, 0, 2, -1], value = 1.500000e+00 : f32}> : (!graph.tensor<[n, 5], f32>) -> !graph.tensor<[n+3, 4], f32>
  %0 = graph.pad %x {pads = [1, 0, 2, -1], value = 1.5 : f32} : (!graph.tensor<[n, 5], f32>)
  // CHECK: pad %arg0 {mode = "reflect", pads = [0, 2, 0, 2]}
  // INFER: -> !graph.tensor<[n, 9], f32>
  %1 = graph.pad %x {pads = [0, 2, 0, 2], mode = "reflect"} : (!graph.tensor<[n, 5], f32>)
  // CHECK: return %[[P]]
  graph.return %0 : !graph.tensor<[n+3, 4], f32>
}
