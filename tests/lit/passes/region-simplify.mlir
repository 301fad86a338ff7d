// Region simplification: dead block arguments (normal), then block merging and redundant
// arguments (aggressive), as mlir-opt 19 does them.
// RUN: mlc-opt %s --allow-unregistered-dialect -p 'builtin.module(canonicalize{region-simplify=normal})' | filecheck %s --check-prefix=NORMAL
// RUN: mlc-opt %s --allow-unregistered-dialect -p 'builtin.module(canonicalize{region-simplify=aggressive})' | filecheck %s --check-prefix=AGGRESSIVE

func.func @dead_arg(%c: i1, %x: i32) -> i32 {
  cf.cond_br %c, ^bb1(%x : i32), ^bb2(%x, %x : i32, i32)
^bb1(%a: i32):
  %0 = arith.addi %a, %a : i32
  cf.br ^bb3(%0 : i32)
^bb2(%b: i32, %unused: i32):
  cf.br ^bb3(%b : i32)
^bb3(%r: i32):
  return %r : i32
}

func.func @merge(%c: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %c, ^bb1, ^bb2
^bb1:
  %0 = arith.muli %x, %x : i32
  cf.br ^bb3(%0 : i32)
^bb2:
  %1 = arith.muli %y, %y : i32
  cf.br ^bb3(%1 : i32)
^bb3(%r: i32):
  return %r : i32
}

func.func @same_value(%c: i1, %x: i32) -> i32 {
  cf.cond_br %c, ^bb1(%x : i32), ^bb2
^bb2:
  "test.side"() : () -> ()
  cf.br ^bb1(%x : i32)
^bb1(%a: i32):
  return %a : i32
}

func.func @switch(%f: i32, %x: i32, %y: i32) -> i32 {
  cf.switch %f : i32, [
    default: ^bb1(%x : i32),
    1: ^bb1(%y : i32),
    2: ^bb2(%x, %y : i32, i32)
  ]
^bb1(%a: i32):
  return %a : i32
^bb2(%p: i32, %q: i32):
  return %p : i32
}

// NORMAL-LABEL: func.func @dead_arg(%arg0: i1, %arg1: i32) -> i32 {
// NORMAL-NEXT: cf.cond_br %arg0, ^bb1(%arg1 : i32), ^bb2(%arg1 : i32)
// NORMAL-NEXT: ^bb1(%0: i32):
// NORMAL-NEXT: %1 = arith.addi %0, %0 : i32
// NORMAL-NEXT: cf.br ^bb2(%1 : i32)
// NORMAL-NEXT: ^bb2(%2: i32):
// NORMAL-NEXT: return %2 : i32
// NORMAL-NEXT: }
// NORMAL-LABEL: func.func @merge(%arg0: i1, %arg1: i32, %arg2: i32) -> i32 {
// NORMAL-NEXT: cf.cond_br %arg0, ^bb1, ^bb2
// NORMAL-NEXT: ^bb1:
// NORMAL-NEXT: %0 = arith.muli %arg1, %arg1 : i32
// NORMAL-NEXT: cf.br ^bb3(%0 : i32)
// NORMAL-NEXT: ^bb2:
// NORMAL-NEXT: %1 = arith.muli %arg2, %arg2 : i32
// NORMAL-NEXT: cf.br ^bb3(%1 : i32)
// NORMAL-NEXT: ^bb3(%2: i32):
// NORMAL-NEXT: return %2 : i32
// NORMAL-NEXT: }
// NORMAL-LABEL: func.func @same_value(%arg0: i1, %arg1: i32) -> i32 {
// NORMAL-NEXT: cf.cond_br %arg0, ^bb2(%arg1 : i32), ^bb1
// NORMAL-NEXT: ^bb1:
// NORMAL-NEXT: "test.side"() : () -> ()
// NORMAL-NEXT: cf.br ^bb2(%arg1 : i32)
// NORMAL-NEXT: ^bb2(%0: i32):
// NORMAL-NEXT: return %0 : i32
// NORMAL-NEXT: }
// NORMAL-LABEL: func.func @switch(%arg0: i32, %arg1: i32, %arg2: i32) -> i32 {
// NORMAL-NEXT: cf.switch %arg0 : i32, [
// NORMAL-NEXT: default: ^bb1(%arg1 : i32),
// NORMAL-NEXT: 1: ^bb1(%arg2 : i32),
// NORMAL-NEXT: 2: ^bb2(%arg1 : i32)
// NORMAL-NEXT: ]
// NORMAL-NEXT: ^bb1(%0: i32):
// NORMAL-NEXT: return %0 : i32
// NORMAL-NEXT: ^bb2(%1: i32):
// NORMAL-NEXT: return %1 : i32
// NORMAL-NEXT: }
// NORMAL-NEXT: }

// AGGRESSIVE-LABEL: func.func @dead_arg(%arg0: i1, %arg1: i32) -> i32 {
// AGGRESSIVE-NEXT: cf.cond_br %arg0, ^bb1, ^bb2(%arg1 : i32)
// AGGRESSIVE-NEXT: ^bb1:
// AGGRESSIVE-NEXT: %0 = arith.addi %arg1, %arg1 : i32
// AGGRESSIVE-NEXT: cf.br ^bb2(%0 : i32)
// AGGRESSIVE-NEXT: ^bb2(%1: i32):
// AGGRESSIVE-NEXT: return %1 : i32
// AGGRESSIVE-NEXT: }
// AGGRESSIVE-LABEL: func.func @merge(%arg0: i1, %arg1: i32, %arg2: i32) -> i32 {
// AGGRESSIVE-NEXT: %0 = arith.select %arg0, %arg1, %arg2 : i32
// AGGRESSIVE-NEXT: %1 = arith.muli %0, %0 : i32
// AGGRESSIVE-NEXT: return %1 : i32
// AGGRESSIVE-NEXT: }
// AGGRESSIVE-LABEL: func.func @same_value(%arg0: i1, %arg1: i32) -> i32 {
// AGGRESSIVE-NEXT: cf.cond_br %arg0, ^bb2, ^bb1
// AGGRESSIVE-NEXT: ^bb1:
// AGGRESSIVE-NEXT: "test.side"() : () -> ()
// AGGRESSIVE-NEXT: cf.br ^bb2
// AGGRESSIVE-NEXT: ^bb2:
// AGGRESSIVE-NEXT: return %arg1 : i32
// AGGRESSIVE-NEXT: }
// AGGRESSIVE-LABEL: func.func @switch(%arg0: i32, %arg1: i32, %arg2: i32) -> i32 {
// AGGRESSIVE-NEXT: cf.switch %arg0 : i32, [
// AGGRESSIVE-NEXT: default: ^bb1(%arg1 : i32),
// AGGRESSIVE-NEXT: 1: ^bb1(%arg2 : i32)
// AGGRESSIVE-NEXT: ]
// AGGRESSIVE-NEXT: ^bb1(%0: i32):
// AGGRESSIVE-NEXT: return %0 : i32
// AGGRESSIVE-NEXT: }
// AGGRESSIVE-NEXT: }
