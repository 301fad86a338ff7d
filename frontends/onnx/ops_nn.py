"""Neural-network ONNX operators: MatMul, Gemm, convolutions, pools, normalizations,
softmax.

`auto_pad` and ConvTranspose's `output_shape` are resolved into explicit `pads` here, as
the graph dialect expects; SAME padding of a symbolic spatial dim is expressible only with
stride 1 (its total padding does not depend on the size), else a diagnostic.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects import graph
from mlc.dialects.graph.base import int_attr, ints_attr
from mlc.frontends.onnx.ops_elementwise import float_attr
from mlc.frontends.onnx.registry import converter
from mlc.ir.attributes import bool_attr

AUTO_PADS = ("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER")


@converter("MatMul")
def convert_matmul(nc):
    return [nc.emit(graph.MatMulOp, nc.value(0), nc.value(1))]


@converter("Gemm")
def convert_gemm(nc):
    a, b = nc.value(0), nc.value(1)
    c = nc.value(2) if nc.has_input(2) else nc.constant(np.array(0), like=a.type)
    props = {
        "alpha": float_attr(nc.attr("alpha", 1.0)), "beta": float_attr(nc.attr("beta", 1.0)),
        "transA": bool_attr(bool(nc.attr("transA", 0))),
        "transB": bool_attr(bool(nc.attr("transB", 0))),
    }  # fmt: skip
    return [nc.emit(graph.GemmOp, a, b, c, **props)]


def same_pads(nc, spatial, kernel, strides, dilations, upper: bool) -> list[int]:
    """Explicit pads of SAME_UPPER / SAME_LOWER: output size ceil(in / stride)."""
    begins, ends = [], []
    for size, k, s, d in zip(spatial, kernel, strides, dilations):
        extent = (k - 1) * d + 1
        if s == 1:
            total = extent - 1
        elif type(size) is int:
            total = max(0, (-(-size // s) - 1) * s + extent - size)
        else:
            raise nc.fail(f"auto_pad SAME with stride {s} needs a static spatial size, got {size}")
        small, large = total // 2, total - total // 2
        begins.append(small if upper else large)
        ends.append(large if upper else small)
    return begins + ends


def window_props(nc, spatial, kernel) -> dict:
    """strides, pads (auto_pad resolved) and dilations of a conv or pool node."""
    rank = len(spatial)
    strides = nc.attr("strides") or [1] * rank
    dilations = nc.attr("dilations") or [1] * rank
    auto_pad = nc.check_attr("auto_pad", AUTO_PADS, "NOTSET")
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        pads = same_pads(nc, spatial, kernel, strides, dilations, auto_pad == "SAME_UPPER")
    elif auto_pad == "VALID":
        pads = [0] * (2 * rank)
    else:
        pads = nc.attr("pads") or [0] * (2 * rank)
    return {"strides": ints_attr(strides), "pads": ints_attr(pads),
            "dilations": ints_attr(dilations)}  # fmt: skip


def _kernel(nc, w_type) -> list:
    kernel = nc.attr("kernel_shape")
    if kernel is not None:
        return list(kernel)
    kernel = list(w_type.shape[2:])
    if not all(type(k) is int for k in kernel):
        raise nc.fail(f"the kernel's spatial dims must be static, got {kernel}")
    return kernel


def _with_bias(nc, y):
    if not nc.has_input(2):
        return y
    return nc.emit(graph.BiasAddOp, y, nc.value(2), axis=int_attr(1))


@converter("Conv")
def convert_conv(nc):
    x, w = nc.value(0), nc.value(1)
    kernel = _kernel(nc, w.type)
    props = window_props(nc, x.type.shape[2:], kernel)
    props["group"] = int_attr(nc.attr("group", 1))
    return [_with_bias(nc, nc.emit(graph.ConvOp, x, w, **props))]


@converter("ConvTranspose")
def convert_conv_transpose(nc):
    x, w = nc.value(0), nc.value(1)
    kernel = _kernel(nc, w.type)
    spatial = x.type.shape[2:]
    rank = len(spatial)
    strides = nc.attr("strides") or [1] * rank
    dilations = nc.attr("dilations") or [1] * rank
    extra = nc.attr("output_padding") or [0] * rank
    auto_pad = nc.check_attr("auto_pad", AUTO_PADS, "NOTSET")
    output_shape = nc.attr("output_shape")
    if output_shape is None and auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        output_shape = [None if type(s) is not int else s * st for s, st in zip(spatial, strides)]
    if output_shape is not None:
        output_shape = list(output_shape)[-rank:]
        pads_begin, pads_end = [], []
        for i in range(rank):
            if type(spatial[i]) is not int or output_shape[i] is None:
                raise nc.fail("output_shape / auto_pad need static spatial input sizes")
            full = strides[i] * (spatial[i] - 1) + extra[i] + (kernel[i] - 1) * dilations[i] + 1
            total = full - output_shape[i]
            if total < 0:
                raise nc.fail(f"output_shape {output_shape} is larger than the full output")
            if auto_pad == "SAME_UPPER":
                pads_begin.append(total // 2)
                pads_end.append(total - total // 2)
            elif auto_pad == "SAME_LOWER":
                pads_begin.append(total - total // 2)
                pads_end.append(total // 2)
            else:  # ONNX's reference crops the end
                pads_begin.append(0)
                pads_end.append(total)
        pads = pads_begin + pads_end
    elif auto_pad == "VALID":
        pads = [0] * (2 * rank)
    else:
        pads = nc.attr("pads") or [0] * (2 * rank)
    props = {
        "strides": ints_attr(strides), "dilations": ints_attr(dilations),
        "pads": ints_attr(pads), "output_padding": ints_attr(extra),
        "group": int_attr(nc.attr("group", 1)),
    }  # fmt: skip
    return [_with_bias(nc, nc.emit(graph.ConvTransposeOp, x, w, **props))]


def _pool(nc, op_class, extra: dict):
    x = nc.value(0)
    kernel = nc.attr("kernel_shape")
    props = window_props(nc, x.type.shape[2:], kernel)
    props["kernel_shape"] = ints_attr(kernel)
    props["ceil_mode"] = bool_attr(bool(nc.attr("ceil_mode", 0)))
    props.update(extra)
    return nc.emit(op_class, x, **props)


@converter("MaxPool")
def convert_max_pool(nc):
    nc.only_first_output()
    nc.check_attr("storage_order", (0,), 0)
    return [_pool(nc, graph.MaxPoolOp, {})]


@converter("AveragePool")
def convert_avg_pool(nc):
    include = bool_attr(bool(nc.attr("count_include_pad", 0)))
    return [_pool(nc, graph.AvgPoolOp, {"count_include_pad": include})]


@converter("GlobalAveragePool")
def convert_global_avg_pool(nc):
    return [nc.emit(graph.GlobalAvgPoolOp, nc.value(0))]


@converter("GlobalMaxPool")
def convert_global_max_pool(nc):
    return [nc.emit(graph.GlobalMaxPoolOp, nc.value(0))]


@converter("BatchNormalization")
def convert_batch_norm(nc):
    if nc.attr("training_mode", 0):
        raise nc.fail("training_mode = 1 is not supported (inference only)")
    nc.only_first_output()
    operands = [nc.value(i) for i in range(5)]
    epsilon = float_attr(nc.attr("epsilon", 1e-5))
    return [nc.emit(graph.BatchNormOp, *operands, epsilon=epsilon)]


@converter("LayerNormalization", since=17)
def convert_layer_norm(nc):
    x, scale = nc.value(0), nc.value(1)
    bias = nc.value(2) if nc.has_input(2) else nc.constant(np.array(0), like=scale.type)
    axis, epsilon = nc.attr("axis", -1), nc.attr("epsilon", 1e-5)
    props = {"axis": int_attr(axis), "epsilon": float_attr(epsilon)}
    outputs = [nc.emit(graph.LayerNormOp, x, scale, bias, **props)]
    if nc.output_used(1) or nc.output_used(2):
        outputs += _layer_norm_statistics(nc, x, axis, epsilon)
    return outputs


def _layer_norm_statistics(nc, x, axis: int, epsilon: float) -> list:
    """LayerNormalization's Mean and InvStdDev outputs (in the stash type, f32), composed
    of reductions over the normalized dims."""
    from mlc.ir.attributes import TypeAttr
    from mlc.ir.types import f32

    if nc.attr("stash_type", 1) != 1:
        raise nc.fail("attribute stash_type other than 1 (float) is not supported")
    rank = x.type.rank
    axes = ints_attr(range(axis + rank if axis < 0 else axis, rank))
    if x.type.element_type != f32:
        x = nc.emit(graph.CastOp, x, to=TypeAttr(f32))
    mean = nc.emit(graph.ReduceMeanOp, x, axes=axes)
    centered = nc.emit(graph.SubOp, x, mean)
    variance = nc.emit(graph.ReduceMeanOp, nc.emit(graph.MulOp, centered, centered), axes=axes)
    eps = nc.constant(np.array(epsilon, np.float32))
    inv_std = nc.emit(graph.RsqrtOp, nc.emit(graph.AddOp, variance, eps))
    return [mean, inv_std]


@converter("InstanceNormalization")
def convert_instance_norm(nc):
    epsilon = float_attr(nc.attr("epsilon", 1e-5))
    return [nc.emit(graph.InstanceNormOp, nc.value(0), nc.value(1), nc.value(2),
                    epsilon=epsilon)]  # fmt: skip


@converter("GroupNormalization", since=18)
def convert_group_norm(nc):
    """GroupNormalization-18 takes one scale and bias per group, -21 one per channel: the
    per-group vectors are repeated over the channels of each group (a gather)."""
    x, scale, bias = nc.value(0), nc.value(1), nc.value(2)
    groups = nc.attr("num_groups")
    if nc.opset < 21:
        channels = x.type.shape[1]
        if type(channels) is not int:
            raise nc.fail("per-group scale and bias (opset < 21) need a static channel count")
        index = nc.constant(np.repeat(np.arange(groups, dtype=np.int64), channels // groups))
        scale = nc.emit(graph.GatherOp, scale, index)
        bias = nc.emit(graph.GatherOp, bias, index)
    props = {"num_groups": int_attr(groups), "epsilon": float_attr(nc.attr("epsilon", 1e-5))}
    return [nc.emit(graph.GroupNormOp, x, scale, bias, **props)]


@converter("Softmax")
def convert_softmax(nc):
    return [nc.emit(graph.SoftmaxOp, nc.value(0), axis=int_attr(nc.attr("axis", -1)))]


@converter("LogSoftmax")
def convert_log_softmax(nc):
    return [nc.emit(graph.LogSoftmaxOp, nc.value(0), axis=int_attr(nc.attr("axis", -1)))]
