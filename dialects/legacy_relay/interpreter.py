"""Reference interpreter of the relay dialect, on numpy, with Relay's semantics (TVM's topi
and its numpy references in `tvm.topi.testing`).

Values are numpy arrays of the element dtype, as the core interpreter represents builtin
tensors (`i1` is `bool`); a Relay tuple is a Python tuple. Integer `divide` truncates
toward zero (TIR's `div`), `floor_divide` rounds down; `round` rounds half away from zero
(TIR's `round`, unlike numpy); `relu`, `maximum` and `minimum` propagate NaN. Float kernels
compute in the element type; `nn.dense` and the normalizations accumulate in the element
type, as topi does.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from mlc.dialects.legacy_relay import ops as r
from mlc.dialects.legacy_relay.base import attr
from mlc.ir.interpreter import InterpreterError, attr_to_value, numpy_dtype, register_impl


def _typed(op, value):
    return np.asarray(value).astype(numpy_dtype(op.results[0].type.element_type), copy=False)


def _round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


UNARY = {
    r.NegativeOp: np.negative, r.AbsOp: np.abs, r.SignOp: np.sign, r.ExpOp: np.exp,
    r.LogOp: np.log, r.SqrtOp: np.sqrt, r.RsqrtOp: lambda x: 1 / np.sqrt(x),
    r.SigmoidOp: special.expit, r.TanhOp: np.tanh, r.ErfOp: special.erf, r.SinOp: np.sin,
    r.CosOp: np.cos, r.FloorOp: np.floor, r.CeilOp: np.ceil, r.RoundOp: _round_half_away,
    r.ReluOp: lambda x: np.maximum(x, np.zeros((), x.dtype)), r.LogicalNotOp: np.logical_not,
}  # fmt: skip


def _divide(a, b):
    if a.dtype.kind in "iu":
        if np.any(b == 0):
            raise ZeroDivisionError("integer division by zero")
        q = np.abs(a) // np.abs(b)
        return np.where((a < 0) != (b < 0), -q, q)
    return a / b


def _floor_divide(a, b):
    if a.dtype.kind in "iu" and np.any(b == 0):
        raise ZeroDivisionError("integer division by zero")
    return np.floor_divide(a, b)


BINARY = {
    r.AddOp: np.add, r.SubtractOp: np.subtract, r.MultiplyOp: np.multiply,
    r.DivideOp: _divide, r.FloorDivideOp: _floor_divide, r.PowerOp: np.power,
    r.MaximumOp: np.maximum, r.MinimumOp: np.minimum, r.EqualOp: np.equal,
    r.NotEqualOp: np.not_equal, r.LessOp: np.less, r.LessEqualOp: np.less_equal,
    r.GreaterOp: np.greater, r.GreaterEqualOp: np.greater_equal,
    r.LogicalAndOp: np.logical_and, r.LogicalOrOp: np.logical_or,
}  # fmt: skip


def _rule(kernel):
    def rule(interp, op, args):
        with np.errstate(all="ignore"):
            try:
                return [_typed(op, kernel(*args))]
            except ZeroDivisionError as e:
                raise InterpreterError(str(e), op) from None

    return rule


for _cls, _kernel in {**UNARY, **BINARY}.items():
    register_impl(_cls)(_rule(_kernel))


@register_impl(r.ClipOp)
def _clip(interp, op, args):
    x = args[0]
    low = np.asarray(attr(op.properties, "a_min")).astype(x.dtype)
    high = np.asarray(attr(op.properties, "a_max")).astype(x.dtype)
    return [np.minimum(np.maximum(x, low), high)]


@register_impl(r.CastOp)
def _cast(interp, op, args):
    with np.errstate(all="ignore"):
        return [_typed(op, args[0])]


@register_impl(r.WhereOp)
def _where(interp, op, args):
    return [_typed(op, np.where(*args))]


@register_impl(r.TupleOp)
def _tuple(interp, op, args):
    return [tuple(args)]


@register_impl(r.TupleGetItemOp)
def _tuple_get_item(interp, op, args):
    return [args[0][attr(op.properties, "index")]]


@register_impl(r.ConstOp)
def _const(interp, op, args):
    value = op.properties["value"]
    if not hasattr(value, "raw"):
        raise InterpreterError("dense_resource constants need their blob (not yet loaded)", op)
    return [_typed(op, attr_to_value(value))]


@register_impl(r.DenseOp)
def _dense(interp, op, args):
    x, w = args
    return [_typed(op, np.matmul(x, w.T))]


@register_impl(r.BiasAddOp)
def _bias_add(interp, op, args):
    x, b = args
    axis = attr(op.properties, "axis", 1) % x.ndim
    shape = [1] * x.ndim
    shape[axis] = b.shape[0]
    return [_typed(op, x + b.reshape(shape))]


def _softmax(x, axis):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


@register_impl(r.SoftmaxOp)
def _softmax_rule(interp, op, args):
    with np.errstate(all="ignore"):
        return [_typed(op, _softmax(args[0], attr(op.properties, "axis", -1)))]


@register_impl(r.LogSoftmaxOp)
def _log_softmax(interp, op, args):
    x = args[0]
    axis = attr(op.properties, "axis", -1)
    with np.errstate(all="ignore"):
        shifted = x - np.max(x, axis=axis, keepdims=True)
        return [_typed(op, shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True)))]


@register_impl(r.BatchFlattenOp)
def _batch_flatten(interp, op, args):
    x = args[0]
    return [x.reshape(x.shape[0], -1)]


def _along(vector, axis: int, ndim: int):
    shape = [1] * ndim
    shape[axis] = vector.shape[0]
    return vector.reshape(shape)


@register_impl(r.BatchNormOp)
def _batch_norm(interp, op, args):
    x, gamma, beta, mean, var = args
    props = op.properties
    axis = attr(props, "axis", 1) % x.ndim
    eps = np.asarray(attr(props, "epsilon", 1e-5)).astype(x.dtype)
    with np.errstate(all="ignore"):
        out = (x - _along(mean, axis, x.ndim)) / np.sqrt(_along(var, axis, x.ndim) + eps)
        if attr(props, "scale", 1):
            out = out * _along(gamma, axis, x.ndim)
        if attr(props, "center", 1):
            out = out + _along(beta, axis, x.ndim)
    return [(out.astype(x.dtype), mean, var)]


@register_impl(r.LayerNormOp)
def _layer_norm(interp, op, args):
    x, gamma, beta = args
    props = op.properties
    axis = attr(props, "axis", -1) % x.ndim
    eps = np.asarray(attr(props, "epsilon", 1e-5)).astype(x.dtype)
    with np.errstate(all="ignore"):
        mean = np.mean(x, axis=axis, keepdims=True)
        var = np.mean((x - mean) ** 2, axis=axis, keepdims=True)
        out = (x - mean) / np.sqrt(var + eps)
        if attr(props, "scale", 1):
            out = out * _along(gamma, axis, x.ndim)
        if attr(props, "center", 1):
            out = out + _along(beta, axis, x.ndim)
    return [out.astype(x.dtype)]
