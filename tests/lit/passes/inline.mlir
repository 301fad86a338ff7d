// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --pass-pipeline="builtin.module(inline{default-pipeline=})" | filecheck %s
// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --inline | filecheck %s --check-prefix=CANON
// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --pass-pipeline="builtin.module(inline{op-pipelines=func.func(canonicalize)})" | filecheck %s --check-prefix=CANON
// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --pass-pipeline="builtin.module(inline{inlining-threshold=0})" | filecheck %s --check-prefix=NONE
// RUN: mlc-opt %s --split-input-file --allow-unregistered-dialect --inline --mlir-print-debuginfo --mlir-print-local-scope | filecheck %s --check-prefix=LOC

// Callees are inlined bottom-up: @leaf into @mid, then @mid (now free of calls) into @top.
// The private callees are erased once no call is left; the public @mid stays.

// CHECK-LABEL: func.func @mid(
// CHECK-SAME:    %[[A:.*]]: i32, %[[B:.*]]: i32) -> (i32, i32)
// CHECK-NEXT:    return %[[B]], %[[A]] : i32, i32
// CHECK-LABEL: func.func @top(
// CHECK-SAME:    %[[A:.*]]: i32, %[[B:.*]]: i32) -> (i32, i32)
// CHECK-NEXT:    return %[[B]], %[[A]] : i32, i32
// CHECK-NOT:   func.func private @leaf

// NONE: func.func private @leaf
// NONE: call @leaf
// NONE: call @mid
func.func private @leaf(%a: i32, %b: i32) -> (i32, i32) {
  return %b, %a : i32, i32
}
func.func @mid(%a: i32, %b: i32) -> (i32, i32) {
  %r:2 = call @leaf(%a, %b) : (i32, i32) -> (i32, i32)
  return %r#0, %r#1 : i32, i32
}
func.func @top(%a: i32, %b: i32) -> (i32, i32) {
  %r:2 = call @mid(%a, %b) : (i32, i32) -> (i32, i32)
  %s:2 = call @mid(%r#0, %r#1) : (i32, i32) -> (i32, i32)
  %t:2 = call @leaf(%s#1, %s#0) : (i32, i32) -> (i32, i32)
  return %t#1, %t#0 : i32, i32
}

// -----

// The callee's body is copied into each caller; the simplification pipeline (canonicalize
// by default) then runs on the caller.

// CHECK-LABEL: func.func @two_callers(
// CHECK-NEXT:    %[[C:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[S:.*]] = arith.addi %arg0, %[[C]] : i32
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 1 : i32
// CHECK-NEXT:    %[[T:.*]] = arith.addi %[[S]], %[[C2]] : i32
// CHECK-NEXT:    return %[[T]] : i32
// CHECK-NOT:   @add_one

// CANON-LABEL: func.func @two_callers(
// CANON-NEXT:    %[[C:.*]] = arith.constant 2 : i32
// CANON-NEXT:    %[[S:.*]] = arith.addi %arg0, %[[C]] : i32
// CANON-NEXT:    return %[[S]] : i32
func.func private @add_one(%a: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = arith.addi %a, %c1 : i32
  return %r : i32
}
func.func @two_callers(%a: i32) -> i32 {
  %r = call @add_one(%a) : (i32) -> i32
  %s = call @add_one(%r) : (i32) -> i32
  return %s : i32
}

// -----

// A function calling itself is never inlined; in a cycle of public functions, @a is inlined
// into @b (its callees first), which then calls itself, while @a keeps its call to @b.

// CHECK-LABEL: func.func @self(
// CHECK-NEXT:    call @self
// CHECK-LABEL: func.func @a(
// CHECK-NEXT:    %[[R:.*]] = call @b(%arg0)
// CHECK-NEXT:    return %[[R]]
// CHECK-LABEL: func.func @b(
// CHECK-NEXT:    %[[R:.*]] = call @b(%arg0)
// CHECK-NEXT:    return %[[R]]
func.func @self(%x: i32) -> i32 {
  %r = call @self(%x) : (i32) -> i32
  return %r : i32
}
func.func @a(%x: i32) -> i32 {
  %r = call @b(%x) : (i32) -> i32
  return %r : i32
}
func.func @b(%x: i32) -> i32 {
  %r = call @a(%x) : (i32) -> i32
  return %r : i32
}

// -----

// A private function in a cycle is inlined into its only caller (and erased); the calls it
// brings in are not inlined again along the same chain (MLIR's inline history).

// CHECK-LABEL: func.func @c1(
// CHECK-NEXT:    %[[R:.*]] = call @c2(%arg0)
// CHECK-LABEL: func.func private @c2(
// CHECK-NEXT:    %[[R:.*]] = call @c2(%arg0)
// CHECK-NOT:   @c3
func.func @c1(%x: i32) -> i32 {
  %r = call @c2(%x) : (i32) -> i32
  return %r : i32
}
func.func private @c2(%x: i32) -> i32 {
  %r = call @c3(%x) : (i32) -> i32
  return %r : i32
}
func.func private @c3(%x: i32) -> i32 {
  %r = call @c1(%x) : (i32) -> i32
  return %r : i32
}

// -----

// Not inlined: calls to declarations, calls inside ops of dialects that do not allow
// inlining into their regions, and callees holding such ops. Unused private functions go;
// a private function whose symbol is used other than by a call stays.

// CHECK-NOT:   @unused
// CHECK-LABEL: func.func private @decl(i32) -> i32
// CHECK-LABEL: func.func private @opaque(
// CHECK-LABEL: func.func private @taken(
// CHECK-LABEL: func.func @user(
// CHECK-NEXT:    call @decl
// CHECK-NEXT:    call @opaque
// CHECK-NEXT:    "foo.region"
// CHECK-NEXT:      func.call @taken
// CHECK:         constant @taken
func.func private @unused() {
  return
}
func.func private @decl(i32) -> i32
func.func private @opaque(%x: i32) -> i32 {
  %r = "foo.op"(%x) : (i32) -> i32
  return %r : i32
}
func.func private @taken(%x: i32) -> i32 {
  return %x : i32
}
func.func @user(%x: i32) -> (i32, (i32) -> i32) {
  %a = call @decl(%x) : (i32) -> i32
  %b = call @opaque(%a) : (i32) -> i32
  %c = "foo.region"(%b) ({
    %in = func.call @taken(%b) : (i32) -> i32
    "foo.yield"(%in) : (i32) -> ()
  }, {
    "foo.yield"(%b) : (i32) -> ()
  }) : (i32) -> i32
  %f = func.constant @taken : (i32) -> i32
  return %c, %f : i32, (i32) -> i32
}

// -----

// Nested symbol tables: calls resolve in the nearest one, and each table's dead private
// functions go.

// CHECK-LABEL: module @inner
// CHECK-NEXT:    func.func @use(
// CHECK-NEXT:      return %arg0 : i32
// CHECK-NEXT:    }
// CHECK-NEXT:  }
// CHECK-LABEL: func.func @outer(
// CHECK-NEXT:    return %arg0 : i32
module @inner {
  func.func private @id(%x: i32) -> i32 {
    return %x : i32
  }
  func.func @use(%x: i32) -> i32 {
    %r = call @id(%x) : (i32) -> i32
    return %r : i32
  }
}
func.func private @id(%x: i32) -> i32 {
  return %x : i32
}
func.func @outer(%x: i32) -> i32 {
  %r = call @id(%x) : (i32) -> i32
  return %r : i32
}

// -----

// Inlined ops are located at `callsite(their location at the call's location)`; with an
// unknown call location they keep their own.

// LOC-LABEL: func.func @located(
// LOC-NEXT:    call @sink(%arg0) : (i32) -> () loc(callsite("callee.mlir":2:3 at "caller.mlir":7:5))
// LOC-NEXT:    call @sink(%arg0) : (i32) -> () loc("callee.mlir":2:3)
func.func private @sink(i32)
func.func private @located_callee(%x: i32) {
  call @sink(%x) : (i32) -> () loc("callee.mlir":2:3)
  return
}
func.func @located(%x: i32) {
  call @located_callee(%x) : (i32) -> () loc("caller.mlir":7:5)
  call @located_callee(%x) : (i32) -> () loc(unknown)
  return
}

// -----

// A callee of several blocks lands in the caller as blocks: its returns become branches to
// the block after the call, whose argument takes the place of the call's result.

// CHECK-LABEL: func.func @multi_block_caller(
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1, ^bb2
// CHECK-NEXT:  ^bb1:
// CHECK-NEXT:    cf.br ^bb3(%arg1 : i32)
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    cf.br ^bb3(%arg2 : i32)
// CHECK-NEXT:  ^bb3(%[[R:.*]]: i32):
// CHECK-NEXT:    return %[[R]] : i32
func.func private @choose(%c: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %c, ^a, ^b
^a:
  return %x : i32
^b:
  return %y : i32
}
func.func @multi_block_caller(%c: i1, %x: i32, %y: i32) -> i32 {
  %r = call @choose(%c, %x, %y) : (i1, i32, i32) -> i32
  return %r : i32
}
