// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --sccp | filecheck %s
// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --pass-pipeline="builtin.module(func.func(sccp))" | filecheck %s --check-prefix=LOCAL
// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --pass-pipeline="builtin.module(builtin.module(sccp))" | filecheck %s --check-prefix=NESTED

// Folded values become constants at the start of the entry block, each materialized once;
// the ops they replace are erased (constants are rematerialized too, so their order turns).

// CHECK-LABEL: func.func @simple(
// CHECK-NEXT:    %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : i32
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[S:.*]] = arith.addi %arg0, %[[C1]] : i32
// CHECK-NEXT:    return %[[C3]], %[[S]], %[[C3]] : i32, i32, i32
func.func @simple(%x: i32) -> (i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %a = arith.addi %c1, %c2 : i32
  %s = arith.addi %x, %c1 : i32
  %m = arith.muli %a, %c1 : i32
  return %a, %s, %m : i32, i32, i32
}

// -----

// Across calls: a private function called only with 5 gets 5 as its argument, and the calls'
// results become the constant it returns. A public function's arguments are unknown.

// CHECK-LABEL: func.func private @callee(
// CHECK-NEXT:    %[[C5:.*]] = arith.constant 5 : i32
// CHECK-NEXT:    %[[C6:.*]] = arith.constant 6 : i32
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    return %[[C6]] : i32
// CHECK-LABEL: func.func @public(
// CHECK:         %[[S:.*]] = arith.addi %arg0,
// CHECK-NEXT:    return %[[S]] : i32
// CHECK-LABEL: func.func @caller(
// CHECK-NEXT:    %[[C6:.*]] = arith.constant 6 : i32
// CHECK-NEXT:    %[[C5:.*]] = arith.constant 5 : i32
// CHECK-NEXT:    call @callee(%[[C5]])
// CHECK-NEXT:    call @callee(%[[C5]])
// CHECK-NEXT:    call @public(%[[C5]])
// CHECK-NEXT:    return %[[C6]], %[[C6]] : i32, i32

// Run on each function alone, the analysis sees no call site nor callee body outside it.
// LOCAL-LABEL: func.func private @callee(
// LOCAL-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// LOCAL-NEXT:    %[[S:.*]] = arith.addi %arg0, %[[C1]] : i32
// LOCAL-NEXT:    return %[[S]] : i32
// LOCAL-LABEL: func.func @caller(
// LOCAL:         %[[R:.*]] = call @callee
// LOCAL-NEXT:    %[[T:.*]] = call @callee
// LOCAL:         return %[[R]], %[[T]] : i32, i32
func.func private @callee(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.addi %a, %c1 : i32
  return %r : i32
}
func.func @public(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.addi %a, %c1 : i32
  return %r : i32
}
func.func @caller() -> (i32, i32) {
  %c5 = arith.constant 5 : i32
  %r = call @callee(%c5) : (i32) -> i32
  %s = call @callee(%c5) : (i32) -> i32
  %t = call @public(%c5) : (i32) -> i32
  return %r, %s : i32, i32
}

// -----

// Call sites disagreeing on an argument make it unknown; agreeing on one keeps it.

// CHECK-LABEL: func.func private @two_sites(
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : i32
// CHECK-NEXT:    return %arg0, %[[C2]] : i32, i32
func.func private @two_sites(%a: i32, %b: i32) -> (i32, i32) {
  return %a, %b : i32, i32
}
// CHECK-LABEL: func.func @sites(
// CHECK:         return %[[R:.*]]#0, %[[C2:.*]], %[[S:.*]]#0, %[[C2]] :
func.func @sites() -> (i32, i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %r:2 = call @two_sites(%c1, %c2) : (i32, i32) -> (i32, i32)
  %s:2 = call @two_sites(%c3, %c2) : (i32, i32) -> (i32, i32)
  return %r#0, %r#1, %s#0, %s#1 : i32, i32, i32, i32
}

// -----

// A recursive private function keeps the constant its only outside caller passes; its
// results are what its returns give (here: the argument).

// CHECK-LABEL: func.func private @rec(
// CHECK-NEXT:    %[[C5:.*]] = arith.constant 5 : i32
// CHECK:         return %[[C5]] : i32
// CHECK-LABEL: func.func @rec_caller(
// CHECK:         return %[[C5:.*]] : i32
func.func private @rec(%a: i32, %n: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %m = arith.subi %n, %c1 : i32
  %r = call @rec(%a, %m) : (i32, i32) -> i32
  return %a : i32
}
func.func @rec_caller(%n: i32) -> i32 {
  %c5 = arith.constant 5 : i32
  %r = call @rec(%c5, %n) : (i32, i32) -> i32
  return %r : i32
}

// -----

// Unknown callers: a function whose symbol is taken by `func.constant`; unknown results:
// calls to declarations and indirect calls. A private function nobody calls is dead code and
// is left alone.

// CHECK-LABEL: func.func private @taken(
// CHECK:         arith.addi %arg0
// CHECK-LABEL: func.func private @dead(
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[R:.*]] = arith.addi %arg0, %[[C1]] : i32
// CHECK-NEXT:    return %[[R]] : i32
// CHECK-LABEL: func.func @unknowns(
// CHECK:         %[[I:.*]] = call_indirect
// CHECK:         %[[E:.*]] = call @ext(
// CHECK:         %[[S:.*]] = arith.addi %[[E]],
// CHECK:         return %[[I]], %[[S]] : i32, i32
func.func private @taken(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.addi %a, %c1 : i32
  return %r : i32
}
func.func private @dead(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.addi %a, %c1 : i32
  return %r : i32
}
func.func private @ext(i32) -> i32
func.func @unknowns() -> (i32, i32) {
  %f = func.constant @taken : (i32) -> i32
  %c1 = arith.constant 1 : i32
  %r = func.call_indirect %f(%c1) : (i32) -> i32
  %s = call @taken(%c1) : (i32) -> i32
  %e = call @ext(%c1) : (i32) -> i32
  %t = arith.addi %e, %c1 : i32
  return %r, %t : i32, i32
}

// -----

// In a nested symbol table, private functions have known callers, and so do `nested` ones
// when every use of the table's symbols is visible: not when the analysis runs on the
// public nested module itself.

// CHECK-LABEL: module @m
// CHECK:         func.func private @inner(
// CHECK-NEXT:      %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NEXT:      return %[[C3]] : i32
// CHECK:         func.func nested @nest(
// CHECK-NEXT:      %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NEXT:      return %[[C3]] : i32

// NESTED-LABEL: module @m
// NESTED:         func.func private @inner(
// NESTED-NEXT:      %[[C3:.*]] = arith.constant 3 : i32
// NESTED-NEXT:      return %[[C3]] : i32
// NESTED:         func.func nested @nest(
// NESTED-NEXT:      return %arg0 : i32
module {
  module @m {
    func.func private @inner(%a: i32) -> i32 {
      return %a : i32
    }
    func.func nested @nest(%a: i32) -> i32 {
      return %a : i32
    }
    func.func @user() -> (i32, i32) {
      %c3 = arith.constant 3 : i32
      %r = call @inner(%c3) : (i32) -> i32
      %s = call @nest(%c3) : (i32) -> i32
      return %r, %s : i32, i32
    }
  }
}

// -----

// Regions of unknown ops run (their entry blocks are live); their results and entry
// arguments are unknown. Constants go to the entry block of the nearest region that may be
// isolated from above: an unregistered op might be.

// CHECK-LABEL: func.func @regions(
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : i32
// CHECK-NEXT:    %[[R:.*]] = "foo.op"(%arg0) ({
// CHECK-NEXT:      %[[C5:.*]] = arith.constant 5 : i32
// CHECK-NEXT:      %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NEXT:      "foo.yield"(%[[C5]]) : (i32) -> ()
// CHECK-NEXT:    }, {
// CHECK-NEXT:    ^bb0(%[[ARG:.*]]: i32):
// CHECK-NEXT:      %[[Z:.*]] = arith.addi %[[ARG]], %[[C2]] : i32
// CHECK-NEXT:      "foo.yield"(%[[Z]]) : (i32) -> ()
// CHECK-NEXT:    }) : (i32) -> i32
// CHECK-NEXT:    return %[[R]] : i32
func.func @regions(%x: i32) -> i32 {
  %c2 = arith.constant 2 : i32
  %r = "foo.op"(%x) ({
    %c3 = arith.constant 3 : i32
    %y = arith.addi %c2, %c3 : i32
    "foo.yield"(%y) : (i32) -> ()
  }, {
  ^bb0(%arg: i32):
    %z = arith.addi %arg, %c2 : i32
    "foo.yield"(%z) : (i32) -> ()
  }) : (i32) -> i32
  return %r : i32
}

// -----

// Branches: with a constant condition only one edge is live, so the join block's argument
// is the constant from that edge; the dead block stays, with its arguments.

// CHECK-LABEL: func.func @branches(
// CHECK:         cf.cond_br %{{.*}}, ^bb1(%[[C1:[^ ]*]] : i32), ^bb2(%[[C2:[^ ]*]] : i32)
// CHECK:       ^bb2(%[[DEAD:.*]]: i32):
// CHECK-NEXT:    cf.br ^bb3(%[[DEAD]] : i32)
// CHECK:       ^bb3(%{{.*}}: i32):
// CHECK-NEXT:    return %[[C1]] : i32
func.func @branches() -> i32 {
  %true = arith.constant true
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  cf.cond_br %true, ^bb1(%c1 : i32), ^bb2(%c2 : i32)
^bb1(%x: i32):
  cf.br ^bb3(%x : i32)
^bb2(%y: i32):
  cf.br ^bb3(%y : i32)
^bb3(%z: i32):
  return %z : i32
}

// -----

// Region control flow: scf.if on a constant runs one region; scf.for forwards the yielded
// value to its iteration argument and result, which stay constant when every trip keeps them.
// Both ops, their results replaced and nothing in them having effects, are erased.

// CHECK-LABEL: func.func @regions_flow(
// CHECK-DAG:     %[[C7:.*]] = arith.constant 7 : i32
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : i32
// CHECK-NOT:     scf.
// CHECK:         return %[[C3]], %[[C7]] : i32, i32
func.func @regions_flow(%n: index) -> (i32, i32) {
  %false = arith.constant false
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : i32
  %c7 = arith.constant 7 : i32
  %r = scf.if %false -> (i32) {
    %a = arith.addi %c3, %c3 : i32
    scf.yield %a : i32
  } else {
    scf.yield %c3 : i32
  }
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %c7) -> (i32) {
    %m = arith.maxsi %acc, %c7 : i32
    scf.yield %m : i32
  }
  return %r, %s : i32, i32
}
