"""Sliding-window graph ops: convolution, transposed convolution and pooling (ONNX's).

Attributes are ONNX's: `strides`, `pads` (all begins, then all ends; asymmetric allowed),
`dilations`, `group`, `kernel_shape`, `ceil_mode`, `count_include_pad`, `output_padding`;
absent lists mean ONNX's defaults (strides and dilations 1, pads 0). An ONNX `auto_pad` or
ConvTranspose `output_shape` is resolved into explicit `pads` by the importer.

Layouts: channels first by default (NCW / NCHW / NCDHW, ONNX's and PyTorch's); a
`data_format` of `"NWC"`, `"NHWC"` or `"NDHWC"` (TensorFlow's names) puts channels last.
Kernels are OIHW for channels first (ConvTranspose: IOHW, as ONNX) and HWIO for channels
last (ConvTranspose: HWOI, as TensorFlow's conv2d_transpose): the spatial dims first, then
the two channel dims in reverse order. Convolution has no bias operand: a bias is a
`graph.bias_add` on the channel axis, which the importer emits for ONNX's optional `B`.

Output sizes are symbolic when the input's spatial sizes are, e.g. `(h - 1)/2 + 1` for a
3x3 kernel with stride 2 and pads 1.
"""

from __future__ import annotations

from mlc.dialects.graph.base import (
    GRAPH_TENSOR,
    INT_ATTR,
    INTS_ATTR,
    GraphOp,
    get_bool,
    get_int,
    get_ints,
    int_attr,
)
from mlc.dialects.graph.elementwise import check_kind
from mlc.dialects.graph.shapes import ShapeError, dims_conflict
from mlc.dialects.graph.symbolic import ceildiv, floordiv
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import IntegerAttr, StringAttr, bool_attr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import operand, opt_prop, prop, result
from mlc.ir.traits import Pure
from mlc.ir.types import IntegerType

CHANNELS_FIRST = ("NCW", "NCHW", "NCDHW")
CHANNELS_LAST = ("NWC", "NHWC", "NDHWC")
DATA_FORMAT = Constraint(
    lambda a: isinstance(a, StringAttr) and a.value in CHANNELS_FIRST + CHANNELS_LAST,
    "one of " + ", ".join(f'"{f}"' for f in CHANNELS_FIRST + CHANNELS_LAST),
)
BOOL_ATTR = Constraint(
    lambda a: isinstance(a, IntegerAttr) and a.type == IntegerType(1), "bool attribute"
)


# --- layouts ---------------------------------------------------------------------------
def channels_last(props: dict) -> bool:
    """Whether the op's `data_format` puts channels last."""
    attr = props.get("data_format")
    return attr is not None and attr.value in CHANNELS_LAST


def split_input(t: TensorType, props: dict, what: str = "input") -> tuple:
    """(batch, channels, spatial dims) of an activation in the op's layout."""
    fmt = props.get("data_format")
    if fmt is not None and len(fmt.value) != t.rank:
        raise ShapeError(f"data_format \"{fmt.value}\" does not fit the rank-{t.rank} {what} '{t}'")
    if t.rank < 3:
        raise ShapeError(f"{what} must have rank 3 or more (batch, channels, spatial), got '{t}'")
    shape = t.shape
    if channels_last(props):
        return shape[0], shape[-1], shape[1:-1]
    return shape[0], shape[1], shape[2:]


def join_output(batch, channels, spatial, props: dict) -> tuple:
    """The output shape from its parts, in the op's layout (inverse of `split_input`)."""
    if channels_last(props):
        return (batch, *spatial, channels)
    return (batch, channels, *spatial)


def split_kernel(w: TensorType, x: TensorType, props: dict) -> tuple:
    """(dim0, dim1, kernel sizes) of a weight in ONNX's order (OIHW, or IOHW for
    ConvTranspose), whatever the layout."""
    if w.rank != x.rank:
        raise ShapeError(f"weight '{w}' must have the rank of the input '{x}'")
    if channels_last(props):
        return w.shape[-1], w.shape[-2], w.shape[:-2]
    return w.shape[0], w.shape[1], w.shape[2:]


# --- window attributes -----------------------------------------------------------------
def window_attrs(props: dict, spatial_rank: int, kernel=None) -> tuple:
    """(kernel, strides, pads, dilations) with ONNX's defaults, checked."""
    if kernel is None:
        kernel = get_ints(props, "kernel_shape")
        if kernel is None:  # also reached from the builder, which parse's check is not
            raise ShapeError("requires the 'kernel_shape' attribute")
        if len(kernel) != spatial_rank:
            raise ShapeError(
                f"kernel_shape {list(kernel)} must have {spatial_rank} sizes, one per spatial dim"
            )
        if any(k < 1 for k in kernel):
            raise ShapeError(f"kernel_shape {list(kernel)} must be positive")
    strides = int_list(props, "strides", spatial_rank, 1, minimum=1)
    dilations = int_list(props, "dilations", spatial_rank, 1, minimum=1)
    pads = int_list(props, "pads", 2 * spatial_rank, 0, minimum=0)
    return tuple(kernel), strides, pads, dilations


def int_list(props: dict, name: str, count: int, default: int, minimum: int) -> tuple:
    """The int-list attribute `name`, `count` values of at least `minimum` (ONNX's default
    of all `default` when absent)."""
    values = get_ints(props, name)
    if values is None:
        return (default,) * count
    if len(values) != count:
        raise ShapeError(f"{name} {list(values)} must have {count} values")
    if any(v < minimum for v in values):
        bound = "positive" if minimum == 1 else "non-negative"
        raise ShapeError(f"{name} {list(values)} must be {bound}")
    return values


def window_count(size, pad_begin: int, pad_end: int, kernel, stride: int, dilation: int,
                 ceil_mode: bool = False):  # fmt: skip
    """How many windows fit along one dim, as ONNX computes it: floor (or ceil) of
    `(size + pads - dilation*(kernel-1) - 1) / stride + 1`; with `ceil_mode` a window that
    would start in the end padding is dropped (ONNX >= 1.16, PyTorch)."""
    if size is None or kernel is None:
        return None
    extent = dilation * (kernel - 1) + 1
    span = size + pad_begin + pad_end - extent
    if type(span) is int and span < 0:
        raise ValueError
    if not ceil_mode:
        return floordiv(span, stride) + 1
    # The ceil count is ceildiv(size + pad_begin - (extent - pad_end) + stride, stride); the
    # windows starting before the end padding number ceildiv(size + pad_begin, stride). The
    # first is the smaller for every size exactly when extent - pad_end >= stride.
    if extent - pad_end >= stride:
        return ceildiv(span, stride) + 1
    return ceildiv(size + pad_begin, stride)


def output_spatial(x: TensorType, spatial, kernel, strides, pads, dilations,
                   ceil_mode: bool = False) -> tuple:  # fmt: skip
    """The window counts of every spatial dim, or a ShapeError naming the dim too small."""
    rank = len(spatial)
    out = []
    for i, size in enumerate(spatial):
        try:
            out.append(window_count(size, pads[i], pads[rank + i], kernel[i], strides[i],
                                    dilations[i], ceil_mode))  # fmt: skip
        except ValueError:
            raise ShapeError(
                f"kernel size {kernel[i]} with dilation {dilations[i]} is larger than the padded "
                f"spatial dim #{i} of '{x}' ({size} + pads {pads[i]} and {pads[rank + i]})"
            ) from None
    return tuple(out)


def check_operands(types, names, kind: str = "float") -> None:
    """Each operand has an element type of `kind` (see `elementwise.check_kind`), the same
    as the first operand's."""
    first = types[0]
    for t, what in zip(types, names):
        check_kind(kind, t, what)
        if t.element_type != first.element_type:
            raise ShapeError(f"{what} '{t}' must have the element type of {names[0]} '{first}'")


def check_groups(group: int, x: TensorType, channels, w: TensorType, weight_channels,
                 per_group: bool) -> None:  # fmt: skip
    """`group` divides the input channels, which match the weight's input channels (given
    per group by Conv's weight, in total by ConvTranspose's)."""
    if group < 1:
        raise ShapeError(f"group {group} must be positive")
    if type(channels) is int and channels % group:
        raise ShapeError(f"group {group} does not divide the {channels} input channels of '{x}'")
    if channels is None or weight_channels is None:
        return
    expected = weight_channels * group if per_group else weight_channels
    if dims_conflict(channels, expected):
        if not per_group:
            detail = f"has {weight_channels} input channels"
        elif group == 1:
            detail = f"expects {weight_channels}"
        else:
            detail = f"expects {weight_channels} per group x group {group}"
        raise ShapeError(f"input '{x}' has {channels} channels, but weight '{w}' {detail}")


class WindowOp(GraphOp):
    """The operand, result and attributes every sliding-window op has."""

    x = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    strides = opt_prop(INTS_ATTR)
    pads = opt_prop(INTS_ATTR)
    dilations = opt_prop(INTS_ATTR)
    data_format = opt_prop(DATA_FORMAT)
    traits = (Pure(),)


class ConvBase(WindowOp):
    """What Conv and ConvTranspose share: the weight operand, `group`, channel checks."""

    w = operand(GRAPH_TENSOR)
    group = prop(INT_ATTR, default=int_attr(1))
    weight_per_group = True  # the weight's input-channel dim counts one group (Conv)

    @classmethod
    def infer(cls, types, props):
        x, w = types
        check_operands(types, ("input", "weight"))
        batch, channels, spatial = split_input(x, props)
        dim0, dim1, kernel = split_kernel(w, x, props)
        group = get_int(props, "group", 1)
        weight_in = dim1 if cls.weight_per_group else dim0
        check_groups(group, x, channels, w, weight_in, cls.weight_per_group)
        window = window_attrs(props, len(spatial), kernel)
        out_channels, out = cls.output_dims(x, w, dim0, dim1, group, spatial, window, props)
        return [x.with_shape(join_output(batch, out_channels, out, props))]


class ConvOp(ConvBase):
    """ONNX Conv without bias: `y = graph.conv %x, %w {strides = [2, 2], pads = [1, 1, 1,
    1]}`; x is [N, C, spatial...], w is [M, C/group, kernel...] (or HWIO channels last)."""

    name = "graph.conv"

    @classmethod
    def output_dims(cls, x, w, out_channels, _, group, spatial, window, props) -> tuple:
        if type(out_channels) is int and out_channels % group:
            raise ShapeError(
                f"group {group} does not divide the {out_channels} output channels of '{w}'"
            )
        return out_channels, output_spatial(x, spatial, *window)


class ConvTransposeOp(ConvBase):
    """ONNX ConvTranspose with explicit pads: x is [N, C, spatial...], w is
    [C, M/group, kernel...]; each output size is
    `stride*(in-1) + output_padding + dilation*(kernel-1) + 1 - pad_begin - pad_end`."""

    name = "graph.conv_transpose"
    output_padding = opt_prop(INTS_ATTR)
    weight_per_group = False

    @classmethod
    def output_dims(cls, x, w, _, per_group_out, group, spatial, window, props) -> tuple:
        kernel, strides, pads, dilations = window
        rank = len(spatial)
        extra = int_list(props, "output_padding", rank, 0, minimum=0)
        out = []
        for i, size in enumerate(spatial):
            if size is None or kernel[i] is None:
                out.append(None)
                continue
            full = strides[i] * (size - 1) + extra[i] + dilations[i] * (kernel[i] - 1) + 1
            length = full - pads[i] - pads[rank + i]
            if type(length) is int and length < 1:
                raise ShapeError(
                    f"pads {list(pads)} leave no output along spatial dim #{i} of '{x}'"
                )
            out.append(length)
        out_channels = None if per_group_out is None else per_group_out * group
        return out_channels, tuple(out)


class PoolOp(WindowOp):
    """Shared definition of ONNX MaxPool and AveragePool (without MaxPool's indices)."""

    kernel_shape = prop(INTS_ATTR)
    ceil_mode = prop(BOOL_ATTR, default=bool_attr(False))
    element_kind = "float"

    @classmethod
    def infer(cls, types, props):
        (x,) = types
        check_kind(cls.element_kind, x, "input")
        batch, channels, spatial = split_input(x, props)
        kernel, strides, pads, dilations = window_attrs(props, len(spatial))
        ceil_mode = get_bool(props, "ceil_mode")
        out = output_spatial(x, spatial, kernel, strides, pads, dilations, ceil_mode)
        return [x.with_shape(join_output(batch, channels, out, props))]


class MaxPoolOp(PoolOp):
    """ONNX MaxPool: padding never wins (it is -inf, or the integer minimum)."""

    name = "graph.max_pool"
    element_kind = "numeric"


class AvgPoolOp(PoolOp):
    """ONNX AveragePool: the divisor counts the window's input elements, plus its padding
    elements when `count_include_pad` (never the cells added by `ceil_mode`)."""

    name = "graph.avg_pool"
    count_include_pad = prop(BOOL_ATTR, default=bool_attr(False))


class GlobalPoolOp(GraphOp):
    """[N, C, spatial...] -> [N, C, 1, ...]: ONNX GlobalAveragePool / GlobalMaxPool."""

    x = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    data_format = opt_prop(DATA_FORMAT)
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        (x,) = types
        check_kind("float", x, "input")
        batch, channels, spatial = split_input(x, props)
        return [x.with_shape(join_output(batch, channels, (1,) * len(spatial), props))]


class GlobalAvgPoolOp(GlobalPoolOp):
    name = "graph.global_avg_pool"


class GlobalMaxPoolOp(GlobalPoolOp):
    name = "graph.global_max_pool"


CONV_OPS = [ConvOp, ConvTransposeOp, MaxPoolOp, AvgPoolOp, GlobalAvgPoolOp, GlobalMaxPoolOp]

__all__ = [op.__name__ for op in CONV_OPS]
