"""Relay's 2-D convolution and pooling (TVM src/relay/op/nn/convolution.cc, pooling.cc), with
Relay's conventions: `padding` of 1, 2 or 4 numbers, layouts as strings (NCHW/OIHW and
NHWC/HWIO), `channels` and `kernel_size` redundantly stating the weight's shape."""

from __future__ import annotations

from mlc.dialects.legacy_relay.base import INT, INTS, STRING, RelayOp, attr
from mlc.dialects.legacy_relay.ops import DTYPES, FUNCTIONAL
from mlc.dialects.legacy_relay.relations import (
    ANY,
    RelationError,
    expect_tensor,
    shape_str,
    tensor,
)
from mlc.ir.opdef import operand as operand_
from mlc.ir.opdef import opt_prop, result

DATA_LAYOUTS = {"NCHW": (1, 2, 3), "NHWC": (3, 1, 2)}  # (channel, height, width) positions
KERNEL_LAYOUTS = {"OIHW": (0, 1, 2, 3), "HWIO": (3, 2, 0, 1)}  # positions of (O, I, H, W)


def expand_padding(padding) -> tuple[int, int, int, int]:
    """Relay's padding: 1 number for all sides, 2 for (top/bottom, left/right), 4 for
    (top, left, bottom, right)."""
    padding = list(padding or [0])
    if len(padding) == 1:
        return (padding[0],) * 4
    if len(padding) == 2:
        return (padding[0], padding[1], padding[0], padding[1])
    if len(padding) == 4:
        return tuple(padding)
    raise RelationError(f"padding takes 1, 2 or 4 numbers, got {padding}")


def pair(values, default: int, name: str) -> tuple[int, int]:
    values = list(values or [default])
    if len(values) == 1:
        values = values * 2
    if len(values) != 2:
        raise RelationError(f"{name} takes 1 or 2 numbers, got {values}")
    return tuple(values)


def window_out(size: int, pad: int, kernel: int, stride: int, dilation: int = 1,
               ceil_mode: bool = False) -> int:  # fmt: skip
    """The output size of a sliding window (Relay's formula, `ceil_mode` rounding up)."""
    if size == ANY:
        return ANY
    span = size + pad - dilation * (kernel - 1) - 1
    if span < 0:
        raise RelationError(f"a window of {kernel} (dilation {dilation}) does not fit {size} "
                            f"with padding {pad}")  # fmt: skip
    return (span + stride - 1) // stride + 1 if ceil_mode else span // stride + 1


def layout_positions(props, name: str, default: str, table: dict) -> tuple:
    layout = attr(props, name, default)
    if layout not in table:
        raise RelationError(f"{name} '{layout}' is not one of {', '.join(table)}")
    return table[layout]


class Conv2DOp(RelayOp):
    """`relay.nn.conv2d %x, %w {strides = [1, 1], padding = [1], dilation = [1, 1],
    groups = 1, channels = 64, kernel_size = [3, 3], data_layout = "NCHW",
    kernel_layout = "OIHW"}`."""

    name = "relay.nn.conv2d"
    data = operand_()
    weight = operand_()
    out = result()
    strides = opt_prop(INTS)
    padding = opt_prop(INTS)
    dilation = opt_prop(INTS)
    groups = opt_prop(INT)
    channels = opt_prop(INT)
    kernel_size = opt_prop(INTS)
    data_layout = opt_prop(STRING)
    kernel_layout = opt_prop(STRING)
    out_dtype = opt_prop(STRING)
    assembly_format = "$data `,` $weight " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x, w = expect_tensor(types[0], "data"), expect_tensor(types[1], "weight")
        if len(x.shape) != 4 or len(w.shape) != 4:
            raise RelationError(f"conv2d takes 4-D data and weight, got {shape_str(x)} and "
                                f"{shape_str(w)}")  # fmt: skip
        c, h, wd = layout_positions(props, "data_layout", "NCHW", DATA_LAYOUTS)
        o, i, kh, kw = (w.shape[p] for p in layout_positions(
            props, "kernel_layout", "OIHW", KERNEL_LAYOUTS))  # fmt: skip
        groups = attr(props, "groups", 1)
        in_channels = x.shape[c]
        if groups <= 0 or ANY not in (in_channels, i) and in_channels != i * groups:
            raise RelationError(
                f"data {shape_str(x)} has {in_channels} channels, but weight {shape_str(w)} "
                f"takes {i} per group x {groups} groups"
            )
        if o != ANY and o % groups:
            raise RelationError(f"{o} output channels do not divide into {groups} groups")
        channels = attr(props, "channels")
        if channels is not None and o not in (ANY, channels):
            raise RelationError(f"channels = {channels}, but the weight {shape_str(w)} has {o}")
        kernel = attr(props, "kernel_size")
        if kernel is not None and list(kernel) != [kh, kw] and ANY not in (kh, kw):
            raise RelationError(f"kernel_size = {kernel}, but the weight {shape_str(w)} has "
                                f"{[kh, kw]}")  # fmt: skip
        top, left, bottom, right = expand_padding(attr(props, "padding"))
        sh, sw = pair(attr(props, "strides"), 1, "strides")
        dh, dw = pair(attr(props, "dilation"), 1, "dilation")
        out_h = window_out(x.shape[h], top + bottom, kh, sh, dh)
        out_w = window_out(x.shape[wd], left + right, kw, sw, dw)
        shape = [0] * 4
        shape[0], shape[c], shape[h], shape[wd] = x.shape[0], o, out_h, out_w
        element = DTYPES[attr(props, "out_dtype")] if "out_dtype" in props else x.element_type
        return [tensor(shape, element)]


class Pool2DOp(RelayOp):
    """Base of `relay.nn.max_pool2d` / `avg_pool2d`: `pool_size`, `strides`, `padding`,
    `layout`, `ceil_mode` (and `count_include_pad` for avg)."""

    data = operand_()
    out = result()
    pool_size = opt_prop(INTS)
    strides = opt_prop(INTS)
    dilation = opt_prop(INTS)
    padding = opt_prop(INTS)
    layout = opt_prop(STRING)
    ceil_mode = opt_prop(INT)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        if len(x.shape) != 4:
            raise RelationError(f"pool2d takes 4-D data, got {shape_str(x)}")
        _, h, w = layout_positions(props, "layout", "NCHW", DATA_LAYOUTS)
        kh, kw = pair(attr(props, "pool_size"), 1, "pool_size")
        sh, sw = pair(attr(props, "strides"), 1, "strides")
        dh, dw = pair(attr(props, "dilation"), 1, "dilation")
        top, left, bottom, right = expand_padding(attr(props, "padding"))
        ceil = bool(attr(props, "ceil_mode", 0))
        shape = list(x.shape)
        shape[h] = window_out(x.shape[h], top + bottom, kh, sh, dh, ceil)
        shape[w] = window_out(x.shape[w], left + right, kw, sw, dw, ceil)
        return [tensor(shape, x.element_type)]


class MaxPool2DOp(Pool2DOp):
    name = "relay.nn.max_pool2d"


class AvgPool2DOp(Pool2DOp):
    name = "relay.nn.avg_pool2d"
    count_include_pad = opt_prop(INT)


class GlobalAvgPool2DOp(RelayOp):
    """`relay.nn.global_avg_pool2d {layout = "NCHW"}`: spatial dims become 1."""

    name = "relay.nn.global_avg_pool2d"
    data = operand_()
    out = result()
    layout = opt_prop(STRING)
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        if len(x.shape) != 4:
            raise RelationError(f"global_avg_pool2d takes 4-D data, got {shape_str(x)}")
        _, h, w = layout_positions(props, "layout", "NCHW", DATA_LAYOUTS)
        shape = list(x.shape)
        shape[h] = shape[w] = 1
        return [tensor(shape, x.element_type)]


NN2D_OPS = [Conv2DOp, MaxPool2DOp, AvgPool2DOp, GlobalAvgPool2DOp]
