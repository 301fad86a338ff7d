"""graph.concat, split, slice, gather, gather_elements, pad: the interpreter equals an
independent element-by-element computation, and inferred shapes (static and symbolic, with
the size variables bound) equal the interpreter's output shapes."""

from __future__ import annotations

import numpy as np
import pytest
from graph_nn_runner import concrete_shape, run_op
from graph_shape_runner import assert_same, index_tuples, run_graph_op

from mlc.dialects.graph import ConcatOp, SliceOp, SplitOp, tensor, var
from mlc.dialects.graph.base import int_attr, ints_attr
from mlc.ir.block import Block
from mlc.ir.interpreter import InterpreterError
from mlc.ir.types import f32

RNG = np.random.default_rng(13)
INT64_MAX = 2**63 - 1


def rand(*shape, dtype=np.float32):
    return RNG.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("shapes, axis", [([(2, 3), (4, 3)], 0), ([(2, 3), (2, 1), (2, 2)], -1),
                                          ([(3,)], 0), ([(1, 0, 2), (1, 2, 2)], 1)])  # fmt: skip
def test_concat_places_operands_one_after_another(shapes, axis):
    args = [rand(*s) for s in shapes]
    got, inferred = run_op("concat", args, f"axis = {axis}")
    axis %= len(shapes[0])
    total = list(shapes[0])
    total[axis] = sum(s[axis] for s in shapes)
    want = np.empty(total, np.float32)
    for index in index_tuples(total):
        k, position = 0, index[axis]
        while position >= shapes[k][axis]:
            position -= shapes[k][axis]
            k += 1
        want[index] = args[k][index[:axis] + (position,) + index[axis + 1 :]]
    assert_same(got, want)
    assert inferred.shape == tuple(total)


@pytest.mark.parametrize("n, m", [(1, 2), (3, 0), (4, 5)])
def test_concat_symbolic_sums_the_axis(n, m):
    types = ["!graph.tensor<[n, 2], f32>", "!graph.tensor<[m, 2], f32>"]
    got, inferred = run_op("concat", [rand(n, 2), rand(m, 2)], "axis = 0", types, ["n", "m"])
    assert concrete_shape(inferred, {"n": n, "m": m}) == got.shape == (n + m, 2)


def test_concat_of_sizes_that_differ_at_run_time_is_an_error():
    types = ["!graph.tensor<[2, n], f32>", "!graph.tensor<[2, m], f32>"]
    with pytest.raises(InterpreterError, match="cannot concatenate"):
        run_op("concat", [rand(2, 3), rand(2, 4)], "axis = 0", types, ["n", "m"])


def pieces(x, sizes, axis):
    out, start = [], 0
    for size in sizes:
        index = [slice(None)] * x.ndim
        index[axis] = slice(start, start + size)
        out.append(x[tuple(index)])
        start += size
    return out


@pytest.mark.parametrize("dim, attrs, sizes", [(6, "split = [1, 2, 3]", [1, 2, 3]),
                                               (6, "num_outputs = 3", [2, 2, 2]),
                                               (7, "num_outputs = 3", [3, 3, 1]),
                                               (4, "num_outputs = 3", [2, 2, 0]),
                                               (5, "num_outputs = 1", [5]),
                                               (3, "split = [0, 3]", [0, 3])])  # fmt: skip
def test_split_cuts_into_pieces(dim, attrs, sizes):
    x = rand(2, dim)
    got, inferred = run_graph_op("split", [x], f"axis = 1, {attrs}", num_results=len(sizes))
    assert len(got) == len(inferred) == len(sizes)
    for value, t, want in zip(got, inferred, pieces(x, sizes, 1)):
        assert_same(value, want)
        assert t.shape == want.shape


@pytest.mark.parametrize("n", [0, 1, 5, 6, 7])
def test_split_symbolic_uneven_last_piece(n):
    x = rand(n, 2)
    args = ("split", [x], "num_outputs = 3", ["!graph.tensor<[n, 2], f32>"], ["n"])
    chunk = -(-n // 3)
    if n - 2 * chunk < 0:  # the last piece would be negative: an error in ONNX too
        with pytest.raises(InterpreterError, match="cannot split a dim of 1 into 3 pieces of 1"):
            run_graph_op(*args, num_results=3)
        return
    got, inferred = run_graph_op(*args, num_results=3)
    for value, t, want in zip(got, inferred, pieces(x, [chunk, chunk, n - 2 * chunk], 0)):
        assert_same(value, want)
        assert concrete_shape(t, {"n": n}) == value.shape


def test_split_sizes_that_do_not_fit_at_run_time_are_an_error():
    with pytest.raises(InterpreterError, match=r"'split' \[2, 2\] sums to 4, not to the dim 5"):
        run_graph_op(
            "split", [rand(5)], "split = [2, 2]", ["!graph.tensor<[n], f32>"], ["n"], num_results=2
        )


def clamped_range(dim, start, end, step):
    """The indices ONNX's reference (numpy) slicing selects, from its clamping rules."""
    if start < 0:
        start += dim
    if end < 0:
        end += dim
    if step > 0:
        start, end = min(max(start, 0), dim), min(max(end, 0), dim)
        return list(range(start, end, step))
    start, end = min(max(start, -1), dim - 1), min(max(end, -1), dim - 1)
    return list(range(start, end, step))


SLICES = [
    ([1], [INT64_MAX], [0], [1]), ([-3], [INT64_MAX], [0], [1]), ([0], [-2], [0], [1]),
    ([2], [5], [0], [1]), ([-1], [-INT64_MAX], [0], [-1]), ([8], [1], [0], [-3]),
    ([-20], [20], [0], [2]), ([3], [1], [0], [1]), ([-100], [-100], [0], [-1]),
    ([1, -1], [4, 0], [1, 0], [2, -1]), ([0, 5], [3, -9], [-2, -1], [1, -2]),
]  # fmt: skip


def sliced_by_index(x, starts, ends, axes, steps):
    ranges = [list(range(d)) for d in x.shape]
    for start, end, axis, step in zip(starts, ends, axes, steps):
        ranges[axis] = clamped_range(x.shape[axis], start, end, step)
    out = np.empty(tuple(len(r) for r in ranges), x.dtype)
    for index in index_tuples(out.shape):
        out[index] = x[tuple(r[i] for r, i in zip(ranges, index))]
    return out


@pytest.mark.parametrize("starts, ends, axes, steps", SLICES)
def test_slice_follows_onnx_clamping(starts, ends, axes, steps):
    x = rand(6, 5)
    attrs = f"starts = {starts}, ends = {ends}, axes = {axes}, steps = {steps}"
    got, inferred = run_op("slice", [x], attrs)
    want = sliced_by_index(x, starts, ends, [a % 2 for a in axes], steps)
    assert_same(got, want)
    assert inferred.shape == want.shape


@pytest.mark.parametrize("starts, ends, axes, steps", SLICES)
def test_slice_symbolic_size_is_exact(starts, ends, axes, steps):
    attrs = f"starts = {starts}, ends = {ends}, axes = {axes}, steps = {steps}"
    for n, m in [(0, 1), (1, 3), (4, 2), (9, 12)]:
        x = rand(n, m)
        types = ["!graph.tensor<[n, m], f32>"]
        got, inferred = run_op("slice", [x], attrs, types, ["n", "m"])
        assert_same(got, sliced_by_index(x, starts, ends, [a % 2 for a in axes], steps))
        assert concrete_shape(inferred, {"n": n, "m": m}) == got.shape


def test_slice_defaults_to_leading_axes_and_unit_steps():
    x = rand(4, 5)
    got, inferred = run_op("slice", [x], "starts = [1, 2], ends = [3, 5]")
    assert_same(got, sliced_by_index(x, [1, 2], [3, 5], [0, 1], [1, 1]))


def gathered(data, indices, axis):
    shape = data.shape[:axis] + indices.shape + data.shape[axis + 1 :]
    out = np.empty(shape, data.dtype)
    k = indices.ndim
    for index in index_tuples(shape):
        position = int(indices[index[axis : axis + k]])
        position += data.shape[axis] if position < 0 else 0
        out[index] = data[index[:axis] + (position,) + index[axis + k :]]
    return out


@pytest.mark.parametrize("data_shape, indices, axis", [
    ((5, 3), [0, 4, -1], 0), ((5, 3), [[0, 2], [-3, 1]], 1), ((2, 3, 4), 2, -1),
    ((2, 3, 4), [[1], [0]], 1), ((4,), [], 0),
])  # fmt: skip
@pytest.mark.parametrize("index_dtype", [np.int64, np.int32])
def test_gather_picks_along_axis(data_shape, indices, axis, index_dtype):
    data = rand(*data_shape)
    idx = np.asarray(indices, dtype=index_dtype)
    got, inferred = run_op("gather", [data, idx], f"axis = {axis}")
    want = gathered(data, idx, axis % data.ndim)
    assert_same(got, want)
    assert inferred.shape == want.shape


def test_gather_symbolic_and_out_of_range():
    types = ["!graph.tensor<[n, 3], f32>", "!graph.tensor<[k], i64>"]
    for n, k in [(1, 1), (4, 6)]:
        data, idx = rand(n, 3), RNG.integers(-n, n, k)
        got, inferred = run_op("gather", [data, idx], "axis = 0", types, ["n", "k"])
        assert_same(got, gathered(data, idx, 0))
        assert concrete_shape(inferred, {"n": n, "k": k}) == got.shape
    with pytest.raises(InterpreterError, match="index 4 is out of range for a dim of size 4"):
        run_op("gather", [rand(4, 3), np.array([1, 4])], "axis = 0", types, ["n", "k"])
    with pytest.raises(InterpreterError, match="index -5 is out of range"):
        run_op("gather", [rand(4, 3), np.array([-5])], "axis = 0", types, ["n", "k"])


@pytest.mark.parametrize(
    "data_shape, index_shape, axis",
    [((3, 4), (3, 4), 0), ((3, 4), (2, 2), 1), ((2, 3, 4), (2, 5, 4), -2), ((5,), (7,), 0)],
)
def test_gather_elements_reads_one_element_each(data_shape, index_shape, axis):
    data = rand(*data_shape)
    size = data_shape[axis]
    idx = RNG.integers(-size, size, index_shape)
    got, inferred = run_op("gather_elements", [data, idx], f"axis = {axis}")
    axis %= data.ndim
    want = np.empty(index_shape, np.float32)
    for index in index_tuples(index_shape):
        source = list(index)
        source[axis] = int(idx[index]) % size
        want[index] = data[tuple(source)]
    assert_same(got, want)
    assert inferred.shape == index_shape


def test_gather_elements_out_of_range():
    with pytest.raises(InterpreterError, match="index 3 is out of range"):
        run_op("gather_elements", [rand(3, 2), np.array([[3, 0]])], "axis = 0")


def padded_source(i: int, dim: int, mode: str) -> int | None:
    """Which input index output position `i` (relative to the first input element) reads."""
    if 0 <= i < dim:
        return i
    if mode == "constant":
        return None
    if mode == "edge":
        return min(max(i, 0), dim - 1)
    if mode == "wrap":
        return i % dim
    period = 2 * (dim - 1)  # reflect: mirror at the first and last element
    i %= period
    return i if i < dim else period - i


@pytest.mark.parametrize("mode", ["constant", "reflect", "edge", "wrap"])
@pytest.mark.parametrize("pads", [[0, 0, 0, 0], [1, 2, 0, 1], [2, 0, 3, 2], [0, 3, 0, 0]])
def test_pad_modes(mode, pads):
    x = rand(3, 4)
    attrs = f'pads = {pads}, mode = "{mode}", value = 2.5 : f32'
    got, inferred = run_op("pad", [x], attrs)
    shape = tuple(d + pads[i] + pads[i + 2] for i, d in enumerate(x.shape))
    want = np.full(shape, 2.5, np.float32)
    for index in index_tuples(shape):
        source = [padded_source(o - pads[k], x.shape[k], mode) for k, o in enumerate(index)]
        if None not in source:
            want[index] = x[tuple(source)]
    assert_same(got, want)
    assert inferred.shape == shape


def test_pad_negative_counts_crop_and_integers_fill_with_the_cast_value():
    x = RNG.integers(-9, 9, (4, 5)).astype(np.int32)
    got, inferred = run_op("pad", [x], "pads = [-1, 2, 1, -3], value = 7.0 : f32")
    want = np.full((4, 4), 7, np.int32)
    want[0:3, 2:4] = x[1:4, 0:2]
    assert_same(got, want)
    assert inferred.shape == (4, 4)


def test_pad_symbolic():
    for n in (1, 3):
        got, inferred = run_op("pad", [rand(n, 2)], 'pads = [1, 0, 2, 0], mode = "edge"',
                               ["!graph.tensor<[n, 2], f32>"], ["n"])  # fmt: skip
        assert concrete_shape(inferred, {"n": n}) == got.shape == (n + 3, 2)


def test_narrow_negative_indices_into_a_long_axis():
    data = rand(300)
    got, _ = run_op("gather", [data, np.array([-1, -128, 5], np.int8)], "axis = 0")
    assert_same(got, np.array([data[299], data[172], data[5]]))


def test_python_builders_infer_variadic_results():
    x = Block([tensor((var("n"), 4), f32)]).args[0]
    pieces = SplitOp(x, axis=int_attr(1), split=ints_attr([1, 3]))
    assert [r.type.shape for r in pieces.results] == [(var("n"), 1), (var("n"), 3)]
    joined = ConcatOp(list(pieces.results), axis=int_attr(-1))
    assert joined.results[0].type.shape == (var("n"), 4)
    with pytest.raises(ValueError, match="'graph.slice': requires the 'ends' attribute"):
        SliceOp(x, starts=ints_attr([1]))
