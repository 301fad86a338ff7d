// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// Integer and float arithmetic, comparisons, select, casts and freeze: overflow and
// fast-math flags print in LLVM's order (nuw before nsw; reassoc nnan ninf nsz arcp
// contract afn, or `fast` when all are set).

// CHECK-LABEL: define i32 @integers(i32 %0, i32 %1)
llvm.func @integers(%a: i32, %b: i32) -> i32 {
  // CHECK-NEXT: %3 = add nuw nsw i32 %0, %1
  %0 = llvm.add %a, %b overflow<nsw, nuw> : i32
  // CHECK-NEXT: %4 = sub nuw i32 %3, %1
  %1 = llvm.sub %0, %b overflow<nuw> : i32
  // CHECK-NEXT: %5 = mul i32 %4, %1
  %2 = llvm.mul %1, %b : i32
  // CHECK-NEXT: %6 = shl nsw i32 %5, %1
  %3 = llvm.shl %2, %b overflow<nsw> : i32
  // CHECK-NEXT: %7 = udiv i32 %6, %1
  %4 = llvm.udiv %3, %b : i32
  // CHECK-NEXT: %8 = sdiv i32 %7, %1
  %5 = llvm.sdiv %4, %b : i32
  // CHECK-NEXT: %9 = urem i32 %8, %1
  %6 = llvm.urem %5, %b : i32
  // CHECK-NEXT: %10 = srem i32 %9, %1
  %7 = llvm.srem %6, %b : i32
  // CHECK-NEXT: %11 = and i32 %10, %1
  %8 = llvm.and %7, %b : i32
  // CHECK-NEXT: %12 = or i32 %11, %1
  %9 = llvm.or %8, %b : i32
  // CHECK-NEXT: %13 = xor i32 %12, %1
  %10 = llvm.xor %9, %b : i32
  // CHECK-NEXT: %14 = lshr i32 %13, %1
  %11 = llvm.lshr %10, %b : i32
  // CHECK-NEXT: %15 = ashr i32 %14, %1
  %12 = llvm.ashr %11, %b : i32
  // CHECK-NEXT: %16 = freeze i32 %15
  %13 = llvm.freeze %12 : i32
  // CHECK-NEXT: ret i32 %16
  llvm.return %13 : i32
}

// CHECK-LABEL: define float @floats(float %0, float %1, <4 x double> %2)
llvm.func @floats(%x: f32, %y: f32, %v: vector<4xf64>) -> f32 {
  // CHECK-NEXT: %4 = fadd nnan ninf float %0, %1
  %0 = llvm.fadd %x, %y {fastmathFlags = #llvm.fastmath<ninf, nnan>} : f32
  // CHECK-NEXT: %5 = fsub nsz arcp contract float %4, %1
  %1 = llvm.fsub %0, %y {fastmathFlags = #llvm.fastmath<contract, nsz, arcp>} : f32
  // CHECK-NEXT: %6 = fmul reassoc afn float %5, %1
  %2 = llvm.fmul %1, %y {fastmathFlags = #llvm.fastmath<afn, reassoc>} : f32
  // CHECK-NEXT: %7 = fdiv fast float %6, %1
  %3 = llvm.fdiv %2, %y {fastmathFlags = #llvm.fastmath<fast>} : f32
  // CHECK-NEXT: %8 = frem float %7, %1
  %4 = llvm.frem %3, %y : f32
  // CHECK-NEXT: %9 = fneg float %8
  %5 = llvm.fneg %4 : f32
  // CHECK-NEXT: %10 = fadd <4 x double> %2, %2
  %6 = llvm.fadd %v, %v : vector<4xf64>
  llvm.return %5 : f32
}

// CHECK-LABEL: define i1 @compare(i32 %0, float %1, ptr %2, <2 x i64> %3)
llvm.func @compare(%a: i32, %f: f32, %p: !llvm.ptr, %v: vector<2xi64>) -> i1 {
  // CHECK-NEXT: %5 = icmp slt i32 %0, %0
  %0 = llvm.icmp "slt" %a, %a : i32
  // CHECK-NEXT: %6 = icmp ne ptr %2, %2
  %1 = llvm.icmp "ne" %p, %p : !llvm.ptr
  // CHECK-NEXT: %7 = icmp uge <2 x i64> %3, %3
  %2 = llvm.icmp "uge" %v, %v : vector<2xi64>
  // CHECK-NEXT: %8 = fcmp nnan ogt float %1, %1
  %3 = llvm.fcmp "ogt" %f, %f {fastmathFlags = #llvm.fastmath<nnan>} : f32
  // CHECK-NEXT: %9 = fcmp uno float %1, %1
  %4 = llvm.fcmp "uno" %f, %f : f32
  // CHECK-NEXT: %10 = fcmp true float %1, %1
  %5 = llvm.fcmp "_true" %f, %f : f32
  // CHECK-NEXT: %11 = select i1 %5, i1 %6, i1 %8
  %6 = llvm.select %0, %1, %3 : i1, i1
  // CHECK-NEXT: %12 = select nsz i1 %9, float %1, float 0.000000e+00
  %zero = llvm.mlir.constant(0.0 : f32) : f32
  %7 = llvm.select %4, %f, %zero {fastmathFlags = #llvm.fastmath<nsz>} : i1, f32
  llvm.return %6 : i1
}

// CHECK-LABEL: define void @casts(i32 %0, float %1, ptr %2, <4 x i32> %3, i1 %4)
llvm.func @casts(%a: i32, %f: f32, %p: !llvm.ptr, %v: vector<4xi32>, %c: i1) {
  // CHECK-NEXT: %6 = sext i1 %4 to i32
  %0 = llvm.sext %c : i1 to i32
  // CHECK-NEXT: %7 = zext i32 %0 to i64
  %1 = llvm.zext %a : i32 to i64
  // CHECK-NEXT: %8 = trunc i64 %7 to i8
  %2 = llvm.trunc %1 : i64 to i8
  // CHECK-NEXT: %9 = fpext float %1 to double
  %3 = llvm.fpext %f : f32 to f64
  // CHECK-NEXT: %10 = fptrunc double %9 to half
  %4 = llvm.fptrunc %3 : f64 to f16
  // CHECK-NEXT: %11 = sitofp i32 %0 to double
  %5 = llvm.sitofp %a : i32 to f64
  // CHECK-NEXT: %12 = uitofp i32 %0 to bfloat
  %6 = llvm.uitofp %a : i32 to bf16
  // CHECK-NEXT: %13 = fptosi float %1 to i16
  %7 = llvm.fptosi %f : f32 to i16
  // CHECK-NEXT: %14 = fptoui float %1 to i64
  %8 = llvm.fptoui %f : f32 to i64
  // CHECK-NEXT: %15 = ptrtoint ptr %2 to i64
  %9 = llvm.ptrtoint %p : !llvm.ptr to i64
  // CHECK-NEXT: %16 = inttoptr i64 %15 to ptr
  %10 = llvm.inttoptr %9 : i64 to !llvm.ptr
  // CHECK-NEXT: %17 = addrspacecast ptr %16 to ptr addrspace(1)
  %11 = llvm.addrspacecast %10 : !llvm.ptr to !llvm.ptr<1>
  // CHECK-NEXT: %18 = bitcast <4 x i32> %3 to <2 x double>
  %12 = llvm.bitcast %v : vector<4xi32> to vector<2xf64>
  // A cast to the same type is no instruction (IRBuilder returns the value).
  // CHECK-NEXT: ret void
  %13 = llvm.bitcast %p : !llvm.ptr to !llvm.ptr
  llvm.return
}
