// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-tile-contractions{mr=2 nr=16 kc=4 mc=12 vector-bits=256},canonicalize,cse' | filecheck %s

// A 10x5 @ 5x20 matmul whose 10 rows are one row block (mc = 12; five blocks of MR = 2
// rows, more than B's rows read in place would be worth). Each parallel task packs, per k
// block and panel, the KC x NR block of B it is about to use into its own 4x16 buffer,
// which the micro-kernels of all its row blocks then read: no panels of all of B, no
// parallel loop that packs them first (here one task: canonicalize inlines its loop).
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:.+]]: memref<10x5xf32>, %[[B:.+]]: memref<5x20xf32>, %[[C:.+]]: memref<10x20xf32>)
// CHECK-NOT: memref<2x5x16xf32>
// CHECK-NOT: scf.parallel
// CHECK: %[[AP:.+]] = memref.alloc() {alignment = 64 : i64} : memref<6x2x4xf32>
// CHECK: %[[BL:.+]] = memref.alloc() {alignment = 64 : i64} : memref<4x16xf32>
// CHECK: scf.for %[[PC:.+]] =
// CHECK: vector.maskedstore %[[AP]]
// CHECK: scf.for %[[JP:.+]] =
// CHECK-NEXT: arith.muli %[[JP]], %c16
// CHECK-NEXT: scf.for %[[KK:.+]] =
// CHECK-NEXT: %[[K:.+]] = arith.addi %[[PC]], %[[KK]] : index
// CHECK: %[[ROW:.+]] = vector.maskedload %[[B]][%[[K]], %{{.+}}], %{{.+}}, %{{.+}} : memref<5x20xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: vector.store %[[ROW]], %[[BL]][%[[KK]], %{{.+}}] : memref<4x16xf32>, vector<8xf32>
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args({{.+}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK: %[[B0:.+]] = vector.load %[[BL]][%{{.+}}, %c0] : memref<4x16xf32>, vector<8xf32>
// CHECK-NEXT: %[[B1:.+]] = vector.load %[[BL]][%{{.+}}, %c8] : memref<4x16xf32>, vector<8xf32>
// CHECK: vector.fma
// CHECK: memref.dealloc %[[AP]]
// CHECK-NEXT: memref.dealloc %[[BL]]
// CHECK-NOT: tensor.generic
func.func @matmul(%a: memref<10x5xf32>, %b: memref<5x20xf32>, %c: memref<10x20xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<10x5xf32>, memref<5x20xf32>) outs(%c : memref<10x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
