// RUN: mlc-opt %s --pass-pipeline='builtin.module(convert-func-to-llvm,reconcile-unrealized-casts)' | filecheck %s
// RUN: mlc-opt %s --convert-func-to-llvm | filecheck %s --check-prefix=RAW
// RUN: mlc-opt %s --pass-pipeline='builtin.module(convert-func-to-llvm{index-bitwidth=32},reconcile-unrealized-casts)' | filecheck %s --check-prefix=INDEX32

// Heap copies of returned unranked descriptors need `malloc`, and the caller frees them: the
// declarations go first in the module.
// CHECK-LABEL: llvm.func @malloc(i64) -> !llvm.ptr
// CHECK-LABEL: llvm.func @free(!llvm.ptr)

// Index becomes i64; several results are packed into a struct. Arith ops convert too.
// INDEX32-LABEL: llvm.func @scalars(%arg0: i32, %arg1: i32, %arg2: f32) -> !llvm.struct<(i32, f32)>
// INDEX32-NEXT:    llvm.add %arg0, %arg1 : i32
// CHECK-LABEL: llvm.func @scalars(%arg0: i32, %arg1: i64, %arg2: f32) -> !llvm.struct<(i64, f32)>
// CHECK-NEXT:    %[[V0:.*]] = llvm.sext %arg0 : i32 to i64
// CHECK-NEXT:    %[[V1:.*]] = llvm.add %[[V0]], %arg1 : i64
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.undef : !llvm.struct<(i64, f32)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.insertvalue %[[V1]], %[[V2]][0] : !llvm.struct<(i64, f32)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %arg2, %[[V3]][1] : !llvm.struct<(i64, f32)>
// CHECK-NEXT:    llvm.return %[[V4]] : !llvm.struct<(i64, f32)>
func.func @scalars(%a: i32, %i: index, %x: f32) -> (index, f32) {
  %0 = arith.index_cast %a : i32 to index
  %1 = arith.addi %0, %i : index
  return %1, %x : index, f32
}

// A declaration keeps its visibility as an attribute; a memref argument becomes the
// five fields of its descriptor.
// CHECK-LABEL: llvm.func @declaration(f32, !llvm.ptr, !llvm.ptr, i64, i64, i64) -> i64 attributes {sym_visibility = "private"}
func.func private @declaration(f32, memref<?xf32>) -> i64

// `llvm.linkage` gives the linkage; other attributes stay.
// CHECK-LABEL: llvm.func internal @internal(%arg0: i64) -> i64 attributes {sym_visibility = "private", tag = 1 : i32}
// CHECK-NEXT:    llvm.return %arg0 : i64
func.func private @internal(%x: i64) -> i64 attributes {llvm.linkage = #llvm.linkage<internal>, tag = 1 : i32} {
  return %x : i64
}

// Argument and result attributes follow the arguments they became; an argument expanded
// into several loses them.
// CHECK-LABEL: llvm.func @attributes(%arg0: f32 {llvm.inreg}, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: i64, %arg4: i64, %arg5: i64) -> (f32 {llvm.noundef})
// CHECK-NEXT:    llvm.return %arg0 : f32
func.func @attributes(%x: f32 {llvm.inreg}, %m: memref<4xf32> {llvm.align = 16 : i64}) -> (f32 {llvm.noundef}) {
  return %x : f32
}

// `func.varargs` makes a variadic function.
// CHECK-LABEL: llvm.func @variadic(%arg0: i32, ...)
// CHECK-NEXT:    llvm.return
func.func @variadic(%a: i32) attributes {func.varargs = true} {
  return
}

// Descriptor fields are packed back into the descriptor where the body needs it; an unused
// unranked argument costs nothing.
// CHECK-LABEL: llvm.func @memrefs(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64, %arg7: i64, %arg8: !llvm.ptr) -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.insertvalue %arg2, %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %arg3, %[[V3]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %arg5, %[[V4]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %arg4, %[[V5]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %arg6, %[[V6]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.return %[[V7]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
func.func @memrefs(%m: memref<4x?xf32, strided<[?, 1], offset: ?>>, %u: memref<*xf32>) -> memref<4x?xf32, strided<[?, 1], offset: ?>> {
  return %m : memref<4x?xf32, strided<[?, 1], offset: ?>>
}

// Calls unpack descriptors into their fields; indirect calls go through a pointer; several
// results come back in a struct.
// CHECK-LABEL: llvm.func @calls(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: !llvm.ptr, %arg6: f32) -> i64
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.insertvalue %arg2, %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %arg3, %[[V3]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %arg4, %[[V4]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.extractvalue %[[V5]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.extractvalue %[[V5]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.extractvalue %[[V5]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.extractvalue %[[V5]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V10:.*]] = llvm.extractvalue %[[V5]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.call @declaration(%arg6, %[[V6]], %[[V7]], %[[V8]], %[[V9]], %[[V10]]) : (f32, !llvm.ptr, !llvm.ptr, i64, i64, i64) -> i64
// CHECK-NEXT:    %[[V12:.*]] = llvm.call %arg5(%[[V11]]) : !llvm.ptr, (i64) -> i64
// CHECK-NEXT:    %[[V13:.*]] = llvm.mlir.addressof @internal : !llvm.ptr
// CHECK-NEXT:    llvm.call %[[V13]](%[[V12]]) : !llvm.ptr, (i64) -> i64
// CHECK-NEXT:    %[[V15:.*]] = llvm.call @pair() : () -> !llvm.struct<(i64, f32)>
// CHECK-NEXT:    %[[V16:.*]] = llvm.extractvalue %[[V15]][0] : !llvm.struct<(i64, f32)>
// CHECK-NEXT:    llvm.extractvalue %[[V15]][1] : !llvm.struct<(i64, f32)>
// CHECK-NEXT:    llvm.return %[[V16]] : i64
func.func @calls(%m: memref<?xf32>, %f: (i64) -> i64, %x: f32) -> i64 {
  %r = call @declaration(%x, %m) : (f32, memref<?xf32>) -> i64
  %a = call_indirect %f(%r) : (i64) -> i64
  %g = constant @internal : (i64) -> i64
  %b = call_indirect %g(%a) : (i64) -> i64
  %p:2 = call @pair() : () -> (i64, f32)
  return %p#0 : i64
}

// CHECK-LABEL: llvm.func @pair() -> !llvm.struct<(i64, f32)> attributes {sym_visibility = "private"}
func.func private @pair() -> (i64, f32)

// `llvm.emit_c_interface` adds a wrapper taking a pointer to each descriptor and to the
// result struct, callable from C.
// CHECK-LABEL: llvm.func @c_interface(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64, %arg5: i64, %arg6: i64, %arg7: i64) -> !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)> attributes {llvm.emit_c_interface}
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.insertvalue %arg2, %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %arg3, %[[V3]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %arg5, %[[V4]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %arg4, %[[V5]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %arg6, %[[V6]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.mlir.undef : !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.insertvalue %[[V7]], %[[V8]][0] : !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK-NEXT:    %[[V10:.*]] = llvm.insertvalue %arg7, %[[V9]][1] : !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK-NEXT:    llvm.return %[[V10]] : !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK-LABEL: llvm.func @_mlir_ciface_c_interface(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64) attributes {llvm.emit_c_interface}
// CHECK-NEXT:    %[[V0:.*]] = llvm.load %arg1 : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.extractvalue %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.extractvalue %[[V0]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.extractvalue %[[V0]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.extractvalue %[[V0]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.extractvalue %[[V0]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.extractvalue %[[V0]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.call @c_interface(%[[V1]], %[[V2]], %[[V3]], %[[V4]], %[[V5]], %[[V6]], %[[V7]], %arg2) : (!llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, i64) -> !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>
// CHECK-NEXT:    llvm.store %[[V8]], %arg0 : !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, i64)>, !llvm.ptr
// CHECK-NEXT:    llvm.return
func.func @c_interface(%m: memref<2x?xf32>, %i: index) -> (memref<2x?xf32>, index) attributes {llvm.emit_c_interface} {
  return %m, %i : memref<2x?xf32>, index
}

// For a declaration, the wrapper is the external function and the declared one gets a
// private body calling it.
// CHECK-LABEL: llvm.func private @c_declaration(%arg0: i64, %arg1: !llvm.ptr) -> f32 attributes {llvm.emit_c_interface, sym_visibility = "private"}
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.alloca %[[V3]] x !llvm.struct<(i64, ptr)> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V2]], %[[V4]] : !llvm.struct<(i64, ptr)>, !llvm.ptr
// CHECK-NEXT:    %[[V5:.*]] = llvm.call @_mlir_ciface_c_declaration(%[[V4]]) : (!llvm.ptr) -> f32
// CHECK-NEXT:    llvm.return %[[V5]] : f32
// CHECK-LABEL: llvm.func @_mlir_ciface_c_declaration(!llvm.ptr) -> f32 attributes {llvm.emit_c_interface, sym_visibility = "private"}
func.func private @c_declaration(memref<*xf32>) -> f32 attributes {llvm.emit_c_interface}

// Unranked descriptors crossing a call are copied: to the heap when returned, back to the
// stack (freeing the heap copy) by the caller.
// CHECK-LABEL: llvm.func @unranked(%arg0: i64, %arg1: !llvm.ptr) -> !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.extractvalue %[[V2]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.extractvalue %[[V2]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.call @unranked(%[[V3]], %[[V4]]) : (i64, !llvm.ptr) -> !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V7:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK-NEXT:    %[[V8:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V10:.*]] = llvm.mul %[[V7]], %[[V9]] : i64
// CHECK-NEXT:    %[[V11:.*]] = llvm.extractvalue %[[V5]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V12:.*]] = llvm.mul %[[V7]], %[[V11]] : i64
// CHECK-NEXT:    %[[V13:.*]] = llvm.add %[[V12]], %[[V6]] : i64
// CHECK-NEXT:    %[[V14:.*]] = llvm.mul %[[V13]], %[[V8]] : i64
// CHECK-NEXT:    %[[V15:.*]] = llvm.add %[[V10]], %[[V14]] : i64
// CHECK-NEXT:    %[[V16:.*]] = llvm.alloca %[[V15]] x i8 : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V17:.*]] = llvm.extractvalue %[[V5]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    "llvm.intr.memcpy"(%16, %17, %15) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK-NEXT:    llvm.call @free(%[[V17]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    %[[V18:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V19:.*]] = llvm.extractvalue %[[V5]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V20:.*]] = llvm.insertvalue %[[V19]], %[[V18]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V21:.*]] = llvm.insertvalue %[[V16]], %[[V20]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V22:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V23:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK-NEXT:    %[[V24:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V25:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V26:.*]] = llvm.mul %[[V23]], %[[V25]] : i64
// CHECK-NEXT:    %[[V27:.*]] = llvm.extractvalue %[[V21]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V28:.*]] = llvm.mul %[[V23]], %[[V27]] : i64
// CHECK-NEXT:    %[[V29:.*]] = llvm.add %[[V28]], %[[V22]] : i64
// CHECK-NEXT:    %[[V30:.*]] = llvm.mul %[[V29]], %[[V24]] : i64
// CHECK-NEXT:    %[[V31:.*]] = llvm.add %[[V26]], %[[V30]] : i64
// CHECK-NEXT:    %[[V32:.*]] = llvm.call @malloc(%[[V31]]) : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.extractvalue %[[V21]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    "llvm.intr.memcpy"(%32, %33, %31) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK-NEXT:    %[[V34:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V35:.*]] = llvm.extractvalue %[[V21]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V36:.*]] = llvm.insertvalue %[[V35]], %[[V34]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V37:.*]] = llvm.insertvalue %[[V32]], %[[V36]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    llvm.return %[[V37]] : !llvm.struct<(i64, ptr)>

func.func @unranked(%u: memref<*xf32>) -> memref<*xf32> {
  %r = call @unranked(%u) : (memref<*xf32>) -> memref<*xf32>
  return %r : memref<*xf32>
}

// Ops left unconverted get the descriptor cast back to a memref (MLIR 19 also leaves an
// unused cast of it back to the descriptor in the raw output).
// CHECK-LABEL: llvm.func @unconverted_user(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i64, %arg3: i64, %arg4: i64) -> f32
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.insertvalue %arg0, %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.insertvalue %arg1, %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.insertvalue %arg2, %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %arg3, %[[V3]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %arg4, %[[V4]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = builtin.unrealized_conversion_cast %[[V5]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<4xf32>
// CHECK-NEXT:    %[[V7:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V8:.*]] = builtin.unrealized_conversion_cast %[[V7]] : i64 to index
// CHECK-NEXT:    %[[V9:.*]] = memref.load %[[V6]][%[[V8]]] : memref<4xf32>
// CHECK-NEXT:    llvm.return %[[V9]] : f32
// RAW-LABEL: llvm.func @unconverted_user
// RAW:         %[[DESC:.*]] = llvm.insertvalue %arg4, %{{.*}}[4, 0]
// RAW-NEXT:    %[[M:.*]] = builtin.unrealized_conversion_cast %[[DESC]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<4xf32>
// RAW:         %[[ZERO:.*]] = llvm.mlir.constant(0 : index) : i64
// RAW-NEXT:    %[[I:.*]] = builtin.unrealized_conversion_cast %[[ZERO]] : i64 to index
// RAW-NEXT:    memref.load %[[M]][%[[I]]] : memref<4xf32>
func.func @unconverted_user(%m: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0] : memref<4xf32>
  return %v : f32
}
