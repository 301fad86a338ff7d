// ALLOW-UNREGISTERED
// d1 is not a dimension of this map.
"foo.op"() {map = affine_map<(d0) -> (d0 + d1)>} : () -> ()
