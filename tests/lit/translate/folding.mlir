// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// LLVM's IRBuilder folds an instruction whose operands are constants: to a constant when it
// can compute one, to a constant expression for the opcodes LLVM 19 keeps as expressions
// (add, sub, mul, xor, trunc, ptrtoint, inttoptr, bitcast, getelementptr, ...), else it
// emits the instruction. What folds vanishes from the numbering.

llvm.mlir.global external @g(0 : i64) {addr_space = 0 : i32} : i64
llvm.func @use(i64)
llvm.func @use_ptr(!llvm.ptr)
llvm.func @use_f32(f32)

// CHECK-LABEL: define void @integers(i64 %0)
llvm.func @integers(%x: i64) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c2 = llvm.mlir.constant(2 : i64) : i64
  %c7 = llvm.mlir.constant(7 : i64) : i64
  // CHECK-NEXT: call void @use(i64 14)
  %0 = llvm.mul %c7, %c2 : i64
  llvm.call @use(%0) : (i64) -> ()
  // Division by zero is poison, an undef operand follows LLVM's table.
  // CHECK-NEXT: call void @use(i64 poison)
  %1 = llvm.sdiv %c7, %c0 : i64
  llvm.call @use(%1) : (i64) -> ()
  %u = llvm.mlir.undef : i64
  // CHECK-NEXT: call void @use(i64 -1)
  %2 = llvm.or %u, %c7 : i64
  llvm.call @use(%2) : (i64) -> ()
  // Only constant operands fold: `add %x, 0` stays.
  // CHECK-NEXT: %2 = add i64 %0, 0
  %3 = llvm.add %x, %c0 : i64
  // CHECK-NEXT: call void @use(i64 %2)
  llvm.call @use(%3) : (i64) -> ()
  // CHECK-NEXT: ret void
  llvm.return
}

// CHECK-LABEL: define void @expressions()
llvm.func @expressions() {
  %p = llvm.mlir.addressof @g : !llvm.ptr
  %c2 = llvm.mlir.constant(2 : i64) : i64
  %pi = llvm.ptrtoint %p : !llvm.ptr to i64
  // CHECK-NEXT: call void @use(i64 add (i64 ptrtoint (ptr @g to i64), i64 2))
  %0 = llvm.add %pi, %c2 : i64
  llvm.call @use(%0) : (i64) -> ()
  // `add (add X, 2), 2` reassociates to `add X, 4`.
  // CHECK-NEXT: call void @use(i64 add (i64 ptrtoint (ptr @g to i64), i64 4))
  %1 = llvm.add %0, %c2 : i64
  llvm.call @use(%1) : (i64) -> ()
  // A constant on the left of a commutative operator moves right.
  // CHECK-NEXT: call void @use(i64 mul (i64 ptrtoint (ptr @g to i64), i64 2))
  %2 = llvm.mul %c2, %pi : i64
  llvm.call @use(%2) : (i64) -> ()
  // shl is no longer an expression in LLVM 19: an instruction.
  // CHECK-NEXT: %1 = shl i64 ptrtoint (ptr @g to i64), 2
  %3 = llvm.shl %pi, %c2 : i64
  llvm.call @use(%3) : (i64) -> ()
  // CHECK-NEXT: call void @use(i64 %1)
  // trunc of ptrtoint is a narrower ptrtoint; zext is no expression: an instruction.
  // CHECK-NEXT: %2 = zext i32 ptrtoint (ptr @g to i32) to i64
  // CHECK-NEXT: call void @use(i64 %2)
  %4 = llvm.trunc %pi : i64 to i32
  %5 = llvm.zext %4 : i32 to i64
  llvm.call @use(%5) : (i64) -> ()
  // Constant GEPs keep their i32 indices; all-zero indices fold to the base.
  // CHECK-NEXT: call void @use_ptr(ptr getelementptr (float, ptr @g, i32 1))
  %6 = llvm.getelementptr %p[1] : (!llvm.ptr) -> !llvm.ptr, f32
  llvm.call @use_ptr(%6) : (!llvm.ptr) -> ()
  // CHECK-NEXT: call void @use_ptr(ptr @g)
  %7 = llvm.getelementptr %p[0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<2 x f32>
  llvm.call @use_ptr(%7) : (!llvm.ptr) -> ()
  // A global is never null.
  // CHECK-NEXT: call void @use(i64 0)
  %null = llvm.mlir.zero : !llvm.ptr
  %8 = llvm.icmp "eq" %p, %null : !llvm.ptr
  %9 = llvm.zext %8 : i1 to i64
  llvm.call @use(%9) : (i64) -> ()
  llvm.return
}

// CHECK-LABEL: define void @floats_and_vectors(i32 %0)
llvm.func @floats_and_vectors(%i: i32) {
  %a = llvm.mlir.constant(0.1 : f32) : f32
  %b = llvm.mlir.constant(1.0e-8 : f32) : f32
  // Float arithmetic rounds as the type does; a value not exact in six digits prints in hex.
  // CHECK-NEXT: call void @use_f32(float 0x3FB99999C0000000)
  %0 = llvm.fadd %a, %b : f32
  llvm.call @use_f32(%0) : (f32) -> ()
  %inf = llvm.mlir.constant(0x7F800000 : f32) : f32
  %ninf = llvm.mlir.constant(0xFF800000 : f32) : f32
  // CHECK-NEXT: call void @use_f32(float 0x7FF8000000000000)
  %1 = llvm.fadd %inf, %ninf : f32
  llvm.call @use_f32(%1) : (f32) -> ()
  // Vector constants fold lane by lane; a shuffle's -1 lanes become undef.
  %v = llvm.mlir.constant(dense<[1, 2, 3, 4]> : vector<4xi32>) : vector<4xi32>
  %s = llvm.mlir.constant(dense<7> : vector<4xi32>) : vector<4xi32>
  %2 = llvm.mul %v, %s : vector<4xi32>
  %3 = llvm.shufflevector %2, %2 [3, -1, 0, 1] : vector<4xi32>
  // CHECK-NEXT: %2 = extractelement <4 x i32> <i32 28, i32 undef, i32 7, i32 14>, i32 %0
  %4 = llvm.extractelement %3[%i : i32] : vector<4xi32>
  llvm.return
}
