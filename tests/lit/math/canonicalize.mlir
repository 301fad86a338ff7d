// RUN: mlc-opt %s --canonicalize --split-input-file | filecheck %s

// Folds of MLIR 19's math dialect. Functions of the C library fold on f32 and f64 only;
// what APFloat computes exactly folds on every float type.

// CHECK-LABEL: func.func @libm_f32_f64
// CHECK-DAG:     %[[E:.+]] = arith.constant 2.71828175 : f32
// CHECK-DAG:     %[[S:.+]] = arith.constant 0.8414709848078965 : f64
// CHECK-DAG:     %[[T:.+]] = arith.constant 0.761594176 : f32
// CHECK-DAG:     %[[P:.+]] = arith.constant 8.000000e+00 : f32
// CHECK-DAG:     %[[X:.+]] = arith.constant 1.000000e+00 : f16
// CHECK:         %[[H:.+]] = math.exp %[[X]] : f16
// CHECK:         return %[[E]], %[[S]], %[[T]], %[[P]], %[[H]]
func.func @libm_f32_f64() -> (f32, f64, f32, f32, f16) {
  %one = arith.constant 1.0 : f32
  %one64 = arith.constant 1.0 : f64
  %two = arith.constant 2.0 : f32
  %three = arith.constant 3.0 : f32
  %half = arith.constant 1.0 : f16
  %0 = math.exp %one : f32
  %1 = math.sin %one64 : f64
  %2 = math.tanh %one : f32
  %3 = math.powf %two, %three : f32
  %4 = math.exp %half : f16
  return %0, %1, %2, %3, %4 : f32, f64, f32, f32, f16
}

// -----

// Logarithms and square roots of negative numbers (-0.0 and -NaN included: MLIR tests the
// sign bit) are left alone; log1p looks at 1 + x.
// CHECK-LABEL: func.func @domains
// CHECK-DAG:     %[[NEG:.+]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG:     %[[NZ:.+]] = arith.constant -0.000000e+00 : f64
// CHECK-DAG:     %[[MINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-DAG:     %[[LOWER:.+]] = arith.constant -2.000000e+00 : f32
// CHECK:         %[[L:.+]] = math.log %[[NEG]] : f32
// CHECK:         %[[S:.+]] = math.sqrt %[[NZ]] : f64
// CHECK:         %[[P:.+]] = math.log1p %[[LOWER]] : f32
// CHECK:         return %[[L]], %[[S]], %[[MINF]], %[[P]]
func.func @domains() -> (f32, f64, f32, f32) {
  %neg = arith.constant -1.0 : f32
  %nz = arith.constant -0.0 : f64
  %lower = arith.constant -2.0 : f32
  %0 = math.log %neg : f32
  %1 = math.sqrt %nz : f64
  %2 = math.log1p %neg : f32
  %3 = math.log1p %lower : f32
  return %0, %1, %2, %3 : f32, f64, f32, f32
}

// -----

// atan2(0, 0) is the default NaN, on every float type.
// CHECK-LABEL: func.func @atan2
// CHECK-DAG:     %[[NAN16:.+]] = arith.constant 0x7E00 : f16
// CHECK-DAG:     %[[Q:.+]] = arith.constant 0.78539816339744828 : f64
// CHECK:         return %[[NAN16]], %[[Q]]
func.func @atan2() -> (f16, f64) {
  %z = arith.constant 0.0 : f16
  %one = arith.constant 1.0 : f64
  %0 = math.atan2 %z, %z : f16
  %1 = math.atan2 %one, %one : f64
  return %0, %1 : f16, f64
}

// -----

// Exact operations fold on f16 and bf16 too; round and trunc use the C library.
// CHECK-LABEL: func.func @exact
// CHECK-DAG:     %[[C:.+]] = arith.constant 3.000000e+00 : f16
// CHECK-DAG:     %[[F:.+]] = arith.constant 2.000000e+00 : bf16
// CHECK-DAG:     %[[A:.+]] = arith.constant 2.500000e+00 : f16
// CHECK-DAG:     %[[S:.+]] = arith.constant -2.500000e+00 : bf16
// CHECK-DAG:     %[[R:.+]] = arith.constant 3.000000e+00 : f32
// CHECK-DAG:     %[[T:.+]] = arith.constant -2.000000e+00 : f64
// CHECK-DAG:     %[[X:.+]] = arith.constant -2.500000e+00 : f16
// CHECK:         %[[RH:.+]] = math.round %[[X]] : f16
// CHECK:         return %[[C]], %[[F]], %[[F]], %[[A]], %[[S]], %[[R]], %[[T]], %[[RH]]
func.func @exact() -> (f16, bf16, bf16, f16, bf16, f32, f64, f16) {
  %h = arith.constant 2.5 : f16
  %nh = arith.constant -2.5 : f16
  %b = arith.constant 2.5 : bf16
  %nb = arith.constant -1.0 : bf16
  %f = arith.constant 2.5 : f32
  %d = arith.constant -2.5 : f64
  %0 = math.ceil %h : f16
  %1 = math.floor %b : bf16
  %2 = math.roundeven %b : bf16
  %3 = math.absf %nh : f16
  %4 = math.copysign %b, %nb : bf16
  %5 = math.round %f : f32
  %6 = math.trunc %d : f64
  %7 = math.round %nh : f16
  return %0, %1, %2, %3, %4, %5, %6, %7 : f16, bf16, bf16, f16, bf16, f32, f64, f16
}

// -----

// MLIR 19 has no folder for cbrt, rsqrt, fma and fpowi.
// CHECK-LABEL: func.func @unfolded
// CHECK:         math.cbrt
// CHECK:         math.rsqrt
// CHECK:         math.fma
// CHECK:         math.fpowi
func.func @unfolded() -> (f32, f32, f32, f32) {
  %x = arith.constant 8.0 : f32
  %n = arith.constant 2 : i32
  %0 = math.cbrt %x : f32
  %1 = math.rsqrt %x : f32
  %2 = math.fma %x, %x, %x : f32
  %3 = math.fpowi %x, %n : f32, i32
  return %0, %1, %2, %3 : f32, f32, f32, f32
}

// -----

// Integer folds follow APInt: counts at the type's width (index is 64 bits), abs wraps,
// and ipowi gives 0, 1 or -1 for negative powers but leaves 0 to a negative power alone.
// CHECK-LABEL: func.func @integers
// CHECK-DAG:     %[[ABS:.+]] = arith.constant -128 : i8
// CHECK-DAG:     %[[CLZ:.+]] = arith.constant 29 : i32
// CHECK-DAG:     %[[CTZ:.+]] = arith.constant 64 : index
// CHECK-DAG:     %[[POP:.+]] = arith.constant 1 : i8
// CHECK-DAG:     %[[POW:.+]] = arith.constant -3125 : i32
// CHECK-DAG:     %[[ONE:.+]] = arith.constant 1 : i32
// CHECK-DAG:     %[[ZERO:.+]] = arith.constant 0 : i32
// CHECK-DAG:     %[[M3:.+]] = arith.constant -3 : i32
// CHECK:         %[[UNDEF:.+]] = math.ipowi %[[ZERO]], %[[M3]] : i32
// CHECK:         return %[[ABS]], %[[CLZ]], %[[CTZ]], %[[POP]], %[[POW]], %[[ONE]], %[[UNDEF]]
func.func @integers() -> (i8, i32, index, i8, i32, i32, i32) {
  %min = arith.constant -128 : i8
  %five = arith.constant 5 : i32
  %zero = arith.constant 0 : index
  %m5 = arith.constant -5 : i32
  %m3 = arith.constant -3 : i32
  %m1 = arith.constant -1 : i32
  %m2 = arith.constant -2 : i32
  %z = arith.constant 0 : i32
  %0 = math.absi %min : i8
  %1 = math.ctlz %five : i32
  %2 = math.cttz %zero : index
  %3 = math.ctpop %min : i8
  %4 = math.ipowi %m5, %five : i32
  %5 = math.ipowi %m1, %m2 : i32
  %6 = math.ipowi %z, %m3 : i32
  return %0, %1, %2, %3, %4, %5, %6 : i8, i32, index, i8, i32, i32, i32
}

// -----

// Vectors and tensors fold element by element; one element that does not fold keeps the op.
// CHECK-LABEL: func.func @shaped
// CHECK-DAG:     %[[SPLAT:.+]] = arith.constant dense<2.000000e+00> : vector<4xf32>
// CHECK-DAG:     %[[ELTS:.+]] = arith.constant dense<[1.000000e+00, 3.000000e+00]> : tensor<2xf64>
// CHECK-DAG:     %[[BITS:.+]] = arith.constant dense<[31, 28]> : vector<2xi32>
// CHECK-DAG:     %[[MIXED:.+]] = arith.constant dense<[4.000000e+00, -1.000000e+00]> : vector<2xf32>
// CHECK:         %[[KEPT:.+]] = math.sqrt %[[MIXED]] : vector<2xf32>
// CHECK:         return %[[SPLAT]], %[[ELTS]], %[[BITS]], %[[KEPT]]
func.func @shaped() -> (vector<4xf32>, tensor<2xf64>, vector<2xi32>, vector<2xf32>) {
  %s = arith.constant dense<4.0> : vector<4xf32>
  %t = arith.constant dense<[1.0, 9.0]> : tensor<2xf64>
  %i = arith.constant dense<[1, 8]> : vector<2xi32>
  %m = arith.constant dense<[4.0, -1.0]> : vector<2xf32>
  %0 = math.sqrt %s : vector<4xf32>
  %1 = math.sqrt %t : tensor<2xf64>
  %2 = math.ctlz %i : vector<2xi32>
  %3 = math.sqrt %m : vector<2xf32>
  return %0, %1, %2, %3 : vector<4xf32>, tensor<2xf64>, vector<2xi32>, vector<2xf32>
}
