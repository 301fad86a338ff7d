// Arith ops of every kind, scalar, 1-D and n-D vectors, index casts, folds on the way.

func.func @f(%a: i32, %b: i32, %x: f32, %y: f32, %i: index, %v: vector<4xf32>, %w: vector<2x3xf32>, %iv: vector<4xi32>) -> (i32, index) {
  %0 = arith.addi %a, %b overflow<nsw> : i32
  %1 = arith.subi %a, %b : i32
  %2 = arith.divsi %a, %b : i32
  %3 = arith.cmpi slt, %a, %b : i32
  %4 = arith.cmpf olt, %x, %y fastmath<fast> : f32
  %5 = arith.select %3, %a, %b : i32
  %6 = arith.index_cast %a : i32 to index
  %7 = arith.addi %6, %i : index
  %8 = arith.constant 3 : index
  %9 = arith.constant dense<1.0> : vector<4xf32>
  %10 = arith.addf %v, %9 : vector<4xf32>
  %11 = arith.addf %w, %w : vector<2x3xf32>
  %12 = arith.constant dense<2.0> : vector<2x3xf32>
  %13 = arith.extsi %a : i32 to i64
  %14 = arith.ceildivsi %a, %b : i32
  %15 = arith.negf %x : f32
  %16 = arith.maximumf %x, %y : f32
  %17 = arith.index_cast %iv : vector<4xi32> to vector<4xindex>
  %18 = arith.cmpf one, %w, %w : vector<2x3xf32>
  %19:2 = arith.addui_extended %a, %b : i32, i1
  %20:2 = arith.mulsi_extended %a, %b : i32
  %21 = arith.floordivsi %a, %b : i32
  %22 = arith.bitcast %x : f32 to i32
  %23 = arith.truncf %x : f32 to bf16
  %24 = arith.remf %x, %y : f32
  %25 = arith.constant 1.5 : f32
  %26 = arith.index_castui %i : index to i8
  %27 = arith.select %3, %v, %v : vector<4xf32>
  return %0, %7 : i32, index
}

// -----

func.func @f(%a: i32, %b: i32, %x: f32, %y: f64, %v: vector<2x3xi32>, %w: vector<2x2x2xf32>, %t: tensor<4xi32>, %bc: vector<2x3xi1>) {
  %0 = arith.addi %a, %b {foo = 1 : i32} : i32
  %1 = arith.extf %x fastmath<fast> : f32 to f64
  %2 = arith.truncf %y to_nearest_even : f64 to f32
  %3 = arith.truncf %y fastmath<nnan> : f64 to f32
  %4 = arith.addf %x, %x fastmath<nnan, ninf> {bar} : f32
  %5 = arith.constant {baz} 7 : i32
  %6 = arith.muli %v, %v overflow<nsw, nuw> : vector<2x3xi32>
  %7 = arith.addf %w, %w : vector<2x2x2xf32>
  %8 = arith.addi %t, %t : tensor<4xi32>
  %9 = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %10 = arith.select %bc, %v, %v : vector<2x3xi1>, vector<2x3xi32>
  %11 = arith.index_cast %v : vector<2x3xi32> to vector<2x3xindex>
  %12 = arith.constant dense<[[1, 2], [3, 4]]> : vector<2x2xindex>
  %13 = arith.trunci %a : i32 to i8
  %14:2 = arith.addui_extended %v, %v : vector<2x3xi32>, vector<2x3xi1>
  %15:2 = arith.mului_extended %v, %v : vector<2x3xi32>
  %16:2 = arith.mului_extended %b, %b : i32
  %17 = arith.bitcast %a : i32 to i32
  %18 = arith.constant 0.0 : bf16
  %20 = arith.constant dense<true> : vector<4xi1>
  %21 = arith.constant true
  %22 = arith.constant dense<[1.0, 2.0]> : vector<2xf16>
  return
}

// -----

func.func @f(%x: f8E4M3FN, %y: i8, %i: index, %v: vector<2x3xindex>) -> i8 { %r = arith.bitcast %x : f8E4M3FN to i8
 %s = arith.bitcast %y : i8 to f8E4M3FN
 %u = arith.index_cast %i : index to i64
 %w = arith.index_castui %v : vector<2x3xindex> to vector<2x3xi32>
 %z = arith.index_cast %v : vector<2x3xindex> to vector<2x3xi64>
 return %r : i8 }

// -----

func.func @f(%y: f64, %v: vector<2x3xf64>) { %2 = arith.truncf %y to_nearest_even : f64 to f32
 %3 = arith.truncf %y downward fastmath<fast> : f64 to f32
 %4 = arith.truncf %v upward : vector<2x3xf64> to vector<2x3xf32>
 %5 = arith.truncf %y toward_zero : f64 to f32
 %6 = arith.truncf %y to_nearest_away : f64 to f32
return }

// -----

func.func @t(%x: i32, %y: i32) -> (i1, i32) {
  %c0 = arith.constant 0 : i32
  %a = arith.andi %c0, %x : i32
  %b = arith.cmpi sle, %a, %y : i32
  %c = arith.addi %a, %y : i32
  return %b, %c : i1, i32
}

// -----

func.func @t(%x: i64) -> i64 {
  %c0 = arith.constant 0 : i64
  %c63 = arith.constant 63 : i64
  %m = arith.muli %c0, %x : i64
  %a = arith.andi %m, %c63 : i64
  return %a : i64
}
