// RUN: mlc-opt %s --arith-expand=include-bf16=true | filecheck %s

// bf16 conversions as integer bit operations, op for op as MLIR 19 expands them: truncation
// rounds to nearest even (adding 0x7fff plus the lowest kept bit) and quiets NaNs (0x7fc0);
// extension shifts the bits up. Arithmetic on bf16 is left alone.
func.func @f(%a: bf16, %b: bf16, %x: f32) -> (bf16, bf16, f32) {
  %0 = arith.addf %a, %b : bf16
  %1 = arith.truncf %x : f32 to bf16
  %2 = arith.extf %0 : bf16 to f32
  return %0, %1, %2 : bf16, bf16, f32
}

// CHECK-LABEL: func.func @f(
// CHECK-NEXT:    %0 = arith.addf %arg0, %arg1 : bf16
// CHECK-NEXT:    %1 = arith.cmpf une, %arg2, %arg2 : f32
// CHECK-NEXT:    %c32767_i32 = arith.constant 32767 : i32
// CHECK-NEXT:    %c32704_i16 = arith.constant 32704 : i16
// CHECK-NEXT:    %c16_i32 = arith.constant 16 : i32
// CHECK-NEXT:    %c1_i32 = arith.constant 1 : i32
// CHECK-NEXT:    %2 = arith.bitcast %arg2 : f32 to i32
// CHECK-NEXT:    %3 = arith.shrui %2, %c16_i32 : i32
// CHECK-NEXT:    %4 = arith.andi %3, %c1_i32 : i32
// CHECK-NEXT:    %5 = arith.addi %4, %c32767_i32 : i32
// CHECK-NEXT:    %6 = arith.addi %2, %5 : i32
// CHECK-NEXT:    %7 = arith.shrui %6, %c16_i32 : i32
// CHECK-NEXT:    %8 = arith.trunci %7 : i32 to i16
// CHECK-NEXT:    %9 = arith.select %1, %c32704_i16, %8 : i16
// CHECK-NEXT:    %10 = arith.bitcast %9 : i16 to bf16
// CHECK-NEXT:    %11 = arith.bitcast %0 : bf16 to i16
// CHECK-NEXT:    %12 = arith.extui %11 : i16 to i32
// CHECK-NEXT:    %c16_i32_0 = arith.constant 16 : i32
// CHECK-NEXT:    %13 = arith.shli %12, %c16_i32_0 : i32
// CHECK-NEXT:    %14 = arith.bitcast %13 : i32 to f32
// CHECK-NEXT:    return %0, %10, %14 : bf16, bf16, f32
