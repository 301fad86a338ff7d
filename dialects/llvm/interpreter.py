"""Reference interpreter rules of the llvm dialect (see `mlc.ir.interpreter`), with LLVM
LangRef semantics, so that what mlc's lowering pipeline produces runs next to its input.

Arithmetic, comparisons and casts reuse the arith interpreter's element semantics, the
intrinsics the math interpreter's rules (same rounding and accuracy notes). The memory ops,
globals and calls are in `memory_interpreter.py`, on the byte-addressed model of
`memory_model.py`: pointers are (address, allocation) values, structs and arrays are
tuples; `memref_arguments`/`read_memref` (in `descriptors.py`) pass numpy arrays across the
boundary of a lowered function.

Undefined behaviour and poison raise `UndefinedBehavior` where they happen: division by zero
and signed overflow of sdiv/srem, shifts by at least the width, nsw/nuw wrap,
float-to-int conversion out of range, an out-of-range extractelement/insertelement index,
`ctlz`/`cttz` of zero and `abs` of the minimum under their poison flags, `inbounds`
pointer arithmetic leaving its allocation, loads and stores outside an allocation, through
null, of freed memory or into a constant global, reading memory never written, freeing what
malloc did not return, `memcpy` between overlapping ranges, `unreachable`, and a false
`assume`.

Documented choices: `undef` and `poison` constants (and poison shufflevector mask entries)
are the zero value of their type, a refinement LLVM allows; so `freeze` is the identity, and
undefined behaviour that only a use of such a poison value would cause goes unnoticed (the
lowering emits them only as placeholders that it then overwrites).
Alignment, volatility and atomic orderings are ignored (`atomicrmw` runs single-threaded:
load, combine, store, return the old value). External functions other than `malloc`,
`free`, `calloc`, `aligned_alloc` and MLIR's runtime `memrefCopy` cannot be called; stack
memory is not released.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.arith import ops as arith
from mlc.dialects.arith import semantics as sem
from mlc.dialects.arith.interpreter import (
    _BY_ZERO,
    _BY_ZERO_OR_OVERFLOW,
    _SHIFT,
    _check,
    _exact,
    _value,
    float_binary_rule,
    int_binary_rule,
)
from mlc.dialects.llvm import aggregates as agg
from mlc.dialects.llvm import arithmetic as ar
from mlc.dialects.llvm import constants as const
from mlc.dialects.llvm import control_flow as cf
from mlc.dialects.llvm import intrinsics as intr
from mlc.dialects.llvm.memory_model import (
    NULL,
    Pointer,
    decode,
    encode,
)
from mlc.dialects.llvm.types import LLVMArrayType, LLVMPointerType, LLVMStructType
from mlc.dialects.math import ops as math
from mlc.ir.attributes import ArrayAttr, FloatAttr, IntegerAttr, StringAttr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import (
    Branch,
    InterpreterError,
    UndefinedBehavior,
    Yield,
    attr_to_value,
    impl_for,
    numpy_dtype,
    register_impl,
    wrap_integer,
)
from mlc.ir.types import FloatType, IndexType, IntegerType, VectorType

# --- integer arithmetic -----------------------------------------------------------------------

# op class -> (computation, undefined behaviour check or None)
_INT_BINARY = {
    ar.AddOp: (sem.addi, None), ar.SubOp: (sem.subi, None), ar.MulOp: (sem.muli, None),
    ar.ShlOp: (sem.shli, _SHIFT), ar.UDivOp: (sem.divui, _BY_ZERO),
    ar.SDivOp: (sem.divsi, _BY_ZERO_OR_OVERFLOW), ar.URemOp: (sem.remui, _BY_ZERO),
    ar.SRemOp: (sem.remsi, _BY_ZERO_OR_OVERFLOW), ar.AndOp: (sem.andi, None),
    ar.OrOp: (sem.ori, None), ar.XOrOp: (sem.xori, None), ar.LShrOp: (sem.shrui, _SHIFT),
    ar.AShrOp: (sem.shrsi, _SHIFT),
    intr.SMaxOp: (sem.maxsi, None), intr.SMinOp: (sem.minsi, None),
    intr.UMaxOp: (sem.maxui, None), intr.UMinOp: (sem.minui, None),
}  # fmt: skip
_FLAGGED = {ar.AddOp: "addi", ar.SubOp: "subi", ar.MulOp: "muli", ar.ShlOp: "shli"}

_int_binary = int_binary_rule(_INT_BINARY, _FLAGGED)
for _cls in _INT_BINARY:
    register_impl(_cls)(_int_binary)


# --- floats -----------------------------------------------------------------------------------

_FLOAT_BINARY = {
    ar.FAddOp: sem.addf, ar.FSubOp: sem.subf, ar.FMulOp: sem.mulf, ar.FDivOp: sem.divf,
    ar.FRemOp: sem.remf, intr.MinNumOp: sem.minnumf, intr.MaxNumOp: sem.maxnumf,
    intr.MinimumOp: sem.minimumf, intr.MaximumOp: sem.maximumf,
}  # fmt: skip
_float_binary = float_binary_rule(_FLOAT_BINARY)
for _cls in _FLOAT_BINARY:
    register_impl(_cls)(_float_binary)


@register_impl(ar.FNegOp)
def _fneg(interp, op, args):
    return [_value(sem.negf(np.asarray(args[0])), op.results[0].type)]


# Same semantics, same operand layout and the same predicate numbering as arith's: its rules.
register_impl(ar.FCmpOp)(impl_for(arith.CmpFOp))
register_impl(ar.SelectOp)(impl_for(arith.SelectOp))
register_impl(ar.TruncOp)(impl_for(arith.TruncIOp))
register_impl(ar.SExtOp)(impl_for(arith.ExtSIOp))
register_impl(ar.ZExtOp)(impl_for(arith.ExtUIOp))
register_impl(ar.FPExtOp)(impl_for(arith.ExtFOp))
register_impl(ar.FPTruncOp)(impl_for(arith.TruncFOp))
register_impl(ar.SIToFPOp)(impl_for(arith.SIToFPOp))
register_impl(ar.UIToFPOp)(impl_for(arith.UIToFPOp))
register_impl(ar.FPToSIOp)(impl_for(arith.FPToSIOp))
register_impl(ar.FPToUIOp)(impl_for(arith.FPToUIOp))


@register_impl(ar.ICmpOp)
def _icmp(interp, op, args):
    """Integers as arith.cmpi; pointers compare their addresses as unsigned integers."""
    if not isinstance(args[0], Pointer):
        return impl_for(arith.CmpIOp)(interp, op, args)
    predicate = ar.ICMP_PREDICATES.keywords[op.properties["predicate"].value]
    a, b = (sem.signed(p.address, 64) for p in args)
    return [np.bool_(sem.cmpi(predicate, a, b, 64))]


@register_impl(ar.FreezeOp)
def _freeze(interp, op, args):
    return [args[0]]  # values are never undef or poison here (see the module docstring)


# --- casts through memory's view of values ------------------------------------------------------


@register_impl(ar.BitcastOp)
def _bitcast(interp, op, args):
    """Reinterprets the bits: what storing the value and loading the other type reads."""
    source, target = op.operand(0).type, op.results[0].type
    if isinstance(source, LLVMPointerType):
        return [args[0]]
    return [decode(encode(args[0], source), target)]


@register_impl(ar.PtrToIntOp)
def _ptrtoint(interp, op, args):
    return [wrap_integer(args[0].address, op.results[0].type)]


@register_impl(ar.IntToPtrOp)
def _inttoptr(interp, op, args):
    return [Pointer.from_address(sem.unsigned(int(args[0]), sem.int_width(op.operand(0).type)))]


@register_impl(ar.AddrSpaceCastOp)
def _addrspacecast(interp, op, args):
    return [args[0]]


# --- constants --------------------------------------------------------------------------------


def zero_value(t):
    """The value of `llvm.mlir.zero` of type `t` (also undef's and poison's here)."""
    if isinstance(t, (IntegerType, IndexType)):
        return wrap_integer(0, t)
    if isinstance(t, FloatType):
        return numpy_dtype(t).type(0)
    if isinstance(t, LLVMPointerType):
        return NULL
    if isinstance(t, VectorType):
        if isinstance(t.element_type, LLVMPointerType):
            return np.array([NULL] * t.shape[0], object)
        return np.zeros(t.shape, numpy_dtype(t.element_type))
    if isinstance(t, LLVMArrayType):
        return (zero_value(t.element_type),) * t.num_elements
    if isinstance(t, LLVMStructType):
        return tuple(zero_value(member) for member in t.body)
    raise InterpreterError(f"no values of type '{t}'")


def constant_value(attr, t):
    """The value of `llvm.mlir.constant(attr) : t` (and of a global's `value`)."""
    if isinstance(attr, StringAttr):
        return tuple(np.int8(np.uint8(b)) for b in attr.value.encode("utf-8", "surrogateescape"))
    if isinstance(attr, IntegerAttr) and isinstance(t, (IntegerType, IndexType)):
        return wrap_integer(attr.value, t)
    if isinstance(t, LLVMStructType):  # complex numbers: [re, im]
        return tuple(constant_value(a, m) for a, m in zip(attr.value, t.body))
    if isinstance(t, LLVMArrayType):
        if isinstance(attr, ArrayAttr):
            return tuple(constant_value(a, t.element_type) for a in attr.value)
        dims, leaf = _array_dims(t)
        shape = dims + (tuple(leaf.shape) if isinstance(leaf, VectorType) else ())
        values = np.broadcast_to(np.asarray(attr_to_value(attr)), shape)
        return _nested_tuples(values, len(dims))
    if isinstance(attr, (IntegerAttr, FloatAttr, DenseElementsAttr)):
        value = attr_to_value(attr)
        if isinstance(t, VectorType) and np.ndim(value) == 0:
            value = np.full(t.shape, value)
        return value
    raise InterpreterError(f"cannot interpret constant {attr} of type '{t}'")


def _array_dims(t) -> tuple:
    """The sizes of nested llvm arrays, and the type of their innermost elements."""
    dims = []
    while isinstance(t, LLVMArrayType):
        dims.append(t.num_elements)
        t = t.element_type
    return tuple(dims), t


def _nested_tuples(values: np.ndarray, depth: int):
    """`values` as `depth` levels of nested tuples (the leaves stay numpy values)."""
    if depth == 0:
        return values[()] if values.ndim == 0 else np.array(values)
    return tuple(_nested_tuples(v, depth - 1) for v in values)


@register_impl(const.ConstantOp)
def _constant(interp, op, args):
    return [constant_value(op.properties["value"], op.results[0].type)]


def _zero(interp, op, args):
    return [zero_value(op.results[0].type)]


for _cls in (const.ZeroOp, const.UndefOp, const.PoisonOp):
    register_impl(_cls)(_zero)


# --- aggregates and vectors ----------------------------------------------------------------------


@register_impl(agg.ExtractValueOp)
def _extractvalue(interp, op, args):
    value = args[0]
    for index in op.properties["position"].value:
        value = value[index]
    return [value]


def _inserted(container: tuple, position, value) -> tuple:
    index, rest = position[0], position[1:]
    member = _inserted(container[index], rest, value) if rest else value
    return container[:index] + (member,) + container[index + 1 :]


@register_impl(agg.InsertValueOp)
def _insertvalue(interp, op, args):
    return [_inserted(args[0], tuple(op.properties["position"].value), args[1])]


def _lane(op, index, vector_type) -> int:
    """A vector lane index (unsigned); one out of range gives poison."""
    lane = sem.unsigned(int(index), sem.int_width(op.operands[-1].type))
    if lane >= vector_type.shape[0]:
        raise UndefinedBehavior(f"lane {lane} of a {vector_type.shape[0]}-lane vector (poison)", op)
    return lane


@register_impl(agg.ExtractElementOp)
def _extractelement(interp, op, args):
    return [args[0][_lane(op, args[1], op.operand(0).type)]]


@register_impl(agg.InsertElementOp)
def _insertelement(interp, op, args):
    out = np.array(args[0])
    out[_lane(op, args[2], op.operand(0).type)] = args[1]
    return [out]


@register_impl(agg.ShuffleVectorOp)
def _shufflevector(interp, op, args):
    both = np.concatenate([args[0], args[1]])
    t = op.results[0].type
    out = np.array(zero_value(t))
    for i, lane in enumerate(op.properties["mask"].value):
        if lane >= 0:  # -1: a poison lane, zero here
            out[i] = both[lane]
    return [out]


@register_impl(intr.StepVectorOp)
def _stepvector(interp, op, args):
    t = op.results[0].type
    return [wrap_integer(np.arange(t.shape[0]), t)]


# --- intrinsics: the math interpreter's rules, poison flags, reductions ------------------------

for _llvm_op, _math_op in {
    intr.ExpOp: math.ExpOp, intr.Exp2Op: math.Exp2Op, intr.LogOp: math.LogOp,
    intr.Log2Op: math.Log2Op, intr.Log10Op: math.Log10Op, intr.SqrtOp: math.SqrtOp,
    intr.SinOp: math.SinOp, intr.CosOp: math.CosOp, intr.FAbsOp: math.AbsFOp,
    intr.FloorOp: math.FloorOp, intr.CeilOp: math.CeilOp, intr.RoundOp: math.RoundOp,
    intr.RoundEvenOp: math.RoundEvenOp, intr.FTruncOp: math.TruncOp, intr.PowOp: math.PowFOp,
    intr.CopySignOp: math.CopySignOp, intr.PowIOp: math.FPowIOp, intr.FMAOp: math.FmaOp,
    intr.FMulAddOp: math.FmaOp, intr.CtPopOp: math.CtPopOp,
}.items():  # fmt: skip
    register_impl(_llvm_op)(impl_for(_math_op))


def _poison_flagged(math_op, flag: str, poison, message: str):
    """The math rule, after raising when `flag` is set and `poison(value, width)` holds."""
    rule = impl_for(math_op)

    def flagged(interp, op, args):
        flag_attr = op.properties.get(flag)
        if flag_attr is not None and flag_attr.value:
            t = op.operand(0).type
            _check(poison(_exact(args[0], t), sem.int_width(t)), message, op)
        return rule(interp, op, args)

    return flagged


register_impl(intr.CtlzOp)(
    _poison_flagged(math.CountLeadingZerosOp, "is_zero_poison", lambda x, w: x == 0,
                    "count of leading zeros of 0 with is_zero_poison (poison)")
)  # fmt: skip
register_impl(intr.CttzOp)(
    _poison_flagged(math.CountTrailingZerosOp, "is_zero_poison", lambda x, w: x == 0,
                    "count of trailing zeros of 0 with is_zero_poison (poison)")
)  # fmt: skip
register_impl(intr.AbsOp)(
    _poison_flagged(math.AbsIOp, "is_int_min_poison", lambda x, w: x == -(1 << (w - 1)),
                    "abs of the minimum value with is_int_min_poison (poison)")
)  # fmt: skip


@register_impl(intr.UAddWithOverflowOp)
def _uadd_with_overflow(interp, op, args):
    t = op.operand(0).type
    total, carry = sem.addui_extended(_exact(args[0], t), _exact(args[1], t), sem.int_width(t))
    return [(_value(total, t), _value(carry, _i1_like(t)))]


def _i1_like(t):
    return VectorType(t.shape, IntegerType(1)) if isinstance(t, VectorType) else IntegerType(1)


@register_impl(intr.AssumeOp)
def _assume(interp, op, args):
    if not args[0]:
        raise UndefinedBehavior("assumption does not hold", op)


def _fold(combine):
    """A reduction: `combine(a, b, width)` from the first lane on (LLVM's order)."""

    def rule(interp, op, args):
        t = op.results[0].type
        w = sem.int_width(t)
        lanes = [_exact(v, t) for v in args[0]]
        acc = lanes[0]
        for lane in lanes[1:]:
            acc = sem.signed(int(combine(acc, lane, w)), w)
        return [wrap_integer(acc, t)]

    return rule


for _cls, _combine in {
    intr.VectorReduceAddOp: sem.addi, intr.VectorReduceMulOp: sem.muli,
    intr.VectorReduceAndOp: sem.andi, intr.VectorReduceOrOp: sem.ori,
    intr.VectorReduceXorOp: sem.xori, intr.VectorReduceSMaxOp: sem.maxsi,
    intr.VectorReduceSMinOp: sem.minsi, intr.VectorReduceUMaxOp: sem.maxui,
    intr.VectorReduceUMinOp: sem.minui,
}.items():  # fmt: skip
    register_impl(_cls)(_fold(_combine))


def _float_fold(combine, accumulating: bool):
    """A float reduction in lane order (the ordered reduction; reassoc would permit any)."""

    def rule(interp, op, args):
        lanes = list(args[-1])
        acc = np.asarray(args[0]) if accumulating else np.asarray(lanes.pop(0))
        for lane in lanes:
            acc = np.asarray(combine(acc, np.asarray(lane)))
        return [acc[()]]

    return rule


for _cls, _combine, _accumulating in (
    (intr.VectorReduceFAddOp, sem.addf, True), (intr.VectorReduceFMulOp, sem.mulf, True),
    (intr.VectorReduceFMaxOp, sem.maxnumf, False), (intr.VectorReduceFMinOp, sem.minnumf, False),
    (intr.VectorReduceFMaximumOp, sem.maximumf, False),
    (intr.VectorReduceFMinimumOp, sem.minimumf, False),
):  # fmt: skip
    register_impl(_cls)(_float_fold(_combine, _accumulating))


@register_impl(intr.ConstrainedFPTruncOp)
def _constrained_fptrunc(interp, op, args):
    rounding = {
        "towardzero": "toward_zero", "tonearest": "to_nearest_even", "upward": "upward",
        "downward": "downward", "tonearestaway": "to_nearest_away", "dynamic": "to_nearest_even",
    }[intr.ROUNDING_MODES.keywords[op.properties["roundingmode"].value]]  # fmt: skip
    t = op.results[0].type
    return [_value(sem.convert_float(np.asarray(args[0]), sem.float_format(t), rounding), t)]


# --- control flow ---------------------------------------------------------------------------


@register_impl(cf.ReturnOp)
def _return(interp, op, args):
    return Yield(args)


@register_impl(cf.BrOp)
def _br(interp, op, args):
    return Branch(0, args)


@register_impl(cf.CondBrOp)
def _cond_br(interp, op, args):
    condition, rest = args[0], args[1:]
    taken = len(op.successor_groups()[0])
    return Branch(0, rest[:taken]) if condition else Branch(1, rest[taken:])


@register_impl(cf.SwitchOp)
def _switch(interp, op, args):
    value, rest = args[0], args[1:]
    groups, start = [], 0
    for group in op.successor_groups():
        groups.append(rest[start : start + len(group)])
        start += len(group)
    cases = op.properties.get("case_values")
    for i, case in enumerate(np.ravel(attr_to_value(cases)) if cases is not None else ()):
        if case == value:
            return Branch(i + 1, groups[i + 1])
    return Branch(0, groups[0])


@register_impl(cf.UnreachableOp)
def _unreachable(interp, op, args):
    raise UndefinedBehavior("reached llvm.unreachable", op)
