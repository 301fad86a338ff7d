// RUN: not mlc-run %s -e missing 2>&1 | filecheck %s --check-prefix=ENTRY
// RUN: not mlc-run %s -e div --arg 1 2>&1 | filecheck %s --check-prefix=COUNT
// RUN: not mlc-run %s -e div --arg 1 --arg 0 --check 2>&1 | filecheck %s --check-prefix=UB
// RUN: not mlc-run %s -e sum --random-inputs 2>&1 | filecheck %s --check-prefix=DYNAMIC
// RUN: not mlc-run %s -e div -p 'bogus' 2>&1 | filecheck %s --check-prefix=PIPELINE

// More bad input, checked in-process: tests/unit/test_mlc_run.py.

// ENTRY: mlc-run: error: no function 'missing' in the module (functions: 'div', 'sum')
// COUNT: mlc-run: error: 'div' takes 2 arguments, 1 given (--input/--arg); --random-inputs draws the others
// UB: mlc-run: error: --check: the reference interpreter fails on these inputs (native code was not run):
// UB-NEXT: errors.mlir:{{[0-9]+}}:8: error: 'arith.divsi' op undefined behavior: division by zero
func.func @div(%a: i32, %b: i32) -> i32 {
  %x = arith.divsi %a, %b : i32
  return %x : i32
}

// DYNAMIC: mlc-run: error: argument #0 of 'sum' (memref<?xf32>) has dynamic sizes: give them with --shape 0=SIZES (e.g. 0=4x8) or pass an --input
func.func @sum(%m: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %x = memref.load %m[%c0] : memref<?xf32>
  return %x : f32
}

// PIPELINE: <pipeline>:1:1: error: 'bogus' does not refer to a registered pass or pass pipeline
