"""Reference semantics of `builtin.unrealized_conversion_cast` between value-level type
systems: the cast changes the type, not the value. Partial conversions leave such casts
between dialects whose values the interpreter represents alike (a builtin tensor and a
graph tensor are both numpy arrays), so a mixed module runs as the original would. A cast
from N values to one tuple packs them (a tuple is a Python tuple, nested as its type), a
cast from a tuple to its N leaves unpacks it; other casts fail, naming the types."""

from __future__ import annotations

from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.interpreter import InterpreterError, register_impl
from mlc.ir.types import TupleType


def _leaves(value) -> list:
    if isinstance(value, tuple):
        return [leaf for field in value for leaf in _leaves(field)]
    return [value]


def _leaf_count(type_) -> int:
    if isinstance(type_, TupleType):
        return sum(_leaf_count(t) for t in type_.types)
    return 1


def _pack(type_, leaves: list):
    """A value of (tuple) type `type_` from the front of `leaves`, which it consumes."""
    if not isinstance(type_, TupleType):
        return leaves.pop(0)
    return tuple(_pack(t, leaves) for t in type_.types)


@register_impl(UnrealizedConversionCastOp)
def _cast(interp, op, args):
    leaves = [leaf for value in args for leaf in _leaves(value)]
    types = op.result_types
    if sum(_leaf_count(t) for t in types) != len(leaves):
        inputs = ", ".join(str(v.type) for v in op.operands)
        raise InterpreterError(
            f"cannot interpret a cast of ({inputs}) to ({', '.join(map(str, types))})", op
        )
    return [_pack(t, leaves) for t in types]
