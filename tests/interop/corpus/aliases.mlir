// User-defined attribute and type aliases; mlir-opt expands type aliases and makes its own
// #map aliases.
#layout = affine_map<(d0, d1) -> (d1, d0)>
#id = affine_map<(d0) -> (d0)>
#strided = strided<[4, 1], offset: 8>
#dict = {foo.key = 42 : i64}
!vec = vector<4xf32>
!mat = memref<4x4xf32, #layout>
!smat = memref<4x4xf32, #strided>
!t = tensor<?x?xi32>
func.func @uses(%v: !vec, %m: !mat, %s: !smat, %t: !t) -> !vec attributes {foo.d = #dict, foo.s = #strided} {
  %0 = arith.addf %v, %v : !vec
  return %0 : !vec
}
func.func private @maps(memref<8xf32, #id>, memref<2x2xf32, #layout>) attributes {foo.maps = [#id, #layout, affine_map<(d0)[s0] -> (d0 + s0)>]}
