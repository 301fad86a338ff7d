// RUN: mlc-opt %s --convert-scf-to-cf | filecheck %s

// scf.for: the condition block is the body's entry block (induction variable and
// iteration values), the rest of the body follows it, stepping and branching back.
// CHECK-LABEL: func.func @for_loop(%arg0: index, %arg1: index, %arg2: index, %arg3: f32) -> f32 {
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg3 : index, f32)
// CHECK-NEXT:  ^bb1(%0: index, %1: f32):
// CHECK-NEXT:    %2 = arith.cmpi slt, %0, %arg1 : index
// CHECK-NEXT:    cf.cond_br %2, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %3 = arith.addf %1, %1 : f32
// CHECK-NEXT:    %4 = arith.addi %0, %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%4, %3 : index, f32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return %1 : f32
// CHECK-NEXT:  }
func.func @for_loop(%lb: index, %ub: index, %step: index, %init: f32) -> f32 {
  %r = scf.for %i = %lb to %ub step %step iter_args(%acc = %init) -> (f32) {
    %s = arith.addf %acc, %acc : f32
    scf.yield %s : f32
  }
  return %r : f32
}

// scf.if with results: a continuation block takes them and branches on to the rest.
// CHECK-LABEL: func.func @if_else(%arg0: i1, %arg1: i32, %arg2: i32) -> i32 {
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %0 = arith.addi %arg1, %arg2 : i32
// CHECK-NEXT:    cf.br ^bb3(%0 : i32)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.br ^bb3(%arg2 : i32)
// CHECK-NEXT:  ^bb3(%1: i32):
// CHECK-NEXT:    cf.br ^bb4
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    return %1 : i32
// CHECK-NEXT:  }
func.func @if_else(%c: i1, %a: i32, %b: i32) -> i32 {
  %r = scf.if %c -> (i32) {
    %x = arith.addi %a, %b : i32
    scf.yield %x : i32
  } else {
    scf.yield %b : i32
  }
  return %r : i32
}

// Without results or an else region, the condition branches past the op.
// CHECK-LABEL: func.func @if_only(%arg0: i1, %arg1: i32) {
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %0 = arith.addi %arg1, %arg1 : i32
// CHECK-NEXT:    cf.br ^bb2
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @if_only(%c: i1, %a: i32) {
  scf.if %c {
    %x = arith.addi %a, %a : i32
  }
  return
}

// scf.while: the "before" blocks, then the "after" blocks; the results are the
// condition's operands.
// CHECK-LABEL: func.func @while_loop(%arg0: i32) -> i32 {
// CHECK-NEXT:    cf.br ^bb1(%arg0 : i32)
// CHECK-NEXT:  ^bb1(%0: i32):
// CHECK-NEXT:    %1 = arith.cmpi slt, %0, %0 : i32
// CHECK-NEXT:    cf.cond_br %1, ^bb2(%0 : i32), ^bb3
// CHECK-NEXT:  ^bb2(%2: i32):
// CHECK-NEXT:    %3 = arith.addi %2, %2 : i32
// CHECK-NEXT:    cf.br ^bb1(%3 : i32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return %0 : i32
// CHECK-NEXT:  }
func.func @while_loop(%a: i32) -> i32 {
  %r = scf.while (%x = %a) : (i32) -> i32 {
    %c = arith.cmpi slt, %x, %x : i32
    scf.condition(%c) %x : i32
  } do {
  ^bb0(%y: i32):
    %z = arith.addi %y, %y : i32
    scf.yield %z : i32
  }
  return %r : i32
}

// scf.execute_region: its yields branch to the rest of the block, which takes the results.
// CHECK-LABEL: func.func @exec(%arg0: i32) -> i32 {
// CHECK-NEXT:    cf.br ^bb1
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %0 = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    cf.br ^bb2(%0 : i32)
// CHECK-NEXT:  ^bb2(%1: i32):
// CHECK-NEXT:    return %1 : i32
// CHECK-NEXT:  }
func.func @exec(%a: i32) -> i32 {
  %r = scf.execute_region -> i32 {
    %x = arith.addi %a, %a : i32
    scf.yield %x : i32
  }
  return %r : i32
}

// scf.index_switch: a cf.switch on the index cast to i32, cases first, then the default.
// CHECK-LABEL: func.func @switch(%arg0: index, %arg1: i32) -> i32 {
// CHECK-NEXT:    %0 = arith.index_cast %arg0 : index to i32
// CHECK-NEXT:    cf.switch %0 : i32, [
// CHECK-NEXT:      default: ^bb3,
// CHECK-NEXT:      2: ^bb1,
// CHECK-NEXT:      5: ^bb2
// CHECK-NEXT:    ]
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.br ^bb4(%arg1 : i32)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %1 = arith.addi %arg1, %arg1 : i32
// CHECK-NEXT:    cf.br ^bb4(%1 : i32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    cf.br ^bb4(%arg1 : i32)
// CHECK-NEXT:  ^bb4(%2: i32):
// CHECK-NEXT:    return %2 : i32
// CHECK-NEXT:  }
func.func @switch(%i: index, %a: i32) -> i32 {
  %r = scf.index_switch %i -> i32
  case 2 {
    scf.yield %a : i32
  }
  case 5 {
    %x = arith.addi %a, %a : i32
    scf.yield %x : i32
  }
  default {
    scf.yield %a : i32
  }
  return %r : i32
}

// scf.parallel: nested scf.for loops, outermost first, lowered in turn.
// CHECK-LABEL: func.func @par(%arg0: index, %arg1: index, %arg2: index, %arg3: memref<?x?xf32>) {
// CHECK-NEXT:    cf.br ^bb1(%arg0 : index)
// CHECK-NEXT:  ^bb1(%0: index):
// CHECK-NEXT:    %1 = arith.cmpi slt, %0, %arg1 : index
// CHECK-NEXT:    cf.cond_br %1, ^bb2, ^bb6
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.br ^bb3(%arg0 : index)
// CHECK-NEXT:  ^bb3(%2: index):
// CHECK-NEXT:    %3 = arith.cmpi slt, %2, %arg1 : index
// CHECK-NEXT:    cf.cond_br %3, ^bb4, ^bb5
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    %4 = memref.load %arg3[%0, %2] : memref<?x?xf32>
// CHECK-NEXT:    memref.store %4, %arg3[%2, %0] : memref<?x?xf32>
// CHECK-NEXT:    %5 = arith.addi %2, %arg2 : index
// CHECK-NEXT:    cf.br ^bb3(%5 : index)
// CHECK-NEXT:  ^bb5:
// CHECK-NEXT:    %6 = arith.addi %0, %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%6 : index)
// CHECK-NEXT:  ^bb6:
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @par(%lb: index, %ub: index, %s: index, %m: memref<?x?xf32>) {
  scf.parallel (%i, %j) = (%lb, %lb) to (%ub, %ub) step (%s, %s) {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    memref.store %v, %m[%j, %i] : memref<?x?xf32>
    scf.reduce
  }
  return
}

// Reductions are carried down the loop nest; their bodies are inlined in the innermost loop.
// CHECK-LABEL: func.func @par_reduce(%arg0: index, %arg1: index, %arg2: index, %arg3: memref<?x?xf32>, %arg4: f32) -> (f32, f32) {
// CHECK-NEXT:    %cst = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg4, %cst : index, f32, f32)
// CHECK-NEXT:  ^bb1(%0: index, %1: f32, %2: f32):
// CHECK-NEXT:    %3 = arith.cmpi slt, %0, %arg1 : index
// CHECK-NEXT:    cf.cond_br %3, ^bb2, ^bb6
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.br ^bb3(%arg0, %1, %2 : index, f32, f32)
// CHECK-NEXT:  ^bb3(%4: index, %5: f32, %6: f32):
// CHECK-NEXT:    %7 = arith.cmpi slt, %4, %arg1 : index
// CHECK-NEXT:    cf.cond_br %7, ^bb4, ^bb5
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    %8 = memref.load %arg3[%0, %4] : memref<?x?xf32>
// CHECK-NEXT:    %9 = arith.addf %5, %8 : f32
// CHECK-NEXT:    %10 = arith.maximumf %6, %8 : f32
// CHECK-NEXT:    %11 = arith.addi %4, %arg2 : index
// CHECK-NEXT:    cf.br ^bb3(%11, %9, %10 : index, f32, f32)
// CHECK-NEXT:  ^bb5:
// CHECK-NEXT:    %12 = arith.addi %0, %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%12, %5, %6 : index, f32, f32)
// CHECK-NEXT:  ^bb6:
// CHECK-NEXT:    return %1, %2 : f32, f32
// CHECK-NEXT:  }
func.func @par_reduce(%lb: index, %ub: index, %s: index, %m: memref<?x?xf32>, %init: f32) -> (f32, f32) {
  %zero = arith.constant 0.0 : f32
  %r:2 = scf.parallel (%i, %j) = (%lb, %lb) to (%ub, %ub) step (%s, %s) init (%init, %zero) -> (f32, f32) {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    scf.reduce(%v, %v : f32, f32) {
    ^bb0(%a: f32, %b: f32):
      %c = arith.addf %a, %b : f32
      scf.reduce.return %c : f32
    }, {
    ^bb0(%a: f32, %b: f32):
      %c = arith.maximumf %a, %b : f32
      scf.reduce.return %c : f32
    }
  }
  return %r#0, %r#1 : f32, f32
}

// CHECK-LABEL: func.func @par1(%arg0: index, %arg1: index, %arg2: index, %arg3: f32) -> f32 {
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg3 : index, f32)
// CHECK-NEXT:  ^bb1(%0: index, %1: f32):
// CHECK-NEXT:    %2 = arith.cmpi slt, %0, %arg1 : index
// CHECK-NEXT:    cf.cond_br %2, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %3 = arith.index_cast %0 : index to i32
// CHECK-NEXT:    %4 = arith.sitofp %3 : i32 to f32
// CHECK-NEXT:    %5 = arith.addf %1, %4 : f32
// CHECK-NEXT:    %6 = arith.addi %0, %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%6, %5 : index, f32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return %1 : f32
// CHECK-NEXT:  }
func.func @par1(%lb: index, %ub: index, %s: index, %init: f32) -> f32 {
  %r = scf.parallel (%i) = (%lb) to (%ub) step (%s) init (%init) -> f32 {
    %f = arith.index_cast %i : index to i32
    %g = arith.sitofp %f : i32 to f32
    scf.reduce(%g : f32) {
    ^bb0(%a: f32, %b: f32):
      %c = arith.addf %a, %b : f32
      scf.reduce.return %c : f32
    }
  }
  return %r : f32
}

// Nested ops lower after their parent, into the parent's blocks.
// CHECK-LABEL: func.func @nested(%arg0: index, %arg1: index, %arg2: index, %arg3: i1) -> index {
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg0 : index, index)
// CHECK-NEXT:  ^bb1(%0: index, %1: index):
// CHECK-NEXT:    %2 = arith.cmpi slt, %0, %arg1 : index
// CHECK-NEXT:    cf.cond_br %2, ^bb2, ^bb10
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.cond_br %arg3, ^bb3, ^bb4
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    %3 = arith.addi %1, %0 : index
// CHECK-NEXT:    cf.br ^bb5(%3 : index)
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    cf.br ^bb5(%1 : index)
// CHECK-NEXT:  ^bb5(%4: index):
// CHECK-NEXT:    cf.br ^bb6
// CHECK-NEXT:  ^bb6:
// CHECK-NEXT:    cf.br ^bb7(%arg0 : index)
// CHECK-NEXT:  ^bb7(%5: index):
// CHECK-NEXT:    %6 = arith.cmpi slt, %5, %4 : index
// CHECK-NEXT:    cf.cond_br %6, ^bb8, ^bb9
// CHECK-NEXT:  ^bb8:
// CHECK-NEXT:    %7 = arith.muli %5, %5 : index
// CHECK-NEXT:    %8 = arith.addi %5, %arg2 : index
// CHECK-NEXT:    cf.br ^bb7(%8 : index)
// CHECK-NEXT:  ^bb9:
// CHECK-NEXT:    %9 = arith.addi %0, %arg2 : index
// CHECK-NEXT:    cf.br ^bb1(%9, %4 : index, index)
// CHECK-NEXT:  ^bb10:
// CHECK-NEXT:    return %1 : index
// CHECK-NEXT:  }
func.func @nested(%lb: index, %ub: index, %step: index, %c: i1) -> index {
  %r = scf.for %i = %lb to %ub step %step iter_args(%acc = %lb) -> (index) {
    %x = scf.if %c -> (index) {
      %y = arith.addi %acc, %i : index
      scf.yield %y : index
    } else {
      scf.yield %acc : index
    }
    scf.for %j = %lb to %x step %step {
      %z = arith.muli %j, %j : index
    }
    scf.yield %x : index
  }
  return %r : index
}

// An "after" region that only forwards its arguments makes a do-while loop.
// CHECK-LABEL: func.func @do_while(%arg0: i32) -> i32 {
// CHECK-NEXT:    cf.br ^bb1(%arg0 : i32)
// CHECK-NEXT:  ^bb1(%0: i32):
// CHECK-NEXT:    %1 = arith.addi %0, %0 : i32
// CHECK-NEXT:    %2 = arith.cmpi slt, %1, %arg0 : i32
// CHECK-NEXT:    cf.cond_br %2, ^bb1(%1 : i32), ^bb2
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    return %1 : i32
// CHECK-NEXT:  }
func.func @do_while(%a: i32) -> i32 {
  %r = scf.while (%x = %a) : (i32) -> i32 {
    %y = arith.addi %x, %x : i32
    %c = arith.cmpi slt, %y, %a : i32
    scf.condition(%c) %y : i32
  } do {
  ^bb0(%y: i32):
    scf.yield %y : i32
  }
  return %r : i32
}

// CHECK-LABEL: func.func @exec_multi(%arg0: i1, %arg1: i32) -> i32 {
// CHECK-NEXT:    cf.br ^bb1
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.cond_br %arg0, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.br ^bb4(%arg1 : i32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    %0 = arith.addi %arg1, %arg1 : i32
// CHECK-NEXT:    cf.br ^bb4(%0 : i32)
// CHECK-NEXT:  ^bb4(%1: i32):
// CHECK-NEXT:    %2 = arith.addi %1, %1 : i32
// CHECK-NEXT:    return %2 : i32
// CHECK-NEXT:  }
func.func @exec_multi(%c: i1, %a: i32) -> i32 {
  %r = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    scf.yield %a : i32
  ^bb2:
    %x = arith.addi %a, %a : i32
    scf.yield %x : i32
  }
  %s = arith.addi %r, %r : i32
  return %s : i32
}

// CHECK-LABEL: func.func @switch_default(%arg0: index) {
// CHECK-NEXT:    %0 = arith.index_cast %arg0 : index to i32
// CHECK-NEXT:    cf.switch %0 : i32, [
// CHECK-NEXT:      default: ^bb1]
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.br ^bb2
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @switch_default(%i: index) {
  scf.index_switch %i
  default {
    scf.yield
  }
  return
}

// Integer bounds step with the same type.
// CHECK-LABEL: func.func @for_i32(%arg0: i32, %arg1: i32, %arg2: i32) {
// CHECK-NEXT:    cf.br ^bb1(%arg0 : i32)
// CHECK-NEXT:  ^bb1(%0: i32):
// CHECK-NEXT:    %1 = arith.cmpi slt, %0, %arg1 : i32
// CHECK-NEXT:    cf.cond_br %1, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %2 = arith.addi %0, %0 : i32
// CHECK-NEXT:    %3 = arith.addi %0, %arg2 : i32
// CHECK-NEXT:    cf.br ^bb1(%3 : i32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @for_i32(%lb: i32, %ub: i32, %s: i32) {
  scf.for %i = %lb to %ub step %s : i32 {
    %x = arith.addi %i, %i : i32
  }
  return
}

// CHECK-LABEL: func.func @while_two(%arg0: i32, %arg1: f32) -> (i32, f32) {
// CHECK-NEXT:    cf.br ^bb1(%arg0, %arg1 : i32, f32)
// CHECK-NEXT:  ^bb1(%0: i32, %1: f32):
// CHECK-NEXT:    %2 = arith.cmpi slt, %0, %arg0 : i32
// CHECK-NEXT:    cf.cond_br %2, ^bb2(%1, %0 : f32, i32), ^bb3
// CHECK-NEXT:  ^bb2(%3: f32, %4: i32):
// CHECK-NEXT:    cf.br ^bb1(%4, %3 : i32, f32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return %0, %1 : i32, f32
// CHECK-NEXT:  }
func.func @while_two(%a: i32, %b: f32) -> (i32, f32) {
  %r:2 = scf.while (%x = %a, %y = %b) : (i32, f32) -> (f32, i32) {
    %c = arith.cmpi slt, %x, %a : i32
    scf.condition(%c) %y, %x : f32, i32
  } do {
  ^bb0(%p: f32, %q: i32):
    scf.yield %q, %p : i32, f32
  }
  return %r#1, %r#0 : i32, f32
}

// A bufferized scf.forall becomes an scf.parallel, its static bounds and steps constants.
// CHECK-LABEL: func.func @fa(%arg0: index, %arg1: memref<?xf32>) {
// CHECK-NEXT:    %c0 = arith.constant 0 : index
// CHECK-NEXT:    %c1 = arith.constant 1 : index
// CHECK-NEXT:    cf.br ^bb1(%c0 : index)
// CHECK-NEXT:  ^bb1(%0: index):
// CHECK-NEXT:    %1 = arith.cmpi slt, %0, %arg0 : index
// CHECK-NEXT:    cf.cond_br %1, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %2 = memref.load %arg1[%0] : memref<?xf32>
// CHECK-NEXT:    memref.store %2, %arg1[%0] : memref<?xf32>
// CHECK-NEXT:    %3 = arith.addi %0, %c1 : index
// CHECK-NEXT:    cf.br ^bb1(%3 : index)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @fa(%n: index, %m: memref<?xf32>) {
  scf.forall (%i) in (%n) {
    %v = memref.load %m[%i] : memref<?xf32>
    memref.store %v, %m[%i] : memref<?xf32>
  }
  return
}

// CHECK-LABEL: func.func @fa2(%arg0: index, %arg1: memref<?x?xf32>) {
// CHECK-NEXT:    %c1 = arith.constant 1 : index
// CHECK-NEXT:    %c8 = arith.constant 8 : index
// CHECK-NEXT:    %c2 = arith.constant 2 : index
// CHECK-NEXT:    cf.br ^bb1(%c1 : index)
// CHECK-NEXT:  ^bb1(%0: index):
// CHECK-NEXT:    %1 = arith.cmpi slt, %0, %arg0 : index
// CHECK-NEXT:    cf.cond_br %1, ^bb2, ^bb6
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.br ^bb3(%arg0 : index)
// CHECK-NEXT:  ^bb3(%2: index):
// CHECK-NEXT:    %3 = arith.cmpi slt, %2, %c8 : index
// CHECK-NEXT:    cf.cond_br %3, ^bb4, ^bb5
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    %4 = memref.load %arg1[%0, %2] : memref<?x?xf32>
// CHECK-NEXT:    memref.store %4, %arg1[%2, %0] : memref<?x?xf32>
// CHECK-NEXT:    %5 = arith.addi %2, %arg0 : index
// CHECK-NEXT:    cf.br ^bb3(%5 : index)
// CHECK-NEXT:  ^bb5:
// CHECK-NEXT:    %6 = arith.addi %0, %c2 : index
// CHECK-NEXT:    cf.br ^bb1(%6 : index)
// CHECK-NEXT:  ^bb6:
// CHECK-NEXT:    return
// CHECK-NEXT:  }
func.func @fa2(%n: index, %m: memref<?x?xf32>) {
  scf.forall (%i, %j) = (1, %n) to (%n, 8) step (2, %n) {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    memref.store %v, %m[%j, %i] : memref<?x?xf32>
  }
  return
}
