// ALLOW-UNREGISTERED
// An op with successors must end its block.
"foo.op"() ({
  "foo.br"()[^bb1] : () -> ()
  "foo.other"() : () -> ()
^bb1:
  "foo.return"() : () -> ()
}) : () -> ()
