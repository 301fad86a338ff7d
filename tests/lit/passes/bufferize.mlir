// REQUIRES: mlc
// RUN: mlc-opt %s -p bufferize --split-input-file | filecheck %s

// A graph function: size variables first, destinations allocated per call with sizes from
// them, intermediates freed after their last use, the result returned in its own buffer.
// Kernels write their destinations in place and return nothing.
#id = affine_map<(d0, d1) -> (d0, d1)>
graph.func @main<n>(%x: !graph.tensor<[n*2, 4], f32>) -> !graph.tensor<[n*2, 4], f32> {
  %0 = graph.call_dps @neg(%x) : (!graph.tensor<[n*2, 4], f32>) -> !graph.tensor<[n*2, 4], f32>
  %1 = graph.call_dps @neg(%0) : (!graph.tensor<[n*2, 4], f32>) -> !graph.tensor<[n*2, 4], f32>
  graph.return %1 : !graph.tensor<[n*2, 4], f32>
}
func.func private @neg(%a: tensor<?x4xf32>, %out: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = tensor.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<?x4xf32>) outs(%out : tensor<?x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    tensor.yield %n : f32
  } -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[N:.*]]: index, %[[X:.*]]: memref<?x4xf32>) -> memref<?x4xf32>
// CHECK-SAME:      mlc.size_vars = ["n"]
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[SIZE:.*]] = arith.muli %[[C2]], %[[N]] : index
// CHECK:         %[[A:.*]] = memref.alloc(%[[SIZE]]) {alignment = 64 : i64} : memref<?x4xf32>
// CHECK:         call @neg(%[[X]], %[[A]])
// CHECK:         %[[B:.*]] = memref.alloc(%[[SIZE]])
// CHECK:         call @neg(%[[A]], %[[B]])
// CHECK:         memref.dealloc %[[A]]
// CHECK:         return %[[B]]
// CHECK-LABEL: func.func private @neg(
// CHECK-SAME:      %[[IN:.*]]: memref<?x4xf32>, %[[OUT:.*]]: memref<?x4xf32>) {
// CHECK:         tensor.generic
// CHECK-SAME:      ins(%[[IN]] : memref<?x4xf32>) outs(%[[OUT]] : memref<?x4xf32>)
// CHECK:         return
// CHECK-NEXT:  }

// -----

// Writing over a destination that is read afterwards goes to a copy; a scratch tensor is
// allocated and freed before the return; a returned value not in the destination is copied
// into it.
#id = affine_map<(d0) -> (d0)>
graph.func @main(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  %0 = graph.call_dps @k(%x) : (!graph.tensor<[4], f32>) -> !graph.tensor<[4], f32>
  graph.return %0 : !graph.tensor<[4], f32>
}
func.func private @k(%a: tensor<4xf32>, %out: tensor<4xf32>) -> tensor<4xf32> {
  %s = tensor.empty() : tensor<4xf32>
  %0 = tensor.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%s : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    tensor.yield %v : f32
  } -> tensor<4xf32>
  %1 = tensor.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%0 : tensor<4xf32>) outs(%0 : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %t = arith.addf %v, %o : f32
    tensor.yield %t : f32
  } -> tensor<4xf32>
  %c0 = arith.constant 0 : index
  %2 = tensor.extract %0[%c0] : tensor<4xf32>
  return %1 : tensor<4xf32>
}
// CHECK-LABEL: func.func private @k(
// CHECK-SAME:      %[[A:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>) {
// CHECK:         %[[S:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK:         tensor.generic {{.*}} ins(%[[A]] : memref<4xf32>) outs(%[[S]] : memref<4xf32>)
// CHECK:         %[[COPY:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
// CHECK:         memref.copy %[[S]], %[[COPY]]
// CHECK:         tensor.generic {{.*}} ins(%[[S]] : memref<4xf32>) outs(%[[COPY]] : memref<4xf32>)
// CHECK:         memref.load %[[S]]
// CHECK:         memref.copy %[[COPY]], %[[OUT]]
// CHECK:         memref.dealloc %[[S]]
// CHECK:         memref.dealloc %[[COPY]]
// CHECK:         return

// -----

// A pad fills a fresh buffer and copies the source into its interior with a generic whose
// output map adds the low pads (loops that vectorize, run in parallel, and share their rows
// with the fill under `convert-tensor-to-loops{fuse-rows}`), not with `memref.copy` into a
// strided view.
graph.func @main(%x: !graph.tensor<[2, 3], f32>) -> !graph.tensor<[4, 7], f32> {
  %0 = graph.call_dps @pad(%x) : (!graph.tensor<[2, 3], f32>) -> !graph.tensor<[4, 7], f32>
  graph.return %0 : !graph.tensor<[4, 7], f32>
}
func.func private @pad(%a: tensor<2x3xf32>, %out: tensor<4x7xf32>) -> tensor<4x7xf32> {
  %zero = arith.constant 0.0 : f32
  %0 = tensor.pad %a low[1, 2] high[1, 2] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x3xf32> to tensor<4x7xf32>
  return %0 : tensor<4x7xf32>
}
// CHECK-DAG:   #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[SHIFT:.+]] = affine_map<(d0, d1) -> (d0 + 1, d1 + 2)>
// CHECK-LABEL: func.func private @pad(
// CHECK-SAME:      %[[A:.*]]: memref<2x3xf32>, %[[OUT:.*]]: memref<4x7xf32>) {
// CHECK:         %[[P:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x7xf32>
// CHECK:         tensor.generic {{.*}} outs(%[[P]] : memref<4x7xf32>)
// CHECK-NOT:     memref.copy %[[A]]
// CHECK:         tensor.generic {indexing_maps = [#[[ID]], #[[SHIFT]]], {{.*}} ins(%[[A]] : memref<2x3xf32>) outs(%[[P]] : memref<4x7xf32>)
// CHECK:         memref.copy %[[P]], %[[OUT]]
