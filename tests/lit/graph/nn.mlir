// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=INFER

// Matmul as numpy's: 1-D operands lose their unit dim, batch dims broadcast.
// CHECK-LABEL: graph.func @matmul<n, m, k>
// INFER-LABEL: sym_name = "matmul"
graph.func @matmul<n, m, k>(%a: !graph.tensor<[n, m, k], f32>, %b: !graph.tensor<[k, 16], f32>, %v: !graph.tensor<[k], f32>, %c: !graph.tensor<[1, 3, k, 2], i32>, %d: !graph.tensor<[5, 1, 2, k], i32>) {
  // CHECK: matmul %arg0, %arg1 : (!graph.tensor<[n, m, k], f32>, !graph.tensor<[k, 16], f32>){{$}}
  // INFER: "graph.matmul"(%{{.*}}) : (!graph.tensor<[n, m, k], f32>, !graph.tensor<[k, 16], f32>) -> !graph.tensor<[n, m, 16], f32>
  %0 = graph.matmul %a, %b : (!graph.tensor<[n, m, k], f32>, !graph.tensor<[k, 16], f32>)
  // INFER: "graph.matmul"(%{{.*}}) : (!graph.tensor<[n, m, k], f32>, !graph.tensor<[k], f32>) -> !graph.tensor<[n, m], f32>
  %1 = graph.matmul %a, %v : (!graph.tensor<[n, m, k], f32>, !graph.tensor<[k], f32>)
  // INFER: "graph.matmul"(%{{.*}}) : (!graph.tensor<[k], f32>, !graph.tensor<[k, 16], f32>) -> !graph.tensor<[16], f32>
  %2 = graph.matmul %v, %b : (!graph.tensor<[k], f32>, !graph.tensor<[k, 16], f32>)
  // INFER: "graph.matmul"(%{{.*}}) : (!graph.tensor<[k], f32>, !graph.tensor<[k], f32>) -> !graph.tensor<[], f32>
  %3 = graph.matmul %v, %v : (!graph.tensor<[k], f32>, !graph.tensor<[k], f32>)
  // INFER: "graph.matmul"(%{{.*}}) : (!graph.tensor<[1, 3, k, 2], i32>, !graph.tensor<[5, 1, 2, k], i32>) -> !graph.tensor<[5, 3, k, k], i32>
  %4 = graph.matmul %c, %d : (!graph.tensor<[1, 3, k, 2], i32>, !graph.tensor<[5, 1, 2, k], i32>)
  graph.return
}

// Gemm (ONNX) and linear (PyTorch): defaults elided, C broadcast to [M, N].
// CHECK-LABEL: graph.func @dense
// INFER-LABEL: sym_name = "dense"
graph.func @dense<n>(%x: !graph.tensor<[n, 8], f32>, %wt: !graph.tensor<[4, 8], f32>, %c: !graph.tensor<[4], f32>, %y: !graph.tensor<[n, 3, 8], f32>, %z: !graph.tensor<[], f32>) {
  // CHECK: gemm %arg0, %arg1, %arg2 {alpha = 5.000000e-01 : f32, transB = true} : (!graph.tensor<[n, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>){{$}}
  // INFER: "graph.gemm"(%{{.*}}) <{alpha = 5.000000e-01 : f32, beta = 1.000000e+00 : f32, transA = false, transB = true}> : {{.*}} -> !graph.tensor<[n, 4], f32>
  %0 = graph.gemm %x, %wt, %c {alpha = 0.5 : f32, transB = true} : (!graph.tensor<[n, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>)
  // INFER: "graph.gemm"(%{{.*}}) <{{.*}}transA = true, transB = false}> : {{.*}} -> !graph.tensor<[8, 8], f32>
  %1 = graph.gemm %wt, %wt, %z {transA = true} : (!graph.tensor<[4, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[], f32>) -> !graph.tensor<[8, 8], f32>
  // CHECK: linear %arg3, %arg1, %arg2 : (!graph.tensor<[n, 3, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>){{$}}
  // INFER: "graph.linear"(%{{.*}}) : {{.*}} -> !graph.tensor<[n, 3, 4], f32>
  %2 = graph.linear %y, %wt, %c : (!graph.tensor<[n, 3, 8], f32>, !graph.tensor<[4, 8], f32>, !graph.tensor<[4], f32>)
  // CHECK: bias_add %2, %arg2 {axis = -1 : i64}
  // INFER: "graph.bias_add"(%{{.*}}) <{axis = -1 : i64}> : {{.*}} -> !graph.tensor<[n, 3, 4], f32>
  %3 = graph.bias_add %2, %c {axis = -1 : i64} : (!graph.tensor<[n, 3, 4], f32>, !graph.tensor<[4], f32>)
  graph.return
}

// Softmax and the normalizations keep the input's type.
// CHECK-LABEL: graph.func @norms
// INFER-LABEL: sym_name = "norms"
graph.func @norms<n, s>(%x: !graph.tensor<[n, s, 8], f16>, %g: !graph.tensor<[8], f16>, %i: !graph.tensor<[n, 6, s, s], f32>, %c: !graph.tensor<[6], f32>) {
  // CHECK: softmax %arg0 : (!graph.tensor<[n, s, 8], f16>){{$}}
  // INFER: "graph.softmax"(%{{.*}}) <{axis = -1 : i64}> : (!graph.tensor<[n, s, 8], f16>) -> !graph.tensor<[n, s, 8], f16>
  %0 = graph.softmax %x : (!graph.tensor<[n, s, 8], f16>)
  // CHECK: log_softmax %arg0 {axis = 1 : i64} : (!graph.tensor<[n, s, 8], f16>){{$}}
  %1 = graph.log_softmax %x {axis = 1 : i64} : (!graph.tensor<[n, s, 8], f16>)
  // CHECK: layer_norm %arg0, %arg1, %arg1 {epsilon = 9.99999997E-7 : f32} : (!graph.tensor<[n, s, 8], f16>, !graph.tensor<[8], f16>, !graph.tensor<[8], f16>){{$}}
  // INFER: "graph.layer_norm"(%{{.*}}) <{axis = -1 : i64, epsilon = 9.99999997E-7 : f32}>
  %2 = graph.layer_norm %x, %g, %g {epsilon = 1.0e-6 : f32} : (!graph.tensor<[n, s, 8], f16>, !graph.tensor<[8], f16>, !graph.tensor<[8], f16>)
  // CHECK: batch_norm %arg2, %arg3, %arg3, %arg3, %arg3 : (!graph.tensor<[n, 6, s, s], f32>, {{.*}}){{$}}
  // INFER: "graph.batch_norm"(%{{.*}}) <{axis = 1 : i64, epsilon = 9.99999974E-6 : f32}> : {{.*}} -> !graph.tensor<[n, 6, s, s], f32>
  %3 = graph.batch_norm %i, %c, %c, %c, %c : (!graph.tensor<[n, 6, s, s], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>)
  // CHECK: instance_norm %arg2, %arg3, %arg3 : (!graph.tensor<[n, 6, s, s], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>){{$}}
  %4 = graph.instance_norm %i, %c, %c : (!graph.tensor<[n, 6, s, s], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>)
  // CHECK: group_norm %arg2, %arg3, %arg3 {num_groups = 3 : i64} : (!graph.tensor<[n, 6, s, s], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>){{$}}
  // INFER: "graph.group_norm"(%{{.*}}) <{epsilon = 9.99999974E-6 : f32, num_groups = 3 : i64}> : {{.*}} -> !graph.tensor<[n, 6, s, s], f32>
  %5 = graph.group_norm %i, %c, %c {num_groups = 3 : i64} : (!graph.tensor<[n, 6, s, s], f32>, !graph.tensor<[6], f32>, !graph.tensor<[6], f32>)
  graph.return
}
