// RUN: mlc-translate --mlir-to-llvmir --split-input-file --verify-diagnostics %s
// REQUIRES: mlc

// What cannot be translated is a diagnostic at the op (mlir-translate's wording where it
// has one), never a crash.

llvm.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{cannot be converted to LLVM IR: no LLVM IR translation for op: arith.addi}}
  %0 = arith.addi %a, %a : i32
  llvm.return %0 : i32
}

// -----

// expected-error@+1 {{cannot be converted to LLVM IR: no LLVM IR translation for op: func.func}}
func.func @g() {
  return
}

// -----

llvm.func @h(%a: i32) -> i64 {
  // expected-error@+2 {{LLVM Translation failed for operation: builtin.unrealized_conversion_cast}}
  // expected-note@+1 {{unrealized conversion casts must be resolved before translation}}
  %0 = builtin.unrealized_conversion_cast %a : i32 to i64
  llvm.return %0 : i64
}

// -----

llvm.func @use(!llvm.array<3 x i32>)
llvm.func @constant() {
  // expected-error@+1 {{unsupported constant value}}
  %0 = llvm.mlir.constant([1 : i32, 2 : i32]) : !llvm.array<3 x i32>
  llvm.call @use(%0) : (!llvm.array<3 x i32>) -> ()
  llvm.return
}

// -----

// expected-error@+1 {{LLVM attribute 'align' expects a value}}
llvm.func @passthrough() attributes {passthrough = ["align"]} {
  llvm.return
}
