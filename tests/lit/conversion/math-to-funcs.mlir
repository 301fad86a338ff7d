// RUN: mlc-opt %s --split-input-file --convert-math-to-funcs | filecheck %s
// RUN: mlc-opt %s --split-input-file --pass-pipeline='builtin.module(convert-math-to-funcs{min-width-of-fpowi-exponent=33})' | filecheck %s --check-prefix=WIDE

// An integer power becomes a call of a function appended once per type, repeated squaring
// over the exponent's bits; a vector is unrolled element by element.
// CHECK-LABEL: func.func @ipowi
// CHECK: call @__mlir_math_ipowi_i32(%arg0, %arg1) : (i32, i32) -> i32
// CHECK: vector.extract %arg2[0]
// CHECK: call @__mlir_math_ipowi_i64
// CHECK: vector.insert
// CHECK-LABEL: func.func private @__mlir_math_ipowi_i32(%arg0: i32, %arg1: i32) -> i32 attributes {llvm.linkage = #llvm.linkage<linkonce_odr>}
// CHECK: arith.shrui
// CHECK: arith.muli
// CHECK-LABEL: func.func private @__mlir_math_ipowi_i64(
// CHECK-NOT: func.func private @__mlir_math_ipowi_i32
func.func @ipowi(%a: i32, %b: i32, %v: vector<2xi64>) -> (i32, i32, vector<2xi64>) {
  %0 = math.ipowi %a, %b : i32
  %1 = math.ipowi %0, %b : i32
  %2 = math.ipowi %v, %v : vector<2xi64>
  return %0, %1, %2 : i32, i32, vector<2xi64>
}

// -----

// A float to an integer power: the reciprocal for a negative exponent. With the exponent
// narrower than min-width-of-fpowi-exponent, the op stays (for convert-math-to-llvm).
// CHECK-LABEL: func.func @fpowi
// CHECK: call @__mlir_math_fpowi_f32_i32(%arg0, %arg1) : (f32, i32) -> f32
// CHECK-LABEL: func.func private @__mlir_math_fpowi_f32_i32(
// CHECK: arith.divf
// WIDE-LABEL: func.func @fpowi
// WIDE: math.fpowi %arg0, %arg1 : f32, i32
// WIDE-NOT: func.func private
func.func @fpowi(%x: f32, %n: i32) -> f32 {
  %0 = math.fpowi %x, %n : f32, i32
  return %0 : f32
}
