"""Reference interpreter rules of the affine ops (see `mlc.ir.interpreter`): the map evaluated
on exact integers. A division or modulo by zero, or a modulo by a negative number, is
undefined behaviour (MLIR leaves it undefined; `lower-affine` emits a division by it)."""

from __future__ import annotations

import numpy as np

from mlc.dialects.affine.ops import ApplyOp, MaxOp, MinOp
from mlc.ir.interpreter import UndefinedBehavior, register_impl

_HALF = 1 << 63


def _results(op, args) -> list[int]:
    """The map's results, computed exactly and wrapped to 64-bit index scalars."""
    try:
        results = op.evaluate([int(a) for a in args])
    except (ZeroDivisionError, ValueError) as error:
        raise UndefinedBehavior(f"affine map {op.affine_map}: {error}", op) from None
    return [np.int64((r + _HALF) % (2 * _HALF) - _HALF) for r in results]  # 64-bit wrap


@register_impl(ApplyOp)
def _apply(interp, op, args):
    return _results(op, args)


@register_impl(MinOp)
def _min(interp, op, args):
    return [min(_results(op, args))]


@register_impl(MaxOp)
def _max(interp, op, args):
    return [max(_results(op, args))]
