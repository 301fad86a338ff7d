"""Relay's shape and indexing ops with their quirks (TVM src/relay/op/tensor/transform.cc,
reduce.cc): `reshape`'s codes, `concatenate` and `split` over tuples, `strided_slice`'s
modes, `take`'s modes, `squeeze` without axes, reductions with `exclude`."""

from __future__ import annotations

import math

from mlc.dialects.legacy_relay.base import INT, INTS, STRING, RelayOp, attr
from mlc.dialects.legacy_relay.ops import FUNCTIONAL
from mlc.dialects.legacy_relay.relations import (
    ANY,
    RelationError,
    expect_tensor,
    normalize_axis,
    shape_str,
    tensor,
)
from mlc.ir.attributes import IntegerAttr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import operand as operand_
from mlc.ir.opdef import opt_prop, prop, result
from mlc.ir.types import IntegerType, TupleType


def reshape_shape(shape: tuple, newshape: list) -> tuple:
    """Relay's `ReshapeRel`: 0 copies a dim, -1 is inferred, -2 copies the rest, -3 merges
    two dims, -4 splits one dim into the next two values (one of which may be -1)."""
    out, src, infer_at, i = [], 0, None, 0
    while i < len(newshape):
        code = newshape[i]
        if code > 0:
            out.append(code)
            src += 1
        elif code == 0:
            if src >= len(shape):
                raise RelationError(f"code 0 at {i} has no input dim to copy in {list(shape)}")
            out.append(shape[src])
            src += 1
        elif code == -1:
            if infer_at is not None:
                raise RelationError(f"newshape {newshape} has more than one -1")
            infer_at = len(out)
            out.append(1)
            src += 1
        elif code == -2:
            out.extend(shape[src:])
            src = len(shape)
        elif code == -3:
            if src + 1 >= len(shape):
                raise RelationError(f"code -3 at {i} needs two input dims")
            a, b = shape[src], shape[src + 1]
            out.append(ANY if ANY in (a, b) else a * b)
            src += 2
        elif code == -4:
            if i + 2 >= len(newshape) or src >= len(shape):
                raise RelationError(f"code -4 at {i} needs two values after it and an input dim")
            d0, d1 = newshape[i + 1], newshape[i + 2]
            whole = shape[src]
            if d0 == -1 and d1 == -1:
                raise RelationError("code -4 splits into at most one -1")
            if -1 in (d0, d1):
                known = d1 if d0 == -1 else d0
                inferred = ANY if whole == ANY else whole // known
                d0, d1 = (inferred, d1) if d0 == -1 else (d0, inferred)
            elif whole != ANY and d0 * d1 != whole:
                raise RelationError(f"code -4 splits {whole} into {d0} x {d1}")
            out += [d0, d1]
            src += 1
            i += 2
        else:
            raise RelationError(f"newshape code {code} is not one of 0, -1, -2, -3, -4")
        i += 1
    if infer_at is not None:
        rest = [d for j, d in enumerate(out) if j != infer_at]
        if ANY in shape or ANY in rest:
            out[infer_at] = ANY
        else:
            total, known = math.prod(shape), math.prod(rest)
            if known == 0 or total % known:
                raise RelationError(f"cannot reshape {list(shape)} to {newshape}")
            out[infer_at] = total // known
    if ANY not in shape and ANY not in out and math.prod(out) != math.prod(shape):
        raise RelationError(f"cannot reshape {list(shape)} ({math.prod(shape)} elements) to "
                            f"{out} ({math.prod(out)} elements)")  # fmt: skip
    return tuple(out)


class ReshapeOp(RelayOp):
    """`relay.reshape %x {newshape = [0, -1]}`."""

    name = "relay.reshape"
    data = operand_()
    out = result()
    newshape = prop(INTS)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        return [tensor(reshape_shape(tuple(x.shape), attr(props, "newshape")), x.element_type)]


class TransposeOp(RelayOp):
    """`relay.transpose %x {axes = [0, 2, 1]}`; without axes, reverses them."""

    name = "relay.transpose"
    data = operand_()
    out = result()
    axes = opt_prop(INTS)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        rank = len(x.shape)
        axes = attr(props, "axes") or list(range(rank))[::-1]
        perm = [normalize_axis(a, rank) for a in axes]
        if sorted(perm) != list(range(rank)):
            raise RelationError(f"axes {axes} are not a permutation of rank {rank}")
        return [tensor([x.shape[a] for a in perm], x.element_type)]


class SqueezeOp(RelayOp):
    """`relay.squeeze %x {axis = [1]}`; without axis, drops every static dim of size 1."""

    name = "relay.squeeze"
    data = operand_()
    out = result()
    axis = opt_prop(INTS)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        axes = attr(props, "axis")
        if axes is None:
            drop = {i for i, d in enumerate(x.shape) if d == 1}
        else:
            drop = {normalize_axis(a, len(x.shape)) for a in axes}
            for a in drop:
                if x.shape[a] not in (1, ANY):
                    raise RelationError(f"axis {a} of {shape_str(x)} is not 1")
        return [tensor([d for i, d in enumerate(x.shape) if i not in drop], x.element_type)]


class ExpandDimsOp(RelayOp):
    """`relay.expand_dims %x {axis = 1, num_newaxis = 2}`."""

    name = "relay.expand_dims"
    data = operand_()
    out = result()
    axis = prop(INT)
    num_newaxis = opt_prop(INT)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        rank = len(x.shape)
        axis = attr(props, "axis")
        if not -rank - 1 <= axis <= rank:
            raise RelationError(f"axis {axis} is out of range for rank {rank}")
        axis = axis + rank + 1 if axis < 0 else axis
        count = attr(props, "num_newaxis", 1)
        shape = list(x.shape[:axis]) + [1] * count + list(x.shape[axis:])
        return [tensor(shape, x.element_type)]


def _tuple_of_tensors(t, what: str) -> list:
    if not isinstance(t, TupleType) or not t.types:
        raise RelationError(f"{what} expects a non-empty tuple of tensors, got '{t}'")
    return [expect_tensor(f, f"{what} field") for f in t.types]


class ConcatenateOp(RelayOp):
    """`relay.concatenate %tuple {axis = 1}`: Relay concatenates the fields of a tuple."""

    name = "relay.concatenate"
    data = operand_()
    out = result()
    axis = opt_prop(INT)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        fields = _tuple_of_tensors(types[0], "concatenate")
        first = fields[0]
        rank = len(first.shape)
        axis = normalize_axis(attr(props, "axis", 0), rank)
        total = 0
        shape = list(first.shape)
        for f in fields:
            if len(f.shape) != rank or f.element_type != first.element_type:
                raise RelationError(f"cannot concatenate {shape_str(first)} and {shape_str(f)}")
            for i, (a, b) in enumerate(zip(shape, f.shape)):
                if i != axis and ANY not in (a, b) and a != b:
                    raise RelationError(
                        f"cannot concatenate {shape_str(first)} and {shape_str(f)} on axis {axis}"
                    )
                if i != axis and a == ANY:
                    shape[i] = b
            total = ANY if ANY in (total, f.shape[axis]) else total + f.shape[axis]
        shape[axis] = total
        return [tensor(shape, first.element_type)]


INT_OR_INTS = Constraint(lambda a: INT(a) or INTS(a), "integer or array of integers")


class SplitOp(RelayOp):
    """`relay.split %x {indices_or_sections = 3, axis = 1}` -> a tuple: an integer is a number
    of equal sections, an array the indices where pieces start (Relay's `split`)."""

    name = "relay.split"
    data = operand_()
    out = result()
    indices_or_sections = prop(INT_OR_INTS)
    axis = opt_prop(INT)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        axis = normalize_axis(attr(props, "axis", 0), len(x.shape))
        dim = x.shape[axis]
        spec = props["indices_or_sections"]
        if isinstance(spec, IntegerAttr):
            sections = spec.value
            if sections <= 0 or dim != ANY and dim % sections:
                raise RelationError(f"cannot split axis {axis} of {shape_str(x)} into "
                                    f"{sections} equal sections")  # fmt: skip
            sizes = [ANY if dim == ANY else dim // sections] * sections
        else:
            indices = [a.value for a in spec.value]
            bounds = [0, *indices, dim]
            if any(b < a for a, b in zip(bounds, bounds[1:-1])):
                raise RelationError(f"split indices {indices} are not increasing")
            sizes = [ANY if ANY in (a, b) else b - a for a, b in zip(bounds, bounds[1:])]
        pieces = []
        for size in sizes:
            shape = list(x.shape)
            shape[axis] = size
            pieces.append(tensor(shape, x.element_type))
        return [TupleType(tuple(pieces))]


def _slice_dims(dim: int, begin: int, end: int, stride: int) -> int:
    if dim == ANY:
        return ANY
    return len(range(*slice(begin, end, stride).indices(dim)))


def strided_slice_args(shape, props) -> list[tuple[int, int, int, int]]:
    """(axis, begin, end, stride) per sliced axis, with Relay's `slice_mode` and `axes`
    applied: in "size" mode `end` holds sizes, -1 meaning to the end of the axis."""
    begin, end = attr(props, "begin"), attr(props, "end")
    strides = attr(props, "strides") or [1]
    axes = attr(props, "axes")
    if axes is None:
        axes = list(range(len(begin)))
    if len(begin) != len(axes) or len(end) != len(axes):
        raise RelationError(f"begin {begin} and end {end} must match axes {axes}")
    mode = attr(props, "slice_mode", "end")
    if mode not in ("end", "size"):
        raise RelationError(f"slice_mode must be 'end' or 'size', not '{mode}'")
    out = []
    for i, a in enumerate(axes):
        axis = normalize_axis(a, len(shape))
        stride = strides[i] if i < len(strides) else strides[-1]
        if stride == 0:
            raise RelationError("strided_slice stride cannot be 0")
        b, e = begin[i], end[i]
        if mode == "size":
            stride = 1
            e = (2**63 - 1) if e < 0 else b + e
        out.append((axis, b, e, stride))
    return out


class StridedSliceOp(RelayOp):
    """`relay.strided_slice %x {begin = [0, 1], end = [2, 3], strides = [1, 2]}` with
    numpy's clamping of begin and end; `slice_mode = "size"` reads `end` as sizes."""

    name = "relay.strided_slice"
    data = operand_()
    out = result()
    begin = prop(INTS)
    end = prop(INTS)
    strides = opt_prop(INTS)
    axes = opt_prop(INTS)
    slice_mode = opt_prop(STRING)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        shape = list(x.shape)
        for axis, b, e, s in strided_slice_args(x.shape, props):
            shape[axis] = _slice_dims(x.shape[axis], b, e, s)
        return [tensor(shape, x.element_type)]


class TakeOp(RelayOp):
    """`relay.take %x, %indices {axis = 0, mode = "clip"}`: without axis, takes from the
    flattened data; `mode` is clip (clamp), wrap (modulo) or fast (no check)."""

    name = "relay.take"
    data = operand_()
    indices = operand_()
    out = result()
    axis = opt_prop(INT)
    mode = opt_prop(STRING)
    assembly_format = "$data `,` $indices " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x, idx = expect_tensor(types[0], "data"), expect_tensor(types[1], "indices")
        if not isinstance(idx.element_type, IntegerType) or idx.element_type.width == 1:
            raise RelationError(f"indices must be integers, got '{idx}'")
        if attr(props, "mode", "clip") not in ("clip", "wrap", "fast"):
            raise RelationError(f"mode must be clip, wrap or fast, not '{attr(props, 'mode')}'")
        axis = attr(props, "axis")
        if axis is None:
            return [tensor(idx.shape, x.element_type)]
        axis = normalize_axis(axis, len(x.shape))
        shape = list(x.shape[:axis]) + list(idx.shape) + list(x.shape[axis + 1 :])
        return [tensor(shape, x.element_type)]


def reduced_axes(rank: int, props) -> list[int]:
    """The axes a reduction reduces: `axis` (all when absent), or all others with `exclude`."""
    axes = attr(props, "axis")
    chosen = list(range(rank)) if axes is None else [normalize_axis(a, rank) for a in axes]
    if attr(props, "exclude", 0):
        chosen = [a for a in range(rank) if a not in chosen]
    return sorted(set(chosen))


class ReduceOp(RelayOp):
    """`relay.sum %x {axis = [1], keepdims = true, exclude = false}` and its siblings."""

    data = operand_()
    out = result()
    axis = opt_prop(INTS)
    keepdims = opt_prop(INT)
    exclude = opt_prop(INT)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        axes = reduced_axes(len(x.shape), props)
        if attr(props, "keepdims", 0):
            shape = [1 if i in axes else d for i, d in enumerate(x.shape)]
        else:
            shape = [d for i, d in enumerate(x.shape) if i not in axes]
        return [tensor(shape, x.element_type)]


class SumOp(ReduceOp):
    name = "relay.sum"


class MeanOp(ReduceOp):
    name = "relay.mean"


class MaxOp(ReduceOp):
    name = "relay.max"


class MinOp(ReduceOp):
    name = "relay.min"


class ProdOp(ReduceOp):
    name = "relay.prod"


TRANSFORM_OPS = [
    ReshapeOp, TransposeOp, SqueezeOp, ExpandDimsOp, ConcatenateOp, SplitOp, StridedSliceOp,
    TakeOp, SumOp, MeanOp, MaxOp, MinOp, ProdOp,
]  # fmt: skip
