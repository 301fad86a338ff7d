// ALLOW-UNREGISTERED
// Rarely used corners of the builtin syntax, kept apart so that one missing feature does not
// hide the rest of the corpus.
"foo.widths"() {a = 0 : i0, b = 0 : ui0, c = 1 : i1000, d = -1 : si1, e = i0} : () -> ()
"foo.shapes"() {a = tensor<0x?x0xf32>, b = vector<f32>, c = memref<f32, strided<[], offset: ?>>, d = vector<1x[1]xindex>, e = memref<0xi8>} : () -> ()
"foo.dense"() {a = dense<> : tensor<2x0xi32>, b = dense<[]> : tensor<0xi8>, c = dense<-0.0> : tensor<f16>, d = dense<[[[1]]]> : tensor<1x1x1xui8>, e = dense<(0x7FC00000, 1.0)> : tensor<complex<f32>>} : () -> ()
"foo.affine"() {a = affine_map<(d0) -> (d0 - d0)>, b = affine_map<(d0, d1) -> (d1 floordiv 1, -d0, d0 * -1, 0)>, c = affine_map<()[s0, s1] -> (s1 * s0, s0 mod s1)>, d = affine_set<() : (0 == 0)>} : () -> ()
"foo.strings"() {a = "\"", b = "\\\\", c = "#loc", d = "{-#", e = "//"} : () -> ()
"foo.names"() {"0" = 0, "with space" = 1, "a.b" = 2, a.b.c = 3, _ = 4, "$" = 5} : () -> ()
"foo.locs"() : () -> () loc(fused[])
"foo.locs"() : () -> () loc(callsite(unknown at unknown))
"foo.locs"() : () -> () loc(""(""))
