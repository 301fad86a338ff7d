// math-polynomial-approximation (mlir-opt 19: test-math-polynomial-approximation): every
// approximated op on f32, vectors of it, f16/bf16 through f32, and ops it leaves alone.

func.func @scalars(%x: f32, %y: f32) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32) {
  %0 = math.tanh %x : f32
  %1 = math.log %x : f32
  %2 = math.log2 %x : f32
  %3 = math.log1p %x : f32
  %4 = math.erf %x : f32
  %5 = math.exp %x : f32
  %6 = math.expm1 %x : f32
  %7 = math.asin %x : f32
  %8 = math.acos %x : f32
  %9 = math.atan %x : f32
  %10 = math.atan2 %x, %y : f32
  %11 = math.sin %x : f32
  %12 = math.cos %x : f32
  %13 = math.cbrt %x : f32
  %14 = math.rsqrt %x : f32
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14 : f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32
}

// -----

func.func @vectors(%v: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %0 = math.exp %v : vector<8xf32>
  %1 = math.log %v fastmath<fast> : vector<8xf32>
  %2 = math.tanh %v : vector<8xf32>
  %3 = math.erf %v : vector<8xf32>
  return %0, %1, %2, %3 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// -----

func.func @narrow_and_wide(%h: f16, %b: vector<4xbf16>, %w: vector<2x3xf32>, %d: f64, %t: tensor<4xf64>) -> (f16, vector<4xbf16>, vector<2x3xf32>, f64, tensor<4xf64>, f16) {
  %0 = math.sin %h fastmath<afn> : f16
  %1 = math.expm1 %b : vector<4xbf16>
  %2 = math.cos %w : vector<2x3xf32>
  %3 = math.exp %d : f64
  %4 = math.log %t : tensor<4xf64>
  %5 = math.asin %h : f16
  return %0, %1, %2, %3, %4, %5 : f16, vector<4xbf16>, vector<2x3xf32>, f64, tensor<4xf64>, f16
}

// -----

func.func @more_vectors(%y: vector<4xf32>, %x: vector<4xf32>, %h: vector<4xf16>) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf16>) {
  %0 = math.atan2 %y, %x : vector<4xf32>
  %1 = math.cbrt %x : vector<4xf32>
  %2 = math.log1p %y : vector<4xf32>
  %3 = math.acos %h : vector<4xf16>
  return %0, %1, %2, %3 : vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf16>
}
