// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

// Input channels must match the weight's (times group), naming both shapes.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 2, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op input '!graph.tensor<[1, 3, 8, 8], f32>' has 3 channels, but weight '!graph.tensor<[4, 2, 3, 3], f32>' expects 2}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 2, 3, 3], f32>)
  graph.return
}

// -----

// ... with groups, too.
graph.func @f(%x: !graph.tensor<[1, 6, 8, 8], f32>, %w: !graph.tensor<[4, 2, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op input '!graph.tensor<[1, 6, 8, 8], f32>' has 6 channels, but weight '!graph.tensor<[4, 2, 3, 3], f32>' expects 2 per group x group 2}}
  %0 = graph.conv %x, %w {group = 2 : i64} : (!graph.tensor<[1, 6, 8, 8], f32>, !graph.tensor<[4, 2, 3, 3], f32>)
  graph.return
}

// -----

// group must divide the input channels.
graph.func @f(%x: !graph.tensor<[1, 6, 8, 8], f32>, %w: !graph.tensor<[4, 2, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op group 4 does not divide the 6 input channels of '!graph.tensor<[1, 6, 8, 8], f32>'}}
  %0 = graph.conv %x, %w {group = 4 : i64} : (!graph.tensor<[1, 6, 8, 8], f32>, !graph.tensor<[4, 2, 3, 3], f32>)
  graph.return
}

// -----

// ... and the output channels.
graph.func @f(%x: !graph.tensor<[1, 6, 8, 8], f32>, %w: !graph.tensor<[4, 2, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op group 3 does not divide the 4 output channels of '!graph.tensor<[4, 2, 3, 3], f32>'}}
  %0 = graph.conv %x, %w {group = 3 : i64} : (!graph.tensor<[1, 6, 8, 8], f32>, !graph.tensor<[4, 2, 3, 3], f32>)
  graph.return
}

// -----

// group must be positive.
graph.func @f(%x: !graph.tensor<[1, 6, 8, 8], f32>, %w: !graph.tensor<[4, 2, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op group 0 must be positive}}
  %0 = graph.conv %x, %w {group = 0 : i64} : (!graph.tensor<[1, 6, 8, 8], f32>, !graph.tensor<[4, 2, 3, 3], f32>)
  graph.return
}

// -----

// The input needs batch, channel and spatial dims.
graph.func @f(%x: !graph.tensor<[3, 8], f32>, %w: !graph.tensor<[4, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op input must have rank 3 or more (batch, channels, spatial), got '!graph.tensor<[3, 8], f32>'}}
  %0 = graph.conv %x, %w : (!graph.tensor<[3, 8], f32>, !graph.tensor<[4, 3], f32>)
  graph.return
}

// -----

// The weight has the input's rank.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op weight '!graph.tensor<[4, 3, 3], f32>' must have the rank of the input '!graph.tensor<[1, 3, 8, 8], f32>'}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3], f32>)
  graph.return
}

// -----

// A kernel larger than the padded input (static sizes).
graph.func @f(%x: !graph.tensor<[1, 3, 4, 8], f32>, %w: !graph.tensor<[4, 3, 5, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op kernel size 5 with dilation 1 is larger than the padded spatial dim #0 of '!graph.tensor<[1, 3, 4, 8], f32>' (4 + pads 0 and 0)}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 3, 4, 8], f32>, !graph.tensor<[4, 3, 5, 3], f32>)
  graph.return
}

// -----

// ... dilation counts.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op kernel size 3 with dilation 4 is larger than the padded spatial dim #0 of '!graph.tensor<[1, 3, 8, 8], f32>' (8 + pads 0 and 0)}}
  %0 = graph.conv %x, %w {dilations = [4, 1]} : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  graph.return
}

// -----

// Negative pads.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op pads [1, -1, 1, 1] must be non-negative}}
  %0 = graph.conv %x, %w {pads = [1, -1, 1, 1]} : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  graph.return
}

// -----

// pads has begins and ends for each spatial dim.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op pads [1, 1] must have 4 values}}
  %0 = graph.conv %x, %w {pads = [1, 1]} : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  graph.return
}

// -----

// Strides are positive.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op strides [1, 0] must be positive}}
  %0 = graph.conv %x, %w {strides = [1, 0]} : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  graph.return
}

// -----

// A data_format names the input's dims.
graph.func @f(%x: !graph.tensor<[1, 8, 8, 3], f32>, %w: !graph.tensor<[3, 3, 3, 4], f32>) {
  // expected-error@+1 {{'graph.conv' op data_format "NWC" does not fit the rank-4 input '!graph.tensor<[1, 8, 8, 3], f32>'}}
  %0 = graph.conv %x, %w {data_format = "NWC"} : (!graph.tensor<[1, 8, 8, 3], f32>, !graph.tensor<[3, 3, 3, 4], f32>)
  graph.return
}

// -----

// Channels last: the HWIO kernel's I is checked.
graph.func @f(%x: !graph.tensor<[1, 8, 8, 3], f32>, %w: !graph.tensor<[3, 3, 4, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op input '!graph.tensor<[1, 8, 8, 3], f32>' has 3 channels, but weight '!graph.tensor<[3, 3, 4, 3], f32>' expects 4}}
  %0 = graph.conv %x, %w {data_format = "NHWC"} : (!graph.tensor<[1, 8, 8, 3], f32>, !graph.tensor<[3, 3, 4, 3], f32>)
  graph.return
}

// -----

// Convolution is on floats.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], i32>, %w: !graph.tensor<[4, 3, 3, 3], i32>) {
  // expected-error@+1 {{'graph.conv' op input must have a float element type, got '!graph.tensor<[1, 3, 8, 8], i32>'}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 3, 8, 8], i32>, !graph.tensor<[4, 3, 3, 3], i32>)
  graph.return
}

// -----

// ... of one element type.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f16>) {
  // expected-error@+1 {{'graph.conv' op weight '!graph.tensor<[4, 3, 3, 3], f16>' must have the element type of input '!graph.tensor<[1, 3, 8, 8], f32>'}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f16>)
  graph.return
}

// -----

// A declared result contradicting inference names both types.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv' op result #0 has type '!graph.tensor<[1, 4, 8, 8], f32>', but the operands give '!graph.tensor<[1, 4, 6, 6], f32>'}}
  %0 = graph.conv %x, %w : (!graph.tensor<[1, 3, 8, 8], f32>, !graph.tensor<[4, 3, 3, 3], f32>) -> !graph.tensor<[1, 4, 8, 8], f32>
  graph.return
}

// -----

// ConvTranspose: the weight is [C, M/group, kernel...].
graph.func @f(%x: !graph.tensor<[1, 4, 8, 8], f32>, %w: !graph.tensor<[2, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv_transpose' op input '!graph.tensor<[1, 4, 8, 8], f32>' has 4 channels, but weight '!graph.tensor<[2, 3, 3, 3], f32>' has 2 input channels}}
  %0 = graph.conv_transpose %x, %w {group = 2 : i64} : (!graph.tensor<[1, 4, 8, 8], f32>, !graph.tensor<[2, 3, 3, 3], f32>)
  graph.return
}

// -----

// ConvTranspose: pads may not remove the whole output.
graph.func @f(%x: !graph.tensor<[1, 4, 1, 1], f32>, %w: !graph.tensor<[4, 3, 1, 1], f32>) {
  // expected-error@+1 {{'graph.conv_transpose' op pads [1, 0, 0, 0] leave no output along spatial dim #0 of '!graph.tensor<[1, 4, 1, 1], f32>'}}
  %0 = graph.conv_transpose %x, %w {pads = [1, 0, 0, 0]} : (!graph.tensor<[1, 4, 1, 1], f32>, !graph.tensor<[4, 3, 1, 1], f32>)
  graph.return
}

// -----

// ConvTranspose: output_padding is one non-negative value per spatial dim.
graph.func @f(%x: !graph.tensor<[1, 4, 3, 3], f32>, %w: !graph.tensor<[4, 3, 3, 3], f32>) {
  // expected-error@+1 {{'graph.conv_transpose' op output_padding [1] must have 2 values}}
  %0 = graph.conv_transpose %x, %w {output_padding = [1]} : (!graph.tensor<[1, 4, 3, 3], f32>, !graph.tensor<[4, 3, 3, 3], f32>)
  graph.return
}

// -----

// Pooling: kernel_shape has one size per spatial dim.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>) {
  // expected-error@+1 {{'graph.max_pool' op kernel_shape [2] must have 2 sizes, one per spatial dim}}
  %0 = graph.max_pool %x {kernel_shape = [2]} : (!graph.tensor<[1, 3, 8, 8], f32>)
  graph.return
}

// -----

// ... positive sizes.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>) {
  // expected-error@+1 {{'graph.avg_pool' op kernel_shape [2, 0] must be positive}}
  %0 = graph.avg_pool %x {kernel_shape = [2, 0]} : (!graph.tensor<[1, 3, 8, 8], f32>)
  graph.return
}

// -----

// ... that fit the padded input.
graph.func @f(%x: !graph.tensor<[1, 3, 2, 8], f32>) {
  // expected-error@+1 {{'graph.max_pool' op kernel size 3 with dilation 1 is larger than the padded spatial dim #0 of '!graph.tensor<[1, 3, 2, 8], f32>' (2 + pads 0 and 0)}}
  %0 = graph.max_pool %x {kernel_shape = [3, 3], pads = [0, 1, 0, 1]} : (!graph.tensor<[1, 3, 2, 8], f32>)
  graph.return
}

// -----

// Average pooling is on floats; max pooling also on integers.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], i8>) {
  // expected-error@+1 {{'graph.avg_pool' op input must have a float element type, got '!graph.tensor<[1, 3, 8, 8], i8>'}}
  %0 = graph.avg_pool %x {kernel_shape = [2, 2]} : (!graph.tensor<[1, 3, 8, 8], i8>)
  graph.return
}

// -----

// ... but not booleans.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], i1>) {
  // expected-error@+1 {{'graph.max_pool' op input must have a numeric (not boolean) element type, got '!graph.tensor<[1, 3, 8, 8], i1>'}}
  %0 = graph.max_pool %x {kernel_shape = [2, 2]} : (!graph.tensor<[1, 3, 8, 8], i1>)
  graph.return
}

// -----

// Global pools need spatial dims.
graph.func @f(%x: !graph.tensor<[1, 3], f32>) {
  // expected-error@+1 {{'graph.global_avg_pool' op input must have rank 3 or more (batch, channels, spatial), got '!graph.tensor<[1, 3], f32>'}}
  %0 = graph.global_avg_pool %x : (!graph.tensor<[1, 3], f32>)
  graph.return
}

// -----

// data_format is one of TensorFlow's names.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>) {
  // expected-error@+1 {{'graph.global_max_pool' op attribute 'data_format' failed to satisfy constraint: one of "NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC"}}
  %0 = graph.global_max_pool %x {data_format = "CHWN"} : (!graph.tensor<[1, 3, 8, 8], f32>)
  graph.return
}

// -----

// Pools need a kernel_shape.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>) {
  // expected-error@+1 {{'graph.max_pool' op requires the 'kernel_shape' attribute}}
  %0 = graph.max_pool %x : (!graph.tensor<[1, 3, 8, 8], f32>)
  graph.return
}

// -----

// Attributes are checked before inference uses them.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>) {
  // expected-error@+1 {{'graph.max_pool' op attribute 'kernel_shape' failed to satisfy constraint: array of integer attributes}}
  %0 = graph.max_pool %x {kernel_shape = 2 : i64} : (!graph.tensor<[1, 3, 8, 8], f32>)
  graph.return
}

// -----

// The custom syntax checks the operand count before inference.
graph.func @f(%x: !graph.tensor<[1, 3, 8, 8], f32>) {
  // expected-error@+1 {{'graph.conv' op expected 2 operands, but found 1}}
  %0 = graph.conv %x : (!graph.tensor<[1, 3, 8, 8], f32>)
  graph.return
}
