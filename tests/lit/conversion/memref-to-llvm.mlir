// RUN: mlc-opt %s --finalize-memref-to-llvm | filecheck %s
// RUN: mlc-opt %s --finalize-memref-to-llvm=use-aligned-alloc | filecheck %s --check-prefix=ALIGNED
// RUN: mlc-opt %s --finalize-memref-to-llvm=use-generic-functions | filecheck %s --check-prefix=GENERIC

// The runtime functions are declared at the start of the module as the lowering first
// needs them.
// CHECK-LABEL: llvm.func @memrefCopy(i64, !llvm.ptr, !llvm.ptr)
// CHECK-LABEL: llvm.func @free(!llvm.ptr)
// CHECK-LABEL: llvm.func @malloc(i64) -> !llvm.ptr
// ALIGNED-LABEL: llvm.func @aligned_alloc(i64, i64) -> !llvm.ptr
// GENERIC-LABEL: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)
// GENERIC-LABEL: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr

// `alloc` calls `malloc` for the size in bytes (`getelementptr` from null), and fills in a
// descriptor of identity strides.
// CHECK-LABEL: func.func @alloc
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg0 : index to i64
// CHECK-NEXT:    %[[V1:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V3:.*]] = llvm.mul %[[V0]], %[[V1]] : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V5:.*]] = llvm.getelementptr %[[V4]][%[[V3]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V6:.*]] = llvm.ptrtoint %[[V5]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V7:.*]] = llvm.call @malloc(%[[V6]]) : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V8:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.insertvalue %[[V7]], %[[V8]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V10:.*]] = llvm.insertvalue %[[V7]], %[[V9]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V12:.*]] = llvm.insertvalue %[[V11]], %[[V10]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = llvm.insertvalue %[[V1]], %[[V12]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V14:.*]] = llvm.insertvalue %[[V0]], %[[V13]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V15:.*]] = llvm.insertvalue %[[V0]], %[[V14]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V16:.*]] = llvm.insertvalue %[[V2]], %[[V15]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V17:.*]] = builtin.unrealized_conversion_cast %[[V16]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<4x?xf32>
// CHECK-NEXT:    return %[[V17]] : memref<4x?xf32>
func.func @alloc(%n: index) -> memref<4x?xf32> {
  %0 = memref.alloc(%n) : memref<4x?xf32>
  return %0 : memref<4x?xf32>
}

// An alignment, asked for or needed by a non-scalar element type, pads the allocation and
// rounds the aligned pointer up.
// CHECK-LABEL: func.func @alignment
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V1:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V3:.*]] = llvm.getelementptr %[[V2]][%[[V0]]] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.ptrtoint %[[V3]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V5:.*]] = llvm.mlir.constant(64 : index) : i64
// CHECK-NEXT:    %[[V6:.*]] = llvm.add %[[V4]], %[[V5]] : i64
// CHECK-NEXT:    %[[V7:.*]] = llvm.call @malloc(%[[V6]]) : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V8:.*]] = llvm.ptrtoint %[[V7]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V10:.*]] = llvm.sub %[[V5]], %[[V9]] : i64
// CHECK-NEXT:    %[[V11:.*]] = llvm.add %[[V8]], %[[V10]] : i64
// CHECK-NEXT:    %[[V12:.*]] = llvm.urem %[[V11]], %[[V5]]  : i64
// CHECK-NEXT:    %[[V13:.*]] = llvm.sub %[[V11]], %[[V12]] : i64
// CHECK-NEXT:    %[[V14:.*]] = llvm.inttoptr %[[V13]] : i64 to !llvm.ptr
// CHECK-NEXT:    %[[V15:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V16:.*]] = llvm.insertvalue %[[V7]], %[[V15]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V17:.*]] = llvm.insertvalue %[[V14]], %[[V16]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V18:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V19:.*]] = llvm.insertvalue %[[V18]], %[[V17]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V20:.*]] = llvm.insertvalue %[[V0]], %[[V19]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    llvm.insertvalue %[[V1]], %[[V20]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V22:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK-NEXT:    %[[V23:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V24:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V25:.*]] = llvm.getelementptr %[[V24]][%[[V22]]] : (!llvm.ptr, i64) -> !llvm.ptr, vector<4xf32>
// CHECK-NEXT:    %[[V26:.*]] = llvm.ptrtoint %[[V25]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V27:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V28:.*]] = llvm.getelementptr %[[V27]][1] : (!llvm.ptr) -> !llvm.ptr, vector<4xf32>
// CHECK-NEXT:    %[[V29:.*]] = llvm.ptrtoint %[[V28]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V30:.*]] = llvm.add %[[V26]], %[[V29]] : i64
// CHECK-NEXT:    %[[V31:.*]] = llvm.call @malloc(%[[V30]]) : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V32:.*]] = llvm.ptrtoint %[[V31]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V33:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V34:.*]] = llvm.sub %[[V29]], %[[V33]] : i64
// CHECK-NEXT:    %[[V35:.*]] = llvm.add %[[V32]], %[[V34]] : i64
// CHECK-NEXT:    %[[V36:.*]] = llvm.urem %[[V35]], %[[V29]]  : i64
// CHECK-NEXT:    %[[V37:.*]] = llvm.sub %[[V35]], %[[V36]] : i64
// CHECK-NEXT:    %[[V38:.*]] = llvm.inttoptr %[[V37]] : i64 to !llvm.ptr
// CHECK-NEXT:    %[[V39:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V40:.*]] = llvm.insertvalue %[[V31]], %[[V39]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V41:.*]] = llvm.insertvalue %[[V38]], %[[V40]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V42:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V43:.*]] = llvm.insertvalue %[[V42]], %[[V41]][2] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V44:.*]] = llvm.insertvalue %[[V22]], %[[V43]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    llvm.insertvalue %[[V23]], %[[V44]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    return
// ALIGNED-LABEL: func.func @alignment
// ALIGNED:         %[[A:.*]] = llvm.mlir.constant(64 : index) : i64
// ALIGNED-NEXT:    llvm.call @aligned_alloc(%[[A]], %{{.*}}) : (i64, i64) -> !llvm.ptr
// ALIGNED:         %[[B:.*]] = llvm.mlir.constant(16 : index) : i64
// ALIGNED-NEXT:    llvm.call @aligned_alloc(%[[B]], %{{.*}}) : (i64, i64) -> !llvm.ptr
func.func @alignment() {
  %0 = memref.alloc() {alignment = 64 : i64} : memref<8xi64>
  %1 = memref.alloc() : memref<2xvector<4xf32>>
  return
}

// `alloca` is an `llvm.alloca` of the element count.
// CHECK-LABEL: func.func @alloca
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg0 : index to i64
// CHECK-NEXT:    %[[V1:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V3:.*]] = llvm.mul %[[V1]], %[[V0]] : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.alloca %[[V3]] x f32 {alignment = 32 : i64} : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V5:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %[[V4]], %[[V5]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %[[V4]], %[[V6]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V9:.*]] = llvm.insertvalue %[[V8]], %[[V7]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V10:.*]] = llvm.insertvalue %[[V0]], %[[V9]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.insertvalue %[[V1]], %[[V10]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V12:.*]] = llvm.insertvalue %[[V1]], %[[V11]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.insertvalue %[[V2]], %[[V12]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V14:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V15:.*]] = llvm.alloca %[[V14]] x f64 : (i64) -> !llvm.ptr
// CHECK-NEXT:    %[[V16:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V17:.*]] = llvm.insertvalue %[[V15]], %[[V16]][0] : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V18:.*]] = llvm.insertvalue %[[V15]], %[[V17]][1] : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V19:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    llvm.insertvalue %[[V19]], %[[V18]][2] : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    return
func.func @alloca(%n: index) {
  %0 = memref.alloca(%n) {alignment = 32 : i64} : memref<?x2xf32>
  %1 = memref.alloca() : memref<f64>
  return
}

// `dealloc` frees the allocated pointer (for an unranked memref, read through its
// descriptor pointer).
// CHECK-LABEL: func.func @dealloc
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg1 : memref<*xf32> to !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<?xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.extractvalue %[[V1]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    llvm.call @free(%[[V2]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    %[[V3:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.load %[[V3]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    llvm.call @free(%[[V4]]) : (!llvm.ptr) -> ()
// CHECK-NEXT:    return
func.func @dealloc(%m: memref<?xf32>, %u: memref<*xf32>) {
  memref.dealloc %m : memref<?xf32>
  memref.dealloc %u : memref<*xf32>
  return
}

// Accesses compute the element address from the strides: static ones are constants, unit
// ones are left out; a static offset is a constant, a dynamic one read.
// CHECK-LABEL: func.func @load_store
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg2 : memref<4x4xf32, strided<[8, 1], offset: 3>> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg1 : memref<4x4xf32, strided<[?, 1], offset: ?>> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = builtin.unrealized_conversion_cast %arg4 : index to i64
// CHECK-NEXT:    %[[V3:.*]] = builtin.unrealized_conversion_cast %arg3 : index to i64
// CHECK-NEXT:    %[[V4:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<4x?xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.extractvalue %[[V4]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.extractvalue %[[V4]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.mul %[[V3]], %[[V6]] : i64
// CHECK-NEXT:    %[[V8:.*]] = llvm.add %[[V7]], %[[V2]] : i64
// CHECK-NEXT:    %[[V9:.*]] = llvm.getelementptr %[[V5]][%[[V8]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V10:.*]] = llvm.load %[[V9]] : !llvm.ptr -> f32
// CHECK-NEXT:    %[[V11:.*]] = llvm.extractvalue %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V12:.*]] = llvm.extractvalue %[[V1]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = llvm.getelementptr %[[V11]][%[[V12]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V14:.*]] = llvm.extractvalue %[[V1]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V15:.*]] = llvm.mul %[[V3]], %[[V14]] : i64
// CHECK-NEXT:    %[[V16:.*]] = llvm.add %[[V15]], %[[V2]] : i64
// CHECK-NEXT:    %[[V17:.*]] = llvm.getelementptr %[[V13]][%[[V16]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    llvm.load %[[V17]] {nontemporal} : !llvm.ptr -> f32
// CHECK-NEXT:    %[[V19:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V20:.*]] = llvm.mlir.constant(3 : index) : i64
// CHECK-NEXT:    %[[V21:.*]] = llvm.getelementptr %[[V19]][%[[V20]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V22:.*]] = llvm.mlir.constant(8 : index) : i64
// CHECK-NEXT:    %[[V23:.*]] = llvm.mul %[[V3]], %[[V22]] : i64
// CHECK-NEXT:    %[[V24:.*]] = llvm.add %[[V23]], %[[V2]] : i64
// CHECK-NEXT:    %[[V25:.*]] = llvm.getelementptr %[[V21]][%[[V24]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    llvm.store %[[V10]], %[[V25]] : f32, !llvm.ptr
// CHECK-NEXT:    return
func.func @load_store(%m: memref<4x?xf32>, %s: memref<4x4xf32, strided<[?, 1], offset: ?>>, %t: memref<4x4xf32, strided<[8, 1], offset: 3>>, %i: index, %j: index) {
  %0 = memref.load %m[%i, %j] : memref<4x?xf32>
  %1 = memref.load %s[%i, %j] {nontemporal = true} : memref<4x4xf32, strided<[?, 1], offset: ?>>
  memref.store %0, %t[%i, %j] : memref<4x4xf32, strided<[8, 1], offset: 3>>
  return
}

// `atomic_rmw` kinds LLVM's `atomicrmw` has map to it; the others stay.
// CHECK-LABEL: func.func @atomic
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg1 : index to i64
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<8xi32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.extractvalue %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.getelementptr %[[V2]][%[[V0]]] : (!llvm.ptr, i64) -> !llvm.ptr, i32
// CHECK-NEXT:    %[[V4:.*]] = llvm.atomicrmw max %[[V3]], %arg2 acq_rel : !llvm.ptr, i32
// CHECK-NEXT:    memref.atomic_rmw muli %arg2, %arg0[%arg1] : (i32, memref<8xi32>) -> i32
// CHECK-NEXT:    return %[[V4]] : i32
func.func @atomic(%m: memref<8xi32>, %i: index, %v: i32) -> i32 {
  %0 = memref.atomic_rmw maxs %v, %m[%i] : (i32, memref<8xi32>) -> i32
  %1 = memref.atomic_rmw muli %v, %m[%i] : (i32, memref<8xi32>) -> i32
  return %0 : i32
}

// Globals become `llvm.mlir.global`s of nested arrays: private unless public, undef when
// uninitialized, the element itself for rank 0.
// CHECK-LABEL: llvm.mlir.global private constant @table(dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>) {addr_space = 0 : i32} : !llvm.array<2 x array<3 x f32>>
memref.global "private" constant @table : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>

// CHECK-LABEL: llvm.mlir.global external @state() {addr_space = 0 : i32} : !llvm.array<4 x i32>
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.undef : !llvm.array<4 x i32>
// CHECK-NEXT:    llvm.return %[[V0]] : !llvm.array<4 x i32>
memref.global @state : memref<4xi32> = uninitialized

// CHECK-LABEL: llvm.mlir.global private @scalar(2.000000e+00 : f64) {addr_space = 0 : i32, alignment = 16 : i64} : f64
memref.global "private" @scalar : memref<f64> = dense<2.0> {alignment = 16 : i64}

// CHECK-LABEL: llvm.mlir.global private @external() {addr_space = 0 : i32} : !llvm.array<3 x i8>
memref.global "private" @external : memref<3xi8>

// `get_global` points a descriptor of static shape at the global; its allocated pointer is
// a never-freed `0xdeadbeef`.
// CHECK-LABEL: func.func @get_global
// CHECK-NEXT:    %[[V0:.*]] = llvm.mlir.constant(2 : index) : i64
// CHECK-NEXT:    %[[V1:.*]] = llvm.mlir.constant(3 : index) : i64
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(6 : index) : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V5:.*]] = llvm.getelementptr %[[V4]][%[[V3]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    llvm.ptrtoint %[[V5]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V7:.*]] = llvm.mlir.addressof @table : !llvm.ptr
// CHECK-NEXT:    %[[V8:.*]] = llvm.getelementptr %[[V7]][0, 0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<2 x array<3 x f32>>
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.constant(3735928559 : index) : i64
// CHECK-NEXT:    %[[V10:.*]] = llvm.inttoptr %[[V9]] : i64 to !llvm.ptr
// CHECK-NEXT:    %[[V11:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V12:.*]] = llvm.insertvalue %[[V10]], %[[V11]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = llvm.insertvalue %[[V8]], %[[V12]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V14:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V15:.*]] = llvm.insertvalue %[[V14]], %[[V13]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V16:.*]] = llvm.insertvalue %[[V0]], %[[V15]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V17:.*]] = llvm.insertvalue %[[V1]], %[[V16]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V18:.*]] = llvm.insertvalue %[[V1]], %[[V17]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V19:.*]] = llvm.insertvalue %[[V2]], %[[V18]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V20:.*]] = builtin.unrealized_conversion_cast %[[V19]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<2x3xf32>
// CHECK-NEXT:    return %[[V20]] : memref<2x3xf32>
func.func @get_global() -> memref<2x3xf32> {
  %0 = memref.get_global @table : memref<2x3xf32>
  return %0 : memref<2x3xf32>
}

// `dim` is a constant for a static size, the descriptor's size for a dynamic one, and read
// from memory for a runtime index or an unranked memref; `rank` likewise.
// CHECK-LABEL: func.func @dim_rank
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg1 : memref<*xf32> to !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg2 : index to i64
// CHECK-NEXT:    %[[V2:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<?x4xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    arith.constant 0 : index
// CHECK-NEXT:    arith.constant 1 : index
// CHECK-NEXT:    %[[V3:.*]] = llvm.extractvalue %[[V2]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = builtin.unrealized_conversion_cast %[[V3]] : i64 to index
// CHECK-NEXT:    %[[V5:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V6:.*]] = builtin.unrealized_conversion_cast %[[V5]] : i64 to index
// CHECK-NEXT:    %[[V7:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V8:.*]] = llvm.extractvalue %[[V2]][3] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.alloca %[[V7]] x !llvm.array<2 x i64> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V8]], %[[V9]] : !llvm.array<2 x i64>, !llvm.ptr
// CHECK-NEXT:    %[[V10:.*]] = llvm.getelementptr %[[V9]][0, %[[V1]]] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.array<2 x i64>
// CHECK-NEXT:    %[[V11:.*]] = llvm.load %[[V10]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[V12:.*]] = builtin.unrealized_conversion_cast %[[V11]] : i64 to index
// CHECK-NEXT:    %[[V13:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V14:.*]] = llvm.getelementptr %[[V13]][0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V15:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V16:.*]] = llvm.add %[[V15]], %[[V1]] : i64
// CHECK-NEXT:    %[[V17:.*]] = llvm.getelementptr %[[V14]][%[[V16]]] : (!llvm.ptr, i64) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[V18:.*]] = llvm.load %[[V17]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[V19:.*]] = builtin.unrealized_conversion_cast %[[V18]] : i64 to index
// CHECK-NEXT:    %[[V20:.*]] = llvm.extractvalue %[[V0]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V21:.*]] = builtin.unrealized_conversion_cast %[[V20]] : i64 to index
// CHECK-NEXT:    return %[[V4]], %[[V6]], %[[V12]], %[[V19]], %[[V21]] : index, index, index, index, index
func.func @dim_rank(%m: memref<?x4xf32>, %u: memref<*xf32>, %i: index) -> (index, index, index, index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %0 = memref.dim %m, %c0 : memref<?x4xf32>
  %1 = memref.dim %m, %c1 : memref<?x4xf32>
  %2 = memref.dim %m, %i : memref<?x4xf32>
  %3 = memref.dim %u, %i : memref<*xf32>
  %4 = memref.rank %u : memref<*xf32>
  return %0, %1, %2, %3, %4 : index, index, index, index, index
}

// Ranked casts keep the descriptor; to unranked, it goes to the stack with its rank; from
// unranked, it is loaded.
// CHECK-LABEL: func.func @casts
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg1 : memref<*xf32> to !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<4xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = builtin.unrealized_conversion_cast %[[V1]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<?xf32>
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.alloca %[[V3]] x !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V1]], %[[V4]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>, !llvm.ptr
// CHECK-NEXT:    %[[V5:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V6:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %[[V5]], %[[V6]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.insertvalue %[[V4]], %[[V7]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V9:.*]] = builtin.unrealized_conversion_cast %[[V8]] : !llvm.struct<(i64, ptr)> to memref<*xf32>
// CHECK-NEXT:    %[[V10:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.load %[[V10]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V12:.*]] = builtin.unrealized_conversion_cast %[[V11]] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)> to memref<4xf32>
// CHECK-NEXT:    return %[[V2]], %[[V9]], %[[V12]] : memref<?xf32>, memref<*xf32>, memref<4xf32>
func.func @casts(%m: memref<4xf32>, %u: memref<*xf32>) -> (memref<?xf32>, memref<*xf32>, memref<4xf32>) {
  %0 = memref.cast %m : memref<4xf32> to memref<?xf32>
  %1 = memref.cast %m : memref<4xf32> to memref<*xf32>
  %2 = memref.cast %u : memref<*xf32> to memref<4xf32>
  return %0, %1, %2 : memref<?xf32>, memref<*xf32>, memref<4xf32>
}

// `reinterpret_cast` rebuilds the descriptor from the source's pointers.
// CHECK-LABEL: func.func @reinterpret_cast
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg1 : index to i64
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<?xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.extractvalue %[[V1]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.extractvalue %[[V1]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %[[V3]], %[[V2]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.insertvalue %[[V4]], %[[V5]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %[[V0]], %[[V6]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.insertvalue %[[V0]], %[[V7]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V10:.*]] = llvm.insertvalue %[[V9]], %[[V8]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V12:.*]] = llvm.insertvalue %[[V11]], %[[V10]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V14:.*]] = llvm.insertvalue %[[V13]], %[[V12]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V15:.*]] = builtin.unrealized_conversion_cast %[[V14]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<?x4xf32, strided<[4, 1], offset: ?>>
// CHECK-NEXT:    return %[[V15]] : memref<?x4xf32, strided<[4, 1], offset: ?>>
func.func @reinterpret_cast(%m: memref<?xf32>, %n: index) -> memref<?x4xf32, strided<[4, 1], offset: ?>> {
  %0 = memref.reinterpret_cast %m to offset: [%n], sizes: [%n, 4], strides: [4, 1] : memref<?xf32> to memref<?x4xf32, strided<[4, 1], offset: ?>>
  return %0 : memref<?x4xf32, strided<[4, 1], offset: ?>>
}

// `view` offsets the aligned pointer by the byte shift; sizes and strides follow the type.
// CHECK-LABEL: func.func @view
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg2 : index to i64
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg1 : index to i64
// CHECK-NEXT:    %[[V2:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<2048xi8> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.extractvalue %[[V2]][0] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %[[V4]], %[[V3]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.extractvalue %[[V2]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V7:.*]] = llvm.getelementptr %[[V6]][%[[V1]]] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// CHECK-NEXT:    %[[V8:.*]] = llvm.insertvalue %[[V7]], %[[V5]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V10:.*]] = llvm.insertvalue %[[V9]], %[[V8]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V11:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V12:.*]] = llvm.insertvalue %[[V11]], %[[V10]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V14:.*]] = llvm.insertvalue %[[V13]], %[[V12]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V15:.*]] = llvm.insertvalue %[[V0]], %[[V14]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V16:.*]] = llvm.mlir.constant(4 : index) : i64
// CHECK-NEXT:    %[[V17:.*]] = llvm.insertvalue %[[V16]], %[[V15]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V18:.*]] = builtin.unrealized_conversion_cast %[[V17]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<?x4xf32>
// CHECK-NEXT:    return %[[V18]] : memref<?x4xf32>
func.func @view(%buf: memref<2048xi8>, %shift: index, %n: index) -> memref<?x4xf32> {
  %0 = memref.view %buf[%shift][%n] : memref<2048xi8> to memref<?x4xf32>
  return %0 : memref<?x4xf32>
}

// Contiguous copies are `memcpy`s; others go through `memrefCopy` on unranked descriptors
// saved on the stack.
// CHECK-LABEL: func.func @copy
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg3 : memref<4x4xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = builtin.unrealized_conversion_cast %arg2 : memref<4x4xf32, strided<[8, 1], offset: ?>> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = builtin.unrealized_conversion_cast %arg1 : memref<4x?xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<4x?xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V5:.*]] = llvm.extractvalue %[[V3]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.mul %[[V4]], %[[V5]] : i64
// CHECK-NEXT:    %[[V7:.*]] = llvm.extractvalue %[[V3]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.mul %[[V6]], %[[V7]] : i64
// CHECK-NEXT:    %[[V9:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V10:.*]] = llvm.getelementptr %[[V9]][1] : (!llvm.ptr) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V11:.*]] = llvm.ptrtoint %[[V10]] : !llvm.ptr to i64
// CHECK-NEXT:    llvm.mul %[[V8]], %[[V11]] : i64
// CHECK-NEXT:    %[[V13:.*]] = llvm.extractvalue %[[V3]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V14:.*]] = llvm.extractvalue %[[V3]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.getelementptr %[[V13]][%[[V14]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V16:.*]] = llvm.extractvalue %[[V2]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V17:.*]] = llvm.extractvalue %[[V2]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.getelementptr %[[V16]][%[[V17]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:    "llvm.intr.memcpy"(%18, %15, %12) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK-NEXT:    %[[V19:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT:    %[[V20:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-NEXT:    %[[V21:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V22:.*]] = llvm.alloca %[[V21]] x !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V1]], %[[V22]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, !llvm.ptr
// CHECK-NEXT:    %[[V23:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V24:.*]] = llvm.insertvalue %[[V20]], %[[V23]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V25:.*]] = llvm.insertvalue %[[V22]], %[[V24]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V26:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK-NEXT:    %[[V27:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V28:.*]] = llvm.alloca %[[V27]] x !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V0]], %[[V28]] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, !llvm.ptr
// CHECK-NEXT:    %[[V29:.*]] = llvm.mlir.undef : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V30:.*]] = llvm.insertvalue %[[V26]], %[[V29]][0] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V31:.*]] = llvm.insertvalue %[[V28]], %[[V30]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[V32:.*]] = llvm.mlir.constant(1 : index) : i64
// CHECK-NEXT:    %[[V33:.*]] = llvm.alloca %[[V32]] x !llvm.struct<(i64, ptr)> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V25]], %[[V33]] : !llvm.struct<(i64, ptr)>, !llvm.ptr
// CHECK-NEXT:    %[[V34:.*]] = llvm.alloca %[[V32]] x !llvm.struct<(i64, ptr)> : (i64) -> !llvm.ptr
// CHECK-NEXT:    llvm.store %[[V31]], %[[V34]] : !llvm.struct<(i64, ptr)>, !llvm.ptr
// CHECK-NEXT:    %[[V35:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK-NEXT:    %[[V36:.*]] = llvm.getelementptr %[[V35]][1] : (!llvm.ptr) -> !llvm.ptr, f32
// CHECK-NEXT:    %[[V37:.*]] = llvm.ptrtoint %[[V36]] : !llvm.ptr to i64
// CHECK-NEXT:    llvm.call @memrefCopy(%[[V37]], %[[V33]], %[[V34]]) : (i64, !llvm.ptr, !llvm.ptr) -> ()
// CHECK-NEXT:    llvm.intr.stackrestore %[[V19]] : !llvm.ptr
// CHECK-NEXT:    return
func.func @copy(%a: memref<4x?xf32>, %b: memref<4x?xf32>, %s: memref<4x4xf32, strided<[8, 1], offset: ?>>, %t: memref<4x4xf32>) {
  memref.copy %a, %b : memref<4x?xf32> to memref<4x?xf32>
  memref.copy %s, %t : memref<4x4xf32, strided<[8, 1], offset: ?>> to memref<4x4xf32>
  return
}

// `assume_alignment` is an `llvm.intr.assume` on the aligned pointer's low bits.
// CHECK-LABEL: func.func @assume_alignment
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<8xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.constant(15 : index) : i64
// CHECK-NEXT:    %[[V4:.*]] = llvm.ptrtoint %[[V1]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[V5:.*]] = llvm.and %[[V4]], %[[V3]]  : i64
// CHECK-NEXT:    %[[V6:.*]] = llvm.icmp "eq" %[[V5]], %[[V2]] : i64
// CHECK-NEXT:    "llvm.intr.assume"(%[[V6]]) : (i1) -> ()
// CHECK-NEXT:    return
func.func @assume_alignment(%m: memref<8xf32>) {
  memref.assume_alignment %m, 16 : memref<8xf32>
  return
}

// `extract_aligned_pointer_as_index` is the aligned pointer as an integer, read from the
// descriptor, or from the ranked descriptor an unranked one points to.
// CHECK-LABEL: func.func @aligned_pointer
// CHECK-NEXT:    %[[U:.*]] = builtin.unrealized_conversion_cast %arg1 : memref<*xf32> to !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[D:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<4x?xf32, strided<[?, 1], offset: ?>> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[P0:.*]] = llvm.extractvalue %[[D]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[I0:.*]] = llvm.ptrtoint %[[P0]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[R0:.*]] = builtin.unrealized_conversion_cast %[[I0]] : i64 to index
// CHECK-NEXT:    %[[DP:.*]] = llvm.extractvalue %[[U]][1] : !llvm.struct<(i64, ptr)>
// CHECK-NEXT:    %[[F1:.*]] = llvm.getelementptr %[[DP]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK-NEXT:    %[[P1:.*]] = llvm.load %[[F1]] : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[I1:.*]] = llvm.ptrtoint %[[P1]] : !llvm.ptr to i64
// CHECK-NEXT:    %[[R1:.*]] = builtin.unrealized_conversion_cast %[[I1]] : i64 to index
// CHECK-NEXT:    return %[[R0]], %[[R1]] : index, index
func.func @aligned_pointer(%m: memref<4x?xf32, strided<[?, 1], offset: ?>>, %u: memref<*xf32>) -> (index, index) {
  %0 = memref.extract_aligned_pointer_as_index %m : memref<4x?xf32, strided<[?, 1], offset: ?>> -> index
  %1 = memref.extract_aligned_pointer_as_index %u : memref<*xf32> -> index
  return %0, %1 : index, index
}

// `extract_strided_metadata` reads the descriptor; the base buffer is a rank-0 descriptor.
// CHECK-LABEL: func.func @metadata
// CHECK-NEXT:    %[[V0:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<?x?xf32, strided<[?, ?], offset: ?>> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V1:.*]] = llvm.extractvalue %[[V0]][0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V2:.*]] = llvm.extractvalue %[[V0]][1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V3:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V4:.*]] = llvm.insertvalue %[[V1]], %[[V3]][0] : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V5:.*]] = llvm.insertvalue %[[V2]], %[[V4]][1] : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V6:.*]] = llvm.mlir.constant(0 : index) : i64
// CHECK-NEXT:    %[[V7:.*]] = llvm.insertvalue %[[V6]], %[[V5]][2] : !llvm.struct<(ptr, ptr, i64)>
// CHECK-NEXT:    %[[V8:.*]] = llvm.extractvalue %[[V0]][2] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.extractvalue %[[V0]][3, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.extractvalue %[[V0]][3, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    llvm.extractvalue %[[V0]][4, 0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V12:.*]] = llvm.extractvalue %[[V0]][4, 1] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK-NEXT:    %[[V13:.*]] = builtin.unrealized_conversion_cast %[[V7]] : !llvm.struct<(ptr, ptr, i64)> to memref<f32>
// CHECK-NEXT:    %[[V14:.*]] = builtin.unrealized_conversion_cast %[[V8]] : i64 to index
// CHECK-NEXT:    %[[V15:.*]] = builtin.unrealized_conversion_cast %[[V12]] : i64 to index
// CHECK-NEXT:    return %[[V13]], %[[V14]], %[[V15]] : memref<f32>, index, index
func.func @metadata(%m: memref<?x?xf32, strided<[?, ?], offset: ?>>) -> (memref<f32>, index, index) {
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %m : memref<?x?xf32, strided<[?, ?], offset: ?>> -> memref<f32>, index, index, index, index, index
  return %base, %offset, %strides#1 : memref<f32>, index, index
}

// As in MLIR 19, views that `expand-strided-metadata` should have expanded stay.
// CHECK-LABEL: func.func @left_alone
// CHECK-NEXT:    memref.subview %arg0[%arg1, 2] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: ?>>
// CHECK-NEXT:    %[[Vexpand_shape:.*]] = memref.expand_shape %arg0 [[0, 1], [2]] output_shape [2, 4, 16] : memref<8x16xf32> into memref<2x4x16xf32>
// CHECK-NEXT:    return %[[Vexpand_shape]] : memref<2x4x16xf32>

func.func @left_alone(%m: memref<8x16xf32>, %i: index) -> memref<2x4x16xf32> {
  %0 = memref.subview %m[%i, 2] [4, 4] [1, 1] : memref<8x16xf32> to memref<4x4xf32, strided<[16, 1], offset: ?>>
  %1 = memref.expand_shape %m [[0, 1], [2]] output_shape [2, 4, 16] : memref<8x16xf32> into memref<2x4x16xf32>
  return %1 : memref<2x4x16xf32>
}
