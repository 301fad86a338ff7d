"""Reference interpreter rules of the shape, indexing and reduction ops, on numpy.

Each rule is the op's ONNX semantics written with numpy. Sums, means, products and norms
of f16/bf16 accumulate in f32 and round once to the element type (as ONNX Runtime's CPU
kernels do); other dtypes accumulate in their own type. A size that the IR assumed and the
arrays contradict (a squeezed dim that is not 1, concatenated dims that differ, an index
out of range) is an `InterpreterError` at the op.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.graph import index_ops as ix
from mlc.dialects.graph import reduce as rd
from mlc.dialects.graph import shape_ops as sh
from mlc.dialects.graph.base import get_bool, get_int, get_ints, get_str
from mlc.dialects.graph.interpreter import bind_sizes
from mlc.dialects.graph.shapes import ShapeError
from mlc.dialects.graph.symbolic import evaluate
from mlc.dialects.graph.types import numpy_dtype
from mlc.ir.interpreter import InterpreterError, register_impl


def _result_dtype(op, index: int = 0) -> np.dtype:
    return numpy_dtype(op.results[index].type.element_type)


def size_bindings(interp, op) -> dict:
    """The size variables of the graph function running `op`, bound from the arguments it
    was called with (the current frame holds them)."""
    func = sh.enclosing_graph_function(op)
    if func is None:
        return {}
    params = func.regions[0].blocks[0].args
    if any(p not in interp.env for p in params):  # e.g. constant folding, outside a call
        raise InterpreterError("size expressions have no values outside a function call", op)
    values = [interp.env[p] for p in params]
    return bind_sizes(func, [p.type for p in params], values, "argument")


def concrete_sizes(interp, op, dims) -> list:
    """Target-shape dims with their size expressions evaluated for this call."""
    if all(type(d) is int for d in dims):
        return list(dims)
    bindings = size_bindings(interp, op)
    return [evaluate(d, bindings) for d in dims]


# --- shape ops ---------------------------------------------------------------------------
@register_impl(sh.ReshapeOp)
def _reshape(interp, op, args):
    x = args[0]
    props = op.properties
    codes = concrete_sizes(interp, op, sh.get_sizes(props, "shape"))
    if not get_bool(props, "allowzero"):
        codes = [x.shape[i] if c == 0 else c for i, c in enumerate(codes)]
    try:
        return [x.reshape(codes)]
    except ValueError:
        raise InterpreterError(f"cannot reshape {x.shape} to {codes}", op) from None


@register_impl(sh.TransposeOp)
def _transpose(interp, op, args):
    return [np.transpose(args[0], sh.transpose_perm(op.properties, args[0].ndim))]


@register_impl(sh.ExpandDimsOp)
def _expand_dims(interp, op, args):
    x = args[0]
    axes = get_ints(op.properties, "axes")
    return [np.expand_dims(x, tuple(a % (x.ndim + len(axes)) for a in axes))]


@register_impl(sh.SqueezeOp)
def _squeeze(interp, op, args):
    x = args[0]
    axes = sh.squeezed_axes(op.operands[0].type, op.properties)
    wrong = [a for a in axes if x.shape[a] != 1]
    if wrong:
        raise InterpreterError(f"cannot squeeze axis {wrong[0]} of shape {x.shape}", op)
    return [np.squeeze(x, axes)]


@register_impl(sh.FlattenOp)
def _flatten(interp, op, args):
    x = args[0]
    axis = get_int(op.properties, "axis")
    axis = axis + x.ndim if axis < 0 else axis
    return [x.reshape(int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))]


@register_impl(sh.BroadcastToOp)
def _broadcast_to(interp, op, args):
    x = args[0]
    target = concrete_sizes(interp, op, sh.get_sizes(op.properties, "shape"))
    try:
        shape = np.broadcast_shapes(x.shape, tuple(target))
    except ValueError:
        raise InterpreterError(f"cannot broadcast {x.shape} with {tuple(target)}", op) from None
    return [np.broadcast_to(x, shape).copy()]


@register_impl(sh.TileOp)
def _tile(interp, op, args):
    return [np.tile(args[0], get_ints(op.properties, "repeats"))]


# --- indexing ops --------------------------------------------------------------------------
@register_impl(ix.ConcatOp)
def _concat(interp, op, args):
    axis = get_int(op.properties, "axis") % args[0].ndim
    try:
        return [np.concatenate(args, axis=axis)]
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in args)
        raise InterpreterError(f"cannot concatenate {shapes} along axis {axis}", op) from None


@register_impl(ix.SplitOp)
def _split(interp, op, args):
    x = args[0]
    props = op.properties
    axis = get_int(props, "axis") % x.ndim
    try:  # the sizes checked again, now that the dim is known
        sizes = ix.split_sizes(
            x.shape[axis], get_ints(props, "split"), get_int(props, "num_outputs")
        )
    except ShapeError as e:
        raise InterpreterError(str(e), op) from None
    bounds = np.cumsum(sizes)[:-1]
    return [piece.copy() for piece in np.split(x, bounds, axis=axis)]


@register_impl(ix.SliceOp)
def _slice(interp, op, args):
    x = args[0]
    index = [slice(None)] * x.ndim
    for axis, start, end, step in ix.slice_params(x.ndim, op.properties):
        index[axis] = slice(start, end, step)
    return [x[tuple(index)].copy()]


def _checked_indices(op, indices, size: int):
    """Indices with negative ones counted from the end; an error names one out of range."""
    wide = indices.astype(np.int64)  # i8 indices into a dim of 300 must not wrap
    bad = (wide < -size) | (wide >= size)
    if np.any(bad):
        raise InterpreterError(
            f"index {indices[bad].flat[0]} is out of range for a dim of size {size}", op
        )
    return np.where(wide < 0, wide + size, wide)


@register_impl(ix.GatherOp)
def _gather(interp, op, args):
    data, indices = args
    axis = get_int(op.properties, "axis") % data.ndim
    picked = np.take(data, _checked_indices(op, indices, data.shape[axis]), axis=axis)
    return [np.asarray(picked)]  # a 0-d pick is a numpy scalar


@register_impl(ix.GatherElementsOp)
def _gather_elements(interp, op, args):
    data, indices = args
    axis = get_int(op.properties, "axis") % data.ndim
    others = [i for i in range(data.ndim) if i != axis]
    if any(indices.shape[i] > data.shape[i] for i in others):
        raise InterpreterError(f"indices {indices.shape} exceed data {data.shape}", op)
    positions = _checked_indices(op, indices, data.shape[axis])
    # take_along_axis needs equal dims off the axis; the indices cover a leading block.
    block = tuple(
        slice(0, indices.shape[i]) if i != axis else slice(None) for i in range(data.ndim)
    )
    return [np.take_along_axis(data[block], positions, axis=axis)]


@register_impl(ix.PadOp)
def _pad(interp, op, args):
    x = args[0]
    props = op.properties
    pads = get_ints(props, "pads")
    before, after = pads[: x.ndim], pads[x.ndim :]
    mode = get_str(props, "mode")
    width = [(max(b, 0), max(a, 0)) for b, a in zip(before, after)]
    if mode == "constant":
        fill = np.asarray(props["value"].value).astype(x.dtype)
        out = np.pad(x, width, mode="constant", constant_values=fill)
    elif 0 in x.shape and any(pads):
        raise InterpreterError(f"cannot pad an empty tensor {x.shape} in {mode} mode", op)
    else:
        out = np.pad(x, width, mode=mode)
    crop = tuple(slice(max(-b, 0), out.shape[i] - max(-a, 0)) for i, (b, a) in
                 enumerate(zip(before, after)))  # fmt: skip
    return [out[crop].copy()]


# --- reductions ----------------------------------------------------------------------------
def _accumulator(x) -> np.dtype:
    """The dtype sums and products accumulate in: f32 for f16/bf16, else x's."""
    return np.dtype(np.float32) if x.dtype.kind in "fV" and x.dtype.itemsize < 4 else x.dtype


def _sum(x, axes, keep):
    return np.sum(x, axis=axes, keepdims=keep, dtype=_accumulator(x))


def _extreme(fn, x, axes, keep, lowest: bool):
    """max/min; of no elements the dtype's lowest/highest value (ONNX-18 Reduce semantics)."""
    if x.dtype == np.bool_:
        initial = not lowest
    elif x.dtype.kind in "iu":
        info = np.iinfo(x.dtype)
        initial = info.min if lowest else info.max
    else:
        initial = -np.inf if lowest else np.inf
    return fn(x, axis=axes, keepdims=keep, initial=initial)


def _log_sum_exp(x, axes, keep):
    wide = x.astype(_accumulator(x))
    if wide.size == 0:
        return np.log(np.sum(np.exp(wide), axis=axes, keepdims=keep))
    peak = np.max(wide, axis=axes, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)
    total = np.sum(np.exp(wide - peak), axis=axes, keepdims=True)
    out = np.log(total) + peak
    return out if keep else np.squeeze(out, axes)


REDUCERS = {
    rd.ReduceSumOp: _sum,
    rd.ReduceMeanOp: lambda x, axes, keep: np.mean(x, axis=axes, keepdims=keep,
                                                   dtype=_accumulator(x)),
    rd.ReduceMaxOp: lambda x, axes, keep: _extreme(np.max, x, axes, keep, True),
    rd.ReduceMinOp: lambda x, axes, keep: _extreme(np.min, x, axes, keep, False),
    rd.ReduceProdOp: lambda x, axes, keep: np.prod(x, axis=axes, keepdims=keep,
                                                   dtype=_accumulator(x)),
    rd.ReduceL2Op: lambda x, axes, keep: np.sqrt(_sum(np.square(x.astype(_accumulator(x))),
                                                      axes, keep)),
    rd.ReduceSumSquareOp: lambda x, axes, keep: _sum(np.square(x.astype(_accumulator(x))),
                                                     axes, keep),
    rd.ReduceLogSumExpOp: _log_sum_exp,
}  # fmt: skip


def _reduction_rule(kernel):
    def rule(interp, op, args):
        x = args[0]
        props = op.properties
        axes = rd.reduced_axes(x.ndim, props)
        with np.errstate(all="ignore"):
            out = kernel(x, axes, get_bool(props, "keepdims"))
        return [np.asarray(out).astype(_result_dtype(op), copy=False)]

    return rule


for _cls, _kernel in REDUCERS.items():
    register_impl(_cls)(_reduction_rule(_kernel))


def _arg_rule(fn):
    def rule(interp, op, args):
        x = args[0]
        props = op.properties
        axis = get_int(props, "axis") % x.ndim
        if x.shape[axis] == 0:
            raise InterpreterError(f"{op.name} of an empty axis {axis} of {x.shape}", op)
        if get_bool(props, "select_last_index"):
            flipped = np.flip(x, axis)
            index = x.shape[axis] - 1 - fn(flipped, axis=axis, keepdims=True)
        else:
            index = fn(x, axis=axis, keepdims=True)
        if not get_bool(props, "keepdims"):
            index = np.squeeze(index, axis)
        return [np.asarray(index, dtype=np.int64)]

    return rule


register_impl(rd.ArgMaxOp)(_arg_rule(np.argmax))
register_impl(rd.ArgMinOp)(_arg_rule(np.argmin))
