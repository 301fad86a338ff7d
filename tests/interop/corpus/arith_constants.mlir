// arith.constant result names (%c.., %cst, %true) and every attribute kind it takes.
func.func @constants() -> (i32, i32, index, i1, i1, f32, f64, vector<4xi32>, tensor<2x2xf32>, i8, i64, tensor<3xi1>) {
  %c42_i32 = arith.constant 42 : i32
  %a = arith.constant 42 : i32
  %b = arith.constant -7 : i32
  %c = arith.constant 0 : index
  %t = arith.constant true
  %f = arith.constant false
  %x = arith.constant 1.0 : f32
  %y = arith.constant -2.5e-3
  %v = arith.constant dense<[1, 2, 3, 4]> : vector<4xi32>
  %m = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %u = arith.constant 255 : i8
  %big = arith.constant 9223372036854775807 : i64
  %bits = arith.constant dense<[true, false, true]> : tensor<3xi1>
  %s = arith.constant dense<0.5> : tensor<8xf16>
  %w = arith.constant 0x7FC00000 : f32
  %w2 = arith.constant 0xFF800000 : f32
  %e = arith.constant dense<> : tensor<0xi32>
  %i0 = arith.constant 1 : index
  return %a, %b, %c, %t, %f, %x, %y, %v, %m, %u, %big, %bits : i32, i32, index, i1, i1, f32, f64, vector<4xi32>, tensor<2x2xf32>, i8, i64, tensor<3xi1>
}
