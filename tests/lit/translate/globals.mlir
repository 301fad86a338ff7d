// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// Globals: linkage, visibility, constness, address space, thread-local, section and
// alignment; initializers from a value (dense elements, strings, complex numbers) or from a
// region folded to a constant. A global with no value gets `undef`, unless it is external
// (a declaration) or extern_weak.

// CHECK: @str = internal constant [6 x i8] c"hello\00"
llvm.mlir.global internal constant @str("hello\00") {addr_space = 0 : i32}
// CHECK-NEXT: @bytes = private global [4 x i8] c"\01\02\00A"
llvm.mlir.global private @bytes(dense<[1, 2, 0, 65]> : tensor<4xi8>) {addr_space = 0 : i32} : !llvm.array<4 x i8>
// CHECK-NEXT: @zeros = private global [2 x [3 x float]] zeroinitializer
llvm.mlir.global private @zeros(dense<0.0> : tensor<2x3xf32>) {addr_space = 0 : i32} : !llvm.array<2 x array<3 x f32>>
// CHECK-NEXT: @matrix = private global [2 x [2 x float]] {{\[}}[2 x float] [float 1.000000e+00, float 0x3FB99999A0000000], [2 x float] [float -0.000000e+00, float 1.000000e+10]]
llvm.mlir.global private @matrix(dense<[[1.0, 0.1], [-0.0, 1.0e10]]> : tensor<2x2xf32>) {addr_space = 0 : i32} : !llvm.array<2 x array<2 x f32>>
// CHECK-NEXT: @doubles = private global [2 x double] [double 1.000000e-01, double 0x400921FB54442D18]
llvm.mlir.global private @doubles(dense<[0.1, 3.141592653589793]> : tensor<2xf64>) {addr_space = 0 : i32} : !llvm.array<2 x f64>
// CHECK-NEXT: @halves = private global [2 x half] [half 0xH2E66, half 0xH3E00]
llvm.mlir.global private @halves(dense<[0.1, 1.5]> : tensor<2xf16>) {addr_space = 0 : i32} : !llvm.array<2 x f16>
// CHECK-NEXT: @splat = private global <4 x i32> <i32 7, i32 7, i32 7, i32 7>
llvm.mlir.global private @splat(dense<7> : vector<4xi32>) {addr_space = 0 : i32} : vector<4xi32>
// CHECK-NEXT: @bools = private global [2 x i1] [i1 true, i1 false]
llvm.mlir.global private @bools(dense<[true, false]> : tensor<2xi1>) {addr_space = 0 : i32} : !llvm.array<2 x i1>
// CHECK-NEXT: @complex = private global { float, float } { float 1.000000e+00, float 2.000000e+00 }
llvm.mlir.global private @complex([1.0 : f32, 2.0 : f32]) {addr_space = 0 : i32} : !llvm.struct<(f32, f32)>
// CHECK-NEXT: @scalar = private global i16 -3
llvm.mlir.global private @scalar(-3 : i16) {addr_space = 0 : i32} : i16
// CHECK-NEXT: @ext = external global i32
llvm.mlir.global external @ext() {addr_space = 0 : i32} : i32
// CHECK-NEXT: @weak = weak global i32 undef
llvm.mlir.global weak @weak() {addr_space = 0 : i32} : i32
// CHECK-NEXT: @maybe = extern_weak global i32
llvm.mlir.global extern_weak @maybe() {addr_space = 0 : i32} : i32
// CHECK-NEXT: @common = common global i32 0
llvm.mlir.global common @common(0 : i32) {addr_space = 0 : i32} : i32
// CHECK-NEXT: @attrs = linkonce_odr hidden unnamed_addr constant i32 1, section "data.mine", align 16
llvm.mlir.global linkonce_odr hidden unnamed_addr constant @attrs(1 : i32) {addr_space = 0 : i32, alignment = 16 : i64, section = "data.mine"} : i32
// CHECK-NEXT: @tls = internal thread_local global i32 1
llvm.mlir.global internal thread_local @tls(1 : i32) {addr_space = 0 : i32} : i32
// CHECK-NEXT: @local = dso_local addrspace(3) global i32 1
llvm.mlir.global external @local(1 : i32) {addr_space = 3 : i32, dso_local} : i32
// CHECK-NEXT: @region = internal global { i32, float, ptr } { i32 5, float undef, ptr @ext }
llvm.mlir.global internal @region() {addr_space = 0 : i32} : !llvm.struct<(i32, f32, ptr)> {
  %0 = llvm.mlir.undef : !llvm.struct<(i32, f32, ptr)>
  %1 = llvm.mlir.constant(5 : i32) : i32
  %2 = llvm.insertvalue %1, %0[0] : !llvm.struct<(i32, f32, ptr)>
  %3 = llvm.mlir.addressof @ext : !llvm.ptr
  %4 = llvm.insertvalue %3, %2[2] : !llvm.struct<(i32, f32, ptr)>
  llvm.return %4 : !llvm.struct<(i32, f32, ptr)>
}
// CHECK-NEXT: @zero_struct = internal global { i32, float } zeroinitializer
llvm.mlir.global internal @zero_struct() {addr_space = 0 : i32} : !llvm.struct<(i32, f32)> {
  %0 = llvm.mlir.zero : !llvm.struct<(i32, f32)>
  llvm.return %0 : !llvm.struct<(i32, f32)>
}
// An address computed from constants is a constant expression.
// CHECK-NEXT: @address = internal global ptr getelementptr (i32, ptr @ext, i32 2)
llvm.mlir.global internal @address() {addr_space = 0 : i32} : !llvm.ptr {
  %0 = llvm.mlir.addressof @ext : !llvm.ptr
  %1 = llvm.getelementptr %0[2] : (!llvm.ptr) -> !llvm.ptr, i32
  llvm.return %1 : !llvm.ptr
}
