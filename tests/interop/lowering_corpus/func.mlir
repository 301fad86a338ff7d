// Functions, calls and returns: memref descriptors as arguments, result packing, C wrappers,
// unranked descriptors copied across calls.

func.func private @ext(f32, f32) -> (i32, f32)
func.func @g(%m: memref<4x?xf32>, %i: index, %u: memref<*xf32>) -> (memref<4x?xf32>, index) attributes {llvm.emit_c_interface} {
  %c = func.constant @g : (memref<4x?xf32>, index, memref<*xf32>) -> (memref<4x?xf32>, index)
  return %m, %i : memref<4x?xf32>, index
}
func.func @h(%x: f32) -> f32 {
  %r:2 = call @ext(%x, %x) : (f32, f32) -> (i32, f32)
  return %r#1 : f32
}
func.func @nothing() {
  return
}

// -----

func.func private @decl(memref<4xf32>, i32 {llvm.noundef}) -> (i32 {llvm.zeroext}) attributes {llvm.emit_c_interface}
func.func private @priv(%x: index) -> index attributes {llvm.linkage = #llvm.linkage<internal>, foo = 1 : i32} {
  return %x : index
}
func.func @callers(%m: memref<4xf32>, %f: (index) -> index, %i: index) -> (memref<4xf32>, i32) {
  %c = arith.constant 3 : i32
  %r = call @decl(%m, %c) : (memref<4xf32>, i32) -> i32
  %a = call_indirect %f(%i) : (index) -> index
  %fn = constant @priv : (index) -> index
  %b = call_indirect %fn(%a) : (index) -> index
  %mm = call @mk() : () -> memref<4xf32>
  return %mm, %r : memref<4xf32>, i32
}
func.func private @mk() -> memref<4xf32>
func.func @unr(%u: memref<*xf32>) -> memref<*xf32> attributes {llvm.emit_c_interface} {
  return %u : memref<*xf32>
}

// -----

func.func @multi(%a: i32, %m: memref<?xf32>) -> (i32, memref<?xf32>, f32) attributes {llvm.emit_c_interface} {
  %c = arith.constant 1.0 : f32
  return %a, %m, %c : i32, memref<?xf32>, f32
}
func.func @none() attributes {llvm.emit_c_interface} {
  return
}
func.func @one(%x: f32 {llvm.inreg}, %m: memref<2x2xf32> {llvm.align = 16 : i64}) -> (f32 {llvm.noundef}) attributes {llvm.emit_c_interface} {
  return %x : f32
}
func.func private @ext_multi(memref<?xf32>, i32) -> (memref<?xf32>, i32) attributes {llvm.emit_c_interface}
func.func private @ext_void(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func @vararg(%a: i32) attributes {func.varargs = true} {
  return
}
func.func @calls(%u: memref<*xf32>) -> memref<*xf32> {
  %r = call @calls(%u) : (memref<*xf32>) -> memref<*xf32>
  %r2:2 = call @two(%u) : (memref<*xf32>) -> (memref<*xf32>, memref<*xf32>)
  return %r2#1 : memref<*xf32>
}
func.func private @two(memref<*xf32>) -> (memref<*xf32>, memref<*xf32>)
func.func @ret2(%u: memref<*xf32>, %v: memref<*xf32>) -> (memref<*xf32>, memref<*xf32>) {
  return %u, %v : memref<*xf32>, memref<*xf32>
}

// -----

func.func @bp(%m: memref<4x8xf32>, %i: index) -> memref<4x8xf32> {
  %r = call @bp(%m, %i) : (memref<4x8xf32>, index) -> memref<4x8xf32>
  return %r : memref<4x8xf32>
}
func.func @use(%m: memref<4x8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0, %c0] : memref<4x8xf32>
  return %v : f32
}

// -----

func.func @scalars(%a: i32, %i: index, %x: f32) -> (index, f32) {
  %0 = arith.index_cast %a : i32 to index
  %1 = arith.addi %0, %i : index
  return %1, %x : index, f32
}
func.func private @declaration(f32, memref<?xf32>) -> i64
func.func private @internal(%x: i64) -> i64 attributes {llvm.linkage = #llvm.linkage<internal>, tag = 1 : i32} {
  return %x : i64
}
func.func @attributes(%x: f32 {llvm.inreg}, %m: memref<4xf32> {llvm.align = 16 : i64}) -> (f32 {llvm.noundef}) {
  return %x : f32
}
func.func @variadic(%a: i32) attributes {func.varargs = true} {
  return
}
func.func @memrefs(%m: memref<4x?xf32, strided<[?, 1], offset: ?>>, %u: memref<*xf32>) -> memref<4x?xf32, strided<[?, 1], offset: ?>> {
  return %m : memref<4x?xf32, strided<[?, 1], offset: ?>>
}
func.func @calls(%m: memref<?xf32>, %f: (i64) -> i64, %x: f32) -> i64 {
  %r = call @declaration(%x, %m) : (f32, memref<?xf32>) -> i64
  %a = call_indirect %f(%r) : (i64) -> i64
  %g = constant @internal : (i64) -> i64
  %b = call_indirect %g(%a) : (i64) -> i64
  %p:2 = call @pair() : () -> (i64, f32)
  return %p#0 : i64
}
func.func private @pair() -> (i64, f32)
func.func @c_interface(%m: memref<2x?xf32>, %i: index) -> (memref<2x?xf32>, index) attributes {llvm.emit_c_interface} {
  return %m, %i : memref<2x?xf32>, index
}
func.func private @c_declaration(memref<*xf32>) -> f32 attributes {llvm.emit_c_interface}
func.func @unranked(%u: memref<*xf32>) -> memref<*xf32> {
  %r = call @unranked(%u) : (memref<*xf32>) -> memref<*xf32>
  return %r : memref<*xf32>
}
func.func @unconverted_user(%m: memref<4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %v = memref.load %m[%c0] : memref<4xf32>
  return %v : f32
}
