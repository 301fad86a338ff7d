// Basic custom-form functions over arith, with calls.
module {
  func.func @add(%a: i32, %b: i32) -> i32 {
    %0 = arith.addi %a, %b : i32
    return %0 : i32
  }

  func.func @mixed(%x: f32, %n: index) -> (f32, index) {
    %c1 = arith.constant 1 : index
    %cst = arith.constant 2.500000e+00 : f32
    %0 = arith.mulf %x, %cst : f32
    %1 = arith.addi %n, %c1 : index
    %2 = arith.index_cast %1 : index to i32
    %3 = call @add(%2, %2) : (i32, i32) -> i32
    %4 = arith.sitofp %3 : i32 to f32
    %5 = arith.addf %0, %4 : f32
    return %5, %1 : f32, index
  }

  func.func @no_results() {
    return
  }

  func.func private @external(i64, f64) -> i1
}
