"""graph.reduce_* and argmax/argmin: the interpreter equals a plain-Python fold over each
group of reduced elements, and inferred shapes (static and symbolic) equal the
interpreter's output shapes."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from graph_nn_runner import concrete_shape, run_op

from mlc.ir.interpreter import InterpreterError

RNG = np.random.default_rng(17)

FOLDS = {
    "reduce_sum": lambda xs: sum(xs),
    "reduce_mean": lambda xs: sum(xs) / len(xs),
    "reduce_max": lambda xs: max(xs),
    "reduce_min": lambda xs: min(xs),
    "reduce_prod": lambda xs: math.prod(xs),
    "reduce_l2": lambda xs: math.sqrt(sum(v * v for v in xs)),
    "reduce_sum_square": lambda xs: sum(v * v for v in xs),
    "reduce_log_sum_exp": lambda xs: math.log(sum(math.exp(v) for v in xs)),
}


def folded(x, axes, keepdims: bool, fold):
    """Each output element: `fold` over the Python numbers of its group of inputs."""
    kept = [1 if i in axes else d for i, d in enumerate(x.shape)]
    out = np.empty(kept, dtype=np.float64)
    for index in itertools.product(*(range(d) for d in kept)):
        ranges = [range(x.shape[i]) if i in axes else (index[i],) for i in range(x.ndim)]
        out[index] = fold([x[j].item() for j in itertools.product(*ranges)])
    return out if keepdims else out.reshape([d for i, d in enumerate(kept) if i not in axes])


@pytest.mark.parametrize("name", sorted(FOLDS))
@pytest.mark.parametrize("axes, keepdims", [([1], True), ([0, 2], False), ([-1], True),
                                            (None, True), (None, False)])  # fmt: skip
def test_reductions_fold_each_group(name, axes, keepdims):
    x = RNG.uniform(0.5, 1.5, (2, 3, 4)).astype(np.float32)
    attrs = [] if axes is None else [f"axes = {axes}"]
    attrs.append(f"keepdims = {str(keepdims).lower()}")
    got, inferred = run_op(name, [x], ", ".join(attrs))
    norm = tuple(range(3)) if axes is None else tuple(a % 3 for a in axes)
    want = folded(x, norm, keepdims, FOLDS[name])
    assert got.dtype == np.float32 and got.shape == want.shape == inferred.shape
    np.testing.assert_allclose(got, want, rtol=2e-6)


@pytest.mark.parametrize("name", ["reduce_sum", "reduce_prod", "reduce_max", "reduce_min",
                                  "reduce_sum_square"])  # fmt: skip
def test_integer_reductions_are_exact(name):
    x = RNG.integers(-4, 5, (3, 5)).astype(np.int32)
    got, inferred = run_op(name, [x], "axes = [1], keepdims = false")
    want = folded(x, (1,), False, FOLDS[name]).astype(np.int32)
    assert got.dtype == np.int32 and np.array_equal(got, want) and inferred.shape == (3,)


def test_noop_with_empty_axes_is_the_identity():
    x = RNG.standard_normal((2, 3)).astype(np.float32)
    got, inferred = run_op("reduce_sum", [x], "axes = [], noop_with_empty_axes = true")
    assert np.array_equal(got, x) and inferred.shape == (2, 3)


def test_half_precision_sums_accumulate_in_f32():
    x = np.ones(4096, np.float16)
    got, _ = run_op("reduce_sum", [x], "keepdims = false")
    assert got.dtype == np.float16 and got == 4096  # f16 accumulation would stop at 2048
    got, _ = run_op("reduce_mean", [x + np.float16(0.5)], "keepdims = false")
    assert got == np.float16(1.5)


def test_reductions_of_nothing_give_the_identity_element():
    x = np.zeros((0, 3), np.float32)
    cases = {"reduce_sum": 0.0, "reduce_prod": 1.0, "reduce_max": -np.inf, "reduce_min": np.inf,
             "reduce_log_sum_exp": -np.inf}  # fmt: skip
    for name, value in cases.items():
        got, inferred = run_op(name, [x], "axes = [0], keepdims = false")
        assert inferred.shape == got.shape == (3,)
        assert np.all(got == value), name
    got, _ = run_op("reduce_max", [np.zeros((0,), np.int8)], "keepdims = false")
    assert got == -128


def test_log_sum_exp_is_stable_for_large_inputs():
    x = np.array([[1000.0, 1000.0], [-1000.0, -np.inf]], np.float32)
    got, _ = run_op("reduce_log_sum_exp", [x], "axes = [1], keepdims = false")
    np.testing.assert_allclose(got, [1000 + math.log(2), -1000], rtol=1e-6)


def test_reduce_max_of_booleans_is_any():
    x = np.array([[True, False], [False, False]])
    got, _ = run_op("reduce_max", [x], "axes = [1], keepdims = false")
    assert got.dtype == np.bool_ and got.tolist() == [True, False]


@pytest.mark.parametrize("n", [1, 3])
def test_symbolic_reductions(n):
    x = RNG.standard_normal((n, 4, 2)).astype(np.float32)
    got, inferred = run_op("reduce_mean", [x], "axes = [1]", ["!graph.tensor<[n, 4, 2], f32>"],
                           ["n"])  # fmt: skip
    assert concrete_shape(inferred, {"n": n}) == got.shape == (n, 1, 2)
    got, inferred = run_op("argmin", [x], "axis = 0, keepdims = false",
                           ["!graph.tensor<[n, 4, 2], f32>"], ["n"])  # fmt: skip
    assert concrete_shape(inferred, {"n": n}) == got.shape == (4, 2)


def arg_extreme(x, axis, keepdims, last, better):
    moved = np.moveaxis(x, axis, -1)
    out = np.empty(moved.shape[:-1], np.int64)
    for index in itertools.product(*(range(d) for d in out.shape)):
        row = moved[index].tolist()
        best = 0
        for i, v in enumerate(row):
            if better(v, row[best]) or (last and v == row[best]):
                best = i
        out[index] = best
    return np.expand_dims(out, axis) if keepdims else out


@pytest.mark.parametrize("name, better", [("argmax", lambda a, b: a > b),
                                          ("argmin", lambda a, b: a < b)])  # fmt: skip
@pytest.mark.parametrize("axis, keepdims, last", [(0, True, False), (1, False, False),
                                                  (-1, True, True), (1, False, True)])  # fmt: skip
def test_arg_reductions_pick_first_or_last_tie(name, better, axis, keepdims, last):
    x = RNG.integers(0, 3, (3, 4, 5)).astype(np.float32)  # many ties
    flags = f"keepdims = {str(keepdims).lower()}, select_last_index = {str(last).lower()}"
    attrs = f"axis = {axis}, {flags}"
    got, inferred = run_op(name, [x], attrs)
    want = arg_extreme(x, axis % 3, keepdims, last, better)
    assert got.dtype == np.int64 and np.array_equal(got, want)
    assert inferred.shape == want.shape


def test_argmax_of_an_empty_axis_is_an_error():
    with pytest.raises(InterpreterError, match="argmax of an empty axis 0"):
        run_op("argmax", [np.zeros((0, 2), np.float32)], "")
