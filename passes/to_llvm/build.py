"""Small builders of llvm ops for the conversions: each creates one op at a builder's
insertion point (a `ConversionPatternRewriter` in patterns, so the change is tracked) and
returns its result, as MLIR's `rewriter.create<LLVM::...>(loc, ...)` one-liners do.

Constants of `index`-typed attributes (`llvm.mlir.constant(4 : index) : i64`) are what MLIR's
`createIndexAttrConstant` builds; the lowering of memrefs is made of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlc.dialects.llvm import (
    PTR,
    AddOp,
    AllocaOp,
    CallOp,
    ConstantOp,
    ExtractValueOp,
    GEPOp,
    InsertValueOp,
    LoadOp,
    MemcpyOp,
    MulOp,
    PtrToIntOp,
    StoreOp,
    UndefOp,
    ZeroOp,
)
from mlc.dialects.llvm.aggregates import aggregate_element_type
from mlc.dialects.llvm.memory import GEP_DYNAMIC_INDEX
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr, SymbolRefAttr, TypeAttr, bool_attr
from mlc.ir.builder import Builder
from mlc.ir.types import Type, i32, i64, index
from mlc.ir.values import Value


def constant(b: Builder, value, type_: Type) -> Value:
    """`llvm.mlir.constant(value) : type_`."""
    return b.insert(ConstantOp.create((), [type_], {"value": value})).results[0]


def index_constant(b: Builder, type_: Type, value: int) -> Value:
    """`llvm.mlir.constant(value : index) : type_` (MLIR's `createIndexAttrConstant`)."""
    return constant(b, IntegerAttr(value, index), type_)


def undef(b: Builder, type_: Type) -> Value:
    return b.insert(UndefOp.create((), [type_])).results[0]


def null_pointer(b: Builder) -> Value:
    return b.insert(ZeroOp.create((), [PTR])).results[0]


def extract_value(b: Builder, container: Value, *position: int) -> Value:
    """`llvm.extractvalue %container[position]`."""
    element = aggregate_element_type(container.type, position, ValueError)
    op = ExtractValueOp.create([container], [element], {"position": DenseArrayAttr(i64, position)})
    return b.insert(op).results[0]


def insert_value(b: Builder, container: Value, value: Value, *position: int) -> Value:
    """`llvm.insertvalue %value, %container[position]`."""
    op = InsertValueOp.create(
        [container, value], [container.type], {"position": DenseArrayAttr(i64, position)}
    )
    return b.insert(op).results[0]


def gep(b: Builder, base: Value, element_type: Type, indices: Sequence[int | Value]) -> Value:
    """`llvm.getelementptr %base[indices] : ..., element_type`: ints are constant indices,
    values dynamic ones; the result is a pointer of `base`'s address space."""
    raw = tuple(i if isinstance(i, int) else GEP_DYNAMIC_INDEX for i in indices)
    dynamic = [i for i in indices if not isinstance(i, int)]
    props = {"rawConstantIndices": DenseArrayAttr(i32, raw), "elem_type": TypeAttr(element_type)}
    return b.insert(GEPOp.create([base, *dynamic], [base.type], props)).results[0]


def load(b: Builder, type_: Type, address: Value, **properties) -> Value:
    """`llvm.load %address : !llvm.ptr -> type_`; `properties` as `alignment=...`."""
    return b.insert(LoadOp(address, res=type_, **properties)).results[0]


def store(b: Builder, value: Value, address: Value, **properties) -> None:
    b.insert(StoreOp(value, address, **properties))


def alloca(b: Builder, element_type: Type, count: Value, alignment: int = 0, ptr=PTR) -> Value:
    """`llvm.alloca %count x element_type`; an alignment of 0 is left out, as MLIR does."""
    props = {"elem_type": TypeAttr(element_type)}
    if alignment:
        props["alignment"] = IntegerAttr(alignment, i64)
    return b.insert(AllocaOp.create([count], [ptr], props)).results[0]


def memcpy(b: Builder, dst: Value, src: Value, size: Value) -> None:
    """`llvm.intr.memcpy` of `size` bytes, not volatile."""
    b.insert(MemcpyOp(dst, src, size, isVolatile=bool_attr(False)))


def add(b: Builder, lhs: Value, rhs: Value) -> Value:
    return b.insert(AddOp(lhs, rhs)).results[0]


def mul(b: Builder, lhs: Value, rhs: Value) -> Value:
    return b.insert(MulOp(lhs, rhs)).results[0]


def call(b: Builder, callee: str, args: Sequence[Value], result: Type | None = None) -> list:
    """`llvm.call @callee(args)`; its results (none, or one of type `result`)."""
    return b.insert(CallOp(list(args), callee=SymbolRefAttr(callee), result=result)).results


def ptr_to_int(b: Builder, ptr: Value, type_: Type) -> Value:
    return b.insert(PtrToIntOp(ptr, res=type_)).results[0]


def size_in_bytes(b: Builder, type_: Type, index_type: Type) -> Value:
    """The size of `type_` as `ptrtoint (getelementptr null[1])`, LLVM's portable sizeof
    (MLIR's `getSizeInBytes`)."""
    return ptr_to_int(b, gep(b, null_pointer(b), type_, [1]), index_type)
