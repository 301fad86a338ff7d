// RUN: mlc-opt %s --canonicalize | filecheck %s
// REQUIRES: mlc

// A cycle of blocks that only branch on is left as a loop, not chased forever: mlir-opt 19
// never finishes canonicalizing these (MLIR 20's `collapseBranch` checks for cycles too).

// CHECK-LABEL: func.func @cycle_of_pass_throughs
// CHECK-NEXT:    cf.br ^bb1
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.br ^bb1
func.func @cycle_of_pass_throughs() {
  cf.br ^bb1
^bb1:
  cf.br ^bb2
^bb2:
  cf.br ^bb3
^bb3:
  cf.br ^bb1
}
