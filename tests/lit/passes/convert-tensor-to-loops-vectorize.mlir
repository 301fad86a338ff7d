// REQUIRES: mlc
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{vector-size=8}' --split-input-file | filecheck %s
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{vector-size=8 parallel=true}' --split-input-file | filecheck %s --check-prefix=PAR
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{vector-size=8 fuse-rows=true}' --split-input-file | filecheck %s --check-prefix=ROWS
// RUN: mlc-opt %s -p 'builtin.module(convert-tensor-to-loops{vector-size=8},math-polynomial-approximation,lower-to-llvm)' --split-input-file | filecheck %s --check-prefix=LLVM

// Element-wise, 19 columns of 8 lanes: a main loop over the first 16 columns, a vector per
// iteration (the unroll heuristic: a body with exp is not unrolled), then a masked tail
// over the last 3. The row's scalar is loaded and broadcast once per row, before both.
// CHECK-LABEL: func.func @scale_exp(
// CHECK-SAME: %[[X:.+]]: memref<4x19xf32>, %[[M:.+]]: memref<4xf32>, %[[O:.+]]: memref<4x19xf32>)
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK-DAG: %[[C16:.+]] = arith.constant 16 : index
// CHECK-DAG: %[[C19:.+]] = arith.constant 19 : index
// CHECK: scf.for %[[I:.+]] = %[[C0]] to %{{.+}} step %{{.+}} {
// CHECK-NEXT: %[[S:.+]] = memref.load %[[M]][%[[I]]] : memref<4xf32>
// CHECK-NEXT: %[[SV:.+]] = vector.broadcast %[[S]] : f32 to vector<8xf32>
// CHECK-NEXT: scf.for %[[J:.+]] = %[[C0]] to %[[C16]] step %[[C8]] {
// CHECK-NEXT: %[[A:.+]] = vector.load %[[X]][%[[I]], %[[J]]] : memref<4x19xf32>, vector<8xf32>
// CHECK-NEXT: %[[D:.+]] = arith.subf %[[A]], %[[SV]] : vector<8xf32>
// CHECK-NEXT: %[[E:.+]] = math.exp %[[D]] : vector<8xf32>
// CHECK-NEXT: vector.store %[[E]], %[[O]][%[[I]], %[[J]]] : memref<4x19xf32>, vector<8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: scf.for %[[T:.+]] = %[[C16]] to %[[C19]] step %[[C8]] {
// CHECK-NEXT: %[[N:.+]] = arith.subi %[[C19]], %[[T]] : index
// CHECK-NEXT: %[[MASK:.+]] = vector.create_mask %[[N]] : vector<8xi1>
// CHECK: %[[B:.+]] = vector.maskedload %[[X]][%[[I]], %[[T]]], %[[MASK]], %{{.+}} : memref<4x19xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: arith.subf %[[B]], %[[SV]] : vector<8xf32>
// CHECK-NEXT: %[[F:.+]] = math.exp
// CHECK-NEXT: vector.maskedstore %[[O]][%[[I]], %[[T]]], %[[MASK]], %[[F]] : memref<4x19xf32>, vector<8xi1>, vector<8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: }
// With parallel, 4 rows are too few to keep the columns out of the scf.parallel: the loop
// stays scalar, both dims on threads.
// PAR-LABEL: func.func @scale_exp(
// PAR: scf.parallel (%{{.+}}, %{{.+}}) =
// PAR-NOT: vector.
// PAR: return
// LLVM-LABEL: llvm.func @scale_exp(
// LLVM: llvm.intr.masked.load
// LLVM: llvm.intr.masked.store
func.func @scale_exp(%x: memref<4x19xf32>, %m: memref<4xf32>, %o: memref<4x19xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %m : memref<4x19xf32>, memref<4xf32>) outs(%o : memref<4x19xf32>) {
  ^bb0(%e: f32, %s: f32, %out: f32):
    %0 = arith.subf %e, %s : f32
    %1 = math.exp %0 : f32
    tensor.yield %1 : f32
  }
  return
}

// -----

// With 32 rows, the rows alone go on threads and each row's columns run as vectors.
// PAR-LABEL: func.func @many_rows(
// PAR: scf.parallel (%[[I:.+]]) =
// PAR-NEXT: scf.for
// PAR-NEXT: vector.load %{{.+}}[%[[I]], %{{.+}}] : memref<32x16xf32>, vector<8xf32>
func.func @many_rows(%x: memref<32x16xf32>, %o: memref<32x16xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x16xf32>) outs(%o : memref<32x16xf32>) {
  ^bb0(%e: f32, %out: f32):
    %0 = arith.negf %e : f32
    tensor.yield %0 : f32
  }
  return
}

// -----

// A row sum of run-time size: 4 vector accumulators from -0.0 (addf's neutral element)
// over 32 columns per iteration, combined, a masked tail that keeps the lanes past the
// end (select), and one vector.reduction into the row's carried sum, with the body's
// fast-math flags.
// CHECK-LABEL: func.func @row_sum(
// CHECK-SAME: %[[X:.+]]: memref<?x?xf32>, %[[O:.+]]: memref<?xf32>)
// CHECK-DAG: %[[C32:.+]] = arith.constant 32 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK-DAG: %[[N:.+]] = memref.dim %[[X]], %c1
// CHECK: scf.for %[[I:.+]] =
// CHECK-NEXT: %[[INIT:.+]] = memref.load %[[O]][%[[I]]] : memref<?xf32>
// CHECK-NEXT: %[[NEG0:.+]] = arith.constant -0.000000e+00 : f32
// CHECK-NEXT: %[[Z:.+]] = vector.broadcast %[[NEG0]] : f32 to vector<8xf32>
// CHECK-NEXT: %[[REM:.+]] = arith.remui %[[N]], %[[C32]] : index
// CHECK-NEXT: %[[END:.+]] = arith.subi %[[N]], %[[REM]] : index
// CHECK-NEXT: %[[ACCS:.+]]:4 = scf.for %{{.+}} = %c0 to %[[END]] step %[[C32]] iter_args(%{{.+}} = %[[Z]], %{{.+}} = %[[Z]], %{{.+}} = %[[Z]], %{{.+}} = %[[Z]]) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-COUNT-4: arith.addf %{{.+}}, %{{.+}} fastmath<reassoc> : vector<8xf32>
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: %[[P0:.+]] = arith.addf %[[ACCS]]#0, %[[ACCS]]#1 fastmath<reassoc> : vector<8xf32>
// CHECK-NEXT: %[[P1:.+]] = arith.addf %[[ACCS]]#2, %[[ACCS]]#3 fastmath<reassoc> : vector<8xf32>
// CHECK-NEXT: %[[P:.+]] = arith.addf %[[P0]], %[[P1]] fastmath<reassoc> : vector<8xf32>
// CHECK-NEXT: %[[TAIL:.+]] = scf.for %[[T:.+]] = %[[END]] to %[[N]] step %[[C8]] iter_args(%[[ACC:.+]] = %[[P]]) -> (vector<8xf32>) {
// CHECK: %[[MASK:.+]] = vector.create_mask
// CHECK: %[[V:.+]] = vector.maskedload %[[X]][%[[I]], %[[T]]], %[[MASK]]
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %[[ACC]], %[[V]] fastmath<reassoc> : vector<8xf32>
// CHECK-NEXT: %[[KEEP:.+]] = arith.select %[[MASK]], %[[SUM]], %[[ACC]] : vector<8xi1>, vector<8xf32>
// CHECK-NEXT: scf.yield %[[KEEP]] : vector<8xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.+]] = vector.reduction <add>, %[[TAIL]], %[[INIT]] fastmath<reassoc> : vector<8xf32> into f32
// CHECK-NEXT: memref.store %[[R]], %[[O]][%[[I]]] : memref<?xf32>
// PAR-LABEL: func.func @row_sum(
// PAR: scf.parallel (%{{.+}}) =
// PAR: vector.reduction <add>
// LLVM-LABEL: llvm.func @row_sum(
// LLVM: llvm.intr.vector.reduce.fadd
func.func @row_sum(%x: memref<?x?xf32>, %o: memref<?xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf32>) outs(%o : memref<?xf32>) {
  ^bb0(%e: f32, %acc: f32):
    %0 = arith.addf %acc, %e fastmath<reassoc> : f32
    tensor.yield %0 : f32
  }
  return
}

// -----

// An integer row max of 64 columns, unrolled by 4 (no tail): accumulators from the
// smallest i32, exact.
// CHECK-LABEL: func.func @row_max_i32(
// CHECK: %[[MIN:.+]] = arith.constant -2147483648 : i32
// CHECK-NEXT: %[[Z:.+]] = vector.broadcast %[[MIN]] : i32 to vector<8xi32>
// CHECK: scf.for {{.+}} iter_args(%{{.+}} = %[[Z]], %{{.+}} = %[[Z]], %{{.+}} = %[[Z]], %{{.+}} = %[[Z]]) -> (vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>) {
// CHECK-COUNT-4: arith.maxsi
// CHECK-NOT: vector.create_mask
// CHECK: vector.reduction <maxsi>, %{{.+}}, %{{.+}} : vector<8xi32> into i32
// LLVM-LABEL: llvm.func @row_max_i32(
// LLVM: llvm.intr.vector.reduce.smax
func.func @row_max_i32(%x: memref<3x64xi32>, %o: memref<3xi32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<3x64xi32>) outs(%o : memref<3xi32>) {
  ^bb0(%e: i32, %acc: i32):
    %0 = arith.maxsi %e, %acc : i32
    tensor.yield %0 : i32
  }
  return
}

// -----

// Softmax's exp-and-sum stage: one output along the row (stored as vectors), one reduced.
// CHECK-LABEL: func.func @exp_and_sum(
// CHECK-SAME: %[[X:.+]]: memref<2x8xf32>, %[[E:.+]]: memref<2x8xf32>, %[[S:.+]]: memref<2xf32>)
// CHECK: %[[V:.+]] = vector.load %[[X]]
// CHECK-NEXT: %[[EXP:.+]] = math.exp %[[V]] : vector<8xf32>
// CHECK-NEXT: arith.addf %{{.+}}, %[[EXP]] : vector<8xf32>
// CHECK-NEXT: vector.store %[[EXP]], %[[E]]
// CHECK: vector.reduction <add>
func.func @exp_and_sum(%x: memref<2x8xf32>, %e: memref<2x8xf32>, %s: memref<2xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<2x8xf32>) outs(%e, %s : memref<2x8xf32>, memref<2xf32>) {
  ^bb0(%v: f32, %old: f32, %acc: f32):
    %0 = math.exp %v : f32
    %1 = arith.addf %acc, %0 : f32
    tensor.yield %0, %1 : f32, f32
  }
  return
}

// -----

// Not vectorized, scalar loops as without the option: a transposed read (the innermost
// loop is not the input's last dim), and a body with an integer division.
// CHECK-LABEL: func.func @transposed(
// CHECK-NOT: vector.
// CHECK: memref.load %{{.+}}[%[[J:.+]], %[[I:.+]]] : memref<8x8xf32>
// CHECK-NOT: vector.
// CHECK-LABEL: func.func @divide(
// CHECK-NOT: vector.
// CHECK: arith.divsi %{{.+}}, %{{.+}} : i32
// CHECK-NOT: vector.
// CHECK: return
func.func @transposed(%x: memref<8x8xf32>, %o: memref<8x8xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<8x8xf32>) outs(%o : memref<8x8xf32>) {
  ^bb0(%e: f32, %out: f32):
    %0 = arith.negf %e : f32
    tensor.yield %0 : f32
  }
  return
}

func.func @divide(%x: memref<16xi32>, %y: memref<16xi32>, %o: memref<16xi32>) {
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%x, %y : memref<16xi32>, memref<16xi32>) outs(%o : memref<16xi32>) {
  ^bb0(%a: i32, %b: i32, %out: i32):
    %0 = arith.divsi %a, %b : i32
    tensor.yield %0 : i32
  }
  return
}

// -----

// fuse-rows: a row's mean, then the row centred, in one loop over the rows, each inner
// loop on vectors (the mean's 8 columns in one vector: no tail).
// ROWS-LABEL: func.func @centre_rows(
// ROWS: scf.for %[[I:.+]] =
// ROWS-NOT: scf.for %{{.+}} = %c0 to %c4
// ROWS: vector.load %{{.+}}[%[[I]], %{{.+}}] : memref<4x8xf32>, vector<8xf32>
// ROWS: vector.reduction <add>
// ROWS: memref.store
// ROWS: memref.load
// ROWS: vector.broadcast
// ROWS: vector.load %{{.+}}[%[[I]], %{{.+}}] : memref<4x8xf32>, vector<8xf32>
// ROWS: arith.subf %{{.+}}, %{{.+}} : vector<8xf32>
// ROWS: vector.store
// ROWS-NEXT: }
// ROWS-NEXT: }
// ROWS-NEXT: return
func.func @centre_rows(%x: memref<4x8xf32>, %sum: memref<4xf32>, %o: memref<4x8xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x8xf32>) outs(%sum : memref<4xf32>) {
  ^bb0(%e: f32, %acc: f32):
    %0 = arith.addf %acc, %e : f32
    tensor.yield %0 : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %sum : memref<4x8xf32>, memref<4xf32>) outs(%o : memref<4x8xf32>) {
  ^bb0(%e: f32, %s: f32, %out: f32):
    %0 = arith.subf %e, %s : f32
    tensor.yield %0 : f32
  }
  return
}
