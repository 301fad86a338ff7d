// RUN: mlc-opt %s --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | mlc-opt --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// The memref ops in MLIR 19's custom syntax: mixed static/dynamic index lists, reassociation
// groups, result names (`%alloc`, `%subview`, grouped `%sizes:2`), layouts and memory spaces.

// CHECK: #[[MAP:.+]] = affine_map<(d0, d1)[s0] -> (d0 + s0, d1)>

// CHECK-LABEL: memref.global "private" constant @table : memref<2xf32> = dense<[1.000000e+00, 2.000000e+00]> {alignment = 64 : i64}
memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]> {alignment = 64 : i64}
// CHECK-NEXT: memref.global @scratch : memref<4xi32> = uninitialized
memref.global @scratch : memref<4xi32> = uninitialized
// CHECK-NEXT: memref.global "private" @external : memref<4xi32>
memref.global "private" @external : memref<4xi32>

// CHECK-LABEL: func.func @allocation
func.func @allocation(%n: index, %s: index) {
  // CHECK-NEXT: %alloc = memref.alloc(%arg0) : memref<4x?xf32>
  %0 = memref.alloc(%n) : memref<4x?xf32>
  // CHECK-NEXT: %alloca = memref.alloca(%arg0) {alignment = 16 : i64} : memref<4x?xf32>
  %1 = memref.alloca(%n) {alignment = 16 : i64} : memref<4x?xf32>
  // CHECK-NEXT: %alloc_0 = memref.alloc()[%arg1] : memref<8x64xf32, #[[MAP]], 1>
  %2 = memref.alloc()[%s] : memref<8x64xf32, affine_map<(d0, d1)[s0] -> (d0 + s0, d1)>, 1>
  // CHECK-NEXT: %alloc_1 = memref.alloc()[%arg1] : memref<4xf32, strided<[1], offset: ?>>
  %3 = memref.alloc()[%s] : memref<4xf32, strided<[1], offset: ?>>
  // CHECK-NEXT: memref.dealloc %alloc : memref<4x?xf32>
  memref.dealloc %0 : memref<4x?xf32>
  // CHECK-NEXT: %0 = memref.get_global @table : memref<2xf32>
  %4 = memref.get_global @table : memref<2xf32>
  return
}

// CHECK-LABEL: func.func @access
func.func @access(%m: memref<4x?xf32>, %i: index, %v: f32, %u: memref<*xf32>) -> f32 {
  // CHECK-NEXT: %0 = memref.load %arg0[%arg1, %arg1] : memref<4x?xf32>
  %0 = memref.load %m[%i, %i] : memref<4x?xf32>
  // CHECK-NEXT: memref.store %arg2, %arg0[%arg1, %arg1] {nontemporal = true} : memref<4x?xf32>
  memref.store %v, %m[%i, %i] {nontemporal = true} : memref<4x?xf32>
  // CHECK-NEXT: %1 = memref.atomic_rmw maximumf %arg2, %arg0[%arg1, %arg1] : (f32, memref<4x?xf32>) -> f32
  %1 = memref.atomic_rmw maximumf %v, %m[%i, %i] : (f32, memref<4x?xf32>) -> f32
  // CHECK-NEXT: %cast = memref.cast %arg0 : memref<4x?xf32> to memref<?x?xf32>
  %2 = memref.cast %m : memref<4x?xf32> to memref<?x?xf32>
  // CHECK-NEXT: %cast_0 = memref.cast %arg3 : memref<*xf32> to memref<4x?xf32>
  %3 = memref.cast %u : memref<*xf32> to memref<4x?xf32>
  // CHECK-NEXT: memref.copy %arg0, %cast : memref<4x?xf32> to memref<?x?xf32>
  memref.copy %m, %2 : memref<4x?xf32> to memref<?x?xf32>
  // CHECK-NEXT: %dim = memref.dim %arg0, %arg1 : memref<4x?xf32>
  %4 = memref.dim %m, %i : memref<4x?xf32>
  // CHECK-NEXT: %2 = memref.rank %arg3 : memref<*xf32>
  %5 = memref.rank %u : memref<*xf32>
  // CHECK-NEXT: %intptr = memref.extract_aligned_pointer_as_index %arg0 : memref<4x?xf32> -> index
  %6 = memref.extract_aligned_pointer_as_index %m : memref<4x?xf32> -> index
  // CHECK-NEXT: memref.assume_alignment %arg0, 16 : memref<4x?xf32>
  memref.assume_alignment %m, 16 : memref<4x?xf32>
  return %0 : f32
}

// CHECK-LABEL: func.func @views
func.func @views(%m: memref<4x?xf32>, %i: index, %n: index, %u: memref<*xf32>, %b: memref<2048xi8>) {
  // CHECK-NEXT: %subview = memref.subview %arg0[%arg1, 4] [2, 2] [1, %arg2] : memref<4x?xf32> to memref<2x2xf32, strided<[?, ?], offset: ?>>
  %0 = memref.subview %m[%i, 4] [2, 2] [1, %n] : memref<4x?xf32> to memref<2x2xf32, strided<[?, ?], offset: ?>>
  // CHECK-NEXT: %subview_0 = memref.subview %arg0[0, 0] [1, 4] [1, 1] : memref<4x?xf32> to memref<4xf32, strided<[1]>>
  %1 = memref.subview %m[0, 0] [1, 4] [1, 1] : memref<4x?xf32> to memref<4xf32, strided<[1]>>
  // CHECK-NEXT: %reinterpret_cast = memref.reinterpret_cast %arg0 to offset: [0], sizes: [%arg2, 4], strides: [4, 1] : memref<4x?xf32> to memref<?x4xf32>
  %2 = memref.reinterpret_cast %m to offset: [0], sizes: [%n, 4], strides: [4, 1] : memref<4x?xf32> to memref<?x4xf32>
  // CHECK-NEXT: %reinterpret_cast_1 = memref.reinterpret_cast %arg3 to offset: [%arg1], sizes: [10], strides: [1] : memref<*xf32> to memref<10xf32, strided<[1], offset: ?>>
  %3 = memref.reinterpret_cast %u to offset: [%i], sizes: [10], strides: [1] : memref<*xf32> to memref<10xf32, strided<[1], offset: ?>>
  // CHECK-NEXT: %expand_shape = memref.expand_shape %reinterpret_cast [[0, 1], [2]] output_shape [%arg2, 1, 4] : memref<?x4xf32> into memref<?x1x4xf32>
  %4 = memref.expand_shape %2 [[0, 1], [2]] output_shape [%n, 1, 4] : memref<?x4xf32> into memref<?x1x4xf32>
  // CHECK-NEXT: %collapse_shape = memref.collapse_shape %expand_shape [[0, 1, 2]] : memref<?x1x4xf32> into memref<?xf32>
  %5 = memref.collapse_shape %4 [[0, 1, 2]] : memref<?x1x4xf32> into memref<?xf32>
  // CHECK-NEXT: %expand_shape_2 = memref.expand_shape %subview [[0], [1, 2]] output_shape [2, 2, 1] : memref<2x2xf32, strided<[?, ?], offset: ?>> into memref<2x2x1xf32, strided<[?, ?, ?], offset: ?>>
  %6 = memref.expand_shape %0 [[0], [1, 2]] output_shape [2, 2, 1] : memref<2x2xf32, strided<[?, ?], offset: ?>> into memref<2x2x1xf32, strided<[?, ?, ?], offset: ?>>
  // CHECK-NEXT: %view = memref.view %arg4[%arg1][%arg2] : memref<2048xi8> to memref<?x4xf32>
  %7 = memref.view %b[%i][%n] : memref<2048xi8> to memref<?x4xf32>
  // CHECK-NEXT: %base_buffer, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %arg0 : memref<4x?xf32> -> memref<f32>, index, index, index, index, index
  %8:6 = memref.extract_strided_metadata %m : memref<4x?xf32> -> memref<f32>, index, index, index, index, index
  // CHECK-NEXT: "test.use"(%sizes#1, %strides#0) : (index, index) -> ()
  "test.use"(%8#3, %8#4) : (index, index) -> ()
  // CHECK-NEXT: %base_buffer_3, %offset_4 = memref.extract_strided_metadata %base_buffer : memref<f32> -> memref<f32>, index
  %9:2 = memref.extract_strided_metadata %8#0 : memref<f32> -> memref<f32>, index
  return
}

// GENERIC: "memref.alloc"(%{{.*}}) <{operandSegmentSizes = array<i32: 1, 0>}> : (index) -> memref<4x?xf32>
// GENERIC: "memref.subview"(%{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 0, 1>, static_offsets = array<i64: -9223372036854775808, 4>, static_sizes = array<i64: 2, 2>, static_strides = array<i64: 1, -9223372036854775808>}>
// GENERIC: "memref.expand_shape"(%{{.*}}, %{{.*}}) <{reassociation = {{\[\[}}0, 1], [2]], static_output_shape = array<i64: -9223372036854775808, 1, 4>}>
