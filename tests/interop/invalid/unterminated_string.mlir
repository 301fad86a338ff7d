// ALLOW-UNREGISTERED
// A string literal runs to the end of the line.
"foo.op"() {a = "never closed} : () -> ()
"foo.op"() : () -> ()
