// A two-layer perceptron in the graph dialect over a symbolic batch `n`: a PyTorch-style
// linear layer (weight [out, in]) and an ONNX-style Gemm with transB, then log-softmax.
//
//   mlc.interpret(mlc.parse_file("examples/mlp.mlir"), "main", x, w1, b1, w2, b2)
graph.func @main<n>(
    %x: !graph.tensor<[n, 32], f32>,
    %w1: !graph.tensor<[64, 32], f32>, %b1: !graph.tensor<[64], f32>,
    %w2: !graph.tensor<[10, 64], f32>, %b2: !graph.tensor<[10], f32>
) -> !graph.tensor<[n, 10], f32> {
  %h = graph.linear %x, %w1, %b1 : (!graph.tensor<[n, 32], f32>, !graph.tensor<[64, 32], f32>, !graph.tensor<[64], f32>)
  %a = graph.gelu %h : (!graph.tensor<[n, 64], f32>)
  %o = graph.gemm %a, %w2, %b2 {transB = true} : (!graph.tensor<[n, 64], f32>, !graph.tensor<[10, 64], f32>, !graph.tensor<[10], f32>)
  %y = graph.log_softmax %o : (!graph.tensor<[n, 10], f32>)
  graph.return %y : !graph.tensor<[n, 10], f32>
}
