"""`arith-expand`: arith ops that have no LLVM counterpart, in terms of ops that do (MLIR 19's
`populateExpandOpsPatterns` for the integer divisions):

    ceildivsi(a, b) = (a > 0 && b > 0) || (a < 0 && b < 0) ? 1 + (a + (b > 0 ? -1 : 1)) / b
                                                           : -((0 - a) / b)
    ceildivui(a, b) = a == 0 ? 0 : (a - 1) / b + 1
    floordivsi(a, b) = z = a / b; z * b != a && (a < 0) != (b < 0) ? z - 1 : z

op for op as mlir-opt 19 emits them (its lit output is the reference). With `include-bf16`
(as in MLIR), `arith.extf` from bf16 and `arith.truncf` to bf16 become integer bit
operations, rounding to nearest even and quieting NaNs as PyTorch's `BFloat16` does, which
spares LLVM the `__truncsfbf2` libcall older libgcc lacks. mlc also expands the
truncation from f64, through f32 (rounding twice, as ml_dtypes and PyTorch do).

`lower-to-llvm` runs it first, so that size arithmetic (`n floordiv 2`) lowers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import arith
from mlc.dialects.arith.attributes import CMPF_PREDICATES, CMPI_PREDICATES
from mlc.ir.attributes import IntegerAttr
from mlc.ir.builder import Builder
from mlc.ir.types import FloatType, IndexType, IntegerType, bf16, f32, f64, i16, i32
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


def _bf16_truncation(b: Builder, x):
    """`x` (f32 or f64) rounded to bf16 with integer ops."""
    if x.type == f64:  # through f32, as ml_dtypes, PyTorch and the interpreter round it
        x = b.insert(arith.TruncFOp.create([x], [f32])).results[0]
    e, e16 = _Emit(b, i32), _Emit(b, i16)
    is_nan = _cmpf(b, "une", x, x)
    bias_base, quiet_nan = e.constant(0x7FFF), e16.constant(0x7FC0)
    sixteen, one = e.constant(16), e.constant(1)
    bits = b.insert(arith.BitcastOp.create([x], [i32])).results[0]
    bit16 = e(arith.AndIOp, e(arith.ShRUIOp, bits, sixteen), one)
    biased = e(arith.AddIOp, bits, e(arith.AddIOp, bit16, bias_base))
    shifted = e(arith.ShRUIOp, biased, sixteen)
    rounded = b.insert(arith.TruncIOp.create([shifted], [i16])).results[0]
    return b.insert(arith.BitcastOp.create([e16.select(is_nan, quiet_nan, rounded)], [bf16])
                    ).results[0]  # fmt: skip


def _bf16_extension(b: Builder, x):
    """bf16 `x` as f32, with integer ops."""
    e = _Emit(b, i32)
    bits = b.insert(arith.BitcastOp.create([x], [i16])).results[0]
    wide = b.insert(arith.ExtUIOp.create([bits], [i32])).results[0]
    shifted = e(arith.ShLIOp, wide, e.constant(16))
    return b.insert(arith.BitcastOp.create([shifted], [f32])).results[0]


def _cmpf(b: Builder, predicate: str, lhs, rhs):
    attr = CMPF_PREDICATES.make(CMPF_PREDICATES.keywords.index(predicate))
    return b.insert(arith.CmpFOp(lhs, rhs, predicate=attr)).results[0]


def _expand_bf16(op) -> None:
    source, result = op.operand(0).type, op.results[0].type
    b = Builder.before(op, op.location)
    if isinstance(op, arith.ExtFOp) and source == bf16 and isinstance(result, FloatType):
        value = _bf16_extension(b, op.operand(0))
        if result != f32:
            value = b.insert(arith.ExtFOp.create([value], [result])).results[0]
    elif isinstance(op, arith.TruncFOp) and result == bf16 and source in (f32, f64):
        value = _bf16_truncation(b, op.operand(0))
    else:
        return
    op.results[0].replace_all_uses_with(value)
    op.erase()


@register_pass
@dataclass(frozen=True)
class ArithExpand(Pass):
    """Expands ceildivsi, ceildivui and floordivsi into ops LLVM has (and bf16
    conversions, with `include-bf16`)."""

    name = "arith-expand"
    summary = "Legalize Arith ops to be convertible to LLVM."
    include_bf16: bool = field(
        default=False, metadata={"help": "Enable the BF16 expansion patterns"}
    )

    def run(self, op) -> None:
        if self.include_bf16:
            conversions = []
            op.walk(lambda o: conversions.append(o)
                    if isinstance(o, (arith.ExtFOp, arith.TruncFOp)) else None)  # fmt: skip
            for conversion in conversions:
                _expand_bf16(conversion)
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
