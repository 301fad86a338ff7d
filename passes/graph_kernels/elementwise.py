"""Element-wise kernels: unary and binary ops, comparisons, `where`, `cast`, `clip`.

One parallel `tensor.generic` per op; broadcasting is in the indexing maps (an operand dim
that is the literal 1 where the result's is not reads index 0, missing leading dims are
absent). Floats compute in their own type, as the graph interpreter (numpy) does, except
where the interpreter computes wider (sigmoid in f32 for f16/bf16).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from mlc.dialects import arith
from mlc.dialects import math as math_ops
from mlc.dialects.graph import elementwise as ew
from mlc.dialects.graph.base import get_bool, get_float, get_str, is_bool, is_float
from mlc.dialects.graph.call_dps import signless_element
from mlc.dialects.graph.elementwise import I1
from mlc.ir.affine import AffineMap
from mlc.ir.builder import Builder
from mlc.ir.types import UNSIGNED, FloatType, f32
from mlc.ir.values import Value
from mlc.passes.graph_kernels.builders import (
    KernelEmitter,
    ScalarBody,
    broadcast_maps,
    cmpf,
    cmpi,
    constant,
    generic,
    integer_predicate,
    is_computable,
    is_signless,
    is_unsigned,
    select,
)

Scalar = Callable[[Builder, Value], Value]


def _math(op_class) -> Scalar:
    return lambda b, x: b.create(op_class, x).result


def _binary(op_class, x: Value, y: Value, b: Builder) -> Value:
    return b.create(op_class, x, y).result


def _scaled(b: Builder, factor: float, x: Value) -> Value:
    return b.create(arith.MulFOp, constant(b, factor, x.type), x).result


def _unit_clamp(b: Builder, x: Value) -> Value:
    """min(max(x, 0), 1), NaN staying NaN (numpy's clip)."""
    low = b.create(arith.MaximumFOp, x, constant(b, 0.0, x.type)).result
    return b.create(arith.MinimumFOp, low, constant(b, 1.0, x.type)).result


def _relu(b: Builder, x: Value) -> Value:
    return b.create(arith.MaximumFOp, x, constant(b, 0.0, x.type)).result


def _reciprocal(b: Builder, x: Value) -> Value:
    return b.create(arith.DivFOp, constant(b, 1.0, x.type), x).result


def _rsqrt(b: Builder, x: Value) -> Value:
    """1 / sqrt(x), as the interpreter computes it (two roundings, not math.rsqrt's one)."""
    return _reciprocal(b, b.create(math_ops.SqrtOp, x).result)


def _sigmoid(b: Builder, x: Value) -> Value:
    """1 / (1 + exp(-x)); f16/bf16 compute in f32 and round once, as the interpreter does."""
    narrow = x.type.width < 32
    wide = b.create(arith.ExtFOp, x, out=f32).result if narrow else x
    one = constant(b, 1.0, wide.type)
    e = b.create(math_ops.ExpOp, b.create(arith.NegFOp, wide).result).result
    y = b.create(arith.DivFOp, one, b.create(arith.AddFOp, one, e).result).result
    return b.create(arith.TruncFOp, y, out=x.type).result if narrow else y


def _float_sign(b: Builder, x: Value) -> Value:
    """1, -1, or x itself for zeros and NaN (numpy's sign)."""
    zero = constant(b, 0.0, x.type)
    negative = select(b, cmpf(b, "olt", x, zero), constant(b, -1.0, x.type), x)
    return select(b, cmpf(b, "ogt", x, zero), constant(b, 1.0, x.type), negative)


def _softplus(b: Builder, x: Value) -> Value:
    """log(1 + exp(x)) as numpy's logaddexp(0, x): max(x, 0) + log1p(exp(-|x|))."""
    magnitude = b.create(math_ops.AbsFOp, x).result
    tail = b.create(math_ops.ExpOp, b.create(arith.NegFOp, magnitude).result).result
    return b.create(arith.AddFOp, _relu(b, x), b.create(math_ops.Log1pOp, tail).result).result


def _hard_swish(b: Builder, x: Value) -> Value:
    sixth = b.create(arith.DivFOp, x, constant(b, 6.0, x.type)).result
    gate = _unit_clamp(b, b.create(arith.AddFOp, sixth, constant(b, 0.5, x.type)).result)
    return b.create(arith.MulFOp, x, gate).result


def _gelu(op) -> Scalar:
    """x * Phi(x) as the interpreter writes it: 0.5 * x * (1 + erf(x / sqrt(2))), or the
    tanh form with 0.044715 * x**3."""
    tanh_form = get_str(op.properties, "approximate", "none") == "tanh"

    def scalar(b: Builder, x: Value) -> Value:
        if tanh_form:
            cube = b.create(arith.MulFOp, b.create(arith.MulFOp, x, x).result, x).result
            inner = b.create(arith.AddFOp, x, _scaled(b, 0.044715, cube)).result
            shaped = b.create(math_ops.TanhOp, _scaled(b, math.sqrt(2 / math.pi), inner)).result
        else:
            root2 = constant(b, math.sqrt(2), x.type)
            shaped = b.create(math_ops.ErfOp, b.create(arith.DivFOp, x, root2).result).result
        one_plus = b.create(arith.AddFOp, constant(b, 1.0, x.type), shaped).result
        return b.create(arith.MulFOp, _scaled(b, 0.5, x), one_plus).result

    return scalar


def _leaky_relu(op) -> Scalar:
    alpha = get_float(op.properties, "alpha", 0.01)

    def scalar(b: Builder, x: Value) -> Value:
        negative = cmpf(b, "olt", x, constant(b, 0.0, x.type))
        return select(b, negative, _scaled(b, alpha, x), x)

    return scalar


def _elu_like(op, gamma: float | None) -> Scalar:
    """elu: alpha * expm1(x) below 0; selu: gamma times that, at or below 0."""
    alpha = get_float(op.properties, "alpha", 1.0)
    predicate = "olt" if gamma is None else "ole"

    def scalar(b: Builder, x: Value) -> Value:
        below = cmpf(b, predicate, x, constant(b, 0.0, x.type))
        curve = _scaled(b, alpha, b.create(math_ops.ExpM1Op, x).result)
        y = select(b, below, curve, x)
        return y if gamma is None else _scaled(b, gamma, y)

    return scalar


def _hard_sigmoid(op) -> Scalar:
    alpha = get_float(op.properties, "alpha", 0.2)
    beta = get_float(op.properties, "beta", 0.5)

    def scalar(b: Builder, x: Value) -> Value:
        line = b.create(arith.AddFOp, _scaled(b, alpha, x), constant(b, beta, x.type)).result
        return _unit_clamp(b, line)

    return scalar


def _clip(op) -> Scalar:
    """max with `min`, then min with `max`, each bound in the element type (an integer
    bound truncates, as the interpreter's astype)."""
    low, high = get_float(op.properties, "min"), get_float(op.properties, "max")
    t = op.operand(0).type
    floats = is_float(t)
    maximum, minimum = (arith.MaximumFOp, arith.MinimumFOp) if floats else \
        (arith.MaxUIOp, arith.MinUIOp) if is_unsigned(t) else (arith.MaxSIOp, arith.MinSIOp)

    def scalar(b: Builder, x: Value) -> Value:
        if low is not None:
            x = b.create(maximum, x, constant(b, low if floats else math.trunc(low), x.type)).result
        if high is not None:
            bound = high if floats else math.trunc(high)
            x = b.create(minimum, x, constant(b, bound, x.type)).result
        return x

    return scalar


FLOAT_UNARY: dict[type, Scalar] = {
    ew.ExpOp: _math(math_ops.ExpOp),
    ew.LogOp: _math(math_ops.LogOp),
    ew.SqrtOp: _math(math_ops.SqrtOp),
    ew.TanhOp: _math(math_ops.TanhOp),
    ew.ErfOp: _math(math_ops.ErfOp),
    ew.FloorOp: _math(math_ops.FloorOp),
    ew.CeilOp: _math(math_ops.CeilOp),
    ew.SinOp: _math(math_ops.SinOp),
    ew.CosOp: _math(math_ops.CosOp),
    ew.TanOp: _math(math_ops.TanOp),
    ew.RoundOp: _math(math_ops.RoundEvenOp),  # half to even, as ONNX Round
    ew.AbsOp: _math(math_ops.AbsFOp),
    ew.NegOp: _math(arith.NegFOp),
    ew.ReluOp: _relu,
    ew.SigmoidOp: _sigmoid,
    ew.RsqrtOp: _rsqrt,
    ew.ReciprocalOp: _reciprocal,
    ew.SignOp: _float_sign,
    ew.SoftplusOp: _softplus,
    ew.HardSwishOp: _hard_swish,
}
"""Unary float ops without attributes: op class -> scalar body."""

FLOAT_UNARY_WITH_ATTRIBUTES: dict[type, Callable] = {
    ew.GeluOp: _gelu,
    ew.LeakyReluOp: _leaky_relu,
    ew.EluOp: lambda op: _elu_like(op, None),
    ew.SeluOp: lambda op: _elu_like(op, get_float(op.properties, "gamma", 1.0507009873554805)),
    ew.HardSigmoidOp: _hard_sigmoid,
}
"""Unary float ops with attributes: op class -> (op -> scalar body)."""


def _not(b: Builder, x: Value) -> Value:
    return b.create(arith.XOrIOp, x, constant(b, 1, I1)).result


def _int_relu(b: Builder, x: Value) -> Value:
    return b.create(arith.MaxSIOp, x, constant(b, 0, x.type)).result


def _int_neg(b: Builder, x: Value) -> Value:
    return b.create(arith.SubIOp, constant(b, 0, x.type), x).result


def _int_sign(b: Builder, x: Value) -> Value:
    zero = constant(b, 0, x.type)
    negative = select(b, cmpi(b, "slt", x, zero), constant(b, -1, x.type), zero)
    return select(b, cmpi(b, "sgt", x, zero), constant(b, 1, x.type), negative)


INT_UNARY: dict[type, Scalar] = {
    ew.NegOp: _int_neg,
    ew.AbsOp: _math(math_ops.AbsIOp),
    ew.ReluOp: _int_relu,
    ew.SignOp: _int_sign,
}


def _same(b: Builder, x: Value) -> Value:
    return x


def _unsigned_sign(b: Builder, x: Value) -> Value:
    nonzero = cmpi(b, "ne", x, constant(b, 0, x.type))
    return b.create(arith.ExtUIOp, nonzero, out=x.type).result


# on unsigned elements: abs and relu change nothing, neg wraps (numpy's negative of uint8)
UNSIGNED_UNARY: dict[type, Scalar] = {
    ew.NegOp: _int_neg,
    ew.AbsOp: _same,
    ew.ReluOp: _same,
    ew.SignOp: _unsigned_sign,
}

# op class -> (arith op on floats, on signed integers, on unsigned integers)
ARITH_BINARY = {
    ew.AddOp: (arith.AddFOp, arith.AddIOp, arith.AddIOp),
    ew.SubOp: (arith.SubFOp, arith.SubIOp, arith.SubIOp),
    ew.MulOp: (arith.MulFOp, arith.MulIOp, arith.MulIOp),
    ew.MaximumOp: (arith.MaximumFOp, arith.MaxSIOp, arith.MaxUIOp),  # maximumf: NaN wins
    ew.MinimumOp: (arith.MinimumFOp, arith.MinSIOp, arith.MinUIOp),
}

LOGICAL = {ew.AndOp: arith.AndIOp, ew.OrOp: arith.OrIOp, ew.XorOp: arith.XOrIOp}

# op class -> (cmpf predicate, cmpi predicate): ordered, except `!=`, true on NaN as numpy's
COMPARISONS = {
    ew.EqualOp: ("oeq", "eq"),
    ew.NotEqualOp: ("une", "ne"),
    ew.LessOp: ("olt", "slt"),
    ew.LessEqualOp: ("ole", "sle"),
    ew.GreaterOp: ("ogt", "sgt"),
    ew.GreaterEqualOp: ("oge", "sge"),
}


def elementwise(op, body: ScalarBody) -> KernelEmitter | None:
    """All operands broadcast to the one result, combined element by element by `body`."""
    rank = len(op.result_types[0].shape)
    maps = broadcast_maps([v.type.shape for v in op.operands], rank)
    if maps is None:
        return None
    maps.append(AffineMap.identity(rank))
    return lambda b, inputs, dests: generic(b, inputs, dests, maps, ["parallel"] * rank, body)


def _unary_body(scalar: Scalar) -> ScalarBody:
    return lambda b, args: [scalar(b, args[0])]


def _unary(op) -> KernelEmitter | None:
    """A unary op on floats, or on integers where it takes them (neg, abs, relu, sign,
    clip), or `not` on booleans."""
    t = op.operand(0).type
    if is_unsigned(t):
        kind = type(op)
        if kind is ew.ClipOp:
            return elementwise(op, _unary_body(_clip(op)))
        return elementwise(op, _unary_body(UNSIGNED_UNARY[kind])) if kind in UNSIGNED_UNARY \
            else None  # fmt: skip
    if not is_signless(t):
        return None
    kind = type(op)
    if kind is ew.NotOp:
        return elementwise(op, _unary_body(_not))
    if kind is ew.ClipOp:
        return elementwise(op, _unary_body(_clip(op)))
    if is_float(t):
        if kind in FLOAT_UNARY_WITH_ATTRIBUTES:
            return elementwise(op, _unary_body(FLOAT_UNARY_WITH_ATTRIBUTES[kind](op)))
        return elementwise(op, _unary_body(FLOAT_UNARY[kind]))
    if kind not in INT_UNARY or is_bool(t):
        return None
    return elementwise(op, _unary_body(INT_UNARY[kind]))


def _arith_binary(op) -> KernelEmitter | None:
    t = op.operand(0).type
    if not is_computable(t) or is_bool(t):
        return None
    float_op, signed_op, unsigned_op = ARITH_BINARY[type(op)]
    op_class = float_op if is_float(t) else unsigned_op if is_unsigned(t) else signed_op
    return elementwise(op, lambda b, args: [b.create(op_class, *args[:2]).result])


# Integer division and remainder never trap: the hardware's (x86 `div`/`idiv`) fault on a
# zero divisor and on INT_MIN / -1 would kill the process, and both are undefined in ONNX
# and MLIR. The graph interpreter reports a zero divisor as an error; compiled code gives
# numpy's results instead: 0 for `x / 0`, `x % 0` and `x fmod 0`, INT_MIN for INT_MIN / -1
# (wrapping), 0 for INT_MIN % -1. The divisor the hardware sees is 1 in those cases.
def _safe_divisor(b: Builder, y: Value, signed: bool) -> tuple[Value, Value, Value | None]:
    """(the divisor with 0, and -1 when `signed`, replaced by 1; y == 0; y == -1 or None)."""
    one = constant(b, 1, y.type)
    by_zero = cmpi(b, "eq", y, constant(b, 0, y.type))
    if not signed:
        return select(b, by_zero, one, y), by_zero, None
    by_minus_one = cmpi(b, "eq", y, constant(b, -1, y.type))
    replaced = b.create(arith.OrIOp, by_zero, by_minus_one).result
    return select(b, replaced, one, y), by_zero, by_minus_one


def _div(op) -> KernelEmitter | None:
    """`divf`, or ONNX's Div on integers (truncating) without a trap."""
    t = op.operand(0).type
    if not is_computable(t) or is_bool(t):
        return None
    if is_float(t):
        return elementwise(op, lambda b, args: [b.create(arith.DivFOp, *args[:2]).result])
    return elementwise(op, _integer_div(is_unsigned(t)))


def _integer_div(unsigned: bool) -> ScalarBody:
    """Truncating division, `divsi`/`divui` of a safe divisor (see `_safe_divisor`)."""

    def body(b: Builder, args: list) -> list:
        x, y = args[:2]
        divisor, by_zero, by_minus_one = _safe_divisor(b, y, not unsigned)
        q = b.create(arith.DivUIOp if unsigned else arith.DivSIOp, x, divisor).result
        if by_minus_one is not None:  # x / -1 is -x, wrapping
            negated = b.create(arith.SubIOp, constant(b, 0, x.type), x).result
            q = select(b, by_minus_one, negated, q)
        return [select(b, by_zero, constant(b, 0, x.type), q)]

    return body


def _integer_rem(op_class, signed: bool) -> Callable[[Builder, Value, Value], Value]:
    """`op_class` (`remsi`, `remui`) without a trap: x % 1 is the 0 wanted for a divisor
    of 0 or -1 (see `_safe_divisor`)."""
    return lambda b, x, y: b.create(op_class, x, _safe_divisor(b, y, signed)[0]).result


def _logical(op) -> KernelEmitter | None:
    op_class = LOGICAL[type(op)]
    return elementwise(op, lambda b, args: [b.create(op_class, *args[:2]).result])


def _mod(op) -> KernelEmitter | None:
    """ONNX Mod: `fmod` is the remainder with the dividend's sign (`remf`, `remsi`); else the
    divisor's sign (Python's `%`): a nonzero remainder of the other sign gets the divisor
    added."""
    t = op.operand(0).type
    if not is_computable(t):
        return None
    if is_float(t):
        return elementwise(op, lambda b, a: [b.create(arith.RemFOp, *a[:2]).result])
    if is_unsigned(t):  # no signs: both remainders are `remui`
        remui = _integer_rem(arith.RemUIOp, signed=False)
        return elementwise(op, lambda b, a: [remui(b, *a[:2])])
    remsi = _integer_rem(arith.RemSIOp, signed=True)
    if get_bool(op.properties, "fmod"):
        return elementwise(op, lambda b, a: [remsi(b, *a[:2])])

    def body(b: Builder, args: list) -> list:
        x, y = args[:2]
        r = remsi(b, x, y)
        zero = constant(b, 0, x.type)
        signs_differ = cmpi(b, "ne", cmpi(b, "slt", r, zero), cmpi(b, "slt", y, zero))
        adjust = b.create(arith.AndIOp, cmpi(b, "ne", r, zero), signs_differ).result
        return [select(b, adjust, b.create(arith.AddIOp, r, y).result, r)]

    return elementwise(op, body)


def _pow(op) -> KernelEmitter | None:
    """`lhs ** rhs`, the exponent first converted to the base's element type (as the
    interpreter's astype): `math.powf` on floats, `math.ipowi` on integers
    (`_unsigned_power` on unsigned ones)."""
    base, exponent = (v.type for v in op.operands)
    if not (is_computable(base) and is_computable(exponent)):
        return None
    convert = converter(exponent.element_type, base.element_type)
    power = _unsigned_power if is_unsigned(base) else _power_op(
        math_ops.PowFOp if is_float(base) else math_ops.IPowIOp)  # fmt: skip

    def body(b: Builder, args: list) -> list:
        return [power(b, args[0], convert(b, args[1]))]

    return elementwise(op, body)


def _power_op(op_class) -> Callable:
    return lambda b, x, e: b.create(op_class, x, e).result


def _unsigned_power(b: Builder, x: Value, e: Value) -> Value:
    """`x ** e` of N-bit unsigned integers (as signless `iN`). `math.ipowi` reads its
    exponent as signed, so the top bit is taken apart: `x ** (e mod 2^(N-1))` times
    `x ** 2^(N-1)` (which is `(x ** 2^(N-2)) ** 2`, both exponents positive) where it is
    set; products wrap alike."""
    width = x.type.width
    low = b.create(arith.AndIOp, e, constant(b, (1 << (width - 1)) - 1, x.type)).result
    power = b.create(math_ops.IPowIOp, x, low).result
    half = b.create(math_ops.IPowIOp, x, constant(b, 1 << (width - 2), x.type)).result
    top = b.create(arith.MulIOp, half, half).result
    top_bit = cmpi(b, "slt", e, constant(b, 0, x.type))
    factor = select(b, top_bit, top, constant(b, 1, x.type))
    return b.create(arith.MulIOp, power, factor).result


def _comparison(op) -> KernelEmitter | None:
    t = op.operand(0).type
    if not is_computable(t):
        return None
    on_float, on_int = COMPARISONS[type(op)]
    if is_float(t):
        return elementwise(op, lambda b, args: [cmpf(b, on_float, *args[:2])])
    on_int = integer_predicate(on_int, t)
    return elementwise(op, lambda b, args: [cmpi(b, on_int, *args[:2])])


def _where(op) -> KernelEmitter | None:
    if not is_computable(op.operand(1).type):
        return None
    return elementwise(op, lambda b, args: [select(b, *args[:3])])


def _cast(op) -> KernelEmitter | None:
    """ONNX Cast element by element: floats to integers truncate (`fptosi`, `fptoui`; out
    of the target's range the result is undefined, as in C and ONNX), to `i1` means
    nonzero, from `i1` is 0 or 1; integers wrap to a narrower width."""
    source, target = op.operand(0).type, op.result_types[0]
    if not (is_computable(source) and is_computable(target)):
        return None
    return elementwise(op, _unary_body(converter(source.element_type, target.element_type)))


def converter(source, target) -> Scalar:
    """The scalar conversion from `source` to `target` elements, graph element types: an
    unsigned (or `i1`) source widens and becomes a float as unsigned, a float becomes an
    unsigned target as unsigned; the value built has the tensor level's `signless` type."""
    to_float, from_float = isinstance(target, FloatType), isinstance(source, FloatType)
    out = signless_element(target)
    if signless_element(source) == out:  # the same type, or iN <-> uiN: the same bits
        return lambda b, x: x
    if target == I1:
        return _nonzero
    if to_float and from_float:
        if source.width == target.width:  # f16 <-> bf16: exact in f32, then rounded
            return _through_f32(target)
        return _cast_op(arith.ExtFOp if target.width > source.width else arith.TruncFOp, target)
    unsigned_source = not from_float and (source == I1 or source.signedness == UNSIGNED)
    if to_float:
        return _cast_op(arith.UIToFPOp if unsigned_source else arith.SIToFPOp, target)
    if from_float:
        return _cast_op(arith.FPToUIOp if target.signedness == UNSIGNED else arith.FPToSIOp, out)
    if target.width > source.width:
        return _cast_op(arith.ExtUIOp if unsigned_source else arith.ExtSIOp, out)
    return _cast_op(arith.TruncIOp, out)


def _through_f32(target) -> Scalar:
    def convert(b: Builder, x: Value) -> Value:
        wide = b.create(arith.ExtFOp, x, out=f32).result
        return b.create(arith.TruncFOp, wide, out=target).result

    return convert


def _cast_op(op_class, target) -> Scalar:
    return lambda b, x: b.create(op_class, x, out=target).result


def _nonzero(b: Builder, x: Value) -> Value:
    if isinstance(x.type, FloatType):
        return cmpf(b, "une", x, constant(b, 0.0, x.type))
    return cmpi(b, "ne", x, constant(b, 0, x.type))


RULES: dict[type, Callable] = {
    **dict.fromkeys(FLOAT_UNARY, _unary),
    **dict.fromkeys(FLOAT_UNARY_WITH_ATTRIBUTES, _unary),
    ew.NotOp: _unary,
    ew.ClipOp: _unary,
    **dict.fromkeys(ARITH_BINARY, _arith_binary),
    **dict.fromkeys(LOGICAL, _logical),
    **dict.fromkeys(COMPARISONS, _comparison),
    ew.DivOp: _div,
    ew.ModOp: _mod,
    ew.PowOp: _pow,
    ew.WhereOp: _where,
    ew.CastOp: _cast,
}
