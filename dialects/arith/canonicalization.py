"""Canonicalization patterns of the arith ops: MLIR 19's, from ArithCanonicalization.td and
the C++ patterns of ArithOps.cpp (`SelectToExtUI`, `CmpFIntToFPConst`), as a table of small
rules. `patterns_for(cls)` is what each arith op's `get_canonicalization_patterns` returns.

A pattern's label (what `canonicalize{disable-patterns=...}` names) is its MLIR name in
snake case. MLIR orders patterns by benefit; these all have benefit 1 and keep the order of
MLIR's `getCanonicalizationPatterns`, which only matters where two rules match the same op,
and those converge on the same result. Ops created by a rule take the replaced op's location
(MLIR's DRR fuses the locations of all the matched ops). Every change goes through the
PatternRewriter.

Two differences from MLIR 19, where it is wrong: IndexCastOfIndexCast (and IndexCastUIOfIndexCastUI)
leaves round trips through a narrower type, as later MLIR does; CmpFIntToFPConst leaves the
predicates `false` and `true`, on which mlir-opt 19 crashes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from mlc.dialects.arith import semantics as sem
from mlc.dialects.arith.attributes import (
    CMPF_PREDICATES,
    CMPI_PREDICATES,
    NO_OVERFLOW,
    IntegerOverflowFlagsAttr,
)
from mlc.dialects.arith.folding import (
    constant_of,
    int_constant,
    producer,
    to_attr,
    zero_attr,
)
from mlc.dialects.arith.ops import (
    AddIOp,
    AddUIExtendedOp,
    AndIOp,
    BitcastOp,
    CmpFOp,
    CmpIOp,
    ConstantOp,
    DivFOp,
    ExtSIOp,
    ExtUIOp,
    IndexCastOp,
    IndexCastUIOp,
    MulFOp,
    MulIOp,
    MulSIExtendedOp,
    MulUIExtendedOp,
    NegFOp,
    OrIOp,
    SelectOp,
    ShRSIOp,
    ShRUIOp,
    SIToFPOp,
    SubIOp,
    TruncIOp,
    UIToFPOp,
    XOrIOp,
)
from mlc.ir.attributes import FloatAttr, IntegerAttr, bool_attr
from mlc.ir.operation import Operation
from mlc.ir.rewrite.pattern import FunctionPattern, PatternRewriter, RewritePattern, pattern
from mlc.ir.types import IntegerType


def patterns_for(cls: type) -> tuple[RewritePattern, ...]:
    """The canonicalization patterns of arith op class `cls`."""
    return PATTERNS.get(cls, ())


def _rule(root: type, name: str, fn: Callable[[Operation, PatternRewriter], bool]):
    """A pattern on `root` labelled `name`, from a function built by a rule factory."""
    fn.__name__ = name
    return FunctionPattern(fn, root, 1)


def _constant(rewriter: PatternRewriter, attr, op: Operation):
    """A new `arith.constant` of `attr` before `op`; its result."""
    return rewriter.create(ConstantOp, attr, op.location).results[0]


def _scalar_int(value) -> tuple[int, int] | None:
    """(signed value, width) of a scalar integer constant (DRR's `APIntAttr`)."""
    attr = constant_of(value)
    return int_constant(attr) if type(attr) is IntegerAttr else None


def _flags(op: Operation) -> IntegerOverflowFlagsAttr:
    return op.properties.get("overflowFlags", NO_OVERFLOW)


def _predicate(op: Operation, enum=CMPI_PREDICATES) -> str:
    return enum.keywords[op.properties["predicate"].value]


# --- constant reassociation (addi, subi, muli) -------------------------------------------------


class Reassociation(NamedTuple):
    """`root(inner(x, c0), c1)` (operand positions as given) becomes `result(x, combine(c0,
    c1))` or `result(combine(c0, c1), x)`, with both ops' overflow flags intersected
    (`merge`, MLIR's `mergeOverflowFlags`) or none. The constants are scalar integers."""

    name: str
    root: type
    inner_on_left: bool  # the inner op is the root's left operand; c1 is the other one
    inner: type
    c0_on_left: bool  # c0 is the inner op's left operand; x is the other one
    result: type
    x_on_left: bool
    combine: Callable[[int, int, int], int]  # (c0, c1, width) -> the new constant
    merge: bool = True


def _plus(c0, c1, w):
    return sem.addi(c0, c1, w)


def _c0_minus_c1(c0, c1, w):
    return sem.subi(c0, c1, w)


def _c1_minus_c0(c0, c1, w):
    return sem.subi(c1, c0, w)


def _times(c0, c1, w):
    return sem.muli(c0, c1, w)


L, R = True, False
REASSOCIATIONS = (
    # addi(addi(x, c0), c1) -> addi(x, c0 + c1)
    Reassociation("add_i_add_constant", AddIOp, L, AddIOp, R, AddIOp, L, _plus),
    # addi(subi(x, c0), c1) -> addi(x, c1 - c0)
    Reassociation("add_i_sub_constant_rhs", AddIOp, L, SubIOp, R, AddIOp, L, _c1_minus_c0),
    # addi(subi(c0, x), c1) -> subi(c0 + c1, x)
    Reassociation("add_i_sub_constant_lhs", AddIOp, L, SubIOp, L, SubIOp, R, _plus),
    # subi(addi(x, c0), c1) -> addi(x, c0 - c1), without flags
    Reassociation("sub_i_rhs_add_constant", SubIOp, L, AddIOp, R, AddIOp, L, _c0_minus_c1, False),
    # subi(c1, addi(x, c0)) -> subi(c1 - c0, x)
    Reassociation("sub_i_lhs_add_constant", SubIOp, R, AddIOp, R, SubIOp, R, _c1_minus_c0),
    # subi(subi(x, c0), c1) -> subi(x, c0 + c1)
    Reassociation("sub_i_rhs_sub_constant_rhs", SubIOp, L, SubIOp, R, SubIOp, L, _plus),
    # subi(subi(c0, x), c1) -> subi(c0 - c1, x)
    Reassociation("sub_i_rhs_sub_constant_lhs", SubIOp, L, SubIOp, L, SubIOp, R, _c0_minus_c1),
    # subi(c1, subi(x, c0)) -> subi(c0 + c1, x)
    Reassociation("sub_i_lhs_sub_constant_rhs", SubIOp, R, SubIOp, R, SubIOp, R, _plus),
    # subi(c1, subi(c0, x)) -> addi(x, c1 - c0)
    Reassociation("sub_i_lhs_sub_constant_lhs", SubIOp, R, SubIOp, L, AddIOp, L, _c1_minus_c0),
    # muli(muli(x, c0), c1) -> muli(x, c0 * c1)
    Reassociation("mul_i_mul_i_constant", MulIOp, L, MulIOp, R, MulIOp, L, _times),
)


def _reassociate(rule: Reassociation) -> RewritePattern:
    # Hot path (tried on every addi, subi and muli, rarely matching): the rule's fields
    # are read once, here, not per attempt.
    inner_at, c1_at = (0, 1) if rule.inner_on_left else (1, 0)
    c0_at, x_at = (0, 1) if rule.c0_on_left else (1, 0)
    inner_cls = rule.inner

    def rewrite(op, rewriter):
        inner = producer(op.operand(inner_at), inner_cls)
        if inner is None:
            return False
        c1 = _scalar_int(op.operand(c1_at))
        if c1 is None:
            return False
        c0 = _scalar_int(inner.operand(c0_at))
        if c0 is None:
            return False
        x = inner.operand(x_at)
        result_type = op.results[0].type
        value = rule.combine(c0[0], c1[0], sem.int_width(result_type))
        constant = _constant(rewriter, to_attr(value, result_type), op)
        flags = IntegerOverflowFlagsAttr(_flags(inner).flags & _flags(op).flags)
        operands = (x, constant) if rule.x_on_left else (constant, x)
        new = rewriter.create(
            rule.result, *operands, overflowFlags=flags if rule.merge else NO_OVERFLOW,
            loc=op.location,
        )  # fmt: skip
        rewriter.replace_op(op, new)
        return True

    return _rule(rule.root, rule.name, rewrite)


def _is_negative_one(value) -> bool:
    """A scalar or splat integer constant of all ones (`IsScalarOrSplatNegativeOne`)."""
    c = int_constant(constant_of(value))
    return c is not None and c[0] == -1


def _add_of_negation(negated_on_right: bool) -> RewritePattern:
    """addi(x, muli(y, -1)) -> subi(x, y), and with the product on the left."""

    def rewrite(op, rewriter):
        mul = producer(op.operand(1 if negated_on_right else 0), MulIOp)
        if mul is None or not _is_negative_one(mul.operand(1)):
            return False
        x = op.operand(0 if negated_on_right else 1)
        rewriter.replace_op(op, rewriter.create(SubIOp, x, mul.operand(0), loc=op.location))
        return True

    side = "rhs" if negated_on_right else "lhs"
    return _rule(AddIOp, f"add_i_mul_negative_one_{side}", rewrite)


@pattern(SubIOp)
def sub_i_sub_i_lhs_rhs_lhs(op, rewriter):
    """SubISubILHSRHSLHS: subi(subi(a, b), a) -> subi(0, b)."""
    inner = producer(op.operand(0), SubIOp)
    if inner is None or inner.operand(0) is not op.operand(1):
        return False
    b = inner.operand(1)
    zero = zero_attr(b.type)
    if zero is None:  # a dynamically shaped tensor
        return False
    zero = _constant(rewriter, zero, op)
    flags = IntegerOverflowFlagsAttr(_flags(inner).flags & _flags(op).flags)
    rewriter.replace_op(op, rewriter.create(SubIOp, zero, b, overflowFlags=flags, loc=op.location))
    return True


# --- extended arithmetic ------------------------------------------------------------------------


def _narrow_extended(cls: type, narrow: type, name: str) -> RewritePattern:
    """`cls(x, y)` whose second result is unused -> `narrow(x, y)` and `x` for the unused
    result (any value will do for it)."""

    def rewrite(op, rewriter):
        if op.results[1].has_uses():
            return False
        x, y = op.operand(0), op.operand(1)
        new = rewriter.create(narrow, x, y, loc=op.location)
        rewriter.replace_op(op, [new.results[0], x])
        return True

    return _rule(cls, name, rewrite)


@pattern(MulSIExtendedOp)
def mul_si_extended_rhs_one(op, rewriter):
    """MulSIExtendedRHSOne: mulsi_extended(x, 1) -> x, extsi(cmpi slt, x, 0): the high half
    is the sign. Only for widths where 1 is positive (not i1)."""
    c = int_constant(constant_of(op.operand(1)))
    if c is None or c[0] != 1:
        return False
    x = op.operand(0)
    zero = zero_attr(x.type)
    if zero is None:  # a dynamically shaped tensor
        return False
    zero = _constant(rewriter, zero, op)
    slt = CMPI_PREDICATES.make(CMPI_PREDICATES.keywords.index("slt"))
    negative = rewriter.create(CmpIOp, x, zero, predicate=slt, loc=op.location)
    sign = rewriter.create(ExtSIOp, negative.results[0], out=x.type, loc=op.location)
    rewriter.replace_op(op, [x, sign.results[0]])
    return True


# --- bitwise ----------------------------------------------------------------------------------

_INVERTED = {"eq": "ne", "ne": "eq", "slt": "sge", "sge": "slt", "sle": "sgt", "sgt": "sle",
             "ult": "uge", "uge": "ult", "ule": "ugt", "ugt": "ule"}  # fmt: skip
_TRUE = bool_attr(True)


@pattern(XOrIOp)
def xor_i_not_cmp_i(op, rewriter):
    """XOrINotCmpI: xori(cmpi(pred, a, b), true) -> cmpi(!pred, a, b)."""
    cmp = producer(op.operand(0), CmpIOp)
    if cmp is None or constant_of(op.operand(1)) != _TRUE:
        return False
    inverted = CMPI_PREDICATES.make(CMPI_PREDICATES.keywords.index(_INVERTED[_predicate(cmp)]))
    a, b = cmp.operand(0), cmp.operand(1)
    rewriter.replace_op(op, rewriter.create(CmpIOp, a, b, predicate=inverted, loc=op.location))
    return True


def _of_extensions(cls: type, ext: type, name: str) -> RewritePattern:
    """cls(ext(x), ext(y)) -> ext(cls(x, y)) for x and y of one type (AndOfExtUI, ...)."""

    def rewrite(op, rewriter):
        lhs, rhs = producer(op.operand(0), ext), producer(op.operand(1), ext)
        if lhs is None or rhs is None:
            return False
        x, y = lhs.operand(0), rhs.operand(0)
        if x.type != y.type:
            return False
        narrow = rewriter.create(cls, x, y, loc=op.location)
        wide = rewriter.create(ext, narrow.results[0], out=op.results[0].type, loc=op.location)
        rewriter.replace_op(op, wide)
        return True

    return _rule(cls, name, rewrite)


# --- comparisons ------------------------------------------------------------------------------


def _cmpi_of_extensions(ext: type, name: str) -> RewritePattern:
    """CmpIExtSI / CmpIExtUI: cmpi(eq|ne, ext(a), ext(b)) -> cmpi(eq|ne, a, b)."""

    def rewrite(op, rewriter):
        if _predicate(op) not in ("eq", "ne"):
            return False
        lhs, rhs = producer(op.operand(0), ext), producer(op.operand(1), ext)
        if lhs is None or rhs is None or lhs.operand(0).type != rhs.operand(0).type:
            return False
        rewriter.replace_op(op, rewriter.create(
            CmpIOp, lhs.operand(0), rhs.operand(0), predicate=op.properties["predicate"],
            loc=op.location,
        ))  # fmt: skip
        return True

    return _rule(CmpIOp, name, rewrite)


_CMPF_TO_CMPI = {
    "oeq": ("eq", "eq"),
    "ueq": ("eq", "eq"),
    "one": ("ne", "ne"),
    "une": ("ne", "ne"),
    "ogt": ("sgt", "ugt"),
    "ugt": ("sgt", "ugt"),
    "oge": ("sge", "uge"),
    "uge": ("sge", "uge"),
    "olt": ("slt", "ult"),
    "ult": ("slt", "ult"),
    "ole": ("sle", "ule"),
    "ule": ("sle", "ule"),
}  # fmt: skip: the cmpi predicate for a signed / unsigned source


def _ilogb(x: float) -> int:
    """APFloat's `ilogb` of a finite nonzero value (a large negative number for zero)."""
    return math.frexp(x)[1] - 1 if x != 0 else -(2**31) + 1


@pattern(CmpFOp)
def cmp_f_int_to_fp_const(op, rewriter):
    """CmpFIntToFPConst: cmpf(pred, sitofp(x) or uitofp(x), c) -> cmpi on `x` against `c`
    made an integer, or a constant, when converting `x` loses nothing that could change
    the comparison. Not for the predicates `false` and `true`, which crash mlir-opt 19."""
    rhs_attr = constant_of(op.operand(1))
    fmt = sem.float_format(op.operand(1).type)
    predicate = _predicate(op, CMPF_PREDICATES)
    if type(rhs_attr) is not FloatAttr or fmt is None or predicate in ("false", "true"):
        return False
    rhs = rhs_attr.value
    if math.isnan(rhs):
        return False
    source = producer(op.operand(0), SIToFPOp)
    is_unsigned = source is None
    source = source or producer(op.operand(0), UIToFPOp)
    if source is None:
        return False
    x = source.operand(0)
    width = x.type.width
    value_bits = width if is_unsigned else width - 1
    if width > fmt.precision:  # the conversion may round: can that change the comparison?
        if math.isinf(rhs):
            max_exponent = ((1 << (fmt.width - 1 - fmt.mantissa)) - 1) >> 1
            if max_exponent < value_bits:
                return False
        elif fmt.precision <= _ilogb(rhs) <= value_bits:
            return False
    if predicate in ("ord", "uno"):  # an integer converts to no NaN
        return _replace_by_bool(rewriter, op, predicate == "ord")
    int_predicate = _CMPF_TO_CMPI[predicate][is_unsigned]

    def as_float(n: int) -> float:
        return float(sem.int_to_float(n, width, not is_unsigned, fmt))

    low, high = (0, -1) if is_unsigned else (-(1 << (width - 1)), (1 << (width - 1)) - 1)
    if as_float(high) < rhs:  # above every value of x
        return _replace_by_bool(rewriter, op, int_predicate in ("ne", "slt", "sle", "ult", "ule"))
    if as_float(low) > rhs:  # below every value of x
        return _replace_by_bool(rewriter, op, int_predicate in ("ne", "sgt", "sge", "ugt", "uge"))
    rhs_int, invalid = sem.float_to_int(np.asarray(rhs, fmt.dtype), width, not is_unsigned)
    if invalid:
        return False
    if rhs != 0 and as_float(rhs_int) != rhs:  # a fractional constant, rounded toward zero
        outcome = _FRACTIONAL[int_predicate][rhs < 0]
        if type(outcome) is bool:
            return _replace_by_bool(rewriter, op, outcome)
        int_predicate = outcome
    constant = _constant(rewriter, to_attr(rhs_int, x.type), op)
    new_predicate = CMPI_PREDICATES.make(CMPI_PREDICATES.keywords.index(int_predicate))
    rewriter.replace_op(
        op, rewriter.create(CmpIOp, x, constant, predicate=new_predicate, loc=op.location)
    )
    return True


# What a comparison against a fractional constant, rounded toward zero, becomes for a
# nonnegative and for a negative constant: another predicate, or a constant result.
_FRACTIONAL = {
    "eq": (False, False), "ne": (True, True),
    "ule": ("ule", False), "sle": ("sle", "slt"),
    "ult": ("ule", False), "slt": ("sle", "slt"),
    "ugt": ("ugt", True), "sgt": ("sgt", "sge"),
    "uge": ("ugt", True), "sge": ("sgt", "sge"),
}  # fmt: skip


def _replace_by_bool(rewriter: PatternRewriter, op: Operation, value: bool) -> bool:
    rewriter.replace_op(op, rewriter.create(ConstantOp, bool_attr(value), op.location))
    return True


# --- select -----------------------------------------------------------------------------------


def _redundant_select(nested_on_true: bool) -> RewritePattern:
    """RedundantSelectTrue / False: select(p, select(p, a, b), c) -> select(p, a, c), and
    select(p, a, select(p, b, c)) -> select(p, a, c)."""

    def rewrite(op, rewriter):
        condition, on_true, on_false = op.operands
        inner = producer(on_true if nested_on_true else on_false, SelectOp)
        if inner is None or inner.operand(0) is not condition:
            return False
        if nested_on_true:
            on_true = inner.operand(1)
        else:
            on_false = inner.operand(2)
        _replace_by_select(rewriter, op, condition, on_true, on_false)
        return True

    name = "redundant_select_true" if nested_on_true else "redundant_select_false"
    return _rule(SelectOp, name, rewrite)


def _replace_by_select(rewriter, op, condition, on_true, on_false) -> None:
    new = rewriter.create(
        SelectOp, condition, on_true, on_false, result=op.results[0].type, loc=op.location
    )
    rewriter.replace_op(op, new)


@pattern(SelectOp)
def select_not_cond(op, rewriter):
    """SelectNotCond: select(xori(p, all ones), a, b) -> select(p, b, a)."""
    condition, on_true, on_false = op.operands
    xor = producer(condition, XOrIOp)
    ones = _scalar_int(xor.operand(1)) if xor is not None else None
    if ones is None or ones[0] != -1:
        return False
    _replace_by_select(rewriter, op, xor.operand(0), on_false, on_true)
    return True


_FALSE = bool_attr(False)


@pattern(SelectOp)
def select_i1_to_not(op, rewriter):
    """SelectI1ToNot: select(p, false, true) -> xori(p, true)."""
    condition, on_true, on_false = op.operands
    if constant_of(on_true) != _FALSE or constant_of(on_false) != _TRUE:
        return False
    true = _constant(rewriter, _TRUE, op)
    rewriter.replace_op(op, rewriter.create(XOrIOp, condition, true, loc=op.location))
    return True


@pattern(SelectOp)
def select_to_ext_ui(op, rewriter):
    """SelectToExtUI: select(p, 1, 0) -> extui(p) and select(p, 0, 1) -> extui(not(p)), for
    scalar integers wider than i1."""
    result_type = op.results[0].type
    if type(result_type) is not IntegerType or result_type.width == 1:
        return False
    condition, on_true, on_false = op.operands
    t, f = int_constant(constant_of(on_true)), int_constant(constant_of(on_false))
    if t is None or f is None or {t[0], f[0]} != {0, 1}:
        return False
    if t[0] == 0:
        true = _constant(rewriter, IntegerAttr(1, condition.type), op)
        condition = rewriter.create(XOrIOp, condition, true, loc=op.location).results[0]
    rewriter.replace_op(op, rewriter.create(ExtUIOp, condition, out=result_type, loc=op.location))
    return True


# --- casts ------------------------------------------------------------------------------------


def _cast_of_cast(outer: type, inner: type, name: str, new: type | None) -> RewritePattern:
    """outer(inner(x)) -> new(x) with the outer op's result type; with `new` None, -> x
    for a round trip back to x's type through a type at least as wide (index: 64 bits).
    MLIR 19's IndexCastOfIndexCast also takes lossy round trips (index -> i32 -> index) to
    x, which changes values that do not fit; later MLIR checks the width, as here."""

    def rewrite(op, rewriter):
        source = producer(op.operand(0), inner)
        if source is None:
            return False
        x, result_type = source.operand(0), op.results[0].type
        if new is None:
            if x.type != result_type or _width(source.results[0]) < _width(x):
                return False
            rewriter.replace_op(op, [x])
            return True
        rewriter.replace_op(op, rewriter.create(new, x, out=result_type, loc=op.location))
        return True

    return _rule(outer, name, rewrite)


def _width(value) -> int:
    return sem.int_width(value.type)


def _trunc_of_extension(ext: type, name: str) -> RewritePattern:
    """TruncIExtSIToExtSI / TruncIExtUIToExtUI: trunci(ext(x)) -> ext(x) when the
    truncation only drops extension bits."""

    def rewrite(op, rewriter):
        source = producer(op.operand(0), ext)
        if source is None:
            return False
        x, result = source.operand(0), op.results[0]
        if not _width(source.results[0]) > _width(result) > _width(x):
            return False
        rewriter.replace_op(op, rewriter.create(ext, x, out=result.type, loc=op.location))
        return True

    return _rule(TruncIOp, name, rewrite)


@pattern(TruncIOp)
def trunc_i_shr_si_to_trunc_i_shr_ui(op, rewriter):
    """TruncIShrSIToTrunciShrUI: trunci(shrsi(x, c)) -> trunci(shrui(x, c)) when `c` is
    exactly the number of bits truncated: the sign bits shifted in are dropped."""
    shift = producer(op.operand(0), ShRSIOp)
    if shift is None:
        return False
    x = shift.operand(0)
    amount_attr = constant_of(shift.operand(1))
    amount = int_constant(amount_attr)
    if amount is None or sem.unsigned(*amount) != _width(x) - _width(op.results[0]):
        return False
    constant = _constant(rewriter, amount_attr, op)
    shrui = rewriter.create(ShRUIOp, x, constant, loc=op.location)
    rewriter.replace_op(
        op, rewriter.create(TruncIOp, shrui.results[0], out=op.results[0].type, loc=op.location)
    )
    return True


# --- floats -----------------------------------------------------------------------------------


def _of_negations(cls: type, name: str) -> RewritePattern:
    """MulFOfNegF / DivFOfNegF: op(negf(x), negf(y)) -> op(x, y), keeping the op's flags."""

    def rewrite(op, rewriter):
        lhs, rhs = producer(op.operand(0), NegFOp), producer(op.operand(1), NegFOp)
        if lhs is None or rhs is None:
            return False
        x, y = lhs.operands[0], rhs.operands[0]  # NegFOp's field `operand` hides the method
        if x.type != y.type:
            return False
        new = rewriter.create(cls, x, y, fastmath=op.properties.get("fastmath"), loc=op.location)
        rewriter.replace_op(op, new)
        return True

    return _rule(cls, name, rewrite)


# --- the table --------------------------------------------------------------------------------

_REASSOCIATE = {rule.name: _reassociate(rule) for rule in REASSOCIATIONS}

PATTERNS: dict[type, tuple[RewritePattern, ...]] = {
    AddIOp: (
        _REASSOCIATE["add_i_add_constant"],
        _REASSOCIATE["add_i_sub_constant_rhs"],
        _REASSOCIATE["add_i_sub_constant_lhs"],
        _add_of_negation(negated_on_right=True),
        _add_of_negation(negated_on_right=False),
    ),
    SubIOp: (
        *(_REASSOCIATE[rule.name] for rule in REASSOCIATIONS if rule.root is SubIOp),
        sub_i_sub_i_lhs_rhs_lhs,
    ),
    MulIOp: (_REASSOCIATE["mul_i_mul_i_constant"],),
    AddUIExtendedOp: (_narrow_extended(AddUIExtendedOp, AddIOp, "add_ui_extended_to_add_i"),),
    MulSIExtendedOp: (
        _narrow_extended(MulSIExtendedOp, MulIOp, "mul_si_extended_to_mul_i"),
        mul_si_extended_rhs_one,
    ),
    MulUIExtendedOp: (_narrow_extended(MulUIExtendedOp, MulIOp, "mul_ui_extended_to_mul_i"),),
    XOrIOp: (
        xor_i_not_cmp_i,
        _of_extensions(XOrIOp, ExtUIOp, "xor_i_of_ext_ui"),
        _of_extensions(XOrIOp, ExtSIOp, "xor_i_of_ext_si"),
    ),
    AndIOp: (
        _of_extensions(AndIOp, ExtUIOp, "and_of_ext_ui"),
        _of_extensions(AndIOp, ExtSIOp, "and_of_ext_si"),
    ),
    OrIOp: (
        _of_extensions(OrIOp, ExtUIOp, "or_of_ext_ui"),
        _of_extensions(OrIOp, ExtSIOp, "or_of_ext_si"),
    ),
    CmpIOp: (
        _cmpi_of_extensions(ExtSIOp, "cmp_i_ext_si"),
        _cmpi_of_extensions(ExtUIOp, "cmp_i_ext_ui"),
    ),
    CmpFOp: (cmp_f_int_to_fp_const,),
    SelectOp: (
        _redundant_select(nested_on_true=False),
        _redundant_select(nested_on_true=True),
        select_not_cond,
        select_i1_to_not,
        select_to_ext_ui,
    ),
    ExtSIOp: (_cast_of_cast(ExtSIOp, ExtUIOp, "ext_si_of_ext_ui", ExtUIOp),),
    TruncIOp: (
        _trunc_of_extension(ExtSIOp, "trunc_i_ext_si_to_ext_si"),
        _trunc_of_extension(ExtUIOp, "trunc_i_ext_ui_to_ext_ui"),
        trunc_i_shr_si_to_trunc_i_shr_ui,
    ),
    IndexCastOp: (
        _cast_of_cast(IndexCastOp, IndexCastOp, "index_cast_of_index_cast", None),
        _cast_of_cast(IndexCastOp, ExtSIOp, "index_cast_of_ext_si", IndexCastOp),
    ),
    IndexCastUIOp: (
        _cast_of_cast(IndexCastUIOp, IndexCastUIOp, "index_cast_ui_of_index_cast_ui", None),
        _cast_of_cast(IndexCastUIOp, ExtUIOp, "index_cast_ui_of_ext_ui", IndexCastUIOp),
    ),
    BitcastOp: (_cast_of_cast(BitcastOp, BitcastOp, "bitcast_of_bitcast", BitcastOp),),
    MulFOp: (_of_negations(MulFOp, "mul_f_of_neg_f"),),
    DivFOp: (_of_negations(DivFOp, "div_f_of_neg_f"),),
}
