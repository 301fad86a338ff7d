// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// Functions and calls: declarations, linkage, visibility, calling conventions, function,
// argument and result attributes (attribute groups list kinds before string attributes),
// and the call forms (direct, indirect, variadic, tail, with fast-math flags).
// `llvm.emit_c_interface` and other discardable attributes leave no trace in LLVM IR.

// CHECK: declare i32 @printf(ptr, ...)
llvm.func @printf(!llvm.ptr, ...) -> i32

// CHECK: declare extern_weak noalias dereferenceable_or_null(4) ptr @maybe(ptr writeonly)
llvm.func extern_weak @maybe(!llvm.ptr {llvm.writeonly}) -> (!llvm.ptr {llvm.noalias, llvm.dereferenceable_or_null = 4 : i64})

// CHECK: ; Function Attrs: convergent noinline nounwind willreturn
// CHECK-NEXT: define internal zeroext i32 @attributes(ptr noalias nocapture align 16 %0, i32 noundef signext %1) #[[A:[0-9]+]] section ".text.a" align 32 gc "shadow-stack" !prof ![[P:[0-9]+]] {
llvm.func internal @attributes(%p: !llvm.ptr {llvm.noalias, llvm.nocapture, llvm.align = 16 : i64}, %x: i32 {llvm.signext, llvm.noundef}) -> (i32 {llvm.zeroext}) attributes {no_inline, no_unwind, will_return, convergent, target_cpu = "skylake", unsafe_fp_math = true, fp_contract = "fast", section = ".text.a", alignment = 32 : i64, garbageCollector = "shadow-stack", function_entry_count = 42 : i64, llvm.emit_c_interface} {
  llvm.return %x : i32
}

// CHECK: ; Function Attrs: alwaysinline mustprogress alignstack(16) uwtable
// CHECK-NEXT: define hidden void @passthrough() local_unnamed_addr #[[B:[0-9]+]] {
llvm.func hidden local_unnamed_addr @passthrough() attributes {always_inline, passthrough = ["mustprogress", ["uwtable", "2"], ["alignstack", "16"], "foo", ["bar", "baz"]]} {
  llvm.return
}

// CHECK: define protected fastcc void @by_value(ptr nonnull readonly byval(i32) dereferenceable(8) %0) unnamed_addr {
llvm.func protected unnamed_addr fastcc @by_value(%p: !llvm.ptr {llvm.byval = i32, llvm.nonnull, llvm.dereferenceable = 8 : i64, llvm.readonly}) {
  llvm.return
}

// CHECK: define weak_odr dso_local void @linkage() {
llvm.func weak_odr @linkage() attributes {dso_local} {
  llvm.return
}

// CHECK-LABEL: define float @calls(ptr %0, float %1)
llvm.func @calls(%fp: !llvm.ptr, %x: f32) -> f32 {
  // CHECK-NEXT: %3 = call i32 (ptr, ...) @printf(ptr %0, float %1)
  %0 = llvm.call @printf(%fp, %x) vararg(!llvm.func<i32 (ptr, ...)>) : (!llvm.ptr, f32) -> i32
  // CHECK-NEXT: %4 = call float %0(float %1)
  %1 = llvm.call %fp(%x) : !llvm.ptr, (f32) -> f32
  // CHECK-NEXT: %5 = tail call fast fastcc float @calls(ptr %0, float %4)
  %2 = llvm.call fastcc tail @calls(%fp, %1) {fastmathFlags = #llvm.fastmath<fast>} : (!llvm.ptr, f32) -> f32
  // Fast-math flags only go on calls returning floats.
  // CHECK-NEXT: call void @passthrough()
  llvm.call @passthrough() {fastmathFlags = #llvm.fastmath<nnan>} : () -> ()
  // The address of a function is a constant.
  %f = llvm.mlir.addressof @passthrough : !llvm.ptr
  // CHECK-NEXT: call void @passthrough()
  llvm.call %f() : !llvm.ptr, () -> ()
  llvm.return %2 : f32
}

// CHECK: attributes #[[A]] = { convergent noinline nounwind willreturn "fp-contract"="fast" "target-cpu"="skylake" "unsafe-fp-math"="true" }
// CHECK: attributes #[[B]] = { alwaysinline mustprogress alignstack=16 uwtable "bar"="baz" "foo" }
// CHECK: ![[P]] = !{!"function_entry_count", i64 42}
