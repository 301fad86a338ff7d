// RUN: mlc-opt %s --sccp --split-input-file | filecheck %s

// sccp through scf and cf control flow (RegionBranchOpInterface and BranchOpInterface):
// only the branches a constant condition takes count.

// CHECK-LABEL: func.func @scf_if_on_constant
// CHECK:         %[[C2:.+]] = arith.constant 2 : i32
// CHECK-NOT:     scf.if
// CHECK:         return %[[C2]] : i32
func.func @scf_if_on_constant() -> i32 {
  %true = arith.constant true
  %a = arith.constant 1 : i32
  %b = arith.constant 2 : i32
  %0 = scf.if %true -> (i32) {
    scf.yield %a : i32
  } else {
    scf.yield %b : i32
  }
  %1 = arith.addi %0, %a : i32
  return %1 : i32
}

// -----

// A value carried through a loop unchanged is the initial value, whatever the trip count.
// CHECK-LABEL: func.func @scf_for_invariant
// CHECK:         %[[C5:.+]] = arith.constant 5 : i32
// CHECK-NOT:     scf.for
// CHECK:         return %[[C5]] : i32
func.func @scf_for_invariant(%n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = arith.constant 5 : i32
  %0 = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (i32) {
    scf.yield %x : i32
  }
  return %0 : i32
}

// -----

// A loop-carried value that changes is unknown.
// CHECK-LABEL: func.func @scf_for_variant
// CHECK:         %[[R:.+]] = scf.for
// CHECK:         return %[[R]] : i32
func.func @scf_for_variant(%n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = arith.constant 5 : i32
  %0 = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (i32) {
    %y = arith.addi %x, %a : i32
    scf.yield %y : i32
  }
  return %0 : i32
}

// -----

// CHECK-LABEL: func.func @cf_branch_on_constant
// CHECK:         %[[C1:.+]] = arith.constant 1 : i32
// CHECK:       ^bb1(%{{.+}}: i32):
// CHECK-NEXT:    return %[[C1]] : i32
func.func @cf_branch_on_constant() -> i32 {
  %true = arith.constant true
  %a = arith.constant 1 : i32
  %b = arith.constant 2 : i32
  cf.cond_br %true, ^bb1(%a : i32), ^bb2(%b : i32)
^bb1(%x: i32):
  return %x : i32
^bb2(%y: i32):
  return %y : i32
}

// -----

// CHECK-LABEL: func.func @cf_switch_on_constant
// CHECK:         %[[C2:.+]] = arith.constant 2 : i32
// CHECK:       ^bb1(%{{.+}}: i32):
// CHECK-NEXT:    return %[[C2]] : i32
func.func @cf_switch_on_constant() -> i32 {
  %a = arith.constant 1 : i32
  %b = arith.constant 2 : i32
  %k = arith.constant 7 : i32
  cf.switch %k : i32, [
    default: ^bb2(%a : i32),
    7: ^bb1(%b : i32)
  ]
^bb1(%x: i32):
  return %x : i32
^bb2(%y: i32):
  return %y : i32
}

// -----

// CHECK-LABEL: func.func @index_switch_on_constant
// CHECK:         %[[C3:.+]] = arith.constant 3 : i32
// CHECK-NOT:     scf.index_switch
// CHECK:         return %[[C3]] : i32
func.func @index_switch_on_constant() -> i32 {
  %c1 = arith.constant 1 : index
  %0 = scf.index_switch %c1 -> i32
  case 1 {
    %x = arith.constant 3 : i32
    scf.yield %x : i32
  }
  default {
    %y = arith.constant 4 : i32
    scf.yield %y : i32
  }
  return %0 : i32
}
