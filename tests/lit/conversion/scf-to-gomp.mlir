// RUN: mlc-opt %s --convert-scf-to-gomp=num-threads=4 --split-input-file | filecheck %s
// RUN: mlc-opt %s --convert-scf-to-gomp --split-input-file | filecheck %s --check-prefix=DEFAULT
// RUN: mlc-opt %s --convert-scf-to-gomp=min-work-per-thread=1000 --split-input-file | filecheck %s --check-prefix=WORK
// REQUIRES: mlc

// The loop's body moves to a private function before the caller; the caller passes the
// captured values (index as i64, memrefs as descriptors, scalars as they are) in a struct
// allocated at its entry and calls GOMP_parallel. Constants are cloned, not passed.
// CHECK-DAG:   llvm.func @GOMP_parallel(!llvm.ptr, !llvm.ptr, i32, i32)
// CHECK-DAG:   llvm.func @omp_get_thread_num() -> i32
// CHECK-DAG:   llvm.func @omp_get_num_threads() -> i32
// CHECK-LABEL: func.func private @scale_parallel(%arg0: !llvm.ptr) {
// CHECK:         %[[N_GEP:.*]] = llvm.getelementptr %arg0[0, 0] : (!llvm.ptr) -> !llvm.ptr, ![[STRUCT:.*]]
// CHECK-NEXT:    %[[N_I64:.*]] = llvm.load %[[N_GEP]] : !llvm.ptr -> i64
// CHECK-NEXT:    %[[N:.*]] = builtin.unrealized_conversion_cast %[[N_I64]] : i64 to index
// CHECK-NEXT:    %[[A_GEP:.*]] = llvm.getelementptr %arg0[0, 1]
// CHECK-NEXT:    %[[A_DESC:.*]] = llvm.load %[[A_GEP]] : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[A:.*]] = builtin.unrealized_conversion_cast %[[A_DESC]] : {{.*}} to memref<?xf32>
// CHECK-NEXT:    %[[S_GEP:.*]] = llvm.getelementptr %arg0[0, 2]
// CHECK-NEXT:    %[[S:.*]] = llvm.load %[[S_GEP]] : !llvm.ptr -> f32
// CHECK-NEXT:    %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:    %[[TID_I32:.*]] = llvm.call @omp_get_thread_num() : () -> i32
// CHECK-NEXT:    %[[TID:.*]] = arith.index_cast %[[TID_I32]] : i32 to index
// CHECK-NEXT:    %[[NT_I32:.*]] = llvm.call @omp_get_num_threads() : () -> i32
// CHECK-NEXT:    %[[NT:.*]] = arith.index_cast %[[NT_I32]] : i32 to index
// Trip count max(ceil((ub - lb) / step), 0); thread t starts at iteration
// t * (trips / threads) + min(t, trips % threads) and ends where thread t + 1 starts.
// CHECK-NEXT:    %[[SPAN:.*]] = arith.subi %[[N]], %[[C0]] : index
// CHECK:         %[[DIV:.*]] = arith.divsi %{{.*}}, %[[C2]] : index
// CHECK:         %[[TRIPS:.*]] = arith.maxsi %[[DIV]], %{{.*}} : index
// CHECK-NEXT:    %[[SHARE:.*]] = arith.divsi %[[TRIPS]], %[[NT]] : index
// CHECK-NEXT:    %[[REST:.*]] = arith.remsi %[[TRIPS]], %[[NT]] : index
// CHECK-NEXT:    %[[EVEN:.*]] = arith.muli %[[TID]], %[[SHARE]] : index
// CHECK-NEXT:    %[[LONGER:.*]] = arith.minsi %[[TID]], %[[REST]] : index
// CHECK-NEXT:    %[[BEGIN:.*]] = arith.addi %[[EVEN]], %[[LONGER]] : index
// CHECK-NEXT:    %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[NEXT:.*]] = arith.addi %[[TID]], %[[C1]] : index
// CHECK-NEXT:    %[[EVEN1:.*]] = arith.muli %[[NEXT]], %[[SHARE]] : index
// CHECK-NEXT:    %[[LONGER1:.*]] = arith.minsi %[[NEXT]], %[[REST]] : index
// CHECK-NEXT:    %[[END:.*]] = arith.addi %[[EVEN1]], %[[LONGER1]] : index
// CHECK-NEXT:    %[[OFF0:.*]] = arith.muli %[[BEGIN]], %[[C2]] : index
// CHECK-NEXT:    %[[LO:.*]] = arith.addi %[[C0]], %[[OFF0]] : index
// CHECK-NEXT:    %[[OFF1:.*]] = arith.muli %[[END]], %[[C2]] : index
// CHECK-NEXT:    %[[HI:.*]] = arith.addi %[[C0]], %[[OFF1]] : index
// CHECK-NEXT:    scf.for %[[I:.*]] = %[[LO]] to %[[HI]] step %[[C2]] {
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[A]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:      %[[W:.*]] = arith.mulf %[[V]], %[[S]] : f32
// CHECK-NEXT:      memref.store %[[W]], %[[A]][%[[I]]] : memref<?xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-LABEL: func.func @scale(%arg0: memref<?xf32>, %arg1: f32, %arg2: index) {
// CHECK-NEXT:    %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK-NEXT:    %[[DATA:.*]] = llvm.alloca %[[ONE]] x ![[STRUCT]] : (i64) -> !llvm.ptr
// CHECK:         %[[THREADS:.*]] = arith.constant 4 : i32
// CHECK-NEXT:    %[[N64:.*]] = builtin.unrealized_conversion_cast %arg2 : index to i64
// CHECK-NEXT:    %[[P0:.*]] = llvm.getelementptr %[[DATA]][0, 0]
// CHECK-NEXT:    llvm.store %[[N64]], %[[P0]] : i64, !llvm.ptr
// CHECK-NEXT:    %[[ADESC:.*]] = builtin.unrealized_conversion_cast %arg0 : memref<?xf32> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK-NEXT:    %[[P1:.*]] = llvm.getelementptr %[[DATA]][0, 1]
// CHECK-NEXT:    llvm.store %[[ADESC]], %[[P1]]
// CHECK-NEXT:    %[[P2:.*]] = llvm.getelementptr %[[DATA]][0, 2]
// CHECK-NEXT:    llvm.store %arg1, %[[P2]] : f32, !llvm.ptr
// CHECK-NEXT:    %[[FN:.*]] = constant @scale_parallel : (!llvm.ptr) -> ()
// CHECK-NEXT:    %[[FLAGS:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    %[[FNPTR:.*]] = builtin.unrealized_conversion_cast %[[FN]] : (!llvm.ptr) -> () to !llvm.ptr
// CHECK-NEXT:    llvm.call @GOMP_parallel(%[[FNPTR]], %[[DATA]], %[[THREADS]], %[[FLAGS]]) : (!llvm.ptr, !llvm.ptr, i32, i32) -> ()
// CHECK-NEXT:    return

// Without num-threads, the team has the runtime's default size.
// DEFAULT-LABEL: func.func @scale(
// DEFAULT:         %[[THREADS:.*]] = llvm.call @omp_get_max_threads() : () -> i32
// DEFAULT:         llvm.call @GOMP_parallel(%{{.*}}, %{{.*}}, %[[THREADS]], %{{.*}})

// With min-work-per-thread, the team is capped at max(1, trips * cost / 1000), the cost
// of an iteration being its 4 ops (the terminator included).
// WORK-LABEL: func.func @scale(
// WORK:         %[[MAX:.*]] = llvm.call @omp_get_max_threads() : () -> i32
// WORK-NEXT:    %[[COST:.*]] = arith.constant 4 : index
// WORK:         %[[TRIPS:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// WORK-NEXT:    %[[WORK:.*]] = arith.muli %[[COST]], %[[TRIPS]] : index
// WORK-NEXT:    %[[GRAIN:.*]] = arith.constant 1000 : index
// WORK-NEXT:    %[[USEFUL:.*]] = arith.divui %[[WORK]], %[[GRAIN]] : index
// WORK-NEXT:    %[[ONE:.*]] = arith.constant 1 : index
// WORK-NEXT:    %[[ATLEAST:.*]] = arith.maxsi %[[USEFUL]], %[[ONE]] : index
// WORK-NEXT:    %[[MOST:.*]] = arith.index_cast %[[MAX]] : i32 to index
// WORK-NEXT:    %[[CAPPED:.*]] = arith.minsi %[[ATLEAST]], %[[MOST]] : index
// WORK-NEXT:    %[[THREADS:.*]] = arith.index_cast %[[CAPPED]] : index to i32
// WORK:         llvm.call @GOMP_parallel(%{{.*}}, %{{.*}}, %[[THREADS]], %{{.*}})
func.func @scale(%a: memref<?xf32>, %s: f32, %n: index) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c2) {
    %v = memref.load %a[%i] : memref<?xf32>
    %w = arith.mulf %v, %s : f32
    memref.store %w, %a[%i] : memref<?xf32>
  }
  return
}

// -----

// A reduction: each thread folds its iterations, the first one's value taken as it is,
// into its slot of a buffer of partials with a flag; after the join the caller folds the
// init value and the flagged partials in thread order. The dimensions are collapsed: a
// thread's share of the n * m iterations runs as a loop over the rows it touches around a
// loop over its part of each row.
// CHECK-LABEL: func.func private @sum_parallel(%arg0: !llvm.ptr) {
// CHECK:         llvm.getelementptr %arg0[0, 2]
// CHECK-NEXT:    %[[INIT:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// CHECK:         %[[PARTIALS:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?xi64>
// CHECK:         %[[HAS:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?xi1>
// CHECK:         %[[TID:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK:         %[[FALSE:.*]] = arith.constant false
// CHECK:         %[[ROWS:.*]] = arith.maxsi %{{.*}} : index
// CHECK:         %[[COLUMNS:.*]] = arith.maxsi %{{.*}} : index
// CHECK-NEXT:    %[[TOTAL:.*]] = arith.muli %[[ROWS]], %[[COLUMNS]] : index
// CHECK-NEXT:    %[[SHARE:.*]] = arith.divsi %[[TOTAL]], %{{.*}} : index
// CHECK-NEXT:    %[[REST:.*]] = arith.remsi %[[TOTAL]], %{{.*}} : index
// CHECK-NEXT:    arith.muli %[[TID]], %[[SHARE]] : index
// CHECK-NEXT:    arith.minsi %[[TID]], %[[REST]] : index
// CHECK-NEXT:    %[[BEGIN:.*]] = arith.addi %{{.*}} : index
// CHECK:         %[[NEXT_T:.*]] = arith.addi %[[TID]], %{{.*}} : index
// CHECK-NEXT:    arith.muli %[[NEXT_T]], %[[SHARE]] : index
// CHECK-NEXT:    arith.minsi %[[NEXT_T]], %[[REST]] : index
// CHECK-NEXT:    %[[END:.*]] = arith.addi %{{.*}} : index
// CHECK:         %[[WIDTH:.*]] = arith.maxsi %[[COLUMNS]], %{{.*}} : index
// CHECK-NEXT:    %[[FIRST_ROW:.*]] = arith.divsi %[[BEGIN]], %[[WIDTH]] : index
// CHECK:         %[[PAST_ROWS:.*]] = arith.divsi %{{.*}}, %[[WIDTH]] : index
// CHECK-NEXT:    %[[R:[0-9]+]]:2 = scf.for %[[ROW:.*]] = %[[FIRST_ROW]] to %[[PAST_ROWS]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]], %[[SEEN:.*]] = %[[FALSE]]) -> (i64, i1) {
// CHECK:           %[[I:.*]] = arith.addi %{{.*}} : index
// CHECK-NEXT:      %[[OFFSET:.*]] = arith.muli %[[ROW]], %[[COLUMNS]] : index
// CHECK-NEXT:      %[[FROM:.*]] = arith.subi %[[BEGIN]], %[[OFFSET]] : index
// CHECK:           %[[J_LO:.*]] = arith.maxsi %[[FROM]], %{{.*}} : index
// CHECK-NEXT:      %[[TO:.*]] = arith.subi %[[END]], %[[OFFSET]] : index
// CHECK-NEXT:      %[[J_HI:.*]] = arith.minsi %[[TO]], %[[COLUMNS]] : index
// CHECK:           %[[IN:[0-9]+]]:2 = scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC2:.*]] = %[[ACC]], %[[SEEN2:.*]] = %[[SEEN]]) -> (i64, i1) {
// CHECK-NEXT:        %[[V:.*]] = memref.load %{{.*}}[%[[I]], %[[J]]] : memref<?x?xi64>
// CHECK-NEXT:        %[[SUM:.*]] = arith.addi %[[ACC2]], %[[V]] : i64
// CHECK-NEXT:        %[[NEXT:.*]] = arith.select %[[SEEN2]], %[[SUM]], %[[V]] : i64
// CHECK-NEXT:        %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:        scf.yield %[[NEXT]], %[[TRUE]] : i64, i1
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[IN]]#0, %[[IN]]#1 : i64, i1
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.store %[[R]]#0, %[[PARTIALS]][%[[TID]]] : memref<?xi64>
// CHECK-NEXT:    memref.store %[[R]]#1, %[[HAS]][%[[TID]]] : memref<?xi1>
// CHECK-NEXT:    return
// CHECK-LABEL: func.func @sum(
// CHECK:         %[[THREADS:.*]] = arith.constant 4 : i32
// CHECK-NEXT:    %[[COUNT:.*]] = arith.index_cast %[[THREADS]] : i32 to index
// CHECK-NEXT:    %[[PARTIALS:.*]] = memref.alloc(%[[COUNT]]) : memref<?xi64>
// CHECK-NEXT:    %[[HAS:.*]] = memref.alloc(%[[COUNT]]) : memref<?xi1>
// CHECK:         scf.for %[[T:.*]] = %{{.*}} to %[[COUNT]] step %{{.*}} {
// CHECK-NEXT:      %[[FALSE:.*]] = arith.constant false
// CHECK-NEXT:      memref.store %[[FALSE]], %[[HAS]][%[[T]]] : memref<?xi1>
// CHECK-NEXT:    }
// CHECK:         llvm.call @GOMP_parallel(
// CHECK:         %[[RESULT:.*]] = scf.for %[[T:.*]] = %{{.*}} to %[[COUNT]] step %{{.*}} iter_args(%[[ACC:.*]] = %arg1) -> (i64) {
// CHECK-NEXT:      %[[FLAG:.*]] = memref.load %[[HAS]][%[[T]]] : memref<?xi1>
// CHECK-NEXT:      %[[FOLDED:.*]] = scf.if %[[FLAG]] -> (i64) {
// CHECK-NEXT:        %[[P:.*]] = memref.load %[[PARTIALS]][%[[T]]] : memref<?xi64>
// CHECK-NEXT:        %[[S:.*]] = arith.addi %[[ACC]], %[[P]] : i64
// CHECK-NEXT:        scf.yield %[[S]] : i64
// CHECK-NEXT:      } else {
// CHECK-NEXT:        scf.yield %[[ACC]] : i64
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[FOLDED]] : i64
// CHECK-NEXT:    }
// CHECK-NEXT:    memref.dealloc %[[PARTIALS]] : memref<?xi64>
// CHECK-NEXT:    memref.dealloc %[[HAS]] : memref<?xi1>
// CHECK-NEXT:    return %[[RESULT]] : i64
func.func @sum(%a: memref<?x?xi64>, %init: i64, %n: index, %m: index) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) init (%init) -> i64 {
    %v = memref.load %a[%i, %j] : memref<?x?xi64>
    scf.reduce(%v : i64) {
    ^bb0(%x: i64, %y: i64):
      %s = arith.addi %x, %y : i64
      scf.reduce.return %s : i64
    }
  }
  return %r : i64
}

// -----

// Only outermost loops are outlined: a nested scf.parallel stays a loop of the outlined
// function. Each loop of a function gets its own function, named apart.
// CHECK-LABEL: func.func private @nested_parallel(%arg0: !llvm.ptr) {
// CHECK:         scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK-NEXT:      scf.parallel (%[[J:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT:        memref.load %{{.*}}[%[[I]], %[[J]]]
// CHECK-LABEL: func.func private @nested_parallel_1(%arg0: !llvm.ptr) {
// CHECK:         scf.for
// CHECK-NEXT:      arith.constant 0.000000e+00 : f32
// CHECK-LABEL: func.func @nested(
// CHECK-NOT:     scf.parallel
// CHECK:         constant @nested_parallel : (!llvm.ptr) -> ()
// CHECK:         llvm.call @GOMP_parallel(
// CHECK:         constant @nested_parallel_1 : (!llvm.ptr) -> ()
// CHECK:         llvm.call @GOMP_parallel(
func.func @nested(%a: memref<?x?xf32>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    scf.parallel (%j) = (%c0) to (%m) step (%c1) {
      %v = memref.load %a[%i, %j] : memref<?x?xf32>
      memref.store %v, %a[%j, %i] : memref<?x?xf32>
    }
  }
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %z = arith.constant 0.0 : f32
    memref.store %z, %a[%i, %i] : memref<?x?xf32>
  }
  return
}

// -----

// A bufferized scf.forall runs as an scf.parallel would.
// CHECK-LABEL: func.func private @forall_parallel(%arg0: !llvm.ptr) {
// CHECK:         %[[C8:.*]] = arith.constant 8 : index
// CHECK:         arith.subi %[[C8]], %{{.*}} : index
// CHECK:         scf.for
// CHECK-NEXT:      memref.load %{{.*}} : memref<8xf32>
// CHECK-LABEL: func.func @forall(
// CHECK-NOT:     scf.forall
// CHECK:         llvm.call @GOMP_parallel(
func.func @forall(%a: memref<8xf32>) {
  scf.forall (%i) in (8) {
    %v = memref.load %a[%i] : memref<8xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %a[%i] : memref<8xf32>
  }
  return
}

// -----

// A combiner using a value of the loop body cannot be moved out of it: the loop stays, for
// convert-scf-to-cf to run sequentially.
// CHECK-LABEL: func.func @combiner_uses_body(
// CHECK-NOT:     llvm.call
// CHECK:         scf.parallel
// CHECK:           scf.reduce
func.func @combiner_uses_body(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%c0) -> index {
    %k = arith.muli %i, %i : index
    scf.reduce(%i : index) {
    ^bb0(%x: index, %y: index):
      %s = arith.addi %x, %k : index
      scf.reduce.return %s : index
    }
  }
  return %r : index
}

// -----

// A vector op counts its lanes in the iteration's cost: 8 each for the load, the multiply and
// the store of vector<8xf32>, one for the terminator.
// WORK-LABEL: func.func @scale_vectors(
// WORK:         %[[COST:.*]] = arith.constant 25 : index
// WORK:         arith.muli %[[COST]], %{{.*}} : index
func.func @scale_vectors(%a: memref<?xf32>, %s: vector<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%n) step (%c8) {
    %v = vector.load %a[%i] : memref<?xf32>, vector<8xf32>
    %w = arith.mulf %v, %s : vector<8xf32>
    vector.store %w, %a[%i] : memref<?xf32>, vector<8xf32>
  }
  return
}
