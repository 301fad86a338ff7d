// RUN: mlc-opt %s --split-input-file --verify-diagnostics

// Types.

// expected-error@+1 {{invalid array element type: '!llvm.void'}}
func.func private @array_of_void(!llvm.array<4 x void>)

// -----

// expected-error@+1 {{expected 'x'}}
func.func private @array_syntax(!llvm.array<4xi32>)

// -----

// expected-error@+1 {{expected '>'}}
func.func private @address_space(!llvm.ptr<1, 2>)

// -----

// expected-error@+1 {{invalid LLVM structure element type: '!llvm.void'}}
func.func private @struct_of_void(!llvm.struct<(void)>)

// -----

// expected-error@+1 {{invalid function argument type: '!llvm.void'}}
func.func private @void_argument(!llvm.func<void (void)>)

// -----

// expected-error@+1 {{struct without a body only allowed in a recursive struct}}
func.func private @bodiless(!llvm.struct<"foo">)

// -----

// expected-error@+1 {{identifier already used for an enclosing struct}}
func.func private @shadowing(!llvm.struct<"r", (struct<"r", (i32)>)>)

// -----

// expected-error@+1 {{identified type already used with a different body}}
func.func private @two_bodies(!llvm.struct<"a", (i32)>, !llvm.struct<"a", (i64)>)

// -----

// expected-error@+1 {{redeclaring defined struct as opaque}}
func.func private @opaque_again(!llvm.struct<"a", (i32)>, !llvm.struct<"a", opaque>)

// -----

// Arithmetic, comparisons and casts.

llvm.func @float_operands(%a: i32) {
  // expected-error@+1 {{'llvm.fadd' op operand #0 must be floating point LLVM type or LLVM dialect-compatible vector of floating point LLVM type, but got 'i32'}}
  %0 = "llvm.fadd"(%a, %a) <{fastmathFlags = #llvm.fastmath<none>}> : (i32, i32) -> i32
  llvm.return
}

// -----

llvm.func @predicate(%a: i32) {
  // expected-error@+1 {{'foo' is an incorrect value of the 'predicate' attribute}}
  %0 = llvm.icmp "foo" %a, %a : i32
  llvm.return
}

// -----

llvm.func @icmp_on_floats(%a: f32) {
  // expected-error@+1 {{'llvm.icmp' op operand #0 must be signless integer or LLVM dialect-compatible vector of signless integer or LLVM pointer type or LLVM dialect-compatible vector of LLVM pointer type, but got 'f32'}}
  %0 = "llvm.icmp"(%a, %a) <{predicate = 0 : i64}> : (f32, f32) -> i1
  llvm.return
}

// -----

llvm.func @cmp_result_shape(%a: i32) {
  // expected-error@+1 {{'llvm.icmp' op failed to verify that result type has i1 element type and same shape as operands}}
  %0 = "llvm.icmp"(%a, %a) <{predicate = 0 : i64}> : (i32, i32) -> vector<2xi1>
  llvm.return
}

// -----

llvm.func @select_types(%c: i1, %a: i32, %b: f32) {
  // expected-error@+1 {{'llvm.select' op failed to verify that all of {trueValue, falseValue, res} have same type}}
  %0 = "llvm.select"(%c, %a, %b) <{fastmathFlags = #llvm.fastmath<none>}> : (i1, i32, f32) -> i32
  llvm.return
}

// -----

llvm.func @sext_narrower(%a: i32) {
  // expected-error@+1 {{integer width of the output type is smaller or equal to the integer width of the input type}}
  %0 = llvm.sext %a : i32 to i32
  llvm.return
}

// -----

llvm.func @zext_shape(%a: vector<4xi32>) {
  // expected-error@+1 {{input type is a vector but output type is an integer}}
  %0 = llvm.zext %a : vector<4xi32> to i64
  llvm.return
}

// -----

llvm.func @bitcast_to_pointer(%a: i64) {
  // expected-error@+1 {{'llvm.bitcast' op can only cast pointers from and to pointers}}
  %0 = llvm.bitcast %a : i64 to !llvm.ptr
  llvm.return
}

// -----

llvm.func @bitcast_address_space(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.bitcast' op cannot cast pointers of different address spaces, use 'llvm.addrspacecast' instead}}
  %0 = llvm.bitcast %p : !llvm.ptr to !llvm.ptr<1>
  llvm.return
}

// -----

// Memory.

llvm.func @load_from_float(%a: f32) {
  // expected-error@+1 {{'llvm.load' op operand #0 must be LLVM pointer type, but got 'f32'}}
  %0 = "llvm.load"(%a) <{ordering = 0 : i64}> : (f32) -> i32
  llvm.return
}

// -----

llvm.func @atomic_without_alignment(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.load' op expected alignment for atomic access}}
  %0 = llvm.load %p atomic monotonic : !llvm.ptr -> i32
  llvm.return
}

// -----

llvm.func @atomic_type(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.load' op unsupported type 'i1' for atomic access}}
  %0 = llvm.load %p atomic monotonic {alignment = 1 : i64} : !llvm.ptr -> i1
  llvm.return
}

// -----

llvm.func @acquire_store(%p: !llvm.ptr, %a: i32) {
  // expected-error@+1 {{'llvm.store' op unsupported ordering 'acquire'}}
  llvm.store %a, %p atomic acquire {alignment = 4 : i64} : i32, !llvm.ptr
  llvm.return
}

// -----

llvm.func @syncscope_not_atomic(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.load' op expected syncscope to be null for non-atomic access}}
  %0 = "llvm.load"(%p) <{ordering = 0 : i64, syncscope = "singlethread"}> : (!llvm.ptr) -> i32
  llvm.return
}

// -----

llvm.func @gep_dynamic_count(%p: !llvm.ptr, %i: i32) {
  // expected-error@+1 {{'llvm.getelementptr' op expected as many dynamic indices as specified in 'rawConstantIndices'}}
  %0 = "llvm.getelementptr"(%p, %i) <{elem_type = i32, rawConstantIndices = array<i32: 0>}> : (!llvm.ptr, i32) -> !llvm.ptr
  llvm.return
}

// -----

llvm.func @gep_struct_dynamic(%p: !llvm.ptr, %i: i32) {
  // expected-error@+1 {{'llvm.getelementptr' op expected index 1 indexing a struct to be constant}}
  %0 = llvm.getelementptr %p[0, %i] : (!llvm.ptr, i32) -> !llvm.ptr, !llvm.struct<(i32, f32)>
  llvm.return
}

// -----

llvm.func @gep_struct_bounds(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.getelementptr' op index 1 indexing a struct is out of bounds}}
  %0 = llvm.getelementptr %p[0, 2] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(i32, f32)>
  llvm.return
}

// -----

llvm.func @gep_scalar(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.getelementptr' op type 'i32' cannot be indexed (index #1)}}
  %0 = llvm.getelementptr %p[0, 1] : (!llvm.ptr) -> !llvm.ptr, i32
  llvm.return
}

// -----

// Aggregates, vectors and constants.

llvm.func @extract_bounds(%s: !llvm.struct<(i32)>) {
  // expected-error@+1 {{'llvm.extractvalue' op position out of bounds: 1}}
  %0 = "llvm.extractvalue"(%s) <{position = array<i64: 1>}> : (!llvm.struct<(i32)>) -> i32
  llvm.return
}

// -----

llvm.func @extract_type(%s: !llvm.struct<(i32)>) {
  // expected-error@+1 {{'llvm.extractvalue' op Type mismatch: extracting from '!llvm.struct<(i32)>' should produce 'i32' but this op returns 'f32'}}
  %0 = "llvm.extractvalue"(%s) <{position = array<i64: 0>}> : (!llvm.struct<(i32)>) -> f32
  llvm.return
}

// -----

llvm.func @insert_type(%s: !llvm.struct<(i32)>, %f: f32) {
  // expected-error@+1 {{'llvm.insertvalue' op Type mismatch: cannot insert 'f32' into '!llvm.struct<(i32)>'}}
  %0 = "llvm.insertvalue"(%s, %f) <{position = array<i64: 0>}> : (!llvm.struct<(i32)>, f32) -> !llvm.struct<(i32)>
  llvm.return
}

// -----

llvm.func @extractelement_type(%v: vector<4xf32>, %i: i32) {
  // expected-error@+1 {{'llvm.extractelement' op failed to verify that result type matches vector element type}}
  %0 = "llvm.extractelement"(%v, %i) : (vector<4xf32>, i32) -> i32
  llvm.return
}

// -----

llvm.func @shuffle_types(%v: vector<4xf32>, %w: vector<2xf32>) {
  // expected-error@+1 {{'llvm.shufflevector' op failed to verify that all of {v1, v2} have same type}}
  %0 = "llvm.shufflevector"(%v, %w) <{mask = array<i32: 0>}> : (vector<4xf32>, vector<2xf32>) -> vector<1xf32>
  llvm.return
}

// -----

llvm.func @string_constant() {
  // expected-error@+1 {{'llvm.mlir.constant' op expected array type of 3 i8 elements for the string constant}}
  %0 = llvm.mlir.constant("abc") : !llvm.array<4 x i8>
  llvm.return
}

// -----

llvm.func @integer_constant() {
  // expected-error@+1 {{'llvm.mlir.constant' op expected integer type}}
  %0 = llvm.mlir.constant(1 : i32) : f32
  llvm.return
}

// -----

llvm.func @float_constant() {
  // expected-error@+1 {{'llvm.mlir.constant' op expected float type of width 32}}
  %0 = llvm.mlir.constant(1.0 : f32) : f64
  llvm.return
}

// -----

// Functions and returns.

// expected-note@+1 {{when returning from function}}
llvm.func @return_type(%a: i64) -> i32 {
  // expected-error@+1 {{'llvm.return' op mismatching result types}}
  llvm.return %a : i64
}

// -----

// expected-note@+1 {{when returning from function}}
llvm.func @return_void(%a: i32) {
  // expected-error@+1 {{'llvm.return' op expected no operands}}
  llvm.return %a : i32
}

// -----

// expected-error@+1 {{'llvm.func' op functions cannot have 'common' linkage}}
llvm.func common @common() {
  llvm.return
}

// -----

// expected-error@+1 {{'llvm.func' op external functions must have 'external' or 'extern_weak' linkage}}
llvm.func internal @internal_declaration()

// -----

// expected-error@+1 {{failed to construct function type: expected LLVM type for function arguments}}
llvm.func @index_argument(index)

// -----

// expected-error@+1 {{failed to construct function type: expected zero or one function result}}
llvm.func @two_results() -> (i32, i32)

// -----

// expected-error@+1 {{variadic arguments must be in the end of the argument list}}
llvm.func @variadic_in_the_middle(i32, ..., i32)

// -----

// expected-error@+1 {{'llvm.func' op type of entry block argument #0('i64') must match the type of the corresponding argument in function signature('i32')}}
llvm.func @entry_block(i32) {
^bb0(%a: i64):
  llvm.return
}

// -----

// expected-error@+1 {{no_inline and always_inline attributes are incompatible}}
llvm.func @inlining() attributes {no_inline, always_inline} {
  llvm.return
}

// -----

// Calls.

llvm.func @callee(i32) -> i32

llvm.func @call_operand(%a: f32) {
  // expected-error@+1 {{'llvm.call' op operand type mismatch for operand 0: 'f32' != 'i32'}}
  %0 = llvm.call @callee(%a) : (f32) -> i32
  llvm.return
}

// -----

llvm.func @callee(i32) -> i32

llvm.func @call_result(%a: i32) {
  // expected-error@+1 {{'llvm.call' op result type mismatch: 'f32' != 'i32'}}
  %0 = llvm.call @callee(%a) : (i32) -> f32
  llvm.return
}

// -----

llvm.func @callee(i32) -> i32

llvm.func @call_count(%a: i32) {
  // expected-error@+1 {{'llvm.call' op incorrect number of operands (2) for callee (expecting: 1)}}
  %0 = llvm.call @callee(%a, %a) : (i32, i32) -> i32
  llvm.return
}

// -----

llvm.func @callee()

llvm.func @call_void(%a: i32) {
  // expected-error@+1 {{'llvm.call' op calling function with void result must not produce values}}
  %0 = llvm.call @callee() : () -> i32
  llvm.return
}

// -----

llvm.func @printf(!llvm.ptr, ...) -> i32

llvm.func @vararg_call(%p: !llvm.ptr) {
  // expected-error@+1 {{'llvm.call' op missing var_callee_type attribute for vararg call}}
  %0 = llvm.call @printf(%p) : (!llvm.ptr) -> i32
  llvm.return
}

// -----

llvm.func @undefined_callee() {
  // expected-error@+1 {{'llvm.call' op 'nowhere' does not reference a symbol in the current scope}}
  llvm.call @nowhere() : () -> ()
  llvm.return
}

// -----

llvm.mlir.global internal @g(0 : i32) : i32

llvm.func @global_callee() {
  // expected-error@+1 {{'llvm.call' op 'g' does not reference a valid LLVM function}}
  llvm.call @g() : () -> ()
  llvm.return
}

// -----

llvm.func @indirect_callee(%a: i32) {
  // expected-error@+1 {{'llvm.call' op indirect call expects a pointer as callee: 'i32'}}
  llvm.call %a() : i32, () -> ()
  llvm.return
}

// -----

llvm.func @indirect_types(%p: !llvm.ptr) {
  // expected-error@+1 {{expected indirect call to have 2 trailing types}}
  llvm.call %p() : !llvm.ptr () -> ()
  llvm.return
}

// -----

// Globals.

llvm.func @address_of_nothing() {
  // expected-error@+1 {{'llvm.mlir.addressof' op must reference a global defined by 'llvm.mlir.global' or 'llvm.func'}}
  %0 = llvm.mlir.addressof @nowhere : !llvm.ptr
  llvm.return
}

// -----

llvm.mlir.global internal @g(0 : i32) : i32

llvm.func @address_space() {
  // expected-error@+1 {{'llvm.mlir.addressof' op pointer address space must match address space of the referenced global}}
  %0 = llvm.mlir.addressof @g : !llvm.ptr<1>
  llvm.return
}

// -----

// expected-error@+1 {{'llvm.mlir.global' op requires an i8 array type of the length equal to that of the string attribute}}
llvm.mlir.global internal @string("abc") : !llvm.array<4 x i8>

// -----

// expected-error@+1 {{type can only be omitted for string globals}}
llvm.mlir.global internal @untyped(1 : i32)

// -----

// expected-error@+1 {{'llvm.mlir.global' op expected zero value for 'common' linkage}}
llvm.mlir.global common @common(1 : i32) : i32

// -----

// expected-error@+1 {{alignment attribute is not a power of 2}}
llvm.mlir.global internal @aligned(1 : i32) {alignment = 3 : i64} : i32

// -----

// expected-error@+1 {{'llvm.mlir.global' op initializer region type 'i64' does not match global type 'i32'}}
llvm.mlir.global internal @initializer() : i32 {
  %0 = llvm.mlir.constant(1 : i64) : i64
  llvm.return %0 : i64
}

// -----

// expected-error@+1 {{'llvm.mlir.global' op cannot have both initializer value and region}}
llvm.mlir.global internal @both(1 : i32) : i32 {
  %0 = llvm.mlir.constant(1 : i32) : i32
  llvm.return %0 : i32
}

// -----

llvm.mlir.global internal @side_effects() : !llvm.ptr {
  %0 = llvm.mlir.zero : !llvm.ptr
  // expected-error@+1 {{ops with side effects not allowed in global initializers}}
  %1 = llvm.load %0 : !llvm.ptr -> !llvm.ptr
  llvm.return %1 : !llvm.ptr
}

// -----

// Terminators.

llvm.func @cond_br_condition(%a: f32) {
  // expected-error@+1 {{'llvm.cond_br' op operand #0 must be 1-bit signless integer, but got 'f32'}}
  "llvm.cond_br"(%a)[^bb1, ^bb1] <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (f32) -> ()
^bb1:
  llvm.return
}

// -----

llvm.func @switch_case_type(%a: i32) {
  // expected-error@+1 {{expects case value type to match condition value type}}
  "llvm.switch"(%a)[^bb1, ^bb1] <{case_operand_segments = array<i32: 0>, case_values = dense<1> : vector<1xi64>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
^bb1:
  llvm.return
}

// -----

llvm.func @switch_case_count(%a: i32) {
  // expected-error@+1 {{'llvm.switch' op expects number of case values to match number of case destinations}}
  "llvm.switch"(%a)[^bb1, ^bb1, ^bb1] <{case_operand_segments = array<i32: 0, 0>, case_values = dense<1> : vector<1xi32>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> ()
^bb1:
  llvm.return
}

// -----

llvm.func @successor_operand_count(%c: i1) {
  // expected-error@+1 {{branch has 0 operands for successor #1, but target block has 1}}
  llvm.cond_br %c, ^bb1, ^bb2
^bb1:
  llvm.br ^bb2(%y : i32)
^bb2(%y: i32):
  llvm.return
}

// -----

llvm.func @successor_operand_type(%c: i1, %v: i64) {
  // expected-error@+1 {{type mismatch for bb argument #0 of successor #0}}
  llvm.br ^bb1(%v : i64)
^bb1(%y: i32):
  llvm.return
}
