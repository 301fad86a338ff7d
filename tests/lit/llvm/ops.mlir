// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s | filecheck %s --check-prefix=SPACES --strict-whitespace

// The llvm dialect's ops through the custom syntax, the generic syntax and a second parse.
// Every CHECK line is what mlir-opt 19 prints for the same input.

// The SPACES lines hold mlir-opt's exact spacing where MLIR's custom directives add a space:
// before the attribute dictionary of ops printed with `custom<LLVMOpAttrs>`, and at the end
// of ops whose inferred type prints as nothing.
// SPACES: %5 = llvm.udiv %arg0, %arg1  : i32{{$}}
// SPACES: %6 = llvm.sdiv %arg0, %arg1  {llvm.tag} : i32{{$}}
// SPACES: %19 = llvm.fneg %arg2  {fastmathFlags = #llvm.fastmath<contract, reassoc>} : f32{{$}}
// SPACES: %0 = llvm.extractvalue %arg0[0] : !llvm.struct<(i32, array<2 x f32>)> {{$}}
// SPACES: %2 = llvm.insertvalue %arg1, %arg0[1, 0] : !llvm.struct<(i32, array<2 x f32>)> {{$}}
// SPACES: %5 = llvm.shufflevector %arg2, %arg2 [0, 4, -1, 7, 2] : vector<4xf32> {{$}}

// CHECK-LABEL: llvm.func @decl(i32, ...) -> i32
llvm.func @decl(i32, ...) -> i32

// CHECK-LABEL: llvm.func @attrs(!llvm.ptr {llvm.noalias}, i32) -> (i32 {llvm.zeroext})
llvm.func @attrs(!llvm.ptr {llvm.noalias}, i32) -> (i32 {llvm.zeroext})

// CHECK-LABEL: llvm.func extern_weak @weak()
llvm.func extern_weak @weak()

// CHECK-LABEL: llvm.func internal hidden local_unnamed_addr fastcc @keywords(%arg0: i32) -> i32 attributes {llvm.emit_c_interface, passthrough = ["noinline"]} {
llvm.func internal hidden local_unnamed_addr fastcc @keywords(%a: i32) -> i32 attributes {llvm.emit_c_interface, passthrough = ["noinline"]} {
  // CHECK: llvm.return %arg0 : i32
  llvm.return %a : i32
}

// CHECK-LABEL: llvm.func @varargs(%arg0: i32, ...) {
llvm.func @varargs(%a: i32, ...) {
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @arith(%arg0: i32, %arg1: i32, %arg2: f32, %arg3: vector<4xf32>) {
llvm.func @arith(%a: i32, %b: i32, %f: f32, %v: vector<4xf32>) {
  // CHECK: %0 = llvm.add %arg0, %arg1 : i32
  %0 = llvm.add %a, %b : i32
  // CHECK: %1 = llvm.add %arg0, %arg1 overflow<nsw, nuw> : i32
  %1 = llvm.add %a, %b overflow<nuw, nsw> : i32
  // CHECK: %2 = llvm.sub %arg0, %arg1 overflow<nsw> : i32
  %2 = llvm.sub %a, %b overflow<nsw> : i32
  // CHECK: %3 = llvm.mul %arg0, %arg1 {llvm.tag} : i32
  %3 = llvm.mul %a, %b {llvm.tag} : i32
  // CHECK: %4 = llvm.shl %arg0, %arg1 overflow<nuw> : i32
  %4 = llvm.shl %a, %b overflow<nuw> : i32
  // CHECK: %5 = llvm.udiv %arg0, %arg1 : i32
  %5 = llvm.udiv %a, %b : i32
  // CHECK: %6 = llvm.sdiv %arg0, %arg1 {llvm.tag} : i32
  %6 = llvm.sdiv %a, %b {llvm.tag} : i32
  // CHECK: %7 = llvm.urem %arg0, %arg1 : i32
  %7 = llvm.urem %a, %b : i32
  // CHECK: %8 = llvm.srem %arg0, %arg1 : i32
  %8 = llvm.srem %a, %b : i32
  // CHECK: %9 = llvm.and %arg0, %arg1 : i32
  %9 = llvm.and %a, %b : i32
  // CHECK: %10 = llvm.or %arg0, %arg1 : i32
  %10 = llvm.or %a, %b : i32
  // CHECK: %11 = llvm.xor %arg0, %arg1 : i32
  %11 = llvm.xor %a, %b : i32
  // CHECK: %12 = llvm.lshr %arg0, %arg1 : i32
  %12 = llvm.lshr %a, %b : i32
  // CHECK: %13 = llvm.ashr %arg0, %arg1 : i32
  %13 = llvm.ashr %a, %b : i32
  // CHECK: %14 = llvm.fadd %arg2, %arg2 : f32
  %14 = llvm.fadd %f, %f : f32
  // CHECK: %15 = llvm.fsub %arg2, %arg2 {fastmathFlags = #llvm.fastmath<nnan, ninf>} : f32
  %15 = llvm.fsub %f, %f {fastmathFlags = #llvm.fastmath<ninf, nnan>} : f32
  // CHECK: %16 = llvm.fmul %arg3, %arg3 {fastmathFlags = #llvm.fastmath<fast>} : vector<4xf32>
  %16 = llvm.fmul %v, %v {fastmathFlags = #llvm.fastmath<fast>} : vector<4xf32>
  // CHECK: %17 = llvm.fdiv %arg2, %arg2 : f32
  %17 = llvm.fdiv %f, %f {fastmathFlags = #llvm.fastmath<none>} : f32
  // CHECK: %18 = llvm.frem %arg2, %arg2 : f32
  %18 = llvm.frem %f, %f : f32
  // CHECK: %19 = llvm.fneg %arg2 {fastmathFlags = #llvm.fastmath<contract, reassoc>} : f32
  %19 = llvm.fneg %f {fastmathFlags = #llvm.fastmath<contract, reassoc>} : f32
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @compare(%arg0: i32, %arg1: f32, %arg2: vector<4xf32>, %arg3: !llvm.ptr, %arg4: i1) {
llvm.func @compare(%a: i32, %f: f32, %v: vector<4xf32>, %p: !llvm.ptr, %c: i1) {
  // CHECK: %0 = llvm.icmp "slt" %arg0, %arg0 : i32
  %0 = llvm.icmp "slt" %a, %a : i32
  // CHECK: %1 = llvm.icmp "eq" %arg3, %arg3 : !llvm.ptr
  %1 = llvm.icmp "eq" %p, %p : !llvm.ptr
  // CHECK: %2 = llvm.fcmp "oeq" %arg1, %arg1 {fastmathFlags = #llvm.fastmath<nnan>} : f32
  %2 = llvm.fcmp "oeq" %f, %f {fastmathFlags = #llvm.fastmath<nnan>} : f32
  // CHECK: %3 = llvm.fcmp "_true" %arg2, %arg2 : vector<4xf32>
  %3 = llvm.fcmp "_true" %v, %v : vector<4xf32>
  // CHECK: %4 = llvm.select %arg4, %arg0, %arg0 : i1, i32
  %4 = llvm.select %c, %a, %a : i1, i32
  // CHECK: %5 = llvm.select %3, %arg2, %arg2 {fastmathFlags = #llvm.fastmath<fast>} : vector<4xi1>, vector<4xf32>
  %5 = llvm.select %3, %v, %v {fastmathFlags = #llvm.fastmath<fast>} : vector<4xi1>, vector<4xf32>
  // CHECK: %6 = llvm.freeze %arg0 : i32
  %6 = llvm.freeze %a : i32
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @casts(%arg0: i32, %arg1: f32, %arg2: !llvm.ptr, %arg3: vector<2xi32>) {
llvm.func @casts(%a: i32, %f: f32, %p: !llvm.ptr, %v: vector<2xi32>) {
  // CHECK: %0 = llvm.trunc %arg0 : i32 to i8
  %0 = llvm.trunc %a : i32 to i8
  // CHECK: %1 = llvm.zext %arg0 : i32 to i64
  %1 = llvm.zext %a : i32 to i64
  // CHECK: %2 = llvm.sext %arg3 : vector<2xi32> to vector<2xi64>
  %2 = llvm.sext %v : vector<2xi32> to vector<2xi64>
  // CHECK: %3 = llvm.fptrunc %arg1 : f32 to f16
  %3 = llvm.fptrunc %f : f32 to f16
  // CHECK: %4 = llvm.fpext %arg1 : f32 to f64
  %4 = llvm.fpext %f : f32 to f64
  // CHECK: %5 = llvm.fptosi %arg1 : f32 to i32
  %5 = llvm.fptosi %f : f32 to i32
  // CHECK: %6 = llvm.fptoui %arg1 : f32 to i64
  %6 = llvm.fptoui %f : f32 to i64
  // CHECK: %7 = llvm.sitofp %arg0 : i32 to f64
  %7 = llvm.sitofp %a : i32 to f64
  // CHECK: %8 = llvm.uitofp %arg0 : i32 to f32
  %8 = llvm.uitofp %a : i32 to f32
  // CHECK: %9 = llvm.bitcast %arg0 : i32 to f32
  %9 = llvm.bitcast %a : i32 to f32
  // CHECK: %10 = llvm.bitcast %arg2 : !llvm.ptr to !llvm.ptr
  %10 = llvm.bitcast %p : !llvm.ptr to !llvm.ptr
  // CHECK: %11 = llvm.ptrtoint %arg2 : !llvm.ptr to i64
  %11 = llvm.ptrtoint %p : !llvm.ptr to i64
  // CHECK: %12 = llvm.inttoptr %11 : i64 to !llvm.ptr
  %12 = llvm.inttoptr %11 : i64 to !llvm.ptr
  // CHECK: %13 = llvm.addrspacecast %arg2 : !llvm.ptr to !llvm.ptr<1>
  %13 = llvm.addrspacecast %p : !llvm.ptr to !llvm.ptr<1>
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @memory(%arg0: i64, %arg1: i64, %arg2: !llvm.ptr, %arg3: f32, %arg4: i32) {
llvm.func @memory(%n: i64, %i: i64, %p: !llvm.ptr, %f: f32, %x: i32) {
  // CHECK: %0 = llvm.alloca %arg0 x f32 : (i64) -> !llvm.ptr
  %0 = llvm.alloca %n x f32 : (i64) -> !llvm.ptr
  // CHECK: %1 = llvm.alloca %arg0 x !llvm.array<4 x i64> {alignment = 16 : i64} : (i64) -> !llvm.ptr
  %1 = llvm.alloca %n x !llvm.array<4 x i64> {alignment = 16 : i64} : (i64) -> !llvm.ptr
  // CHECK: %2 = llvm.alloca inalloca %arg0 x i32 : (i64) -> !llvm.ptr
  %2 = llvm.alloca inalloca %n x i32 {alignment = 0 : i64} : (i64) -> !llvm.ptr
  // CHECK: %3 = llvm.load %arg2 : !llvm.ptr -> f32
  %3 = llvm.load %p : !llvm.ptr -> f32
  // CHECK: %4 = llvm.load volatile %arg2 {alignment = 4 : i64, nontemporal} : !llvm.ptr -> f32
  %4 = llvm.load volatile %p {alignment = 4 : i64, nontemporal} : !llvm.ptr -> f32
  // CHECK: %5 = llvm.load %arg2 atomic syncscope("singlethread") acquire {alignment = 4 : i64} : !llvm.ptr -> i32
  %5 = llvm.load %p atomic syncscope("singlethread") acquire {alignment = 4 : i64} : !llvm.ptr -> i32
  // CHECK: %6 = llvm.load %arg2 invariant : !llvm.ptr -> vector<4xf32>
  %6 = llvm.load %p {invariant} : !llvm.ptr -> vector<4xf32>
  // CHECK: llvm.store %arg3, %arg2 : f32, !llvm.ptr
  llvm.store %f, %p : f32, !llvm.ptr
  // CHECK: llvm.store volatile %arg3, %arg2 {alignment = 8 : i64, nontemporal} : f32, !llvm.ptr
  llvm.store volatile %f, %p {alignment = 8 : i64, nontemporal} : f32, !llvm.ptr
  // CHECK: llvm.store %arg4, %arg2 atomic seq_cst {alignment = 4 : i64} : i32, !llvm.ptr
  llvm.store %x, %p atomic seq_cst {alignment = 4 : i64} : i32, !llvm.ptr
  // CHECK: %7 = llvm.getelementptr %arg2[%arg1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %7 = llvm.getelementptr %p[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  // CHECK: %8 = llvm.getelementptr inbounds %arg2[0, 1, %arg1] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.struct<(i32, array<4 x f32>)>
  %8 = llvm.getelementptr inbounds %p[0, 1, %i] : (!llvm.ptr, i64) -> !llvm.ptr, !llvm.struct<(i32, array<4 x f32>)>
  // CHECK: %9 = llvm.getelementptr %arg2[-1] : (!llvm.ptr) -> !llvm.ptr, i8
  %9 = llvm.getelementptr %p[-1] : (!llvm.ptr) -> !llvm.ptr, i8
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @aggregates(%arg0: !llvm.struct<(i32, array<2 x f32>)>, %arg1: f32, %arg2: vector<4xf32>, %arg3: i32) {
llvm.func @aggregates(%s: !llvm.struct<(i32, array<2 x f32>)>, %f: f32, %v: vector<4xf32>, %i: i32) {
  // CHECK: %0 = llvm.extractvalue %arg0[0] : !llvm.struct<(i32, array<2 x f32>)>
  %0 = llvm.extractvalue %s[0] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK: %1 = llvm.extractvalue %arg0[1, 1] : !llvm.struct<(i32, array<2 x f32>)>
  %1 = llvm.extractvalue %s[1, 1] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK: %2 = llvm.insertvalue %arg1, %arg0[1, 0] : !llvm.struct<(i32, array<2 x f32>)>
  %2 = llvm.insertvalue %f, %s[1, 0] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK: %3 = llvm.extractelement %arg2[%arg3 : i32] : vector<4xf32>
  %3 = llvm.extractelement %v[%i : i32] : vector<4xf32>
  // CHECK: %4 = llvm.insertelement %arg1, %arg2[%arg3 : i32] : vector<4xf32>
  %4 = llvm.insertelement %f, %v[%i : i32] : vector<4xf32>
  // CHECK: %5 = llvm.shufflevector %arg2, %arg2 [0, 4, -1, 7, 2] : vector<4xf32>
  %5 = llvm.shufflevector %v, %v [0, 4, -1, 7, 2] : vector<4xf32>
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @constants() {
llvm.func @constants() {
  // CHECK: %0 = llvm.mlir.constant(42 : i64) : i64
  %0 = llvm.mlir.constant(42 : i64) : i64
  // CHECK: %1 = llvm.mlir.constant(1.500000e+00 : f32) : f32
  %1 = llvm.mlir.constant(1.500000e+00 : f32) : f32
  // CHECK: %2 = llvm.mlir.constant(true) : i1
  %2 = llvm.mlir.constant(true) : i1
  // CHECK: %3 = llvm.mlir.constant(dense<[1, 2, 3, 4]> : vector<4xi32>) : vector<4xi32>
  %3 = llvm.mlir.constant(dense<[1, 2, 3, 4]> : vector<4xi32>) : vector<4xi32>
  // CHECK: %4 = llvm.mlir.constant(8 : index) : i64
  %4 = llvm.mlir.constant(8 : index) : i64
  // CHECK: %5 = llvm.mlir.constant("abc\00") : !llvm.array<4 x i8>
  %5 = llvm.mlir.constant("abc\00") : !llvm.array<4 x i8>
  // CHECK: %6 = llvm.mlir.constant([1.000000e+00 : f32, 2.000000e+00 : f32]) : !llvm.struct<(f32, f32)>
  %6 = llvm.mlir.constant([1.0 : f32, 2.0 : f32]) : !llvm.struct<(f32, f32)>
  // CHECK: %7 = llvm.mlir.undef : !llvm.struct<(i32, ptr)>
  %7 = llvm.mlir.undef : !llvm.struct<(i32, ptr)>
  // CHECK: %8 = llvm.mlir.poison : vector<4xf32>
  %8 = llvm.mlir.poison : vector<4xf32>
  // CHECK: %9 = llvm.mlir.zero : !llvm.ptr
  %9 = llvm.mlir.zero : !llvm.ptr
  // CHECK: %10 = llvm.mlir.addressof @global : !llvm.ptr
  %10 = llvm.mlir.addressof @global : !llvm.ptr
  // CHECK: %11 = llvm.mlir.addressof @decl : !llvm.ptr
  %11 = llvm.mlir.addressof @decl : !llvm.ptr
  // CHECK: llvm.return
  llvm.return
}

// CHECK-LABEL: llvm.func @control_flow(%arg0: i1, %arg1: i32, %arg2: i64) -> i32 {
llvm.func @control_flow(%c: i1, %a: i32, %b: i64) -> i32 {
  // CHECK: llvm.cond_br %arg0, ^bb1(%arg1 : i32), ^bb2
  llvm.cond_br %c, ^bb1(%a : i32), ^bb2
// CHECK: ^bb1(%0: i32):
^bb1(%x: i32):
  // CHECK: llvm.br ^bb3(%0, %arg1 : i32, i32)
  llvm.br ^bb3(%x, %a : i32, i32)
// CHECK: ^bb2:
^bb2:
  // CHECK: llvm.cond_br %arg0 weights([3, 5]), ^bb3(%arg1, %arg1 : i32, i32), ^bb4 {llvm.tag}
  llvm.cond_br %c weights([3, 5]), ^bb3(%a, %a : i32, i32), ^bb4 {llvm.tag}
// CHECK: ^bb3(%1: i32, %2: i32):
^bb3(%y: i32, %z: i32):
  // CHECK: llvm.switch %1 : i32, ^bb4 [
  llvm.switch %y : i32, ^bb4 [
    // CHECK: 1: ^bb1(%2 : i32),
    1: ^bb1(%z : i32),
    // CHECK: 4294967294: ^bb4
    -2: ^bb4
  // CHECK: ]
  ]
// CHECK: ^bb4:
^bb4:
  // CHECK: llvm.switch %arg2 : i64, ^bb5(%arg1 : i32) [
  llvm.switch %b : i64, ^bb5(%a : i32) [
  // CHECK: ] {branch_weights = array<i32: 7>}
  ] {branch_weights = array<i32: 7>}
// CHECK: ^bb5(%3: i32):
^bb5(%w: i32):
  // CHECK: llvm.switch %arg1 : i32, ^bb6 [
  llvm.switch %a : i32, ^bb6 [
    // CHECK: 4294967295: ^bb6
    -1: ^bb6
  // CHECK: ]
  ]
// CHECK: ^bb6:
^bb6:
  // CHECK: llvm.unreachable
  llvm.unreachable
}

// CHECK-LABEL: llvm.func @calls(%arg0: i32, %arg1: f32, %arg2: !llvm.ptr) -> i32 {
llvm.func @calls(%a: i32, %f: f32, %p: !llvm.ptr) -> i32 {
  // CHECK: %0 = llvm.call @decl(%arg0, %arg1) vararg(!llvm.func<i32 (i32, ...)>) : (i32, f32) -> i32
  %0 = llvm.call @decl(%a, %f) vararg(!llvm.func<i32 (i32, ...)>) : (i32, f32) -> i32
  // CHECK: %1 = llvm.call %arg2(%arg0) : !llvm.ptr, (i32) -> f64
  %1 = llvm.call %p(%a) : !llvm.ptr, (i32) -> f64
  // CHECK: %2 = llvm.call fastcc tail @keywords(%arg0) {fastmathFlags = #llvm.fastmath<fast>, llvm.tag} : (i32) -> i32
  %2 = llvm.call fastcc tail @keywords(%a) {fastmathFlags = #llvm.fastmath<fast>, llvm.tag} : (i32) -> i32
  // CHECK: llvm.call @weak() : () -> ()
  llvm.call @weak() : () -> ()
  // CHECK: llvm.call %arg2() : !llvm.ptr, () -> ()
  llvm.call %p() : !llvm.ptr, () -> ()
  // CHECK: llvm.return %0 : i32
  llvm.return %0 : i32
}

// CHECK-LABEL: llvm.mlir.global internal constant @global(42 : i32) {addr_space = 0 : i32} : i32
llvm.mlir.global internal constant @global(42 : i32) {addr_space = 0 : i32} : i32

// CHECK-LABEL: llvm.mlir.global private @string("hello\00") {addr_space = 0 : i32}
llvm.mlir.global private @string("hello\00")

// CHECK-LABEL: llvm.mlir.global external @aligned(1.000000e+00 : f32) {addr_space = 0 : i32, alignment = 16 : i64, section = ".data"} : f32
llvm.mlir.global @aligned(1.0 : f32) {alignment = 16 : i64, section = ".data"} : f32

// CHECK-LABEL: llvm.mlir.global linkonce_odr hidden unnamed_addr constant @dense(dense<[1, 2]> : tensor<2xi32>) {addr_space = 0 : i32} : !llvm.array<2 x i32>
llvm.mlir.global linkonce_odr hidden unnamed_addr constant @dense(dense<[1, 2]> : tensor<2xi32>) : !llvm.array<2 x i32>

// CHECK-LABEL: llvm.mlir.global internal thread_local @tls(0 : i64) {addr_space = 0 : i32} : i64
llvm.mlir.global internal thread_local @tls(0 : i64) : i64

// CHECK-LABEL: llvm.mlir.global external @ext() {addr_space = 1 : i32} : f32
llvm.mlir.global external @ext() {addr_space = 1 : i32} : f32

// CHECK-LABEL: llvm.mlir.global internal @region() {addr_space = 0 : i32} : !llvm.struct<(i32, ptr)> {
llvm.mlir.global internal @region() : !llvm.struct<(i32, ptr)> {
  // CHECK: %0 = llvm.mlir.undef : !llvm.struct<(i32, ptr)>
  %0 = llvm.mlir.undef : !llvm.struct<(i32, ptr)>
  // CHECK: %1 = llvm.mlir.addressof @global : !llvm.ptr
  %1 = llvm.mlir.addressof @global : !llvm.ptr
  // CHECK: %2 = llvm.insertvalue %1, %0[1] : !llvm.struct<(i32, ptr)>
  %2 = llvm.insertvalue %1, %0[1] : !llvm.struct<(i32, ptr)>
  // CHECK: llvm.return %2 : !llvm.struct<(i32, ptr)>
  llvm.return %2 : !llvm.struct<(i32, ptr)>
}
