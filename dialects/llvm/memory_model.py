"""The reference interpreter's memory for the llvm dialect: byte-addressed allocations in one
flat 64-bit address space, and the encoding of llvm dialect values as bytes.

A pointer is a `Pointer`: an address and its provenance, the `Allocation` it was derived
from (None for null and for addresses that point into no allocation). Every allocation gets
its own 4 GiB-aligned slot of addresses, so `ptrtoint`/`inttoptr` round trips and the
alignment arithmetic `finalize-memref-to-llvm` emits after `malloc` work on plain integers,
and `inttoptr` recovers the provenance from the slot. Pointers stored in memory are their 8
address bytes; the allocation holding them keeps their allocations alive (the address map
is weak), so a pointer loaded back finds its allocation. An allocation is a memref
interpreter `Buffer` (bytes, which bytes are written, kind, freed, read-only) with its
base address.

Values: integers, floats and vectors as the core interpreter represents them; structs and
arrays as tuples of their members; pointers as `Pointer`. Layout: `layout.py`.
"""

from __future__ import annotations

import itertools
import weakref

import numpy as np

from mlc.dialects.arith import semantics as sem
from mlc.dialects.llvm.layout import (
    POINTER_SIZE,
    alloc_size,
    size_in_bits,
    store_size,
    struct_layout,
)
from mlc.dialects.llvm.types import LLVMArrayType, LLVMPointerType, LLVMStructType
from mlc.dialects.memref.interpreter import Buffer
from mlc.ir.interpreter import numpy_dtype, wrap_integer
from mlc.ir.types import FloatType, IndexType, IntegerType, VectorType

_SLOT_BITS = 32
_ADDRESS_MASK = (1 << 64) - 1
_next_slot = itertools.count(1)  # slot 0 holds null: no allocation lives there
_by_slot: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


class Allocation(Buffer):
    """One allocation (alloca, malloc, a global, an argument, or a function's address, which
    has no bytes): `base` is its address, `function` the `llvm.func` it names, if any."""

    __slots__ = ("base", "function", "pointees", "__weakref__")

    def __init__(self, nbytes: int, kind: str, function=None) -> None:
        super().__init__(np.zeros(nbytes, np.uint8), np.zeros(nbytes, np.bool_), kind)
        self.function = function
        self.pointees: set = set()  # allocations whose addresses it holds: kept alive
        slots = (nbytes >> _SLOT_BITS) + 1  # one past the end stays inside
        first = next(_next_slot)
        for _ in range(slots - 1):
            next(_next_slot)
        self.base = first << _SLOT_BITS
        for slot in range(first, first + slots):
            _by_slot[slot] = self

    @classmethod
    def holding(cls, data: bytes, kind: str) -> Allocation:
        """An allocation whose bytes are `data`, all written."""
        allocation = cls(len(data), kind)
        allocation.data[:] = np.frombuffer(data, np.uint8)
        allocation.defined = None
        return allocation

    def __repr__(self) -> str:
        state = " freed" if self.freed else ""
        return f"<Allocation {self.kind} of {len(self.data)} bytes at {self.base:#x}{state}>"


class Pointer:
    """An `!llvm.ptr` value: `address` (0 .. 2**64-1) and its provenance `allocation`."""

    __slots__ = ("address", "allocation")

    def __init__(self, address: int, allocation: Allocation | None) -> None:
        self.address = address & _ADDRESS_MASK
        self.allocation = allocation

    @classmethod
    def to(cls, allocation: Allocation, offset: int = 0) -> Pointer:
        return cls(allocation.base + offset, allocation)

    @classmethod
    def from_address(cls, address: int) -> Pointer:
        """`inttoptr`: the allocation whose slot holds `address` is its provenance."""
        address &= _ADDRESS_MASK
        return cls(address, _by_slot.get(address >> _SLOT_BITS))

    @property
    def offset(self) -> int:
        """The byte offset into its allocation (meaningless without one)."""
        return self.address - self.allocation.base if self.allocation is not None else 0

    def moved(self, delta: int) -> Pointer:
        return Pointer(self.address + delta, self.allocation)

    def __eq__(self, other) -> bool:
        return isinstance(other, Pointer) and self.address == other.address

    def __hash__(self) -> int:
        return hash(self.address)

    def __repr__(self) -> str:
        return f"Pointer({self.address:#x}, {self.allocation!r})"


NULL = Pointer(0, None)


class MemoryFault(Exception):
    """An access the memory model rejects (undefined behaviour); the rule reports it."""


def check_access(pointer: Pointer, nbytes: int, write: bool) -> tuple:
    """(allocation, offset) of an access of `nbytes` at `pointer`, or MemoryFault saying why
    it is undefined behaviour."""
    allocation = pointer.allocation
    if allocation is None:
        what = "null" if pointer.address == 0 else f"{pointer.address:#x}, outside any allocation"
        raise MemoryFault(f"access through pointer {what}")
    if allocation.function is not None:
        raise MemoryFault("access to the memory of a function")
    if allocation.freed:
        raise MemoryFault("access to freed memory")
    offset = pointer.offset
    if offset < 0 or offset + nbytes > len(allocation.data):
        raise MemoryFault(
            f"access of {nbytes} bytes at offset {offset} of a {allocation.kind} allocation "
            f"of {len(allocation.data)} bytes (out of bounds)"
        )
    if write and allocation.read_only:
        raise MemoryFault(f"store into read-only {allocation.kind} memory")
    return allocation, offset


def read_bytes(pointer: Pointer, nbytes: int) -> bytes:
    """The `nbytes` at `pointer`; MemoryFault if any is out of bounds or never written."""
    allocation, offset = check_access(pointer, nbytes, write=False)
    defined = allocation.defined
    if defined is not None and not defined[offset : offset + nbytes].all():
        raise MemoryFault(f"read of uninitialized memory at offset {offset}")
    return allocation.data[offset : offset + nbytes].tobytes()


def write_bytes(pointer: Pointer, data: bytes) -> None:
    allocation, offset = check_access(pointer, len(data), write=True)
    allocation.data[offset : offset + len(data)] = np.frombuffer(data, np.uint8)
    if allocation.defined is not None:
        allocation.defined[offset : offset + len(data)] = True


def load(pointer: Pointer, t):
    """The value of type `t` at `pointer`. Aggregates load member by member, so their
    padding need not have been written."""
    if isinstance(t, (LLVMStructType, LLVMArrayType)):
        return tuple(load(pointer.moved(offset), member) for member, offset in _members(t))
    return decode(read_bytes(pointer, store_size(t)), t)


def store(pointer: Pointer, value, t) -> None:
    """Store `value` of type `t` at `pointer` (aggregates member by member)."""
    if isinstance(t, (LLVMStructType, LLVMArrayType)):
        for v, (member, offset) in zip(value, _members(t)):
            store(pointer.moved(offset), v, member)
        return
    write_bytes(pointer, encode(value, t))
    if isinstance(t, LLVMPointerType) and value.allocation is not None:
        pointer.allocation.pointees.add(value.allocation)


def copy_bytes(dst: Pointer, src: Pointer, nbytes: int) -> None:
    """memcpy: the bytes, and with them the addresses they may hold."""
    write_bytes(dst, read_bytes(src, nbytes))
    dst.allocation.pointees |= src.allocation.pointees


def _members(t) -> list:
    """(type, offset) of each member of a struct or array type."""
    if isinstance(t, LLVMStructType):
        return list(zip(t.body, struct_layout(t)[0]))
    stride = alloc_size(t.element_type)
    return [(t.element_type, i * stride) for i in range(t.num_elements)]


# --- values as bytes (little-endian) ----------------------------------------------------------


def _int_width(t) -> int:
    return 64 if isinstance(t, IndexType) else t.width


def encode(value, t) -> bytes:
    """The `store_size(t)` bytes a store of `value` of type `t` writes; struct padding bytes
    are zero."""
    if isinstance(t, (IntegerType, IndexType)):
        bits = sem.unsigned(int(value), _int_width(t))
        return bits.to_bytes(store_size(t), "little")
    if isinstance(t, FloatType):
        return np.asarray(value, numpy_dtype(t)).tobytes()
    if isinstance(t, LLVMPointerType):
        return value.address.to_bytes(POINTER_SIZE, "little")
    if isinstance(t, VectorType):
        return _encode_vector(value, t)
    if isinstance(t, LLVMArrayType):
        return b"".join(_padded(encode(v, t.element_type), t.element_type) for v in value)
    if isinstance(t, LLVMStructType):
        offsets, size, _ = struct_layout(t)
        out = bytearray(size)
        for member, member_type, offset in zip(value, t.body, offsets):
            data = encode(member, member_type)
            out[offset : offset + len(data)] = data
        return bytes(out)
    raise TypeError(f"values of type '{t}' cannot be stored")


def decode(data: bytes, t):
    """The value of type `t` that the bytes `data` (at least `store_size(t)`) hold."""
    if isinstance(t, (IntegerType, IndexType)):
        width = _int_width(t)
        bits = int.from_bytes(data[: store_size(t)], "little") & ((1 << width) - 1)
        return wrap_integer(bits, t)
    if isinstance(t, FloatType):
        dtype = numpy_dtype(t)
        return np.frombuffer(data[: dtype.itemsize], dtype)[0]
    if isinstance(t, LLVMPointerType):
        return Pointer.from_address(int.from_bytes(data[:POINTER_SIZE], "little"))
    if isinstance(t, VectorType):
        return _decode_vector(data, t)
    if isinstance(t, LLVMArrayType):
        stride = alloc_size(t.element_type)
        return tuple(decode(data[i * stride :], t.element_type) for i in range(t.num_elements))
    if isinstance(t, LLVMStructType):
        offsets = struct_layout(t)[0]
        return tuple(decode(data[o:], member) for member, o in zip(t.body, offsets))
    raise TypeError(f"values of type '{t}' cannot be loaded")


def _padded(data: bytes, t) -> bytes:
    return data + bytes(alloc_size(t) - len(data))


def _encode_vector(value, t: VectorType) -> bytes:
    """Vectors are bit-packed (`<8 x i1>` is one byte), element 0 in the lowest bits."""
    element = t.element_type
    bits = size_in_bits(element)
    if bits % 8 == 0:
        return b"".join(encode(v, element) for v in np.ravel(value))
    packed = 0
    for i, v in enumerate(np.ravel(value)):
        packed |= int.from_bytes(encode(v, element), "little") << (i * bits)
    return packed.to_bytes(store_size(t), "little")


def _decode_vector(data: bytes, t: VectorType) -> np.ndarray:
    element = t.element_type
    bits = size_in_bits(element)
    count = t.shape[0]
    if bits % 8 == 0:
        size = bits // 8
        values = [decode(data[i * size :], element) for i in range(count)]
    else:
        packed = int.from_bytes(data[: store_size(t)], "little")
        mask = (1 << bits) - 1
        values = [
            decode(((packed >> (i * bits)) & mask).to_bytes(8, "little"), element)
            for i in range(count)
        ]
    if isinstance(element, LLVMPointerType):
        out = np.empty(count, object)
        out[:] = values
        return out
    return np.array(values, numpy_dtype(element))
