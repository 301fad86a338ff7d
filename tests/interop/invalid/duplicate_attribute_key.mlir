// ALLOW-UNREGISTERED
// The key a appears twice in one dictionary.
"foo.op"() {a = 1 : i32, b = 2 : i32, a = 3 : i32} : () -> ()
