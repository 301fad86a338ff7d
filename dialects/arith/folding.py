"""Fold hooks of the arith ops: MLIR 19's `fold` methods (mlir/lib/Dialect/Arith/IR/
ArithOps.cpp) on top of the constant folders of mlir/Dialect/CommonFolders.h.

`fold(op, operand_constants)` is every foldable arith op's `fold` (see ops.py and the contract
in `mlc.ir.rewrite.folding`). It runs the op's rule from `FOLDERS`; where the rule fails or
folds in place it then runs the Commutative trait's fold, which moves constant operands to
the right (`OpTrait::impl::foldCommutative`, which MLIR's fold hook runs in that case). A rule
returns, for a single-result op, one Attribute (a constant to materialize), Value or None; for
several results a list or None.

Constants are computed by `semantics.py`. Where MLIR 19 folds oddly, the rules do the same
and say so. They differ where MLIR 19 is wrong:
- folds to a constant of a dynamically shaped tensor type (`subi(x, x)`, `cmpi eq, x, x`,
  ...), an attribute MLIR cannot represent, are not done;
- `maxnumf` and `minnumf` fold as the ops are defined, a NaN operand giving the other one
  (the interpreter and compiled code agree): MLIR 19 folds `maxnumf(x, -inf)` and
  `minnumf(x, +inf)` to `x`, wrong for a NaN `x`, and `maxnumf` of constants with
  llvm::maximum, where a NaN wins. Later MLIR fixed both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np

from mlc.dialects.arith import semantics as sem
from mlc.dialects.arith.attributes import CMPF_PREDICATES, CMPI_PREDICATES
from mlc.dialects.arith.ops import (
    AddFOp,
    AddIOp,
    AddUIExtendedOp,
    AndIOp,
    BitcastOp,
    CeilDivSIOp,
    CeilDivUIOp,
    CmpFOp,
    CmpIOp,
    DivFOp,
    DivSIOp,
    DivUIOp,
    ExtFOp,
    ExtSIOp,
    ExtUIOp,
    FloorDivSIOp,
    FPToSIOp,
    FPToUIOp,
    IndexCastOp,
    IndexCastUIOp,
    MaximumFOp,
    MaxNumFOp,
    MaxSIOp,
    MaxUIOp,
    MinimumFOp,
    MinNumFOp,
    MinSIOp,
    MinUIOp,
    MulFOp,
    MulIOp,
    MulSIExtendedOp,
    MulUIExtendedOp,
    NegFOp,
    OrIOp,
    RemFOp,
    RemSIOp,
    RemUIOp,
    SelectOp,
    ShLIOp,
    ShRSIOp,
    ShRUIOp,
    SIToFPOp,
    SubFOp,
    SubIOp,
    TruncFOp,
    TruncIOp,
    UIToFPOp,
    XOrIOp,
)
from mlc.ir.attributes import Attribute, FloatAttr, IntegerAttr, bool_attr
from mlc.ir.dense import DenseElementsAttr, element_layout
from mlc.ir.float_format import bits_to_float, float_to_bits
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import constant_value, folded_in_place
from mlc.ir.traits import Commutative
from mlc.ir.types import FloatType, IndexType, IntegerType, RankedTensorType, VectorType, i1
from mlc.ir.values import OpResult, Value

Rule = Callable[[Operation, list], "Attribute | Value | list | None"]
FOLDERS: dict[type, Rule] = {}


def fold(op: Operation, operand_constants: list) -> list | None:
    """Fold `op` (MLIR's `Operation::fold`): its rule, then, if that fails or folds in
    place, its traits' folds in MLIR's order: Commutative, then Idempotent. Hot path: what
    applies to the op's class is looked up once."""
    plan = _PLANS.get(type(op))
    if plan is None:
        cls = type(op)
        plan = _PLANS[cls] = (FOLDERS.get(cls), cls.has_trait(Commutative), cls in IDEMPOTENT)
    rule, commutative, idempotent = plan
    folded = rule(op, operand_constants) if rule is not None else None
    if folded is not None and type(folded) is not list:
        folded = [folded]
    if folded is None or folded_in_place(op, folded):
        if commutative and _move_constants_right(op, operand_constants):
            return list(op.results)
        if idempotent and op.operand(0) is op.operand(1):
            return [op.operand(0)]
    return folded


_PLANS: dict[type, tuple[Rule | None, bool, bool]] = {}  # class -> (rule, commutative, idempotent)


IDEMPOTENT = (AndIOp, OrIOp)
"""The ops with MLIR's Idempotent trait, whose fold (`OpTrait::impl::foldIdempotent`) takes
`op(x, x)` to `x`."""


def _move_constants_right(op: Operation, constants: list) -> bool:
    """Stable-partition the operands, non-constants first (MLIR's `foldCommutative`)."""
    seen_constant = False
    for c in constants:  # hot path: most ops have nothing to move
        if c is not None:
            seen_constant = True
        elif seen_constant:
            break
    else:
        return False
    order = [i for i, c in enumerate(constants) if c is None]
    order += [i for i, c in enumerate(constants) if c is not None]
    values = op.operands
    for i, j in enumerate(order):
        op.set_operand(i, values[j])
    return True


def _rule(*classes: type):
    """Register a rule for `classes`."""

    def register(fn: Rule) -> Rule:
        for cls in classes:
            FOLDERS[cls] = fn
        return fn

    return register


# --- matching constants and producers ---------------------------------------------------------

_INT_ELEMENTS = (IntegerType, IndexType)


def int_constant(attr) -> tuple[int, int] | None:
    """(signed value, width) of an integer constant or integer splat (MLIR's
    `m_ConstantInt`), or None. An i1 attribute holds 0 or 1: true reads -1."""
    kind = type(attr)
    if kind is IntegerAttr:
        width = sem.int_width(attr.type)
        return (-attr.value if width == 1 else attr.value), width
    if kind is DenseElementsAttr and attr.is_splat:
        element = attr.type.element_type
        if isinstance(element, _INT_ELEMENTS):
            width = sem.int_width(element)
            return sem.signed(int(attr.array.item(0)), width), width
    return None


def _is_zero(attr) -> bool:
    c = int_constant(attr)
    return c is not None and c[0] == 0


def _is_one(attr) -> bool:
    """MLIR's `m_One`: the value 1 as an unsigned number (i1 true too)."""
    c = int_constant(attr)
    return c is not None and sem.unsigned(c[0], c[1]) == 1


def _is_all_ones(attr) -> bool:
    c = int_constant(attr)
    return c is not None and c[0] == -1


def float_constant(attr) -> float | None:
    """The value of a float constant or float splat, or None."""
    if type(attr) is FloatAttr:
        return attr.value
    if type(attr) is DenseElementsAttr and attr.is_splat:
        if isinstance(attr.type.element_type, FloatType):
            return float(attr.array.item(0))
    return None


def _is_float(attr, value: float) -> bool:
    """`attr` is exactly `value`, sign of zero included (`m_OneFloat`, `m_NegZeroFloat`,
    `m_PosInfFloat`, ...)."""
    v = float_constant(attr)
    return v == value and math.copysign(1.0, v) == math.copysign(1.0, value)


def producer(value: Value, cls: type) -> Operation | None:
    """The op of exactly class `cls` defining `value`, or None (`getDefiningOp<Op>`)."""
    if type(value) is OpResult and type(value.op) is cls:
        return value.op
    return None


def constant_of(value: Value) -> Attribute | None:
    """The attribute of the constant defining `value`, or None (`m_Constant`)."""
    return constant_value(value.op) if type(value) is OpResult else None


def _is_not_of(value: Value, x: Value) -> bool:
    """`value` is `xori(x, all ones)`."""
    xor = producer(value, XOrIOp)
    return xor is not None and xor.operand(0) is x and _is_all_ones(constant_of(xor.operand(1)))


# --- reading and writing constants ------------------------------------------------------------


def _read(attr, splat: bool):
    """A constant as `semantics` computes on it: a signed Python int, or an exact-domain
    array, for integers; a float array (0-d for one value) for floats. `splat` asks for the
    single value of a splat. None for constants mlc does not compute with."""
    kind = type(attr)
    if kind is IntegerAttr:
        return sem.signed(attr.value, sem.int_width(attr.type))
    if kind is FloatAttr:
        fmt = sem.float_format(attr.type)
        if fmt is None:
            return None
        return np.array(float_to_bits(attr.value, attr.type), fmt.bits).view(fmt.dtype)
    if kind is not DenseElementsAttr:
        return None
    element = attr.type.element_type
    if isinstance(element, _INT_ELEMENTS):
        width = sem.int_width(element)
        if splat:
            return sem.signed(int(attr.array.item(0)), width)
        return sem.exact(attr.array, width)
    fmt = sem.float_format(element)
    if fmt is None:
        return None
    values = np.frombuffer(attr.raw, fmt.bits.newbyteorder("<")).astype(fmt.bits).view(fmt.dtype)
    if splat:
        return values.reshape(())
    if attr.is_splat:
        return np.broadcast_to(values, attr.type.shape)
    return values.reshape(attr.type.shape)


def to_attr(value, type) -> Attribute | None:
    """`value` (as `_read` gives, or a bool) as an attribute of `type`, canonical as the
    parser makes it: a splat when a vector or tensor gets one value; None for dynamically
    shaped types."""
    if type.__class__ is IntegerType or type.__class__ is IndexType:  # hot path
        return IntegerAttr(int(value) & 1 if sem.int_width(type) == 1 else int(value), type)
    fmt = sem.float_format(type)
    if isinstance(type, (VectorType, RankedTensorType)):
        if not type.has_static_shape():
            return None
        if fmt is None:
            return DenseElementsAttr.from_array(value, type)
        array = np.asarray(value).view(fmt.bits).astype(fmt.bits.newbyteorder("<"))
        return DenseElementsAttr(type, array.tobytes(), is_splat=array.ndim == 0)
    return FloatAttr(bits_to_float(int(np.asarray(value).view(fmt.bits)), type), type)


def zero_attr(type) -> Attribute | None:
    """The integer zero of `type` (`Builder::getZeroAttr`)."""
    return to_attr(0, type)


def _rejected(mask, last_element: bool) -> bool:
    if isinstance(mask, np.ndarray) and mask.ndim:
        return bool(mask.flat[-1] if last_element else mask.any())
    return bool(mask)


def fold_binary(constants, compute, result_type=None, reject=None, last_element=False):
    """MLIR's `constFoldBinaryOp`: two constants of one type, both scalars or both dense
    elements (computed once when both are splats), give `compute(a, b, width)` for integers,
    `compute(a, b)` for floats, as an attribute of `result_type` (default: the operands').
    `reject` (same arguments) marks operands that stop the fold; MLIR's folders keep that
    flag across elements, except some that overwrite it per element, so only the last
    element decides (`last_element`)."""
    lhs, rhs = constants
    if lhs is None or rhs is None or type(lhs) is not type(rhs) or lhs.type != rhs.type:
        return None
    if type(lhs) is IntegerAttr:  # hot path: scalar integers, on Python ints
        w = sem.int_width(lhs.type)
        a, b = sem.signed(lhs.value, w), sem.signed(rhs.value, w)
        if reject is not None and reject(a, b, w):
            return None
        return to_attr(compute(a, b, w), result_type or lhs.type)
    splat = type(lhs) is not DenseElementsAttr or (lhs.is_splat and rhs.is_splat)
    a, b = _read(lhs, splat), _read(rhs, splat)
    if a is None or b is None:
        return None
    is_float = isinstance(sem.element_type(lhs.type), FloatType)
    args = (a, b) if is_float else (a, b, sem.int_width(lhs.type))
    if reject is not None and _rejected(reject(*args), last_element):
        return None
    return to_attr(compute(*args), result_type or lhs.type)


def fold_cast(constant, compute, result_type, reject=None):
    """MLIR's `constFoldCastOp` (and `constFoldUnaryOp`): `compute(x)` of a scalar or dense
    constant as an attribute of `result_type`; no fold if `reject(x)` holds anywhere."""
    if constant is None:
        return None
    splat = type(constant) is not DenseElementsAttr or constant.is_splat
    x = _read(constant, splat)
    if x is None or (reject is not None and _rejected(reject(x), False)):
        return None
    return to_attr(compute(x), result_type)


# --- integer arithmetic -------------------------------------------------------------------------


@_rule(AddIOp)
def _addi(op, constants):
    lhs, rhs = op.operand(0), op.operand(1)
    if _is_zero(constants[1]):
        return lhs
    sub = producer(lhs, SubIOp)
    if sub is not None and sub.operand(1) is rhs:  # addi(subi(a, b), b) -> a
        return sub.operand(0)
    sub = producer(rhs, SubIOp)
    if sub is not None and sub.operand(1) is lhs:  # addi(b, subi(a, b)) -> a
        return sub.operand(0)
    return fold_binary(constants, sem.addi)


@_rule(SubIOp)
def _subi(op, constants):
    lhs, rhs = op.operand(0), op.operand(1)
    if lhs is rhs:
        return zero_attr(op.results[0].type)
    if _is_zero(constants[1]):
        return lhs
    add = producer(lhs, AddIOp)
    if add is not None:
        if rhs is add.operand(1):  # subi(addi(a, b), b) -> a
            return add.operand(0)
        if rhs is add.operand(0):  # subi(addi(a, b), a) -> b
            return add.operand(1)
    return fold_binary(constants, sem.subi)


@_rule(MulIOp)
def _muli(op, constants):
    if _is_zero(constants[1]):
        return op.operand(1)
    if _is_one(constants[1]):
        return op.operand(0)
    return fold_binary(constants, sem.muli)


@_rule(AddUIExtendedOp)
def _addui_extended(op, constants):
    if _is_zero(constants[1]):  # addui_extended(x, 0) -> x, false
        false = zero_attr(op.results[1].type)
        return None if false is None else [op.operand(0), false]
    total = fold_binary(constants, sem.addi)
    if total is None:
        return None
    carry = fold_binary(constants, _carry, op.results[1].type)
    return [total, carry]


def _carry(a, b, w):
    return sem.addui_extended(a, b, w)[1]


def _high_signed(a, b, w):
    return sem.mulsi_extended(a, b, w)[1]


def _high_unsigned(a, b, w):
    return sem.mului_extended(a, b, w)[1]


@_rule(MulSIExtendedOp)
def _mulsi_extended(op, constants):
    if _is_zero(constants[1]):
        return [constants[1], constants[1]]
    low = fold_binary(constants, sem.muli)
    return None if low is None else [low, fold_binary(constants, _high_signed)]


@_rule(MulUIExtendedOp)
def _mului_extended(op, constants):
    if _is_zero(constants[1]):
        return [constants[1], constants[1]]
    if _is_one(constants[1]):  # mului_extended(x, 1) -> x, 0
        zero = zero_attr(op.results[1].type)
        return None if zero is None else [op.operand(0), zero]
    low = fold_binary(constants, sem.muli)
    return None if low is None else [low, fold_binary(constants, _high_unsigned)]


def _division(compute, reject, last_element=False, one_gives_zero=False):
    """A division rule: `x / 1 -> x` (`x % 1 -> 0`), then constants unless `reject`."""

    def rule(op, constants):
        if _is_one(constants[1]):
            return zero_attr(op.results[0].type) if one_gives_zero else op.operand(0)
        return fold_binary(constants, compute, reject=reject, last_element=last_element)

    return rule


def _by_zero(a, b, w):
    return sem.division_by_zero(b)


def _by_zero_or_overflow(a, b, w):
    return sem.division_by_zero(b) | sem.signed_division_overflow(a, b, w)


def _ceildivsi_rejected(a, b, w):
    """MLIR's CeilDivSIOp::fold gives up when it divides by zero or when negating an operand
    overflows on its way: a nonzero dividend with INT_MIN on either side."""
    int_min = -(1 << (w - 1))
    return (b == 0) | ((a != 0) & ((a == int_min) | (b == int_min)))


FOLDERS.update({
    DivUIOp: _division(sem.divui, _by_zero),
    DivSIOp: _division(sem.divsi, _by_zero_or_overflow),
    CeilDivUIOp: _division(sem.ceildivui, _by_zero),
    CeilDivSIOp: _division(sem.ceildivsi, _ceildivsi_rejected),
    # MLIR 19's FloorDivSIOp::fold lets `sfloordiv_ov` overwrite its flag at every element.
    FloorDivSIOp: _division(sem.floordivsi, _by_zero_or_overflow, last_element=True),
    RemUIOp: _division(sem.remui, _by_zero, one_gives_zero=True),
    RemSIOp: _division(sem.remsi, _by_zero, one_gives_zero=True),
})  # fmt: skip


def _shift(compute):
    """`x shift 0 -> x`, then constants; MLIR 19's shift folders set their "in range" flag
    anew at every element, so only the last element's amount decides."""

    def rule(op, constants):
        if _is_zero(constants[1]):
            return op.operand(0)
        return fold_binary(constants, compute, reject=_shift_rejected, last_element=True)

    return rule


def _shift_rejected(a, b, w):
    return sem.shift_out_of_range(b, w)


FOLDERS.update({ShLIOp: _shift(sem.shli), ShRUIOp: _shift(sem.shrui), ShRSIOp: _shift(sem.shrsi)})


def _signed_max(w):
    return (1 << (w - 1)) - 1


def _signed_min(w):
    return -(1 << (w - 1))


def _all_ones(w):
    return -1


def _nothing(w):
    return 0


def _int_extremum(compute, absorbing, neutral):
    """`max(x, x) -> x`; a constant right operand that always wins (`absorbing`) or never
    does (`neutral`); then constants."""

    def rule(op, constants):
        lhs, rhs = op.operand(0), op.operand(1)
        if lhs is rhs:
            return rhs
        c = int_constant(constants[1])
        if c is not None:
            if c[0] == absorbing(c[1]):
                return rhs
            if c[0] == neutral(c[1]):
                return lhs
        return fold_binary(constants, compute)

    return rule


FOLDERS.update({
    MaxSIOp: _int_extremum(sem.maxsi, _signed_max, _signed_min),
    MaxUIOp: _int_extremum(sem.maxui, _all_ones, _nothing),
    MinSIOp: _int_extremum(sem.minsi, _signed_min, _signed_max),
    MinUIOp: _int_extremum(sem.minui, _nothing, _all_ones),
})  # fmt: skip


# --- bitwise ----------------------------------------------------------------------------------


@_rule(AndIOp)
def _andi(op, constants):
    lhs, rhs = op.operand(0), op.operand(1)
    if _is_zero(constants[1]):
        return rhs
    if _is_all_ones(constants[1]):
        return lhs
    if _is_not_of(rhs, lhs) or _is_not_of(lhs, rhs):  # and(x, not(x)) -> 0
        return zero_attr(op.results[0].type)
    for prev, other in ((producer(lhs, AndIOp), rhs), (producer(rhs, AndIOp), lhs)):
        if prev is not None and (other is prev.operand(0) or other is prev.operand(1)):
            return prev.results[0]  # and(a, and(a, b)) -> and(a, b)
    return fold_binary(constants, sem.andi)


@_rule(OrIOp)
def _ori(op, constants):
    lhs, rhs = op.operand(0), op.operand(1)
    c = int_constant(constants[1])
    if c is not None:
        if c[0] == 0:
            return lhs
        if c[0] == -1:
            return constants[1]
    for value, x in ((rhs, lhs), (lhs, rhs)):
        if _is_not_of(value, x):  # or(x, xor(x, all ones)) -> all ones
            return producer(value, XOrIOp).operand(1)
    return fold_binary(constants, sem.ori)


@_rule(XOrIOp)
def _xori(op, constants):
    lhs, rhs = op.operand(0), op.operand(1)
    if _is_zero(constants[1]):
        return lhs
    if lhs is rhs:
        return zero_attr(op.results[0].type)
    for prev, a in ((producer(lhs, XOrIOp), rhs), (producer(rhs, XOrIOp), lhs)):
        if prev is not None:  # xor(xor(x, a), a) -> x, in any operand order
            if prev.operand(1) is a:
                return prev.operand(0)
            if prev.operand(0) is a:
                return prev.operand(1)
    return fold_binary(constants, sem.xori)


# --- floats -----------------------------------------------------------------------------------


def _float_binary(compute, identity: float | None = None, idempotent: bool = False):
    """`op(x, x) -> x` if `idempotent`; `op(x, identity) -> x`; then constants."""

    def rule(op, constants):
        lhs, rhs = op.operand(0), op.operand(1)
        if idempotent and lhs is rhs:
            return rhs
        if identity is not None and _is_float(constants[1], identity):
            return lhs
        return fold_binary(constants, compute)

    return rule


FOLDERS.update({
    AddFOp: _float_binary(sem.addf, identity=-0.0),
    SubFOp: _float_binary(sem.subf, identity=0.0),
    MulFOp: _float_binary(sem.mulf, identity=1.0),
    DivFOp: _float_binary(sem.divf, identity=1.0),
    RemFOp: _float_binary(sem.remf),
    MaximumFOp: _float_binary(sem.maximumf, identity=-math.inf, idempotent=True),
    MinimumFOp: _float_binary(sem.minimumf, identity=math.inf, idempotent=True),
    # MLIR 19 also folds maxnumf(x, -inf) and minnumf(x, +inf) to x, wrong for a NaN x, and
    # maxnumf constants with llvm::maximum, where a NaN wins: mlc keeps to the op's meaning.
    MaxNumFOp: _float_binary(sem.maxnumf, idempotent=True),
    MinNumFOp: _float_binary(sem.minnumf, idempotent=True),
})  # fmt: skip


@_rule(NegFOp)
def _negf(op, constants):
    inner = producer(op.operand_, NegFOp)
    if inner is not None:  # negf(negf(x)) -> x
        return inner.operand_
    return fold_cast(constants[0], sem.negf, op.results[0].type)


# --- casts ------------------------------------------------------------------------------------


def _extension(cls, compute):
    """`ext(ext(x)) -> ext(x)` in place, then constants: `compute(x, from_width)`."""

    def rule(op, constants):
        inner = producer(op.operand(0), cls)
        if inner is not None:
            op.set_operand(0, inner.operand(0))
            return op.results[0]
        convert = partial(compute, from_width=sem.int_width(op.operand(0).type))
        return fold_cast(constants[0], convert, op.results[0].type)

    return rule


def _sign_extended(x, from_width):
    return x  # values are kept sign-extended already


FOLDERS[ExtUIOp] = _extension(ExtUIOp, sem.extui)
FOLDERS[ExtSIOp] = _extension(ExtSIOp, _sign_extended)


@_rule(TruncIOp)
def _trunci(op, constants):
    source, result_type = op.operand(0), op.results[0].type
    ext = producer(source, ExtUIOp) or producer(source, ExtSIOp)
    if ext is not None:
        x = ext.operand(0)
        if sem.int_width(x.type) > sem.int_width(result_type):  # trunci(ext(x)) -> trunci(x)
            op.set_operand(0, x)
            return op.results[0]
        if sem.element_type(x.type) == sem.element_type(result_type):  # trunci(ext(x)) -> x
            return x
    inner = producer(source, TruncIOp)
    if inner is not None:  # trunci(trunci(x)) -> trunci(x)
        op.set_operand(0, inner.operand(0))
        return op.results[0]
    truncate = partial(sem.trunci, to_width=sem.int_width(result_type))
    return fold_cast(constants[0], truncate, result_type)


def _float_conversion(op, constants):
    """`extf` / `truncf` of constants the conversion keeps exactly (MLIR's
    `convertFloatValue`: no rounding, no flag raised)."""
    fmt = sem.float_format(op.results[0].type)
    if fmt is None:
        return None
    return fold_cast(
        constants[0],
        lambda x: sem.convert_float(x, fmt),
        op.results[0].type,
        reject=lambda x: ~sem.conversion_is_exact(x, fmt),
    )


@_rule(ExtFOp)
def _extf(op, constants):
    trunc = producer(op.operand(0), TruncFOp)
    if trunc is not None and trunc.operand(0).type == op.results[0].type:
        if _contracts(trunc) and _contracts(op):  # extf(truncf(x)) -> x, if both may contract
            return trunc.operand(0)
    return _float_conversion(op, constants)


def _contracts(op) -> bool:
    flags = op.properties.get("fastmath")
    return flags is not None and "contract" in flags.flags


FOLDERS[TruncFOp] = _float_conversion


def _int_to_float(is_signed: bool):
    def rule(op, constants):
        fmt = sem.float_format(op.results[0].type)
        if fmt is None:
            return None
        width = sem.int_width(op.operand(0).type)
        convert = partial(sem.int_to_float, w=width, is_signed=is_signed, fmt=fmt)
        return fold_cast(constants[0], convert, op.results[0].type)

    return rule


def _float_to_int(is_signed: bool):
    """Constants that convert without an invalid operation (NaN, infinity, out of range)."""

    def rule(op, constants):
        width = sem.int_width(op.results[0].type)
        return fold_cast(
            constants[0],
            lambda x: sem.float_to_int(x, width, is_signed)[0],
            op.results[0].type,
            reject=lambda x: sem.float_to_int(x, width, is_signed)[1],
        )

    return rule


FOLDERS.update({
    SIToFPOp: _int_to_float(True),
    UIToFPOp: _int_to_float(False),
    FPToSIOp: _float_to_int(True),
    FPToUIOp: _float_to_int(False),
})  # fmt: skip


@_rule(IndexCastOp)
def _index_cast(op, constants):
    """Sign extension or truncation (APInt `sextOrTrunc`)."""
    convert = partial(sem.trunci, to_width=sem.int_width(op.results[0].type))
    return fold_cast(constants[0], convert, op.results[0].type)


@_rule(IndexCastUIOp)
def _index_castui(op, constants):
    source, target = sem.int_width(op.operand(0).type), sem.int_width(op.results[0].type)
    convert = partial(sem.index_castui, from_width=source, to_width=target)
    return fold_cast(constants[0], convert, op.results[0].type)


@_rule(BitcastOp)
def _bitcast(op, constants):
    """Constants reinterpreted; else `bitcast(x : T to T) -> x` (the CastOpInterface trait
    fold, which MLIR runs when this one fails)."""
    source, result_type = op.operand(0), op.results[0].type
    folded = _bitcast_constant(constants[0], result_type)
    if folded is None and source.type == result_type:
        return source
    return folded


def _bitcast_constant(attr, result_type) -> Attribute | None:
    if type(attr) is DenseElementsAttr:
        try:
            element_layout(result_type.element_type)
        except TypeError:  # a float type mlc keeps no elements of
            return None
        return DenseElementsAttr(result_type, attr.raw, attr.is_splat)
    if type(attr) is IntegerAttr:
        bits = sem.unsigned(attr.value, sem.int_width(attr.type))
    elif type(attr) is FloatAttr and sem.float_format(attr.type) is not None:
        bits = float_to_bits(attr.value, attr.type)
    else:
        return None
    if isinstance(result_type, FloatType):
        if sem.float_format(result_type) is None:
            return None
        return FloatAttr(bits_to_float(bits, result_type), result_type)
    return to_attr(sem.signed(bits, sem.int_width(result_type)), result_type)


# --- comparisons and select -------------------------------------------------------------------

_TRUE_FOR_EQUAL = frozenset({"eq", "sle", "sge", "ule", "uge"})
_SWAPPED = {"slt": "sgt", "sgt": "slt", "sle": "sge", "sge": "sle", "ult": "ugt", "ugt": "ult",
            "ule": "uge", "uge": "ule", "eq": "eq", "ne": "ne"}  # fmt: skip


def _is_i1_like(t) -> bool:
    """i1 or a vector of i1 (MLIR's CmpIOp::fold looks at no tensor here)."""
    t = t.element_type if isinstance(t, VectorType) else t
    return t == i1


@_rule(CmpIOp)
def _cmpi(op, constants):
    lhs, rhs = op.operand(0), op.operand(1)
    predicate = CMPI_PREDICATES.keywords[op.properties["predicate"].value]
    if lhs is rhs:
        return to_attr(predicate in _TRUE_FOR_EQUAL, op.results[0].type)
    if predicate == "ne" and _is_zero(constants[1]):
        for ext_cls in (ExtSIOp, ExtUIOp):  # ext(x : i1) != 0 -> x
            ext = producer(lhs, ext_cls)
            if ext is not None and _is_i1_like(ext.operand(0).type):
                return ext.operand(0)
    if constants[0] is not None and constants[1] is None:  # constant to the right
        swapped = CMPI_PREDICATES.keywords.index(_SWAPPED[predicate])
        op.properties["predicate"] = CMPI_PREDICATES.make(swapped)
        op.set_operand(0, rhs)
        op.set_operand(1, lhs)
        return op.results[0]
    return fold_binary(constants, lambda a, b, w: sem.cmpi(predicate, a, b, w), op.results[0].type)


@_rule(CmpFOp)
def _cmpf(op, constants):
    """Scalar constants only; a NaN operand decides alone, whatever the other is."""
    lhs, rhs = (c if type(c) is FloatAttr else None for c in constants)
    if lhs is not None and math.isnan(lhs.value):
        rhs = lhs
    if rhs is not None and math.isnan(rhs.value):
        lhs = rhs
    if lhs is None or rhs is None:
        return None
    a, b = _read(lhs, True), _read(rhs, True)
    if a is None or b is None:
        return None
    predicate = CMPF_PREDICATES.keywords[op.properties["predicate"].value]
    return bool_attr(bool(sem.cmpf(predicate, a, b)))


@_rule(SelectOp)
def _select(op, constants):
    condition, on_true, on_false = op.operands
    if on_true is on_false:
        return on_true
    if _is_one(constants[0]):
        return on_true
    if _is_zero(constants[0]):
        return on_false
    if op.results[0].type == i1 and _is_one(constants[1]) and _is_zero(constants[2]):
        return condition  # select(c, true, false) -> c
    cmp = producer(condition, CmpIOp)
    if cmp is not None:
        predicate = CMPI_PREDICATES.keywords[cmp.properties["predicate"].value]
        pair = (cmp.operand(0), cmp.operand(1))
        if predicate in ("eq", "ne") and pair in ((on_true, on_false), (on_false, on_true)):
            return on_true if predicate == "ne" else on_false
    if all(type(c) is DenseElementsAttr for c in constants):
        return _select_elements(*constants)
    return None


def _select_elements(condition, on_true, on_false) -> DenseElementsAttr:
    """Elementwise choice between two dense constants, on their stored bytes."""
    n = on_true.type.num_elements()
    k = element_layout(on_true.type.element_type).nbytes

    def rows(attr):
        return np.broadcast_to(np.frombuffer(attr.raw, np.uint8).reshape(-1, k), (n, k))

    choose = np.asarray(condition.array).reshape(n, 1)
    raw = np.where(choose, rows(on_true), rows(on_false)).tobytes()
    return DenseElementsAttr(on_true.type, raw)
