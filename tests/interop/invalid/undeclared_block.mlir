// ALLOW-UNREGISTERED
// ^missing names no block of the region.
"foo.op"() ({
  "foo.br"()[^missing] : () -> ()
^bb1:
  "foo.return"() : () -> ()
}) : () -> ()
