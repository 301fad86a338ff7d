// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// Aggregates and vectors. An aggregate built from constants folds into a constant (LLVM's
// IRBuilder folds as it builds), so only the ops with a non-constant operand remain.

// CHECK-LABEL: define { i32, [2 x float] } @structs(i32 %0, float %1)
llvm.func @structs(%a: i32, %f: f32) -> !llvm.struct<(i32, array<2 x f32>)> {
  %u = llvm.mlir.undef : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK-NEXT: %3 = insertvalue { i32, [2 x float] } undef, i32 %0, 0
  %0 = llvm.insertvalue %a, %u[0] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK-NEXT: %4 = insertvalue { i32, [2 x float] } %3, float %1, 1, 1
  %1 = llvm.insertvalue %f, %0[1, 1] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK-NEXT: %5 = extractvalue { i32, [2 x float] } %4, 1, 1
  %2 = llvm.extractvalue %1[1, 1] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK-NEXT: %6 = insertvalue { i32, [2 x float] } %4, float %5, 1, 0
  %3 = llvm.insertvalue %2, %1[1, 0] : !llvm.struct<(i32, array<2 x f32>)>
  // CHECK-NEXT: ret { i32, [2 x float] } %6
  llvm.return %3 : !llvm.struct<(i32, array<2 x f32>)>
}

// CHECK-LABEL: define { i32, float } @folded()
llvm.func @folded() -> !llvm.struct<(i32, f32)> {
  %u = llvm.mlir.undef : !llvm.struct<(i32, f32)>
  %c = llvm.mlir.constant(7 : i32) : i32
  %0 = llvm.insertvalue %c, %u[0] : !llvm.struct<(i32, f32)>
  // CHECK-NEXT: ret { i32, float } { i32 7, float undef }
  llvm.return %0 : !llvm.struct<(i32, f32)>
}

// CHECK-LABEL: define <6 x float> @vectors(<4 x float> %0, float %1, i32 %2, i64 %3)
llvm.func @vectors(%v: vector<4xf32>, %f: f32, %i: i32, %j: i64) -> vector<6xf32> {
  // CHECK-NEXT: %5 = extractelement <4 x float> %0, i64 %3
  %0 = llvm.extractelement %v[%j : i64] : vector<4xf32>
  // CHECK-NEXT: %6 = insertelement <4 x float> %0, float %5, i32 %2
  %1 = llvm.insertelement %0, %v[%i : i32] : vector<4xf32>
  // Mask entries of -1 are poison lanes.
  // CHECK-NEXT: %7 = shufflevector <4 x float> %6, <4 x float> %0, <6 x i32> <i32 0, i32 poison, i32 7, i32 2, i32 3, i32 1>
  %2 = llvm.shufflevector %1, %v [0, -1, 7, 2, 3, 1] : vector<4xf32>
  // A splat: insertelement into undef, then a zero mask.
  %u = llvm.mlir.undef : vector<4xf32>
  %c0 = llvm.mlir.constant(0 : i32) : i32
  // CHECK-NEXT: %8 = insertelement <4 x float> undef, float %1, i32 0
  %3 = llvm.insertelement %f, %u[%c0 : i32] : vector<4xf32>
  // CHECK-NEXT: %9 = shufflevector <4 x float> %8, <4 x float> undef, <4 x i32> zeroinitializer
  %4 = llvm.shufflevector %3, %u [0, 0, 0, 0] : vector<4xf32>
  llvm.return %2 : vector<6xf32>
}
