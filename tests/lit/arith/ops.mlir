// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// CHECK-LABEL: func.func @int_ops
func.func @int_ops(%a: i32, %b: i32, %i: index, %v: vector<4xi32>) -> i32 {
  // CHECK: %c7_i32 = arith.constant 7 : i32
  %c = arith.constant 7 : i32
  // CHECK: %c0 = arith.constant 0 : index
  %z = arith.constant 0 : index
  // CHECK: %true = arith.constant true
  %t = arith.constant true
  // CHECK: %0 = arith.addi %arg0, %arg1 : i32
  %0 = arith.addi %a, %b : i32
  // CHECK: %1 = arith.subi %0, %c7_i32 overflow<nsw> : i32
  %1 = arith.subi %0, %c overflow<nsw> : i32
  // CHECK: %2 = arith.muli %1, %1 overflow<nsw, nuw> : i32
  %2 = arith.muli %1, %1 overflow<nuw, nsw> : i32
  // CHECK: %3 = arith.divsi %2, %arg1 : i32
  %3 = arith.divsi %2, %b : i32
  // CHECK: %4 = arith.remui %3, %arg1 : i32
  %4 = arith.remui %3, %b : i32
  // CHECK: %5 = arith.andi %4, %arg0 : i32
  %5 = arith.andi %4, %a : i32
  // CHECK: %6 = arith.shrsi %5, %arg1 : i32
  %6 = arith.shrsi %5, %b : i32
  // CHECK: %7 = arith.maxsi %6, %arg0 : i32
  %7 = arith.maxsi %6, %a : i32
  // CHECK: %8 = arith.cmpi sge, %7, %arg0 : i32
  %8 = arith.cmpi sge, %7, %a : i32
  // CHECK: %9 = arith.select %8, %7, %arg0 : i32
  %9 = arith.select %8, %7, %a : i32
  // CHECK: %10 = arith.cmpi ult, %arg3, %arg3 : vector<4xi32>
  %10 = arith.cmpi ult, %v, %v : vector<4xi32>
  // CHECK: %11 = arith.select %10, %arg3, %arg3 : vector<4xi1>, vector<4xi32>
  %11 = arith.select %10, %v, %v : vector<4xi1>, vector<4xi32>
  // CHECK: %sum, %overflow = arith.addui_extended %arg0, %arg1 : i32, i1
  %s, %o = arith.addui_extended %a, %b : i32, i1
  // CHECK: %low, %high = arith.mulsi_extended %arg0, %arg1 : i32
  %l:2 = arith.mulsi_extended %a, %b : i32
  // CHECK: %12 = arith.index_cast %arg2 : index to i32
  %12 = arith.index_cast %i : index to i32
  // CHECK: %13 = arith.extsi %arg0 : i32 to i64
  %13 = arith.extsi %a : i32 to i64
  // CHECK: %14 = arith.trunci %13 : i64 to i16
  %14 = arith.trunci %13 : i64 to i16
  // CHECK: return %9 : i32
  return %9 : i32
}

// CHECK-LABEL: func.func @float_ops
func.func @float_ops(%x: f32, %y: f32, %h: f64) -> f32 {
  // CHECK: %cst = arith.constant 1.000000e+00 : f32
  %one = arith.constant 1.0 : f32
  // CHECK: %cst_0 = arith.constant 9.99999974E-6 : f32
  %eps = arith.constant 1.0e-5 : f32
  // CHECK: %cst_1 = arith.constant 0x7FC00000 : f32
  %nan = arith.constant 0x7FC00000 : f32
  // CHECK: %cst_2 = arith.constant dense<[1.000000e+00, 2.000000e+00]> : vector<2xf32>
  %d = arith.constant dense<[1.0, 2.0]> : vector<2xf32>
  // CHECK: %0 = arith.addf %arg0, %arg1 : f32
  %0 = arith.addf %x, %y : f32
  // CHECK: %1 = arith.mulf %0, %cst fastmath<fast> : f32
  %1 = arith.mulf %0, %one fastmath<fast> : f32
  // CHECK: %2 = arith.divf %1, %cst_0 fastmath<nnan,ninf> : f32
  %2 = arith.divf %1, %eps fastmath<ninf,nnan> : f32
  // CHECK: %3 = arith.negf %2 : f32
  %3 = arith.negf %2 : f32
  // CHECK: %4 = arith.cmpf olt, %3, %arg0 : f32
  %4 = arith.cmpf olt, %3, %x : f32
  // CHECK: %5 = arith.truncf %arg2 to_nearest_even : f64 to f32
  %5 = arith.truncf %h to_nearest_even : f64 to f32
  // CHECK: %6 = arith.extf %5 : f32 to f64
  %6 = arith.extf %5 : f32 to f64
  // CHECK: %7 = arith.fptosi %5 : f32 to i32
  %7 = arith.fptosi %5 : f32 to i32
  // CHECK: %8 = arith.sitofp %7 : i32 to f32
  %8 = arith.sitofp %7 : i32 to f32
  // CHECK: %9 = arith.bitcast %8 : f32 to i32
  %9 = arith.bitcast %8 : f32 to i32
  // CHECK: %10 = arith.maximumf %8, %arg0 : f32
  %10 = arith.maximumf %8, %x : f32
  return %10 : f32
}
