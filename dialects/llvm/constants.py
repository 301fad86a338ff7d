"""Constants of the llvm dialect: `llvm.mlir.constant`, `llvm.mlir.undef`,
`llvm.mlir.poison`, `llvm.mlir.zero`; each folds to the attribute it stands for."""

from __future__ import annotations

from mlc.dialects.llvm.attributes import POISON, UNDEF, ZERO
from mlc.dialects.llvm.constraints import LLVM_TYPE
from mlc.dialects.llvm.symbol_ops import AddressOfOp
from mlc.dialects.llvm.types import (
    LLVMArrayType,
    LLVMPointerType,
    LLVMStructType,
    is_compatible_type,
)
from mlc.ir.attributes import ArrayAttr, FloatAttr, IntegerAttr, StringAttr, SymbolRefAttr
from mlc.ir.constraints import ANY_ATTR
from mlc.ir.opdef import prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import ConstantLike, Pure
from mlc.ir.types import FloatType, IntegerType, VectorType


class ConstantOp(Operation):
    """`%c = llvm.mlir.constant(42 : i64) : i64`; folds to its value."""

    name = "llvm.mlir.constant"
    value = prop(ANY_ATTR)
    res = result(LLVM_TYPE)
    traits = (Pure(), ConstantLike())
    assembly_format = "`(` $value `)` attr-dict `:` type($res)"

    def fold(self, operand_constants):
        return [self.properties["value"]]

    def verify_(self) -> None:
        """MLIR 19's checks, in its order."""
        value, t = self.properties["value"], self.results[0].type
        if isinstance(value, StringAttr):
            size = len(value.value.encode("utf-8", "surrogateescape"))
            if not (
                isinstance(t, LLVMArrayType)
                and t.num_elements == size
                and t.element_type == IntegerType(8)
            ):
                raise self.emit_error(
                    f"expected array type of {size} i8 elements for the string constant"
                )
            return
        if isinstance(t, LLVMStructType):
            self._verify_complex(value, t)
            return
        from mlc.ir.dense import DenseElementsAttr  # imported here: it loads numpy

        if not isinstance(value, (IntegerAttr, ArrayAttr, FloatAttr, DenseElementsAttr)):
            raise self.emit_error("only supports integer, float, string or elements attributes")
        if isinstance(value, IntegerAttr) and not isinstance(t, IntegerType):
            raise self.emit_error("expected integer type")
        if isinstance(value, FloatAttr):
            width = value.type.width
            if isinstance(t, FloatType) and t.width != width:
                raise self.emit_error(f"expected float type of width {width}")
            if isinstance(t, IntegerType) and t.width != width:
                raise self.emit_error(f"expected integer type of width {width}")
        if (
            isinstance(value, DenseElementsAttr)
            and value.is_splat
            and not isinstance(t, (VectorType, LLVMArrayType))
        ):
            raise self.emit_error("expected vector or array type")

    def _verify_complex(self, value, t: LLVMStructType) -> None:
        """A struct constant is a complex number: `[re, im]` of one element type."""
        body = t.body or ()
        if len(body) != 2 or body[0] != body[1]:
            raise self.emit_error(
                "expected struct type with two elements of the same type, the type of a "
                "complex constant",
                op_prefix=False,
            )
        if not isinstance(value, ArrayAttr) or len(value) != 2:
            raise self.emit_error(
                "expected array attribute with two elements, representing a complex constant"
            )
        re, im = value
        if getattr(re, "type", None) is None or getattr(re, "type", None) != getattr(
            im, "type", None
        ):
            raise self.emit_error("expected array attribute with two elements of the same type")
        if not isinstance(body[0], IntegerType) and body[0] not in _COMPLEX_FLOATS:
            raise self.emit_error(
                "expected struct element types to be floating point type or integer type",
                op_prefix=False,
            )


_COMPLEX_FLOATS = (FloatType("f16"), FloatType("f32"), FloatType("f64"))


class UndefOp(Operation):
    """`%u = llvm.mlir.undef : T`; folds to `#llvm.undef`."""

    name = "llvm.mlir.undef"
    res = result(LLVM_TYPE)
    traits = (Pure(), ConstantLike())
    assembly_format = "attr-dict `:` type($res)"

    def fold(self, operand_constants):
        return [UNDEF]


class PoisonOp(UndefOp):
    """`%p = llvm.mlir.poison : T`; folds to `#llvm.poison`."""

    name = "llvm.mlir.poison"

    def fold(self, operand_constants):
        return [POISON]


class ZeroOp(UndefOp):
    """`%z = llvm.mlir.zero : T` (null pointer, zero-initialized aggregate); folds to the
    builtin zero of integer, float and vector types, else to `#llvm.zero`."""

    name = "llvm.mlir.zero"

    def fold(self, operand_constants):
        return [zero_attribute(self.results[0].type)]


def zero_attribute(t):
    """The builtin zero of `t` (MLIR's `Builder::getZeroAttr`), else `#llvm.zero`."""
    if isinstance(t, IntegerType):
        return IntegerAttr(0, t)
    if isinstance(t, FloatType):
        return FloatAttr(0.0, t)
    if isinstance(t, VectorType) and isinstance(t.element_type, (IntegerType, FloatType)):
        from mlc.ir.dense import DenseElementsAttr  # imported here: it loads numpy

        return DenseElementsAttr.from_array(0.0 if isinstance(t.element_type, FloatType) else 0, t)
    return ZERO


def materialize_constant(value, type_, location):
    """The op that stands for `value : type_` (MLIR's `LLVMDialect::materializeConstant`): an
    address for a symbol, undef/poison/zero for their markers, else `llvm.mlir.constant`
    when the value carries exactly that LLVM-compatible type."""
    if isinstance(value, SymbolRefAttr):
        if isinstance(type_, LLVMPointerType):
            return AddressOfOp(global_name=value, res=type_, loc=location)
        return None
    for marker, op_class in ((UNDEF, UndefOp), (POISON, PoisonOp), (ZERO, ZeroOp)):
        if value == marker:
            return op_class(res=type_, loc=location)
    if getattr(value, "type", None) != type_ or not is_compatible_type(type_):
        return None
    from mlc.ir.dense import DenseElementsAttr  # loads numpy: only when folding vectors

    if not isinstance(value, (IntegerAttr, FloatAttr, DenseElementsAttr)):
        return None
    return ConstantOp(value=value, res=type_, loc=location)
