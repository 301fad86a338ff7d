// RUN: mlc-opt %s --convert-graph-to-relay --split-input-file | filecheck %s
// RUN: mlc-opt %s --convert-graph-to-relay --convert-relay-to-graph --split-input-file \
// RUN:   | filecheck %s --check-prefix=ROUNDTRIP
// REQUIRES: mlc

// Symbolic dims become `?`; linear is dense + bias_add on the last axis; matmul with a
// 2-D weight is dense of the transposed weight.
// CHECK-LABEL: func.func @mlp(%arg0: tensor<?x8xf32>, %arg1: tensor<4x8xf32>, %arg2: tensor<4xf32>, %arg3: tensor<4x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[D:.*]] = relay.nn.dense %arg0, %arg1 : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
// CHECK-NEXT:    %[[B:.*]] = relay.nn.bias_add %[[D]], %arg2 {axis = -1 : i64}
// CHECK-NEXT:    %[[R:.*]] = relay.nn.relu %[[B]]
// CHECK-NEXT:    %[[WT:.*]] = relay.transpose %arg3 {axes = [1, 0]} : (tensor<4x2xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    %[[M:.*]] = relay.nn.dense %[[R]], %[[WT]] : (tensor<?x4xf32>, tensor<2x4xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[S:.*]] = relay.nn.log_softmax %[[M]] {axis = 0 : i64}
// CHECK-NEXT:    return %[[S]] : tensor<?x2xf32>

// Back to graph, the unknown batch dim is a size variable again, carried by inference.
// ROUNDTRIP-LABEL: graph.func @mlp<n0>(%arg0: !graph.tensor<[n0, 8], f32>
// ROUNDTRIP-SAME:    -> !graph.tensor<[n0, 2], f32>
// ROUNDTRIP-NEXT:    linear %arg0, %arg1, %arg2 : (!graph.tensor<[n0, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>)
// ROUNDTRIP:         log_softmax {{.*}} : (!graph.tensor<[n0, 2], f32>)
graph.func @mlp<n>(%x: !graph.tensor<[n, 8], f32>, %w: !graph.tensor<[4, 8], f32>, %b: !graph.tensor<[4], f32>, %v: !graph.tensor<[4, 2], f32>) -> !graph.tensor<[n, 2], f32> {
  %0 = graph.linear %x, %w, %b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>)
  %1 = graph.relu %0 : (!graph.tensor<[n, 4], f32>)
  %2 = graph.matmul %1, %v : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4, 2], f32>)
  %3 = graph.log_softmax %2 {axis = 0 : i64} : (!graph.tensor<[n, 2], f32>)
  graph.return %3 : !graph.tensor<[n, 2], f32>
}

// -----

// CHECK-LABEL: func.func @elementwise
// CHECK-NEXT:    %[[ONE:.*]] = relay.const dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[INV:.*]] = relay.divide %[[ONE]], %arg0
// CHECK-NEXT:    %[[C:.*]] = relay.clip %[[INV]] {a_max = 0x7FF0000000000000 : f64, a_min = 0.000000e+00 : f64}
// CHECK-NEXT:    %[[S:.*]] = relay.subtract %[[C]], %arg1
// CHECK-NEXT:    %[[I:.*]] = relay.cast %[[S]] {dtype = "int32"} : (tensor<2x3xf32>) -> tensor<2x3xi32>
// CHECK-NEXT:    %[[X:.*]] = relay.not_equal %arg2, %arg2 : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
// CHECK-NEXT:    return %[[I]], %[[X]]
graph.func @elementwise(%a: !graph.tensor<[2, 3], f32>, %b: !graph.tensor<[3], f32>, %p: !graph.tensor<[3], i1>) -> (!graph.tensor<[2, 3], i32>, !graph.tensor<[3], i1>) {
  %0 = graph.reciprocal %a : (!graph.tensor<[2, 3], f32>)
  %1 = graph.clip %0 {min = 0.0 : f32} : (!graph.tensor<[2, 3], f32>)
  %2 = graph.sub %1, %b : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3], f32>)
  %3 = graph.cast %2 {to = i32} : (!graph.tensor<[2, 3], f32>)
  %4 = graph.xor %p, %p : (!graph.tensor<[3], i1>, !graph.tensor<[3], i1>)
  graph.return %3, %4 : !graph.tensor<[2, 3], i32>, !graph.tensor<[3], i1>
}

// -----

// Multi-result ops go through tuples: split's pieces are tuple_get_items of relay.split
// (sizes become indices), concat takes a tuple, batch_norm is field 0 of Relay's 3-tuple.
// CHECK-LABEL: func.func @tuples
// CHECK-NEXT:    %[[S:.*]] = relay.split %arg0 {axis = 1 : i64, indices_or_sections = [1, 4]}
// CHECK-NEXT:    %[[A:.*]] = relay.tuple_get_item %[[S]] {index = 0 : i64}
// CHECK-NEXT:    %[[B:.*]] = relay.tuple_get_item %[[S]] {index = 1 : i64}
// CHECK-NEXT:    %[[C:.*]] = relay.tuple_get_item %[[S]] {index = 2 : i64}
// CHECK-NEXT:    %[[T:.*]] = relay.tuple %[[C]], %[[A]], %[[B]]
// CHECK-NEXT:    %[[J:.*]] = relay.concatenate %[[T]] {axis = 1 : i64}
// CHECK-NEXT:    %[[N:.*]] = relay.nn.batch_norm %[[J]], %arg1, %arg1, %arg1, %arg1 {axis = 1 : i64, epsilon = 1.000000e-05 : f64} : {{.*}} -> tuple<tensor<1x6x2x2xf32>, tensor<6xf32>, tensor<6xf32>>
// CHECK-NEXT:    %[[Y:.*]] = relay.tuple_get_item %[[N]] {index = 0 : i64}
graph.func @tuples(%x: !graph.tensor<[1, 6, 2, 2], f32>, %g: !graph.tensor<[6], f32>) -> (!graph.tensor<[1, 6, 2, 2], f32>, !graph.tensor<[1, 12, 2, 2], f32>) {
  %0:3 = graph.split %x {axis = 1 : i64, split = [1, 3, 2]} : (!graph.tensor<[1, 6, 2, 2], f32>)
  %1 = graph.concat %0#2, %0#0, %0#1 {axis = 1 : i64} : (!graph.tensor<[1, 2, 2, 2], f32>, !graph.tensor<[1, 1, 2, 2], f32>, !graph.tensor<[1, 3, 2, 2], f32>)
  %2 = graph.batch_norm %1, %g, %g, %g, %g : (!graph.tensor<[1, 6, 2, 2], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>)
  %3 = graph.concat %2, %x {axis = 1 : i64} : (!graph.tensor<[1, 6, 2, 2], f32>, !graph.tensor<[1, 6, 2, 2], f32>)
  graph.return %2, %3 : !graph.tensor<[1, 6, 2, 2], f32>, !graph.tensor<[1, 12, 2, 2], f32>
}

// -----

// pads (begins, then ends) are Relay's 4-number padding; layouts are strings.
// CHECK-LABEL: func.func @conv(%arg0: tensor<?x3x8x8xf32>
// CHECK-NEXT:    relay.nn.conv2d %arg0, %arg1 {data_layout = "NCHW", dilation = [1, 1], groups = 1 : i64, kernel_layout = "OIHW", padding = [1, 0, 2, 1], strides = [2, 2]} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x5x4xf32>
// CHECK-NEXT:    relay.nn.bias_add {{.*}} {axis = 1 : i64}
// CHECK-NEXT:    relay.nn.max_pool2d {{.*}} {ceil_mode = 1 : i64, dilation = [1, 1], layout = "NCHW", padding = [0, 0, 0, 0], pool_size = [2, 2], strides = [2, 2]}
// CHECK-NEXT:    relay.nn.avg_pool2d {{.*}} {ceil_mode = 0 : i64, count_include_pad = 1 : i64, dilation = [1, 1], layout = "NCHW", padding = [1, 1, 1, 1], pool_size = [2, 2], strides = [1, 1]}
// CHECK-NEXT:    relay.nn.global_avg_pool2d {{.*}} {layout = "NCHW"} : (tensor<?x4x4x3xf32>) -> tensor<?x4x1x1xf32>
graph.func @conv<n>(%x: !graph.tensor<[n, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>, %b: !graph.tensor<[4], f32>) -> !graph.tensor<[n, 4, 1, 1], f32> {
  %0 = graph.conv %x, %w {pads = [1, 0, 2, 1], strides = [2, 2]} : (!graph.tensor<[n, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  %1 = graph.bias_add %0, %b : (!graph.tensor<[n, 4, 5, 4], f32>, !graph.tensor<[4], f32>)
  %2 = graph.max_pool %1 {kernel_shape = [2, 2], strides = [2, 2], ceil_mode = true} : (!graph.tensor<[n, 4, 5, 4], f32>)
  %3 = graph.avg_pool %2 {kernel_shape = [2, 2], pads = [1, 1, 1, 1], count_include_pad = true} : (!graph.tensor<[n, 4, 3, 2], f32>)
  %4 = graph.global_avg_pool %3 : (!graph.tensor<[n, 4, 4, 3], f32>)
  graph.return %4 : !graph.tensor<[n, 4, 1, 1], f32>
}

// -----

// CHECK-LABEL: func.func @shapes
// CHECK-NEXT:    relay.reshape %arg0 {newshape = [0, -1]} : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
// CHECK-NEXT:    %[[E:.*]] = relay.expand_dims %arg0 {axis = 0 : i64}
// CHECK-NEXT:    relay.expand_dims %[[E]] {axis = 3 : i64} : (tensor<1x?x3x4xf32>) -> tensor<1x?x3x1x4xf32>
// CHECK-NEXT:    relay.take %arg0, %arg1 {axis = 1 : i64, mode = "fast"}
// CHECK-NEXT:    %[[S:.*]] = relay.strided_slice %arg0 {axes = [2, 1], begin = [3, 0], end = [0, 3], strides = [-2, 1]} : (tensor<?x3x4xf32>) -> tensor<?x3x2xf32>
// CHECK-NEXT:    %[[T:.*]] = relay.transpose %[[S]] : (tensor<?x3x2xf32>) -> tensor<2x3x?xf32>
// CHECK-NEXT:    %[[R:.*]] = relay.sum %[[T]] {axis = [0], keepdims = 1 : i64}
// CHECK-NEXT:    %[[Q:.*]] = relay.squeeze %[[R]] {axis = [0]}
// CHECK-NEXT:    relay.transpose %[[Q]] {axes = [1, 0]}
// CHECK-NEXT:    relay.expand_dims {{.*}} {axis = 1 : i64}
// CHECK-NEXT:    relay.nn.batch_flatten %arg0 : (tensor<?x3x4xf32>) -> tensor<?x12xf32>
graph.func @shapes<n>(%x: !graph.tensor<[n, 3, 4], f32>, %i: !graph.tensor<[2], i64>) -> (!graph.tensor<[n, 12], f32>, !graph.tensor<[1, n, 3, 1, 4], f32>, !graph.tensor<[n, 2, 4], f32>, !graph.tensor<[n, 1, 3], f32>, !graph.tensor<[n, 12], f32>) {
  %0 = graph.reshape %x {shape = [0, -1]} : (!graph.tensor<[n, 3, 4], f32>)
  %1 = graph.expand_dims %x {axes = [0, -2]} : (!graph.tensor<[n, 3, 4], f32>)
  %2 = graph.gather %x, %i {axis = 1 : i64} : (!graph.tensor<[n, 3, 4], f32>, !graph.tensor<[2], i64>)
  %3 = graph.slice %x {starts = [3, 0], ends = [0, 3], axes = [2, 1], steps = [-2, 1]} : (!graph.tensor<[n, 3, 4], f32>)
  %4 = graph.transpose %3 : (!graph.tensor<[n, 3, 2], f32>)
  %5 = graph.reduce_sum %4 {axes = [0], keepdims = true} : (!graph.tensor<[2, 3, n], f32>)
  %6 = graph.squeeze %5 {axes = [0]} : (!graph.tensor<[1, 3, n], f32>)
  %7 = graph.transpose %6 {perm = [1, 0]} : (!graph.tensor<[3, n], f32>)
  %8 = graph.expand_dims %7 {axes = [1]} : (!graph.tensor<[n, 3], f32>)
  %9 = graph.flatten %x : (!graph.tensor<[n, 3, 4], f32>)
  graph.return %0, %1, %2, %8, %9 : !graph.tensor<[n, 12], f32>, !graph.tensor<[1, n, 3, 1, 4], f32>, !graph.tensor<[n, 2, 4], f32>, !graph.tensor<[n, 1, 3], f32>, !graph.tensor<[n, 12], f32>
}

// -----

// graph.calls of converted functions are func.calls.
// CHECK-LABEL: func.func @callee(%arg0: tensor<?xf32>) -> tensor<?xf32>
// CHECK-LABEL: func.func @caller(%arg0: tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT:    %[[R:.*]] = call @callee(%arg0) : (tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT:    return %[[R]]
// func.call takes exactly the callee's types: casts stand for tensor.cast.
// CHECK-LABEL: func.func @static_caller(%arg0: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[X:.*]] = builtin.unrealized_conversion_cast %arg0 : tensor<3xf32> to tensor<?xf32>
// CHECK-NEXT:    %[[C:.*]] = call @callee(%[[X]]) : (tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT:    %[[Y:.*]] = builtin.unrealized_conversion_cast %[[C]] : tensor<?xf32> to tensor<3xf32>
// CHECK-NEXT:    return %[[Y]]

// Back to graph, the casts are gone and graph.call binds the size variable again.
// ROUNDTRIP-LABEL: graph.func @static_caller(%arg0: !graph.tensor<[3], f32>) -> !graph.tensor<[3], f32>
// ROUNDTRIP-NEXT:    %[[C:.*]] = call @callee(%arg0) : (!graph.tensor<[3], f32>) -> !graph.tensor<[3], f32>
// ROUNDTRIP-NEXT:    return %[[C]]
graph.func @callee<n>(%x: !graph.tensor<[n], f32>) -> !graph.tensor<[n], f32> {
  %0 = graph.exp %x : (!graph.tensor<[n], f32>)
  graph.return %0 : !graph.tensor<[n], f32>
}
graph.func @caller<m>(%x: !graph.tensor<[m], f32>) -> !graph.tensor<[m], f32> {
  %0 = graph.call @callee(%x) : (!graph.tensor<[m], f32>) -> !graph.tensor<[m], f32>
  graph.return %0 : !graph.tensor<[m], f32>
}
graph.func @static_caller(%x: !graph.tensor<[3], f32>) -> !graph.tensor<[3], f32> {
  %0 = graph.call @callee(%x) : (!graph.tensor<[3], f32>) -> !graph.tensor<[3], f32>
  graph.return %0 : !graph.tensor<[3], f32>
}

// -----

// Relay has no dataflow blocks: the region's ops move out, its results are its outputs.
// CHECK-LABEL: func.func @dataflow(%arg0: tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK-NEXT:    %[[E:.*]] = relay.exp %arg0
// CHECK-NEXT:    %[[R:.*]] = relay.nn.relu %[[E]]
// CHECK-NEXT:    %[[A:.*]] = relay.add %[[R]], %arg0
// CHECK-NEXT:    return %[[A]]
graph.func @dataflow<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  %y = graph.dataflow -> !graph.tensor<[n, 4], f32> {
    %0 = graph.exp %x : (!graph.tensor<[n, 4], f32>)
    %1 = graph.relu %0 : (!graph.tensor<[n, 4], f32>)
    graph.output %1 : !graph.tensor<[n, 4], f32>
  }
  %z = graph.add %y, %x : (!graph.tensor<[n, 4], f32>, !graph.tensor<[n, 4], f32>)
  graph.return %z : !graph.tensor<[n, 4], f32>
}

// -----

// relay.clip takes both bounds: an absent one is the element type's limit (-2^31 here).
// CHECK-LABEL: func.func @int_clip
// CHECK-NEXT:    relay.clip %arg0 {a_max = 2.000000e+00 : f64, a_min = 0xC1E0000000000000 : f64} : (tensor<3xi32>) -> tensor<3xi32>
graph.func @int_clip(%i: !graph.tensor<[3], i32>) -> !graph.tensor<[3], i32> {
  %0 = graph.clip %i {max = 2.0 : f32} : (!graph.tensor<[3], i32>)
  graph.return %0 : !graph.tensor<[3], i32>
}
