// RUN: mlc-opt %s --pass-pipeline='builtin.module(convert-func-to-llvm{use-bare-ptr-memref-call-conv},reconcile-unrealized-casts)' | filecheck %s
// RUN: mlc-opt %s --pass-pipeline='builtin.module(convert-func-to-llvm,reconcile-unrealized-casts)' | filecheck %s --check-prefix=ATTR

// With the bare pointer convention a static memref crosses function boundaries as one
// pointer: the callee rebuilds the descriptor from the static shape, a call passes the
// aligned pointer, a return the allocated one.
// CHECK-LABEL: llvm.func @bare(%arg0: !llvm.ptr, %arg1: i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg0, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %[[V3]], %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %[[V5]], %[[V4]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V8:.*]] = llvm.insertvalue %[[V7]], %[[V6]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V10:.*]] = llvm.insertvalue %[[V9]], %[[V8]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V12:.*]] = llvm.insertvalue %[[V11]], %[[V10]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = llvm.extractvalue %[[V12]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V14:.*]] = llvm.call @bare(%[[V13]], %arg1) : (!llvm.ptr, i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V15:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V16:.*]] = llvm.insertvalue %[[V14]], %[[V15]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V17:.*]] = llvm.insertvalue %[[V14]], %[[V16]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V18:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V19:.*]] = llvm.insertvalue %[[V18]], %[[V17]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V20:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V21:.*]] = llvm.insertvalue %[[V20]], %[[V19]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V22:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V23:.*]] = llvm.insertvalue %[[V22]], %[[V21]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V24:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V25:.*]] = llvm.insertvalue %[[V24]], %[[V23]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V26:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V27:.*]] = llvm.insertvalue %[[V26]], %[[V25]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V28:.*]] = llvm.extractvalue %[[V27]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.return %[[V28]] : !llvm.ptr
func.func @bare(%m: memref<4x8xf32>, %i: index) -> memref<4x8xf32> {
  %r = call @bare(%m, %i) : (memref<4x8xf32>, index) -> memref<4x8xf32>
  return %r : memref<4x8xf32>
}

// Ops left unconverted get the rebuilt descriptor as a memref.
// CHECK-LABEL: llvm.func @unconverted_user(%arg0: !llvm.ptr) -> f32
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg0, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %[[V3]], %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %[[V5]], %[[V4]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V8:.*]] = llvm.insertvalue %[[V7]], %[[V6]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = builtin.unrealized_conversion_cast %[[V8]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<2xf32>
// CHECK-NEXT:    %[[V10:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V11:.*]] = builtin.unrealized_conversion_cast %[[V10]] : i64 to index
// CHECK-NEXT:    %[[V12:.*]] = memref.load %[[V9]][%[[V11]]] : memref<2xf32>
// CHECK-NEXT:    llvm.return %[[V12]] : f32
func.func @unconverted_user(%m: memref<2xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0] : memref<2xf32>
  return %v : f32
}

// Without the option, a callee marked `llvm.bareptr` still takes bare pointers.
// ATTR-LABEL: llvm.func @callee(!llvm.ptr) attributes {llvm.bareptr, sym_visibility = "private"}
// ATTR-LABEL: llvm.func @caller(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64)
// ATTR-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    %[[V3:.*]] = llvm.insertvalue %arg2, %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    %[[V4:.*]] = llvm.insertvalue %arg3, %[[V3]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    %[[V5:.*]] = llvm.insertvalue %arg4, %[[V4]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    %[[V6:.*]] = llvm.extractvalue %[[V5]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// ATTR-NEXT:    llvm.call @callee(%[[V6]]) : (!llvm.ptr) -> ()
// ATTR-NEXT:    llvm.return
func.func private @callee(memref<4xf32>) attributes {llvm.bareptr}
func.func @caller(%m: memref<4xf32>) {
  call @callee(%m) : (memref<4xf32>) -> ()
  return
}
