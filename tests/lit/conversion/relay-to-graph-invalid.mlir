// RUN: mlc-opt %s --convert-relay-to-graph --split-input-file --verify-diagnostics
// REQUIRES: mlc

// Full conversion stops at the first relay op no rule converts, and says why.
func.func @layer_norm_inner_axis(%x: tensor<2x3x4xf32>, %g: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = relay.exp %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // expected-error @+2 {{failed to legalize operation 'relay.nn.layer_norm' that was explicitly marked illegal}}
  // expected-note @+1 {{not converted: graph.layer_norm normalizes every dim from its axis to the end; with 'partial=true' it stays, bridged by casts}}
  %1 = relay.nn.layer_norm %0, %g, %g {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}

// -----

func.func @batch_norm_without_scale(%x: tensor<2x3xf32>, %v: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{failed to legalize operation 'relay.nn.batch_norm'}}
  // expected-note @+1 {{not converted: graph's normalizations always scale and center}}
  %t = relay.nn.batch_norm %x, %v, %v, %v, %v {scale = 0 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tuple<tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>>
  %0 = relay.tuple_get_item %t {index = 0 : i64} : (tuple<tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// clip and wrap modes need the size of the taken axis to fix the indices.
func.func @take_clip_unknown_size(%x: tensor<?xf32>, %i: tensor<2xi32>) -> tensor<2xf32> {
  // expected-error @+2 {{failed to legalize operation 'relay.take'}}
  // expected-note @+1 {{not converted: 'clip' mode needs the size of the taken axis}}
  %0 = relay.take %x, %i {axis = 0 : i64} : (tensor<?xf32>, tensor<2xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// ONNX's reshape has one -1 and copies dims in place only.
func.func @reshape_two_unknowns(%x: tensor<?x?x4xf32>) -> tensor<?x?xf32> {
  // expected-error @+2 {{failed to legalize operation 'relay.reshape'}}
  // expected-note @+1 {{not converted: more than one dim of the result is unknown}}
  %0 = relay.reshape %x {newshape = [-3, -1]} : (tensor<?x?x4xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Relay ops outside relay functions are converted too, so they fail the same way.
func.func @in_another_function(%x: tensor<4xf32>, %i: index) -> tensor<4xf32> {
  %0 = arith.addi %i, %i : index
  // expected-error @+2 {{failed to legalize operation 'relay.nn.layer_norm'}}
  // expected-note @+1 {{not converted}}
  %1 = relay.nn.layer_norm %x, %x, %x {scale = 0 : i64} : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
