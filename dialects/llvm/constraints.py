"""Type and attribute constraints of llvm ops, with the descriptions MLIR prints when they fail
(mlir/include/mlir/Dialect/LLVMIR/LLVMOpBase.td: `LLVM_Type`, `LLVM_ScalarOrVectorOf`, ...)."""

from __future__ import annotations

from mlc.dialects.llvm.types import (
    LLVMArrayType,
    LLVMFunctionType,
    LLVMPointerType,
    LLVMStructType,
    LLVMVoidType,
    is_compatible_type,
    is_float,
    is_signless_integer,
)
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr, SymbolRefAttr, TypeAttr
from mlc.ir.constraints import Constraint, isa
from mlc.ir.types import FloatType, IntegerType, VectorType, i32, i64


def _vector_of(pred):
    """An LLVM-compatible vector (one dimension) of elements satisfying `pred`."""
    return lambda t: isinstance(t, VectorType) and len(t.shape) == 1 and pred(t.element_type)


def _scalar_or_vector_of(pred):
    vector_of = _vector_of(pred)
    return lambda t: pred(t) or vector_of(t)


def _is_i1(t) -> bool:
    return is_signless_integer(t) and t.width == 1


def _is_ptr(t) -> bool:
    return isinstance(t, LLVMPointerType)


_VEC = "LLVM dialect-compatible vector of "

LLVM_TYPE = Constraint(is_compatible_type, "LLVM dialect-compatible type")
INT = Constraint(is_signless_integer, "signless integer")
I1 = Constraint(_is_i1, "1-bit signless integer")
I8 = Constraint(lambda t: is_signless_integer(t) and t.width == 8, "8-bit signless integer")
INT_LIKE = Constraint(
    _scalar_or_vector_of(is_signless_integer), f"signless integer or {_VEC}signless integer"
)
FLOAT_LIKE = Constraint(
    _scalar_or_vector_of(is_float),
    f"floating point LLVM type or {_VEC}floating point LLVM type",
)
BOOL_LIKE = Constraint(
    _scalar_or_vector_of(_is_i1), f"1-bit signless integer or {_VEC}1-bit signless integer"
)
PTR = Constraint(_is_ptr, "LLVM pointer type")
PTR_LIKE = Constraint(
    _scalar_or_vector_of(_is_ptr), f"LLVM pointer type or {_VEC}LLVM pointer type"
)
VECTOR = Constraint(
    lambda t: isinstance(t, VectorType) and is_compatible_type(t),
    "LLVM dialect-compatible vector type",
)
INT_VECTOR = Constraint(_vector_of(is_signless_integer), f"{_VEC}signless integer")
FLOAT_VECTOR = Constraint(_vector_of(lambda t: isinstance(t, FloatType)), f"{_VEC}floating-point")
BOOL_VECTOR = Constraint(_vector_of(_is_i1), f"{_VEC}1-bit signless integer")
AGGREGATE = Constraint(
    lambda t: isinstance(t, (LLVMStructType, LLVMArrayType)), "LLVM aggregate type"
)
PRIMITIVE = Constraint(
    lambda t: is_compatible_type(t) and not isinstance(t, (LLVMVoidType, LLVMFunctionType)),
    "primitive LLVM type",
)
NON_AGGREGATE = Constraint(
    lambda t: is_compatible_type(t) and not isinstance(t, (LLVMStructType, LLVMArrayType)),
    "LLVM-compatible non-aggregate type",
)


def is_sized(t) -> bool:
    """The type has a size in memory (MLIR's `LLVM_LoadableType`): no void, function or
    opaque struct, and no unsized nested type."""
    if isinstance(t, (LLVMVoidType, LLVMFunctionType)):
        return False
    if isinstance(t, LLVMStructType):
        return t.body is not None and all(map(is_sized, t.body))
    if isinstance(t, LLVMArrayType):
        return is_sized(t.element_type)
    return is_compatible_type(t)


SIZED = Constraint(is_sized, "LLVM type with size")


def i1_like(t):
    """`i1`, or a vector of `i1` shaped like `t` (comparison results)."""
    bool_type = IntegerType(1)
    if isinstance(t, VectorType):
        return VectorType(t.shape, bool_type, t.scalable)
    return bool_type


# --- attribute constraints -------------------------------------------------------------------
def _integer_attr(width: int, description: str) -> Constraint:
    t = IntegerType(width)
    return Constraint(lambda a: isinstance(a, IntegerAttr) and a.type == t, description)


def _dense_array(element_type, description: str) -> Constraint:
    return Constraint(
        lambda a: isinstance(a, DenseArrayAttr) and a.element_type == element_type, description
    )


I1_ATTR = _integer_attr(1, "1-bit signless integer attribute")
BOOL_ATTR = _integer_attr(1, "bool attribute")
I32_ATTR = _integer_attr(32, "32-bit signless integer attribute")
I64_ATTR = _integer_attr(64, "64-bit signless integer attribute")
I32_ARRAY = _dense_array(i32, "i32 dense array attribute")
I64_ARRAY = _dense_array(i64, "i64 dense array attribute")
TYPE_ATTR = isa(TypeAttr, description="any type attribute")
FLAT_SYMBOL_REF = Constraint(
    lambda a: isinstance(a, SymbolRefAttr) and not a.nested, "flat symbol reference attribute"
)
