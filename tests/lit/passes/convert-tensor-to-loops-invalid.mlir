// REQUIRES: mlc
// RUN: mlc-opt %s -p convert-tensor-to-loops --verify-diagnostics

func.func @on_tensors(%a: tensor<4xf32>, %o: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'tensor.generic' op on tensors cannot be lowered to loops: run bufferize first}}
  %r = tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%a : tensor<4xf32>) outs(%o : tensor<4xf32>) {
  ^bb0(%x: f32, %y: f32):
    tensor.yield %x : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
