"""Relay's shape, indexing, reduction, convolution and pooling ops against numpy
definitions written here from Relay's documentation, quirks first."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import mlc


def tensor_type(a: np.ndarray) -> str:
    element = {"float32": "f32", "int32": "i32", "int64": "i64"}[a.dtype.name]
    return f"tensor<{''.join(f'{d}x' for d in a.shape)}{element}>"


def run_op(op: str, args: list, attrs: str, result: str):
    """Build `@f` applying `op` with `attrs` to `args` (result type given), and run it."""
    types = [tensor_type(a) for a in args]
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(types))
    operands = ", ".join(f"%a{i}" for i in range(len(args)))
    text = (
        f"func.func @f({params}) -> {result} {{\n"
        f"  %0 = {op} {operands} {{{attrs}}} : ({', '.join(types)}) -> {result}\n"
        f"  return %0 : {result}\n}}"
    )
    module = mlc.parse(text, mlc.Context())
    return mlc.interpret(module, "f", *args)[0]


X = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


@pytest.mark.parametrize(
    "newshape, want",
    [([0, -1], (2, 12)), ([-2], (2, 3, 4)), ([-3, 4], (6, 4)), ([-4, 1, 2, -2], (1, 2, 3, 4)),
     ([-4, -1, 1, -3], (2, 1, 12)), ([4, 0, -1], (4, 3, 2))],
)  # fmt: skip
def test_reshape_codes(newshape, want):
    result = f"tensor<{''.join(f'{d}x' for d in want)}f32>"
    got = run_op("relay.reshape", [X], f"newshape = {newshape}", result)
    np.testing.assert_array_equal(got, X.reshape(want))


def test_split_by_sections_and_by_indices_gives_tuples():
    t = "tensor<2x3x4xf32>"
    text = f"""func.func @f(%x: {t}) -> (tensor<2x3x1xf32>, tensor<2x3x2xf32>) {{
      %s = relay.split %x {{indices_or_sections = [1, 3], axis = -1 : i64}} : ({t}) ->
        tuple<tensor<2x3x1xf32>, tensor<2x3x2xf32>, tensor<2x3x1xf32>>
      %a = relay.tuple_get_item %s {{index = 0 : i64}} :
        (tuple<tensor<2x3x1xf32>, tensor<2x3x2xf32>, tensor<2x3x1xf32>>) -> tensor<2x3x1xf32>
      %h = relay.split %x {{indices_or_sections = 2 : i64, axis = 2 : i64}} : ({t}) ->
        tuple<tensor<2x3x2xf32>, tensor<2x3x2xf32>>
      %b = relay.tuple_get_item %h {{index = 1 : i64}} :
        (tuple<tensor<2x3x2xf32>, tensor<2x3x2xf32>>) -> tensor<2x3x2xf32>
      return %a, %b : tensor<2x3x1xf32>, tensor<2x3x2xf32>
    }}"""
    a, b = mlc.interpret(mlc.parse(text, mlc.Context()), "f", X)
    np.testing.assert_array_equal(a, X[:, :, :1])
    np.testing.assert_array_equal(b, X[:, :, 2:])


def test_concatenate_takes_a_tuple():
    t = "tensor<2x3x4xf32>"
    tup = f"tuple<{t}, {t}>"
    text = f"""func.func @f(%x: {t}) -> tensor<2x6x4xf32> {{
      %t = relay.tuple %x, %x : ({t}, {t}) -> {tup}
      %c = relay.concatenate %t {{axis = 1 : i64}} : ({tup}) -> tensor<2x6x4xf32>
      return %c : tensor<2x6x4xf32>
    }}"""
    (got,) = mlc.interpret(mlc.parse(text, mlc.Context()), "f", X)
    np.testing.assert_array_equal(got, np.concatenate([X, X], axis=1))


def test_strided_slice_end_and_size_modes():
    got = run_op("relay.strided_slice", [X], "begin = [0, 2], end = [2, -4], strides = [1, -1]",
                 "tensor<2x3x4xf32>")  # fmt: skip
    np.testing.assert_array_equal(got, X[0:2, 2:-4:-1])
    got = run_op("relay.strided_slice", [X],
                 'begin = [1, 1], end = [-1, 2], axes = [1, 2], slice_mode = "size"',
                 "tensor<2x2x2xf32>")  # fmt: skip
    np.testing.assert_array_equal(got, X[:, 1:, 1:3])


@pytest.mark.parametrize("mode, want", [("clip", [3, 0, 3]), ("wrap", [1, 3, 3])])
def test_take_modes(mode, want):
    data = np.array([10, 11, 12, 13], np.float32)
    idx = np.array([5, -1, 3], np.int32)
    got = run_op("relay.take", [data, idx], f'axis = 0 : i64, mode = "{mode}"', "tensor<3xf32>")
    np.testing.assert_array_equal(got, data[want])


def test_take_without_axis_flattens():
    got = run_op("relay.take", [X, np.array([[0, 23]], np.int32)], "", "tensor<1x2xf32>")
    np.testing.assert_array_equal(got, [[0, 23]])


def test_squeeze_without_axis_drops_every_one_and_expand_dims_inserts():
    x = np.zeros((1, 3, 1, 2), np.float32)
    got = run_op("relay.squeeze", [x], "", "tensor<3x2xf32>")
    assert got.shape == (3, 2)
    got = run_op("relay.expand_dims", [X], "axis = -1 : i64, num_newaxis = 2 : i64",
                 "tensor<2x3x4x1x1xf32>")  # fmt: skip
    assert got.shape == (2, 3, 4, 1, 1)


def test_reductions_with_exclude_and_keepdims():
    got = run_op("relay.sum", [X], "axis = [1], exclude = 1 : i64", "tensor<3xf32>")
    np.testing.assert_array_equal(got, X.sum(axis=(0, 2)))
    got = run_op("relay.mean", [X], "axis = [0, 2], keepdims = 1 : i64", "tensor<1x3x1xf32>")
    np.testing.assert_allclose(got, X.mean(axis=(0, 2), keepdims=True))
    got = run_op("relay.max", [X], "", "tensor<f32>")
    assert got == 23


def conv_reference(x, w, stride, pads, dilation, groups):
    """Direct NCHW/OIHW convolution, one output element at a time."""
    top, left, bottom, right = pads
    x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    oh = (h - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, o, oh, ow), np.float64)
    for b, oc, i, j in itertools.product(range(n), range(o), range(oh), range(ow)):
        g = oc // (o // groups)
        for ic, p, q in itertools.product(range(cg), range(kh), range(kw)):
            out[b, oc, i, j] += (x[b, g * cg + ic, i * stride[0] + p * dilation[0],
                                   j * stride[1] + q * dilation[1]] * w[oc, ic, p, q])  # fmt: skip
    return out


@pytest.mark.parametrize(
    "padding, pads", [([1], (1, 1, 1, 1)), ([1, 2], (1, 2, 1, 2)), ([0, 1, 2, 0], (0, 1, 2, 0))]
)
@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
def test_conv2d_padding_forms_groups_dilation_and_layouts(padding, pads, layout):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((1, 4, 5, 6)).astype(np.float32)
    w = rng.standard_normal((6, 2, 2, 3)).astype(np.float32)
    want = conv_reference(x, w, (2, 1), pads, (1, 2), groups=2)
    if layout == "NHWC":
        x, w = np.transpose(x, (0, 2, 3, 1)), np.transpose(w, (2, 3, 1, 0))
        want = np.transpose(want, (0, 2, 3, 1))
        layouts = 'data_layout = "NHWC", kernel_layout = "HWIO"'
    else:
        layouts = 'data_layout = "NCHW", kernel_layout = "OIHW"'
    attrs = (f"padding = {padding}, strides = [2, 1], dilation = [1, 2], groups = 2 : i64, "
             f"channels = 6 : i64, {layouts}")  # fmt: skip
    result = f"tensor<{''.join(f'{d}x' for d in want.shape)}f32>"
    got = run_op("relay.nn.conv2d", [x, w], attrs, result)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_pools_with_ceil_mode_and_padding_counts():
    x = np.arange(25, dtype=np.float32).reshape(1, 1, 5, 5)
    attrs = "pool_size = [2, 2], strides = [2, 2], ceil_mode = 1 : i64"
    got = run_op("relay.nn.max_pool2d", [x], attrs, "tensor<1x1x3x3xf32>")
    np.testing.assert_array_equal(got[0, 0], [[6, 8, 9], [16, 18, 19], [21, 23, 24]])
    got = run_op("relay.nn.avg_pool2d", [x], "pool_size = [3, 3], padding = [1]",
                 "tensor<1x1x5x5xf32>")  # fmt: skip
    assert got[0, 0, 0, 0] == np.mean([0, 1, 5, 6])  # padding not counted by default
    got = run_op("relay.nn.avg_pool2d", [x], "pool_size = [3, 3], padding = [1], "
                 "count_include_pad = 1 : i64", "tensor<1x1x5x5xf32>")  # fmt: skip
    assert got[0, 0, 0, 0] == pytest.approx(np.sum([0, 1, 5, 6]) / 9)
    got = run_op("relay.nn.global_avg_pool2d", [x], "", "tensor<1x1x1x1xf32>")
    assert got[0, 0, 0, 0] == 12
