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

from mlc.dialects.legacy_relay import nn2d as nn
from mlc.dialects.legacy_relay import ops as r
from mlc.dialects.legacy_relay import transform as t
from mlc.dialects.legacy_relay.base import attr
from mlc.dialects.legacy_relay.relations import tensor
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import InterpreterError, attr_to_value, numpy_dtype, register_impl


def _erf(x):
    from scipy.special import erf  # here: scipy costs a third of a second at start-up

    return erf(x)


def _expit(x):
    from scipy.special import expit

    return expit(x)


def _typed(op, value):
    return np.asarray(value).astype(numpy_dtype(op.results[0].type.element_type), copy=False)


def _round_half_away(x):
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


UNARY = {
    r.NegativeOp: np.negative, r.AbsOp: np.abs, r.SignOp: np.sign, r.ExpOp: np.exp,
    r.LogOp: np.log, r.SqrtOp: np.sqrt, r.RsqrtOp: lambda x: 1 / np.sqrt(x),
    r.SigmoidOp: _expit, r.TanhOp: np.tanh, r.ErfOp: _erf, r.SinOp: np.sin,
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
    if not isinstance(value, DenseElementsAttr):
        try:
            value = DenseElementsAttr.from_resource(value, interp.resources)
        except (KeyError, ValueError):
            message = f"no usable blob for dense_resource<{value.handle}>"
            raise InterpreterError(message, op) from None
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


# --- shapes, indexing, reductions ----------------------------------------------------------
@register_impl(t.ReshapeOp)
def _reshape(interp, op, args):
    shape = t.reshape_shape(args[0].shape, attr(op.properties, "newshape"))
    return [args[0].reshape(shape)]


@register_impl(t.TransposeOp)
def _transpose(interp, op, args):
    return [np.transpose(args[0], attr(op.properties, "axes"))]


@register_impl(t.SqueezeOp)
def _squeeze(interp, op, args):
    x = args[0]
    axes = attr(op.properties, "axis")
    if axes is None:  # the static 1s the relation dropped
        axes = [i for i, d in enumerate(op.operand(0).type.shape) if d == 1]
    return [np.squeeze(x, axis=tuple(axes))]


@register_impl(t.ExpandDimsOp)
def _expand_dims(interp, op, args):
    x = args[0]
    axis = attr(op.properties, "axis")
    axis = axis + x.ndim + 1 if axis < 0 else axis
    shape = x.shape[:axis] + (1,) * attr(op.properties, "num_newaxis", 1) + x.shape[axis:]
    return [x.reshape(shape)]


@register_impl(t.ConcatenateOp)
def _concatenate(interp, op, args):
    return [np.concatenate(args[0], axis=attr(op.properties, "axis", 0))]


@register_impl(t.SplitOp)
def _split(interp, op, args):
    x = args[0]
    spec = attr(op.properties, "indices_or_sections")
    return [tuple(np.split(x, spec, axis=attr(op.properties, "axis", 0)))]


@register_impl(t.StridedSliceOp)
def _strided_slice(interp, op, args):
    x = args[0]
    index = [slice(None)] * x.ndim
    for axis, b, e, s in t.strided_slice_args(x.shape, op.properties):
        index[axis] = slice(b, e, s)
    return [np.array(x[tuple(index)])]


@register_impl(t.TakeOp)
def _take(interp, op, args):
    x, indices = args
    axis = attr(op.properties, "axis")
    mode = attr(op.properties, "mode", "clip")
    size = x.size if axis is None else x.shape[axis]
    if mode == "fast" and np.any((indices < -size) | (indices >= size)):
        raise InterpreterError("index out of range in 'fast' mode", op)
    numpy_mode = {"clip": "clip", "wrap": "wrap", "fast": "raise"}[mode]
    return [np.take(x, indices, axis=axis, mode=numpy_mode)]


REDUCERS = {t.SumOp: np.sum, t.MeanOp: np.mean, t.MaxOp: np.max, t.MinOp: np.min,
            t.ProdOp: np.prod}  # fmt: skip


def _reduce_rule(reducer):
    def rule(interp, op, args):
        x = args[0]
        axes = tuple(t.reduced_axes(x.ndim, op.properties))
        keep = bool(attr(op.properties, "keepdims", 0))
        with np.errstate(all="ignore"):
            return [_typed(op, reducer(x, axis=axes, keepdims=keep))]

    return rule


for _cls, _reducer in REDUCERS.items():
    register_impl(_cls)(_reduce_rule(_reducer))


# --- convolution and pooling ------------------------------------------------------------------
def _to_nchw(x, layout: str):
    return x if layout == "NCHW" else np.transpose(x, (0, 3, 1, 2))


def _from_nchw(x, layout: str):
    return x if layout == "NCHW" else np.transpose(x, (0, 2, 3, 1))


@register_impl(nn.Conv2DOp)
def _conv2d(interp, op, args):
    props = op.properties
    layout = attr(props, "data_layout", "NCHW")
    x = _to_nchw(args[0], layout)
    w = args[1] if attr(props, "kernel_layout", "OIHW") == "OIHW" else np.transpose(
        args[1], (3, 2, 0, 1))  # fmt: skip
    top, left, bottom, right = nn.expand_padding(attr(props, "padding"))
    sh, sw = nn.pair(attr(props, "strides"), 1, "strides")
    dh, dw = nn.pair(attr(props, "dilation"), 1, "dilation")
    groups = attr(props, "groups", 1)
    x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    n, c, height, width = x.shape
    o, cg, kh, kw = w.shape
    oh = (height - dh * (kh - 1) - 1) // sh + 1
    ow = (width - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((n, o, oh, ow), dtype=np.result_type(x, w))
    og = o // groups
    for g in range(groups):
        xg = x[:, g * cg : (g + 1) * cg]
        wg = w[g * og : (g + 1) * og]
        for i in range(kh):
            for j in range(kw):
                patch = xg[:, :, i * dh : i * dh + sh * (oh - 1) + 1 : sh,
                           j * dw : j * dw + sw * (ow - 1) + 1 : sw]  # fmt: skip
                out[:, g * og : (g + 1) * og] += np.einsum("nchw,oc->nohw", patch, wg[:, :, i, j])
    return [_typed(op, _from_nchw(out, layout))]


def _pool(op, x, reduce, fill):
    props = op.properties
    layout = attr(props, "layout", "NCHW")
    # the result's sizes from the relation on the actual input: the declared type may have `?`
    (out_type,) = type(op).relation([tensor(x.shape, op.results[0].type.element_type)], props)
    x = _to_nchw(x, layout)
    kh, kw = nn.pair(attr(props, "pool_size"), 1, "pool_size")
    sh, sw = nn.pair(attr(props, "strides"), 1, "strides")
    dh, dw = nn.pair(attr(props, "dilation"), 1, "dilation")
    top, left, bottom, right = nn.expand_padding(attr(props, "padding"))
    out_shape = _to_nchw(np.empty(out_type.shape, dtype=np.int8), layout).shape
    oh, ow = out_shape[2], out_shape[3]
    # extra padding on the bottom/right for ceil_mode windows that run past the edge
    need_h = (oh - 1) * sh + dh * (kh - 1) + 1 - (x.shape[2] + top + bottom)
    need_w = (ow - 1) * sw + dw * (kw - 1) + 1 - (x.shape[3] + left + right)
    pads = ((0, 0), (0, 0), (top, bottom + max(need_h, 0)), (left, right + max(need_w, 0)))
    padded = np.pad(x, pads, constant_values=fill)
    valid = np.pad(np.ones(x.shape[2:], bool), pads[2:], constant_values=False)
    inside = np.ones((x.shape[2] + top + bottom, x.shape[3] + left + right), bool)
    inside = np.pad(inside, ((0, max(need_h, 0)), (0, max(need_w, 0))))  # not ceil_mode's
    windows, masks, pad_masks = [], [], []
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (ow - 1) + 1, sw)
            windows.append(padded[:, :, rows, cols])
            masks.append(valid[rows, cols])
            pad_masks.append(inside[rows, cols])
    return _typed(op, _from_nchw(reduce(np.stack(windows), np.stack(masks),
                                        np.stack(pad_masks)), layout))  # fmt: skip


@register_impl(nn.MaxPool2DOp)
def _max_pool(interp, op, args):
    low = -np.inf if args[0].dtype.kind == "f" else np.iinfo(args[0].dtype).min
    return [_pool(op, args[0], lambda w, m, p: np.max(w, axis=0), low)]


@register_impl(nn.AvgPool2DOp)
def _avg_pool(interp, op, args):
    include_pad = bool(attr(op.properties, "count_include_pad", 0))

    def average(windows, valid, in_padding):
        counted = in_padding if include_pad else valid
        total = np.sum(windows, axis=0)
        count = np.sum(counted, axis=0).astype(windows.dtype)
        return total / np.maximum(count, 1)

    return [_pool(op, args[0], average, 0)]


@register_impl(nn.GlobalAvgPool2DOp)
def _global_avg_pool(interp, op, args):
    layout = attr(op.properties, "layout", "NCHW")
    x = _to_nchw(args[0], layout)
    return [_typed(op, _from_nchw(np.mean(x, axis=(2, 3), keepdims=True), layout))]
