// RUN: mlc-translate --mlir-to-llvmir %s | filecheck %s

// Block arguments become phis, with one incoming value per predecessor edge, newest edge
// first (MLIR's use-list order). Blocks keep their order; a successor reached twice with
// arguments gets a forwarding block at the end of the function.

// CHECK-LABEL: define i64 @loop(i64 %0)
llvm.func @loop(%n: i64) -> i64 {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c1 = llvm.mlir.constant(1 : i64) : i64
  // CHECK-NEXT: br label %[[HEAD:[0-9]+]]
  llvm.br ^head(%c0, %c0 : i64, i64)
// CHECK: [[HEAD]]:{{ +}}; preds = %[[BODY:[0-9]+]], %1
^head(%i: i64, %sum: i64):
  // CHECK-NEXT: %[[I:[0-9]+]] = phi i64 [ %[[NEXT:[0-9]+]], %[[BODY]] ], [ 0, %1 ]
  // CHECK-NEXT: %[[SUM:[0-9]+]] = phi i64 [ %[[ACC:[0-9]+]], %[[BODY]] ], [ 0, %1 ]
  // CHECK-NEXT: %[[CMP:[0-9]+]] = icmp slt i64 %[[I]], %0
  %cmp = llvm.icmp "slt" %i, %n : i64
  // CHECK-NEXT: br i1 %[[CMP]], label %[[BODY]], label %[[EXIT:[0-9]+]], !prof ![[W:[0-9]+]]
  llvm.cond_br %cmp weights([10, 1]), ^body, ^exit
// CHECK: [[BODY]]:{{ +}}; preds = %[[HEAD]]
^body:
  // CHECK-NEXT: %[[ACC]] = add i64 %[[SUM]], %[[I]]
  %acc = llvm.add %sum, %i : i64
  // CHECK-NEXT: %[[NEXT]] = add i64 %[[I]], 1
  %next = llvm.add %i, %c1 : i64
  llvm.br ^head(%next, %acc : i64, i64)
// CHECK: [[EXIT]]:{{ +}}; preds = %[[HEAD]]
^exit:
  // CHECK-NEXT: ret i64 %[[SUM]]
  llvm.return %sum : i64
}

// CHECK-LABEL: define i32 @switch(i32 %0, i32 %1)
llvm.func @switch(%x: i32, %y: i32) -> i32 {
  // Case values print signed; the same block may be a successor more than once.
  // CHECK-NEXT: switch i32 %0, label %[[DEFAULT:[0-9]+]] [
  // CHECK-NEXT:   i32 1, label %[[JOIN:[0-9]+]]
  // CHECK-NEXT:   i32 -3, label %[[FORWARD:[0-9]+]]
  // CHECK-NEXT: ], !prof ![[SW:[0-9]+]]
  llvm.switch %x : i32, ^default [
    1: ^join(%x : i32),
    4294967293: ^join(%y : i32)
  ] {branch_weights = array<i32: 1, 2, 3>}
// CHECK: [[DEFAULT]]:{{ +}}; preds = %2
^default:
  // CHECK-NEXT: unreachable
  llvm.unreachable
// CHECK: [[JOIN]]:{{ +}}; preds = %[[FORWARD]], %2
^join(%v: i32):
  // CHECK-NEXT: %[[V:[0-9]+]] = phi i32 [ %[[F:[0-9]+]], %[[FORWARD]] ], [ %0, %2 ]
  // CHECK-NEXT: ret i32 %[[V]]
  llvm.return %v : i32
// The forwarding block for the second edge to ^join.
// CHECK: [[FORWARD]]:{{ +}}; preds = %2
// CHECK-NEXT: %[[F]] = phi i32 [ %1, %2 ]
// CHECK-NEXT: br label %[[JOIN]]
}

// CHECK-LABEL: define void @unreachable_block()
llvm.func @unreachable_block() {
  // CHECK-NEXT: ret void
  llvm.return
// CHECK: 1:{{ +}}; No predecessors!
^dead:
  // CHECK-NEXT: unreachable
  llvm.unreachable
}

// CHECK: ![[W]] = !{!"branch_weights", i32 10, i32 1}
// CHECK: ![[SW]] = !{!"branch_weights", i32 1, i32 2, i32 3}
