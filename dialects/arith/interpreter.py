"""Reference interpreter rules of the arith dialect (see `mlc.ir.interpreter`), on the
element-wise semantics the folders use (`semantics.py`): one definition of each op.

Integers are computed exactly on their signed readings and wrapped to their width; floats in
their own precision, NaNs as LLVM's APFloat makes them. `truncf` honours its rounding mode;
fast-math flags are ignored (the exact semantics is what every flag permits). `maxnumf` and
`minnumf` return the non-NaN operand, as LLVM's `maxnum`/`minnum`.

Undefined behavior, and poison, which the interpreter treats as undefined behavior where it
is produced, raise `UndefinedBehavior`:
- division by zero (`divsi`, `divui`, `ceildiv*`, `floordivsi`, `remsi`, `remui`);
- signed division overflow, INT_MIN / -1 (`divsi`, `ceildivsi`, `floordivsi`), and
  INT_MIN % -1 (`remsi`), which LLVM's `srem` leaves undefined (x86 traps on it);
- a shift amount of at least the width (`shli`, `shrsi`, `shrui`: poison);
- signed or unsigned wrap under the `nsw` / `nuw` flags (`addi`, `subi`, `muli`, `shli`);
- a float to integer conversion of NaN, infinity or a value out of range (poison).
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.arith import ops
from mlc.dialects.arith import semantics as sem
from mlc.dialects.arith.attributes import CMPF_PREDICATES, CMPI_PREDICATES, ROUNDING_MODES
from mlc.ir.interpreter import UndefinedBehavior, attr_to_value, register_impl, wrap_integer

# --- values -----------------------------------------------------------------------------------


def _exact(value, type):
    """An integer value (numpy scalar or array, or a Python int) in the exact domain."""
    width = sem.int_width(type)
    if isinstance(value, np.ndarray):
        return sem.exact(value, width)
    return sem.signed(int(value), width)


def _float(value) -> np.ndarray:
    return np.asarray(value)


def _value(result, type):
    """A result of `semantics` as an interpreter value of `type`."""
    if sem.float_format(type) is None:
        return wrap_integer(result, type)
    result = np.asarray(result)
    return result[()] if result.ndim == 0 else result


def _check(undefined, message: str, op) -> None:
    if np.any(undefined):
        raise UndefinedBehavior(message, op)


# --- integer arithmetic -------------------------------------------------------------------------


def _zero_divisor(a, b, w):
    return sem.division_by_zero(b)


def _zero_divisor_or_overflow(a, b, w):
    return sem.division_by_zero(b) | sem.signed_division_overflow(a, b, w)


def _shift_out_of_range(a, b, w):
    return sem.shift_out_of_range(b, w)


_BY_ZERO = (_zero_divisor, "division by zero")
_BY_ZERO_OR_OVERFLOW = (_zero_divisor_or_overflow, "division by zero or signed overflow")
_SHIFT = (_shift_out_of_range, "shift amount of at least the bit width (poison)")

# op class -> (computation, undefined behavior check or None)
_INT_BINARY = {
    ops.AddIOp: (sem.addi, None), ops.SubIOp: (sem.subi, None), ops.MulIOp: (sem.muli, None),
    ops.AndIOp: (sem.andi, None), ops.OrIOp: (sem.ori, None), ops.XOrIOp: (sem.xori, None),
    ops.MaxSIOp: (sem.maxsi, None), ops.MaxUIOp: (sem.maxui, None),
    ops.MinSIOp: (sem.minsi, None), ops.MinUIOp: (sem.minui, None),
    ops.DivUIOp: (sem.divui, _BY_ZERO), ops.DivSIOp: (sem.divsi, _BY_ZERO_OR_OVERFLOW),
    ops.CeilDivUIOp: (sem.ceildivui, _BY_ZERO),
    ops.CeilDivSIOp: (sem.ceildivsi, _BY_ZERO_OR_OVERFLOW),
    ops.FloorDivSIOp: (sem.floordivsi, _BY_ZERO_OR_OVERFLOW),
    ops.RemUIOp: (sem.remui, _BY_ZERO), ops.RemSIOp: (sem.remsi, _BY_ZERO_OR_OVERFLOW),
    ops.ShLIOp: (sem.shli, _SHIFT), ops.ShRSIOp: (sem.shrsi, _SHIFT),
    ops.ShRUIOp: (sem.shrui, _SHIFT),
}  # fmt: skip
_FLAGGED = {ops.AddIOp: "addi", ops.SubIOp: "subi", ops.MulIOp: "muli", ops.ShLIOp: "shli"}


def int_binary_rule(table: dict, flagged: dict):
    """The rule of the integer ops `table` maps to (computation, undefined behaviour check
    or None); `flagged` names the `overflow_poison` semantics of ops with overflow flags.
    Shared with the llvm dialect, whose integer ops mean the same."""

    def rule(interp, op, args):
        compute, undefined = table[type(op)]
        t = op.results[0].type
        w = sem.int_width(t)
        a, b = _exact(args[0], t), _exact(args[1], t)
        if undefined is not None:
            _check(undefined[0](a, b, w), undefined[1], op)
        flags = op.properties.get("overflowFlags")
        if flags is not None and flags.flags:
            poison = sem.overflow_poison(flagged[type(op)], a, b, w, flags.flags)
            _check(poison, f"{'/'.join(sorted(flags.flags))} overflow (poison)", op)
        return [_value(compute(a, b, w), t)]

    return rule


_int_binary = int_binary_rule(_INT_BINARY, _FLAGGED)


for _cls in _INT_BINARY:
    register_impl(_cls)(_int_binary)


def _extended(compute):
    def rule(interp, op, args):
        t = op.operand(0).type
        first, second = compute(_exact(args[0], t), _exact(args[1], t), sem.int_width(t))
        return [_value(first, op.results[0].type), _value(second, op.results[1].type)]

    return rule


register_impl(ops.AddUIExtendedOp)(_extended(sem.addui_extended))
register_impl(ops.MulSIExtendedOp)(_extended(sem.mulsi_extended))
register_impl(ops.MulUIExtendedOp)(_extended(sem.mului_extended))


@register_impl(ops.CmpIOp)
def _cmpi(interp, op, args):
    t = op.operand(0).type
    predicate = CMPI_PREDICATES.keywords[op.properties["predicate"].value]
    result = sem.cmpi(predicate, _exact(args[0], t), _exact(args[1], t), sem.int_width(t))
    return [_value(result, op.results[0].type)]


# --- floats -----------------------------------------------------------------------------------

_FLOAT_BINARY = {
    ops.AddFOp: sem.addf, ops.SubFOp: sem.subf, ops.MulFOp: sem.mulf, ops.DivFOp: sem.divf,
    ops.RemFOp: sem.remf, ops.MaximumFOp: sem.maximumf, ops.MinimumFOp: sem.minimumf,
    ops.MaxNumFOp: sem.maxnumf, ops.MinNumFOp: sem.minnumf,
}  # fmt: skip


def float_binary_rule(table: dict):
    """The rule of the float ops `table` maps to their element semantics."""

    def rule(interp, op, args):
        result = table[type(op)](_float(args[0]), _float(args[1]))
        return [_value(result, op.results[0].type)]

    return rule


_float_binary = float_binary_rule(_FLOAT_BINARY)


for _cls in _FLOAT_BINARY:
    register_impl(_cls)(_float_binary)


@register_impl(ops.NegFOp)
def _negf(interp, op, args):
    return [_value(sem.negf(_float(args[0])), op.results[0].type)]


@register_impl(ops.CmpFOp)
def _cmpf(interp, op, args):
    predicate = CMPF_PREDICATES.keywords[op.properties["predicate"].value]
    result = sem.cmpf(predicate, _float(args[0]), _float(args[1]))
    return [_value(result, op.results[0].type)]


# --- casts ------------------------------------------------------------------------------------


def _int_cast(compute):
    """A cast between integer types: `compute(x, from_width, to_width)`."""

    def rule(interp, op, args):
        source, target = op.operand(0).type, op.results[0].type
        x = _exact(args[0], source)
        return [_value(compute(x, sem.int_width(source), sem.int_width(target)), target)]

    return rule


def _extui(x, from_width, to_width):
    return sem.extui(x, from_width)


def _sign_extend_or_truncate(x, from_width, to_width):
    return sem.trunci(x, to_width)  # values are kept sign-extended: only truncation acts


register_impl(ops.ExtUIOp)(_int_cast(_extui))
register_impl(ops.ExtSIOp)(_int_cast(_sign_extend_or_truncate))
register_impl(ops.TruncIOp)(_int_cast(_sign_extend_or_truncate))
register_impl(ops.IndexCastOp)(_int_cast(_sign_extend_or_truncate))
register_impl(ops.IndexCastUIOp)(_int_cast(sem.index_castui))


def _float_conversion(interp, op, args):
    t = op.results[0].type
    mode = op.properties.get("roundingmode")
    rounding = ROUNDING_MODES.keywords[mode.value] if mode is not None else "to_nearest_even"
    return [_value(sem.convert_float(_float(args[0]), sem.float_format(t), rounding), t)]


register_impl(ops.ExtFOp)(_float_conversion)
register_impl(ops.TruncFOp)(_float_conversion)


def _int_to_float(is_signed: bool):
    def rule(interp, op, args):
        source, target = op.operand(0).type, op.results[0].type
        x = _exact(args[0], source)
        result = sem.int_to_float(x, sem.int_width(source), is_signed, sem.float_format(target))
        return [_value(result, target)]

    return rule


def _float_to_int(is_signed: bool):
    def rule(interp, op, args):
        t = op.results[0].type
        values, invalid = sem.float_to_int(_float(args[0]), sem.int_width(t), is_signed)
        _check(invalid, "conversion of NaN, infinity or an out-of-range value (poison)", op)
        return [_value(values, t)]

    return rule


register_impl(ops.SIToFPOp)(_int_to_float(True))
register_impl(ops.UIToFPOp)(_int_to_float(False))
register_impl(ops.FPToSIOp)(_float_to_int(True))
register_impl(ops.FPToUIOp)(_float_to_int(False))


@register_impl(ops.BitcastOp)
def _bitcast(interp, op, args):
    source, target = op.operand(0).type, op.results[0].type
    source_fmt, target_fmt = sem.float_format(source), sem.float_format(target)
    if source_fmt is not None and target_fmt is not None:
        result = sem.bitcast_float(_float(args[0]), target_fmt)
    elif target_fmt is not None:
        result = sem.bitcast_to_float(_exact(args[0], source), sem.int_width(source), target_fmt)
    elif source_fmt is not None:
        result = sem.bitcast_to_int(_float(args[0]))
    else:
        result = _exact(args[0], source)
    return [_value(result, target)]


# --- select and constants ---------------------------------------------------------------------


@register_impl(ops.SelectOp)
def _select(interp, op, args):
    condition, on_true, on_false = args
    if isinstance(condition, np.ndarray):  # a mask: element by element
        return [np.where(condition, on_true, on_false)]
    return [on_true if condition else on_false]


@register_impl(ops.ConstantOp)
def _constant(interp, op, args):
    return [attr_to_value(op.properties["value"])]
