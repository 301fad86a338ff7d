"""Memref descriptors as llvm values, as MLIR's `MemRefDescriptor` and
`UnrankedMemRefDescriptor` (mlir/lib/Conversion/LLVMCommon/MemRefBuilder.cpp).

A ranked descriptor is the struct `(allocated ptr, aligned ptr, offset, sizes[rank],
strides[rank])`; an unranked one is `(rank, ptr)`, the pointer addressing a ranked
descriptor laid out in memory. These helpers read and write the fields with
`llvm.extractvalue`/`llvm.insertvalue` (or loads and stores through the pointer) at the
builder's insertion point; the setters replace `value` by the updated struct.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlc.dialects.llvm import PTR, LLVMStructType
from mlc.dialects.memref.layout import strides_and_offset
from mlc.ir.builder import Builder
from mlc.ir.types import DYNAMIC, MemRefType, Type
from mlc.ir.values import Value
from mlc.passes.to_llvm import build

ALLOCATED, ALIGNED, OFFSET, SIZES, STRIDES = range(5)
POINTER_BYTES = 8  # of the default data layout, in every address space


class MemRefDescriptor:
    """A ranked memref descriptor value being read or built."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value

    @classmethod
    def undef(cls, b: Builder, struct_type: Type) -> MemRefDescriptor:
        return cls(build.undef(b, struct_type))

    @property
    def index_type(self) -> Type:
        return self.value.type.body[OFFSET]

    # --- reading ---------------------------------------------------------------------------
    def allocated_ptr(self, b: Builder) -> Value:
        return build.extract_value(b, self.value, ALLOCATED)

    def aligned_ptr(self, b: Builder) -> Value:
        return build.extract_value(b, self.value, ALIGNED)

    def offset(self, b: Builder) -> Value:
        return build.extract_value(b, self.value, OFFSET)

    def size(self, b: Builder, pos: int) -> Value:
        return build.extract_value(b, self.value, SIZES, pos)

    def stride(self, b: Builder, pos: int) -> Value:
        return build.extract_value(b, self.value, STRIDES, pos)

    def dynamic_size(self, b: Builder, pos: Value) -> Value:
        """The size at a runtime position: the sizes array is stored to the stack and the
        element loaded back (MLIR's `MemRefDescriptor::size` with a value position)."""
        one = build.index_constant(b, self.index_type, 1)
        sizes = build.extract_value(b, self.value, SIZES)
        memory = build.alloca(b, sizes.type, one)
        build.store(b, sizes, memory)
        element = build.gep(b, memory, sizes.type, [0, pos])
        return build.load(b, self.index_type, element)

    def buffer_ptr(self, b: Builder, converter, memref_type: MemRefType) -> Value:
        """The aligned pointer advanced by the offset: where element 0 lives (MLIR's
        `bufferPtr`). A static offset is a constant, a zero offset no op at all."""
        _, offset = strides_and_offset(memref_type)
        ptr = self.aligned_ptr(b)
        if offset == 0:
            return ptr
        if offset == DYNAMIC:
            value = self.offset(b)
        else:
            value = build.index_constant(b, converter.index_type, offset)
        element = converter.convert_type(memref_type.element_type)
        return build.gep(b, ptr, element, [value])

    # --- writing ---------------------------------------------------------------------------
    def _set(self, b: Builder, value: Value, *position: int) -> None:
        self.value = build.insert_value(b, self.value, value, *position)

    def set_allocated_ptr(self, b: Builder, value: Value) -> None:
        self._set(b, value, ALLOCATED)

    def set_aligned_ptr(self, b: Builder, value: Value) -> None:
        self._set(b, value, ALIGNED)

    def set_offset(self, b: Builder, value: Value) -> None:
        self._set(b, value, OFFSET)

    def set_size(self, b: Builder, pos: int, value: Value) -> None:
        self._set(b, value, SIZES, pos)

    def set_stride(self, b: Builder, pos: int, value: Value) -> None:
        self._set(b, value, STRIDES, pos)

    def set_constant_offset(self, b: Builder, offset: int) -> None:
        self.set_offset(b, build.index_constant(b, self.index_type, offset))

    def set_constant_size(self, b: Builder, pos: int, size: int) -> None:
        self.set_size(b, pos, build.index_constant(b, self.index_type, size))

    def set_constant_stride(self, b: Builder, pos: int, stride: int) -> None:
        self.set_stride(b, pos, build.index_constant(b, self.index_type, stride))

    # --- whole descriptors -------------------------------------------------------------------
    @classmethod
    def pack(cls, b: Builder, struct_type: Type, fields: Sequence[Value]) -> MemRefDescriptor:
        """The descriptor of unpacked `fields`: pointers, offset, sizes, strides (MLIR's
        `MemRefDescriptor::pack`: each size is followed by its stride)."""
        rank = (len(fields) - 3) // 2
        d = cls.undef(b, struct_type)
        d.set_allocated_ptr(b, fields[ALLOCATED])
        d.set_aligned_ptr(b, fields[ALIGNED])
        d.set_offset(b, fields[OFFSET])
        for i in range(rank):
            d.set_size(b, i, fields[3 + i])
            d.set_stride(b, i, fields[3 + rank + i])
        return d

    def unpack(self, b: Builder, rank: int) -> list[Value]:
        """The fields, in the order of `pack` (MLIR's `MemRefDescriptor::unpack`)."""
        fields = [self.allocated_ptr(b), self.aligned_ptr(b), self.offset(b)]
        fields.extend(self.size(b, i) for i in range(rank))
        fields.extend(self.stride(b, i) for i in range(rank))
        return fields

    @classmethod
    def from_static_shape(
        cls, b: Builder, converter, t: MemRefType, allocated: Value, aligned: Value
    ) -> MemRefDescriptor:
        """The descriptor of a memref of static shape, strides and offset on `allocated`
        and `aligned` (MLIR's `fromStaticShape`)."""
        strides, offset = strides_and_offset(t)
        d = cls.undef(b, converter.convert_type(t))
        d.set_allocated_ptr(b, allocated)
        d.set_aligned_ptr(b, aligned)
        d.set_constant_offset(b, offset)
        for i, (size, stride) in enumerate(zip(t.shape, strides)):
            d.set_constant_size(b, i, size)
            d.set_constant_stride(b, i, stride)
        return d


class UnrankedMemRefDescriptor:
    """An unranked memref descriptor value: `(rank, ptr)`; the static methods address the
    fields of the ranked descriptor the pointer points to."""

    __slots__ = ("value",)

    def __init__(self, value: Value) -> None:
        self.value = value

    @classmethod
    def undef(cls, b: Builder, struct_type: Type) -> UnrankedMemRefDescriptor:
        return cls(build.undef(b, struct_type))

    def rank(self, b: Builder) -> Value:
        return build.extract_value(b, self.value, 0)

    def memref_desc_ptr(self, b: Builder) -> Value:
        return build.extract_value(b, self.value, 1)

    def set_rank(self, b: Builder, value: Value) -> None:
        self.value = build.insert_value(b, self.value, value, 0)

    def set_memref_desc_ptr(self, b: Builder, value: Value) -> None:
        self.value = build.insert_value(b, self.value, value, 1)

    @classmethod
    def pack(cls, b: Builder, struct_type: Type, fields: Sequence[Value]):
        """The descriptor of `fields`: the rank, then the pointer."""
        d = cls.undef(b, struct_type)
        d.set_rank(b, fields[0])
        d.set_memref_desc_ptr(b, fields[1])
        return d

    def unpack(self, b: Builder) -> list[Value]:
        return [self.rank(b), self.memref_desc_ptr(b)]

    # --- the ranked descriptor in memory -------------------------------------------------------
    @staticmethod
    def allocated_ptr(b: Builder, desc_ptr: Value, element_ptr: Type) -> Value:
        """The allocated pointer, the first field of the descriptor at `desc_ptr`."""
        return build.load(b, element_ptr, desc_ptr)

    @staticmethod
    def aligned_ptr(b: Builder, desc_ptr: Value, element_ptr: Type) -> Value:
        """The aligned pointer, the second field of the descriptor at `desc_ptr`."""
        return build.load(b, element_ptr, build.gep(b, desc_ptr, element_ptr, [1]))

    @staticmethod
    def allocation_sizes(b: Builder, index_type: Type, descriptors) -> list[Value]:
        """The bytes the ranked descriptor behind each unranked one takes: `2 *
        sizeof(ptr) + (1 + 2 * rank) * sizeof(index)`, densely packed (MLIR's
        `computeSizes`)."""
        one = build.index_constant(b, index_type, 1)
        two = build.index_constant(b, index_type, 2)
        index_size = build.index_constant(b, index_type, (index_type.width + 7) // 8)
        sizes = []
        for desc in descriptors:
            pointer_size = build.index_constant(b, index_type, POINTER_BYTES)
            pointers = build.mul(b, two, pointer_size)
            double_rank = build.mul(b, two, desc.rank(b))
            fields = build.mul(b, build.add(b, double_rank, one), index_size)
            sizes.append(build.add(b, pointers, fields))
        return sizes


def pack_descriptor(b: Builder, struct_type: LLVMStructType, fields, location) -> Value | None:
    """`struct_type` packed from `fields` when they are exactly its unpacked ranked or
    unranked descriptor fields, else None (the target materialization of the descriptors)."""
    body = struct_type.body or ()
    types = [f.type for f in fields]
    saved = b.location
    b.location = location
    try:
        if len(body) == 2 and types == list(body) and body[1] == PTR:
            return UnrankedMemRefDescriptor.pack(b, struct_type, fields).value
        if len(body) not in (3, 5) or types[:3] != list(body[:3]):
            return None
        rank = body[SIZES].num_elements if len(body) == 5 else 0
        if types[3:] != [body[OFFSET]] * (2 * rank):
            return None
        return MemRefDescriptor.pack(b, struct_type, fields).value
    finally:
        b.location = saved
