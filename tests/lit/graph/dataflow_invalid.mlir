// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

graph.func @f(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  // expected-error@+1 {{'graph.dataflow' op outputs !graph.tensor<[4], f32> but its results are !graph.tensor<[5], f32>}}
  %0 = graph.dataflow -> !graph.tensor<[5], f32> {
    graph.output %x : !graph.tensor<[4], f32>
  }
  graph.return %x : !graph.tensor<[4], f32>
}

// -----

func.func private @effect() -> ()

graph.func @f(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  %0 = graph.dataflow -> !graph.tensor<[4], f32> {
    // expected-error@+1 {{'func.call' op has side effects, which a 'graph.dataflow' region excludes}}
    func.call @effect() : () -> ()
    graph.output %x : !graph.tensor<[4], f32>
  }
  graph.return %0 : !graph.tensor<[4], f32>
}

// -----

func.func private @kernel(tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>

graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f16> {
  // expected-error@+1 {{'graph.call_dps' op destination '!graph.tensor<[n, 4], f16>' is passed as 'tensor<?x4xf16>', but @kernel takes 'tensor<?x4xf32>'}}
  %0 = graph.call_dps @kernel(%x) : (!graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f16>
  graph.return %0 : !graph.tensor<[n, 4], f16>
}

// -----

func.func private @kernel(tensor<?x4xf32>) -> tensor<?x4xf32>

graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  // expected-error@+1 {{'graph.call_dps' op @kernel takes 1 arguments, but 1 inputs and 1 destinations are passed}}
  %0 = graph.call_dps @kernel(%x) : (!graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32>
  graph.return %0 : !graph.tensor<[n, 4], f32>
}

// -----

func.func private @kernel(tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x8xf32>

graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  // expected-error@+1 {{'graph.call_dps' op @kernel must return its destinations (tensor<?x4xf32>), but returns tensor<?x8xf32>}}
  %0 = graph.call_dps @kernel(%x) : (!graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32>
  graph.return %0 : !graph.tensor<[n, 4], f32>
}
