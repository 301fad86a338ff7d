"""Data-movement kernels: transpose, reshape and its regrouping cousins (expand_dims,
squeeze, flatten), broadcast_to, tile, concat, split, slice, gather, gather_elements, pad.

MLIR's tensor ops where they say it directly (`collapse_shape`/`expand_shape` for reshapes,
`insert_slice` for concat, `extract_slice` for split and slices with positive steps,
`tensor.pad` for constant padding), then a copy into the destination; a `tensor.generate`
with index arithmetic where the position read is computed (gathers, tiles, negative steps,
reflect/edge/wrap padding, rank-0 reshapes).
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.dialects import arith
from mlc.dialects.graph import index_ops as ix
from mlc.dialects.graph import shape_ops as sh
from mlc.dialects.graph.base import get_int, get_ints, get_str
from mlc.ir.affine import AffineDimExpr, AffineMap
from mlc.ir.builder import Builder
from mlc.ir.types import FloatType
from mlc.ir.values import Value
from mlc.passes.graph_kernels.builders import (
    KernelEmitter,
    Size,
    add,
    as_index,
    broadcast_maps,
    clamp,
    cmpi,
    collapse_shape,
    copy_into,
    dim,
    expand_shape,
    extract,
    extract_slice,
    generate_into,
    index_constant,
    insert_slice,
    is_computable,
    is_signless,
    mul,
    pad,
    parallel_generic,
    select,
    sizes_of,
    sub,
    to_index,
)


def _transpose(op) -> KernelEmitter | None:
    """Result dim i is input dim perm[i]: the loops run over the result, the input reads
    loop i at its dim perm[i]."""
    rank = op.operand(0).type.rank
    perm = sh.transpose_perm(op.properties, rank)
    inverse = [0] * rank
    for i, p in enumerate(perm):
        inverse[p] = i
    read = AffineMap(rank, 0, tuple(AffineDimExpr(inverse[p]) for p in range(rank)))
    return lambda b, inputs, dests: [parallel_generic(b, inputs, dests[0], [read], _same)]


def _same(b: Builder, args: list) -> list:
    return [args[0]]


# --- reshapes ----------------------------------------------------------------------------------
def _reshape(op) -> KernelEmitter | None:
    """A reshape that regroups dims: `collapse_shape` (or `expand_shape`, its dynamic sizes
    read from the destination); any other: collapsed to 1-D, then expanded; to or from a
    scalar: its one element. Then copied into the destination."""
    source = op.operand(0).type.shape
    target = op.result_types[0].shape
    if not source or not target:
        return lambda b, inputs, dests: [generate_into(b, dests[0],
                                                       _first_element(inputs[0]))]  # fmt: skip
    collapsing = len(source) >= len(target)
    groups = reassociation(source, target) if collapsing else reassociation(target, source)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (x,), dest = inputs, dests[0]
        if groups is not None:
            view = collapse_shape(b, x, groups, dest.type) if collapsing else \
                expand_shape(b, x, groups, sizes_of(b, dest))  # fmt: skip
            return [copy_into(b, view, dest)]
        flat = x if len(source) == 1 else collapse_shape(b, x, [list(range(len(source)))])
        view = flat if len(target) == 1 else \
            expand_shape(b, flat, [list(range(len(target)))], sizes_of(b, dest))  # fmt: skip
        return [copy_into(b, view, dest)]

    return emit


def _first_element(x: Value) -> Callable:
    return lambda b, indices: extract(b, x, [index_constant(b, 0)] * len(x.type.shape))


def reassociation(longer: tuple, shorter: tuple) -> list[list[int]] | None:
    """The groups of consecutive `longer` dims whose products are the `shorter` dims (1s
    after a group join it), or None where the graph dims do not prove such a grouping."""
    groups: list[list[int]] = []
    i = 0
    for d in shorter:
        if i >= len(longer) or d is None or longer[i] is None:
            return None
        group, product = [i], longer[i]
        i += 1
        while product != d:
            if i >= len(longer) or longer[i] is None:
                return None
            product, i = product * longer[i], i + 1
            group.append(i - 1)
        groups.append(group)
    while groups and i < len(longer) and longer[i] == 1:
        groups[-1].append(i)
        i += 1
    return groups if i == len(longer) else None


def _broadcast_to(op) -> KernelEmitter | None:
    x, out = op.operand(0).type, op.result_types[0]
    maps = broadcast_maps([x.shape, out.shape], out.rank)
    if maps is None:
        return None
    return lambda b, inputs, dests: [parallel_generic(b, inputs, dests[0], maps[:1], _same)]


def _tile(op) -> KernelEmitter | None:
    """Element i of each dim reads the input at i mod its size."""

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (x,) = inputs
        sizes = sizes_of(b, x)

        def at(inner: Builder, indices: list) -> Value:
            wrapped = [_rem(inner, i, s) for i, s in zip(indices, sizes)]
            return extract(inner, x, wrapped)

        return [generate_into(b, dests[0], at)]

    return emit


def _rem(b: Builder, i: Value, size: Size) -> Value:
    return b.create(arith.RemUIOp, i, as_index(b, size)).result


# --- concat and split --------------------------------------------------------------------------
def _concat(op) -> KernelEmitter | None:
    """Each input inserted (`insert_slice`) into the destination after the ones before it."""
    rank = op.result_types[0].rank
    axis = get_int(op.properties, "axis") % rank

    def emit(b: Builder, inputs: list, dests: list) -> list:
        out, offset = dests[0], 0
        for k, x in enumerate(inputs):
            if k:
                offset = add(b, offset, dim(b, inputs[k - 1], axis))
            offsets = [0] * rank
            offsets[axis] = offset
            out = insert_slice(b, x, out, offsets, [1] * rank)
        return [out]

    return emit


def _split(op) -> KernelEmitter | None:
    """Each piece an `extract_slice` (its size from its destination), copied into it."""
    rank = op.operand(0).type.rank
    axis = get_int(op.properties, "axis", 0) % rank

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (x,), offset, pieces = inputs, 0, []
        for dest in dests:
            offsets = [0] * rank
            offsets[axis] = offset
            sizes = sizes_of(b, dest)
            pieces.append(copy_into(b, extract_slice(b, x, offsets, sizes, [1] * rank), dest))
            offset = add(b, offset, sizes[axis])
        return pieces

    return emit


# --- slice -------------------------------------------------------------------------------------
def _slice(op) -> KernelEmitter | None:
    """numpy slicing: positive steps an `extract_slice` at the clamped starts, negative ones
    a `tensor.generate` reading `start + i * step`; the sizes are the destination's."""
    x = op.operand(0).type
    params = ix.slice_params(x.rank, op.properties)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (source,), dest = inputs, dests[0]
        starts: list = [0] * x.rank
        steps = [1] * x.rank
        for axis, start, end, step in params:
            starts[axis] = _first_index(b, dim(b, source, axis), start, end, step)
            steps[axis] = step
        if all(s > 0 for s in steps):
            window = extract_slice(b, source, starts, sizes_of(b, dest), steps)
            return [copy_into(b, window, dest)]

        def at(inner: Builder, indices: list) -> Value:
            positions = [add(inner, s, mul(inner, i, step)) if step != 1 or s != 0 else i
                         for i, s, step in zip(indices, starts, steps)]  # fmt: skip
            return extract(inner, source, [as_index(inner, p) for p in positions])

        return [generate_into(b, dest, at)]

    return emit


def _first_index(b: Builder, size: Size, start: int, end: int, step: int) -> Size:
    """The first index numpy's `[start:end:step]` reads from a dim of `size`: `start`
    counted from the end when negative, clamped to [0, size] (to [-1, size-1] for a
    negative step)."""
    if isinstance(size, int):
        return slice(start, end, step).indices(size)[0]
    if step > 0 and start >= 0:
        return (
            start if start == 0 else b.create(arith.MinSIOp, index_constant(b, start), size).result
        )
    normalized = add(b, size, start) if start < 0 else start
    if step > 0:
        return clamp(b, normalized, 0, size)
    return clamp(b, normalized, -1, sub(b, size, 1))


# --- gathers -----------------------------------------------------------------------------------
def _wrapped_index(b: Builder, value: Value, size: Size) -> Value:
    """An integer index, negative counting from the end, as an `index`."""
    i = to_index(b, value)
    negative = cmpi(b, "slt", i, index_constant(b, 0))
    return select(b, negative, as_index(b, add(b, i, size)), i)


def _gather(op) -> KernelEmitter | None:
    """out[pre, j..., post] = data[pre, indices[j...], post] (numpy's take)."""
    data, indices = (v.type for v in op.operands)
    if not is_signless(indices):
        return None
    axis = get_int(op.properties, "axis", 0) % data.rank
    depth = indices.rank

    def emit(b: Builder, inputs: list, dests: list) -> list:
        source, positions = inputs
        size = dim(b, source, axis)

        def at(inner: Builder, i: list) -> Value:
            picked = extract(inner, positions, i[axis : axis + depth])
            where = [*i[:axis], _wrapped_index(inner, picked, size), *i[axis + depth :]]
            return extract(inner, source, where)

        return [generate_into(b, dests[0], at)]

    return emit


def _gather_elements(op) -> KernelEmitter | None:
    """out[i] = data[i with its `axis` entry replaced by indices[i]]."""
    data, indices = (v.type for v in op.operands)
    if not is_signless(indices):
        return None
    axis = get_int(op.properties, "axis", 0) % data.rank

    def emit(b: Builder, inputs: list, dests: list) -> list:
        source, positions = inputs
        size = dim(b, source, axis)

        def at(inner: Builder, i: list) -> Value:
            picked = _wrapped_index(inner, extract(inner, positions, i), size)
            return extract(inner, source, [*i[:axis], picked, *i[axis + 1 :]])

        return [generate_into(b, dests[0], at)]

    return emit


# --- pad ---------------------------------------------------------------------------------------
def _pad(op) -> KernelEmitter | None:
    """Constant mode: `tensor.pad` by the positive counts, then an `extract_slice` crops the
    negative ones. reflect/edge/wrap: a `tensor.generate` reading the reflected, clamped
    or wrapped position of each element."""
    x = op.operand(0).type
    if not is_computable(x):
        return None
    rank = x.rank
    pads = get_ints(op.properties, "pads")
    before, after = list(pads[:rank]), list(pads[rank:])
    mode = get_str(op.properties, "mode", "constant")
    if mode == "constant":
        return _constant_pad(rank, before, after, op.properties["value"].value, x)
    fold = {"reflect": _reflect, "edge": _edge, "wrap": _wrap}[mode]

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (source,) = inputs
        sizes = sizes_of(b, source)

        def at(inner: Builder, i: list) -> Value:
            where = [fold(inner, sub(inner, j, lo), s) for j, lo, s in zip(i, before, sizes)]
            return extract(inner, source, [as_index(inner, w) for w in where])

        return [generate_into(b, dests[0], at)]

    return emit


def _constant_pad(rank: int, before: list, after: list, value: float, x) -> KernelEmitter:
    fill_value = value if isinstance(x.element_type, FloatType) else int(value)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (source,), dest = inputs, dests[0]
        grown = pad(b, source, [max(v, 0) for v in before], [max(v, 0) for v in after],
                    fill_value)  # fmt: skip
        if any(v < 0 for v in before + after):
            sizes = sizes_of(b, dest)
            grown = extract_slice(b, grown, [max(-v, 0) for v in before], sizes, [1] * rank)
        return [copy_into(b, grown, dest)]

    return emit


def _nonnegative_rem(b: Builder, j: Size, period: Size) -> Value:
    """j mod period in [0, period), for a signed j."""
    r = b.create(arith.RemSIOp, as_index(b, j), as_index(b, period)).result
    shifted = b.create(arith.AddIOp, r, as_index(b, period)).result
    return b.create(arith.RemSIOp, shifted, as_index(b, period)).result


def _edge(b: Builder, j: Size, size: Size) -> Size:
    return clamp(b, j, 0, sub(b, size, 1))


def _wrap(b: Builder, j: Size, size: Size) -> Size:
    return _nonnegative_rem(b, j, size)


def _reflect(b: Builder, j: Size, size: Size) -> Size:
    """numpy's reflect: period 2 * (size - 1) (1 for a single element), folded back."""
    period = clamp(b, mul(b, sub(b, size, 1), 2), 1, 1 << 62)
    m = _nonnegative_rem(b, j, period)
    folded = sub(b, period, m)
    return select(b, cmpi(b, "slt", m, as_index(b, size)), m, as_index(b, folded))


RULES: dict[type, Callable] = {
    sh.TransposeOp: _transpose,
    sh.ReshapeOp: _reshape,
    sh.ExpandDimsOp: _reshape,
    sh.SqueezeOp: _reshape,
    sh.FlattenOp: _reshape,
    sh.BroadcastToOp: _broadcast_to,
    sh.TileOp: _tile,
    ix.ConcatOp: _concat,
    ix.SplitOp: _split,
    ix.SliceOp: _slice,
    ix.GatherOp: _gather,
    ix.GatherElementsOp: _gather_elements,
    ix.PadOp: _pad,
}
