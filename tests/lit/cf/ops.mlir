// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// The ops of MLIR 19's cf dialect in their custom form, and how they print generically.

// CHECK-LABEL: func.func @branches
// CHECK-SAME:    (%[[C:.+]]: i1, %[[A:.+]]: i32, %[[B:.+]]: f32)
func.func @branches(%c: i1, %a: i32, %b: f32) {
  // CHECK-NEXT:  cf.br ^bb1
  cf.br ^bb1
// CHECK-NEXT:  ^bb1:
^bb1:
  // CHECK-NEXT:  cf.br ^bb2(%[[A]], %[[B]] : i32, f32)
  cf.br ^bb2(%a, %b : i32, f32)
// CHECK-NEXT:  ^bb2(%[[X:.+]]: i32, %{{.+}}: f32):
^bb2(%x: i32, %y: f32):
  // CHECK-NEXT:  cf.cond_br %[[C]], ^bb3(%[[X]] : i32), ^bb4
  cf.cond_br %c, ^bb3(%x : i32), ^bb4
^bb3(%z: i32):
  // Both sides may be the same block; attributes print after the successors.
  // CHECK:       cf.cond_br %[[C]], ^bb4, ^bb4 {tag}
  cf.cond_br %c, ^bb4, ^bb4 {tag}
^bb4:
  return
}

// GENERIC-LABEL: "func.func"
// GENERIC:       "cf.br"()[^bb1] : () -> ()
// GENERIC:       "cf.br"(%{{.+}}, %{{.+}})[^bb2] : (i32, f32) -> ()
// GENERIC:       "cf.cond_br"(%{{.+}}, %{{.+}})[^bb3, ^bb4] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, i32) -> ()
// GENERIC:       "cf.cond_br"(%{{.+}})[^bb4, ^bb4] <{operandSegmentSizes = array<i32: 1, 0, 0>}> {tag} : (i1) -> ()

// Case values print unsigned at the flag's width (-1 : i32 is 4294967295); a switch with
// only a default closes its bracket on the same line.
// CHECK-LABEL: func.func @switches
func.func @switches(%f: i32, %g: i8, %a: i32, %b: f32) {
  // CHECK:      cf.switch %arg0 : i32, [
  // CHECK-NEXT:   default: ^bb1(%arg2 : i32),
  // CHECK-NEXT:   42: ^bb2,
  // CHECK-NEXT:   4294967295: ^bb3(%arg2, %arg3 : i32, f32)
  // CHECK-NEXT: ]
  cf.switch %f : i32, [
    default: ^bb1(%a : i32),
    42: ^bb2,
    -1: ^bb3(%a, %b : i32, f32)
  ]
^bb1(%x: i32):
  // CHECK:      cf.switch %arg1 : i8, [
  // CHECK-NEXT:   default: ^bb2] {tag = 1 : i64}
  cf.switch %g : i8, [
    default: ^bb2
  ] {tag = 1}
^bb2:
  return
^bb3(%y: i32, %z: f32):
  return
}

// GENERIC-LABEL: "func.func"
// GENERIC:       "cf.switch"(%{{.+}})[^bb1, ^bb2, ^bb3] <{case_operand_segments = array<i32: 0, 2>, case_values = dense<[42, -1]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 1, 2>}> : (i32, i32, i32, f32) -> ()
// GENERIC:       "cf.switch"(%{{.+}})[^bb2] <{case_operand_segments = array<i32>, operandSegmentSizes = array<i32: 1, 0, 0>}> {tag = 1 : i64} : (i8) -> ()

// MLIR 19's cf.cond_br has no branch weights: `branch_weights` is a discardable attribute.
// CHECK-LABEL: func.func @asserts
func.func @asserts(%c: i1) {
  // CHECK-NEXT: cf.assert %arg0, "must hold"
  cf.assert %c, "must hold"
  // CHECK-NEXT: cf.assert %arg0, "quote \22 and newline \0A" {note}
  cf.assert %c, "quote \" and newline \n" {note}
  // CHECK-NEXT: cf.cond_br %arg0, ^bb1, ^bb1 {branch_weights = array<i32: 3, 5>}
  cf.cond_br %c, ^bb1, ^bb1 {branch_weights = array<i32: 3, 5>}
^bb1:
  return
}

// GENERIC-LABEL: "func.func"
// GENERIC:       "cf.assert"(%{{.+}}) <{msg = "must hold"}> : (i1) -> ()
