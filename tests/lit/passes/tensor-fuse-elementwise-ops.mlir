// REQUIRES: mlc
// RUN: mlc-opt %s -p tensor-fuse-elementwise-ops --split-input-file | filecheck %s

// The producer's body is inlined ahead of the consumer's; an input both read at the same
// map becomes one; the scratch tensor and its size are gone.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @chain(
// CHECK-NEXT: %0 = tensor.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<?x8xf32>, tensor<8xf32>) outs(%arg2 : tensor<?x8xf32>) {
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[A:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[M:.+]] = arith.mulf %[[X]], %[[A]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[M]], %[[X]] : f32
// CHECK-NEXT: tensor.yield %[[S]] : f32
// CHECK-NEXT: } -> tensor<?x8xf32>
// CHECK-NEXT: return %0
func.func @chain(%x: tensor<?x8xf32>, %a: tensor<8xf32>, %out: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x8xf32>
  %e = tensor.empty(%n) : tensor<?x8xf32>
  %0 = tensor.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %a : tensor<?x8xf32>, tensor<8xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%v: f32, %w: f32, %o: f32):
    %m = arith.mulf %v, %w : f32
    tensor.yield %m : f32
  } -> tensor<?x8xf32>
  %1 = tensor.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%0, %x : tensor<?x8xf32>, tensor<?x8xf32>) outs(%out : tensor<?x8xf32>) {
  ^bb0(%v: f32, %w: f32, %o: f32):
    %s = arith.addf %v, %w : f32
    tensor.yield %s : f32
  } -> tensor<?x8xf32>
  return %1 : tensor<?x8xf32>
}

// -----

// A transposing producer into a reduction: its input is read at its map composed with the
// inverse of its output map and the consumer's map.
#id = affine_map<(d0, d1) -> (d0, d1)>
#t = affine_map<(d0, d1) -> (d1, d0)>
#kept = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[T:.+]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[KEPT:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @transposed_sum(
// CHECK-NEXT: %0 = tensor.generic {indexing_maps = [#[[T]], #[[KEPT]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<8x?xf32>) outs(%arg1 : tensor<?xf32>) {
// CHECK-NEXT: ^bb0(%[[X:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[E:.+]] = math.exp %[[X]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[E]], %[[ACC]] : f32
// CHECK-NEXT: tensor.yield %[[S]] : f32
func.func @transposed_sum(%x: tensor<8x?xf32>, %out: tensor<?xf32>) -> tensor<?xf32> {
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c1 : tensor<8x?xf32>
  %e = tensor.empty(%n) : tensor<?x8xf32>
  %0 = tensor.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<8x?xf32>) outs(%e : tensor<?x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = math.exp %v : f32
    tensor.yield %m : f32
  } -> tensor<?x8xf32>
  %1 = tensor.generic {indexing_maps = [#id, #kept], iterator_types = ["parallel", "reduction"]}
      ins(%0 : tensor<?x8xf32>) outs(%out : tensor<?xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %v, %acc : f32
    tensor.yield %s : f32
  } -> tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Not fused: the exp read through a broadcast (each would be computed once per row), the
// add, which has a second user (the return), and the accumulation into %x, whose body
// reads its output's old value.
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#vec = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @kept_apart(
// CHECK-COUNT-5: tensor.generic
// CHECK-NOT: tensor.generic
func.func @kept_apart(%a: tensor<8xf32>, %x: tensor<4x8xf32>, %out: tensor<4x8xf32>)
    -> (tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>) {
  %e = tensor.empty() : tensor<8xf32>
  %0 = tensor.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
      ins(%a : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = math.exp %v : f32
    tensor.yield %m : f32
  } -> tensor<8xf32>
  %1 = tensor.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x, %0 : tensor<4x8xf32>, tensor<8xf32>) outs(%out : tensor<4x8xf32>) {
  ^bb0(%v: f32, %w: f32, %o: f32):
    %s = arith.addf %v, %w : f32
    tensor.yield %s : f32
  } -> tensor<4x8xf32>
  %2 = tensor.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%x : tensor<4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %s = arith.addf %v, %o : f32
    tensor.yield %s : f32
  } -> tensor<4x8xf32>
  %3 = tensor.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%2 : tensor<4x8xf32>) outs(%out : tensor<4x8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %s = arith.negf %v : f32
    tensor.yield %s : f32
  } -> tensor<4x8xf32>
  %4 = tensor.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%1 : tensor<4x8xf32>) outs(%a : tensor<8xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.addf %v, %acc : f32
    tensor.yield %s : f32
  } -> tensor<8xf32>
  return %3, %4, %1 : tensor<4x8xf32>, tensor<8xf32>, tensor<4x8xf32>
}

// -----

// Not fused: after fusion no operand would read loop d1 as a plain dim (the broadcast
// producer's input has no d1), so the reduction's extent would be unknown.
#id = affine_map<(d0, d1) -> (d0, d1)>
#first = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @uncovered_loop(
// CHECK-COUNT-2: tensor.generic
func.func @uncovered_loop(%a: tensor<8xf32>, %out: tensor<8xf32>) -> tensor<8xf32> {
  %e = tensor.empty() : tensor<8x4xf32>
  %0 = tensor.generic {indexing_maps = [#first, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8xf32>) outs(%e : tensor<8x4xf32>) {
  ^bb0(%v: f32, %o: f32):
    tensor.yield %v : f32
  } -> tensor<8x4xf32>
  %1 = tensor.generic {indexing_maps = [#id, #first], iterator_types = ["parallel", "reduction"]}
      ins(%0 : tensor<8x4xf32>) outs(%out : tensor<8xf32>) {
  ^bb0(%v: f32, %acc: f32):
    %s = arith.maximumf %v, %acc : f32
    tensor.yield %s : f32
  } -> tensor<8xf32>
  return %1 : tensor<8xf32>
}
