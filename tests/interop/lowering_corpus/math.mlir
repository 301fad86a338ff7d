// Math ops: intrinsics, the expansions, n-D vectors, ops left alone.

func.func @m(%x: f32, %y: f32, %z: f32, %i: i32, %v: vector<4xf32>, %w: vector<2x3xf32>, %iv: vector<2x3xi32>) {
  %0 = math.absf %x : f32
  %1 = math.ceil %x : f32
  %2 = math.copysign %x, %y : f32
  %3 = math.cos %x : f32
  %4 = math.ctpop %i : i32
  %5 = math.exp2 %x : f32
  %6 = math.exp %x : f32
  %7 = math.floor %x : f32
  %8 = math.fma %x, %y, %z : f32
  %9 = math.log10 %x : f32
  %10 = math.log2 %x : f32
  %11 = math.log %x : f32
  %12 = math.powf %x, %y : f32
  %13 = math.roundeven %x : f32
  %14 = math.round %x : f32
  %15 = math.sin %x : f32
  %16 = math.sqrt %x : f32
  %17 = math.trunc %x : f32
  %18 = math.fpowi %x, %i : f32, i32
  %19 = math.absi %i : i32
  %20 = math.ctlz %i : i32
  %21 = math.cttz %i : i32
  %22 = math.expm1 %x : f32
  %23 = math.log1p %x : f32
  %24 = math.rsqrt %x : f32
  %25 = math.tan %x : f32
  %26 = math.tanh %x : f32
  %27 = math.expm1 %v fastmath<fast> : vector<4xf32>
  %28 = math.log1p %w : vector<2x3xf32>
  %29 = math.rsqrt %w : vector<2x3xf32>
  %30 = math.sqrt %w fastmath<nnan> : vector<2x3xf32>
  %31 = math.ctlz %iv : vector<2x3xi32>
  %32 = math.absi %iv : vector<2x3xi32>
  %33 = math.atan2 %x, %y : f32
  %34 = math.ipowi %i, %i : i32
  %35 = math.erf %x : f32
  %36 = math.cbrt %x : f32
  %37 = math.exp %x fastmath<afn,nnan> : f32
  %38 = math.log1p %x fastmath<fast> : f32
  %39 = math.expm1 %w : vector<2x3xf32>
  return
}

// -----

func.func @m(%x: f32, %w: vector<2x3xf32>, %h: f16) -> f32 {
  %23 = math.log1p %x : f32
  %28 = math.log1p %w : vector<2x3xf32>
  %1 = math.exp %h : f16
  %2 = math.log1p %h fastmath<nnan> : f16
  return %23 : f32
}

// -----

func.func @f(%x: f32, %i: i64, %v: vector<2x3xf32>, %vi: vector<2x3xi64>) -> f32 { %r = math.fpowi %x, %i fastmath<fast> : f32, i64
 %c = math.copysign %v, %v fastmath<nnan> : vector<2x3xf32>
 %f = math.fma %v, %v, %v : vector<2x3xf32>
 %p = math.ctpop %vi : vector<2x3xi64>
 %z = math.ctlz %i : i64
 return %r : f32 }
