// RUN: mlc-opt %s --allow-unregistered-dialect --symbol-dce --verify-diagnostics

module {
  func.func private @dead()
  // expected-error@+1 {{operation contains potentially unknown symbol table, meaning that we can't reliable compute symbol uses}}
  "foo.op"() ({
    "foo.inner"() : () -> ()
  }) : () -> ()
}
