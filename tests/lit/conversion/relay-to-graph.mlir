// RUN: mlc-opt %s --convert-relay-to-graph --split-input-file | filecheck %s
// REQUIRES: mlc

// A dynamic batch dim becomes a size variable that inference carries to the results;
// dense + bias_add on the last axis is graph.linear (x @ w^T + b: w stays [units, in]).
// CHECK-LABEL: graph.func @mlp<n0>(%arg0: !graph.tensor<[n0, 784], f32>
// CHECK-SAME:    -> !graph.tensor<[n0, 10], f32>
// CHECK-NEXT:    %[[L:.*]] = linear %arg0, %arg1, %arg2 : (!graph.tensor<[n0, 784], f32>, !graph.tensor<[10, 784], f32>, !graph.tensor<[10], f32>)
// CHECK-NEXT:    %[[R:.*]] = relu %[[L]]
// CHECK-NEXT:    %[[S:.*]] = softmax %[[R]] : (!graph.tensor<[n0, 10], f32>)
// CHECK-NEXT:    return %[[S]] : !graph.tensor<[n0, 10], f32>
func.func @mlp(%x: tensor<?x784xf32>, %w: tensor<10x784xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  %0 = relay.nn.dense %x, %w {units = 10 : i64} : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
  %1 = relay.nn.bias_add %0, %b {axis = -1 : i64} : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %2 = relay.nn.relu %1 : (tensor<?x10xf32>) -> tensor<?x10xf32>
  %3 = relay.nn.softmax %2 : (tensor<?x10xf32>) -> tensor<?x10xf32>
  return %3 : tensor<?x10xf32>
}

// -----

// Otherwise dense's [units, in] weight is transposed into a matmul: a bias on another
// axis, a bias defined after the dense, a dense with other users.
// CHECK-LABEL: graph.func @dense
// CHECK-NEXT:    %[[WT:.*]] = transpose %arg1 {perm = [1, 0]} : (!graph.tensor<[3, 2], f32>)
// CHECK-NEXT:    %[[M:.*]] = matmul %arg0, %[[WT]] : (!graph.tensor<[3, 2], f32>, !graph.tensor<[2, 3], f32>)
// CHECK-NEXT:    %[[B0:.*]] = bias_add %[[M]], %arg2 {axis = 0 : i64}
// CHECK-NEXT:    %[[WT1:.*]] = transpose %arg1
// CHECK-NEXT:    %[[M1:.*]] = matmul %arg0, %[[WT1]]
// CHECK-NEXT:    %[[C:.*]] = constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    bias_add %[[M1]], %[[C]] : (!graph.tensor<[3, 3], f32>, !graph.tensor<[3], f32>)
// CHECK-NEXT:    %[[WT2:.*]] = transpose %arg1
// CHECK-NEXT:    %[[M2:.*]] = matmul %arg0, %[[WT2]]
// CHECK-NEXT:    bias_add %[[M2]], %arg2 :
// CHECK-NEXT:    mul %[[M2]], %[[M2]]
func.func @dense(%x: tensor<3x2xf32>, %w: tensor<3x2xf32>, %b: tensor<3xf32>) -> (tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>) {
  %0 = relay.nn.dense %x, %w : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x3xf32>
  %1 = relay.nn.bias_add %0, %b {axis = 0 : i64} : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  %2 = relay.nn.dense %x, %w : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x3xf32>
  %c = relay.const dense<1.0> : tensor<3xf32>
  %3 = relay.nn.bias_add %2, %c : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  %4 = relay.nn.dense %x, %w : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x3xf32>
  %5 = relay.nn.bias_add %4, %b : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  %6 = relay.multiply %4, %4 : (tensor<3x3xf32>, tensor<3x3xf32>) -> tensor<3x3xf32>
  return %1, %3, %5, %6 : tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3xf32>
}

// -----

// Two unknown dims are not known to be equal: a variable each.
// CHECK-LABEL: graph.func @two<n0, n1>(%arg0: !graph.tensor<[n0, 4], f32>, %arg1: !graph.tensor<[n1, 4], f32>) -> !graph.tensor<[?, 4], f32>
// CHECK-NEXT:    sub %arg0, %arg1
func.func @two(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = relay.subtract %a, %b : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// round is half away from zero in Relay, half to even in graph: sign(x) * floor(|x| + 0.5).
// CHECK-LABEL: graph.func @round
// CHECK:         %[[HALF:.*]] = constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT:    %[[SIGN:.*]] = sign %arg0
// CHECK-NEXT:    %[[ABS:.*]] = abs %arg0
// CHECK-NEXT:    %[[ADD:.*]] = add %[[ABS]], %[[HALF]]
// CHECK-NEXT:    %[[FLOOR:.*]] = floor %[[ADD]]
// CHECK-NEXT:    %[[R:.*]] = mul %[[SIGN]], %[[FLOOR]]
// CHECK-NEXT:    return %[[R]]
func.func @round(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = relay.round %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// floor_divide: floor(a / b) on floats, (a - a mod b) / b on integers; divide truncates in
// both dialects.
// CHECK-LABEL: graph.func @divisions
// CHECK:         %[[Q:.*]] = div %arg0, %arg1 : (!graph.tensor<[4], f32>, !graph.tensor<[4], f32>)
// CHECK-NEXT:    %[[F:.*]] = floor %[[Q]]
// CHECK-NEXT:    %[[M:.*]] = mod %arg2, %arg3 : (!graph.tensor<[4], i32>, !graph.tensor<[4], i32>)
// CHECK-NEXT:    %[[S:.*]] = sub %arg2, %[[M]]
// CHECK-NEXT:    %[[I:.*]] = div %[[S]], %arg3
// CHECK-NEXT:    %[[T:.*]] = div %arg2, %arg3
// CHECK-NEXT:    return %[[F]], %[[I]], %[[T]]
func.func @divisions(%a: tensor<4xf32>, %b: tensor<4xf32>, %i: tensor<4xi32>, %j: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = relay.floor_divide %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = relay.floor_divide %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = relay.divide %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// CHECK-LABEL: graph.func @elementwise
// CHECK:         %[[C:.*]] = clip %arg0 {max = 1.000000e+00 : f32, min = -1.000000e+00 : f32}
// CHECK-NEXT:    %[[P:.*]] = pow %[[C]], %arg1
// CHECK-NEXT:    %[[G:.*]] = greater %[[P]], %arg1
// CHECK-NEXT:    %[[N:.*]] = not %[[G]] : (!graph.tensor<[2, 3], i1>)
// CHECK-NEXT:    %[[W:.*]] = where %[[N]], %[[P]], %arg1
// CHECK-NEXT:    %[[X:.*]] = cast %[[W]] {to = f16}
// CHECK-NEXT:    return %[[X]] : !graph.tensor<[2, 3], f16>
func.func @elementwise(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf16> {
  %0 = relay.clip %x {a_min = -1.0 : f32, a_max = 1.0 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = relay.power %0, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = relay.greater %1, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %3 = relay.logical_not %2 : (tensor<2x3xi1>) -> tensor<2x3xi1>
  %4 = relay.where %3, %1, %y : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = relay.cast %4 {dtype = "float16"} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %5 : tensor<2x3xf16>
}

// -----

// Tuples become their fields: a tuple argument, a tuple result, tuple_get_item and
// concatenate over a tuple.
// CHECK-LABEL: graph.func @tuples(%arg0: !graph.tensor<[2], f32>, %arg1: !graph.tensor<[3], f32>) -> (!graph.tensor<[5], f32>, !graph.tensor<[2], f32>)
// CHECK-NEXT:    %[[C:.*]] = concat %arg0, %arg1 {axis = 0 : i64}
// CHECK-NEXT:    return %[[C]], %arg0
func.func @tuples(%t: tuple<tensor<2xf32>, tensor<3xf32>>) -> tuple<tensor<5xf32>, tensor<2xf32>> {
  %a = relay.tuple_get_item %t {index = 0 : i64} : (tuple<tensor<2xf32>, tensor<3xf32>>) -> tensor<2xf32>
  %c = relay.concatenate %t : (tuple<tensor<2xf32>, tensor<3xf32>>) -> tensor<5xf32>
  %r = relay.tuple %c, %a : (tensor<5xf32>, tensor<2xf32>) -> tuple<tensor<5xf32>, tensor<2xf32>>
  return %r : tuple<tensor<5xf32>, tensor<2xf32>>
}

// -----

// split's tuple is graph.split's results; sections become sizes, indices too.
// CHECK-LABEL: graph.func @split
// CHECK-NEXT:    %[[A:.*]]:2 = split %arg0 {split = [3, 3]}
// CHECK-NEXT:    %[[B:.*]]:3 = split %arg0 {axis = 1 : i64, split = [1, 2, 1]}
// CHECK-NEXT:    return %[[A]]#1, %[[B]]#2
func.func @split(%x: tensor<6x4xf32>) -> (tensor<3x4xf32>, tensor<6x1xf32>) {
  %s = relay.split %x {indices_or_sections = 2 : i64} : (tensor<6x4xf32>) -> tuple<tensor<3x4xf32>, tensor<3x4xf32>>
  %a = relay.tuple_get_item %s {index = 1 : i64} : (tuple<tensor<3x4xf32>, tensor<3x4xf32>>) -> tensor<3x4xf32>
  %p = relay.split %x {indices_or_sections = [1, 3], axis = 1 : i64} : (tensor<6x4xf32>) -> tuple<tensor<6x1xf32>, tensor<6x2xf32>, tensor<6x1xf32>>
  %b = relay.tuple_get_item %p {index = 2 : i64} : (tuple<tensor<6x1xf32>, tensor<6x2xf32>, tensor<6x1xf32>>) -> tensor<6x1xf32>
  return %a, %b : tensor<3x4xf32>, tensor<6x1xf32>
}

// -----

// batch_norm's 3-tuple is (graph.batch_norm, moving_mean, moving_var).
// CHECK-LABEL: graph.func @batch_norm
// CHECK-NEXT:    %[[N:.*]] = batch_norm %arg0, %arg1, %arg2, %arg3, %arg4 {epsilon = 1.000000e-03 : f32}
// CHECK-NEXT:    return %[[N]], %arg4
func.func @batch_norm(%x: tensor<1x3x4x4xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<1x3x4x4xf32>, tensor<3xf32>) {
  %t = relay.nn.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tuple<tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>>
  %0 = relay.tuple_get_item %t {index = 0 : i64} : (tuple<tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>>) -> tensor<1x3x4x4xf32>
  %1 = relay.tuple_get_item %t {index = 2 : i64} : (tuple<tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>>) -> tensor<3xf32>
  return %0, %1 : tensor<1x3x4x4xf32>, tensor<3xf32>
}

// -----

// Padding of 1, 2 or 4 numbers becomes pads (begins, then ends); NHWC/HWIO is
// data_format NHWC; an NCHW conv with an HWIO kernel gets its kernel transposed.
// CHECK-LABEL: graph.func @conv
// CHECK-NEXT:    conv %arg0, %arg1 {dilations = [1, 1], pads = [1, 1, 1, 1], strides = [1, 1]}
// CHECK-NEXT:    %[[NHWC:.*]] = conv %arg2, %arg3 {data_format = "NHWC", dilations = [1, 1], pads = [1, 0, 1, 0], strides = [1, 1]}
// CHECK-NEXT:    %[[OIHW:.*]] = transpose %arg3 {perm = [3, 2, 0, 1]} : (!graph.tensor<[3, 3, 3, 4], f32>)
// CHECK-NEXT:    %[[C:.*]] = conv %arg0, %[[OIHW]] {dilations = [1, 1], pads = [0, 1, 2, 3], strides = [2, 2]}
// CHECK-NEXT:    slice %[[NHWC]] {axes = [1], ends = [8], starts = [1], steps = [1]}
// CHECK-NEXT:    slice %[[C]] {axes = [2, 3], ends = [9223372036854775807, 4], starts = [0, 0], steps = [1, 1]}
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %xh: tensor<1x8x8x3xf32>, %wh: tensor<3x3x3x4xf32>) -> (tensor<1x4x8x8xf32>, tensor<1x7x6x4xf32>, tensor<1x4x4x4xf32>) {
  %0 = relay.nn.conv2d %x, %w {padding = [1], channels = 4 : i64, kernel_size = [3, 3]} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = relay.nn.conv2d %xh, %wh {padding = [1, 0], data_layout = "NHWC", kernel_layout = "HWIO"} : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x6x4xf32>
  %2 = relay.nn.conv2d %x, %wh {padding = [0, 1, 2, 3], strides = [2, 2], kernel_layout = "HWIO"} : (tensor<1x3x8x8xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x4x5xf32>
  %3 = relay.strided_slice %1 {begin = [1], end = [8], axes = [1]} : (tensor<1x8x6x4xf32>) -> tensor<1x7x6x4xf32>
  %4 = relay.strided_slice %2 {begin = [0, 0], end = [-1, 4], axes = [2, 3], slice_mode = "size"} : (tensor<1x4x4x5xf32>) -> tensor<1x4x4x4xf32>
  return %0, %3, %4 : tensor<1x4x8x8xf32>, tensor<1x7x6x4xf32>, tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: graph.func @pools
// CHECK-NEXT:    max_pool %arg0 {dilations = [1, 1], kernel_shape = [2, 2], pads = [0, 0, 0, 0], strides = [2, 2]}
// CHECK-NEXT:    avg_pool %arg0 {ceil_mode = true, count_include_pad = true, dilations = [1, 1], kernel_shape = [3, 3], pads = [1, 1, 1, 1], strides = [2, 2]}
// CHECK-NEXT:    global_avg_pool %arg0 : (!graph.tensor<[1, 3, 8, 8], f32>)
// CHECK-NEXT:    max_pool %arg0 {dilations = [1, 1], kernel_shape = [3, 3], pads = [0, 0, 1, 1], strides = [2, 2]}
// Relay's ceil_mode keeps a last window that starts past the input, ONNX's drops it: the
// ends are padded instead (a max never takes padding); an average that counts padding
// keeps ceil_mode where graph keeps the window too.
func.func @pools(%x: tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x5x5xf32>, tensor<1x3x1x1xf32>, tensor<1x3x4x4xf32>) {
  %0 = relay.nn.max_pool2d %x {pool_size = [2, 2], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  %1 = relay.nn.avg_pool2d %x {pool_size = [3, 3], strides = [2, 2], padding = [1], ceil_mode = 1 : i64, count_include_pad = 1 : i64} : (tensor<1x3x8x8xf32>) -> tensor<1x3x5x5xf32>
  %2 = relay.nn.global_avg_pool2d %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  %3 = relay.nn.max_pool2d %x {pool_size = [3, 3], strides = [2, 2], ceil_mode = 1 : i64} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0, %1, %2, %3 : tensor<1x3x4x4xf32>, tensor<1x3x5x5xf32>, tensor<1x3x1x1xf32>, tensor<1x3x4x4xf32>
}

// -----

// Reshape codes: 0 and -1 are ONNX's too; -2, -3 and -4 become explicit sizes, a copied
// unknown dim 0, the one other unknown -1.
// CHECK-LABEL: graph.func @reshape<n0>
// CHECK-NEXT:    reshape %arg0 {shape = [2, 12]}
// CHECK-NEXT:    reshape %arg0 {shape = [6, 2, 2]}
// CHECK-NEXT:    reshape %arg1 {shape = [0, 12]} : (!graph.tensor<[n0, 3, 4], f32>)
// CHECK-NEXT:    reshape %arg1 {shape = [0, 3, 4, 2, 2]}
// CHECK-NEXT:    reshape %arg1 {shape = [0, 3, 2, 2]}
// CHECK-NEXT:    return {{.*}} : !graph.tensor<[2, 12], f32>, !graph.tensor<[6, 2, 2], f32>, !graph.tensor<[n0, 12], f32>, !graph.tensor<[n0, 3, 2, 2], f32>
func.func @reshape(%x: tensor<2x3x4xf32>, %y: tensor<?x3x4xf32>) -> (tensor<2x12xf32>, tensor<6x2x2xf32>, tensor<?x12xf32>, tensor<?x3x2x2xf32>) {
  %0 = relay.reshape %x {newshape = [0, -1]} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
  %1 = relay.reshape %x {newshape = [-3, -4, 2, -1]} : (tensor<2x3x4xf32>) -> tensor<6x2x2xf32>
  %2 = relay.reshape %y {newshape = [0, -3]} : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
  %3 = relay.reshape %y {newshape = [-2, 2, 2]} : (tensor<?x3x4xf32>) -> tensor<?x3x4x2x2xf32>
  %4 = relay.reshape %y {newshape = [0, 0, -4, 2, -1]} : (tensor<?x3x4xf32>) -> tensor<?x3x2x2xf32>
  return %0, %1, %2, %4 : tensor<2x12xf32>, tensor<6x2x2xf32>, tensor<?x12xf32>, tensor<?x3x2x2xf32>
}

// -----

// CHECK-LABEL: graph.func @shapes
// CHECK-NEXT:    squeeze %arg0 : (!graph.tensor<[1, 3, 1], f32>)
// CHECK-NEXT:    expand_dims %arg0 {axes = [0, 1]}
// CHECK-NEXT:    flatten %arg0 : (!graph.tensor<[1, 3, 1], f32>)
// CHECK-NEXT:    transpose %arg0 {perm = [2, 1, 0]}
func.func @shapes(%x: tensor<1x3x1xf32>) -> (tensor<3xf32>, tensor<1x1x1x3x1xf32>, tensor<1x3xf32>, tensor<1x3x1xf32>) {
  %0 = relay.squeeze %x : (tensor<1x3x1xf32>) -> tensor<3xf32>
  %1 = relay.expand_dims %x {axis = -4 : i64, num_newaxis = 2 : i64} : (tensor<1x3x1xf32>) -> tensor<1x1x1x3x1xf32>
  %2 = relay.nn.batch_flatten %x : (tensor<1x3x1xf32>) -> tensor<1x3xf32>
  %3 = relay.transpose %x {axes = [2, 1, 0]} : (tensor<1x3x1xf32>) -> tensor<1x3x1xf32>
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<1x1x1x3x1xf32>, tensor<1x3xf32>, tensor<1x3x1xf32>
}

// -----

// take's clip mode clamps the indices (negative ones to 0), wrap takes them modulo the
// size, fast gathers as they are; without an axis, from the flattened data.
// CHECK-LABEL: graph.func @take
// CHECK-NEXT:    %[[ZERO:.*]] = constant dense<0> : tensor<i32>
// CHECK-NEXT:    %[[LAST:.*]] = constant dense<3> : tensor<i32>
// CHECK-NEXT:    %[[LOW:.*]] = maximum %arg1, %[[ZERO]]
// CHECK-NEXT:    %[[CLIPPED:.*]] = minimum %[[LOW]], %[[LAST]]
// CHECK-NEXT:    gather %arg0, %[[CLIPPED]] : (!graph.tensor<[4, 5], f32>, !graph.tensor<[3], i32>)
// CHECK-NEXT:    %[[SIZE:.*]] = constant dense<5> : tensor<i32>
// CHECK-NEXT:    %[[WRAPPED:.*]] = mod %arg1, %[[SIZE]]
// CHECK-NEXT:    gather %arg0, %[[WRAPPED]] {axis = 1 : i64}
// CHECK-NEXT:    %[[FLAT:.*]] = reshape %arg0 {shape = [-1]}
// CHECK-NEXT:    gather %[[FLAT]], %arg1 : (!graph.tensor<[20], f32>, !graph.tensor<[3], i32>)
func.func @take(%x: tensor<4x5xf32>, %i: tensor<3xi32>) -> (tensor<3x5xf32>, tensor<4x3xf32>, tensor<3xf32>) {
  %0 = relay.take %x, %i {axis = 0 : i64} : (tensor<4x5xf32>, tensor<3xi32>) -> tensor<3x5xf32>
  %1 = relay.take %x, %i {axis = 1 : i64, mode = "wrap"} : (tensor<4x5xf32>, tensor<3xi32>) -> tensor<4x3xf32>
  %2 = relay.take %x, %i {mode = "fast"} : (tensor<4x5xf32>, tensor<3xi32>) -> tensor<3xf32>
  return %0, %1, %2 : tensor<3x5xf32>, tensor<4x3xf32>, tensor<3xf32>
}

// -----

// exclude reduces the axes not listed; nothing to reduce is the identity.
// CHECK-LABEL: graph.func @reduce
// CHECK-NEXT:    reduce_sum %arg0 {axes = [0, 2], keepdims = false}
// CHECK-NEXT:    reduce_max %arg0 {axes = [1]} : (!graph.tensor<[2, 3, 4], f32>)
// CHECK-NEXT:    reduce_mean %arg0 {keepdims = false, noop_with_empty_axes = true}
func.func @reduce(%x: tensor<2x3x4xf32>) -> (tensor<3xf32>, tensor<2x1x4xf32>, tensor<2x3x4xf32>) {
  %0 = relay.sum %x {axis = [1], exclude = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = relay.max %x {axis = [1], keepdims = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %2 = relay.mean %x {axis = [0, 1, 2], exclude = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1, %2 : tensor<3xf32>, tensor<2x1x4xf32>, tensor<2x3x4xf32>
}

// -----

// Calls of converted functions become graph.calls, from converted functions and from
// others, which keep their types through casts; a tuple result is its fields.
// CHECK-LABEL: graph.func @callee<n0>(%arg0: !graph.tensor<[n0], f32>) -> (!graph.tensor<[n0], f32>, !graph.tensor<[n0], f32>)
// CHECK-LABEL: graph.func @caller<n0>
// CHECK-NEXT:    %[[R:.*]]:2 = call @callee(%arg0) : (!graph.tensor<[n0], f32>) -> (!graph.tensor<[n0], f32>, !graph.tensor<[n0], f32>)
// CHECK-NEXT:    return %[[R]]#1
// CHECK-LABEL: func.func @plain(%arg0: tensor<?xf32>, %arg1: index) -> tuple<tensor<?xf32>, tensor<?xf32>>
// CHECK-NEXT:    %[[X:.*]] = builtin.unrealized_conversion_cast %arg0 : tensor<?xf32> to !graph.tensor<[?], f32>
// CHECK-NEXT:    %[[C:.*]]:2 = graph.call @callee(%[[X]])
// CHECK-NEXT:    %[[T:.*]] = builtin.unrealized_conversion_cast %[[C]]#0, %[[C]]#1 : !graph.tensor<[?], f32>, !graph.tensor<[?], f32> to tuple<tensor<?xf32>, tensor<?xf32>>
// CHECK:         return %[[T]]
func.func @callee(%x: tensor<?xf32>) -> tuple<tensor<?xf32>, tensor<?xf32>> {
  %0 = relay.exp %x : (tensor<?xf32>) -> tensor<?xf32>
  %1 = relay.tuple %0, %x : (tensor<?xf32>, tensor<?xf32>) -> tuple<tensor<?xf32>, tensor<?xf32>>
  return %1 : tuple<tensor<?xf32>, tensor<?xf32>>
}
func.func @caller(%x: tensor<?xf32>) -> tensor<?xf32> {
  %t = func.call @callee(%x) : (tensor<?xf32>) -> tuple<tensor<?xf32>, tensor<?xf32>>
  %0 = relay.tuple_get_item %t {index = 1 : i64} : (tuple<tensor<?xf32>, tensor<?xf32>>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
func.func @plain(%x: tensor<?xf32>, %i: index) -> tuple<tensor<?xf32>, tensor<?xf32>> {
  %t = func.call @callee(%x) : (tensor<?xf32>) -> tuple<tensor<?xf32>, tensor<?xf32>>
  %c = arith.addi %i, %i : index
  return %t : tuple<tensor<?xf32>, tensor<?xf32>>
}
