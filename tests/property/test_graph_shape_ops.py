"""Generated shape, indexing and reduction ops: for random valid attributes and shapes, the
inferred shape, the interpreter's output shape and an independent numpy (or plain-Python)
result's shape agree, and so do the values; with symbolic dims, the inferred expressions
evaluate to the output shapes for random bindings; each op round-trips through print and
parse."""

from __future__ import annotations

import math

import numpy as np
from graph_nn_runner import concrete_shape, op_module_text, run_op, tensor_text
from graph_shape_runner import run_graph_op
from hypothesis import given
from hypothesis import strategies as st

import mlc
from mlc.dialects.graph.index_ops import sliced_size
from mlc.dialects.graph.symbolic import evaluate, var

INT64_MAX = 2**63 - 1
shapes = st.lists(st.integers(0, 4), min_size=1, max_size=3).map(tuple)
nonempty_shapes = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)
bounds = st.one_of(st.integers(-9, 9), st.sampled_from([INT64_MAX, -INT64_MAX]))
steps = st.integers(-3, 3).filter(bool)


def _rand(seed: int, shape, dtype=np.float32):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _same(got, inferred, want) -> None:
    want = np.asarray(want)
    assert inferred.shape == got.shape == want.shape
    np.testing.assert_array_equal(got, want)


def _list_slice(values, index):
    """Nested-list slicing, one Python slice per dim: numpy-free reference."""
    if not index:
        return values
    return [_list_slice(v, index[1:]) for v in values[index[0]]]


@given(st.integers(0, 12), bounds, bounds, steps)
def test_symbolic_slice_size_is_exact(dim, start, end, step):
    want = len(range(dim)[start:end:step])
    assert sliced_size(dim, start, end, step) == want
    assert evaluate(sliced_size(var("n"), start, end, step), {"n": dim}) == want


@given(shapes, st.data())
def test_slice_matches_list_slicing(shape, data):
    rank = len(shape)
    axes = data.draw(st.lists(st.integers(-rank, rank - 1), unique_by=lambda a: a % rank,
                              min_size=1, max_size=rank))  # fmt: skip
    params = [(data.draw(bounds), data.draw(bounds), data.draw(steps)) for _ in axes]
    x = _rand(len(axes), shape)
    starts, ends, steps_ = zip(*params)
    attrs = f"starts = {list(starts)}, ends = {list(ends)}, axes = {axes}, steps = {list(steps_)}"
    got, inferred = run_op("slice", [x], attrs)
    index = [slice(None)] * rank
    for axis, (s, e, k) in zip(axes, params):
        index[axis % rank] = slice(s, e, k)
    want = np.array(_list_slice(x.tolist(), index), dtype=np.float32).reshape(
        [len(range(d)[i]) for d, i in zip(shape, index)]
    )
    _same(got, inferred, want)


@st.composite
def reshapes(draw):
    """A shape and an ONNX target for it: a regrouping of its factors, with some dims
    written 0 (copy) where they equal the input's, and at most one -1."""
    factors = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    cuts = (
        sorted(draw(st.sets(st.integers(1, len(factors) - 1), max_size=3)))
        if len(factors) > 1
        else []
    )
    source = [math.prod(factors[a:b]) for a, b in zip([0, *cuts], [*cuts, len(factors)])]
    order = draw(st.permutations(factors))
    split = draw(st.integers(1, len(order)))
    target = (
        [math.prod(order[:split]), math.prod(order[split:])]
        if split < len(order)
        else [math.prod(order)]
    )
    codes = [0 if i < len(source) and d == source[i] and draw(st.booleans()) else d
             for i, d in enumerate(target)]  # fmt: skip
    if draw(st.booleans()):
        codes[draw(st.integers(0, len(codes) - 1))] = -1
    return tuple(source), codes, tuple(target)


@given(reshapes())
def test_reshape_refills_in_row_major_order(case):
    source, codes, target = case
    x = _rand(1, source)
    got, inferred = run_op("reshape", [x], f"shape = {codes}")
    want = np.array(x.ravel().tolist(), dtype=np.float32).reshape(target)
    _same(got, inferred, want)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 5))
def test_reshape_symbolic_minus_one(k, m, n):
    # [n, k*m] -> [-1, m]: inferred n*k, evaluated for the binding.
    x = _rand(2, (n, k * m))
    got, inferred = run_op("reshape", [x], f"shape = [-1, {m}]",
                           [tensor_text(("n", k * m), "f32")], ["n"])  # fmt: skip
    assert concrete_shape(inferred, {"n": n}) == got.shape == (n * k, m)


@given(nonempty_shapes.flatmap(lambda s: st.tuples(st.just(s), st.permutations(range(len(s))))))
def test_transpose_is_einsum_relabelling(case):
    shape, perm = case
    x = _rand(3, shape)
    got, inferred = run_op("transpose", [x], f"perm = {list(perm)}")
    letters = "abc"[: len(shape)]
    want = np.einsum(f"{letters}->{''.join(letters[p] for p in perm)}", x)
    _same(got, inferred, want)


@given(nonempty_shapes, st.data())
def test_split_then_concat_is_the_identity(shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    dim = shape[axis]
    cuts = sorted(data.draw(st.lists(st.integers(0, dim), max_size=3)))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, dim])]
    x = _rand(4, shape)
    pieces, types = run_graph_op("split", [x], f"axis = {axis}, split = {sizes}",
                                 num_results=len(sizes))  # fmt: skip
    offset = 0
    for piece, t, size in zip(pieces, types, sizes):
        index = [slice(None)] * len(shape)
        index[axis] = slice(offset, offset + size)
        _same(piece, t, np.array(_list_slice(x.tolist(), index), np.float32).reshape(piece.shape))
        offset += size
    joined, inferred = run_op("concat", list(pieces), f"axis = {axis}")
    _same(joined, inferred, x)


@given(st.integers(0, 9), st.integers(1, 4))
def test_symbolic_split_pieces_evaluate_to_their_shapes(n, parts):
    chunk = -(-n // parts)
    if n - chunk * (parts - 1) < 0:
        return  # no valid ONNX split of n into `parts`
    x = _rand(5, (n,))
    types = [tensor_text(("n",), "f32")]
    pieces, types = run_graph_op("split", [x], f"num_outputs = {parts}", types, ["n"],
                                 num_results=parts)  # fmt: skip
    assert [concrete_shape(t, {"n": n}) for t in types] == [p.shape for p in pieces]
    assert np.array_equal(np.concatenate(pieces), x)


PAD_MODES = ["constant", "reflect", "edge", "wrap"]


@given(nonempty_shapes, st.sampled_from(PAD_MODES), st.data())
def test_pad_matches_numpy_pad(shape, mode, data):
    rank = len(shape)
    limit = {"reflect": [d - 1 for d in shape], "wrap": list(shape)}.get(mode, [3] * rank)
    pads = [data.draw(st.integers(0, min(limit[i % rank], 3))) for i in range(2 * rank)]
    x = _rand(6, shape)
    got, inferred = run_op("pad", [x], f'pads = {pads}, mode = "{mode}", value = -1.0 : f32')
    width = list(zip(pads[:rank], pads[rank:]))
    extra = {"constant_values": -1.0} if mode == "constant" else {}
    _same(got, inferred, np.pad(x, width, mode=mode, **extra))


@given(shapes, st.data())
def test_gather_matches_take(shape, data):
    rank = len(shape)
    axis = data.draw(st.integers(-rank, rank - 1))
    size = shape[axis]
    index_shape = data.draw(st.lists(st.integers(0 if size else 0, 3), max_size=2))
    if size == 0:
        index_shape = [0] + index_shape  # nothing to pick from: only an empty selection
    indices = np.random.default_rng(7).integers(-size, max(size, 1), index_shape)
    x = _rand(7, shape)
    got, inferred = run_op("gather", [x, indices], f"axis = {axis}")
    _same(got, inferred, np.take(x, indices % max(size, 1), axis=axis))


REDUCTIONS = {
    "reduce_sum": np.sum, "reduce_mean": np.mean, "reduce_max": np.max, "reduce_min": np.min,
    "reduce_prod": np.prod, "reduce_l2": lambda x, **k: np.sqrt(np.sum(x * x, **k)),
    "reduce_sum_square": lambda x, **k: np.sum(x * x, **k),
    "reduce_log_sum_exp": lambda x, **k: np.log(np.sum(np.exp(x), **k)),
}  # fmt: skip


@given(nonempty_shapes, st.sampled_from(sorted(REDUCTIONS)), st.booleans(), st.data())
def test_reductions_match_float64_numpy(shape, name, keepdims, data):
    rank = len(shape)
    axes = data.draw(st.lists(st.integers(-rank, rank - 1), unique_by=lambda a: a % rank,
                              max_size=rank))  # fmt: skip
    x = np.random.default_rng(8).uniform(0.5, 1.5, shape).astype(np.float32)
    attrs = f"axes = {axes}, keepdims = {str(keepdims).lower()}"
    got, inferred = run_op(name, [x], attrs)
    reduced = tuple(a % rank for a in axes) or tuple(range(rank))
    want = REDUCTIONS[name](x.astype(np.float64), axis=reduced, keepdims=keepdims)
    assert inferred.shape == got.shape == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-5)


SYMBOLIC_OPS = [
    ("reshape", "shape = [-1, 6]"), ("transpose", ""), ("expand_dims", "axes = [1, -1]"),
    ("flatten", "axis = 1"), ("tile", "repeats = [2, 3]"), ("slice", "starts = [1], ends = [-1]"),
    ("slice", "starts = [-2, 5], ends = [-9223372036854775807, 0], steps = [-1, -2]"),
    ("pad", "pads = [1, 0, 0, 2]"), ("reduce_sum", "axes = [0]"),
    ("argmax", "axis = 1, keepdims = false"), ("broadcast_to", "shape = [2, 1, 1]"),
]  # fmt: skip


@given(st.sampled_from(SYMBOLIC_OPS), st.integers(1, 5), st.integers(1, 3))
def test_inferred_symbolic_shapes_evaluate_to_the_output_shapes(case, n, m):
    name, attrs = case
    x = _rand(9, (n, 6 * m))
    types = [tensor_text(("n", "m*6"), "f32")]
    got, inferred = run_op(name, [x], attrs, types, ["n", "m"])
    assert concrete_shape(inferred, {"n": n, "m": m}) == got.shape


@given(st.sampled_from(SYMBOLIC_OPS))
def test_ops_round_trip_through_print_and_parse(case):
    name, attrs = case
    text = op_module_text(name, [tensor_text(("n", "m*6"), "f32")], attrs, ["n", "m"])
    module = mlc.parse(text)
    printed = str(module)
    assert str(mlc.parse(printed)) == printed
    assert str(mlc.parse(module.print(generic=True))) == printed
