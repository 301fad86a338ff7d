// REQUIRES: mlc
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{kernels=wide_* vector-size=4 unroll=1},convert-tensor-to-loops' | filecheck %s

// Options per kernel (passes/kernel_filter.py): the first run lowers the functions matching
// `wide_*` with their innermost loop on vectors of 4 lanes, one per iteration; the second
// lowers the rest with the pass's defaults, scalar loops.
// CHECK-LABEL: func.func @wide_kernel(
// CHECK: scf.for %{{.+}} = %c0 to %c12 step %c4 {
// CHECK-NEXT: vector.load %{{.+}} : memref<3x12xf32>, vector<4xf32>
// CHECK-LABEL: func.func @narrow_kernel(
// CHECK-NOT: vector
// CHECK: memref.load %{{.+}} : memref<3x12xf32>
// CHECK-NOT: vector
// CHECK: return
func.func @wide_kernel(%x: memref<3x12xf32>, %o: memref<3x12xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<3x12xf32>) outs(%o : memref<3x12xf32>) {
  ^bb0(%e: f32, %out: f32):
    %0 = arith.mulf %e, %e : f32
    tensor.yield %0 : f32
  }
  return
}

func.func @narrow_kernel(%x: memref<3x12xf32>, %o: memref<3x12xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<3x12xf32>) outs(%o : memref<3x12xf32>) {
  ^bb0(%e: f32, %out: f32):
    %0 = arith.mulf %e, %e : f32
    tensor.yield %0 : f32
  }
  return
}
