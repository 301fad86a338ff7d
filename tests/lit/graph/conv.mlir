// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=INFER
// RUN: mlc-opt %s --graph-infer-shapes | filecheck %s --check-prefix=REFINE

// Convolution: output sizes are symbolic in the input's spatial sizes, `?` stays `?`.
// CHECK-LABEL: graph.func @conv<n, h, w>
// INFER-LABEL: sym_name = "conv"
graph.func @conv<n, h, w>(%x: !graph.tensor<[n, 3, h, w], f32>, %k: !graph.tensor<[8, 3, 3, 3], f32>, %d: !graph.tensor<[6, 1, 3, 3], f32>, %u: !graph.tensor<[n, 3, ?, 7], f32>) {
  // CHECK: conv %arg0, %arg1 : (!graph.tensor<[n, 3, h, w], f32>, !graph.tensor<[8, 3, 3, 3], f32>){{$}}
  // INFER: "graph.conv"(%{{.*}}) <{group = 1 : i64}> : {{.*}} -> !graph.tensor<[n, 8, h-2, w-2], f32>
  %0 = graph.conv %x, %k : (!graph.tensor<[n, 3, h, w], f32>, !graph.tensor<[8, 3, 3, 3], f32>)
  // CHECK: conv %arg0, %arg1 {pads = [1, 1, 1, 1], strides = [2, 2]} : (!graph.tensor<[n, 3, h, w], f32>, !graph.tensor<[8, 3, 3, 3], f32>){{$}}
  // INFER: "graph.conv"(%{{.*}}) <{group = 1 : i64, pads = [1, 1, 1, 1], strides = [2, 2]}> : {{.*}} -> !graph.tensor<[n, 8, (h-1)/2+1, (w-1)/2+1], f32>
  %1 = graph.conv %x, %k {strides = [2, 2], pads = [1, 1, 1, 1]} : (!graph.tensor<[n, 3, h, w], f32>, !graph.tensor<[8, 3, 3, 3], f32>)
  // Asymmetric pads and dilations.
  // INFER: "graph.conv"(%{{.*}}) <{dilations = [2, 1], group = 1 : i64, pads = [0, 1, 2, 0]}> : {{.*}} -> !graph.tensor<[n, 8, h-2, w-1], f32>
  %2 = graph.conv %x, %k {pads = [0, 1, 2, 0], dilations = [2, 1]} : (!graph.tensor<[n, 3, h, w], f32>, !graph.tensor<[8, 3, 3, 3], f32>)
  // Grouped (depthwise), an unknown height, a declared result less precise than inferred.
  // CHECK: conv %arg3, %arg2 {group = 3 : i64} : (!graph.tensor<[n, 3, ?, 7], f32>, !graph.tensor<[6, 1, 3, 3], f32>) -> !graph.tensor<[n, ?, ?, 5], f32>
  // INFER: "graph.conv"(%{{.*}}) <{group = 3 : i64}> : {{.*}} -> !graph.tensor<[n, ?, ?, 5], f32>
  %3 = graph.conv %u, %d {group = 3 : i64} : (!graph.tensor<[n, 3, ?, 7], f32>, !graph.tensor<[6, 1, 3, 3], f32>) -> !graph.tensor<[n, ?, ?, 5], f32>
  graph.return
}

// Channels last: NHWC activations, HWIO kernels; 1-D and 3-D convolutions.
// CHECK-LABEL: graph.func @layouts
// INFER-LABEL: sym_name = "layouts"
graph.func @layouts<n, l>(%x: !graph.tensor<[n, 9, 9, 4], f32>, %k: !graph.tensor<[3, 3, 2, 6], f32>, %s: !graph.tensor<[n, 2, l], f16>, %ks: !graph.tensor<[4, 2, 5], f16>, %v: !graph.tensor<[1, 1, 4, 4, 4], f64>, %kv: !graph.tensor<[2, 1, 2, 2, 2], f64>) {
  // CHECK: conv %arg0, %arg1 {data_format = "NHWC", group = 2 : i64, strides = [2, 2]}
  // INFER: -> !graph.tensor<[n, 4, 4, 6], f32>
  %0 = graph.conv %x, %k {data_format = "NHWC", strides = [2, 2], group = 2 : i64} : (!graph.tensor<[n, 9, 9, 4], f32>, !graph.tensor<[3, 3, 2, 6], f32>)
  // INFER: -> !graph.tensor<[n, 4, (l-5)/2+1], f16>
  %1 = graph.conv %s, %ks {strides = [2]} : (!graph.tensor<[n, 2, l], f16>, !graph.tensor<[4, 2, 5], f16>)
  // INFER: -> !graph.tensor<[1, 2, 3, 3, 3], f64>
  %2 = graph.conv %v, %kv : (!graph.tensor<[1, 1, 4, 4, 4], f64>, !graph.tensor<[2, 1, 2, 2, 2], f64>)
  graph.return
}

// Transposed convolution: stride*(in-1) + output_padding + dilation*(kernel-1) + 1 - pads.
// CHECK-LABEL: graph.func @conv_transpose
// INFER-LABEL: sym_name = "conv_transpose"
graph.func @conv_transpose<h, w>(%x: !graph.tensor<[1, 4, h, w], f32>, %k: !graph.tensor<[4, 3, 3, 3], f32>, %y: !graph.tensor<[1, h, w, 4], f32>, %ky: !graph.tensor<[3, 3, 1, 4], f32>) {
  // CHECK: conv_transpose %arg0, %arg1 {output_padding = [1, 1], pads = [1, 1, 1, 1], strides = [2, 2]}
  // INFER: "graph.conv_transpose"(%{{.*}}) <{group = 1 : i64, output_padding = [1, 1], pads = [1, 1, 1, 1], strides = [2, 2]}> : {{.*}} -> !graph.tensor<[1, 3, h*2, w*2], f32>
  %0 = graph.conv_transpose %x, %k {strides = [2, 2], pads = [1, 1, 1, 1], output_padding = [1, 1]} : (!graph.tensor<[1, 4, h, w], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  // Grouped, channels last with an HWOI kernel.
  // INFER: -> !graph.tensor<[1, h+2, w+2, 2], f32>
  %1 = graph.conv_transpose %y, %ky {data_format = "NHWC", group = 2 : i64} : (!graph.tensor<[1, h, w, 4], f32>, !graph.tensor<[3, 3, 1, 4], f32>)
  graph.return
}

// Pooling: ceil_mode drops a last window that would start in the end padding.
// CHECK-LABEL: graph.func @pools
// INFER-LABEL: sym_name = "pools"
graph.func @pools<n, h, w>(%x: !graph.tensor<[n, 8, h, w], f32>, %i: !graph.tensor<[1, 5, 5, 2], i8>, %s: !graph.tensor<[1, 1, 2, 2], f32>) {
  // CHECK: max_pool %arg0 {kernel_shape = [2, 2], strides = [2, 2]} : (!graph.tensor<[n, 8, h, w], f32>){{$}}
  // INFER: "graph.max_pool"(%{{.*}}) <{ceil_mode = false, kernel_shape = [2, 2], strides = [2, 2]}> : {{.*}} -> !graph.tensor<[n, 8, h/2, w/2], f32>
  %0 = graph.max_pool %x {kernel_shape = [2, 2], strides = [2, 2]} : (!graph.tensor<[n, 8, h, w], f32>)
  // CHECK: max_pool %arg0 {ceil_mode = true, kernel_shape = [2, 2], strides = [2, 2]}
  // INFER: -> !graph.tensor<[n, 8, (h-1)/2+1, (w-1)/2+1], f32>
  %1 = graph.max_pool %x {kernel_shape = [2, 2], strides = [2, 2], ceil_mode = true} : (!graph.tensor<[n, 8, h, w], f32>)
  // INFER: -> !graph.tensor<[n, 8, h/2+1, w/2+1], f32>
  %2 = graph.avg_pool %x {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1], ceil_mode = true, count_include_pad = true} : (!graph.tensor<[n, 8, h, w], f32>)
  // CHECK: max_pool %arg1 {data_format = "NHWC", dilations = [2, 2], kernel_shape = [2, 2], pads = [1, 1, 1, 1]}
  // INFER: -> !graph.tensor<[1, 5, 5, 2], i8>
  %3 = graph.max_pool %i {kernel_shape = [2, 2], dilations = [2, 2], pads = [1, 1, 1, 1], data_format = "NHWC"} : (!graph.tensor<[1, 5, 5, 2], i8>)
  // ONNX's maxpool_2d_ceil_output_size_reduce_by_one.
  // INFER: -> !graph.tensor<[1, 1, 1, 1], f32>
  %4 = graph.max_pool %s {kernel_shape = [1, 1], strides = [2, 2], ceil_mode = true} : (!graph.tensor<[1, 1, 2, 2], f32>)
  // CHECK: global_avg_pool %arg0 : (!graph.tensor<[n, 8, h, w], f32>){{$}}
  // INFER: "graph.global_avg_pool"(%{{.*}}) : (!graph.tensor<[n, 8, h, w], f32>) -> !graph.tensor<[n, 8, 1, 1], f32>
  %5 = graph.global_avg_pool %x : (!graph.tensor<[n, 8, h, w], f32>)
  // INFER: "graph.global_max_pool"(%{{.*}}) <{data_format = "NHWC"}> : (!graph.tensor<[n, 8, h, w], f32>) -> !graph.tensor<[n, 1, 1, w], f32>
  %6 = graph.global_max_pool %x {data_format = "NHWC"} : (!graph.tensor<[n, 8, h, w], f32>)
  graph.return
}

// graph-infer-shapes refines declared `?` dims through windows and the signature.
// REFINE-LABEL: graph.func @refine<n>(%arg0: !graph.tensor<[n, 3, 8, 8], f32>, %arg1: !graph.tensor<[4, 3, 3, 3], f32>) -> !graph.tensor<[n, 4, 2, 2], f32>
// REFINE-NEXT: conv %arg0, %arg1 {strides = [2, 2]} : (!graph.tensor<[n, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>){{$}}
// REFINE-NEXT: avg_pool %0 {kernel_shape = [2, 2]} : (!graph.tensor<[n, 4, 3, 3], f32>){{$}}
// REFINE-NEXT: return %1 : !graph.tensor<[n, 4, 2, 2], f32>
graph.func @refine<n>(%x: !graph.tensor<[n, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) -> !graph.tensor<[?, ?, ?, ?], f32> {
  %0 = graph.conv %x, %w {strides = [2, 2]} : (!graph.tensor<[n, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>) -> !graph.tensor<[?, ?, ?, ?], f32>
  %1 = graph.avg_pool %0 {kernel_shape = [2, 2]} : (!graph.tensor<[?, ?, ?, ?], f32>) -> !graph.tensor<[?, ?, ?, ?], f32>
  graph.return %1 : !graph.tensor<[?, ?, ?, ?], f32>
}
