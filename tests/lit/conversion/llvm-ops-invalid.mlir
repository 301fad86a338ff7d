// RUN: mlc-opt %s --split-input-file --verify-diagnostics

llvm.func @float_op_on_int(%p: !llvm.ptr, %a: i32) {
  // expected-error @below {{'llvm.atomicrmw' op expected LLVM IR floating point type}}
  %0 = llvm.atomicrmw fadd %p, %a acq_rel : !llvm.ptr, i32
  llvm.return
}

// -----

llvm.func @int_op_on_float(%p: !llvm.ptr, %x: f32) {
  // expected-error @below {{'llvm.atomicrmw' op expected LLVM IR integer type}}
  %0 = llvm.atomicrmw add %p, %x acq_rel : !llvm.ptr, f32
  llvm.return
}

// -----

llvm.func @unordered(%p: !llvm.ptr, %a: i32) {
  // expected-error @below {{'llvm.atomicrmw' op expected at least 'monotonic' ordering}}
  %0 = llvm.atomicrmw add %p, %a unordered : !llvm.ptr, i32
  llvm.return
}

// -----

llvm.func @bad_rounding(%y: f64) {
  // expected-error @below {{expected string or keyword containing one of the following enum values for attribute 'roundingmode'}}
  %0 = llvm.intr.experimental.constrained.fptrunc %y sideways ignore : f64 to f32
  llvm.return
}
