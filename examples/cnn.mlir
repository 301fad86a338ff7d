// A small residual CNN in the graph dialect: NCHW images of any batch size `n`, weights as
// arguments. Shapes in comments; the op results' types are inferred (elided in the text).
//
//   mlc-opt examples/cnn.mlir                       # verify and print
//   mlc.interpret(mlc.parse_file("examples/cnn.mlir"), "main", x, *weights)
graph.func @main<n>(
    %x: !graph.tensor<[n, 3, 16, 16], f32>,
    %w1: !graph.tensor<[8, 3, 3, 3], f32>, %b1: !graph.tensor<[8], f32>,
    %w2: !graph.tensor<[8, 8, 3, 3], f32>,
    %bn_scale: !graph.tensor<[8], f32>, %bn_bias: !graph.tensor<[8], f32>,
    %bn_mean: !graph.tensor<[8], f32>, %bn_var: !graph.tensor<[8], f32>,
    %w3: !graph.tensor<[8, 8, 3, 3], f32>, %b3: !graph.tensor<[8], f32>,
    %fc_w: !graph.tensor<[10, 8], f32>, %fc_b: !graph.tensor<[10], f32>
) -> !graph.tensor<[n, 10], f32> {
  // Stem: conv 3x3 + bias + relu, [n, 8, 16, 16]; 2x2 max pool, [n, 8, 8, 8].
  %c1 = graph.conv %x, %w1 {pads = [1, 1, 1, 1]} : (!graph.tensor<[n, 3, 16, 16], f32>, !graph.tensor<[8, 3, 3, 3], f32>)
  %y1 = graph.bias_add %c1, %b1 : (!graph.tensor<[n, 8, 16, 16], f32>, !graph.tensor<[8], f32>)
  %r1 = graph.relu %y1 : (!graph.tensor<[n, 8, 16, 16], f32>)
  %p1 = graph.max_pool %r1 {kernel_shape = [2, 2], strides = [2, 2]} : (!graph.tensor<[n, 8, 16, 16], f32>)
  // Residual block: conv + batch norm + relu, conv + bias, add the block's input, relu.
  %c2 = graph.conv %p1, %w2 {pads = [1, 1, 1, 1]} : (!graph.tensor<[n, 8, 8, 8], f32>, !graph.tensor<[8, 8, 3, 3], f32>)
  %n2 = graph.batch_norm %c2, %bn_scale, %bn_bias, %bn_mean, %bn_var : (!graph.tensor<[n, 8, 8, 8], f32>, !graph.tensor<[8], f32>, !graph.tensor<[8], f32>, !graph.tensor<[8], f32>, !graph.tensor<[8], f32>)
  %r2 = graph.relu %n2 : (!graph.tensor<[n, 8, 8, 8], f32>)
  %c3 = graph.conv %r2, %w3 {pads = [1, 1, 1, 1]} : (!graph.tensor<[n, 8, 8, 8], f32>, !graph.tensor<[8, 8, 3, 3], f32>)
  %y3 = graph.bias_add %c3, %b3 : (!graph.tensor<[n, 8, 8, 8], f32>, !graph.tensor<[8], f32>)
  %sum = graph.add %y3, %p1 : (!graph.tensor<[n, 8, 8, 8], f32>, !graph.tensor<[n, 8, 8, 8], f32>)
  %r3 = graph.relu %sum : (!graph.tensor<[n, 8, 8, 8], f32>)
  // Head: global average pool, [n, 8, 1, 1]; flatten, [n, 8]; dense; softmax.
  %g = graph.global_avg_pool %r3 : (!graph.tensor<[n, 8, 8, 8], f32>)
  %f = graph.flatten %g : (!graph.tensor<[n, 8, 1, 1], f32>)
  %logits = graph.linear %f, %fc_w, %fc_b : (!graph.tensor<[n, 8], f32>, !graph.tensor<[10, 8], f32>, !graph.tensor<[10], f32>)
  %probs = graph.softmax %logits : (!graph.tensor<[n, 10], f32>)
  graph.return %probs : !graph.tensor<[n, 10], f32>
}
