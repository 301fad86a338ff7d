// RUN: mlc-opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

func.func @undefined_value() {
  // expected-error@+1 {{use of undeclared SSA value name}}
  "t.use"(%nothere) : (i32) -> ()
  return
}

// -----

func.func @redefinition() {
  // expected-note@+1 {{previously defined here}}
  %0 = "t.def"() : () -> i32
  // expected-error@+1 {{redefinition of SSA value '%0'}}
  %0 = "t.def"() : () -> i32
  return
}

// -----

func.func @dominance() {
  // expected-error@+1 {{operand #0 does not dominate this use}}
  %0 = arith.addi %1, %1 : i32
  // expected-note@+1 {{operand defined here (op in the same block)}}
  %1 = arith.constant 1 : i32
  return
}

// -----

func.func @undefined_block() {
  // expected-error@+1 {{reference to an undefined block}}
  "t.br"()[^missing] : () -> ()
}

// -----

func.func @result_count() {
  // expected-error@+1 {{operation defines 1 results but was provided 2 to bind}}
  %0:2 = "t.def"() : () -> i32
  return
}

// -----

func.func @bad_type() {
  // expected-error@+1 {{expected non-function type}}
  %0 = "t.def"() : () -> i33x
  return
}

// -----

func.func @operand_types(%a: i32) {
  // expected-error@+1 {{expected 2 operand types but had 1}}
  "t.use"(%a, %a) : (i32) -> ()
  return
}

// -----

// expected-error@+1 {{expected operation name in quotes}}
%0 = 42

// -----

func.func @unknown_custom_op() {
  // expected-error@+1 {{custom op 'frobnicate' is unknown}}
  frobnicate
}

// -----

// expected-error@+1 {{undefined symbol alias id 'nope'}}
"t.op"() {a = #nope} : () -> ()

// -----

// Only an op's own trailing `loc(#alias)` may name an alias defined further down.
// expected-error@+1 {{undefined symbol alias id 'later'}}
"t.op"() {a = loc(#later)} : () -> ()
#later = loc("x.mlir":1:2)

// -----

// expected-error@+1 {{undefined symbol alias id 'inner'}}
#outer = loc("name"(#inner))
"t.op"() : () -> () loc(#outer)
