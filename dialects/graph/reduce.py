"""Graph reductions: reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod,
reduce_l2, reduce_sum_square, reduce_log_sum_exp, argmax, argmin (ONNX ReduceX-18 with
`axes` as an attribute, ArgMax/ArgMin-13).

`axes` empty or absent reduces every dim, unless `noop_with_empty_axes` makes the op the
identity; `keepdims` keeps reduced dims as 1s. Element kinds: reduce_mean, reduce_l2 and
reduce_log_sum_exp take floats; reduce_max/reduce_min any element; the others numbers.
"""

from __future__ import annotations

from mlc.dialects.graph.base import (
    INT_ATTR,
    INTS_ATTR,
    get_bool,
    get_int,
    get_ints,
    int_attr,
)
from mlc.dialects.graph.elementwise import check_kind
from mlc.dialects.graph.shape_ops import BOOL_ATTR, OneTensorOp
from mlc.dialects.graph.shapes import normalize_axes, normalize_axis
from mlc.ir.attributes import bool_attr
from mlc.ir.opdef import opt_prop, prop
from mlc.ir.types import i64


class ReduceOp(OneTensorOp):
    """`graph.reduce_sum %x {axes = [1], keepdims = false} : (...)`."""

    axes = opt_prop(INTS_ATTR)
    keepdims = prop(BOOL_ATTR, default=bool_attr(True))
    noop_with_empty_axes = prop(BOOL_ATTR, default=bool_attr(False))
    kind = "numeric"

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        check_kind(cls.kind, x)
        axes = reduced_axes(x.rank, props)
        return [x.with_shape(kept_shape(x.shape, axes, get_bool(props, "keepdims")))]


def reduced_axes(rank: int, props: dict) -> tuple:
    """The axes a reduction folds, normalized; () for the identity."""
    axes = get_ints(props, "axes") or ()
    if axes:
        return normalize_axes(axes, rank)
    return () if get_bool(props, "noop_with_empty_axes") else tuple(range(rank))


def kept_shape(shape: tuple, axes, keepdims: bool) -> tuple:
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _reduce(op_name: str, class_name: str, kind: str, doc: str) -> type:
    return type(class_name, (ReduceOp,), {"name": op_name, "kind": kind, "__doc__": doc})


ReduceSumOp = _reduce("graph.reduce_sum", "ReduceSumOp", "numeric", "Sum (ONNX ReduceSum).")
ReduceMeanOp = _reduce("graph.reduce_mean", "ReduceMeanOp", "float", "Mean (ReduceMean).")
ReduceMaxOp = _reduce(
    "graph.reduce_max", "ReduceMaxOp", "any", "Maximum; of no elements, the lowest value."
)
ReduceMinOp = _reduce(
    "graph.reduce_min", "ReduceMinOp", "any", "Minimum; of no elements, the highest value."
)
ReduceProdOp = _reduce("graph.reduce_prod", "ReduceProdOp", "numeric", "Product (ReduceProd).")
ReduceL2Op = _reduce("graph.reduce_l2", "ReduceL2Op", "float", "sqrt(sum(x*x)) (ReduceL2).")
ReduceSumSquareOp = _reduce(
    "graph.reduce_sum_square", "ReduceSumSquareOp", "numeric", "sum(x*x) (ReduceSumSquare)."
)
ReduceLogSumExpOp = _reduce(
    "graph.reduce_log_sum_exp", "ReduceLogSumExpOp", "float",
    "log(sum(exp(x))), computed stably (ReduceLogSumExp).",
)  # fmt: skip


class ArgReduceOp(OneTensorOp):
    """`graph.argmax %x {axis = 1}`: the i64 index of the extreme along `axis`, the first
    one unless `select_last_index` (ONNX ArgMax/ArgMin)."""

    axis = prop(INT_ATTR, default=int_attr(0))
    keepdims = prop(BOOL_ATTR, default=bool_attr(True))
    select_last_index = prop(BOOL_ATTR, default=bool_attr(False))

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        check_kind("numeric", x)
        axis = normalize_axis(get_int(props, "axis"), x.rank)
        shape = kept_shape(x.shape, (axis,), get_bool(props, "keepdims"))
        return [x.with_shape(shape).with_element_type(i64)]


class ArgMaxOp(ArgReduceOp):
    name = "graph.argmax"


class ArgMinOp(ArgReduceOp):
    name = "graph.argmin"


REDUCE_OPS = [
    ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp, ReduceL2Op,
    ReduceSumSquareOp, ReduceLogSumExpOp, ArgMaxOp, ArgMinOp,
]  # fmt: skip
