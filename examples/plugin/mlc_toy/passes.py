"""`toy-to-arith`: the toy dialect's lowering, registered with mlc's pass registry through
the `mlc.passes` entry point: `mlc-opt --load-pass-plugin=toy -p toy-to-arith`."""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects.arith import ConstantOp, MulFOp
from mlc.ir.attributes import FloatAttr
from mlc.ir.rewrite.conversion import ConversionTarget, apply_partial_conversion, conversion_pattern
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc_toy import ScaleOp, SquareOp

MLC_PLUGIN_API = 1


@conversion_pattern(ScaleOp)
def lower_scale(op, adaptor, rewriter) -> bool:
    t = op.results[0].type
    value = FloatAttr(op.properties["factor"].value, t)
    factor = rewriter.insert(ConstantOp.create([], [t], {"value": value}))
    rewriter.replace_op(op, rewriter.insert(MulFOp(adaptor.input, factor.results[0])))
    return True


@conversion_pattern(SquareOp)
def lower_square(op, adaptor, rewriter) -> bool:
    rewriter.replace_op(op, rewriter.insert(MulFOp(adaptor.input, adaptor.input)))
    return True


@register_pass
@dataclass(frozen=True)
class ToyToArith(Pass):
    """Lowers the toy dialect to arith."""

    name = "toy-to-arith"
    summary = "Lower toy ops to arith"

    def run(self, op) -> None:
        target = ConversionTarget()
        target.add_illegal_dialect("toy")  # every toy op must go; the rest may stay
        target.add_legal_dialect("arith")  # what the patterns create
        apply_partial_conversion(op, target, [lower_scale, lower_square])
