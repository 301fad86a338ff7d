// RUN: mlc-opt %s --canonicalize | filecheck %s

// arith folds and canonicalization patterns, as mlir-opt 19 has them (the suite also runs
// these lines against mlir-opt). Constants are matched in any order, as the two tools may
// place materialized constants differently: that is the driver's business, not arith's.

// --- identities ---------------------------------------------------------------------------

// CHECK-LABEL: func.func @identities(
// CHECK-SAME:    %[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-DAG:     %[[ONES:.*]] = arith.constant -1 : i32
// CHECK:         %[[DIV:.*]] = arith.divsi %[[X]], %[[X]] : i32
// CHECK:         return %[[X]], %[[X]], %[[ZERO]], %[[X]], %[[ZERO]], %[[ONES]], %[[X]], %[[DIV]], %[[Y]]
func.func @identities(%x: i32, %y: i32) -> (i32, i32, i32, i32, i32, i32, i32, i32, i32) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %m1 = arith.constant -1 : i32
  %a = arith.addi %c0, %x : i32
  %b = arith.muli %x, %c1 : i32
  %c = arith.subi %x, %x : i32
  %s = arith.subi %x, %y : i32
  %d = arith.addi %s, %y : i32
  %n = arith.xori %x, %m1 : i32
  %e = arith.andi %x, %n : i32
  %f = arith.ori %n, %x : i32
  %g = arith.divui %x, %c1 : i32
  %h = arith.divsi %x, %x : i32
  %i = arith.remsi %x, %c1 : i32
  %p = arith.xori %x, %y : i32
  %j = arith.xori %p, %x : i32
  return %a, %b, %c, %d, %i, %f, %g, %h, %j : i32, i32, i32, i32, i32, i32, i32, i32, i32
}

// CHECK-LABEL: func.func @float_identities(
// CHECK-SAME:    %[[X:[^:]+]]: f32)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[ADD:.*]] = arith.addf %[[X]], %[[ZERO]] : f32
// CHECK:         return %[[X]], %[[ADD]], %[[X]], %[[X]], %[[X]]
func.func @float_identities(%x: f32) -> (f32, f32, f32, f32, f32) {
  %nz = arith.constant -0.0 : f32
  %pz = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %a = arith.addf %x, %nz : f32
  %b = arith.addf %x, %pz : f32
  %c = arith.maximumf %x, %ninf : f32
  %n = arith.negf %x : f32
  %d = arith.negf %n : f32
  %t = arith.truncf %x fastmath<contract> : f32 to f16
  %e = arith.extf %t fastmath<contract> : f16 to f32
  return %a, %b, %c, %d, %e : f32, f32, f32, f32, f32
}

// --- constants ----------------------------------------------------------------------------

// CHECK-LABEL: func.func @integer_constants(
// CHECK-DAG:     %[[WRAPPED:.*]] = arith.constant -128 : i8
// CHECK-DAG:     %[[QUOTIENT:.*]] = arith.constant -3 : i8
// CHECK-DAG:     %[[SHIFTED:.*]] = arith.constant 15 : i8
// CHECK:         %[[OVERFLOW:.*]] = arith.divsi %[[WRAPPED]], %{{.*}} : i8
// CHECK:         %[[BY_ZERO:.*]] = arith.divui %{{.*}}, %{{.*}} : i8
// CHECK:         %[[TOO_FAR:.*]] = arith.shli %{{.*}}, %{{.*}} : i8
// CHECK:         return %[[WRAPPED]], %[[QUOTIENT]], %[[SHIFTED]], %[[OVERFLOW]], %[[BY_ZERO]], %[[TOO_FAR]]
func.func @integer_constants() -> (i8, i8, i8, i8, i8, i8) {
  %c127 = arith.constant 127 : i8
  %c1 = arith.constant 1 : i8
  %c7 = arith.constant 7 : i8
  %m2 = arith.constant -2 : i8
  %m1 = arith.constant -1 : i8
  %c4 = arith.constant 4 : i8
  %c8 = arith.constant 8 : i8
  %c0 = arith.constant 0 : i8
  %min = arith.constant -128 : i8
  %a = arith.addi %c127, %c1 : i8
  %b = arith.divsi %c7, %m2 : i8
  %c = arith.shrui %m1, %c4 : i8
  %d = arith.divsi %min, %m1 : i8
  %e = arith.divui %c7, %c0 : i8
  %f = arith.shli %c1, %c8 : i8
  return %a, %b, %c, %d, %e, %f : i8, i8, i8, i8, i8, i8
}

// CHECK-LABEL: func.func @wide_and_narrow_constants(
// CHECK-DAG:     arith.constant 1 : i3
// CHECK-DAG:     arith.constant 170141183460469231731687303715884105727 : i128
// CHECK-DAG:     %false = arith.constant false
func.func @wide_and_narrow_constants() -> (i3, i128, i1) {
  %c3 = arith.constant 3 : i3
  %min = arith.constant -170141183460469231731687303715884105728 : i128
  %one = arith.constant 1 : i128
  %t = arith.constant true
  %a = arith.muli %c3, %c3 : i3
  %b = arith.subi %min, %one : i128
  %c = arith.addi %t, %t : i1
  return %a, %b, %c : i3, i128, i1
}

// NaN results are APFloat's: the first NaN operand, quieted, sign kept; a positive default
// NaN from invalid operations; maximumf returns a NaN operand as it is.
// CHECK-LABEL: func.func @float_constants(
// CHECK-DAG:     %[[NEG_NAN:.*]] = arith.constant 0xFFC00002 : f32
// CHECK-DAG:     %[[QUIETED:.*]] = arith.constant 0x7FC00003 : f32
// CHECK-DAG:     %[[DEFAULT:.*]] = arith.constant 0x7FC00000 : f32
// CHECK-DAG:     %[[REM:.*]] = arith.constant 1.500000e+00 : f32
// CHECK-DAG:     %[[MAX:.*]] = arith.constant 0x7FC00001 : f32
// CHECK-DAG:     %[[F16_INF:.*]] = arith.constant 0x7C00 : f16
// CHECK:         return %[[NEG_NAN]], %[[QUIETED]], %[[DEFAULT]], %[[REM]], %[[MAX]], %[[F16_INF]]
func.func @float_constants() -> (f32, f32, f32, f32, f32, f16) {
  %one = arith.constant 1.0 : f32
  %nan = arith.constant 0xFFC00002 : f32
  %snan = arith.constant 0x7F800003 : f32
  %qnan = arith.constant 0x7FC00001 : f32
  %inf = arith.constant 0x7F800000 : f32
  %x = arith.constant 5.5 : f32
  %y = arith.constant -2.0 : f32
  %big = arith.constant 300.0 : f16
  %a = arith.subf %one, %nan : f32
  %b = arith.addf %one, %snan : f32
  %c = arith.subf %inf, %inf : f32
  %d = arith.remf %x, %y : f32
  %e = arith.maximumf %one, %qnan : f32
  %f = arith.mulf %big, %big : f16
  return %a, %b, %c, %d, %e, %f : f32, f32, f32, f32, f32, f16
}

// CHECK-LABEL: func.func @comparisons(
// CHECK-SAME:    %[[X:[^:]+]]: i32, %[[F:[^:]+]]: f32)
// CHECK-DAG:     %[[TRUE:.*]] = arith.constant true
// CHECK-DAG:     %[[FALSE:.*]] = arith.constant false
// CHECK-DAG:     %[[C5:.*]] = arith.constant 5 : i32
// CHECK:         %[[SWAPPED:.*]] = arith.cmpi sgt, %[[X]], %[[C5]] : i32
// CHECK:         return %[[TRUE]], %[[SWAPPED]], %[[FALSE]], %[[TRUE]], %[[TRUE]]
func.func @comparisons(%x: i32, %f: f32) -> (i1, i1, i1, i1, i1) {
  %c5 = arith.constant 5 : i32
  %c7 = arith.constant 7 : i32
  %nan = arith.constant 0x7FC00000 : f32
  %a = arith.cmpi sle, %x, %x : i32
  %b = arith.cmpi slt, %c5, %x : i32
  %c = arith.cmpf oeq, %f, %nan : f32
  %d = arith.cmpf une, %nan, %f : f32
  %e = arith.cmpi ult, %c5, %c7 : i32
  return %a, %b, %c, %d, %e : i1, i1, i1, i1, i1
}

// CHECK-LABEL: func.func @casts(
// CHECK-DAG:     arith.constant 255 : i32
// CHECK-DAG:     arith.constant 4294967295 : index
// CHECK-DAG:     arith.constant 0xFFFFFFFF : f32
// CHECK-DAG:     arith.constant 0x4B800000 : f32
// CHECK-DAG:     arith.constant -128 : i16
// CHECK-DAG:     %[[INEXACT:.*]] = arith.constant 1.000000e-01 : f32
// CHECK-DAG:     %[[TOO_BIG:.*]] = arith.constant 1.280000e+02 : f32
// CHECK:         arith.truncf %[[INEXACT]] : f32 to f16
// CHECK:         arith.fptosi %[[TOO_BIG]] : f32 to i8
func.func @casts() -> (i32, index, f32, f32, i16, f16, i8) {
  %m1 = arith.constant -1 : i8
  %m1_32 = arith.constant -1 : i32
  %big = arith.constant 16777217 : i32
  %f = arith.constant -128.9 : f32
  %tenth = arith.constant 0.1 : f32
  %c128 = arith.constant 128.0 : f32
  %a = arith.extui %m1 : i8 to i32
  %b = arith.index_castui %m1_32 : i32 to index
  %c = arith.bitcast %m1_32 : i32 to f32
  %d = arith.sitofp %big : i32 to f32
  %e = arith.fptosi %f : f32 to i16
  %g = arith.truncf %tenth : f32 to f16
  %h = arith.fptosi %c128 : f32 to i8
  return %a, %b, %c, %d, %e, %g, %h : i32, index, f32, f32, i16, f16, i8
}

// Elementwise on dense constants. MLIR 19's shift (and floordivsi) folders decide whether
// to fold by the last element only.
// CHECK-LABEL: func.func @dense(
// CHECK-DAG:     %[[SUM:.*]] = arith.constant dense<[4, 6]> : vector<2xi32>
// CHECK-DAG:     %[[SPLAT:.*]] = arith.constant dense<9> : vector<2xi32>
// CHECK-DAG:     %[[SHL:.*]] = arith.constant dense<[0, 64]> : vector<2xi32>
// CHECK-DAG:     %[[SELECT:.*]] = arith.constant dense<[1, 4]> : vector<2xi32>
// CHECK-DAG:     %[[CMP:.*]] = arith.constant dense<true> : vector<2xi1>
// CHECK:         %[[NOT_FOLDED:.*]] = arith.shli
// CHECK:         return %[[SUM]], %[[SPLAT]], %[[SHL]], %[[NOT_FOLDED]], %[[SELECT]], %[[CMP]]
func.func @dense() -> (vector<2xi32>, vector<2xi32>, vector<2xi32>, vector<2xi32>, vector<2xi32>, vector<2xi1>) {
  %a = arith.constant dense<[1, 2]> : vector<2xi32>
  %b = arith.constant dense<[3, 4]> : vector<2xi32>
  %three = arith.constant dense<3> : vector<2xi32>
  %v = arith.constant dense<[7, 8]> : vector<2xi32>
  %far_first = arith.constant dense<[40, 3]> : vector<2xi32>
  %far_last = arith.constant dense<[3, 40]> : vector<2xi32>
  %mask = arith.constant dense<[true, false]> : vector<2xi1>
  %sum = arith.addi %a, %b : vector<2xi32>
  %splat = arith.muli %three, %three : vector<2xi32>
  %shl = arith.shli %v, %far_first : vector<2xi32>
  %kept = arith.shli %v, %far_last : vector<2xi32>
  %sel = arith.select %mask, %a, %b : vector<2xi1>, vector<2xi32>
  %cmp = arith.cmpi slt, %a, %three : vector<2xi32>
  return %sum, %splat, %shl, %kept, %sel, %cmp : vector<2xi32>, vector<2xi32>, vector<2xi32>, vector<2xi32>, vector<2xi32>, vector<2xi1>
}

// --- patterns -----------------------------------------------------------------------------

// CHECK-LABEL: func.func @reassociate(
// CHECK-SAME:    %[[X:[^:]+]]: i32)
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : i32
// CHECK-DAG:     %[[CM2:.*]] = arith.constant -2 : i32
// CHECK-DAG:     %[[C6:.*]] = arith.constant 6 : i32
// CHECK:         %[[A:.*]] = arith.addi %[[X]], %[[C3]] overflow<nsw> : i32
// CHECK:         %[[B:.*]] = arith.addi %[[X]], %[[CM2]] : i32
// CHECK:         %[[M:.*]] = arith.muli %[[X]], %[[C6]] : i32
// CHECK:         return %[[A]], %[[B]], %[[M]]
func.func @reassociate(%x: i32) -> (i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %add = arith.addi %x, %c1 overflow<nsw, nuw> : i32
  %a = arith.addi %add, %c2 overflow<nsw> : i32
  %b = arith.subi %add, %c3 overflow<nsw> : i32
  %mul = arith.muli %x, %c2 : i32
  %m = arith.muli %mul, %c3 : i32
  return %a, %b, %m : i32, i32, i32
}

// CHECK-LABEL: func.func @negations(
// CHECK-SAME:    %[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32, %[[F:[^:]+]]: f32, %[[G:[^:]+]]: f32)
// CHECK:         %[[SUB:.*]] = arith.subi %[[X]], %[[Y]] : i32
// CHECK:         %[[MUL:.*]] = arith.mulf %[[F]], %[[G]] fastmath<fast> : f32
// CHECK:         return %[[SUB]], %[[MUL]]
func.func @negations(%x: i32, %y: i32, %f: f32, %g: f32) -> (i32, f32) {
  %m1 = arith.constant -1 : i32
  %n = arith.muli %y, %m1 : i32
  %a = arith.addi %x, %n : i32
  %nf = arith.negf %f : f32
  %ng = arith.negf %g : f32
  %b = arith.mulf %nf, %ng fastmath<fast> : f32
  return %a, %b : i32, f32
}

// CHECK-LABEL: func.func @boolean_logic(
// CHECK-SAME:    %[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32, %[[P:[^:]+]]: i1, %[[S:[^:]+]]: i8, %[[T:[^:]+]]: i8)
// CHECK:         %[[NOT:.*]] = arith.cmpi sge, %[[X]], %[[Y]] : i32
// CHECK:         %[[AND:.*]] = arith.andi %[[S]], %[[T]] : i8
// CHECK:         %[[EXT:.*]] = arith.extui %[[AND]] : i8 to i32
// CHECK:         %[[SEL:.*]] = arith.extui %[[P]] : i1 to i32
// CHECK:         %[[EQ:.*]] = arith.cmpi eq, %[[S]], %[[T]] : i8
// CHECK:         return %[[NOT]], %[[EXT]], %[[SEL]], %[[EQ]]
func.func @boolean_logic(%x: i32, %y: i32, %p: i1, %s: i8, %t: i8) -> (i1, i32, i32, i1) {
  %true = arith.constant true
  %c1 = arith.constant 1 : i32
  %c0 = arith.constant 0 : i32
  %lt = arith.cmpi slt, %x, %y : i32
  %not = arith.xori %lt, %true : i1
  %es = arith.extui %s : i8 to i32
  %et = arith.extui %t : i8 to i32
  %and = arith.andi %es, %et : i32
  %sel = arith.select %p, %c1, %c0 : i32
  %eq = arith.cmpi eq, %es, %et : i32
  return %not, %and, %sel, %eq : i1, i32, i32, i1
}

// CHECK-LABEL: func.func @cast_chains(
// CHECK-SAME:    %[[I:[^:]+]]: i64, %[[S:[^:]+]]: i8, %[[W:[^:]+]]: i64)
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : i64
// CHECK:         %[[IDX:.*]] = arith.index_cast %[[S]] : i8 to index
// CHECK:         %[[SHR:.*]] = arith.shrui %[[W]], %[[C32]] : i64
// CHECK:         %[[TR:.*]] = arith.trunci %[[SHR]] : i64 to i32
// CHECK:         %[[EXT:.*]] = arith.extsi %[[S]] : i8 to i16
// CHECK:         return %[[I]], %[[IDX]], %[[TR]], %[[EXT]]
func.func @cast_chains(%i: i64, %s: i8, %w: i64) -> (i64, index, i32, i16) {
  %c32 = arith.constant 32 : i64
  %a = arith.index_cast %i : i64 to index
  %b = arith.index_cast %a : index to i64
  %e = arith.extsi %s : i8 to i32
  %c = arith.index_cast %e : i32 to index
  %sh = arith.shrsi %w, %c32 : i64
  %d = arith.trunci %sh : i64 to i32
  %f = arith.trunci %e : i32 to i16
  return %b, %c, %d, %f : i64, index, i32, i16
}

// CHECK-LABEL: func.func @int_to_fp_compare(
// CHECK-SAME:    %[[X:[^:]+]]: i32)
// CHECK-DAG:     %[[FALSE:.*]] = arith.constant false
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : i32
// CHECK:         %[[LE:.*]] = arith.cmpi sle, %[[X]], %[[C4]] : i32
// CHECK:         return %[[LE]], %[[FALSE]]
func.func @int_to_fp_compare(%x: i32) -> (i1, i1) {
  %f = arith.sitofp %x : i32 to f32
  %c = arith.constant 4.5 : f32
  %a = arith.cmpf olt, %f, %c : f32
  %b = arith.cmpf oeq, %f, %c : f32
  return %a, %b : i1, i1
}

// CHECK-LABEL: func.func @extended(
// CHECK-SAME:    %[[X:[^:]+]]: i32, %[[Y:[^:]+]]: i32)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK:         %[[SUM:.*]] = arith.addi %[[X]], %[[Y]] : i32
// CHECK:         %[[NEG:.*]] = arith.cmpi slt, %[[X]], %[[ZERO]] : i32
// CHECK:         %[[HIGH:.*]] = arith.extsi %[[NEG]] : i1 to i32
// CHECK:         return %[[SUM]], %[[X]], %[[HIGH]]
func.func @extended(%x: i32, %y: i32) -> (i32, i32, i32) {
  %one = arith.constant 1 : i32
  %s, %o = arith.addui_extended %x, %y : i32, i1
  %l, %h = arith.mulsi_extended %x, %one : i32
  return %s, %l, %h : i32, i32, i32
}
