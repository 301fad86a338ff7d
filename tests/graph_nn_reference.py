"""Independent references for the graph nn ops: plain loops over output positions, in float64.

Written from ONNX's operator definitions, without the interpreter's strided views, einsums or
layout helpers, so that an error in those shows as a disagreement. Channels first (NCHW,
OIHW / IOHW) throughout; tests transpose for channels-last cases.
"""

from __future__ import annotations

import itertools

import numpy as np


def window_out_size(size, pad_begin, pad_end, kernel, stride, dilation, ceil_mode=False) -> int:
    """ONNX's output size; with ceil_mode the last window may not start in the end padding."""
    span = size + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1
    count = -(-span // stride) + 1
    if (count - 1) * stride >= size + pad_begin:
        count -= 1
    return count


def _positions(out_sizes):
    return itertools.product(*(range(n) for n in out_sizes))


def conv(x, w, strides, pads, dilations, group=1):
    n, c, *spatial = x.shape
    m, per_group_in, *kernel = w.shape
    rank = len(spatial)
    outs = [window_out_size(spatial[i], pads[i], pads[rank + i], kernel[i], strides[i],
                            dilations[i]) for i in range(rank)]  # fmt: skip
    y = np.zeros((n, m, *outs))
    per_group_out = m // group
    for b, oc, pos in itertools.product(range(n), range(m), _positions(outs)):
        g = oc // per_group_out
        total = 0.0
        for ic, kpos in itertools.product(range(per_group_in), _positions(kernel)):
            src = [pos[i] * strides[i] + kpos[i] * dilations[i] - pads[i] for i in range(rank)]
            if all(0 <= src[i] < spatial[i] for i in range(rank)):
                total += float(x[(b, g * per_group_in + ic, *src)]) * float(w[(oc, ic, *kpos)])
        y[(b, oc, *pos)] = total
    return y


def conv_transpose(x, w, strides, pads, dilations, output_padding, group=1):
    n, c, *spatial = x.shape
    _, per_group_out, *kernel = w.shape
    rank = len(spatial)
    per_group_in = c // group
    outs = [
        strides[i] * (spatial[i] - 1) + output_padding[i] + dilations[i] * (kernel[i] - 1) + 1
        - pads[i] - pads[rank + i]
        for i in range(rank)
    ]  # fmt: skip
    y = np.zeros((n, per_group_out * group, *outs))
    for b, ic, pos, kpos in itertools.product(range(n), range(c), _positions(spatial),
                                              _positions(kernel)):  # fmt: skip
        dst = [pos[i] * strides[i] + kpos[i] * dilations[i] - pads[i] for i in range(rank)]
        if not all(0 <= dst[i] < outs[i] for i in range(rank)):
            continue
        g = ic // per_group_in
        for oc in range(per_group_out):
            y[(b, g * per_group_out + oc, *dst)] += float(x[(b, ic, *pos)]) * float(
                w[(ic, oc, *kpos)]
            )
    return y


def pool(x, kind, kernel, strides, pads, dilations, ceil_mode=False, count_include_pad=False):
    """Max or average pooling; the average divides by the window cells inside the input
    (and inside the explicit padding with count_include_pad)."""
    n, c, *spatial = x.shape
    rank = len(spatial)
    outs = [window_out_size(spatial[i], pads[i], pads[rank + i], kernel[i], strides[i],
                            dilations[i], ceil_mode) for i in range(rank)]  # fmt: skip
    y = np.zeros((n, c, *outs))
    for b, ch, pos in itertools.product(range(n), range(c), _positions(outs)):
        values, padded_cells = [], 0
        for kpos in _positions(kernel):
            src = [pos[i] * strides[i] + kpos[i] * dilations[i] - pads[i] for i in range(rank)]
            if all(0 <= src[i] < spatial[i] for i in range(rank)):
                values.append(float(x[(b, ch, *src)]))
            elif all(-pads[i] <= src[i] < spatial[i] + pads[rank + i] for i in range(rank)):
                padded_cells += 1
        if kind == "max":
            y[(b, ch, *pos)] = max(values, default=-np.inf)
        else:
            count = len(values) + (padded_cells if count_include_pad else 0)
            y[(b, ch, *pos)] = sum(values) / count if count else np.nan
    return y


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def normalized(x, axes, epsilon):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + epsilon)


def channel(v, rank, axis=1):
    shape = [1] * rank
    shape[axis] = -1
    return np.reshape(v, shape)
