"""graph.reshape, transpose, expand_dims, squeeze, flatten, broadcast_to, tile: the
interpreter equals an independent element-by-element computation, and inferred shapes
(static and symbolic, with the size variables bound) equal the interpreter's output shapes."""

from __future__ import annotations

import numpy as np
import pytest
from graph_nn_runner import concrete_shape, run_op
from graph_shape_runner import assert_same, index_tuples, run_graph_op

from mlc.dialects.graph import ReshapeOp, tensor, var
from mlc.dialects.graph.shape_ops import get_sizes, sizes_attr
from mlc.ir.attributes import bool_attr
from mlc.ir.interpreter import InterpreterError
from mlc.ir.types import f32

RNG = np.random.default_rng(11)


def rand(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


def row_major(values, shape):
    """The array of `shape` filled with `values` in row-major order, element by element."""
    out = np.empty(shape, dtype=values.dtype)
    flat = list(values.flat)
    for k, index in enumerate(index_tuples(shape)):
        out[index] = flat[k]
    return out


@pytest.mark.parametrize(
    "shape, codes, allowzero, want_shape",
    [((2, 12), [-1, 3], False, (8, 3)), ((2, 3, 4), [0, -1], False, (2, 12)),
     ((2, 3, 4), [4, 0, 2], False, (4, 3, 2)), ((6,), [1, -1, 1], False, (1, 6, 1)),
     ((0, 3), [3, 0], True, (3, 0)), ((0, 3), [0, 3], False, (0, 3)), ((), [1, 1], False, (1, 1)),
     ((4,), [], False, None)],
)  # fmt: skip
def test_reshape_matches_row_major_refill(shape, codes, allowzero, want_shape):
    x = rand(*shape)
    attrs = f"shape = {codes}" + (", allowzero = true" if allowzero else "")
    if want_shape is None:  # 4 elements cannot become a scalar
        with pytest.raises(Exception, match=r"cannot reshape \[4\] \(4 elements\) to \[\]"):
            run_op("reshape", [x], attrs)
        return
    got, inferred = run_op("reshape", [x], attrs)
    assert_same(got, row_major(x, want_shape))
    assert inferred.shape == want_shape


@pytest.mark.parametrize("n", [1, 2, 5])
def test_reshape_symbolic_infers_the_minus_one(n):
    x = rand(n, 12)
    types = ["!graph.tensor<[n, 12], f32>"]
    got, inferred = run_op("reshape", [x], "shape = [-1, 3]", types, ["n"])
    assert_same(got, row_major(x, (n * 4, 3)))
    assert str(inferred.shape[0]) == "n*4"
    assert concrete_shape(inferred, {"n": n}) == got.shape


@pytest.mark.parametrize("s, h", [(1, 1), (2, 3), (4, 2)])
def test_reshape_to_size_expressions_uses_the_call_sizes(s, h):
    x, sv, hv = rand(3, s * h), rand(s), rand(h)
    types = ["!graph.tensor<[s], f32>", "!graph.tensor<[h], f32>", "!graph.tensor<[b, s*h], f32>"]
    (got,), (inferred,) = run_graph_op("reshape", [sv, hv, x], 'shape = [0, "s", "h"]', types,
                                       ["s", "h", "b"], operands=[2])  # fmt: skip
    assert_same(got, row_major(x, (3, s, h)))
    assert [str(d) for d in inferred.shape] == ["b", "s", "h"]
    assert concrete_shape(inferred, {"b": 3, "s": s, "h": h}) == got.shape


def test_reshape_that_does_not_divide_at_run_time_is_an_error():
    with pytest.raises(InterpreterError, match=r"cannot reshape \(3, 5\) to \[-1, 2\]"):
        run_op("reshape", [rand(3, 5)], "shape = [-1, 2]", ["!graph.tensor<[n, 5], f32>"], ["n"])


def transposed(x, perm):
    out = np.empty(tuple(x.shape[p] for p in perm), x.dtype)
    for index in index_tuples(out.shape):
        source = [0] * x.ndim
        for k, p in enumerate(perm):
            source[p] = index[k]
        out[index] = x[tuple(source)]
    return out


@pytest.mark.parametrize("shape, perm", [((2, 3), None), ((2, 3, 4), None),
                                         ((2, 3, 4), [1, 2, 0]), ((2, 1, 3, 2), [3, 0, 2, 1]),
                                         ((5,), [0]), ((), None)])  # fmt: skip
def test_transpose_moves_each_element(shape, perm):
    x = rand(*shape)
    attrs = f"perm = {perm}" if perm is not None else ""
    got, inferred = run_op("transpose", [x], attrs)
    assert_same(got, transposed(x, perm if perm is not None else list(reversed(range(x.ndim)))))
    assert inferred.shape == got.shape


@pytest.mark.parametrize(
    "shape, axes, want",
    [((2, 3), [0], (1, 2, 3)), ((2, 3), [-1], (2, 3, 1)), ((2, 3), [3, 1], (2, 1, 3, 1)),
     ((), [0, 1], (1, 1))],
)  # fmt: skip
def test_expand_dims_inserts_ones(shape, axes, want):
    x = rand(*shape)
    got, inferred = run_op("expand_dims", [x], f"axes = {axes}")
    assert_same(got, row_major(x, want))
    assert inferred.shape == want


@pytest.mark.parametrize(
    "shape, axes, want",
    [((1, 3, 1, 2), None, (3, 2)), ((1, 3, 1), [-1], (1, 3)), ((1, 1), [0, 1], ()),
     ((2, 3), None, (2, 3))],
)  # fmt: skip
def test_squeeze_removes_ones(shape, axes, want):
    x = rand(*shape)
    got, inferred = run_op("squeeze", [x], f"axes = {axes}" if axes is not None else "")
    assert_same(got, row_major(x, want))
    assert inferred.shape == want


def test_squeeze_of_a_symbolic_dim_checks_it_is_one():
    types = ["!graph.tensor<[n, 3, 1], f32>"]
    got, inferred = run_op("squeeze", [rand(1, 3, 1)], "", types, ["n"])
    assert inferred.shape[1:] == (3,) and got.shape == (1, 3)  # only the static 1 goes
    got, inferred = run_op("squeeze", [rand(1, 3, 1)], "axes = [0]", types, ["n"])
    assert inferred.shape == (3, 1) and got.shape == (3, 1)
    with pytest.raises(InterpreterError, match=r"cannot squeeze axis 0 of shape \(2, 3, 1\)"):
        run_op("squeeze", [rand(2, 3, 1)], "axes = [0]", types, ["n"])


@pytest.mark.parametrize("axis", [0, 1, 2, 3, -1, -3])
def test_flatten_splits_at_axis(axis):
    x = rand(2, 3, 4)
    got, inferred = run_op("flatten", [x], f"axis = {axis}")
    cut = axis % 4 if axis >= 0 else axis + 3
    want = (int(np.prod(x.shape[:cut], dtype=int)), int(np.prod(x.shape[cut:], dtype=int)))
    assert_same(got, row_major(x, want))
    assert inferred.shape == want


@pytest.mark.parametrize("n, m", [(1, 1), (3, 2)])
def test_flatten_symbolic(n, m):
    x = rand(n, m, 4)
    types = ["!graph.tensor<[n, m, 4], f32>"]
    got, inferred = run_op("flatten", [x], "axis = 2", types, ["n", "m"])
    assert concrete_shape(inferred, {"n": n, "m": m}) == got.shape == (n * m, 4)


def broadcast_by_index(x, shape):
    """Each output element reads the input at its index, taking 0 where the input dim is 1."""
    out = np.empty(shape, x.dtype)
    offset = len(shape) - x.ndim
    for index in index_tuples(shape):
        source = tuple(0 if x.shape[k] == 1 else index[k + offset] for k in range(x.ndim))
        out[index] = x[source]
    return out


@pytest.mark.parametrize("shape, target, want", [((3, 1), [2, 1, 4], (2, 3, 4)), ((3,), [1], (3,)),
                                                 ((1, 1), [3, 2], (3, 2)), ((2, 3), [3], (2, 3)),
                                                 ((), [2, 2], (2, 2))])  # fmt: skip
def test_broadcast_to_is_two_way(shape, target, want):
    x = rand(*shape)
    got, inferred = run_op("broadcast_to", [x], f"shape = {target}")
    assert_same(got, broadcast_by_index(x, want))
    assert inferred.shape == want


@pytest.mark.parametrize("b", [1, 4])
def test_broadcast_to_a_size_expression(b):
    x = rand(2, 1)
    types = ["!graph.tensor<[b], f32>", "!graph.tensor<[2, 1], f32>"]
    (got,), (inferred,) = run_graph_op("broadcast_to", [rand(b), x], 'shape = ["b*2", 1, 3]', types,
                                       ["b"], operands=[1])  # fmt: skip
    assert concrete_shape(inferred, {"b": b}) == got.shape == (2 * b, 2, 3)
    assert_same(got, broadcast_by_index(x, (2 * b, 2, 3)))


@pytest.mark.parametrize("shape, repeats", [((2, 3), [1, 1]), ((2, 3), [2, 3]), ((2,), [0]),
                                            ((1, 2, 2), [3, 1, 2])])  # fmt: skip
def test_tile_repeats_by_modulo(shape, repeats):
    x = rand(*shape).astype(np.int16)
    got, inferred = run_op("tile", [x], f"repeats = {repeats}")
    want_shape = tuple(d * r for d, r in zip(shape, repeats))
    want = np.empty(want_shape, x.dtype)
    for index in index_tuples(want_shape):
        want[index] = x[tuple(i % d for i, d in zip(index, shape))]
    assert_same(got, want)
    assert inferred.shape == want_shape


def test_tile_symbolic():
    got, inferred = run_op("tile", [rand(3, 2)], "repeats = [2, 1]", ["!graph.tensor<[n, 2], f32>"],
                           ["n"])  # fmt: skip
    assert concrete_shape(inferred, {"n": 3}) == got.shape == (6, 2)


def test_target_shapes_built_from_python_dims():
    b, s, h = var("b"), var("s"), var("h")
    attr = sizes_attr([0, s, h * 2, -1])
    assert [type(e).__name__ for e in attr.value] == ["IntegerAttr", "StringAttr", "StringAttr",
                                                      "IntegerAttr"]  # fmt: skip
    assert get_sizes({"shape": attr}, "shape") == (0, s, h * 2, -1)
    x = tensor((b, s * h * 4), f32)
    (inferred,) = ReshapeOp.infer([x], {"shape": attr, "allowzero": bool_attr(False)})
    assert inferred.shape == (b, s, h * 2, 2)
