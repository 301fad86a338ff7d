// REQUIRES: mlc
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{parallel=true fuse-rows=true}' --split-input-file | filecheck %s
// RUN: mlc-opt %s -p 'convert-tensor-to-loops{fuse-rows=true}' --split-input-file | filecheck %s --check-prefix=SEQ

// Softmax's shape: a row maximum, exp of the difference into the output, a row sum, and
// the output divided in place. One loop over the rows holds the four inner loops; each
// row statistic is carried through its reduction loop and loaded once before the loops
// that read it.
// CHECK-LABEL: func.func @softmax_rows(
// CHECK-SAME: %[[X:.+]]: memref<32x16xf32>, %[[OUT:.+]]: memref<32x16xf32>)
// CHECK: %[[MAX:.+]] = memref.alloc() : memref<32xf32>
// CHECK: %[[SUM:.+]] = memref.alloc() : memref<32xf32>
// CHECK: scf.parallel (%[[R:.+]]) = (%{{.+}}) to (%{{.+}}) step (%{{.+}}) {
// CHECK: memref.store %{{.+}}, %[[MAX]][%[[R]]]
// CHECK-NEXT: %[[M0:.+]] = memref.load %[[MAX]][%[[R]]]
// CHECK-NEXT: %[[M:.+]] = scf.for %{{.+}} iter_args(%{{.+}} = %[[M0]]) -> (f32) {
// CHECK: arith.maximumf
// CHECK: memref.store %[[M]], %[[MAX]][%[[R]]]
// CHECK-NEXT: %[[ROWMAX:.+]] = memref.load %[[MAX]][%[[R]]]
// CHECK-NEXT: scf.for %[[J:.+]] = {{.+}} {
// CHECK-NEXT: %[[A:.+]] = memref.load %[[X]][%[[R]], %[[J]]]
// CHECK-NEXT: arith.subf %[[A]], %[[ROWMAX]]
// CHECK-NEXT: math.exp
// CHECK-NEXT: memref.store %{{.+}}, %[[OUT]][%[[R]], %[[J]]]
// CHECK: memref.store %{{.+}}, %[[SUM]][%[[R]]]
// CHECK: %[[S:.+]] = scf.for
// CHECK: arith.addf %{{.+}}, %{{.+}} fastmath<reassoc>
// CHECK: memref.store %[[S]], %[[SUM]][%[[R]]]
// CHECK-NEXT: %[[ROWSUM:.+]] = memref.load %[[SUM]][%[[R]]]
// CHECK-NEXT: scf.for %[[J:.+]] = {{.+}} {
// CHECK-NEXT: %[[E:.+]] = memref.load %[[OUT]][%[[R]], %[[J]]]
// CHECK-NEXT: arith.divf %[[E]], %[[ROWSUM]]
// CHECK-NEXT: memref.store
// CHECK-NEXT: }
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[MAX]]
// CHECK-NOT: scf.parallel
// Sequentially, the same nest with an scf.for over the rows.
// SEQ-LABEL: func.func @softmax_rows(
// SEQ: scf.for %[[R:.+]] = {{.+}} {
// SEQ: memref.store %{{.+}}, %{{.+}}[%[[R]]]
// SEQ-NEXT: memref.load
// SEQ-NEXT: scf.for {{.+}} iter_args
// SEQ: memref.store
// SEQ-NEXT: memref.load
// SEQ-NEXT: scf.for
// SEQ: math.exp
// SEQ-NOT: scf.parallel
func.func @softmax_rows(%x: memref<32x16xf32>, %out: memref<32x16xf32>) {
  %max = memref.alloc() : memref<32xf32>
  %sum = memref.alloc() : memref<32xf32>
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%max : memref<32xf32>) {
  ^bb0(%m: f32):
    %ninf = arith.constant 0xFF800000 : f32
    tensor.yield %ninf : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<32x16xf32>) outs(%max : memref<32xf32>) {
  ^bb0(%a: f32, %m: f32):
    %r = arith.maximumf %m, %a : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : memref<32x16xf32>, memref<32xf32>) outs(%out : memref<32x16xf32>) {
  ^bb0(%a: f32, %m: f32, %o: f32):
    %d = arith.subf %a, %m : f32
    %e = math.exp %d : f32
    tensor.yield %e : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      outs(%sum : memref<32xf32>) {
  ^bb0(%s: f32):
    %zero = arith.constant 0.0 : f32
    tensor.yield %zero : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%out : memref<32x16xf32>) outs(%sum : memref<32xf32>) {
  ^bb0(%e: f32, %s: f32):
    %r = arith.addf %s, %e fastmath<reassoc> : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%sum : memref<32xf32>) outs(%out : memref<32x16xf32>) {
  ^bb0(%s: f32, %e: f32):
    %r = arith.divf %e, %s : f32
    tensor.yield %r : f32
  }
  memref.dealloc %max : memref<32xf32>
  memref.dealloc %sum : memref<32xf32>
  return
}

// -----

// A transposed read of what the first generic wrote needs the whole buffer: two nests.
// CHECK-LABEL: func.func @transposed(
// CHECK: scf.parallel
// CHECK: scf.reduce
// CHECK: scf.parallel
// CHECK: memref.load %{{.+}}[%[[J:.+]], %[[I:.+]]]
// SEQ-LABEL: func.func @transposed(
// SEQ-COUNT-2: scf.for
// SEQ-NOT: scf.parallel
func.func @transposed(%x: memref<32x32xf32>, %t: memref<32x32xf32>, %out: memref<32x32xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x32xf32>) outs(%t : memref<32x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = arith.mulf %a, %a : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%t : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    tensor.yield %a : f32
  }
  return
}


// -----

// Views of one arena: %a and %b are disjoint, so the copy into %a and the sum into %b
// share their rows; %c lies where %a lies, in another shape, so writing it waits for the
// whole of the nest before.
// CHECK-LABEL: func.func @views(
// CHECK: %[[A:.+]] = memref.view %{{.+}}[%{{.+}}][] : memref<8192xi8> to memref<32x16xf32>
// CHECK: %[[B:.+]] = memref.view
// CHECK: %[[C:.+]] = memref.view
// CHECK: scf.parallel (%[[I:.+]], %[[J:.+]]) =
// CHECK-NEXT: memref.load
// CHECK-NEXT: memref.store %{{.+}}, %[[A]][%[[I]], %[[J]]]
// CHECK-NEXT: memref.load %[[A]][%[[I]], %[[J]]]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: memref.store %{{.+}}, %[[B]][%[[I]], %[[J]]]
// CHECK-NEXT: scf.reduce
// CHECK: scf.parallel
// CHECK: memref.store %{{.+}}, %[[C]]
func.func @views(%arena: memref<8192xi8>, %x: memref<32x16xf32>) {
  %c0 = arith.constant 0 : index
  %c2048 = arith.constant 2048 : index
  %a = memref.view %arena[%c0][] : memref<8192xi8> to memref<32x16xf32>
  %b = memref.view %arena[%c2048][] : memref<8192xi8> to memref<32x16xf32>
  %c = memref.view %arena[%c0][] : memref<8192xi8> to memref<16x32xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x16xf32>) outs(%a : memref<32x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    tensor.yield %v : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<32x16xf32>) outs(%b : memref<32x16xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.addf %v, %v : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<32x16xf32>) outs(%c : memref<16x32xf32>) {
  ^bb0(%v: f32, %o: f32):
    tensor.yield %v : f32
  }
  return
}


// -----

// A run-time row count read through memref.dim of an allocation sized by it; the
// allocation between the generics moves before the nest, the dealloc after it.
// CHECK-LABEL: func.func @between(
// CHECK: %[[SUM:.+]] = memref.alloc(%{{.+}}) : memref<?xf32>
// CHECK: %[[SCALED:.+]] = memref.alloc(%{{.+}}) : memref<?xf32>
// CHECK: scf.parallel (%[[R:.+]]) =
// CHECK: memref.store %{{.+}}, %[[SUM]][%[[R]]]
// CHECK: memref.store %{{.+}}, %[[SCALED]][%[[R]]]
// CHECK-NEXT: %[[S:.+]] = memref.load %[[SCALED]][%[[R]]]
// CHECK-NEXT: scf.for
// CHECK-NEXT: memref.load
// CHECK-NEXT: arith.divf %{{.+}}, %[[S]]
// CHECK: scf.reduce
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[SUM]]
// CHECK-NEXT: memref.dealloc %[[SCALED]]
// CHECK-NEXT: return
func.func @between(%x: memref<?x16xf32>, %out: memref<?x16xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x16xf32>
  %sum = memref.alloc(%n) : memref<?xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x16xf32>) outs(%sum : memref<?xf32>) {
  ^bb0(%a: f32, %s: f32):
    %r = arith.addf %s, %a : f32
    tensor.yield %r : f32
  }
  %m = memref.dim %sum, %c0 : memref<?xf32>
  %scaled = memref.alloc(%m) : memref<?xf32>
  tensor.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]}
      ins(%sum : memref<?xf32>) outs(%scaled : memref<?xf32>) {
  ^bb0(%s: f32, %o: f32):
    %r = arith.mulf %s, %s : f32
    tensor.yield %r : f32
  }
  memref.dealloc %sum : memref<?xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %scaled : memref<?x16xf32>, memref<?xf32>) outs(%out : memref<?x16xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %r = arith.divf %a, %s : f32
    tensor.yield %r : f32
  }
  memref.dealloc %scaled : memref<?xf32>
  return
}


// -----

// With 8 rows, sharing them would run the element-wise generic's 8 x 16 points on at most
// 8 threads: in parallel the nests stay apart (MIN_ROWS), sequentially they share the rows.
// CHECK-LABEL: func.func @few_rows(
// CHECK: scf.parallel (%{{.+}}) =
// CHECK: scf.parallel (%{{.+}}, %{{.+}}) =
// SEQ-LABEL: func.func @few_rows(
// SEQ: scf.for %[[R:.+]] =
// SEQ: scf.yield
// SEQ-NEXT: }
// SEQ-NEXT: memref.store
// SEQ-NEXT: memref.load
// SEQ-NEXT: scf.for
// SEQ-NEXT: memref.load
// SEQ-NEXT: arith.divf
func.func @few_rows(%x: memref<8x16xf32>, %sum: memref<8xf32>, %out: memref<8x16xf32>) {
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<8x16xf32>) outs(%sum : memref<8xf32>) {
  ^bb0(%a: f32, %s: f32):
    %r = arith.addf %s, %a : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x, %sum : memref<8x16xf32>, memref<8xf32>) outs(%out : memref<8x16xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %r = arith.divf %a, %s : f32
    tensor.yield %r : f32
  }
  return
}

// -----

// Array contraction: `%t` is allocated here and accessed only by the group, at its rows, so
// each row gets its own row-sized buffer (allocated in the parallel body, sized with the
// size `%t` was made with) and `%t` is gone, its `memref.dim` answered from its sizes. The
// row maximum is one scalar per row: an allocation per row would cost more than it saves.
// CHECK-LABEL: func.func @row_local(
// CHECK-SAME: %[[X:.+]]: memref<?x?xf32>, %[[OUT:.+]]: memref<?x?xf32>)
// CHECK: %[[N:.+]] = memref.dim %[[X]], %c0
// CHECK: %[[M:.+]] = memref.dim %[[X]], %c1
// CHECK-NOT: memref.alloc({{.+}}) : memref<?x?xf32>
// CHECK: %[[MAX:.+]] = memref.alloc(%[[N]]) : memref<?xf32>
// CHECK: scf.parallel (%[[R:.+]]) =
// CHECK-NEXT: %[[ROW:.+]] = memref.alloc(%[[M]]) : memref<?xf32>
// CHECK-NEXT: scf.for %[[J:.+]] =
// CHECK-NEXT: memref.load %[[X]][%[[R]], %[[J]]]
// CHECK-NEXT: math.exp
// CHECK-NEXT: memref.store %{{.+}}, %[[ROW]][%[[J]]] : memref<?xf32>
// CHECK: memref.load %[[ROW]][%{{.+}}] : memref<?xf32>
// CHECK: arith.maximumf
// CHECK: memref.store %{{.+}}, %[[MAX]][%[[R]]]
// CHECK: memref.load %[[ROW]][%{{.+}}] : memref<?xf32>
// CHECK: arith.subf
// CHECK: memref.dealloc %[[ROW]]
// CHECK-NEXT: scf.reduce
// CHECK-NEXT: }
// CHECK-NEXT: memref.dealloc %[[MAX]]
// CHECK-NEXT: return
// Rows in order share one row buffer, allocated before them.
// SEQ-LABEL: func.func @row_local(
// SEQ: %[[M:.+]] = memref.dim %{{.+}}, %c1 :
// SEQ: %[[ROW:.+]] = memref.alloc(%[[M]]) : memref<?xf32>
// SEQ-NEXT: scf.for
// SEQ: memref.store %{{.+}}, %[[ROW]][%{{.+}}] : memref<?xf32>
// SEQ: memref.dealloc %[[ROW]]
func.func @row_local(%x: memref<?x?xf32>, %out: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  %t = memref.alloc(%n, %m) : memref<?x?xf32>
  %max = memref.alloc(%n) : memref<?xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x?xf32>) outs(%t : memref<?x?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = math.exp %a : f32
    tensor.yield %e : f32
  }
  %rows = memref.dim %t, %c0 : memref<?x?xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%t : memref<?x?xf32>) outs(%max : memref<?xf32>) {
  ^bb0(%a: f32, %s: f32):
    %r = arith.maximumf %s, %a : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%t, %max : memref<?x?xf32>, memref<?xf32>) outs(%out : memref<?x?xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %r = arith.subf %a, %s : f32
    tensor.yield %r : f32
  }
  memref.dealloc %t : memref<?x?xf32>
  memref.dealloc %max : memref<?xf32>
  return
}

// -----

// A view of an allocation (`memory-plan`'s arena) is contracted too when no other view of
// it overlaps its bytes; the arena stays for the row sums.
// CHECK-LABEL: func.func @arena_view(
// CHECK: %[[ARENA:.+]] = memref.alloc() : memref<2176xi8>
// CHECK-NOT: memref<32x16xf32>
// CHECK: %[[SUM:.+]] = memref.view %[[ARENA]][%{{.+}}][] : memref<2176xi8> to memref<32xf32>
// CHECK: scf.parallel
// CHECK-NEXT: %[[ROW:.+]] = memref.alloc() : memref<16xf32>
// CHECK: memref.store %{{.+}}, %[[ROW]]
// CHECK: memref.dealloc %[[ROW]]
func.func @arena_view(%x: memref<32x16xf32>, %out: memref<32x16xf32>) {
  %arena = memref.alloc() : memref<2176xi8>
  %c0 = arith.constant 0 : index
  %c2048 = arith.constant 2048 : index
  %t = memref.view %arena[%c0][] : memref<2176xi8> to memref<32x16xf32>
  %sum = memref.view %arena[%c2048][] : memref<2176xi8> to memref<32xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x16xf32>) outs(%t : memref<32x16xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = math.exp %a : f32
    tensor.yield %e : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%t : memref<32x16xf32>) outs(%sum : memref<32xf32>) {
  ^bb0(%a: f32, %s: f32):
    %r = arith.addf %s, %a : f32
    tensor.yield %r : f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%t, %sum : memref<32x16xf32>, memref<32xf32>) outs(%out : memref<32x16xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %r = arith.divf %a, %s : f32
    tensor.yield %r : f32
  }
  memref.dealloc %arena : memref<2176xi8>
  return
}

// -----

// What may be seen outside the group keeps its whole buffer: an argument, an allocation the
// function returns, a view of bytes another view reads.
// CHECK-LABEL: func.func @not_private(
// CHECK-NOT: memref<16xf32>
// CHECK: return
func.func @not_private(%x: memref<32x16xf32>, %t: memref<32x16xf32>, %sum: memref<32xf32>,
                       %out: memref<32x16xf32>) -> (memref<32x16xf32>, memref<512xf32>) {
  %arena = memref.alloc() : memref<2048xi8>
  %c0 = arith.constant 0 : index
  %u = memref.view %arena[%c0][] : memref<2048xi8> to memref<32x16xf32>
  %w = memref.alloc() : memref<32x16xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<32x16xf32>)
      outs(%t, %u, %w : memref<32x16xf32>, memref<32x16xf32>, memref<32x16xf32>) {
  ^bb0(%a: f32, %o: f32, %p: f32, %q: f32):
    %e = math.exp %a : f32
    tensor.yield %e, %e, %e : f32, f32, f32
  }
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>,
                                   affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%t, %u, %w : memref<32x16xf32>, memref<32x16xf32>, memref<32x16xf32>)
      outs(%sum : memref<32xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %s: f32):
    %ab = arith.addf %a, %b : f32
    %abc = arith.addf %ab, %c : f32
    %r = arith.addf %s, %abc : f32
    tensor.yield %r : f32
  }
  %v = memref.view %arena[%c0][] : memref<2048xi8> to memref<512xf32>
  tensor.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>,
                                   affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%u, %sum : memref<32x16xf32>, memref<32xf32>) outs(%out : memref<32x16xf32>) {
  ^bb0(%a: f32, %s: f32, %o: f32):
    %r = arith.divf %a, %s : f32
    tensor.yield %r : f32
  }
  return %w, %v : memref<32x16xf32>, memref<512xf32>
}
