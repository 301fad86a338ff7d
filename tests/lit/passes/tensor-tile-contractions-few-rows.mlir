// REQUIRES: mlc
// RUN: mlc-opt %s -p 'tensor-tile-contractions{nr=32 vector-bits=256 align-b=true},canonicalize,cse' --split-input-file | filecheck %s

// With align-b: a 1x16 @ 16x40 product (few rows: B read in place, in 32-column panels of four
// vector<8xf32>) whose B rows are 40 floats apart, a whole number of vectors: they all start
// equally far from a 32-byte boundary, which the address of B's first element gives at run
// time (its aligned pointer plus its dynamic offset, in bytes). The panels start that many
// columns (0 to 7; 0 when no whole panel would follow) later, so that their loads of B are
// aligned; the first panel's block also computes the columns before them, a fifth
// accumulator from a masked load at column 0 (masked store), in the same loop. The other
// blocks are whole panels, or the last one, masked.
// CHECK-LABEL: func.func @matvec(
// CHECK-SAME: %[[A:[^:]+]]: memref<1x16xf32>, %[[B:[^:]+]]: memref<16x40xf32, strided<[40, 1], offset: ?>>, %[[C:[^:]+]]: memref<1x40xf32>)
// CHECK-NOT: tensor.generic
// CHECK: %[[PTR:.+]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: %{{.+}}, %[[OFFSET:[^,]+]], %{{.+}}:2, %{{.+}}:2 = memref.extract_strided_metadata %[[B]]
// CHECK: %[[BYTES:.+]] = arith.muli %[[OFFSET]], %c4 : index
// CHECK: %[[ADDRESS:.+]] = arith.addi %[[PTR]], %[[BYTES]] : index
// CHECK: %[[NEG:.+]] = arith.subi %c0, %[[ADDRESS]] : index
// CHECK: %[[TO:.+]] = arith.andi %[[NEG]], %c31 : index
// CHECK: %[[COLUMNS:.+]] = arith.divsi %[[TO]], %c4 : index
// CHECK: %[[END:.+]] = arith.addi %[[COLUMNS]], %c32 : index
// CHECK: %[[FOLLOWS:.+]] = arith.cmpi sle, %[[END]], %c40 : index
// CHECK: %[[PEEL:.+]] = arith.select %[[FOLLOWS]], %[[COLUMNS]], %c0 : index
// CHECK: %[[REST:.+]] = arith.subi %c71, %[[PEEL]] : index
// CHECK: %[[PANELS:.+]] = arith.divsi %[[REST]], %c32 : index
// CHECK: scf.parallel (%[[JP:[^)]+]]) = (%c0) to (%[[PANELS]]) step (%c1) {
// CHECK: %[[J:.+]] = arith.muli %[[JP]], %c32 : index
// CHECK: %[[J0:.+]] = arith.addi %[[J]], %[[PEEL]] : index
// CHECK: %[[WHOLE:.+]] = arith.cmpi sle, %{{.+}}, %c40 : index
// CHECK: %[[FIRSTPANEL:.+]] = arith.cmpi eq, %[[JP]], %c0 : index
// CHECK: %[[PEELS:.+]] = arith.cmpi sgt, %[[PEEL]], %c0 : index
// CHECK: %[[FIRST:.+]] = arith.andi %[[FIRSTPANEL]], %[[PEELS]] : i1
// CHECK: scf.if %[[FIRST]] {
// CHECK-NEXT: %[[MASK:.+]] = vector.create_mask %[[PEEL]] : vector<8xi1>
// CHECK-NEXT: scf.for %[[K:[^ ]+]] = {{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NEXT: vector.maskedload %[[B]][%[[K]], %c0], %[[MASK]]
// CHECK-NEXT: vector.load %[[B]][%[[K]], %[[J0]]]
// CHECK: vector.maskedstore %[[C]][%c0, %c0], %[[MASK]]
// CHECK-NEXT: vector.store %{{.+}}, %[[C]][%c0, %[[J0]]]
// CHECK: } else {
// CHECK-NEXT: scf.if %[[WHOLE]] {
// CHECK-NEXT: scf.for %[[K2:[^ ]+]] = {{.+}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NEXT: vector.load %[[B]][%[[K2]], %[[J0]]]
// CHECK: } else {
// CHECK: vector.maskedload %[[B]]
// CHECK: scf.reduce
func.func @matvec(%a: memref<1x16xf32>, %b: memref<16x40xf32, strided<[40, 1], offset: ?>>, %c: memref<1x40xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%c : memref<1x40xf32>) {
  ^bb0(%o: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<1x16xf32>, memref<16x40xf32, strided<[40, 1], offset: ?>>) outs(%c : memref<1x40xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}

// -----

// B's rows 10 floats apart start at different distances from a vector boundary: no peel.
// CHECK-LABEL: func.func @rows_apart(
// CHECK-NOT: memref.extract_aligned_pointer_as_index
// CHECK: vector.load %arg1
// CHECK: return
func.func @rows_apart(%a: memref<1x16xf32>, %b: memref<16x10xf32>, %c: memref<1x10xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<1x16xf32>, memref<16x10xf32>) outs(%c : memref<1x10xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    tensor.yield %s : f32
  }
  return
}
