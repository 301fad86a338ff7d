// RUN: mlc-opt %s --convert-arith-to-llvm --split-input-file | filecheck %s
// RUN: mlc-opt %s --convert-arith-to-llvm=index-bitwidth=32 --split-input-file | filecheck %s --check-prefix=INDEX32

// Integer and float arithmetic map one to one: overflow flags carry over, arith's fast-math
// flags become llvm's `fastmathFlags`, other attributes pass as they are.
// CHECK-LABEL: func.func @arithmetic
// CHECK-NEXT:    llvm.add %arg0, %arg1 overflow<nsw> : i32
// CHECK-NEXT:    llvm.sub %arg0, %arg1 {foo = 1 : i32} : i32
// CHECK-NEXT:    llvm.mul %arg0, %arg1 overflow<nsw, nuw> : i32
// CHECK-NEXT:    llvm.sdiv %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.udiv %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.srem %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.urem %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.and %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.or %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.xor %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.shl %arg0, %arg1 : i32
// CHECK-NEXT:    llvm.ashr %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.lshr %arg0, %arg1  : i32
// CHECK-NEXT:    llvm.intr.smax(%arg0, %arg1)  : (i32, i32) -> i32
// CHECK-NEXT:    llvm.intr.umax(%arg0, %arg1)  : (i32, i32) -> i32
// CHECK-NEXT:    llvm.intr.smin(%arg0, %arg1)  : (i32, i32) -> i32
// CHECK-NEXT:    llvm.intr.umin(%arg0, %arg1)  : (i32, i32) -> i32
// CHECK-NEXT:    llvm.fadd %arg2, %arg3  {fastmathFlags = #llvm.fastmath<nnan, ninf>} : f32
// CHECK-NEXT:    llvm.fsub %arg2, %arg3  : f32
// CHECK-NEXT:    llvm.fmul %arg2, %arg3  {fastmathFlags = #llvm.fastmath<fast>} : f32
// CHECK-NEXT:    llvm.fdiv %arg2, %arg3  : f32
// CHECK-NEXT:    llvm.frem %arg2, %arg3  : f32
// CHECK-NEXT:    llvm.fneg %arg2  : f32
// CHECK-NEXT:    llvm.intr.maximum(%arg2, %arg3)  : (f32, f32) -> f32
// CHECK-NEXT:    llvm.intr.maxnum(%arg2, %arg3)  : (f32, f32) -> f32
// CHECK-NEXT:    llvm.intr.minimum(%arg2, %arg3)  : (f32, f32) -> f32
// CHECK-NEXT:    llvm.intr.minnum(%arg2, %arg3)  : (f32, f32) -> f32
// CHECK-NEXT:    return
func.func @arithmetic(%a: i32, %b: i32, %x: f32, %y: f32) {
  %0 = arith.addi %a, %b overflow<nsw> : i32
  %1 = arith.subi %a, %b {foo = 1 : i32} : i32
  %2 = arith.muli %a, %b overflow<nsw, nuw> : i32
  %3 = arith.divsi %a, %b : i32
  %4 = arith.divui %a, %b : i32
  %5 = arith.remsi %a, %b : i32
  %6 = arith.remui %a, %b : i32
  %7 = arith.andi %a, %b : i32
  %8 = arith.ori %a, %b : i32
  %9 = arith.xori %a, %b : i32
  %10 = arith.shli %a, %b : i32
  %11 = arith.shrsi %a, %b : i32
  %12 = arith.shrui %a, %b : i32
  %13 = arith.maxsi %a, %b : i32
  %14 = arith.maxui %a, %b : i32
  %15 = arith.minsi %a, %b : i32
  %16 = arith.minui %a, %b : i32
  %17 = arith.addf %x, %y fastmath<nnan,ninf> : f32
  %18 = arith.subf %x, %y : f32
  %19 = arith.mulf %x, %y fastmath<fast> : f32
  %20 = arith.divf %x, %y : f32
  %21 = arith.remf %x, %y : f32
  %22 = arith.negf %x : f32
  %23 = arith.maximumf %x, %y : f32
  %24 = arith.maxnumf %x, %y : f32
  %25 = arith.minimumf %x, %y : f32
  %26 = arith.minnumf %x, %y : f32
  return
}

// -----

// Comparisons keep their predicates' numbering; `cmpf` keeps its fast-math flags.
// CHECK-LABEL: func.func @compare_and_select
// CHECK-NEXT:    %[[LT:.*]] = llvm.icmp "slt" %arg0, %arg1 : i32
// CHECK-NEXT:    %[[UGE:.*]] = llvm.icmp "uge" %arg0, %arg1 : i32
// CHECK-NEXT:    %[[OLT:.*]] = llvm.fcmp "olt" %arg2, %arg3 {fastmathFlags = #llvm.fastmath<fast>} : f32
// CHECK-NEXT:    %[[UNO:.*]] = llvm.fcmp "uno" %arg2, %arg3 : f32
// CHECK-NEXT:    %[[SEL:.*]] = llvm.select %[[LT]], %arg0, %arg1 : i1, i32
// CHECK-NEXT:    return %[[SEL]], %[[UGE]], %[[OLT]], %[[UNO]] : i32, i1, i1, i1
func.func @compare_and_select(%a: i32, %b: i32, %x: f32, %y: f32) -> (i32, i1, i1, i1) {
  %0 = arith.cmpi slt, %a, %b : i32
  %1 = arith.cmpi uge, %a, %b : i32
  %2 = arith.cmpf olt, %x, %y fastmath<fast> : f32
  %3 = arith.cmpf uno, %x, %y : f32
  %4 = arith.select %0, %a, %b : i32
  return %4, %1, %2, %3 : i32, i1, i1, i1
}

// -----

// Casts; `truncf` with a rounding mode is the constrained intrinsic.
// CHECK-LABEL: func.func @casts
// CHECK-NEXT:    %[[EXTSI:.*]] = llvm.sext %arg0 : i32 to i64
// CHECK-NEXT:    %[[EXTUI:.*]] = llvm.zext %arg0 : i32 to i64
// CHECK-NEXT:    %[[TRUNCI:.*]] = llvm.trunc %arg0 : i32 to i8
// CHECK-NEXT:    %[[EXTF:.*]] = llvm.fpext %arg1 : f32 to f64
// CHECK-NEXT:    %[[TRUNCF:.*]] = llvm.fptrunc %arg1 : f32 to f16
// CHECK-NEXT:    %[[ROUNDED:.*]] = llvm.intr.experimental.constrained.fptrunc %arg1 downward ignore : f32 to bf16
// CHECK-NEXT:    %[[SITOFP:.*]] = llvm.sitofp %arg0 : i32 to f32
// CHECK-NEXT:    %[[UITOFP:.*]] = llvm.uitofp %arg0 : i32 to f64
// CHECK-NEXT:    %[[FPTOSI:.*]] = llvm.fptosi %arg1 : f32 to i16
// CHECK-NEXT:    %[[FPTOUI:.*]] = llvm.fptoui %arg1 : f32 to i64
// CHECK-NEXT:    %[[BITCAST:.*]] = llvm.bitcast %arg1 : f32 to i32
func.func @casts(%a: i32, %x: f32) {
  %0 = arith.extsi %a : i32 to i64
  %1 = arith.extui %a : i32 to i64
  %2 = arith.trunci %a : i32 to i8
  %3 = arith.extf %x : f32 to f64
  %4 = arith.truncf %x : f32 to f16
  %5 = arith.truncf %x downward : f32 to bf16
  %6 = arith.sitofp %a : i32 to f32
  %7 = arith.uitofp %a : i32 to f64
  %8 = arith.fptosi %x : f32 to i16
  %9 = arith.fptoui %x : f32 to i64
  %10 = arith.bitcast %x : f32 to i32
  return
}

// -----

// `index` is an integer of the index bitwidth: casts to and from it sign- or zero-extend,
// truncate, or vanish; index operands of other ops are bridged by casts.
// CHECK-LABEL: func.func @index_casts
// CHECK-NEXT:    %[[I:.*]] = builtin.unrealized_conversion_cast %arg0 : index to i64
// CHECK-NEXT:    %[[SEXT:.*]] = llvm.sext %arg1 : i32 to i64
// CHECK-NEXT:    %[[ZEXT:.*]] = llvm.zext %arg1 : i32 to i64
// CHECK-NEXT:    %[[SUM:.*]] = llvm.add %[[SEXT]], %[[ZEXT]] : i64
// CHECK-NEXT:    %[[R:.*]] = builtin.unrealized_conversion_cast %[[SUM]] : i64 to index
// CHECK-NEXT:    %[[TRUNC:.*]] = llvm.trunc %[[I]] : i64 to i16
// CHECK-NEXT:    return %[[R]], %[[TRUNC]], %[[I]] : index, i16, i64
// INDEX32-LABEL: func.func @index_casts
// INDEX32-NEXT:    %[[I:.*]] = builtin.unrealized_conversion_cast %arg0 : index to i32
// INDEX32-NEXT:    %[[SUM:.*]] = llvm.add %arg1, %arg1 : i32
// INDEX32-NEXT:    %[[R:.*]] = builtin.unrealized_conversion_cast %[[SUM]] : i32 to index
// INDEX32-NEXT:    %[[TRUNC:.*]] = llvm.trunc %[[I]] : i32 to i16
// INDEX32-NEXT:    %[[EXT:.*]] = llvm.sext %[[I]] : i32 to i64
// INDEX32-NEXT:    return %[[R]], %[[TRUNC]], %[[EXT]] : index, i16, i64
func.func @index_casts(%i: index, %a: i32) -> (index, i16, i64) {
  %0 = arith.index_cast %a : i32 to index
  %1 = arith.index_castui %a : i32 to index
  %2 = arith.addi %0, %1 : index
  %3 = arith.index_cast %i : index to i16
  %4 = arith.index_cast %i : index to i64
  return %2, %3, %4 : index, i16, i64
}

// -----

// Constants of every kind keep their attribute; an index constant's type converts.
// CHECK-LABEL: func.func @constants
// CHECK-NEXT:    %[[IDX:.*]] = llvm.mlir.constant(42 : index) : i64
// CHECK-NEXT:    %[[INT:.*]] = llvm.mlir.constant(-1 : i32) {tag} : i32
// CHECK-NEXT:    %[[BOOL:.*]] = llvm.mlir.constant(true) : i1
// CHECK-NEXT:    %[[F:.*]] = llvm.mlir.constant(1.500000e+00 : bf16) : bf16
// CHECK-NEXT:    %[[VEC:.*]] = llvm.mlir.constant(dense<[1.000000e+00, 2.000000e+00]> : vector<2xf64>) : vector<2xf64>
// CHECK-NEXT:    %[[ND:.*]] = llvm.mlir.constant(dense<{{\[\[}}1, 2], [3, 4]]> : vector<2x2xindex>) : !llvm.array<2 x vector<2xi64>>
// CHECK-NEXT:    %{{.*}} = arith.constant dense<7> : tensor<4xi32>
func.func @constants() {
  %0 = arith.constant 42 : index
  %1 = arith.constant {tag} -1 : i32
  %2 = arith.constant true
  %3 = arith.constant 1.5 : bf16
  %4 = arith.constant dense<[1.0, 2.0]> : vector<2xf64>
  %5 = arith.constant dense<[[1, 2], [3, 4]]> : vector<2x2xindex>
  %6 = arith.constant dense<7> : tensor<4xi32>
  return
}

// -----

// Element-wise ops on n-D vectors are unrolled over the 1-D vectors of their arrays.
// CHECK-LABEL: func.func @vectors
// CHECK-NEXT:    %[[A:.*]] = builtin.unrealized_conversion_cast %arg1 : vector<2x3xf32> to !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[V:.*]] = llvm.fadd %arg0, %arg0  : vector<4xf32>
// CHECK-NEXT:    %[[UNDEF:.*]] = llvm.mlir.undef : !llvm.array<2 x vector<3xi1>>
// CHECK-NEXT:    %[[L0:.*]] = llvm.extractvalue %[[A]][0] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[R0:.*]] = llvm.extractvalue %[[A]][0] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[C0:.*]] = llvm.fcmp "oeq" %[[L0]], %[[R0]] : vector<3xf32>
// CHECK-NEXT:    %[[I0:.*]] = llvm.insertvalue %[[C0]], %[[UNDEF]][0] : !llvm.array<2 x vector<3xi1>>
// CHECK-NEXT:    %[[L1:.*]] = llvm.extractvalue %[[A]][1] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[R1:.*]] = llvm.extractvalue %[[A]][1] : !llvm.array<2 x vector<3xf32>>
// CHECK-NEXT:    %[[C1:.*]] = llvm.fcmp "oeq" %[[L1]], %[[R1]] : vector<3xf32>
// CHECK-NEXT:    %[[I1:.*]] = llvm.insertvalue %[[C1]], %[[I0]][1] : !llvm.array<2 x vector<3xi1>>
// CHECK-NEXT:    %[[B:.*]] = builtin.unrealized_conversion_cast %[[I1]] : !llvm.array<2 x vector<3xi1>> to vector<2x3xi1>
// CHECK-NEXT:    return %[[V]], %[[B]] : vector<4xf32>, vector<2x3xi1>
func.func @vectors(%v: vector<4xf32>, %w: vector<2x3xf32>) -> (vector<4xf32>, vector<2x3xi1>) {
  %0 = arith.addf %v, %v : vector<4xf32>
  %1 = arith.cmpf oeq, %w, %w : vector<2x3xf32>
  return %0, %1 : vector<4xf32>, vector<2x3xi1>
}

// -----

// Extended arithmetic: an overflow intrinsic for the carry, a double-width product for the
// high half.
// CHECK-LABEL: func.func @extended
// CHECK-NEXT:    %[[PAIR:.*]] = "llvm.intr.uadd.with.overflow"(%arg0, %arg1) : (i32, i32) -> !llvm.struct<(i32, i1)>
// CHECK-NEXT:    %[[SUM:.*]] = llvm.extractvalue %[[PAIR]][0] : !llvm.struct<(i32, i1)>
// CHECK-NEXT:    %[[CARRY:.*]] = llvm.extractvalue %[[PAIR]][1] : !llvm.struct<(i32, i1)>
// CHECK-NEXT:    %[[L:.*]] = llvm.sext %arg0 : i32 to i64
// CHECK-NEXT:    %[[R:.*]] = llvm.sext %arg1 : i32 to i64
// CHECK-NEXT:    %[[P:.*]] = llvm.mul %[[L]], %[[R]] : i64
// CHECK-NEXT:    %[[LOW:.*]] = llvm.trunc %[[P]] : i64 to i32
// CHECK-NEXT:    %[[SHIFT:.*]] = llvm.mlir.constant(32 : i64) : i64
// CHECK-NEXT:    %[[HIGH64:.*]] = llvm.lshr %[[P]], %[[SHIFT]]  : i64
// CHECK-NEXT:    %[[HIGH:.*]] = llvm.trunc %[[HIGH64]] : i64 to i32
// CHECK-NEXT:    return %[[SUM]], %[[CARRY]], %[[LOW]], %[[HIGH]] : i32, i1, i32, i32
func.func @extended(%a: i32, %b: i32) -> (i32, i1, i32, i32) {
  %sum, %carry = arith.addui_extended %a, %b : i32, i1
  %low, %high = arith.mulsi_extended %a, %b : i32
  return %sum, %carry, %low, %high : i32, i1, i32, i32
}

// -----

// Not lowered here (as in MLIR 19): the ceil/floor divisions, and ops on tensors. Ops with
// constant operands fold first.
// CHECK-LABEL: func.func @left_alone
// CHECK-NEXT:    %[[C:.*]] = arith.ceildivsi %arg0, %arg0 : i32
// CHECK-NEXT:    %[[T:.*]] = arith.addi %arg1, %arg1 : tensor<4xi32>
// CHECK-NEXT:    llvm.mlir.constant(2 : i32) : i32
// CHECK-NEXT:    llvm.mlir.constant(3 : i32) : i32
// CHECK-NEXT:    %[[SIX:.*]] = llvm.mlir.constant(6 : i32) : i32
// CHECK-NEXT:    return %[[C]], %[[T]], %[[SIX]] : i32, tensor<4xi32>, i32
func.func @left_alone(%a: i32, %t: tensor<4xi32>) -> (i32, tensor<4xi32>, i32) {
  %0 = arith.ceildivsi %a, %a : i32
  %1 = arith.addi %t, %t : tensor<4xi32>
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %2 = arith.muli %c2, %c3 : i32
  return %0, %1, %2 : i32, tensor<4xi32>, i32
}
