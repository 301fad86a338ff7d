// ALLOW-UNREGISTERED
// The file ends inside a generic op's function type.
"foo.op"() ({
  "foo.inner"() : () ->
