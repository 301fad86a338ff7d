// Float constants: shortest round-trip printing, exponents, subnormals, NaN/inf bit patterns.
func.func @floats() {
  %0 = arith.constant 0.0 : f32
  %1 = arith.constant -0.0 : f64
  %2 = arith.constant 1.0 : f16
  %3 = arith.constant 0.1 : f32
  %4 = arith.constant 0.1 : f64
  %5 = arith.constant 3.14159265358979 : f64
  %6 = arith.constant 1.0e10 : f32
  %7 = arith.constant 1.5e-7 : f32
  %8 = arith.constant 3.40282347e+38 : f32
  %9 = arith.constant 1.17549435e-38 : f32
  %10 = arith.constant 1.401298464e-45 : f32
  %11 = arith.constant 4.9406564584124654e-324 : f64
  %12 = arith.constant 1.7976931348623157e+308 : f64
  %13 = arith.constant 65504.0 : f16
  %14 = arith.constant 6.0e-8 : f16
  %15 = arith.constant 1.0e38 : bf16
  %16 = arith.constant 0.33333 : bf16
  %17 = arith.constant 123456.789 : f32
  %18 = arith.constant 1234567.0 : f32
  %19 = arith.constant 0.000123 : f64
  %20 = arith.constant 100.0 : f64
  %21 = arith.constant 0x7F800000 : f32
  %22 = arith.constant 0xFF800000 : f32
  %23 = arith.constant 0x7FC00000 : f32
  %24 = arith.constant 0xFFC00001 : f32
  %25 = arith.constant 0x7FF8000000000000 : f64
  %26 = arith.constant 0x7FF0000000000000 : f64
  %27 = arith.constant 0x7E00 : f16
  %28 = arith.constant 0xFC00 : f16
  %29 = arith.constant 0x7FC0 : bf16
  %30 = arith.constant 0x0001 : bf16
  %31 = arith.constant 0x3F800000 : f32
  %32 = arith.constant 0x0000000000000001 : f64
  %33 = arith.constant 2.5 : f64
  %34 = arith.constant -1.25e+300 : f64
  %35 = arith.constant 9.99999e-5 : f32
  %36 = arith.constant 16777217.0 : f32
  %37 = arith.constant dense<[0.1, 0x7FC00000, -0.0, 1.0e-40]> : tensor<4xf32>
  return
}
