// RUN: mlc-opt %s --split-input-file --convert-math-to-libm --verify-diagnostics | filecheck %s

// Each math op becomes a call of its libm function (f suffix for f32), declared once at the
// start of the module; f16/bf16 go through f32, vectors element by element.
// CHECK-LABEL: module {
// CHECK-NEXT:  func.func private @powf(f32, f32) -> f32 attributes {llvm.readnone}
// CHECK-NEXT:  func.func private @atan2f(f32, f32) -> f32 attributes {llvm.readnone}
// CHECK-NEXT:  func.func private @tanf(f32) -> f32 attributes {llvm.readnone}
// CHECK-NEXT:  func.func private @tanhf(f32) -> f32 attributes {llvm.readnone}
// CHECK-NEXT:  func.func private @erff(f32) -> f32 attributes {llvm.readnone}
// CHECK-NEXT:  func.func private @erf(f64) -> f64 attributes {llvm.readnone}
// CHECK-LABEL: func.func @f(
// CHECK-NEXT:    %0 = call @erf(%arg0) : (f64) -> f64
// CHECK-NEXT:    %1 = arith.extf %arg1 : f16 to f32
// CHECK-NEXT:    %2 = call @erff(%1) : (f32) -> f32
// CHECK-NEXT:    %3 = arith.truncf %2 : f32 to f16
// CHECK-NEXT:    %4 = arith.extf %arg2 : bf16 to f32
// CHECK-NEXT:    %5 = call @tanhf(%4) : (f32) -> f32
// CHECK-NEXT:    %6 = arith.truncf %5 : f32 to bf16
// CHECK-NEXT:    %cst = arith.constant dense<0.000000e+00> : vector<2xf32>
// CHECK-NEXT:    %7 = vector.extract %arg3[0] : f32 from vector<2xf32>
// CHECK-NEXT:    %8 = call @tanf(%7) : (f32) -> f32
// CHECK-NEXT:    %9 = vector.insert %8, %cst [0] : f32 into vector<2xf32>
// CHECK-NEXT:    %10 = vector.extract %arg3[1] : f32 from vector<2xf32>
// CHECK-NEXT:    %11 = call @tanf(%10) : (f32) -> f32
// CHECK-NEXT:    %12 = vector.insert %11, %9 [1] : f32 into vector<2xf32>
// CHECK-NEXT:    %13 = call @atan2f(%arg4, %arg4) : (f32, f32) -> f32
// CHECK-NEXT:    %14 = call @powf(%arg4, %arg4) : (f32, f32) -> f32
func.func @f(%x: f64, %h: f16, %b: bf16, %v: vector<2xf32>, %y: f32) -> (f64, f16, bf16, vector<2xf32>, f32, f32) {
  %r = math.erf %x : f64
  %s = math.erf %h : f16
  %t = math.tanh %b : bf16
  %u = math.tan %v : vector<2xf32>
  %w = math.atan2 %y, %y : f32
  %p = math.powf %y, %y : f32
  return %r, %s, %t, %u, %w, %p : f64, f16, bf16, vector<2xf32>, f32, f32
}

// -----

// A declaration already there is reused; a 2-D vector is unrolled in row-major order.
// CHECK-LABEL: module {
// CHECK-NEXT:  func.func private @cbrt(f64) -> f64 attributes {llvm.readnone}
// CHECK-NEXT:  func.func private @expm1f(f32) -> f32{{$}}
// CHECK-LABEL: func.func @g(
// CHECK:         vector.extract %arg0[0, 0] : f32 from vector<2x2xf32>
// CHECK:         vector.extract %arg0[0, 1] : f32 from vector<2x2xf32>
// CHECK:         vector.extract %arg0[1, 0] : f32 from vector<2x2xf32>
// CHECK:         vector.insert %{{.*}}, %{{.*}} [1, 1] : f32 into vector<2x2xf32>
// CHECK:         call @cbrt(%arg1) : (f64) -> f64
func.func private @expm1f(f32) -> f32
func.func @g(%v: vector<2x2xf32>, %x: f64) -> (vector<2x2xf32>, f64) {
  %0 = math.expm1 %v : vector<2x2xf32>
  %1 = math.cbrt %x : f64
  return %0, %1 : vector<2x2xf32>, f64
}

// -----

// Math ops without a libm function fail the conversion, as MLIR's does.
func.func @h(%x: f64) -> f64 {
  // expected-error @+1 {{failed to legalize operation 'math.rsqrt' that was explicitly marked illegal}}
  %0 = math.rsqrt %x : f64
  return %0 : f64
}
