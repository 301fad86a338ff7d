// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-tile-contractions{mr=2 nr=16 kc=4 mc=4 vector-bits=256},canonicalize,cse' --split-input-file | filecheck %s
// RUN: mlc-opt %s -p 'tensor-tile-contractions{parallel=false vector-bits=256}' --split-input-file | filecheck %s --check-prefix=SEQ

// A 10x5 @ 5x20 matmul after its zero fill (five blocks of MR = 2 rows: B is packed; with
// four or fewer, B's rows would be read in place), in 2x16 register blocks (two vector<8xf32> per
// row), k blocks of 4 and row blocks of 4. B is packed into zero-padded 16-column panels
// (masked loads: 20 is not a multiple of 16), A's row blocks row by row (masked vector
// copies of each row's k block: 5 is not a multiple of 8), both on threads; the fill is folded (the accumulators start at zero in the first k block).
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:.+]]: memref<10x5xf32>, %[[B:.+]]: memref<5x20xf32>, %[[C:.+]]: memref<10x20xf32>)
// CHECK-NOT: tensor.generic
// CHECK: %[[BP:.+]] = memref.alloc() {alignment = 64 : i64} : memref<2x5x16xf32>
// CHECK: scf.parallel (%[[JP:.+]]) =
// CHECK: scf.for %[[K:.+]] =
// CHECK: %[[ROW:.+]] = vector.maskedload %[[B]][%[[K]], %{{.+}}], %{{.+}}, %{{.+}} : memref<5x20xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: vector.store %[[ROW]], %[[BP]][%[[JP]], %[[K]], %{{.+}}] : memref<2x5x16xf32>, vector<8xf32>
// CHECK: scf.reduce
// CHECK: scf.parallel (%{{.+}}) =
// CHECK: %[[AP:.+]] = memref.alloc() {alignment = 64 : i64} : memref<2x2x4xf32>
// CHECK: %[[ROWA:.+]] = vector.maskedload %[[A]]
// CHECK-NEXT: vector.maskedstore %[[AP]][{{.+}}], %{{.+}}, %[[ROWA]] : memref<2x2x4xf32>
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
func.func @matmul(%a: memref<10x5xf32>, %b: memref<5x20xf32>, %c: memref<10x20xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<10x20xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<10x5xf32>, memref<5x20xf32>) outs(%c : memref<10x20xf32>) {
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
// CHECK-SAME: %[[BIAS:[^:]+]]: memref<20xf32>, %[[C:.+]]: memref<10x20xf32>)
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
func.func @matmul_epilogue(%a: memref<10x5xf32>, %b: memref<5x20xf32>, %bias: memref<20xf32>,
                           %c: memref<10x20xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<10x20xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<10x5xf32>, memref<5x20xf32>) outs(%c : memref<10x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<20xf32>) outs(%c : memref<10x20xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %s = arith.addf %acc, %x : f32
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %s, %zero : f32
    tensor.yield %r : f32
  }
  return
}

// -----

// B passed to a private kernel from a constant global by its one caller: its panels are
// packed at compile time into a constant global (two 16-column panels of 5 rows, zero
// past column 20) that the kernel reads; no panel buffer is allocated or filled per call.
// CHECK-LABEL: memref.global "private" constant @weights_panels16 : memref<2x5x16xf32> = dense<
// CHECK-LABEL: func.func private @packed_kernel(
// CHECK: %[[BP:.+]] = memref.get_global @weights_panels16 : memref<2x5x16xf32>
// CHECK-NOT: memref.alloc() {{alignment = 64 : i64}} : memref<2x5x16xf32>
// CHECK: vector.load %[[BP]]
memref.global "private" constant @weights : memref<5x20xf32> = dense<"0x000000000000003E0000803E0000C03E0000003F0000203F0000403F0000603F0000803F0000903F0000A03F0000B03F0000C03F0000D03F0000E03F0000F03F0000004000000840000010400000184000002040000028400000304000003840000040400000484000005040000058400000604000006840000070400000784000008040000084400000884000008C4000009040000094400000984000009C400000A0400000A4400000A8400000AC400000B0400000B4400000B8400000BC400000C0400000C4400000C8400000CC400000D0400000D4400000D8400000DC400000E0400000E4400000E8400000EC400000F0400000F4400000F8400000FC40000000410000024100000441000006410000084100000A4100000C4100000E41000010410000124100001441000016410000184100001A4100001C4100001E41000020410000224100002441000026410000284100002A4100002C4100002E41000030410000324100003441000036410000384100003A4100003C4100003E4100004041000042410000444100004641">
func.func @caller(%a: memref<10x5xf32>, %c: memref<10x20xf32>) {
  %b = memref.get_global @weights : memref<5x20xf32>
  call @packed_kernel(%a, %b, %c) : (memref<10x5xf32>, memref<5x20xf32>, memref<10x20xf32>) -> ()
  return
}
func.func private @packed_kernel(%a: memref<10x5xf32>, %b: memref<5x20xf32>, %c: memref<10x20xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<10x20xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<10x5xf32>, memref<5x20xf32>) outs(%c : memref<10x20xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
