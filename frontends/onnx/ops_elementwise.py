"""Element-wise ONNX operators: arithmetic, activations, comparisons, logic, Where, Cast.

Most map one to one onto a graph op. Integer arithmetic on inputs known at import time (the
shape computations exported models do around Reshape) is folded here with numpy, so its
result stays known; float arithmetic is always emitted, to keep the interpreter's numerics.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects import graph
from mlc.dialects.graph.symbolic import floordiv
from mlc.dialects.graph.types import numpy_dtype
from mlc.frontends.onnx.importer import ELEMENT_TYPES
from mlc.frontends.onnx.registry import converter
from mlc.ir.attributes import FloatAttr, StringAttr, TypeAttr, bool_attr
from mlc.ir.types import IntegerType, f64, i64

UNARY = {
    "Relu": graph.ReluOp, "Sigmoid": graph.SigmoidOp, "Tanh": graph.TanhOp,
    "Softplus": graph.SoftplusOp, "Erf": graph.ErfOp, "Exp": graph.ExpOp, "Log": graph.LogOp,
    "Sqrt": graph.SqrtOp, "Reciprocal": graph.ReciprocalOp, "Neg": graph.NegOp,
    "Abs": graph.AbsOp, "Floor": graph.FloorOp, "Ceil": graph.CeilOp, "Round": graph.RoundOp,
    "Sign": graph.SignOp, "Not": graph.NotOp, "Sin": graph.SinOp, "Cos": graph.CosOp,
    "Tan": graph.TanOp,
}  # fmt: skip
BINARY = {
    "Add": graph.AddOp, "Sub": graph.SubOp, "Mul": graph.MulOp, "Div": graph.DivOp,
    "Pow": graph.PowOp, "Equal": graph.EqualOp, "Less": graph.LessOp,
    "Greater": graph.GreaterOp, "LessOrEqual": graph.LessEqualOp,
    "GreaterOrEqual": graph.GreaterEqualOp, "And": graph.AndOp, "Or": graph.OrOp,
    "Xor": graph.XorOp,
}  # fmt: skip
FOLDABLE = {  # integer (and symbolic-size) arithmetic folded when the inputs are known
    "Add": lambda a, b: a + b,
    "Sub": lambda a, b: a - b,
    "Mul": lambda a, b: a * b,
    "Div": lambda a, b: _int_div(a, b),
    "Equal": lambda a, b: np.equal(a, b),
    "Less": lambda a, b: np.less(a, b),
    "Greater": lambda a, b: np.greater(a, b),
    "LessOrEqual": lambda a, b: np.less_equal(a, b),
    "GreaterOrEqual": lambda a, b: np.greater_equal(a, b),
    "Neg": lambda a: -a,
    "Abs": lambda a: np.abs(a),
    "And": np.logical_and,
    "Or": np.logical_or,
    "Xor": np.logical_xor,
    "Not": np.logical_not,
    "Where": lambda c, a, b: np.where(c, a, b),
}
BOOLEAN_RESULTS = (
    "Equal",
    "Less",
    "Greater",
    "LessOrEqual",
    "GreaterOrEqual",
    "And",
    "Or",
    "Xor",
    "Not",
)


def float_attr(value: float) -> FloatAttr:
    """An attribute holding `value` exactly (ONNX's float attributes are f32 values)."""
    return FloatAttr(float(value), f64)


def _int_div(a, b):
    if a.dtype == object or b.dtype == object:  # sizes: non-negative, so floor == trunc
        return np.vectorize(floordiv, otypes=[object])(a, b)
    return (np.trunc(a / b)).astype(np.result_type(a, b))


def _integer_known(nc) -> list | None:
    arrays = [nc.known(i) for i in range(nc.num_inputs)]
    if any(a is None or (a.dtype != object and a.dtype.kind not in "iub") for a in arrays):
        return None
    return arrays


def fold(nc, op_type: str):
    """The result of `op_type` on known integer inputs, or None (not folded)."""
    known = _integer_known(nc) if op_type in FOLDABLE else None
    if known is None or (op_type == "Div" and np.any(known[-1] == 0)):
        return None
    try:
        result = np.asarray(FOLDABLE[op_type](*known))
    except TypeError:  # a comparison of symbolic sizes
        return None
    if op_type in BOOLEAN_RESULTS:
        return None if result.dtype == object else result.astype(np.bool_)
    return result if result.dtype == object else result.astype(known[-1].dtype)


def _elementwise(op_type: str, op_class):
    def convert(nc):
        folded = fold(nc, op_type)
        if folded is not None:
            return [folded]
        return [nc.emit(op_class, *(nc.value(i) for i in range(nc.num_inputs)))]

    return convert


for _op_type, _cls in {**UNARY, **BINARY}.items():
    converter(_op_type)(_elementwise(_op_type, _cls))


@converter("Mod")
def convert_mod(nc):
    fmod = bool(nc.attr("fmod", 0))
    known = _integer_known(nc)
    if known is not None and known[0].dtype != object and known[1].dtype != object:
        if np.all(known[1] != 0):
            return [(np.fmod if fmod else np.mod)(*known).astype(known[0].dtype)]
    return [nc.emit(graph.ModOp, nc.value(0), nc.value(1), fmod=bool_attr(fmod))]


VARIADIC_FOLDS = {graph.MaximumOp: np.maximum, graph.MinimumOp: np.minimum, graph.AddOp: np.add}


def _variadic(op_class):
    def convert(nc):
        known = _integer_known(nc)
        if known is not None and all(a.dtype != object for a in known):
            result = known[0]
            for a in known[1:]:
                result = VARIADIC_FOLDS[op_class](result, a)
            return [np.asarray(result).astype(known[0].dtype)]
        values = nc.values()
        result = values[0]
        for v in values[1:]:
            result = nc.emit(op_class, result, v)
        return [result]

    return convert


converter("Max")(_variadic(graph.MaximumOp))
converter("Min")(_variadic(graph.MinimumOp))
converter("Sum")(_variadic(graph.AddOp))


@converter("Mean")
def convert_mean(nc):
    total = _variadic(graph.AddOp)(nc)[0]
    count = nc.constant(np.array(len(nc.values())), like=total.type)
    return [nc.emit(graph.DivOp, total, count)]


@converter("LeakyRelu")
def convert_leaky_relu(nc):
    return [nc.emit(graph.LeakyReluOp, nc.value(0), alpha=float_attr(nc.attr("alpha", 0.01)))]


@converter("Elu")
def convert_elu(nc):
    return [nc.emit(graph.EluOp, nc.value(0), alpha=float_attr(nc.attr("alpha", 1.0)))]


@converter("Selu")
def convert_selu(nc):
    alpha = float_attr(nc.attr("alpha", 1.67326319217681884765625))
    gamma = float_attr(nc.attr("gamma", 1.05070102214813232421875))
    return [nc.emit(graph.SeluOp, nc.value(0), alpha=alpha, gamma=gamma)]


@converter("HardSigmoid")
def convert_hard_sigmoid(nc):
    alpha, beta = float_attr(nc.attr("alpha", 0.2)), float_attr(nc.attr("beta", 0.5))
    return [nc.emit(graph.HardSigmoidOp, nc.value(0), alpha=alpha, beta=beta)]


@converter("Gelu", since=20)
def convert_gelu(nc):
    approximate = nc.check_attr("approximate", ("none", "tanh"), "none")
    return [nc.emit(graph.GeluOp, nc.value(0), approximate=StringAttr(approximate))]


@converter("PRelu")
def convert_prelu(nc):
    x, slope = nc.value(0), nc.value(1)
    zero = nc.constant(np.array(0), like=x.type)
    negative = nc.emit(graph.LessOp, x, zero)
    scaled = nc.emit(graph.MulOp, x, slope)
    return [nc.emit(graph.WhereOp, negative, scaled, x)]


@converter("IsNaN")
def convert_isnan(nc):
    x = nc.value(0)
    return [nc.emit(graph.NotEqualOp, x, x)]


@converter("Clip")
def convert_clip(nc):
    """Clip-13: optional `min`/`max` inputs, as maximum then minimum (exact for every
    element type, whatever the bounds' values)."""
    x = nc.value(0)
    if nc.has_input(1):
        x = nc.emit(graph.MaximumOp, x, nc.value(1))
    if nc.has_input(2):
        x = nc.emit(graph.MinimumOp, x, nc.value(2))
    return [x]


@converter("Where")
def convert_where(nc):
    folded = fold(nc, "Where")
    if folded is not None:
        return [folded]
    return [nc.emit(graph.WhereOp, nc.value(0), nc.value(1), nc.value(2))]


def _cast(nc, target):
    """Cast input 0 to `target`, folded for known integers (shape computations)."""
    known = nc.known(0)
    if known is not None and isinstance(target, IntegerType) and known.size <= 1024:
        if known.dtype == object and target == i64:
            return known
        if known.dtype != object and known.dtype.kind in "iub":
            return known.astype(numpy_dtype(target))
    return nc.emit(graph.CastOp, nc.value(0), to=TypeAttr(target))


@converter("Cast")
def convert_cast(nc):
    to = nc.attr("to")
    target = ELEMENT_TYPES.get(to)
    if target is None:
        raise nc.fail(f"attribute to={to} names an element type the graph dialect lacks")
    return [_cast(nc, target)]


converter("HardSwish", since=14)(_elementwise("HardSwish", graph.HardSwishOp))


@converter("CastLike", since=15)
def convert_cast_like(nc):
    target = nc.type(1).element_type
    return [_cast(nc, target)]
