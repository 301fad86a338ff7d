// REQUIRES: mlc
// RUN: mlc-opt %s -p graph-legalize --split-input-file | filecheck %s

// Broadcasting: the missing leading dim is absent from the map, a literal 1 reads index 0.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[LAST:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: graph.func @broadcast
// CHECK-NEXT: %0 = call_dps @add_kernel(%arg0, %arg1) : (!graph.tensor<[n, 4], f32>, !graph.tensor<[1, 4], f32>) -> !graph.tensor<[n, 4], f32>
// CHECK-NEXT: %1 = call_dps @add_kernel_1(%0, %arg2) : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4], f32>) -> !graph.tensor<[n, 4], f32>
// CHECK-NEXT: %2 = call_dps @add_kernel(%1, %arg1)
// CHECK-NEXT: return %2
// CHECK-LABEL: func.func private @add_kernel(%arg0: tensor<?x4xf32>, %arg1: tensor<1x4xf32>, %arg2: tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK-NEXT: %0 = tensor.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<1x4xf32>) outs(%arg2 : tensor<?x4xf32>) {
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: tensor.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<?x4xf32>
// CHECK-NEXT: return %0 : tensor<?x4xf32>
// CHECK-LABEL: func.func private @add_kernel_1(
// CHECK: indexing_maps = [#[[ID]], #[[LAST]], #[[ID]]]
graph.func @broadcast<n>(%x: !graph.tensor<[n, 4], f32>, %row: !graph.tensor<[1, 4], f32>,
                         %v: !graph.tensor<[4], f32>) -> !graph.tensor<[n, 4], f32> {
  %0 = graph.add %x, %row : (!graph.tensor<[n, 4], f32>, !graph.tensor<[1, 4], f32>)
  %1 = graph.add %0, %v : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4], f32>)
  %2 = graph.add %1, %row : (!graph.tensor<[n, 4], f32>, !graph.tensor<[1, 4], f32>)
  graph.return %2 : !graph.tensor<[n, 4], f32>
}

// -----

// CHECK-LABEL: graph.func @unary_compare_where
// CHECK: call_dps @relu_kernel(
// CHECK: call_dps @sigmoid_kernel(
// CHECK: call_dps @less_kernel(
// CHECK: call_dps @where_kernel(
// CHECK-LABEL: func.func private @relu_kernel(
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: arith.maximumf %{{.+}}, %[[ZERO]] : f32
// CHECK-LABEL: func.func private @sigmoid_kernel(
// CHECK: arith.negf
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.divf
// CHECK-LABEL: func.func private @less_kernel(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xi1>) -> tensor<3xi1>
// CHECK: arith.cmpf olt, %{{.+}}, %{{.+}} : f32
// CHECK-LABEL: func.func private @where_kernel(
// CHECK: arith.select %{{.+}}, %{{.+}}, %{{.+}} : f32
graph.func @unary_compare_where(%x: !graph.tensor<[3], f32>) -> !graph.tensor<[3], f32> {
  %0 = graph.relu %x : (!graph.tensor<[3], f32>)
  %1 = graph.sigmoid %x : (!graph.tensor<[3], f32>)
  %c = graph.less %0, %1 : (!graph.tensor<[3], f32>, !graph.tensor<[3], f32>)
  %2 = graph.where %c, %0, %1 : (!graph.tensor<[3], i1>, !graph.tensor<[3], f32>, !graph.tensor<[3], f32>)
  graph.return %2 : !graph.tensor<[3], f32>
}

// -----

// Matmul: a zero-filled destination, then a reduction over k.
// CHECK-DAG: #[[FILL:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[A:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func private @matmul_kernel(%arg0: tensor<?x8xf32>, %arg1: tensor<8x3xf32>, %arg2: tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK-NEXT: %[[ZEROED:.+]] = tensor.generic {indexing_maps = [#[[FILL]]], iterator_types = ["parallel", "parallel"]} outs(%arg2 : tensor<?x3xf32>) {
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: tensor.generic {indexing_maps = [#[[A]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg0, %arg1 : tensor<?x8xf32>, tensor<8x3xf32>) outs(%[[ZEROED]] : tensor<?x3xf32>)
// CHECK: arith.mulf
// CHECK-NEXT: arith.addf
graph.func @mm<n>(%x: !graph.tensor<[n, 8], f32>, %w: !graph.tensor<[8, 3], f32>) -> !graph.tensor<[n, 3], f32> {
  %0 = graph.matmul %x, %w : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8, 3], f32>)
  graph.return %0 : !graph.tensor<[n, 3], f32>
}

// -----

// reduce_mean over a dynamic dim: a sum, then a division by tensor.dim's size.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[KEPT:.+]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func private @reduce_mean_kernel(%arg0: tensor<?x4xf32>, %arg1: tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK: %[[SUM:.+]] = tensor.generic {indexing_maps = [#[[IN]], #[[KEPT]]], iterator_types = ["reduction", "parallel"]}
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK-NEXT: %[[DIM:.+]] = tensor.dim %arg0, %[[C0]] : tensor<?x4xf32>
// CHECK: arith.index_cast %[[DIM]] : index to i64
// CHECK-NEXT: arith.sitofp
// CHECK: tensor.generic {{.+}} outs(%[[SUM]] : tensor<1x4xf32>)
// CHECK: arith.divf
graph.func @mean<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[1, 4], f32> {
  %0 = graph.reduce_mean %x {axes = [0]} : (!graph.tensor<[n, 4], f32>)
  graph.return %0 : !graph.tensor<[1, 4], f32>
}

// -----

// CHECK-DAG: #[[PERM:.+]] = affine_map<(d0, d1, d2) -> (d1, d2, d0)>
// CHECK-LABEL: graph.func @unsupported_stays
// CHECK-NEXT: %0 = add %arg0, %arg1 : (!graph.tensor<[?], f32>, !graph.tensor<[?], f32>)
// CHECK-LABEL: func.func private @transpose_kernel(%arg0: tensor<2x3x?xf32>, %arg1: tensor<?x2x3xf32>) -> tensor<?x2x3xf32>
// CHECK: indexing_maps = [#[[PERM]], #{{.+}}]
graph.func @t<n>(%x: !graph.tensor<[2, 3, n], f32>) -> !graph.tensor<[n, 2, 3], f32> {
  %0 = graph.transpose %x {perm = [2, 0, 1]} : (!graph.tensor<[2, 3, n], f32>)
  graph.return %0 : !graph.tensor<[n, 2, 3], f32>
}
graph.func @unsupported_stays(%x: !graph.tensor<[?], f32>, %y: !graph.tensor<[?], f32>) -> !graph.tensor<[?], f32> {
  %0 = graph.add %x, %y : (!graph.tensor<[?], f32>, !graph.tensor<[?], f32>)
  graph.return %0 : !graph.tensor<[?], f32>
}

// -----

// Unsigned elements reach the kernels as signless ones, and their ops are the unsigned
// ones: a division, a maximum, a comparison, a conversion to float.
// CHECK-LABEL: graph.func @unsigned
// CHECK: call_dps @div_kernel(%arg0, %arg1) : (!graph.tensor<[4], ui8>, !graph.tensor<[4], ui8>) -> !graph.tensor<[4], ui8>
// CHECK-LABEL: func.func private @div_kernel(%arg0: tensor<4xi8>, %arg1: tensor<4xi8>, %arg2: tensor<4xi8>) -> tensor<4xi8>
// CHECK: arith.divui
// CHECK-LABEL: func.func private @maximum_kernel(
// CHECK: arith.maxui
// CHECK-LABEL: func.func private @less_kernel(
// CHECK: arith.cmpi ult
// CHECK-LABEL: func.func private @cast_kernel(%arg0: tensor<4xi8>, %arg1: tensor<4xf32>)
// CHECK: arith.uitofp %{{.+}} : i8 to f32
graph.func @unsigned(%x: !graph.tensor<[4], ui8>, %y: !graph.tensor<[4], ui8>) -> (!graph.tensor<[4], ui8>, !graph.tensor<[4], i1>, !graph.tensor<[4], f32>) {
  %0 = graph.div %x, %y : (!graph.tensor<[4], ui8>, !graph.tensor<[4], ui8>)
  %1 = graph.maximum %0, %y : (!graph.tensor<[4], ui8>, !graph.tensor<[4], ui8>)
  %2 = graph.less %1, %x : (!graph.tensor<[4], ui8>, !graph.tensor<[4], ui8>)
  %3 = graph.cast %1 {to = f32} : (!graph.tensor<[4], ui8>)
  graph.return %1, %2, %3 : !graph.tensor<[4], ui8>, !graph.tensor<[4], i1>, !graph.tensor<[4], f32>
}

// -----

// Ops inside a dataflow region are legalized in place. A regrouping reshape is a
// collapse_shape copied into the destination; softmax along the last axis is max, then
// exp(x - max) written and summed by one generic (two outputs), then a multiplication by
// the sum's reciprocal, its row accumulators in one scratch tensor.empty sized by tensor.dim.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: graph.func @reshape_softmax
// CHECK: dataflow
// CHECK-NEXT: %1 = call_dps @reshape_kernel(%arg0)
// CHECK-NEXT: %2 = call_dps @softmax_kernel(%1)
// CHECK-NEXT: output %2
// CHECK-LABEL: func.func private @reshape_kernel(%arg0: tensor<?x2x3xf32>, %arg1: tensor<?x6xf32>) -> tensor<?x6xf32>
// CHECK-NEXT: %[[C:.+]] = tensor.collapse_shape %arg0 {{\[}}[0], [1, 2]] : tensor<?x2x3xf32> into tensor<?x6xf32>
// CHECK-NEXT: tensor.generic {{.+}} ins(%[[C]] : tensor<?x6xf32>) outs(%arg1 : tensor<?x6xf32>)
// CHECK-LABEL: func.func private @softmax_kernel(
// CHECK: %[[DIM:.+]] = tensor.dim %arg0, %{{.+}} : tensor<?x6xf32>
// CHECK-NEXT: %[[SCRATCH:.+]] = tensor.empty(%[[DIM]]) : tensor<?xf32>
// CHECK-NEXT: %[[LOWEST:.+]] = tensor.generic {{.+}} outs(%[[SCRATCH]] : tensor<?xf32>)
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: %[[MAX:.+]] = tensor.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<?x6xf32>) outs(%[[LOWEST]] : tensor<?xf32>)
// CHECK: arith.maximumf
// CHECK: %[[ZERO:.+]] = tensor.generic {{.+}} outs(%[[SCRATCH]] : tensor<?xf32>)
// CHECK: %[[EXP:.+]]:2 = tensor.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%arg0, %[[MAX]] : tensor<?x6xf32>, tensor<?xf32>) outs(%arg1, %[[ZERO]] : tensor<?x6xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK-NEXT: %[[E:.+]] = math.exp
// CHECK-NEXT: %[[S:.+]] = arith.addf %{{.+}}, %[[E]] fastmath<reassoc>
// CHECK-NEXT: tensor.yield %[[E]], %[[S]]
// CHECK: %[[OUT:.+]] = tensor.generic {indexing_maps = [#[[ROW]], #[[ID]]], {{.+}} ins(%[[EXP]]#1 : tensor<?xf32>) outs(%[[EXP]]#0 : tensor<?x6xf32>)
// CHECK: arith.divf
// CHECK-NEXT: arith.mulf
// CHECK: return %[[OUT]]
graph.func @reshape_softmax<n>(%x: !graph.tensor<[n, 2, 3], f32>) -> !graph.tensor<[n, 6], f32> {
  %0 = graph.dataflow -> !graph.tensor<[n, 6], f32> {
    %1 = graph.reshape %x {shape = [0, -1]} : (!graph.tensor<[n, 2, 3], f32>)
    %2 = graph.softmax %1 : (!graph.tensor<[n, 6], f32>)
    graph.output %2 : !graph.tensor<[n, 6], f32>
  }
  graph.return %0 : !graph.tensor<[n, 6], f32>
}

// -----

// conv: a zero tensor.pad of the spatial dims, then one generic over (n, o, oh, ow, c, kh, kw)
// reading the input channel of group o floordiv 3, at oh * stride + kh.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, (d1 floordiv 3) * 2 + d4, d2 * 2 + d5, d3 * 2 + d6)>
// CHECK-DAG: #[[W:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d1, d4, d5, d6)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func private @conv_kernel(%arg0: tensor<?x4x5x5xf32>, %arg1: tensor<6x2x3x3xf32>, %arg2: tensor<?x6x3x3xf32>) -> tensor<?x6x3x3xf32>
// CHECK: %[[P:.+]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: } : tensor<?x4x5x5xf32> to tensor<?x4x7x7xf32>
// CHECK: %[[Z:.+]] = tensor.generic {{.+}} outs(%arg2 : tensor<?x6x3x3xf32>)
// CHECK: tensor.generic {indexing_maps = [#[[IN]], #[[W]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[P]], %arg1 : tensor<?x4x7x7xf32>, tensor<6x2x3x3xf32>) outs(%[[Z]] : tensor<?x6x3x3xf32>)
// CHECK: arith.mulf
// CHECK-NEXT: arith.addf
graph.func @conv2d<n>(%x: !graph.tensor<[n, 4, 5, 5], f32>, %w: !graph.tensor<[6, 2, 3, 3], f32>) -> !graph.tensor<[n, 6, 3, 3], f32> {
  %0 = graph.conv %x, %w {pads = [1, 1, 1, 1], strides = [2, 2], group = 2} : (!graph.tensor<[n, 4, 5, 5], f32>, !graph.tensor<[6, 2, 3, 3], f32>)
  graph.return %0 : !graph.tensor<[n, 6, 3, 3], f32>
}

// -----

// layer_norm: sum, divide by the count, sum of squared deviations, divide, then
// (x - mean) / sqrt(var + epsilon) * scale + bias.
// CHECK-LABEL: func.func private @layer_norm_kernel(%arg0: tensor<?x8xf32>, %arg1: tensor<8xf32>, %arg2: tensor<8xf32>, %arg3: tensor<?x8xf32>) -> tensor<?x8xf32>
// CHECK: %[[COUNT:.+]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[STATS:.+]] = tensor.empty(%{{.+}}) : tensor<?xf32>
// CHECK: iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<?x8xf32>)
// CHECK: arith.divf %{{.+}}, %[[COUNT]] : f32
// CHECK: arith.subf
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: arith.addf
// CHECK: arith.divf %{{.+}}, %[[COUNT]] : f32
// CHECK: ins(%arg0, %{{.+}}, %{{.+}}, %arg1, %arg2 : tensor<?x8xf32>, tensor<?xf32>, tensor<?xf32>, tensor<8xf32>, tensor<8xf32>) outs(%arg3 : tensor<?x8xf32>)
// CHECK: math.sqrt
graph.func @norm<n>(%x: !graph.tensor<[n, 8], f32>, %s: !graph.tensor<[8], f32>, %b: !graph.tensor<[8], f32>) -> !graph.tensor<[n, 8], f32> {
  %0 = graph.layer_norm %x, %s, %b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8], f32>, !graph.tensor<[8], f32>)
  graph.return %0 : !graph.tensor<[n, 8], f32>
}

// -----

// concat inserts each input after the ones before it; slice is an extract_slice (sizes from
// the destination) copied into it; gather is a tensor.generate reading the wrapped index.
// CHECK-LABEL: func.func private @concat_kernel(%arg0: tensor<?x4xf32>, %arg1: tensor<2x4xf32>, %arg2: tensor<?x4xf32>) -> tensor<?x4xf32>
// CHECK: %[[A:.+]] = tensor.insert_slice %arg0 into %arg2[0, 0] [%{{.+}}, 4] [1, 1] : tensor<?x4xf32> into tensor<?x4xf32>
// CHECK: %[[B:.+]] = tensor.insert_slice %arg1 into %[[A]][%{{.+}}, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<?x4xf32>
// CHECK-NEXT: return %[[B]]
// CHECK-LABEL: func.func private @slice_kernel(%arg0: tensor<?x4xf32>, %arg1: tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK: %[[S:.+]] = tensor.extract_slice %arg0[0, 1] [%{{.+}}, 2] [1, 2] : tensor<?x4xf32> to tensor<?x2xf32>
// CHECK-NEXT: tensor.generic {{.+}} ins(%[[S]] : tensor<?x2xf32>) outs(%arg1 : tensor<?x2xf32>)
// CHECK-LABEL: func.func private @gather_kernel(%arg0: tensor<?x2xf32>, %arg1: tensor<3xi64>, %arg2: tensor<3x2xf32>) -> tensor<3x2xf32>
// CHECK: tensor.generate
// CHECK-NEXT: ^bb0(%[[I:.+]]: index, %[[J:.+]]: index):
// CHECK-NEXT: %[[K:.+]] = tensor.extract %arg1[%[[I]]] : tensor<3xi64>
// CHECK: tensor.extract %arg0[%{{.+}}, %[[J]]] : tensor<?x2xf32>
// CHECK: } : tensor<3x2xf32>
graph.func @concat_slice_gather<n>(%x: !graph.tensor<[n, 4], f32>, %y: !graph.tensor<[2, 4], f32>, %i: !graph.tensor<[3], i64>) -> !graph.tensor<[3, 2], f32> {
  %0 = graph.concat %x, %y {axis = 0} : (!graph.tensor<[n, 4], f32>, !graph.tensor<[2, 4], f32>)
  %1 = graph.slice %0 {starts = [0, 1], ends = [9223372036854775807, 4], steps = [1, 2]} : (!graph.tensor<[n+2, 4], f32>)
  %2 = graph.gather %1, %i {axis = 0} : (!graph.tensor<[n+2, 2], f32>, !graph.tensor<[3], i64>)
  graph.return %2 : !graph.tensor<[3, 2], f32>
}

// -----

// conv with unit stride along the rows: the padded input's rows are rounded up to a multiple
// of 8 elements (17 -> 24 columns) so that vector loads of them start aligned.
// CHECK-LABEL: func.func private @conv_kernel(%arg0: tensor<1x2x5x15xf32>
// CHECK: %[[P:.+]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 8]
// CHECK: } : tensor<1x2x5x15xf32> to tensor<1x2x7x24xf32>
graph.func @conv_aligned(%x: !graph.tensor<[1, 2, 5, 15], f32>, %w: !graph.tensor<[3, 2, 3, 3], f32>) -> !graph.tensor<[1, 3, 5, 15], f32> {
  %0 = graph.conv %x, %w {pads = [1, 1, 1, 1]} : (!graph.tensor<[1, 2, 5, 15], f32>, !graph.tensor<[3, 2, 3, 3], f32>)
  graph.return %0 : !graph.tensor<[1, 3, 5, 15], f32>
}

// -----

// Rows shorter than two multiples of 8 stay as they are (5 + 2 -> 7 columns): vectors run
// on across them (`conv_wide_grid`), where added columns would be computed for nothing.
// CHECK-LABEL: func.func private @conv_kernel(%arg0: tensor<1x2x5x5xf32>
// CHECK: %[[P:.+]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: } : tensor<1x2x5x5xf32> to tensor<1x2x7x7xf32>
graph.func @conv_short_rows(%x: !graph.tensor<[1, 2, 5, 5], f32>, %w: !graph.tensor<[3, 2, 3, 3], f32>) -> !graph.tensor<[1, 3, 5, 5], f32> {
  %0 = graph.conv %x, %w {pads = [1, 1, 1, 1]} : (!graph.tensor<[1, 2, 5, 5], f32>, !graph.tensor<[3, 2, 3, 3], f32>)
  graph.return %0 : !graph.tensor<[1, 3, 5, 5], f32>
}

// -----

// conv with stride 2 along the rows: the padded input's columns split into 2 phases
// (`Xs[n, c, p, h, w] = X[n, c, h, 2w + p]`, 29 + 2 -> 32 columns, 16 per phase) and read
// at phase `kw mod 2`, column `ow + kw floordiv 2`: unit stride along the output width.
// CHECK-DAG: #[[SPLIT:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4 * 2 + d2)>
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d6 mod 2, d2 + d5, d3 + d6 floordiv 2)>
// CHECK-LABEL: func.func private @conv_kernel(%arg0: tensor<1x2x5x29xf32>
// CHECK: %[[P:.+]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 2]
// CHECK: } : tensor<1x2x5x29xf32> to tensor<1x2x7x32xf32>
// CHECK: %[[E:.+]] = tensor.empty() : tensor<1x2x2x7x16xf32>
// CHECK: %[[S:.+]] = tensor.generic {indexing_maps = [#[[SPLIT]], #{{.+}}], {{.+}} ins(%[[P]] : tensor<1x2x7x32xf32>) outs(%[[E]] : tensor<1x2x2x7x16xf32>)
// CHECK: tensor.generic {indexing_maps = [#[[IN]], {{.+}} ins(%[[S]], %arg1 : tensor<1x2x2x7x16xf32>, tensor<3x2x3x3xf32>)
graph.func @conv_phases(%x: !graph.tensor<[1, 2, 5, 29], f32>, %w: !graph.tensor<[3, 2, 3, 3], f32>) -> !graph.tensor<[1, 3, 5, 15], f32> {
  %0 = graph.conv %x, %w {pads = [1, 1, 1, 1], strides = [1, 2]} : (!graph.tensor<[1, 2, 5, 29], f32>, !graph.tensor<[3, 2, 3, 3], f32>)
  graph.return %0 : !graph.tensor<[1, 3, 5, 15], f32>
}
