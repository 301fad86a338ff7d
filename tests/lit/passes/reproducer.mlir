// RUN: not mlc-opt %s --allow-unregistered-dialect -p 'func.func(dce),symbol-dce' --mlir-pass-pipeline-crash-reproducer=%t 2>&1 | filecheck %s --check-prefix=FAIL
// RUN: filecheck %s --check-prefix=REPRO < %t
// RUN: not mlc-opt %t --run-reproducer --allow-unregistered-dialect 2>&1 | filecheck %s --check-prefix=AGAIN
// REQUIRES: mlc

// A failing pass writes the IR before it and its pipeline; `--run-reproducer` runs it again.

// FAIL: error: operation contains potentially unknown symbol table
// FAIL: note: Pipeline failed while executing [`SymbolDCE` on 'builtin.module' operation]: reproducer generated at

// REPRO:      module {
// REPRO-NEXT:   func.func private @dead()
// REPRO-NEXT:   func.func @f() {
// REPRO-NEXT:     return
// REPRO-NEXT:   }
// REPRO:      {-#
// REPRO-NEXT:   external_resources: {
// REPRO-NEXT:     mlir_reproducer: {
// REPRO-NEXT:       pipeline: "builtin.module(symbol-dce)",
// REPRO-NEXT:       disable_threading: true,
// REPRO-NEXT:       verify_each: true
// REPRO-NEXT:     }
// REPRO-NEXT:   }
// REPRO-NEXT: #-}

// AGAIN: error: operation contains potentially unknown symbol table
func.func private @dead()
func.func @f() {
  %c0 = arith.constant 0 : index
  return
}
"foo.op"() ({
  "foo.inner"() : () -> ()
}) : () -> ()
