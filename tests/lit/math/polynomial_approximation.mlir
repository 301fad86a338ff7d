// RUN: mlc-opt %s --test-math-polynomial-approximation --split-input-file | filecheck %s

// MLIR 19's polynomial approximations (mlir-opt's test pass name; mlc also registers it as
// `math-polynomial-approximation`): same constants, same op sequence, constants hoisted by
// the greedy driver as mlir-opt hoists them. The whole text is compared with mlir-opt 19 by
// tests/interop/test_lowering_interop.py.

// CHECK-LABEL: func.func @exp_scalar(
// CHECK-SAME:      %[[X:.+]]: f32) -> f32
// CHECK-DAG:     %[[C127:.+]] = arith.constant 127 : i32
// CHECK-DAG:     %[[C23:.+]] = arith.constant 23 : i32
// CHECK-DAG:     %[[N_HI:.+]] = arith.constant 1.270000e+02 : f32
// CHECK-DAG:     %[[N_LO:.+]] = arith.constant -1.270000e+02 : f32
// CHECK-DAG:     %[[X_HI:.+]] = arith.constant 8.880000e+01 : f32
// CHECK-DAG:     %[[HALF:.+]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:     %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[LOG2E:.+]] = arith.constant 1.44269502 : f32
// CHECK-DAG:     %[[C1:.+]] = arith.constant -0.693359375 : f32
// CHECK-DAG:     %[[C2:.+]] = arith.constant 2.12194442E-4 : f32
// CHECK-DAG:     %[[P0:.+]] = arith.constant 1.98756912E-4 : f32
// CHECK-DAG:     %[[P1:.+]] = arith.constant 0.00139819994 : f32
// CHECK-DAG:     %[[P2:.+]] = arith.constant 0.00833345205 : f32
// CHECK-DAG:     %[[P3:.+]] = arith.constant 0.0416657962 : f32
// CHECK-DAG:     %[[P4:.+]] = arith.constant 0.166666657 : f32
// CHECK-DAG:     %[[X_LO:.+]] = arith.constant -8.780000e+01 : f32
// CHECK:         %[[GE:.+]] = arith.cmpf uge, %[[X]], %[[X_LO]] : f32
// CHECK:         %[[A:.+]] = arith.select %[[GE]], %[[X]], %[[X_LO]] : f32
// CHECK:         %[[LE:.+]] = arith.cmpf ule, %[[A]], %[[X_HI]] : f32
// CHECK:         %[[XC:.+]] = arith.select %[[LE]], %[[A]], %[[X_HI]] : f32
// CHECK:         %[[T:.+]] = math.fma %[[XC]], %[[LOG2E]], %[[HALF]] : f32
// CHECK:         %[[N:.+]] = math.floor %[[T]] : f32
// CHECK:         arith.cmpf uge, %[[N]], %[[N_LO]] : f32
// CHECK:         arith.cmpf ule, %{{.+}}, %[[N_HI]] : f32
// CHECK:         %[[NC:.+]] = arith.select %{{.+}}, %{{.+}}, %[[N_HI]] : f32
// CHECK:         %[[R0:.+]] = math.fma %[[C1]], %[[NC]], %[[XC]] : f32
// CHECK:         %[[R:.+]] = math.fma %[[C2]], %[[NC]], %[[R0]] : f32
// CHECK:         %[[Z0:.+]] = math.fma %[[R]], %[[P0]], %[[P1]] : f32
// CHECK:         %[[Z1:.+]] = math.fma %[[Z0]], %[[R]], %[[P2]] : f32
// CHECK:         %[[Z2:.+]] = math.fma %[[Z1]], %[[R]], %[[P3]] : f32
// CHECK:         %[[Z3:.+]] = math.fma %[[Z2]], %[[R]], %[[P4]] : f32
// CHECK:         %[[Z4:.+]] = math.fma %[[Z3]], %[[R]], %[[HALF]] : f32
// CHECK:         %[[R2:.+]] = arith.mulf %[[R]], %[[R]] : f32
// CHECK:         %[[Z5:.+]] = math.fma %[[Z4]], %[[R2]], %[[R]] : f32
// CHECK:         %[[Z:.+]] = arith.addf %[[Z5]], %[[ONE]] : f32
// CHECK:         %[[NI:.+]] = arith.fptosi %[[NC]] : f32 to i32
// CHECK:         %[[BIASED:.+]] = arith.addi %[[NI]], %[[C127]] : i32
// CHECK:         %[[BITS:.+]] = arith.shli %[[BIASED]], %[[C23]] : i32
// CHECK:         %[[POW2:.+]] = arith.bitcast %[[BITS]] : i32 to f32
// CHECK:         %[[RES:.+]] = arith.mulf %[[Z]], %[[POW2]] : f32
// CHECK:         return %[[RES]] : f32
func.func @exp_scalar(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// Constants are splats of the operand's shape; no math op but fma and floor is left.
// CHECK-LABEL: func.func @exp_vector(
// CHECK-DAG:     arith.constant dense<127> : vector<8xi32>
// CHECK-DAG:     arith.constant dense<1.44269502> : vector<8xf32>
// CHECK-DAG:     arith.constant dense<-8.780000e+01> : vector<8xf32>
// CHECK:         arith.cmpf uge, %{{.+}} : vector<8xf32>
// CHECK:         arith.select %{{.+}} : vector<8xi1>, vector<8xf32>
// CHECK:         math.floor %{{.+}} : vector<8xf32>
// CHECK:         arith.fptosi %{{.+}} : vector<8xf32> to vector<8xi32>
// CHECK:         arith.shli %{{.+}} : vector<8xi32>
// CHECK:         arith.bitcast %{{.+}} : vector<8xi32> to vector<8xf32>
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @exp_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.exp %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// -----

// frexp by masking the bits; 0, negatives and +inf are filtered at the end.
// CHECK-LABEL: func.func @log_scalar(
// CHECK-SAME:      %[[X:.+]]: f32) -> f32
// CHECK-DAG:     %[[LN2:.+]] = arith.constant 0.693147182 : f32
// CHECK-DAG:     %[[MASK:.+]] = arith.constant -2139095041 : i32
// CHECK-DAG:     %[[HALF_BITS:.+]] = arith.constant 1056964608 : i32
// CHECK-DAG:     %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[MIN_NORMAL:.+]] = arith.constant 1.17549435E-38 : f32
// CHECK-DAG:     %[[MINUS_INF:.+]] = arith.constant 0xFF800000 : f32
// CHECK-DAG:     %[[INF:.+]] = arith.constant 0x7F800000 : f32
// CHECK-DAG:     %[[NAN:.+]] = arith.constant 0x7FC00000 : f32
// CHECK-DAG:     arith.constant 0.707106769 : f32
// CHECK:         %[[GT:.+]] = arith.cmpf ugt, %[[X]], %[[MIN_NORMAL]] : f32
// CHECK:         %[[M:.+]] = arith.select %[[GT]], %[[X]], %[[MIN_NORMAL]] : f32
// CHECK:         %[[B:.+]] = arith.bitcast %[[M]] : f32 to i32
// CHECK:         %[[F0:.+]] = arith.andi %[[B]], %[[MASK]] : i32
// CHECK:         %[[F1:.+]] = arith.ori %[[F0]], %[[HALF_BITS]] : i32
// CHECK:         arith.bitcast %[[F1]] : i32 to f32
// CHECK:         arith.shrui
// CHECK:         arith.sitofp
// CHECK-COUNT-9: math.fma
// CHECK:         %[[Y:.+]] = math.fma %{{.+}}, %[[LN2]], %{{.+}} : f32
// CHECK:         %[[NEG:.+]] = arith.cmpf ult, %[[X]], %[[ZERO]] : f32
// CHECK:         %[[IS0:.+]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : f32
// CHECK:         %[[ISINF:.+]] = arith.cmpf oeq, %[[X]], %[[INF]] : f32
// CHECK:         %[[S0:.+]] = arith.select %[[ISINF]], %[[INF]], %[[Y]] : f32
// CHECK:         %[[S1:.+]] = arith.select %[[NEG]], %[[NAN]], %[[S0]] : f32
// CHECK:         %[[S2:.+]] = arith.select %[[IS0]], %[[MINUS_INF]], %[[S1]] : f32
// CHECK:         return %[[S2]] : f32
func.func @log_scalar(%x: f32) -> f32 {
  %0 = math.log %x : f32
  return %0 : f32
}

// -----

// f16 is computed in f32 between extf and truncf.
// CHECK-LABEL: func.func @tanh_f16(
// CHECK-SAME:      %[[X:.+]]: vector<4xf16>) -> vector<4xf16>
// CHECK-DAG:     arith.constant dense<7.99881172> : vector<4xf32>
// CHECK-DAG:     arith.constant dense<4.000000e-04> : vector<4xf32>
// CHECK:         %[[W:.+]] = arith.extf %[[X]] : vector<4xf16> to vector<4xf32>
// CHECK:         arith.cmpf ult, %[[W]]
// CHECK:         math.absf %[[W]] : vector<4xf32>
// CHECK-COUNT-6: math.fma
// CHECK:         arith.mulf
// CHECK-COUNT-3: math.fma
// CHECK:         arith.divf
// CHECK:         %[[R:.+]] = arith.select
// CHECK:         %[[N:.+]] = arith.truncf %[[R]] : vector<4xf32> to vector<4xf16>
// CHECK:         return %[[N]] : vector<4xf16>
func.func @tanh_f16(%x: vector<4xf16>) -> vector<4xf16> {
  %0 = math.tanh %x fastmath<afn> : vector<4xf16>
  return %0 : vector<4xf16>
}

// -----

// Scalable vectors keep their shape; three intervals chosen by selects.
// CHECK-LABEL: func.func @erf_scalable(
// CHECK-DAG:     arith.constant dense<1.12837911> : vector<[4]xf32>
// CHECK-DAG:     arith.constant dense<3.750000e+00> : vector<[4]xf32>
// CHECK:         arith.negf %{{.+}} : vector<[4]xf32>
// CHECK:         arith.cmpf olt
// CHECK-COUNT-8: arith.select %{{.+}} : vector<[4]xi1>, vector<[4]xf32>
// CHECK:         arith.cmpf olt
// CHECK-COUNT-10: arith.select %{{.+}} : vector<[4]xi1>, vector<[4]xf32>
// CHECK:         arith.cmpf ult
// CHECK-COUNT-8: math.fma
// CHECK:         arith.divf
// CHECK:         return
func.func @erf_scalable(%x: vector<[4]xf32>) -> vector<[4]xf32> {
  %0 = math.erf %x : vector<[4]xf32>
  return %0 : vector<[4]xf32>
}

// -----

// atan2 builds a math.atan of y/x, approximated in turn, then fixes the quadrant.
// CHECK-LABEL: func.func @atan2(
// CHECK-SAME:      %[[Y:.+]]: f32, %[[X:.+]]: f32) -> f32
// CHECK-DAG:     %[[NAN:.+]] = arith.constant 0x7FC00000 : f32
// CHECK-DAG:     %[[PI:.+]] = arith.constant 3.14159274 : f32
// CHECK-DAG:     %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     arith.constant 2.41421366 : f32
// CHECK-DAG:     arith.constant 6.600000e-01 : f32
// CHECK:         %[[Q:.+]] = arith.divf %[[Y]], %[[X]] : f32
// CHECK:         math.absf %[[Q]] : f32
// CHECK-NOT:     math.atan
// CHECK:         %[[ATAN:.+]] = math.copysign %{{.+}}, %[[Q]] : f32
// CHECK:         arith.addf %[[ATAN]], %[[PI]] : f32
// CHECK:         arith.subf %[[ATAN]], %[[PI]] : f32
// CHECK:         %[[X0:.+]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : f32
// CHECK:         %[[Y0:.+]] = arith.cmpf oeq, %[[Y]], %[[ZERO]] : f32
// CHECK:         %[[BOTH:.+]] = arith.andi %[[X0]], %[[Y0]] : i1
// CHECK:         %[[R:.+]] = arith.select %[[BOTH]], %[[NAN]], %{{.+}} : f32
// CHECK:         return %[[R]] : f32
func.func @atan2(%y: f32, %x: f32) -> f32 {
  %0 = math.atan2 %y, %x : f32
  return %0 : f32
}

// -----

// sin and cos share their constants; the quadrant is k mod 4 in i32.
// CHECK-LABEL: func.func @sin_cos(
// CHECK-DAG:     %[[C3:.+]] = arith.constant 3 : i32
// CHECK-DAG:     %[[TWO_OVER_PI:.+]] = arith.constant 0.636619746 : f32
// CHECK-DAG:     %[[PI_OVER_2:.+]] = arith.constant 1.57079637 : f32
// CHECK-DAG:     arith.constant -0.166666672 : f32
// CHECK-DAG:     arith.constant -2.59630184E-7 : f32
// CHECK:         arith.mulf %{{.+}}, %[[TWO_OVER_PI]] : f32
// CHECK:         %[[K:.+]] = math.floor
// CHECK:         arith.mulf %[[K]], %[[PI_OVER_2]] : f32
// CHECK:         %[[KI:.+]] = arith.fptosi %[[K]] : f32 to i32
// CHECK:         arith.andi %[[KI]], %[[C3]] : i32
// CHECK:         arith.cmpi sgt
// CHECK-COUNT-5: math.fma
// CHECK:         math.floor
// CHECK:         arith.fptosi
// CHECK-COUNT-2: arith.ori
// CHECK-COUNT-5: math.fma
// CHECK-NOT:     math.sin
// CHECK-NOT:     math.cos
// CHECK:         return
func.func @sin_cos(%x: f32) -> (f32, f32) {
  %0 = math.sin %x : f32
  %1 = math.cos %x : f32
  return %0, %1 : f32, f32
}

// -----

// CHECK-LABEL: func.func @cbrt(
// CHECK-SAME:      %[[X:.+]]: vector<2x3xf32>) -> vector<2x3xf32>
// CHECK-DAG:     %[[MAGIC:.+]] = arith.constant dense<709965728> : vector<2x3xi32>
// CHECK-DAG:     %[[THIRD:.+]] = arith.constant dense<0.333333343> : vector<2x3xf32>
// CHECK:         %[[ABS:.+]] = math.absf %[[X]] : vector<2x3xf32>
// CHECK:         arith.bitcast %[[ABS]] : vector<2x3xf32> to vector<2x3xi32>
// CHECK-COUNT-2: arith.shrsi
// CHECK:         arith.addi
// CHECK:         arith.addi %{{.+}}, %[[MAGIC]] : vector<2x3xi32>
// CHECK:         arith.mulf %{{.+}}, %[[THIRD]] : vector<2x3xf32>
// CHECK:         arith.mulf %{{.+}}, %[[THIRD]] : vector<2x3xf32>
// CHECK:         %[[R:.+]] = math.copysign %{{.+}}, %[[X]] : vector<2x3xf32>
// CHECK:         return %[[R]]
func.func @cbrt(%x: vector<2x3xf32>) -> vector<2x3xf32> {
  %0 = math.cbrt %x : vector<2x3xf32>
  return %0 : vector<2x3xf32>
}

// -----

// asin and acos take f16 as it is (constants rounded to f16); bf16 is not theirs.
// CHECK-LABEL: func.func @asin_acos(
// CHECK-SAME:      %[[H:.+]]: f16, %[[B:.+]]: bf16) -> (f16, bf16)
// CHECK-DAG:     arith.constant 1.666260e-01 : f16
// CHECK-DAG:     arith.constant 5.557250e-02 : f16
// CHECK:         %[[S:.+]] = arith.mulf %[[H]], %[[H]] : f16
// CHECK-COUNT-12: math.fma
// CHECK:         arith.mulf %[[H]], %[[S]] : f16
// CHECK:         %[[ASIN:.+]] = math.fma
// CHECK:         %[[ACOS:.+]] = math.acos %[[B]] : bf16
// CHECK:         return %[[ASIN]], %[[ACOS]] : f16, bf16
func.func @asin_acos(%h: f16, %b: bf16) -> (f16, bf16) {
  %0 = math.asin %h : f16
  %1 = math.acos %b : bf16
  return %0, %1 : f16, bf16
}

// -----

// f64, rsqrt (only with MLIR's AVX2 option) and ops without an approximation stay.
// CHECK-LABEL: func.func @untouched(
// CHECK:         math.exp %{{.+}} : f64
// CHECK:         math.rsqrt %{{.+}} : f32
// CHECK:         math.tan %{{.+}} : f32
func.func @untouched(%d: f64, %x: f32) -> (f64, f32, f32) {
  %0 = math.exp %d : f64
  %1 = math.rsqrt %x : f32
  %2 = math.tan %x : f32
  return %0, %1, %2 : f64, f32, f32
}
