"""The llvm dialect's Python API: types as values, ops built with the derived builders,
folding and constant materialization, effects, and the call and branch interfaces. Syntax
and diagnostics are specified by tests/lit/llvm."""

from __future__ import annotations

import pytest

import mlc
from mlc.dialects import llvm
from mlc.dialects.llvm.attributes import POISON, UNDEF, ZERO, FastmathFlagsAttr
from mlc.ir.attributes import FloatAttr, IntegerAttr, StringAttr, SymbolRefAttr, TypeAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.effects import is_memory_effect_free, is_speculatable, is_trivially_dead
from mlc.ir.location import UNKNOWN_LOC
from mlc.ir.rewrite.folding import constant_value
from mlc.ir.traits import BranchOpInterface, CallableOpInterface, CallOpInterface, get_trait
from mlc.ir.types import VectorType, f32, i1, i8, i32, i64, index
from mlc.ir.verifier import verify


def parse(text: str):
    return mlc.parse(text, mlc.Context())


def only_func(module):
    return module.regions[0].blocks[0].first_op


# --- types -----------------------------------------------------------------------------------
def test_types_print_stripped_inside_llvm_types_and_are_values():
    body = (llvm.PTR, llvm.LLVMArrayType(i64, 2), VectorType((4,), f32))
    struct = llvm.LLVMStructType(body)
    assert str(struct) == "!llvm.struct<(ptr, array<2 x i64>, vector<4xf32>)>"
    assert struct == llvm.LLVMStructType(tuple(body)) and hash(struct) == hash(
        llvm.LLVMStructType(tuple(body))
    )
    assert str(llvm.LLVMPointerType(3)) == "!llvm.ptr<3>"
    function = llvm.LLVMFunctionType(llvm.VOID, (llvm.PTR,), vararg=True)
    assert str(function) == "!llvm.func<void (ptr, ...)>"
    assert function.results == () and llvm.LLVMFunctionType(i32, ()).results == (i32,)


def test_identified_structs_and_recursive_references():
    text = 'func.func private @f(!llvm.struct<"list", (ptr, struct<"list">)>)'
    (t,) = only_func(parse(text)).type.inputs
    assert t.name == "list" and t.body[1] == llvm.LLVMStructType(None, name="list")
    assert t.body[1].is_reference and str(t) == '!llvm.struct<"list", (ptr, struct<"list">)>'


def test_identified_struct_bodies_are_unique_per_context_as_in_mlir():
    first = 'func.func private @f(!llvm.struct<"s", (i32)>)'
    second = 'func.func private @g(!llvm.struct<"s", (i64)>)'
    ctx = mlc.Context()
    mlc.parse(first, ctx)
    with pytest.raises(mlc.DiagnosticError, match="already used with a different body"):
        mlc.parse(second, ctx)
    mlc.parse(second, mlc.Context())  # a new context knows no struct named "s"


def test_compatible_types_are_those_llvm_can_hold():
    assert llvm.is_compatible_type(llvm.LLVMStructType((i32, VectorType((2,), f32))))
    assert not llvm.is_compatible_type(index)
    assert not llvm.is_compatible_type(llvm.LLVMArrayType(index, 2))


# --- building --------------------------------------------------------------------------------
def test_a_function_built_through_the_api_prints_as_mlir_does():
    ftype = llvm.LLVMFunctionType(i32, (i32, i32))
    body = Region([Block([i32, i32])])
    func = llvm.LLVMFuncOp(
        sym_name=StringAttr("max"),
        function_type=TypeAttr(ftype),
        regions=[body],
    )
    a, b = body.blocks[0].args
    build = Builder.at_end(body.blocks[0])
    cmp = build.create(llvm.ICmpOp, a, b, predicate=IntegerAttr(4, i64))  # sgt
    add = build.create(llvm.AddOp, a, b)
    sel = build.create(llvm.SelectOp, cmp.res, a, add.res, res=i32)
    build.create(llvm.ReturnOp, sel.res)
    module = parse("")
    module.regions[0].blocks[0].append(func)
    verify(module)
    assert cmp.res.type == i1 and add.res.type == i32
    assert module.print() == (
        "module {\n"
        "  llvm.func @max(%arg0: i32, %arg1: i32) -> i32 {\n"
        '    %0 = llvm.icmp "sgt" %arg0, %arg1 : i32\n'
        "    %1 = llvm.add %arg0, %arg1 : i32\n"
        "    %2 = llvm.select %0, %arg0, %1 : i1, i32\n"
        "    llvm.return %2 : i32\n"
        "  }\n"
        "}\n\n"
    )


def test_gep_indices_interleave_constants_and_values():
    func = only_func(
        parse(
            "llvm.func @f(%p: !llvm.ptr, %i: i64) {\n"
            "  %0 = llvm.getelementptr %p[0, %i, 2] : (!llvm.ptr, i64) -> !llvm.ptr,"
            " !llvm.array<4 x struct<(i8, i8, f32)>>\n"
            "  llvm.return\n}"
        )
    )
    gep = func.regions[0].blocks[0].first_op
    assert gep.indices() == [0, func.regions[0].blocks[0].args[1], 2]


# --- folding, constants, effects -------------------------------------------------------------
def test_constants_fold_to_what_they_stand_for():
    module = parse(
        "llvm.mlir.global internal @g(0 : i32) : i32\n"
        "llvm.func @f() {\n"
        "  %0 = llvm.mlir.constant(3 : i32) : i32\n"
        "  %1 = llvm.mlir.undef : i32\n"
        "  %2 = llvm.mlir.zero : vector<2xf32>\n"
        "  %3 = llvm.mlir.zero : !llvm.ptr\n"
        "  %4 = llvm.mlir.addressof @g : !llvm.ptr\n"
        "  llvm.return\n}"
    )
    ops = list(module.regions[0].blocks[0].last_op.regions[0].blocks[0].ops)
    values = [constant_value(op) for op in ops[:-1]]
    assert values[0] == IntegerAttr(3, i32) and values[1] == UNDEF and values[3] == ZERO
    assert values[2].type == VectorType((2,), f32) and not values[2].array.any()
    assert values[4] == SymbolRefAttr("g")


@pytest.mark.parametrize(
    "value, type_, op_name",
    [
        (IntegerAttr(7, i8), i8, "llvm.mlir.constant"),
        (FloatAttr(1.5, f32), f32, "llvm.mlir.constant"),
        (UNDEF, i32, "llvm.mlir.undef"),
        (POISON, f32, "llvm.mlir.poison"),
        (ZERO, llvm.PTR, "llvm.mlir.zero"),
        (SymbolRefAttr("g"), llvm.PTR, "llvm.mlir.addressof"),
    ],
)
def test_the_dialect_materializes_folded_constants(value, type_, op_name):
    op = llvm.materialize_constant(value, type_, UNKNOWN_LOC)
    assert op.name == op_name and op.results[0].type == type_


def test_constants_of_other_types_are_not_materialized():
    assert llvm.materialize_constant(IntegerAttr(7, i8), i32, UNKNOWN_LOC) is None
    assert llvm.materialize_constant(IntegerAttr(7, index), index, UNKNOWN_LOC) is None
    assert llvm.materialize_constant(SymbolRefAttr("g"), i64, UNKNOWN_LOC) is None


def test_canonicalize_uniques_and_hoists_llvm_constants():
    module = parse(
        "llvm.func @f(%c: i1) -> i32 {\n"
        "  llvm.cond_br %c, ^bb1, ^bb2\n"
        "^bb1:\n"
        "  %0 = llvm.mlir.constant(5 : i32) : i32\n"
        "  llvm.return %0 : i32\n"
        "^bb2:\n"
        "  %1 = llvm.mlir.constant(5 : i32) : i32\n"
        "  %2 = llvm.mlir.undef : i32\n"
        "  llvm.return %1 : i32\n}"
    )
    mlc.PassManager.parse("builtin.module(canonicalize)", mlc.Context()).run(module)
    body = only_func(module).regions[0]
    assert [op.name for op in body.blocks[0].ops] == ["llvm.mlir.constant", "llvm.cond_br"]
    assert [op.name for op in body.blocks[2].ops] == ["llvm.return"]


def test_effects_follow_mlir():
    func = only_func(
        parse(
            "llvm.func @f(%a: i32, %p: !llvm.ptr) {\n"
            "  %0 = llvm.sdiv %a, %a : i32\n"
            "  %1 = llvm.add %a, %a : i32\n"
            "  %2 = llvm.load %p : !llvm.ptr -> i32\n"
            "  llvm.store %a, %p : i32, !llvm.ptr\n"
            "  %3 = llvm.alloca %a x i32 : (i32) -> !llvm.ptr\n"
            "  llvm.return\n}"
        )
    )
    sdiv, add, load, store, alloca, _ = func.regions[0].blocks[0].ops
    assert is_memory_effect_free(sdiv) and not is_speculatable(sdiv)
    assert is_speculatable(add)
    assert is_trivially_dead(load) and is_trivially_dead(alloca) and not is_trivially_dead(store)


def test_fastmath_attribute_prints_all_flags_as_fast():
    assert str(FastmathFlagsAttr(frozenset(FastmathFlagsAttr.FLAGS))) == "#llvm.fastmath<fast>"
    assert str(FastmathFlagsAttr(frozenset({"afn", "nnan"}))) == "#llvm.fastmath<nnan, afn>"


# --- interfaces ------------------------------------------------------------------------------
SWITCH = """
llvm.func @f(%c: i1, %v: i32, %a: i32) {
  llvm.cond_br %c, ^bb1(%a : i32), ^bb2
^bb1(%x: i32):
  llvm.br ^bb2
^bb2:
  llvm.switch %v : i32, ^bb1(%v : i32) [
    1: ^bb3,
    -1: ^bb1(%a : i32)
  ]
^bb3:
  llvm.return
}
"""


def test_branch_ops_say_which_operands_go_to_which_successor():
    func = only_func(parse(SWITCH))
    c, v, a = func.regions[0].blocks[0].args
    blocks = func.regions[0].blocks
    cond_br, br, switch = blocks[0].last_op, blocks[1].last_op, blocks[2].last_op
    interface = get_trait(cond_br, BranchOpInterface)
    assert interface.successor_operands(cond_br, 0) == [a]
    assert interface.successor_operands(cond_br, 1) == []
    assert get_trait(br, BranchOpInterface).successor_operands(br, 0) == []
    switch_interface = get_trait(switch, BranchOpInterface)
    assert [switch_interface.successor_operands(switch, i) for i in range(3)] == [[v], [], [a]]


def test_branch_ops_do_not_pick_a_successor_for_constants_as_in_mlir():
    func = only_func(parse(SWITCH))
    cond_br = func.regions[0].blocks[0].last_op
    pick = get_trait(cond_br, BranchOpInterface).successor_for_operands
    assert pick(cond_br, [IntegerAttr(1, i1), None]) is None


def test_calls_and_functions_implement_the_call_interfaces():
    module = parse(
        "llvm.func @callee(i32) -> f32\n"
        "llvm.func @f(%a: i32, %p: !llvm.ptr) {\n"
        "  %0 = llvm.call @callee(%a) : (i32) -> f32\n"
        "  llvm.call %p(%a) : !llvm.ptr, (i32) -> ()\n"
        "  llvm.return\n}"
    )
    callee, func = module.regions[0].blocks[0].ops
    direct, indirect, _ = func.regions[0].blocks[0].ops
    call = get_trait(direct, CallOpInterface)
    assert call.callable_for_callee(direct) == SymbolRefAttr("callee")
    assert call.resolve_callable(direct) is callee
    assert call.arg_operands(indirect) == [func.regions[0].blocks[0].args[0]]
    assert call.callable_for_callee(indirect) is func.regions[0].blocks[0].args[1]
    callable_ = get_trait(callee, CallableOpInterface)
    assert callable_.callable_region(callee) is None
    assert callable_.argument_types(callee) == (i32,)
    assert callable_.result_types(callee) == (f32,)
    assert get_trait(func, CallableOpInterface).result_types(func) == ()
