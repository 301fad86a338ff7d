// ALLOW-UNREGISTERED
// The product of two dimensions is not affine.
"foo.op"() {map = affine_map<(d0, d1) -> (d0 * d1)>} : () -> ()
