// RUN: mlc-opt %s --sccp | filecheck %s
// REQUIRES: mlc

// Where mlc's sccp knowingly differs from mlir-opt 19.

// A symbol used other than by a call (here `func.constant`) may be called from anywhere, so
// its arguments are unknown. MLIR 19 looks such uses up from the op the pass runs on rather
// than from the nested symbol table holding them: it misses @g1, assumes its only caller is
// the direct call, and folds its result to 5 although the indirect call passes %x.

// CHECK-LABEL: func.func private @g1(
// CHECK-NEXT:    return %arg0 : i32
// CHECK-LABEL: func.func @pub(
// CHECK:         %[[S:.*]] = call @g1(
// CHECK-NEXT:    return %{{.*}}, %[[S]] : i32, i32
module {
  module @m {
    func.func private @g1(%a: i32) -> i32 {
      return %a : i32
    }
    func.func @pub(%x: i32) -> (i32, i32) {
      %c5 = arith.constant 5 : i32
      %f = func.constant @g1 : (i32) -> i32
      %r = func.call_indirect %f(%x) : (i32) -> i32
      %s = call @g1(%c5) : (i32) -> i32
      return %r, %s : i32, i32
    }
  }
}
