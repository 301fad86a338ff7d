"""Canonicalization patterns of the element-wise graph ops (`get_canonicalization_patterns`).

Identities are applied only when the result type equals the operand's, so broadcasting by
the identity element (`[4] + zeros[2, 4]`) is kept. `x + 0 -> x` is applied to floats too,
as TVM's and XLA's simplifiers do: it changes only the sign of a zero sum (`-0 + 0 = +0`),
which the graph level treats as the same value.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.graph import elementwise as ew
from mlc.dialects.graph import shape_ops as so
from mlc.dialects.graph.base import get_ints, ints_attr
from mlc.dialects.graph.constant import ConstantOp
from mlc.ir.attributes import bool_attr
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import attr_to_value
from mlc.ir.rewrite.pattern import pattern
from mlc.ir.values import OpResult


def constant_array(value) -> np.ndarray | None:
    """The elements of a value defined by a dense `graph.constant`, else None."""
    if not isinstance(value, OpResult) or not isinstance(value.op, ConstantOp):
        return None
    attr = value.op.properties["value"]
    return np.asarray(attr_to_value(attr)) if isinstance(attr, DenseElementsAttr) else None


def _is_all(value, number) -> bool:
    array = constant_array(value)
    return array is not None and array.size > 0 and bool(np.all(array == number))


def _forward(op, rewriter, value) -> bool:
    """Replace `op` by `value` when that keeps the result type."""
    if value.type != op.results[0].type:
        return False
    rewriter.replace_op(op, [value])
    return True


def _identity(cls, identity_element, operand_indices, label: str):
    """`x op e -> x` (and `e op x` where `operand_indices` says so) for identity `e`."""

    def rewrite(op, rewriter) -> bool:
        for i in operand_indices:
            if _is_all(op.operand(i), identity_element):
                if _forward(op, rewriter, op.operand(1 - i)):
                    return True
        return False

    rewrite.__name__ = label
    return pattern(cls)(rewrite)


add_zero = _identity(ew.AddOp, 0, (1, 0), "add_zero")
sub_zero = _identity(ew.SubOp, 0, (1,), "sub_zero")
mul_one = _identity(ew.MulOp, 1, (1, 0), "mul_one")
div_one = _identity(ew.DivOp, 1, (1,), "div_one")


@pattern(ew.NegOp)
def neg_neg(op, rewriter) -> bool:
    """`-(-x) -> x`."""
    inner = op.operand(0)
    if isinstance(inner, OpResult) and isinstance(inner.op, ew.NegOp):
        return _forward(op, rewriter, inner.op.operand(0))
    return False


def _idempotent(cls):
    def rewrite(op, rewriter) -> bool:
        """`f(f(x)) -> f(x)` for idempotent `f`."""
        inner = op.operand(0)
        if isinstance(inner, OpResult) and type(inner.op) is cls:
            return _forward(op, rewriter, inner)
        return False

    rewrite.__name__ = f"{cls.name.split('.')[1]}_idempotent"
    return pattern(cls)(rewrite)


IDEMPOTENT = {cls: _idempotent(cls) for cls in (ew.ReluOp, ew.AbsOp, ew.FloorOp, ew.CeilOp,
                                                ew.RoundOp, ew.SignOp)}  # fmt: skip


@pattern(ew.CastOp)
def cast_to_same_type(op, rewriter) -> bool:
    """A cast to the element type it already has is the identity."""
    return _forward(op, rewriter, op.operand(0))


@pattern(ew.WhereOp)
def where_constant_condition(op, rewriter) -> bool:
    """`where(true, x, y) -> x`, `where(false, x, y) -> y` (when no broadcasting happens)."""
    if _is_all(op.operand(0), True):
        return _forward(op, rewriter, op.operand(1))
    if _is_all(op.operand(0), False):
        return _forward(op, rewriter, op.operand(2))
    return False


# --- shapes ----------------------------------------------------------------------------------
def _producer(value, cls):
    return value.op if isinstance(value, OpResult) and type(value.op) is cls else None


@pattern(so.ReshapeOp)
def reshape_identity(op, rewriter) -> bool:
    """`reshape(x)` to the type `x` already has is `x` (a transpose keeping the type may
    still move dims, a reshape cannot, unless two dims are unknown: `[?, ?]` may be
    `[2, 3] -> [3, 2]`)."""
    if sum(d is None for d in op.results[0].type.shape) > 1:
        return False
    return _forward(op, rewriter, op.operand(0))


@pattern(so.ReshapeOp)
def reshape_reshape(op, rewriter) -> bool:
    """`reshape(reshape(x))` is one reshape of `x` to the outer result's shape, when that
    shape is fully known (the outer's codes may refer to the inner's dims)."""
    inner = _producer(op.operand(0), so.ReshapeOp)
    result = op.results[0].type
    if inner is None or any(d is None for d in result.shape):
        return False
    merged = so.ReshapeOp.create(
        [inner.operand(0)], [result],
        {"shape": so.sizes_attr(result.shape), "allowzero": bool_attr(True)},
        location=op.location,
    )  # fmt: skip
    rewriter.insert(merged)
    rewriter.replace_op(op, merged)
    return True


@pattern(so.TransposeOp)
def transpose_identity(op, rewriter) -> bool:
    """A transpose by the identity permutation is its input."""
    rank = op.results[0].type.rank
    if tuple(so.transpose_perm(op.properties, rank)) != tuple(range(rank)):
        return False
    return _forward(op, rewriter, op.operand(0))


@pattern(so.TransposeOp)
def transpose_transpose(op, rewriter) -> bool:
    """`transpose(transpose(x, p), q)` is `transpose(x, p∘q)` (the identity folds next)."""
    inner = _producer(op.operand(0), so.TransposeOp)
    if inner is None:
        return False
    rank = op.results[0].type.rank
    p = so.transpose_perm(inner.properties, rank)
    q = so.transpose_perm(op.properties, rank)
    merged = so.TransposeOp(inner.operand(0), perm=ints_attr([p[i] for i in q]), loc=op.location)
    rewriter.insert(merged)
    rewriter.replace_op(op, merged)
    return True


@pattern(so.SqueezeOp)
def squeeze_expand_dims(op, rewriter) -> bool:
    """`squeeze(expand_dims(x, axes), axes)` is `x`."""
    inner = _producer(op.operand(0), so.ExpandDimsOp)
    if inner is None or op.results[0].type != inner.operand(0).type:
        return False
    if get_ints(op.properties, "axes") != get_ints(inner.properties, "axes"):
        return False
    return _forward(op, rewriter, inner.operand(0))


PATTERNS = {
    ew.AddOp: (add_zero,),
    ew.SubOp: (sub_zero,),
    ew.MulOp: (mul_one,),
    ew.DivOp: (div_one,),
    ew.NegOp: (neg_neg,),
    ew.CastOp: (cast_to_same_type,),
    ew.WhereOp: (where_constant_condition,),
    **{cls: (p,) for cls, p in IDEMPOTENT.items()},
    so.ReshapeOp: (reshape_identity, reshape_reshape),
    so.TransposeOp: (transpose_identity, transpose_transpose),
    so.SqueezeOp: (squeeze_expand_dims,),
}
