// RUN: mlc-opt %s --convert-cf-to-llvm | filecheck %s
// RUN: mlc-opt %s --convert-func-to-llvm | filecheck %s --check-prefix=FUNC

// The global, `puts` and `abort` are each inserted at the start of the module: they print in
// reverse order. Message names are made unique with a counter running through the pass.
// CHECK:      llvm.mlir.global private constant @assert_msg_1(dense<[115, 101, 99, 111, 110, 100, 0]> : tensor<7xi8>) {addr_space = 0 : i32} : !llvm.array<7 x i8>
// CHECK-NEXT: llvm.func @abort()
// CHECK-NEXT: llvm.mlir.global private constant @assert_msg_0(dense<[102, 105, 114, 115, 116, 0]> : tensor<6xi8>) {addr_space = 0 : i32} : !llvm.array<6 x i8>
// CHECK-NEXT: llvm.func @puts(!llvm.ptr)
// CHECK-NEXT: llvm.mlir.global private constant @assert_msg("x\00") {addr_space = 0 : i32}
llvm.func @puts(!llvm.ptr)
llvm.mlir.global private constant @assert_msg("x\00") {addr_space = 0 : i32}

// Branches keep their successors and discardable attributes; an assert
// splits its block, its failure block goes at the end of the region.
// CHECK-LABEL: func.func @branches
// CHECK-NEXT:    llvm.cond_br %arg0, ^bb1(%arg1 : i32), ^bb2(%arg2 : f32) {foo}
// CHECK-NEXT:  ^bb1(%0: i32):
// CHECK-NEXT:    llvm.br ^bb3(%0 : i32) {bar = 1 : i32}
// CHECK-NEXT:  ^bb2(%1: f32):
// CHECK-NEXT:    llvm.switch %arg1 : i32, ^bb3(%arg1 : i32) [
// CHECK-NEXT:      4294967295: ^bb1(%arg1 : i32),
// CHECK-NEXT:      7: ^bb3(%arg1 : i32)
// CHECK-NEXT:    ] {baz}
// CHECK-NEXT:  ^bb3(%2: i32):
// CHECK-NEXT:    llvm.cond_br %arg0, ^bb4, ^bb6
// CHECK-NEXT:  ^bb4:
// CHECK-NEXT:    %3 = arith.addi %2, %2 : i32
// CHECK-NEXT:    llvm.cond_br %arg0, ^bb5, ^bb7
// CHECK-NEXT:  ^bb5:
// CHECK-NEXT:    return %3 : i32
// CHECK-NEXT:  ^bb6:
// CHECK-NEXT:    %4 = llvm.mlir.addressof @assert_msg_0 : !llvm.ptr
// CHECK-NEXT:    %5 = llvm.getelementptr %4[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<6 x i8>
// CHECK-NEXT:    llvm.call @puts(%5) : (!llvm.ptr) -> ()
// CHECK-NEXT:    llvm.call @abort() : () -> ()
// CHECK-NEXT:    llvm.unreachable
// CHECK-NEXT:  ^bb7:
// CHECK-NEXT:    %6 = llvm.mlir.addressof @assert_msg_1 : !llvm.ptr
// CHECK:         llvm.unreachable
// CHECK-NEXT:  }
func.func @branches(%arg0: i1, %arg1: i32, %arg2: f32) -> i32 {
  cf.cond_br %arg0, ^bb1(%arg1 : i32), ^bb2(%arg2 : f32) {foo}
^bb1(%0: i32):
  cf.br ^bb3(%0 : i32) {bar = 1 : i32}
^bb2(%f: f32):
  cf.switch %arg1 : i32, [
    default: ^bb3(%arg1 : i32),
    -1: ^bb1(%arg1 : i32),
    7: ^bb3(%arg1 : i32)
  ] {baz}
^bb3(%1: i32):
  cf.assert %arg0, "first"
  %2 = arith.addi %1, %1 : i32
  cf.assert %arg0, "second"
  return %2 : i32
}

// A branch converts only once its successor takes the converted types: the pass converts no
// block signature, so the branches passing an `index` stay; convert-func-to-llvm converts
// the signatures and the branches with them.
// CHECK-LABEL: func.func @index_loop
// CHECK:         cf.br ^bb1(%c0 : index)
// CHECK-NEXT:  ^bb1(%0: index):
// CHECK-NEXT:    %1 = arith.cmpi slt, %0, %arg0 : index
// CHECK-NEXT:    llvm.cond_br %1, ^bb2, ^bb3
// CHECK-NEXT:  ^bb2:
// CHECK-NEXT:    %2 = arith.addi %0, %c1 : index
// CHECK-NEXT:    cf.br ^bb1(%2 : index)
// FUNC-LABEL:  llvm.func @index_loop(%arg0: i64) -> i64 {
// FUNC-NEXT:     %0 = llvm.mlir.constant(0 : index) : i64
// FUNC-NEXT:     %1 = llvm.mlir.constant(1 : index) : i64
// FUNC-NEXT:     llvm.br ^bb1(%0 : i64)
// FUNC-NEXT:   ^bb1(%2: i64):
// FUNC-NEXT:     %3 = llvm.icmp "slt" %2, %arg0 : i64
// FUNC-NEXT:     llvm.cond_br %3, ^bb2, ^bb3
// FUNC-NEXT:   ^bb2:
// FUNC-NEXT:     %4 = llvm.add %2, %1 : i64
// FUNC-NEXT:     llvm.br ^bb1(%4 : i64)
// FUNC-NEXT:   ^bb3:
// FUNC-NEXT:     llvm.return %2 : i64
// FUNC-NEXT:   }
func.func @index_loop(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  cf.br ^bb1(%c0 : index)
^bb1(%i: index):
  %c = arith.cmpi slt, %i, %n : index
  cf.cond_br %c, ^bb2, ^bb3
^bb2:
  %next = arith.addi %i, %c1 : index
  cf.br ^bb1(%next : index)
^bb3:
  return %i : index
}

// FUNC-LABEL:  llvm.func @empty_switch(%arg0: i64, %arg1: i64) -> i64 {
// FUNC-NEXT:     llvm.switch %arg0 : i64, ^bb1(%arg1 : i64) [
// FUNC-NEXT:     ]
func.func @empty_switch(%arg0: i64, %x: index) -> index {
  cf.switch %arg0 : i64, [
    default: ^bb1(%x : index)
  ]
^bb1(%y: index):
  return %y : index
}
