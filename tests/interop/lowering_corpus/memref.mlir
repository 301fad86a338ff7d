// Memref ops: allocation, access, globals, casts, views, copies, metadata.

func.func @alloc(%n: index) -> memref<4x?xf32> {
  %0 = memref.alloc(%n) : memref<4x?xf32>
  %1 = memref.alloca(%n) {alignment = 32 : i64} : memref<4x?xf32>
  %2 = memref.alloc() {alignment = 64 : i64} : memref<8xi64>
  memref.dealloc %2 : memref<8xi64>
  %c1 = arith.constant 1 : index
  %v = memref.load %0[%c1, %n] : memref<4x?xf32>
  memref.store %v, %1[%c1, %n] : memref<4x?xf32>
  return %0 : memref<4x?xf32>
}

// -----

memref.global "private" constant @cst : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
memref.global @pub : memref<4xi32> = uninitialized
memref.global "private" @ext : memref<f32>
memref.global "private" @scalar : memref<f64> = dense<2.0> {alignment = 16 : i64}
func.func @g(%m: memref<?x?xf32>, %u: memref<*xf32>, %i: index) -> (index, index, index, index) {
  %0 = memref.get_global @cst : memref<2x3xf32>
  %1 = memref.get_global @scalar : memref<f64>
  %d0 = memref.dim %m, %i : memref<?x?xf32>
  %c1 = arith.constant 1 : index
  %d1 = memref.dim %m, %c1 : memref<?x?xf32>
  %d2 = memref.dim %u, %i : memref<*xf32>
  %r = memref.rank %u : memref<*xf32>
  %r2 = memref.rank %m : memref<?x?xf32>
  %c = memref.cast %m : memref<?x?xf32> to memref<*xf32>
  %c2 = memref.cast %u : memref<*xf32> to memref<4x?xf32>
  %c3 = memref.cast %m : memref<?x?xf32> to memref<4x?xf32>
  memref.assume_alignment %m, 16 : memref<?x?xf32>
  %rc = memref.reinterpret_cast %m to offset: [%i], sizes: [10, %i], strides: [%i, 1] : memref<?x?xf32> to memref<10x?xf32, strided<[?, 1], offset: ?>>
  %rc2 = memref.reinterpret_cast %u to offset: [0], sizes: [4], strides: [1] : memref<*xf32> to memref<4xf32>
  return %d0, %d1, %d2, %r : index, index, index, index
}

// -----

func.func @c(%a: memref<4x?xf32>, %b: memref<4x?xf32>, %s: memref<4x4xf32, strided<[8, 1], offset: ?>>, %t: memref<4x4xf32, strided<[4, 1], offset: 3>>, %u: memref<*xf32>) {
  memref.copy %a, %b : memref<4x?xf32> to memref<4x?xf32>
  memref.copy %s, %t : memref<4x4xf32, strided<[8, 1], offset: ?>> to memref<4x4xf32, strided<[4, 1], offset: 3>>
  memref.copy %t, %a : memref<4x4xf32, strided<[4, 1], offset: 3>> to memref<4x?xf32>
  memref.copy %u, %a : memref<*xf32> to memref<4x?xf32>
  return
}
func.func @v(%buf: memref<2048xi8>, %o: index, %n: index, %x: f32, %i: index, %t: memref<4x4xf32, strided<[4, 1], offset: 3>>, %s: memref<4x4xf32, strided<[?, 1], offset: ?>>, %u: memref<*xf32>) -> f32 {
  %0 = memref.view %buf[%o][%n] : memref<2048xi8> to memref<?x4xf32>
  %1 = memref.view %buf[%o][] : memref<2048xi8> to memref<16x4xf32>
  %2 = memref.view %buf[%o][] : memref<2048xi8> to memref<f32>
  %3 = memref.alloca() : memref<f32>
  %4 = memref.alloc() : memref<2xindex>
  %5 = memref.alloc() : memref<2xvector<4xf32>>
  %6 = memref.atomic_rmw addf %x, %0[%i, %i] : (f32, memref<?x4xf32>) -> f32
  %7 = memref.load %t[%i, %i] : memref<4x4xf32, strided<[4, 1], offset: 3>>
  %8 = memref.load %s[%i, %i] {nontemporal = true} : memref<4x4xf32, strided<[?, 1], offset: ?>>
  memref.store %x, %3[] : memref<f32>
  %9 = memref.alloc() : memref<4xf32, 3>
  memref.dealloc %u : memref<*xf32>
  return %6 : f32
}

// -----

func.func @a(%n: index) {
  %0 = memref.alloc(%n) : memref<4x?xf32>
  %1 = memref.alloc() {alignment = 32 : i64} : memref<3xf32>
  %2 = memref.alloc() : memref<3xvector<4xf64>>
  %3 = memref.alloc() : memref<2xi8>
  %4 = memref.alloc() : memref<2xmemref<4xf32>>
  %5 = memref.alloc() : memref<8xf64>
  memref.dealloc %0 : memref<4x?xf32>
  return
}

// -----

func.func @alloc(%n: index) -> memref<4x?xf32> {
  %0 = memref.alloc(%n) : memref<4x?xf32>
  return %0 : memref<4x?xf32>
}
func.func @alignment() {
  %0 = memref.alloc() {alignment = 64 : i64} : memref<8xi64>
  %1 = memref.alloc() : memref<2xvector<4xf32>>
  return
}
func.func @alloca(%n: index) {
  %0 = memref.alloca(%n) {alignment = 32 : i64} : memref<?x2xf32>
  %1 = memref.alloca() : memref<f64>
  return
}
func.func @dealloc(%m: memref<?xf32>, %u: memref<*xf32>) {
  memref.dealloc %m : memref<?xf32>
  memref.dealloc %u : memref<*xf32>
  return
}
func.func @load_store(%m: memref<4x?xf32>, %s: memref<4x4xf32, strided<[?, 1], offset: ?>>, %t: memref<4x4xf32, strided<[8, 1], offset: 3>>, %i: index, %j: index) {
  %0 = memref.load %m[%i, %j] : memref<4x?xf32>
  %1 = memref.load %s[%i, %j] {nontemporal = true} : memref<4x4xf32, strided<[?, 1], offset: ?>>
  memref.store %0, %t[%i, %j] : memref<4x4xf32, strided<[8, 1], offset: 3>>
  return
}
func.func @atomic(%m: memref<8xi32>, %i: index, %v: i32) -> i32 {
  %0 = memref.atomic_rmw maxs %v, %m[%i] : (i32, memref<8xi32>) -> i32
  %1 = memref.atomic_rmw muli %v, %m[%i] : (i32, memref<8xi32>) -> i32
  return %0 : i32
}
memref.global "private" constant @table : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
memref.global @state : memref<4xi32> = uninitialized
memref.global "private" @scalar : memref<f64> = dense<2.0> {alignment = 16 : i64}
memref.global "private" @external : memref<3xi8>
func.func @get_global() -> memref<2x3xf32> {
  %0 = memref.get_global @table : memref<2x3xf32>
  return %0 : memref<2x3xf32>
}
func.func @dim_rank(%m: memref<?x4xf32>, %u: memref<*xf32>, %i: index) -> (index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = memref.dim %m, %c0 : memref<?x4xf32>
  %1 = memref.dim %m, %c1 : memref<?x4xf32>
  %2 = memref.dim %m, %i : memref<?x4xf32>
  %3 = memref.dim %u, %i : memref<*xf32>
  %4 = memref.rank %u : memref<*xf32>
  return %0, %1, %2, %3, %4 : index, index, index, index, index
}
func.func @casts(%m: memref<4xf32>, %u: memref<*xf32>) -> (memref<?xf32>, memref<*xf32>, memref<4xf32>) {
  %0 = memref.cast %m : memref<4xf32> to memref<?xf32>
  %1 = memref.cast %m : memref<4xf32> to memref<*xf32>
  %2 = memref.cast %u : memref<*xf32> to memref<4xf32>
  return %0, %1, %2 : memref<?xf32>, memref<*xf32>, memref<4xf32>
}
func.func @reinterpret_cast(%m: memref<?xf32>, %n: index) -> memref<?x4xf32, strided<[4, 1], offset: ?>> {
  %0 = memref.reinterpret_cast %m to offset: [%n], sizes: [%n, 4], strides: [4, 1] : memref<?xf32> to memref<?x4xf32, strided<[4, 1], offset: ?>>
  return %0 : memref<?x4xf32, strided<[4, 1], offset: ?>>
}
func.func @view(%buf: memref<2048xi8>, %shift: index, %n: index) -> memref<?x4xf32> {
  %0 = memref.view %buf[%shift][%n] : memref<2048xi8> to memref<?x4xf32>
  return %0 : memref<?x4xf32>
}
func.func @copy(%a: memref<4x?xf32>, %b: memref<4x?xf32>, %s: memref<4x4xf32, strided<[8, 1], offset: ?>>, %t: memref<4x4xf32>) {
  memref.copy %a, %b : memref<4x?xf32> to memref<4x?xf32>
  memref.copy %s, %t : memref<4x4xf32, strided<[8, 1], offset: ?>> to memref<4x4xf32>
  return
}
func.func @assume_alignment(%m: memref<8xf32>) {
  memref.assume_alignment %m, 16 : memref<8xf32>
  return
}
func.func @metadata(%m: memref<?x?xf32, strided<[?, ?], offset: ?>>) -> (memref<f32>, index, index) {
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %m : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  return %base, %offset, %strides#1 : memref<f32>, index, index
}
func.func @left_alone(%m: memref<8x16xf32>, %i: index) -> memref<2x4x16xf32> {
  %0 = memref.subview %m[%i, 2] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: ?>>
  %1 = memref.expand_shape %m [[0, 1], [2]] output_shape [2, 4, 16] : memref<8x16xf32> into memref<2x4x16xf32>
  return %1 : memref<2x4x16xf32>
}

// -----

func.func @sv(%m: memref<8x16xf32>, %i: index) -> memref<4x4xf32, strided<[16, 1], offset: ?>> {
  %0 = memref.subview %m[%i, 2] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: ?>>
  return %0 : memref<4x4xf32, strided<[16, 1], offset: ?>>
}
func.func @es(%m: memref<8x16xf32>) -> memref<2x4x16xf32> {
  %0 = memref.expand_shape %m [[0, 1], [2]] output_shape [2, 4, 16] : memref<8x16xf32> into memref<2x4x16xf32>
  return %0 : memref<2x4x16xf32>
}
func.func @cs(%m: memref<2x4x16xf32>) -> memref<8x16xf32> {
  %0 = memref.collapse_shape %m [[0, 1], [2]] : memref<2x4x16xf32> into memref<8x16xf32>
  return %0 : memref<8x16xf32>
}
// -----

func.func @md(%m: memref<?x16xf32, strided<[?, 1], offset: ?>>) -> (memref<f32>, index, index, index, index, index) {
  %b, %o, %s:2, %t:2 = memref.extract_strided_metadata %m : memref<?x16xf32, strided<[?, 1], offset: ?>> -> memref<f32>, index, index, index, index, index
  return %b, %o, %s#0, %s#1, %t#0, %t#1 : memref<f32>, index, index, index, index, index
}
