// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-tile-contractions{vector-bits=256},canonicalize,cse' --split-input-file | filecheck %s

// A 3x3 convolution after a zero fill (graph-legalize's form, dynamic batch). VL = 8 does not
// divide the width 10, so the vectors run on across C's rows: a flat grid of 5 vectors per
// 4 x 10 image (the last one moved left to start at 32), a vector's first 10 - ow0 lanes
// read from its row and the rest from the next row's first columns (two masked loads per
// vector and window point, the second merged into the first). One scf.parallel over the
// tiles of 3 vectors and the blocks of 4 output channels (F = 8 takes 4 rows x 3 vectors),
// loops over the input channels and the window (4 weight scalars read in place and 12 FMAs
// per step; LLVM unrolls the window loops it finds worth it), each accumulator stored whole
// through C's view with rows and columns collapsed (its rows follow each other), the fill
// folded away.
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#o = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
#id = affine_map<(n, f, oh, ow) -> (n, f, oh, ow)>
func.func @conv(%x: memref<?x3x6x12xf32>, %w: memref<8x3x3x3xf32>, %c: memref<?x8x4x10xf32>) {
  tensor.generic {indexing_maps = [#id],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%c : memref<?x8x4x10xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [#x, #w, #o],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel",
                                    "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<?x3x6x12xf32>, memref<8x3x3x3xf32>) outs(%c : memref<?x8x4x10xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @conv(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<?x3x6x12xf32>, %[[W:[a-z0-9]+]]: memref<8x3x3x3xf32>, %[[C:[a-z0-9]+]]: memref<?x8x4x10xf32>
// CHECK-NOT:     tensor.generic
// CHECK-NOT:     memref.alloc
// CHECK:         %[[N:.*]] = memref.dim %[[X]], %c0
// CHECK:         %[[ROWS:.*]] = memref.collapse_shape %[[C]] {{\[}}[0], [1], [2, 3]] : memref<?x8x4x10xf32> into memref<?x8x40xf32>
// CHECK:         %[[POSITIONS:.*]] = arith.muli %[[N]], %c5 : index
// CHECK:         scf.parallel (%[[T:.*]], %[[FB:.*]]) = (%c0, %c0) to (%{{.*}}, %c2) step (%c1, %c1) {
// CHECK:           %[[U:.*]] = arith.remsi {{.*}}, %c5 : index
// CHECK:           %[[U8:.*]] = arith.muli %[[U]], %c8 : index
// CHECK:           %[[START:.*]] = arith.minsi %[[U8]], %c32 : index
// CHECK:           %[[OH:.*]] = arith.divsi %[[START]], %c10 : index
// CHECK:           %[[OW0:.*]] = arith.remsi %[[START]], %c10 : index
// CHECK:           %[[LANES:.*]] = arith.subi %c10, %[[OW0]] : index
// CHECK:           %[[IN_ROW:.*]] = vector.create_mask %[[LANES]] : vector<8xi1>
// CHECK:           %[[NEXT_ROW:.*]] = arith.xori %[[IN_ROW]], %{{.*}} : vector<8xi1>
// CHECK:           %[[F0:.*]] = arith.muli %[[FB]], %c4 : index
// CHECK:           %[[ACC:.*]]:12 = scf.for %[[CH:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK:             scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK:               scf.for %[[KW:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK:                 %[[IH:.*]] = arith.addi %[[OH]], %[[KH]] : index
// CHECK:                 %[[IW:.*]] = arith.addi %[[OW0]], %[[KW]] : index
// CHECK:                 %[[PART:.*]] = vector.maskedload %[[X]][%{{.*}}, %[[CH]], %[[IH]], %[[IW]]], %[[IN_ROW]], %{{.*}}
// CHECK:                 vector.maskedload %[[X]][%{{.*}}, %[[CH]], %{{.*}}, %{{.*}}], %[[NEXT_ROW]], %[[PART]]
// CHECK:                 memref.load %[[W]][%[[F0]], %[[CH]], %[[KH]], %[[KW]]] : memref<8x3x3x3xf32>
// CHECK-COUNT-12:        vector.fma
// CHECK-NOT:             vector.fma
// CHECK:                 scf.yield
// CHECK:           vector.store %{{.*}}, %[[ROWS]][%{{.*}}, %[[F0]], %[[START]]] : memref<?x8x40xf32>, vector<8xf32>
// CHECK-COUNT-11:  vector.store %{{.*}}, %[[ROWS]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<?x8x40xf32>, vector<8xf32>
// CHECK-NOT:     vector.maskedstore
// CHECK-NOT:     tensor.generic

// -----

// Rows shorter than a vector (the image's 6 columns, VL = 8): the wide grid. Vectors run
// along the image's plane (rows and columns collapsed), at positions oh * 6 + ow: 3 vectors
// per image of 4 x 4 outputs (22 positions), the last moved left to start at 14 so that its
// reads end in the plane (14 + 7 + 2 * 6 + 2 = 35). F = 8 takes 4 rows x 3 vectors (the
// fewest vectors computed), each stored whole to a scratch plane of 4 rows of 6; then each
// of C's rows is copied from it through the epilogue, one masked vector of 4 lanes.
#x = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>
#w = affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#o = affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>
#id = affine_map<(n, f, oh, ow) -> (n, f, oh, ow)>
#bias = affine_map<(n, f, oh, ow) -> (f)>
func.func @wide(%x: memref<?x3x6x6xf32>, %w: memref<8x3x3x3xf32>, %c: memref<?x8x4x4xf32>, %b: memref<8xf32>) {
  tensor.generic {indexing_maps = [#id],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%c : memref<?x8x4x4xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [#x, #w, #o],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel",
                                    "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<?x3x6x6xf32>, memref<8x3x3x3xf32>) outs(%c : memref<?x8x4x4xf32>) {
  ^bb0(%a: f32, %v: f32, %acc: f32):
    %p = arith.mulf %a, %v : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  tensor.generic {indexing_maps = [#bias, #id],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<8xf32>) outs(%c : memref<?x8x4x4xf32>) {
  ^bb0(%bv: f32, %o: f32):
    %t = arith.addf %o, %bv : f32
    tensor.yield %t : f32
  }
  return
}
// CHECK-LABEL: func.func @wide(
// CHECK-SAME:      %[[X:[a-z0-9]+]]: memref<?x3x6x6xf32>, %[[W:[a-z0-9]+]]: memref<8x3x3x3xf32>, %[[C:[a-z0-9]+]]: memref<?x8x4x4xf32>, %[[B:[a-z0-9]+]]: memref<8xf32>
// CHECK-NOT:     tensor.generic
// CHECK:         %[[PLANE:.*]] = memref.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : memref<?x3x6x6xf32> into memref<?x3x36xf32>
// CHECK:         %[[SCRATCH:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?x8x24xf32>
// CHECK:         scf.parallel (%[[T:.*]], %[[FB:.*]]) = (%c0, %c0) to (%{{.*}}, %c2) step (%c1, %c1) {
// CHECK:           arith.minsi %{{.*}}, %c14 : index
// CHECK:           scf.for %[[CH:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK:             scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK:               scf.for %[[KW:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK:                 vector.load %[[PLANE]][%{{.*}}, %[[CH]], %{{.*}}] : memref<?x3x36xf32>, vector<8xf32>
// CHECK-NOT:             vector.maskedload
// CHECK-COUNT-12:        vector.fma
// CHECK-COUNT-12:  vector.store %{{.*}}, %[[SCRATCH]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<?x8x24xf32>, vector<8xf32>
// CHECK:         scf.parallel (%[[N:.*]], %[[F:.*]], %[[OH:.*]]) = (%c0, %c0, %c0) to (%{{.*}}, %c8, %c4) step (%c1, %c1, %c1) {
// CHECK:           %[[MASK:.*]] = vector.constant_mask [4] : vector<8xi1>
// CHECK:           %[[START:.*]] = arith.muli %[[OH]], %c6 : index
// CHECK:           %[[SUMS:.*]] = vector.maskedload %[[SCRATCH]][%[[N]], %[[F]], %[[START]]], %[[MASK]]
// CHECK:           memref.load %[[B]][%[[F]]] : memref<8xf32>
// CHECK:           vector.maskedstore %[[C]][%[[N]], %[[F]], %[[OH]], %c0], %[[MASK]]
// CHECK:         memref.dealloc %[[SCRATCH]] : memref<?x8x24xf32>

// -----

// Left to the unpacked lowering (masked loads and stores on the last panel): no zero
// fill to fold (the stores of a row's last vector would add its overlap twice), and an
// output width below one vector.
#x = affine_map<(f, oh, ow, c, kh, kw) -> (c, oh + kh, ow + kw)>
#w = affine_map<(f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>
#o = affine_map<(f, oh, ow, c, kh, kw) -> (f, oh, ow)>
#id = affine_map<(f, oh, ow) -> (f, oh, ow)>
func.func @accumulating(%x: memref<3x6x12xf32>, %w: memref<8x3x3x3xf32>, %c: memref<8x4x10xf32>) {
  tensor.generic {indexing_maps = [#x, #w, #o],
                  iterator_types = ["parallel", "parallel", "parallel",
                                    "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<3x6x12xf32>, memref<8x3x3x3xf32>) outs(%c : memref<8x4x10xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @accumulating(
// CHECK:         vector.maskedload
// CHECK:         return

func.func @narrow(%x: memref<3x6x6xf32>, %w: memref<8x3x3x3xf32>, %c: memref<8x4x4xf32>) {
  tensor.generic {indexing_maps = [#id],
                  iterator_types = ["parallel", "parallel", "parallel"]}
      outs(%c : memref<8x4x4xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [#x, #w, #o],
                  iterator_types = ["parallel", "parallel", "parallel",
                                    "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<3x6x6xf32>, memref<8x3x3x3xf32>) outs(%c : memref<8x4x4xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
// CHECK-LABEL: func.func @narrow(
// CHECK:         vector.maskedload
// CHECK:         return
