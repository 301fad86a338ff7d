// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// CHECK-LABEL: func.func @mlp
func.func @mlp(%x: tensor<?x784xf32>, %w: tensor<10x784xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  // CHECK: relay.nn.dense %arg0, %arg1 {units = 10 : i64} : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
  %0 = relay.nn.dense %x, %w {units = 10 : i64} : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
  // CHECK: relay.nn.bias_add %{{.*}}, %arg2 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %1 = relay.nn.bias_add %0, %b : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  // CHECK: relay.nn.relu
  %2 = relay.nn.relu %1 : (tensor<?x10xf32>) -> tensor<?x10xf32>
  // CHECK: relay.nn.log_softmax %{{.*}} {axis = 1 : i64}
  %3 = relay.nn.log_softmax %2 {axis = 1 : i64} : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %3 : tensor<?x10xf32>
}

// Relay's batch_norm returns a 3-tuple; tuple_get_item takes it apart.
// CHECK-LABEL: func.func @tuples
func.func @tuples(%x: tensor<2x3x4x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4x4xf32> {
  // CHECK: relay.nn.batch_norm %arg0, %arg1, %arg2, %arg3, %arg4 {epsilon = 1.000000e-03 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tuple<tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>>
  %t = relay.nn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tuple<tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>>
  // CHECK: relay.tuple_get_item %{{.*}} {index = 0 : i64}
  %0 = relay.tuple_get_item %t {index = 0 : i64} : (tuple<tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<2x1xf32>, %b: tensor<3xf32>, %i: tensor<3xi32>) -> (tensor<2x3xf32>, tensor<2x3xi1>, tensor<3xf16>) {
  // CHECK: relay.const dense<1.500000e+00> : tensor<f32>
  %c = relay.const dense<1.5> : tensor<f32>
  %0 = relay.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = relay.power %0, %c : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: relay.greater_equal {{.*}} -> tensor<2x3xi1>
  %2 = relay.greater_equal %1, %0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %3 = relay.where %2, %1, %0 : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: relay.clip %{{.*}} {a_max = 6.000000e+00 : f32, a_min = 0.000000e+00 : f32}
  %4 = relay.clip %3 {a_min = 0.0 : f32, a_max = 6.0 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: relay.cast %arg2 {dtype = "float16"} : (tensor<3xi32>) -> tensor<3xf16>
  %5 = relay.cast %i {dtype = "float16"} : (tensor<3xi32>) -> tensor<3xf16>
  return %4, %2, %5 : tensor<2x3xf32>, tensor<2x3xi1>, tensor<3xf16>
}
