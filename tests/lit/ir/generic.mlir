// RUN: mlc-opt %s --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | mlc-opt --allow-unregistered-dialect | filecheck %s

// Nested regions restart numbering from the parent's counters; siblings reuse numbers.
// CHECK-LABEL: func.func @regions
func.func @regions(%x: i32) {
  // CHECK: %0 = "t.a"() ({
  // CHECK-NEXT: %2 = "t.i"() : () -> i32
  // CHECK: }, {
  // CHECK-NEXT: ^bb0(%arg1: f32):
  // CHECK-NEXT: %2 = "t.i"(%arg1) : (f32) -> i32
  %a = "t.a"() ({
    %i = "t.i"() : () -> i32
    "t.y"() : () -> ()
  }, {
  ^bb0(%f: f32):
    %j = "t.i"(%f) : (f32) -> i32
    "t.y"() : () -> ()
  }) : () -> i32
  // CHECK: %1 = "t.b"(%0) {attr = [1, 2 : i8], flag} : (i32) -> i32
  %b = "t.b"(%a) {flag, attr = [1, 2 : i8]} : (i32) -> i32
  return
}

// Multi-block CFG with block arguments, predecessor comments, result groups.
// CHECK-LABEL: func.func @cfg
func.func @cfg(%c: i1, %x: i32) -> i32 {
  // CHECK: %0:2 = "t.pair"(%arg1) : (i32) -> (i32, i32)
  %p:2 = "t.pair"(%x) : (i32) -> (i32, i32)
  // CHECK: "t.cond_br"(%arg0, %0#0)[^bb1, ^bb2] : (i1, i32) -> ()
  "t.cond_br"(%c, %p#0)[^bb1, ^bb2] : (i1, i32) -> ()
// CHECK: ^bb1:  // pred: ^bb0
^bb1:
  // CHECK: "t.br"(%0#1)[^bb3] : (i32) -> ()
  "t.br"(%p#1)[^bb3] : (i32) -> ()
// CHECK: ^bb2:  // pred: ^bb0
^bb2:
  "t.br"(%p#0)[^bb3] : (i32) -> ()
// CHECK: ^bb3(%1: i32):  // 2 preds: ^bb1, ^bb2
^bb3(%y: i32):
  // CHECK: return %1 : i32
  return %y : i32
}

// Forward references inside graph regions (unregistered ops) and properties.
// CHECK-LABEL: func.func @forward
func.func @forward() {
  // CHECK: "t.graph"() ({
  // CHECK-NEXT: %0 = "t.use"(%1) : (i32) -> i32
  // CHECK-NEXT: %1 = "t.def"() <{p = 1 : i64}> : () -> i32
  "t.graph"() ({
    %u = "t.use"(%d) : (i32) -> i32
    %d = "t.def"() <{p = 1}> : () -> i32
  }) : () -> ()
  return
}
