// mlir-opt 19's lowering of func/arith/math/vector/cf code (--convert-math-to-llvm
// --convert-vector-to-llvm --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm
// --reconcile-unrealized-casts), as mlir-opt printed it.
module {
  llvm.func @scalar(%arg0: i32, %arg1: i32, %arg2: f32, %arg3: f64) -> i32 {
    %0 = llvm.mlir.constant(7 : i32) : i32
    %1 = llvm.add %arg0, %arg1 overflow<nsw> : i32
    %2 = llvm.mul %1, %0 : i32
    %3 = llvm.sdiv %2, %arg1  : i32
    %4 = llvm.urem %3, %arg1  : i32
    %5 = llvm.icmp "slt" %4, %arg0 : i32
    %6 = llvm.select %5, %4, %arg0 : i1, i32
    %7 = llvm.fadd %arg2, %arg2  {fastmathFlags = #llvm.fastmath<fast>} : f32
    %8 = llvm.fpext %7 : f32 to f64
    %9 = llvm.fmul %8, %arg3  : f64
    %10 = llvm.fptosi %9 : f64 to i32
    %11 = llvm.add %6, %10 : i32
    %12 = llvm.fcmp "olt" %arg2, %arg2 : f32
    %13 = llvm.fneg %arg2  : f32
    %14 = llvm.bitcast %arg2 : f32 to i32
    %15 = llvm.ashr %14, %arg0  : i32
    %16 = llvm.intr.maximum(%arg2, %13)  : (f32, f32) -> f32
    %17 = llvm.intr.exp(%16)  : (f32) -> f32
    %18 = llvm.intr.sqrt(%17)  {fastmathFlags = #llvm.fastmath<afn>} : (f32) -> f32
    %19 = llvm.intr.fma(%18, %18, %18)  : (f32, f32, f32) -> f32
    %20 = "llvm.intr.abs"(%arg0) <{is_int_min_poison = false}> : (i32) -> i32
    %21 = "llvm.intr.ctlz"(%20) <{is_zero_poison = false}> : (i32) -> i32
    %22 = llvm.intr.pow(%19, %19)  : (f32, f32) -> f32
    %23 = llvm.intr.floor(%22)  : (f32) -> f32
    %24 = llvm.fptoui %23 : f32 to i32
    %25 = llvm.add %24, %21 : i32
    llvm.cond_br %12, ^bb1(%11 : i32), ^bb2
  ^bb1(%26: i32):  // 2 preds: ^bb0, ^bb2
    llvm.return %26 : i32
  ^bb2:  // pred: ^bb0
    %27 = llvm.add %15, %25 : i32
    llvm.br ^bb1(%27 : i32)
  }
  llvm.func @ext(i32, f32) -> f64 attributes {sym_visibility = "private"}
  llvm.func @caller(%arg0: i32) -> !llvm.struct<(i32, f32)> attributes {llvm.emit_c_interface} {
    %0 = llvm.mlir.constant(1.000000e+00 : f32) : f32
    %1 = llvm.call @ext(%arg0, %0) : (i32, f32) -> f64
    llvm.switch %arg0 : i32, ^bb1 [
      42: ^bb1,
      4294967293: ^bb1
    ]
  ^bb1:  // 3 preds: ^bb0, ^bb0, ^bb0
    %2 = llvm.mlir.undef : !llvm.struct<(i32, f32)>
    %3 = llvm.insertvalue %arg0, %2[0] : !llvm.struct<(i32, f32)> 
    %4 = llvm.insertvalue %0, %3[1] : !llvm.struct<(i32, f32)> 
    llvm.return %4 : !llvm.struct<(i32, f32)>
  }
  llvm.func @_mlir_ciface_caller(%arg0: !llvm.ptr, %arg1: i32) attributes {llvm.emit_c_interface} {
    %0 = llvm.call @caller(%arg1) : (i32) -> !llvm.struct<(i32, f32)>
    llvm.store %0, %arg0 : !llvm.struct<(i32, f32)>, !llvm.ptr
    llvm.return
  }
  llvm.func @vectors(%arg0: vector<4xf32>, %arg1: vector<4xi32>, %arg2: i64, %arg3: vector<4xi1>) -> f32 {
    %0 = llvm.fadd %arg0, %arg0  : vector<4xf32>
    %1 = llvm.extractelement %0[%arg2 : i64] : vector<4xf32>
    %2 = llvm.mlir.undef : vector<4xf32>
    %3 = llvm.mlir.constant(0 : i32) : i32
    %4 = llvm.insertelement %1, %2[%3 : i32] : vector<4xf32>
    %5 = llvm.shufflevector %4, %2 [0, 0, 0, 0] : vector<4xf32> 
    %6 = llvm.intr.fmuladd(%0, %5, %arg0)  : (vector<4xf32>, vector<4xf32>, vector<4xf32>) -> vector<4xf32>
    %7 = llvm.mlir.constant(0.000000e+00 : f32) : f32
    %8 = "llvm.intr.vector.reduce.fadd"(%7, %6) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
    %9 = "llvm.intr.vector.reduce.smax"(%arg1) : (vector<4xi32>) -> i32
    %10 = llvm.shufflevector %arg0, %arg0 [0, 5, 2, 7] : vector<4xf32> 
    %11 = llvm.intr.vector.reduce.fmax(%10)  : (vector<4xf32>) -> f32
    %12 = llvm.sitofp %9 : i32 to f32
    %13 = llvm.fadd %8, %12  : f32
    %14 = llvm.select %arg3, %arg0, %10 : vector<4xi1>, vector<4xf32>
    %15 = llvm.mlir.constant(1.000000e+00 : f32) : f32
    %16 = "llvm.intr.vector.reduce.fmul"(%15, %14) <{fastmathFlags = #llvm.fastmath<none>}> : (f32, vector<4xf32>) -> f32
    %17 = llvm.fadd %13, %16  : f32
    %18 = llvm.fadd %17, %11  : f32
    llvm.return %18 : f32
  }
}

