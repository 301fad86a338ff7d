// RUN: mlc-opt %s --reconcile-unrealized-casts --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --pass-pipeline='builtin.module(func.func(reconcile-unrealized-casts))' --allow-unregistered-dialect | filecheck %s

// A round trip folds to its input.
// CHECK-LABEL: func.func @round_trip
// CHECK-NEXT:    return %arg0 : i64
func.func @round_trip(%a: i64) -> i64 {
  %0 = builtin.unrealized_conversion_cast %a : i64 to i32
  %1 = builtin.unrealized_conversion_cast %0 : i32 to i64
  return %1 : i64
}

// Longer cycles fold too, and a cast to its own type is a no-op.
// CHECK-LABEL: func.func @long_cycle
// CHECK-NEXT:    return %arg0, %arg1 : i64, f32
func.func @long_cycle(%a: i64, %b: f32) -> (i64, f32) {
  %0 = builtin.unrealized_conversion_cast %a : i64 to i32
  %1 = builtin.unrealized_conversion_cast %0 : i32 to i16
  %2 = builtin.unrealized_conversion_cast %1 : i16 to i64
  %3 = builtin.unrealized_conversion_cast %b : f32 to f32
  return %2, %3 : i64, f32
}

// A cast up the chain with the wanted types ends the search: `%2` becomes `%0`, and the
// now unused `%1` goes.
// CHECK-LABEL: func.func @fold_to_intermediate
// CHECK-NEXT:    %[[C:.*]] = builtin.unrealized_conversion_cast %arg0 : i64 to i32
// CHECK-NEXT:    return %[[C]] : i32
func.func @fold_to_intermediate(%a: i64) -> i32 {
  %0 = builtin.unrealized_conversion_cast %a : i64 to i32
  %1 = builtin.unrealized_conversion_cast %0 : i32 to i16
  %2 = builtin.unrealized_conversion_cast %1 : i16 to i32
  return %2 : i32
}

// Open chains stay (the pass does not fail on them), and so does a closed chain whose
// intermediate value has another user.
// CHECK-LABEL: func.func @unresolved
// CHECK-NEXT:    %[[A:.*]] = builtin.unrealized_conversion_cast %arg0 : i64 to i32
// CHECK-NEXT:    %[[B:.*]] = builtin.unrealized_conversion_cast %[[A]] : i32 to i16
// CHECK-NEXT:    "foo.use"(%[[A]]) : (i32) -> ()
// CHECK-NEXT:    return %arg0, %[[B]] : i64, i16
func.func @unresolved(%a: i64) -> (i64, i16) {
  %0 = builtin.unrealized_conversion_cast %a : i64 to i32
  %1 = builtin.unrealized_conversion_cast %0 : i32 to i64
  %2 = builtin.unrealized_conversion_cast %0 : i32 to i16
  "foo.use"(%0) : (i32) -> ()
  return %1, %2 : i64, i16
}

// Several values travel together through N:M casts; a permutation is not a round trip.
// CHECK-LABEL: func.func @multiple_values
// CHECK-NEXT:    %[[P:.*]]:2 = builtin.unrealized_conversion_cast %arg0, %arg1 : i64, f32 to i32, i16
// CHECK-NEXT:    %[[Q:.*]]:2 = builtin.unrealized_conversion_cast %[[P]]#1, %[[P]]#0 : i16, i32 to i64, f32
// CHECK-NEXT:    return %arg0, %arg1, %[[Q]]#0, %[[Q]]#1 : i64, f32, i64, f32
func.func @multiple_values(%a: i64, %b: f32) -> (i64, f32, i64, f32) {
  %0 = builtin.unrealized_conversion_cast %a, %b : i64, f32 to i32
  %1:2 = builtin.unrealized_conversion_cast %0 : i32 to i64, f32
  %2:2 = builtin.unrealized_conversion_cast %a, %b : i64, f32 to i32, i16
  %3:2 = builtin.unrealized_conversion_cast %2#1, %2#0 : i16, i32 to i64, f32
  return %1#0, %1#1, %3#0, %3#1 : i64, f32, i64, f32
}

// Dead casts go, with the casts feeding only them; casts without inputs too.
// CHECK-LABEL: func.func @dead
// CHECK-NEXT:    %[[Z:.*]] = builtin.unrealized_conversion_cast to i32
// CHECK-NEXT:    "foo.keep"(%[[Z]]) : (i32) -> ()
// CHECK-NEXT:    return
func.func @dead(%a: i64) {
  %0 = builtin.unrealized_conversion_cast %a : i64 to i32
  %1 = builtin.unrealized_conversion_cast %0 : i32 to i16
  %2 = builtin.unrealized_conversion_cast to i32
  %3 = builtin.unrealized_conversion_cast to f32
  "foo.keep"(%2) : (i32) -> ()
  return
}

// Casts in nested regions and across blocks are reconciled as well.
// CHECK-LABEL: func.func @nested
// CHECK:         "foo.region"() ({
// CHECK-NEXT:      "foo.use"(%arg0) : (i64) -> ()
// CHECK-NEXT:      "foo.yield"() : () -> ()
// CHECK-NEXT:    }) : () -> ()
// CHECK-NEXT:    "foo.br"()[^bb1] : () -> ()
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    return %arg0 : i64
func.func @nested(%a: i64) -> i64 {
  %0 = builtin.unrealized_conversion_cast %a : i64 to i32
  "foo.region"() ({
    %1 = builtin.unrealized_conversion_cast %0 : i32 to i64
    "foo.use"(%1) : (i64) -> ()
    "foo.yield"() : () -> ()
  }) : () -> ()
  "foo.br"()[^bb1] : () -> ()
^bb1:
  %2 = builtin.unrealized_conversion_cast %0 : i32 to i64
  return %2 : i64
}
