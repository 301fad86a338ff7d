"""Reference kernels of the `nn` ops, on numpy, in ONNX's semantics.

Products and normalizations of `f16`/`bf16` compute in `f32` and round once to the element
type (ONNX's `stash_type = 1` for the normalizations); `f32` and `f64` compute in their own
type; integer matmul and gemm wrap around in their own type, as numpy does.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from mlc.dialects.graph import nn
from mlc.dialects.graph.base import get_bool, get_float, get_int
from mlc.dialects.graph.conv_interpreter import accumulation_dtype, typed_result
from mlc.ir.interpreter import InterpreterError, register_impl


def _widened(*arrays) -> list:
    acc = accumulation_dtype(arrays[0].dtype)
    return [a.astype(acc, copy=False) for a in arrays]


@contextmanager
def _numpy_checked(op):
    """numpy's float warnings off (NaN and infinity are values), and its shape errors,
    possible only where symbolic dims hid them from the verifier, as interpreter errors."""
    try:
        with np.errstate(all="ignore"):
            yield
    except ValueError as e:
        raise InterpreterError(f"operand shapes do not fit at run time: {e}", op) from None


@register_impl(nn.MatMulOp)
def _matmul(interp, op, args):
    with _numpy_checked(op):
        return [typed_result(op, np.matmul(*_widened(*args)))]


@register_impl(nn.GemmOp)
def _gemm(interp, op, args):
    a, b, c = _widened(*args)
    props = op.properties
    if get_bool(props, "transA"):
        a = a.T
    if get_bool(props, "transB"):
        b = b.T
    alpha, beta = get_float(props, "alpha", 1.0), get_float(props, "beta", 1.0)
    with _numpy_checked(op):  # integers: scaled in float64, then truncated (as ONNX)
        product = np.matmul(a, b)
        y = product if alpha == 1 else alpha * product
        y = y + (c if beta == 1 else beta * c)
    return [typed_result(op, _broadcast(op, y, product.shape))]


def _broadcast(op, y, shape) -> np.ndarray:
    if y.shape != shape:
        raise InterpreterError(f"bias of shape {y.shape} does not broadcast to {shape}", op)
    return y


@register_impl(nn.LinearOp)
def _linear(interp, op, args):
    x, w, b = _widened(*args)
    with _numpy_checked(op):
        y = np.matmul(x, w.T) + b
    return [typed_result(op, _broadcast(op, y, (*x.shape[:-1], w.shape[0])))]


def _along(vector: np.ndarray, axis: int, rank: int) -> np.ndarray:
    """A 1-D vector shaped to broadcast along `axis` of a rank-`rank` array."""
    shape = [1] * rank
    shape[axis] = vector.shape[0]
    return vector.reshape(shape)


def _channel_axis(op, x) -> int:
    axis = get_int(op.properties, "axis", 1)
    return axis + x.ndim if axis < 0 else axis


def _check_vectors(op, x, axis, vectors) -> None:
    for v in vectors:
        if v.shape != (x.shape[axis],):
            raise InterpreterError(
                f"vector of shape {v.shape} does not fit dim {axis} of input shape {x.shape}", op
            )


@register_impl(nn.BiasAddOp)
def _bias_add(interp, op, args):
    x, b = args
    axis = _channel_axis(op, x)
    _check_vectors(op, x, axis, [b])
    with _numpy_checked(op):
        return [typed_result(op, x + _along(b, axis, x.ndim))]


def _log_softmax(x, axis: int):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


@register_impl(nn.SoftmaxOp)
def _softmax(interp, op, args):
    (x,) = _widened(args[0])
    with _numpy_checked(op):
        y = np.exp(_log_softmax(x, get_int(op.properties, "axis", -1)))
    return [typed_result(op, y)]


@register_impl(nn.LogSoftmaxOp)
def _log_softmax_rule(interp, op, args):
    (x,) = _widened(args[0])
    with _numpy_checked(op):
        return [typed_result(op, _log_softmax(x, get_int(op.properties, "axis", -1)))]


def _normalize(x, axes, epsilon: float):
    """(x - mean) / sqrt(variance + epsilon) over `axes` (the biased variance, as ONNX)."""
    mean = x.mean(axis=axes, keepdims=True)
    variance = np.square(x - mean).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(variance + epsilon)


def _epsilon(op) -> float:
    return get_float(op.properties, "epsilon", 1e-5)


@register_impl(nn.LayerNormOp)
def _layer_norm(interp, op, args):
    x, scale, bias = _widened(*args)
    axis = get_int(op.properties, "axis", -1)
    axis = axis + x.ndim if axis < 0 else axis
    with _numpy_checked(op):
        y = _normalize(x, tuple(range(axis, x.ndim)), _epsilon(op)) * scale + bias
    return [typed_result(op, _broadcast(op, y, x.shape))]


@register_impl(nn.BatchNormOp)
def _batch_norm(interp, op, args):
    x, scale, bias, mean, var = _widened(*args)
    axis = _channel_axis(op, x)
    _check_vectors(op, x, axis, [scale, bias, mean, var])
    rank = x.ndim
    with _numpy_checked(op):
        inv = _along(scale / np.sqrt(var + _epsilon(op)), axis, rank)
        y = (x - _along(mean, axis, rank)) * inv + _along(bias, axis, rank)
    return [typed_result(op, y)]


@register_impl(nn.InstanceNormOp)
def _instance_norm(interp, op, args):
    x, scale, bias = _widened(*args)
    _check_vectors(op, x, 1, [scale, bias])
    with _numpy_checked(op):
        y = _normalize(x, tuple(range(2, x.ndim)), _epsilon(op))
        y = y * _along(scale, 1, x.ndim) + _along(bias, 1, x.ndim)
    return [typed_result(op, y)]


@register_impl(nn.GroupNormOp)
def _group_norm(interp, op, args):
    x, scale, bias = _widened(*args)
    _check_vectors(op, x, 1, [scale, bias])
    groups = get_int(op.properties, "num_groups")
    n, c = x.shape[:2]
    if c % groups:
        raise InterpreterError(f"num_groups {groups} does not divide {c} channels", op)
    grouped = x.reshape(n, groups, c // groups, *x.shape[2:])
    with _numpy_checked(op):
        y = _normalize(grouped, tuple(range(2, grouped.ndim)), _epsilon(op)).reshape(x.shape)
        y = y * _along(scale, 1, x.ndim) + _along(bias, 1, x.ndim)
    return [typed_result(op, y)]
