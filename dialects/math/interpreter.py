"""Reference interpreter rules of the math dialect (see `mlc.ir.interpreter`), on numpy.

Float ops are computed in float64 and rounded once to the operand's type (float64 ops in
float64). That is exact for the ops IEEE defines exactly (abs, ceil, floor, trunc, round,
roundeven, copysign) and correctly rounded for sqrt, whose float64 result rounds correctly to
every narrower type. `fma` is computed exactly (rational arithmetic) and rounded once. The
other ops (trigonometric, hyperbolic, exponential, logarithmic, erf, cbrt, powers, rsqrt) are
as accurate as numpy's float64 functions: within a few units in the last place of the
float64 result before rounding, so f32, f16 and bf16 results are almost always correctly
rounded and at most one unit in the last place away; compare compiled code with a tolerance
of a few ulps. Fast-math flags are ignored: the interpreter computes the exact semantics,
which every flag permits.

Integer ops are exact, with the wrap-around of their width (`absi` of the minimum value is
itself, as LLVM's `abs` without `is_int_min_poison`). `ipowi` of 0 to a negative power
divides by zero when lowered: undefined behaviour here.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

import numpy as np

from mlc.dialects.math import folding
from mlc.dialects.math.ops import (
    AbsFOp,
    AbsIOp,
    AcoshOp,
    AcosOp,
    AsinhOp,
    AsinOp,
    Atan2Op,
    AtanhOp,
    AtanOp,
    CbrtOp,
    CeilOp,
    CopySignOp,
    CoshOp,
    CosOp,
    CountLeadingZerosOp,
    CountTrailingZerosOp,
    CtPopOp,
    ErfOp,
    Exp2Op,
    ExpM1Op,
    ExpOp,
    FloorOp,
    FmaOp,
    FPowIOp,
    IPowIOp,
    Log1pOp,
    Log2Op,
    Log10Op,
    LogOp,
    PowFOp,
    RoundEvenOp,
    RoundOp,
    RsqrtOp,
    SinhOp,
    SinOp,
    SqrtOp,
    TanhOp,
    TanOp,
    TruncOp,
)
from mlc.ir.interpreter import UndefinedBehavior, register_impl, wrap_integer


def _round_half_away(x):
    """C's `round`: halves go away from zero. `x - trunc(x)` is exact, so no double rounding."""
    t = np.trunc(x)
    return np.where(np.abs(x - t) >= 0.5, t + np.copysign(1.0, x), t)


def _rsqrt(x):
    return 1.0 / np.sqrt(x)


def _erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x)


_FLOAT_UNARY = {
    AbsFOp: np.abs, AcosOp: np.arccos, AcoshOp: np.arccosh, AsinOp: np.arcsin,
    AsinhOp: np.arcsinh, AtanOp: np.arctan, AtanhOp: np.arctanh, CbrtOp: np.cbrt,
    CeilOp: np.ceil, CosOp: np.cos, CoshOp: np.cosh, ErfOp: _erf, ExpOp: np.exp,
    Exp2Op: np.exp2, ExpM1Op: np.expm1, FloorOp: np.floor, LogOp: np.log, Log10Op: np.log10,
    Log1pOp: np.log1p, Log2Op: np.log2, RoundOp: _round_half_away, RoundEvenOp: np.rint,
    RsqrtOp: _rsqrt, SinOp: np.sin, SinhOp: np.sinh, SqrtOp: np.sqrt, TanOp: np.tan,
    TanhOp: np.tanh, TruncOp: np.trunc,
}  # fmt: skip
_FLOAT_BINARY = {Atan2Op: np.arctan2, CopySignOp: np.copysign, PowFOp: np.power}


def _in_float64(fn, dtype, *args):
    """`fn` on `args` widened to float64, rounded once to `dtype`; scalars stay scalars."""
    with np.errstate(all="ignore"):
        out = np.asarray(fn(*(np.asarray(a, np.float64) for a in args))).astype(dtype)
    return out[()] if out.ndim == 0 else out


def _float_rule(fn):
    def rule(interp, op, args):
        return [_in_float64(fn, args[0].dtype, *args)]

    return rule


for _op, _fn in {**_FLOAT_UNARY, **_FLOAT_BINARY}.items():
    register_impl(_op)(_float_rule(_fn))


@register_impl(FPowIOp)
def _fpowi(interp, op, args):
    base, power = args
    return [_in_float64(np.power, base.dtype, base, np.asarray(power, np.float64))]


# --- fma: exact product and sum, one rounding ------------------------------------------------
def _round_to_odd(exact: Fraction) -> float:
    """`exact` rounded to float64 towards the odd neighbour when inexact ("round to odd"):
    rounding that once more to a format of at most 51 significand bits is then correctly
    rounded, with no double-rounding error."""
    try:
        r = float(exact)
    except OverflowError:
        return math.copysign(math.inf, exact)
    if Fraction(r) != exact and not struct.unpack("<Q", struct.pack("<d", r))[0] & 1:
        r = math.nextafter(r, math.inf if exact > r else -math.inf)
    return r


def _fma_element(a: float, b: float, c: float, float64: bool) -> float:
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c  # infinities and NaNs: the rounding of the product does not matter
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    if exact == 0:  # the sign of an exact zero follows IEEE's rules for the sum
        return a * b + c
    if float64:
        try:
            return float(exact)
        except OverflowError:
            return math.copysign(math.inf, exact)
    return _round_to_odd(exact)


@register_impl(FmaOp)
def _fma(interp, op, args):
    dtype = args[0].dtype
    wide = [np.asarray(a, np.float64) for a in args]
    element = np.vectorize(
        lambda a, b, c: _fma_element(a, b, c, dtype == np.float64), otypes=[np.float64]
    )
    out = element(*wide).astype(dtype)
    return [out[()] if out.ndim == 0 else out]


# --- integers ----------------------------------------------------------------------------------
def _integer_rule(fn):
    """Apply `fn(width, *ints)` (the folders' element functions, on signed readings) element
    by element."""

    def rule(interp, op, args):
        t = op.results[0].type
        element = getattr(t, "element_type", t)
        width = getattr(element, "width", 64)  # index is 64 bits wide
        values = np.vectorize(
            lambda *xs: fn(width, *(folding.signed(int(x), width) for x in xs)), otypes=[object]
        )
        out = values(*args)
        if any(v is None for v in np.ravel(out)):
            raise UndefinedBehavior("0 raised to a negative power", op)
        return [wrap_integer(out if out.ndim else out[()], t)]

    return rule


for _op, _fn in {
    AbsIOp: folding.absi, CountLeadingZerosOp: folding.ctlz,
    CountTrailingZerosOp: folding.cttz, CtPopOp: folding.ctpop, IPowIOp: folding.ipowi,
}.items():  # fmt: skip
    register_impl(_op)(_integer_rule(_fn))
