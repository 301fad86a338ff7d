// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | filecheck %s --check-prefix=INFER

// Reshape: 0 copies the input dim, -1 is inferred from the element count, symbolically too.
// CHECK-LABEL: graph.func @reshape<n, s, h>
// INFER-LABEL: sym_name = "reshape"
graph.func @reshape<n, s, h>(%x: !graph.tensor<[n, 12], f32>, %y: !graph.tensor<[n*4, 3], f32>, %s: !graph.tensor<[s], f32>, %h: !graph.tensor<[h], f32>, %z: !graph.tensor<[n, s*h], f32>) -> !graph.tensor<[n, s, h], f32> {
  // CHECK: reshape %arg0 {shape = [-1, 3]} : (!graph.tensor<[n, 12], f32>){{$}}
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = false, shape = [-1, 3]}> : (!graph.tensor<[n, 12], f32>) -> !graph.tensor<[n*4, 3], f32>
  %0 = graph.reshape %x {shape = [-1, 3]} : (!graph.tensor<[n, 12], f32>)
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = false, shape = [-1, 12]}> : (!graph.tensor<[n*4, 3], f32>) -> !graph.tensor<[n, 12], f32>
  %1 = graph.reshape %y {shape = [-1, 12]} : (!graph.tensor<[n*4, 3], f32>)
  // Not provably divisible: the inferred dim is unknown.
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = false, shape = [-1, 5]}> : (!graph.tensor<[n, 12], f32>) -> !graph.tensor<[?, 5], f32>
  %2 = graph.reshape %x {shape = [-1, 5]} : (!graph.tensor<[n, 12], f32>)
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = false, shape = [0, 2, 6]}> : (!graph.tensor<[n, 12], f32>) -> !graph.tensor<[n, 2, 6], f32>
  %3 = graph.reshape %x {shape = [0, 2, 6]} : (!graph.tensor<[n, 12], f32>)
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = true, shape = [12, "n"]}> : (!graph.tensor<[n, 12], f32>) -> !graph.tensor<[12, n], f32>
  %4 = graph.reshape %x {shape = [12, "n"], allowzero = true} : (!graph.tensor<[n, 12], f32>)
  // A target shape with size expressions: [n, s*h] -> [n, s, h].
  // CHECK: %[[R:.*]] = reshape %arg4 {shape = [0, "s", "h"]} : (!graph.tensor<[n, h*s], f32>){{$}}
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = false, shape = [0, "s", "h"]}> : (!graph.tensor<[n, h*s], f32>) -> !graph.tensor<[n, s, h], f32>
  %5 = graph.reshape %z {shape = [0, "s", "h"]} : (!graph.tensor<[n, s*h], f32>)
  // INFER: "graph.reshape"(%{{.*}}) <{allowzero = false, shape = ["n*s", -1]}> : (!graph.tensor<[n, h*s], f32>) -> !graph.tensor<[n*s, h], f32>
  %6 = graph.reshape %z {shape = ["n*s", -1]} : (!graph.tensor<[n, s*h], f32>)
  // A declared result less precise than inferred is kept.
  // CHECK: reshape %arg0 {shape = [-1, 3]} : (!graph.tensor<[n, 12], f32>) -> !graph.tensor<[?, 3], f32>
  %7 = graph.reshape %x {shape = [-1, 3]} : (!graph.tensor<[n, 12], f32>) -> !graph.tensor<[?, 3], f32>
  // CHECK: return %[[R]]
  graph.return %5 : !graph.tensor<[n, s, h], f32>
}

// CHECK-LABEL: graph.func @layout<n, m>
// INFER-LABEL: sym_name = "layout"
graph.func @layout<n, m>(%x: !graph.tensor<[n, m, 3], f32>, %o: !graph.tensor<[1, n, 1, ?], f32>) -> !graph.tensor<[3, m, n], f32> {
  // CHECK: %[[T:.*]] = transpose %arg0 : (!graph.tensor<[n, m, 3], f32>){{$}}
  // INFER: "graph.transpose"(%{{.*}}) : (!graph.tensor<[n, m, 3], f32>) -> !graph.tensor<[3, m, n], f32>
  %0 = graph.transpose %x : (!graph.tensor<[n, m, 3], f32>)
  // CHECK: transpose %arg0 {perm = [1, 2, 0]}
  // INFER: "graph.transpose"(%{{.*}}) <{perm = [1, 2, 0]}> : (!graph.tensor<[n, m, 3], f32>) -> !graph.tensor<[m, 3, n], f32>
  %1 = graph.transpose %x {perm = [1, 2, 0]} : (!graph.tensor<[n, m, 3], f32>)
  // INFER: "graph.expand_dims"(%{{.*}}) <{axes = [0, -1]}> : (!graph.tensor<[n, m, 3], f32>) -> !graph.tensor<[1, n, m, 3, 1], f32>
  %2 = graph.expand_dims %x {axes = [0, -1]} : (!graph.tensor<[n, m, 3], f32>)
  // Without axes only the static 1s go; a symbolic dim goes when named.
  // INFER: "graph.squeeze"(%{{.*}}) : (!graph.tensor<[1, n, 1, ?], f32>) -> !graph.tensor<[n, ?], f32>
  %3 = graph.squeeze %o : (!graph.tensor<[1, n, 1, ?], f32>)
  // INFER: "graph.squeeze"(%{{.*}}) <{axes = [1, 3]}> : (!graph.tensor<[1, n, 1, ?], f32>) -> !graph.tensor<[1, 1], f32>
  %4 = graph.squeeze %o {axes = [1, 3]} : (!graph.tensor<[1, n, 1, ?], f32>)
  // INFER: "graph.flatten"(%{{.*}}) <{axis = 1 : i64}> : (!graph.tensor<[n, m, 3], f32>) -> !graph.tensor<[n, m*3], f32>
  %5 = graph.flatten %x : (!graph.tensor<[n, m, 3], f32>)
  // INFER: "graph.flatten"(%{{.*}}) <{axis = 0 : i64}> : (!graph.tensor<[n, m, 3], f32>) -> !graph.tensor<[1, m*n*3], f32>
  %6 = graph.flatten %x {axis = 0} : (!graph.tensor<[n, m, 3], f32>)
  // INFER: "graph.flatten"(%{{.*}}) <{axis = -1 : i64}> : (!graph.tensor<[n, m, 3], f32>) -> !graph.tensor<[m*n, 3], f32>
  %7 = graph.flatten %x {axis = -1} : (!graph.tensor<[n, m, 3], f32>)
  // CHECK: return %[[T]]
  graph.return %0 : !graph.tensor<[3, m, n], f32>
}

// CHECK-LABEL: graph.func @broadcast_tile<n, b>
// INFER-LABEL: sym_name = "broadcast_tile"
graph.func @broadcast_tile<n, b>(%x: !graph.tensor<[n, 1], f32>, %y: !graph.tensor<[b], f32>) -> !graph.tensor<[b, n, 4], f32> {
  // CHECK: %[[B:.*]] = broadcast_to %arg0 {shape = ["b", 1, 4]} : (!graph.tensor<[n, 1], f32>){{$}}
  // INFER: "graph.broadcast_to"(%{{.*}}) <{shape = ["b", 1, 4]}> : (!graph.tensor<[n, 1], f32>) -> !graph.tensor<[b, n, 4], f32>
  %0 = graph.broadcast_to %x {shape = ["b", 1, 4]} : (!graph.tensor<[n, 1], f32>)
  // INFER: "graph.tile"(%{{.*}}) <{repeats = [2, 3]}> : (!graph.tensor<[n, 1], f32>) -> !graph.tensor<[n*2, 3], f32>
  %1 = graph.tile %x {repeats = [2, 3]} : (!graph.tensor<[n, 1], f32>)
  // CHECK: return %[[B]]
  graph.return %0 : !graph.tensor<[b, n, 4], f32>
}
