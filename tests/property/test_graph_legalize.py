"""`graph-legalize` preserves semantics: generated graph programs, legalized, verify, keep
no op the pass lowers, and compute what the graph interpreter computes on the original."""

from __future__ import annotations

import numpy as np
from graph_programs import BINDINGS, graph_programs
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.passes.graph_kernels import RULES


def _parse(text: str):
    module = mlc.parse(text, mlc.Context())
    mlc.verify(module)
    return module


def _legalize(module) -> None:
    mlc.PassManager.parse("builtin.module(graph-legalize)", mlc.Context()).run(module)
    mlc.verify(module)


@settings(deadline=None)  # parses, legalizes and interprets per example
@given(graph_programs(), st.lists(BINDINGS, min_size=1, max_size=2), st.integers(0, 2**32 - 1))
def test_legalized_programs_compute_what_the_graph_interpreter_computes(
    program, bindings_list, seed
):
    original = _parse(program.text())
    legalized = _parse(program.text())
    _legalize(legalized)
    left = []
    legalized.walk(lambda op: left.append(op.name) if type(op) in RULES else None)
    assert not left, f"ops a rule lowers are left: {left}"
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (want,) = mlc.interpret(original, "main", *arrays)
        (got,) = mlc.interpret(legalized, "main", *arrays)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, equal_nan=True)


ELEMENTS = {
    "f16": np.float16,
    "f32": np.float32,
    "f64": np.float64,
    "i32": np.int32,
    "i64": np.int64,
    "i1": np.bool_,
}
FLOAT_UNARY = ["exp", "log", "sqrt", "tanh", "erf", "floor", "ceil", "abs", "neg", "relu",
               "sigmoid"]  # fmt: skip
BINARY = ["add", "sub", "mul", "div", "maximum", "minimum"]
COMPARE = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
DIMS = st.sampled_from([1, 2, 3, "n"])


def _type(shape, element: str) -> str:
    return f"!graph.tensor<[{', '.join(map(str, shape))}], {element}>"


@st.composite
def _broadcast_pairs(draw):
    """Two shapes that broadcast by numpy's rule, one of them binding `n`."""
    out = draw(st.lists(DIMS, min_size=1, max_size=3))
    out[0] = "n"
    one = ["n"] + [d if draw(st.booleans()) else 1 for d in out[1:]]
    other = [d if draw(st.booleans()) else 1 for d in out][draw(st.integers(0, len(out))) :]
    return out, one, other


@st.composite
def _single_op_programs(draw):
    """(the op's line, its operand shapes over `n`, their element types): one op the pass
    lowers, on element types and shapes `graph_programs` does not reach (integers, casts,
    1-D and batched matmuls)."""
    kinds = ["float_unary", "int_unary", "binary", "compare", "cast", "matmul", "reshape"]
    kind = draw(st.sampled_from(kinds))
    if kind == "reshape":
        return draw(_regrouping_reshapes())
    if kind == "matmul":  # a 1-D lhs, a 1-D rhs, or broadcast batch dims
        element = draw(st.sampled_from(["f32", "f64", "i32"]))
        k, units = draw(DIMS), draw(st.sampled_from([1, 3]))
        batch = draw(st.lists(st.sampled_from([1, 2]), max_size=2))
        rhs_batch = [d if draw(st.booleans()) else 1 for d in batch]
        shapes = draw(st.sampled_from([
            (["n"], [*rhs_batch, "n", units]),
            ([*batch, "n", k], [k]),
            ([*batch, "n", k], [*rhs_batch, k, units]),
        ]))  # fmt: skip
        types = ", ".join(_type(shape, element) for shape in shapes)
        line = f"%r = graph.matmul %x, %y : ({types})"
        return line, list(shapes), [element, element]
    out, one, other = draw(_broadcast_pairs())
    if kind == "cast":
        source, target = (
            draw(st.sampled_from(list(ELEMENTS))),
            draw(st.sampled_from(list(ELEMENTS))),
        )
        return f"%r = graph.cast %x {{to = {target}}} : ({_type(out, source)})", [out], [source]
    if kind.endswith("unary"):
        floats = kind == "float_unary"
        op = draw(st.sampled_from(FLOAT_UNARY if floats else ["neg", "abs", "relu"]))
        element = draw(st.sampled_from(["f16", "f64"] if floats else ["i32", "i64"]))
        return f"%r = graph.{op} %x : ({_type(out, element)})", [out], [element]
    element = draw(st.sampled_from(["f16", "f32", "f64", "i32", "i64"]))
    op = draw(st.sampled_from(BINARY if kind == "binary" else COMPARE))
    line = f"%r = graph.{op} %x, %y : ({_type(one, element)}, {_type(other, element)})"
    return line, [one, other], [element, element]


@st.composite
def _regrouping_reshapes(draw):
    """A reshape that merges (or splits) consecutive dims of a shape holding `n` once."""
    dims = ["n", *draw(st.lists(st.sampled_from([1, 2, 3]), max_size=3))]
    dims = draw(st.permutations(dims))
    cuts = sorted(draw(st.sets(st.integers(1, len(dims) - 1))) if len(dims) > 1 else [])
    bounds = [0, *cuts, len(dims)]
    merged = [_product(dims[a:b]) for a, b in zip(bounds, bounds[1:])]
    source, target = (dims, merged) if draw(st.booleans()) else (merged, dims)
    codes = ", ".join(f'"{d}"' if isinstance(d, str) else str(d) for d in target)
    line = f"%r = graph.reshape %x {{shape = [{codes}]}} : ({_type(source, 'f32')})"
    return line, [source], ["f32"]


def _product(dims: list):
    """The size of merged dims: an int, or `n` times one (`n*6`)."""
    static = int(np.prod([d for d in dims if d != "n"]))
    if "n" not in dims:
        return static
    return "n" if static == 1 else f"n*{static}"


def _function(line: str, shapes: list, elements: list) -> str:
    """`@main<n>` around the op's line, its result type read from a first parse."""
    names = ["x", "y"][: len(shapes)]
    params = ", ".join(f"%{v}: {_type(s, e)}" for v, s, e in zip(names, shapes, elements))
    probe = _parse(f"graph.func @main<n>({params}) {{\n  {line}\n  graph.return\n}}\n")
    result = probe.body.blocks[0].first_op.entry_block.first_op.results[0].type
    return (f"graph.func @main<n>({params}) -> {result} {{\n  {line}\n"
            f"  graph.return %r : {result}\n}}\n")  # fmt: skip


def _size(dim, n: int) -> int:
    if isinstance(dim, int):
        return dim
    return n * int(dim.removeprefix("n").removeprefix("*") or 1)


def _array(rng, shape, n: int, element: str) -> np.ndarray:
    """Small values; integers without zeros (divisors) and floats that cast exactly enough."""
    concrete = tuple(_size(d, n) for d in shape)
    if element == "i1":
        return rng.integers(0, 2, concrete).astype(np.bool_)
    if element.startswith("i"):
        values = rng.integers(1, 10, concrete) * rng.choice([-1, 1], concrete)
        return values.astype(ELEMENTS[element])
    return (rng.standard_normal(concrete) * 4).astype(ELEMENTS[element])


@settings(deadline=None)
@given(_single_op_programs(), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_legalized_ops_on_other_element_types_and_shapes(case, n, seed):
    line, shapes, elements = case
    text = _function(line, shapes, elements)
    original, legalized = _parse(text), _parse(text)
    _legalize(legalized)
    assert "graph.call_dps" in legalized.print(generic=True)
    rng = np.random.default_rng(seed)
    arrays = [_array(rng, s, n, e) for s, e in zip(shapes, elements)]
    (want,) = mlc.interpret(original, "main", *arrays)
    (got,) = mlc.interpret(legalized, "main", *arrays)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
