// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// The lane numbers of a vector (scalable ones too: `convert-vector-to-llvm` builds them for
// scalable masks), declared as LLVM 19 declares the intrinsic: not speculatable.
// CHECK-LABEL: define <4 x i32> @lanes()
// CHECK-NEXT:    %1 = call <4 x i32> @llvm.experimental.stepvector.v4i32()
// CHECK-NEXT:    ret <4 x i32> %1
// CHECK-LABEL: define <vscale x 2 x i64> @scalable_lanes()
// CHECK-NEXT:    %1 = call <vscale x 2 x i64> @llvm.experimental.stepvector.nxv2i64()
// CHECK:       declare <4 x i32> @llvm.experimental.stepvector.v4i32() #0
// CHECK:       declare <vscale x 2 x i64> @llvm.experimental.stepvector.nxv2i64() #0
// CHECK:       attributes #0 = { nocallback nofree nosync nounwind willreturn memory(none) }
llvm.func @lanes() -> vector<4xi32> {
  %0 = llvm.intr.experimental.stepvector : vector<4xi32>
  llvm.return %0 : vector<4xi32>
}

llvm.func @scalable_lanes() -> vector<[2]xi64> {
  %0 = llvm.intr.experimental.stepvector : vector<[2]xi64>
  llvm.return %0 : vector<[2]xi64>
}
