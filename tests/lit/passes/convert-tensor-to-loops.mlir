// REQUIRES: mlc
// RUN: mlc-opt %s -p convert-tensor-to-loops --split-input-file | filecheck %s
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{parallel=true}' --split-input-file | filecheck %s --check-prefix=PAR

// Elementwise with a broadcast operand: one scf.for per loop, loads at each map, the body
// inlined, a store to the output. The output's element is not loaded: the body ignores it.
// CHECK-LABEL: func.func @broadcast_add(
// CHECK-SAME: %[[A:.+]]: memref<3x4xf32>, %[[B:.+]]: memref<4xf32>, %[[O:.+]]: memref<3x4xf32>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.+]] = arith.constant 3 : index
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK: scf.for %[[I:.+]] = %[[C0]] to %[[C3]] step %[[C1]] {
// CHECK-NEXT: scf.for %[[J:.+]] = %[[C0]] to %[[C4]] step %[[C1]] {
// CHECK-NEXT: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<3x4xf32>
// CHECK-NEXT: %[[Y:.+]] = memref.load %[[B]][%[[J]]] : memref<4xf32>
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: memref.store %[[S]], %[[O]][%[[I]], %[[J]]] : memref<3x4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
// CHECK-NEXT: return
// PAR-LABEL: func.func @broadcast_add(
// PAR: scf.parallel (%[[I:.+]], %[[J:.+]]) = (%{{.+}}, %{{.+}}) to (%{{.+}}, %{{.+}}) step (%{{.+}}, %{{.+}}) {
// PAR-NEXT: memref.load %{{.+}}[%[[I]], %[[J]]]
// PAR-NEXT: memref.load %{{.+}}[%[[J]]]
// PAR-NEXT: arith.addf
// PAR-NEXT: memref.store %{{.+}}, %{{.+}}[%[[I]], %[[J]]]
// PAR-NEXT: scf.reduce
// PAR-NEXT: }
// PAR-NOT: scf.for
func.func @broadcast_add(%a: memref<3x4xf32>, %b: memref<4xf32>, %o: memref<3x4xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : memref<3x4xf32>, memref<4xf32>) outs(%o : memref<3x4xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %s = arith.addf %x, %y : f32
    tensor.yield %s : f32
  }
  return
}

// -----

// Matmul: C[i, j] does not depend on the innermost reduction loop k, so it is loaded once
// before the k loop, carried through iter_args and stored once after it.
// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:.+]]: memref<2x3xf32>, %[[B:.+]]: memref<3x5xf32>, %[[C:.+]]: memref<2x5xf32>)
// CHECK: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK-NEXT: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK-NEXT: %[[INIT:.+]] = memref.load %[[C]][%[[I]], %[[J]]] : memref<2x5xf32>
// CHECK-NEXT: %[[R:.+]] = scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:.+]] = %[[INIT]]) -> (f32) {
// CHECK-NEXT: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[K]]] : memref<2x3xf32>
// CHECK-NEXT: %[[Y:.+]] = memref.load %[[B]][%[[K]], %[[J]]] : memref<3x5xf32>
// CHECK-NEXT: %[[M:.+]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK-NEXT: %[[S:.+]] = arith.addf %[[ACC]], %[[M]] : f32
// CHECK-NEXT: scf.yield %[[S]] : f32
// CHECK-NEXT: }
// CHECK-NEXT: memref.store %[[R]], %[[C]][%[[I]], %[[J]]] : memref<2x5xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
// The parallel loops i, j run as one scf.parallel, the reduction inside it sequentially.
// PAR-LABEL: func.func @matmul(
// PAR: scf.parallel (%[[I:.+]], %[[J:.+]]) = {{.+}} {
// PAR-NEXT: %[[INIT:.+]] = memref.load %{{.+}}[%[[I]], %[[J]]]
// PAR-NEXT: %[[R:.+]] = scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[INIT]]) -> (f32) {
// PAR: scf.yield
// PAR-NEXT: }
// PAR-NEXT: memref.store %[[R]], %{{.+}}[%[[I]], %[[J]]]
// PAR-NEXT: scf.reduce
func.func @matmul(%a: memref<2x3xf32>, %b: memref<3x5xf32>, %c: memref<2x5xf32>) {
  tensor.generic {indexing_maps = [affine_map<(i, j, k) -> (i, k)>, affine_map<(i, j, k) -> (k, j)>,
                                   affine_map<(i, j, k) -> (i, j)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<2x3xf32>, memref<3x5xf32>) outs(%c : memref<2x5xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %m : f32
    tensor.yield %s : f32
  }
  return
}

// -----

// Dynamic sizes come from memref.dim of the first operand dim that reads the loop plainly,
// before the nest; a static size elsewhere wins. Affine expressions become arith on index.
// CHECK-LABEL: func.func @dynamic_sum_rows(
// CHECK-SAME: %[[A:.+]]: memref<?x?xi32>, %[[O:.+]]: memref<?xi32>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[N:.+]] = memref.dim %[[A]], %[[C0]] : memref<?x?xi32>
// CHECK-DAG: %[[M:.+]] = memref.dim %[[A]], %[[C1]] : memref<?x?xi32>
// CHECK: scf.for %[[I:.+]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT: %[[INIT:.+]] = memref.load %[[O]][%[[I]]] : memref<?xi32>
// CHECK-NEXT: %[[R:.+]] = scf.for %[[J:.+]] = %[[C0]] to %[[M]] step %[[C1]] iter_args(%[[ACC:.+]] = %[[INIT]]) -> (i32) {
// CHECK-NEXT: %[[X:.+]] = memref.load %[[A]][%[[I]], %[[J]]] : memref<?x?xi32>
// CHECK-NEXT: %[[S:.+]] = arith.addi %[[ACC]], %[[X]] : i32
// CHECK-NEXT: scf.yield %[[S]] : i32
// CHECK-NEXT: }
// CHECK-NEXT: memref.store %[[R]], %[[O]][%[[I]]] : memref<?xi32>
// CHECK-LABEL: func.func @dynamic_shifted(
// CHECK-SAME: %[[A:.+]]: memref<?xf32>, %[[B:.+]]: memref<8xf32>, %[[O:.+]]: memref<?xf32>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[N:.+]] = memref.dim %[[A]], %[[C0]] : memref<?xf32>
// CHECK-NOT: memref.dim
// CHECK: scf.for %[[I:.+]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK-NEXT: %[[X:.+]] = memref.load %[[A]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: %[[I2:.+]] = arith.muli %[[I]], %[[C2]] : index
// CHECK-NEXT: %[[Y:.+]] = memref.load %[[B]][%[[I2]]] : memref<8xf32>
func.func @dynamic_sum_rows(%a: memref<?x?xi32>, %o: memref<?xi32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<?x?xi32>) outs(%o : memref<?xi32>) {
  ^bb0(%x: i32, %acc: i32):
    %s = arith.addi %acc, %x : i32
    tensor.yield %s : i32
  }
  return
}
func.func @dynamic_shifted(%a: memref<?xf32>, %b: memref<8xf32>, %o: memref<?xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0 * 2)>,
                                   affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%a, %b : memref<?xf32>, memref<8xf32>) outs(%o : memref<?xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32):
    %s = arith.subf %x, %y : f32
    tensor.yield %s : f32
  }
  return
}

// -----

// With `parallel`, only the outermost parallel loops become the scf.parallel: the loop
// after the reduction stays a scf.for. Ops other than tensor.generic are left alone.
// CHECK-LABEL: func.func @parallel_prefix(
// CHECK-NOT: scf.parallel
// PAR-LABEL: func.func @parallel_prefix(
// PAR: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f64
// PAR: memref.store %[[ZERO]]
// PAR: scf.parallel (%[[I:.+]]) = (%{{.+}}) to (%{{.+}}) step (%{{.+}}) {
// PAR-NEXT: scf.for %[[K:.+]] = {{.+}} {
// PAR-NEXT: scf.for %[[J:.+]] = {{.+}} {
// PAR-NEXT: memref.load %{{.+}}[%[[I]], %[[K]], %[[J]]]
// PAR-NEXT: memref.load %{{.+}}[%[[I]], %[[J]]]
// PAR-NEXT: arith.addf
// PAR-NEXT: memref.store %{{.+}}, %{{.+}}[%[[I]], %[[J]]]
// PAR-NEXT: }
// PAR-NEXT: }
// PAR-NEXT: scf.reduce
func.func @parallel_prefix(%a: memref<4x3x5xf64>, %o: memref<4x5xf64>) {
  %zero = arith.constant 0.0 : f64
  %c0 = arith.constant 0 : index
  memref.store %zero, %o[%c0, %c0] : memref<4x5xf64>
  tensor.generic {indexing_maps = [affine_map<(i, k, j) -> (i, k, j)>, affine_map<(i, k, j) -> (i, j)>],
                  iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a : memref<4x3x5xf64>) outs(%o : memref<4x5xf64>) {
  ^bb0(%x: f64, %acc: f64):
    %s = arith.addf %acc, %x : f64
    tensor.yield %s : f64
  }
  return
}
