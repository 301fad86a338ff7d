// Branches between blocks whose arguments change type (index, memrefs), switches and asserts:
// convert-func-to-llvm converts the cf ops with the function, as MLIR 19's does.

func.func @count(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  cf.br ^bb1(%c0, %c0 : index, index)
^bb1(%i: index, %acc: index):
  %more = arith.cmpi slt, %i, %n : index
  cf.cond_br %more, ^bb2, ^bb3(%acc : index)
^bb2:
  %next = arith.addi %i, %c1 : index
  %sum = arith.addi %acc, %i : index
  cf.br ^bb1(%next, %sum : index, index)
^bb3(%r: index):
  return %r : index
}

// -----

func.func @pick(%flag: i32, %a: memref<?xf32>, %b: memref<?xf32>, %i: index) -> f32 {
  cf.switch %flag : i32, [
    default: ^bb1(%a : memref<?xf32>),
    1: ^bb1(%b : memref<?xf32>),
    -7: ^bb2
  ]
^bb1(%m: memref<?xf32>):
  %v = memref.load %m[%i] : memref<?xf32>
  return %v : f32
^bb2:
  %z = arith.constant 0.0 : f32
  return %z : f32
}

// -----

func.func @checked(%x: i32, %y: i32) -> i32 {
  %ok = arith.cmpi sle, %x, %y : i32
  cf.assert %ok, "x must not exceed y"
  %d = arith.subi %y, %x : i32
  %nonzero = arith.cmpi ne, %d, %x : i32
  cf.assert %nonzero, "unexpected"
  return %d : i32
}
