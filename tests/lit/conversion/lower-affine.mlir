// RUN: mlc-opt %s --lower-affine | filecheck %s

// Affine expressions expand operands first; constants are built where they are used. mod,
// floordiv and ceildiv by a constant get MLIR's sign corrections around remsi / divsi.

// CHECK-LABEL: func.func @apply(
// CHECK-SAME:      %[[A:.*]]: index, %[[B:.*]]: index)
// CHECK:         %[[C3:.*]] = arith.constant 3 : index
// CHECK:         %[[MUL:.*]] = arith.muli %[[A]], %[[C3]] : index
// CHECK:         %[[ADD:.*]] = arith.addi %[[MUL]], %[[B]] : index
// CHECK:         %[[CM7:.*]] = arith.constant -7 : index
// CHECK:         %[[LINEAR:.*]] = arith.addi %[[ADD]], %[[CM7]] : index
// CHECK:         %[[C8:.*]] = arith.constant 8 : index
// CHECK:         %[[REM:.*]] = arith.remsi %[[A]], %[[C8]] : index
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[NEG:.*]] = arith.cmpi slt, %[[REM]], %[[C0]] : index
// CHECK:         %[[CORR:.*]] = arith.addi %[[REM]], %[[C8]] : index
// CHECK:         %[[MOD:.*]] = arith.select %[[NEG]], %[[CORR]], %[[REM]] : index
// CHECK:         %[[C4:.*]] = arith.constant 4 : index
// CHECK:         %[[Z:.*]] = arith.constant 0 : index
// CHECK:         %[[M1:.*]] = arith.constant -1 : index
// CHECK:         %[[LT:.*]] = arith.cmpi slt, %[[A]], %[[Z]] : index
// CHECK:         %[[ND:.*]] = arith.subi %[[M1]], %[[A]] : index
// CHECK:         %[[DIVIDEND:.*]] = arith.select %[[LT]], %[[ND]], %[[A]] : index
// CHECK:         %[[Q:.*]] = arith.divsi %[[DIVIDEND]], %[[C4]] : index
// CHECK:         %[[CQ:.*]] = arith.subi %[[M1]], %[[Q]] : index
// CHECK:         %[[FLOOR:.*]] = arith.select %[[LT]], %[[CQ]], %[[Q]] : index
// CHECK:         %[[C16:.*]] = arith.constant 16 : index
// CHECK:         %[[Z2:.*]] = arith.constant 0 : index
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[LE:.*]] = arith.cmpi sle, %[[B]], %[[Z2]] : index
// CHECK:         %[[NEGB:.*]] = arith.subi %[[Z2]], %[[B]] : index
// CHECK:         %[[DEC:.*]] = arith.subi %[[B]], %[[ONE]] : index
// CHECK:         %[[D:.*]] = arith.select %[[LE]], %[[NEGB]], %[[DEC]] : index
// CHECK:         %[[Q2:.*]] = arith.divsi %[[D]], %[[C16]] : index
// CHECK:         %[[NQ:.*]] = arith.subi %[[Z2]], %[[Q2]] : index
// CHECK:         %[[IQ:.*]] = arith.addi %[[Q2]], %[[ONE]] : index
// CHECK:         %[[CEIL:.*]] = arith.select %[[LE]], %[[NQ]], %[[IQ]] : index
// CHECK:         return %[[LINEAR]], %[[MOD]], %[[FLOOR]], %[[CEIL]]
func.func @apply(%a: index, %b: index) -> (index, index, index, index) {
  %0 = affine.apply affine_map<(d0)[s0] -> (d0 * 3 + s0 - 7)>(%a)[%b]
  %1 = affine.apply affine_map<(d0) -> (d0 mod 8)>(%a)
  %2 = affine.apply affine_map<(d0) -> (d0 floordiv 4)>(%a)
  %3 = affine.apply affine_map<()[s0] -> (s0 ceildiv 16)>()[%b]
  return %0, %1, %2, %3 : index, index, index, index
}

// min and max expand every result, then reduce them left to right.

// CHECK-LABEL: func.func @min_max(
// CHECK-SAME:      %[[A:.*]]: index, %[[B:.*]]: index)
// CHECK:         %[[C10:.*]] = arith.constant 10 : index
// CHECK:         %[[M0:.*]] = arith.minsi %[[A]], %[[B]] : index
// CHECK:         %[[MIN:.*]] = arith.minsi %[[M0]], %[[C10]] : index
// CHECK:         %[[SUM:.*]] = arith.addi %[[A]], %[[B]] : index
// CHECK:         %[[CM1:.*]] = arith.constant -1 : index
// CHECK:         %[[NB:.*]] = arith.muli %[[B]], %[[CM1]] : index
// CHECK:         %[[DIFF:.*]] = arith.addi %[[A]], %[[NB]] : index
// CHECK:         %[[MAX:.*]] = arith.maxsi %[[SUM]], %[[DIFF]] : index
// CHECK:         return %[[MIN]], %[[MAX]], %[[A]]
func.func @min_max(%a: index, %b: index) -> (index, index, index) {
  %0 = affine.min affine_map<(d0)[s0] -> (d0, s0, 10)>(%a)[%b]
  %1 = affine.max affine_map<(d0, d1) -> (d0 + d1, d0 - d1)>(%a, %b)
  %2 = affine.min affine_map<()[s0] -> (s0)>()[%a]
  return %0, %1, %2 : index, index, index
}
