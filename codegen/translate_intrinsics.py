"""`llvm.intr.*` ops as calls to `@llvm.*` intrinsics, declared as LLVM 19 declares them.

Each op has a table entry (as MLIR's ODS `LLVM_IntrOp` definitions carry it): the
intrinsic's name, which types overload it (the result, or operand positions), which
properties are immediate arguments and where they go, and the declaration's attributes.
The overloaded types mangle into the name (`llvm.powi.f32.i32`, `llvm.memcpy.p0.p0.i64`).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.codegen.llvm_attributes import Attr, attribute_set
from mlc.codegen.llvm_types import METADATA, mangled_suffix
from mlc.codegen.llvm_values import ConstInt, MetadataString, Poison
from mlc.dialects.llvm import intrinsics as ops
from mlc.dialects.llvm.attributes import FP_EXCEPTION_BEHAVIORS, ROUNDING_MODES
from mlc.dialects.llvm.types import VOID, LLVMFunctionType
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.types import i1, i32

_BASE = (Attr("nocallback"), Attr("nofree"), Attr("nounwind"), Attr("willreturn"))
PURE = attribute_set(_BASE + (Attr("nosync"), Attr("speculatable"), Attr("memory", "none")))
ARGMEM_READ = attribute_set(_BASE + (Attr("nosync"), Attr("memory", "argmem: read")))
ARGMEM_WRITE = attribute_set(_BASE + (Attr("nosync"), Attr("memory", "argmem: write")))
MEMCPY = attribute_set(_BASE + (Attr("memory", "argmem: readwrite"),))
MEMSET = attribute_set(_BASE + (Attr("memory", "argmem: write"),))
STACK = attribute_set(_BASE + (Attr("nosync"),))
NOT_SPECULATABLE = attribute_set(_BASE + (Attr("nosync"), Attr("memory", "none")))
IMMARG = attribute_set((Attr("immarg"),))
NOCAPTURE = attribute_set((Attr("nocapture"),))


@dataclass(frozen=True)
class Intrinsic:
    """How an op calls an intrinsic. `overloads` lists "result" or call-argument positions;
    `immediates` are (call position, fn(op) -> constant) arguments inserted among the
    operands (immarg properties, metadata strings); `params` are the declaration's
    parameter attributes by position; `call_attributes` go on the call itself."""

    name: str
    overloads: tuple = ("result",)
    immediates: tuple = ()
    attributes: tuple = PURE
    params: dict | None = None
    call_attributes: tuple = ()

    def declared_name(self, result_type, arg_types: list) -> str:
        parts = [self.name]
        for which in self.overloads:
            parts.append(mangled_suffix(result_type if which == "result" else arg_types[which]))
        return ".".join(parts)


def _flag(prop: str, t=i1):
    """An immediate integer argument from an integer or boolean property."""

    def make(op):
        return ConstInt(t, int(op.properties[prop].value) & ((1 << t.width) - 1))

    return make


def _metadata(prop: str, prefix: str, keywords: tuple):
    """A `metadata !"prefix.keyword"` argument from an enum property."""

    def make(op):
        return MetadataString(METADATA, prefix + keywords[op.properties[prop].value])

    return make


def _on_operand(name: str, position: int = 0) -> Intrinsic:
    return Intrinsic(name, overloads=(position,))


_IMMARG_AT_1 = {1: IMMARG}

INTRINSICS: dict[type, Intrinsic] = {
    ops.PowIOp: Intrinsic("llvm.powi", overloads=("result", 1)),
    ops.AbsOp: Intrinsic("llvm.abs", immediates=((1, _flag("is_int_min_poison")),),
                         params=_IMMARG_AT_1),
    ops.CtlzOp: Intrinsic("llvm.ctlz", immediates=((1, _flag("is_zero_poison")),),
                          params=_IMMARG_AT_1),
    ops.CttzOp: Intrinsic("llvm.cttz", immediates=((1, _flag("is_zero_poison")),),
                          params=_IMMARG_AT_1),
    ops.UAddWithOverflowOp: _on_operand("llvm.uadd.with.overflow"),
    ops.AssumeOp: Intrinsic(
        "llvm.assume", overloads=(), attributes=attribute_set(
            _BASE + (Attr("nosync"), Attr("memory", "inaccessiblemem: write"))),
        params={0: attribute_set((Attr("noundef"),))},
    ),
    ops.StackSaveOp: Intrinsic("llvm.stacksave", attributes=STACK),
    ops.StepVectorOp: Intrinsic("llvm.experimental.stepvector", attributes=NOT_SPECULATABLE),
    ops.StackRestoreOp: Intrinsic("llvm.stackrestore", overloads=(0,), attributes=STACK),
    ops.ConstrainedFPTruncOp: Intrinsic(
        "llvm.experimental.constrained.fptrunc", overloads=("result", 0),
        immediates=((1, _metadata("roundingmode", "round.", ROUNDING_MODES.keywords)),
                    (2, _metadata("fpExceptionBehavior", "fpexcept.",
                                  FP_EXCEPTION_BEHAVIORS.keywords))),
        attributes=attribute_set(_BASE + (Attr("nosync"), Attr("strictfp"),
                                          Attr("memory", "inaccessiblemem: readwrite"))),
        call_attributes=attribute_set((Attr("strictfp"),)),
    ),
    ops.MemcpyOp: Intrinsic(
        "llvm.memcpy", overloads=(0, 1, 2), immediates=((3, _flag("isVolatile")),),
        attributes=MEMCPY,
        params={0: attribute_set((Attr("noalias"), Attr("nocapture"), Attr("writeonly"))),
                1: attribute_set((Attr("noalias"), Attr("nocapture"), Attr("readonly"))),
                3: IMMARG},
    ),
    ops.MemsetOp: Intrinsic(
        "llvm.memset", overloads=(0, 2), immediates=((3, _flag("isVolatile")),),
        attributes=MEMSET,
        params={0: attribute_set((Attr("nocapture"), Attr("writeonly"))), 3: IMMARG},
    ),
    ops.MaskedLoadOp: Intrinsic(
        "llvm.masked.load", overloads=("result", 0), immediates=((1, _flag("alignment", i32)),),
        attributes=ARGMEM_READ, params={0: NOCAPTURE, 1: IMMARG},
    ),
    ops.MaskedStoreOp: Intrinsic(
        "llvm.masked.store", overloads=(0, 1), immediates=((2, _flag("alignment", i32)),),
        attributes=ARGMEM_WRITE, params={1: NOCAPTURE, 2: IMMARG},
    ),
    ops.VectorReduceFAddOp: _on_operand("llvm.vector.reduce.fadd", 1),
    ops.VectorReduceFMulOp: _on_operand("llvm.vector.reduce.fmul", 1),
}  # fmt: skip

for _op in (ops.FMAOp, ops.FMulAddOp, ops.ExpOp, ops.Exp2Op, ops.LogOp, ops.Log2Op,
            ops.Log10Op, ops.SqrtOp, ops.SinOp, ops.CosOp, ops.FAbsOp, ops.FloorOp,
            ops.CeilOp, ops.RoundOp, ops.RoundEvenOp, ops.FTruncOp, ops.PowOp, ops.CopySignOp,
            ops.MinNumOp, ops.MaxNumOp, ops.MinimumOp, ops.MaximumOp, ops.SMaxOp, ops.SMinOp,
            ops.UMaxOp, ops.UMinOp, ops.CtPopOp):  # fmt: skip
    INTRINSICS[_op] = Intrinsic("llvm." + _op.name.removeprefix("llvm.intr."))
for _op in (ops.VectorReduceFMaxOp, ops.VectorReduceFMinOp, ops.VectorReduceFMaximumOp,
            ops.VectorReduceFMinimumOp, ops.VectorReduceAddOp, ops.VectorReduceMulOp,
            ops.VectorReduceAndOp, ops.VectorReduceOrOp, ops.VectorReduceXorOp,
            ops.VectorReduceSMaxOp, ops.VectorReduceSMinOp, ops.VectorReduceUMaxOp,
            ops.VectorReduceUMinOp):  # fmt: skip
    INTRINSICS[_op] = _on_operand("llvm." + _op.name.removeprefix("llvm.intr."))


def call_arguments(op, intrinsic: Intrinsic, operands: list) -> list:
    """The call's arguments: the op's operands with the immediate properties inserted,
    and a poison pass-through for a masked load without one (as IRBuilder's)."""
    args = list(operands)
    if isinstance(op, ops.MaskedLoadOp) and len(args) == 2:
        args.append(Poison(op.results[0].type))
    for position, make in intrinsic.immediates:
        args.insert(position, make(op))
    return args


def declaration_type(op, args: list) -> LLVMFunctionType:
    result = op.results[0].type if op.results else VOID
    return LLVMFunctionType(result, tuple(a.type for a in args))


def check_native(module) -> None:
    """What LLVM's x86 backend would abort the whole process on, as a diagnostic instead:
    `llvm.intr.powi` takes its exponent as a C `int` (i32) there."""
    for op in module.iter_nested():
        if type(op) is ops.PowIOp and getattr(op.operand(1).type, "width", 32) != 32:
            raise DiagnosticError(
                f"'llvm.intr.powi' with a '{op.operand(1).type}' exponent cannot be compiled "
                "for this target: LLVM's backend takes it as a C int (i32)",
                op.location,
            )
