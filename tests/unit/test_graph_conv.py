"""graph.conv, conv_transpose and the pools: the interpreter equals the loop references of
`graph_nn_reference`, in both layouts, and symbolic output sizes evaluate to the
interpreter's output shapes at several bindings."""

from __future__ import annotations

import numpy as np
import pytest
from graph_nn_reference import conv, conv_transpose, pool
from graph_nn_runner import concrete_shape, run_op

from mlc.dialects.graph.symbolic import var
from mlc.ir.interpreter import InterpreterError

RNG = np.random.default_rng(11)


def rand(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


def ints(name: str, values) -> str:
    return f"{name} = [{', '.join(str(v) for v in values)}]"


def check(got, want, dtype=np.float32):
    assert got.dtype == dtype and got.shape == want.shape
    np.testing.assert_allclose(got.astype(np.float64), want, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize(
    "x_shape, w_shape, strides, pads, dilations, group",
    [
        ((1, 2, 7), (3, 2, 3), [2], [1, 0], [1], 1),
        ((2, 3, 6, 5), (4, 3, 3, 2), [1, 2], [1, 0, 2, 1], [1, 1], 1),
        ((1, 4, 7, 7), (6, 2, 3, 3), [2, 1], [1, 1, 1, 1], [2, 1], 2),
        ((1, 4, 5, 5), (4, 1, 3, 3), [1, 1], [1, 1, 1, 1], [1, 1], 4),  # depthwise
        ((1, 2, 4, 4, 3), (2, 2, 2, 2, 2), [1, 1, 1], [0, 1, 0, 1, 0, 1], [1, 1, 1], 1),
    ],
)
def test_conv_matches_reference(x_shape, w_shape, strides, pads, dilations, group):
    x, w = rand(*x_shape), rand(*w_shape)
    attrs = ", ".join([ints("strides", strides), ints("pads", pads), ints("dilations", dilations),
                       f"group = {group} : i64"])  # fmt: skip
    got, inferred = run_op("conv", [x, w], attrs)
    check(got, conv(x, w, strides, pads, dilations, group))
    assert inferred.shape == got.shape


def test_conv_nhwc_with_hwio_kernel():
    x, w = rand(2, 6, 5, 4), rand(3, 3, 2, 6)  # NHWC, HWIO with group 2
    attrs = 'data_format = "NHWC", strides = [2, 1], pads = [1, 1, 1, 1], group = 2 : i64'
    got, _ = run_op("conv", [x, w], attrs)
    want = conv(x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), [2, 1], [1, 1, 1, 1], [1, 1], 2)
    check(got, want.transpose(0, 2, 3, 1))


def test_conv_f16_rounds_once():
    x, w = rand(1, 8, 5, 5, dtype=np.float16), rand(4, 8, 3, 3, dtype=np.float16)
    got, _ = run_op("conv", [x, w])
    want = conv(x, w, [1, 1], [0, 0, 0, 0], [1, 1]).astype(np.float16)
    assert got.dtype == np.float16
    np.testing.assert_allclose(
        got.astype(np.float64), want.astype(np.float64), rtol=2e-3, atol=2e-3
    )


def test_conv_symbolic_spatial_sizes():
    types = ["!graph.tensor<[n, 3, h, w], f32>", "!graph.tensor<[5, 3, 3, 3], f32>"]
    attrs = "strides = [2, 2], pads = [1, 1, 1, 1]"
    k = rand(5, 3, 3, 3)
    for n, h, w in [(1, 1, 1), (2, 8, 5), (1, 7, 9)]:
        x = rand(n, 3, h, w)
        got, inferred = run_op("conv", [x, k], attrs, types, ["n", "h", "w"])
        assert inferred.shape[2] == (var("h") - 1) // 2 + 1
        assert concrete_shape(inferred, {"n": n, "h": h, "w": w}) == got.shape
        check(got, conv(x, k, [2, 2], [1, 1, 1, 1], [1, 1]))


def test_conv_too_small_at_run_time():
    types = ["!graph.tensor<[1, 1, h], f32>", "!graph.tensor<[1, 1, 3], f32>"]
    with pytest.raises(InterpreterError, match="does not fit"):
        run_op("conv", [rand(1, 1, 2), rand(1, 1, 3)], arg_types=types, size_vars=["h"])


@pytest.mark.parametrize(
    "x_shape, w_shape, strides, pads, dilations, output_padding, group",
    [
        ((1, 2, 4), (2, 3, 3), [2], [1, 0], [1], [1], 1),
        ((2, 4, 3, 4), (4, 2, 3, 2), [2, 3], [1, 0, 0, 1], [1, 2], [1, 0], 2),
        ((1, 1, 2, 2), (1, 1, 3, 3), [1, 1], [0, 0, 0, 0], [1, 1], [0, 0], 1),
    ],
)
def test_conv_transpose_matches_reference(x_shape, w_shape, strides, pads, dilations,
                                          output_padding, group):  # fmt: skip
    x, w = rand(*x_shape), rand(*w_shape)
    attrs = ", ".join([
        ints("strides", strides), ints("pads", pads), ints("dilations", dilations),
        ints("output_padding", output_padding), f"group = {group} : i64",
    ])  # fmt: skip
    got, inferred = run_op("conv_transpose", [x, w], attrs)
    check(got, conv_transpose(x, w, strides, pads, dilations, output_padding, group))
    assert inferred.shape == got.shape


def test_conv_transpose_nhwc_and_symbolic():
    types = ["!graph.tensor<[1, h, w, 2], f32>", "!graph.tensor<[3, 3, 4, 2], f32>"]
    attrs = 'data_format = "NHWC", strides = [2, 2], pads = [1, 1, 1, 1], output_padding = [1, 1]'
    w = rand(3, 3, 4, 2)  # HWOI
    for h, wd in [(1, 1), (3, 2)]:
        x = rand(1, h, wd, 2)
        got, inferred = run_op("conv_transpose", [x, w], attrs, types, ["h", "w"])
        assert inferred.shape[1] == 2 * var("h")
        assert concrete_shape(inferred, {"h": h, "w": wd}) == got.shape
        want = conv_transpose(x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), [2, 2],
                              [1, 1, 1, 1], [1, 1], [1, 1])  # fmt: skip
        check(got, want.transpose(0, 2, 3, 1))


@pytest.mark.parametrize(
    "kernel, strides, pads, dilations, ceil_mode",
    [
        ([2, 2], [2, 2], [0, 0, 0, 0], [1, 1], False),
        ([3, 3], [2, 2], [1, 1, 1, 1], [1, 1], True),
        ([3, 2], [2, 1], [1, 0, 1, 1], [2, 1], True),
        ([1, 1], [2, 2], [0, 0, 0, 0], [1, 1], True),  # ONNX's ceil_output_size_reduce_by_one
    ],
)
@pytest.mark.parametrize("kind", ["max", "avg", "avg_include_pad"])
def test_pools_match_reference(kind, kernel, strides, pads, dilations, ceil_mode):
    x = rand(2, 3, 6, 5) if kernel != [1, 1] else rand(1, 1, 2, 2)
    include_pad = kind == "avg_include_pad"
    attrs = [ints("kernel_shape", kernel), ints("strides", strides), ints("pads", pads),
             ints("dilations", dilations), f"ceil_mode = {str(ceil_mode).lower()}"]  # fmt: skip
    if include_pad:
        attrs.append("count_include_pad = true")
    op = "max_pool" if kind == "max" else "avg_pool"
    got, inferred = run_op(op, [x], ", ".join(attrs))
    want = pool(x, kind[:3], kernel, strides, pads, dilations, ceil_mode, include_pad)
    check(got, want)
    assert inferred.shape == got.shape


def test_max_pool_integers_nhwc():
    x = RNG.integers(-100, 100, (1, 5, 5, 2)).astype(np.int8)
    attrs = 'kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1], data_format = "NHWC"'
    got, _ = run_op("max_pool", [x], attrs)
    want = pool(x.transpose(0, 3, 1, 2), "max", [3, 3], [2, 2], [1, 1, 1, 1], [1, 1])
    assert got.dtype == np.int8 and (got == want.transpose(0, 2, 3, 1)).all()


def test_pool_symbolic_ceil_mode():
    types = ["!graph.tensor<[1, 2, h, w], f32>"]
    attrs = "kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1], ceil_mode = true"
    for h, w in [(1, 1), (4, 5), (7, 6)]:
        x = rand(1, 2, h, w)
        got, inferred = run_op("avg_pool", [x], attrs, types, ["h", "w"])
        assert concrete_shape(inferred, {"h": h, "w": w}) == got.shape
        check(got, pool(x, "avg", [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], True))


@pytest.mark.parametrize("fmt", [None, "NCHW", "NHWC"])
def test_global_pools(fmt):
    x = rand(2, 3, 4, 5)
    attrs = f'data_format = "{fmt}"' if fmt else ""
    spatial = (1, 2) if fmt == "NHWC" else (2, 3)
    got, _ = run_op("global_avg_pool", [x], attrs)
    check(got, x.astype(np.float64).mean(axis=spatial, keepdims=True))
    got, _ = run_op("global_max_pool", [x], attrs)
    check(got, x.astype(np.float64).max(axis=spatial, keepdims=True))


_GRID_7x5 = np.arange(35, dtype=np.float32).reshape(1, 1, 7, 5)
_GRID_4x4 = np.arange(1, 17, dtype=np.float32).reshape(1, 1, 4, 4)


@pytest.mark.parametrize(
    "op, x, attrs, expected",
    [
        ("conv", _GRID_7x5, "strides = [2, 2], pads = [1, 1, 1, 1]",
         [[12, 27, 24], [63, 108, 81], [123, 198, 141], [112, 177, 124]]),
        ("conv", _GRID_7x5, "strides = [2, 2]", [[54, 72], [144, 162], [234, 252]]),
        ("avg_pool", _GRID_4x4, "kernel_shape = [3, 3], strides = [2, 2], ceil_mode = true",
         [[6, 7.5], [12, 13.5]]),
        ("max_pool", _GRID_4x4, "kernel_shape = [3, 3], strides = [2, 2], ceil_mode = true",
         [[11, 12], [15, 16]]),
        ("max_pool", _GRID_4x4[:, :, :2, :2],
         "kernel_shape = [1, 1], strides = [2, 2], ceil_mode = true", [[1]]),
    ],
    ids=["conv_with_strides_padding", "conv_with_strides_no_padding", "averagepool_2d_ceil",
         "maxpool_2d_ceil", "maxpool_2d_ceil_output_size_reduce_by_one"],
)  # fmt: skip
def test_onnx_backend_node_cases(op, x, attrs, expected):
    """The expected outputs of ONNX's backend node tests of the same names."""
    args = [x, np.ones((1, 1, 3, 3), np.float32)] if op == "conv" else [x]
    got, _ = run_op(op, args, attrs)
    check(got, np.array(expected, np.float64)[None, None])
