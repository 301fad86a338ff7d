// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// The vector ops in MLIR 19's custom syntax: static and dynamic positions, 0-D and scalable
// vectors, combining kinds and fast-math flags, contraction traits (iterator types print as
// strings), transfers with their defaults elided (minor identity map, all-false in_bounds),
// masks, and vector.print's optional clauses. Affine maps print through aliases.

// CHECK: #map = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-NEXT: #map1 = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-NEXT: #map2 = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-NEXT: #map3 = affine_map<(d0) -> (d0)>
// CHECK-NEXT: #map4 = affine_map<(d0) -> ()>
// CHECK-NEXT: #map5 = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-NEXT: #map6 = affine_map<(d0, d1) -> (0, d0)>
// CHECK-NEXT: #map7 = affine_map<() -> (0)>

// CHECK-LABEL: func.func @elements
func.func @elements(%s: f32, %i: index, %j: i32, %v: vector<4xf32>, %m: vector<2x4xf32>, %z: vector<f32>, %sv: vector<[4]xf32>) {
  // CHECK-NEXT: %0 = vector.broadcast %arg0 : f32 to vector<2x4xf32>
  %0 = vector.broadcast %s : f32 to vector<2x4xf32>
  // CHECK-NEXT: %1 = vector.broadcast %arg3 : vector<4xf32> to vector<3x2x4xf32>
  %1 = vector.broadcast %v : vector<4xf32> to vector<3x2x4xf32>
  // CHECK-NEXT: %2 = vector.broadcast %arg6 : vector<[4]xf32> to vector<2x[4]xf32>
  %2 = vector.broadcast %sv : vector<[4]xf32> to vector<2x[4]xf32>
  // CHECK-NEXT: %3 = vector.splat %arg0 : vector<[4]xf32>
  %3 = vector.splat %s : vector<[4]xf32>
  // CHECK-NEXT: %4 = vector.extract %arg4[1, %arg1] : f32 from vector<2x4xf32>
  %4 = vector.extract %m[1, %i] : f32 from vector<2x4xf32>
  // CHECK-NEXT: %5 = vector.extract %arg4[%arg1] : vector<4xf32> from vector<2x4xf32>
  %5 = vector.extract %m[%i] : vector<4xf32> from vector<2x4xf32>
  // CHECK-NEXT: %6 = vector.extract %arg4[] : vector<2x4xf32> from vector<2x4xf32>
  %6 = vector.extract %m[] : vector<2x4xf32> from vector<2x4xf32>
  // CHECK-NEXT: %7 = vector.extract %arg5[] : f32 from vector<f32>
  %7 = vector.extract %z[] : f32 from vector<f32>
  // CHECK-NEXT: %8 = vector.insert %arg0, %arg4 [0, %arg1] : f32 into vector<2x4xf32>
  %8 = vector.insert %s, %m [0, %i] : f32 into vector<2x4xf32>
  // CHECK-NEXT: %9 = vector.insert %arg3, %arg4 [1] {tag} : vector<4xf32> into vector<2x4xf32>
  %9 = vector.insert %v, %m [1] {tag} : vector<4xf32> into vector<2x4xf32>
  // CHECK-NEXT: %10 = vector.insert %arg0, %arg5 [] : f32 into vector<f32>
  %10 = vector.insert %s, %z [] : f32 into vector<f32>
  // CHECK-NEXT: %11 = vector.extractelement %arg3[%arg2 : i32] : vector<4xf32>
  %11 = vector.extractelement %v[%j : i32] : vector<4xf32>
  // CHECK-NEXT: %12 = vector.extractelement %arg5[] : vector<f32>
  %12 = vector.extractelement %z[] : vector<f32>
  // CHECK-NEXT: %13 = vector.insertelement %arg0, %arg3[%arg1 : index] : vector<4xf32>
  %13 = vector.insertelement %s, %v[%i : index] : vector<4xf32>
  // CHECK-NEXT: %14 = vector.insertelement %arg0, %arg5[] : vector<f32>
  %14 = vector.insertelement %s, %z[] : vector<f32>
  return
}

// CHECK-LABEL: func.func @rearranging
func.func @rearranging(%v: vector<4xf32>, %m: vector<2x4xf32>, %z: vector<f32>, %i: vector<4xi32>) {
  // CHECK-NEXT: %0 = vector.shuffle %arg0, %arg0 [0, 4, 1, 5] : vector<4xf32>, vector<4xf32>
  %0 = vector.shuffle %v, %v [0, 4, 1, 5] : vector<4xf32>, vector<4xf32>
  // CHECK-NEXT: %1 = vector.shuffle %arg1, %arg1 [3, 0, 1] : vector<2x4xf32>, vector<2x4xf32>
  %1 = vector.shuffle %m, %m [3, 0, 1] : vector<2x4xf32>, vector<2x4xf32>
  // CHECK-NEXT: %2 = vector.shuffle %arg2, %arg2 [1, 0] : vector<f32>, vector<f32>
  %2 = vector.shuffle %z, %z [1, 0] : vector<f32>, vector<f32>
  // CHECK-NEXT: %3 = vector.interleave %arg0, %arg0 : vector<4xf32> -> vector<8xf32>
  %3 = vector.interleave %v, %v : vector<4xf32> -> vector<8xf32>
  // CHECK-NEXT: %4 = vector.shape_cast %arg1 : vector<2x4xf32> to vector<8xf32>
  %4 = vector.shape_cast %m : vector<2x4xf32> to vector<8xf32>
  // CHECK-NEXT: %5 = vector.shape_cast %arg0 : vector<4xf32> to vector<2x1x2xf32>
  %5 = vector.shape_cast %v : vector<4xf32> to vector<2x1x2xf32>
  // CHECK-NEXT: %6 = vector.transpose %arg1, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
  %6 = vector.transpose %m, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
  // CHECK-NEXT: %7 = vector.bitcast %arg0 : vector<4xf32> to vector<8xf16>
  %7 = vector.bitcast %v : vector<4xf32> to vector<8xf16>
  // CHECK-NEXT: %8 = vector.bitcast %arg3 : vector<4xi32> to vector<2xi64>
  %8 = vector.bitcast %i : vector<4xi32> to vector<2xi64>
  // CHECK-NEXT: %9 = vector.bitcast %arg2 : vector<f32> to vector<i32>
  %9 = vector.bitcast %z : vector<f32> to vector<i32>
  return
}

// CHECK-LABEL: func.func @arithmetic
func.func @arithmetic(%v: vector<4xf32>, %m: vector<2x4xf32>, %s: f32, %i: vector<4xi32>, %a: i32, %k: vector<4x4xf32>, %c: vector<2x2xf32>, %t: vector<4x2xf32>) {
  // CHECK-NEXT: %0 = vector.fma %arg0, %arg0, %arg0 : vector<4xf32>
  %0 = vector.fma %v, %v, %v : vector<4xf32>
  // CHECK-NEXT: %1 = vector.reduction <add>, %arg0 : vector<4xf32> into f32
  %1 = vector.reduction <add>, %v : vector<4xf32> into f32
  // CHECK-NEXT: %2 = vector.reduction <maximumf>, %arg0, %arg2 fastmath<nnan,ninf> : vector<4xf32> into f32
  %2 = vector.reduction <maximumf>, %v, %s fastmath<nnan,ninf> : vector<4xf32> into f32
  // CHECK-NEXT: %3 = vector.reduction <xor>, %arg3, %arg4 : vector<4xi32> into i32
  %3 = vector.reduction <xor>, %i, %a : vector<4xi32> into i32
  // CHECK-NEXT: %4 = vector.multi_reduction <add>, %arg1, %arg0 [0] : vector<2x4xf32> to vector<4xf32>
  %4 = vector.multi_reduction <add>, %m, %v [0] : vector<2x4xf32> to vector<4xf32>
  // CHECK-NEXT: %5 = vector.multi_reduction <minnumf>, %arg1, %arg2 [0, 1] : vector<2x4xf32> to f32
  %5 = vector.multi_reduction <minnumf>, %m, %s [0, 1] : vector<2x4xf32> to f32
  // CHECK-NEXT: %6 = vector.outerproduct %arg0, %arg0 : vector<4xf32>, vector<4xf32>
  %6 = vector.outerproduct %v, %v : vector<4xf32>, vector<4xf32>
  // CHECK-NEXT: %7 = vector.outerproduct %arg0, %arg0, %arg5 {kind = #vector.kind<mul>} : vector<4xf32>, vector<4xf32>
  %7 = vector.outerproduct %v, %v, %k {kind = #vector.kind<mul>} : vector<4xf32>, vector<4xf32>
  // CHECK-NEXT: %8 = vector.outerproduct %arg0, %arg2, %arg0 {kind = #vector.kind<add>} : vector<4xf32>, f32
  %8 = vector.outerproduct %v, %s, %v : vector<4xf32>, f32
  // CHECK-NEXT: %9 = vector.contract {indexing_maps = [#map, #map1, #map2], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %arg1, %arg7, %arg6 : vector<2x4xf32>, vector<4x2xf32> into vector<2x2xf32>
  %9 = vector.contract {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>], iterator_types = ["parallel", "parallel", "reduction"]} %m, %t, %c : vector<2x4xf32>, vector<4x2xf32> into vector<2x2xf32>
  // CHECK-NEXT: %10 = vector.contract {indexing_maps = [#map3, #map3, #map4], iterator_types = ["reduction"], kind = #vector.kind<maxnumf>} %arg0, %arg0, %arg2 {tag} : vector<4xf32>, vector<4xf32> into f32
  %10 = vector.contract {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> (k)>, affine_map<(k) -> ()>], iterator_types = ["reduction"], kind = #vector.kind<maxnumf>} %v, %v, %s {tag} : vector<4xf32>, vector<4xf32> into f32
  return
}

// CHECK-LABEL: func.func @masks
func.func @masks(%i: index, %j: index) {
  // CHECK-NEXT: %0 = vector.constant_mask [2, 3] : vector<4x3xi1>
  %0 = vector.constant_mask [2, 3] : vector<4x3xi1>
  // CHECK-NEXT: %1 = vector.constant_mask [0] : vector<[4]xi1>
  %1 = vector.constant_mask [0] : vector<[4]xi1>
  // CHECK-NEXT: %2 = vector.create_mask %arg0, %arg1 : vector<4x[8]xi1>
  %2 = vector.create_mask %i, %j : vector<4x[8]xi1>
  // CHECK-NEXT: %3 = vector.create_mask %arg0 : vector<i1>
  %3 = vector.create_mask %i : vector<i1>
  return
}

// CHECK-LABEL: func.func @memory
func.func @memory(%m: memref<?x?xf32>, %i: index, %v: vector<8xf32>, %mask: vector<8xi1>, %s: memref<8x8xf32>, %vm: memref<4xvector<8xf32>>) {
  // CHECK-NEXT: %0 = vector.load %arg0[%arg1, %arg1] : memref<?x?xf32>, vector<8xf32>
  %0 = vector.load %m[%i, %i] : memref<?x?xf32>, vector<8xf32>
  // CHECK-NEXT: %1 = vector.load %arg0[%arg1, %arg1] {nontemporal = true} : memref<?x?xf32>, vector<2x8xf32>
  %1 = vector.load %m[%i, %i] {nontemporal = true} : memref<?x?xf32>, vector<2x8xf32>
  // CHECK-NEXT: vector.store %arg2, %arg0[%arg1, %arg1] : memref<?x?xf32>, vector<8xf32>
  vector.store %v, %m[%i, %i] : memref<?x?xf32>, vector<8xf32>
  // CHECK-NEXT: %2 = vector.load %arg5[%arg1] : memref<4xvector<8xf32>>, vector<8xf32>
  %2 = vector.load %vm[%i] : memref<4xvector<8xf32>>, vector<8xf32>
  // CHECK-NEXT: %3 = vector.maskedload %arg0[%arg1, %arg1], %arg3, %arg2 : memref<?x?xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
  %3 = vector.maskedload %m[%i, %i], %mask, %v : memref<?x?xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
  // CHECK-NEXT: vector.maskedstore %arg0[%arg1, %arg1], %arg3, %arg2 : memref<?x?xf32>, vector<8xi1>, vector<8xf32>
  vector.maskedstore %m[%i, %i], %mask, %v : memref<?x?xf32>, vector<8xi1>, vector<8xf32>
  // CHECK-NEXT: %4 = vector.type_cast %arg4 : memref<8x8xf32> to memref<vector<8x8xf32>>
  %4 = vector.type_cast %s : memref<8x8xf32> to memref<vector<8x8xf32>>
  return
}

// CHECK-LABEL: func.func @transfers
func.func @transfers(%m: memref<?x?xf32>, %t: tensor<4x8xf32>, %z: memref<f32>, %i: index, %p: f32, %v: vector<8xf32>, %w: vector<4x8xf32>, %mask: vector<8xi1>, %mask2: vector<8x4xi1>) -> tensor<4x8xf32> {
  // CHECK-NEXT: %0 = vector.transfer_read %arg0[%arg3, %arg3], %arg4 : memref<?x?xf32>, vector<8xf32>
  %0 = vector.transfer_read %m[%i, %i], %p : memref<?x?xf32>, vector<8xf32>
  // CHECK-NEXT: %1 = vector.transfer_read %arg0[%arg3, %arg3], %arg4 {in_bounds = [true, false]} : memref<?x?xf32>, vector<4x8xf32>
  %1 = vector.transfer_read %m[%i, %i], %p {in_bounds = [true, false]} : memref<?x?xf32>, vector<4x8xf32>
  // CHECK-NEXT: %2 = vector.transfer_read %arg0[%arg3, %arg3], %arg4 {permutation_map = #map5} : memref<?x?xf32>, vector<4x8xf32>
  %2 = vector.transfer_read %m[%i, %i], %p {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<?x?xf32>, vector<4x8xf32>
  // CHECK-NEXT: %3 = vector.transfer_read %arg0[%arg3, %arg3], %arg4 {in_bounds = [true, false], permutation_map = #map6} : memref<?x?xf32>, vector<4x8xf32>
  %3 = vector.transfer_read %m[%i, %i], %p {in_bounds = [true, false], permutation_map = affine_map<(d0, d1) -> (0, d0)>} : memref<?x?xf32>, vector<4x8xf32>
  // CHECK-NEXT: %4 = vector.transfer_read %arg0[%arg3, %arg3], %arg4, %arg7 : memref<?x?xf32>, vector<8xf32>
  %4 = vector.transfer_read %m[%i, %i], %p, %mask : memref<?x?xf32>, vector<8xf32>
  // CHECK-NEXT: %5 = vector.transfer_read %arg0[%arg3, %arg3], %arg4, %arg8 {permutation_map = #map5} : memref<?x?xf32>, vector<4x8xf32>
  %5 = vector.transfer_read %m[%i, %i], %p, %mask2 {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<?x?xf32>, vector<4x8xf32>
  // CHECK-NEXT: %6 = vector.transfer_read %arg1[%arg3, %arg3], %arg4 : tensor<4x8xf32>, vector<8xf32>
  %6 = vector.transfer_read %t[%i, %i], %p : tensor<4x8xf32>, vector<8xf32>
  // CHECK-NEXT: %7 = vector.transfer_read %arg2[], %arg4 {in_bounds = [true], permutation_map = #map7} : memref<f32>, vector<1xf32>
  %7 = vector.transfer_read %z[], %p {in_bounds = [true]} : memref<f32>, vector<1xf32>
  // CHECK-NEXT: %8 = vector.transfer_read %arg2[], %arg4 : memref<f32>, vector<f32>
  %8 = vector.transfer_read %z[], %p : memref<f32>, vector<f32>
  // CHECK-NEXT: vector.transfer_write %arg5, %arg0[%arg3, %arg3] : vector<8xf32>, memref<?x?xf32>
  vector.transfer_write %v, %m[%i, %i] : vector<8xf32>, memref<?x?xf32>
  // CHECK-NEXT: vector.transfer_write %arg5, %arg0[%arg3, %arg3], %arg7 {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32>
  vector.transfer_write %v, %m[%i, %i], %mask {in_bounds = [true]} : vector<8xf32>, memref<?x?xf32>
  // CHECK-NEXT: vector.transfer_write %arg6, %arg0[%arg3, %arg3] {permutation_map = #map5} : vector<4x8xf32>, memref<?x?xf32>
  vector.transfer_write %w, %m[%i, %i] {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : vector<4x8xf32>, memref<?x?xf32>
  // CHECK-NEXT: %9 = vector.transfer_write %arg6, %arg1[%arg3, %arg3] : vector<4x8xf32>, tensor<4x8xf32>
  %9 = vector.transfer_write %w, %t[%i, %i] : vector<4x8xf32>, tensor<4x8xf32>
  return %9 : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @printing
func.func @printing(%v: vector<4xf32>, %s: i32) {
  // CHECK-NEXT: vector.print %arg0 : vector<4xf32>
  vector.print %v : vector<4xf32>
  // CHECK-NEXT: vector.print %arg1 : i32 punctuation <comma>
  vector.print %s : i32 punctuation <comma>
  // CHECK-NEXT: vector.print
  vector.print punctuation <newline>
  // CHECK-NEXT: vector.print punctuation <open>
  vector.print punctuation <open>
  // CHECK-NEXT: vector.print str "hello\0A"
  vector.print str "hello\n"
  // CHECK-NEXT: vector.print str "tagged" {tag}
  vector.print str "tagged" {tag}
  return
}

// Inherent attributes with defaults are explicit in the generic form.
// GENERIC-LABEL: "func.func"() <{function_type = (vector<4xf32>, f32, memref<?xf32>, index) -> ()
// GENERIC: "vector.reduction"(%arg0) <{fastmath = #arith.fastmath<none>, kind = #vector.kind<add>}> : (vector<4xf32>) -> f32
// GENERIC: "vector.outerproduct"(%arg0, %arg1) <{kind = #vector.kind<add>}> : (vector<4xf32>, f32) -> vector<4xf32>
// GENERIC: "vector.extract"(%arg0, %arg3) <{static_position = array<i64: -9223372036854775808>}> : (vector<4xf32>, index) -> f32
// GENERIC: "vector.transfer_read"(%arg2, %arg3, %arg1) <{in_bounds = [false], operandSegmentSizes = array<i32: 1, 1, 1, 0>, permutation_map = #map{{[0-9]*}}}> : (memref<?xf32>, index, f32) -> vector<4xf32>
// GENERIC: "vector.print"(%arg0) <{punctuation = #vector.punctuation<newline>}> : (vector<4xf32>) -> ()
func.func @defaults(%v: vector<4xf32>, %s: f32, %m: memref<?xf32>, %i: index) {
  %0 = vector.reduction <add>, %v : vector<4xf32> into f32
  %1 = vector.outerproduct %v, %s : vector<4xf32>, f32
  %2 = vector.extract %v[%i] : f32 from vector<4xf32>
  %3 = vector.transfer_read %m[%i], %s : memref<?xf32>, vector<4xf32>
  vector.print %v : vector<4xf32>
  return
}
