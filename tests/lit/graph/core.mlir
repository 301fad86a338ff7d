// REQUIRES: mlc
// RUN: mlc-opt %s | filecheck %s
// RUN: mlc-opt %s | mlc-opt | filecheck %s
// RUN: mlc-opt %s --mlir-print-op-generic | mlc-opt | filecheck %s

// Size variables are declared after the name and bound by argument dims; other dims may be
// expressions over them, printed in canonical form.
// CHECK-LABEL: graph.func @symbolic<n, h>(%arg0: !graph.tensor<[n, h], f32>, %arg1: !graph.tensor<[n*4, h/2+1, ?], f32>) -> !graph.tensor<[n*4, h/2+1, ?], f32>
graph.func @symbolic<n, h>(%x: !graph.tensor<[n, h], f32>, %y: !graph.tensor<[4*n, (h+2)/2, ?], f32>) -> !graph.tensor<[n*4, 1+h/2, ?], f32> {
  // CHECK: %[[C:.*]] = constant dense<2.000000e+00> : tensor<1x1xf32>
  %c = graph.constant dense<2.0> : tensor<1x1xf32>
  // CHECK: %[[M:.*]] = mul %arg1, %[[C]] : (!graph.tensor<[n*4, h/2+1, ?], f32>, !graph.tensor<[1, 1], f32>){{$}}
  %0 = graph.mul %y, %c : (!graph.tensor<[n*4, (h+2)/2, ?], f32>, !graph.tensor<[1, 1], f32>)
  // CHECK: return %[[M]] : !graph.tensor<[n*4, h/2+1, ?], f32>
  graph.return %0 : !graph.tensor<[n*4, h/2+1, ?], f32>
}

// A call binds the callee's size variables from the operands: n := b*2.
// CHECK-LABEL: graph.func @caller<b>
graph.func @caller<b>(%x: !graph.tensor<[b*2, 8], f32>) -> !graph.tensor<[b*2, 8], f32> {
  // CHECK: call @relu(%arg0) : (!graph.tensor<[b*2, 8], f32>) -> !graph.tensor<[b*2, 8], f32>
  %0 = graph.call @relu(%x) : (!graph.tensor<[b*2, 8], f32>) -> !graph.tensor<[b*2, 8], f32>
  graph.return %0 : !graph.tensor<[b*2, 8], f32>
}

// CHECK-LABEL: graph.func private @relu<n>
graph.func private @relu<n>(%x: !graph.tensor<[n, 8], f32>) -> !graph.tensor<[n, 8], f32> {
  // The inferred result type is not printed.
  // CHECK: %0 = relu %arg0 : (!graph.tensor<[n, 8], f32>){{$}}
  %0 = graph.relu %x : (!graph.tensor<[n, 8], f32>)
  graph.return %0 : !graph.tensor<[n, 8], f32>
}

// Functions without size variables, scalars, unsigned and boolean elements.
// CHECK-LABEL: graph.func @scalars(%arg0: !graph.tensor<[], ui8>, %arg1: !graph.tensor<[3], ui8>) -> !graph.tensor<[3], i1>
graph.func @scalars(%a: !graph.tensor<[], ui8>, %b: !graph.tensor<[3], ui8>) -> !graph.tensor<[3], i1> {
  // CHECK: less %arg0, %arg1 : (!graph.tensor<[], ui8>, !graph.tensor<[3], ui8>){{$}}
  %0 = graph.less %a, %b : (!graph.tensor<[], ui8>, !graph.tensor<[3], ui8>)
  graph.return %0 : !graph.tensor<[3], i1>
}

// Graph functions and func functions call each other.
// CHECK-LABEL: func.func @from_func
func.func @from_func(%x: !graph.tensor<[5, 8], f32>) -> !graph.tensor<[5, 8], f32> {
  // CHECK: graph.call @relu(%arg0) : (!graph.tensor<[5, 8], f32>) -> !graph.tensor<[5, 8], f32>
  %0 = graph.call @relu(%x) : (!graph.tensor<[5, 8], f32>) -> !graph.tensor<[5, 8], f32>
  return %0 : !graph.tensor<[5, 8], f32>
}
