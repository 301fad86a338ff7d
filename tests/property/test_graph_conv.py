"""Generated convolutions, transposed convolutions, pools and matmuls: for random valid
attributes and shapes, the inferred shape, the interpreter's output shape and the loop
reference's shape agree, and so do the values; each op round-trips through print and
parse; with the spatial sizes symbolic, the inferred expressions evaluate to the output
shapes for random bindings."""

from __future__ import annotations

import numpy as np
from graph_nn_reference import conv, conv_transpose, pool
from graph_nn_runner import assert_round_trips, concrete_shape, run_op, tensor_text
from hypothesis import given
from hypothesis import strategies as st


def _ints(name, values) -> str:
    return f"{name} = [{', '.join(str(v) for v in values)}]"


@st.composite
def windows(draw, spatial_rank: int, transposed: bool = False):
    """Kernel sizes, strides, pads and dilations for `spatial_rank` dims, with spatial
    sizes large enough for at least one output."""
    kernel = draw(st.lists(st.integers(1, 3), min_size=spatial_rank, max_size=spatial_rank))
    strides = draw(st.lists(st.integers(1, 3), min_size=spatial_rank, max_size=spatial_rank))
    dilations = draw(st.lists(st.integers(1, 2), min_size=spatial_rank, max_size=spatial_rank))
    extents = [(k - 1) * d + 1 for k, d in zip(kernel, dilations)]
    pads = [draw(st.integers(0, e - 1)) for e in extents * 2]
    if transposed:
        sizes = [draw(st.integers(1, 4)) for _ in range(spatial_rank)]
    else:
        sizes = [draw(st.integers(max(1, e - pads[i] - pads[spatial_rank + i]), 7))
                 for i, e in enumerate(extents)]  # fmt: skip
    return sizes, kernel, strides, pads, dilations


def _window_attrs(strides, pads, dilations) -> list[str]:
    return [_ints("strides", strides), _ints("pads", pads), _ints("dilations", dilations)]


def _rand(seed: int, *shape):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def _agree(got, inferred, want):
    assert inferred.shape == got.shape == want.shape
    np.testing.assert_allclose(got.astype(np.float64), want, rtol=1e-4, atol=1e-4)


@given(st.integers(1, 2).flatmap(windows), st.integers(1, 3), st.integers(1, 2),
       st.integers(1, 2), st.booleans(), st.integers(0, 2**16))  # fmt: skip
def test_conv(window, group, in_per_group, out_per_group, channels_last, seed):
    sizes, kernel, strides, pads, dilations = window
    c, m = group * in_per_group, group * out_per_group
    x, w = _rand(seed, 1, c, *sizes), _rand(seed + 1, m, in_per_group, *kernel)
    want = conv(x, w, strides, pads, dilations, group)
    attrs = _window_attrs(strides, pads, dilations) + [f"group = {group} : i64"]
    if channels_last:
        rank = x.ndim
        attrs.append('data_format = "%s"' % ("NWC", "NHWC")[rank - 3])
        x = np.moveaxis(x, 1, -1)
        w = np.transpose(w, (*range(2, rank), 1, 0))
        want = np.moveaxis(want, 1, -1)
    got, inferred = run_op("conv", [x, w], ", ".join(attrs))
    assert_round_trips("conv", [x, w], ", ".join(attrs))
    _agree(got, inferred, want)


@given(st.integers(1, 2).flatmap(lambda r: windows(r, transposed=True)), st.integers(1, 2),
       st.integers(1, 2), st.integers(0, 2**16), st.data())  # fmt: skip
def test_conv_transpose(window, group, per_group, seed, data):
    sizes, kernel, strides, pads, dilations = window
    extra = [data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(strides, dilations)]
    full = [s * (n - 1) + e + d * (k - 1) + 1
            for s, n, e, d, k in zip(strides, sizes, extra, dilations, kernel)]  # fmt: skip
    rank = len(sizes)
    if any(full[i] - pads[i] - pads[rank + i] < 1 for i in range(rank)):
        pads = [0] * (2 * rank)
    x = _rand(seed, 2, group, *sizes)
    w = _rand(seed + 1, group, per_group, *kernel)
    attrs = _window_attrs(strides, pads, dilations)
    attrs += [_ints("output_padding", extra), f"group = {group} : i64"]
    got, inferred = run_op("conv_transpose", [x, w], ", ".join(attrs))
    assert_round_trips("conv_transpose", [x, w], ", ".join(attrs))
    _agree(got, inferred, conv_transpose(x, w, strides, pads, dilations, extra, group))


@given(st.integers(1, 2).flatmap(windows), st.sampled_from(["max", "avg"]), st.booleans(),
       st.booleans(), st.integers(0, 2**16))  # fmt: skip
def test_pool(window, kind, ceil_mode, include_pad, seed):
    sizes, kernel, strides, pads, dilations = window
    x = _rand(seed, 1, 2, *sizes)
    attrs = [_ints("kernel_shape", kernel), *_window_attrs(strides, pads, dilations),
             f"ceil_mode = {str(ceil_mode).lower()}"]  # fmt: skip
    if kind == "avg" and include_pad:
        attrs.append("count_include_pad = true")
    got, inferred = run_op(f"{kind}_pool", [x], ", ".join(attrs))
    assert_round_trips(f"{kind}_pool", [x], ", ".join(attrs))
    want = pool(x, kind, kernel, strides, pads, dilations, ceil_mode, include_pad)
    _agree(got, inferred, want)


@given(windows(2), st.booleans(), st.sampled_from(["conv", "max_pool", "avg_pool"]),
       st.lists(st.integers(1, 9), min_size=4, max_size=4))  # fmt: skip
def test_symbolic_window_sizes_agree_with_bindings(window, ceil_mode, op_name, bindings):
    """The inferred `f(h, w)` equals the concrete output size wherever the op is defined."""
    _, kernel, strides, pads, dilations = window
    types = [tensor_text(["n", 2, "h", "w"], "f32")]
    attrs = _window_attrs(strides, pads, dilations)
    if op_name == "conv":
        types.append(tensor_text([3, 2, *kernel], "f32"))
        weights = [_rand(0, 3, 2, *kernel)]
    else:
        attrs += [_ints("kernel_shape", kernel), f"ceil_mode = {str(ceil_mode).lower()}"]
        weights = []
    attrs = ", ".join(attrs)
    assert_round_trips(op_name, types, attrs, ["n", "h", "w"])
    for h, w in zip(bindings[::2], bindings[1::2]):
        padded_h, padded_w = h + pads[0] + pads[2], w + pads[1] + pads[3]
        if padded_h < (kernel[0] - 1) * dilations[0] + 1 or \
                padded_w < (kernel[1] - 1) * dilations[1] + 1:  # fmt: skip
            continue
        x = _rand(1, 2, 2, h, w)
        got, inferred = run_op(op_name, [x, *weights], attrs, types, ["n", "h", "w"])
        assert concrete_shape(inferred, {"n": 2, "h": h, "w": w}) == got.shape


def _matmul_shapes():
    dims = st.integers(1, 4)
    batch = st.lists(st.sampled_from([1, 2, 3]), max_size=2)
    return st.tuples(batch, batch, dims, dims, dims, st.booleans(), st.booleans())


@given(_matmul_shapes(), st.integers(0, 2**16))
def test_matmul(shapes, seed):
    batch_a, batch_b, m, k, n, vector_a, vector_b = shapes
    try:
        np.broadcast_shapes(tuple(batch_a), tuple(batch_b))
    except ValueError:
        batch_b = batch_a
    a = _rand(seed, k) if vector_a else _rand(seed, *batch_a, m, k)
    b = _rand(seed + 1, k) if vector_b else _rand(seed + 1, *batch_b, k, n)
    got, inferred = run_op("matmul", [a, b])
    _agree(got, inferred, np.matmul(a.astype(np.float64), b.astype(np.float64)))
