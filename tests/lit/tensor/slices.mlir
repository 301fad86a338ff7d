// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// CHECK-LABEL: func.func @slices
func.func @slices(%t: tensor<?x4xf32>, %i: index, %n: index, %u: tensor<2x4xf32>) -> (tensor<2xf32>, tensor<?x2xf32>, tensor<?x4xf32>) {
  // CHECK: %extracted_slice = tensor.extract_slice %arg0[%arg1, 0] [1, 2] [1, 2] : tensor<?x4xf32> to tensor<2xf32>
  %s = tensor.extract_slice %t[%i, 0] [1, 2] [1, 2] : tensor<?x4xf32> to tensor<2xf32>
  // CHECK: %extracted_slice_0 = tensor.extract_slice %arg0[0, 1] [%arg2, 2] [1, 1] : tensor<?x4xf32> to tensor<?x2xf32>
  %d = tensor.extract_slice %t[0, 1] [%n, 2] [1, 1] : tensor<?x4xf32> to tensor<?x2xf32>
  // CHECK: %inserted_slice = tensor.insert_slice %arg3 into %arg0[%arg1, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<?x4xf32>
  %is = tensor.insert_slice %u into %t[%i, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<?x4xf32>
  return %s, %d, %is : tensor<2xf32>, tensor<?x2xf32>, tensor<?x4xf32>
}
