// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-tile-contractions{mr=2 nr=16 kc=4 mc=4 vector-bits=256},canonicalize,cse' --split-input-file | filecheck %s
// RUN: mlc-opt %s -p 'tensor-tile-contractions{parallel=false vector-bits=256}' --split-input-file | filecheck %s --check-prefix=SEQ

// A 6x5 @ 5x20 matmul after its zero fill, in 2x16 register blocks (two vector<8xf32> per
// row), k blocks of 4 and row blocks of 4. B is packed into zero-padded 16-column panels
// (masked loads: 20 is not a multiple of 16), A into 2-row panels per row block, both on
// threads; the fill is folded (the accumulators start at zero in the first k block).
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:.+]]: memref<6x5xf32>, %[[B:.+]]: memref<5x20xf32>, %[[C:.+]]: memref<6x20xf32>)
// CHECK-NOT: tensor.generic
// CHECK: %[[BP:.+]] = memref.alloc() {alignment = 64 : i64} : memref<2x5x16xf32>
// CHECK: scf.parallel (%[[JP:.+]]) =
// CHECK: scf.for %[[K:.+]] =
// CHECK: %[[ROW:.+]] = vector.maskedload %[[B]][%[[K]], %{{.+}}], %{{.+}}, %{{.+}} : memref<5x20xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: vector.store %[[ROW]], %[[BP]][%[[JP]], %[[K]], %{{.+}}] : memref<2x5x16xf32>, vector<8xf32>
// CHECK: scf.reduce
// CHECK: scf.parallel (%{{.+}}) =
// CHECK: %[[AP:.+]] = memref.alloc() {alignment = 64 : i64} : memref<2x4x2xf32>
// CHECK: memref.load %[[A]]
// CHECK: memref.store %{{.+}}, %[[AP]]
// CHECK: arith.cmpi ne, %{{.+}}, %c0 : index
// CHECK: vector.load %[[C]]
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args({{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK: %[[B0:.+]] = vector.load %[[BP]][{{.+}}] : memref<2x5x16xf32>, vector<8xf32>
// CHECK-NEXT: %[[B1:.+]] = vector.load %[[BP]][{{.+}}] : memref<2x5x16xf32>, vector<8xf32>
// CHECK-NEXT: %[[A0:.+]] = memref.load %[[AP]]
// CHECK-NEXT: %[[S0:.+]] = vector.broadcast %[[A0]] : f32 to vector<8xf32>
// CHECK-NEXT: vector.fma %[[S0]], %[[B0]], %{{.+}} : vector<8xf32>
// CHECK-NEXT: vector.fma %[[S0]], %[[B1]], %{{.+}} : vector<8xf32>
// CHECK: vector.store %{{.+}}, %[[C]]
// CHECK: vector.maskedstore %[[C]]
// CHECK: memref.dealloc %[[AP]]
// CHECK: memref.dealloc %[[BP]]
// SEQ-LABEL: func.func @matmul(
// SEQ-NOT: scf.parallel
// SEQ: vector.fma
// SEQ-NOT: tensor.generic
func.func @matmul(%a: memref<6x5xf32>, %b: memref<5x20xf32>, %c: memref<6x20xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<6x20xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<6x5xf32>, memref<5x20xf32>) outs(%c : memref<6x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}

// -----

// Not a contraction (no reduction): left for convert-tensor-to-loops.
// CHECK-LABEL: func.func @add(
// CHECK: tensor.generic
// SEQ-LABEL: func.func @add(
// SEQ: tensor.generic
func.func @add(%a: memref<4xf32>, %b: memref<4xf32>, %c: memref<4xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a, %b : memref<4xf32>, memref<4xf32>) outs(%c : memref<4xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    tensor.yield %s : f32
  }
  return
}

// -----

// The element-wise generic that updates C in place right after the contraction (bias +
// relu, as graph-fuse-kernels leaves it) is applied to the accumulators in the last k
// block, on vectors: the bias read along C's columns (masked on the last panel), no second
// pass over C.
// CHECK-LABEL: func.func @matmul_epilogue(
// CHECK-SAME: %[[BIAS:[^:]+]]: memref<20xf32>, %[[C:.+]]: memref<6x20xf32>)
// CHECK-NOT: tensor.generic
// CHECK: %[[LAST:.+]] = arith.cmpi sge
// CHECK: vector.fma
// CHECK: scf.if %[[LAST]] -> (vector<8xf32>, vector<8xf32>) {
// CHECK-NEXT: %[[B0:.+]] = vector.load %[[BIAS]][%{{.+}}] : memref<20xf32>, vector<8xf32>
// CHECK-NEXT: %[[S0:.+]] = arith.addf %{{.+}}, %[[B0]] : vector<8xf32>
// CHECK-NEXT: arith.maximumf %[[S0]], %{{.+}} : vector<8xf32>
// CHECK: vector.store %{{.+}}, %[[C]]
// CHECK: vector.maskedload %[[BIAS]]
// CHECK: vector.maskedstore %[[C]]
// SEQ-LABEL: func.func @matmul_epilogue(
// SEQ-NOT: tensor.generic
func.func @matmul_epilogue(%a: memref<6x5xf32>, %b: memref<5x20xf32>, %bias: memref<20xf32>,
                           %c: memref<6x20xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<6x20xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<6x5xf32>, memref<5x20xf32>) outs(%c : memref<6x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<20xf32>) outs(%c : memref<6x20xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %s, %zero : f32
    tensor.yield %r : f32
  }
  return
}
