// RUN: mlc-opt %s --convert-func-to-llvm | filecheck %s
// RUN: mlc-opt %s --convert-func-to-llvm=index-bitwidth=32 | filecheck %s --check-prefix=INDEX32

// The type conversion every conversion to the llvm dialect shares, seen through function
// signatures: signed and unsigned integers become signless, `index` an integer of the index
// bitwidth, 8-bit floats `i8` (other floats stay, even those LLVM lacks, as in MLIR 19).
// CHECK-LABEL: llvm.func @integers(i8, i32, i1, i64) -> i129
// INDEX32-LABEL: llvm.func @integers(i8, i32, i1, i32) -> i129
func.func private @integers(si8, ui32, i1, index) -> i129
// CHECK-LABEL: llvm.func @floats(i8, bf16, f80, tf32) -> f128
func.func private @floats(f8E4M3FN, bf16, f80, tf32) -> f128

// Complex numbers are structs of two parts.
// CHECK-LABEL: llvm.func @complex(!llvm.struct<(f32, f32)>) -> !llvm.struct<(f64, f64)>
func.func private @complex(complex<f32>) -> complex<f64>

// Vectors stay 1-D vectors: a 0-D one gets one element, n-D ones become arrays of their
// innermost 1-D vectors (which alone may be scalable).
// CHECK-LABEL: llvm.func @vectors(vector<1xf32>, vector<4xi64>, vector<[4]xf32>, !llvm.array<2 x vector<[4]xf32>>) -> !llvm.array<2 x array<3 x vector<4xi8>>>
// INDEX32-LABEL: llvm.func @vectors(vector<1xf32>, vector<4xi32>,
func.func private @vectors(vector<f32>, vector<4xindex>, vector<[4]xf32>, vector<2x[4]xf32>) -> vector<2x3x4xi8>

// Function values are pointers; llvm types holding builtin ones are converted inside.
// CHECK-LABEL: llvm.func @functions(!llvm.ptr, !llvm.struct<(i64, i32)>, !llvm.array<2 x i64>) -> !llvm.ptr
func.func private @functions((i32) -> i32, !llvm.struct<(index, i32)>, !llvm.array<2 x index>) -> !llvm.ptr

// Memref arguments become the fields of their descriptors (pointers in the memory space's
// address space), an unranked one its rank and a pointer; a memref result is the descriptor
// struct itself, whatever the element type.
// CHECK-LABEL: llvm.func @memrefs(!llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, !llvm.ptr<5>, !llvm.ptr<5>, i64, i64, i64, i64, !llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64) -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// INDEX32-LABEL: llvm.func @memrefs(!llvm.ptr, !llvm.ptr, i32,
func.func private @memrefs(memref<f32>, memref<4x?xf32, strided<[?, 1], offset: 2>>, memref<4xf32, 5>, memref<*xi8, 3>, memref<2xmemref<4xf32>>) -> memref<4xindex>

// A type with no conversion (a scalable dimension not innermost, a tuple) leaves the
// function alone.
// CHECK-LABEL: func.func private @unconvertible(vector<[2]x4xf32>) -> tuple<i32>
func.func private @unconvertible(vector<[2]x4xf32>) -> tuple<i32>
