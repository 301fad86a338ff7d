"""How each relay op becomes graph ops: `RELAY_TO_GRAPH`, a table of rules (see `emit`).

Relay's quirks are translated, not renamed: `nn.dense`'s `[units, in]` weight is
transposed into a `graph.matmul`; `round` (half away from zero) is `sign(x) *
floor(|x| + 0.5)`, as Relay's own definition; `floor_divide` is `floor(a / b)` on floats
and `(a - a mod b) / b` on integers; reshape codes become ONNX codes or explicit sizes;
`take`'s clip and wrap modes clamp or wrap the indices before a `graph.gather`;
conv/pool padding of 1, 2 or 4 numbers becomes `pads` (begins, then ends); layouts become
`data_format` (with a transposed kernel where Relay pairs a kernel layout graph does not);
tuples are their fields, so `tuple`, `tuple_get_item`, `concatenate` and `split` work on
fields and `nn.batch_norm`'s 3-tuple is (the normalized tensor, moving_mean, moving_var).
"""

from __future__ import annotations

from mlc.dialects import graph as g
from mlc.dialects import legacy_relay as r
from mlc.dialects.legacy_relay import nn2d, transform
from mlc.dialects.legacy_relay.base import attr
from mlc.dialects.legacy_relay.ops import DTYPES
from mlc.dialects.legacy_relay.relations import ANY, normalize_axis
from mlc.ir.attributes import FloatAttr, StringAttr, TypeAttr, bool_attr
from mlc.ir.types import f32
from mlc.passes.relay_graph.common import tuple_leaves
from mlc.passes.relay_graph.emit import Unconvertible, renamed, scalar_attr, single

_int, _ints = g.base.int_attr, g.base.ints_attr

UNARY = {
    r.NegativeOp: g.NegOp, r.AbsOp: g.AbsOp, r.SignOp: g.SignOp, r.ExpOp: g.ExpOp,
    r.LogOp: g.LogOp, r.SqrtOp: g.SqrtOp, r.RsqrtOp: g.RsqrtOp, r.SigmoidOp: g.SigmoidOp,
    r.TanhOp: g.TanhOp, r.ErfOp: g.ErfOp, r.SinOp: g.SinOp, r.CosOp: g.CosOp,
    r.FloorOp: g.FloorOp, r.CeilOp: g.CeilOp, r.ReluOp: g.ReluOp, r.LogicalNotOp: g.NotOp,
}  # fmt: skip
BINARY = {
    r.AddOp: g.AddOp, r.SubtractOp: g.SubOp, r.MultiplyOp: g.MulOp, r.DivideOp: g.DivOp,
    r.PowerOp: g.PowOp, r.MaximumOp: g.MaximumOp, r.MinimumOp: g.MinimumOp,
    r.EqualOp: g.EqualOp, r.NotEqualOp: g.NotEqualOp, r.LessOp: g.LessOp,
    r.LessEqualOp: g.LessEqualOp, r.GreaterOp: g.GreaterOp, r.GreaterEqualOp: g.GreaterEqualOp,
    r.LogicalAndOp: g.AndOp, r.LogicalOrOp: g.OrOp,
}  # fmt: skip
REDUCE = {
    transform.SumOp: g.ReduceSumOp, transform.MeanOp: g.ReduceMeanOp,
    transform.MaxOp: g.ReduceMaxOp, transform.MinOp: g.ReduceMinOp,
    transform.ProdOp: g.ReduceProdOp,
}  # fmt: skip


def _elements(value):
    return value.type.element_type


def _round(e, op, operands):
    """Half away from zero, as Relay (graph.round is half to even)."""
    (x,) = single(operands)
    half = e(g.ConstantOp, scalar_attr(0.5, _elements(x)))
    return e(g.MulOp, e(g.SignOp, x), e(g.FloorOp, e(g.AddOp, e(g.AbsOp, x), half)))


def _floor_divide(e, op, operands):
    a, b = single(operands)
    if g.base.is_float(a.type):
        return e(g.FloorOp, e(g.DivOp, a, b))
    # a - a mod b (Python's mod, the divisor's sign) is a multiple of b: exact division
    return e(g.DivOp, e(g.SubOp, a, e(g.ModOp, a, b)), b)


def _clip(e, op, operands):
    (x,) = single(operands)
    bounds = {k: FloatAttr(float(attr(op.properties, k)), f32) for k in ("a_min", "a_max")}
    return e(g.ClipOp, x, min=bounds["a_min"], max=bounds["a_max"])


def _cast(e, op, operands):
    return e(g.CastOp, *single(operands), to=TypeAttr(DTYPES[attr(op.properties, "dtype")]))


def _where(e, op, operands):
    return e(g.WhereOp, *single(operands))


def _tuple(e, op, operands):
    return [[v for group in operands for v in group]]


def _tuple_get_item(e, op, operands):
    fields = op.operands[0].type.types
    index = attr(op.properties, "index")
    start = sum(len(tuple_leaves(f)) for f in fields[:index])
    return [operands[0][start : start + len(tuple_leaves(fields[index]))]]


def _const(e, op, operands):
    return e(g.ConstantOp, op.properties["value"])


def _with_dtype(e, op, value):
    """`value` cast to the element type of `op`'s result (Relay's `out_dtype`)."""
    want = op.results[0].type.element_type
    return value if _elements(value) == want else e(g.CastOp, value, to=TypeAttr(want))


def _dense(e, op, operands):
    x, w = single(operands)
    return _with_dtype(e, op, e(g.MatMulOp, x, e(g.TransposeOp, w, perm=_ints([1, 0]))))


def _bias_add(e, op, operands):
    return e(g.BiasAddOp, *single(operands), axis=_int(attr(op.properties, "axis", 1)))


def _softmax_like(graph_op):
    def rule(e, op, operands):
        return e(graph_op, *single(operands), axis=_int(attr(op.properties, "axis", -1)))

    rule.__name__ = f"convert_{graph_op.name[6:]}"
    return rule


def _batch_flatten(e, op, operands):
    return e(g.FlattenOp, *single(operands), axis=_int(1))


def _scaled_and_centered(op) -> None:
    if not attr(op.properties, "scale", 1) or not attr(op.properties, "center", 1):
        raise Unconvertible("graph's normalizations always scale and center")


def _epsilon(op) -> FloatAttr:
    return FloatAttr(attr(op.properties, "epsilon", 1e-5), f32)


def _batch_norm(e, op, operands):
    _scaled_and_centered(op)
    x, gamma, beta, mean, var = single(operands)
    axis = _int(attr(op.properties, "axis", 1))
    out = e(g.BatchNormOp, x, gamma, beta, mean, var, axis=axis, epsilon=_epsilon(op))
    return [[out, mean, var]]


def _layer_norm(e, op, operands):
    _scaled_and_centered(op)
    x, gamma, beta = single(operands)
    rank = x.type.rank
    if normalize_axis(attr(op.properties, "axis", -1), rank) != rank - 1:
        raise Unconvertible("graph.layer_norm normalizes every dim from its axis to the end")
    return e(g.LayerNormOp, x, gamma, beta, axis=_int(-1), epsilon=_epsilon(op))


# --- convolution and pooling -------------------------------------------------------------
KERNEL_FOR_DATA = {"NCHW": "OIHW", "NHWC": "HWIO"}
KERNEL_PERMS = {("OIHW", "HWIO"): [2, 3, 1, 0], ("HWIO", "OIHW"): [3, 2, 0, 1]}


def _window(props) -> dict:
    """Relay's window attributes as graph's: padding of 1, 2 or 4 numbers to pads (top,
    left, then bottom, right: begins, then ends)."""
    return {
        "strides": _ints(nn2d.pair(attr(props, "strides"), 1, "strides")),
        "pads": _ints(nn2d.expand_padding(attr(props, "padding"))),
        "dilations": _ints(nn2d.pair(attr(props, "dilation"), 1, "dilation")),
    }


def _data_format(layout: str) -> dict:
    return {} if layout == "NCHW" else {"data_format": StringAttr(layout)}


def _conv2d(e, op, operands):
    x, w = single(operands)
    props = op.properties
    layout = attr(props, "data_layout", "NCHW")
    kernel_layout = attr(props, "kernel_layout", "OIHW")
    wanted = KERNEL_FOR_DATA[layout]
    if kernel_layout != wanted:
        w = e(g.TransposeOp, w, perm=_ints(KERNEL_PERMS[kernel_layout, wanted]))
    out = e(g.ConvOp, x, w, group=_int(attr(props, "groups", 1)), **_window(props),
            **_data_format(layout))  # fmt: skip
    return _with_dtype(e, op, out)


def _pool(graph_op, extra=()):
    def rule(e, op, operands):
        props = op.properties
        flags = {name: bool_attr(bool(attr(props, name, 0))) for name in extra}
        kernel = nn2d.pair(attr(props, "pool_size"), 1, "pool_size")
        window = _window(props)
        if extra and has_empty_average(op, kernel):
            raise Unconvertible(EMPTY_AVERAGE)
        if attr(props, "ceil_mode", 0):
            window, flags["ceil_mode"] = _ceil_windows(op, kernel, window)
        return e(graph_op, *single(operands), kernel_shape=_ints(kernel), **window, **flags,
                 **_data_format(attr(props, "layout", "NCHW")))  # fmt: skip

    rule.__name__ = f"convert_{graph_op.name[6:]}"
    return rule


EMPTY_AVERAGE = "a window covers no element the average counts: Relay gives 0, graph 0/0"


def _spatial(op) -> tuple[list, list]:
    """The input and output (height, width) of a pool."""
    _, *hw = nn2d.layout_positions(op.properties, "layout", "NCHW", nn2d.DATA_LAYOUTS)
    return [op.operands[0].type.shape[p] for p in hw], [op.results[0].type.shape[p] for p in hw]


def has_empty_average(op, kernel) -> bool:
    """Whether a relay average pool `op` has a window with no element its divisor counts (inputs,
    and padding with `count_include_pad`; never ceil_mode's cells). Unknown when sizes
    are: then False."""
    props = op.properties
    sizes, outs = _spatial(op)
    if ANY in sizes or ANY in outs:
        return False
    strides, dilations = (nn2d.pair(attr(props, k), 1, k) for k in ("strides", "dilation"))
    top, left, bottom, right = nn2d.expand_padding(attr(props, "padding"))
    with_pad = bool(attr(props, "count_include_pad", 0))
    for size, out, s, d, k, (begin, end) in zip(sizes, outs, strides, dilations, kernel,
                                                ((top, bottom), (left, right))):  # fmt: skip
        low, high = (0, begin + size + end) if with_pad else (begin, begin + size)
        if any(not any(low <= i * s + d * j < high for j in range(k)) for i in range(out)):
            return True
    return False


def _ceil_windows(op, kernel, window: dict) -> tuple[dict, object]:
    """Relay's ceil_mode keeps a last window that starts past the padded input, which ONNX's
    drops: pad the ends by what the last windows need instead (padding never counts in a
    max, nor in an average without `count_include_pad`), and drop ceil_mode."""
    props = op.properties
    sizes, outs = _spatial(op)
    if ANY in sizes or ANY in outs:
        raise Unconvertible("ceil_mode needs static spatial sizes")
    strides, dilations = (nn2d.pair(attr(props, k), 1, k) for k in ("strides", "dilation"))
    top, left, bottom, right = nn2d.expand_padding(attr(props, "padding"))
    need = [(o - 1) * s + d * (k - 1) + 1 - (size + p)
            for o, s, d, k, size, p in zip(outs, strides, dilations, kernel, sizes,
                                            (top + bottom, left + right))]  # fmt: skip
    if max(need) > 0 and attr(props, "count_include_pad", 0):
        return window, bool_attr(True)  # graph's ceil_mode counts alike, if it keeps the window
    pads = [top, left, bottom + max(need[0], 0), right + max(need[1], 0)]
    return {**window, "pads": _ints(pads)}, bool_attr(False)


def _global_avg_pool(e, op, operands):
    data_format = _data_format(attr(op.properties, "layout", "NCHW"))
    return e(g.GlobalAvgPoolOp, *single(operands), **data_format)


# --- shapes and indexing ------------------------------------------------------------------
def onnx_reshape_codes(shape: tuple, newshape: list) -> list[int] | None:
    """Relay's `newshape` as an ONNX shape for input `shape`: static dims as they are, a `?`
    copied from the same position as 0, and at most one other `?` as -1; None when more
    than one dim is unknown."""
    out = list(transform.reshape_shape(shape, newshape))
    if ANY not in out:
        return out
    copied = _copied_positions(shape, newshape)
    codes, unknown = [], 0
    for i, d in enumerate(out):
        if d != ANY:
            codes.append(d)
        elif copied.get(i) == i:
            codes.append(0)
        else:
            codes.append(-1)
            unknown += 1
    return codes if unknown <= 1 else None


def _copied_positions(shape: tuple, newshape: list) -> dict[int, int]:
    """Output position -> input position, for the output dims Relay copies (codes 0, -2)."""
    copied, src, i = {}, 0, 0
    out = 0
    while i < len(newshape):
        code = newshape[i]
        if code == 0:
            copied[out] = src
        if code == -2:
            for k in range(src, len(shape)):
                copied[out + k - src] = k
            out += len(shape) - src
            src = len(shape)
        elif code == -3:
            out, src = out + 1, src + 2
        elif code == -4:
            out, src, i = out + 2, src + 1, i + 2
        else:
            out, src = out + 1, src + 1
        i += 1
    return copied


def _reshape(e, op, operands):
    (x,) = single(operands)
    shape = tuple(op.operands[0].type.shape)
    codes = onnx_reshape_codes(shape, attr(op.properties, "newshape"))
    if codes is None:
        raise Unconvertible("more than one dim of the result is unknown")
    return e(g.ReshapeOp, x, shape=g.shape_ops.sizes_attr(codes))


def _transpose(e, op, operands):
    (x,) = single(operands)
    axes = attr(op.properties, "axes")
    if axes is None:
        return e(g.TransposeOp, x)
    return e(g.TransposeOp, x, perm=_ints(normalize_axis(a, x.type.rank) for a in axes))


def _squeeze(e, op, operands):
    (x,) = single(operands)
    axes = attr(op.properties, "axis")
    return e(g.SqueezeOp, x) if axes is None else e(g.SqueezeOp, x, axes=_ints(axes))


def _expand_dims(e, op, operands):
    (x,) = single(operands)
    rank = x.type.rank
    axis = attr(op.properties, "axis")
    axis = axis + rank + 1 if axis < 0 else axis
    count = attr(op.properties, "num_newaxis", 1)
    if count == 0:
        return x
    return e(g.ExpandDimsOp, x, axes=_ints(range(axis, axis + count)))


def _concatenate(e, op, operands):
    return e(g.ConcatOp, operands[0], axis=_int(attr(op.properties, "axis", 0)))


def _split(e, op, operands):
    (x,) = single(operands)
    shape = op.operands[0].type.shape
    axis = normalize_axis(attr(op.properties, "axis", 0), len(shape))
    spec = attr(op.properties, "indices_or_sections")
    dim = shape[axis]
    if isinstance(spec, int):
        how = {"num_outputs": _int(spec)} if dim == ANY else {"split": _ints([dim // spec] * spec)}
    elif dim == ANY or any(i > dim for i in spec):
        raise Unconvertible("split indices need a known dim they do not exceed")
    else:
        bounds = [0, *spec, dim]
        how = {"split": _ints(b - a for a, b in zip(bounds, bounds[1:]))}
    return [list(e.build(g.SplitOp, x, axis=_int(axis), **how).results)]


def _strided_slice(e, op, operands):
    (x,) = single(operands)
    params = transform.strided_slice_args(op.operands[0].type.shape, op.properties)
    axes, starts, ends, steps = zip(*params) if params else ((), (), (), ())
    return e(g.SliceOp, x, starts=_ints(starts), ends=_ints(ends), axes=_ints(axes),
             steps=_ints(steps))  # fmt: skip


def _take(e, op, operands):
    x, indices = single(operands)
    axis = attr(op.properties, "axis")
    if axis is None:
        x = e(g.ReshapeOp, x, shape=_ints([-1]))
        axis = 0
    axis = normalize_axis(axis, x.type.rank)
    mode = attr(op.properties, "mode", "clip")
    if mode != "fast":
        size = x.type.shape[axis]
        if type(size) is not int:
            raise Unconvertible(f"'{mode}' mode needs the size of the taken axis")
        element = _elements(indices)
        if mode == "clip":  # numpy's clip mode: negative indices clamp to 0
            low = e(g.ConstantOp, scalar_attr(0, element))
            high = e(g.ConstantOp, scalar_attr(size - 1, element))
            indices = e(g.MinimumOp, e(g.MaximumOp, indices, low), high)
        else:
            indices = e(g.ModOp, indices, e(g.ConstantOp, scalar_attr(size, element)))
    return e(g.GatherOp, x, indices, axis=_int(axis))


def _reduce(graph_op):
    def rule(e, op, operands):
        (x,) = single(operands)
        axes = transform.reduced_axes(x.type.rank, op.properties)
        keep = bool_attr(bool(attr(op.properties, "keepdims", 0)))
        if not axes:  # Relay reduces nothing: graph's empty axes would reduce everything
            return e(graph_op, x, keepdims=keep, noop_with_empty_axes=bool_attr(True))
        return e(graph_op, x, axes=_ints(axes), keepdims=keep)

    rule.__name__ = f"convert_{graph_op.name[6:]}"
    return rule


RELAY_TO_GRAPH = {
    **{cls: renamed(graph_op) for cls, graph_op in {**UNARY, **BINARY}.items()},
    **{cls: _reduce(graph_op) for cls, graph_op in REDUCE.items()},
    r.RoundOp: _round, r.FloorDivideOp: _floor_divide, r.ClipOp: _clip, r.CastOp: _cast,
    r.WhereOp: _where, r.TupleOp: _tuple, r.TupleGetItemOp: _tuple_get_item, r.ConstOp: _const,
    r.DenseOp: _dense, r.BiasAddOp: _bias_add, r.SoftmaxOp: _softmax_like(g.SoftmaxOp),
    r.LogSoftmaxOp: _softmax_like(g.LogSoftmaxOp), r.BatchFlattenOp: _batch_flatten,
    r.BatchNormOp: _batch_norm, r.LayerNormOp: _layer_norm, nn2d.Conv2DOp: _conv2d,
    nn2d.MaxPool2DOp: _pool(g.MaxPoolOp),
    nn2d.AvgPool2DOp: _pool(g.AvgPoolOp, ("count_include_pad",)),
    nn2d.GlobalAvgPool2DOp: _global_avg_pool, transform.ReshapeOp: _reshape,
    transform.TransposeOp: _transpose, transform.SqueezeOp: _squeeze,
    transform.ExpandDimsOp: _expand_dims, transform.ConcatenateOp: _concatenate,
    transform.SplitOp: _split, transform.StridedSliceOp: _strided_slice,
    transform.TakeOp: _take,
}  # fmt: skip
