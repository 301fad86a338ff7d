// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s | filecheck %s --check-prefix=SPACES --strict-whitespace

// The `llvm.intr.*` ops the lowering of arith, math, vector and memref produces. Those
// MLIR 19 gives no custom syntax print generically even in custom form.

// SPACES: %0 = llvm.intr.fma(%arg0, %arg0, %arg0)  : (f32, f32, f32) -> f32{{$}}
// SPACES: %3 = llvm.intr.exp2(%arg0)  {fastmathFlags = #llvm.fastmath<fast>} : (f32) -> f32{{$}}
// CHECK-LABEL: llvm.func @float_intrinsics(%arg0: f32, %arg1: vector<4xf32>, %arg2: i32) {
llvm.func @float_intrinsics(%f: f32, %v: vector<4xf32>, %i: i32) {
  // CHECK: %0 = llvm.intr.fma(%arg0, %arg0, %arg0) : (f32, f32, f32) -> f32
  %0 = llvm.intr.fma(%f, %f, %f) : (f32, f32, f32) -> f32
  // CHECK: %1 = llvm.intr.fmuladd(%arg1, %arg1, %arg1) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  %1 = llvm.intr.fmuladd(%v, %v, %v) : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  // CHECK: %2 = llvm.intr.exp(%arg0) : (f32) -> f32
  %2 = llvm.intr.exp(%f) : (f32) -> f32
  // CHECK: %3 = llvm.intr.exp2(%arg0) {fastmathFlags = #llvm.fastmath<fast>} : (f32) -> f32
  %3 = llvm.intr.exp2(%f) {fastmathFlags = #llvm.fastmath<fast>} : (f32) -> f32
  // CHECK: %4 = llvm.intr.log(%arg0) : (f32) -> f32
  %4 = llvm.intr.log(%f) : (f32) -> f32
  // CHECK: %5 = llvm.intr.log2(%arg1) : (vector<4xf32>) -> vector<4xf32>
  %5 = llvm.intr.log2(%v) : (vector<4xf32>) -> vector<4xf32>
  // CHECK: %6 = llvm.intr.log10(%arg0) : (f32) -> f32
  %6 = llvm.intr.log10(%f) : (f32) -> f32
  // CHECK: %7 = llvm.intr.sqrt(%arg0) {fastmathFlags = #llvm.fastmath<afn>} : (f32) -> f32
  %7 = llvm.intr.sqrt(%f) {fastmathFlags = #llvm.fastmath<afn>} : (f32) -> f32
  // CHECK: %8 = llvm.intr.pow(%arg0, %arg0) : (f32, f32) -> f32
  %8 = llvm.intr.pow(%f, %f) : (f32, f32) -> f32
  // CHECK: %9 = llvm.intr.powi(%arg0, %arg2) : (f32, i32) -> f32
  %9 = llvm.intr.powi(%f, %i) : (f32, i32) -> f32
  // CHECK: %10 = llvm.intr.sin(%arg0) : (f32) -> f32
  %10 = llvm.intr.sin(%f) : (f32) -> f32
  // CHECK: %11 = llvm.intr.cos(%arg0) : (f32) -> f32
  %11 = llvm.intr.cos(%f) : (f32) -> f32
  // CHECK: %12 = llvm.intr.fabs(%arg0) : (f32) -> f32
  %12 = llvm.intr.fabs(%f) : (f32) -> f32
  // CHECK: %13 = llvm.intr.floor(%arg0) : (f32) -> f32
  %13 = llvm.intr.floor(%f) : (f32) -> f32
  // CHECK: %14 = llvm.intr.ceil(%arg0) : (f32) -> f32
  %14 = llvm.intr.ceil(%f) : (f32) -> f32
  // CHECK: %15 = llvm.intr.round(%arg0) : (f32) -> f32
  %15 = llvm.intr.round(%f) : (f32) -> f32
  // CHECK: %16 = llvm.intr.roundeven(%arg0) : (f32) -> f32
  %16 = llvm.intr.roundeven(%f) : (f32) -> f32
  // CHECK: %17 = llvm.intr.trunc(%arg0) : (f32) -> f32
  %17 = llvm.intr.trunc(%f) : (f32) -> f32
  // CHECK: %18 = llvm.intr.copysign(%arg0, %arg0) : (f32, f32) -> f32
  %18 = llvm.intr.copysign(%f, %f) : (f32, f32) -> f32
  // CHECK: %19 = llvm.intr.minnum(%arg0, %arg0) : (f32, f32) -> f32
  %19 = llvm.intr.minnum(%f, %f) : (f32, f32) -> f32
  // CHECK: %20 = llvm.intr.maxnum(%arg0, %arg0) : (f32, f32) -> f32
  %20 = llvm.intr.maxnum(%f, %f) : (f32, f32) -> f32
  // CHECK: %21 = llvm.intr.minimum(%arg0, %arg0) : (f32, f32) -> f32
  %21 = llvm.intr.minimum(%f, %f) : (f32, f32) -> f32
  // CHECK: %22 = llvm.intr.maximum(%arg1, %arg1) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  %22 = llvm.intr.maximum(%v, %v) : (vector<4xf32>, vector<4xf32>) -> vector<4xf32>
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @int_intrinsics(%arg0: i32, %arg1: vector<4xi32>) {
llvm.func @int_intrinsics(%a: i32, %v: vector<4xi32>) {
  // CHECK: %0 = llvm.intr.smax(%arg0, %arg0) : (i32, i32) -> i32
  %0 = llvm.intr.smax(%a, %a) : (i32, i32) -> i32
  // CHECK: %1 = llvm.intr.smin(%arg0, %arg0) : (i32, i32) -> i32
  %1 = llvm.intr.smin(%a, %a) : (i32, i32) -> i32
  // CHECK: %2 = llvm.intr.umax(%arg1, %arg1) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  %2 = llvm.intr.umax(%v, %v) : (vector<4xi32>, vector<4xi32>) -> vector<4xi32>
  // CHECK: %3 = llvm.intr.umin(%arg0, %arg0) : (i32, i32) -> i32
  %3 = llvm.intr.umin(%a, %a) : (i32, i32) -> i32
  // CHECK: %4 = llvm.intr.ctpop(%arg0) : (i32) -> i32
  %4 = llvm.intr.ctpop(%a) : (i32) -> i32
  // CHECK: %5 = "llvm.intr.abs"(%arg0) <{is_int_min_poison = false}> : (i32) -> i32
  %5 = "llvm.intr.abs"(%a) <{is_int_min_poison = false}> : (i32) -> i32
  // CHECK: %6 = "llvm.intr.ctlz"(%arg0) <{is_zero_poison = true}> : (i32) -> i32
  %6 = "llvm.intr.ctlz"(%a) <{is_zero_poison = true}> : (i32) -> i32
  // CHECK: %7 = "llvm.intr.cttz"(%arg1) <{is_zero_poison = false}> : (vector<4xi32>) -> vector<4xi32>
  %7 = "llvm.intr.cttz"(%v) <{is_zero_poison = false}> : (vector<4xi32>) -> vector<4xi32>
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @memory_intrinsics(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i8, %arg4: vector<4xi1>, %arg5: vector<4xf32>) {
llvm.func @memory_intrinsics(%p: !llvm.ptr, %q: !llvm.ptr, %n: i64, %b: i8, %m: vector<4xi1>, %v: vector<4xf32>) {
  // CHECK: "llvm.intr.memcpy"(%arg0, %arg1, %arg2) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
  "llvm.intr.memcpy"(%p, %q, %n) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
  // CHECK: "llvm.intr.memset"(%arg0, %arg3, %arg2) <{isVolatile = true}> : (!llvm.ptr, i8, i64) -> ()
  "llvm.intr.memset"(%p, %b, %n) <{isVolatile = true}> : (!llvm.ptr, i8, i64) -> ()
  // CHECK: %0 = llvm.intr.masked.load %arg0, %arg4, %arg5 {alignment = 4 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
  %0 = llvm.intr.masked.load %p, %m, %v {alignment = 4 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xf32>) -> vector<4xf32>
  // CHECK: %1 = llvm.intr.masked.load %arg0, %arg4 {alignment = 16 : i32, nontemporal} : (!llvm.ptr, vector<4xi1>) -> vector<4xf32>
  %1 = llvm.intr.masked.load %p, %m {alignment = 16 : i32, nontemporal} : (!llvm.ptr, vector<4xi1>) -> vector<4xf32>
  // CHECK: llvm.intr.masked.store %arg5, %arg0, %arg4 {alignment = 4 : i32} : vector<4xf32>, vector<4xi1> into !llvm.ptr
  llvm.intr.masked.store %v, %p, %m {alignment = 4 : i32} : vector<4xf32>, vector<4xi1> into !llvm.ptr
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @reductions(%arg0: f32, %arg1: vector<4xf32>, %arg2: vector<4xi32>) {
llvm.func @reductions(%f: f32, %v: vector<4xf32>, %iv: vector<4xi32>) {
  // CHECK: %0 = "llvm.intr.vector.reduce.add"(%arg2) : (vector<4xi32>) -> i32
  %0 = "llvm.intr.vector.reduce.add"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %1 = "llvm.intr.vector.reduce.mul"(%arg2) : (vector<4xi32>) -> i32
  %1 = "llvm.intr.vector.reduce.mul"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %2 = "llvm.intr.vector.reduce.and"(%arg2) : (vector<4xi32>) -> i32
  %2 = "llvm.intr.vector.reduce.and"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %3 = "llvm.intr.vector.reduce.or"(%arg2) : (vector<4xi32>) -> i32
  %3 = "llvm.intr.vector.reduce.or"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %4 = "llvm.intr.vector.reduce.xor"(%arg2) : (vector<4xi32>) -> i32
  %4 = "llvm.intr.vector.reduce.xor"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %5 = "llvm.intr.vector.reduce.smax"(%arg2) : (vector<4xi32>) -> i32
  %5 = "llvm.intr.vector.reduce.smax"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %6 = "llvm.intr.vector.reduce.smin"(%arg2) : (vector<4xi32>) -> i32
  %6 = "llvm.intr.vector.reduce.smin"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %7 = "llvm.intr.vector.reduce.umax"(%arg2) : (vector<4xi32>) -> i32
  %7 = "llvm.intr.vector.reduce.umax"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %8 = "llvm.intr.vector.reduce.umin"(%arg2) : (vector<4xi32>) -> i32
  %8 = "llvm.intr.vector.reduce.umin"(%iv) : (vector<4xi32>) -> i32
  // CHECK: %9 = "llvm.intr.vector.reduce.fadd"(%arg0, %arg1) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<4xf32>) -> f32
  %9 = "llvm.intr.vector.reduce.fadd"(%f, %v) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<4xf32>) -> f32
  // CHECK: %10 = "llvm.intr.vector.reduce.fmul"(%arg0, %arg1) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
  %10 = "llvm.intr.vector.reduce.fmul"(%f, %v) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
  // CHECK: %11 = llvm.intr.vector.reduce.fmax(%arg1) : (vector<4xf32>) -> f32
  %11 = llvm.intr.vector.reduce.fmax(%v) : (vector<4xf32>) -> f32
  // CHECK: %12 = llvm.intr.vector.reduce.fmin(%arg1) : (vector<4xf32>) -> f32
  %12 = llvm.intr.vector.reduce.fmin(%v) : (vector<4xf32>) -> f32
  // CHECK: %13 = llvm.intr.vector.reduce.fmaximum(%arg1) {fastmathFlags = #llvm.fastmath<nnan>} : (vector<4xf32>) -> f32
  %13 = llvm.intr.vector.reduce.fmaximum(%v) {fastmathFlags = #llvm.fastmath<nnan>} : (vector<4xf32>) -> f32
  // CHECK: %14 = llvm.intr.vector.reduce.fminimum(%arg1) : (vector<4xf32>) -> f32
  %14 = llvm.intr.vector.reduce.fminimum(%v) : (vector<4xf32>) -> f32
  // CHECK: llvm.return
  llvm.return
}

