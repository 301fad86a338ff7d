// RUN: mlc-opt %s --pass-pipeline='builtin.module(symbol-dce,builtin.module(symbol-dce))' --mlir-print-ir-after-all --mlir-print-ir-before=symbol-dce -o /dev/null 2>&1 | filecheck %s

// The IR dumps of --mlir-print-ir-*: MLIR's headers, then the op the pass ran on (a nested op
// printed on its own).

// CHECK:      // -----// IR Dump Before SymbolDCE (symbol-dce) //----- //
// CHECK-NEXT: module {
// CHECK-NEXT:   func.func private @dead()
// CHECK:      // -----// IR Dump After SymbolDCE (symbol-dce) //----- //
// CHECK-NEXT: module {
// CHECK-NEXT:   module @m {
// CHECK-NEXT:     func.func @main() {
// CHECK-NEXT:       return
// CHECK-NEXT:     }
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-EMPTY:
// CHECK-EMPTY:
// CHECK-NEXT: // -----// IR Dump Before SymbolDCE (symbol-dce) //----- //
// CHECK-NEXT: module @m {
// CHECK-NEXT:   func.func @main() {
// CHECK-NEXT:     return
// CHECK-NEXT:   }
// CHECK-NEXT: }
// CHECK-EMPTY:
// CHECK-NEXT: // -----// IR Dump After SymbolDCE (symbol-dce) //----- //
// CHECK-NEXT: module @m {
func.func private @dead()
module @m {
  func.func private @dead_inner()
  func.func @main() {
    return
  }
}
