// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// `llvm.intr.*` ops are calls to `@llvm.*` intrinsics, named with their overloaded types
// and declared (once, at the end of the module, in order of first use) with LLVM's
// attributes. Immediate properties become `immarg` arguments.

// CHECK-LABEL: define void @math(float %0, <4 x double> %1, i32 %2, half %3)
llvm.func @math(%f: f32, %v: vector<4xf64>, %i: i32, %h: f16) {
  // CHECK-NEXT: call float @llvm.fma.f32(float %0, float %0, float %0)
  %0 = llvm.intr.fma(%f, %f, %f) : (f32, f32, f32) -> f32
  // CHECK-NEXT: call contract <4 x double> @llvm.fmuladd.v4f64(<4 x double> %1, <4 x double> %1, <4 x double> %1)
  %1 = llvm.intr.fmuladd(%v, %v, %v) {fastmathFlags = #llvm.fastmath<contract>} : (vector<4xf64>, vector<4xf64>, vector<4xf64>) -> vector<4xf64>
  // CHECK-NEXT: call half @llvm.sqrt.f16(half %3)
  %2 = llvm.intr.sqrt(%h) : (f16) -> f16
  // CHECK-NEXT: call afn float @llvm.exp.f32(float %0)
  %3 = llvm.intr.exp(%f) {fastmathFlags = #llvm.fastmath<afn>} : (f32) -> f32
  // CHECK-NEXT: call float @llvm.powi.f32.i32(float %0, i32 %2)
  %4 = llvm.intr.powi(%f, %i) : (f32, i32) -> f32
  // CHECK-NEXT: call float @llvm.maximum.f32(float %0, float %0)
  %5 = llvm.intr.maximum(%f, %f) : (f32, f32) -> f32
  // CHECK-NEXT: call float @llvm.copysign.f32(float %0, float %0)
  %6 = llvm.intr.copysign(%f, %f) : (f32, f32) -> f32
  // CHECK-NEXT: call i32 @llvm.smax.i32(i32 %2, i32 %2)
  %7 = llvm.intr.smax(%i, %i) : (i32, i32) -> i32
  // CHECK-NEXT: call i32 @llvm.abs.i32(i32 %2, i1 true)
  %8 = "llvm.intr.abs"(%i) <{is_int_min_poison = true}> : (i32) -> i32
  // CHECK-NEXT: call i32 @llvm.ctlz.i32(i32 %2, i1 false)
  %9 = "llvm.intr.ctlz"(%i) <{is_zero_poison = false}> : (i32) -> i32
  // CHECK-NEXT: call i32 @llvm.ctpop.i32(i32 %2)
  %10 = llvm.intr.ctpop(%i) : (i32) -> i32
  // CHECK-NEXT: call float @llvm.fma.f32(float %0, float %0, float %0)
  %11 = llvm.intr.fma(%f, %f, %f) : (f32, f32, f32) -> f32
  llvm.return
}

// CHECK-LABEL: define void @memory(ptr %0, ptr %1, i64 %2, i8 %3, <4 x i1> %4, <4 x float> %5)
llvm.func @memory(%p: !llvm.ptr, %q: !llvm.ptr, %n: i64, %b: i8, %m: vector<4xi1>, %v: vector<4xf32>) {
  // CHECK-NEXT: call void @llvm.memcpy.p0.p0.i64(ptr %0, ptr %1, i64 %2, i1 false)
  "llvm.intr.memcpy"(%p, %q, %n) <{isVolatile = false}> : (!llvm.ptr, !llvm.ptr, i64) -> ()
  // CHECK-NEXT: call void @llvm.memset.p0.i64(ptr %0, i8 %3, i64 %2, i1 true)
  "llvm.intr.memset"(%p, %b, %n) <{isVolatile = true}> : (!llvm.ptr, i8, i64) -> ()
  // A masked load without a pass-through value passes poison.
  // CHECK-NEXT: call <4 x float> @llvm.masked.load.v4f32.p0(ptr %0, i32 4, <4 x i1> %4, <4 x float> poison)
  %0 = llvm.intr.masked.load %p, %m {alignment = 4 : i32} : (!llvm.ptr, vector<4xi1>) -> vector<4xf32>
  // CHECK-NEXT: call void @llvm.masked.store.v4f32.p0(<4 x float> %5, ptr %0, i32 16, <4 x i1> %4)
  llvm.intr.masked.store %v, %p, %m {alignment = 16 : i32} : vector<4xf32>, vector<4xi1> into !llvm.ptr
  llvm.return
}

// CHECK-LABEL: define float @reductions(<4 x float> %0, <4 x i32> %1, float %2)
llvm.func @reductions(%v: vector<4xf32>, %w: vector<4xi32>, %s: f32) -> f32 {
  // CHECK-NEXT: call reassoc float @llvm.vector.reduce.fadd.v4f32(float %2, <4 x float> %0)
  %0 = "llvm.intr.vector.reduce.fadd"(%s, %v) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<4xf32>) -> f32
  // CHECK-NEXT: call i32 @llvm.vector.reduce.umin.v4i32(<4 x i32> %1)
  %1 = "llvm.intr.vector.reduce.umin"(%w) : (vector<4xi32>) -> i32
  // CHECK-NEXT: call float @llvm.vector.reduce.fmaximum.v4f32(<4 x float> %0)
  %2 = llvm.intr.vector.reduce.fmaximum(%v) : (vector<4xf32>) -> f32
  llvm.return %0 : f32
}

// CHECK: ; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
// CHECK-NEXT: declare float @llvm.fma.f32(float, float, float) #[[PURE:[0-9]+]]
// CHECK-NOT: @llvm.fma.f32
// CHECK: declare i32 @llvm.abs.i32(i32, i1 immarg) #[[PURE]]
// CHECK: ; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
// CHECK-NEXT: declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #[[COPY:[0-9]+]]
// CHECK: declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg)
// CHECK: ; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: read)
// CHECK-NEXT: declare <4 x float> @llvm.masked.load.v4f32.p0(ptr nocapture, i32 immarg, <4 x i1>, <4 x float>)
// CHECK: declare void @llvm.masked.store.v4f32.p0(<4 x float>, ptr nocapture, i32 immarg, <4 x i1>)
// CHECK: declare float @llvm.vector.reduce.fadd.v4f32(float, <4 x float>) #[[PURE]]
// CHECK: attributes #[[PURE]] = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
// CHECK: attributes #[[COPY]] = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }
