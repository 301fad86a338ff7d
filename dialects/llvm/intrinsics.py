"""LLVM intrinsics the lowering of arith, math, vector and memref needs
(mlir/include/mlir/Dialect/LLVMIR/LLVMIntrinsicOps.td, MLIR 19).

Most print as `%r = llvm.intr.fma(%a, %b, %c)  : (f32, f32, f32) -> f32`: operands in
parentheses, the attribute dictionary after an extra space (as the arithmetic ops'), and a
functional type. Those MLIR 19 gives no custom syntax (`llvm.intr.abs`, `llvm.intr.memcpy`,
most `llvm.intr.vector.reduce.*`) have none here either: they always print generically.
"""

from __future__ import annotations

from mlc.dialects.llvm.attributes import (
    FP_EXCEPTION_BEHAVIORS,
    NO_FASTMATH,
    ROUNDING_MODES,
    FastmathFlagsAttr,
)
from mlc.dialects.llvm.constraints import (
    BOOL_VECTOR,
    FLOAT_LIKE,
    FLOAT_VECTOR,
    I1,
    I1_ATTR,
    I8,
    I32_ATTR,
    INT,
    INT_LIKE,
    INT_VECTOR,
    LLVM_TYPE,
    PTR,
    VECTOR,
)
from mlc.dialects.llvm.syntax import print_op_attrs, split_attributes
from mlc.ir.constraints import isa
from mlc.ir.opdef import operand, prop, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.traits import MemoryEffects, Pure, SameOperandsAndResultType
from mlc.ir.types import FloatType

_ELEMENTWISE = (Pure(), SameOperandsAndResultType())


class IntrinsicOp(Operation):
    """`llvm.intr.<name>(%a, %b) {attrs} : (T, T) -> T` (ODS `LLVM_IntrOpBase` with
    `custom<LLVMOpAttrs>(attr-dict)`)."""

    traits = _ELEMENTWISE

    @classmethod
    def parse(cls, p):
        pos = p.pos
        p.expect("(")
        refs = p.parse_operand_list()
        p.expect(")")
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict())
        p.expect(":")
        ftype = p.parse_function_type()
        operands = p.resolve_operands(refs, list(ftype.inputs), pos)
        return cls.create(operands, ftype.results, cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        p.write("(")
        p.print_operands(self.operands)
        p.write(") ")
        print_op_attrs(p, self)
        p.write(" : (")
        p.print_type_list([v.type for v in self.operands])
        p.write(") -> ")
        p.print_result_types(self.result_types)


class FloatIntrinsicOp(IntrinsicOp):
    res = result(FLOAT_LIKE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)


class UnaryFloatIntrinsicOp(FloatIntrinsicOp):
    in_ = operand(FLOAT_LIKE)


class BinaryFloatIntrinsicOp(FloatIntrinsicOp):
    a = operand(FLOAT_LIKE)
    b = operand(FLOAT_LIKE)


class TernaryFloatIntrinsicOp(FloatIntrinsicOp):
    a = operand(FLOAT_LIKE)
    b = operand(FLOAT_LIKE)
    c = operand(FLOAT_LIKE)


class UnaryIntIntrinsicOp(IntrinsicOp):
    in_ = operand(INT_LIKE)
    res = result(INT_LIKE)


class BinaryIntIntrinsicOp(IntrinsicOp):
    a = operand(INT_LIKE)
    b = operand(INT_LIKE)
    res = result(INT_LIKE)


class FMAOp(TernaryFloatIntrinsicOp):
    name = "llvm.intr.fma"


class FMulAddOp(TernaryFloatIntrinsicOp):
    name = "llvm.intr.fmuladd"


class ExpOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.exp"


class Exp2Op(UnaryFloatIntrinsicOp):
    name = "llvm.intr.exp2"


class LogOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.log"


class Log2Op(UnaryFloatIntrinsicOp):
    name = "llvm.intr.log2"


class Log10Op(UnaryFloatIntrinsicOp):
    name = "llvm.intr.log10"


class SqrtOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.sqrt"


class SinOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.sin"


class CosOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.cos"


class FAbsOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.fabs"


class FloorOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.floor"


class CeilOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.ceil"


class RoundOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.round"


class RoundEvenOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.roundeven"


class FTruncOp(UnaryFloatIntrinsicOp):
    name = "llvm.intr.trunc"


class PowOp(BinaryFloatIntrinsicOp):
    name = "llvm.intr.pow"


class CopySignOp(BinaryFloatIntrinsicOp):
    name = "llvm.intr.copysign"


class MinNumOp(BinaryFloatIntrinsicOp):
    name = "llvm.intr.minnum"


class MaxNumOp(BinaryFloatIntrinsicOp):
    name = "llvm.intr.maxnum"


class MinimumOp(BinaryFloatIntrinsicOp):
    name = "llvm.intr.minimum"


class MaximumOp(BinaryFloatIntrinsicOp):
    name = "llvm.intr.maximum"


class PowIOp(FloatIntrinsicOp):
    """`llvm.intr.powi(%x, %n) : (f32, i32) -> f32`."""

    name = "llvm.intr.powi"
    val = operand(FLOAT_LIKE)
    power = operand(INT)
    traits = (Pure(),)

    def verify_(self) -> None:
        if self.results[0].type != self.operand(0).type:
            raise self.emit_error("failed to verify that all of {val, res} have same type")


class SMaxOp(BinaryIntIntrinsicOp):
    name = "llvm.intr.smax"


class SMinOp(BinaryIntIntrinsicOp):
    name = "llvm.intr.smin"


class UMaxOp(BinaryIntIntrinsicOp):
    name = "llvm.intr.umax"


class UMinOp(BinaryIntIntrinsicOp):
    name = "llvm.intr.umin"


class CtPopOp(UnaryIntIntrinsicOp):
    name = "llvm.intr.ctpop"


class ConstrainedFPTruncOp(Operation):
    """`%r = llvm.intr.experimental.constrained.fptrunc %x tonearest ignore : f64 to f32`: a
    truncation rounding as told, with the given floating-point exception behaviour."""

    name = "llvm.intr.experimental.constrained.fptrunc"
    arg_0 = operand(FLOAT_LIKE)
    res = result(FLOAT_LIKE)
    roundingmode = prop(ROUNDING_MODES)
    fpExceptionBehavior = prop(FP_EXCEPTION_BEHAVIORS)
    traits = (Pure(),)
    assembly_format = (
        "$arg_0 $roundingmode $fpExceptionBehavior attr-dict `:` type($arg_0) `to` type($res)"
    )


class FloatVectorReductionOp(IntrinsicOp):
    """`llvm.intr.vector.reduce.fmax(%v) : (vector<4xf32>) -> f32`."""

    in_ = operand(FLOAT_VECTOR)
    res = result(LLVM_TYPE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)
    traits = (Pure(),)


class VectorReduceFMaxOp(FloatVectorReductionOp):
    name = "llvm.intr.vector.reduce.fmax"


class VectorReduceFMinOp(FloatVectorReductionOp):
    name = "llvm.intr.vector.reduce.fmin"


class VectorReduceFMaximumOp(FloatVectorReductionOp):
    name = "llvm.intr.vector.reduce.fmaximum"


class VectorReduceFMinimumOp(FloatVectorReductionOp):
    name = "llvm.intr.vector.reduce.fminimum"


# --- intrinsics without custom syntax (generic form only, as in MLIR 19) ---------------------
class AbsOp(Operation):
    name = "llvm.intr.abs"
    in_ = operand(INT_LIKE)
    res = result(INT_LIKE)
    is_int_min_poison = prop(I1_ATTR)
    traits = _ELEMENTWISE


class UAddWithOverflowOp(Operation):
    """`"llvm.intr.uadd.with.overflow"(%a, %b) : (i32, i32) -> !llvm.struct<(i32, i1)>`: the
    wrapped sum and whether it carried out."""

    name = "llvm.intr.uadd.with.overflow"
    lhs = operand(INT_LIKE)
    rhs = operand(INT_LIKE)
    res = result(LLVM_TYPE)
    traits = (Pure(),)


class AssumeOp(Operation):
    """`"llvm.intr.assume"(%cond) : (i1) -> ()`: the optimizer may take `%cond` as true."""

    name = "llvm.intr.assume"
    cond = operand(I1)


class CountZerosOp(Operation):
    in_ = operand(INT_LIKE)
    res = result(INT_LIKE)
    is_zero_poison = prop(I1_ATTR)
    traits = _ELEMENTWISE


class CtlzOp(CountZerosOp):
    name = "llvm.intr.ctlz"


class CttzOp(CountZerosOp):
    name = "llvm.intr.cttz"


class MemcpyOp(Operation):
    """Copies `len` bytes between non-overlapping buffers."""

    name = "llvm.intr.memcpy"
    dst = operand(PTR)
    src = operand(PTR)
    len = operand(INT)
    isVolatile = prop(I1_ATTR)
    traits = (MemoryEffects("read", "write"),)


class MemsetOp(Operation):
    """Sets `len` bytes to `val`."""

    name = "llvm.intr.memset"
    dst = operand(PTR)
    val = operand(I8)
    len = operand(INT)
    isVolatile = prop(I1_ATTR)
    traits = (MemoryEffects("write"),)


class IntVectorReductionOp(Operation):
    in_ = operand(INT_VECTOR)
    res = result(LLVM_TYPE)
    traits = (Pure(),)


class VectorReduceAddOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.add"


class VectorReduceMulOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.mul"


class VectorReduceAndOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.and"


class VectorReduceOrOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.or"


class VectorReduceXorOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.xor"


class VectorReduceSMaxOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.smax"


class VectorReduceSMinOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.smin"


class VectorReduceUMaxOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.umax"


class VectorReduceUMinOp(IntVectorReductionOp):
    name = "llvm.intr.vector.reduce.umin"


class AccumulatingReductionOp(Operation):
    """fadd/fmul reductions start from `start_value` (ordered unless `reassoc`)."""

    start_value = operand(isa(FloatType, description="floating-point"))
    input = operand(FLOAT_VECTOR)
    res = result(LLVM_TYPE)
    fastmathFlags = prop(isa(FastmathFlagsAttr), default=NO_FASTMATH)
    traits = (Pure(),)


class VectorReduceFAddOp(AccumulatingReductionOp):
    name = "llvm.intr.vector.reduce.fadd"


class VectorReduceFMulOp(AccumulatingReductionOp):
    name = "llvm.intr.vector.reduce.fmul"


class StepVectorOp(Operation):
    """`%v = llvm.intr.experimental.stepvector : vector<[4]xi32>`: lane `i` holds `i`, for
    scalable vectors too (the lane numbers of a scalable mask)."""

    name = "llvm.intr.experimental.stepvector"
    res = result(INT_VECTOR)
    traits = (Pure(),)
    assembly_format = "attr-dict `:` type($res)"


# --- the stack -------------------------------------------------------------------------------
class StackSaveOp(Operation):
    """`%sp = llvm.intr.stacksave : !llvm.ptr`: the stack state, for `stackrestore`."""

    name = "llvm.intr.stacksave"
    res = result(PTR)
    assembly_format = "attr-dict `:` qualified(type($res))"


class StackRestoreOp(Operation):
    """`llvm.intr.stackrestore %sp : !llvm.ptr`: frees what was allocated since `%sp`."""

    name = "llvm.intr.stackrestore"
    ptr = operand(PTR)
    assembly_format = "$ptr attr-dict `:` qualified(type($ptr))"


# --- masked memory access --------------------------------------------------------------------
class MaskedLoadOp(Operation):
    """`%v = llvm.intr.masked.load %p, %mask, %passthru {alignment = 4 : i32}
    : (!llvm.ptr, vector<4xi1>, vector<4xf32>) -> vector<4xf32>`."""

    name = "llvm.intr.masked.load"
    data = operand(PTR)
    mask = operand(BOOL_VECTOR)
    pass_thru = var_operand(VECTOR)
    res = result(VECTOR)
    alignment = prop(I32_ATTR)
    traits = (MemoryEffects("read"),)
    assembly_format = (
        "$data `,` $mask (`,` $pass_thru^)? attr-dict `:` functional-type(operands, results)"
    )


class MaskedStoreOp(Operation):
    """`llvm.intr.masked.store %v, %p, %mask {alignment = 4 : i32}
    : vector<4xf32>, vector<4xi1> into !llvm.ptr`."""

    name = "llvm.intr.masked.store"
    value = operand(VECTOR)
    data = operand(PTR)
    mask = operand(BOOL_VECTOR)
    alignment = prop(I32_ATTR)
    traits = (MemoryEffects("write"),)
    assembly_format = (
        "$value `,` $data `,` $mask attr-dict `:` type($value) `,` type($mask) `into` "
        "qualified(type($data))"
    )
