"""Generated softmax, layer norm, batch norm and gemm cases: random shapes and attributes,
the inferred shape equals the interpreter's output shape, and the values equal a numpy
evaluation written here; with the batch dim symbolic, inference agrees with every binding."""

from __future__ import annotations

import numpy as np
from graph_nn_reference import channel, normalized, softmax
from graph_nn_runner import assert_round_trips, concrete_shape, run_op, tensor_text
from hypothesis import given
from hypothesis import strategies as st

SHAPES = st.lists(st.integers(1, 4), min_size=1, max_size=4)


def _rand(seed: int, *shape):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def _close(got, inferred, want):
    assert inferred.shape == got.shape == want.shape
    np.testing.assert_allclose(got.astype(np.float64), want, rtol=1e-4, atol=1e-4)


@given(SHAPES, st.data(), st.booleans(), st.integers(0, 2**16))
def test_softmax_family(shape, data, log, seed):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = _rand(seed, *shape) * 4
    got, inferred = run_op("log_softmax" if log else "softmax", [x], f"axis = {axis} : i64")
    want = softmax(x.astype(np.float64), axis)
    _close(got, inferred, np.log(want) if log else want)


@given(SHAPES, st.data(), st.integers(0, 2**16))
def test_layer_norm(shape, data, seed):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    start = axis % len(shape)
    scale_rank = data.draw(st.integers(0, len(shape) - start))
    scale_shape = [data.draw(st.sampled_from([1, d])) for d in shape[len(shape) - scale_rank :]]
    x, scale, bias = (
        _rand(seed, *shape),
        _rand(seed + 1, *scale_shape),
        _rand(seed + 2, *shape[start:]),
    )
    got, inferred = run_op("layer_norm", [x, scale, bias], f"axis = {axis} : i64")
    want = normalized(x.astype(np.float64), tuple(range(start, len(shape))), 1e-5) * scale + bias
    _close(got, inferred, want)


@given(st.lists(st.integers(1, 4), min_size=2, max_size=4), st.data(), st.integers(0, 2**16))
def test_batch_norm_symbolic_batch(shape, data, seed):
    axis = data.draw(st.integers(1, len(shape) - 1))
    c = shape[axis]
    scale, bias, mean = _rand(seed, c), _rand(seed + 1, c), _rand(seed + 2, c)
    var = np.abs(_rand(seed + 3, c)) + 0.1
    types = [tensor_text(["n", *shape[1:]], "f32")] + [tensor_text([c], "f32")] * 4
    for n in (1, 3):
        x = _rand(seed + n, n, *shape[1:])
        got, inferred = run_op("batch_norm", [x, scale, bias, mean, var], f"axis = {axis} : i64",
                               types, ["n"])  # fmt: skip
        rank = len(shape)
        want = (x - channel(mean, rank, axis)) / np.sqrt(channel(var, rank, axis) + 1e-5)
        want = want * channel(scale, rank, axis) + channel(bias, rank, axis)
        assert concrete_shape(inferred, {"n": n}) == got.shape
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


C_DIMS = st.sampled_from([(), (1,), ("n",), ("m", 1), ("m", "n")])


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.booleans(), st.booleans(),
       C_DIMS, st.integers(0, 2**16))  # fmt: skip
def test_gemm(m, k, n, trans_a, trans_b, c_dims, seed):
    a = _rand(seed, *((k, m) if trans_a else (m, k)))
    b = _rand(seed + 1, *((n, k) if trans_b else (k, n)))
    c = _rand(seed + 2, *[{"m": m, "n": n}.get(d, d) for d in c_dims])
    attrs = f"alpha = 1.5 : f32, beta = -0.5 : f32, transA = {str(trans_a).lower()}, " \
            f"transB = {str(trans_b).lower()}"  # fmt: skip
    got, inferred = run_op("gemm", [a, b, c], attrs)
    assert_round_trips("gemm", [a, b, c], attrs)
    a64 = a.T.astype(np.float64) if trans_a else a.astype(np.float64)
    b64 = b.T.astype(np.float64) if trans_b else b.astype(np.float64)
    _close(got, inferred, 1.5 * np.einsum("ik,kj->ij", a64, b64) - 0.5 * np.broadcast_to(c, (m, n)))
