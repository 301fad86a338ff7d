// RUN: mlc-opt %s --split-input-file --symbol-dce | filecheck %s
// RUN: mlc-opt %s --split-input-file --pass-pipeline='builtin.module(symbol-dce)' | filecheck %s

// Private symbols nobody references go; public ones and what they reference stay.

// CHECK-LABEL: module attributes {test.simple}
// CHECK-NOT:     @dead_private
// CHECK:         func.func private @live_by_call()
// CHECK-NOT:     @chain
// CHECK:         func.func @public()
module attributes {test.simple} {
  func.func private @dead_private()
  func.func private @live_by_call()
  func.func private @chain_a() {
    func.call @chain_b() : () -> ()
    return
  }
  func.func private @chain_b()
  func.func @public() {
    func.call @live_by_call() : () -> ()
    return
  }
}

// -----

// References inside attributes count, nested ones too (`@outer::@inner`); a private module
// whose symbols nobody references goes with its public contents.

// CHECK-LABEL: module attributes {test.nested}
// CHECK:         module @inner {
// CHECK-NEXT:      func.func @inner_pub()
// CHECK:           func.func private @inner_ref()
// CHECK-NEXT:    }
// CHECK-NOT:     @priv_unused
// CHECK:         module @priv_used attributes {sym_visibility = "private"} {
// CHECK-NEXT:      func.func @y()
// CHECK:         }
// CHECK:         func.func @user() attributes {refs = [@priv_used::@y, {k = @inner::@inner_ref}]}
module attributes {test.nested} {
  module @inner {
    func.func private @inner_dead()
    func.func @inner_pub() {
      return
    }
    func.func private @inner_ref()
  }
  module @priv_unused attributes {sym_visibility = "private"} {
    func.func @x() {
      return
    }
  }
  module @priv_used attributes {sym_visibility = "private"} {
    func.func @y() {
      return
    }
    func.func private @z()
  }
  func.func @user() attributes {refs = [@priv_used::@y, {k = @inner::@inner_ref}]} {
    return
  }
}

// -----

// `nested` visibility is discardable in a table nobody outside can see (the top-level module).

// CHECK-LABEL: module attributes {test.visibility}
// CHECK-NOT:     @nested_vis
// CHECK:         module @pub {
// CHECK-NEXT:    }
module attributes {test.visibility} {
  func.func nested @nested_vis() {
    return
  }
  module @pub {
    func.func nested @n() {
      return
    }
  }
}

// -----

// A cycle of private symbols is dead as a whole; the symbol table op's own attributes are no
// uses (as in MLIR).

// CHECK-LABEL: module attributes {test.cycle = @cyc1} {
// CHECK-NEXT:  }
module attributes {test.cycle = @cyc1} {
  func.func private @cyc1() {
    func.call @cyc2() : () -> ()
    return
  }
  func.func private @cyc2() {
    func.call @cyc1() : () -> ()
    return
  }
}
