// Every arith op in custom form, on scalars, vectors and tensors.
func.func @integer_ops(%a: i32, %b: i32, %v: vector<4xi32>, %t: tensor<2x?xi64>) -> i32 {
  %0 = arith.addi %a, %b : i32
  %1 = arith.subi %0, %b overflow<nsw> : i32
  %2 = arith.muli %1, %a overflow<nuw> : i32
  %3 = arith.shli %2, %b overflow<nsw, nuw> : i32
  %4 = arith.divsi %3, %a : i32
  %5 = arith.divui %4, %a : i32
  %6 = arith.remsi %5, %b : i32
  %7 = arith.remui %6, %b : i32
  %8 = arith.andi %7, %a : i32
  %9 = arith.ori %8, %a : i32
  %10 = arith.xori %9, %a : i32
  %11 = arith.shrsi %10, %b : i32
  %12 = arith.shrui %11, %b : i32
  %13 = arith.maxsi %12, %a : i32
  %14 = arith.maxui %13, %a : i32
  %15 = arith.minsi %14, %a : i32
  %16 = arith.minui %15, %a : i32
  %17 = arith.ceildivsi %16, %a : i32
  %18 = arith.ceildivui %17, %a : i32
  %19 = arith.floordivsi %18, %a : i32
  %sum, %overflow = arith.addui_extended %19, %a : i32, i1
  %low, %high = arith.mulsi_extended %sum, %a : i32
  %ulow, %uhigh = arith.mului_extended %low, %high : i32
  %20 = arith.addi %v, %v : vector<4xi32>
  %21 = arith.muli %t, %t : tensor<2x?xi64>
  %22 = arith.select %overflow, %ulow, %uhigh : i32
  return %22 : i32
}

func.func @float_ops(%x: f32, %y: f32, %h: f16, %b: bf16, %d: f64, %v: vector<[4]xf32>) -> f32 {
  %0 = arith.addf %x, %y : f32
  %1 = arith.subf %0, %y fastmath<fast> : f32
  %2 = arith.mulf %1, %x fastmath<nnan,ninf> : f32
  %3 = arith.divf %2, %y fastmath<reassoc,nsz,arcp,contract,afn> : f32
  %4 = arith.remf %3, %x : f32
  %5 = arith.maximumf %4, %x : f32
  %6 = arith.minimumf %5, %x : f32
  %7 = arith.maxnumf %6, %x : f32
  %8 = arith.minnumf %7, %x : f32
  %9 = arith.negf %8 : f32
  %10 = arith.addf %h, %h : f16
  %11 = arith.mulf %b, %b : bf16
  %12 = arith.divf %d, %d : f64
  %13 = arith.addf %v, %v : vector<[4]xf32>
  return %9 : f32
}

func.func @comparisons(%a: i64, %b: i64, %x: f64, %y: f64, %i: index, %v: vector<2xf16>) -> i1 {
  %0 = arith.cmpi eq, %a, %b : i64
  %1 = arith.cmpi ne, %a, %b : i64
  %2 = arith.cmpi slt, %a, %b : i64
  %3 = arith.cmpi sle, %a, %b : i64
  %4 = arith.cmpi sgt, %a, %b : i64
  %5 = arith.cmpi sge, %a, %b : i64
  %6 = arith.cmpi ult, %a, %b : i64
  %7 = arith.cmpi ule, %a, %b : i64
  %8 = arith.cmpi ugt, %a, %b : i64
  %9 = arith.cmpi uge, %i, %i : index
  %10 = arith.cmpf false, %x, %y : f64
  %11 = arith.cmpf oeq, %x, %y : f64
  %12 = arith.cmpf ogt, %x, %y : f64
  %13 = arith.cmpf oge, %x, %y : f64
  %14 = arith.cmpf olt, %x, %y : f64
  %15 = arith.cmpf ole, %x, %y : f64
  %16 = arith.cmpf one, %x, %y : f64
  %17 = arith.cmpf ord, %x, %y : f64
  %18 = arith.cmpf ueq, %x, %y : f64
  %19 = arith.cmpf ugt, %x, %y : f64
  %20 = arith.cmpf uge, %x, %y : f64
  %21 = arith.cmpf ult, %x, %y : f64
  %22 = arith.cmpf ule, %x, %y : f64
  %23 = arith.cmpf une, %x, %y : f64
  %24 = arith.cmpf uno, %x, %y fastmath<nnan> : f64
  %25 = arith.cmpf true, %v, %v : vector<2xf16>
  %26 = arith.select %25, %v, %v : vector<2xi1>, vector<2xf16>
  return %24 : i1
}

func.func @casts(%i8: i8, %i32: i32, %i64: i64, %f16: f16, %f32: f32, %bf16: bf16, %idx: index, %v: vector<4xi16>) {
  %0 = arith.extsi %i8 : i8 to i32
  %1 = arith.extui %i8 : i8 to i64
  %2 = arith.trunci %i64 : i64 to i8
  %3 = arith.sitofp %i32 : i32 to f32
  %4 = arith.uitofp %i32 : i32 to f64
  %5 = arith.fptosi %f32 : f32 to i64
  %6 = arith.fptoui %f16 : f16 to i8
  %7 = arith.extf %f16 : f16 to f32
  %8 = arith.extf %bf16 : bf16 to f64
  %9 = arith.truncf %f32 : f32 to bf16
  %10 = arith.truncf %f32 to_nearest_even : f32 to f16
  %11 = arith.index_cast %idx : index to i32
  %12 = arith.index_cast %i64 : i64 to index
  %13 = arith.index_castui %idx : index to i64
  %14 = arith.index_castui %i8 : i8 to index
  %15 = arith.bitcast %i32 : i32 to f32
  %16 = arith.bitcast %f16 : f16 to bf16
  %17 = arith.bitcast %v : vector<4xi16> to vector<4xf16>
  %18 = arith.extsi %v : vector<4xi16> to vector<4xi32>
  return
}
