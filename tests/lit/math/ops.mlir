// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// Every op of MLIR 19's math dialect in its custom form; fast-math flags print after the
// operands, `none` is elided.

// CHECK-LABEL: func.func @float_unary
func.func @float_unary(%f: f32, %v: vector<4xf64>, %t: tensor<?xbf16>) {
  // CHECK-NEXT: %0 = math.absf %arg0 : f32
  %0 = math.absf %f : f32
  // CHECK-NEXT: %1 = math.acos %arg0 fastmath<fast> : f32
  %1 = math.acos %f fastmath<fast> : f32
  // CHECK-NEXT: %2 = math.acosh %arg1 : vector<4xf64>
  %2 = math.acosh %v : vector<4xf64>
  // CHECK-NEXT: %3 = math.asin %arg2 : tensor<?xbf16>
  %3 = math.asin %t : tensor<?xbf16>
  // CHECK-NEXT: %4 = math.asinh %arg0 fastmath<nnan,ninf> : f32
  %4 = math.asinh %f fastmath<ninf,nnan> : f32
  // CHECK-NEXT: %5 = math.atan %arg0 : f32
  %5 = math.atan %f fastmath<none> : f32
  // CHECK-NEXT: %6 = math.atanh %arg0 : f32
  %6 = math.atanh %f : f32
  // CHECK-NEXT: %7 = math.cbrt %arg0 : f32
  %7 = math.cbrt %f : f32
  // CHECK-NEXT: %8 = math.ceil %arg0 : f32
  %8 = math.ceil %f : f32
  // CHECK-NEXT: %9 = math.cos %arg0 : f32
  %9 = math.cos %f : f32
  // CHECK-NEXT: %10 = math.cosh %arg0 : f32
  %10 = math.cosh %f : f32
  // CHECK-NEXT: %11 = math.erf %arg0 : f32
  %11 = math.erf %f : f32
  // CHECK-NEXT: %12 = math.exp %arg0 : f32
  %12 = math.exp %f : f32
  // CHECK-NEXT: %13 = math.exp2 %arg0 : f32
  %13 = math.exp2 %f : f32
  // CHECK-NEXT: %14 = math.expm1 %arg0 : f32
  %14 = math.expm1 %f : f32
  // CHECK-NEXT: %15 = math.floor %arg0 : f32
  %15 = math.floor %f : f32
  // CHECK-NEXT: %16 = math.log %arg0 : f32
  %16 = math.log %f : f32
  // CHECK-NEXT: %17 = math.log10 %arg0 : f32
  %17 = math.log10 %f : f32
  // CHECK-NEXT: %18 = math.log1p %arg0 : f32
  %18 = math.log1p %f : f32
  // CHECK-NEXT: %19 = math.log2 %arg0 : f32
  %19 = math.log2 %f : f32
  // CHECK-NEXT: %20 = math.round %arg0 : f32
  %20 = math.round %f : f32
  // CHECK-NEXT: %21 = math.roundeven %arg0 : f32
  %21 = math.roundeven %f : f32
  // CHECK-NEXT: %22 = math.rsqrt %arg0 : f32
  %22 = math.rsqrt %f : f32
  // CHECK-NEXT: %23 = math.sin %arg0 : f32
  %23 = math.sin %f : f32
  // CHECK-NEXT: %24 = math.sinh %arg0 : f32
  %24 = math.sinh %f : f32
  // CHECK-NEXT: %25 = math.sqrt %arg0 fastmath<afn> : f32
  %25 = math.sqrt %f fastmath<afn> : f32
  // CHECK-NEXT: %26 = math.tan %arg0 : f32
  %26 = math.tan %f : f32
  // CHECK-NEXT: %27 = math.tanh %arg0 : f32
  %27 = math.tanh %f : f32
  // CHECK-NEXT: %28 = math.trunc %arg0 : f32
  %28 = math.trunc %f : f32
  return
}

// CHECK-LABEL: func.func @float_multi
func.func @float_multi(%a: f64, %b: f64, %i: i32, %v: vector<2xf16>, %w: vector<2xi8>) {
  // CHECK-NEXT: %0 = math.atan2 %arg0, %arg1 : f64
  %0 = math.atan2 %a, %b : f64
  // CHECK-NEXT: %1 = math.copysign %arg0, %arg1 fastmath<nsz> : f64
  %1 = math.copysign %a, %b fastmath<nsz> : f64
  // CHECK-NEXT: %2 = math.powf %arg0, %arg1 : f64
  %2 = math.powf %a, %b : f64
  // CHECK-NEXT: %3 = math.fma %arg0, %arg1, %arg0 fastmath<contract> : f64
  %3 = math.fma %a, %b, %a fastmath<contract> : f64
  // CHECK-NEXT: %4 = math.fpowi %arg0, %arg2 : f64, i32
  %4 = math.fpowi %a, %i : f64, i32
  // CHECK-NEXT: %5 = math.fpowi %arg3, %arg4 fastmath<fast> : vector<2xf16>, vector<2xi8>
  %5 = math.fpowi %v, %w fastmath<fast> : vector<2xf16>, vector<2xi8>
  return
}

// CHECK-LABEL: func.func @integer
func.func @integer(%i: i32, %x: index, %v: vector<4xi16>) {
  // CHECK-NEXT: %0 = math.absi %arg0 : i32
  %0 = math.absi %i : i32
  // CHECK-NEXT: %1 = math.ctlz %arg1 : index
  %1 = math.ctlz %x : index
  // CHECK-NEXT: %2 = math.cttz %arg2 : vector<4xi16>
  %2 = math.cttz %v : vector<4xi16>
  // CHECK-NEXT: %3 = math.ctpop %arg0 : i32
  %3 = math.ctpop %i : i32
  // CHECK-NEXT: %4 = math.ipowi %arg0, %arg0 : i32
  %4 = math.ipowi %i, %i : i32
  return
}

// The generic form spells the default fast-math flags out, as MLIR's properties do.
// GENERIC: "math.absf"(%{{.*}}) <{fastmath = #arith.fastmath<none>}> : (f32) -> f32
// GENERIC: "math.acos"(%{{.*}}) <{fastmath = #arith.fastmath<fast>}> : (f32) -> f32
// GENERIC: "math.fpowi"(%{{.*}}, %{{.*}}) <{fastmath = #arith.fastmath<none>}> : (f64, i32) -> f64
// GENERIC: "math.absi"(%{{.*}}) : (i32) -> i32
