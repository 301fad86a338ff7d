// RUN: mlc-opt %s --allow-unregistered-dialect --inline=default-pipeline= | filecheck %s

// Inlining into and out of scf regions: a callee of one block lands in any scf region; one
// of several blocks only where a region may hold several blocks (scf.execute_region), its
// returns becoming cf.br to the block after the call.

func.func private @select(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    scf.yield %x : i32
  } else {
    scf.yield %y : i32
  }
  return %r : i32
}

func.func private @choose(%c: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %c, ^a, ^b
^a:
  return %x : i32
^b:
  return %y : i32
}

// CHECK-LABEL: func.func @into_for
// CHECK:         scf.for %{{.+}} iter_args(%[[X:.+]] = %arg1) -> (i32) {
// CHECK-NEXT:      %[[R:.+]] = scf.if %arg0 -> (i32) {
// CHECK-NEXT:        scf.yield %[[X]] : i32
// CHECK-NEXT:      } else {
// CHECK-NEXT:        scf.yield %arg1 : i32
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[R]] : i32
func.func @into_for(%c: i1, %a: i32, %lb: index, %ub: index, %s: index) -> i32 {
  %r = scf.for %i = %lb to %ub step %s iter_args(%x = %a) -> (i32) {
    %y = func.call @select(%c, %x, %a) : (i1, i32, i32) -> i32
    scf.yield %y : i32
  }
  return %r : i32
}

// CHECK-LABEL: func.func @blocks_into_execute_region
// CHECK-NEXT:    %{{.+}} = scf.execute_region -> i32 {
// CHECK-NEXT:      cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:    ^bb1:
// CHECK-NEXT:      cf.br ^bb3(%arg1 : i32)
// CHECK-NEXT:    ^bb2:
// CHECK-NEXT:      cf.br ^bb3(%arg2 : i32)
// CHECK-NEXT:    ^bb3(%[[R:.+]]: i32):
// CHECK-NEXT:      scf.yield %[[R]] : i32
func.func @blocks_into_execute_region(%c: i1, %a: i32, %b: i32) -> i32 {
  %r = scf.execute_region -> i32 {
    %y = func.call @choose(%c, %a, %b) : (i1, i32, i32) -> i32
    scf.yield %y : i32
  }
  return %r : i32
}

// CHECK-LABEL: func.func @blocks_not_into_if
// CHECK:         func.call @choose
func.func @blocks_not_into_if(%c: i1, %a: i32, %b: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %y = func.call @choose(%c, %a, %b) : (i1, i32, i32) -> i32
    scf.yield %y : i32
  } else {
    scf.yield %a : i32
  }
  return %r : i32
}
