// ALLOW-UNREGISTERED
// Every builtin type kind as a value type of unregistered ops.
%0:8 = "foo.ints"() : () -> (i1, i8, si16, ui32, i64, i128, i7, index)
%1:4 = "foo.floats"() : () -> (f16, bf16, f32, f64)
%2:3 = "foo.misc"() : () -> (none, complex<f32>, complex<i16>)
%3:3 = "foo.tuples"() : () -> (tuple<>, tuple<i32>, tuple<i32, tuple<f32, index>>)
%4:3 = "foo.functions"() : () -> (() -> (), (i32) -> f32, (i32, f32) -> (i64, (i1) -> i1))
%5:5 = "foo.tensors"() : () -> (tensor<f32>, tensor<4xf32>, tensor<?x4x?xi8>, tensor<*xcomplex<f64>>, tensor<0x3xindex>)
%6:2 = "foo.encoded"() : () -> (tensor<4xf32, "csr">, tensor<?xi32, #foo.enc<1, 2>>)
%7:5 = "foo.vectors"() : () -> (vector<4xf32>, vector<2x3xi8>, vector<[4]xf32>, vector<2x[8]xi1>, vector<f32>)
%8:8 = "foo.memrefs"() : () -> (memref<4xf32>, memref<?x?xf64>, memref<*xi8>, memref<4x?xf32, strided<[?, 1], offset: ?>>, memref<8xf32, strided<[2], offset: 4>>, memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>, memref<4xf32, 1>, memref<2x2xi32, strided<[2, 1]>, "gpu">)
%9:3 = "foo.more_memrefs"() : () -> (memref<f32>, memref<*xf32, 3>, memref<2xvector<4xf32>>)
%10:4 = "foo.opaque"() : () -> (!foo.type, !foo.param<42>, !bar.nested<"s", [1, 2], <3>>, !qux<"legacy body">)
"foo.consume"(%0#0, %1#2, %3#2, %4#2, %5#2, %7#2, %8#3, %10#2) : (i1, f32, tuple<i32, tuple<f32, index>>, (i32, f32) -> (i64, (i1) -> i1), tensor<?x4x?xi8>, vector<[4]xf32>, memref<4x?xf32, strided<[?, 1], offset: ?>>, !bar.nested<"s", [1, 2], <3>>) -> ()
