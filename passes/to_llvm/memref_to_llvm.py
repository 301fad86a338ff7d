"""`finalize-memref-to-llvm`: memref ops to the llvm dialect, as MLIR 19's pass of that name
(mlir/lib/Conversion/MemRefToLLVM/MemRefToLLVM.cpp).

A memref becomes its descriptor (see `descriptors`): allocation fills one in around a
`malloc` (or `aligned_alloc`, or `_mlir_memref_to_llvm_*` with `use-generic-functions`), an
`llvm.alloca`, or a global's address; accesses compute the element address from the
strides (`pattern.strided_element_ptr`); casts, views and metadata queries read and rebuild
descriptors; `memref.copy` is a `memcpy` when both sides are contiguous, else a call to the
runtime's `memrefCopy` on unranked descriptors.

As in MLIR 19, `subview`, `expand_shape` and `collapse_shape` are not lowered here:
`expand-strided-metadata` (then `lower-affine`) runs first and rewrites them into
`reinterpret_cast`s of `extract_strided_metadata` results. Where
MLIR's `extract_strided_metadata` folds its static results into `arith.constant`s while
converting (a fold with side effects), mlc reads them from the descriptor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import llvm as L
from mlc.dialects import memref
from mlc.dialects.llvm import PTR, LLVMArrayType, LLVMPointerType, is_compatible_type
from mlc.dialects.llvm.attributes import ATOMIC_BIN_OPS, ATOMIC_ORDERING, ICMP_PREDICATES
from mlc.dialects.memref.layout import strides_and_offset
from mlc.ir.attributes import UNIT, FloatAttr, IntegerAttr, TypeAttr, UnitAttr
from mlc.ir.block import Region
from mlc.ir.rewrite import apply_partial_conversion
from mlc.ir.types import (
    DYNAMIC,
    FloatType,
    IndexType,
    IntegerType,
    MemRefType,
    UnrankedMemRefType,
    VectorType,
    i32,
    i64,
)
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.descriptors import (
    POINTER_BYTES,
    MemRefDescriptor,
    UnrankedMemRefDescriptor,
)
from mlc.passes.to_llvm.pattern import (
    ConvertOpToLLVMPattern,
    FunctionDeclarations,
    create_memref_descriptor,
    has_identity_layout,
    llvm_conversion_target,
    memref_descriptor_sizes,
    strided_element_ptr,
)
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter

_DEAD_BEEF = 0xDEADBEEF  # the allocated pointer of a global's descriptor: never freed
INT_PTR = IntegerType(8 * POINTER_BYTES)  # an integer as wide as a pointer


class Runtime:
    """The runtime functions the lowering calls, declared on first use: `malloc`,
    `aligned_alloc` and `free` (with `generic`, the `_mlir_memref_to_llvm_*` hooks a runtime
    may define instead: MLIR's `use-generic-functions`), and `memrefCopy`."""

    def __init__(self, converter, generic: bool) -> None:
        index_type = converter.index_type
        prefix = "_mlir_memref_to_llvm_" if generic else ""
        self.functions = {  # what the lowering calls -> (symbol, parameters, result)
            "malloc": (prefix + ("alloc" if generic else "malloc"), [index_type], PTR),
            "aligned_alloc": (prefix + "aligned_alloc", [index_type, index_type], PTR),
            "free": (prefix + "free", [PTR], L.VOID),
            "memrefCopy": ("memrefCopy", [index_type, PTR, PTR], L.VOID),
        }
        self.declarations = FunctionDeclarations()

    def declare(self, rewriter, anchor, function: str) -> str | None:
        """The symbol of `function` once declared in `anchor`'s module; None when the
        module holds another symbol of that name."""
        symbol, params, result = self.functions[function]
        found = self.declarations.get(rewriter, anchor, symbol, params, result)
        return None if found is None else symbol


class MemRefPattern(ConvertOpToLLVMPattern):
    """A memref lowering, with the `runtime` it declares functions of."""

    def __init__(self, root, converter, runtime: Runtime) -> None:
        super().__init__(root, converter)
        self.runtime = runtime


# --- allocation ---------------------------------------------------------------------------------
def create_aligned(rewriter, value, alignment):
    """`value` rounded up to a multiple of `alignment`: `bumped - bumped % alignment` with
    `bumped = value + alignment - 1` (MLIR's `createAligned`)."""
    one = build.index_constant(rewriter, alignment.type, 1)
    bump = rewriter.create(L.SubOp, alignment, one).results[0]
    bumped = build.add(rewriter, value, bump)
    remainder = rewriter.create(L.URemOp, bumped, alignment).results[0]
    return rewriter.create(L.SubOp, bumped, remainder).results[0]


def _to_memref_address_space(rewriter, converter, ptr, t: MemRefType):
    """A pointer returned by an allocation function, cast to the memref's address space
    (MLIR's `castAllocFuncResult`)."""
    space = converter.memref_address_space(t)
    if space == ptr.type.address_space:
        return ptr
    return rewriter.create(L.AddrSpaceCastOp, ptr, res=LLVMPointerType(space)).results[0]


def _is_scalar(t) -> bool:
    """MLIR's `isSignlessIntOrIndexOrFloat`."""
    return isinstance(t, (IndexType, FloatType)) or (isinstance(t, IntegerType) and t.is_signless)


class AllocOpLowering(MemRefPattern):
    """`memref.alloc` with `malloc`: the size in bytes, padded by the alignment when one is
    asked for (or, for non-scalar elements, their size), and the aligned pointer rounded up
    from the allocated one."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.results[0].type
        if not has_identity_layout(converter, t):
            return False
        malloc = self.runtime.declare(rewriter, op, "malloc")
        if malloc is None:
            return False
        sizes, strides, size = memref_descriptor_sizes(
            rewriter, converter, t, adaptor.operands, in_bytes=True
        )
        alignment = None
        if "alignment" in op.properties:
            alignment = build.index_constant(
                rewriter, self.index_type, op.properties["alignment"].value
            )
        elif not _is_scalar(t.element_type):
            alignment = build.size_in_bytes(
                rewriter, converter.convert_type(t.element_type), self.index_type
            )
        if alignment is not None:
            size = build.add(rewriter, size, alignment)
        (allocated,) = build.call(rewriter, malloc, [size], PTR)
        allocated = _to_memref_address_space(rewriter, converter, allocated, t)
        aligned = allocated
        if alignment is not None:
            address = build.ptr_to_int(rewriter, allocated, self.index_type)
            aligned_address = create_aligned(rewriter, address, alignment)
            aligned = rewriter.create(L.IntToPtrOp, aligned_address, res=allocated.type)
            aligned = aligned.results[0]
        desc = create_memref_descriptor(rewriter, converter, t, allocated, aligned, sizes, strides)
        rewriter.replace_op(op, [desc])
        return True


class AlignedAllocOpLowering(MemRefPattern):
    """`memref.alloc` with `aligned_alloc` (`use-aligned-alloc`): the alignment asked for,
    else the element size rounded up to a power of two, at least 16; the size padded to a
    multiple of it unless the static sizes show it is one."""

    MIN_ALIGNMENT = 16

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.results[0].type
        if not has_identity_layout(converter, t):
            return False
        element_size = type_size_in_bytes(converter, t.element_type)
        aligned_alloc = self.runtime.declare(rewriter, op, "aligned_alloc")
        if aligned_alloc is None or element_size is None:
            return False
        sizes, strides, size = memref_descriptor_sizes(
            rewriter, converter, t, adaptor.operands, in_bytes=True
        )
        if "alignment" in op.properties:
            alignment = op.properties["alignment"].value
        else:
            alignment = max(self.MIN_ALIGNMENT, 1 << max(element_size - 1, 0).bit_length())
        alignment_value = build.index_constant(rewriter, self.index_type, alignment)
        static_size = element_size
        for dim in t.shape:
            if dim != DYNAMIC:
                static_size *= dim
        if static_size % alignment:
            size = create_aligned(rewriter, size, alignment_value)
        (ptr,) = build.call(rewriter, aligned_alloc, [alignment_value, size], PTR)
        ptr = _to_memref_address_space(rewriter, converter, ptr, t)
        desc = create_memref_descriptor(rewriter, converter, t, ptr, ptr, sizes, strides)
        rewriter.replace_op(op, [desc])
        return True


def type_size_in_bytes(converter, t) -> int | None:
    """The size of `t` in the default data layout (MLIR's `getTypeSize`), for the element
    types `aligned_alloc` pads for: vectors round their innermost dimension up to a power
    of two, memrefs are their descriptors."""
    if isinstance(t, (IntegerType, FloatType)):
        return (t.width + 7) // 8
    if isinstance(t, IndexType):
        return 8
    if isinstance(t, VectorType):
        element = type_size_in_bytes(converter, t.element_type)
        inner = t.shape[-1]
        if element is None:
            return None
        return t.num_elements() // inner * (1 << (inner - 1).bit_length()) * element
    index_bytes = converter.index_type.width // 8
    if isinstance(t, MemRefType):
        return 2 * POINTER_BYTES + (1 + 2 * len(t.shape)) * index_bytes
    if isinstance(t, UnrankedMemRefType):
        return index_bytes + POINTER_BYTES
    return None


class AllocaOpLowering(MemRefPattern):
    """`memref.alloca` is an `llvm.alloca` of the element count."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.results[0].type
        if not has_identity_layout(converter, t):
            return False
        sizes, strides, count = memref_descriptor_sizes(
            rewriter, converter, t, adaptor.operands, in_bytes=False
        )
        alignment = op.properties.get("alignment")
        element = converter.convert_type(t.element_type)
        ptr_type = LLVMPointerType(converter.memref_address_space(t))
        ptr = build.alloca(rewriter, element, count, alignment.value if alignment else 0, ptr_type)
        desc = create_memref_descriptor(rewriter, converter, t, ptr, ptr, sizes, strides)
        rewriter.replace_op(op, [desc])
        return True


class DeallocOpLowering(MemRefPattern):
    """`memref.dealloc` frees the allocated pointer."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        free = self.runtime.declare(rewriter, op, "free")
        if free is None:
            return False
        t = op.operand(0).type
        value = adaptor.operands[0]
        if isinstance(t, UnrankedMemRefType):
            desc_ptr = UnrankedMemRefDescriptor(value).memref_desc_ptr(rewriter)
            element_ptr = LLVMPointerType(self.type_converter.memref_address_space(t))
            allocated = UnrankedMemRefDescriptor.allocated_ptr(rewriter, desc_ptr, element_ptr)
        else:
            allocated = MemRefDescriptor(value).allocated_ptr(rewriter)
        rewriter.replace_op(op, build.call(rewriter, free, [allocated]))
        return True


# --- globals ------------------------------------------------------------------------------------
def global_type(converter, t: MemRefType):
    """A global memref's LLVM type: nested arrays of the elements, outermost dim first."""
    converted = converter.convert_type(t.element_type)
    for size in reversed(t.shape):
        converted = LLVMArrayType(converted, size)
    return converted


class GlobalOpLowering(MemRefPattern):
    """`memref.global` is an `llvm.mlir.global` of nested arrays: external linkage if public,
    else private; an uninitialized one gets an undef initializer; a rank-0 one holds the
    element itself."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.properties["type"].value
        if not has_identity_layout(converter, t):
            return False
        space = converter.memref_address_space(t)
        array = global_type(converter, t)
        visibility = op.properties.get("sym_visibility")
        public = visibility is None or visibility.value == "public"
        props = {
            "global_type": TypeAttr(array),
            "sym_name": op.properties["sym_name"],
            "linkage": L.LinkageAttr("external" if public else "private"),
            "addr_space": IntegerAttr(space, i32),
        }
        if "constant" in op.properties:
            props["constant"] = UNIT
        value = op.properties.get("initial_value")
        if value is not None and not isinstance(value, UnitAttr):
            props["value"] = value if t.shape else _scalar_value(value)
        alignment = op.properties.get("alignment")
        if alignment is not None and alignment.value:
            props["alignment"] = alignment
        props = L.GlobalOp.definition.fill_defaults(props)
        new = L.GlobalOp.create((), (), props, regions=[Region()])
        rewriter.insert(new)
        if isinstance(value, UnitAttr):
            with rewriter.at(rewriter.insertion_point):
                rewriter.create_block(new.regions[0])
                rewriter.create(L.ReturnOp, [build.undef(rewriter, array)])
        rewriter.erase_op(op)
        return True


def _scalar_value(elements):
    """The one element of a rank-0 elements attribute, as a scalar attribute (MLIR's
    `getSplatValue<Attribute>()`)."""
    element = elements.type.element_type
    item = elements.array.item()
    if isinstance(element, FloatType):
        return FloatAttr(float(item), element)
    return IntegerAttr(int(item), element)


class GetGlobalOpLowering(MemRefPattern):
    """`memref.get_global` is a descriptor of the global's address (GEP to element 0) and
    a never-freed allocated pointer `0xdeadbeef`."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.results[0].type
        if not has_identity_layout(converter, t):
            return False
        sizes, strides, _ = memref_descriptor_sizes(rewriter, converter, t, (), in_bytes=True)
        ptr_type = LLVMPointerType(converter.memref_address_space(t))
        address = rewriter.create(L.AddressOfOp, global_name=op.properties["name"], res=ptr_type)
        element = build.gep(
            rewriter, address.results[0], global_type(converter, t), [0] * (len(t.shape) + 1)
        )
        bad = build.index_constant(rewriter, INT_PTR, _DEAD_BEEF)
        allocated = rewriter.create(L.IntToPtrOp, bad, res=ptr_type).results[0]
        desc = create_memref_descriptor(rewriter, converter, t, allocated, element, sizes, strides)
        rewriter.replace_op(op, [desc])
        return True


# --- access -------------------------------------------------------------------------------------
def _nontemporal(op) -> dict:
    flag = op.properties.get("nontemporal")
    return {"nontemporal": UNIT} if flag is not None and flag.value else {}


class LoadOpLowering(MemRefPattern):
    """`memref.load` is an `llvm.load` of the strided element address (`nontemporal`
    kept)."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        t = op.operand(0).type
        descriptor, *indices = adaptor.operands
        ptr = strided_element_ptr(rewriter, self.type_converter, t, descriptor, indices)
        element = self.type_converter.convert_type(t.element_type)
        rewriter.replace_op(op, [build.load(rewriter, element, ptr, **_nontemporal(op))])
        return True


class StoreOpLowering(MemRefPattern):
    """`memref.store` is an `llvm.store` to the strided element address."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        value, descriptor, *indices = adaptor.operands
        t = op.operand(1).type
        ptr = strided_element_ptr(rewriter, self.type_converter, t, descriptor, indices)
        build.store(rewriter, value, ptr, **_nontemporal(op))
        rewriter.erase_op(op)
        return True


ATOMIC_KINDS = {
    "addf": "fadd", "addi": "add", "assign": "xchg", "maximumf": "fmax", "maxs": "max",
    "maxu": "umax", "minimumf": "fmin", "mins": "min", "minu": "umin", "ori": "_or",
    "andi": "_and",
}  # fmt: skip
"""`memref.atomic_rmw` kinds LLVM's `atomicrmw` does (MLIR 19's `matchSimpleAtomicOp`);
the others (`mulf`, `muli`, `maxnumf`, `minnumf`) stay."""


class AtomicRMWOpLowering(MemRefPattern):
    """`memref.atomic_rmw` is an `acq_rel` `llvm.atomicrmw` at the element address, for the
    kinds in `ATOMIC_KINDS`."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        kind = ATOMIC_KINDS.get(memref.ATOMIC_RMW_KINDS.keywords[op.properties["kind"].value])
        t = op.operand(1).type
        if kind is None or strides_and_offset(t) is None:
            return False
        value, descriptor, *indices = adaptor.operands
        ptr = strided_element_ptr(rewriter, self.type_converter, t, descriptor, indices)
        props = {
            "bin_op": ATOMIC_BIN_OPS.make(ATOMIC_BIN_OPS.keywords.index(kind)),
            "ordering": ATOMIC_ORDERING.make(ATOMIC_ORDERING.keywords.index("acq_rel")),
        }
        rewriter.replace_op(op, rewriter.create(L.AtomicRMWOp, ptr, value, **props))
        return True


class AssumeAlignmentOpLowering(MemRefPattern):
    """`llvm.intr.assume((aligned_ptr & (alignment - 1)) == 0)`. The check is on its own
    extraction of the aligned pointer: LLVM's CSE merges it with the accesses' (MLIR 19)."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        ptr = MemRefDescriptor(adaptor.operands[0]).aligned_ptr(rewriter)
        alignment = op.properties["alignment"].value
        zero = build.index_constant(rewriter, INT_PTR, 0)
        mask = build.index_constant(rewriter, INT_PTR, alignment - 1)
        address = build.ptr_to_int(rewriter, ptr, INT_PTR)
        masked = rewriter.create(L.AndOp, address, mask).results[0]
        predicate = ICMP_PREDICATES.make(0)  # eq
        is_zero = rewriter.create(L.ICmpOp, masked, zero, predicate=predicate).results[0]
        rewriter.create(L.AssumeOp, is_zero)
        rewriter.erase_op(op)
        return True


# --- descriptor queries and casts ---------------------------------------------------------------
class DimOpLowering(MemRefPattern):
    """`memref.dim`: a constant for a static size at a constant index, the descriptor's size
    for a dynamic one; through memory for a runtime index or an unranked memref."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        t = op.operand(0).type
        descriptor, dim = adaptor.operands
        if isinstance(t, UnrankedMemRefType):
            size = self._unranked_size(rewriter, t, descriptor, dim)
        else:
            size = self._ranked_size(rewriter, t, descriptor, dim, op)
        rewriter.replace_op(op, [size])
        return True

    def _unranked_size(self, rewriter, t, descriptor, dim):
        """The ranked descriptor behind the pointer is read as a `memref<T>` one, whose
        sizes start right after its offset: size `i` is index `i + 1` from the offset."""
        converter = self.type_converter
        desc_ptr = UnrankedMemRefDescriptor(descriptor).memref_desc_ptr(rewriter)
        scalar = converter.convert_type(MemRefType((), t.element_type))
        offset_ptr = build.gep(rewriter, desc_ptr, scalar, [0, 2])
        one = build.index_constant(rewriter, self.index_type, 1)
        position = build.add(rewriter, one, dim)
        size_ptr = build.gep(rewriter, offset_ptr, self.index_type, [position])
        return build.load(rewriter, self.index_type, size_ptr)

    def _ranked_size(self, rewriter, t, descriptor, dim, op):
        index = memref.constant_int(op.operand(1))
        if index is None:
            index = memref.constant_int(dim)
        desc = MemRefDescriptor(descriptor)
        if index is not None and 0 <= index < len(t.shape):
            if t.shape[index] == DYNAMIC:
                return desc.size(rewriter, index)
            return build.index_constant(rewriter, self.index_type, t.shape[index])
        return desc.dynamic_size(rewriter, dim)


class RankOpLowering(MemRefPattern):
    """`memref.rank`: a constant, or the rank field of an unranked descriptor."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        t = op.operand(0).type
        if isinstance(t, UnrankedMemRefType):
            rank = UnrankedMemRefDescriptor(adaptor.operands[0]).rank(rewriter)
        else:
            rank = build.index_constant(rewriter, self.index_type, len(t.shape))
        rewriter.replace_op(op, [rank])
        return True


def promote_descriptor(rewriter, value):
    """`value` stored to a stack slot; the slot's pointer (MLIR's
    `promoteOneMemRefDescriptor`)."""
    one = build.index_constant(rewriter, i64, 1)
    ptr = build.alloca(rewriter, value.type, one)
    build.store(rewriter, value, ptr)
    return ptr


def unranked_descriptor(rewriter, converter, t: MemRefType, rank, ptr):
    """The unranked descriptor of a ranked memref of type `t` copied to `ptr`."""
    unranked = converter.convert_type(UnrankedMemRefType(t.element_type, t.memory_space))
    return UnrankedMemRefDescriptor.pack(rewriter, unranked, [rank, ptr]).value


class CastOpLowering(MemRefPattern):
    """`memref.cast`: between ranked types the descriptor stays; to unranked, the
    descriptor goes to the stack and the rank is recorded; from unranked, it is loaded."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        source, result = op.operand(0).type, op.results[0].type
        value = adaptor.operands[0]
        ranked_source = isinstance(source, MemRefType)
        ranked_result = isinstance(result, MemRefType)
        if ranked_source and ranked_result:
            if converter.convert_type(source) != converter.convert_type(result):
                return False
            rewriter.replace_op(op, [value])
        elif ranked_source:
            ptr = promote_descriptor(rewriter, value)
            rank = build.index_constant(rewriter, self.index_type, len(source.shape))
            rewriter.replace_op(op, [unranked_descriptor(rewriter, converter, source, rank, ptr)])
        elif ranked_result:
            desc_ptr = UnrankedMemRefDescriptor(value).memref_desc_ptr(rewriter)
            loaded = build.load(rewriter, converter.convert_type(result), desc_ptr)
            rewriter.replace_op(op, [loaded])
        else:
            return False
        return True


def source_pointers(rewriter, converter, t, value) -> tuple:
    """The allocated and aligned pointers of a ranked or unranked memref (MLIR's
    `extractPointersAndOffset`, without the offset)."""
    if isinstance(t, MemRefType):
        desc = MemRefDescriptor(value)
        return desc.allocated_ptr(rewriter), desc.aligned_ptr(rewriter)
    element_ptr = LLVMPointerType(converter.memref_address_space(t))
    desc_ptr = UnrankedMemRefDescriptor(value).memref_desc_ptr(rewriter)
    allocated = UnrankedMemRefDescriptor.allocated_ptr(rewriter, desc_ptr, element_ptr)
    return allocated, UnrankedMemRefDescriptor.aligned_ptr(rewriter, desc_ptr, element_ptr)


class ExtractAlignedPointerAsIndexOpLowering(MemRefPattern):
    """`memref.extract_aligned_pointer_as_index`: `llvm.ptrtoint` of the aligned pointer, read
    from the descriptor (ranked) or from the descriptor it points to (unranked)."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        t, value = op.operand(0).type, adaptor.operands[0]
        if isinstance(t, MemRefType):
            aligned = MemRefDescriptor(value).aligned_ptr(rewriter)
        else:
            element_ptr = LLVMPointerType(self.type_converter.memref_address_space(t))
            desc_ptr = UnrankedMemRefDescriptor(value).memref_desc_ptr(rewriter)
            aligned = UnrankedMemRefDescriptor.aligned_ptr(rewriter, desc_ptr, element_ptr)
        rewriter.replace_op(op, [build.ptr_to_int(rewriter, aligned, self.index_type)])
        return True


class ReinterpretCastOpLowering(MemRefPattern):
    """`memref.reinterpret_cast`: the source's pointers with the offset, sizes and strides
    the op gives, static ones as constants."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.results[0].type
        struct = converter.convert_type(t)
        if struct is None:
            return False
        desc = MemRefDescriptor.undef(rewriter, struct)
        allocated, aligned = source_pointers(
            rewriter, converter, op.operand(0).type, adaptor.operands[0]
        )
        desc.set_allocated_ptr(rewriter, allocated)
        desc.set_aligned_ptr(rewriter, aligned)
        remapped = dict(zip(op.operands, adaptor.operands))
        offset = op.mixed_offsets()[0]
        if isinstance(offset, int):
            desc.set_constant_offset(rewriter, offset)
        else:
            desc.set_offset(rewriter, remapped[offset])
        for i, (size, stride) in enumerate(zip(op.mixed_sizes(), op.mixed_strides())):
            if isinstance(size, int):
                desc.set_constant_size(rewriter, i, size)
            else:
                desc.set_size(rewriter, i, remapped[size])
            if isinstance(stride, int):
                desc.set_constant_stride(rewriter, i, stride)
            else:
                desc.set_stride(rewriter, i, remapped[stride])
        rewriter.replace_op(op, [desc.value])
        return True


class ViewOpLowering(MemRefPattern):
    """`memref.view`: the byte buffer's pointers, the aligned one advanced by the byte
    shift; offset 0; sizes from the type or the operands and contiguous strides, built from
    the innermost dimension out."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.results[0].type
        struct = converter.convert_type(t)
        layout = strides_and_offset(t)
        if struct is None or layout is None or (layout[0] and layout[0][-1] not in (0, 1)):
            return False
        strides = layout[0]
        source, shift, *dynamic_sizes = adaptor.operands
        source_desc = MemRefDescriptor(source)
        desc = MemRefDescriptor.undef(rewriter, struct)
        desc.set_allocated_ptr(rewriter, source_desc.allocated_ptr(rewriter))
        aligned = source_desc.aligned_ptr(rewriter)
        byte = converter.convert_type(op.operand(0).type.element_type)
        desc.set_aligned_ptr(rewriter, build.gep(rewriter, aligned, byte, [shift]))
        desc.set_offset(rewriter, build.index_constant(rewriter, self.index_type, 0))
        stride = next_size = None
        for i in reversed(range(len(t.shape))):
            size = self._size(rewriter, t.shape, dynamic_sizes, i)
            desc.set_size(rewriter, i, size)
            stride = self._stride(rewriter, strides[i], next_size, stride)
            desc.set_stride(rewriter, i, stride)
            next_size = size
        rewriter.replace_op(op, [desc.value])
        return True

    def _size(self, rewriter, shape, dynamic_sizes, i):
        if shape[i] != DYNAMIC:
            return build.index_constant(rewriter, self.index_type, shape[i])
        return dynamic_sizes[sum(1 for d in shape[:i] if d == DYNAMIC)]

    def _stride(self, rewriter, static_stride, next_size, running):
        """A static stride as a constant; a dynamic one as the product of the inner sizes
        (MLIR's `ViewOpLowering::getStride`)."""
        if static_stride != DYNAMIC:
            return build.index_constant(rewriter, self.index_type, static_stride)
        if next_size is not None:
            return build.mul(rewriter, running, next_size) if running is not None else next_size
        return build.index_constant(rewriter, self.index_type, 1)


class ExtractStridedMetadataOpLowering(MemRefPattern):
    """`memref.extract_strided_metadata`: the base buffer is a rank-0 descriptor of the
    same pointers; offset, sizes and strides are read from the descriptor."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        value = adaptor.operands[0]
        if not is_compatible_type(value.type):
            return False
        desc = MemRefDescriptor(value)
        allocated, aligned = desc.allocated_ptr(rewriter), desc.aligned_ptr(rewriter)
        base = MemRefDescriptor.from_static_shape(
            rewriter, self.type_converter, op.results[0].type, allocated, aligned
        )
        rank = len(op.operand(0).type.shape)
        results = [base.value, desc.offset(rewriter)]
        results += [desc.size(rewriter, i) for i in range(rank)]
        results += [desc.stride(rewriter, i) for i in range(rank)]
        rewriter.replace_op(op, results)
        return True


# --- copy ---------------------------------------------------------------------------------------
def is_contiguous(t) -> bool:
    """A memref `memcpy` can copy: identity layout, or static, non-empty and row-major
    contiguous with any offset (MLIR's `isStaticShapeAndContiguousRowMajor`)."""
    if not isinstance(t, MemRefType):
        return False
    if t.layout is None:
        return True
    layout = strides_and_offset(t)
    if not t.has_static_shape() or t.num_elements() <= 0 or layout is None:
        return False
    strides = layout[0]
    running, dim = 1, len(strides) - 1
    while dim >= 0 and strides[dim] == running:
        running *= t.shape[dim]
        dim -= 1
    while dim >= 0 and t.shape[dim] == 1:
        dim -= 1
    return dim < 0


class CopyOpLowering(MemRefPattern):
    """`memref.copy`: `llvm.intr.memcpy` of the element count times the element size
    between contiguous memrefs; otherwise both sides as unranked descriptors on the stack,
    passed to the runtime's `memrefCopy(element size, source, target)`."""

    def rewrite(self, op, adaptor, rewriter) -> bool:
        source, target = op.operand(0).type, op.operand(1).type
        if is_contiguous(source) and is_contiguous(target):
            return self._memcpy(op, adaptor, rewriter)
        return self._runtime_copy(op, adaptor, rewriter)

    def _memcpy(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        t = op.operand(0).type
        source, target = (MemRefDescriptor(v) for v in adaptor.operands)
        count = build.index_constant(rewriter, self.index_type, 1)
        for i in range(len(t.shape)):
            count = build.mul(rewriter, count, source.size(rewriter, i))
        element = converter.convert_type(t.element_type)
        size = build.mul(rewriter, count, build.size_in_bytes(rewriter, element, self.index_type))
        pointers = []
        for desc in (source, target):
            base = desc.aligned_ptr(rewriter)
            pointers.append(build.gep(rewriter, base, element, [desc.offset(rewriter)]))
        build.memcpy(rewriter, pointers[1], pointers[0], size)
        rewriter.erase_op(op)
        return True

    def _runtime_copy(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        copy = self.runtime.declare(rewriter, op, "memrefCopy")
        if copy is None:
            return False
        stack = rewriter.create(L.StackSaveOp, res=PTR).results[0]
        unranked = []
        for value, t in zip(adaptor.operands, (v.type for v in op.operands)):
            if isinstance(t, MemRefType):  # the rank constant is built first here, as in MLIR
                rank_attr = IntegerAttr(len(t.shape), self.index_type)
                rank = build.constant(rewriter, rank_attr, self.index_type)
                ptr = promote_descriptor(rewriter, value)
                value = unranked_descriptor(rewriter, converter, t, rank, ptr)
            unranked.append(value)
        one = build.index_constant(rewriter, self.index_type, 1)
        slots = []
        for value in unranked:
            slot = build.alloca(rewriter, value.type, one)
            build.store(rewriter, value, slot)
            slots.append(slot)
        element = converter.convert_type(op.operand(0).type.element_type)
        element_size = build.size_in_bytes(rewriter, element, self.index_type)
        build.call(rewriter, copy, [element_size, *slots])
        rewriter.create(L.StackRestoreOp, stack)
        rewriter.erase_op(op)
        return True


def memref_to_llvm_patterns(
    converter: LLVMTypeConverter, use_aligned_alloc=False, use_generic_functions=False
) -> list:
    """The patterns of the conversion (MLIR's `populateFinalizeMemRefToLLVMConversion
    Patterns`)."""
    runtime = Runtime(converter, use_generic_functions)
    alloc = AlignedAllocOpLowering if use_aligned_alloc else AllocOpLowering
    table = (
        (alloc, memref.AllocOp),
        (AllocaOpLowering, memref.AllocaOp),
        (DeallocOpLowering, memref.DeallocOp),
        (GlobalOpLowering, memref.GlobalOp),
        (GetGlobalOpLowering, memref.GetGlobalOp),
        (LoadOpLowering, memref.LoadOp),
        (StoreOpLowering, memref.StoreOp),
        (AtomicRMWOpLowering, memref.AtomicRMWOp),
        (AssumeAlignmentOpLowering, memref.AssumeAlignmentOp),
        (DimOpLowering, memref.DimOp),
        (RankOpLowering, memref.RankOp),
        (ExtractAlignedPointerAsIndexOpLowering, memref.ExtractAlignedPointerAsIndexOp),
        (CastOpLowering, memref.CastOp),
        (ReinterpretCastOpLowering, memref.ReinterpretCastOp),
        (ViewOpLowering, memref.ViewOp),
        (ExtractStridedMetadataOpLowering, memref.ExtractStridedMetadataOp),
        (CopyOpLowering, memref.CopyOp),
    )
    return [pattern(root, converter, runtime) for pattern, root in table]


@register_pass
@dataclass(frozen=True)
class FinalizeMemRefToLLVM(Pass):
    """Lowers memref ops to the llvm dialect."""

    name = "finalize-memref-to-llvm"
    summary = "Finalize MemRef dialect to LLVM dialect conversion"
    anchor = "builtin.module"
    use_aligned_alloc: bool = field(
        default=False,
        metadata={"help": "Use aligned_alloc in place of malloc for heap allocations"},
    )
    index_bitwidth: int = field(
        default=0, metadata={"help": "Bitwidth of the index type, 0 to use size of machine word"}
    )
    use_generic_functions: bool = field(
        default=False,
        metadata={"help": "Use generic allocation and deallocation functions instead of the "
                          "classic 'malloc', 'aligned_alloc' and 'free' functions"},
    )  # fmt: skip

    def run(self, op) -> None:
        converter = LLVMTypeConverter(self.index_bitwidth)
        target = llvm_conversion_target()
        target.add_legal_op("func.func")
        patterns = memref_to_llvm_patterns(
            converter, self.use_aligned_alloc, self.use_generic_functions
        )
        apply_partial_conversion(op, target, patterns)
