// REQUIRES: mlc
// RUN: not mlc-opt %s --convert-vector-to-llvm=enable-x86vector=true 2>&1 | filecheck %s
// RUN: mlc-opt %s '--convert-vector-to-llvm=enable-x86vector=false enable-arm-sve=0' | filecheck %s --check-prefix=OFF

// The target-specific options of MLIR 19's pass are accepted when off; mlc has none of the
// dialects they would use.
// CHECK: error: option 'enable-x86vector' is not available: mlc has no target-specific vector dialect
// OFF-LABEL: func.func @f
// OFF: llvm.intr.fmuladd
func.func @f(%a: vector<4xf32>) -> vector<4xf32> {
  %0 = vector.fma %a, %a, %a : vector<4xf32>
  return %0 : vector<4xf32>
}
