// ALLOW-UNREGISTERED
// A branch may not target the entry block of its region.
"foo.op"() ({
^entry:
  "foo.br"()[^entry] : () -> ()
}) : () -> ()
