"""ONNX Resize (nearest and linear), composed of gathers: the graph dialect has no resize op.

Resize is separable, so each resized axis is done on its own, as ONNX's reference does:
for output index y the source coordinate x is the coordinate transformation of y; nearest
gathers the rounded, clamped x; linear gathers floor(x) and floor(x)+1 (clamped, the
reference's edge padding) and blends them with constant weights. The gather indices and
weights are computed here, so every resized axis needs a static size. Cubic mode,
`antialias`, `exclude_outside` and `tf_crop_and_resize` are not supported.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects import graph
from mlc.dialects.graph.base import int_attr
from mlc.frontends.onnx.registry import converter

TRANSFORMS = ("half_pixel", "half_pixel_symmetric", "pytorch_half_pixel", "align_corners",
              "asymmetric")  # fmt: skip
NEAREST_MODES = ("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")


def source_coords(mode: str, size: int, out: int, scale: float) -> np.ndarray:
    """x_original of each output index (ONNX Resize's coordinate_transformation_mode)."""
    y = np.arange(out, dtype=np.float64)
    width = scale * size
    if mode == "align_corners":
        return np.zeros(out) if width == 1 else y * (size - 1) / (width - 1)
    if mode == "asymmetric":
        return y / scale
    if mode == "pytorch_half_pixel":
        return np.full(out, -0.5) if width == 1 else (y + 0.5) / scale - 0.5
    if mode == "half_pixel_symmetric":
        offset = size / 2 * (1 - out / width)
        return offset + (y + 0.5) / scale - 0.5
    return (y + 0.5) / scale - 0.5


def nearest_index(x: np.ndarray, mode: str, size: int) -> np.ndarray:
    floor = np.floor(x)
    ratio = x - floor
    if mode == "round_prefer_floor":
        up = ratio > 0.5
    elif mode == "round_prefer_ceil":
        up = ratio >= 0.5
    elif mode == "floor":
        up = np.zeros_like(x, dtype=bool)
    else:
        up = ratio > 0
    return np.clip(floor + up, 0, size - 1).astype(np.int64)


def _resize_axis(nc, x, axis: int, out: int, scale: float, mode: str, transform, nearest):
    size = x.type.shape[axis]
    coords = source_coords(transform, size, out, scale)
    if mode == "nearest":
        index = nc.constant(nearest_index(coords, nearest, size))
        return nc.emit(graph.GatherOp, x, index, axis=int_attr(axis))
    floor = np.floor(coords)
    weight = coords - floor
    low = nc.constant(np.clip(floor, 0, size - 1).astype(np.int64))
    high = nc.constant(np.clip(floor + 1, 0, size - 1).astype(np.int64))
    shape = [out] + [1] * (x.type.rank - axis - 1)
    w_high = nc.constant(weight.reshape(shape), like=x.type)
    w_low = nc.constant((1 - weight).reshape(shape), like=x.type)
    a = nc.emit(graph.MulOp, nc.emit(graph.GatherOp, x, low, axis=int_attr(axis)), w_low)
    b = nc.emit(graph.MulOp, nc.emit(graph.GatherOp, x, high, axis=int_attr(axis)), w_high)
    return nc.emit(graph.AddOp, a, b)


def _targets(nc, shape: list, axes: list) -> tuple[list, list]:
    """(output sizes, scales) of the resized axes, from `scales` or `sizes`."""
    scales = nc.known(2) if nc.has_input(2) else None
    if scales is not None and scales.size:
        scales = [float(s) for s in scales]
        return [int(np.floor(s * shape[a] + 0)) for s, a in zip(scales, axes)], scales
    sizes = nc.static_ints(3, "sizes")
    if sizes is None:
        raise nc.fail("needs constant 'scales' or 'sizes'")
    scales = [s / shape[a] for s, a in zip(sizes, axes)]
    policy = nc.check_attr("keep_aspect_ratio_policy", ("stretch", "not_larger", "not_smaller"),
                           "stretch")  # fmt: skip
    if policy != "stretch":
        scale = min(scales) if policy == "not_larger" else max(scales)
        scales = [scale] * len(axes)
        sizes = [int(scale * shape[a] + 0.5) for a in axes]
    return list(sizes), scales


@converter("Resize")
def convert_resize(nc):
    x = nc.value(0)
    mode = nc.check_attr("mode", ("nearest", "linear"), "nearest")
    transform = nc.check_attr("coordinate_transformation_mode", TRANSFORMS, "half_pixel")
    nearest = nc.check_attr("nearest_mode", NEAREST_MODES, "round_prefer_floor")
    nc.check_attr("antialias", (0,), 0)
    nc.check_attr("exclude_outside", (0,), 0)
    rank = x.type.rank
    axes = [a + rank if a < 0 else a for a in (nc.attr("axes") or range(rank))]
    shape = list(x.type.shape)
    if not all(type(shape[a]) is int for a in axes):
        raise nc.fail(f"resized axes need static sizes, got {shape}")
    sizes, scales = _targets(nc, shape, axes)
    if scales and len(scales) != len(axes):
        raise nc.fail(f"{len(scales)} scales or sizes for {len(axes)} axes")
    for axis, out, scale in zip(axes, sizes, scales):
        if out == shape[axis] and scale == 1.0:
            continue
        x = _resize_axis(nc, x, axis, out, scale, mode, transform, nearest)
    return [x]
