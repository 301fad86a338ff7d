"""Reference kernels of the sliding-window ops (`conv`), on numpy, in ONNX's semantics.

Channels-last operands are transposed to channels first (and HWIO kernels to OIHW), the
kernel runs there, and the result is transposed back. Windows are strided views
(`sliding_window_view`), so each kernel is a few vectorized numpy calls. Products of
`f16`/`bf16` accumulate in `f32` and round once to the element type; `f32` and `f64` sum in
their own type; max pooling is exact in any type.
"""

from __future__ import annotations

import itertools

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlc.dialects.graph import conv
from mlc.dialects.graph.base import get_bool, get_int
from mlc.dialects.graph.shapes import ShapeError
from mlc.dialects.graph.types import numpy_dtype
from mlc.ir.interpreter import InterpreterError, register_impl

_LETTERS = "defhijkl"  # einsum subscripts for up to 8 spatial dims


def accumulation_dtype(dtype: np.dtype) -> np.dtype:
    """The dtype sums of `dtype` products are computed in: f32 for halves."""
    if dtype.kind in "fV" and dtype.itemsize < 4:
        return np.dtype(np.float32)
    return dtype


def typed_result(op, array) -> np.ndarray:
    """`array` as the dtype of `op`'s result (the kernels compute in a wider one)."""
    return np.asarray(array).astype(numpy_dtype(op.results[0].type.element_type), copy=False)


def _to_channels_first(array: np.ndarray, last: bool) -> np.ndarray:
    return np.moveaxis(array, -1, 1) if last else array


def _from_channels_first(array: np.ndarray, last: bool) -> np.ndarray:
    return np.moveaxis(array, 1, -1) if last else array


def _kernel_to_onnx(w: np.ndarray, last: bool) -> np.ndarray:
    """HWIO (HWOI) -> OIHW (IOHW): the two trailing channel dims reversed to the front."""
    if not last:
        return w
    rank = w.ndim
    return np.transpose(w, (rank - 1, rank - 2, *range(rank - 2)))


def _window_attrs(op, x: np.ndarray, kernel=None) -> tuple:
    try:
        return conv.window_attrs(op.properties, x.ndim - 2, kernel)
    except ShapeError as e:  # pragma: no cover - the verifier rejects these first
        raise InterpreterError(str(e), op) from None


def _windows(op, x: np.ndarray, kernel, strides, pads, dilations, fill, ceil_mode=False,
             ceil_fill=None):  # fmt: skip
    """View [N, C, out..., kernel...] of the windows of `x` (channels first) padded by
    `pads` with `fill`, and where `ceil_mode` needs more, by `ceil_fill` (default `fill`)."""
    rank = x.ndim - 2
    counts = []
    for i in range(rank):
        try:
            n = conv.window_count(x.shape[2 + i], pads[i], pads[rank + i], kernel[i],
                                  strides[i], dilations[i], ceil_mode)  # fmt: skip
        except ValueError:
            n = 0
        if n < 1:
            raise InterpreterError(
                f"kernel {list(kernel)} does not fit the padded input of shape {x.shape}", op
            )
        counts.append(n)
    extents = [(k - 1) * d + 1 for k, d in zip(kernel, dilations)]
    explicit = [(0, 0), (0, 0)] + [(pads[i], pads[rank + i]) for i in range(rank)]
    padded = np.pad(x, explicit, constant_values=fill)
    beyond = [(0, 0), (0, 0)]
    for i in range(rank):
        needed = (counts[i] - 1) * strides[i] + extents[i]
        beyond.append((0, max(0, needed - padded.shape[2 + i])))
    padded = np.pad(padded, beyond, constant_values=fill if ceil_fill is None else ceil_fill)
    view = sliding_window_view(padded, extents, axis=tuple(range(2, 2 + rank)))
    index = (
        (slice(None), slice(None))
        + tuple(slice(0, (n - 1) * s + 1, s) for n, s in zip(counts, strides))
        + tuple(slice(None, None, d) for d in dilations)
    )
    return view[index]


def _conv_operands(op, args, per_group: bool) -> tuple:
    """(channels_last, x, w in ONNX layouts, group, accumulation dtype, window attrs)."""
    last = conv.channels_last(op.properties)
    x = _to_channels_first(args[0], last)
    w = _kernel_to_onnx(args[1], last)
    group = get_int(op.properties, "group", 1)
    weight_channels = w.shape[1] * group if per_group else w.shape[0]
    if x.shape[1] != weight_channels:
        raise InterpreterError(
            f"input of shape {x.shape} does not fit weight of shape {w.shape} "
            f"(channels {x.shape[1]} != {weight_channels})",
            op,
        )
    window = _window_attrs(op, x, w.shape[2:])
    return last, x, w, group, accumulation_dtype(x.dtype), window


@register_impl(conv.ConvOp)
def _conv(interp, op, args):
    last, x, w, group, acc, (kernel, strides, pads, dilations) = _conv_operands(op, args, True)
    win = _windows(op, x.astype(acc), kernel, strides, pads, dilations, 0)
    n, c = x.shape[:2]
    out_shape = win.shape[2 : 2 + len(kernel)]
    win = win.reshape(n, group, c // group, *out_shape, *kernel)
    wg = w.astype(acc).reshape(group, w.shape[0] // group, w.shape[1], *kernel)
    s = _LETTERS[: len(kernel)]
    o = s.upper()
    y = np.einsum(f"ngc{o}{s},gmc{s}->ngm{o}", win, wg, optimize=True)
    y = y.reshape(n, w.shape[0], *out_shape)
    return [typed_result(op, _from_channels_first(y, last))]


@register_impl(conv.ConvTransposeOp)
def _conv_transpose(interp, op, args):
    """Scatter form: every input element adds `x * w` at `i*stride + k*dilation - pad`."""
    last, x, w, group, acc, (kernel, strides, pads, dilations) = _conv_operands(op, args, False)
    rank = len(kernel)
    extra = conv.int_list(op.properties, "output_padding", rank, 0, minimum=0)
    n, c = x.shape[:2]
    sizes = x.shape[2:]
    full = [s * (i - 1) + e + d * (k - 1) + 1 for s, i, e, d, k in
            zip(strides, sizes, extra, dilations, kernel)]  # fmt: skip
    per_group = w.shape[1]
    y = np.zeros((n, group, per_group, *full), acc)
    xg = x.astype(acc).reshape(n, group, c // group, *sizes)
    wg = w.astype(acc).reshape(group, c // group, per_group, *kernel)
    s = _LETTERS[:rank].upper()
    for position in itertools.product(*(range(k) for k in kernel)):
        contribution = np.einsum(f"ngc{s},gcm->ngm{s}", xg, wg[(..., *position)])
        target = tuple(
            slice(p * d, p * d + st * (i - 1) + 1, st)
            for p, d, st, i in zip(position, dilations, strides, sizes)
        )
        y[(slice(None),) * 3 + target] += contribution
    crop = tuple(slice(pads[i], full[i] - pads[rank + i]) for i in range(rank))
    y = y[(slice(None),) * 3 + crop]
    if any(length < 1 for length in y.shape[3:]):
        raise InterpreterError(f"pads {list(pads)} leave no output for input {x.shape}", op)
    y = y.reshape(n, group * per_group, *y.shape[3:])
    return [typed_result(op, _from_channels_first(y, last))]


def _pool_axes(rank: int) -> tuple:
    return tuple(range(-rank, 0))


@register_impl(conv.MaxPoolOp)
def _max_pool(interp, op, args):
    last = conv.channels_last(op.properties)
    x = _to_channels_first(args[0], last)
    kernel, strides, pads, dilations = _window_attrs(op, x)
    lowest = -np.inf if x.dtype.kind in "fV" else np.iinfo(x.dtype).min
    ceil_mode = get_bool(op.properties, "ceil_mode")
    win = _windows(op, x, kernel, strides, pads, dilations, lowest, ceil_mode)
    y = win.max(axis=_pool_axes(len(kernel)))
    return [typed_result(op, _from_channels_first(y, last))]


@register_impl(conv.AvgPoolOp)
def _avg_pool(interp, op, args):
    last = conv.channels_last(op.properties)
    x = _to_channels_first(args[0], last)
    kernel, strides, pads, dilations = _window_attrs(op, x)
    ceil_mode = get_bool(op.properties, "ceil_mode")
    acc = accumulation_dtype(x.dtype)
    axes = _pool_axes(len(kernel))
    windows = _windows(op, x.astype(acc), kernel, strides, pads, dilations, 0, ceil_mode)
    total = windows.sum(axis=axes)
    # The divisor: how many input cells (and explicit padding cells with count_include_pad,
    # never the cells ceil_mode adds) each window covers.
    cells = np.ones((1, 1, *x.shape[2:]), np.int64)
    pad_counts = int(get_bool(op.properties, "count_include_pad"))
    count = _windows(op, cells, kernel, strides, pads, dilations, pad_counts, ceil_mode, 0)
    count = count.sum(axis=axes)
    with np.errstate(all="ignore"):  # a window wholly in the padding averages nothing: NaN
        y = total / count.astype(acc)
    return [typed_result(op, _from_channels_first(y, last))]


@register_impl(conv.GlobalAvgPoolOp)
def _global_avg_pool(interp, op, args):
    last = conv.channels_last(op.properties)
    x = _to_channels_first(args[0], last)
    axes = tuple(range(2, x.ndim))
    y = x.astype(accumulation_dtype(x.dtype)).mean(axis=axes, keepdims=True)
    return [typed_result(op, _from_channels_first(y, last))]


@register_impl(conv.GlobalMaxPoolOp)
def _global_max_pool(interp, op, args):
    last = conv.channels_last(op.properties)
    x = _to_channels_first(args[0], last)
    y = x.max(axis=tuple(range(2, x.ndim)), keepdims=True)
    return [typed_result(op, _from_channels_first(y, last))]
