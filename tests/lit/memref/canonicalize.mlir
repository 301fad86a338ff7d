// RUN: mlc-opt %s --canonicalize --split-input-file --allow-unregistered-dialect | filecheck %s

// memref folds and canonicalization patterns of MLIR 19 that lowering relies on.

// dim folds to a static size, to the size operand of the allocation, through casts; rank of
// a ranked memref is a constant.
// CHECK-LABEL: func.func @dim
// CHECK-DAG:     %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG:     %[[C4:.+]] = arith.constant 4 : index
// CHECK:         return %[[C4]], %arg0, %[[C4]], %[[C2]], %arg0
func.func @dim(%n: index) -> (index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc(%n) : memref<4x?xf32>
  %d0 = memref.dim %a, %c0 : memref<4x?xf32>
  %d1 = memref.dim %a, %c1 : memref<4x?xf32>
  %c = memref.cast %a : memref<4x?xf32> to memref<?x?xf32>
  %d2 = memref.dim %c, %c0 : memref<?x?xf32>
  %r = memref.rank %c : memref<?x?xf32>
  %s = memref.alloca(%n) : memref<?xf32>
  %d3 = memref.dim %s, %c0 : memref<?xf32>
  "test.use"(%a, %s) : (memref<4x?xf32>, memref<?xf32>) -> ()
  return %d0, %d1, %d2, %r, %d3 : index, index, index, index, index
}

// -----

// dim of a view or a rank-reducing subview is the size operand that made the dim.
// CHECK-LABEL: func.func @dim_of_views
// CHECK-NEXT:    return %arg2, %arg2
func.func @dim_of_views(%b: memref<2048xi8>, %i: index, %n: index, %m: memref<8x?xf32>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %v = memref.view %b[%i][%n] : memref<2048xi8> to memref<?x4xf32>
  %d = memref.dim %v, %c0 : memref<?x4xf32>
  %s = memref.subview %m[0, 0] [1, %n] [1, 1] : memref<8x?xf32> to memref<?xf32, strided<[1]>>
  %e = memref.dim %s, %c0 : memref<?xf32, strided<[1]>>
  return %d, %e : index, index
}

// -----

// Constant non-negative sizes become static; a cast keeps the old type.
// CHECK-LABEL: func.func @alloc_constant_sizes
// CHECK:         %[[A:.+]] = memref.alloc(%{{.+}}) : memref<4x?xf32>
// CHECK-NEXT:    %[[C:.+]] = memref.cast %[[A]] : memref<4x?xf32> to memref<?x?xf32>
// CHECK-NEXT:    return %[[C]]
func.func @alloc_constant_sizes() -> memref<?x?xf32> {
  %c4 = arith.constant 4 : index
  %m1 = arith.constant -1 : index
  %a = memref.alloc(%c4, %m1) : memref<?x?xf32>
  return %a : memref<?x?xf32>
}

// -----

// Allocations that are only stored into and freed go, with those users.
// CHECK-LABEL: func.func @dead_allocations
// CHECK-NEXT:    return
func.func @dead_allocations(%v: f32, %i: index) {
  %a = memref.alloc() : memref<4xf32>
  memref.store %v, %a[%i] : memref<4xf32>
  memref.dealloc %a : memref<4xf32>
  %b = memref.alloca() : memref<4xf32>
  return
}

// -----

// A buffer that escapes, or is read, stays.
// CHECK-LABEL: func.func @live_allocations
// CHECK:         memref.alloc
// CHECK:         memref.store
// CHECK:         memref.alloc
// CHECK:         memref.load
func.func @live_allocations(%p: memref<1xmemref<4xf32>>, %i: index) -> f32 {
  %a = memref.alloc() : memref<4xf32>
  memref.store %a, %p[%i] : memref<1xmemref<4xf32>>
  %b = memref.alloc() : memref<4xf32>
  %x = memref.load %b[%i] : memref<4xf32>
  return %x : f32
}

// -----

// Loads, stores, atomics and deallocs use the source of a ranked cast; casts of casts
// collapse, and identity casts vanish.
// CHECK-LABEL: func.func @cast_consumers
// CHECK-NEXT:    %[[X:.+]] = memref.load %arg0[%arg1] : memref<4xf32>
// CHECK-NEXT:    memref.store %arg2, %arg0[%arg1] : memref<4xf32>
// CHECK-NEXT:    memref.atomic_rmw addf %arg2, %arg0[%arg1] : (f32, memref<4xf32>) -> f32
// CHECK-NEXT:    memref.dealloc %arg0 : memref<4xf32>
// CHECK-NEXT:    %[[C:.+]] = memref.cast %arg0 : memref<4xf32> to memref<?xf32>
// CHECK-NEXT:    return %[[X]], %[[C]]
func.func @cast_consumers(%m: memref<4xf32>, %i: index, %v: f32) -> (f32, memref<?xf32>) {
  %c = memref.cast %m : memref<4xf32> to memref<?xf32>
  %x = memref.load %c[%i] : memref<?xf32>
  memref.store %v, %c[%i] : memref<?xf32>
  %y = memref.atomic_rmw addf %v, %c[%i] : (f32, memref<?xf32>) -> f32
  memref.dealloc %c : memref<?xf32>
  %u = memref.cast %m : memref<4xf32> to memref<*xf32>
  %r = memref.cast %u : memref<*xf32> to memref<?xf32>
  %s = memref.cast %r : memref<?xf32> to memref<?xf32>
  return %x, %s : f32, memref<?xf32>
}

// -----

// Copies look through casts; copies to themselves or of nothing go.
// CHECK-LABEL: func.func @copies
// CHECK-NEXT:    memref.copy %arg0, %arg1 : memref<?xf32> to memref<4xf32>
// CHECK-NEXT:    return
func.func @copies(%m: memref<?xf32>, %t: memref<4xf32>, %e: memref<0xf32>, %f: memref<0xf32>) {
  memref.copy %t, %t : memref<4xf32> to memref<4xf32>
  %c = memref.cast %m : memref<?xf32> to memref<4xf32>
  memref.copy %c, %t : memref<4xf32> to memref<4xf32>
  memref.copy %e, %f : memref<0xf32> to memref<0xf32>
  return
}

// -----

// Constant offsets, sizes and strides of a subview become static, in the result type;
// a cast keeps the old type.
// CHECK-LABEL: func.func @subview_constants
// CHECK:         %[[S:.+]] = memref.subview %arg0[%arg1, 0] [1, 4] [1, 1] : memref<8x8xf32> to memref<4xf32, strided<[1], offset: ?>>
// CHECK-NEXT:    %[[C:.+]] = memref.cast %[[S]] : memref<4xf32, strided<[1], offset: ?>> to memref<?xf32, strided<[?], offset: ?>>
// CHECK-NEXT:    return %[[C]]
func.func @subview_constants(%m: memref<8x8xf32>, %i: index) -> memref<?xf32, strided<[?], offset: ?>> {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %s = memref.subview %m[%i, 0] [1, %c4] [1, %c1] : memref<8x8xf32> to memref<?xf32, strided<[?], offset: ?>>
  return %s : memref<?xf32, strided<[?], offset: ?>>
}

// -----

// A subview of all of a static source is the source (cast when the layouts differ); a
// subview of a subview taking all of it again is the inner one.
// CHECK-LABEL: func.func @trivial_subviews
// CHECK-NEXT:    %[[C:.+]] = memref.cast %arg0 : memref<8x8xf32> to memref<8x8xf32, strided<[8, 1]>>
// CHECK-NEXT:    %[[S:.+]] = memref.subview %arg0[%arg1, 0] [4, 4] [1, 1]
// CHECK-NEXT:    return %[[C]], %arg0, %[[S]]
func.func @trivial_subviews(%m: memref<8x8xf32>, %i: index) -> (memref<8x8xf32, strided<[8, 1]>>, memref<8x8xf32>, memref<4x4xf32, strided<[8, 1], offset: ?>>) {
  %a = memref.subview %m[0, 0] [8, 8] [1, 1] : memref<8x8xf32> to memref<8x8xf32, strided<[8, 1]>>
  %b = memref.subview %m[0, 0] [8, 8] [1, 1] : memref<8x8xf32> to memref<8x8xf32>
  %s = memref.subview %m[%i, 0] [4, 4] [1, 1] : memref<8x8xf32> to memref<4x4xf32, strided<[8, 1], offset: ?>>
  %t = memref.subview %s[0, 0] [4, 4] [1, 1] : memref<4x4xf32, strided<[8, 1], offset: ?>> to memref<4x4xf32, strided<[8, 1], offset: ?>>
  return %a, %b, %t : memref<8x8xf32, strided<[8, 1]>>, memref<8x8xf32>, memref<4x4xf32, strided<[8, 1], offset: ?>>
}

// -----

// A subview of a cast that only forgot static sizes works on the cast's source.
// CHECK-LABEL: func.func @subview_of_cast
// CHECK-NEXT:    %[[S:.+]] = memref.subview %arg0[%arg1, %arg1] [3, 4] [1, 1] : memref<16x16xf32> to memref<3x4xf32, strided<[16, 1], offset: ?>>
// CHECK-NEXT:    %[[C:.+]] = memref.cast %[[S]] : memref<3x4xf32, strided<[16, 1], offset: ?>> to memref<3x4xf32, strided<[?, 1], offset: ?>>
// CHECK-NEXT:    return %[[C]]
func.func @subview_of_cast(%m: memref<16x16xf32>, %i: index) -> memref<3x4xf32, strided<[?, 1], offset: ?>> {
  %c = memref.cast %m : memref<16x16xf32> to memref<?x?xf32>
  %s = memref.subview %c[%i, %i] [3, 4] [1, 1] : memref<?x?xf32> to memref<3x4xf32, strided<[?, 1], offset: ?>>
  return %s : memref<3x4xf32, strided<[?, 1], offset: ?>>
}

// -----

// Constant view sizes become static; a view of a cast allocation views the allocation.
// CHECK-LABEL: func.func @views
// CHECK:         %[[V:.+]] = memref.view %arg0[%arg1][%arg1] : memref<2048xi8> to memref<4x?xf32>
// CHECK-NEXT:    %[[C:.+]] = memref.cast %[[V]] : memref<4x?xf32> to memref<?x?xf32>
// CHECK-NEXT:    %[[A:.+]] = memref.alloc() : memref<2048xi8>
// CHECK-NEXT:    %[[W:.+]] = memref.view %[[A]][%arg1][] : memref<2048xi8> to memref<4xf32>
// CHECK-NEXT:    return %[[C]], %[[W]]
func.func @views(%b: memref<2048xi8>, %i: index) -> (memref<?x?xf32>, memref<4xf32>) {
  %c4 = arith.constant 4 : index
  %v = memref.view %b[%i][%c4, %i] : memref<2048xi8> to memref<?x?xf32>
  %a = memref.alloc() : memref<2048xi8>
  %c = memref.cast %a : memref<2048xi8> to memref<?xi8>
  %w = memref.view %c[%i][] : memref<?xi8> to memref<4xf32>
  return %v, %w : memref<?x?xf32>, memref<4xf32>
}

// -----

// Reshapes that undo each other fold; reshapes of one kind in a row compose.
// CHECK-LABEL: func.func @reshapes
// CHECK-NEXT:    %[[C:.+]] = memref.collapse_shape %arg2 {{\[\[}}0, 1, 2]] : memref<2x3x4xf32> into memref<24xf32>
// CHECK-NEXT:    %[[E:.+]] = memref.expand_shape %[[C]] {{\[\[}}0, 1, 2]] output_shape [4, 3, 2] : memref<24xf32> into memref<4x3x2xf32>
// CHECK-NEXT:    return %arg0, %arg1, %[[E]]
func.func @reshapes(%m: memref<4x8xf32>, %n: memref<?x8xf32>, %t: memref<2x3x4xf32>, %k: index) -> (memref<4x8xf32>, memref<?x8xf32>, memref<4x3x2xf32>) {
  %c = memref.collapse_shape %m [[0, 1]] : memref<4x8xf32> into memref<32xf32>
  %e = memref.expand_shape %c [[0, 1]] output_shape [4, 8] : memref<32xf32> into memref<4x8xf32>
  %x = memref.expand_shape %n [[0, 1], [2]] output_shape [%k, 2, 8] : memref<?x8xf32> into memref<?x2x8xf32>
  %y = memref.collapse_shape %x [[0, 1], [2]] : memref<?x2x8xf32> into memref<?x8xf32>
  %p = memref.collapse_shape %t [[0, 1], [2]] : memref<2x3x4xf32> into memref<6x4xf32>
  %q = memref.collapse_shape %p [[0, 1]] : memref<6x4xf32> into memref<24xf32>
  %r = memref.expand_shape %q [[0, 1]] output_shape [12, 2] : memref<24xf32> into memref<12x2xf32>
  %s = memref.expand_shape %r [[0, 1], [2]] output_shape [4, 3, 2] : memref<12x2xf32> into memref<4x3x2xf32>
  return %e, %y, %s : memref<4x8xf32>, memref<?x8xf32>, memref<4x3x2xf32>
}

// -----

// A collapse of a cast works on the cast's source.
// CHECK-LABEL: func.func @collapse_of_cast
// CHECK-NEXT:    %[[C:.+]] = memref.collapse_shape %arg0 {{\[\[}}0, 1]] : memref<4x8xf32> into memref<32xf32>
// CHECK-NEXT:    %[[D:.+]] = memref.cast %[[C]] : memref<32xf32> to memref<?xf32>
// CHECK-NEXT:    return %[[D]]
func.func @collapse_of_cast(%m: memref<4x8xf32>) -> memref<?xf32> {
  %c = memref.cast %m : memref<4x8xf32> to memref<?x8xf32>
  %d = memref.collapse_shape %c [[0, 1]] : memref<?x8xf32> into memref<?xf32>
  return %d : memref<?xf32>
}

// -----

// reinterpret_cast looks through reinterpret_casts and casts to the buffer; one that changes
// nothing of a static memref is its source.
// CHECK-LABEL: func.func @reinterpret_casts
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG:     %[[R:.+]] = memref.reinterpret_cast %arg0 to offset: [0], sizes: [32], strides: [1] : memref<4x8xf32> to memref<32xf32>
// CHECK-DAG:     %[[U:.+]] = memref.reinterpret_cast %arg1 to offset: [%[[C1]]], sizes: [8], strides: [1] : memref<*xf32> to memref<8xf32, strided<[1], offset: ?>>
// CHECK:         return %[[R]], %arg0, %arg0, %[[U]]
func.func @reinterpret_casts(%m: memref<4x8xf32>, %u: memref<*xf32>) -> (memref<32xf32>, memref<4x8xf32>, memref<4x8xf32>, memref<8xf32, strided<[1], offset: ?>>) {
  %r = memref.reinterpret_cast %m to offset: [0], sizes: [32], strides: [1] : memref<4x8xf32> to memref<32xf32>
  %r2 = memref.reinterpret_cast %r to offset: [0], sizes: [4, 8], strides: [8, 1] : memref<32xf32> to memref<4x8xf32>
  %r3 = memref.reinterpret_cast %m to offset: [0], sizes: [4, 8], strides: [8, 1] : memref<4x8xf32> to memref<4x8xf32>
  %c = memref.cast %u : memref<*xf32> to memref<?xf32>
  %c1 = arith.constant 1 : index
  %r4 = memref.reinterpret_cast %c to offset: [%c1], sizes: [8], strides: [1] : memref<?xf32> to memref<8xf32, strided<[1], offset: ?>>
  return %r, %r2, %r3, %r4 : memref<32xf32>, memref<4x8xf32>, memref<4x8xf32>, memref<8xf32, strided<[1], offset: ?>>
}

// -----

// Metadata the type states becomes constants; rebuilding the memref from its own metadata
// gives the memref back (cast to the new type).
// CHECK-LABEL: func.func @metadata
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK:         %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %arg0
// CHECK-NEXT:    %[[C:.+]] = memref.cast %arg0 : memref<4x?xf32> to memref<?x?xf32>
// CHECK-NEXT:    return %[[C0]], %[[C4]], %sizes#1, %strides#0, %[[C1]], %arg0, %[[C]]
func.func @metadata(%m: memref<4x?xf32>) -> (index, index, index, index, index, memref<4x?xf32>, memref<?x?xf32>) {
  %base, %off, %sz:2, %st:2 = memref.extract_strided_metadata %m : memref<4x?xf32> -> memref<f32>, index, index, index, index, index
  %r = memref.reinterpret_cast %base to offset: [%off], sizes: [%sz#0, %sz#1], strides: [%st#0, %st#1] : memref<f32> to memref<4x?xf32>
  %r2 = memref.reinterpret_cast %base to offset: [%off], sizes: [%sz#0, %sz#1], strides: [%st#0, %st#1] : memref<f32> to memref<?x?xf32>
  return %off, %sz#0, %sz#1, %st#0, %st#1, %r, %r2 : index, index, index, index, index, memref<4x?xf32>, memref<?x?xf32>
}
