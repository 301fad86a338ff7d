"""The math ops of MLIR 19. Families share a base class that declares operands, format,
traits and the fold driver; each op is then a few lines: its name and, where MLIR folds it,
the element function it folds with (see `folding`)."""

from __future__ import annotations

import numpy as np

from mlc.dialects.arith.attributes import NO_FASTMATH, FastMathFlagsAttr
from mlc.dialects.math import folding
from mlc.dialects.math.folding import Exact, Libm, fold_elementwise, non_negative
from mlc.ir.constraints import FLOAT_LIKE, SIGNLESS_INTEGER_LIKE, isa
from mlc.ir.opdef import operand, prop, result
from mlc.ir.operation import Operation
from mlc.ir.traits import Pure, SameOperandsAndResultType
from mlc.ir.types import RankedTensorType, UnrankedTensorType, VectorType


class MathOp(Operation):
    """Base of the math ops: element-wise and pure. `folder` is the element function of the
    op's constant folder (None: MLIR 19 does not fold the op); it is read from the class, so
    a plain function does not become a method."""

    traits = (Pure(), SameOperandsAndResultType())
    folder = None

    def fold(self, operand_constants):
        folder = type(self).folder
        if folder is None:
            return None
        folded = fold_elementwise(folder, operand_constants, self.results[0].type)
        return None if folded is None else [folded]


class FastMathOp(MathOp):
    """A float op carrying arith's fast-math flags (`fastmath<nnan,ninf>`)."""

    fastmath = prop(isa(FastMathFlagsAttr), default=NO_FASTMATH)


class FloatUnaryOp(FastMathOp):
    """`%r = math.sin %x fastmath<afn> : vector<4xf32>`."""

    operand_ = operand(FLOAT_LIKE)  # MLIR's `$operand`; `operand` is `Operation.operand(i)`
    result = result(FLOAT_LIKE)
    assembly_format = "$operand_ (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


class FloatBinaryOp(FastMathOp):
    """`%r = math.powf %x, %y : f64`."""

    lhs = operand(FLOAT_LIKE)
    rhs = operand(FLOAT_LIKE)
    result = result(FLOAT_LIKE)
    assembly_format = "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


class IntegerUnaryOp(MathOp):
    """`%r = math.ctlz %x : i32`."""

    operand_ = operand(SIGNLESS_INTEGER_LIKE)
    result = result(SIGNLESS_INTEGER_LIKE)
    assembly_format = "$operand_ attr-dict `:` type($result)"


# --- float, unary ------------------------------------------------------------------------------
class AbsFOp(FloatUnaryOp):
    name = "math.absf"
    folder = Exact(np.abs)


class AcosOp(FloatUnaryOp):
    name = "math.acos"
    folder = Libm("acos")


class AcoshOp(FloatUnaryOp):
    name = "math.acosh"
    folder = Libm("acosh")


class AsinOp(FloatUnaryOp):
    name = "math.asin"
    folder = Libm("asin")


class AsinhOp(FloatUnaryOp):
    name = "math.asinh"
    folder = Libm("asinh")


class AtanOp(FloatUnaryOp):
    name = "math.atan"
    folder = Libm("atan")


class AtanhOp(FloatUnaryOp):
    name = "math.atanh"
    folder = Libm("atanh")


class CbrtOp(FloatUnaryOp):
    name = "math.cbrt"


class CeilOp(FloatUnaryOp):
    name = "math.ceil"
    folder = Exact(np.ceil)


class CosOp(FloatUnaryOp):
    name = "math.cos"
    folder = Libm("cos")


class CoshOp(FloatUnaryOp):
    name = "math.cosh"
    folder = Libm("cosh")


class ErfOp(FloatUnaryOp):
    name = "math.erf"
    folder = Libm("erf")


class ExpOp(FloatUnaryOp):
    name = "math.exp"
    folder = Libm("exp")


class Exp2Op(FloatUnaryOp):
    name = "math.exp2"
    folder = Libm("exp2")


class ExpM1Op(FloatUnaryOp):
    name = "math.expm1"
    folder = Libm("expm1")


class FloorOp(FloatUnaryOp):
    name = "math.floor"
    folder = Exact(np.floor)


class LogOp(FloatUnaryOp):
    name = "math.log"
    folder = Libm("log", non_negative)


class Log10Op(FloatUnaryOp):
    name = "math.log10"
    folder = Libm("log10", non_negative)


class Log1pOp(FloatUnaryOp):
    name = "math.log1p"
    folder = Libm("log1p", folding.one_plus_non_negative)


class Log2Op(FloatUnaryOp):
    name = "math.log2"
    folder = Libm("log2", non_negative)


class RoundOp(FloatUnaryOp):
    """Rounds half away from zero (C's `round`)."""

    name = "math.round"
    folder = Libm("round")


class RoundEvenOp(FloatUnaryOp):
    """Rounds half to even (C's `roundeven`)."""

    name = "math.roundeven"
    folder = Exact(np.rint)


class RsqrtOp(FloatUnaryOp):
    name = "math.rsqrt"


class SinOp(FloatUnaryOp):
    name = "math.sin"
    folder = Libm("sin")


class SinhOp(FloatUnaryOp):
    name = "math.sinh"
    folder = Libm("sinh")


class SqrtOp(FloatUnaryOp):
    name = "math.sqrt"
    folder = Libm("sqrt", non_negative)


class TanOp(FloatUnaryOp):
    name = "math.tan"
    folder = Libm("tan")


class TanhOp(FloatUnaryOp):
    name = "math.tanh"
    folder = Libm("tanh")


class TruncOp(FloatUnaryOp):
    name = "math.trunc"
    folder = Libm("trunc")


# --- float, binary and ternary -----------------------------------------------------------------
class Atan2Op(FloatBinaryOp):
    """`atan2(lhs, rhs)`: the angle of the point (rhs, lhs)."""

    name = "math.atan2"
    folder = folding.atan2


class CopySignOp(FloatBinaryOp):
    name = "math.copysign"
    folder = Exact(np.copysign)


class PowFOp(FloatBinaryOp):
    name = "math.powf"
    folder = Libm("pow")


class FmaOp(FastMathOp):
    """`a * b + c` rounded once (LLVM's `llvm.fma`)."""

    name = "math.fma"
    a = operand(FLOAT_LIKE)
    b = operand(FLOAT_LIKE)
    c = operand(FLOAT_LIKE)
    result = result(FLOAT_LIKE)
    assembly_format = "$a `,` $b `,` $c (`fastmath` `` $fastmath^)? attr-dict `:` type($result)"


def _shape(t):
    """A type's shape for `SameOperandsAndResultShape`: None for scalars, `()` for unranked
    tensors (compatible with every shape), dimensions otherwise."""
    if isinstance(t, (VectorType, RankedTensorType)):
        return t.shape
    return () if isinstance(t, UnrankedTensorType) else None


def _compatible_shapes(a, b) -> bool:
    """MLIR's `verifyCompatibleShape`: same rank, and static dimensions agree."""
    sa, sb = _shape(a), _shape(b)
    if sa is None or sb is None:
        return sa is None and sb is None
    if isinstance(a, UnrankedTensorType) or isinstance(b, UnrankedTensorType):
        return True
    return len(sa) == len(sb) and all(x == y or x < 0 or y < 0 for x, y in zip(sa, sb))


class FPowIOp(FastMathOp):
    """`%r = math.fpowi %x, %n : f32, i32`: a float to an integer power."""

    name = "math.fpowi"
    lhs = operand(FLOAT_LIKE)
    rhs = operand(SIGNLESS_INTEGER_LIKE)
    result = result(FLOAT_LIKE)
    traits = (Pure(),)
    assembly_format = (
        "$lhs `,` $rhs (`fastmath` `` $fastmath^)? attr-dict `:` type($lhs) `,` type($rhs)"
    )

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type]

    def verify_(self) -> None:
        """ODS `AllTypesMatch<["lhs", "result"]>`, then `SameOperandsAndResultShape`."""
        lhs, rhs, res = self.operand(0).type, self.operand(1).type, self.results[0].type
        if lhs != res:
            raise self.emit_error("failed to verify that all of {lhs, result} have same type")
        if not (_compatible_shapes(lhs, rhs) and _compatible_shapes(lhs, res)):
            raise self.emit_error("requires the same shape for all operands and results")


# --- integer -----------------------------------------------------------------------------------
class AbsIOp(IntegerUnaryOp):
    name = "math.absi"
    folder = folding.absi


class CountLeadingZerosOp(IntegerUnaryOp):
    name = "math.ctlz"
    folder = folding.ctlz


class CountTrailingZerosOp(IntegerUnaryOp):
    name = "math.cttz"
    folder = folding.cttz


class CtPopOp(IntegerUnaryOp):
    name = "math.ctpop"
    folder = folding.ctpop


class IPowIOp(MathOp):
    name = "math.ipowi"
    lhs = operand(SIGNLESS_INTEGER_LIKE)
    rhs = operand(SIGNLESS_INTEGER_LIKE)
    result = result(SIGNLESS_INTEGER_LIKE)
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($result)"
    folder = folding.ipowi


ALL_OPS = [
    cls
    for cls in list(globals().values())
    if isinstance(cls, type) and issubclass(cls, Operation) and "name" in vars(cls)
]
