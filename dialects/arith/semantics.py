"""Element-wise semantics of the arith ops: one definition shared by the folders
(`folding.py`) and the reference interpreter (`interpreter.py`).

Integers are computed exactly, in their signed (sign-extended) reading, as MLIR prints
signless integers; `unsigned(x, width)` gives the other reading. A value is a Python int, or a
numpy array of the *exact domain* (`exact`): int64 for widths up to 31 bits, where no sum,
product or in-range shift of two values overflows, else object arrays of Python ints. Every
result is wrapped back to its width, which is how MLIR's APInt arithmetic wraps.

Floats are numpy arrays (or numpy scalars) of their own precision: float16, bfloat16
(ml_dtypes), float32, float64. numpy rounds each operation once to nearest-even (float16 and
bfloat16 go through float32, which has enough bits for that to be exact). NaN results are
then rewritten bit by bit to what LLVM's APFloat returns, since hardware NaNs differ.

Operations that are undefined or poison for some operands are total here: they return what
MLIR's folders compute for them (a zero divisor gives the dividend, an oversized shift what
APInt's shift gives). The predicates below (`division_by_zero`, `shift_out_of_range`, ...)
say where; each caller decides what to do about it.
"""

from __future__ import annotations

import functools
import math
import operator
from typing import NamedTuple

import ml_dtypes
import numpy as np

from mlc.ir.dense import round_to_odd_float32
from mlc.ir.types import FloatType, IndexType, RankedTensorType, VectorType

# --- types -----------------------------------------------------------------------------------


def element_type(t):
    """The element type of a vector or ranked tensor, or `t` itself."""
    return t.element_type if isinstance(t, (VectorType, RankedTensorType)) else t


@functools.cache  # hot path: folders ask this for every integer constant
def int_width(t) -> int:
    """The bit width of an integer-like type's elements; index is 64 bits, as MLIR folds it
    (`IndexType::kInternalStorageBitWidth`)."""
    e = element_type(t)
    return 64 if isinstance(e, IndexType) else e.width


class FloatFormat(NamedTuple):
    """The numpy dtypes of a float type and its IEEE layout."""

    dtype: np.dtype
    bits: np.dtype  # the unsigned integer of the same width, to reach the bit pattern
    width: int
    mantissa: int  # stored significand bits
    precision: int  # significand bits including the implicit one (`getFPMantissaWidth`)

    @property
    def sign(self) -> int:
        return 1 << (self.width - 1)

    @property
    def exponent(self) -> int:
        return self.sign - (1 << self.mantissa)

    @property
    def quiet(self) -> int:
        return 1 << (self.mantissa - 1)


def _format(dtype, bits, mantissa: int) -> FloatFormat:
    dtype, bits = np.dtype(dtype), np.dtype(bits)
    return FloatFormat(dtype, bits, 8 * bits.itemsize, mantissa, mantissa + 1)


FLOAT_FORMATS = {
    "f16": _format(np.float16, np.uint16, 10),
    "bf16": _format(ml_dtypes.bfloat16, np.uint16, 7),
    "f32": _format(np.float32, np.uint32, 23),
    "f64": _format(np.float64, np.uint64, 52),
}
_BY_DTYPE = {f.dtype: f for f in FLOAT_FORMATS.values()}


@functools.cache  # hot path: folders ask this for every constant
def float_format(t) -> FloatFormat | None:
    """The format of a float(-like) type's elements; None for the float types mlc does not
    compute with (f80, f128, tf32, f8*)."""
    e = element_type(t)
    return FLOAT_FORMATS.get(e.name) if isinstance(e, FloatType) else None


# --- integers: representation ----------------------------------------------------------------


def signed(x, width: int):
    """`x` wrapped to `width` bits, read as signed (APInt's truncation, then `getSExtValue`)."""
    half = 1 << (width - 1)
    return ((_widened(x, width) + half) & ((half << 1) - 1)) - half


def unsigned(x, width: int):
    """`x` wrapped to `width` bits, read as unsigned."""
    return _widened(x, width) & ((1 << width) - 1)


def _widened(x, width: int):
    """`x` in the exact domain of `width` bits: int64 arrays of narrower values become
    object arrays when a cast widens them past 31 bits."""
    if width > 31 and type(x) is np.ndarray and x.dtype != object:
        return x.astype(object)
    return x


def exact(values: np.ndarray, width: int) -> np.ndarray:
    """An integer (or bool) array of `width`-bit values in the exact domain, signed."""
    domain = np.int64 if width <= 31 else object
    return signed(np.asarray(values).astype(domain), width)


def where(condition, x, y):
    """`x` where `condition` holds, else `y`: elementwise for arrays, a plain conditional
    for Python scalars (the folders' fast path)."""
    if isinstance(condition, np.ndarray):
        return np.where(condition, x, y)
    return x if condition else y


def _minimum(x, limit: int):
    return where(x > limit, limit, x)


# --- integers: operations --------------------------------------------------------------------


def addi(a, b, w):
    return signed(a + b, w)


def subi(a, b, w):
    return signed(a - b, w)


def muli(a, b, w):
    return signed(a * b, w)


def andi(a, b, w):
    return a & b


def ori(a, b, w):
    return a | b


def xori(a, b, w):
    return a ^ b


def _by_nonzero(fn):
    """Lift a division `fn(a, b, w)` to a total function: a zero divisor gives the dividend,
    as MLIR's division folders return it (they then refuse to fold)."""

    def divide(a, b, w):
        if isinstance(b, np.ndarray):
            zero = b == 0
            return np.where(zero, a, fn(a, np.where(zero, 1, b), w))
        return a if b == 0 else fn(a, b, w)

    divide.__name__ = fn.__name__
    divide.__doc__ = fn.__doc__
    return divide


def _truncated_quotient(a, b):
    q = abs(a) // abs(b)
    return where((a < 0) ^ (b < 0), -q, q)


@_by_nonzero
def divsi(a, b, w):
    """Signed division rounding toward zero; INT_MIN / -1 wraps to INT_MIN (APInt `sdiv`)."""
    return signed(_truncated_quotient(a, b), w)


@_by_nonzero
def divui(a, b, w):
    return signed(unsigned(a, w) // unsigned(b, w), w)


@_by_nonzero
def ceildivsi(a, b, w):
    return signed(-(-a // b), w)


@_by_nonzero
def ceildivui(a, b, w):
    return signed(-(-unsigned(a, w) // unsigned(b, w)), w)


@_by_nonzero
def floordivsi(a, b, w):
    """Signed division rounding toward negative infinity; INT_MIN / -1 wraps (APInt
    `sfloordiv_ov`)."""
    return signed(a // b, w)


@_by_nonzero
def remsi(a, b, w):
    """The remainder of `divsi`, with the sign of the dividend; INT_MIN % -1 is 0."""
    r = abs(a) % abs(b)
    return where(a < 0, -r, r)


@_by_nonzero
def remui(a, b, w):
    return signed(unsigned(a, w) % unsigned(b, w), w)


def shli(a, b, w):
    """`a << b`; a shift by the width or more gives 0 (APInt `shl`)."""
    return signed(a << _minimum(unsigned(b, w), w), w)


def shrui(a, b, w):
    """Logical right shift; a shift by the width or more gives 0 (APInt `lshr`)."""
    return signed(unsigned(a, w) >> _minimum(unsigned(b, w), w), w)


def shrsi(a, b, w):
    """Arithmetic right shift; a shift by the width or more fills with the sign (APInt
    `ashr`)."""
    return a >> _minimum(unsigned(b, w), w - 1)


def maxsi(a, b, w):
    return where(a < b, b, a)


def minsi(a, b, w):
    return where(b < a, b, a)


def maxui(a, b, w):
    return where(unsigned(a, w) < unsigned(b, w), b, a)


def minui(a, b, w):
    return where(unsigned(b, w) < unsigned(a, w), b, a)


_CMPI = {
    "eq": (operator.eq, False), "ne": (operator.ne, False),
    "slt": (operator.lt, False), "sle": (operator.le, False),
    "sgt": (operator.gt, False), "sge": (operator.ge, False),
    "ult": (operator.lt, True), "ule": (operator.le, True),
    "ugt": (operator.gt, True), "uge": (operator.ge, True),
}  # fmt: skip


def cmpi(predicate: str, a, b, w):
    """`arith.cmpi` by predicate name (MLIR's `applyCmpPredicate`): a bool or bool array."""
    compare, is_unsigned = _CMPI[predicate]
    if is_unsigned:
        return compare(unsigned(a, w), unsigned(b, w))
    return compare(a, b)


def addui_extended(a, b, w):
    """The wrapped sum and its carry-out bit (a bool)."""
    total = signed(a + b, w)
    return total, unsigned(total, w) < unsigned(a, w)


def mulsi_extended(a, b, w):
    """The low and high halves of the signed double-width product (APInt `mulhs`)."""
    product = a * b
    return signed(product, w), signed(product >> w, w)


def mului_extended(a, b, w):
    """The low and high halves of the unsigned double-width product (APInt `mulhu`)."""
    product = unsigned(a, w) * unsigned(b, w)
    return signed(product, w), signed(product >> w, w)


def extui(x, from_width: int):
    """Zero extension: the unsigned reading of the narrower value."""
    return unsigned(x, from_width)


def trunci(x, to_width: int):
    return signed(x, to_width)


def index_castui(x, from_width: int, to_width: int):
    """Zero extension or truncation (APInt `zextOrTrunc`); `index_cast` and `extsi` leave
    the signed value as it is, and truncation is `trunci`."""
    return signed(unsigned(x, from_width), to_width)


# --- integers: undefined behavior and poison ------------------------------------------------


def division_by_zero(b):
    return b == 0


def signed_division_overflow(a, b, w):
    """INT_MIN / -1, whose quotient does not fit."""
    return (a == -(1 << (w - 1))) & (b == -1)


def shift_out_of_range(b, w):
    """A shift amount, read unsigned, of at least the width: the result is poison."""
    return unsigned(b, w) >= w


_WRAPPING = {
    "addi": operator.add,
    "subi": operator.sub,
    "muli": operator.mul,
    "shli": operator.lshift,
}


def overflow_poison(name: str, a, b, w, flags: frozenset):
    """Where `nsw` (signed wrap) or `nuw` (unsigned wrap) in `flags` makes `name` (addi,
    subi, muli, shli) poison, as LLVM's flags of the same names do: the exact result differs
    from the wrapped one. For `shli` the amounts must be in range."""
    exact_op = _WRAPPING[name]
    poison = False
    if "nsw" in flags:
        total = exact_op(a, unsigned(b, w) if name == "shli" else b)
        poison = poison | (total != signed(total, w))
    if "nuw" in flags:
        total = exact_op(unsigned(a, w), unsigned(b, w))
        poison = poison | (total != unsigned(total, w))
    return poison


# --- floats: arithmetic ----------------------------------------------------------------------


def _without_fp_warnings(fn):
    """Run `fn` with numpy's floating-point warnings off: NaNs (signaling ones raise the
    invalid flag even in comparisons), overflows and underflows are results here."""

    @functools.wraps(fn)
    def quiet(*args, **kwargs):
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    return quiet


def _fmt(x: np.ndarray) -> FloatFormat:
    return _BY_DTYPE[x.dtype]


def _bits(x: np.ndarray) -> np.ndarray:
    return x.view(_fmt(x).bits)


def _from_bits(bits, fmt: FloatFormat) -> np.ndarray:
    return np.asarray(bits).astype(fmt.bits).view(fmt.dtype)


def _arithmetic(ufunc):
    """A float operation whose NaN results follow APFloat: the first NaN operand, quieted,
    else the default NaN (positive, quiet, no payload) for invalid operations such as
    inf - inf or 0 / 0 (x86 would give a negative one)."""

    @_without_fp_warnings
    def apply(a, b):
        a, b = np.asarray(a), np.asarray(b)
        result = np.asarray(ufunc(a, b))
        nan = np.isnan(result)
        if not nan.any():
            return result
        fmt = _fmt(result)
        bits = np.where(
            np.isnan(a),
            _bits(a) | fmt.quiet,
            np.where(np.isnan(b), _bits(b) | fmt.quiet, fmt.exponent | fmt.quiet),
        )
        return np.where(nan, _from_bits(bits, fmt), result)

    apply.__name__ = ufunc.__name__
    return apply


addf = _arithmetic(np.add)
subf = _arithmetic(np.subtract)
mulf = _arithmetic(np.multiply)
divf = _arithmetic(np.divide)
remf = _arithmetic(np.fmod)  # APFloat::mod: exact, with the sign of the dividend


def negf(a):
    """Flip the sign bit, NaNs included (APFloat `changeSign`)."""
    a = np.asarray(a)
    return _from_bits(_bits(a) ^ _fmt(a).sign, _fmt(a))


@_without_fp_warnings
def _extremum(a, b, *, larger: bool, nan_wins: bool):
    """LLVM 19's `maximum`/`minimum` (`nan_wins`: a NaN operand is returned as it is, the
    left one first) and `maxnum`/`minnum` (a NaN operand yields the other operand). Both
    order -0 below +0; otherwise the left operand wins ties."""
    a, b = np.asarray(a), np.asarray(b)
    take_b = (a < b) if larger else (b < a)
    mixed_zeros = (a == 0) & (b == 0) & (np.signbit(a) != np.signbit(b))
    take_b = np.where(mixed_zeros, np.signbit(a) if larger else np.signbit(b), take_b)
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    take_b = np.where(nan_a, not nan_wins, np.where(nan_b, nan_wins, take_b))
    return np.where(take_b, b, a)


def maximumf(a, b):
    return _extremum(a, b, larger=True, nan_wins=True)


def minimumf(a, b):
    return _extremum(a, b, larger=False, nan_wins=True)


def maxnumf(a, b):
    return _extremum(a, b, larger=True, nan_wins=False)


def minnumf(a, b):
    return _extremum(a, b, larger=False, nan_wins=False)


_LT, _EQ, _GT, _UNO = 1, 2, 4, 8
_CMPF = {
    "false": 0, "oeq": _EQ, "ogt": _GT, "oge": _GT | _EQ, "olt": _LT, "ole": _LT | _EQ,
    "one": _LT | _GT, "ord": _LT | _EQ | _GT, "ueq": _UNO | _EQ, "ugt": _UNO | _GT,
    "uge": _UNO | _GT | _EQ, "ult": _UNO | _LT, "ule": _UNO | _LT | _EQ,
    "une": _UNO | _LT | _GT, "uno": _UNO, "true": _LT | _EQ | _GT | _UNO,
}  # fmt: skip


@_without_fp_warnings
def cmpf(predicate: str, a, b) -> np.ndarray:
    """`arith.cmpf` by predicate name: which of the outcomes less, equal, greater and
    unordered it accepts (MLIR's `applyCmpPredicate`; -0 equals +0)."""
    a, b = np.asarray(a), np.asarray(b)
    accepted = _CMPF[predicate]
    result = np.zeros(np.broadcast(a, b).shape, dtype=bool)
    for outcome, test in ((_LT, np.less), (_EQ, np.equal), (_GT, np.greater)):
        if accepted & outcome:
            result |= test(a, b)
    if accepted & _UNO:
        result |= np.isnan(a) | np.isnan(b)
    return result


# --- floats: conversions ---------------------------------------------------------------------


def _nan_convert(x: np.ndarray, fmt: FloatFormat) -> np.ndarray:
    """The bits of `x`'s NaNs in format `fmt`: sign kept, payload shifted to the new width
    (its low bits cut when narrowing), quiet bit set, as APFloat's `convert` does."""
    src = _fmt(x)
    bits = _bits(x).astype(np.uint64)
    payload = bits & ((1 << src.mantissa) - 1)
    shift = src.mantissa - fmt.mantissa
    payload = payload >> shift if shift >= 0 else payload << -shift
    sign = (bits >> (src.width - 1)) << (fmt.width - 1)
    return (sign | payload | (fmt.exponent | fmt.quiet)).astype(fmt.bits)


def _round_nearest(x: np.ndarray, fmt: FloatFormat) -> np.ndarray:
    """`x` rounded once to nearest-even. ml_dtypes takes float64 to bfloat16 through
    float32, rounding twice; rounding to odd first makes the second rounding exact."""
    if fmt.dtype == FLOAT_FORMATS["bf16"].dtype and x.dtype == np.float64:
        x = round_to_odd_float32(x)
    return x.astype(fmt.dtype)


def _step(v: np.ndarray, upward) -> np.ndarray:
    """The neighbour of `v` toward +inf (`upward`) or -inf; +0 steps up, -0 down."""
    fmt = _fmt(v)
    bits = _bits(v).astype(np.int64)
    away_from_zero = upward != np.signbit(v)
    return _from_bits(np.where(away_from_zero, bits + 1, bits - 1), fmt)


def _round_directed(x: np.ndarray, fmt: FloatFormat, rounding: str) -> np.ndarray:
    """`x` (not NaN) rounded to `fmt` in `rounding` mode (arith's RoundingMode names)."""
    nearest = _round_nearest(x, fmt)
    if rounding == "to_nearest_even":
        return nearest
    wide, near = x.astype(np.float64), nearest.astype(np.float64)
    below = np.where(near <= wide, nearest, _step(nearest, False))
    above = np.where(near >= wide, nearest, _step(nearest, True))
    if rounding == "downward":
        return below
    if rounding == "upward":
        return above
    if rounding == "toward_zero":
        return np.where(wide < 0, above, below)
    # to_nearest_away: differs from nearest-even only on ties (the midpoint of two
    # neighbours of at most 24 bits is exact in float64).
    tie = wide == (below.astype(np.float64) + above.astype(np.float64)) / 2
    return np.where(tie & (below != above), np.where(wide < 0, below, above), nearest)


@_without_fp_warnings
def convert_float(x, fmt: FloatFormat, rounding: str = "to_nearest_even") -> np.ndarray:
    """`arith.extf` / `arith.truncf`: `x` in format `fmt`, rounded in `rounding` mode; NaNs
    keep sign and payload and are quieted."""
    x = np.asarray(x)
    nan = np.isnan(x)
    result = _round_directed(np.where(nan, 0, x).astype(x.dtype), fmt, rounding)
    if nan.any():
        result = np.where(nan, _nan_convert(x, fmt).view(fmt.dtype), result)
    return result


@_without_fp_warnings
def conversion_is_exact(x, fmt: FloatFormat):
    """Where converting `x` to `fmt` loses nothing and raises no flag (APFloat's `convert`
    returning opOK without `losesInfo`): finite values and infinities that survive the round
    trip, quiet NaNs whose payload fits. Signaling NaNs are an invalid operation."""
    x = np.asarray(x)
    src = _fmt(x)
    nan = np.isnan(x)
    round_trip = _round_nearest(np.where(nan, 0, x).astype(x.dtype), fmt).astype(x.dtype)
    bits = _bits(x).astype(np.uint64)
    lost = (1 << max(src.mantissa - fmt.mantissa, 0)) - 1
    quiet_nan_fits = ((bits & src.quiet) != 0) & ((bits & lost) == 0)
    return np.where(nan, quiet_nan_fits, round_trip == x)


def _round_integer(n: int, precision: int) -> int:
    """`n` rounded to `precision` significant bits, nearest-even, in exact arithmetic."""
    magnitude = abs(n)
    excess = magnitude.bit_length() - precision
    if excess <= 0:
        return n
    quotient, remainder = divmod(magnitude, 1 << excess)
    half = 1 << (excess - 1)
    if remainder > half or (remainder == half and quotient & 1):
        quotient += 1
    return (quotient << excess) * (1 if n >= 0 else -1)


def _integer_to_float(n: int, fmt: FloatFormat):
    rounded = _round_integer(n, fmt.precision)
    value = float(rounded) if abs(rounded).bit_length() <= 1024 else math.copysign(math.inf, n)
    return np.float64(value).astype(fmt.dtype)  # exact, or out of range: infinity


@_without_fp_warnings
def int_to_float(x, w: int, is_signed: bool, fmt: FloatFormat):
    """`arith.sitofp` / `arith.uitofp`: rounded once to nearest-even (APFloat's
    `convertFromAPInt`); values beyond the format's range become infinities. numpy's casts
    round int64 to bfloat16 twice, so exactness is taken from Python ints, with a fast path
    for arrays whose values float32 holds exactly."""
    values = x if is_signed else unsigned(x, w)
    if not isinstance(values, np.ndarray):
        return np.asarray(_integer_to_float(values, fmt))
    if values.dtype != object and values.size and np.abs(values).max() <= 1 << 24:
        return values.astype(np.float32).astype(fmt.dtype)
    out = np.array([_integer_to_float(int(v), fmt) for v in values.flat], dtype=fmt.dtype)
    return out.reshape(values.shape)


@_without_fp_warnings
def float_to_int(x, w: int, is_signed: bool):
    """`arith.fptosi` / `arith.fptoui`: values rounded toward zero, and where the operand
    is NaN, infinite or out of range (poison; APFloat's `convertToInteger` fails with
    opInvalidOp there, and those elements read 0). A Python int and bool for a scalar."""
    x = np.asarray(x)
    truncated = np.trunc(x.astype(np.float64))
    low = -np.ldexp(1.0, w - 1) if is_signed else 0.0
    high = np.ldexp(1.0, w - 1 if is_signed else w)
    invalid = ~np.isfinite(truncated) | (truncated < low) | (truncated >= high)
    truncated = np.where(invalid, 0.0, truncated)
    if truncated.ndim == 0:
        return signed(int(truncated), w), bool(invalid)
    if w <= 31:
        return signed(truncated.astype(np.int64), w), invalid
    values = np.array([int(v) for v in truncated.flat], dtype=object).reshape(x.shape)
    return signed(values, w), invalid


def bitcast_to_float(x, w: int, fmt: FloatFormat) -> np.ndarray:
    """The float whose bit pattern is the integer `x`."""
    return _from_bits(unsigned(x, w), fmt)


def bitcast_to_int(x):
    """The bit pattern of the float `x`, as a signed integer of its width."""
    x = np.asarray(x)
    fmt = _fmt(x)
    bits = _bits(x)
    if bits.ndim == 0:
        return signed(int(bits), fmt.width)
    return exact(bits, fmt.width)


def bitcast_float(x, fmt: FloatFormat) -> np.ndarray:
    """A float reinterpreted in another format of the same width (f16 <-> bf16)."""
    return np.asarray(x).view(fmt.dtype)
