"""Shape and indexing ONNX operators, constants and the shape computations around them.

ONNX passes target shapes, axes, pads, repeats and slice bounds as tensors; the graph
dialect takes them as attributes, so those inputs must be known at import time. They are
when they are constants or computed from shapes: `Shape`, `Size`, and `Gather`, `Slice`,
`Concat`, `Unsqueeze`, `Squeeze`, `Reshape`, `Identity` of known integers are folded here
with numpy (on object arrays when a dim is symbolic), as TVM's importer folds them.
"""

from __future__ import annotations

import math

import numpy as np

from mlc.dialects import graph
from mlc.dialects.graph.base import int_attr, ints_attr
from mlc.dialects.graph.shape_ops import sizes_attr
from mlc.frontends.onnx.ops_elementwise import float_attr
from mlc.frontends.onnx.registry import converter
from mlc.ir.attributes import StringAttr, bool_attr

FOLD_LIMIT = 1024  # known integer tensors up to this many elements are folded


def foldable(array) -> bool:
    """Whether a known array is integer shape data that the importer folds."""
    if array is None or array.size > FOLD_LIMIT:
        return False
    return array.dtype == object or array.dtype.kind in "iub"


def dims_array(dims) -> np.ndarray:
    """A 1-D i64 array of dims, an object array when some are symbolic."""
    if all(type(d) is int for d in dims):
        return np.array(dims, dtype=np.int64)
    array = np.empty(len(dims), dtype=object)
    array[:] = list(dims)
    return array


def _normalize(axes, rank: int, nc) -> list[int]:
    out = []
    for a in axes:
        if not -rank <= a < rank:
            raise nc.fail(f"axis {a} is out of range for rank {rank}")
        out.append(a + rank if a < 0 else a)
    return out


@converter("Identity")
def convert_identity(nc):
    known = nc.known(0)
    return [known if known is not None else nc.value(0)]


@converter("Dropout")
def convert_dropout(nc):
    """Inference: the identity; the mask, if asked for, is all true (static shapes)."""
    if nc.has_input(2) and bool(nc.scalar(2, "training_mode")):
        raise nc.fail("training_mode = true is not supported (inference only)")
    outputs = convert_identity(nc)
    if nc.output_used(1):
        shape = nc.type(0).shape
        if not all(type(d) is int for d in shape):
            raise nc.fail("the mask output needs a static input shape")
        outputs.append(np.ones(shape, dtype=np.bool_))
    return outputs


@converter("Constant")
def convert_constant(nc):
    from onnx import numpy_helper

    if nc.has_attr("value"):
        return [np.array(numpy_helper.to_array(nc.attr("value")), order="C")]
    simple = {
        "value_float": np.float32, "value_floats": np.float32,
        "value_int": np.int64, "value_ints": np.int64,
    }  # fmt: skip
    for name, dtype in simple.items():
        if nc.has_attr(name):
            return [np.array(nc.attr(name), dtype=dtype)]
    names = ", ".join(a.name for a in nc.node.attribute)
    raise nc.fail(f"attribute {names} is not supported (no string or sparse constants)")


@converter("Shape")
def convert_shape(nc):
    shape = nc.type(0).shape
    rank = len(shape)
    start, end = nc.attr("start", 0), nc.attr("end", rank)
    start, end = (max(0, min(rank, s + rank if s < 0 else s)) for s in (start, end))
    dims = shape[start:end]
    if any(d is None for d in dims):
        raise nc.fail(f"the input's shape {list(dims)} has an unknown ('?') dim")
    return [dims_array(dims)]


@converter("Size")
def convert_size(nc):
    shape = nc.type(0).shape
    if any(d is None for d in shape):
        raise nc.fail("the input's shape has an unknown ('?') dim")
    total = math.prod(shape, start=1)
    if type(total) is int:
        return [np.array(total, dtype=np.int64)]
    array = np.empty((), dtype=object)
    array[()] = total
    return [array]


@converter("ConstantOfShape")
def convert_constant_of_shape(nc):
    from onnx import numpy_helper

    value = nc.attr("value")
    fill = np.zeros(1, np.float32) if value is None else numpy_helper.to_array(value)
    dims = nc.ints(0, "input")
    if all(type(d) is int for d in dims):
        return [np.full(dims, fill.ravel()[0], dtype=fill.dtype)]
    scalar = nc.constant(fill.reshape(()))
    return [nc.emit(graph.BroadcastToOp, scalar, shape=sizes_attr(dims))]


@converter("Range")
def convert_range(nc):
    start, limit, delta = (nc.known(i) for i in range(3))
    if any(a is None or a.dtype == object for a in (start, limit, delta)):
        raise nc.fail("start, limit and delta must be constants (no symbolic ranges)")
    return [np.arange(start.item(), limit.item(), delta.item()).astype(start.dtype)]


@converter("Reshape")
def convert_reshape(nc):
    shape = nc.ints(1, "shape")
    allowzero = bool(nc.attr("allowzero", 0))
    data = nc.known(0)
    if foldable(data) and all(type(d) is int for d in shape):
        target = [data.shape[i] if d == 0 and not allowzero else d for i, d in enumerate(shape)]
        return [data.reshape(target)]
    return [nc.emit(graph.ReshapeOp, nc.value(0), shape=sizes_attr(shape),
                    allowzero=bool_attr(allowzero))]  # fmt: skip


@converter("Flatten")
def convert_flatten(nc):
    return [nc.emit(graph.FlattenOp, nc.value(0), axis=int_attr(nc.attr("axis", 1)))]


@converter("Transpose")
def convert_transpose(nc):
    perm = nc.attr("perm")
    props = {} if perm is None else {"perm": ints_attr(perm)}
    return [nc.emit(graph.TransposeOp, nc.value(0), **props)]


@converter("Squeeze")
def convert_squeeze(nc):
    axes = nc.static_ints(1, "axes")
    data = nc.known(0)
    if foldable(data):
        axis = None if axes is None else tuple(_normalize(axes, data.ndim, nc))
        return [np.squeeze(data, axis=axis)]
    props = {} if axes is None else {"axes": ints_attr(axes)}
    return [nc.emit(graph.SqueezeOp, nc.value(0), **props)]


@converter("Unsqueeze")
def convert_unsqueeze(nc):
    axes = nc.static_ints(1, "axes")
    data = nc.known(0)
    if foldable(data):
        rank = data.ndim + len(axes)
        return [np.expand_dims(data, tuple(_normalize(axes, rank, nc)))]
    return [nc.emit(graph.ExpandDimsOp, nc.value(0), axes=ints_attr(axes))]


@converter("Expand")
def convert_expand(nc):
    shape = nc.ints(1, "shape")
    return [nc.emit(graph.BroadcastToOp, nc.value(0), shape=sizes_attr(shape))]


@converter("Concat")
def convert_concat(nc):
    axis = nc.attr("axis")
    arrays = [nc.known(i) for i in range(nc.num_inputs) if nc.has_input(i)]
    if all(foldable(a) for a in arrays):
        if any(a.dtype == object for a in arrays):
            arrays = [a.astype(object) for a in arrays]
        return [np.concatenate(arrays, axis=axis)]
    return [nc.emit(graph.ConcatOp, nc.values(), axis=int_attr(axis))]


@converter("Split")
def convert_split(nc):
    axis = nc.attr("axis", 0)
    split = nc.static_ints(1, "split")
    props = {"axis": int_attr(axis)}
    if split is not None:
        props["split"] = ints_attr(split)
    else:
        props["num_outputs"] = int_attr(nc.attr("num_outputs", nc.num_outputs))
    return list(nc.emit_op(graph.SplitOp, nc.value(0), **props).results)


@converter("Slice")
def convert_slice(nc):
    starts = nc.static_ints(1, "starts")
    ends = nc.static_ints(2, "ends")
    axes = nc.static_ints(3, "axes", list(range(len(starts))))
    steps = nc.static_ints(4, "steps", [1] * len(starts))
    data = nc.known(0)
    if foldable(data):
        index = [slice(None)] * data.ndim
        for a, s, e, st in zip(_normalize(axes, data.ndim, nc), starts, ends, steps):
            index[a] = slice(s, e, st)
        return [data[tuple(index)]]
    props = {"starts": ints_attr(starts), "ends": ints_attr(ends), "axes": ints_attr(axes),
             "steps": ints_attr(steps)}  # fmt: skip
    return [nc.emit(graph.SliceOp, nc.value(0), **props)]


@converter("Gather")
def convert_gather(nc):
    axis = nc.attr("axis", 0)
    data, indices = nc.known(0), nc.known(1)
    if foldable(data) and indices is not None and indices.dtype != object:
        return [np.take(data, indices.astype(np.int64), axis=axis)]
    return [nc.emit(graph.GatherOp, nc.value(0), nc.value(1), axis=int_attr(axis))]


@converter("GatherElements")
def convert_gather_elements(nc):
    axis = int_attr(nc.attr("axis", 0))
    return [nc.emit(graph.GatherElementsOp, nc.value(0), nc.value(1), axis=axis)]


@converter("Tile")
def convert_tile(nc):
    repeats = nc.static_ints(1, "repeats")
    return [nc.emit(graph.TileOp, nc.value(0), repeats=ints_attr(repeats))]


@converter("Pad")
def convert_pad(nc):
    """Pad-13/18/19: `pads` (and `axes`) inputs known at import time, a constant value."""
    mode = nc.check_attr("mode", ("constant", "reflect", "edge", "wrap"), "constant")
    rank = nc.type(0).rank
    pads = nc.static_ints(1, "pads")
    axes = nc.static_ints(3, "axes")
    if axes is not None:
        full = [0] * (2 * rank)
        for i, a in enumerate(_normalize(axes, rank, nc)):
            full[a], full[rank + a] = pads[i], pads[len(axes) + i]
        pads = full
    props = {"pads": ints_attr(pads), "mode": StringAttr(mode)}
    x = nc.value(0)
    if nc.has_input(2) and nc.known(2) is None:
        return [_pad_with_tensor(nc, x, props)]
    value = nc.scalar(2, "constant_value", 0)
    if value:
        props["value"] = float_attr(value)
    return [nc.emit(graph.PadOp, x, **props)]


def _pad_with_tensor(nc, x, props: dict):
    """Constant padding by a value computed at run time: pad with 0, then select the value
    where a padded all-true mask is false."""
    true = nc.constant(np.array(True))
    mask = nc.emit(graph.BroadcastToOp, true, shape=sizes_attr(x.type.shape))
    mask = nc.emit(graph.PadOp, mask, **props)
    padded = nc.emit(graph.PadOp, x, **props)
    return nc.emit(graph.WhereOp, mask, padded, nc.value(2))
