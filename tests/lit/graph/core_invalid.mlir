// REQUIRES: mlc
// RUN: mlc-opt %s --split-input-file --verify-diagnostics

// expected-error@+1 {{'graph.func' op uses undeclared size variables m (declare them: @f<m, n>)}}
graph.func @f<n>(%x: !graph.tensor<[n, m], f32>) -> !graph.tensor<[n, m], f32> {
  graph.return %x : !graph.tensor<[n, m], f32>
}

// -----

// expected-error@+1 {{'graph.func' op size variable h cannot be bound from the argument shapes}}
graph.func @f<h>(%x: !graph.tensor<[(h+2)/2], f32>) -> !graph.tensor<[(h+2)/2], f32> {
  graph.return %x : !graph.tensor<[(h+2)/2], f32>
}

// -----

// expected-error@+1 {{'graph.func' op declares a size variable twice: n, n}}
graph.func @f<n, n>(%x: !graph.tensor<[n], f32>) -> !graph.tensor<[n], f32> {
  graph.return %x : !graph.tensor<[n], f32>
}

// -----

graph.func @f<n>(%x: !graph.tensor<[n], f16>) -> !graph.tensor<[n], f32> {
  // expected-error@+1 {{'graph.return' op type of return operand 0 ('!graph.tensor<[n], f16>') doesn't match function result type ('!graph.tensor<[n], f32>') in function @f}}
  graph.return %x : !graph.tensor<[n], f16>
}

// -----

graph.func @f<n, m>(%x: !graph.tensor<[n, 4], f32>, %y: !graph.tensor<[m, 3], f32>) -> !graph.tensor<[n, 4], f32> {
  // expected-error@+1 {{'graph.add' op shapes [n, 4] and [m, 3] are not broadcast-compatible}}
  %0 = graph.add %x, %y : (!graph.tensor<[n, 4], f32>, !graph.tensor<[m, 3], f32>)
  graph.return %0 : !graph.tensor<[n, 4], f32>
}

// -----

graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  // expected-error@+1 {{'graph.relu' op result #0 has type '!graph.tensor<[n, 5], f32>', but the operands give '!graph.tensor<[n, 4], f32>'}}
  %0 = graph.relu %x : (!graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 5], f32>
  graph.return %x : !graph.tensor<[n, 4], f32>
}

// -----

graph.func @f(%x: !graph.tensor<[4], i32>) -> !graph.tensor<[4], i32> {
  // expected-error@+1 {{'graph.exp' op operand must have a float element type, got '!graph.tensor<[4], i32>'}}
  %0 = "graph.exp"(%x) : (!graph.tensor<[4], i32>) -> !graph.tensor<[4], i32>
  graph.return %0 : !graph.tensor<[4], i32>
}

// -----

graph.func @f(%x: !graph.tensor<[4], f32>, %y: !graph.tensor<[4], f16>) -> !graph.tensor<[4], f32> {
  // expected-error@+1 {{'graph.sub' op operands must have the same element type, got '!graph.tensor<[4], f32>' and '!graph.tensor<[4], f16>'}}
  %0 = "graph.sub"(%x, %y) : (!graph.tensor<[4], f32>, !graph.tensor<[4], f16>) -> !graph.tensor<[4], f32>
  graph.return %0 : !graph.tensor<[4], f32>
}

// -----

graph.func @f(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  // expected-error@+1 {{'graph.mod' op float operands need 'fmod = true', got '!graph.tensor<[4], f32>'}}
  %0 = "graph.mod"(%x, %x) : (!graph.tensor<[4], f32>, !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32>
  graph.return %0 : !graph.tensor<[4], f32>
}

// -----

graph.func private @g<n>(!graph.tensor<[n*2], f32>) -> !graph.tensor<[n], f32>

graph.func @f(%x: !graph.tensor<[5], f32>) -> !graph.tensor<[2], f32> {
  // expected-error@+1 {{'graph.call' op operand #0 has type '!graph.tensor<[5], f32>', but the callee takes '!graph.tensor<[n*2], f32>': no integer n makes 'n*2' equal 5}}
  %0 = graph.call @g(%x) : (!graph.tensor<[5], f32>) -> !graph.tensor<[2], f32>
  graph.return %0 : !graph.tensor<[2], f32>
}

// -----

graph.func private @g<n>(!graph.tensor<[n*2], f32>) -> !graph.tensor<[n], f32>

graph.func @f(%x: !graph.tensor<[6], f32>) -> !graph.tensor<[2], f32> {
  // expected-error@+1 {{'graph.call' op result #0 has type '!graph.tensor<[2], f32>', but calling @g gives '!graph.tensor<[3], f32>'}}
  %0 = graph.call @g(%x) : (!graph.tensor<[6], f32>) -> !graph.tensor<[2], f32>
  graph.return %0 : !graph.tensor<[2], f32>
}

// -----

// expected-error@+1 {{dimension must be non-negative, got -1}}
graph.func private @f(!graph.tensor<[-1], f32>)

// -----

// expected-error@+1 {{expected a size, found ']'}}
graph.func private @f(!graph.tensor<[n*(], f32>)

// -----

// expected-error@+1 {{graph tensor elements must be integers or floats, not 'index'}}
graph.func private @f(!graph.tensor<[2], index>)

// -----

graph.func @f(%x: !graph.tensor<[4], f32>, %y: !graph.tensor<[4], i1>) -> !graph.tensor<[4], f32> {
  // expected-error@+1 {{'graph.add' op operands must have the same element type, got '!graph.tensor<[4], f32>' and '!graph.tensor<[4], i1>'}}
  %0 = graph.add %x, %y : (!graph.tensor<[4], f32>, !graph.tensor<[4], i1>)
  graph.return %0 : !graph.tensor<[4], f32>
}
