"""Layer norms and softmaxes compiled by `mlc.compile` equal the interpreter, and each kernel
runs as one loop over its rows.

Hypothesis draws `softmax`, `log_softmax`, `layer_norm` and `softmax(layer_norm(x))` over
tensors of rank 2 or 3 whose rows are many (past the row-fusion threshold) or few, static or
the size variable `n`, with row lengths that are not multiples of a vector (so that the
vectorized, reassociated sums have remainders), along any axis, in f32 or f16. The compiled
results equal the interpreter's within float tolerance (sums are reassociated, divisions
by a row statistic are multiplications by its reciprocal: see `graph_kernels.reductions`).
Along the last axis with many rows, every kernel `graph-to-loops` leaves has exactly one
loop nest (`convert-tensor-to-loops{fuse-rows}`).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_graph_legalize import Input, _line, _type, assert_close_results

import mlc
from mlc.ir.symbol_table import symbol_name
from mlc.passes.row_fusion import MIN_ROWS

OPS = ("softmax", "log_softmax", "layer_norm", "layer_norm+softmax")


@st.composite
def cases(draw) -> tuple:
    """(graph function text, inputs, size of `n`, whether rows are fused)."""
    rows = draw(st.sampled_from([1, 3, MIN_ROWS + 1, 40]))
    row_dim = draw(st.sampled_from([rows, "n"]))
    shape = [row_dim, *draw(st.lists(st.integers(1, 21), min_size=1, max_size=2))]
    rank = len(shape)
    op = draw(st.sampled_from(OPS))
    element = draw(st.sampled_from(["f32", "f16"]))
    axis = draw(st.integers(1 if "layer_norm" in op else 0, rank - 1))
    x = Input(shape, element)
    if op.startswith("layer_norm"):
        scale, bias = Input(shape[axis:], element), Input(shape[-1:], element)
        inputs = [x, scale, bias]
        line = _line("layer_norm", inputs, f" {{axis = {axis}, epsilon = 1.0e-5 : f32}}")
        if op.endswith("softmax"):
            line = line.replace("%r =", "%t =") + "\n  " + _line("softmax", [x]).replace(
                "%x", "%t"
            )
    else:
        inputs = [x]
        line = _line(op, inputs, f" {{axis = {axis}}}")
    names = ["%x", "%y", "%z"]
    params = ", ".join(f"{v}: {_type(i.shape, i.element)}" for v, i in zip(names, inputs))
    result = _type(shape, element)
    size_vars = "<n>" if row_dim == "n" else ""
    text = (f"graph.func @main{size_vars}({params}) -> {result} {{\n  {line}\n"
            f"  graph.return %r : {result}\n}}\n")  # fmt: skip
    fused = axis == rank - 1 and (row_dim == "n" or rows > MIN_ROWS)
    return text, inputs, rows, fused


def _kernel_nests(module) -> dict[str, list[str]]:
    """For each kernel function, the names of its top-level loops."""
    nests = {}
    for f in module.regions[0].blocks[0].ops:
        name = symbol_name(f)
        if f.name == "func.func" and f.regions[0].blocks and "kernel" in name:
            ops = f.regions[0].blocks[0].ops
            nests[name] = [o.name for o in ops if o.name in ("scf.for", "scf.parallel")]
    return nests


@settings(deadline=None, max_examples=max(settings.default.max_examples // 2, 5))
@given(cases(), st.integers(0, 2**32 - 1))
def test_compiled_normalizations_equal_the_interpreter(case, seed):
    text, inputs, rows, fused = case
    module = mlc.parse(text, mlc.Context())
    rng = np.random.default_rng(seed)
    arrays = [i.array(rng, rows) for i in inputs]
    want = mlc.interpret(module, "main", *arrays)
    got = mlc.compile(module)["main"](*arrays)
    got = got if isinstance(got, tuple) else (got,)
    assert_close_results(want, got, [i.element for i in inputs])
    if fused:
        lowered = module.clone()
        mlc.PassManager.parse("builtin.module(graph-to-loops)").run(lowered)
        for name, loops in _kernel_nests(lowered).items():
            assert loops == ["scf.parallel"], (name, loops)
