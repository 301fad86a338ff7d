// builtin.module's body takes no block arguments.
"builtin.module"() ({
^bb0(%a: i32):
}) : () -> ()
