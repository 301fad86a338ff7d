"""MLIR attributes to LLVM constants (MLIR's `LLVM::detail::getLLVMConstant`).

`llvm.mlir.constant`, `llvm.mlir.global` values and the immediate arguments of intrinsics
go through `llvm_constant`: integers (sign- or zero-extended to the LLVM width as MLIR
does), floats (or their bits, into an integer of the same width), dense elements (built
from their raw data, nested as the LLVM array/vector type nests), strings (i8 arrays),
two-element arrays for complex numbers (structs), arrays of element attributes,
`dense_resource` blobs, and symbol references (the global's or function's address).
"""

from __future__ import annotations

import math

import numpy as np

from mlc.codegen.llvm_types import FLOAT_BITS, is_fp
from mlc.codegen.llvm_values import (
    DATA_ELEMENT_BYTES,
    ConstInt,
    Poison,
    Undef,
    aggregate,
    const_fp,
    const_int,
    data_constant,
    null_value,
)
from mlc.dialects.llvm.attributes import PoisonAttr, UndefAttr, ZeroAttr
from mlc.dialects.llvm.types import LLVMArrayType, LLVMStructType
from mlc.ir.attributes import (
    ArrayAttr,
    DenseResourceElementsAttr,
    FloatAttr,
    IntegerAttr,
    StringAttr,
    SymbolRefAttr,
)
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.float_format import float_to_bits
from mlc.ir.types import FloatType, IndexType, IntegerType, VectorType


class ConstantError(ValueError):
    """The attribute cannot become a constant of the LLVM type (message as MLIR's)."""


def llvm_constant(t, attr, symbol, resources=None):
    """The LLVM constant of type `t` for `attr`. `symbol(name)` gives the constant address
    of a global or function; `resources` maps dense_resource handles to blob text."""
    if attr is None or isinstance(attr, UndefAttr):
        return Undef(t)
    if isinstance(attr, PoisonAttr):
        return Poison(t)
    if isinstance(attr, ZeroAttr):
        return null_value(t)
    if isinstance(t, LLVMStructType):
        if not isinstance(attr, ArrayAttr) or len(attr) != len(t.body or ()):
            raise ConstantError("expected an array attribute for a struct constant")
        return aggregate(t, [llvm_constant(e, a, symbol, resources) for e, a in zip(t.body, attr)])
    if isinstance(attr, IntegerAttr):
        if not isinstance(t, IntegerType):
            raise ConstantError("unsupported constant value")
        return const_int(t, _extended(attr))
    if isinstance(attr, FloatAttr):
        return _float_constant(t, attr)
    if isinstance(attr, SymbolRefAttr) and not attr.nested:
        return symbol(attr.root)
    if isinstance(attr, DenseElementsAttr):
        return _dense_constant(t, attr)
    if isinstance(attr, DenseResourceElementsAttr):
        return _resource_constant(t, attr, resources or {})
    if isinstance(attr, StringAttr):
        data = attr.value.encode("utf-8", "surrogateescape")
        return data_constant(LLVMArrayType(IntegerType(8), len(data)), data)
    if isinstance(attr, ArrayAttr) and isinstance(t, LLVMArrayType):
        if len(attr) != t.num_elements:
            raise ConstantError("unsupported constant value")
        element = t.element_type
        return aggregate(t, [llvm_constant(element, a, symbol, resources) for a in attr])
    raise ConstantError("unsupported constant value")


def _extended(attr: IntegerAttr) -> int:
    """The attribute's value extended to an unbounded integer: zero-extended for unsigned
    and `i1`, sign-extended otherwise (MLIR's choice; `index` counts as 64 bits)."""
    at = attr.type
    width = 64 if isinstance(at, IndexType) else at.width
    value = attr.value & ((1 << width) - 1)
    if (isinstance(at, IntegerType) and at.signedness == 2) or width == 1:
        return value
    return value - (1 << width) if value >> (width - 1) else value


def _float_constant(t, attr: FloatAttr):
    ft = attr.type
    width = FLOAT_BITS.get(ft.name)
    if isinstance(t, IntegerType) and t.width == width:  # f8 and friends live in integers
        return ConstInt(t, float_to_bits(attr.value, ft))
    if t != ft or not is_fp(t):
        raise ConstantError("FloatAttr does not match expected type of the constant")
    return const_fp(t, attr.value)


def _nesting(t) -> tuple[list, object]:
    """The dimensions of nested LLVM arrays/vectors and their innermost element type."""
    dims = []
    while isinstance(t, (LLVMArrayType, VectorType)):
        dims.append(t.num_elements if isinstance(t, LLVMArrayType) else t.shape[0])
        t = t.element_type
    return dims, t


def _dense_constant(t, attr: DenseElementsAttr):
    raw = _dense_data(t, attr)
    if raw is None:
        element, source = _nesting(t)[1], attr.type.element_type
        lanes = [_element_constant(element, v, source) for v in np.ravel(attr.array).tolist()]
        if attr.is_splat:
            lanes = lanes[:1] * math.prod(attr.type.shape)
        return _nest(t, lanes)
    return _nest_raw(t, raw, DATA_ELEMENT_BYTES[_nesting(t)[1]])


def _dense_data(t, attr: DenseElementsAttr) -> bytes | None:
    """The attribute's elements as LLVM's data for `t` when its storage already is (the
    same bit width and kind), else None; ConstantError when no constant of `t` can hold
    it."""
    dims, element = _nesting(t)
    shape = tuple(attr.type.shape)
    count = math.prod(shape)
    if not isinstance(attr.type.element_type, (IntegerType, IndexType, FloatType)):
        raise ConstantError("unsupported constant value")
    if math.prod(dims) != count or (not attr.is_splat and tuple(dims) != shape):
        raise ConstantError("expected sequential LLVM types wrapping a scalar")
    source = attr.type.element_type
    width = DATA_ELEMENT_BYTES.get(element)
    same_bits = width is not None and _bit_width(source) == width * 8
    if same_bits and isinstance(element, IntegerType) == isinstance(source, IntegerType):
        return attr.raw * (count if attr.is_splat else 1)  # canonical storage is LLVM's data
    return None


def constant_data(t, attr, resources=None) -> bytes | None:
    """The bytes of the constant `llvm_constant(t, attr)` builds when it is stored element
    data (a non-splat dense attribute already in LLVM's element bits, a `dense_resource`
    blob), for a global bound to memory instead of initialized in the IR text; else None."""
    try:
        if isinstance(attr, DenseElementsAttr) and not attr.is_splat:
            return _dense_data(t, attr)
        if isinstance(attr, DenseResourceElementsAttr):
            return _resource_data(t, attr, resources or {})
    except ConstantError:
        return None  # llvm_constant reports it
    return None


def _bit_width(t) -> int:
    if isinstance(t, IndexType):
        return 64
    if isinstance(t, FloatType):
        return FLOAT_BITS.get(t.name, 0)
    return t.width


def _element_constant(element, value, source):
    """One element of a dense attribute as a constant of the LLVM element type."""
    if isinstance(source, FloatType):
        return _float_constant(element, FloatAttr(float(value), source))
    if not isinstance(element, IntegerType):
        raise ConstantError("unsupported constant value")
    return const_int(element, _extended(IntegerAttr(int(value), source)))


def _nest(t, lanes: list):
    """Elements in row-major order, grouped into `t`'s nested arrays and vectors."""
    if not isinstance(t, (LLVMArrayType, VectorType)):
        return lanes[0]
    count = t.num_elements if isinstance(t, LLVMArrayType) else t.shape[0]
    step = len(lanes) // count
    return aggregate(t, [_nest(t.element_type, lanes[i * step : (i + 1) * step])
                         for i in range(count)])  # fmt: skip


def _nest_raw(t, raw: bytes, width: int):
    inner = t.element_type
    if not isinstance(inner, (LLVMArrayType, VectorType)):
        return data_constant(t, raw)
    count = t.num_elements if isinstance(t, LLVMArrayType) else t.shape[0]
    step = len(raw) // count
    return aggregate(t, [_nest_raw(inner, raw[i * step : (i + 1) * step], width)
                         for i in range(count)])  # fmt: skip


def _resource_constant(t, attr: DenseResourceElementsAttr, resources: dict):
    return _nest_raw(t, _resource_data(t, attr, resources), DATA_ELEMENT_BYTES[_nesting(t)[1]])


def _resource_data(t, attr: DenseResourceElementsAttr, resources: dict) -> bytes:
    """A `dense_resource` blob's data (hex text whose first 4 bytes are the alignment),
    checked against `t`."""
    text = None
    for blobs in resources.values():
        text = blobs.get(attr.handle, text)
    if text is None:
        raise ConstantError("resource does not exist")
    data = bytes.fromhex(text.strip().strip('"')[2:])[4:]
    dims, element = _nesting(t)
    width = DATA_ELEMENT_BYTES.get(element)
    if width is None:
        raise ConstantError("no known conversion for innermost element type")
    if len(data) != math.prod(dims) * width:
        raise ConstantError("raw data size does not match element type size")
    return data
