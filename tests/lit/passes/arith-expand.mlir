// RUN: mlc-opt %s --arith-expand | filecheck %s

// Integer divisions LLVM has no instruction for, op for op as MLIR 19 expands them.
func.func @f(%a: index, %b: index, %c: i32, %d: i32) -> (index, index, i32) {
  %0 = arith.floordivsi %a, %b : index
  %1 = arith.ceildivsi %a, %b : index
  %2 = arith.ceildivui %c, %d : i32
  return %0, %1, %2 : index, index, i32
}

// CHECK-LABEL: func.func @f(
// CHECK-NEXT:  %0 = arith.divsi %arg0, %arg1 : index
// CHECK-NEXT:  %1 = arith.muli %0, %arg1 : index
// CHECK-NEXT:  %2 = arith.cmpi ne, %arg0, %1 : index
// CHECK-NEXT:  %c0 = arith.constant 0 : index
// CHECK-NEXT:  %3 = arith.cmpi slt, %arg0, %c0 : index
// CHECK-NEXT:  %4 = arith.cmpi slt, %arg1, %c0 : index
// CHECK-NEXT:  %5 = arith.cmpi ne, %3, %4 : i1
// CHECK-NEXT:  %6 = arith.andi %2, %5 : i1
// CHECK-NEXT:  %c-1 = arith.constant -1 : index
// CHECK-NEXT:  %7 = arith.addi %0, %c-1 : index
// CHECK-NEXT:  %8 = arith.select %6, %7, %0 : index
// CHECK-NEXT:  %c1 = arith.constant 1 : index
// CHECK-NEXT:  %c0_0 = arith.constant 0 : index
// CHECK-NEXT:  %c-1_1 = arith.constant -1 : index
// CHECK-NEXT:  %9 = arith.cmpi sgt, %arg1, %c0_0 : index
// CHECK-NEXT:  %10 = arith.select %9, %c-1_1, %c1 : index
// CHECK-NEXT:  %11 = arith.addi %10, %arg0 : index
// CHECK-NEXT:  %12 = arith.divsi %11, %arg1 : index
// CHECK-NEXT:  %13 = arith.addi %c1, %12 : index
// CHECK-NEXT:  %14 = arith.subi %c0_0, %arg0 : index
// CHECK-NEXT:  %15 = arith.divsi %14, %arg1 : index
// CHECK-NEXT:  %16 = arith.subi %c0_0, %15 : index
// CHECK-NEXT:  %17 = arith.cmpi slt, %arg0, %c0_0 : index
// CHECK-NEXT:  %18 = arith.cmpi sgt, %arg0, %c0_0 : index
// CHECK-NEXT:  %19 = arith.cmpi slt, %arg1, %c0_0 : index
// CHECK-NEXT:  %20 = arith.cmpi sgt, %arg1, %c0_0 : index
// CHECK-NEXT:  %21 = arith.andi %17, %19 : i1
// CHECK-NEXT:  %22 = arith.andi %18, %20 : i1
// CHECK-NEXT:  %23 = arith.ori %21, %22 : i1
// CHECK-NEXT:  %24 = arith.select %23, %13, %16 : index
// CHECK-NEXT:  %c0_i32 = arith.constant 0 : i32
// CHECK-NEXT:  %25 = arith.cmpi eq, %arg2, %c0_i32 : i32
// CHECK-NEXT:  %c1_i32 = arith.constant 1 : i32
// CHECK-NEXT:  %26 = arith.subi %arg2, %c1_i32 : i32
// CHECK-NEXT:  %27 = arith.divui %26, %arg3 : i32
// CHECK-NEXT:  %28 = arith.addi %27, %c1_i32 : i32
// CHECK-NEXT:  %29 = arith.select %25, %c0_i32, %28 : i32
// CHECK-NEXT:  return %8, %24, %29 : index, index, i32
// 
