"""How each graph op becomes relay ops: `GRAPH_TO_RELAY`, a table of rules (see `emit`).

The inverse translations of `relay_rules`: `graph.matmul` with a 2-D right operand is
`nn.dense` of the transposed weight, `graph.linear` is `nn.dense` + `nn.bias_add`, `pads`
become Relay's 4-number padding, integer `mod` is `a - floor_divide(a, b) * b` (or
`divide` for `fmod`), multi-result ops go through tuples (`split` ->
`relay.split` + `tuple_get_item`s, `batch_norm` -> the first field of Relay's 3-tuple).
Ops without a faithful Relay form have no rule and stay graph ops in
partial mode: `graph.round` rounds half to even, which no relay op does; symbolic reshape
targets have no Relay spelling; ONNX-only ops (gelu, gemm, pad, tile, ...) have no relay op.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects import graph as g
from mlc.dialects import legacy_relay as r
from mlc.dialects.graph.base import get_bool, get_float, get_int, get_ints, get_str
from mlc.dialects.legacy_relay import nn2d, transform
from mlc.dialects.legacy_relay.base import ints
from mlc.dialects.legacy_relay.ops import DTYPES
from mlc.ir.attributes import FloatAttr, IntegerAttr, StringAttr
from mlc.ir.interpreter import numpy_dtype
from mlc.ir.types import IntegerType, f64, i64
from mlc.passes.relay_graph.emit import Unconvertible, renamed, scalar_attr, single
from mlc.passes.relay_graph.relay_rules import (
    BINARY,
    EMPTY_AVERAGE,
    REDUCE,
    UNARY,
    has_empty_average,
)

DTYPE_NAMES = {t: name for name, t in DTYPES.items()}
INVERSE = {graph_op: relay_op for relay_op, graph_op in {**UNARY, **BINARY}.items()}
INVERSE[g.XorOp] = r.NotEqualOp  # on booleans


def _int(value: int) -> IntegerAttr:
    return IntegerAttr(value, i64)


def _rank(op) -> int:
    return op.operands[0].type.rank


def _reciprocal(e, op, operands):
    (x,) = single(operands)
    return e(r.DivideOp, e(r.ConstOp, value=scalar_attr(1, x.type.element_type)), x)


def _pow(e, op, operands):
    a, b = single(operands)
    if a.type.element_type != b.type.element_type:
        raise Unconvertible("relay.power takes one element type")
    return e(r.PowerOp, a, b)


def _mod(e, op, operands):
    a, b = single(operands)
    if not isinstance(a.type.element_type, IntegerType):
        raise Unconvertible("relay has no exact float remainder")
    # a - q * b, with q rounded down (the divisor's sign) or toward zero (fmod, C's sign)
    quotient = r.DivideOp if get_bool(op.properties, "fmod") else r.FloorDivideOp
    return e(r.SubtractOp, a, e(r.MultiplyOp, e(quotient, a, b), b))


def _clip(e, op, operands):
    (x,) = single(operands)
    element = x.type.element_type
    low, high = float("-inf"), float("inf")  # relay.clip takes both bounds
    if isinstance(element, IntegerType):
        if element.width > 32 and None in (op.properties.get("min"), op.properties.get("max")):
            raise Unconvertible("no f64 bound stands for 'unbounded' in i64")
        info = np.iinfo(numpy_dtype(element))
        low, high = float(info.min), float(info.max)
    low = get_float(op.properties, "min", low)
    high = get_float(op.properties, "max", high)
    return e(r.ClipOp, x, a_min=FloatAttr(low, f64), a_max=FloatAttr(high, f64))


def _cast(e, op, operands):
    to = op.properties["to"].value
    if to not in DTYPE_NAMES:
        raise Unconvertible(f"Relay has no dtype for '{to}'")
    return e(r.CastOp, *single(operands), dtype=StringAttr(DTYPE_NAMES[to]))


def _where(e, op, operands):
    return e(r.WhereOp, *single(operands))


def _constant(e, op, operands):
    return e(r.ConstOp, value=op.properties["value"])


def _matmul(e, op, operands):
    x, w = single(operands)
    if w.type.rank != 2:
        raise Unconvertible("nn.dense takes a 2-D weight")
    return e(r.DenseOp, x, e(r.TransposeOp, w, axes=ints([1, 0])))


def _linear(e, op, operands):
    x, w, b = single(operands)
    return e(r.BiasAddOp, e(r.DenseOp, x, w), b, axis=_int(-1))


def _bias_add(e, op, operands):
    return e(r.BiasAddOp, *single(operands), axis=_int(get_int(op.properties, "axis")))


def _softmax_like(relay_op):
    def rule(e, op, operands):
        return e(relay_op, *single(operands), axis=_int(get_int(op.properties, "axis")))

    rule.__name__ = f"convert_{relay_op.name[9:]}"
    return rule


def _epsilon(op) -> FloatAttr:
    return FloatAttr(get_float(op.properties, "epsilon"), f64)


def _layer_norm(e, op, operands):
    x, scale, bias = single(operands)
    rank = _rank(op)
    if get_int(op.properties, "axis") % rank != rank - 1 or scale.type.rank != 1:
        raise Unconvertible("relay.nn.layer_norm normalizes one axis with 1-D scale and bias")
    return e(r.LayerNormOp, x, scale, bias, axis=_int(-1), epsilon=_epsilon(op))


def _batch_norm(e, op, operands):
    axis = _int(get_int(op.properties, "axis"))
    norm = e(r.BatchNormOp, *single(operands), axis=axis, epsilon=_epsilon(op))
    return e(r.TupleGetItemOp, norm, index=_int(0))


# --- convolution and pooling -------------------------------------------------------------
def _layout(op) -> str:
    if _rank(op) != 4:
        raise Unconvertible("relay has 2-D convolution and pooling only")
    return get_str(op.properties, "data_format", "NCHW")


def _window(props) -> dict:
    return {
        "strides": ints(get_ints(props, "strides", (1, 1))),
        "padding": ints(get_ints(props, "pads", (0, 0, 0, 0))),
        "dilation": ints(get_ints(props, "dilations", (1, 1))),
    }


def _conv(e, op, operands):
    layout = _layout(op)
    kernel = "OIHW" if layout == "NCHW" else "HWIO"
    return e(r.Conv2DOp, *single(operands), groups=_int(get_int(op.properties, "group")),
             data_layout=StringAttr(layout), kernel_layout=StringAttr(kernel),
             **_window(op.properties))  # fmt: skip


def _pool(relay_op, extra=()):
    def rule(e, op, operands):
        props = op.properties
        flags = {name: _int(int(get_bool(props, name))) for name in ("ceil_mode", *extra)}
        kernel = get_ints(props, "kernel_shape")
        pooled = e(relay_op, *single(operands), layout=StringAttr(_layout(op)),
                   pool_size=ints(kernel), **flags, **_window(props))  # fmt: skip
        if extra and has_empty_average(pooled.op, kernel):
            raise Unconvertible(EMPTY_AVERAGE)
        return pooled

    rule.__name__ = f"convert_{relay_op.name[9:]}"
    return rule


def _global_avg_pool(e, op, operands):
    return e(r.GlobalAvgPool2DOp, *single(operands), layout=StringAttr(_layout(op)))


# --- shapes and indexing ------------------------------------------------------------------
def _reshape(e, op, operands):
    (x,) = single(operands)
    codes = op.properties["shape"].value
    if get_bool(op.properties, "allowzero"):
        raise Unconvertible("Relay's 0 always copies a dim")
    if all(isinstance(c, IntegerAttr) for c in codes):
        newshape = [c.value for c in codes]  # ONNX's 0 and -1 mean what Relay's do here
    elif op.results[0].type.is_static:
        newshape = list(op.results[0].type.shape)
    else:
        raise Unconvertible("a symbolic reshape target has no Relay spelling")
    return e(transform.ReshapeOp, x, newshape=ints(newshape))


def _transpose(e, op, operands):
    (x,) = single(operands)
    perm = get_ints(op.properties, "perm")
    return e(r.TransposeOp, x) if perm is None else e(r.TransposeOp, x, axes=ints(perm))


def _expand_dims(e, op, operands):
    (x,) = single(operands)
    rank = _rank(op) + len(get_ints(op.properties, "axes"))
    for axis in sorted(a % rank for a in get_ints(op.properties, "axes")):
        x = e(r.ExpandDimsOp, x, axis=_int(axis))
    return x


def _squeeze(e, op, operands):
    (x,) = single(operands)
    axes = get_ints(op.properties, "axes")
    return e(r.SqueezeOp, x) if axes is None else e(r.SqueezeOp, x, axis=ints(axes))


def _flatten(e, op, operands):
    (x,) = single(operands)
    axis = get_int(op.properties, "axis") % (_rank(op) + 1)
    if axis == 1:
        return e(r.BatchFlattenOp, x)
    if axis == 0:
        return e(transform.ReshapeOp, x, newshape=ints([1, -1]))
    out = op.results[0].type
    if not out.is_static:
        raise Unconvertible("flattening at an inner axis needs static sizes")
    return e(transform.ReshapeOp, x, newshape=ints(out.shape))


def _concat(e, op, operands):
    fields = single(operands)
    joined = e(r.TupleOp, fields)
    return e(r.ConcatenateOp, joined, axis=_int(get_int(op.properties, "axis")))


def _split(e, op, operands):
    (x,) = single(operands)
    sizes = [t.shape[get_int(op.properties, "axis") % _rank(op)] for t in op.result_types]
    if any(type(s) is not int for s in sizes[:-1]):
        raise Unconvertible("relay.split needs the sizes of the pieces")
    indices, start = [], 0
    for size in sizes[:-1]:
        start += size
        indices.append(start)
    parts = e(r.SplitOp, x, indices_or_sections=ints(indices),
              axis=_int(get_int(op.properties, "axis")))  # fmt: skip
    return [[e(r.TupleGetItemOp, parts, index=_int(i))] for i in range(len(sizes))]


def _slice(e, op, operands):
    (x,) = single(operands)
    props = op.properties
    params = g.index_ops.slice_params(_rank(op), props)
    axes, starts, ends, steps = (list(column) for column in zip(*params))
    return e(transform.StridedSliceOp, x, begin=ints(starts), end=ints(ends),
             strides=ints(steps), axes=ints(axes))  # fmt: skip


def _gather(e, op, operands):
    data, indices = single(operands)
    axis = _int(get_int(op.properties, "axis"))
    return e(transform.TakeOp, data, indices, axis=axis, mode=StringAttr("fast"))


def _reduce(relay_op):
    def rule(e, op, operands):
        (x,) = single(operands)
        axes = g.reduce.reduced_axes(_rank(op), op.properties)
        if not axes:
            return x
        keep = _int(int(get_bool(op.properties, "keepdims", True)))
        return e(relay_op, x, axis=ints(axes), keepdims=keep)

    rule.__name__ = f"convert_{relay_op.name[6:]}"
    return rule


GRAPH_TO_RELAY = {
    **{cls: renamed(relay_op) for cls, relay_op in INVERSE.items()},
    **{graph_op: _reduce(relay_op) for relay_op, graph_op in REDUCE.items()},
    g.ReciprocalOp: _reciprocal, g.PowOp: _pow, g.ModOp: _mod, g.ClipOp: _clip, g.CastOp: _cast,
    g.WhereOp: _where, g.ConstantOp: _constant, g.MatMulOp: _matmul, g.LinearOp: _linear,
    g.BiasAddOp: _bias_add, g.SoftmaxOp: _softmax_like(r.SoftmaxOp),
    g.LogSoftmaxOp: _softmax_like(r.LogSoftmaxOp), g.LayerNormOp: _layer_norm,
    g.BatchNormOp: _batch_norm, g.ConvOp: _conv, g.MaxPoolOp: _pool(nn2d.MaxPool2DOp),
    g.AvgPoolOp: _pool(nn2d.AvgPool2DOp, ("count_include_pad",)),
    g.GlobalAvgPoolOp: _global_avg_pool, g.ReshapeOp: _reshape, g.TransposeOp: _transpose,
    g.ExpandDimsOp: _expand_dims, g.SqueezeOp: _squeeze, g.FlattenOp: _flatten,
    g.ConcatOp: _concat, g.SplitOp: _split, g.SliceOp: _slice, g.GatherOp: _gather,
}  # fmt: skip
