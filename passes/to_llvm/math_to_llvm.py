"""`convert-math-to-llvm`: math ops to llvm intrinsics, as MLIR 19's pass of that name
(mlir/lib/Conversion/MathToLLVM/MathToLLVM.cpp).

`INTRINSICS` maps each math op with an LLVM intrinsic of the same meaning to it, element-wise
on vectors, fast-math flags carried over. The counting ops and `absi` take a "poison on
zero/INT_MIN" flag, false here. Three ops are small expansions: `expm1` is `exp(x) - 1`,
`rsqrt` is `1 / sqrt(x)`, and `log1p` is `log(1 + x)`, which loses precision near zero, so
it is done only with `approximate-log1p` (on by default, as in MLIR 19).

Ops LLVM 19 has no intrinsic for (`tan`, `tanh`, `atan2`, `erf`, `cbrt`, `ipowi`, the
inverse and hyperbolic functions) stay; `math-polynomial-approximation` or a library call
lowers them. `fpowi` on vectors stays too: `llvm.intr.powi` takes a scalar exponent (MLIR 19
builds an invalid `llvm.intr.powi` there).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import llvm as L
from mlc.dialects import math
from mlc.dialects.llvm.types import is_compatible_type
from mlc.ir.attributes import FloatAttr, bool_attr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.rewrite import apply_partial_conversion
from mlc.ir.types import VectorType
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.arith_to_llvm import (
    VectorConvertToLLVMPattern,
    convert_fastmath,
    loses_floats,
    pass_through,
)
from mlc.passes.to_llvm.pattern import (
    ConvertOpToLLVMPattern,
    elementwise_rewrite,
    llvm_conversion_target,
)
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter

INTRINSICS = (
    (math.AbsFOp, L.FAbsOp, convert_fastmath),
    (math.CeilOp, L.CeilOp, convert_fastmath),
    (math.CopySignOp, L.CopySignOp, convert_fastmath),
    (math.CosOp, L.CosOp, convert_fastmath),
    (math.CtPopOp, L.CtPopOp, pass_through),
    (math.Exp2Op, L.Exp2Op, convert_fastmath),
    (math.ExpOp, L.ExpOp, convert_fastmath),
    (math.FloorOp, L.FloorOp, convert_fastmath),
    (math.FmaOp, L.FMAOp, convert_fastmath),
    (math.Log10Op, L.Log10Op, convert_fastmath),
    (math.Log2Op, L.Log2Op, convert_fastmath),
    (math.LogOp, L.LogOp, convert_fastmath),
    (math.PowFOp, L.PowOp, convert_fastmath),
    (math.RoundEvenOp, L.RoundEvenOp, convert_fastmath),
    (math.RoundOp, L.RoundOp, convert_fastmath),
    (math.SinOp, L.SinOp, convert_fastmath),
    (math.SqrtOp, L.SqrtOp, convert_fastmath),
    (math.TruncOp, L.FTruncOp, convert_fastmath),
)

# Integer intrinsics with a flag: (math op, llvm op, the flag, set false).
FLAGGED_INTRINSICS = (
    (math.AbsIOp, L.AbsOp, "is_int_min_poison"),
    (math.CountLeadingZerosOp, L.CtlzOp, "is_zero_poison"),
    (math.CountTrailingZerosOp, L.CttzOp, "is_zero_poison"),
)


class FPowIOpLowering(VectorConvertToLLVMPattern):
    """`fpowi` is `llvm.intr.powi`, for scalars only."""

    def __init__(self, converter) -> None:
        super().__init__(math.FPowIOp, L.PowIOp, convert_fastmath, converter)

    def rewrite(self, op, adaptor, rewriter) -> bool:
        return not isinstance(op.results[0].type, VectorType) and super().rewrite(
            op, adaptor, rewriter
        )


class FlaggedIntrinsicLowering(ConvertOpToLLVMPattern):
    """An integer op to an intrinsic whose poison flag is false (MLIR's
    `IntOpWithFlagLowering`)."""

    def __init__(self, source, target, flag: str, converter) -> None:
        super().__init__(source, converter)
        self.target = target
        self.props = {flag: bool_attr(False)}

    def rewrite(self, op, adaptor, rewriter) -> bool:
        value = adaptor.operands[0]
        if not is_compatible_type(value.type):
            return False

        def create(result_type, values):
            new = self.target.create(values, [result_type], dict(self.props))
            return rewriter.insert(new).results[0]

        return elementwise_rewrite(op, [value], self.type_converter, create, rewriter)


class ExpansionLowering(ConvertOpToLLVMPattern):
    """An op computed from a constant 1 and its operand by `expand(rewriter, one, x, fmf)`,
    element-wise over n-D vectors (MLIR's `ExpM1OpLowering`, `Log1pOpLowering`,
    `RsqrtOpLowering`)."""

    def __init__(self, source, expand, converter) -> None:
        super().__init__(source, converter)
        self.expand = expand

    def rewrite(self, op, adaptor, rewriter) -> bool:
        value = adaptor.operands[0]
        if not is_compatible_type(value.type) or loses_floats(op, [value], self.type_converter):
            return False
        result = op.results[0].type
        element = result.element_type if isinstance(result, VectorType) else result
        flags = convert_fastmath(op)["fastmathFlags"]

        def expand(t, values):
            one = build.constant(rewriter, _one(element, t), t)
            return self.expand(rewriter, one, values[0], flags)

        return elementwise_rewrite(op, [value], self.type_converter, expand, rewriter)


def _one(element, t):
    """1.0 of `element`, splat when `t` is a vector."""
    if not isinstance(t, VectorType):
        return FloatAttr(1.0, element)
    return DenseElementsAttr.from_array(1.0, VectorType(t.shape, element, t.scalable))


def _expm1(rewriter, one, x, flags):
    """`exp(x) - 1`."""
    exp = rewriter.create(L.ExpOp, x, fastmathFlags=flags).results[0]
    return rewriter.create(L.FSubOp, exp, one, fastmathFlags=flags).results[0]


def _log1p(rewriter, one, x, flags):
    """`log(1 + x)`, which loses precision near zero."""
    total = rewriter.create(L.FAddOp, one, x, fastmathFlags=flags).results[0]
    return rewriter.create(L.LogOp, total, fastmathFlags=flags).results[0]


def _rsqrt(rewriter, one, x, flags):
    """`1 / sqrt(x)`."""
    sqrt = rewriter.create(L.SqrtOp, x, fastmathFlags=flags).results[0]
    return rewriter.create(L.FDivOp, one, sqrt, fastmathFlags=flags).results[0]


def math_to_llvm_patterns(converter: LLVMTypeConverter, approximate_log1p: bool = True) -> list:
    """The patterns of the conversion (MLIR's `populateMathToLLVMConversionPatterns`)."""
    patterns = [
        VectorConvertToLLVMPattern(source, target, attributes, converter)
        for source, target, attributes in INTRINSICS
    ]
    patterns += [FlaggedIntrinsicLowering(*entry, converter) for entry in FLAGGED_INTRINSICS]
    patterns += [
        FPowIOpLowering(converter),
        ExpansionLowering(math.ExpM1Op, _expm1, converter),
        ExpansionLowering(math.RsqrtOp, _rsqrt, converter),
    ]
    if approximate_log1p:
        patterns.append(ExpansionLowering(math.Log1pOp, _log1p, converter))
    return patterns


@register_pass
@dataclass(frozen=True)
class ConvertMathToLLVM(Pass):
    """Lowers math ops to llvm intrinsics, leaving those LLVM has none for in place."""

    name = "convert-math-to-llvm"
    summary = "Convert Math dialect to LLVM dialect"
    approximate_log1p: bool = field(
        default=True, metadata={"help": "Enable approximation of Log1p."}
    )

    def run(self, op) -> None:
        converter = LLVMTypeConverter()
        patterns = math_to_llvm_patterns(converter, self.approximate_log1p)
        apply_partial_conversion(op, llvm_conversion_target(), patterns)
