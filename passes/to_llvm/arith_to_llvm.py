"""`convert-arith-to-llvm`: arith ops to llvm ops, as MLIR 19's pass of that name
(mlir/lib/Conversion/ArithToLLVM/ArithToLLVM.cpp).

Most ops map one to one, element-wise on vectors: `ELEMENTWISE` is the table, each entry an
arith op, its llvm op and how attributes carry over (arith's `fastmath` becomes
`fastmathFlags`, `overflowFlags` become llvm's, every other attribute passes as it is, as
MLIR's `AttrConvert*` classes do). n-D vectors, arrays of 1-D vectors once converted, are
unrolled. The rest have a pattern each: constants, `index_cast`, comparisons, the extended
arithmetic, and `truncf` with a rounding mode (a constrained intrinsic).

As in MLIR 19, `ceildivsi`, `ceildivui` and `floordivsi` are not lowered here (they need
`arith-expand` first), nor are ops on tensors. Where MLIR 19 builds invalid IR, mlc leaves
the op alone: float ops on types LLVM lacks (8-bit floats convert to `i8`), which later MLIR
releases refuse too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import arith
from mlc.dialects import llvm as L
from mlc.dialects.llvm.attributes import FP_EXCEPTION_BEHAVIORS, ROUNDING_MODES
from mlc.dialects.llvm.syntax import all_attributes
from mlc.dialects.llvm.types import LLVMArrayType, LLVMStructType, is_float
from mlc.ir.attributes import IntegerAttr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.rewrite import apply_partial_conversion
from mlc.ir.types import FloatType, IntegerType, VectorType, i64
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.pattern import (
    ConvertOpToLLVMPattern,
    elementwise_rewrite,
    llvm_conversion_target,
    one_to_one_rewrite,
    vector_one_to_one_rewrite,
)
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter

# --- attributes ------------------------------------------------------------------------------
pass_through = all_attributes  # every attribute as it is (MLIR's `AttrConvertPassThrough`)


def convert_fastmath(op) -> dict:
    """arith's `fastmath` as llvm's `fastmathFlags` (MLIR's `AttrConvertFastMathToLLVM`)."""
    attributes = all_attributes(op)
    flags = attributes.pop("fastmath", None)
    if flags is not None:
        attributes["fastmathFlags"] = L.FastmathFlagsAttr(flags.flags)
    return attributes


def convert_overflow(op) -> dict:
    """arith's `overflowFlags` as llvm's (MLIR's `AttrConvertOverflowToLLVM`)."""
    attributes = all_attributes(op)
    flags = attributes.pop("overflowFlags", None)
    if flags is not None:
        attributes["overflowFlags"] = L.IntegerOverflowFlagsAttr(flags.flags)
    return attributes


# --- element-wise ops ------------------------------------------------------------------------
class VectorConvertToLLVMPattern(ConvertOpToLLVMPattern):
    """`source` to `target`, element-wise over n-D vectors, its attributes converted by
    `attributes(op)` (MLIR's `VectorConvertToLLVMPattern`). Floats LLVM lacks (8-bit floats
    convert to `i8`) are refused, as MLIR 20's `FailOnUnsupportedFP` does: MLIR 19 builds
    invalid IR there."""

    def __init__(self, source, target, attributes, converter) -> None:
        super().__init__(source, converter)
        self.target = target
        self.attributes = attributes
        self.float_semantics = source not in _MOVES_BITS

    def rewrite(self, op, adaptor, rewriter) -> bool:
        operands = adaptor.operands
        if self.float_semantics and loses_floats(op, operands, self.type_converter):
            return False
        return vector_one_to_one_rewrite(
            op, self.target, operands, self.attributes(op), self.type_converter, rewriter
        )


_MOVES_BITS = frozenset((arith.BitcastOp, arith.SelectOp))  # right on any bits, i8 for f8 too


def loses_floats(op, operands, converter) -> bool:
    """Whether a float operand or result of `op` converts to something else than a float.
    Hot path: a type that converts to itself is skipped by identity."""
    pairs = [(v.type, c.type) for v, c in zip(op.operands, operands)]
    pairs += [(r.type, converter.convert_type(r.type)) for r in op.results]
    return any(
        original is not converted
        and isinstance(_element(original), FloatType)
        and not is_float(_element(converted))
        for original, converted in pairs
    )


def _element(t):
    while isinstance(t, (LLVMArrayType, VectorType)):
        t = t.element_type
    return t


ELEMENTWISE = (
    (arith.AddFOp, L.FAddOp, convert_fastmath),
    (arith.AddIOp, L.AddOp, convert_overflow),
    (arith.AndIOp, L.AndOp, pass_through),
    (arith.BitcastOp, L.BitcastOp, pass_through),
    (arith.DivFOp, L.FDivOp, convert_fastmath),
    (arith.DivSIOp, L.SDivOp, pass_through),
    (arith.DivUIOp, L.UDivOp, pass_through),
    (arith.ExtFOp, L.FPExtOp, pass_through),
    (arith.ExtSIOp, L.SExtOp, pass_through),
    (arith.ExtUIOp, L.ZExtOp, pass_through),
    (arith.FPToSIOp, L.FPToSIOp, pass_through),
    (arith.FPToUIOp, L.FPToUIOp, pass_through),
    (arith.MaximumFOp, L.MaximumOp, convert_fastmath),
    (arith.MaxNumFOp, L.MaxNumOp, convert_fastmath),
    (arith.MaxSIOp, L.SMaxOp, pass_through),
    (arith.MaxUIOp, L.UMaxOp, pass_through),
    (arith.MinimumFOp, L.MinimumOp, convert_fastmath),
    (arith.MinNumFOp, L.MinNumOp, convert_fastmath),
    (arith.MinSIOp, L.SMinOp, pass_through),
    (arith.MinUIOp, L.UMinOp, pass_through),
    (arith.MulFOp, L.FMulOp, convert_fastmath),
    (arith.MulIOp, L.MulOp, convert_overflow),
    (arith.NegFOp, L.FNegOp, convert_fastmath),
    (arith.OrIOp, L.OrOp, pass_through),
    (arith.RemFOp, L.FRemOp, convert_fastmath),
    (arith.RemSIOp, L.SRemOp, pass_through),
    (arith.RemUIOp, L.URemOp, pass_through),
    (arith.SelectOp, L.SelectOp, pass_through),
    (arith.ShLIOp, L.ShlOp, convert_overflow),
    (arith.ShRSIOp, L.AShrOp, pass_through),
    (arith.ShRUIOp, L.LShrOp, pass_through),
    (arith.SIToFPOp, L.SIToFPOp, pass_through),
    (arith.SubFOp, L.FSubOp, convert_fastmath),
    (arith.SubIOp, L.SubOp, convert_overflow),
    (arith.TruncIOp, L.TruncOp, pass_through),
    (arith.UIToFPOp, L.UIToFPOp, pass_through),
    (arith.XOrIOp, L.XOrOp, pass_through),
)


class TruncFOpLowering(VectorConvertToLLVMPattern):
    """`truncf` without a rounding mode is `llvm.fptrunc`."""

    def __init__(self, converter) -> None:
        super().__init__(arith.TruncFOp, L.FPTruncOp, pass_through, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        return "roundingmode" not in op.properties and super().rewrite(op, adaptor, rewriter)


class ConstrainedTruncFOpLowering(VectorConvertToLLVMPattern):
    """`truncf` with a rounding mode is the constrained intrinsic, exceptions ignored
    (MLIR's `ConstrainedTruncFOpLowering`)."""

    def __init__(self, converter) -> None:
        super().__init__(arith.TruncFOp, L.ConstrainedFPTruncOp, self.convert_rounding, converter)

    @staticmethod
    def convert_rounding(op) -> dict:
        """arith's rounding mode as LLVM's, exceptions ignored."""
        attributes = all_attributes(op)
        mode = arith.ROUNDING_MODES.keywords[attributes.pop("roundingmode").value]
        llvm_mode = ROUNDING_MODES.keywords.index(_LLVM_ROUNDING[mode])
        attributes["roundingmode"] = ROUNDING_MODES.make(llvm_mode)
        attributes["fpExceptionBehavior"] = FP_EXCEPTION_BEHAVIORS.make(0)
        return attributes

    def rewrite(self, op, adaptor, rewriter) -> bool:
        return "roundingmode" in op.properties and super().rewrite(op, adaptor, rewriter)


_LLVM_ROUNDING = {
    "to_nearest_even": "tonearest",
    "downward": "downward",
    "upward": "upward",
    "toward_zero": "towardzero",
    "to_nearest_away": "tonearestaway",
}


# --- the other ops ---------------------------------------------------------------------------
class ConstantOpLowering(ConvertOpToLLVMPattern):
    """`arith.constant` is `llvm.mlir.constant` of the same attribute, its type converted
    (`dense<...> : vector<2x3xf32>` builds an `!llvm.array<2 x vector<3xf32>>`)."""

    def __init__(self, converter) -> None:
        super().__init__(arith.ConstantOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        return one_to_one_rewrite(
            op, L.ConstantOp, (), all_attributes(op), self.type_converter, rewriter
        )


class IndexCastOpLowering(ConvertOpToLLVMPattern):
    """`index_cast` (sign-extending) and `index_castui` (zero-extending) between `index`,
    now an integer, and other integers: nothing when the widths agree, else a truncation
    or an extension."""

    def __init__(self, source, extension, converter) -> None:
        super().__init__(source, converter)
        self.extension = extension

    def rewrite(self, op, adaptor, rewriter) -> bool:
        converter = self.type_converter
        source_bits = _element_width(converter, op.operand(0).type)
        target_bits = _element_width(converter, op.results[0].type)
        value = adaptor.operands[0]
        if source_bits == target_bits:
            rewriter.replace_op(op, [value])
            return True
        cast = L.TruncOp if target_bits < source_bits else self.extension

        def create(result_type, values):
            return rewriter.create(cast, values[0], res=result_type).results[0]

        return elementwise_rewrite(op, [value], converter, create, rewriter)


def _element_width(converter, t) -> int:
    element = t.element_type if isinstance(t, VectorType) else t
    return converter.convert_type(element).width


class CmpOpLowering(ConvertOpToLLVMPattern):
    """`cmpi`/`cmpf` to `llvm.icmp`/`llvm.fcmp`: the predicates number alike; `cmpf` keeps
    its fast-math flags. Other attributes are dropped, as in MLIR."""

    def __init__(self, source, target, converter) -> None:
        super().__init__(source, converter)
        self.target = target

    def rewrite(self, op, adaptor, rewriter) -> bool:
        props = {"predicate": IntegerAttr(op.properties["predicate"].value, i64)}
        if self.target is L.FCmpOp:
            props["fastmathFlags"] = L.FastmathFlagsAttr(op.properties["fastmath"].flags)
        target = self.target

        def create(result_type, values):
            cmp = target.create(values, [result_type], dict(props))
            return rewriter.insert(cmp).results[0]

        return elementwise_rewrite(op, adaptor.operands, self.type_converter, create, rewriter)


class AddUIExtendedOpLowering(ConvertOpToLLVMPattern):
    """`addui_extended` is `llvm.intr.uadd.with.overflow`, its struct taken apart; not on
    n-D vectors (nor in MLIR)."""

    def __init__(self, converter) -> None:
        super().__init__(arith.AddUIExtendedOp, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        lhs, rhs = adaptor.operands
        if isinstance(lhs.type, LLVMArrayType) or not L.is_compatible_type(lhs.type):
            return False
        overflow_type = self.type_converter.convert_type(op.results[1].type)
        struct = LLVMStructType((op.results[0].type, overflow_type))
        pair = rewriter.create(L.UAddWithOverflowOp, lhs, rhs, res=struct).results[0]
        sum_ = build.extract_value(rewriter, pair, 0)
        overflow = build.extract_value(rewriter, pair, 1)
        rewriter.replace_op(op, [sum_, overflow])
        return True


class MulIExtendedOpLowering(ConvertOpToLLVMPattern):
    """`mulsi_extended`/`mului_extended`: LLVM has no such intrinsic, so the operands are
    extended to twice their width, multiplied, and the product split into its halves."""

    def __init__(self, source, extension, converter) -> None:
        super().__init__(source, converter)
        self.extension = extension

    def rewrite(self, op, adaptor, rewriter) -> bool:
        lhs, rhs = adaptor.operands
        t = lhs.type
        if isinstance(t, LLVMArrayType) or not L.is_compatible_type(t):
            return False
        if isinstance(t, VectorType):
            width = t.element_type.width
            wide = VectorType(t.shape, IntegerType(2 * width), t.scalable)
            shift = DenseElementsAttr.from_array(width, wide)
        else:
            width = t.width
            wide = IntegerType(2 * width)
            shift = IntegerAttr(width, wide)
        lhs_wide = rewriter.create(self.extension, lhs, res=wide).results[0]
        rhs_wide = rewriter.create(self.extension, rhs, res=wide).results[0]
        product = build.mul(rewriter, lhs_wide, rhs_wide)
        low = rewriter.create(L.TruncOp, product, res=t).results[0]
        high_wide = rewriter.create(L.LShrOp, product, build.constant(rewriter, shift, wide))
        high = rewriter.create(L.TruncOp, high_wide.results[0], res=t).results[0]
        rewriter.replace_op(op, [low, high])
        return True


def arith_to_llvm_patterns(converter: LLVMTypeConverter) -> list:
    """The patterns of the conversion (MLIR's `populateArithToLLVMConversionPatterns`)."""
    patterns = [VectorConvertToLLVMPattern(*entry, converter) for entry in ELEMENTWISE]
    patterns += [
        ConstantOpLowering(converter),
        IndexCastOpLowering(arith.IndexCastOp, L.SExtOp, converter),
        IndexCastOpLowering(arith.IndexCastUIOp, L.ZExtOp, converter),
        CmpOpLowering(arith.CmpIOp, L.ICmpOp, converter),
        CmpOpLowering(arith.CmpFOp, L.FCmpOp, converter),
        AddUIExtendedOpLowering(converter),
        MulIExtendedOpLowering(arith.MulSIExtendedOp, L.SExtOp, converter),
        MulIExtendedOpLowering(arith.MulUIExtendedOp, L.ZExtOp, converter),
        TruncFOpLowering(converter),
        ConstrainedTruncFOpLowering(converter),
    ]
    return patterns


@register_pass
@dataclass(frozen=True)
class ConvertArithToLLVM(Pass):
    """Lowers arith ops to the llvm dialect, leaving what it cannot convert in place."""

    name = "convert-arith-to-llvm"
    summary = "Convert Arith dialect to LLVM dialect"
    index_bitwidth: int = field(
        default=0, metadata={"help": "Bitwidth of the index type, 0 to use size of machine word"}
    )

    def run(self, op) -> None:
        converter = LLVMTypeConverter(self.index_bitwidth)
        apply_partial_conversion(op, llvm_conversion_target(), arith_to_llvm_patterns(converter))
