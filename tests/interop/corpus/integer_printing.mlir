// Integer constants at the edges of their widths; signless values print as signed.
func.func @integers() {
  %0 = arith.constant 1 : i1
  %1 = arith.constant 0 : i1
  %2 = arith.constant 127 : i8
  %3 = arith.constant 128 : i8
  %4 = arith.constant 255 : i8
  %5 = arith.constant -128 : i8
  %6 = arith.constant 32767 : i16
  %7 = arith.constant 65535 : i16
  %8 = arith.constant 2147483647 : i32
  %9 = arith.constant 4294967295 : i32
  %10 = arith.constant -2147483648 : i32
  %11 = arith.constant 9223372036854775807 : i64
  %12 = arith.constant -9223372036854775808 : i64
  %13 = arith.constant 18446744073709551615 : i64
  %14 = arith.constant 0x7FFFFFFF : i32
  %15 = arith.constant 0xFF : i8
  %16 = arith.constant 9223372036854775807 : index
  %17 = arith.constant -1 : index
  %18 = arith.constant 0 : index
  %19 = arith.constant dense<[127, -128, 255, 0]> : tensor<4xi8>
  %20 = arith.constant dense<-1> : vector<2xi64>
  %21 = arith.constant dense<[[1], [2]]> : tensor<2x1xindex>
  return
}
