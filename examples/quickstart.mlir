// A small func/arith module: `mlc-opt examples/quickstart.mlir` parses, verifies and prints it.
func.func @axpy(%a: i32, %x: i32, %y: i32) -> i32 {
  %0 = arith.muli %a, %x : i32
  %1 = arith.addi %0, %y : i32
  return %1 : i32
}

func.func @clamped_scale(%v: f32, %limit: f32) -> f32 {
  %c2 = arith.constant 2.000000e+00 : f32
  %0 = arith.mulf %v, %c2 : f32
  %1 = arith.cmpf olt, %0, %limit : f32
  %2 = arith.select %1, %0, %limit : f32
  return %2 : f32
}
