"""The `toy` dialect: an out-of-tree mlc dialect, found through the `mlc.dialects` entry
point its package declares, with no edit to mlc.

    %y = toy.scale %x {factor = 3.0 : f32} : f32
    %z = toy.square %y : f32

Each op has a verifier (through its declaration), custom syntax, an interpreter rule and,
in `mlc_toy.passes`, a lowering to arith (`toy-to-arith`) built on mlc's dialect
conversion framework.
"""

from __future__ import annotations

from mlc.ir.attributes import FloatAttr
from mlc.ir.constraints import FLOAT_LIKE, Constraint
from mlc.ir.context import Dialect
from mlc.ir.interpreter import register_impl
from mlc.ir.opdef import operand, prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import Pure, SameOperandsAndResultType

MLC_PLUGIN_API = 1  # the mlc plugin API this package is written for


class ScaleOp(Operation):
    """`toy.scale %x {factor = 3.0 : f32} : f32`: multiplies by a constant."""

    name = "toy.scale"
    input = operand(FLOAT_LIKE)
    output = result(FLOAT_LIKE)
    factor = prop(Constraint(lambda a: isinstance(a, FloatAttr), "float attribute"))
    traits = (Pure(), SameOperandsAndResultType())
    assembly_format = "$input attr-dict `:` type($output)"


class SquareOp(Operation):
    """`toy.square %x : f32`."""

    name = "toy.square"
    input = operand(FLOAT_LIKE)
    output = result(FLOAT_LIKE)
    traits = (Pure(), SameOperandsAndResultType())
    assembly_format = "$input attr-dict `:` type($output)"


@register_impl(ScaleOp)
def _scale(interp, op, args):
    x = args[0]
    return [(x * type(x)(op.properties["factor"].value)).astype(x.dtype)]


@register_impl(SquareOp)
def _square(interp, op, args):
    return [args[0] * args[0]]


DIALECT = Dialect("toy", [ScaleOp, SquareOp])
