// REQUIRES: mlc
// RUN: mlc-opt %s -p graph-infer-shapes | filecheck %s

// `?` dims are refined in program order, through dataflow regions, into the signature, and
// from callee signatures into callers.
// CHECK-LABEL: graph.func @f<n>
// CHECK-SAME: -> !graph.tensor<[n, 4], f32>
graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>, %b: !graph.tensor<[4], f32>) -> !graph.tensor<[?, ?], f32> {
  // CHECK: %0 = add %arg0, %arg1 : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4], f32>){{$}}
  %0 = graph.add %x, %b : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4], f32>) -> !graph.tensor<[?, ?], f32>
  // CHECK: %1 = relu %0 : (!graph.tensor<[n, 4], f32>){{$}}
  %1 = graph.relu %0 : (!graph.tensor<[?, ?], f32>)
  // CHECK: %2 = dataflow -> !graph.tensor<[n, 4], f32> {
  %2 = graph.dataflow -> !graph.tensor<[?, 4], f32> {
    // CHECK: exp %1 : (!graph.tensor<[n, 4], f32>){{$}}
    %3 = graph.exp %1 : (!graph.tensor<[?, ?], f32>)
    graph.output %3 : !graph.tensor<[?, ?], f32>
  }
  graph.return %2 : !graph.tensor<[?, 4], f32>
}

// CHECK-LABEL: graph.func @g
// CHECK-SAME: -> !graph.tensor<[3, 4], f32>
graph.func @g(%x: !graph.tensor<[3, 4], f32>, %b: !graph.tensor<[4], f32>) -> !graph.tensor<[?, ?], f32> {
  // CHECK: call @f(%arg0, %arg1) : (!graph.tensor<[3, 4], f32>, !graph.tensor<[4], f32>) -> !graph.tensor<[3, 4], f32>
  %0 = graph.call @f(%x, %b) : (!graph.tensor<[3, 4], f32>, !graph.tensor<[4], f32>) -> !graph.tensor<[?, ?], f32>
  graph.return %0 : !graph.tensor<[?, ?], f32>
}

// A value used by an op of another dialect keeps its type: func.return needs it exactly.
// CHECK-LABEL: func.func @h
func.func @h(%x: !graph.tensor<[3, 4], f32>) -> !graph.tensor<[?, 4], f32> {
  // CHECK: graph.relu %arg0 : (!graph.tensor<[3, 4], f32>) -> !graph.tensor<[?, 4], f32>
  %0 = graph.relu %x : (!graph.tensor<[3, 4], f32>) -> !graph.tensor<[?, 4], f32>
  return %0 : !graph.tensor<[?, 4], f32>
}
