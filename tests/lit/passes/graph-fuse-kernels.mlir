// REQUIRES: mlc
// RUN: mlc-opt %s -p graph-legalize,graph-fuse-kernels --split-input-file | filecheck %s

// A chain of element-wise ops, broadcasts included, becomes one kernel with one generic:
// `x` is read once, the tensors between the ops are gone, and so are the kernels they were.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: graph.func @chain
// CHECK-NEXT: %0 = call_dps @fused_sigmoid_mul_add_relu_mul_kernel(%arg0, %arg1, %arg2) : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>, !graph.tensor<[8], f32>) -> !graph.tensor<[n, 8], f32>
// CHECK-NEXT: return %0
// CHECK-NOT: func.func private @mul_kernel
// CHECK-LABEL: func.func private @fused_sigmoid_mul_add_relu_mul_kernel(%arg0: tensor<?x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>, %arg3: tensor<?x8xf32>) -> tensor<?x8xf32> {
// CHECK-NEXT: %0 = tensor.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1, %arg2 : tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>) outs(%arg3 : tensor<?x8xf32>) {
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[A:.+]]: f32, %[[B:.+]]: f32, %{{.+}}: f32):
// CHECK:      %[[E:.+]] = math.exp
// CHECK:      %[[SIGMOID:.+]] = arith.divf
// CHECK-NEXT: %[[XA:.+]] = arith.mulf %[[X]], %[[A]] : f32
// CHECK-NEXT: %[[XAB:.+]] = arith.addf %[[XA]], %[[B]] : f32
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[RELU:.+]] = arith.maximumf %[[XAB]], %[[ZERO]] : f32
// CHECK-NEXT: %[[Y:.+]] = arith.mulf %[[RELU]], %[[SIGMOID]] : f32
// CHECK-NEXT: tensor.yield %[[Y]] : f32
// CHECK-NEXT: } -> tensor<?x8xf32>
// CHECK-NEXT: return %0 : tensor<?x8xf32>
// CHECK-NEXT: }
// CHECK-NOT: tensor.generic
graph.func @chain<n>(%x: !graph.tensor<[n, 8], f32>, %a: !graph.tensor<[8], f32>,
                     %b: !graph.tensor<[8], f32>) -> !graph.tensor<[n, 8], f32> {
  %0 = graph.mul %x, %a : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>)
  %1 = graph.add %0, %b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>)
  %2 = graph.relu %1 : (!graph.tensor<[n, 8], f32>)
  %3 = graph.sigmoid %x : (!graph.tensor<[n, 8], f32>)
  %4 = graph.mul %2, %3 : (!graph.tensor<[n, 8], f32>, !graph.tensor<[n, 8], f32>)
  graph.return %4 : !graph.tensor<[n, 8], f32>
}

// -----

// A value two kernels read stays materialized (fusing would compute it twice), and so does
// one the function returns. Once its readers merge into one kernel (neg into mul) it has
// one reader again and fuses, computed once per element.
// CHECK-LABEL: graph.func @shared
// CHECK-NEXT: %0 = call_dps @fused_exp_neg_mul_kernel(%arg0)
// CHECK-NEXT: %1 = call_dps @abs_kernel(%arg0)
// CHECK-NEXT: %2 = call_dps @tanh_kernel(%1)
// CHECK-NEXT: %3 = call_dps @sigmoid_kernel(%arg0)
// CHECK-NEXT: %4 = call_dps @reduce_sum_kernel(%3)
// CHECK-NEXT: %5 = call_dps @reduce_max_kernel(%3)
// CHECK-NEXT: return %0, %1, %2, %4, %5
// CHECK-LABEL: func.func private @fused_exp_neg_mul_kernel(
// CHECK:      %[[E:.+]] = math.exp
// CHECK-NEXT: %[[NEG:.+]] = arith.negf %[[E]] : f32
// CHECK-NEXT: arith.mulf %[[E]], %[[NEG]] : f32
graph.func @shared<n>(%x: !graph.tensor<[n], f32>)
    -> (!graph.tensor<[n], f32>, !graph.tensor<[n], f32>, !graph.tensor<[n], f32>,
        !graph.tensor<[], f32>, !graph.tensor<[], f32>) {
  %0 = graph.exp %x : (!graph.tensor<[n], f32>)
  %1 = graph.neg %0 : (!graph.tensor<[n], f32>)
  %2 = graph.mul %0, %1 : (!graph.tensor<[n], f32>, !graph.tensor<[n], f32>)
  %3 = graph.abs %x : (!graph.tensor<[n], f32>)
  %4 = graph.tanh %3 : (!graph.tensor<[n], f32>)
  %5 = graph.sigmoid %x : (!graph.tensor<[n], f32>)
  %6 = graph.reduce_sum %5 {keepdims = false} : (!graph.tensor<[n], f32>)
  %7 = graph.reduce_max %5 {keepdims = false} : (!graph.tensor<[n], f32>)
  graph.return %2, %3, %4, %6, %7 : !graph.tensor<[n], f32>, !graph.tensor<[n], f32>,
      !graph.tensor<[n], f32>, !graph.tensor<[], f32>, !graph.tensor<[], f32>
}

// -----

// One op reading a value twice is its sole user: the value is computed once per element.
// CHECK-LABEL: graph.func @repeated_read
// CHECK-NEXT: %0 = call_dps @fused_relu_mul_kernel(%arg0)
// CHECK-LABEL: func.func private @fused_relu_mul_kernel(
// CHECK: %[[R:.+]] = arith.maximumf
// CHECK-NEXT: arith.mulf %[[R]], %[[R]] : f32
graph.func @repeated_read<n>(%x: !graph.tensor<[n], f32>) -> !graph.tensor<[n], f32> {
  %0 = graph.relu %x : (!graph.tensor<[n], f32>)
  %1 = graph.mul %0, %0 : (!graph.tensor<[n], f32>, !graph.tensor<[n], f32>)
  graph.return %1 : !graph.tensor<[n], f32>
}

// -----

// A consumer reading an element many times keeps its producer apart: the sigmoid of a row
// broadcast over n rows, the relu read by a matmul once per output column. The add and
// the relu between them fuse.
// CHECK-LABEL: graph.func @broadcast_and_matmul
// CHECK-NEXT: %0 = call_dps @sigmoid_kernel(%arg1)
// CHECK-NEXT: %1 = call_dps @fused_add_relu_kernel(%arg0, %0)
// CHECK-NEXT: %2 = call_dps @matmul_kernel(%1, %arg2)
graph.func @broadcast_and_matmul<n>(%x: !graph.tensor<[n, 8], f32>, %a: !graph.tensor<[8], f32>,
                                    %w: !graph.tensor<[8, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  %0 = graph.sigmoid %a : (!graph.tensor<[8], f32>)
  %1 = graph.add %x, %0 : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>)
  %2 = graph.relu %1 : (!graph.tensor<[n, 8], f32>)
  %3 = graph.matmul %2, %w : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8, 4], f32>)
  graph.return %3 : !graph.tensor<[n, 4], f32>
}

// -----

// A reduction fuses the element-wise ops feeding it, a transpose included (the maps
// compose); the mean's count reads the size the transposed tensor was made with.
// CHECK-DAG: #[[T:.+]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[KEPT:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: graph.func @reduction
// CHECK-NEXT: %0 = call_dps @fused_transpose_exp_reduce_mean_kernel(%arg0)
// CHECK-LABEL: func.func private @fused_transpose_exp_reduce_mean_kernel(
// CHECK:      %[[N:.+]] = tensor.dim %arg0, %c0 : tensor<?x8xf32>
// CHECK:      tensor.generic {indexing_maps = [#[[T]], #[[KEPT]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<?x8xf32>)
// CHECK:      %[[E:.+]] = math.exp
// CHECK-NEXT: arith.addf %{{.+}}, %[[E]]
// CHECK:      arith.index_cast %[[N]]
graph.func @reduction<n>(%x: !graph.tensor<[n, 8], f32>) -> !graph.tensor<[8], f32> {
  %0 = graph.transpose %x {perm = [1, 0]} : (!graph.tensor<[n, 8], f32>)
  %1 = graph.exp %0 : (!graph.tensor<[8, n], f32>)
  %2 = graph.reduce_mean %1 {axes = [1], keepdims = false} : (!graph.tensor<[8, n], f32>)
  graph.return %2 : !graph.tensor<[8], f32>
}

// -----

// Element-wise ops after a matmul become its epilogue: one kernel, where the matmul
// accumulates into the destination and the epilogue updates it in place (reading the
// product as its output's old value), so bufferization needs no scratch buffer.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COLUMN:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: graph.func @matmul_epilogue
// CHECK-NEXT: %0 = call_dps @fused_matmul_add_relu_kernel(%arg0, %arg1, %arg2)
// CHECK-NEXT: return %0
// CHECK-LABEL: func.func private @fused_matmul_add_relu_kernel(%arg0: tensor<?x4xf32>, %arg1: tensor<4x8xf32>, %arg2: tensor<8xf32>, %arg3: tensor<?x8xf32>) -> tensor<?x8xf32> {
// CHECK-NEXT: %[[ZERO:.+]] = tensor.generic {{.+}} outs(%arg3 : tensor<?x8xf32>)
// CHECK:      %[[PRODUCT:.+]] = tensor.generic {{.+}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4x8xf32>) outs(%[[ZERO]] : tensor<?x8xf32>)
// CHECK:      %[[OUT:.+]] = tensor.generic {indexing_maps = [#[[COLUMN]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg2 : tensor<8xf32>) outs(%[[PRODUCT]] : tensor<?x8xf32>) {
// CHECK-NEXT: ^bb0(%[[BIAS:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[ACC]], %[[BIAS]] : f32
// CHECK-NEXT: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[RELU:.+]] = arith.maximumf %[[SUM]], %[[Z]] : f32
// CHECK-NEXT: tensor.yield %[[RELU]] : f32
// CHECK:      return %[[OUT]] : tensor<?x8xf32>
// CHECK-NOT: func.func private @matmul_kernel
graph.func @matmul_epilogue<n>(%x: !graph.tensor<[n, 4], f32>, %w: !graph.tensor<[4, 8], f32>,
                               %b: !graph.tensor<[8], f32>) -> !graph.tensor<[n, 8], f32> {
  %0 = graph.matmul %x, %w : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4, 8], f32>)
  %1 = graph.add %0, %b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>)
  %2 = graph.relu %1 : (!graph.tensor<[n, 8], f32>)
  graph.return %2 : !graph.tensor<[n, 8], f32>
}

// -----

// A convolution takes its bias, the residual add and the relu (the ResNet block's tail).
// CHECK-LABEL: graph.func @conv_residual
// CHECK-NEXT: %0 = call_dps @fused_conv_bias_add_add_relu_kernel(%arg0, %arg1, %arg2)
// CHECK-LABEL: func.func private @fused_conv_bias_add_add_relu_kernel(
// CHECK:      %[[PRODUCT:.+]] = tensor.generic {{.+}} "reduction", "reduction", "reduction"]} ins(%padded, %arg1
// CHECK-NEXT: ^bb0
// CHECK:      tensor.generic {{.+}} ins(%arg2, %arg0 : tensor<2xf32>, tensor<1x2x5x5xf32>) outs(%[[PRODUCT]] : tensor<1x2x5x5xf32>)
// CHECK:      arith.maximumf
graph.func @conv_residual(%x: !graph.tensor<[1, 2, 5, 5], f32>,
                          %w: !graph.tensor<[2, 2, 3, 3], f32>,
                          %b: !graph.tensor<[2], f32>) -> !graph.tensor<[1, 2, 5, 5], f32> {
  %0 = graph.conv %x, %w {dilations = [1, 1], pads = [1, 1, 1, 1], strides = [1, 1]}
      : (!graph.tensor<[1, 2, 5, 5], f32>, !graph.tensor<[2, 2, 3, 3], f32>)
  %1 = graph.bias_add %0, %b : (!graph.tensor<[1, 2, 5, 5], f32>, !graph.tensor<[2], f32>)
  %2 = graph.add %1, %x : (!graph.tensor<[1, 2, 5, 5], f32>, !graph.tensor<[1, 2, 5, 5], f32>)
  %3 = graph.relu %2 : (!graph.tensor<[1, 2, 5, 5], f32>)
  graph.return %3 : !graph.tensor<[1, 2, 5, 5], f32>
}

// -----

// A product the function also returns stays materialized: its epilogue stays apart.
// CHECK-LABEL: graph.func @shared_product
// CHECK-NEXT: %0 = call_dps @matmul_kernel(%arg0, %arg1)
// CHECK-NEXT: %1 = call_dps @fused_add_relu_kernel(%0, %arg2)
// CHECK-NEXT: return %1, %0
graph.func @shared_product<n>(%x: !graph.tensor<[n, 4], f32>, %w: !graph.tensor<[4, 8], f32>,
                              %b: !graph.tensor<[8], f32>)
    -> (!graph.tensor<[n, 8], f32>, !graph.tensor<[n, 8], f32>) {
  %0 = graph.matmul %x, %w : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4, 8], f32>)
  %1 = graph.add %0, %b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>)
  %2 = graph.relu %1 : (!graph.tensor<[n, 8], f32>)
  graph.return %2, %0 : !graph.tensor<[n, 8], f32>, !graph.tensor<[n, 8], f32>
}

// -----

// graph-legalize's linear kernel (product, then + bias into the destination) gets its
// epilogue in place too, with nothing merged.
// CHECK-LABEL: func.func private @linear_kernel(
// CHECK:      %[[PRODUCT:.+]] = tensor.generic {{.+}} "reduction"]}
// CHECK:      tensor.generic {{.+}} ins(%arg2 : tensor<8xf32>) outs(%[[PRODUCT]] : tensor<3x8xf32>)
graph.func @linear_in_place(%x: !graph.tensor<[3, 4], f32>, %w: !graph.tensor<[8, 4], f32>,
                            %b: !graph.tensor<[8], f32>) -> !graph.tensor<[3, 8], f32> {
  %0 = graph.linear %x, %w, %b
      : (!graph.tensor<[3, 4], f32>, !graph.tensor<[8, 4], f32>, !graph.tensor<[8], f32>)
  graph.return %0 : !graph.tensor<[3, 8], f32>
}

// -----

// A layer norm and the softmax reading its result row by row are row-wise kernels: they merge
// into one kernel, the layer norm's generics then the softmax's, the normalized tensor a
// `tensor.empty` of the kernel written and read at the rows (which
// `convert-tensor-to-loops{fuse-rows}` then keeps one row of at a time).
// CHECK-LABEL: graph.func @layer_norm_softmax
// CHECK-NEXT: %0 = call_dps @fused_layer_norm_softmax_kernel(%arg0, %arg1, %arg2)
// CHECK-NEXT: return %0
// CHECK-LABEL: func.func private @fused_layer_norm_softmax_kernel(%arg0: tensor<?x16xf32>, %arg1: tensor<16xf32>, %arg2: tensor<16xf32>, %arg3: tensor<?x16xf32>) -> tensor<?x16xf32> {
// CHECK:      %[[SCRATCH:.+]] = tensor.empty(%{{.+}}) : tensor<?x16xf32>
// CHECK:      %[[NORMALIZED:.+]] = tensor.generic {{.+}} ins(%arg0, %{{.+}}, %{{.+}}, %arg1, %arg2 : {{.+}}) outs(%[[SCRATCH]] : tensor<?x16xf32>)
// CHECK:      math.sqrt
// CHECK:      tensor.generic {{.+}} ins(%[[NORMALIZED]] : tensor<?x16xf32>)
// CHECK-NEXT: ^bb0
// CHECK-NEXT: arith.maximumf
// CHECK:      tensor.generic {{.+}} ins(%[[NORMALIZED]], %{{.+}} : tensor<?x16xf32>, tensor<?xf32>) outs(%arg3, %{{.+}} : tensor<?x16xf32>, tensor<?xf32>)
// CHECK:      math.exp
// CHECK-NOT: func.func private @softmax_kernel
graph.func @layer_norm_softmax<n>(%x: !graph.tensor<[n, 16], f32>, %g: !graph.tensor<[16], f32>,
                                  %b: !graph.tensor<[16], f32>) -> !graph.tensor<[n, 16], f32> {
  %t = graph.layer_norm %x, %g, %b {axis = 1, epsilon = 1.0e-5 : f32} : (!graph.tensor<[n, 16], f32>, !graph.tensor<[16], f32>, !graph.tensor<[16], f32>)
  %s = graph.softmax %t {axis = 1} : (!graph.tensor<[n, 16], f32>)
  graph.return %s : !graph.tensor<[n, 16], f32>
}

// -----

// A softmax along the columns reads a layer norm's result across its rows, and a matmul is
// a contraction (tiled, not looped over rows): both stay apart from the layer norm.
// CHECK-LABEL: graph.func @not_row_wise
// CHECK-NEXT: %0 = call_dps @layer_norm_kernel(%arg0, %arg1, %arg2)
// CHECK-NEXT: %1 = call_dps @softmax_kernel(%0)
// CHECK-NEXT: %2 = call_dps @layer_norm_kernel(%arg0, %arg1, %arg2)
// CHECK-NEXT: %3 = call_dps @matmul_kernel(%2, %arg3)
graph.func @not_row_wise<n>(%x: !graph.tensor<[n, 16], f32>, %g: !graph.tensor<[16], f32>,
                            %b: !graph.tensor<[16], f32>, %w: !graph.tensor<[16, 4], f32>)
    -> (!graph.tensor<[n, 16], f32>, !graph.tensor<[n, 4], f32>) {
  %t = graph.layer_norm %x, %g, %b {axis = 1, epsilon = 1.0e-5 : f32} : (!graph.tensor<[n, 16], f32>, !graph.tensor<[16], f32>, !graph.tensor<[16], f32>)
  %s = graph.softmax %t {axis = 0} : (!graph.tensor<[n, 16], f32>)
  %u = graph.layer_norm %x, %g, %b {axis = 1, epsilon = 1.0e-5 : f32} : (!graph.tensor<[n, 16], f32>, !graph.tensor<[16], f32>, !graph.tensor<[16], f32>)
  %m = graph.matmul %u, %w : (!graph.tensor<[n, 16], f32>, !graph.tensor<[16, 4], f32>)
  graph.return %s, %m : !graph.tensor<[n, 16], f32>, !graph.tensor<[n, 4], f32>
}

// -----

// An element-wise kernel is row-wise too: a log_softmax reading `neg`'s result twice (for
// its maximum and its sum) cannot fuse it into a generic, but takes it as a row-wise
// producer; the relu after it fuses into its last generic.
// CHECK-LABEL: graph.func @neg_log_softmax_relu
// CHECK-NEXT: %0 = call_dps @fused_neg_log_softmax_relu_kernel(%arg0)
// CHECK-LABEL: func.func private @fused_neg_log_softmax_relu_kernel(
// CHECK:      %[[SCRATCH:.+]] = tensor.empty(%{{.+}}) : tensor<?x16xf32>
// CHECK-NEXT: %[[NEG:.+]] = tensor.generic {{.+}} ins(%arg0 : tensor<?x16xf32>) outs(%[[SCRATCH]] : tensor<?x16xf32>)
// CHECK:      tensor.generic {{.+}} ins(%[[NEG]], %{{.+}}, %{{.+}} : tensor<?x16xf32>, tensor<?xf32>, tensor<?xf32>) outs(%arg1 : tensor<?x16xf32>)
// CHECK:      math.log
// CHECK:      arith.maximumf
// CHECK-NEXT: tensor.yield
graph.func @neg_log_softmax_relu<n>(%x: !graph.tensor<[n, 16], f32>) -> !graph.tensor<[n, 16], f32> {
  %e = graph.neg %x : (!graph.tensor<[n, 16], f32>)
  %s = graph.log_softmax %e {axis = 1} : (!graph.tensor<[n, 16], f32>)
  %r = graph.relu %s : (!graph.tensor<[n, 16], f32>)
  graph.return %r : !graph.tensor<[n, 16], f32>
}
