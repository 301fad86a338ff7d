"""Graph ops that select or assemble parts of tensors: concat, split, slice, gather,
gather_elements, pad (ONNX Concat, Split-18, Slice, Gather, GatherElements, Pad, with the
index lists as attributes).

`graph.gather` is also numpy's `take` (with `mode="raise"` and negative indices counting
from the end), so there is no separate take op.
"""

from __future__ import annotations

from mlc.dialects.graph.base import (
    FLOAT_ATTR,
    GRAPH_TENSOR,
    INT_ATTR,
    INTS_ATTR,
    GraphOp,
    get_int,
    get_ints,
    get_str,
    int_attr,
    is_integer,
)
from mlc.dialects.graph.shape_ops import OneTensorOp, required
from mlc.dialects.graph.shapes import (
    ShapeError,
    dims_conflict,
    normalize_axes,
    normalize_axis,
    shape_text,
)
from mlc.dialects.graph.symbolic import ceildiv, sym_max, sym_min
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import FloatAttr, StringAttr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import operand, opt_prop, prop, result, var_operand, var_result
from mlc.ir.traits import Pure
from mlc.ir.types import f32


def same_element_types(types, what: str = "operands") -> None:
    first = types[0]
    for t in types[1:]:
        if t.element_type != first.element_type:
            raise ShapeError(f"{what} must have the same element type, got '{first}' and '{t}'")


def merge_dim(a, b):
    """The dim two dims known to be equal share: the more precise one (`?` when two
    different expressions could each be right)."""
    if a == b or b is None:
        return a
    if a is None:
        return b
    if type(a) is int or type(b) is int:
        return a if type(a) is int else b
    return None


class ConcatOp(GraphOp):
    """ONNX Concat: the operands joined along `axis`; the other dims must agree."""

    name = "graph.concat"
    inputs = var_operand(GRAPH_TENSOR)
    out = result(GRAPH_TENSOR)
    axis = prop(INT_ATTR)
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        if not types:
            raise ShapeError("needs at least one operand")
        first = types[0]
        same_element_types(types)
        axis = normalize_axis(required(get_int(props, "axis"), "axis"), first.rank)
        shape = list(first.shape)
        for t in types[1:]:
            if t.rank != first.rank:
                raise ShapeError(
                    f"operands must have the same rank, got {shape_text(first.shape)} and "
                    f"{shape_text(t.shape)}"
                )
            for i, d in enumerate(t.shape):
                if i == axis:
                    shape[i] = None if shape[i] is None or d is None else shape[i] + d
                elif dims_conflict(shape[i], d):
                    raise ShapeError(
                        f"shapes {shape_text(first.shape)} and {shape_text(t.shape)} differ "
                        f"in dim {i}, which is not the concatenation axis {axis}"
                    )
                else:
                    shape[i] = merge_dim(shape[i], d)
        return [first.with_shape(shape)]


class SplitOp(GraphOp):
    """ONNX Split-18: `x` cut along `axis` into pieces of the sizes `split`, or into
    `num_outputs` pieces of `ceil(dim / num_outputs)` with a smaller last one. Exactly one
    of the two attributes is given (it fixes the number of results)."""

    name = "graph.split"
    x = operand(GRAPH_TENSOR)
    outputs = var_result(GRAPH_TENSOR)
    axis = prop(INT_ATTR, default=int_attr(0))
    split = opt_prop(INTS_ATTR)
    num_outputs = opt_prop(INT_ATTR)
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        axis = normalize_axis(get_int(props, "axis"), x.rank)
        sizes = split_sizes(x.shape[axis], get_ints(props, "split"), get_int(props, "num_outputs"))
        return [x.with_shape(x.shape[:axis] + (s,) + x.shape[axis + 1 :]) for s in sizes]

    def verify_(self) -> None:
        super().verify_()
        want = len(self.inferred_types())
        if len(self.results) != want:
            raise self.emit_error(f"has {len(self.results)} results, but the split gives {want}")


def split_sizes(dim, split, num_outputs) -> list:
    """The sizes of the pieces of `dim` (ints or dims)."""
    if (split is None) == (num_outputs is None):
        raise ShapeError("needs exactly one of 'split' and 'num_outputs'")
    if split is not None:
        if not split or any(s < 0 for s in split):
            raise ShapeError(f"'split' {list(split)} must be one or more non-negative sizes")
        if type(dim) is int and sum(split) != dim:
            raise ShapeError(f"'split' {list(split)} sums to {sum(split)}, not to the dim {dim}")
        return list(split)
    if num_outputs < 1:
        raise ShapeError(f"'num_outputs' must be positive, got {num_outputs}")
    if dim is None:
        return [None] * num_outputs
    chunk = ceildiv(dim, num_outputs)
    last = dim - chunk * (num_outputs - 1)
    if type(last) is int and last < 0:
        raise ShapeError(f"cannot split a dim of {dim} into {num_outputs} pieces of {chunk}")
    return [chunk] * (num_outputs - 1) + [last]


# Bounds this large mean "to the end" (ONNX models write INT64_MAX or INT32_MAX); no tensor
# dimension reaches them, so for a symbolic dim they clamp to it.
UNBOUNDED = 2**31 - 1


class SliceOp(OneTensorOp):
    """ONNX Slice: along each of `axes` (default 0, 1, ...), the elements from `starts` to
    `ends` (exclusive) by `steps` (default 1), with negative bounds counting from the end
    and out-of-range bounds clamped. The clamping is numpy's, as ONNX's reference
    implementation slices with numpy: for a negative step a start before the first element
    selects nothing (the spec's text would clamp it to the first element)."""

    name = "graph.slice"
    starts = prop(INTS_ATTR)
    ends = prop(INTS_ATTR)
    axes = opt_prop(INTS_ATTR)
    steps = opt_prop(INTS_ATTR)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        shape = list(x.shape)
        for axis, start, end, step in slice_params(x.rank, props):
            shape[axis] = sliced_size(shape[axis], start, end, step)
        return [x.with_shape(shape)]


def slice_params(rank: int, props: dict) -> list:
    """(axis, start, end, step) per sliced axis, checked."""
    starts = required(get_ints(props, "starts"), "starts")
    ends = required(get_ints(props, "ends"), "ends")
    axes = get_ints(props, "axes", tuple(range(len(starts))))
    steps = get_ints(props, "steps", (1,) * len(starts))
    if not len(starts) == len(ends) == len(axes) == len(steps):
        raise ShapeError(
            f"'starts' {list(starts)}, 'ends' {list(ends)}, 'axes' {list(axes)} and 'steps' "
            f"{list(steps)} must have the same length"
        )
    if 0 in steps:
        raise ShapeError(f"'steps' {list(steps)} must not be 0")
    axes = normalize_axes(axes, rank)
    return list(zip(axes, starts, ends, steps))


def sliced_size(dim, start: int, end: int, step: int):
    """The number of elements numpy's `[start:end:step]` selects from `dim` elements."""
    if dim is None:
        return None
    if type(dim) is int:
        return len(range(*slice(start, end, step).indices(dim)))
    if step < 0:  # mirror the axis: index i becomes dim-1-i and the step positive
        start, end, step = -1 - start, -1 - end, -step
    low, high = _bound(start), _bound(end)
    size = ceildiv(_distance(dim, low, high), step)
    return size if provably_nonnegative(size) else sym_max(size, 0)


def provably_nonnegative(d) -> bool:
    """Whether `d` is >= 0 for all sizes: a sum of positive multiples of size variables
    and of atoms that are themselves non-negative."""
    if type(d) is int:
        return d >= 0
    return all(c > 0 and all(_atom_nonnegative(a) for a in mono) for mono, c in d.terms)


def _atom_nonnegative(atom) -> bool:
    if type(atom) is str:
        return True  # a size variable
    args = atom.args
    if atom.op == "min":
        return all(provably_nonnegative(a) for a in args)
    if atom.op == "max":
        return any(provably_nonnegative(a) for a in args)
    if atom.op == "mod":
        return type(args[1]) is int and args[1] > 0
    return provably_nonnegative(args[0]) and type(args[1]) is int and args[1] > 0


def _bound(c: int) -> tuple:
    """A clamped positive-step bound as (from_end, offset): min(offset, dim) counted from
    the start, or max(dim + offset, 0) counted from the end."""
    if c >= UNBOUNDED:
        return (True, 0)
    if c <= -UNBOUNDED:
        return (False, 0)
    return (c < 0, c)


def _distance(dim, low: tuple, high: tuple):
    """`high - low` for clamped bounds over a symbolic `dim`, where it is positive (it is
    clamped at 0 by the caller)."""
    (low_from_end, a), (high_from_end, b) = low, high
    if not low_from_end and not high_from_end:  # min(b, d) - min(a, d)
        return sym_min(b - a, dim - a)
    if low_from_end and high_from_end:  # max(d + b, 0) - max(d + a, 0)
        return sym_min(b - a, dim + b)
    if not low_from_end:  # max(d + b, 0) - min(a, d)
        return dim + b - a
    # min(b, d) - max(d + a, 0)
    return sym_min(sym_min(b - a - dim, b), sym_min(-a, dim))


class IndexedOp(GraphOp):
    """`%out = graph.op %data, %indices {axis = a}`: reads `data` at integer `indices`."""

    data = operand(GRAPH_TENSOR)
    indices = operand(GRAPH_TENSOR)
    out = result(GRAPH_TENSOR)
    axis = prop(INT_ATTR, default=int_attr(0))
    traits = (Pure(),)


class GatherOp(IndexedOp):
    """ONNX Gather (numpy `take`): entries of `data` along `axis` at `indices` (an integer
    tensor, negative counting from the end); the result's dims are data's before `axis`,
    then indices', then data's after `axis`."""

    name = "graph.gather"

    @classmethod
    def infer(cls, types, props):
        data, indices = types
        check_indices(indices)
        axis = normalize_axis(get_int(props, "axis"), data.rank)
        shape = data.shape[:axis] + indices.shape + data.shape[axis + 1 :]
        return [data.with_shape(shape)]


def check_indices(indices: TensorType) -> None:
    if not is_integer(indices):
        raise ShapeError(f"indices must have an integer element type, got '{indices}'")


class GatherElementsOp(IndexedOp):
    """ONNX GatherElements (numpy `take_along_axis`): `out[i][j][k] = data[i][indices[i][j]
    [k]][k]` for axis 1; `indices` has data's rank and gives the result's shape."""

    name = "graph.gather_elements"

    @classmethod
    def infer(cls, types, props):
        data, indices = types
        check_indices(indices)
        if data.rank != indices.rank:
            raise ShapeError(
                f"data {shape_text(data.shape)} and indices {shape_text(indices.shape)} must "
                "have the same rank"
            )
        axis = normalize_axis(get_int(props, "axis"), data.rank)
        for i, (d, n) in enumerate(zip(data.shape, indices.shape)):
            if i != axis and type(d) is int and type(n) is int and n > d:
                raise ShapeError(
                    f"indices {shape_text(indices.shape)} exceed data {shape_text(data.shape)} "
                    f"in dim {i}"
                )
        return [data.with_shape(indices.shape)]


PAD_MODES = ("constant", "reflect", "edge", "wrap")


class PadOp(OneTensorOp):
    """ONNX Pad: `pads` holds the counts added before each dim, then after each dim;
    `mode` is constant (filled with `value`), reflect, edge or wrap (numpy's `pad` modes
    of the same names). Negative counts remove elements, in constant mode only."""

    name = "graph.pad"
    pads = prop(INTS_ATTR)
    mode = prop(
        Constraint(lambda a: isinstance(a, StringAttr) and a.value in PAD_MODES,
                   "one of " + ", ".join(PAD_MODES)),
        default=StringAttr("constant"),
    )  # fmt: skip
    value = prop(FLOAT_ATTR, default=FloatAttr(0.0, f32))

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        pads = required(get_ints(props, "pads"), "pads")
        if len(pads) != 2 * x.rank:
            raise ShapeError(
                f"'pads' {list(pads)} must have 2 * rank = {2 * x.rank} counts for "
                f"{shape_text(x.shape)}"
            )
        mode = get_str(props, "mode")
        if mode != "constant" and any(p < 0 for p in pads):
            raise ShapeError(f"'pads' {list(pads)} may be negative only in constant mode")
        shape = []
        for d, before, after in zip(x.shape, pads[: x.rank], pads[x.rank :]):
            size = None if d is None else d + before + after
            if type(size) is int and size < 0:
                raise ShapeError(f"'pads' {list(pads)} remove more than {shape_text(x.shape)}")
            shape.append(size)
        return [x.with_shape(shape)]


INDEX_OPS = [ConcatOp, SplitOp, SliceOp, GatherOp, GatherElementsOp, PadOp]
