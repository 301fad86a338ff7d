// Vector ops through convert-vector-to-llvm (and each other lowering): element access,
// splats and broadcasts, shuffles, reductions, fma, masks, loads and stores, transfers,
// transposes, shape casts, outer products, interleaves.

func.func @elements(%v: vector<4xf32>, %m: vector<2x4xf32>, %s: f32, %i: index) -> (f32, vector<4xf32>, vector<2x4xf32>, f32) {
  %0 = vector.extractelement %v[%i : index] : vector<4xf32>
  %1 = vector.insertelement %s, %v[%i : index] : vector<4xf32>
  %2 = vector.extract %m[1] : vector<4xf32> from vector<2x4xf32>
  %3 = vector.extract %m[1, 2] : f32 from vector<2x4xf32>
  %4 = vector.insert %2, %m[0] : vector<4xf32> into vector<2x4xf32>
  %5 = vector.insert %s, %4[1, 3] : f32 into vector<2x4xf32>
  %6 = vector.extract %m[%i, 1] : f32 from vector<2x4xf32>
  return %0, %1, %5, %6 : f32, vector<4xf32>, vector<2x4xf32>, f32
}

// -----
func.func @splat(%s: f32) -> (vector<4xf32>, vector<2x3xf32>, vector<4xf32>, vector<2x3xf32>) {
  %0 = vector.splat %s : vector<4xf32>
  %1 = vector.splat %s : vector<2x3xf32>
  %2 = vector.broadcast %s : f32 to vector<4xf32>
  %3 = vector.broadcast %0 : vector<4xf32> to vector<2x4xf32>
  %4 = vector.broadcast %s : f32 to vector<2x3xf32>
  return %0, %1, %2, %4 : vector<4xf32>, vector<2x3xf32>, vector<4xf32>, vector<2x3xf32>
}

// -----
func.func @reduce(%v: vector<4xf32>, %a: f32, %w: vector<4xi32>) -> (f32, f32, i32, f32) {
  %0 = vector.reduction <add>, %v : vector<4xf32> into f32
  %1 = vector.reduction <mul>, %v, %a : vector<4xf32> into f32
  %2 = vector.reduction <maxsi>, %w : vector<4xi32> into i32
  %3 = vector.reduction <maximumf>, %v, %a : vector<4xf32> into f32
  return %0, %1, %2, %3 : f32, f32, i32, f32
}

// -----
func.func @mem(%m: memref<?x8xf32>, %i: index, %j: index, %mask: vector<4xi1>, %p: vector<4xf32>) -> (vector<4xf32>, vector<4xf32>) {
  %0 = vector.load %m[%i, %j] : memref<?x8xf32>, vector<4xf32>
  vector.store %0, %m[%i, %j] : memref<?x8xf32>, vector<4xf32>
  %1 = vector.maskedload %m[%i, %j], %mask, %p : memref<?x8xf32>, vector<4xi1>, vector<4xf32> into vector<4xf32>
  vector.maskedstore %m[%i, %j], %mask, %1 : memref<?x8xf32>, vector<4xi1>, vector<4xf32>
  return %0, %1 : vector<4xf32>, vector<4xf32>
}

// -----
func.func @tc(%m: memref<2x4xf32>) -> memref<vector<2x4xf32>> {
  %0 = vector.type_cast %m : memref<2x4xf32> to memref<vector<2x4xf32>>
  return %0 : memref<vector<2x4xf32>>
}

// -----
func.func @masks(%n: index) -> (vector<4xi1>, vector<4xi1>, vector<2x4xi1>, vector<2x4xi1>) {
  %0 = vector.create_mask %n : vector<4xi1>
  %1 = vector.constant_mask [3] : vector<4xi1>
  %2 = vector.create_mask %n, %n : vector<2x4xi1>
  %3 = vector.constant_mask [1, 2] : vector<2x4xi1>
  return %0, %1, %2, %3 : vector<4xi1>, vector<4xi1>, vector<2x4xi1>, vector<2x4xi1>
}

// -----
func.func @fma(%a: vector<4xf32>, %b: vector<2x4xf32>) -> (vector<4xf32>, vector<2x4xf32>) {
  %0 = vector.fma %a, %a, %a : vector<4xf32>
  %1 = vector.fma %b, %b, %b : vector<2x4xf32>
  return %0, %1 : vector<4xf32>, vector<2x4xf32>
}

// -----
func.func @shuf(%a: vector<4xf32>, %b: vector<2x4xf32>, %c: vector<2xf32>) -> (vector<3xf32>, vector<3x4xf32>, vector<4xi32>, vector<8xf32>, vector<2x8xf32>) {
  %0 = vector.shuffle %a, %c [0, 5, 1] : vector<4xf32>, vector<2xf32>
  %1 = vector.shuffle %b, %b [1, 0, 3] : vector<2x4xf32>, vector<2x4xf32>
  %2 = vector.bitcast %a : vector<4xf32> to vector<4xi32>
  %3 = vector.interleave %a, %a : vector<4xf32> -> vector<8xf32>
  %4 = vector.interleave %b, %b : vector<2x4xf32> -> vector<2x8xf32>
  return %0, %1, %2, %3, %4 : vector<3xf32>, vector<3x4xf32>, vector<4xi32>, vector<8xf32>, vector<2x8xf32>
}

// -----
func.func @t(%m: memref<8xf32>, %i: index, %p: f32, %mask: vector<4xi1>, %v: vector<4xf32>) -> (vector<4xf32>, vector<4xf32>) {
  %0 = vector.transfer_read %m[%i], %p {in_bounds = [true]} : memref<8xf32>, vector<4xf32>
  %1 = vector.transfer_read %m[%i], %p, %mask {in_bounds = [true]} : memref<8xf32>, vector<4xf32>
  vector.transfer_write %v, %m[%i] {in_bounds = [true]} : vector<4xf32>, memref<8xf32>
  vector.transfer_write %v, %m[%i], %mask {in_bounds = [true]} : vector<4xf32>, memref<8xf32>
  return %0, %1 : vector<4xf32>, vector<4xf32>
}

// -----
func.func @t(%m: memref<?xf32>, %i: index, %p: f32, %mask: vector<4xi1>, %v: vector<4xf32>) -> (vector<4xf32>) {
  %0 = vector.transfer_read %m[%i], %p : memref<?xf32>, vector<4xf32>
  vector.transfer_write %v, %m[%i], %mask : vector<4xf32>, memref<?xf32>
  return %0 : vector<4xf32>
}

// -----
func.func @u(%m: memref<8xf32>, %i: index, %p: f32) -> (vector<4xf32>) {
  %0 = vector.transfer_read %m[%i], %p : memref<8xf32>, vector<4xf32>
  return %0 : vector<4xf32>
}

// -----
func.func @bc(%a: vector<4xf32>, %b: vector<1xf32>, %c: vector<2x1xf32>, %d: vector<1x4xf32>, %z: vector<f32>) -> (vector<3x4xf32>, vector<4xf32>, vector<2x3xf32>, vector<3x4xf32>, vector<4xf32>, vector<2x2x4xf32>) {
  %0 = vector.broadcast %a : vector<4xf32> to vector<3x4xf32>
  %1 = vector.broadcast %b : vector<1xf32> to vector<4xf32>
  %2 = vector.broadcast %c : vector<2x1xf32> to vector<2x3xf32>
  %3 = vector.broadcast %d : vector<1x4xf32> to vector<3x4xf32>
  %4 = vector.broadcast %z : vector<f32> to vector<4xf32>
  %5 = vector.broadcast %a : vector<4xf32> to vector<2x2x4xf32>
  return %0, %1, %2, %3, %4, %5 : vector<3x4xf32>, vector<4xf32>, vector<2x3xf32>, vector<3x4xf32>, vector<4xf32>, vector<2x2x4xf32>
}

// -----
func.func @tr(%a: vector<2x3xf32>, %b: vector<2x3x4xf32>, %c: vector<1x4xf32>) -> (vector<3x2xf32>, vector<3x2x4xf32>, vector<4x1xf32>) {
  %0 = vector.transpose %a, [1, 0] : vector<2x3xf32> to vector<3x2xf32>
  %1 = vector.transpose %b, [1, 0, 2] : vector<2x3x4xf32> to vector<3x2x4xf32>
  %2 = vector.transpose %c, [1, 0] : vector<1x4xf32> to vector<4x1xf32>
  return %0, %1, %2 : vector<3x2xf32>, vector<3x2x4xf32>, vector<4x1xf32>
}

// -----
func.func @op(%a: vector<2xf32>, %b: vector<3xf32>, %acc: vector<2x3xf32>, %s: f32, %i: vector<2xi32>, %j: vector<3xi32>) -> (vector<2x3xf32>, vector<2x3xf32>, vector<2xf32>, vector<2x3xi32>) {
  %0 = vector.outerproduct %a, %b : vector<2xf32>, vector<3xf32>
  %1 = vector.outerproduct %a, %b, %acc : vector<2xf32>, vector<3xf32>
  %2 = vector.outerproduct %a, %s : vector<2xf32>, f32
  %3 = vector.outerproduct %i, %j {kind = #vector.kind<maxsi>} : vector<2xi32>, vector<3xi32>
  return %0, %1, %2, %3 : vector<2x3xf32>, vector<2x3xf32>, vector<2xf32>, vector<2x3xi32>
}

// -----
func.func @sc(%a: vector<2x3xf32>, %b: vector<2x2x2xf32>) -> (vector<3x2xf32>, vector<4x2xf32>) {
  %0 = vector.shape_cast %a : vector<2x3xf32> to vector<3x2xf32>
  %1 = vector.shape_cast %b : vector<2x2x2xf32> to vector<4x2xf32>
  return %0, %1 : vector<3x2xf32>, vector<4x2xf32>
}

// -----
func.func @red(%v: vector<4xf32>, %a: f32, %w: vector<4xi32>, %b: i32, %x: vector<4xindex>, %c: index) -> (f32, f32, f32, f32, f32, f32, f32, i32, i32, i32, i32, i32, i32, i32, i32, i32, index) {
  %0 = vector.reduction <add>, %v, %a : vector<4xf32> into f32
  %1 = vector.reduction <mul>, %v : vector<4xf32> into f32
  %2 = vector.reduction <minimumf>, %v : vector<4xf32> into f32
  %3 = vector.reduction <maximumf>, %v : vector<4xf32> into f32
  %4 = vector.reduction <minnumf>, %v, %a : vector<4xf32> into f32
  %5 = vector.reduction <maxnumf>, %v, %a fastmath<nnan> : vector<4xf32> into f32
  %6 = vector.reduction <add>, %v fastmath<fast> : vector<4xf32> into f32
  %7 = vector.reduction <add>, %w, %b : vector<4xi32> into i32
  %8 = vector.reduction <mul>, %w, %b : vector<4xi32> into i32
  %9 = vector.reduction <minui>, %w, %b : vector<4xi32> into i32
  %10 = vector.reduction <minsi>, %w, %b : vector<4xi32> into i32
  %11 = vector.reduction <maxui>, %w, %b : vector<4xi32> into i32
  %12 = vector.reduction <maxsi>, %w : vector<4xi32> into i32
  %13 = vector.reduction <and>, %w, %b : vector<4xi32> into i32
  %14 = vector.reduction <or>, %w : vector<4xi32> into i32
  %15 = vector.reduction <xor>, %w, %b : vector<4xi32> into i32
  %16 = vector.reduction <add>, %x, %c : vector<4xindex> into index
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16 : f32, f32, f32, f32, f32, f32, f32, i32, i32, i32, i32, i32, i32, i32, i32, i32, index
}

// -----
func.func @misc(%z: vector<f32>, %s: f32, %v: vector<4xf32>, %m: vector<2x3x4xf32>, %i: index) -> (f32, vector<f32>, vector<4xi32>, vector<2x3x4xf32>, vector<4xf32>, f32, vector<2x3x4xf32>, vector<f32>) {
  %0 = vector.extractelement %z[] : vector<f32>
  %1 = vector.insertelement %s, %z[] : vector<f32>
  %2 = vector.bitcast %v : vector<4xf32> to vector<4xi32>
  %3 = vector.splat %s : vector<2x3x4xf32>
  %4 = vector.extract %m[1, 2] : vector<4xf32> from vector<2x3x4xf32>
  %5 = vector.extract %m[1, 2, %i] : f32 from vector<2x3x4xf32>
  %6 = vector.insert %v, %m[0, 1] : vector<4xf32> into vector<2x3x4xf32>
  %7 = vector.splat %s : vector<f32>
  return %0, %1, %2, %6, %4, %5, %3, %7 : f32, vector<f32>, vector<4xi32>, vector<2x3x4xf32>, vector<4xf32>, f32, vector<2x3x4xf32>, vector<f32>
}

// -----
func.func @xfer(%m: memref<4x8xf32>, %one: memref<?xf32>, %p: f32, %i: index) -> (vector<3x8xf32>, vector<1xf32>) {
  %0 = vector.transfer_read %m[%i, %i], %p {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (0, d1)>} : memref<4x8xf32>, vector<3x8xf32>
  %1 = vector.load %one[%i] : memref<?xf32>, vector<1xf32>
  vector.store %1, %one[%i] : memref<?xf32>, vector<1xf32>
  return %0, %1 : vector<3x8xf32>, vector<1xf32>
}

// -----
#lhs = affine_map<(m, n, k) -> (m, k)>
#rhs = affine_map<(m, n, k) -> (k, n)>
#res = affine_map<(m, n, k) -> (m, n)>
func.func @matmul(%a: vector<2x3xf32>, %b: vector<3x4xf32>, %c: vector<2x4xf32>) -> vector<2x4xf32> {
  %0 = vector.contract {indexing_maps = [#lhs, #rhs, #res], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<2x3xf32>, vector<3x4xf32> into vector<2x4xf32>
  return %0 : vector<2x4xf32>
}

// -----
func.func @matvec(%a: vector<2x3xf32>, %b: vector<3xf32>, %c: vector<2xf32>) -> vector<2xf32> {
  %0 = vector.contract {indexing_maps = [affine_map<(m, k) -> (m, k)>, affine_map<(m, k) -> (k)>, affine_map<(m, k) -> (m)>], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<2x3xf32>, vector<3xf32> into vector<2xf32>
  return %0 : vector<2xf32>
}

// -----
func.func @dot(%a: vector<3xi32>, %b: vector<3xi32>, %c: i32) -> i32 {
  %0 = vector.contract {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> (k)>, affine_map<(k) -> ()>], iterator_types = ["reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<3xi32>, vector<3xi32> into i32
  return %0 : i32
}

// -----
func.func @batch(%a: vector<2x2x3xf32>, %b: vector<2x3x2xf32>, %c: vector<2x2x2xf32>) -> vector<2x2x2xf32> {
  %0 = vector.contract {indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, k, n)>, affine_map<(b, m, n, k) -> (b, m, n)>], iterator_types = ["parallel", "parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<2x2x3xf32>, vector<2x3x2xf32> into vector<2x2x2xf32>
  return %0 : vector<2x2x2xf32>
}

// -----
func.func @tmm(%a: vector<3x2xf32>, %b: vector<3x4xf32>, %c: vector<4x2xf32>) -> vector<4x2xf32> {
  %0 = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (n, m)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<3x2xf32>, vector<3x4xf32> into vector<4x2xf32>
  return %0 : vector<4x2xf32>
}

// -----
func.func @full_reduce(%a: vector<2x3xf32>, %b: vector<3x2xf32>, %c: f32) -> f32 {
  %0 = vector.contract {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j, i)>, affine_map<(i, j) -> ()>], iterator_types = ["reduction", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<2x3xf32>, vector<3x2xf32> into f32
  return %0 : f32
}

// -----
func.func @fma_3d(%a: vector<2x2x4xf32>) -> vector<2x2x4xf32> {
  %0 = vector.fma %a, %a, %a : vector<2x2x4xf32>
  return %0 : vector<2x2x4xf32>
}

// -----
func.func @down(%a: vector<2x4xf32>) -> vector<8xf32> {
  %0 = vector.shape_cast %a : vector<2x4xf32> to vector<8xf32>
  return %0 : vector<8xf32>
}

// -----
func.func @up(%a: vector<8xf32>) -> vector<2x4xf32> {
  %0 = vector.shape_cast %a : vector<8xf32> to vector<2x4xf32>
  return %0 : vector<2x4xf32>
}

// -----
func.func @one(%a: vector<1x4xf32>, %b: vector<4xf32>) -> (vector<4xf32>, vector<1x4xf32>) {
  %0 = vector.shape_cast %a : vector<1x4xf32> to vector<4xf32>
  %1 = vector.shape_cast %b : vector<4xf32> to vector<1x4xf32>
  return %0, %1 : vector<4xf32>, vector<1x4xf32>
}

// -----
func.func @three(%a: vector<3x2xi8>) -> vector<3x2xi8> {
  %0 = vector.shape_cast %a : vector<3x2xi8> to vector<6xi8>
  %1 = arith.addi %0, %0 : vector<6xi8>
  %2 = vector.shape_cast %1 : vector<6xi8> to vector<3x2xi8>
  return %2 : vector<3x2xi8>
}

// -----
func.func @m0(%n: index) -> (vector<i1>, vector<3xi1>) {
  %0 = vector.create_mask %n : vector<i1>
  %1 = vector.create_mask %n : vector<3xi1>
  return %0, %1 : vector<i1>, vector<3xi1>
}

// -----
func.func @s(%a: vector<[4]xf32>, %s: f32, %m: vector<2x[4]xf32>, %n: index) -> (vector<[4]xf32>, f32, vector<2x[4]xf32>, vector<[4]xi1>, vector<[4]xf32>) {
  %0 = vector.splat %s : vector<[4]xf32>
  %1 = vector.reduction <add>, %a : vector<[4]xf32> into f32
  %2 = vector.broadcast %a : vector<[4]xf32> to vector<2x[4]xf32>
  %3 = vector.create_mask %n : vector<[4]xi1>
  %4 = vector.fma %a, %a, %a : vector<[4]xf32>
  return %0, %1, %2, %3, %4 : vector<[4]xf32>, f32, vector<2x[4]xf32>, vector<[4]xi1>, vector<[4]xf32>
}
