// RUN: mlc-opt %s --cse --allow-unregistered-dialect | filecheck %s

// CHECK-LABEL: func.func @simple_constant
func.func @simple_constant() -> (i32, i32) {
  // CHECK-NEXT: %c1_i32 = arith.constant 1 : i32
  // CHECK-NEXT: return %c1_i32, %c1_i32 : i32, i32
  %0 = arith.constant 1 : i32
  %1 = arith.constant 1 : i32
  return %0, %1 : i32, i32
}

// CHECK-LABEL: func.func @different_attributes
func.func @different_attributes(%a: i32) -> (i1, i1, i32) {
  // CHECK: %0 = arith.cmpi slt, %arg0, %arg0 : i32
  // CHECK-NEXT: %1 = arith.cmpi ne, %arg0, %arg0 : i32
  // CHECK-NEXT: %2 = arith.addi %arg0, %arg0 : i32
  // CHECK-NEXT: return %0, %1, %2 : i1, i1, i32
  %0 = arith.cmpi slt, %a, %a : i32
  %1 = arith.cmpi ne, %a, %a : i32
  %2 = arith.addi %a, %a : i32
  %3 = arith.addi %a, %a : i32
  %4 = arith.cmpi slt, %a, %a : i32
  return %0, %1, %3 : i1, i1, i32
}

// An unregistered op might be isolated from above: its regions get a table of their own.
// Trivially dead ops go too.
// CHECK-LABEL: func.func @nested
func.func @nested(%a: i32) -> i32 {
  // CHECK-NEXT: %0 = arith.muli %arg0, %arg0 : i32
  // CHECK-NEXT: "t.region"() ({
  // CHECK-NEXT:   %2 = arith.muli %arg0, %arg0 : i32
  // CHECK-NEXT:   "t.use"(%2) : (i32) -> ()
  // CHECK-NEXT:   "t.use"(%2) : (i32) -> ()
  // CHECK-NEXT: }) : () -> ()
  // CHECK-NEXT: %1 = arith.subi %0, %arg0 : i32
  // CHECK-NEXT: return %1 : i32
  %0 = arith.muli %a, %a : i32
  %dead = arith.addi %a, %a : i32
  "t.region"() ({
    %1 = arith.muli %a, %a : i32
    "t.use"(%1) : (i32) -> ()
    %2 = arith.muli %a, %a : i32
    "t.use"(%2) : (i32) -> ()
  }) : () -> ()
  %3 = arith.subi %0, %a : i32
  return %3 : i32
}

// A block dominated by another reuses its values along the dominator tree.
// CHECK-LABEL: func.func @cfg
func.func @cfg(%a: i32, %c: i1) -> i32 {
  // CHECK: %0 = arith.addi %arg0, %arg0 : i32
  // CHECK: ^bb1:
  // CHECK-NEXT: return %0 : i32
  // CHECK: ^bb2:
  // CHECK-NEXT: return %0 : i32
  %0 = arith.addi %a, %a : i32
  "t.cond_br"(%c, %0)[^bb1, ^bb2] : (i1, i32) -> ()
^bb1:
  %1 = arith.addi %a, %a : i32
  return %1 : i32
^bb2:
  %2 = arith.addi %a, %a : i32
  return %2 : i32
}

// A commutative op's operands compare as a multiset.
// CHECK-LABEL: func.func @commutative
func.func @commutative(%a: i32, %b: i32) -> (i32, i32, i32) {
  // CHECK-NEXT: %0 = arith.addi %arg0, %arg1 : i32
  // CHECK-NEXT: %1 = arith.subi %arg1, %arg0 : i32
  // CHECK-NEXT: return %0, %0, %1 : i32, i32, i32
  %0 = arith.addi %a, %b : i32
  %1 = arith.addi %b, %a : i32
  %2 = arith.subi %b, %a : i32
  %3 = arith.subi %b, %a : i32
  return %0, %1, %3 : i32, i32, i32
}
