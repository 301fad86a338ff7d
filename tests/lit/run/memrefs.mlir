// RUN: mlc-run %s -e scale --arg '[1, 2, 3, 4]' --arg '[0, 0, 0, 0]' --arg 2 --check | filecheck %s --check-prefix=DPS
// RUN: mlc-run %s -e total --arg '[[1, 2, 3], [4, 5, 6]]' --output-memref-args | filecheck %s --check-prefix=ARGS
// RUN: mlc-run %s -e total --random-inputs --shape 0=3x5 --check -O3 | filecheck %s --check-prefix=RANDOM
// RUN: mlc-run %s -e column --random-inputs --seed 7 --check | filecheck %s --check-prefix=STRIDED

// A function that returns nothing writes into its memref arguments (destination-passing
// style): they are the outputs, as they are after the call.
// DPS:      argument #0 (memref<4xf32>):
// DPS-NEXT: [1., 2., 3., 4.]
// DPS-NEXT: argument #1 (memref<4xf32>):
// DPS-NEXT: [2., 4., 6., 8.]
// DPS-NEXT: check: the outputs match the reference interpreter (2 compared)
func.func @scale(%in: memref<4xf32>, %out: memref<4xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %x = memref.load %in[%i] : memref<4xf32>
    %y = arith.mulf %x, %s : f32
    memref.store %y, %out[%i] : memref<4xf32>
  }
  return
}

// ARGS:      result #0 (i64): 21
// ARGS-NEXT: argument #0 (memref<?x?xi64>):
// ARGS-NEXT: {{\[\[}}1, 2, 3],
// ARGS-NEXT:  [4, 5, 6]]
// RANDOM:      result #0 (i64): {{-?[0-9]+}}
// RANDOM-NEXT: check: the outputs match the reference interpreter (1 compared)
func.func @total(%m: memref<?x?xi64>) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %rows = memref.dim %m, %c0 : memref<?x?xi64>
  %cols = memref.dim %m, %c1 : memref<?x?xi64>
  %sum = scf.for %i = %c0 to %rows step %c1 iter_args(%acc = %zero) -> i64 {
    %row = scf.for %j = %c0 to %cols step %c1 iter_args(%racc = %acc) -> i64 {
      %x = memref.load %m[%i, %j] : memref<?x?xi64>
      %next = arith.addi %racc, %x : i64
      scf.yield %next : i64
    }
    scf.yield %row : i64
  }
  return %sum : i64
}

// A static strided layout: the random argument is a view with those strides and offset.
// STRIDED:      result #0 (f64): {{.*}}
// STRIDED-NEXT: check: the outputs match the reference interpreter (1 compared)
func.func @column(%m: memref<3x2xf64, strided<[5, 2], offset: 1>>) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = memref.load %m[%c0, %c1] : memref<3x2xf64, strided<[5, 2], offset: 1>>
  %b = memref.load %m[%c2, %c1] : memref<3x2xf64, strided<[5, 2], offset: 1>>
  %s = arith.addf %a, %b : f64
  return %s : f64
}
