// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-tile-contractions{kernels=first_* mr=2 nr=8 vector-bits=256},tensor-tile-contractions{vector-bits=256}' | filecheck %s
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{kernels=second_kernel parallel=true},convert-tensor-to-loops' | filecheck %s --check-prefix=LOOPS

// Options per kernel: the first run lowers the functions matching `first_*` in 2 x 8
// register blocks (two accumulators); the second lowers the rest with the heuristic's
// 6 x 16 blocks (twelve). The same for convert-tensor-to-loops: `second_kernel` on
// threads, `first_kernel` sequential.
// CHECK-LABEL: func.func @first_kernel(
// CHECK: scf.for {{.+}} iter_args({{[^)]+}}) -> (vector<8xf32>, vector<8xf32>) {
// CHECK-LABEL: func.func @second_kernel(
// CHECK: scf.for {{.+}} iter_args({{[^)]+}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// LOOPS-LABEL: func.func @first_kernel(
// LOOPS-NOT: scf.parallel
// LOOPS: scf.for
// LOOPS-LABEL: func.func @second_kernel(
// LOOPS: scf.parallel
func.func @first_kernel(%a: memref<12x32xf32>, %b: memref<32x32xf32>, %c: memref<12x32xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<12x32xf32>, memref<32x32xf32>) outs(%c : memref<12x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}

func.func @second_kernel(%a: memref<12x32xf32>, %b: memref<32x32xf32>, %c: memref<12x32xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<12x32xf32>, memref<32x32xf32>) outs(%c : memref<12x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
