// REQUIRES: mlc
// RUN: mlc-opt %s -p bufferize --split-input-file | filecheck %s

// An external kernel (a declaration graph.call_dps calls, resolved at link time) takes
// memrefs and returns nothing, like a defined kernel: the caller allocates its destination
// and passes it. Its attributes stay, so the C interface is still asked for.
func.func private @fused_linear_relu(tensor<?x8xf32>, tensor<4x8xf32>, tensor<4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32> attributes {llvm.emit_c_interface}
graph.func @main<n>(%x: !graph.tensor<[n, 8], f32>, %w: !graph.tensor<[4, 8], f32>, %b: !graph.tensor<[4], f32>) -> !graph.tensor<[n, 4], f32> {
  %0 = graph.call_dps @fused_linear_relu(%x, %w, %b) : (!graph.tensor<[n, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>) -> !graph.tensor<[n, 4], f32>
  graph.return %0 : !graph.tensor<[n, 4], f32>
}
// CHECK-LABEL: func.func private @fused_linear_relu(memref<?x8xf32>, memref<4x8xf32>, memref<4xf32>, memref<?x4xf32>) attributes {llvm.emit_c_interface}
// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[N:.*]]: index, %[[X:.*]]: memref<?x8xf32>, %[[W:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<4xf32>) -> memref<?x4xf32>
// CHECK:         %[[OUT:.*]] = memref.alloc(%[[N]]) {alignment = 64 : i64} : memref<?x4xf32>
// CHECK-NEXT:    call @fused_linear_relu(%[[X]], %[[W]], %[[B]], %[[OUT]]) : (memref<?x8xf32>, memref<4x8xf32>, memref<4xf32>, memref<?x4xf32>) -> ()
// CHECK-NEXT:    return %[[OUT]] : memref<?x4xf32>

// -----

// Declared once with `?` dims, called on static shapes: each buffer is cast to the
// parameter type, and an intermediate is freed after the call that reads it through a cast.
func.func private @scale(tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
graph.func @twice(%x: !graph.tensor<[2, 3], f32>) -> !graph.tensor<[2, 3], f32> {
  %0 = graph.call_dps @scale(%x) : (!graph.tensor<[2, 3], f32>) -> !graph.tensor<[2, 3], f32>
  %1 = graph.call_dps @scale(%0) : (!graph.tensor<[2, 3], f32>) -> !graph.tensor<[2, 3], f32>
  graph.return %1 : !graph.tensor<[2, 3], f32>
}
// CHECK-LABEL: func.func private @scale(memref<?x?xf32>, memref<?x?xf32>)
// CHECK-LABEL: func.func @twice(
// CHECK-SAME:      %[[X:.*]]: memref<2x3xf32>) -> memref<2x3xf32>
// CHECK:         %[[A:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x3xf32>
// CHECK-NEXT:    %[[XC:.*]] = memref.cast %[[X]] : memref<2x3xf32> to memref<?x?xf32>
// CHECK-NEXT:    %[[AC:.*]] = memref.cast %[[A]] : memref<2x3xf32> to memref<?x?xf32>
// CHECK-NEXT:    call @scale(%[[XC]], %[[AC]]) : (memref<?x?xf32>, memref<?x?xf32>) -> ()
// CHECK-NEXT:    %[[B:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x3xf32>
// CHECK-NEXT:    %[[AC2:.*]] = memref.cast %[[A]] : memref<2x3xf32> to memref<?x?xf32>
// CHECK-NEXT:    %[[BC:.*]] = memref.cast %[[B]] : memref<2x3xf32> to memref<?x?xf32>
// CHECK-NEXT:    call @scale(%[[AC2]], %[[BC]]) : (memref<?x?xf32>, memref<?x?xf32>) -> ()
// CHECK-NEXT:    memref.dealloc %[[A]] : memref<2x3xf32>
// CHECK-NEXT:    return %[[B]] : memref<2x3xf32>
