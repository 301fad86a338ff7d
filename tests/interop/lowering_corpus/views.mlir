// Views of memrefs: subview, expand_shape, collapse_shape and extract_strided_metadata through
// expand-strided-metadata, lowered with reinterpret_cast and view by finalize-memref-to-llvm.
func.func @subview_load(%a: memref<8x16xf32>, %i: index, %j: index) -> f32 {
  %c1 = arith.constant 1 : index
  %s = memref.subview %a[%i, 2] [4, 4] [1, 2] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 2], offset: ?>>
  %v = memref.load %s[%c1, %j] : memref<4x4xf32, strided<[16, 2], offset: ?>>
  return %v : f32
}

// -----
func.func @subview_dynamic(%a: memref<?x?xf32, strided<[?, ?], offset: ?>>, %i: index, %j: index, %n: index) -> memref<?x4xf32, strided<[?, ?], offset: ?>> {
  %s = memref.subview %a[%i, %j] [%n, 4] [2, 3] : memref<?x?xf32, strided<[?, ?], offset: ?>> to memref<?x4xf32, strided<[?, ?], offset: ?>>
  return %s : memref<?x4xf32, strided<[?, ?], offset: ?>>
}

// -----
func.func @subview_rank_reducing(%a: memref<4x8x16xf32>, %i: index, %v: f32) -> memref<8xf32, strided<[16], offset: ?>> {
  %s = memref.subview %a[1, 0, %i] [1, 8, 1] [1, 1, 1] : memref<4x8x16xf32> to memref<8xf32, strided<[16], offset: ?>>
  %c3 = arith.constant 3 : index
  memref.store %v, %s[%c3] : memref<8xf32, strided<[16], offset: ?>>
  return %s : memref<8xf32, strided<[16], offset: ?>>
}

// -----
func.func @subview_chain(%a: memref<8x16xf32>, %i: index, %j: index) -> f32 {
  %s = memref.subview %a[%i, 2] [4, 8] [1, 1] : memref<8x16xf32> to memref<4x8xf32, strided<[16, 1], offset: ?>>
  %t = memref.subview %s[1, %j] [2, 2] [2, 2] : memref<4x8xf32, strided<[16, 1], offset: ?>> to memref<2x2xf32, strided<[32, 2], offset: ?>>
  %c1 = arith.constant 1 : index
  %v = memref.load %t[%c1, %c1] : memref<2x2xf32, strided<[32, 2], offset: ?>>
  return %v : f32
}

// -----
func.func @reshapes(%a: memref<8x16xf32>) -> f32 {
  %e = memref.expand_shape %a [[0, 1], [2]] output_shape [2, 4, 16] : memref<8x16xf32> into memref<2x4x16xf32>
  %c = memref.collapse_shape %e [[0], [1, 2]] : memref<2x4x16xf32> into memref<2x64xf32>
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %v = memref.load %c[%c1, %c5] : memref<2x64xf32>
  return %v : f32
}

// -----
func.func @reshapes_dynamic(%a: memref<?x16xf32>, %n: index, %b: memref<?x?x4xf32, strided<[?, ?, ?], offset: ?>>) -> (memref<?x4x16xf32>, memref<?x4xf32, strided<[?, ?], offset: ?>>) {
  %e = memref.expand_shape %a [[0, 1], [2]] output_shape [%n, 4, 16] : memref<?x16xf32> into memref<?x4x16xf32>
  %c = memref.collapse_shape %b [[0, 1], [2]] : memref<?x?x4xf32, strided<[?, ?, ?], offset: ?>> into memref<?x4xf32, strided<[?, ?], offset: ?>>
  return %e, %c : memref<?x4x16xf32>, memref<?x4xf32, strided<[?, ?], offset: ?>>
}

// -----
func.func @metadata_of_views(%a: memref<8x16xf32>, %i: index) -> (index, index, index) {
  %s = memref.subview %a[%i, 2] [4, 4] [1, 2] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 2], offset: ?>>
  %b, %o, %sz:2, %st:2 = memref.extract_strided_metadata %s : memref<4x4xf32, strided<[16, 2], offset: ?>> -> memref<f32>, index, index, index, index, index
  %r = memref.reinterpret_cast %b to offset: [%o], sizes: [16], strides: [1] : memref<f32> to memref<16xf32, strided<[1], offset: ?>>
  %b2, %o2, %sz2, %st2 = memref.extract_strided_metadata %r : memref<16xf32, strided<[1], offset: ?>> -> memref<f32>, index, index, index
  return %o, %st#1, %o2 : index, index, index
}

// -----
func.func @metadata_of_buffers(%n: index, %m: memref<4x?xf32>) -> (index, index, index, index) {
  %a = memref.alloc(%n) : memref<4x?x8xf32>
  %b, %o, %sz:3, %st:3 = memref.extract_strided_metadata %a : memref<4x?x8xf32> -> memref<f32>, index, index, index, index, index, index, index
  %c = memref.cast %m : memref<4x?xf32> to memref<?x?xf32>
  %b2, %o2, %sz2:2, %st2:2 = memref.extract_strided_metadata %c : memref<?x?xf32> -> memref<f32>, index, index, index, index, index
  memref.dealloc %a : memref<4x?x8xf32>
  return %st#0, %sz#1, %sz2#0, %st2#0 : index, index, index, index
}

// -----
func.func @view_and_dim(%buffer: memref<2048xi8>, %shift: index, %n: index, %a: memref<?x?xf32, strided<[?, ?], offset: ?>>) -> (f32, index) {
  %v = memref.view %buffer[%shift][%n] : memref<2048xi8> to memref<?x4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x = memref.load %v[%c1, %c0] : memref<?x4xf32>
  %s = memref.subview %a[0, 0] [%n, 2] [1, 1] : memref<?x?xf32, strided<[?, ?], offset: ?>> to memref<?x2xf32, strided<[?, ?], offset: ?>>
  %d = memref.dim %s, %c0 : memref<?x2xf32, strided<[?, ?], offset: ?>>
  return %x, %d : f32, index
}

// -----
func.func @copy_strided(%a: memref<8x16xf32>, %b: memref<4x4xf32>, %i: index) {
  %s = memref.subview %a[%i, 0] [4, 4] [1, 4] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 4], offset: ?>>
  memref.copy %s, %b : memref<4x4xf32, strided<[16, 4], offset: ?>> to memref<4x4xf32>
  %u = memref.cast %b : memref<4x4xf32> to memref<*xf32>
  %r = memref.cast %u : memref<*xf32> to memref<4x4xf32>
  return
}
