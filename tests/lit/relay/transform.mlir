// REQUIRES: mlc
// RUN: mlc-opt %s | mlc-opt | filecheck %s

// CHECK-LABEL: func.func @cnn
func.func @cnn(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x128xf32> {
  // CHECK: relay.nn.conv2d %arg0, %arg1 {channels = 8 : i64, kernel_size = [3, 3], padding = [1]} : (tensor<1x3x32x32xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x32x32xf32>
  %0 = relay.nn.conv2d %x, %w {channels = 8 : i64, kernel_size = [3, 3], padding = [1]} : (tensor<1x3x32x32xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x32x32xf32>
  // CHECK: relay.nn.max_pool2d %{{.*}} {pool_size = [2, 2], strides = [2, 2]} : (tensor<1x8x32x32xf32>) -> tensor<1x8x16x16xf32>
  %1 = relay.nn.max_pool2d %0 {pool_size = [2, 2], strides = [2, 2]} : (tensor<1x8x32x32xf32>) -> tensor<1x8x16x16xf32>
  %2 = relay.nn.avg_pool2d %1 {pool_size = [4, 4], strides = [4, 4]} : (tensor<1x8x16x16xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: relay.reshape %{{.*}} {newshape = [0, -1]} : (tensor<1x8x4x4xf32>) -> tensor<1x128xf32>
  %3 = relay.reshape %2 {newshape = [0, -1]} : (tensor<1x8x4x4xf32>) -> tensor<1x128xf32>
  return %3 : tensor<1x128xf32>
}

// Unknown dims flow through the relations as `?`.
// CHECK-LABEL: func.func @dynamic
func.func @dynamic(%x: tensor<?x3x4xf32>) -> tuple<tensor<?x3x2xf32>, tensor<?x3x2xf32>> {
  // CHECK: relay.transpose %arg0 {axes = [0, 2, 1]} : (tensor<?x3x4xf32>) -> tensor<?x4x3xf32>
  %0 = relay.transpose %x {axes = [0, 2, 1]} : (tensor<?x3x4xf32>) -> tensor<?x4x3xf32>
  %1 = relay.sum %0 {axis = [1], exclude = 1 : i64} : (tensor<?x4x3xf32>) -> tensor<4xf32>
  %2 = relay.split %x {indices_or_sections = 2 : i64, axis = 2 : i64} : (tensor<?x3x4xf32>) -> tuple<tensor<?x3x2xf32>, tensor<?x3x2xf32>>
  return %2 : tuple<tensor<?x3x2xf32>, tensor<?x3x2xf32>>
}
