"""`arith-expand`: arith ops that have no LLVM counterpart, in terms of ops that do (MLIR 19's
`populateExpandOpsPatterns` for the integer divisions):

    ceildivsi(a, b) = (a > 0 && b > 0) || (a < 0 && b < 0) ? 1 + (a + (b > 0 ? -1 : 1)) / b
                                                           : -((0 - a) / b)
    ceildivui(a, b) = a == 0 ? 0 : (a - 1) / b + 1
    floordivsi(a, b) = z = a / b; z * b != a && (a < 0) != (b < 0) ? z - 1 : z

op for op as mlir-opt 19 emits them (its lit output is the reference).

`lower-to-llvm` runs it first, so that size arithmetic (`n floordiv 2`) lowers.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import arith
from mlc.dialects.arith.attributes import CMPI_PREDICATES
from mlc.ir.attributes import IntegerAttr
from mlc.ir.builder import Builder
from mlc.ir.types import IndexType, IntegerType
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


class _Emit:
    """Ops of one integer type at a builder, one per call."""

    def __init__(self, b: Builder, t) -> None:
        self.b, self.t = b, t

    def __call__(self, op_class, *operands):
        return self.b.insert(op_class(*operands, result=self.t)).results[0]

    def cmp(self, predicate: str, lhs, rhs):
        attr = CMPI_PREDICATES.make(CMPI_PREDICATES.keywords.index(predicate))
        return self.b.insert(arith.CmpIOp(lhs, rhs, predicate=attr)).results[0]

    def both(self, op_class, lhs, rhs):
        """A logical op on two i1 values."""
        return self.b.insert(op_class.create([lhs, rhs], [lhs.type])).results[0]

    def constant(self, value: int):
        return self.b.insert(arith.ConstantOp(IntegerAttr(value, self.t))).results[0]

    def select(self, condition, a, b):
        return self.b.insert(arith.SelectOp.create([condition, a, b], [self.t])).results[0]


def _floordivsi(e: _Emit, a, b):
    z = e(arith.DivSIOp, a, b)
    inexact = e.cmp("ne", a, e(arith.MulIOp, z, b))
    zero = e.constant(0)
    opposite = e.cmp("ne", e.cmp("slt", a, zero), e.cmp("slt", b, zero))
    adjust = e.both(arith.AndIOp, inexact, opposite)
    return e.select(adjust, e(arith.AddIOp, z, e.constant(-1)), z)


def _ceildivsi(e: _Emit, a, b):
    one, zero, minus_one = e.constant(1), e.constant(0), e.constant(-1)
    nudge = e.select(e.cmp("sgt", b, zero), minus_one, one)
    up = e(arith.AddIOp, one, e(arith.DivSIOp, e(arith.AddIOp, nudge, a), b))
    down = e(arith.SubIOp, zero, e(arith.DivSIOp, e(arith.SubIOp, zero, a), b))
    a_neg, a_pos = e.cmp("slt", a, zero), e.cmp("sgt", a, zero)
    b_neg, b_pos = e.cmp("slt", b, zero), e.cmp("sgt", b, zero)
    same_sign = e.both(arith.OrIOp, e.both(arith.AndIOp, a_neg, b_neg),
                       e.both(arith.AndIOp, a_pos, b_pos))  # fmt: skip
    return e.select(same_sign, up, down)


def _ceildivui(e: _Emit, a, b):
    zero = e.constant(0)
    is_zero = e.cmp("eq", a, zero)
    one = e.constant(1)
    quotient = e(arith.AddIOp, e(arith.DivUIOp, e(arith.SubIOp, a, one), b), one)
    return e.select(is_zero, zero, quotient)


EXPANSIONS = {
    arith.CeilDivSIOp: _ceildivsi,
    arith.FloorDivSIOp: _floordivsi,
    arith.CeilDivUIOp: _ceildivui,
}


@register_pass
@dataclass(frozen=True)
class ArithExpand(Pass):
    """Expands ceildivsi, ceildivui and floordivsi into ops LLVM has."""

    name = "arith-expand"
    summary = "Legalize Arith ops to be convertible to LLVM."

    def run(self, op) -> None:
        found = []
        op.walk(lambda o: found.append(o) if type(o) in EXPANSIONS else None)
        for division in found:
            t = division.results[0].type
            if not isinstance(t, (IntegerType, IndexType)):
                continue  # vectors keep their ops (no vector expansion here)
            e = _Emit(Builder.before(division, division.location), t)
            value = EXPANSIONS[type(division)](e, *division.operands)
            division.results[0].replace_all_uses_with(value)
            division.erase()
