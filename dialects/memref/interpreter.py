"""Reference interpreter rules of the memref dialect (see `mlc.ir.interpreter`).

A memref value is a `MemRef`: a strided view (base, offset, sizes, strides, as MLIR's memref
descriptor) into a `Buffer`, the bytes of one allocation. Views made by subview,
reinterpret_cast, expand_shape, collapse_shape, view and cast share their source's buffer,
so stores through one are seen through all; `MemRef.array` is the numpy view of the
elements. Function arguments of memref type may be given as numpy arrays: they are viewed
without copying, so the caller sees what the function stores (MLIR's calling convention).

Being an oracle, the interpreter is strict. These raise `UndefinedBehavior`:
- an index out of bounds (load, store, atomic_rmw, dim), and views that reach outside their
  source (subview) or their allocation (reinterpret_cast, view, expand_shape);
- reading memory nothing has written (alloc'ed, alloca'ed or `uninitialized` global memory:
  the value would be undef);
- any access to freed memory, freeing memory twice or memory memref.alloc did not allocate;
- a store into a `constant` global or a read-only numpy argument;
- sizes that do not hold at run time: a cast to a static size, stride or offset that
  differs, an expand_shape whose output sizes do not multiply to the source size, a
  collapse_shape of dims that are not contiguous, a copy between different shapes, a
  negative allocation size.
`atomic_rmw` returns the value stored before (LLVM's `atomicrmw`, what MLIR lowers it to).
`assume_alignment` is not checked: buffers here are numpy's, aligned as numpy aligns them.
Stack allocations are not released at the end of their scope.
"""

from __future__ import annotations

import math
import weakref

import numpy as np

from mlc.dialects.arith import semantics as sem
from mlc.dialects.memref.layout import strides_and_offset
from mlc.dialects.memref.ops import (
    ATOMIC_RMW_KINDS,
    AllocaOp,
    AllocOp,
    AssumeAlignmentOp,
    AtomicRMWOp,
    CastOp,
    CopyOp,
    DeallocOp,
    DimOp,
    ExtractAlignedPointerAsIndexOp,
    GetGlobalOp,
    GlobalOp,
    LoadOp,
    RankOp,
    StoreOp,
)
from mlc.dialects.memref.views import (
    CollapseShapeOp,
    ExpandShapeOp,
    ExtractStridedMetadataOp,
    ReinterpretCastOp,
    SubViewOp,
    ViewOp,
    mixed_values,
    reassociation_indices,
)
from mlc.ir.attributes import StridedLayoutAttr, UnitAttr
from mlc.ir.interpreter import (
    InterpreterError,
    UndefinedBehavior,
    attr_to_value,
    numpy_dtype,
    register_impl,
    wrap_integer,
)
from mlc.ir.types import DYNAMIC, MemRefType

_INDEX = np.int64


class Buffer:
    """One allocation: its bytes, which bytes hold written data (`defined`, None when all
    do), where it came from (`kind`: heap, stack, global or argument), whether it is freed
    or read-only."""

    __slots__ = ("data", "defined", "kind", "freed", "read_only")

    def __init__(self, data: np.ndarray, defined: np.ndarray | None, kind: str, read_only=False):
        self.data = data  # 1-D uint8, contiguous
        self.defined = defined  # bool per byte
        self.kind = kind
        self.freed = False
        self.read_only = read_only

    @classmethod
    def allocate(cls, nbytes: int, kind: str) -> Buffer:
        return cls(np.zeros(nbytes, np.uint8), np.zeros(nbytes, np.bool_), kind)

    def __repr__(self) -> str:
        state = " freed" if self.freed else ""
        return f"<Buffer {self.kind} of {len(self.data)} bytes{state}>"


class MemRef:
    """A memref value: elements of `dtype` at byte `base` + (`offset` + sum(i * stride)) *
    itemsize of `buffer`, for indices within `sizes`."""

    __slots__ = ("buffer", "dtype", "base", "offset", "sizes", "strides")

    def __init__(self, buffer: Buffer, dtype, base: int, offset: int, sizes, strides) -> None:
        self.buffer = buffer
        self.dtype = np.dtype(dtype)
        self.base = base
        self.offset = offset
        self.sizes = tuple(sizes)
        self.strides = tuple(strides)

    @classmethod
    def from_array(cls, array: np.ndarray) -> MemRef:
        """A view of numpy `array`'s memory (no copy when its strides are whole elements and
        its memory is one contiguous numpy buffer; a copy otherwise)."""
        itemsize = array.dtype.itemsize
        root = array
        while isinstance(root.base, np.ndarray):
            root = root.base
        if not root.flags.c_contiguous or any(s % itemsize for s in array.strides):
            array = root = np.ascontiguousarray(array)
        data = root.reshape(-1).view(np.uint8)
        base = array.__array_interface__["data"][0] - root.__array_interface__["data"][0]
        buffer = Buffer(data, None, "argument", read_only=not array.flags.writeable)
        return cls(
            buffer, array.dtype, base, 0, array.shape, [s // itemsize for s in array.strides]
        )

    @property
    def array(self) -> np.ndarray:
        """The elements as a numpy view (writes go to the buffer)."""
        if 0 in self.sizes:
            return np.zeros(self.sizes, self.dtype)
        itemsize = self.dtype.itemsize
        return np.ndarray(
            self.sizes,
            self.dtype,
            buffer=self.buffer.data,
            offset=self.base + self.offset * itemsize,
            strides=[s * itemsize for s in self.strides],
        )

    def defined_bytes(self) -> np.ndarray:
        """The written-data flags: the memref's shape, then one flag per byte (a view, but
        for buffers that are all written)."""
        itemsize = self.dtype.itemsize
        if 0 in self.sizes or self.buffer.defined is None:
            return np.full((*self.sizes, itemsize), self.buffer.defined is None)
        return np.ndarray(
            (*self.sizes, itemsize),
            np.bool_,
            buffer=self.buffer.defined,
            offset=self.base + self.offset * itemsize,
            strides=[s * itemsize for s in self.strides] + [1],
        )

    def address(self, idx) -> int:
        """The first byte of element `idx`."""
        return self.base + (self.offset + sum(i * s for i, s in zip(idx, self.strides))) * (
            self.dtype.itemsize
        )

    def byte_range(self) -> tuple[int, int]:
        """The first byte and one past the last byte the view covers (empty: (0, 0))."""
        low, high = element_range(self.offset, self.sizes, self.strides)
        itemsize = self.dtype.itemsize
        return self.base + low * itemsize, self.base + high * itemsize

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        array = self.array if dtype is None else self.array.astype(dtype)
        return array.copy() if copy else array

    def __repr__(self) -> str:
        return (
            f"MemRef({self.dtype.name}, sizes={list(self.sizes)}, "
            f"strides={list(self.strides)}, offset={self.offset})"
        )


def element_range(offset: int, sizes, strides) -> tuple[int, int]:
    """The first element and one past the last element a view reaches ((0, 0) if empty)."""
    if 0 in sizes:
        return 0, 0
    low = high = offset
    for size, stride in zip(sizes, strides):
        reach = (size - 1) * stride
        low, high = low + min(reach, 0), high + max(reach, 0)
    return low, high + 1


# --- checks ------------------------------------------------------------------------------------
def as_memref(value, op) -> MemRef:
    """The memref value of an interpreter value (numpy arrays are viewed in place)."""
    if isinstance(value, MemRef):
        return value
    if isinstance(value, np.ndarray):
        return MemRef.from_array(value)
    raise InterpreterError(f"expected a memref (MemRef or numpy array), got {value!r}", op)


def _live(m: MemRef, op) -> MemRef:
    if m.buffer.freed:
        raise UndefinedBehavior("access to freed memory", op)
    return m


def _within_buffer(m: MemRef, op) -> MemRef:
    low, high = m.byte_range()
    if low < 0 or high > len(m.buffer.data):
        raise UndefinedBehavior(
            f"the view (sizes {list(m.sizes)}, strides {list(m.strides)}, offset {m.offset}) "
            "reaches outside its allocation",
            op,
        )
    return m


def _element_dtype(t, op) -> np.dtype:
    try:
        return numpy_dtype(t.element_type)
    except TypeError as err:
        raise InterpreterError(
            f"memrefs of '{t.element_type}' are not supported: {err}", op
        ) from None


def _indices(m: MemRef, indices, op) -> tuple[int, ...]:
    idx = tuple(int(i) for i in indices)
    for dim, (i, size) in enumerate(zip(idx, m.sizes)):
        if not 0 <= i < size:
            raise UndefinedBehavior(f"index {i} out of bounds for dim {dim} of size {size}", op)
    return idx


def _row_major(sizes) -> list[int]:
    strides, running = [], 1
    for size in reversed(sizes):
        strides.append(running)
        running *= size
    return strides[::-1]


def _layout_of(t: MemRefType, sizes, symbols, op) -> tuple[list[int], int]:
    """The strides and offset of a new buffer's layout: row-major for the identity layout,
    a strided layout's, dynamic entries taken from the layout symbols in MLIR's order
    (offset first)."""
    if t.layout is None:
        return _row_major(sizes), 0
    if not isinstance(t.layout, StridedLayoutAttr):
        raise InterpreterError(f"allocating with layout '{t.layout}' is not supported", op)
    symbols = iter(int(s) for s in symbols)
    offset = next(symbols) if t.layout.offset == DYNAMIC else t.layout.offset
    strides = [next(symbols) if s == DYNAMIC else s for s in t.layout.strides]
    return strides, offset


def _check_type(m: MemRef, t, op, what: str) -> MemRef:
    """Static sizes, strides and offset of `t` hold for `m` (a cast asserts them)."""
    if not isinstance(t, MemRefType):
        return m
    strides, offset = strides_and_offset(t)
    if len(t.shape) != len(m.sizes):
        raise UndefinedBehavior(f"{what}: rank {len(m.sizes)} is not the rank of '{t}'", op)
    expected = [*t.shape, *(strides if t.layout is not None else ()), offset]
    actual = [*m.sizes, *(m.strides if t.layout is not None else ()), m.offset]
    if t.layout is None and 0 not in m.sizes and list(m.strides) != _row_major(m.sizes):
        raise UndefinedBehavior(f"{what}: the memref is not contiguous, as '{t}' is", op)
    for e, a in zip(expected, actual):
        if e != DYNAMIC and e != a:
            raise UndefinedBehavior(
                f"{what}: sizes {list(m.sizes)}, strides {list(m.strides)} and offset "
                f"{m.offset} do not fit '{t}'",
                op,
            )
    return m


# --- allocation ----------------------------------------------------------------------------------
def _alloc(kind: str):
    def rule(interp, op, args):
        t = op.results[0].type
        count = len(op.dynamic_sizes)
        dynamic = iter(int(s) for s in args[:count])
        sizes = [next(dynamic) if d == DYNAMIC else d for d in t.shape]
        if any(s < 0 for s in sizes):
            raise UndefinedBehavior(f"allocation of negative size {sizes}", op)
        strides, offset = _layout_of(t, sizes, args[count:], op)
        dtype = _element_dtype(t, op)
        low, high = element_range(offset, sizes, strides)
        if low < 0:
            raise UndefinedBehavior(f"the layout of '{t}' reaches before its allocation", op)
        buffer = Buffer.allocate(high * dtype.itemsize, kind)
        return [MemRef(buffer, dtype, 0, offset, sizes, strides)]

    return rule


register_impl(AllocOp)(_alloc("heap"))
register_impl(AllocaOp)(_alloc("stack"))


@register_impl(DeallocOp)
def _dealloc(interp, op, args):
    buffer = as_memref(args[0], op).buffer
    if buffer.kind != "heap":
        raise UndefinedBehavior(f"dealloc of {buffer.kind} memory, not allocated by alloc", op)
    if buffer.freed:
        raise UndefinedBehavior("memory freed twice", op)
    buffer.freed = True


_GLOBALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # interpreter -> buffers


@register_impl(GetGlobalOp)
def _get_global(interp, op, args):
    """Each interpreter (one program run) has its own copy of every global."""
    ref = op.properties["name"]
    target = interp.lookup_symbol(op, ref)
    if type(target) is not GlobalOp:
        raise InterpreterError(f"'@{ref.root}' does not reference a memref.global", op)
    buffers = _GLOBALS.setdefault(interp, {})
    t = op.results[0].type
    dtype = _element_dtype(t, op)
    buffer = buffers.get(target)
    if buffer is None:
        buffer = buffers[target] = _global_buffer(target, t, dtype)
    return [MemRef(buffer, dtype, 0, 0, t.shape, _row_major(t.shape))]


def _global_buffer(op: GlobalOp, t: MemRefType, dtype) -> Buffer:
    value = op.properties.get("initial_value")
    if value is None:
        raise InterpreterError("the global is external: its contents are not known", op)
    buffer = Buffer.allocate(math.prod(t.shape) * dtype.itemsize, "global")
    if type(value) is not UnitAttr:
        contents = np.ascontiguousarray(attr_to_value(value), dtype)
        buffer.data[:] = contents.reshape(-1).view(np.uint8)
        buffer.defined = None  # all written
    buffer.read_only = "constant" in op.properties
    return buffer


# --- access ------------------------------------------------------------------------------------
def _written_element(m: MemRef, indices, op, what: str) -> int:
    """The first byte of the element at `indices`, checked to be in bounds and written."""
    _live(m, op)
    idx = _indices(m, indices, op)
    start = m.address(idx)
    defined = m.buffer.defined
    if defined is not None and not defined[start : start + m.dtype.itemsize].all():
        raise UndefinedBehavior(f"{what} of memory never written at {list(idx)}", op)
    return start


def _read(m: MemRef, start: int):
    return m.buffer.data[start : start + m.dtype.itemsize].view(m.dtype)[0]


def _write(m: MemRef, start: int, value) -> None:
    end = start + m.dtype.itemsize
    m.buffer.data[start:end] = np.asarray(value, m.dtype).reshape(1).view(np.uint8)
    if m.buffer.defined is not None:
        m.buffer.defined[start:end] = True


@register_impl(LoadOp)
def _load(interp, op, args):
    m = as_memref(args[0], op)
    start = _written_element(m, args[1:], op, "load")
    return [_read(m, start)]


def _writable(m: MemRef, op) -> MemRef:
    _live(m, op)
    if m.buffer.read_only:
        raise UndefinedBehavior(f"store into read-only {m.buffer.kind} memory", op)
    return m


@register_impl(StoreOp)
def _store(interp, op, args):
    m = _writable(as_memref(args[1], op), op)
    _write(m, m.address(_indices(m, args[2:], op)), args[0])


_ATOMIC = {
    "addf": sem.addf, "mulf": sem.mulf, "maximumf": sem.maximumf, "minimumf": sem.minimumf,
    "maxnumf": sem.maxnumf, "minnumf": sem.minnumf, "addi": sem.addi, "muli": sem.muli,
    "maxs": sem.maxsi, "mins": sem.minsi, "maxu": sem.maxui, "minu": sem.minui,
    "ori": sem.ori, "andi": sem.andi,
}  # fmt: skip


@register_impl(AtomicRMWOp)
def _atomic_rmw(interp, op, args):
    value, m = args[0], _writable(as_memref(args[1], op), op)
    start = _written_element(m, args[2:], op, "atomic_rmw")
    old = _read(m, start)
    kind = ATOMIC_RMW_KINDS.keywords[op.properties["kind"].value]
    t = op.results[0].type
    if kind == "assign":
        new = value
    elif sem.float_format(t) is not None:
        new = np.asarray(_ATOMIC[kind](old, value))[()]
    else:
        width = sem.int_width(t)
        new = wrap_integer(
            _ATOMIC[kind](sem.signed(int(old), width), sem.signed(int(value), width), width), t
        )
    _write(m, start, new)
    return [old]


@register_impl(CopyOp)
def _copy(interp, op, args):
    source = _live(as_memref(args[0], op), op)
    target = _writable(as_memref(args[1], op), op)
    if source.sizes != target.sizes:
        raise UndefinedBehavior(
            f"copy between shapes {list(source.sizes)} and {list(target.sizes)}", op
        )
    defined = source.defined_bytes().copy()
    np.copyto(target.array, source.array)
    if target.buffer.defined is not None:
        target.defined_bytes()[...] = defined


@register_impl(AssumeAlignmentOp)
def _assume_alignment(interp, op, args):
    _live(as_memref(args[0], op), op)


# --- casts and queries ---------------------------------------------------------------------------
@register_impl(CastOp)
def _cast(interp, op, args):
    m = as_memref(args[0], op)
    return [_check_type(m, op.results[0].type, op, "cast")]


@register_impl(DimOp)
def _dim(interp, op, args):
    m = as_memref(args[0], op)
    dim = int(args[1])
    if not 0 <= dim < len(m.sizes):
        raise UndefinedBehavior(f"dim {dim} of a memref of rank {len(m.sizes)}", op)
    return [_INDEX(m.sizes[dim])]


@register_impl(RankOp)
def _rank(interp, op, args):
    return [_INDEX(len(as_memref(args[0], op).sizes))]


@register_impl(ExtractAlignedPointerAsIndexOp)
def _extract_aligned_pointer_as_index(interp, op, args):
    """The address of the view's first byte before its offset, in the process's memory:
    a numpy argument's real alignment."""
    m = _live(as_memref(args[0], op), op)
    return [_INDEX(m.buffer.data.__array_interface__["data"][0] + m.base)]


# --- views ---------------------------------------------------------------------------------------
def _mixed(op, name: str, values) -> list[int]:
    return [int(v) for v in mixed_values(op.properties[f"static_{name}"].value, values)]


@register_impl(SubViewOp)
def _subview(interp, op, args):
    source = as_memref(args[0], op)
    n_off, n_size = len(op.offsets), len(op.sizes)
    offsets = _mixed(op, "offsets", args[1 : 1 + n_off])
    sizes = _mixed(op, "sizes", args[1 + n_off : 1 + n_off + n_size])
    strides = _mixed(op, "strides", args[1 + n_off + n_size :])
    for dim, (o, n, s, limit) in enumerate(zip(offsets, sizes, strides, source.sizes)):
        if n and not (0 <= o < limit and 0 <= o + (n - 1) * s < limit):
            raise UndefinedBehavior(
                f"subview of dim {dim} (offset {o}, size {n}, stride {s}) reaches outside its "
                f"size {limit}",
                op,
            )
    offset = source.offset + sum(o * s for o, s in zip(offsets, source.strides))
    dropped = op.dropped_dims()
    keep = [i for i in range(len(sizes)) if i not in dropped]
    return [
        MemRef(
            source.buffer,
            source.dtype,
            source.base,
            offset,
            [sizes[i] for i in keep],
            [source.strides[i] * strides[i] for i in keep],
        )
    ]


@register_impl(ReinterpretCastOp)
def _reinterpret_cast(interp, op, args):
    source = as_memref(args[0], op)
    n_off, n_size = len(op.offsets), len(op.sizes)
    offset = _mixed(op, "offsets", args[1 : 1 + n_off])[0]
    sizes = _mixed(op, "sizes", args[1 + n_off : 1 + n_off + n_size])
    strides = _mixed(op, "strides", args[1 + n_off + n_size :])
    m = MemRef(source.buffer, source.dtype, source.base, offset, sizes, strides)
    return [_within_buffer(m, op)]


@register_impl(ExpandShapeOp)
def _expand_shape(interp, op, args):
    source = as_memref(args[0], op)
    shape = [int(v) for v in mixed_values(op.properties["static_output_shape"].value, args[1:])]
    strides = [1] * len(shape)
    for group, size, stride in zip(reassociation_indices(op), source.sizes, source.strides):
        if math.prod(shape[d] for d in group) != size:
            raise UndefinedBehavior(
                f"output sizes {[shape[d] for d in group]} do not multiply to {size}", op
            )
        for d in reversed(group):
            strides[d] = stride
            stride *= shape[d]
    m = MemRef(source.buffer, source.dtype, source.base, source.offset, shape, strides)
    return [_within_buffer(m, op)]


@register_impl(CollapseShapeOp)
def _collapse_shape(interp, op, args):
    source = as_memref(args[0], op)
    sizes, strides = [], []
    for group in reassociation_indices(op):
        members = [(source.sizes[d], source.strides[d]) for d in group if source.sizes[d] != 1]
        size = math.prod(source.sizes[d] for d in group)
        stride = members[-1][1] if members else (source.strides[group[-1]] if group else 1)
        if size:
            expected = stride
            for dim_size, dim_stride in reversed(members):
                if dim_stride != expected:
                    raise UndefinedBehavior("collapse of dims that are not contiguous", op)
                expected *= dim_size
        sizes.append(size)
        strides.append(stride)
    return [MemRef(source.buffer, source.dtype, source.base, source.offset, sizes, strides)]


@register_impl(ViewOp)
def _view(interp, op, args):
    source = _live(as_memref(args[0], op), op)
    t = op.results[0].type
    dynamic = iter(int(s) for s in args[2:])
    sizes = [next(dynamic) if d == DYNAMIC else d for d in t.shape]
    base = source.base + source.offset + int(args[1])
    m = MemRef(source.buffer, _element_dtype(t, op), base, 0, sizes, _row_major(sizes))
    return [_within_buffer(m, op)]


@register_impl(ExtractStridedMetadataOp)
def _extract_strided_metadata(interp, op, args):
    m = as_memref(args[0], op)
    base = MemRef(m.buffer, m.dtype, m.base, 0, (), ())
    return [base, _INDEX(m.offset), *map(_INDEX, m.sizes), *map(_INDEX, m.strides)]
