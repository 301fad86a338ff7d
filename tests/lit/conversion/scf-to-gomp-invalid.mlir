// RUN: mlc-opt %s --convert-scf-to-gomp --verify-diagnostics
// REQUIRES: mlc

// The runtime's function names must be free for llvm.func declarations.
// expected-error @+1 {{'@omp_get_thread_num' is a 'func.func', but the OpenMP runtime's function of that name is needed}}
func.func private @omp_get_thread_num() -> i32

func.func @f(%a: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %a[%i] : memref<?xf32>
    memref.store %v, %a[%i] : memref<?xf32>
  }
  return
}
