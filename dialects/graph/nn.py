"""Neural-network graph ops besides sliding windows: products, softmax, normalizations.

- `graph.matmul` is numpy's / ONNX's MatMul (1-D operands, batch dims broadcast).
- `graph.gemm` is ONNX Gemm exactly (`transA`, `transB`, `alpha`, `beta`, C broadcast to
  [M, N]); C is a required operand (the importer passes a zero scalar for a missing C).
- `graph.linear` is `x @ w^T + b` over any batch dims, PyTorch's `F.linear` and Relay's
  `dense` + `bias_add`: the form frontends other than ONNX produce and fusion looks for. A
  linear layer without bias is a `graph.matmul` with the transposed weight.
- `graph.bias_add` adds a vector along one axis (Relay's `nn.bias_add`): the bias of conv.
- Einsum is not an op: the importer rewrites ONNX Einsum's matmul-like equations to these.

Softmax and the normalizations take ONNX's attributes (`axis`, `epsilon`, `num_groups`);
their optional ONNX inputs (LayerNormalization's B) are required operands here.
"""

from __future__ import annotations

from mlc.dialects.graph.base import (
    FLOAT_ATTR,
    GRAPH_TENSOR,
    INT_ATTR,
    GraphOp,
    get_bool,
    get_int,
    int_attr,
)
from mlc.dialects.graph.conv import BOOL_ATTR, check_operands
from mlc.dialects.graph.shapes import (
    ShapeError,
    broadcast_shapes,
    dims_conflict,
    normalize_axis,
    shape_text,
)
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import FloatAttr, bool_attr
from mlc.ir.opdef import operand, prop, result
from mlc.ir.traits import Pure
from mlc.ir.types import f32


def _epsilon():
    """ONNX's `epsilon` attribute of the normalizations, 1e-5 by default."""
    return prop(FLOAT_ATTR, default=FloatAttr(1e-5, f32))


def check_contraction(k_a, k_b, a: TensorType, b: TensorType) -> None:
    """The contracted dims `k_a` of `a` and `k_b` of `b` may be equal."""
    if dims_conflict(k_a, k_b):
        raise ShapeError(f"contracted dims differ: {k_a} of '{a}' and {k_b} of '{b}'")


def check_broadcasts_to(small: TensorType, shape: tuple, what: str, target: str) -> None:
    """`small` broadcasts to `shape` (described by `target`) without growing it: ONNX's
    unidirectional broadcast."""
    fits = small.rank <= len(shape) and not any(
        d != 1 and dims_conflict(d, t)
        for d, t in zip(small.shape, shape[len(shape) - small.rank :])
    )
    if not fits:
        raise ShapeError(f"{what} '{small}' does not broadcast to {shape_text(shape)}, {target}")


class MatMulOp(GraphOp):
    """numpy's matmul: [..., m, k] x [..., k, n] -> [..., m, n], batch dims broadcast; a
    1-D lhs is a row and a 1-D rhs a column, their unit dim dropped from the result."""

    name = "graph.matmul"
    lhs = operand(GRAPH_TENSOR)
    rhs = operand(GRAPH_TENSOR)
    out = result(GRAPH_TENSOR)
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        a, b = types
        check_operands(types, ("lhs", "rhs"), "numeric")
        if a.rank == 0 or b.rank == 0:
            raise ShapeError(f"operands must have rank 1 or more, got '{a}' and '{b}'")
        a_shape = (1, *a.shape) if a.rank == 1 else a.shape
        b_shape = (*b.shape, 1) if b.rank == 1 else b.shape
        check_contraction(a_shape[-1], b_shape[-2], a, b)
        try:
            batch = broadcast_shapes(a_shape[:-2], b_shape[:-2])
        except ShapeError:
            raise ShapeError(f"the batch dims of '{a}' and '{b}' do not broadcast") from None
        rows = (a_shape[-2],) if a.rank > 1 else ()
        cols = (b_shape[-1],) if b.rank > 1 else ()
        return [a.with_shape((*batch, *rows, *cols))]


class GemmOp(GraphOp):
    """ONNX Gemm: `alpha * A' @ B' + beta * C`, A' = A^T if transA, B' = B^T if transB;
    A and B are 2-D and C broadcasts to [M, N]."""

    name = "graph.gemm"
    a = operand(GRAPH_TENSOR)
    b = operand(GRAPH_TENSOR)
    c = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    alpha = prop(FLOAT_ATTR, default=FloatAttr(1.0, f32))
    beta = prop(FLOAT_ATTR, default=FloatAttr(1.0, f32))
    transA = prop(BOOL_ATTR, default=bool_attr(False))
    transB = prop(BOOL_ATTR, default=bool_attr(False))
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        a, b, c = types
        check_operands(types, ("A", "B", "C"), "numeric")
        if a.rank != 2 or b.rank != 2:
            raise ShapeError(f"A and B must be 2-D, got '{a}' and '{b}'")
        m, k_a = reversed(a.shape) if get_bool(props, "transA") else a.shape
        k_b, n = reversed(b.shape) if get_bool(props, "transB") else b.shape
        check_contraction(k_a, k_b, a, b)
        check_broadcasts_to(c, (m, n), "C", "the [M, N] of the output")
        return [a.with_shape((m, n))]


class LinearOp(GraphOp):
    """`x @ w^T + b`: x is [..., in], w is [out, in], b is [out] (PyTorch's F.linear)."""

    name = "graph.linear"
    x = operand(GRAPH_TENSOR)
    w = operand(GRAPH_TENSOR)
    b = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        x, w, b = types
        check_operands(types, ("input", "weight", "bias"), "numeric")
        if x.rank < 1 or w.rank != 2 or b.rank != 1:
            raise ShapeError(
                f"expected input [..., in], weight [out, in] and bias [out], got '{x}', '{w}' "
                f"and '{b}'"
            )
        check_contraction(x.shape[-1], w.shape[1], x, w)
        if dims_conflict(b.shape[0], w.shape[0]):
            raise ShapeError(f"bias '{b}' does not match the {w.shape[0]} outputs of '{w}'")
        return [x.with_shape((*x.shape[:-1], w.shape[0]))]


class BiasAddOp(GraphOp):
    """`x + b` with the vector b along `axis` (default 1, the channels of NCHW)."""

    name = "graph.bias_add"
    x = operand(GRAPH_TENSOR)
    b = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    axis = prop(INT_ATTR, default=int_attr(1))
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        x, b = types
        check_operands(types, ("input", "bias"), "numeric")
        axis = normalize_axis(get_int(props, "axis"), x.rank)
        check_channel_vectors(x, axis, [(b, "bias")])
        return [x]


def check_channel_vectors(x: TensorType, axis: int, vectors) -> None:
    """Each (vector, name) is 1-D with the size of x's dim `axis`."""
    for v, what in vectors:
        if v.rank != 1 or dims_conflict(v.shape[0], x.shape[axis]):
            raise ShapeError(f"{what} '{v}' must be [{x.shape[axis]}], the dim {axis} of '{x}'")


class SoftmaxOp(GraphOp):
    """ONNX Softmax-13: exp(x) / sum(exp(x)) along the one `axis` (default -1)."""

    name = "graph.softmax"
    x = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    axis = prop(INT_ATTR, default=int_attr(-1))
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        check_operands(types, ("input",))
        normalize_axis(get_int(props, "axis"), types[0].rank)
        return [types[0]]


class LogSoftmaxOp(SoftmaxOp):
    """ONNX LogSoftmax-13: x - log(sum(exp(x))) along `axis`."""

    name = "graph.log_softmax"


class LayerNormOp(GraphOp):
    """ONNX LayerNormalization (output Y only): normalizes over dims `axis`..end, then
    `* scale + bias`, both broadcast to those dims."""

    name = "graph.layer_norm"
    x = operand(GRAPH_TENSOR)
    scale = operand(GRAPH_TENSOR)
    bias = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    axis = prop(INT_ATTR, default=int_attr(-1))
    epsilon = _epsilon()
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        x, scale, bias = types
        check_operands(types, ("input", "scale", "bias"))
        axis = normalize_axis(get_int(props, "axis"), x.rank)
        target = f"the dims from axis {axis} of '{x}'"
        check_broadcasts_to(scale, x.shape[axis:], "scale", target)
        check_broadcasts_to(bias, x.shape[axis:], "bias", target)
        return [x]


class BatchNormOp(GraphOp):
    """ONNX BatchNormalization in inference mode:
    `(x - mean) / sqrt(var + epsilon) * scale + bias`, the four vectors along `axis`."""

    name = "graph.batch_norm"
    x = operand(GRAPH_TENSOR)
    scale = operand(GRAPH_TENSOR)
    bias = operand(GRAPH_TENSOR)
    mean = operand(GRAPH_TENSOR)
    var = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    epsilon = _epsilon()
    axis = prop(INT_ATTR, default=int_attr(1))
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        names = ("input", "scale", "bias", "mean", "var")
        check_operands(types, names)
        if x.rank < 2:
            raise ShapeError(f"input must have rank 2 or more, got '{x}'")
        axis = normalize_axis(get_int(props, "axis"), x.rank)
        check_channel_vectors(x, axis, list(zip(types[1:], names[1:])))
        return [x]


class InstanceNormOp(GraphOp):
    """ONNX InstanceNormalization: each (sample, channel) normalized over its spatial dims,
    then `* scale[c] + bias[c]`; x is [N, C, spatial...]."""

    name = "graph.instance_norm"
    x = operand(GRAPH_TENSOR)
    scale = operand(GRAPH_TENSOR)
    bias = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    epsilon = _epsilon()
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        check_operands(types, ("input", "scale", "bias"))
        if x.rank < 3:
            raise ShapeError(f"input must be [N, C, spatial...] (rank 3 or more), got '{x}'")
        check_channel_vectors(x, 1, [(types[1], "scale"), (types[2], "bias")])
        return [x]


class GroupNormOp(InstanceNormOp):
    """ONNX GroupNormalization-21: channels split into `num_groups` groups, each (sample,
    group) normalized over its channels and spatial dims, then `* scale[c] + bias[c]`."""

    name = "graph.group_norm"
    num_groups = prop(INT_ATTR)

    @classmethod
    def infer(cls, types, props):
        results = super().infer(types, props)
        groups = get_int(props, "num_groups")
        if groups is None:  # also reached from the builder, which parse's check is not
            raise ShapeError("requires the 'num_groups' attribute")
        channels = types[0].shape[1]
        if groups < 1:
            raise ShapeError(f"num_groups {groups} must be positive")
        if type(channels) is int and channels % groups:
            raise ShapeError(
                f"num_groups {groups} does not divide the {channels} channels of '{types[0]}'"
            )
        return results


NN_OPS = [
    MatMulOp, GemmOp, LinearOp, BiasAddOp, SoftmaxOp, LogSoftmaxOp, LayerNormOp, BatchNormOp,
    InstanceNormOp, GroupNormOp,
]  # fmt: skip

__all__ = [op.__name__ for op in NN_OPS]
