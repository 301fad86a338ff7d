// RUN: mlc-opt %s --allow-unregistered-dialect --canonicalize --split-input-file | filecheck %s

// The canonicalization patterns of MLIR 19's cf ops (checked against mlir-opt too). Blocks
// are kept alive by "foo.pred" branches where a test needs them.

// A branch to a block with no other predecessor merges the two.
// CHECK-LABEL: func.func @br_to_single_predecessor
// CHECK-NEXT:    %[[C:.+]] = arith.constant 0 : i32
// CHECK-NEXT:    return %[[C]] : i32
func.func @br_to_single_predecessor() -> i32 {
  %c0 = arith.constant 0 : i32
  cf.br ^bb1(%c0 : i32)
^bb1(%x: i32):
  return %x : i32
}

// -----

// Blocks that only branch on are skipped; their arguments are forwarded.
// CHECK-LABEL: func.func @br_pass_through
// CHECK-SAME:    (%[[A:.+]]: i32, %[[B:.+]]: i32)
// CHECK:       ^bb1:
// CHECK-NEXT:    cf.br ^bb3(%[[A]], %[[B]] : i32, i32)
func.func @br_pass_through(%a: i32, %b: i32) -> (i32, i32) {
  "foo.pred"() [^bb1, ^bb2, ^bb3] : () -> ()
^bb1:
  cf.br ^bb2(%a : i32)
^bb2(%x: i32):
  cf.br ^bb3(%x, %b : i32, i32)
^bb3(%p: i32, %q: i32):
  return %p, %q : i32, i32
}

// -----

// Branches on constants take one side; what is left merges.
// CHECK-LABEL: func.func @cond_br_on_constants
// CHECK-NEXT:    return
func.func @cond_br_on_constants(%c: i1, %a: i32) {
  %false = arith.constant false
  %true = arith.constant true
  cf.cond_br %c, ^bb1, ^bb2(%a : i32)
^bb1:
  cf.cond_br %true, ^bb3, ^bb2(%a : i32)
^bb2(%x: i32):
  cf.cond_br %false, ^bb2(%x : i32), ^bb3
^bb3:
  return
}

// -----

// Both sides to one block: an unconditional branch, selecting the operands that differ.
// CHECK-LABEL: func.func @cond_br_same_successor
// CHECK-SAME:    (%[[C:.+]]: i1, %[[A:.+]]: i32, %[[B:.+]]: i32)
// CHECK-NEXT:    %[[S:.+]] = arith.select %[[C]], %[[A]], %[[B]] : i32
// CHECK-NEXT:    return %[[S]], %[[A]] : i32, i32
func.func @cond_br_same_successor(%c: i1, %a: i32, %b: i32) -> (i32, i32) {
  cf.cond_br %c, ^bb1(%a, %a : i32, i32), ^bb1(%b, %a : i32, i32)
^bb1(%x: i32, %y: i32):
  return %x, %y : i32, i32
}

// -----

// CHECK-LABEL: func.func @cond_br_pass_through
// CHECK-SAME:    (%[[A:.+]]: i32, %[[B:.+]]: i32, %[[C:.+]]: i1)
// CHECK-NEXT:    %[[S:.+]] = arith.select %[[C]], %[[A]], %[[B]] : i32
// CHECK-NEXT:    %[[T:.+]] = arith.select %[[C]], %[[A]], %[[B]] : i32
// CHECK-NEXT:    return %[[S]], %[[T]] : i32, i32
func.func @cond_br_pass_through(%a: i32, %b: i32, %c: i1) -> (i32, i32) {
  cf.cond_br %c, ^bb1(%a : i32), ^bb2(%b, %b : i32, i32)
^bb1(%x: i32):
  cf.br ^bb2(%x, %a : i32, i32)
^bb2(%p: i32, %q: i32):
  return %p, %q : i32, i32
}

// -----

// A block with other ops is no pass-through.
// CHECK-LABEL: func.func @cond_br_not_pass_through
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    "foo.op"() : () -> ()
// CHECK-NEXT:    cf.br ^bb2
func.func @cond_br_not_pass_through(%c: i1) {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  "foo.op"() : () -> ()
  cf.br ^bb2
^bb2:
  return
}

// -----

// A block entered from one side of a branch on %c knows %c.
// CHECK-LABEL: func.func @cond_br_from_cond_br_on_same_condition
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    return
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    "foo.terminator"() : () -> ()
func.func @cond_br_from_cond_br_on_same_condition(%c: i1) {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  cf.cond_br %c, ^bb3, ^bb2
^bb2:
  "foo.terminator"() : () -> ()
^bb3:
  return
}

// -----

// CHECK-LABEL: func.func @cond_br_truth_propagation
// CHECK-DAG:     %[[TRUE:.+]] = arith.constant true
// CHECK-DAG:     %[[FALSE:.+]] = arith.constant false
// CHECK:         "foo.consumer1"(%[[TRUE]]) : (i1) -> ()
// CHECK:         "foo.consumer2"(%[[FALSE]]) : (i1) -> ()
func.func @cond_br_truth_propagation(%c: i1) {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  "foo.consumer1"(%c) : (i1) -> ()
  cf.br ^bb3
^bb2:
  "foo.consumer2"(%c) : (i1) -> ()
  cf.br ^bb3
^bb3:
  return
}

// -----

// An assertion of a constant true goes; others stay.
// CHECK-LABEL: func.func @assert_true
// CHECK-NEXT:    cf.assert %arg0, "maybe"
// CHECK-NEXT:    return
func.func @assert_true(%c: i1) {
  %true = arith.constant true
  cf.assert %true, "never fails"
  cf.assert %c, "maybe"
  return
}

// -----

// CHECK-LABEL: func.func @switch_only_default
// CHECK:       ^bb1:
// CHECK-NEXT:    cf.br ^bb2(%arg1 : f32)
func.func @switch_only_default(%flag: i32, %a: f32) {
  "foo.pred"() [^bb1, ^bb2] : () -> ()
^bb1:
  cf.switch %flag : i32, [
    default: ^bb2(%a : f32)
  ]
^bb2(%x: f32):
  "foo.use"(%x) : (f32) -> ()
}

// -----

// Cases going where the default goes, with the same operands, are dropped.
// CHECK-LABEL: func.func @switch_cases_matching_default
// CHECK:         cf.switch %arg0 : i32, [
// CHECK-NEXT:      default: ^bb2(%arg1 : f32),
// CHECK-NEXT:      10: ^bb3(%arg2 : f32)
// CHECK-NEXT:    ]
func.func @switch_cases_matching_default(%flag: i32, %a: f32, %b: f32) {
  "foo.pred"() [^bb1, ^bb2, ^bb3] : () -> ()
^bb1:
  cf.switch %flag : i32, [
    default: ^bb2(%a : f32),
    42: ^bb2(%a : f32),
    10: ^bb3(%b : f32),
    17: ^bb2(%a : f32)
  ]
^bb2(%x: f32):
  "foo.use"(%x) : (f32) -> ()
^bb3(%y: f32):
  "foo.use"(%y) : (f32) -> ()
}

// -----

// A switch on a constant is a branch to its case, or to the default.
// CHECK-LABEL: func.func @switch_on_constant
// CHECK:       ^bb1:
// CHECK-NEXT:    cf.br ^bb4(%arg2 : f32)
// CHECK:       ^bb5:
// CHECK-NEXT:    cf.br ^bb2(%arg0 : f32)
func.func @switch_on_constant(%a: f32, %b: f32, %c: f32) {
  "foo.pred"() [^bb1, ^bb2, ^bb3, ^bb4, ^bb5] : () -> ()
^bb1:
  %c1 = arith.constant 1 : i32
  cf.switch %c1 : i32, [
    default: ^bb2(%a : f32),
    -1: ^bb3(%b : f32),
    1: ^bb4(%c : f32)
  ]
^bb2(%x: f32):
  "foo.use"(%x) : (f32) -> ()
^bb3(%y: f32):
  "foo.use"(%y) : (f32) -> ()
^bb4(%z: f32):
  "foo.use"(%z) : (f32) -> ()
^bb5:
  %c0 = arith.constant 0 : i32
  cf.switch %c0 : i32, [
    default: ^bb2(%a : f32),
    -1: ^bb3(%b : f32),
    1: ^bb4(%c : f32)
  ]
}

// -----

// CHECK-LABEL: func.func @switch_pass_through
// CHECK:         cf.switch %arg0 : i32, [
// CHECK-NEXT:      default: ^bb5(%arg1 : f32),
// CHECK-NEXT:      43: ^bb6(%arg2 : f32),
// CHECK-NEXT:      44: ^bb4(%arg3 : f32)
// CHECK-NEXT:    ]
func.func @switch_pass_through(%flag: i32, %a: f32, %b: f32, %c: f32) {
  "foo.pred"() [^bb1, ^bb2, ^bb3, ^bb4, ^bb5, ^bb6] : () -> ()
^bb1:
  cf.switch %flag : i32, [
    default: ^bb2(%a : f32),
    43: ^bb3(%b : f32),
    44: ^bb4(%c : f32)
  ]
^bb2(%x: f32):
  cf.br ^bb5(%x : f32)
^bb3(%y: f32):
  cf.br ^bb6(%y : f32)
^bb4(%z: f32):
  "foo.use"(%z) : (f32) -> ()
^bb5(%u: f32):
  "foo.use"(%u) : (f32) -> ()
^bb6(%v: f32):
  "foo.use"(%v) : (f32) -> ()
}

// -----

// A block entered only through case 42 of a switch on the same flag takes its case 42;
// one entered as the default cannot see 42.
// CHECK-LABEL: func.func @switch_from_switch_on_same_flag
// CHECK:       ^bb2:
// CHECK-NEXT:    "foo.op"() : () -> ()
// CHECK-NEXT:    cf.br ^bb5(%arg2 : f32)
// CHECK-NEXT:  ^bb3:
// CHECK-NEXT:    "foo.op"() : () -> ()
// CHECK-NEXT:    cf.switch %arg0 : i32, [
// CHECK-NEXT:      default: ^bb4(%arg1 : f32),
// CHECK-NEXT:      43: ^bb6(%arg3 : f32)
// CHECK-NEXT:    ]
func.func @switch_from_switch_on_same_flag(%flag: i32, %a: f32, %b: f32, %c: f32) {
  "foo.pred"() [^bb1, ^bb4, ^bb5, ^bb6] : () -> ()
^bb1:
  cf.switch %flag : i32, [
    default: ^bb3,
    42: ^bb2
  ]
^bb2:
  "foo.op"() : () -> ()
  cf.switch %flag : i32, [
    default: ^bb4(%a : f32),
    42: ^bb5(%b : f32)
  ]
^bb3:
  "foo.op"() : () -> ()
  cf.switch %flag : i32, [
    default: ^bb4(%a : f32),
    42: ^bb5(%b : f32),
    43: ^bb6(%c : f32)
  ]
^bb4(%x: f32):
  "foo.use"(%x) : (f32) -> ()
^bb5(%y: f32):
  "foo.use"(%y) : (f32) -> ()
^bb6(%z: f32):
  "foo.use"(%z) : (f32) -> ()
}
