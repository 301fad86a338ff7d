// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-interchange{kernels=transpose_kernel permutation=1,0}' | filecheck %s
// RUN: mlc-opt %s -p 'tensor-interchange{kernels=transpose_kernel permutation=1,0},convert-tensor-to-loops' | filecheck %s --check-prefix=LOOPS

// A transpose interchanged so that its loops run along the input's rows (the reads become
// contiguous, the writes strided); the other kernel keeps its order.
// CHECK-LABEL: func.func @transpose_kernel(
// CHECK: indexing_maps = [#[[ID:.+]], #[[T:.+]]], iterator_types = ["parallel", "parallel"]
// CHECK-LABEL: func.func @copy_kernel(
// CHECK: indexing_maps = [#[[ID]], #[[ID]]]
// LOOPS-LABEL: func.func @transpose_kernel(
// LOOPS-SAME: %[[A:.+]]: memref<3x5xf32>, %[[C:.+]]: memref<5x3xf32>)
// LOOPS: scf.for %[[I:.+]] = %{{.+}} to %c3
// LOOPS: scf.for %[[J:.+]] = %{{.+}} to %c5
// LOOPS: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[J]]]
// LOOPS: memref.store %[[X]], %[[C]][%[[J]], %[[I]]]
func.func @transpose_kernel(%a: memref<3x5xf32>, %c: memref<5x3xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<3x5xf32>) outs(%c : memref<5x3xf32>) {
  ^bb0(%x: f32, %o: f32):
    tensor.yield %x : f32
  }
  return
}

func.func @copy_kernel(%a: memref<3x5xf32>, %c: memref<3x5xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<3x5xf32>) outs(%c : memref<3x5xf32>) {
  ^bb0(%x: f32, %o: f32):
    tensor.yield %x : f32
  }
  return
}
