"""The type converter every conversion to the llvm dialect shares, as MLIR's
`LLVMTypeConverter` (mlir/lib/Conversion/LLVMCommon/TypeConverter.cpp, MLIR 19).

Builtin types map to LLVM-compatible ones, one rule per type class (`_RULES`):

- `index` becomes `iN` (`index-bitwidth`, 64 by default, as the host data layout gives);
  signed and unsigned integers become signless; the 8-bit floats become `i8`;
- `memref<4x?xf32>` becomes its descriptor `!llvm.struct<(ptr, ptr, i64, array<2 x i64>,
  array<2 x i64>)>`: allocated pointer, aligned pointer, offset, sizes, strides (see
  `descriptors`); `memref<*xf32>` becomes `!llvm.struct<(i64, ptr)>`: rank and a pointer
  to a ranked descriptor;
- vectors stay builtin vectors of converted elements, but only 1-D: `vector<2x3xf32>`
  becomes `!llvm.array<2 x vector<3xf32>>` and `vector<f32>` becomes `vector<1xf32>`;
- function types become `!llvm.ptr`; `complex<T>` a struct of two `T`; llvm aggregate types
  holding non-LLVM types are converted inside.

Function signatures are converted apart (`convert_function_signature`): memref arguments
expand into their descriptor fields, several results pack into a struct, and with the bare
pointer convention a static memref passes as one pointer.

Descriptor fields are packed back into the descriptor a converted op wants by a target
materialization. Every other mismatch stays an `unrealized_conversion_cast`, as MLIR's
generic materializations leave it: an unconverted user of a memref argument gets the packed
descriptor cast to the memref type, as in MLIR 19.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlc.dialects.llvm.types import (
    PTR,
    VOID,
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMStructType,
    is_compatible_type,
)
from mlc.dialects.memref.layout import strides_and_offset
from mlc.ir.attributes import IntegerAttr
from mlc.ir.rewrite import SignatureConversion, TypeConverter
from mlc.ir.types import (
    DYNAMIC,
    ComplexType,
    FloatType,
    FunctionType,
    IndexType,
    IntegerType,
    MemRefType,
    Type,
    UnrankedMemRefType,
    VectorType,
)
from mlc.passes.to_llvm.descriptors import pack_descriptor

DEFAULT_INDEX_BITWIDTH = 64
"""The index width when a pass's `index-bitwidth` is 0: the pointer width of the default
data layout, which is all mlc targets (MLIR derives it from the module's data layout)."""

_F8_TYPES = frozenset(
    ("f8E5M2", "f8E4M3", "f8E4M3FN", "f8E5M2FNUZ", "f8E4M3FNUZ", "f8E4M3B11FNUZ", "f8E3M4")
)


class LLVMTypeConverter(TypeConverter):
    """Converts builtin types to the llvm dialect's (MLIR's `LLVMTypeConverter` with its
    `LowerToLLVMOptions`): `index_bitwidth` (0: the default, 64) and
    `use_bare_ptr_call_conv` (static memrefs cross function boundaries as bare pointers)."""

    def __init__(self, index_bitwidth: int = 0, use_bare_ptr_call_conv: bool = False) -> None:
        super().__init__()
        self.index_type = IntegerType(index_bitwidth or DEFAULT_INDEX_BITWIDTH)
        self.use_bare_ptr_call_conv = use_bare_ptr_call_conv
        self.add_conversion(self._convert)
        self.add_target_materialization(self._descriptor_from_fields)

    def _convert(self, t: Type):
        if is_compatible_type(t):
            return t
        rule = _RULES.get(type(t))
        return rule(self, t) if rule is not None else None

    # --- memref descriptors ----------------------------------------------------------------
    def memref_address_space(self, t: MemRefType | UnrankedMemRefType) -> int | None:
        """The LLVM address space of a memref's memory space: 0 by default, an integer as
        it is; None for any other attribute (MLIR's `getMemRefAddressSpace`)."""
        space = t.memory_space
        if space is None:
            return 0
        if isinstance(space, IntegerAttr) and isinstance(space.type, (IntegerType, IndexType)):
            return space.value
        return None

    def descriptor_fields(self, t: MemRefType, unpack: bool = False) -> list[Type] | None:
        """The fields of `t`'s descriptor: two pointers, the offset, and the sizes and
        strides as two arrays, or one index each with `unpack` (MLIR's
        `getMemRefDescriptorFields`). None when `t` is not strided or does not convert."""
        if strides_and_offset(t) is None or self.convert_type(t.element_type) is None:
            return None
        space = self.memref_address_space(t)
        if space is None:
            return None
        ptr = LLVMPointerType(space)
        index_type = self.index_type
        fields = [ptr, ptr, index_type]
        rank = len(t.shape)
        if rank:
            if unpack:
                fields.extend([index_type] * (2 * rank))
            else:
                array = LLVMArrayType(index_type, rank)
                fields.extend((array, array))
        return fields

    def unranked_descriptor_fields(self) -> list[Type]:
        """The rank and the pointer to a ranked descriptor."""
        return [self.index_type, PTR]

    # --- function signatures ---------------------------------------------------------------
    def can_convert_to_bare_ptr(self, t: Type) -> bool:
        """A memref of static shape, strides and offset, which one pointer describes."""
        if not isinstance(t, MemRefType) or not t.has_static_shape():
            return False
        layout = strides_and_offset(t)
        return layout is not None and DYNAMIC not in layout[0] and layout[1] != DYNAMIC

    def convert_calling_convention_type(self, t: Type, bare_ptr: bool) -> list[Type] | None:
        """`t` as a function argument or result: a pointer for a memref under the bare
        pointer convention, else its plain conversion (MLIR's
        `convertCallingConventionType`)."""
        if bare_ptr and isinstance(t, (MemRefType, UnrankedMemRefType)):
            if not self.can_convert_to_bare_ptr(t) or self.convert_type(t.element_type) is None:
                return None
            space = self.memref_address_space(t)
            return None if space is None else [LLVMPointerType(space)]
        converted = self.convert_type_1_to_n(t)
        return None if converted is None else list(converted)

    def _argument_types(self, t: Type, bare_ptr: bool) -> list[Type] | None:
        """A function argument's types: memrefs expand into their descriptor fields
        (MLIR's `structFuncArgTypeConverter`), or, bare, into one pointer."""
        if bare_ptr:
            return self.convert_calling_convention_type(t, True)
        if isinstance(t, MemRefType):
            return self.descriptor_fields(t, unpack=True)
        if isinstance(t, UnrankedMemRefType):
            if self.convert_type(t.element_type) is None:
                return None
            return self.unranked_descriptor_fields()
        converted = self.convert_type_1_to_n(t)
        return None if converted is None else list(converted)

    def pack_function_results(self, types: Sequence[Type], bare_ptr: bool = False) -> Type | None:
        """One result type for `types`: the conversion of a single one, else a struct of
        them all (MLIR's `packFunctionResults`)."""
        bare_ptr = bare_ptr or self.use_bare_ptr_call_conv
        converted: list[Type] = []
        for t in types:
            group = self.convert_calling_convention_type(t, bare_ptr)
            if group is None:
                return None
            converted.extend(group)
        if not converted:
            return None
        return converted[0] if len(converted) == 1 else LLVMStructType(tuple(converted))

    def convert_function_signature(
        self, function_type: FunctionType, vararg: bool = False, bare_ptr: bool = False
    ) -> tuple[LLVMFunctionType, SignatureConversion] | None:
        """The llvm function type of `function_type` and how its arguments map to the new
        ones (MLIR's `convertFunctionSignature`); None when a type does not convert."""
        bare_ptr = bare_ptr or self.use_bare_ptr_call_conv
        conversion = SignatureConversion(len(function_type.inputs))
        for i, t in enumerate(function_type.inputs):
            types = self._argument_types(t, bare_ptr)
            if types is None:
                return None
            conversion.add_inputs(i, types)
        result = VOID
        if function_type.results:
            result = self.pack_function_results(function_type.results, bare_ptr)
            if result is None:
                return None
        llvm_type = LLVMFunctionType(result, tuple(conversion.converted_types), vararg)
        return llvm_type, conversion

    def convert_function_type_c_wrapper(
        self, function_type: FunctionType
    ) -> tuple[LLVMFunctionType, LLVMStructType | None] | None:
        """The type of a function's `_mlir_ciface_` wrapper: memrefs passed by pointer to
        their descriptor, and several results returned through a pointer passed first
        (MLIR's `convertFunctionTypeCWrapper`); also that result struct, if any."""
        result = VOID
        if function_type.results:
            result = self.pack_function_results(function_type.results)
            if result is None:
                return None
        inputs: list[Type] = []
        struct = result if isinstance(result, LLVMStructType) else None
        if struct is not None:
            inputs.append(PTR)
            result = VOID
        for t in function_type.inputs:
            converted = self.convert_type(t)
            if converted is None or not is_compatible_type(converted):
                return None
            inputs.append(PTR if isinstance(t, (MemRefType, UnrankedMemRefType)) else converted)
        return LLVMFunctionType(result, tuple(inputs)), struct

    # --- materializations --------------------------------------------------------------------
    def _descriptor_from_fields(self, builder, type_, inputs, location):
        """A descriptor struct packed from its unpacked fields (a ranked or an unranked
        descriptor); None for anything else."""
        if not isinstance(type_, LLVMStructType) or len(inputs) < 2:
            return None
        return pack_descriptor(builder, type_, inputs, location)


# --- the rules, by type class ----------------------------------------------------------------
def _integer(converter: LLVMTypeConverter, t: IntegerType) -> Type:
    return IntegerType(t.width)


def _index(converter: LLVMTypeConverter, t: IndexType) -> Type:
    return converter.index_type


def _float(converter: LLVMTypeConverter, t: FloatType) -> Type:
    """8-bit floats become integers of their width; other floats stay (MLIR 19 keeps even
    those LLVM lacks, such as `tf32`)."""
    return IntegerType(t.width) if t.name in _F8_TYPES else t


def _complex(converter: LLVMTypeConverter, t: ComplexType) -> Type | None:
    element = converter.convert_type(t.element_type)
    return None if element is None else LLVMStructType((element, element))


def _function(converter: LLVMTypeConverter, t: FunctionType) -> Type:
    """Outside signatures, a function value is a pointer to it."""
    return PTR


def _memref(converter: LLVMTypeConverter, t: MemRefType) -> Type | None:
    fields = converter.descriptor_fields(t)
    return None if fields is None else LLVMStructType(tuple(fields))


def _unranked_memref(converter: LLVMTypeConverter, t: UnrankedMemRefType) -> Type | None:
    if converter.convert_type(t.element_type) is None:
        return None
    return LLVMStructType(tuple(converter.unranked_descriptor_fields()))


def _vector(converter: LLVMTypeConverter, t: VectorType) -> Type | None:
    """0-D vectors get one element, n-D vectors become arrays of their innermost 1-D
    vectors; only that innermost dimension may be scalable (MLIR's `convertVectorType`)."""
    element = converter.convert_type(t.element_type)
    if element is None:
        return None
    if not t.shape:
        return VectorType((1,), element)
    scalable = t.scalable or (False,) * len(t.shape)
    if any(scalable[:-1]):
        return None
    converted: Type = VectorType((t.shape[-1],), element, (True,) if scalable[-1] else ())
    for size in reversed(t.shape[:-1]):
        converted = LLVMArrayType(converted, size)
    return converted


def _struct(converter: LLVMTypeConverter, t: LLVMStructType) -> Type | None:
    """A literal struct holding non-LLVM types, converted inside (identified structs are
    not renamed as MLIR's `_Converted.` copies: they fail to convert)."""
    if t.name is not None or t.body is None:
        return None
    body = converter.convert_types(t.body)
    return None if body is None else LLVMStructType(tuple(body), t.packed)


def _array(converter: LLVMTypeConverter, t: LLVMArrayType) -> Type | None:
    element = converter.convert_type(t.element_type)
    return None if element is None else LLVMArrayType(element, t.num_elements)


def _llvm_function(converter: LLVMTypeConverter, t: LLVMFunctionType) -> Type | None:
    result = converter.convert_type(t.result)
    params = converter.convert_types(t.params)
    if result is None or params is None:
        return None
    return LLVMFunctionType(result, tuple(params), t.vararg)


_RULES = {
    IntegerType: _integer,
    IndexType: _index,
    FloatType: _float,
    ComplexType: _complex,
    FunctionType: _function,
    MemRefType: _memref,
    UnrankedMemRefType: _unranked_memref,
    VectorType: _vector,
    LLVMStructType: _struct,
    LLVMArrayType: _array,
    LLVMFunctionType: _llvm_function,
}
