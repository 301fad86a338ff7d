// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op cannot reshape [2, 6] (12 elements) to [5, 2] (10 elements)}}
  %0 = graph.reshape %x {shape = [5, 2]} : (!graph.tensor<[2, 6], f32>) -> !graph.tensor<[5, 2], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op cannot reshape [2, 6] (12 elements) to [-1, 5]: 12 is not a multiple of 5}}
  %0 = graph.reshape %x {shape = [-1, 5]} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f<n>(%x: !graph.tensor<[n, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op 'shape' [-1, -1] has more than one -1}}
  %0 = graph.reshape %x {shape = [-1, -1]} : (!graph.tensor<[n, 6], f32>)
  graph.return
}

// -----

graph.func @f<n>(%x: !graph.tensor<[n, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op 'shape' [n, -3] has the invalid size -3}}
  %0 = graph.reshape %x {shape = ["n", -3]} : (!graph.tensor<[n, 6], f32>)
  graph.return
}

// -----

graph.func @f<n>(%x: !graph.tensor<[n, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op 'shape' element "n*" is not a size}}
  %0 = graph.reshape %x {shape = ["n*", 6]} : (!graph.tensor<[n, 6], f32>)
  graph.return
}

// -----

graph.func @f<n>(%x: !graph.tensor<[n, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op 'shape' uses size variables m that the enclosing function does not declare}}
  %0 = graph.reshape %x {shape = ["m", -1]} : (!graph.tensor<[n, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op result #0 has type '!graph.tensor<[3, 4], f32>', but the operands give '!graph.tensor<[4, 3], f32>'}}
  %0 = graph.reshape %x {shape = [4, 3]} : (!graph.tensor<[2, 6], f32>) -> !graph.tensor<[3, 4], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6, 3], f32>) {
  // expected-error@+1 {{'graph.transpose' op 'perm' [0, 2, 2] is not a permutation of [0, 3)}}
  %0 = graph.transpose %x {perm = [0, 2, 2]} : (!graph.tensor<[2, 6, 3], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6, 3], f32>) {
  // expected-error@+1 {{'graph.transpose' op 'perm' [1, 0] is not a permutation of [0, 3)}}
  %0 = graph.transpose %x {perm = [1, 0]} : (!graph.tensor<[2, 6, 3], f32>) -> !graph.tensor<[6, 2], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.expand_dims' op axes 4 is out of range for rank 4}}
  %0 = graph.expand_dims %x {axes = [0, 4]} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.expand_dims' op axes [0, -4] repeat an axis}}
  %0 = graph.expand_dims %x {axes = [0, -4]} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[1, 6], f32>) {
  // expected-error@+1 {{'graph.squeeze' op cannot squeeze axis 1 of [1, 6]: its size is 6}}
  %0 = graph.squeeze %x {axes = [1]} : (!graph.tensor<[1, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[1, 6], f32>) {
  // expected-error@+1 {{'graph.squeeze' op axes 2 is out of range for rank 2}}
  %0 = graph.squeeze %x {axes = [2]} : (!graph.tensor<[1, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[1, 6], f32>) {
  // expected-error@+1 {{'graph.flatten' op axis 3 is out of range [-2, 2] for rank 2}}
  %0 = graph.flatten %x {axis = 3} : (!graph.tensor<[1, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[3, 6], f32>) {
  // expected-error@+1 {{'graph.broadcast_to' op shapes [3, 6] and [2, 6] are not broadcast-compatible}}
  %0 = graph.broadcast_to %x {shape = [2, 6]} : (!graph.tensor<[3, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[3, 6], f32>) {
  // expected-error@+1 {{'graph.broadcast_to' op 'shape' [-2, 6] has the negative size -2}}
  %0 = graph.broadcast_to %x {shape = [-2, 6]} : (!graph.tensor<[3, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[3, 6], f32>) {
  // expected-error@+1 {{'graph.tile' op 'repeats' [2] must be 2 non-negative counts, one per dim of [3, 6]}}
  %0 = graph.tile %x {repeats = [2]} : (!graph.tensor<[3, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[3, 6], f32>) {
  // expected-error@+1 {{'graph.tile' op attribute 'repeats' failed to satisfy constraint: array of integer attributes}}
  %0 = "graph.tile"(%x) {repeats = 2} : (!graph.tensor<[3, 6], f32>) -> !graph.tensor<[3, 6], f32>
  graph.return
}

// -----

func.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op 'shape' uses size variables n that the enclosing function does not declare}}
  %0 = graph.reshape %x {shape = ["n", -1]} : (!graph.tensor<[2, 6], f32>) -> !graph.tensor<[?, ?], f32>
  return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.reshape' op requires the 'shape' attribute}}
  %0 = graph.reshape %x : (!graph.tensor<[2, 6], f32>)
  graph.return
}
