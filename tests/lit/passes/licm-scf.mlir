// RUN: mlc-opt %s --allow-unregistered-dialect --loop-invariant-code-motion | filecheck %s

// loop-invariant-code-motion on the scf loops (their `LoopLike` regions): ops free of memory
// effects, speculatable and using only values from outside move before the loop, innermost
// loops first. An scf.for of step 1 is as speculatable as its body; scf.if, scf.while and
// scf.execute_region are not speculatable in MLIR 19.

// CHECK-LABEL: func.func @hoisting
// CHECK-SAME:    (%[[N:.+]]: index, %[[A:.+]]: i32, %[[B:.+]]: i32, %[[C:.+]]: i1, %[[M:.+]]: memref<?xi32>)
// CHECK:         %[[MUL:.+]] = arith.muli %[[A]], %[[B]] : i32
// CHECK-NEXT:    %[[INNER:.+]] = scf.for %{{.+}} = %{{.+}} to %[[N]] step %{{.+}} iter_args(%{{.+}} = %[[A]]) -> (i32) {
// CHECK-NEXT:      arith.addi %{{.+}}, %[[B]] : i32
// CHECK:         scf.for
// CHECK-NEXT:      %{{.+}} = arith.addi %{{.+}}, %[[MUL]] : i32
// CHECK-NEXT:      %{{.+}} = scf.if %[[C]] -> (i32) {
// CHECK:           memref.load
// CHECK:           arith.addi %{{.+}}, %[[INNER]] : i32
// CHECK:         %[[SQ:.+]] = arith.muli %[[B]], %[[B]] : i32
// CHECK-NEXT:    %[[SUM:.+]] = arith.addi %[[B]], %[[B]] : i32
// CHECK-NEXT:    scf.while
// CHECK-NEXT:      arith.cmpi slt, %{{.+}}, %[[SQ]] : i32
// CHECK:           arith.addi %{{.+}}, %[[SUM]] : i32
// CHECK:         %[[SUB:.+]] = arith.subi %[[A]], %[[B]] : i32
// CHECK-NEXT:    scf.parallel
// CHECK-NEXT:      memref.store %[[SUB]]
func.func @hoisting(%n: index, %a: i32, %b: i32, %c: i1, %m: memref<?xi32>) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (i32) {
    %inv = arith.muli %a, %b : i32
    %y = arith.addi %x, %inv : i32
    %s = scf.if %c -> (i32) {
      scf.yield %a : i32
    } else {
      scf.yield %b : i32
    }
    %r = scf.for %j = %c0 to %n step %c1 iter_args(%z = %a) -> (i32) {
      %w = arith.addi %z, %b : i32
      scf.yield %w : i32
    }
    %l = memref.load %m[%c0] : memref<?xi32>
    %t = arith.addi %y, %s : i32
    %u = arith.addi %t, %l : i32
    %v = arith.addi %u, %r : i32
    scf.yield %v : i32
  }
  %1 = scf.while (%x = %a) : (i32) -> i32 {
    %k = arith.muli %b, %b : i32
    %cond = arith.cmpi slt, %x, %k : i32
    scf.condition(%cond) %x : i32
  } do {
  ^bb0(%y: i32):
    %k2 = arith.addi %b, %b : i32
    %z = arith.addi %y, %k2 : i32
    scf.yield %z : i32
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %k3 = arith.subi %a, %b : i32
    memref.store %k3, %m[%i] : memref<?xi32>
  }
  return %0, %1 : i32, i32
}
