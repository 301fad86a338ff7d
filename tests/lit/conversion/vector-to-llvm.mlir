// RUN: mlc-opt %s --convert-vector-to-llvm | filecheck %s
// RUN: mlc-opt %s --convert-vector-to-llvm='reassociate-fp-reductions force-32bit-vector-indices=false' \
// RUN:   | filecheck %s --check-prefixes=REASSOC,I64

// Sub-vectors are array elements; elements are lanes of the innermost 1-D vector. A dynamic
// position above the innermost dim is not lowered (LLVM arrays take constant indices).
// CHECK-LABEL: func.func @extract_insert
// CHECK:         %[[A:.*]] = builtin.unrealized_conversion_cast %arg0 : vector<2x4xf32> to !llvm.array<2 x vector<4xf32>>
// CHECK-NEXT:    %[[ROW:.*]] = llvm.extractvalue %[[A]][1] : !llvm.array<2 x vector<4xf32>>
// CHECK-NEXT:    %[[ROW1:.*]] = llvm.extractvalue %[[A]][1] : !llvm.array<2 x vector<4xf32>>
// CHECK-NEXT:    %[[C2:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-NEXT:    %[[E:.*]] = llvm.extractelement %[[ROW1]][%[[C2]] : i64] : vector<4xf32>
// CHECK-NEXT:    %[[ROW0:.*]] = llvm.extractvalue %[[A]][0] : !llvm.array<2 x vector<4xf32>>
// CHECK-NEXT:    %[[C3:.*]] = llvm.mlir.constant(3 : i64) : i64
// CHECK-NEXT:    %[[NEW:.*]] = llvm.insertelement %arg1, %[[ROW0]][%[[C3]] : i64] : vector<4xf32>
// CHECK-NEXT:    llvm.insertvalue %[[NEW]], %[[A]][0] : !llvm.array<2 x vector<4xf32>>
// CHECK:         vector.extract %arg0[%arg2, 1] : f32 from vector<2x4xf32>
func.func @extract_insert(%m: vector<2x4xf32>, %s: f32, %i: index) -> (vector<4xf32>, f32, vector<2x4xf32>, f32) {
  %0 = vector.extract %m[1] : vector<4xf32> from vector<2x4xf32>
  %1 = vector.extract %m[1, 2] : f32 from vector<2x4xf32>
  %2 = vector.insert %s, %m[0, 3] : f32 into vector<2x4xf32>
  %3 = vector.extract %m[%i, 1] : f32 from vector<2x4xf32>
  return %0, %1, %2, %3 : vector<4xf32>, f32, vector<2x4xf32>, f32
}

// One splat 1-D vector fills every row.
// CHECK-LABEL: func.func @splat_nd
// CHECK-NEXT:    %[[ARR:.*]] = llvm.mlir.undef : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[U:.*]] = llvm.mlir.undef : vector<3xf32>
// CHECK-NEXT:    %[[Z:.*]] = llvm.mlir.constant(0 : i32) : i32
// CHECK-NEXT:    %[[I:.*]] = llvm.insertelement %arg0, %[[U]][%[[Z]] : i32] : vector<3xf32>
// CHECK-NEXT:    %[[S:.*]] = llvm.shufflevector %[[I]], %[[I]] [0, 0, 0] : vector<3xf32>
// CHECK-NEXT:    %[[R0:.*]] = llvm.insertvalue %[[S]], %[[ARR]][0] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    llvm.insertvalue %[[S]], %[[R0]][1] : !llvm.array<2 x vector<3xf32>>
func.func @splat_nd(%s: f32) -> vector<2x3xf32> {
  %0 = vector.splat %s : vector<2x3xf32>
  return %0 : vector<2x3xf32>
}

// Float add/mul take the accumulator (or the neutral value) as start value, ordered unless
// reassociation is allowed; the others join the accumulator after the intrinsic.
// CHECK-LABEL: func.func @reductions
// CHECK-NEXT:    %[[ZERO:.*]] = llvm.mlir.constant(0.000000e+00 : f32) : f32
// CHECK-NEXT:    "llvm.intr.vector.reduce.fadd"(%[[ZERO]], %arg0) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
// CHECK-NEXT:    "llvm.intr.vector.reduce.fmul"(%arg1, %arg0) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
// CHECK-NEXT:    %[[MIN:.*]] = "llvm.intr.vector.reduce.smin"(%arg2) : (vector<4xi32>) -> i32
// CHECK-NEXT:    %[[LE:.*]] = llvm.icmp "sle" %arg3, %[[MIN]] : i32
// CHECK-NEXT:    llvm.select %[[LE]], %arg3, %[[MIN]] : i1, i32
// CHECK-NEXT:    %[[MAX:.*]] = llvm.intr.vector.reduce.fmax(%arg0)  : (vector<4xf32>) -> f32
// CHECK-NEXT:    llvm.intr.maxnum(%[[MAX]], %arg1)  : (f32, f32) -> f32
// REASSOC-LABEL: func.func @reductions
// REASSOC:         "llvm.intr.vector.reduce.fadd"(%{{.*}}, %arg0) <{fastmathFlags = #llvm.fastmath<reassoc>}>
// REASSOC:         llvm.intr.vector.reduce.fmax(%arg0)  {fastmathFlags = #llvm.fastmath<reassoc>} : (vector<4xf32>) -> f32
func.func @reductions(%v: vector<4xf32>, %a: f32, %w: vector<4xi32>, %b: i32) -> (f32, f32, i32, f32) {
  %0 = vector.reduction <add>, %v : vector<4xf32> into f32
  %1 = vector.reduction <mul>, %v, %a : vector<4xf32> into f32
  %2 = vector.reduction <minsi>, %w, %b : vector<4xi32> into i32
  %3 = vector.reduction <maxnumf>, %v, %a : vector<4xf32> into f32
  return %0, %1, %2, %3 : f32, f32, i32, f32
}

// An n-D fma is one llvm.intr.fmuladd per row.
// CHECK-LABEL: func.func @fma
// CHECK-COUNT-2: llvm.intr.fmuladd(%{{.*}}, %{{.*}}, %{{.*}})  : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
func.func @fma(%a: vector<2x4xf32>) -> vector<2x4xf32> {
  %0 = vector.fma %a, %a, %a : vector<2x4xf32>
  return %0 : vector<2x4xf32>
}

// A 1-D mask compares the lane numbers with the bound, in i32 unless told otherwise.
// CHECK-LABEL: func.func @create_mask
// CHECK-NEXT:    %[[LANES:.*]] = arith.constant dense<[0, 1, 2, 3]> : vector<4xi32>
// CHECK-NEXT:    %[[N:.*]] = arith.index_cast %arg0 : index to i32
// CHECK:         %[[B:.*]] = llvm.shufflevector
// CHECK-NEXT:    arith.cmpi slt, %[[LANES]], %[[B]] : vector<4xi32>
// I64-LABEL: func.func @create_mask
// I64-NEXT:    arith.constant dense<[0, 1, 2, 3]> : vector<4xi64>
// I64-NEXT:    arith.index_cast %arg0 : index to i64
func.func @create_mask(%n: index) -> vector<4xi1> {
  %0 = vector.create_mask %n : vector<4xi1>
  return %0 : vector<4xi1>
}

// An out-of-bounds read is a masked load whose mask stops at the end of the memref.
// CHECK-LABEL: func.func @transfer_out_of_bounds
// CHECK:         %[[DIM:.*]] = memref.dim %arg0, %{{.*}} : memref<?xf32>
// CHECK-NEXT:    %[[LEFT:.*]] = arith.subi %[[DIM]], %arg1 : index
// CHECK:         %[[MASK:.*]] = arith.cmpi slt
// CHECK:         %[[PAD:.*]] = llvm.shufflevector %{{.*}}, %{{.*}} [0, 0, 0, 0] : vector<4xf32>
// CHECK:         %[[PTR:.*]] = llvm.getelementptr
// CHECK-NEXT:    llvm.intr.masked.load %[[PTR]], %[[MASK]], %[[PAD]] {alignment = 4 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
func.func @transfer_out_of_bounds(%m: memref<?xf32>, %i: index, %p: f32) -> vector<4xf32> {
  %0 = vector.transfer_read %m[%i], %p : memref<?xf32>, vector<4xf32>
  return %0 : vector<4xf32>
}

// A transpose moves element by element.
// CHECK-LABEL: func.func @transpose
// CHECK:         arith.constant dense<0.000000e+00> : vector<3x2xf32>
// CHECK-COUNT-6: llvm.insertelement
func.func @transpose(%a: vector<2x3xf32>) -> vector<3x2xf32> {
  %0 = vector.transpose %a, [1, 0] : vector<2x3xf32> to vector<3x2xf32>
  return %0 : vector<3x2xf32>
}

// Shuffles of one 1-D type and interleaves are llvm.shufflevector.
// CHECK-LABEL: func.func @shuffle_interleave
// CHECK-NEXT:    llvm.shufflevector %arg0, %arg1 [0, 5, 7] : vector<4xf32>
// CHECK-NEXT:    llvm.shufflevector %arg0, %arg1 [0, 4, 1, 5, 2, 6, 3, 7] : vector<4xf32>
func.func @shuffle_interleave(%a: vector<4xf32>, %b: vector<4xf32>) -> (vector<3xf32>, vector<8xf32>) {
  %0 = vector.shuffle %a, %b [0, 5, 7] : vector<4xf32>, vector<4xf32>
  %1 = vector.interleave %a, %b : vector<4xf32> -> vector<8xf32>
  return %0, %1 : vector<3xf32>, vector<8xf32>
}

// A matmul contraction is dot products of lhs rows with rows of the transposed rhs, the
// accumulator added after; other contractions unroll into smaller ones.
// CHECK-LABEL: func.func @contract_matmul
// CHECK:         arith.constant dense<0.000000e+00> : vector<4x3xf32>
// CHECK-COUNT-8: %{{.*}} = "llvm.intr.vector.reduce.fadd"(%{{.*}}, %{{.*}}) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<3xf32>) -> f32
// CHECK:         arith.addf %{{.*}}, %arg2 : vector<2x4xf32>
func.func @contract_matmul(%a: vector<2x3xf32>, %b: vector<3x4xf32>, %c: vector<2x4xf32>) -> vector<2x4xf32> {
  %0 = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<2x3xf32>, vector<3x4xf32> into vector<2x4xf32>
  return %0 : vector<2x4xf32>
}

// CHECK-LABEL: func.func @contract_dot
// CHECK:         %[[P:.*]] = arith.muli %arg0, %arg1 : vector<3xi32>
// CHECK-NEXT:    %[[S:.*]] = "llvm.intr.vector.reduce.add"(%[[P]]) : (vector<3xi32>) -> i32
// CHECK-NEXT:    llvm.add %arg2, %[[S]] : i32
func.func @contract_dot(%a: vector<3xi32>, %b: vector<3xi32>, %c: i32) -> i32 {
  %0 = vector.contract {indexing_maps = [affine_map<(k) -> (k)>, affine_map<(k) -> (k)>, affine_map<(k) -> ()>], iterator_types = ["reduction"], kind = #vector.kind<add>} %a, %b, %c : vector<3xi32>, vector<3xi32> into i32
  return %0 : i32
}
