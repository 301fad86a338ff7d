// A small func/arith/scf module. `mlc-opt examples/quickstart.mlir -p canonicalize,cse`
// parses and verifies it, folds constants, applies arith's canonicalization patterns, hoists
// and merges constants, removes dead and duplicate ops, and prints the result.
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

// (x + 3) + 4 becomes x + 7, the duplicate sum and the dead product go, and 6 * 7 in the
// loop body folds to 42, a constant hoisted to the function's entry. Output as mlir-opt's.
func.func @simplify(%x: i32, %n: index) -> (i32, i32) {
  %c3 = arith.constant 3 : i32
  %c4 = arith.constant 4 : i32
  %0 = arith.addi %x, %c3 : i32
  %1 = arith.addi %0, %c4 : i32
  %dup = arith.addi %0, %c4 : i32
  %dead = arith.muli %x, %x : i32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %1) -> (i32) {
    %six = arith.constant 6 : i32
    %seven = arith.constant 7 : i32
    %p = arith.muli %six, %seven : i32
    %next = arith.addi %acc, %p : i32
    scf.yield %next : i32
  }
  return %sum, %dup : i32, i32
}
