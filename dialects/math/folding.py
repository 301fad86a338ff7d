"""Constant folding of the math ops, as MLIR 19 folds them (MathOps.cpp, with the element-wise
drivers of CommonFolders.h).

What MLIR computes with APFloat or APInt (abs, ceil, floor, roundeven, copysign, the bit
counts, integer powers) folds on every type and is exact here too. What it computes with the
C library (sin, exp, log, pow, ...) folds on f32 and f64 only, through `sinf` and `sin`: these
folders call the same C functions (via ctypes), so the folded values, NaN bits included, are
the ones mlir-opt computes on the same machine.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

import numpy as np

from mlc.ir.attributes import Attribute, FloatAttr, IntegerAttr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import attr_to_value
from mlc.ir.types import IndexType, IntegerType

_LIBM = ctypes.CDLL(ctypes.util.find_library("m"))


@functools.cache
def _c_function(name: str, arity: int, single: bool):
    """The C library's `name` (its `float` variant `namef` when `single`), typed for ctypes."""
    c_type = ctypes.c_float if single else ctypes.c_double
    fn = getattr(_LIBM, name + "f" if single else name)
    fn.restype = c_type
    fn.argtypes = [c_type] * arity
    return fn


class Libm:
    """Folds with the C function `name` on f32 and f64 elements, and declines other types,
    as MLIR's `APFloat::Semantics` switch does; `defined(*elements)` False declines too
    (MLIR leaves `log` of a negative number unfolded)."""

    __slots__ = ("name", "defined")

    def __init__(self, name: str, defined: Callable[..., bool] | None = None) -> None:
        self.name = name
        self.defined = defined

    def __call__(self, *elements):
        dtype = elements[0].dtype
        if dtype != np.float32 and dtype != np.float64:
            return None
        if self.defined is not None and not self.defined(*elements):
            return None
        fn = _c_function(self.name, len(elements), dtype == np.float32)
        return dtype.type(fn(*elements))

    def __repr__(self) -> str:
        return f"Libm({self.name!r})"


class Exact:
    """Folds with a numpy function that is exact on every float type, as the APFloat
    operation MLIR uses (`roundToIntegral`, `copySign`, `clearSign`). It runs on float64,
    which holds every narrower value and NaN payload exactly (numpy's float16 and bfloat16
    functions would go through float32 and lose payloads)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def __call__(self, *elements):
        return self.fn(*(np.float64(e) for e in elements))

    def __repr__(self) -> str:
        return f"Exact({self.fn.__name__})"


def non_negative(x) -> bool:
    """`!APFloat::isNegative()`: the sign bit is clear (so -0.0 and -NaN are negative)."""
    return not np.signbit(x)


def one_plus_non_negative(x) -> bool:
    """`log1p`'s condition: `x + 1`, rounded in `x`'s type, has a clear sign bit."""
    return not np.signbit(x + x.dtype.type(1))


def atan2(y, x):
    """MLIR folds atan2(±0, ±0) to the default NaN on every float type (before it looks at
    the type), and other values with the C library's `atan2`."""
    if y == 0 and x == 0:
        return y.dtype.type(np.nan)
    return _ATAN2(y, x)


_ATAN2 = Libm("atan2")


# --- integers: APInt semantics on the signed reading of `width`-bit values ---------------------
def absi(width: int, x: int) -> int:
    return abs(x)  # wraps back to itself for the minimum value, as APInt::abs


def ctlz(width: int, x: int) -> int:
    return width - (x & ((1 << width) - 1)).bit_length()


def cttz(width: int, x: int) -> int:
    x &= (1 << width) - 1
    return width if x == 0 else (x & -x).bit_length() - 1


def ctpop(width: int, x: int) -> int:
    return bin(x & ((1 << width) - 1)).count("1")


def ipowi(width: int, base: int, power: int) -> int | None:
    """MLIR's IPowIOp folder: 0 to a negative power stays unfolded; other negative powers give
    1, -1 or 0; positive powers multiply out, wrapping at `width` bits."""
    if power == 0:
        return 1
    if power < 0:
        if base == 0:
            return None
        if base == 1 or (base == -1 and power % 2 == 0):
            return 1
        return -1 if base == -1 else 0
    return pow(base, power, 1 << width)


# --- the element-wise driver -------------------------------------------------------------------
_NUMPY_FLOATS = ("f16", "bf16", "f32", "f64")


def _integer_width(element_type) -> int | None:
    if isinstance(element_type, IndexType):
        return 64
    if isinstance(element_type, IntegerType):
        return element_type.width
    return None


def signed(value: int, width: int) -> int:
    """The signed reading of the low `width` bits of `value` (APInt's `getSExtValue`)."""
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


def fold_elementwise(fn, operand_constants: list, result_type) -> Attribute | None:
    """`fn` applied element by element to constant operands, all scalars (IntegerAttr,
    FloatAttr) or all dense elements attributes; None when an operand is not constant or `fn`
    declines an element (MLIR's `constFold{Unary,Binary}OpConditional`). Float elements reach
    `fn` as numpy scalars of their type, bit-exact; integer elements as `fn(width, *ints)`
    with the signed reading of each. Floats numpy cannot hold (f80, f8 types) do not fold."""
    if not operand_constants or any(c is None for c in operand_constants):
        return None
    element_type = getattr(result_type, "element_type", result_type)
    width = _integer_width(element_type)
    if width is not None:
        element_fn = functools.partial(_integer_element, fn, width)
    elif element_type.name in _NUMPY_FLOATS:
        element_fn = fn
    else:
        return None
    kinds = {type(c) for c in operand_constants}
    if kinds <= {IntegerAttr, FloatAttr}:
        out = element_fn(*(attr_to_value(c) for c in operand_constants))
        if out is None:
            return None
        if width is not None:
            return IntegerAttr(out, result_type)
        return FloatAttr(float(out), result_type)
    if kinds != {DenseElementsAttr}:
        return None
    if all(c.is_splat for c in operand_constants):
        out = element_fn(*(attr_to_value(c).flat[0] for c in operand_constants))
        return None if out is None else DenseElementsAttr.from_array(out, result_type)
    arrays = [attr_to_value(c).ravel() for c in operand_constants]
    results = []
    for elements in zip(*arrays):
        out = element_fn(*elements)
        if out is None:
            return None
        results.append(out)
    shape = result_type.shape
    values = np.array(results, dtype=object if width is not None else np.float64)
    return DenseElementsAttr.from_array(values.reshape(shape), result_type)


def _integer_element(fn, width: int, *elements) -> int | None:
    out = fn(width, *(signed(int(e), width) for e in elements))
    if out is None:
        return None
    return out & 1 if width == 1 else signed(out, width)  # i1 attributes hold 0 or 1
