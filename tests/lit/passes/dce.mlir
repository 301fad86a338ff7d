// RUN: mlc-opt %s --split-input-file --dce --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --split-input-file -p 'func.func(dce)' --allow-unregistered-dialect | filecheck %s
// REQUIRES: mlc

// Unused pure ops go, chains of them in one run; ops with effects, terminators and used
// values stay.

// CHECK-LABEL: func.func @chain
// CHECK-NEXT:    %[[C:.*]] = arith.constant 2 : i32
// CHECK-NEXT:    return %[[C]] : i32
func.func @chain(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %0 = arith.addi %a, %c1 : i32
  %1 = arith.muli %0, %0 : i32
  %c2 = arith.constant 2 : i32
  return %c2 : i32
}

// -----

// CHECK-LABEL: func.func @effects
// CHECK-NEXT:    call @external() : () -> i32
// CHECK-NEXT:    "foo.unknown"() : () -> i32
// CHECK-NEXT:    return
func.func private @external() -> i32
func.func @effects() {
  %0 = func.call @external() : () -> i32
  %1 = "foo.unknown"() : () -> i32
  %2 = arith.constant 0 : index
  return
}
