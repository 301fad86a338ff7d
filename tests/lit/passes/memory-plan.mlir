// REQUIRES: mlc
// RUN: mlc-opt %s -p memory-plan --split-input-file | filecheck %s

// Static buffers freed in the body share one arena when their lifetimes do not overlap;
// the returned buffer keeps its own allocation.
func.func private @f(memref<4x8xf32>, memref<4x8xf32>)
func.func @static(%x: memref<4x8xf32>) -> memref<4x8xf32> {
  %a = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
  call @f(%x, %a) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
  %b = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
  call @f(%a, %b) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
  memref.dealloc %a : memref<4x8xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
  call @f(%b, %c) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
  memref.dealloc %b : memref<4x8xf32>
  %r = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
  call @f(%c, %r) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
  memref.dealloc %c : memref<4x8xf32>
  return %r : memref<4x8xf32>
}
// CHECK-LABEL: func.func @static(
// CHECK:         %[[ARENA:.*]] = memref.alloc() {alignment = 64 : i64} : memref<256xi8>
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%[[C0]]][] : memref<256xi8> to memref<4x8xf32>
// CHECK:         %[[C128:.*]] = arith.constant 128 : index
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%[[C128]]][] : memref<256xi8> to memref<4x8xf32>
// CHECK:         %[[C0_:.*]] = arith.constant 0 : index
// CHECK:         %[[C:.*]] = memref.view %[[ARENA]][%[[C0_]]][] : memref<256xi8> to memref<4x8xf32>
// CHECK:         %[[R:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
// CHECK-NOT:     memref.dealloc %[[A]]
// CHECK:         memref.dealloc %[[ARENA]] : memref<256xi8>
// CHECK-NEXT:    return %[[R]]

// -----

// Dynamic buffers of the same type and size values reuse a dead one.
func.func private @g(memref<?xf32>, memref<?xf32>)
func.func @dynamic(%n: index, %x: memref<?xf32>) {
  %a = memref.alloc(%n) : memref<?xf32>
  call @g(%x, %a) : (memref<?xf32>, memref<?xf32>) -> ()
  %b = memref.alloc(%n) : memref<?xf32>
  call @g(%a, %b) : (memref<?xf32>, memref<?xf32>) -> ()
  memref.dealloc %a : memref<?xf32>
  %c = memref.alloc(%n) : memref<?xf32>
  call @g(%b, %c) : (memref<?xf32>, memref<?xf32>) -> ()
  memref.dealloc %b : memref<?xf32>
  call @g(%c, %x) : (memref<?xf32>, memref<?xf32>) -> ()
  memref.dealloc %c : memref<?xf32>
  return
}
// CHECK-LABEL: func.func @dynamic(
// CHECK:         %[[A:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         %[[B:.*]] = memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         call @g(%[[A]], %[[B]])
// CHECK-NEXT:    call @g(%[[B]], %[[A]])
// CHECK-NEXT:    memref.dealloc %[[B]]
// CHECK-NEXT:    call @g(%[[A]], %{{.*}})
// CHECK-NEXT:    memref.dealloc %[[A]]
// CHECK-NEXT:    return
