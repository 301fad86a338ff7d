"""`lower-affine`: `affine.apply`, `affine.min` and `affine.max` as arith on index values
(MLIR 19's pass of that name, mlir/lib/Conversion/AffineToStandard/AffineToStandard.cpp, and
the expression expansion of mlir/lib/Dialect/Affine/Utils/Utils.cpp).

Each result expression is expanded operands first: `+` and `*` become `arith.addi` and
`arith.muli`; `mod`, `floordiv` and `ceildiv` by a positive constant become MLIR's
sign-corrected sequences around `arith.remsi` / `arith.divsi`; constants become
`arith.constant`s where they are used. `affine.min` (`max`) reduces its results left to right
with `arith.minsi` (`maxsi`). A division or modulo by a non-positive constant fails the pass
with MLIR's message; MLIR 19 reports the same error but succeeds, leaving the op. The affine
loop and memory ops MLIR's pass also lowers are not in mlc.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlc.dialects import arith
from mlc.dialects.affine import ApplyOp, MaxOp, MinOp
from mlc.ir.affine import (
    AffineBinaryExpr,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineExprKind,
    AffineMap,
)
from mlc.ir.attributes import IntegerAttr
from mlc.ir.rewrite import ConversionTarget, apply_partial_conversion
from mlc.ir.rewrite.conversion import conversion_pattern
from mlc.ir.types import index
from mlc.ir.values import Value
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass

_PREDICATES = arith.CMPI_PREDICATES
_SLT, _SLE = (_PREDICATES.make(_PREDICATES.keywords.index(p)) for p in ("slt", "sle"))


class AffineExpander:
    """Builds the arith ops of affine expressions over given dim and symbol values at the
    rewriter's insertion point (MLIR's `AffineApplyExpander`)."""

    def __init__(self, rewriter, dims: Sequence[Value], symbols: Sequence[Value], loc) -> None:
        self.rewriter, self.dims, self.symbols, self.loc = rewriter, dims, symbols, loc

    def _op(self, op_class, *operands, **props) -> Value:
        op = op_class(*operands, **props, result=index, loc=self.loc)
        return self.rewriter.insert(op).results[0]

    def _cmp(self, predicate, lhs, rhs) -> Value:
        op = arith.CmpIOp(lhs, rhs, predicate=predicate, loc=self.loc)
        return self.rewriter.insert(op).results[0]

    def constant(self, value: int) -> Value:
        op = arith.ConstantOp(IntegerAttr(value, index), loc=self.loc)
        return self.rewriter.insert(op).results[0]

    def expand(self, expr: AffineExpr) -> Value:
        if isinstance(expr, AffineConstantExpr):
            return self.constant(expr.value)
        if not isinstance(expr, AffineBinaryExpr):
            values = self.dims if isinstance(expr, AffineDimExpr) else self.symbols
            return values[expr.position]
        kind = expr.kind
        if kind in (AffineExprKind.MOD, AffineExprKind.FLOORDIV, AffineExprKind.CEILDIV):
            rhs = expr.rhs
            if isinstance(rhs, AffineConstantExpr) and rhs.value <= 0:
                what = "modulo" if kind is AffineExprKind.MOD else "division"
                raise PassFailure(f"{what} by non-positive value is not supported", self.loc)
        lhs, rhs = self.expand(expr.lhs), self.expand(expr.rhs)
        return _EXPANSIONS[kind](self, lhs, rhs)

    def add(self, lhs, rhs) -> Value:
        return self._op(arith.AddIOp, lhs, rhs)

    def mul(self, lhs, rhs) -> Value:
        return self._op(arith.MulIOp, lhs, rhs)

    def mod(self, lhs, rhs) -> Value:
        """`r = lhs remsi rhs; r < 0 ? r + rhs : r`."""
        remainder = self._op(arith.RemSIOp, lhs, rhs)
        zero = self.constant(0)
        negative = self._cmp(_SLT, remainder, zero)
        corrected = self._op(arith.AddIOp, remainder, rhs)
        return self._op(arith.SelectOp, negative, corrected, remainder)

    def floordiv(self, lhs, rhs) -> Value:
        """`lhs < 0 ? -1 - ((-1 - lhs) divsi rhs) : lhs divsi rhs`."""
        zero, minus_one = self.constant(0), self.constant(-1)
        negative = self._cmp(_SLT, lhs, zero)
        negated_decremented = self._op(arith.SubIOp, minus_one, lhs)
        dividend = self._op(arith.SelectOp, negative, negated_decremented, lhs)
        quotient = self._op(arith.DivSIOp, dividend, rhs)
        corrected = self._op(arith.SubIOp, minus_one, quotient)
        return self._op(arith.SelectOp, negative, corrected, quotient)

    def ceildiv(self, lhs, rhs) -> Value:
        """`lhs <= 0 ? -((-lhs) divsi rhs) : ((lhs - 1) divsi rhs) + 1`."""
        zero, one = self.constant(0), self.constant(1)
        non_positive = self._cmp(_SLE, lhs, zero)
        negated = self._op(arith.SubIOp, zero, lhs)
        decremented = self._op(arith.SubIOp, lhs, one)
        dividend = self._op(arith.SelectOp, non_positive, negated, decremented)
        quotient = self._op(arith.DivSIOp, dividend, rhs)
        negated_quotient = self._op(arith.SubIOp, zero, quotient)
        incremented = self._op(arith.AddIOp, quotient, one)
        return self._op(arith.SelectOp, non_positive, negated_quotient, incremented)


_EXPANSIONS = {
    AffineExprKind.ADD: AffineExpander.add,
    AffineExprKind.MUL: AffineExpander.mul,
    AffineExprKind.MOD: AffineExpander.mod,
    AffineExprKind.FLOORDIV: AffineExpander.floordiv,
    AffineExprKind.CEILDIV: AffineExpander.ceildiv,
}


def expand_affine_map(rewriter, m: AffineMap, operands: Sequence[Value], loc) -> list[Value]:
    """The values of every result of `m` (MLIR's `expandAffineMap`)."""
    expander = AffineExpander(rewriter, operands[: m.num_dims], operands[m.num_dims :], loc)
    return [expander.expand(e) for e in m.results]


@conversion_pattern(ApplyOp)
def apply_lowering(op, adaptor, rewriter) -> bool:
    """MLIR's `AffineApplyLowering`."""
    values = expand_affine_map(rewriter, op.affine_map, adaptor.operands, op.location)
    rewriter.replace_op(op, values)
    return True


def _reduction(op_class):
    def lowering(op, adaptor, rewriter) -> bool:
        values = expand_affine_map(rewriter, op.affine_map, adaptor.operands, op.location)
        value = values[0]
        for other in values[1:]:
            reduced = op_class(value, other, result=index, loc=op.location)
            value = rewriter.insert(reduced).results[0]
        rewriter.replace_op(op, [value])
        return True

    lowering.__doc__ = f"MLIR's `lowerAffineMapMin`/`Max`: a chain of `{op_class.name}`."
    return lowering


min_lowering = conversion_pattern(MinOp)(_reduction(arith.MinSIOp))
max_lowering = conversion_pattern(MaxOp)(_reduction(arith.MaxSIOp))


@register_pass
@dataclass(frozen=True)
class LowerAffine(Pass):
    """Lowers the affine ops to arith."""

    name = "lower-affine"
    summary = "Lower Affine operations to a combination of Arith and SCF operations"

    def run(self, op) -> None:
        target = ConversionTarget()
        target.add_legal_dialect("arith", "memref", "scf", "vector")
        target.add_illegal_op(ApplyOp, MinOp, MaxOp)
        apply_partial_conversion(op, target, [apply_lowering, min_lowering, max_lowering])
