"""IRDL-style op definitions: variadic and optional groups with segment sizes, derived
accessors, builders, verification and an assembly format, on an op declared here."""

from __future__ import annotations

import pytest

import mlc
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr
from mlc.ir.block import Block
from mlc.ir.builder import Builder
from mlc.ir.constraints import SIGNLESS_INTEGER_LIKE
from mlc.ir.context import Dialect
from mlc.ir.opdef import opt_operand, opt_prop, result, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.types import i1, i32, i64


class PackOp(Operation):
    """`%r = demo.pack %a, %b [%c] : ...`: two variadic groups and an optional operand."""

    name = "demo.pack"
    lhs = var_operand(SIGNLESS_INTEGER_LIKE)
    rhs = var_operand()
    flag = opt_operand(i1)
    tag = opt_prop(IntegerAttr)
    out = result()
    assembly_format = (
        "$lhs `|` $rhs (`if` $flag^)? attr-dict `:` functional-type(operands, results)"
    )


class SplitOp(Operation):
    name = "demo.split"
    parts = var_result()
    rest = var_result()


DEMO = Dialect("demo", [PackOp, SplitOp])


def context() -> mlc.Context:
    ctx = mlc.Context()
    ctx.register_dialect("demo", lambda: DEMO)
    return ctx


def test_builder_sets_segment_sizes_and_accessors_follow_them():
    block = Block([i32, i32, i64, i1])
    a, b, c, f = block.args
    op = Builder.at_end(block).create(PackOp, [a, b], [c], f, out=i64)
    assert op.properties["operandSegmentSizes"] == DenseArrayAttr(i32, (2, 1, 1))
    assert op.lhs == [a, b] and op.rhs == [c] and op.flag is f
    none = PackOp([a], [], None, out=i64)
    assert none.rhs == [] and none.flag is None
    assert none.properties["operandSegmentSizes"].value == (1, 0, 0)


def test_format_round_trips_through_generic_form():
    text = (
        "func.func @f(%a: i32, %b: i32, %c: i64, %f: i1) {\n"
        "  %0 = demo.pack %a, %b | %c if %f {tag = 3 : i64} : (i32, i32, i64, i1) -> i64\n"
        "  %1 = demo.pack %a |  : (i32) -> i64\n"
        "  return\n}\n"
    )
    module = mlc.parse(text, context())
    custom = module.print()
    assert "%0 = demo.pack %arg0, %arg1 | %arg2 if %arg3 {tag = 3 : i64}" in custom
    generic = module.print(generic=True)
    assert "operandSegmentSizes = array<i32: 2, 1, 1>" in generic
    assert "operandSegmentSizes = array<i32: 1, 0, 0>" in generic
    assert mlc.parse(generic, context()).print() == custom


def test_segment_sizes_are_verified():
    text = (
        "func.func @f(%a: i32) {\n"
        '  %0 = "demo.pack"(%a, %a) <{operandSegmentSizes = array<i32: 1, 0, 0>}>'
        " : (i32, i32) -> i64\n  return\n}\n"
    )
    with pytest.raises(mlc.DiagnosticError, match=r"operand count \(2\) does not match"):
        mlc.parse(text, context())


def test_variadic_results_split_by_result_segment_sizes():
    op = SplitOp(parts=[i32, i32], rest=[i64])
    assert op.properties["resultSegmentSizes"].value == (2, 1)
    assert [r.type for r in op.parts] == [i32, i32] and [r.type for r in op.rest] == [i64]
