// RUN: mlc-opt %s --allow-unregistered-dialect --canonicalize --split-input-file | filecheck %s

// The folds and canonicalization patterns of MLIR 19's scf ops (checked against mlir-opt
// too).

// --- scf.for ---------------------------------------------------------------------------------

// Loops that run zero times are their initial values; one that runs once is its body.
// CHECK-LABEL: func.func @for_zero_and_one_trip
// CHECK-SAME:    (%[[A:.+]]: i32, %{{.+}}: index)
// CHECK-NEXT:    %[[C4:.+]] = arith.constant 4 : i32
// CHECK-NEXT:    %[[S:.+]] = arith.addi %[[A]], %[[C4]] : i32
// CHECK-NEXT:    return %[[A]], %[[S]] : i32, i32
func.func @for_zero_and_one_trip(%a: i32, %n: index) -> (i32, i32) {
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %0 = scf.for %i = %n to %n step %n iter_args(%x = %a) -> (i32) {
    %y = arith.addi %x, %x : i32
    scf.yield %y : i32
  }
  %1 = scf.for %i = %c4 to %c8 step %c4 iter_args(%x = %a) -> (i32) {
    %iv = arith.index_cast %i : index to i32
    %y = arith.addi %x, %iv : i32
    scf.yield %y : i32
  }
  return %0, %1 : i32, i32
}

// -----

// `%lb + 3` bounds a loop of step 3 that runs once.
// CHECK-LABEL: func.func @for_one_trip_from_lower_bound
// CHECK-NEXT:    %[[M:.+]] = arith.muli %arg1, %arg1 : i32
// CHECK-NEXT:    return %[[M]] : i32
func.func @for_one_trip_from_lower_bound(%lb: index, %a: i32) -> i32 {
  %c3 = arith.constant 3 : index
  %ub = arith.addi %lb, %c3 : index
  %0 = scf.for %i = %lb to %ub step %c3 iter_args(%x = %a) -> (i32) {
    %y = arith.muli %x, %x : i32
    scf.yield %y : i32
  }
  return %0 : i32
}

// -----

// Carried values that never change, or that nothing reads, stop being carried.
// CHECK-LABEL: func.func @for_iter_args
// CHECK-SAME:    (%[[A:.+]]: i32, %[[B:.+]]: i32,
// CHECK-NEXT:    %[[R:.+]] = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[Y:.+]] = %[[B]]) -> (i32) {
// CHECK-NEXT:      %[[N:.+]] = arith.addi %[[Y]], %[[Y]] : i32
// CHECK-NEXT:      "foo.use"(%[[A]]) : (i32) -> ()
// CHECK-NEXT:      "foo.next"() : () -> i32
// CHECK-NEXT:      scf.yield %[[N]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[A]], %[[R]], %[[A]] : i32, i32, i32
func.func @for_iter_args(%a: i32, %b: i32, %lb: index, %ub: index, %s: index) -> (i32, i32, i32) {
  %0:4 = scf.for %i = %lb to %ub step %s iter_args(%x = %a, %y = %b, %z = %a, %w = %b) -> (i32, i32, i32, i32) {
    %n = arith.addi %y, %y : i32
    "foo.use"(%z) : (i32) -> ()
    %m = "foo.next"() : () -> i32
    scf.yield %x, %n, %z, %m : i32, i32, i32, i32
  }
  return %0#0, %0#1, %0#2 : i32, i32, i32
}

// -----

// A loop that only computes and whose results are unused is dead; an empty loop that runs
// yields what it yields from outside.
// CHECK-LABEL: func.func @for_dead_and_empty
// CHECK-SAME:    (%{{.+}}: index, %{{.+}}: index, %{{.+}}: index, %{{.+}}: i32, %[[V:.+]]: index)
// CHECK-NEXT:    return %[[V]] : index
func.func @for_dead_and_empty(%lb: index, %ub: index, %s: index, %a: i32, %v: index) -> index {
  %0 = scf.for %i = %lb to %ub step %s iter_args(%x = %a) -> (i32) {
    %y = arith.muli %x, %x : i32
    scf.yield %y : i32
  }
  %c0 = arith.constant 0 : index
  %c10 = arith.constant 10 : index
  %c1 = arith.constant 1 : index
  %1 = scf.for %i = %c0 to %c10 step %c1 iter_args(%x = %lb) -> (index) {
    scf.yield %v : index
  }
  return %1 : index
}

// -----

// --- scf.if ----------------------------------------------------------------------------------

// CHECK-LABEL: func.func @if_constant_condition
// CHECK-NEXT:    %[[X:.+]] = arith.addi %arg0, %arg1 : i32
// CHECK-NEXT:    %[[Y:.+]] = arith.muli %arg0, %arg1 : i32
// CHECK-NEXT:    return %[[X]], %[[Y]] : i32, i32
func.func @if_constant_condition(%a: i32, %b: i32) -> (i32, i32) {
  %true = arith.constant true
  %false = arith.constant false
  %0 = scf.if %true -> (i32) {
    %x = arith.addi %a, %b : i32
    scf.yield %x : i32
  } else {
    scf.yield %b : i32
  }
  %1 = scf.if %false -> (i32) {
    scf.yield %a : i32
  } else {
    %y = arith.muli %a, %b : i32
    scf.yield %y : i32
  }
  scf.if %false {
    "foo.never"() : () -> ()
  }
  return %0, %1 : i32, i32
}

// -----

// Results yielded from outside become selects (or the value itself); the rest stays.
// CHECK-LABEL: func.func @if_to_select
// CHECK-SAME:    (%[[C:.+]]: i1, %[[A:.+]]: i32, %[[B:.+]]: i32)
// CHECK-NEXT:    %[[S:.+]] = arith.select %[[C]], %[[A]], %[[B]] : i32
// CHECK-NEXT:    %[[R:.+]] = scf.if %[[C]] -> (i32) {
// CHECK-NEXT:      %[[X:.+]] = arith.addi %[[A]], %[[B]] : i32
// CHECK-NEXT:      scf.yield %[[X]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      scf.yield %[[B]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[S]], %[[R]], %[[A]] : i32, i32, i32
func.func @if_to_select(%c: i1, %a: i32, %b: i32) -> (i32, i32, i32) {
  %0:3 = scf.if %c -> (i32, i32, i32) {
    %x = arith.addi %a, %b : i32
    scf.yield %a, %x, %a : i32, i32, i32
  } else {
    scf.yield %b, %b, %a : i32, i32, i32
  }
  return %0#0, %0#1, %0#2 : i32, i32, i32
}

// -----

// Inside the then region the condition is true, inside the else region false; an else
// region that only yields goes.
// CHECK-LABEL: func.func @if_condition_propagation
// CHECK-DAG:     %[[FALSE:.+]] = arith.constant false
// CHECK-DAG:     %[[TRUE:.+]] = arith.constant true
// CHECK:         scf.if %arg0 {
// CHECK-NEXT:      "foo.use"(%[[TRUE]]) : (i1) -> ()
// CHECK-NEXT:    } else {
// CHECK-NEXT:      "foo.use"(%[[FALSE]]) : (i1) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    scf.if %arg1 {
// CHECK-NEXT:      "foo.then"() : () -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    return
func.func @if_condition_propagation(%c: i1, %d: i1) {
  scf.if %c {
    "foo.use"(%c) : (i1) -> ()
  } else {
    "foo.use"(%c) : (i1) -> ()
  }
  scf.if %d {
    "foo.then"() : () -> ()
  } else {
  }
  return
}

// -----

// Unused results are no longer yielded; yielding true/false is the condition or `not` it.
// CHECK-LABEL: func.func @if_results
// CHECK-SAME:    (%[[C:.+]]: i1)
// CHECK:         %[[TRUE:.+]] = arith.constant true
// CHECK-NEXT:    %[[NOT:.+]] = arith.xori %[[C]], %[[TRUE]] : i1
// CHECK-NEXT:    %[[R:.+]] = scf.if %[[C]] -> (i32) {
// CHECK-NEXT:      %{{.+}} = "foo.x"() : () -> i32
// CHECK-NEXT:      %[[Y:.+]] = "foo.y"() : () -> i32
// CHECK-NEXT:      scf.yield %[[Y]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %{{.+}} = "foo.x2"() : () -> i32
// CHECK-NEXT:      %[[Y2:.+]] = "foo.y2"() : () -> i32
// CHECK-NEXT:      scf.yield %[[Y2]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]], %[[C]], %[[NOT]] : i32, i1, i1
func.func @if_results(%c: i1) -> (i32, i1, i1) {
  %true = arith.constant true
  %false = arith.constant false
  %0:4 = scf.if %c -> (i32, i32, i1, i1) {
    %x = "foo.x"() : () -> i32
    %y = "foo.y"() : () -> i32
    scf.yield %x, %y, %true, %false : i32, i32, i1, i1
  } else {
    %x = "foo.x2"() : () -> i32
    %y = "foo.y2"() : () -> i32
    scf.yield %x, %y, %false, %true : i32, i32, i1, i1
  }
  return %0#1, %0#2, %0#3 : i32, i1, i1
}

// -----

// Consecutive ifs on one condition merge; uses of the first one's results in the second
// take the yielded values.
// CHECK-LABEL: func.func @combine_ifs
// CHECK-NEXT:    %[[R:.+]]:2 = scf.if %arg0 -> (i32, i32) {
// CHECK-NEXT:      %[[X:.+]] = "foo.x"() : () -> i32
// CHECK-NEXT:      %[[Z:.+]] = "foo.z"(%[[X]]) : (i32) -> i32
// CHECK-NEXT:      scf.yield %[[X]], %[[Z]] : i32, i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      %[[Y:.+]] = "foo.y"() : () -> i32
// CHECK-NEXT:      %[[W:.+]] = "foo.w"(%[[Y]]) : (i32) -> i32
// CHECK-NEXT:      scf.yield %[[Y]], %[[W]] : i32, i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]]#0, %[[R]]#1 : i32, i32
func.func @combine_ifs(%c: i1) -> (i32, i32) {
  %0 = scf.if %c -> (i32) {
    %x = "foo.x"() : () -> i32
    scf.yield %x : i32
  } else {
    %x = "foo.y"() : () -> i32
    scf.yield %x : i32
  }
  %1 = scf.if %c -> (i32) {
    %x = "foo.z"(%0) : (i32) -> i32
    scf.yield %x : i32
  } else {
    %x = "foo.w"(%0) : (i32) -> i32
    scf.yield %x : i32
  }
  return %0, %1 : i32, i32
}

// -----

// An if whose body is only another if is one if on both conditions.
// CHECK-LABEL: func.func @combine_nested_ifs
// CHECK-SAME:    (%[[A:.+]]: i1, %[[B:.+]]: i1, %[[W:.+]]: i32)
// CHECK-NEXT:    %[[AND:.+]] = arith.andi %[[A]], %[[B]] : i1
// CHECK-NEXT:    scf.if %[[AND]] {
// CHECK-NEXT:      "foo.x"() : () -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[AND2:.+]] = arith.andi %[[A]], %[[B]] : i1
// CHECK-NEXT:    %[[R:.+]] = scf.if %[[AND2]] -> (i32) {
// CHECK-NEXT:      %[[X:.+]] = "foo.y"() : () -> i32
// CHECK-NEXT:      scf.yield %[[X]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      scf.yield %[[W]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]] : i32
func.func @combine_nested_ifs(%a: i1, %b: i1, %w: i32) -> i32 {
  scf.if %a {
    scf.if %b {
      "foo.x"() : () -> ()
    }
  }
  %0 = scf.if %a -> (i32) {
    %1 = scf.if %b -> (i32) {
      %x = "foo.y"() : () -> i32
      scf.yield %x : i32
    } else {
      scf.yield %w : i32
    }
    scf.yield %1 : i32
  } else {
    scf.yield %w : i32
  }
  return %0 : i32
}

// -----

// `scf.if !%c` swaps its regions (the fold).
// CHECK-LABEL: func.func @if_not_condition
// CHECK-NEXT:    scf.if %arg0 {
// CHECK-NEXT:      "foo.else"() : () -> ()
// CHECK-NEXT:    } else {
// CHECK-NEXT:      "foo.then"() : () -> ()
// CHECK-NEXT:    }
func.func @if_not_condition(%c: i1) {
  %true = arith.constant true
  %not = arith.xori %c, %true : i1
  scf.if %not {
    "foo.then"() : () -> ()
  } else {
    "foo.else"() : () -> ()
  }
  return
}

// -----

// --- scf.execute_region and scf.index_switch -------------------------------------------------

// CHECK-LABEL: func.func @execute_region_single_block
// CHECK-NEXT:    %[[X:.+]] = "foo.x"(%arg0) : (i32) -> i32
// CHECK-NEXT:    return %[[X]] : i32
func.func @execute_region_single_block(%a: i32) -> i32 {
  %0 = scf.execute_region -> i32 {
    %x = "foo.x"(%a) : (i32) -> i32
    scf.yield %x : i32
  }
  return %0 : i32
}

// -----

// In a function, a region of several blocks joins the function's region.
// CHECK-LABEL: func.func @execute_region_blocks
// CHECK-NEXT:    "foo.before"() : () -> ()
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    %[[X:.+]] = "foo.x"() : () -> i32
// CHECK-NEXT:    cf.br ^bb3(%[[X]] : i32)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %[[Y:.+]] = "foo.y"() : () -> i32
// CHECK-NEXT:    cf.br ^bb3(%[[Y]] : i32)
// CHECK-NEXT:  ^bb3(%[[Z:.+]]: i32):
// CHECK-NEXT:    "foo.after"(%[[Z]]) : (i32) -> ()
// CHECK-NEXT:    return %[[Z]] : i32
func.func @execute_region_blocks(%c: i1) -> i32 {
  "foo.before"() : () -> ()
  %0 = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    %x = "foo.x"() : () -> i32
    cf.br ^bb3(%x : i32)
  ^bb2:
    %y = "foo.y"() : () -> i32
    cf.br ^bb3(%y : i32)
  ^bb3(%z: i32):
    scf.yield %z : i32
  }
  "foo.after"(%0) : (i32) -> ()
  return %0 : i32
}

// -----

// CHECK-LABEL: func.func @index_switch_on_constant
// CHECK-NEXT:    %[[X:.+]] = "foo.x"() : () -> i32
// CHECK-NEXT:    return %[[X]], %arg0 : i32, i32
func.func @index_switch_on_constant(%a: i32) -> (i32, i32) {
  %c3 = arith.constant 3 : index
  %c9 = arith.constant 9 : index
  %0 = scf.index_switch %c3 -> i32
  case 2 {
    scf.yield %a : i32
  }
  case 3 {
    %x = "foo.x"() : () -> i32
    scf.yield %x : i32
  }
  default {
    scf.yield %a : i32
  }
  %1 = scf.index_switch %c9 -> i32
  case 2 {
    %y = "foo.y"() : () -> i32
    scf.yield %y : i32
  }
  default {
    scf.yield %a : i32
  }
  return %0, %1 : i32, i32
}

// -----

// --- scf.while -------------------------------------------------------------------------------

// A carried value the loop hands back unchanged is its initial value.
// CHECK-LABEL: func.func @while_invariant_argument
// CHECK-SAME:    (%[[A:.+]]: i32, %[[B:.+]]: i32)
// CHECK-NEXT:    %[[R:.+]] = scf.while (%[[X:.+]] = %[[B]]) : (i32) -> i32 {
// CHECK-NEXT:      %[[C:.+]] = "foo.cond"(%[[A]]) : (i32) -> i1
// CHECK-NEXT:      scf.condition(%[[C]]) %[[X]] : i32
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[P:.+]]: i32):
// CHECK-NEXT:      %[[N:.+]] = "foo.next"(%[[P]], %[[A]]) : (i32, i32) -> i32
// CHECK-NEXT:      scf.yield %[[N]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]], %[[A]] : i32, i32
func.func @while_invariant_argument(%a: i32, %b: i32) -> (i32, i32) {
  %0:2 = scf.while (%x = %a, %y = %b) : (i32, i32) -> (i32, i32) {
    %c = "foo.cond"(%x) : (i32) -> i1
    scf.condition(%c) %y, %x : i32, i32
  } do {
  ^bb0(%p: i32, %q: i32):
    %n = "foo.next"(%p, %q) : (i32, i32) -> i32
    scf.yield %q, %n : i32, i32
  }
  return %0#0, %0#1 : i32, i32
}

// -----

// In the after region the condition, and comparisons repeating it, are known.
// CHECK-LABEL: func.func @while_condition_truth
// CHECK-DAG:     %[[FALSE:.+]] = arith.constant false
// CHECK-DAG:     %[[TRUE:.+]] = arith.constant true
// CHECK:         } do {
// CHECK-NEXT:    ^bb0(%[[P:.+]]: i32):
// CHECK-NEXT:      "foo.use"(%[[TRUE]], %[[TRUE]], %[[FALSE]]) : (i1, i1, i1) -> ()
func.func @while_condition_truth(%a: i32, %b: i32) -> i32 {
  %0:2 = scf.while (%x = %a) : (i32) -> (i32, i1) {
    %c = arith.cmpi slt, %x, %b : i32
    scf.condition(%c) %x, %c : i32, i1
  } do {
  ^bb0(%p: i32, %q: i1):
    %c1 = arith.cmpi slt, %p, %b : i32
    %c2 = arith.cmpi sge, %p, %b : i32
    "foo.use"(%q, %c1, %c2) : (i1, i1, i1) -> ()
    %n = "foo.next"(%p) : (i32) -> i32
    scf.yield %n : i32
  }
  return %0#0 : i32
}

// -----

// Duplicated, unused and outside values stop being forwarded; arguments nothing reads stop
// being carried.
// CHECK-LABEL: func.func @while_forwarding
// CHECK-SAME:    (%[[A:.+]]: i32, %[[B:.+]]: i32)
// CHECK-NEXT:    %[[R:.+]] = scf.while : () -> i32 {
// CHECK-NEXT:      %[[C:.+]] = "foo.cond"() : () -> i1
// CHECK-NEXT:      %[[V:.+]] = "foo.v"() : () -> i32
// CHECK-NEXT:      scf.condition(%[[C]]) %[[V]] : i32
// CHECK-NEXT:    } do {
// CHECK-NEXT:    ^bb0(%[[P:.+]]: i32):
// CHECK-NEXT:      "foo.use"(%[[P]], %[[P]], %[[B]]) : (i32, i32, i32) -> ()
// CHECK-NEXT:      scf.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    return %[[R]], %[[R]], %[[B]] : i32, i32, i32
func.func @while_forwarding(%a: i32, %b: i32) -> (i32, i32, i32) {
  %0:4 = scf.while (%x = %a) : (i32) -> (i32, i32, i32, i32) {
    %c = "foo.cond"() : () -> i1
    %v = "foo.v"() : () -> i32
    scf.condition(%c) %v, %v, %b, %v : i32, i32, i32, i32
  } do {
  ^bb0(%p: i32, %q: i32, %r: i32, %s: i32):
    "foo.use"(%p, %q, %r) : (i32, i32, i32) -> ()
    scf.yield %p : i32
  }
  return %0#0, %0#1, %0#2 : i32, i32, i32
}

// -----

// Forwarded arguments are put back in their own order.
// CHECK-LABEL: func.func @while_align_arguments
// CHECK:         scf.condition(%{{.+}}) %arg2, %arg3 : i32, f32
// CHECK:         return %[[R:.+]]#1, %[[R]]#0 : f32, i32
func.func @while_align_arguments(%a: i32, %b: f32) -> (f32, i32) {
  %0:2 = scf.while (%x = %a, %y = %b) : (i32, f32) -> (f32, i32) {
    %c = "foo.cond"(%x, %y) : (i32, f32) -> i1
    scf.condition(%c) %y, %x : f32, i32
  } do {
  ^bb0(%p: f32, %q: i32):
    %n = "foo.next"(%q) : (i32) -> i32
    %m = "foo.nextf"(%p) : (f32) -> f32
    scf.yield %n, %m : i32, f32
  }
  return %0#0, %0#1 : f32, i32
}

// -----

// --- scf.parallel and scf.forall -------------------------------------------------------------

// Dimensions that run once drop out; a loop that runs once is its body and reductions.
// CHECK-LABEL: func.func @parallel_single_iteration
// CHECK-DAG:     %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.+]] = arith.constant 1 : index
// CHECK:         %[[R:.+]] = scf.parallel (%[[J:.+]]) = (%arg0) to (%arg1) step (%[[C1]]) init (%arg3) -> f32 {
// CHECK-NEXT:      %[[V:.+]] = memref.load %arg2[%[[C0]], %[[J]]] : memref<?x?xf32>
// CHECK:         %[[W:.+]] = memref.load %arg2[%[[C0]], %[[C0]]] : memref<?x?xf32>
// CHECK-NEXT:    %[[S:.+]] = arith.addf %arg3, %[[W]] : f32
// CHECK-NEXT:    return %[[R]], %[[S]], %arg3 : f32, f32, f32
func.func @parallel_single_iteration(%lb: index, %ub: index, %m: memref<?x?xf32>, %f: f32) -> (f32, f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = scf.parallel (%i, %j) = (%c0, %lb) to (%c1, %ub) step (%c1, %c1) init (%f) -> f32 {
    %v = memref.load %m[%i, %j] : memref<?x?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      scf.reduce.return %s : f32
    }
  }
  %1 = scf.parallel (%i) = (%c0) to (%c1) step (%c1) init (%f) -> f32 {
    %v = memref.load %m[%i, %i] : memref<?x?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      scf.reduce.return %s : f32
    }
  }
  %2 = scf.parallel (%i) = (%lb) to (%lb) step (%c1) init (%f) -> f32 {
    scf.reduce(%f : f32) {
    ^bb0(%x: f32, %y: f32):
      scf.reduce.return %x : f32
    }
  }
  return %0, %1, %2 : f32, f32, f32
}

// -----

// CHECK-LABEL: func.func @parallel_nested
// CHECK:         scf.parallel (%[[I:.+]], %[[J:.+]]) = (%arg0, %arg0) to (%arg1, %arg1) step (%{{.+}}, %{{.+}}) {
// CHECK-NEXT:      "foo.use"(%[[I]], %[[J]]) : (index, index) -> ()
// CHECK-NEXT:      scf.reduce
// CHECK-NEXT:    }
func.func @parallel_nested(%lb: index, %ub: index) {
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%lb) to (%ub) step (%c1) {
    scf.parallel (%j) = (%lb) to (%ub) step (%c1) {
      "foo.use"(%i, %j) : (index, index) -> ()
    }
  }
  return
}

// -----

// Constant bound operands become static; shared outputs nothing writes are the results;
// dimensions that run once drop out, and a loop with none left is its body.
// CHECK-LABEL: func.func @forall_folds
// CHECK-SAME:    (%[[N:.+]]: index, %[[T:.+]]: tensor<4xf32>)
// CHECK-NEXT:    %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT:    scf.forall (%[[J:.+]]) in (%[[N]]) {
// CHECK-NEXT:      "foo.use"(%[[C0]], %[[J]]) : (index, index) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    scf.forall (%[[I:.+]], %{{.+}}) in (4, %[[N]]) {
// CHECK-NEXT:      "foo.use"(%[[I]]) : (index) -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:    "foo.use"(%[[C0]]) : (index) -> ()
// CHECK-NEXT:    return %[[T]] : tensor<4xf32>
func.func @forall_folds(%n: index, %t: tensor<4xf32>) -> tensor<4xf32> {
  scf.forall (%i, %j) in (1, %n) {
    "foo.use"(%i, %j) : (index, index) -> ()
  }
  %c4 = arith.constant 4 : index
  %r = scf.forall (%i, %j) in (%c4, %n) shared_outs(%o = %t) -> (tensor<4xf32>) {
    "foo.use"(%i) : (index) -> ()
  }
  scf.forall (%i) in (1) {
    "foo.use"(%i) : (index) -> ()
  }
  scf.forall (%i) in (0) {
    "foo.never"(%i) : (index) -> ()
  }
  return %r : tensor<4xf32>
}
