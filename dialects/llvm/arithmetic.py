"""Arithmetic, comparisons, select and casts of the llvm dialect
(mlir/include/mlir/Dialect/LLVMIR/LLVMOps.td, MLIR 19).

Families share a base class that declares operands, syntax and traits; each op is then one
line naming it. MLIR prints the attribute dictionary of the float ops and of the integer
ops without overflow flags through `custom<LLVMOpAttrs>`, which puts an extra space before
it (`llvm.sdiv %a, %b  : i32`); no declarative format here reproduces that, so that family
parses and prints by hand (`SameTypeOp`), the others use `assembly_format`.
"""

from __future__ import annotations

from mlc.dialects.llvm.attributes import (
    FCMP_PREDICATES,
    ICMP_PREDICATES,
    NO_FASTMATH,
    NO_OVERFLOW,
    FastmathFlagsAttr,
    IntegerOverflowFlagsAttr,
)
from mlc.dialects.llvm.constraints import (
    BOOL_LIKE,
    FLOAT_LIKE,
    INT_LIKE,
    LLVM_TYPE,
    NON_AGGREGATE,
    PTR_LIKE,
    i1_like,
)
from mlc.dialects.llvm.syntax import print_op_attrs, split_attributes
from mlc.dialects.llvm.types import LLVMPointerType, is_compatible_type
from mlc.ir.constraints import isa
from mlc.ir.opdef import operand, prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    Commutative,
    NoMemoryEffect,
    Pure,
    SameOperandsAndResultType,
    SameTypeOperands,
)
from mlc.ir.types import VectorType

_ELEMENTWISE = (Pure(), SameOperandsAndResultType())


# --- the `%a, %b  {attrs} : T` family ----------------------------------------------------------
class SameTypeOp(Operation):
    """`%r = llvm.<op> %a, %b {attrs} : T`, every operand and the result of type `T`; the
    attribute dictionary prints after an extra space, as MLIR's `custom<LLVMOpAttrs>`."""

    traits = _ELEMENTWISE

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs = [p.parse_operand()]
        while p.consume_if(","):
            refs.append(p.parse_operand())
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict())
        t = p.parse_colon_type()
        operands = p.resolve_operands(refs, [t] * len(refs), pos)
        return cls.create(operands, [t], cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operands(self.operands)
        p.write(" ")
        print_op_attrs(p, self)
        p.write(" : ")
        p.print_type(self.results[0].type)


class IntBinaryOp(SameTypeOp):
    lhs = operand(INT_LIKE)
    rhs = operand(INT_LIKE)
    res = result(INT_LIKE)


class IntOverflowBinaryOp(Operation):
    """Integer arithmetic with `nsw`/`nuw` flags: `llvm.add %a, %b overflow<nsw> : i32`."""

    lhs = operand(INT_LIKE)
    rhs = operand(INT_LIKE)
    res = result(INT_LIKE)
    overflowFlags = prop(isa(IntegerOverflowFlagsAttr), default=NO_OVERFLOW)
    traits = _ELEMENTWISE
    assembly_format = "$lhs `,` $rhs (`overflow` `` $overflowFlags^)? attr-dict `:` type($res)"


class FloatBinaryOp(SameTypeOp):
    lhs = operand(FLOAT_LIKE)
    rhs = operand(FLOAT_LIKE)
    res = result(FLOAT_LIKE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)


_COMMUTATIVE = _ELEMENTWISE + (Commutative(),)
_TRAPPING = (NoMemoryEffect(), SameOperandsAndResultType())  # division by zero is UB


class AddOp(IntOverflowBinaryOp):
    name = "llvm.add"
    traits = _COMMUTATIVE


class SubOp(IntOverflowBinaryOp):
    name = "llvm.sub"


class MulOp(IntOverflowBinaryOp):
    name = "llvm.mul"
    traits = _COMMUTATIVE


class ShlOp(IntOverflowBinaryOp):
    name = "llvm.shl"


class UDivOp(IntBinaryOp):
    """MLIR 19 marks the divisions `Pure`; here they are `NoMemoryEffect` (not speculatable)
    as `arith`'s are, since dividing by zero is undefined behaviour in LLVM IR."""

    name = "llvm.udiv"
    traits = _TRAPPING


class SDivOp(IntBinaryOp):
    name = "llvm.sdiv"
    traits = _TRAPPING


class URemOp(IntBinaryOp):
    name = "llvm.urem"
    traits = _TRAPPING


class SRemOp(IntBinaryOp):
    name = "llvm.srem"
    traits = _TRAPPING


class AndOp(IntBinaryOp):
    name = "llvm.and"


class OrOp(IntBinaryOp):
    name = "llvm.or"


class XOrOp(IntBinaryOp):
    name = "llvm.xor"


class LShrOp(IntBinaryOp):
    name = "llvm.lshr"


class AShrOp(IntBinaryOp):
    name = "llvm.ashr"


class FAddOp(FloatBinaryOp):
    name = "llvm.fadd"


class FSubOp(FloatBinaryOp):
    name = "llvm.fsub"


class FMulOp(FloatBinaryOp):
    name = "llvm.fmul"


class FDivOp(FloatBinaryOp):
    name = "llvm.fdiv"


class FRemOp(FloatBinaryOp):
    name = "llvm.frem"


class FNegOp(SameTypeOp):
    name = "llvm.fneg"
    operand_ = operand(FLOAT_LIKE)  # MLIR's `$operand`; `operand` is `Operation.operand(i)`
    res = result(FLOAT_LIKE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)


# --- comparisons and select ------------------------------------------------------------------
class CmpOp(Operation):
    """`llvm.icmp "slt" %a, %b : i32`: the predicate is a string in custom syntax and an
    `i64` in generic syntax; the result is `i1` (or a vector of it) shaped like the operands."""

    res = result(BOOL_LIKE)
    traits = (Pure(), SameTypeOperands())

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [i1_like(operands[0].type)]

    @classmethod
    def parse(cls, p):
        pos = p.pos
        word = p.parse_string("attribute value")
        predicates = cls.predicate.constraint
        keywords = predicates.keywords
        if word not in keywords:
            raise p.error(f"'{word}' is an incorrect value of the 'predicate' attribute", pos)
        lhs = p.parse_operand()
        p.expect(",")
        rhs = p.parse_operand()
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict())
        props["predicate"] = predicates.make(keywords.index(word))
        p.expect(":")
        type_pos = p.pos
        t = p.parse_type()
        operands = [p.resolve(lhs, t), p.resolve(rhs, t)]
        if not is_compatible_type(t):
            raise p.error("expected LLVM dialect-compatible type", type_pos)
        return cls.create(operands, [i1_like(t)], cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        predicate = type(self).predicate.constraint.keywords[self.properties["predicate"].value]
        p.write(f' "{predicate}" ')
        p.print_operands(self.operands)
        print_op_attrs(p, self, ("predicate",))
        p.write(" : ")
        p.print_type(self.operand(0).type)

    def verify_(self) -> None:
        if self.results[0].type != i1_like(self.operand(0).type):
            raise self.emit_error(
                "failed to verify that result type has i1 element type and same shape as operands"
            )


_INT_OR_PTR_LIKE = INT_LIKE | PTR_LIKE


class ICmpOp(CmpOp):
    name = "llvm.icmp"
    predicate = prop(ICMP_PREDICATES)
    lhs = operand(_INT_OR_PTR_LIKE)
    rhs = operand(_INT_OR_PTR_LIKE)


class FCmpOp(CmpOp):
    name = "llvm.fcmp"
    predicate = prop(FCMP_PREDICATES)
    lhs = operand(FLOAT_LIKE)
    rhs = operand(FLOAT_LIKE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)


class SelectOp(Operation):
    """`llvm.select %c, %a, %b : i1, i32`."""

    name = "llvm.select"
    condition = operand(BOOL_LIKE)
    trueValue = operand(LLVM_TYPE)
    falseValue = operand(LLVM_TYPE)
    res = result(LLVM_TYPE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)
    traits = (Pure(),)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs = [p.parse_operand()]
        for _ in range(2):
            p.expect(",")
            refs.append(p.parse_operand())
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict())
        cond_type = p.parse_colon_type()
        p.expect(",")
        t = p.parse_type()
        operands = p.resolve_operands(refs, [cond_type, t, t], pos)
        return cls.create(operands, [t], cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operands(self.operands)
        print_op_attrs(p, self)
        p.write(" : ")
        p.print_type_list([self.operand(0).type, self.results[0].type])

    def verify_(self) -> None:
        if not (self.operand(1).type == self.operand(2).type == self.results[0].type):
            raise self.emit_error(
                "failed to verify that all of {trueValue, falseValue, res} have same type"
            )


# --- casts -----------------------------------------------------------------------------------
class CastOp(Operation):
    """`%r = llvm.zext %a : i32 to i64`."""

    arg = operand(LLVM_TYPE)
    res = result(LLVM_TYPE)
    traits = (Pure(),)
    assembly_format = "$arg attr-dict `:` type($arg) `to` type($res)"


def _cast(source, target):
    """A cast base with these operand and result constraints."""

    class Cast(CastOp):
        arg = operand(source)
        res = result(target)

    Cast.__name__ = f"CastOp[{source.description} -> {target.description}]"
    return Cast


_INT_TO_INT = _cast(INT_LIKE, INT_LIKE)
_FLOAT_TO_FLOAT = _cast(FLOAT_LIKE, FLOAT_LIKE)


class ExtOp(_INT_TO_INT):
    """zext/sext: a wider integer of the same shape (MLIR's `verifyExtOp`; its messages carry
    no op name)."""

    def verify_(self) -> None:
        src, dst = self.operand(0).type, self.results[0].type
        if isinstance(src, VectorType) != isinstance(dst, VectorType):
            raise self.emit_error(
                "input type is a vector but output type is an integer"
                if isinstance(src, VectorType)
                else "input type is an integer but output type is a vector",
                op_prefix=False,
            )
        if isinstance(src, VectorType):
            if src.shape != dst.shape:
                raise self.emit_error(
                    "input and output vectors are of incompatible shape", op_prefix=False
                )
            src, dst = src.element_type, dst.element_type
        if dst.width <= src.width:
            raise self.emit_error(
                "integer width of the output type is smaller or equal to the integer width of "
                "the input type",
                op_prefix=False,
            )


class TruncOp(_INT_TO_INT):
    name = "llvm.trunc"


class ZExtOp(ExtOp):
    name = "llvm.zext"


class SExtOp(ExtOp):
    name = "llvm.sext"


class FPTruncOp(_FLOAT_TO_FLOAT):
    name = "llvm.fptrunc"


class FPExtOp(_FLOAT_TO_FLOAT):
    name = "llvm.fpext"


class FPToSIOp(_cast(FLOAT_LIKE, INT_LIKE)):
    name = "llvm.fptosi"


class FPToUIOp(_cast(FLOAT_LIKE, INT_LIKE)):
    name = "llvm.fptoui"


class SIToFPOp(_cast(INT_LIKE, FLOAT_LIKE)):
    name = "llvm.sitofp"


class UIToFPOp(_cast(INT_LIKE, FLOAT_LIKE)):
    name = "llvm.uitofp"


class PtrToIntOp(_cast(PTR_LIKE, INT_LIKE)):
    name = "llvm.ptrtoint"


class IntToPtrOp(_cast(INT_LIKE, PTR_LIKE)):
    name = "llvm.inttoptr"


class AddrSpaceCastOp(_cast(PTR_LIKE, PTR_LIKE)):
    name = "llvm.addrspacecast"


def _scalar(t):
    return t.element_type if isinstance(t, VectorType) else t


class BitcastOp(_cast(NON_AGGREGATE, NON_AGGREGATE)):
    """Pointers cast only to pointers of the same address space (MLIR's verifier; sizes
    are not checked, as there)."""

    name = "llvm.bitcast"

    def verify_(self) -> None:
        src_type, dst_type = self.operand(0).type, self.results[0].type
        src, dst = _scalar(src_type), _scalar(dst_type)
        if isinstance(src, LLVMPointerType) != isinstance(dst, LLVMPointerType):
            raise self.emit_error("can only cast pointers from and to pointers")
        if not isinstance(dst, LLVMPointerType):
            return
        if isinstance(dst_type, VectorType) and not isinstance(src_type, VectorType):
            raise self.emit_error("cannot cast pointer to vector of pointers")
        if isinstance(src_type, VectorType) and not isinstance(dst_type, VectorType):
            raise self.emit_error("cannot cast vector of pointers to pointer")
        if src.address_space != dst.address_space:
            raise self.emit_error(
                "cannot cast pointers of different address spaces, use 'llvm.addrspacecast' instead"
            )


class FreezeOp(Operation):
    """`%f = llvm.freeze %x : i32`: stops poison and undef from propagating."""

    name = "llvm.freeze"
    val = operand(LLVM_TYPE)
    res = result(LLVM_TYPE)
    traits = _ELEMENTWISE
    assembly_format = "$val attr-dict `:` type($val)"
