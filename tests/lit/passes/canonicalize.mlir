// RUN: mlc-opt %s --canonicalize --allow-unregistered-dialect --split-input-file | filecheck %s
// RUN: mlc-opt %s --canonicalize=region-simplify=disabled --allow-unregistered-dialect --split-input-file | filecheck %s --check-prefix=NOSIMPLIFY

// Region simplification erases blocks that the entry block does not reach, in nested
// regions too; reachable blocks stay however they are laid out.
// CHECK-LABEL: func.func @unreachable
// CHECK-NEXT:    "test.br"()[^bb2] : () -> ()
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    "test.region"() ({
// CHECK-NEXT:      "test.br"()[^bb1] : () -> ()
// CHECK-NEXT:    ^bb1:
// CHECK-NEXT:      "test.end"() : () -> ()
// CHECK-NEXT:    }) : () -> ()
// CHECK-NEXT:    return %arg0 : i32
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    "test.br"()[^bb1] : () -> ()
// CHECK-NEXT:  }
// NOSIMPLIFY-LABEL: func.func @unreachable
// NOSIMPLIFY: "test.dead_nested"() : () -> ()
// NOSIMPLIFY: "test.use"(%{{.*}}) : (i32) -> ()
func.func @unreachable(%a: i32) -> i32 {
  "test.br"()[^bb3] : () -> ()
^bb1:
  "test.region"() ({
    "test.br"()[^bb2] : () -> ()
  ^bb1:
    "test.dead_nested"() : () -> ()
    "test.br"()[^bb2] : () -> ()
  ^bb2:
    "test.end"() : () -> ()
  }) : () -> ()
  return %a : i32
^bb2:
  %0 = arith.addi %a, %a : i32
  "test.use"(%0) : (i32) -> ()
  "test.br"()[^bb1] : () -> ()
^bb3:
  "test.br"()[^bb1] : () -> ()
}

// -----

// Pure ops whose results nothing live uses go; unknown ops stay, with what they use.
// CHECK-LABEL: func.func @dead_ops
// CHECK-NEXT:    %0 = arith.addi %arg0, %arg0 : i32
// CHECK-NEXT:    %1 = "test.effect"(%0) : (i32) -> i32
// CHECK-NEXT:    return %arg0 : i32
func.func @dead_ops(%a: i32) -> i32 {
  %0 = arith.addi %a, %a : i32
  %1 = arith.muli %0, %0 : i32
  %2 = "test.effect"(%0) : (i32) -> i32
  %3 = arith.constant 7 : i32
  return %a : i32
}

// -----

// Equal constants are uniqued and hoisted to the entry block of the nearest region that
// may be isolated from above: an unregistered op might be, so its constants stay inside.
// CHECK-LABEL: func.func @constants
// CHECK-NEXT:    %c1_i32 = arith.constant 1 : i32
// CHECK-NEXT:    "test.region"() ({
// CHECK-NEXT:      %c1_i32_0 = arith.constant 1 : i32
// CHECK-NEXT:      "test.use"(%c1_i32_0) : (i32) -> ()
// CHECK-NEXT:      "test.use"(%c1_i32_0) : (i32) -> ()
// CHECK-NEXT:      "test.end"() : () -> ()
// CHECK-NEXT:    }) : () -> ()
// CHECK-NEXT:    return %c1_i32 : i32
func.func @constants() -> i32 {
  "test.region"() ({
    %0 = arith.constant 1 : i32
    %2 = arith.constant 1 : i32
    "test.use"(%2) : (i32) -> ()
    "test.use"(%0) : (i32) -> ()
    "test.end"() : () -> ()
  }) : () -> ()
  %1 = arith.constant 1 : i32
  return %1 : i32
}
