"""graph.matmul, gemm, linear, bias_add, softmax and the normalizations: the interpreter
equals an independent numpy computation, and inferred shapes (static and symbolic) equal
the interpreter's output shapes."""

from __future__ import annotations

import numpy as np
import pytest
from graph_nn_reference import channel, normalized, softmax
from graph_nn_runner import concrete_shape, run_op
from scipy import special

from mlc.ir.interpreter import InterpreterError

RNG = np.random.default_rng(7)


def rand(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


def check(got, want, dtype=np.float32, rtol=1e-5, atol=1e-5):
    assert got.dtype == dtype
    assert got.shape == np.shape(want)
    np.testing.assert_allclose(got.astype(np.float64), want, rtol=rtol, atol=atol)


@pytest.mark.parametrize(
    "a_shape, b_shape",
    [((3,), (3,)), ((3,), (3, 4)), ((2, 3), (3,)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)),
     ((3,), (5, 3, 4)), ((2, 1, 2, 3), (4, 3, 2)), ((1, 2, 3), (6, 3, 2))],
)  # fmt: skip
def test_matmul_matches_numpy(a_shape, b_shape):
    a, b = rand(*a_shape), rand(*b_shape)
    got, inferred = run_op("matmul", [a, b])
    want = np.einsum("...ij,...jk->...ik", *_as_matrices(a, b))
    if a.ndim == 1:
        want = want[..., 0, :]
    if b.ndim == 1:
        want = want[..., 0]
    check(got, want, rtol=1e-4)
    assert inferred.shape == got.shape


def _as_matrices(a, b):
    """numpy's matmul rule written out: promote 1-D operands, broadcast the batch dims."""
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    a2 = np.broadcast_to(a2, batch + a2.shape[-2:]).astype(np.float64)
    b2 = np.broadcast_to(b2, batch + b2.shape[-2:]).astype(np.float64)
    return a2, b2


def test_matmul_integer_and_symbolic_batch():
    types = ["!graph.tensor<[n, m, 3], i32>", "!graph.tensor<[3, 2], i32>"]
    for n, m in [(1, 1), (2, 5)]:
        a = RNG.integers(-9, 9, (n, m, 3)).astype(np.int32)
        b = RNG.integers(-9, 9, (3, 2)).astype(np.int32)
        got, inferred = run_op("matmul", [a, b], arg_types=types, size_vars=["n", "m"])
        want = np.array([[[sum(int(a[i, j, k]) * int(b[k, c]) for k in range(3)) for c in range(2)]
                          for j in range(m)] for i in range(n)])  # fmt: skip
        assert got.dtype == np.int32 and (got == want).all()
        assert concrete_shape(inferred, {"n": n, "m": m}) == got.shape


def test_matmul_f16_accumulates_in_f32():
    a = np.full((1, 4096), 1.0, np.float16)
    b = np.full((4096, 1), 1.0, np.float16)
    got, _ = run_op("matmul", [a, b])
    assert got.dtype == np.float16 and got[0, 0] == 4096  # f16 sums would stop at 2048


@pytest.mark.parametrize("trans_a, trans_b", [(False, False), (True, False), (False, True),
                                              (True, True)])  # fmt: skip
@pytest.mark.parametrize("c_shape", [(), (4,), (3, 1), (3, 4)])
def test_gemm_matches_onnx_definition(trans_a, trans_b, c_shape):
    a = rand(*((5, 3) if trans_a else (3, 5)))
    b = rand(*((4, 5) if trans_b else (5, 4)))
    c = rand(*c_shape)
    attrs = f"alpha = 0.5 : f32, beta = 2.0 : f32, transA = {str(trans_a).lower()}, " \
            f"transB = {str(trans_b).lower()}"  # fmt: skip
    got, inferred = run_op("gemm", [a, b, c], attrs)
    a64 = a.astype(np.float64).T if trans_a else a.astype(np.float64)
    b64 = b.astype(np.float64).T if trans_b else b.astype(np.float64)
    want = np.zeros((3, 4))
    for i in range(3):
        for j in range(4):
            want[i, j] = 0.5 * sum(a64[i, k] * b64[k, j] for k in range(5))
    want += 2.0 * np.broadcast_to(c, (3, 4))
    check(got, want, rtol=1e-4)
    assert inferred.shape == (3, 4)


def test_gemm_integers_with_default_factors_are_exact():
    a = np.array([[2**40, 1]], np.int64)
    b = np.array([[1], [1]], np.int64)
    c = np.array([3], np.int64)
    got, _ = run_op("gemm", [a, b, c])
    assert got.dtype == np.int64 and got.tolist() == [[2**40 + 4]]


def test_linear_symbolic_batch():
    types = ["!graph.tensor<[n, 2, 6], f32>", "!graph.tensor<[4, 6], f32>",
             "!graph.tensor<[4], f32>"]  # fmt: skip
    w, b = rand(4, 6), rand(4)
    for n in (1, 3):
        x = rand(n, 2, 6)
        got, inferred = run_op("linear", [x, w, b], arg_types=types, size_vars=["n"])
        want = np.einsum("nsi,oi->nso", x.astype(np.float64), w.astype(np.float64)) + b
        check(got, want, rtol=1e-4)
        assert concrete_shape(inferred, {"n": n}) == got.shape


@pytest.mark.parametrize("axis", [1, -1, 0])
def test_bias_add_along_axis(axis):
    x = rand(2, 3, 4)
    b = rand(x.shape[axis])
    got, _ = run_op("bias_add", [x, b], f"axis = {axis} : i64")
    check(got, x + channel(b, 3, axis))


@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_softmax_and_log_softmax(axis):
    x = rand(3, 4, 5) * 10
    got, _ = run_op("softmax", [x], f"axis = {axis} : i64")
    check(got, special.softmax(x.astype(np.float64), axis=axis))
    got, _ = run_op("log_softmax", [x], f"axis = {axis} : i64")
    check(got, np.log(softmax(x.astype(np.float64), axis)), rtol=1e-4, atol=1e-4)


def test_softmax_is_stable_and_f16_rounds_once():
    x = np.array([[1000.0, 1000.0], [-1000.0, 0.0]], np.float32)
    got, _ = run_op("softmax", [x])
    check(got, [[0.5, 0.5], [0.0, 1.0]])
    h = rand(2, 7, dtype=np.float16)
    got, _ = run_op("softmax", [h])
    want = special.softmax(h.astype(np.float32), axis=-1).astype(np.float16)
    assert got.dtype == np.float16 and (got == want).all()


@pytest.mark.parametrize("axis, scale_shape", [(-1, (5,)), (1, (4, 5)), (1, (1, 5)), (0, (5,))])
def test_layer_norm(axis, scale_shape):
    x, scale, bias = rand(3, 4, 5), rand(*scale_shape), rand(*scale_shape)
    got, _ = run_op("layer_norm", [x, scale, bias], f"axis = {axis} : i64, epsilon = 1.0e-3 : f32")
    axes = tuple(range(axis % 3, 3))
    want = normalized(x.astype(np.float64), axes, 1e-3) * scale + bias
    check(got, want, rtol=1e-4, atol=1e-4)


def test_layer_norm_symbolic_sequence():
    types = ["!graph.tensor<[b, s, 8], f32>", "!graph.tensor<[8], f32>", "!graph.tensor<[8], f32>"]
    scale, bias = rand(8), rand(8)
    for b, s in [(1, 1), (2, 3)]:
        x = rand(b, s, 8)
        got, inferred = run_op("layer_norm", [x, scale, bias], arg_types=types,
                               size_vars=["b", "s"])  # fmt: skip
        check(got, normalized(x.astype(np.float64), (2,), 1e-5) * scale + bias, atol=1e-4)
        assert concrete_shape(inferred, {"b": b, "s": s}) == got.shape


@pytest.mark.parametrize("shape, axis", [((2, 3), 1), ((2, 3, 4, 5), 1), ((2, 4, 5, 3), -1)])
def test_batch_norm_inference(shape, axis):
    x = rand(*shape)
    c = shape[axis]
    scale, bias, mean = rand(c), rand(c), rand(c)
    var = RNG.uniform(0.5, 2.0, c).astype(np.float32)
    got, _ = run_op("batch_norm", [x, scale, bias, mean, var], f"axis = {axis} : i64")
    rank = len(shape)
    want = (x - channel(mean, rank, axis)) / np.sqrt(channel(var, rank, axis) + 1e-5)
    want = want * channel(scale, rank, axis) + channel(bias, rank, axis)
    check(got, want, rtol=1e-4, atol=1e-5)


def test_instance_norm():
    x, scale, bias = rand(2, 3, 4, 5), rand(3), rand(3)
    got, _ = run_op("instance_norm", [x, scale, bias], "epsilon = 1.0e-2 : f32")
    want = normalized(x.astype(np.float64), (2, 3), 1e-2) * channel(scale, 4) + channel(bias, 4)
    check(got, want, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("groups", [1, 2, 6])
def test_group_norm_onnx21(groups):
    x, scale, bias = rand(2, 6, 3, 2), rand(6), rand(6)
    got, _ = run_op("group_norm", [x, scale, bias], f"num_groups = {groups} : i64")
    per_group = x.astype(np.float64).reshape(2, groups, -1)
    want = normalized(per_group, (2,), 1e-5).reshape(x.shape)
    check(got, want * channel(scale, 4) + channel(bias, 4), rtol=1e-4, atol=1e-4)


def test_symbolic_size_mismatch_is_an_interpreter_error():
    types = ["!graph.tensor<[n, k], f32>", "!graph.tensor<[m, 2], f32>"]
    with pytest.raises(InterpreterError, match="do not fit at run time"):
        run_op("matmul", [rand(2, 3), rand(4, 2)], arg_types=types, size_vars=["n", "k", "m"])
    types = ["!graph.tensor<[2, s], f32>", "!graph.tensor<[t], f32>", "!graph.tensor<[t], f32>"]
    with pytest.raises(InterpreterError, match="do not fit at run time"):
        run_op("layer_norm", [rand(2, 3), rand(4), rand(4)], arg_types=types, size_vars=["s", "t"])
