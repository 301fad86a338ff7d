// RUN: mlc-opt %s --allow-unregistered-dialect | filecheck %s
// RUN: mlc-opt %s --allow-unregistered-dialect --mlir-print-local-scope | filecheck %s --check-prefix=LOCAL

// Aliases defined by the user are resolved; the printer makes its own, numbered by use.
#user_map = affine_map<(i, j)[s] -> (j, i + s)>
!user_type = tensor<?x4xf32>

// CHECK: #map = affine_map<(d0, d1)[s0] -> (d1, d0 + s0)>
// CHECK: #set = affine_set<(d0) : (d0 - 1 >= 0)>
// CHECK-LABEL: "t.attrs"() {
// CHECK-SAME: a = #map
// CHECK-SAME: b = tensor<?x4xf32>
// CHECK-SAME: c = #set
// CHECK-SAME: d = dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
// CHECK-SAME: e = dense<0.000000e+00> : tensor<4xf32>
// CHECK-SAME: f = "quote\22 and \\ and \0A"
// CHECK-SAME: g = @outer::@inner
// CHECK-SAME: h = array<i32: 1, 2, 3>
// CHECK-SAME: i = -3 : si8
// CHECK-SAME: j = 255 : ui8
// CHECK-SAME: k = 0x7FF0000000000000 : f64
// CHECK-SAME: l = #foo.bar<"opaque" [1]>
// CHECK-SAME: m = !foo.baz<1>
// CHECK-SAME: n = memref<4x?xf32, strided<[?, 1], offset: ?>, 1>
// CHECK-SAME: o = vector<[4]x2xbf16>
// CHECK-SAME: p = (i32, f16) -> tuple<i1, complex<f64>>
// CHECK-SAME: q = tensor<*xi64>
// CHECK-SAME: r = -1 : i32
// LOCAL: a = affine_map<(d0, d1)[s0] -> (d1, d0 + s0)>
"t.attrs"() {
  a = #user_map, b = !user_type, c = affine_set<(d0) : (d0 - 1 >= 0)>,
  d = dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>, e = dense<0.0> : tensor<4xf32>,
  f = "quote\" and \\ and \n", g = @outer::@inner, h = array<i32: 1, 2, 3>,
  i = -3 : si8, j = 255 : ui8, k = 0x7FF0000000000000 : f64,
  l = #foo.bar<"opaque" [1]>, m = !foo.baz<1>,
  n = memref<4x?xf32, strided<[?, 1], offset: ?>, 1>, o = vector<[4]x2xbf16>,
  p = (i32, f16) -> tuple<i1, complex<f64>>, q = tensor<*xi64>, r = 4294967295 : i32
} : () -> ()
