// Small kernels mixing func, arith, math and memref: what the whole pipeline sees.

func.func @axpy(%a: f32, %x: memref<4xf32>, %y: memref<4xf32>) attributes {llvm.emit_c_interface} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %x0 = memref.load %x[%c0] : memref<4xf32>
  %y0 = memref.load %y[%c0] : memref<4xf32>
  %p0 = arith.mulf %a, %x0 : f32
  %s0 = arith.addf %p0, %y0 : f32
  memref.store %s0, %y[%c0] : memref<4xf32>
  %x1 = memref.load %x[%c1] : memref<4xf32>
  %y1 = memref.load %y[%c1] : memref<4xf32>
  %s1 = math.fma %a, %x1, %y1 : f32
  memref.store %s1, %y[%c1] : memref<4xf32>
  return
}

// -----

func.func @softmax_pair(%in: memref<?xf32>, %i: index) -> memref<2xf32> {
  %c1 = arith.constant 1 : index
  %j = arith.addi %i, %c1 : index
  %a = memref.load %in[%i] : memref<?xf32>
  %b = memref.load %in[%j] : memref<?xf32>
  %m = arith.maximumf %a, %b : f32
  %da = arith.subf %a, %m : f32
  %db = arith.subf %b, %m : f32
  %ea = math.exp %da : f32
  %eb = math.exp %db : f32
  %sum = arith.addf %ea, %eb : f32
  %ra = arith.divf %ea, %sum : f32
  %rb = arith.divf %eb, %sum : f32
  %out = memref.alloc() {alignment = 64 : i64} : memref<2xf32>
  %c0 = arith.constant 0 : index
  memref.store %ra, %out[%c0] : memref<2xf32>
  memref.store %rb, %out[%c1] : memref<2xf32>
  return %out : memref<2xf32>
}

// -----

memref.global "private" constant @weights : memref<2x2xf32> = dense<[[0.5, -1.0], [2.0, 0.25]]>

func.func @matvec(%v: memref<2xf32>, %out: memref<2xf32>) {
  %w = memref.get_global @weights : memref<2x2xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v0 = memref.load %v[%c0] : memref<2xf32>
  %v1 = memref.load %v[%c1] : memref<2xf32>
  %w00 = memref.load %w[%c0, %c0] : memref<2x2xf32>
  %w01 = memref.load %w[%c0, %c1] : memref<2x2xf32>
  %w10 = memref.load %w[%c1, %c0] : memref<2x2xf32>
  %w11 = memref.load %w[%c1, %c1] : memref<2x2xf32>
  %a = arith.mulf %w00, %v0 : f32
  %b = arith.mulf %w01, %v1 : f32
  %r0 = arith.addf %a, %b : f32
  %c = arith.mulf %w10, %v0 : f32
  %d = arith.mulf %w11, %v1 : f32
  %r1 = arith.addf %c, %d : f32
  memref.store %r0, %out[%c0] : memref<2xf32>
  memref.store %r1, %out[%c1] : memref<2xf32>
  return
}

// -----

func.func @scratch(%n: index, %x: f64) -> f64 {
  %buf = memref.alloca(%n) : memref<?xf64>
  %c0 = arith.constant 0 : index
  memref.store %x, %buf[%c0] : memref<?xf64>
  %v = memref.load %buf[%c0] : memref<?xf64>
  %s = math.sqrt %v : f64
  %r = math.rsqrt %s : f64
  %dim = memref.dim %buf, %c0 : memref<?xf64>
  %i = arith.index_cast %dim : index to i64
  %f = arith.sitofp %i : i64 to f64
  %y = arith.mulf %r, %f : f64
  return %y : f64
}

// -----

func.func @reshape(%buf: memref<64xi8>, %k: index) -> f32 {
  %view = memref.view %buf[%k][] : memref<64xi8> to memref<4x4xf32>
  %flat = memref.reinterpret_cast %view to offset: [0], sizes: [16], strides: [1] : memref<4x4xf32> to memref<16xf32>
  %c5 = arith.constant 5 : index
  %v = memref.load %flat[%c5] : memref<16xf32>
  %u = memref.cast %view : memref<4x4xf32> to memref<*xf32>
  %r = memref.rank %u : memref<*xf32>
  %copy = memref.alloc() : memref<4x4xf32>
  memref.copy %view, %copy : memref<4x4xf32> to memref<4x4xf32>
  memref.dealloc %copy : memref<4x4xf32>
  return %v : f32
}

// -----

func.func private @sink(memref<*xf32>, i64)

func.func @unranked_calls(%m: memref<3xf32>) {
  %u = memref.cast %m : memref<3xf32> to memref<*xf32>
  %r = memref.rank %u : memref<*xf32>
  %ri = arith.index_cast %r : index to i64
  call @sink(%u, %ri) : (memref<*xf32>, i64) -> ()
  return
}

// -----

func.func @vectors(%p: memref<8xf32>, %v: vector<2x4xf32>, %w: vector<4xi32>) -> (vector<2x4xf32>, vector<4xf32>) {
  %e = math.exp %v : vector<2x4xf32>
  %s = arith.addf %e, %v fastmath<fast> : vector<2x4xf32>
  %f = arith.sitofp %w : vector<4xi32> to vector<4xf32>
  %c = arith.constant dense<2.0> : vector<4xf32>
  %g = arith.mulf %f, %c : vector<4xf32>
  return %s, %g : vector<2x4xf32>, vector<4xf32>
}
