// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// The llvm dialect's types: `!llvm.` at the top level, stripped inside another llvm type,
// builtin types inside keep their syntax. A struct refers to an enclosing identified struct
// by name. Type aliases are resolved: mlir-opt prints none for llvm types.

!descriptor = !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>

// CHECK-LABEL: func.func private @pointers(!llvm.ptr, !llvm.ptr<1>, !llvm.ptr, !llvm.ptr<4294967295>)
func.func private @pointers(!llvm.ptr, !llvm.ptr<1>, !llvm.ptr<0>, !llvm.ptr<4294967295>)

// CHECK-LABEL: func.func private @void(!llvm.void)
func.func private @void(!llvm.void)

// CHECK-LABEL: func.func private @arrays(!llvm.array<4 x f32>, !llvm.array<0 x i8>, !llvm.array<2 x array<3 x vector<4xf32>>>, !llvm.array<2 x ptr>)
func.func private @arrays(!llvm.array<4 x f32>, !llvm.array<0 x i8>, !llvm.array<2 x array<3 x vector<4xf32>>>, !llvm.array<2 x !llvm.ptr>)

// CHECK-LABEL: func.func private @literal_structs(!llvm.struct<()>, !llvm.struct<(i32, f32)>, !llvm.struct<packed (i8, i32)>, !llvm.struct<packed ()>, !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>)
func.func private @literal_structs(!llvm.struct<()>, !llvm.struct<(i32,f32)>, !llvm.struct<packed (i8, i32)>, !llvm.struct<packed()>, !descriptor)

// CHECK-LABEL: func.func private @identified_structs(!llvm.struct<"named", (i32, ptr)>, !llvm.struct<"empty", ()>, !llvm.struct<"packed", packed (i8)>, !llvm.struct<"opaque", opaque>)
func.func private @identified_structs(!llvm.struct<"named", (i32, ptr)>, !llvm.struct<"empty", ()>, !llvm.struct<"packed", packed (i8)>, !llvm.struct<"opaque", opaque>)

// CHECK-LABEL: func.func private @recursive_structs(!llvm.struct<"list", (ptr, struct<"list">)>, !llvm.struct<"tree", (struct<"leaf", (struct<"tree">, i32)>, f64)>)
func.func private @recursive_structs(!llvm.struct<"list", (ptr, struct<"list">)>, !llvm.struct<"tree", (struct<"leaf", (struct<"tree">, i32)>, f64)>)

// CHECK-LABEL: func.func private @functions(!llvm.func<void ()>, !llvm.func<i32 (ptr, ...)>, !llvm.func<i32 (...)>, !llvm.func<struct<(i32, f32)> (array<2 x i64>, ptr<1>)>)
func.func private @functions(!llvm.func<void ()>, !llvm.func<i32 (ptr, ...)>, !llvm.func<i32 (...)>, !llvm.func<struct<(i32, f32)> (array<2 x i64>, !llvm.ptr<1>)>)

// CHECK-LABEL: func.func private @in_builtin_types(tensor<2x!llvm.struct<(i32)>>) -> !llvm.ptr attributes {llvm.type = !llvm.array<2 x ptr>}
func.func private @in_builtin_types(tensor<2x!llvm.struct<(i32)>>) -> !llvm.ptr attributes {llvm.type = !llvm.array<2 x ptr>}

