"""The memory side of `convert-vector-to-llvm`: `vector.load`, `store`, `maskedload`,
`maskedstore` and `type_cast` (MLIR 19's `VectorLoadStoreConversion` and
`VectorTypeCastOpConversion`).

A 1-D vector is read or written at the address `finalize-memref-to-llvm` computes for the
element at the indices, aligned as the element type prefers in LLVM's default data layout
(as MLIR's `getMemRefAlignment` asks the data layout).
"""

from __future__ import annotations

from mlc.codegen.llvm_types import DEFAULT_LAYOUT, UnsupportedTypeError
from mlc.dialects import llvm as L
from mlc.dialects import vector
from mlc.dialects.llvm.types import LLVMStructType
from mlc.dialects.memref.layout import strides_and_offset
from mlc.ir.attributes import IntegerAttr
from mlc.ir.types import DYNAMIC, MemRefType, i32, i64
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.descriptors import MemRefDescriptor
from mlc.passes.to_llvm.pattern import ConvertOpToLLVMPattern, strided_element_ptr


def preferred_alignment(converter, memref_type: MemRefType) -> int | None:
    """The alignment of `memref_type`'s converted element type in bytes, None when it has
    none (MLIR's `getMemRefAlignment`)."""
    element = converter.convert_type(memref_type.element_type)
    if element is None:
        return None
    try:
        return DEFAULT_LAYOUT.pref_align(element)
    except UnsupportedTypeError:
        return None


class LoadStoreLowering(ConvertOpToLLVMPattern):
    """A 1-D `vector.load`/`store`/`maskedload`/`maskedstore` at the strided element
    pointer: `llvm.load`, `llvm.store` (alignment an `i64`), `llvm.intr.masked.load`,
    `llvm.intr.masked.store` (alignment an `i32`)."""

    # op class -> position of the memref operand; the indices follow it
    LAYOUT = {
        vector.LoadOp: 0, vector.StoreOp: 1, vector.MaskedLoadOp: 0, vector.MaskedStoreOp: 0,
    }  # fmt: skip

    def rewrite(self, op, adaptor, rewriter) -> bool:
        base_at = self.LAYOUT[type(op)]
        memref_type = op.operand(base_at).type
        vector_type = self._vector_type(op)
        if vector_type.rank > 1:
            return False
        align = preferred_alignment(self.type_converter, memref_type)
        if align is None:
            return False
        operands = adaptor.operands
        rank = memref_type.rank
        indices = operands[base_at + 1 : base_at + 1 + rank]
        descriptor = operands[base_at]
        ptr = strided_element_ptr(rewriter, self.type_converter, memref_type, descriptor, indices)
        rest = operands[base_at + 1 + rank :]
        converted = self.type_converter.convert_type(vector_type)
        if isinstance(op, vector.LoadOp):
            new = L.LoadOp(ptr, res=converted, alignment=IntegerAttr(align, i64))
        elif isinstance(op, vector.StoreOp):
            new = L.StoreOp(operands[0], ptr, alignment=IntegerAttr(align, i64))
        elif isinstance(op, vector.MaskedLoadOp):
            new = L.MaskedLoadOp.create(
                [ptr, rest[0], rest[1]], [converted], {"alignment": IntegerAttr(align, i32)}
            )
        else:
            new = L.MaskedStoreOp.create(
                [rest[1], ptr, rest[0]], [], {"alignment": IntegerAttr(align, i32)}
            )
        rewriter.insert(new)
        rewriter.replace_op(op, new.results)
        return True

    @staticmethod
    def _vector_type(op):
        if isinstance(op, vector.StoreOp):
            return op.operand(0).type
        if isinstance(op, vector.MaskedStoreOp):
            return op.operands[-1].type
        return op.results[0].type


def _contiguous_strides(t: MemRefType) -> list[int] | None:
    """The strides of a memref whose elements are contiguous, innermost stride 1 (MLIR's
    `computeContiguousStrides`)."""
    layout = strides_and_offset(t)
    if layout is None:
        return None
    strides = layout[0]
    if strides and strides[-1] != 1:
        return None
    if t.layout is None:
        return strides
    for i in range(len(strides) - 1):
        if t.shape[i + 1] == DYNAMIC or strides[i] != strides[i + 1] * t.shape[i + 1]:
            return None
    return strides


class TypeCastLowering(ConvertOpToLLVMPattern):
    """`vector.type_cast` of static contiguous memrefs: a new descriptor on the same
    buffer, offset 0, the target's constant sizes and strides."""

    def __init__(self, converter) -> None:
        super().__init__(vector.TypeCastOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        source_type, target_type = op.operand(0).type, op.results[0].type
        if not (source_type.has_static_shape() and target_type.has_static_shape()):
            return False
        source = adaptor.operands[0]
        target_struct = self.type_converter.convert_type(target_type)
        if not isinstance(source.type, LLVMStructType):
            return False
        if not isinstance(target_struct, LLVMStructType):
            return False
        strides = _contiguous_strides(target_type)
        if _contiguous_strides(source_type) is None or strides is None or DYNAMIC in strides:
            return False
        old = MemRefDescriptor(source)
        desc = MemRefDescriptor.undef(rewriter, target_struct)
        desc.set_allocated_ptr(rewriter, old.allocated_ptr(rewriter))
        desc.set_aligned_ptr(rewriter, old.aligned_ptr(rewriter))
        desc.set_offset(rewriter, build.index_constant(rewriter, i64, 0))
        for i, size in enumerate(target_type.shape):
            desc.set_size(rewriter, i, build.index_constant(rewriter, i64, size))
            desc.set_stride(rewriter, i, build.index_constant(rewriter, i64, strides[i]))
        rewriter.replace_op(op, [desc.value])
        return True


def vector_memory_patterns(converter) -> list:
    """The load, store and type_cast conversions."""
    patterns = [LoadStoreLowering(cls, converter) for cls in LoadStoreLowering.LAYOUT]
    return patterns + [TypeCastLowering(converter)]
