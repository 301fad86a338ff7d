// RUN: mlc-opt %s --split-input-file --verify-diagnostics

func.func @cond_br_on_integer(%i: i32) {
  // expected-error@+1 {{'cf.cond_br' op operand #0 must be 1-bit signless integer, but got 'i32'}}
  "cf.cond_br"(%i)[^bb1, ^bb1] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
^bb1:
  return
}

// -----

func.func @too_few_successor_operands(%a: i32) {
  // expected-error@+1 {{branch has 0 operands for successor #0, but target block has 1}}
  cf.br ^bb1
^bb1(%x: i32):
  return
}

// -----

func.func @successor_operand_type(%c: i1, %a: i32) {
  // expected-error@+1 {{type mismatch for bb argument #0 of successor #1}}
  "cf.cond_br"(%c, %a)[^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (i1, i32) -> ()
^bb1:
  return
^bb2(%x: f32):
  return
}

// -----

func.func @switch_on_float(%f: f32) {
  // expected-error@+1 {{invalid kind of type specified}}
  cf.switch %f : f32, [
    default: ^bb1
  ]
^bb1:
  return
}

// -----

func.func @switch_missing_default(%f: i32) {
  cf.switch %f : i32, [
    // expected-error@+1 {{expected 'default'}}
    42: ^bb1
  ]
^bb1:
  return
}

// -----

func.func @switch_missing_case_value(%f: i32) {
  cf.switch %f : i32, [
    default: ^bb1,
    // expected-error@+1 {{expected integer value}}
    : ^bb1
  ]
^bb1:
  return
}

// -----

func.func @switch_missing_comma(%f: i32) {
  cf.switch %f : i32, [
    default: ^bb1,
    // expected-error@+1 {{expected ']'}}
    42: ^bb1
    43: ^bb1
  ]
^bb1:
  return
}

// -----

func.func @switch_case_type(%f: i32) {
  // expected-error@+1 {{'cf.switch' op 'flag' type ('i32') should match case value type ('i8')}}
  "cf.switch"(%f)[^bb1, ^bb1] <{case_operand_segments = array<i32: 0>, case_values = dense<1> : vector<1xi8>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
^bb1:
  return
}

// -----

func.func @switch_case_count(%f: i32) {
  // expected-error@+1 {{'cf.switch' op number of case values (2) should match number of case destinations (1)}}
  "cf.switch"(%f)[^bb1, ^bb1] <{case_operand_segments = array<i32: 0>, case_values = dense<[1, 2]> : vector<2xi32>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
^bb1:
  return
}

// -----

func.func @switch_case_operand_segments(%f: i32, %a: i32) {
  // expected-error@+1 {{'cf.switch' op caseOperands count (1) does not match with the total size (0) specified in attribute 'case_operand_segments'}}
  "cf.switch"(%f, %a)[^bb1, ^bb1] <{case_operand_segments = array<i32: 0>, case_values = dense<1> : vector<1xi32>, operandSegmentSizes = array<i32: 1, 0, 1>}> : (i32, i32) -> ()
^bb1:
  return
}

// -----

func.func @assert_on_integer(%i: i32) {
  // expected-error@+1 {{'cf.assert' op operand #0 must be 1-bit signless integer, but got 'i32'}}
  "cf.assert"(%i) <{msg = "no"}> : (i32) -> ()
  return
}

// -----

func.func @assert_without_message(%c: i1) {
  // expected-error@+1 {{'cf.assert' op requires attribute 'msg'}}
  "cf.assert"(%c) : (i1) -> ()
  return
}
