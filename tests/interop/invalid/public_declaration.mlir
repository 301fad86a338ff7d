// A function declaration (no body) must not be public.
func.func @decl(i32) -> i32
