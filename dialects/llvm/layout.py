"""Sizes, alignments and struct member offsets of llvm dialect types in memory: LLVM's
`DataLayout` rules for the x86-64 System V layout that mlc's codegen targets on its host
(`e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128`).

The reference interpreter's memory model lays values out with these, so that pointer
arithmetic (`getelementptr`, `ptrtoint`) and the bytes it reads agree with compiled code.
"""

from __future__ import annotations

import functools

from mlc.dialects.llvm.types import LLVMArrayType, LLVMPointerType, LLVMStructType
from mlc.ir.types import FloatType, IndexType, IntegerType, VectorType

POINTER_SIZE = 8
_FLOAT_BITS = {"f16": 16, "bf16": 16, "f32": 32, "f64": 64, "f80": 80, "f128": 128}


def _power_of_two_ceil(n: int) -> int:
    return 1 << max(n - 1, 0).bit_length()


def _align_to(n: int, align: int) -> int:
    return -(-n // align) * align


def size_in_bits(t) -> int:
    """LLVM's `getTypeSizeInBits`: vectors are bit-packed, aggregates include padding."""
    if isinstance(t, IntegerType):
        return t.width
    if isinstance(t, IndexType):
        return 64
    if isinstance(t, FloatType):
        return _FLOAT_BITS[t.name]
    if isinstance(t, LLVMPointerType):
        return POINTER_SIZE * 8
    if isinstance(t, VectorType):
        return t.shape[0] * size_in_bits(t.element_type)
    if isinstance(t, LLVMArrayType):
        return t.num_elements * alloc_size(t.element_type) * 8
    if isinstance(t, LLVMStructType):
        return struct_layout(t)[1] * 8
    raise TypeError(f"type '{t}' has no size in memory")


def store_size(t) -> int:
    """The bytes a load or store of `t` touches."""
    return (size_in_bits(t) + 7) // 8


def alloc_size(t) -> int:
    """The distance between consecutive elements of type `t` in memory."""
    return _align_to(store_size(t), abi_align(t))


def abi_align(t) -> int:
    """The ABI alignment of `t` in bytes."""
    if isinstance(t, (IntegerType, IndexType)):
        return min(_power_of_two_ceil(store_size(t)), 16)  # i64:64, i128:128
    if isinstance(t, FloatType):
        return 16 if t.name == "f80" else _power_of_two_ceil(store_size(t))
    if isinstance(t, LLVMPointerType):
        return POINTER_SIZE
    if isinstance(t, VectorType):
        return _power_of_two_ceil(store_size(t))
    if isinstance(t, LLVMArrayType):
        return abi_align(t.element_type)
    if isinstance(t, LLVMStructType):
        return 1 if t.packed else struct_layout(t)[2]
    raise TypeError(f"type '{t}' has no alignment")


@functools.cache
def struct_layout(t: LLVMStructType) -> tuple:
    """(member offsets, size, alignment) of a struct, as LLVM's `StructLayout`."""
    offsets, size, align = [], 0, 1
    for member in t.body or ():
        member_align = 1 if t.packed else abi_align(member)
        size = _align_to(size, member_align)
        offsets.append(size)
        size += alloc_size(member)
        align = max(align, member_align)
    return tuple(offsets), _align_to(size, align), align
