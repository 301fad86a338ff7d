"""Reference interpreter rules of the vector dialect (see `mlc.ir.interpreter`).

Vectors are numpy arrays of their element dtype and shape (a 0-D vector is a 0-d array);
memrefs are the memref dialect's `MemRef` views (their numpy input is viewed, not copied),
tensors numpy arrays.

Element arithmetic is arith's (`mlc.dialects.arith.semantics`): integers wrap at their
width, floats round once per operation, NaNs follow APFloat. Combinations run in a fixed
order, the one MLIR's lowering to LLVM gives unless it reassociates:
- `reduction`: sequentially through the elements, from the accumulator, or without one
  from +0.0 for float add and 1.0 for float mul (LLVM's ordered `vector.reduce.fadd/fmul`
  start values, as MLIR lowers them), else from the first element;
- `multi_reduction`: from the accumulator, through the reduced positions in row-major
  order;
- `contract` and `outerproduct`: each product rounded (`mulf`), then combined (LLVM may
  fuse a float multiply-add, which rounds once: expect an ulp per step); `contract` goes
  through the reduction iterators in row-major order. Integer and float operands narrower
  than the accumulator are sign-extended or widened first;
- `fma` rounds once (it is `math.fma`'s rule).

Being an oracle, the interpreter is strict. These raise `UndefinedBehavior`:
- a position or index out of bounds (extract, insert, extractelement, insertelement with
  index operands; load, store and active elements of maskedload and maskedstore);
- a transfer element out of bounds in a dim marked `in_bounds`, or in a source dim the
  vector does not walk, or at a negative index (dims not marked `in_bounds` may run past
  the end: reads give the padding there, writes skip those elements);
- reading memory never written, writing read-only or freed memory (as memref.load/store).
Memrefs of vectors (`vector.type_cast`'s results) have no representation here.
"""

from __future__ import annotations

import sys

import numpy as np

from mlc.dialects.arith import semantics as sem
from mlc.dialects.math import FmaOp
from mlc.dialects.memref.interpreter import _live, _writable, as_memref
from mlc.dialects.vector.base import bit_width
from mlc.dialects.vector.contraction import (
    ContractionOp,
    FMAOp,
    MultiDimReductionOp,
    OuterProductOp,
    ReductionOp,
)
from mlc.dialects.vector.elements import (
    BroadcastOp,
    ExtractElementOp,
    ExtractOp,
    InsertElementOp,
    InsertOp,
    SplatOp,
)
from mlc.dialects.vector.masks import ConstantMaskOp, CreateMaskOp
from mlc.dialects.vector.memory import LoadOp, MaskedLoadOp, MaskedStoreOp, StoreOp, TypeCastOp
from mlc.dialects.vector.printing import PrintOp
from mlc.dialects.vector.shapes import (
    BitCastOp,
    InterleaveOp,
    ShapeCastOp,
    ShuffleOp,
    TransposeOp,
)
from mlc.dialects.vector.transfer import TransferReadOp, TransferWriteOp, minor_identity
from mlc.ir.affine import AffineDimExpr
from mlc.ir.interpreter import (
    InterpreterError,
    UndefinedBehavior,
    impl_for,
    numpy_dtype,
    register_impl,
    wrap_integer,
)
from mlc.ir.types import UNSIGNED, FloatType, IndexType, IntegerType, RankedTensorType, VectorType
from mlc.ir.view_like import mixed_values


def _scalar_or_array(value, t):
    """A result value of type `t`: an array shaped as a vector type, else a scalar."""
    if isinstance(t, VectorType):
        return np.array(value, dtype=numpy_dtype(t.element_type)).reshape(t.shape)
    array = np.asarray(value, dtype=numpy_dtype(t))
    return array[()]


# --- broadcast, splat, extract, insert -----------------------------------------------------------
@register_impl(BroadcastOp)
def _broadcast(interp, op, args):
    return [np.array(np.broadcast_to(args[0], op.results[0].type.shape))]


@register_impl(SplatOp)
def _splat(interp, op, args):
    t = op.results[0].type
    return [np.full(t.shape, args[0], dtype=numpy_dtype(t.element_type))]


def _position(op, dynamic, shape) -> tuple[int, ...]:
    """The position of an extract or insert, its index operands checked in bounds."""
    position = [int(p) for p in mixed_values(op.static, dynamic)]
    for dim, (p, size) in enumerate(zip(position, shape)):
        if not 0 <= p < size:
            raise UndefinedBehavior(f"position {p} out of bounds for dim {dim} of size {size}", op)
    return tuple(position)


@register_impl(ExtractOp)
def _extract(interp, op, args):
    vector = args[0]
    return [_scalar_or_array(vector[_position(op, args[1:], vector.shape)], op.results[0].type)]


@register_impl(InsertOp)
def _insert(interp, op, args):
    source, dest = args[0], args[1].copy()
    position = _position(op, args[2:], dest.shape)
    if np.shape(source) != dest[position].shape:
        raise InterpreterError(
            f"inserting shape {np.shape(source)} where the destination has {dest[position].shape}",
            op,
        )
    dest[position] = source
    return [dest]


def _element_index(op, vector, position) -> tuple:
    """The index of extractelement and insertelement: none for 0-D, else checked."""
    if vector.ndim == 0:
        return ()
    i = int(position)
    if not 0 <= i < vector.shape[0]:
        raise UndefinedBehavior(f"position {i} out of bounds for a vector of {len(vector)}", op)
    return (i,)


@register_impl(ExtractElementOp)
def _extractelement(interp, op, args):
    return [args[0][_element_index(op, args[0], args[1] if len(args) > 1 else None)]]


@register_impl(InsertElementOp)
def _insertelement(interp, op, args):
    dest = args[1].copy()
    dest[_element_index(op, dest, args[2] if len(args) > 2 else None)] = args[0]
    return [dest]


register_impl(FMAOp)(impl_for(FmaOp))  # one rounding, as math.fma


# --- rearranging ---------------------------------------------------------------------------------
@register_impl(ShuffleOp)
def _shuffle(interp, op, args):
    pool = np.concatenate([a if a.ndim else a.reshape(1) for a in args])
    return [pool[op.mask_values()]]


@register_impl(InterleaveOp)
def _interleave(interp, op, args):
    return [np.stack(args, axis=-1).reshape(op.results[0].type.shape)]


@register_impl(ShapeCastOp)
def _shape_cast(interp, op, args):
    return [args[0].reshape(op.results[0].type.shape)]


@register_impl(TransposeOp)
def _transpose(interp, op, args):
    return [np.ascontiguousarray(np.transpose(args[0], op.perm))]


def _bit_patterns(values: np.ndarray, t) -> np.ndarray:
    """The unsigned bit pattern of each element, as Python ints (object array)."""
    fmt = sem.float_format(t)
    if fmt is not None:
        return np.ascontiguousarray(values).view(fmt.bits).astype(object)
    return sem.unsigned(np.asarray(values).astype(object), bit_width(t))


def _from_bit_patterns(bits: np.ndarray, t) -> np.ndarray:
    fmt = sem.float_format(t)
    if fmt is not None:
        return bits.astype(fmt.bits).view(fmt.dtype)
    return wrap_integer(bits, t)


@register_impl(BitCastOp)
def _bitcast(interp, op, args):
    """Each trailing 1-D vector's bits reinterpreted, element 0 in the lowest bits (LLVM's
    little-endian lane order)."""
    source_t, target_t = op.operand(0).type, op.results[0].type
    for t in (source_t, target_t):
        if sem.float_format(t) is None and not isinstance(t.element_type, (IntegerType, IndexType)):
            raise InterpreterError(f"bitcast of '{t}' is not supported", op)
    src_width, dst_width = bit_width(source_t.element_type), bit_width(target_t.element_type)
    row_length = source_t.shape[-1] if source_t.rank else 1
    rows = _bit_patterns(args[0], source_t.element_type).reshape(-1, row_length)
    out_per_row = target_t.shape[-1] if target_t.rank else 1
    out = np.empty((rows.shape[0], out_per_row), dtype=object)
    for r, row in enumerate(rows):
        packed = 0
        for i, bits in enumerate(row):
            packed |= int(bits) << (i * src_width)
        mask = (1 << dst_width) - 1
        out[r] = [(packed >> (i * dst_width)) & mask for i in range(out_per_row)]
    return [_from_bit_patterns(out, target_t.element_type).reshape(target_t.shape)]


# --- masks ---------------------------------------------------------------------------------------
def _box_mask(shape, sizes) -> np.ndarray:
    """True where every index is below the size of its dim (a 0-D mask: the one size > 0)."""
    if not shape:
        return np.array(sizes[0] > 0)
    mask = np.zeros(shape, dtype=bool)
    mask[tuple(slice(0, max(0, min(s, d))) for s, d in zip(sizes, shape))] = True
    return mask


@register_impl(ConstantMaskOp)
def _constant_mask(interp, op, args):
    return [_box_mask(op.results[0].type.shape, op.sizes())]


@register_impl(CreateMaskOp)
def _create_mask(interp, op, args):
    return [_box_mask(op.results[0].type.shape, [int(a) for a in args])]


# --- combining -----------------------------------------------------------------------------------
_INT_COMBINE = {
    "add": sem.addi, "mul": sem.muli, "and": sem.andi, "or": sem.ori, "xor": sem.xori,
    "minsi": sem.minsi, "maxsi": sem.maxsi, "minui": sem.minui, "maxui": sem.maxui,
}  # fmt: skip
_FLOAT_COMBINE = {
    "add": sem.addf, "mul": sem.mulf, "minnumf": sem.minnumf, "maxnumf": sem.maxnumf,
    "minimumf": sem.minimumf, "maximumf": sem.maximumf,
}  # fmt: skip


def combiner(kind: str, element_type):
    """`fn(a, b)` combining arrays (or scalars) of `element_type`'s values by `kind`, as the
    arith op of that kind computes it; results are arrays of the element dtype."""
    if isinstance(element_type, FloatType):
        fn = _FLOAT_COMBINE[kind]
        return lambda a, b: np.asarray(fn(np.asarray(a), np.asarray(b)))
    fn = _INT_COMBINE[kind]
    width = bit_width(element_type)

    def combine(a, b):
        out = fn(sem.exact(a, width), sem.exact(b, width), width)
        return np.asarray(wrap_integer(out, element_type))

    return combine


def _reduce_sequentially(combine, start, slices):
    result = start
    for piece in slices:
        result = piece if result is None else combine(result, piece)
    return result


@register_impl(ReductionOp)
def _reduction(interp, op, args):
    vector, t = args[0], op.results[0].type
    kind = op.properties["kind"].value
    start = args[1] if len(args) > 1 else None
    if start is None and isinstance(t, FloatType) and kind in ("add", "mul"):
        start = numpy_dtype(t).type(0.0 if kind == "add" else 1.0)  # LLVM's start values
    elements = list(np.reshape(vector, -1))
    return [_scalar_or_array(_reduce_sequentially(combiner(kind, t), start, elements), t)]


@register_impl(MultiDimReductionOp)
def _multi_reduction(interp, op, args):
    source, acc = args
    dims = [d for d in op.dims() if 0 <= d < source.ndim]
    kept = [d for d in range(source.ndim) if d not in dims]
    moved = np.transpose(source, kept + dims)
    reduced_shape = [source.shape[d] for d in dims]
    pieces = (moved[(..., *index)] for index in np.ndindex(*reduced_shape))
    t = op.results[0].type
    combine = combiner(op.properties["kind"].value, getattr(t, "element_type", t))
    return [_scalar_or_array(_reduce_sequentially(combine, np.asarray(acc), pieces), t)]


def _multiply(a, b, element_type):
    """Products in the accumulator's element type, operands extended to it first."""
    dtype = numpy_dtype(element_type)
    return combiner("mul", element_type)(np.asarray(a).astype(dtype), np.asarray(b).astype(dtype))


def _over_iterators(value, map_, bounds) -> np.ndarray:
    """`value` spread over the whole iteration space: element `it` is `value` at the
    positions `map_` sends `it` to."""
    positions = [e.position for e in map_.results]
    order = sorted(range(len(positions)), key=lambda k: positions[k])
    shape = [1] * len(bounds)
    for k in order:
        shape[positions[k]] = np.shape(value)[k]
    return np.broadcast_to(np.transpose(value, order).reshape(shape), bounds)


@register_impl(ContractionOp)
def _contract(interp, op, args):
    lhs, rhs, acc = args
    t = op.results[0].type
    element = getattr(t, "element_type", t)
    lhs_map, rhs_map, res_map = op.maps()
    bounds = op.iteration_bounds()
    products = _multiply(
        _over_iterators(lhs, lhs_map, bounds), _over_iterators(rhs, rhs_map, bounds), element
    )
    reduction = [i for i, kind in enumerate(op.iterators()) if kind == "reduction"]
    moved = np.transpose(products, [e.position for e in res_map.results] + reduction)
    pieces = (moved[(..., *index)] for index in np.ndindex(*[bounds[i] for i in reduction]))
    combine = combiner(op.properties["kind"].value, element)
    return [_scalar_or_array(_reduce_sequentially(combine, np.asarray(acc), pieces), t)]


@register_impl(OuterProductOp)
def _outerproduct(interp, op, args):
    lhs, rhs = args[0], args[1]
    t = op.results[0].type
    if np.ndim(rhs):
        products = _multiply(lhs[:, None], rhs[None, :], t.element_type)
    else:
        products = _multiply(lhs, rhs, t.element_type)
    if len(args) > 2:
        products = combiner(op.properties["kind"].value, t.element_type)(products, args[2])
    return [_scalar_or_array(products, t)]


# --- memory --------------------------------------------------------------------------------------
def _access(op, vector_shape, source_shape, indices, map_, in_bounds, mask):
    """Where each vector element lives in the source: one index array per source dim, and
    which elements are accessed (on in the mask and, in dims not marked in bounds, inside
    the source). Active elements out of bounds elsewhere are undefined behaviour."""
    grid = np.indices(vector_shape)
    places = [np.full(vector_shape, int(i), dtype=np.int64) for i in indices]
    walked = {}
    for r, expr in enumerate(map_.results):
        if isinstance(expr, AffineDimExpr):
            places[expr.position] = places[expr.position] + grid[r]
            walked[expr.position] = r
    active = np.ones(vector_shape, dtype=bool)
    if mask is not None:
        lanes = tuple(grid[walked[d]] for d in sorted(walked))
        active = np.broadcast_to(mask[lanes] if lanes else mask.reshape(-1)[0], vector_shape)
    inside = np.ones(vector_shape, dtype=bool)
    for d, (place, size) in enumerate(zip(places, source_shape)):
        in_dim = (place >= 0) & (place < size)
        may_run_off = d in walked and not in_bounds[walked[d]]
        if may_run_off:
            in_dim |= place >= size
            inside &= place < size
        bad = active & ~in_dim
        if bad.any():
            where = tuple(int(p[bad][0]) for p in places)
            raise UndefinedBehavior(
                f"access out of bounds at {list(where)} of a source of shape {list(source_shape)}",
                op,
            )
    return tuple(np.where(active & inside, p, 0) for p in places), active & inside


def _source_array(op, source_type, value, for_write: bool):
    """The numpy array an access goes to, and the MemRef behind it (None for a tensor,
    which a write copies)."""
    if isinstance(source_type.element_type, VectorType):
        raise InterpreterError("memrefs and tensors of vectors are not supported", op)
    if isinstance(source_type, RankedTensorType):
        return (value.copy() if for_write else value), None
    m = as_memref(value, op)
    m = _writable(m, op) if for_write else _live(m, op)
    return m.array, m


def _read(op, source_type, value, indices, map_, in_bounds, mask, padding):
    array, m = _source_array(op, source_type, value, for_write=False)
    t = op.results[0].type
    if array.dtype != numpy_dtype(t.element_type):
        raise InterpreterError("accesses that change the element type are not supported", op)
    places, read = _access(op, t.shape, array.shape, indices, map_, in_bounds, mask)
    if m is not None and m.buffer.defined is not None and read.any():
        written = m.defined_bytes().all(axis=-1)[places]
        if (read & ~written).any():
            raise UndefinedBehavior("read of memory never written", op)
    values = array[places] if read.any() else np.zeros(t.shape, array.dtype)
    return [np.where(read, values, padding).astype(array.dtype)]


def _write(op, source_type, vector, value, indices, map_, in_bounds, mask):
    array, m = _source_array(op, source_type, value, for_write=True)
    if array.dtype != vector.dtype:
        raise InterpreterError("accesses that change the element type are not supported", op)
    places, written = _access(op, vector.shape, array.shape, indices, map_, in_bounds, mask)
    targets = tuple(p[written] for p in places)
    array[targets] = vector[written]
    if m is not None and m.buffer.defined is not None:
        m.defined_bytes()[targets] = True
    return [array] if m is None else []


def _innermost(vector_type, source_type):
    """vector.load, store and their masked forms access the innermost source dims, in
    bounds (MLIR's semantics): the map and in_bounds flags of the equivalent transfer."""
    return minor_identity(source_type.rank, vector_type.rank), [True] * vector_type.rank


@register_impl(LoadOp)
def _load(interp, op, args):
    source, t = op.base.type, op.results[0].type
    return _read(op, source, args[0], args[1:], *_innermost(t, source), None, 0)


@register_impl(StoreOp)
def _store(interp, op, args):
    source, t = op.base.type, op.operand(0).type
    return _write(op, source, args[0], args[1], args[2:], *_innermost(t, source), None)


@register_impl(MaskedLoadOp)
def _masked_load(interp, op, args):
    source, t = op.base.type, op.results[0].type
    return _read(op, source, args[0], args[1:-2], *_innermost(t, source), args[-2], args[-1])


@register_impl(MaskedStoreOp)
def _masked_store(interp, op, args):
    source, t = op.base.type, op.value_to_store.type
    return _write(op, source, args[-1], args[0], args[1:-2], *_innermost(t, source), args[-2])


@register_impl(TransferReadOp)
def _transfer_read(interp, op, args):
    count = len(op.indices)
    mask = args[2 + count] if op.mask is not None else None
    padding = args[1 + count]
    source = op.source.type
    return _read(op, source, args[0], args[1 : 1 + count], op.map, op.in_bounds_values(), mask,
                 padding)  # fmt: skip


@register_impl(TransferWriteOp)
def _transfer_write(interp, op, args):
    count = len(op.indices)
    mask = args[2 + count] if op.mask is not None else None
    source = op.source.type
    indices = args[2 : 2 + count]
    return _write(op, source, args[0], args[1], indices, op.map, op.in_bounds_values(), mask)


@register_impl(TypeCastOp)
def _type_cast(interp, op, args):
    raise InterpreterError("memrefs of vectors are not supported", op)


# --- print ---------------------------------------------------------------------------------------
def _element_text(value, t) -> str:
    """An element as MLIR's runtime prints it: `%g` for floats (glibc's `nan`, `-nan`,
    `inf`), integers in decimal, `i1` as 0 or 1, index as unsigned."""
    if isinstance(t, FloatType):
        x = float(value)
        if x != x:
            return "-nan" if np.signbit(value) else "nan"
        return "%g" % x
    if isinstance(t, IndexType):
        return str(int(value) % (1 << 64))
    if isinstance(t, IntegerType) and t.width == 1:
        return str(int(bool(value)))
    if isinstance(t, IntegerType) and t.signedness == UNSIGNED:
        return str(int(value) % (1 << t.width))
    return str(int(value))


def _vector_text(value: np.ndarray, t) -> str:
    """`( 1, 2, 3 )`, nested for n-D vectors (a 0-D vector prints as one element)."""
    if value.ndim == 0:
        return "( " + _element_text(value[()], t) + " )"
    if value.ndim == 1:
        return "( " + ", ".join(_element_text(v, t) for v in value) + " )"
    return "( " + ", ".join(_vector_text(v, t) for v in value) + " )"


_PUNCTUATION = {"newline": "\n", "comma": ", ", "open": "( ", "close": " )", "no_punctuation": ""}


@register_impl(PrintOp)
def _print(interp, op, args):
    """What `vector.print` lowers to: a string as it is, or the value (if any) and then
    the punctuation, on the standard output."""
    literal = op.properties.get("stringLiteral")
    if literal is not None:
        text = literal.value
    else:
        text = ""
        if args:
            t = op.source.type
            is_vector = isinstance(t, VectorType)
            text = _vector_text(args[0], t.element_type) if is_vector else _element_text(args[0], t)
        text += _PUNCTUATION[op.properties["punctuation"].value]
    sys.stdout.write(text)
    sys.stdout.flush()
