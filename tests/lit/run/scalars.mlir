// RUN: mlc-run %s -e axpy --arg 2 --arg 3.5 --arg 1 | filecheck %s --check-prefix=AXPY
// RUN: mlc-run %s -e divmod --arg -7 --arg 2 -O0 --check | filecheck %s --check-prefix=DIVMOD
// RUN: mlc-run %s -e widths --arg true --arg 0xff --arg 65535 --arg 7 --check | filecheck %s --check-prefix=WIDTHS

// Scalars in, scalars out: each result on its own line, as numpy prints the value.

// AXPY: result #0 (f32): 8.0
func.func @axpy(%a: f32, %x: f32, %y: f32) -> f32 {
  %0 = arith.mulf %a, %x : f32
  %1 = arith.addf %0, %y : f32
  return %1 : f32
}

// DIVMOD:      result #0 (i32): -3
// DIVMOD-NEXT: result #1 (i32): -1
// DIVMOD-NEXT: check: the outputs match the reference interpreter (2 compared)
func.func @divmod(%a: i32, %b: i32) -> (i32, i32) {
  %q = arith.divsi %a, %b : i32
  %r = arith.remsi %a, %b : i32
  return %q, %r : i32, i32
}

// Signless i8 takes 0xff as -1; ui16 comes back unsigned; i1 is a numpy bool.
// WIDTHS:      result #0 (i1): False
// WIDTHS-NEXT: result #1 (i8): -1
// WIDTHS-NEXT: result #2 (ui16): 65535
// WIDTHS-NEXT: result #3 (index): 8
// WIDTHS-NEXT: check: the outputs match the reference interpreter (4 compared)
func.func @widths(%b: i1, %c: i8, %u: ui16, %i: index) -> (i1, i8, ui16, index) {
  %true = arith.constant true
  %nb = arith.xori %b, %true : i1
  %one = arith.constant 1 : index
  %ni = arith.addi %i, %one : index
  return %nb, %c, %u, %ni : i1, i8, ui16, index
}
