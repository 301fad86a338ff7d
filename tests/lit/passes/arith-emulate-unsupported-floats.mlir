// RUN: mlc-opt %s --arith-emulate-unsupported-floats | filecheck %s
// REQUIRES: mlc
// (MLIR 19 materializes one extension per value, with fastmath<contract>; mlc extends at
// each use and leaves merging them to cse. Its math ops and int/float conversions stay bf16.)

// bf16 arithmetic, comparisons and math computed in f32, results rounded back.
func.func @f(%a: bf16, %b: bf16, %v: vector<4xbf16>) -> (bf16, vector<4xbf16>, i1, bf16) {
  %0 = arith.addf %a, %b : bf16
  %1 = arith.mulf %v, %v : vector<4xbf16>
  %2 = arith.cmpf olt, %a, %b : bf16
  %3 = math.exp %a : bf16
  return %0, %1, %2, %3 : bf16, vector<4xbf16>, i1, bf16
}

// CHECK-LABEL: func.func @f(
// CHECK-NEXT:    %0 = arith.extf %arg0 : bf16 to f32
// CHECK-NEXT:    %1 = arith.extf %arg1 : bf16 to f32
// CHECK-NEXT:    %2 = arith.addf %0, %1 : f32
// CHECK-NEXT:    %3 = arith.truncf %2 : f32 to bf16
// CHECK-NEXT:    %4 = arith.extf %arg2 : vector<4xbf16> to vector<4xf32>
// CHECK-NEXT:    %5 = arith.extf %arg2 : vector<4xbf16> to vector<4xf32>
// CHECK-NEXT:    %6 = arith.mulf %4, %5 : vector<4xf32>
// CHECK-NEXT:    %7 = arith.truncf %6 : vector<4xf32> to vector<4xbf16>
// CHECK:         arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:         %[[E:.*]] = math.exp %{{.*}} : f32
// CHECK-NEXT:    arith.truncf %[[E]] : f32 to bf16

// Conversions between integers and bf16 go through f32 too.
func.func @g(%i: i32, %h: bf16) -> (bf16, i32) {
  %0 = arith.sitofp %i : i32 to bf16
  %1 = arith.fptosi %h : bf16 to i32
  return %0, %1 : bf16, i32
}

// CHECK-LABEL: func.func @g(
// CHECK-NEXT:    %0 = arith.sitofp %arg0 : i32 to f32
// CHECK-NEXT:    %1 = arith.truncf %0 : f32 to bf16
// CHECK-NEXT:    %2 = arith.extf %arg1 : bf16 to f32
// CHECK-NEXT:    %3 = arith.fptosi %2 : f32 to i32
