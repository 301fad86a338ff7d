// RUN: mlc-opt %s --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | mlc-opt --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// The ops of MLIR 19's scf dialect in their custom form. Terminators that yield nothing are
// left out where MLIR leaves them out, and put back by the parser.

// CHECK-LABEL: func.func @for_loops
func.func @for_loops(%lb: index, %ub: index, %s: index, %a: f32, %i: i32) -> f32 {
  // CHECK:      scf.for %arg5 = %arg0 to %arg1 step %arg2 {
  // CHECK-NEXT:   "foo.body"(%arg5) : (index) -> ()
  // CHECK-NEXT: }
  scf.for %iv = %lb to %ub step %s {
    "foo.body"(%iv) : (index) -> ()
  }
  // CHECK:      %[[SUM:.+]] = scf.for %arg5 = %arg0 to %arg1 step %arg2 iter_args(%arg6 = %arg3) -> (f32) {
  // CHECK-NEXT:   %[[NEXT:.+]] = arith.addf %arg6, %arg6 : f32
  // CHECK-NEXT:   scf.yield %[[NEXT]] : f32
  // CHECK-NEXT: }
  %sum = scf.for %iv = %lb to %ub step %s iter_args(%acc = %a) -> f32 {
    %next = arith.addf %acc, %acc : f32
    scf.yield %next : f32
  }
  // A loop over integers names their type, after two spaces as MLIR prints it.
  // CHECK:      scf.for %arg5 = %arg4 to %arg4 step %arg4 iter_args(%arg6 = %arg3) -> (f32)  : i32 {
  %r = scf.for %iv = %i to %i step %i iter_args(%acc = %a) -> (f32) : i32 {
    scf.yield %acc : f32
  }
  // CHECK:      scf.for %arg5 = %arg0 to %arg1 step %arg2 {
  // CHECK-NEXT: } {tag}
  scf.for %iv = %lb to %ub step %s {
  } {tag}
  return %sum : f32
}

// GENERIC-LABEL: sym_name = "for_loops"
// GENERIC:       "scf.for"(%{{.+}}, %{{.+}}, %{{.+}}) ({
// GENERIC-NEXT:  ^bb0(%{{.+}}: index):
// GENERIC-NEXT:    "foo.body"
// GENERIC-NEXT:    "scf.yield"() : () -> ()
// GENERIC-NEXT:  }) : (index, index, index) -> ()

// CHECK-LABEL: func.func @ifs
func.func @ifs(%c: i1, %a: i32, %b: i32) -> (i32, i32) {
  // CHECK:      scf.if %arg0 {
  // CHECK-NEXT:   "foo.then"() : () -> ()
  // CHECK-NEXT: }
  scf.if %c {
    "foo.then"() : () -> ()
  }
  // CHECK:      scf.if %arg0 {
  // CHECK-NEXT:   "foo.then"() : () -> ()
  // CHECK-NEXT: } else {
  // CHECK-NEXT:   "foo.else"() : () -> ()
  // CHECK-NEXT: }
  scf.if %c {
    "foo.then"() : () -> ()
  } else {
    "foo.else"() : () -> ()
  }
  // CHECK:      %{{.+}}:2 = scf.if %arg0 -> (i32, i32) {
  // CHECK-NEXT:   scf.yield %arg1, %arg2 : i32, i32
  // CHECK-NEXT: } else {
  // CHECK-NEXT:   scf.yield %arg2, %arg1 : i32, i32
  // CHECK-NEXT: } {tag}
  %0:2 = scf.if %c -> (i32, i32) {
    scf.yield %a, %b : i32, i32
  } else {
    scf.yield %b, %a : i32, i32
  } {tag}
  return %0#0, %0#1 : i32, i32
}

// GENERIC-LABEL: sym_name = "ifs"
// GENERIC:       "scf.if"(%{{.+}}) ({
// GENERIC-NEXT:    "foo.then"() : () -> ()
// GENERIC-NEXT:    "scf.yield"() : () -> ()
// GENERIC-NEXT:  }, {
// GENERIC-NEXT:  }) : (i1) -> ()

// CHECK-LABEL: func.func @whiles
func.func @whiles(%a: i32, %b: f32) -> i32 {
  // CHECK:      %{{.+}}:2 = scf.while (%arg2 = %arg0, %arg3 = %arg1) : (i32, f32) -> (i32, f32) {
  // CHECK-NEXT:   %[[C:.+]] = "foo.cond"(%arg2) : (i32) -> i1
  // CHECK-NEXT:   scf.condition(%[[C]]) %arg2, %arg3 : i32, f32
  // CHECK-NEXT: } do {
  // CHECK-NEXT: ^bb0(%arg2: i32, %arg3: f32):
  // CHECK-NEXT:   scf.yield %arg2, %arg3 : i32, f32
  // CHECK-NEXT: }
  %0:2 = scf.while (%x = %a, %y = %b) : (i32, f32) -> (i32, f32) {
    %c = "foo.cond"(%x) : (i32) -> i1
    scf.condition(%c) %x, %y : i32, f32
  } do {
  ^bb0(%p: i32, %q: f32):
    scf.yield %p, %q : i32, f32
  }
  // CHECK:      scf.while : () -> () {
  // CHECK-NEXT:   %[[C:.+]] = "foo.cond"() : () -> i1
  // CHECK-NEXT:   scf.condition(%[[C]])
  // CHECK-NEXT: } do {
  // CHECK-NEXT:   scf.yield
  // CHECK-NEXT: } attributes {tag}
  scf.while : () -> () {
    %c = "foo.cond"() : () -> i1
    scf.condition(%c)
  } do {
    scf.yield
  } attributes {tag}
  return %0#0 : i32
}

// CHECK-LABEL: func.func @execute_regions
func.func @execute_regions(%c: i1, %a: i32) -> i32 {
  // CHECK:      scf.execute_region {
  // CHECK-NEXT:   scf.yield
  // CHECK-NEXT: }
  scf.execute_region {
    scf.yield
  }
  // CHECK:      %{{.+}} = scf.execute_region -> i32 {
  // CHECK-NEXT:   cf.cond_br %arg0, ^bb1, ^bb2(%arg1 : i32)
  // CHECK-NEXT: ^bb1:
  // CHECK-NEXT:   cf.br ^bb2(%arg1 : i32)
  // CHECK-NEXT: ^bb2(%{{.+}}: i32):
  // CHECK-NEXT:   scf.yield %{{.+}} : i32
  // CHECK-NEXT: } {tag}
  %0 = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2(%a : i32)
  ^bb1:
    cf.br ^bb2(%a : i32)
  ^bb2(%x: i32):
    scf.yield %x : i32
  } {tag}
  return %0 : i32
}

// The `-> type` of an index switch is followed by a space before the case lines; the
// default region's bare terminator is left out, the cases' ones are not.
// CHECK-LABEL: func.func @index_switches
func.func @index_switches(%i: index, %a: i32) -> i32 {
  // CHECK:      %{{.+}} = scf.index_switch %arg0 -> i32 {{$}}
  // CHECK-NEXT: case 2 {
  // CHECK-NEXT:   scf.yield %arg1 : i32
  // CHECK-NEXT: }
  // CHECK-NEXT: case -5 {
  // CHECK-NEXT:   scf.yield %arg1 : i32
  // CHECK-NEXT: }
  // CHECK-NEXT: default {
  // CHECK-NEXT:   scf.yield %arg1 : i32
  // CHECK-NEXT: }
  %0 = scf.index_switch %i -> i32
  case 2 {
    scf.yield %a : i32
  }
  case -5 {
    scf.yield %a : i32
  }
  default {
    scf.yield %a : i32
  }
  // CHECK:      scf.index_switch %arg0 {tag} {{$}}
  // CHECK-NEXT: case 1 {
  // CHECK-NEXT:   scf.yield
  // CHECK-NEXT: }
  // CHECK-NEXT: default {
  // CHECK-NEXT: }
  scf.index_switch %i {tag}
  case 1 {
    scf.yield
  }
  default {
  }
  return %0 : i32
}

// GENERIC-LABEL: sym_name = "index_switches"
// GENERIC:       "scf.index_switch"(%{{.+}}) <{cases = array<i64: 2, -5>}> ({

// scf.parallel always prints its scf.reduce, with a trailing space when it reduces nothing.
// CHECK-LABEL: func.func @parallels
func.func @parallels(%lb: index, %ub: index, %s: index, %a: f32, %i: i32) -> (f32, i32) {
  // CHECK:      scf.parallel (%arg5, %arg6) = (%arg0, %arg0) to (%arg1, %arg1) step (%arg2, %arg2) {
  // CHECK-NEXT:   "foo.body"(%arg5, %arg6) : (index, index) -> ()
  // CHECK-NEXT:   scf.reduce {{$}}
  // CHECK-NEXT: }
  scf.parallel (%x, %y) = (%lb, %lb) to (%ub, %ub) step (%s, %s) {
    "foo.body"(%x, %y) : (index, index) -> ()
  }
  // CHECK:      %{{.+}}:2 = scf.parallel (%arg5) = (%arg0) to (%arg1) step (%arg2) init (%arg3, %arg4) -> (f32, i32) {
  // CHECK-NEXT:   scf.reduce(%arg3, %arg4 : f32, i32) {
  // CHECK-NEXT:   ^bb0(%arg6: f32, %arg7: f32):
  // CHECK-NEXT:     %{{.+}} = arith.addf %arg6, %arg7 : f32
  // CHECK-NEXT:     scf.reduce.return %{{.+}} : f32
  // CHECK-NEXT:   }, {
  // CHECK-NEXT:   ^bb0(%arg6: i32, %arg7: i32):
  // CHECK-NEXT:     scf.reduce.return %arg6 : i32
  // CHECK-NEXT:   }
  // CHECK-NEXT: }
  %0:2 = scf.parallel (%x) = (%lb) to (%ub) step (%s) init (%a, %i) -> (f32, i32) {
    scf.reduce(%a, %i : f32, i32) {
    ^bb0(%l: f32, %r: f32):
      %sum = arith.addf %l, %r : f32
      scf.reduce.return %sum : f32
    }, {
    ^bb0(%l: i32, %r: i32):
      scf.reduce.return %l : i32
    }
  }
  return %0#0, %0#1 : f32, i32
}

// GENERIC-LABEL: sym_name = "parallels"
// GENERIC:       "scf.parallel"(%{{.+}}) <{operandSegmentSizes = array<i32: 2, 2, 2, 0>}> ({

// scf.forall prints `in (...)` when every lower bound is 0 and every step 1.
// CHECK-LABEL: func.func @foralls
func.func @foralls(%n: index, %t: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK:      scf.forall (%arg2, %arg3) in (4, %arg0) {
  // CHECK-NEXT:   "foo.body"(%arg2, %arg3) : (index, index) -> ()
  // CHECK-NEXT: }
  scf.forall (%i, %j) in (4, %n) {
    "foo.body"(%i, %j) : (index, index) -> ()
  }
  // CHECK:      scf.forall (%arg2) = (%arg0) to (16) step (2) {
  // CHECK-NEXT: } {mapping = []}
  scf.forall (%i) = (%n) to (16) step (2) {
  } {mapping = []}
  // CHECK:      scf.forall (%arg2) in (8) {
  scf.forall (%i) = (0) to (8) step (1) {
  }
  // CHECK:      %[[R:.+]] = scf.forall (%arg2) in (4) shared_outs(%arg3 = %arg1) -> (tensor<4xf32>) {
  // CHECK-NEXT:   scf.forall.in_parallel {
  // CHECK-NEXT:   }
  // CHECK-NEXT: }
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> tensor<4xf32> {
  }
  return %r : tensor<4xf32>
}

// GENERIC-LABEL: sym_name = "foralls"
// GENERIC:       "scf.forall"(%{{.+}}) <{operandSegmentSizes = array<i32: 0, 1, 0, 0>, staticLowerBound = array<i64: 0, 0>, staticStep = array<i64: 1, 1>, staticUpperBound = array<i64: 4, -9223372036854775808>}> ({
// GENERIC:       "scf.forall.in_parallel"() ({
