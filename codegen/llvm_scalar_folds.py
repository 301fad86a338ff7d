"""Arithmetic on LLVM constants with LLVM's semantics (APInt and APFloat, as LLVM 19's
ConstantFold.cpp uses them): the scalar rules behind `llvm_folder.Folder`.

Integers wrap at their width; division by zero, `INT_MIN / -1` and over-wide shifts are
poison. Floats compute in double precision and round once to their type, which is exact
for half, bfloat and float (double has more than twice their precision plus two bits); a
NaN result is APFloat's (the first NaN operand, quieted, else the positive default NaN).
x86_fp80 and fp128 are not computed (the caller keeps the instruction).
"""

from __future__ import annotations

import math

import numpy as np

from mlc.codegen.llvm_types import FLOAT_BITS, is_fp
from mlc.codegen.llvm_values import (
    Constant,
    ConstExpr,
    ConstFP,
    ConstInt,
    ConstNull,
    ConstZero,
    GlobalRef,
    Poison,
    Undef,
    all_ones,
    const_fp,
    const_int,
    is_all_ones,
    null_value,
    splat,
)
from mlc.ir.float_format import PRECISION, round_to_type
from mlc.ir.types import FloatType, IntegerType, VectorType

INT_DIV_REM = frozenset(("udiv", "sdiv", "urem", "srem"))
QUIET_NAN = {"f16": 0x7E00, "bf16": 0x7FC0, "f32": 0x7FC00000, "f64": 0x7FF8000000000000}


def binop_identity(op: str, t, rhs_only: bool):
    """LLVM's `ConstantExpr::getBinOpIdentity` (without nsz)."""
    scalar = t.element_type if isinstance(t, VectorType) else t

    def const(c):
        return splat(t, c) if isinstance(t, VectorType) else c

    if op in ("add", "or", "xor"):
        return null_value(t)
    if op == "mul":
        return const(ConstInt(scalar, 1))
    if op == "and":
        return all_ones(t)
    if op == "fadd":
        return const(const_fp(scalar, -0.0))
    if op == "fmul":
        return const(const_fp(scalar, 1.0))
    if not rhs_only:
        return None
    if op in ("sub", "shl", "lshr", "ashr", "fsub"):
        return null_value(t)
    if op in ("sdiv", "udiv"):
        return const(ConstInt(scalar, 1))
    if op == "fdiv":
        return const(const_fp(scalar, 1.0))
    return None


def fold_undef(op: str, c1: Constant, c2: Constant):
    """The scalar undef table of `ConstantFoldBinaryInstruction`."""
    t = c1.type
    both = isinstance(c1, Undef) and isinstance(c2, Undef)
    if op == "xor" and both:
        return null_value(t)
    if op in ("xor", "add", "sub"):
        return Undef(t)
    if op == "and":
        return c1 if both else null_value(t)
    if op == "mul":
        if both:
            return c1
        known = c1 if isinstance(c1, ConstInt) else c2 if isinstance(c2, ConstInt) else None
        return Undef(t) if known is not None and known.value & 1 else null_value(t)
    if op in INT_DIV_REM:
        if isinstance(c2, Undef) or c2.is_null():
            return Poison(t)
        return null_value(t)
    if op == "or":
        return c1 if both else all_ones(t)
    if op in ("lshr", "ashr", "shl"):
        return Poison(t) if isinstance(c2, Undef) else null_value(t)
    if op == "fsub" and isinstance(c1, ConstFP) and c1.bits == 1 << (FLOAT_BITS[t.name] - 1):
        return c2  # -0.0 - undef -> undef, as fneg undef
    if op in ("fadd", "fsub", "fmul", "fdiv", "frem"):
        if both:
            return c1
        nan = QUIET_NAN.get(t.name)  # an undef operand may be NaN: the result is NaN
        return ConstFP(t, nan) if nan is not None else None
    return None


def fold_constant_rhs(op: str, c1: Constant, c2: ConstInt):
    """`ConstantFoldBinaryInstruction`'s rules for an integer right operand."""
    one = c2.value == 1
    if op in ("add", "sub", "or", "xor") and c2.is_null():
        return c1
    if op == "mul":
        if c2.is_null():
            return c2
        if one:
            return c1
    if op in ("udiv", "sdiv"):
        if one:
            return c1
        if c2.is_null():
            return Poison(c2.type)
    if op in ("urem", "srem"):
        if one:
            return null_value(c2.type)
        if c2.is_null():
            return Poison(c2.type)
    if op == "and":
        if c2.is_null():
            return c2
        if is_all_ones(c2):
            return c1
    if op == "or" and is_all_ones(c2):
        return c2
    return None


def fold_ints(op: str, c1: ConstInt, c2: ConstInt):
    t, a, b = c1.type, c1.value, c2.value
    width = t.width
    sa, sb = c1.signed, c2.signed
    min_signed = 1 << (width - 1)
    if op == "add":
        return const_int(t, a + b)
    if op == "sub":
        return const_int(t, a - b)
    if op == "mul":
        return const_int(t, a * b)
    if op == "udiv":
        return const_int(t, a // b)
    if op == "urem":
        return const_int(t, a % b)
    if op in ("sdiv", "srem"):
        if b == (1 << width) - 1 and a == min_signed:
            return Poison(t)
        quotient = abs(sa) // abs(sb) * (1 if (sa < 0) == (sb < 0) else -1)  # toward zero
        return const_int(t, quotient if op == "sdiv" else sa - quotient * sb)
    if op == "and":
        return ConstInt(t, a & b)
    if op == "or":
        return ConstInt(t, a | b)
    if op == "xor":
        return ConstInt(t, a ^ b)
    if op in ("shl", "lshr", "ashr"):
        if b >= width:
            return Poison(t)
        if op == "shl":
            return const_int(t, a << b)
        return const_int(t, (a if op == "lshr" else sa) >> b)
    return None


def fold_floats(op: str, c1: ConstFP, c2: ConstFP):
    """IEEE arithmetic in double precision, rounded once to the type: exact for half,
    bfloat and float since double has more than twice their precision plus two bits. A NaN
    result is APFloat's: the first NaN operand, quieted, sign kept; else the positive
    default NaN."""
    t = c1.type
    if t.name not in QUIET_NAN:
        return None
    for c in (c1, c2):
        if math.isnan(c.value):
            return ConstFP(t, c.bits | _quiet_bit(t))
    a, b = np.float64(c1.value), np.float64(c2.value)
    with np.errstate(all="ignore"):
        result = {"fadd": np.add, "fsub": np.subtract, "fmul": np.multiply,
                  "fdiv": np.divide, "frem": np.fmod}[op](a, b)  # fmt: skip
    value = float(result)
    if math.isnan(value):
        return ConstFP(t, QUIET_NAN[t.name])
    return const_fp(t, round_to_type(value, t.name))


def _convert_nan(bits: int, source: FloatType, dest: FloatType) -> int:
    """APFloat's conversion of a NaN: sign kept, payload shifted to the new width
    (truncated when narrowing), quiet bit set."""
    source_bits, dest_bits = FLOAT_BITS[source.name], FLOAT_BITS[dest.name]
    source_fraction, dest_fraction = PRECISION[source.name] - 1, PRECISION[dest.name] - 1
    sign = bits >> (source_bits - 1)
    payload = bits & ((1 << source_fraction) - 1)
    shift = dest_fraction - source_fraction
    payload = payload << shift if shift >= 0 else payload >> -shift
    exponent = ((1 << (dest_bits - 1 - dest_fraction)) - 1) << dest_fraction
    return (sign << (dest_bits - 1)) | exponent | payload | _quiet_bit(dest)


def _quiet_bit(t: FloatType) -> int:
    """The top bit of the significand field, set in quiet NaNs."""
    return 1 << (PRECISION[t.name] - 2)


def eliminable_cast_pair(inner: ConstExpr, op: str, dest):
    """The cast replacing `op (inner ...)` (LLVM's `isEliminableCastPair` for the pairs mlc
    folds), "noop" when the pair cancels, else None."""
    first, source = inner.opcode, inner.operands[0].type
    if first == op and op in ("trunc", "zext", "sext", "bitcast"):
        return "noop" if op == "bitcast" and source == dest else op
    if first == "zext" and op == "sext":
        return "zext"
    if first == "ptrtoint" and op == "trunc":
        return "ptrtoint"
    if first == "inttoptr" and op == "ptrtoint":
        width = source.width if isinstance(source, IntegerType) else None
        if width is not None and width <= 64 and width == getattr(dest, "width", None):
            return "noop"
    return None


def fold_scalar_cast(op: str, c: Constant, dest):
    if op in ("fptrunc", "fpext"):
        if isinstance(c, ConstFP) and c.type.name in QUIET_NAN and dest.name in QUIET_NAN:
            if math.isnan(c.value):
                return ConstFP(dest, _convert_nan(c.bits, c.type, dest))
            return const_fp(dest, round_to_type(c.value, dest.name))
        return None
    if op in ("fptoui", "fptosi"):
        if not isinstance(c, ConstFP) or c.type.name not in QUIET_NAN:
            return None
        value = c.value
        if not math.isfinite(value):
            return Poison(dest)
        whole = math.trunc(value)
        low, high = (
            (0, 1 << dest.width)
            if op == "fptoui"
            else (-(1 << (dest.width - 1)), 1 << (dest.width - 1))
        )
        return const_int(dest, whole) if low <= whole < high else Poison(dest)
    if op in ("uitofp", "sitofp"):
        if not isinstance(c, ConstInt) or dest.name not in QUIET_NAN:
            return None
        return const_fp(dest, _int_to_float(c.value if op == "uitofp" else c.signed, dest))
    if op in ("zext", "sext"):
        if not isinstance(c, ConstInt):
            return None
        return const_int(dest, c.value if op == "zext" else c.signed)
    if op == "trunc":
        return const_int(dest, c.value) if isinstance(c, ConstInt) else None
    if op == "bitcast":
        return _fold_bitcast(c, dest)
    return None  # ptrtoint, inttoptr, addrspacecast of non-null constants stay expressions


def _fold_bitcast(c: Constant, dest):
    """LLVM's `FoldBitCast` for scalars (vectors were split into lanes before)."""
    if c.type == dest:
        return c
    if is_all_ones(c):
        return all_ones(dest)
    if isinstance(dest, VectorType):
        return None
    if isinstance(c, ConstInt) and is_fp(dest) and FLOAT_BITS[dest.name] == c.type.width:
        return ConstFP(dest, c.value)
    if isinstance(c, ConstFP) and isinstance(dest, IntegerType):
        return ConstInt(dest, c.bits)
    return None


def _int_to_float(value: int, t: FloatType) -> float:
    """`value` rounded once to the float type `t` (ties to even), as APFloat's
    `convertFromAPInt`; integers beyond 2**53 are rounded to the type's precision first so
    that the conversion to a double is exact."""
    precision = PRECISION[t.name]
    magnitude = abs(value)
    excess = magnitude.bit_length() - precision
    if excess > 0:
        quotient, remainder = divmod(magnitude, 1 << excess)
        half = 1 << (excess - 1)
        if remainder > half or (remainder == half and quotient & 1):
            quotient += 1
        magnitude = quotient << excess
    try:
        as_double = float(magnitude)
    except OverflowError:
        as_double = math.inf
    return round_to_type(math.copysign(as_double, -1.0 if value < 0 else 1.0), t.name)


def not_poison(c: Constant) -> bool:
    if isinstance(c, (Undef, ConstExpr)):
        return False
    if isinstance(c, (ConstInt, ConstFP, ConstNull, GlobalRef)):
        return True
    if isinstance(c.type, VectorType):
        if isinstance(c, ConstZero):
            return True
        return all(not isinstance(e, (Poison, ConstExpr)) for e in c.elements)
    return False


def int_compare(pred: str, c1: ConstInt, c2: ConstInt) -> bool:
    if pred[0] == "s":
        a, b = c1.signed, c2.signed
        pred = pred[1:]
    elif pred[0] == "u":
        a, b = c1.value, c2.value
        pred = pred[1:]
    else:
        a, b = c1.value, c2.value
    return {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b,
            "ge": a >= b}[pred]  # fmt: skip


def float_compare(pred: str, a: float, b: float) -> bool:
    unordered = math.isnan(a) or math.isnan(b)
    if pred == "ord":
        return not unordered
    if pred == "uno":
        return unordered
    if unordered:
        return pred[0] == "u"
    relation = pred[1:]
    return {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b,
            "ge": a >= b}[relation]  # fmt: skip
