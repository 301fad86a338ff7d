// RUN: mlc-opt %s --split-input-file --verify-diagnostics

func.func @float_op_on_integer(%i: i32) {
  // expected-error@+1 {{'math.absf' op operand #0 must be floating-point-like, but got 'i32'}}
  %0 = "math.absf"(%i) <{fastmath = #arith.fastmath<none>}> : (i32) -> i32
  return
}

// -----

func.func @integer_op_on_float(%f: f32) {
  // expected-error@+1 {{'math.ctlz' op operand #0 must be signless-integer-like, but got 'f32'}}
  %0 = "math.ctlz"(%f) : (f32) -> f32
  return
}

// -----

func.func @mixed_types(%f: f32, %g: f64) {
  // expected-error@+1 {{'math.powf' op requires the same type for all operands and results}}
  %0 = "math.powf"(%f, %g) <{fastmath = #arith.fastmath<none>}> : (f32, f64) -> f32
  return
}

// -----

func.func @fpowi_result(%f: f32, %i: i32) {
  // expected-error@+1 {{'math.fpowi' op failed to verify that all of {lhs, result} have same type}}
  %0 = "math.fpowi"(%f, %i) <{fastmath = #arith.fastmath<none>}> : (f32, i32) -> f64
  return
}

// -----

func.func @fpowi_shapes(%f: vector<4xf32>, %i: vector<2xi32>) {
  // expected-error@+1 {{'math.fpowi' op requires the same shape for all operands and results}}
  %0 = math.fpowi %f, %i : vector<4xf32>, vector<2xi32>
  return
}

// -----

func.func @fpowi_scalar_exponent(%f: vector<4xf32>, %i: i32) {
  // expected-error@+1 {{'math.fpowi' op requires the same shape for all operands and results}}
  %0 = math.fpowi %f, %i : vector<4xf32>, i32
  return
}
