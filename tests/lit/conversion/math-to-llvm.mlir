// RUN: mlc-opt %s --convert-math-to-llvm | filecheck %s
// RUN: mlc-opt %s --convert-math-to-llvm=approximate-log1p=false | filecheck %s --check-prefix=EXACT

// Ops with an LLVM intrinsic of the same meaning map to it; fast-math flags carry over.
// CHECK-LABEL: func.func @intrinsics
// CHECK-NEXT:    llvm.intr.fabs(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.ceil(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.copysign(%arg0, %arg1)  : (f32, f32) -> f32
// CHECK-NEXT:    llvm.intr.cos(%arg0)  {fastmathFlags = #llvm.fastmath<afn>} : (f32) -> f32
// CHECK-NEXT:    llvm.intr.exp(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.exp2(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.floor(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.fma(%arg0, %arg1, %arg2)  : (f32, f32, f32) -> f32
// CHECK-NEXT:    llvm.intr.log(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.log10(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.log2(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.pow(%arg0, %arg1)  : (f32, f32) -> f32
// CHECK-NEXT:    llvm.intr.round(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.roundeven(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.sin(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.sqrt(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.trunc(%arg0)  : (f32) -> f32
// CHECK-NEXT:    llvm.intr.powi(%arg0, %arg3)  : (f32, i32) -> f32
// CHECK-NEXT:    llvm.intr.ctpop(%arg3)  : (i32) -> i32
// CHECK-NEXT:    return
func.func @intrinsics(%x: f32, %y: f32, %z: f32, %i: i32) {
  %0 = math.absf %x : f32
  %1 = math.ceil %x : f32
  %2 = math.copysign %x, %y : f32
  %3 = math.cos %x fastmath<afn> : f32
  %4 = math.exp %x : f32
  %5 = math.exp2 %x : f32
  %6 = math.floor %x : f32
  %7 = math.fma %x, %y, %z : f32
  %8 = math.log %x : f32
  %9 = math.log10 %x : f32
  %10 = math.log2 %x : f32
  %11 = math.powf %x, %y : f32
  %12 = math.round %x : f32
  %13 = math.roundeven %x : f32
  %14 = math.sin %x : f32
  %15 = math.sqrt %x : f32
  %16 = math.trunc %x : f32
  %17 = math.fpowi %x, %i : f32, i32
  %18 = math.ctpop %i : i32
  return
}

// The counting ops and `absi` say that zero (or INT_MIN) is not poison; n-D vectors unroll.
// CHECK-LABEL: func.func @flagged
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg1 : vector<2x3xi16> to !llvm.array<2 x vector<3xi16>>
// CHECK-NEXT:    "llvm.intr.abs"(%arg0) <{is_int_min_poison = false}> : (i32) -> i32
// CHECK-NEXT:    "llvm.intr.ctlz"(%arg0) <{is_zero_poison = false}> : (i32) -> i32
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.undef : !llvm.array<2 x vector<3xi16>>
// CHECK-NEXT:    %[[V4:.*]] = llvm.extractvalue %[[V0]][0] : !llvm.array<2 x vector<3xi16>>
// CHECK-NEXT:    %[[V5:.*]] = "llvm.intr.cttz"(%[[V4]]) <{is_zero_poison = false}> : (vector<3xi16>) -> vector<3xi16>
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %[[V5]], %[[V3]][0] : !llvm.array<2 x vector<3xi16>>
// CHECK-NEXT:    %[[V7:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.array<2 x vector<3xi16>>
// CHECK-NEXT:    %[[V8:.*]] = "llvm.intr.cttz"(%[[V7]]) <{is_zero_poison = false}> : (vector<3xi16>) -> vector<3xi16>
// CHECK-NEXT:    llvm.insertvalue %[[V8]], %[[V6]][1] : !llvm.array<2 x vector<3xi16>>
// CHECK-NEXT:    return
func.func @flagged(%i: i32, %v: vector<2x3xi16>) {
  %0 = math.absi %i : i32
  %1 = math.ctlz %i : i32
  %2 = math.cttz %v : vector<2x3xi16>
  return
}

// `expm1` is `exp(x) - 1`, `rsqrt` is `1 / sqrt(x)`, and `log1p` is `log(1 + x)` (an
// approximation, on by default: `approximate-log1p`).
// CHECK-LABEL: func.func @expansions
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.constant(1.000000e+00 : f64) : f64
// CHECK-NEXT:    %[[V1:.*]] = llvm.intr.exp(%arg0)  {fastmathFlags = #llvm.fastmath<fast>} : (f64) -> f64
// CHECK-NEXT:    llvm.fsub %[[V1]], %[[V0]]  {fastmathFlags = #llvm.fastmath<fast>} : f64
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(dense<1.000000e+00> : vector<4xf32>) : vector<4xf32>
// CHECK-NEXT:    %[[V4:.*]] = llvm.intr.sqrt(%arg1)  : (vector<4xf32>) -> vector<4xf32>
// CHECK-NEXT:    llvm.fdiv %[[V3]], %[[V4]]  : vector<4xf32>
// CHECK-NEXT:    %[[V6:.*]] = llvm.mlir.constant(1.000000e+00 : f64) : f64
// CHECK-NEXT:    %[[V7:.*]] = llvm.fadd %[[V6]], %arg0  : f64
// CHECK-NEXT:    llvm.intr.log(%[[V7]])  : (f64) -> f64
// CHECK-NEXT:    return
// EXACT-LABEL: func.func @expansions
// EXACT:         math.log1p %arg0 : f64
func.func @expansions(%x: f64, %v: vector<4xf32>) {
  %0 = math.expm1 %x fastmath<fast> : f64
  %1 = math.rsqrt %v : vector<4xf32>
  %2 = math.log1p %x : f64
  return
}

// Ops on n-D vectors are unrolled over the 1-D vectors of their arrays.
// CHECK-LABEL: func.func @unrolled
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg0 : vector<2x3xf32> to !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V1:.*]] = llvm.mlir.undef : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V2:.*]] = llvm.extractvalue %[[V0]][0] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V3:.*]] = llvm.intr.sqrt(%[[V2]])  {fastmathFlags = #llvm.fastmath<nnan>} : (vector<3xf32>) -> vector<3xf32>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %[[V3]], %[[V1]][0] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V5:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V6:.*]] = llvm.intr.sqrt(%[[V5]])  {fastmathFlags = #llvm.fastmath<nnan>} : (vector<3xf32>) -> vector<3xf32>
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %[[V6]], %[[V4]][1] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V8:.*]] = builtin.unrealized_conversion_cast %[[V7]] : !llvm.array<2 x vector<3xf32>> to vector<2x3xf32>
// CHECK-NEXT:    return %[[V8]] : vector<2x3xf32>
func.func @unrolled(%w: vector<2x3xf32>) -> vector<2x3xf32> {
  %0 = math.sqrt %w fastmath<nnan> : vector<2x3xf32>
  return %0 : vector<2x3xf32>
}

// Ops LLVM 19 has no intrinsic for stay.
// CHECK-LABEL: func.func @left_alone
// CHECK-NEXT:    math.tan %arg0 : f32
// CHECK-NEXT:    math.tanh %arg0 : f32
// CHECK-NEXT:    math.atan2 %arg0, %arg0 : f32
// CHECK-NEXT:    math.erf %arg0 : f32
// CHECK-NEXT:    math.ipowi %arg1, %arg1 : i32
// CHECK-NEXT:    return

func.func @left_alone(%x: f32, %i: i32, %v: vector<4xf32>, %vi: vector<4xi32>) {
  %0 = math.tan %x : f32
  %1 = math.tanh %x : f32
  %2 = math.atan2 %x, %x : f32
  %3 = math.erf %x : f32
  %4 = math.ipowi %i, %i : i32
  return
}
