// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=GENERIC

// The llvm ops the conversions to the llvm dialect build beyond the arithmetic, memory and
// aggregate ops: they print and parse back as in MLIR 19.
// CHECK-LABEL: llvm.func @ops
// CHECK-NEXT:    "llvm.intr.assume"(%arg1) : (i1) -> ()
// CHECK-NEXT:    %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT:    llvm.intr.stackrestore %[[SP]] : !llvm.ptr
// CHECK-NEXT:    llvm.atomicrmw fadd %arg0, %arg2 acq_rel : !llvm.ptr, f32
// CHECK-NEXT:    llvm.atomicrmw volatile xchg %arg0, %arg3 syncscope("agent") monotonic {alignment = 4 : i64} : !llvm.ptr, i32
// CHECK-NEXT:    "llvm.intr.uadd.with.overflow"(%arg3, %arg3) : (i32, i32) -> !llvm.struct<(i32, i1)>
// CHECK-NEXT:    llvm.intr.experimental.constrained.fptrunc %arg4 tonearest ignore : f64 to f32
// CHECK-NEXT:    llvm.intr.experimental.constrained.fptrunc %arg4 dynamic strict {fastmath = #arith.fastmath<fast>} : f64 to f32
// GENERIC: "llvm.atomicrmw"(%arg0, %arg2) <{bin_op = 11 : i64, ordering = 6 : i64}> : (!llvm.ptr, f32) -> f32
// GENERIC: "llvm.atomicrmw"(%arg0, %arg3) <{alignment = 4 : i64, bin_op = 0 : i64, ordering = 2 : i64, syncscope = "agent", volatile_}> : (!llvm.ptr, i32) -> i32
// GENERIC: "llvm.intr.experimental.constrained.fptrunc"(%arg4) <{fpExceptionBehavior = 0 : i64, roundingmode = 1 : i64}> : (f64) -> f32
// GENERIC: "llvm.intr.experimental.constrained.fptrunc"(%arg4) <{fpExceptionBehavior = 2 : i64, roundingmode = 7 : i64}> {fastmath = #arith.fastmath<fast>} : (f64) -> f32
llvm.func @ops(%p: !llvm.ptr, %c: i1, %x: f32, %a: i32, %y: f64) {
  "llvm.intr.assume"(%c) : (i1) -> ()
  %s = llvm.intr.stacksave : !llvm.ptr
  llvm.intr.stackrestore %s : !llvm.ptr
  %0 = llvm.atomicrmw fadd %p, %x acq_rel : !llvm.ptr, f32
  %1 = llvm.atomicrmw volatile xchg %p, %a syncscope("agent") monotonic {alignment = 4 : i64} : !llvm.ptr, i32
  %2 = "llvm.intr.uadd.with.overflow"(%a, %a) : (i32, i32) -> !llvm.struct<(i32, i1)>
  %3 = llvm.intr.experimental.constrained.fptrunc %y tonearest ignore : f64 to f32
  %4 = llvm.intr.experimental.constrained.fptrunc %y dynamic strict {fastmath = #arith.fastmath<fast>} : f64 to f32
  llvm.return
}
