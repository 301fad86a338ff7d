// RUN: mlc-opt %s --expand-strided-metadata --split-input-file | filecheck %s

// A subview is a reinterpret_cast of its source's base buffer: offset = source offset +
// sum(offsets * source strides), strides = strides * source strides, folded to constants
// where everything is static.

// CHECK-DAG: #[[OFFSET:.*]] = affine_map<()[s0] -> (s0 * 16 + 2)>
// CHECK-LABEL: func.func @subview_static_strides(
// CHECK-SAME:      %[[A:.*]]: memref<8x16xf32>, %[[I:.*]]: index)
// CHECK:         %[[BASE:.*]], %{{.*}}, %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[A]]
// CHECK:         %[[OFF:.*]] = affine.apply #[[OFFSET]]()[%[[I]]]
// CHECK:         memref.reinterpret_cast %[[BASE]] to offset: [%[[OFF]]], sizes: [4, 4], strides: [16, 2]
func.func @subview_static_strides(%a: memref<8x16xf32>, %i: index) -> memref<4x4xf32, strided<[16, 2], offset: ?>> {
  %s = memref.subview %a[%i, 2] [4, 4] [1, 2] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 2], offset: ?>>
  return %s : memref<4x4xf32, strided<[16, 2], offset: ?>>
}

// -----

// CHECK-DAG: #[[S2:.*]] = affine_map<()[s0] -> (s0 * 2)>
// CHECK-DAG: #[[S3:.*]] = affine_map<()[s0] -> (s0 * 3)>
// CHECK-DAG: #[[OFF:.*]] = affine_map<()[s0, s1, s2, s3, s4] -> (s0 + s1 * s2 + s3 * s4)>
// CHECK-LABEL: func.func @subview_dynamic(
// CHECK-SAME:      %[[A:[^:]*]]: memref<?x?xf32, strided<[?, ?], offset: ?>>, %[[I:.*]]: index, %[[J:.*]]: index, %[[N:.*]]: index)
// CHECK:         %[[BASE:.*]], %[[OFFSET:.*]], %{{.*}}:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[A]]
// CHECK:         %[[ST0:.*]] = affine.apply #[[S2]]()[%[[STRIDES]]#0]
// CHECK:         %[[ST1:.*]] = affine.apply #[[S3]]()[%[[STRIDES]]#1]
// CHECK:         %[[O:.*]] = affine.apply #[[OFF]]()[%[[OFFSET]], %[[I]], %[[STRIDES]]#0, %[[J]], %[[STRIDES]]#1]
// CHECK:         memref.reinterpret_cast %[[BASE]] to offset: [%[[O]]], sizes: [%[[N]], 4], strides: [%[[ST0]], %[[ST1]]]
func.func @subview_dynamic(%a: memref<?x?xf32, strided<[?, ?], offset: ?>>, %i: index, %j: index, %n: index) -> memref<?x4xf32, strided<[?, ?], offset: ?>> {
  %s = memref.subview %a[%i, %j] [%n, 4] [2, 3] : memref<?x?xf32, strided<[?, ?], offset: ?>> to memref<?x4xf32, strided<[?, ?], offset: ?>>
  return %s : memref<?x4xf32, strided<[?, ?], offset: ?>>
}

// -----

// A rank-reducing subview keeps the sizes and strides of the dims it keeps.

// CHECK-DAG: #[[OFF:.*]] = affine_map<()[s0] -> (s0 + 128)>
// CHECK-LABEL: func.func @subview_rank_reducing(
// CHECK:         %[[O:.*]] = affine.apply #[[OFF]]()[%arg1]
// CHECK:         memref.reinterpret_cast %{{.*}} to offset: [%[[O]]], sizes: [8], strides: [16] : memref<f32> to memref<8xf32, strided<[16], offset: ?>>
func.func @subview_rank_reducing(%a: memref<4x8x16xf32>, %i: index) -> memref<8xf32, strided<[16], offset: ?>> {
  %s = memref.subview %a[1, 0, %i] [1, 8, 1] [1, 1, 1] : memref<4x8x16xf32> to memref<8xf32, strided<[16], offset: ?>>
  return %s : memref<8xf32, strided<[16], offset: ?>>
}

// -----

// Static reshapes fold to constant sizes and strides; the chain goes straight to the buffer.

// CHECK-LABEL: func.func @reshapes(
// CHECK:         %[[BASE:.*]], %{{.*}}, %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %arg0
// CHECK-NEXT:    memref.reinterpret_cast %[[BASE]] to offset: [0], sizes: [2, 64], strides: [64, 1] : memref<f32> to memref<2x64xf32>
func.func @reshapes(%a: memref<8x16xf32>) -> memref<2x64xf32> {
  %e = memref.expand_shape %a [[0, 1], [2]] output_shape [2, 4, 16] : memref<8x16xf32> into memref<2x4x16xf32>
  %c = memref.collapse_shape %e [[0], [1, 2]] : memref<2x4x16xf32> into memref<2x64xf32>
  return %c : memref<2x64xf32>
}

// -----

// A dynamic expanded size is the source size floordiv the static ones; strides left of it
// scale with it. A collapsed size is the product of the sizes, its stride the smallest.

// CHECK-DAG: #[[DIV8:.*]] = affine_map<()[s0] -> (s0 floordiv 8)>
// CHECK-DAG: #[[OUTER:.*]] = affine_map<()[s0, s1] -> ((s0 floordiv 2) * s1)>
// CHECK-DAG: #[[TIMES4:.*]] = affine_map<()[s0] -> (s0 * 4)>
// CHECK-DAG: #[[PRODUCT:.*]] = affine_map<()[s0, s1] -> (s0 * s1)>
// CHECK-DAG: #[[MIN2:.*]] = affine_map<()[s0, s1] -> (s0, s1)>
// CHECK-DAG: #[[MIN1:.*]] = affine_map<()[s0] -> (s0)>
// CHECK-LABEL: func.func @reshapes_dynamic(
// CHECK:         %[[BASE:.*]], %[[OFFSET:.*]], %[[SIZE:.*]], %[[STRIDE:.*]] = memref.extract_strided_metadata %arg0
// CHECK:         %[[N:.*]] = affine.apply #[[DIV8]]()[%[[SIZE]]]
// CHECK:         %[[S0:.*]] = affine.apply #[[OUTER]]()[%[[SIZE]], %[[STRIDE]]]
// CHECK:         %[[S1:.*]] = affine.apply #[[TIMES4]]()[%[[STRIDE]]]
// CHECK:         memref.reinterpret_cast %[[BASE]] to offset: [%[[OFFSET]]], sizes: [2, %[[N]], 4], strides: [%[[S0]], %[[S1]], %[[STRIDE]]]
// CHECK:         %[[BASE2:.*]], %[[OFFSET2:.*]], %[[SIZES2:.*]]:3, %[[STRIDES2:.*]]:3 = memref.extract_strided_metadata %arg2
// CHECK:         %[[M:.*]] = affine.apply #[[PRODUCT]]()[%[[SIZES2]]#0, %[[SIZES2]]#1]
// CHECK:         %[[T0:.*]] = affine.min #[[MIN2]]()[%[[STRIDES2]]#0, %[[STRIDES2]]#1]
// CHECK:         %[[T1:.*]] = affine.min #[[MIN1]]()[%[[STRIDES2]]#2]
// CHECK:         memref.reinterpret_cast %[[BASE2]] to offset: [%[[OFFSET2]]], sizes: [%[[M]], 4], strides: [%[[T0]], %[[T1]]]
func.func @reshapes_dynamic(%a: memref<?xf32, strided<[?], offset: ?>>, %n: index, %b: memref<?x?x4xf32, strided<[?, ?, ?], offset: ?>>) -> (memref<2x?x4xf32, strided<[?, ?, ?], offset: ?>>, memref<?x4xf32, strided<[?, ?], offset: ?>>) {
  %e = memref.expand_shape %a [[0, 1, 2]] output_shape [2, %n, 4] : memref<?xf32, strided<[?], offset: ?>> into memref<2x?x4xf32, strided<[?, ?, ?], offset: ?>>
  %c = memref.collapse_shape %b [[0, 1], [2]] : memref<?x?x4xf32, strided<[?, ?, ?], offset: ?>> into memref<?x4xf32, strided<[?, ?], offset: ?>>
  return %e, %c : memref<2x?x4xf32, strided<[?, ?, ?], offset: ?>>, memref<?x4xf32, strided<[?, ?], offset: ?>>
}

// -----

// The metadata of views is read from what made them; static entries become constants.

// CHECK-DAG: #[[OFF:.*]] = affine_map<()[s0] -> (s0 * 16 + 2)>
// CHECK-LABEL: func.func @metadata_of_views(
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:    %[[O:.*]] = affine.apply #[[OFF]]()[%arg1]
// CHECK-NEXT:    return %[[O]], %[[C2]], %[[O]]
func.func @metadata_of_views(%a: memref<8x16xf32>, %i: index) -> (index, index, index) {
  %s = memref.subview %a[%i, 2] [4, 4] [1, 2] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 2], offset: ?>>
  %b, %o, %sz:2, %st:2 = memref.extract_strided_metadata %s : memref<4x4xf32, strided<[16, 2], offset: ?>> -> memref<f32>, index, index, index, index, index
  %r = memref.reinterpret_cast %b to offset: [%o], sizes: [16], strides: [1] : memref<f32> to memref<16xf32, strided<[1], offset: ?>>
  %b2, %o2, %sz2, %st2 = memref.extract_strided_metadata %r : memref<16xf32, strided<[1], offset: ?>> -> memref<f32>, index, index, index
  return %o, %st#1, %o2 : index, index, index
}

// -----

// Of an allocation: offset 0, its sizes, strides as products of the inner sizes; of a cast:
// the metadata of its source, with what the source type makes static as constants.

// CHECK-DAG: #[[TIMES8:.*]] = affine_map<()[s0] -> (s0 * 8)>
// CHECK-LABEL: func.func @metadata_of_buffers(
// CHECK-SAME:      %[[N:.*]]: index, %[[M:.*]]: memref<4x?xf32>)
// CHECK:         %[[C4:.*]] = arith.constant 4 : index
// CHECK:         %[[ALLOC:.*]] = memref.alloc(%[[N]]) : memref<4x?x8xf32>
// CHECK:         %[[STRIDE0:.*]] = affine.apply #[[TIMES8]]()[%[[N]]]
// CHECK:         %{{.*}}, %{{.*}}, %{{.*}}:2, %[[STRIDES:.*]]:2 = memref.extract_strided_metadata %[[M]]
// CHECK:         memref.dealloc %[[ALLOC]]
// CHECK:         return %[[STRIDE0]], %[[N]], %[[C4]], %[[STRIDES]]#0
func.func @metadata_of_buffers(%n: index, %m: memref<4x?xf32>) -> (index, index, index, index) {
  %a = memref.alloc(%n) : memref<4x?x8xf32>
  %b, %o, %sz:3, %st:3 = memref.extract_strided_metadata %a : memref<4x?x8xf32> -> memref<f32>, index, index, index, index, index, index, index
  %c = memref.cast %m : memref<4x?xf32> to memref<?x?xf32>
  %b2, %o2, %sz2:2, %st2:2 = memref.extract_strided_metadata %c : memref<?x?xf32> -> memref<f32>, index, index, index, index, index
  memref.dealloc %a : memref<4x?x8xf32>
  return %st#0, %sz#1, %sz2#0, %st2#0 : index, index, index, index
}

// -----

// Of a global: its static metadata, and the global itself cast to rank 0 as the base.

memref.global "private" constant @table : memref<2x3xf32> = dense<1.0>

// CHECK-LABEL: func.func @metadata_of_global(
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK:         %[[G:.*]] = memref.get_global @table : memref<2x3xf32>
// CHECK:         %[[BASE:.*]] = memref.reinterpret_cast %[[G]] to offset: [0], sizes: [], strides: [] : memref<2x3xf32> to memref<f32>
// CHECK:         return %[[BASE]], %[[C0]], %[[C3]]
func.func @metadata_of_global() -> (memref<f32>, index, index) {
  %g = memref.get_global @table : memref<2x3xf32>
  %b, %o, %sz:2, %st:2 = memref.extract_strided_metadata %g : memref<2x3xf32> -> memref<f32>, index, index, index, index, index
  return %b, %o, %st#0 : memref<f32>, index, index
}

// -----

// Views in a loop body: the chain subview -> expand_shape folds into one reinterpret_cast of
// the buffer, its offset an apply of the loop's values.

// CHECK-DAG: #[[OFF:.*]] = affine_map<()[s0, s1] -> (s0 * 16 + s1)>
// CHECK-LABEL: func.func @tiles(
// CHECK:         scf.for %[[I:[^ ]*]] =
// CHECK:           %[[J:.*]] = arith.addi %[[I]], %arg1 : index
// CHECK:           %[[BASE:.*]], %{{.*}}, %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %arg0
// CHECK:           %[[O:.*]] = affine.apply #[[OFF]]()[%[[I]], %[[J]]]
// CHECK:           memref.reinterpret_cast %[[BASE]] to offset: [%[[O]]], sizes: [2, 2, %arg1], strides: [32, 16, 2]
func.func @tiles(%a: memref<16x16xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %c16 step %c4 iter_args(%acc = %zero) -> f32 {
    %j = arith.addi %i, %n : index
    %t = memref.subview %a[%i, %j] [4, %n] [1, 2] : memref<16x16xf32> to memref<4x?xf32, strided<[16, 2], offset: ?>>
    %e = memref.expand_shape %t [[0, 1], [2]] output_shape [2, 2, %n] : memref<4x?xf32, strided<[16, 2], offset: ?>> into memref<2x2x?xf32, strided<[32, 16, 2], offset: ?>>
    %v = memref.load %e[%c0, %c0, %c0] : memref<2x2x?xf32, strided<[32, 16, 2], offset: ?>>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  return %r : f32
}
