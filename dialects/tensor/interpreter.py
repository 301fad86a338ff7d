"""Reference interpreter rules of the tensor dialect (see `mlc.ir.interpreter`): tensors are
numpy arrays of the element type's representation, immutable (an insert copies)."""

from __future__ import annotations

import numpy as np

from mlc.dialects.memref.interpreter import as_memref
from mlc.dialects.tensor import generic, pad, reshape, slices
from mlc.dialects.tensor import ops as t
from mlc.ir.affine import AffineDimExpr
from mlc.ir.interpreter import InterpreterError, Yield, numpy_dtype, register_impl
from mlc.ir.types import DYNAMIC
from mlc.ir.view_like import mixed_values


def _shape(op, sizes) -> tuple:
    """The result's shape with its `?` dims taken from `sizes` in order."""
    sizes = iter(int(s) for s in sizes)
    shape = tuple(next(sizes) if d == DYNAMIC else d for d in op.results[0].type.shape)
    if any(d < 0 for d in shape):
        raise InterpreterError(f"negative size in shape {shape}", op)
    return shape


def _element_dtype(op):
    return numpy_dtype(op.results[0].type.element_type)


@register_impl(t.EmptyOp)
def _empty(interp, op, args):
    return [np.zeros(_shape(op, args), _element_dtype(op))]  # contents are unspecified


@register_impl(t.DimOp)
def _dim(interp, op, args):
    tensor, i = args
    if not 0 <= i < tensor.ndim:
        raise InterpreterError(f"dimension {i} out of range for rank {tensor.ndim}", op)
    return [np.int64(tensor.shape[i])]


@register_impl(t.RankOp)
def _rank(interp, op, args):
    return [np.int64(args[0].ndim)]


def _check_indices(op, shape, indices) -> tuple:
    index = tuple(int(i) for i in indices)
    if any(not 0 <= i < d for i, d in zip(index, shape)):
        raise InterpreterError(f"index {list(index)} out of bounds for shape {shape}", op)
    return index


@register_impl(t.ExtractOp)
def _extract(interp, op, args):
    tensor = args[0]
    return [tensor[_check_indices(op, tensor.shape, args[1:])]]


@register_impl(t.InsertOp)
def _insert(interp, op, args):
    scalar, dest = args[0], args[1]
    out = np.array(dest)
    out[_check_indices(op, dest.shape, args[2:])] = scalar
    return [out]


@register_impl(t.CastOp)
def _cast(interp, op, args):
    want = op.results[0].type
    shape = getattr(want, "shape", None)
    if shape is not None and any(d != DYNAMIC and d != s for d, s in zip(shape, args[0].shape)):
        raise InterpreterError(f"shape {args[0].shape} does not fit '{want}'", op)
    return [args[0]]


@register_impl(t.FromElementsOp)
def _from_elements(interp, op, args):
    return [np.array(args, _element_dtype(op)).reshape(op.results[0].type.shape)]


@register_impl(t.SplatOp)
def _splat(interp, op, args):
    return [np.full(_shape(op, args[1:]), args[0], _element_dtype(op))]


@register_impl(t.GenerateOp)
def _generate(interp, op, args):
    shape = _shape(op, args)
    out = np.zeros(shape, _element_dtype(op))
    for index in np.ndindex(*shape):
        (value,) = interp.run_region(op.regions[0], [np.int64(i) for i in index])
        out[index] = value
    return [out]


@register_impl(t.YieldOp)
def _yield(interp, op, args):
    return Yield(args)


def _slice_index(op, tensor, args, leading):
    offsets, sizes, strides = slices.runtime_lists(op, args, leading)
    index = slices.window(tensor.shape, offsets, sizes, strides)
    if index is None:
        raise InterpreterError(
            f"slice offsets {offsets}, sizes {sizes}, strides {strides} do not fit shape "
            f"{tensor.shape}",
            op,
        )
    return index, sizes


@register_impl(slices.ExtractSliceOp)
def _extract_slice(interp, op, args):
    index, _ = _slice_index(op, args[0], args, 1)
    window = np.array(args[0][index])
    kept = _kept_dims(op.properties["static_sizes"].value, op.results[0].type.shape)
    return [window.reshape(tuple(window.shape[j] for j in kept))]


def _kept_dims(static_sizes, declared) -> list[int]:
    """The slice dims the declared (rank-reduced) type keeps: matched left to right, a
    static 1 that the next declared dim does not match is dropped (MLIR's rank-reduction
    mask)."""
    kept, i = [], 0
    for j, size in enumerate(static_sizes):
        if i < len(declared) and declared[i] == size:
            kept.append(j)
            i += 1
    return kept


@register_impl(slices.InsertSliceOp)
def _insert_slice(interp, op, args):
    source, dest = args[0], args[1]
    index, sizes = _slice_index(op, dest, args, 2)
    out = np.array(dest)
    out[index] = source.reshape(sizes)
    return [out]


@register_impl(reshape.CollapseShapeOp)
def _collapse_shape(interp, op, args):
    x = args[0]
    shape = [int(np.prod([x.shape[i] for i in g])) for g in reshape.groups_of(op)]
    return [x.reshape(shape)]


@register_impl(reshape.ExpandShapeOp)
def _expand_shape(interp, op, args):
    static = op.properties["static_output_shape"].value
    shape = [int(v) for v in mixed_values(static, args[1:])]
    if int(np.prod(shape)) != args[0].size:
        raise InterpreterError(f"cannot expand {args[0].shape} to {shape}", op)
    return [args[0].reshape(shape)]


@register_impl(pad.PadOp)
def _pad(interp, op, args):
    """The source in the middle, each new element what the body yields at its index."""
    x = args[0]
    low = [
        int(v) for v in mixed_values(op.properties["static_low"].value, args[1 : 1 + len(op.low)])
    ]
    high = [
        int(v) for v in mixed_values(op.properties["static_high"].value, args[1 + len(op.low) :])
    ]
    if any(v < 0 for v in low + high):
        raise InterpreterError(f"negative padding low {low} high {high}", op)
    shape = tuple(d + lo + hi for d, lo, hi in zip(x.shape, low, high))
    out = np.zeros(shape, x.dtype)
    inside = tuple(slice(lo, lo + d) for lo, d in zip(low, x.shape))
    mask = np.ones(shape, bool)
    mask[inside] = False
    for index in zip(*np.nonzero(mask)):
        (value,) = interp.run_region(op.regions[0], [np.int64(i) for i in index])
        out[index] = value
    out[inside] = x
    return [out]


@register_impl(generic.GenericOp)
def _generic(interp, op, args):
    """Every point of the iteration domain in row-major order: read the inputs and the
    current outputs at the maps' positions, run the body, write what it yields."""
    n_in = len(op.inputs)
    buffers = op.has_buffer_semantics()
    if buffers:  # memref values: read and write their elements in place
        args_in_memory = [as_memref(a, op) for a in args]
        args = [m.array for m in args_in_memory]
    inputs, outputs = args[:n_in], [a if buffers else np.array(a) for a in args[n_in:]]
    maps = op.maps()
    sizes = op.loop_sizes([a.shape for a in args])
    for k, (m, a) in enumerate(zip(maps, args)):  # operands must agree on each loop's size
        for j, expr in enumerate(m.results):
            if isinstance(expr, AffineDimExpr) and a.shape[j] != sizes[expr.position]:
                raise InterpreterError(
                    f"operand #{k} has {a.shape[j]} at dim {j}, but loop {expr.position} "
                    f"runs {sizes[expr.position]} times",
                    op,
                )
    positions = [[e for e in m.results] for m in maps]
    region = op.regions[0]
    for point in np.ndindex(*sizes):
        where = [tuple(e.evaluate(point) for e in exprs) for exprs in positions]
        values = [a[w] for a, w in zip(inputs, where)]
        values += [o[w] for o, w in zip(outputs, where[n_in:])]
        for o, w, v in zip(outputs, where[n_in:], interp.run_region(region, values)):
            o[w] = v
    if buffers:
        for m in args_in_memory[n_in:]:
            if m.buffer.defined is not None:
                m.defined_bytes()[...] = True
        return []
    return outputs
