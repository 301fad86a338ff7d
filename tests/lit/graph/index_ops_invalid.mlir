// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

graph.func @f(%x: !graph.tensor<[2, 6], f32>, %y: !graph.tensor<[3, 5], f32>) {
  // expected-error@+1 {{'graph.concat' op shapes [2, 6] and [3, 5] differ in dim 1, which is not the concatenation axis 0}}
  %0 = graph.concat %x, %y {axis = 0} : (!graph.tensor<[2, 6], f32>, !graph.tensor<[3, 5], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>, %y: !graph.tensor<[6], f32>) {
  // expected-error@+1 {{'graph.concat' op operands must have the same rank, got [2, 6] and [6]}}
  %0 = graph.concat %x, %y {axis = 0} : (!graph.tensor<[2, 6], f32>, !graph.tensor<[6], f32>) -> !graph.tensor<[8, 6], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>, %y: !graph.tensor<[2, 6], f16>) {
  // expected-error@+1 {{'graph.concat' op operands must have the same element type, got '!graph.tensor<[2, 6], f32>' and '!graph.tensor<[2, 6], f16>'}}
  %0 = graph.concat %x, %y {axis = 0} : (!graph.tensor<[2, 6], f32>, !graph.tensor<[2, 6], f16>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.concat' op axis 2 is out of range for rank 2}}
  %0 = graph.concat %x, %x {axis = 2} : (!graph.tensor<[2, 6], f32>, !graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.split' op 'split' [2, 3] sums to 5, not to the dim 6}}
  %0:2 = graph.split %x {axis = 1, split = [2, 3]} : (!graph.tensor<[2, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.split' op needs exactly one of 'split' and 'num_outputs'}}
  %0:2 = graph.split %x {axis = 1} : (!graph.tensor<[2, 6], f32>) -> (!graph.tensor<[2, 3], f32>, !graph.tensor<[2, 3], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[2, 6], f32>) {
  // expected-error@+1 {{'graph.split' op has 2 results, but the split gives 3}}
  %0:2 = graph.split %x {axis = 1, num_outputs = 3} : (!graph.tensor<[2, 6], f32>) -> (!graph.tensor<[2, 2], f32>, !graph.tensor<[2, 2], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.split' op cannot split a dim of 5 into 4 pieces of 2}}
  %0:4 = graph.split %x {num_outputs = 4} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.slice' op 'steps' [0] must not be 0}}
  %0 = graph.slice %x {starts = [0], ends = [2], steps = [0]} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.slice' op 'starts' [0, 1], 'ends' [2], 'axes' [0, 1] and 'steps' [1, 1] must have the same length}}
  %0 = graph.slice %x {starts = [0, 1], ends = [2]} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.slice' op axes [1, -1] repeat an axis}}
  %0 = graph.slice %x {starts = [0, 1], ends = [2, 3], axes = [1, -1]} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>, %i: !graph.tensor<[3], f32>) {
  // expected-error@+1 {{'graph.gather' op indices must have an integer element type, got '!graph.tensor<[3], f32>'}}
  %0 = graph.gather %x, %i : (!graph.tensor<[5, 6], f32>, !graph.tensor<[3], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>, %i: !graph.tensor<[3], i64>) {
  // expected-error@+1 {{'graph.gather' op axis -3 is out of range for rank 2}}
  %0 = graph.gather %x, %i {axis = -3} : (!graph.tensor<[5, 6], f32>, !graph.tensor<[3], i64>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>, %i: !graph.tensor<[3], i64>) {
  // expected-error@+1 {{'graph.gather_elements' op data [5, 6] and indices [3] must have the same rank}}
  %0 = graph.gather_elements %x, %i : (!graph.tensor<[5, 6], f32>, !graph.tensor<[3], i64>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>, %i: !graph.tensor<[9, 7], i64>) {
  // expected-error@+1 {{'graph.gather_elements' op indices [9, 7] exceed data [5, 6] in dim 1}}
  %0 = graph.gather_elements %x, %i : (!graph.tensor<[5, 6], f32>, !graph.tensor<[9, 7], i64>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.pad' op 'pads' [1, 1] must have 2 * rank = 4 counts for [5, 6]}}
  %0 = graph.pad %x {pads = [1, 1]} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.pad' op 'pads' [0, -1, 0, 0] may be negative only in constant mode}}
  %0 = graph.pad %x {pads = [0, -1, 0, 0], mode = "edge"} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.pad' op 'pads' [-3, 0, -3, 0] remove more than [5, 6]}}
  %0 = graph.pad %x {pads = [-3, 0, -3, 0]} : (!graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.pad' op attribute 'mode' failed to satisfy constraint: one of constant, reflect, edge, wrap}}
  %0 = graph.pad %x {pads = [0, 0, 0, 0], mode = "mirror"} : (!graph.tensor<[5, 6], f32>) -> !graph.tensor<[5, 6], f32>
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.concat' op requires the 'axis' attribute}}
  %0 = graph.concat %x, %x : (!graph.tensor<[5, 6], f32>, !graph.tensor<[5, 6], f32>)
  graph.return
}

// -----

graph.func @f(%x: !graph.tensor<[5, 6], f32>) {
  // expected-error@+1 {{'graph.slice' op requires the 'ends' attribute}}
  %0 = graph.slice %x {starts = [1]} : (!graph.tensor<[5, 6], f32>)
  graph.return
}
