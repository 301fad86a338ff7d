// ALLOW-UNREGISTERED
// Unregistered ops: nested regions, multi-block CFG regions with block arguments and
// successors, multi-result ops, named results, forward block references, unreachable blocks.
%a, %b:2 = "foo.source"() : () -> (i32, f32, index)
"foo.loop"(%a) ({
^entry(%x: i32, %y: f32):
  %z = "foo.use"(%x, %b#0) : (i32, f32) -> i64
  "foo.cond_br"(%z)[^then, ^else] : (i64) -> ()
^then:
  "foo.br"(%z)[^join] : (i64) -> ()
^else:
  %w = "foo.other"() : () -> i64
  "foo.br"(%w)[^join] : (i64) -> ()
^join(%j: i64):
  "foo.inner"(%j, %a) ({
    %q = "foo.use"(%j, %b#1) : (i64, index) -> i1
    "foo.yield"(%q) : (i1) -> ()
  }, {
  ^bb0(%k: none):
  }, {
  }) : (i64, i32) -> ()
  "foo.return"(%j) : (i64) -> ()
^dead:
  "foo.br"()[^dead] : () -> ()
}) {attr = "x"} : (i32) -> ()
"foo.empty_block"() ({
^bb0:
}) : () -> ()
%many:3 = "foo.results"() : () -> (i1, i2, i3)
"foo.sink"(%many#2, %many#0, %many#1) : (i3, i1, i2) -> ()
%x.y$z-w = "foo.odd_names"() : () -> i32
"foo.sink"(%x.y$z-w) : (i32) -> ()
