// RUN: mlc-run %s -e add --arg 2 --arg 40 | filecheck %s
// RUN: mlc-run %s -e first --signature '(memref<3xi32>) -> i32' --arg '[7, 8, 9]' | filecheck %s --check-prefix=SIG
// RUN: not mlc-run %s -e first --random-inputs 2>&1 | filecheck %s --check-prefix=PTR
// RUN: not mlc-run %s -e add --arg 1 --arg 2 --check 2>&1 | filecheck %s --check-prefix=CHECK-LLVM

// A module already in the llvm dialect is compiled as it is; the parameters are its LLVM
// types unless --signature gives the source signature.

// CHECK: result #0 (i32): 42
llvm.func @add(%a: i32, %b: i32) -> i32 {
  %0 = llvm.add %a, %b : i32
  llvm.return %0 : i32
}

// SIG: result #0 (i32): 7
// PTR: mlc-run: error: argument #0 of 'first' is a pointer ('!llvm.ptr'): give the function's source signature with --signature to pass memrefs
// CHECK-LLVM: mlc-run: error: --check needs the module before its lowering to llvm
llvm.func @first(%allocated: !llvm.ptr, %aligned: !llvm.ptr, %offset: i64, %size: i64, %stride: i64) -> i32 {
  %p = llvm.getelementptr %aligned[%offset] : (!llvm.ptr, i64) -> !llvm.ptr, i32
  %v = llvm.load %p : !llvm.ptr -> i32
  llvm.return %v : i32
}
