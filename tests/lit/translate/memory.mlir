// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// Memory ops. An alignment the op does not give comes from LLVM's default data layout:
// the preferred alignment for allocas (at least 8 for structs), the ABI alignment for
// loads and stores (4 for i64). Constant GEP indices are i32.

// CHECK-LABEL: define void @allocas(i64 %0)
llvm.func @allocas(%n: i64) {
  %one = llvm.mlir.constant(1 : i32) : i32
  // CHECK-NEXT: %2 = alloca float, align 4
  %0 = llvm.alloca %one x f32 : (i32) -> !llvm.ptr
  // CHECK-NEXT: %3 = alloca i64, i64 %0, align 8
  %1 = llvm.alloca %n x i64 : (i64) -> !llvm.ptr
  // CHECK-NEXT: %4 = alloca { i8 }, align 8
  %2 = llvm.alloca %one x !llvm.struct<(i8)> : (i32) -> !llvm.ptr
  // CHECK-NEXT: %5 = alloca <3 x float>, i64 %0, align 32
  %3 = llvm.alloca %n x vector<3xf32> {alignment = 32 : i64} : (i64) -> !llvm.ptr
  // CHECK-NEXT: %6 = alloca inalloca { i32, float }, align 8
  %4 = llvm.alloca inalloca %one x !llvm.struct<(i32, f32)> : (i32) -> !llvm.ptr
  // CHECK-NEXT: %7 = alloca [4 x half], align 2, addrspace(5)
  %5 = llvm.alloca %one x !llvm.array<4 x f16> : (i32) -> !llvm.ptr<5>
  llvm.return
}

// CHECK-LABEL: define i64 @loads_stores(ptr %0, i64 %1, <4 x float> %2)
llvm.func @loads_stores(%p: !llvm.ptr, %x: i64, %v: vector<4xf32>) -> i64 {
  // CHECK-NEXT: %4 = load i64, ptr %0, align 4
  %0 = llvm.load %p : !llvm.ptr -> i64
  // CHECK-NEXT: %5 = load volatile i32, ptr %0, align 2, !nontemporal ![[NT:[0-9]+]]
  %1 = llvm.load volatile %p {alignment = 2 : i64, nontemporal} : !llvm.ptr -> i32
  // CHECK-NEXT: %6 = load atomic i64, ptr %0 seq_cst, align 8
  %2 = llvm.load %p atomic seq_cst {alignment = 8 : i64} : !llvm.ptr -> i64
  // CHECK-NEXT: %7 = load atomic float, ptr %0 syncscope("singlethread") acquire, align 4
  %3 = llvm.load %p atomic syncscope("singlethread") acquire {alignment = 4 : i64} : !llvm.ptr -> f32
  // CHECK-NEXT: %8 = load <4 x float>, ptr %0, align 16, !invariant.load ![[EMPTY:[0-9]+]]
  %4 = llvm.load %p invariant : !llvm.ptr -> vector<4xf32>
  // CHECK-NEXT: store i64 %1, ptr %0, align 4
  llvm.store %x, %p : i64, !llvm.ptr
  // CHECK-NEXT: store volatile <4 x float> %2, ptr %0, align 16, !nontemporal ![[NT]]
  llvm.store volatile %v, %p {nontemporal} : vector<4xf32>, !llvm.ptr
  // CHECK-NEXT: store atomic i64 %1, ptr %0 release, align 8
  llvm.store %x, %p atomic release {alignment = 8 : i64} : i64, !llvm.ptr
  llvm.return %0 : i64
}

// CHECK-LABEL: define ptr @geps(ptr %0, i64 %1, i32 %2)
llvm.func @geps(%p: !llvm.ptr, %i: i64, %j: i32) -> !llvm.ptr {
  // CHECK-NEXT: %4 = getelementptr float, ptr %0, i64 %1
  %0 = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  // CHECK-NEXT: %5 = getelementptr inbounds { i32, [4 x float] }, ptr %4, i32 %2, i32 1, i32 3
  %1 = llvm.getelementptr inbounds %0[%j, 1, 3] : (!llvm.ptr, i32) -> !llvm.ptr, !llvm.struct<(i32, array<4 x f32>)>
  // CHECK-NEXT: %6 = getelementptr [2 x [3 x i8]], ptr %5, i32 0, i64 %1, i32 2
  %2 = llvm.getelementptr %1[0, %i, 2] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.array<2 x array<3 x i8>>
  llvm.return %2 : !llvm.ptr
}

// CHECK-DAG: ![[NT]] = !{i32 1}
// CHECK-DAG: ![[EMPTY]] = !{}
