"""What the conversions to the llvm dialect share beyond types: the pattern base, the
one-to-one and element-wise vector rewrites, the conversion target, function declarations,
and the memref address arithmetic (MLIR's LLVMCommon `Pattern.cpp`, `VectorPattern.cpp`,
`ConversionTarget.cpp` and `FunctionCallUtils.cpp`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from mlc.dialects.llvm import LLVMArrayType, LLVMFuncOp, LLVMFunctionType
from mlc.dialects.llvm.types import PTR, VOID, is_compatible_type
from mlc.dialects.memref.layout import strides_and_offset
from mlc.ir.attributes import StringAttr, TypeAttr
from mlc.ir.builder import InsertionPoint
from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.operation import Operation
from mlc.ir.rewrite import ConversionTarget, OpConversionPattern
from mlc.ir.symbol_table import symbol_name
from mlc.ir.traits import SymbolTable
from mlc.ir.types import DYNAMIC, MemRefType, Type, UnrankedMemRefType, VectorType, i8
from mlc.ir.values import Value
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.descriptors import MemRefDescriptor, UnrankedMemRefDescriptor
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter


def llvm_conversion_target() -> ConversionTarget:
    """The llvm dialect and the casts bridging what is not converted yet are legal (MLIR's
    `LLVMConversionTarget`); everything else may be converted if a pattern applies."""
    target = ConversionTarget()
    target.add_legal_dialect("llvm")
    target.add_legal_op(UnrealizedConversionCastOp)
    return target


class ConvertOpToLLVMPattern(OpConversionPattern):
    """A conversion pattern to the llvm dialect (MLIR's `ConvertOpToLLVMPattern`): it owns
    an `LLVMTypeConverter`, and while `rewrite(op, adaptor, rewriter)` runs, the ops it
    builds get `op`'s location."""

    type_converter: LLVMTypeConverter

    def __init__(self, root, converter: LLVMTypeConverter, benefit: int = 1) -> None:
        super().__init__(root, benefit, converter)

    def match_and_rewrite(self, op, adaptor, rewriter) -> bool:
        saved = rewriter.location
        rewriter.location = op.location
        try:
            return self.rewrite(op, adaptor, rewriter)
        finally:
            rewriter.location = saved

    def rewrite(self, op, adaptor, rewriter) -> bool:
        raise NotImplementedError

    @property
    def index_type(self) -> Type:
        return self.type_converter.index_type

    def __repr__(self) -> str:
        return f"<{type(self).__name__} on {getattr(self.root, 'name', self.root)}>"


# --- one-to-one rewrites ---------------------------------------------------------------------
def _split_attributes(target: type, attributes: dict) -> tuple[dict, dict]:
    """`attributes` as the properties `target` declares and the rest, discardable (what
    MLIR's `OperationState` does with the attributes it is given)."""
    declared = target.definition.props_by_name
    props = {k: v for k, v in attributes.items() if k in declared}
    rest = {k: v for k, v in attributes.items() if k not in declared}
    return target.definition.fill_defaults(props), rest


def one_to_one_rewrite(
    op: Operation, target: type, operands: Sequence[Value], attributes: dict, converter, rewriter
) -> bool:
    """Replace `op` by one `target` op of the same operands and converted result type,
    carrying `attributes` (MLIR's `oneToOneRewrite`)."""
    result_types = []
    if op.results:
        converted = converter.convert_type(op.results[0].type)
        if converted is None:
            return False
        result_types.append(converted)
    props, attrs = _split_attributes(target, attributes)
    new = rewriter.insert(target.create(list(operands), result_types, props, attrs or None))
    rewriter.replace_op(op, new.results)
    return True


def nd_positions(array_type: Type) -> list[tuple[int, ...]]:
    """The positions of the 1-D vectors in an array of them (`!llvm.array<2 x array<3 x
    vector<4xf32>>>`: (0, 0) .. (1, 2)), row-major (MLIR's `nDVectorIterate`)."""
    sizes = []
    while isinstance(array_type, LLVMArrayType):
        sizes.append(array_type.num_elements)
        array_type = array_type.element_type
    return list(itertools.product(*(range(n) for n in sizes)))


def innermost_vector(array_type: Type) -> Type:
    """The 1-D vector type at the bottom of nested arrays."""
    while isinstance(array_type, LLVMArrayType):
        array_type = array_type.element_type
    return array_type


def handle_multidimensional_vectors(
    op: Operation,
    operands: Sequence[Value],
    converter,
    create: Callable[[Type, list[Value]], Value],
    rewriter,
) -> bool:
    """Unroll an element-wise op on n-D vectors (arrays of 1-D vectors once converted):
    for each 1-D position, extract the operands, `create(vector_1d_type, extracted)`, and
    insert the result (MLIR's `handleMultidimensionalVectors`)."""
    result_type = converter.convert_type(op.results[0].type)
    if not isinstance(op.results[0].type, VectorType) or result_type is None:
        return False
    vector_1d = innermost_vector(result_type)
    desc = build.undef(rewriter, result_type)
    for position in nd_positions(result_type):
        extracted = [build.extract_value(rewriter, v, *position) for v in operands]
        desc = build.insert_value(rewriter, desc, create(vector_1d, extracted), *position)
    rewriter.replace_op(op, [desc])
    return True


def elementwise_rewrite(
    op: Operation,
    operands: Sequence[Value],
    converter,
    create: Callable[[Type, list[Value]], Value],
    rewriter,
) -> bool:
    """Replace `op` by `create(result_type, operands)`: once for scalars and 1-D vectors,
    once per 1-D vector (`handle_multidimensional_vectors`) for n-D vectors."""
    if isinstance(operands[0].type, LLVMArrayType):
        return handle_multidimensional_vectors(op, operands, converter, create, rewriter)
    result_type = converter.convert_type(op.results[0].type)
    if result_type is None:
        return False
    rewriter.replace_op(op, [create(result_type, list(operands))])
    return True


def vector_one_to_one_rewrite(
    op: Operation, target: type, operands: Sequence[Value], attributes: dict, converter, rewriter
) -> bool:
    """`one_to_one_rewrite`, unrolled over the 1-D vectors when the operands are n-D
    vectors (MLIR's `vectorOneToOneRewrite`)."""
    if not all(is_compatible_type(v.type) for v in operands):
        return False
    if not isinstance(operands[0].type, LLVMArrayType):
        return one_to_one_rewrite(op, target, operands, attributes, converter, rewriter)
    props, attrs = _split_attributes(target, attributes)

    def create(vector_type: Type, values: list[Value]) -> Value:
        new = target.create(values, [vector_type], dict(props), dict(attrs) or None)
        return rewriter.insert(new).results[0]

    return handle_multidimensional_vectors(op, operands, converter, create, rewriter)


# --- function declarations -----------------------------------------------------------------------
def symbol_table_of(op: Operation) -> Operation | None:
    """The nearest ancestor of `op` that is a symbol table (a module)."""
    parent = op.parent_op
    while parent is not None and not parent.has_trait(SymbolTable):
        parent = parent.parent_op
    return parent


class FunctionDeclarations:
    """The `llvm.func` declarations runtime calls need (`malloc`, `free`, `memrefCopy`),
    found or created at the start of the enclosing module (MLIR's `lookupOrCreateFn`). The
    module's symbols are indexed once per conversion; creations go through the rewriter, so
    a rolled-back pattern takes its declaration with it."""

    def __init__(self) -> None:
        self._symbols: dict[Operation, dict[str, Operation]] = {}

    def get(
        self, rewriter, anchor: Operation, name: str, params: Sequence[Type], result: Type = VOID
    ) -> LLVMFuncOp | None:
        """The declaration of `name`, created if missing; None when the module already
        holds another kind of symbol of that name."""
        module = symbol_table_of(anchor)
        if module is None:
            return None
        symbols = self._symbols.get(module)
        if symbols is None:
            symbols = self._symbols[module] = {
                symbol_name(o): o for o in module.regions[0].blocks[0].ops if symbol_name(o)
            }
        found = symbols.get(name)
        if found is not None and found.parent is not None:
            return found if isinstance(found, LLVMFuncOp) else None
        decl = LLVMFuncOp(
            sym_name=StringAttr(name),
            function_type=TypeAttr(LLVMFunctionType(result, tuple(params))),
            loc=module.location,
        )
        saved = rewriter.location
        rewriter.location = None  # the module's location, even when unknown
        try:
            with rewriter.at(InsertionPoint.at_start(module.regions[0].blocks[0])):
                rewriter.insert(decl)
        finally:
            rewriter.location = saved
        symbols[name] = decl
        return decl


def copy_unranked_descriptors(
    rewriter, converter, declarations: FunctionDeclarations, anchor: Operation,
    types: Sequence[Type], values: list[Value], to_heap: bool,
) -> bool:  # fmt: skip
    """Give each unranked memref among `values` (of original `types`) a fresh copy of the
    ranked descriptor it points to (MLIR's `copyUnrankedDescriptors`): on the heap, for a
    descriptor returned from a function (`to_heap`), or on the stack, freeing the callee's
    heap copy, for one a call returned. `values` is updated in place; False when a
    declaration cannot be made."""
    positions = [i for i, t in enumerate(types) if isinstance(t, UnrankedMemRefType)]
    if not positions:
        return True
    descriptors = [UnrankedMemRefDescriptor(values[i]) for i in positions]
    index_type = converter.index_type
    sizes = UnrankedMemRefDescriptor.allocation_sizes(rewriter, index_type, descriptors)
    if to_heap:
        runtime = declarations.get(rewriter, anchor, "malloc", [index_type], PTR)
    else:
        runtime = declarations.get(rewriter, anchor, "free", [PTR])
    if runtime is None:
        return False
    for i, desc, size in zip(positions, descriptors, sizes):
        if to_heap:
            (memory,) = build.call(rewriter, "malloc", [size], PTR)
        else:
            memory = build.alloca(rewriter, i8, size)
        source = desc.memref_desc_ptr(rewriter)
        build.memcpy(rewriter, memory, source, size)
        if not to_heap:
            build.call(rewriter, "free", [source])
        copy = UnrankedMemRefDescriptor.undef(rewriter, converter.convert_type(types[i]))
        copy.set_rank(rewriter, desc.rank(rewriter))
        copy.set_memref_desc_ptr(rewriter, memory)
        values[i] = copy.value
    return True


# --- memref address arithmetic ------------------------------------------------------------------
def has_identity_layout(converter, t: MemRefType) -> bool:
    """An identity-layout memref whose descriptor converts (MLIR's
    `isConvertibleAndHasIdentityMaps`, which also asks that of the address space)."""
    return t.layout is None and converter.convert_type(t) is not None


def strided_element_ptr(
    rewriter, converter, t: MemRefType, descriptor: Value, indices: Sequence[Value]
) -> Value:
    """The address of element `indices` of a strided memref: the buffer pointer advanced by
    `sum(index_i * stride_i)` elements, static strides as constants and unit strides left
    out (MLIR's `getStridedElementPtr`)."""
    strides, _ = strides_and_offset(t)
    desc = MemRefDescriptor(descriptor)
    base = desc.buffer_ptr(rewriter, converter, t)
    offset = None
    for i, increment in enumerate(indices):
        if strides[i] != 1:
            if strides[i] == DYNAMIC:
                stride = desc.stride(rewriter, i)
            else:
                stride = build.index_constant(rewriter, converter.index_type, strides[i])
            increment = build.mul(rewriter, increment, stride)
        offset = increment if offset is None else build.add(rewriter, offset, increment)
    if offset is None:
        return base
    element = converter.convert_type(t.element_type)
    return build.gep(rewriter, base, element, [offset])


def memref_descriptor_sizes(
    rewriter, converter, t: MemRefType, dynamic_sizes: Sequence[Value], in_bytes: bool
) -> tuple[list[Value], list[Value], Value]:
    """The sizes and identity-layout strides of a memref of `t`, and its size in elements,
    or in bytes with `in_bytes` (MLIR's `getMemRefDescriptorSizes`): a running stride
    multiplied by each size from the innermost out, constant while the sizes are."""
    index_type = converter.index_type
    dynamic = iter(dynamic_sizes)
    sizes = [
        next(dynamic) if s == DYNAMIC else build.index_constant(rewriter, index_type, s)
        for s in t.shape
    ]
    strides: list[Value] = [None] * len(sizes)
    static_stride = 1
    running = build.index_constant(rewriter, index_type, 1)
    for i in reversed(range(len(sizes))):
        strides[i] = running
        use_size = static_stride == 1
        if t.shape[i] == DYNAMIC:
            static_stride = DYNAMIC
        if static_stride != DYNAMIC:
            static_stride *= t.shape[i]
        if use_size:
            running = sizes[i]
        elif static_stride == DYNAMIC:
            running = build.mul(rewriter, running, sizes[i])
        else:
            running = build.index_constant(rewriter, index_type, static_stride)
    if not in_bytes:
        return sizes, strides, running
    element = converter.convert_type(t.element_type)
    end = build.gep(rewriter, build.null_pointer(rewriter), element, [running])
    return sizes, strides, build.ptr_to_int(rewriter, end, index_type)


def create_memref_descriptor(
    rewriter, converter, t: MemRefType, allocated: Value, aligned: Value, sizes, strides
) -> Value:
    """A descriptor of offset 0 with these pointers, sizes and strides (MLIR's
    `createMemRefDescriptor`)."""
    desc = MemRefDescriptor.undef(rewriter, converter.convert_type(t))
    desc.set_allocated_ptr(rewriter, allocated)
    desc.set_aligned_ptr(rewriter, aligned)
    desc.set_constant_offset(rewriter, 0)
    for i, size in enumerate(sizes):
        desc.set_size(rewriter, i, size)
    for i, stride in enumerate(strides):
        desc.set_stride(rewriter, i, stride)
    return desc.value
