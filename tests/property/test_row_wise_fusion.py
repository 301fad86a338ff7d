"""Chains of row-wise graph ops merged into one kernel (`graph-fuse-kernels`), their
intermediates kept one row at a time (`convert-tensor-to-loops{fuse-rows}`'s array
contraction), compute what the interpreter computes.

Hypothesis draws chains of two to four ops along the last axis: layer_norm, softmax,
log_softmax, an rms-norm spelled with graph ops (a mean of squares kept as a `[.., 1]`
column, broadcast back), and element-wise unary ops, over tensors of rank 2 or 3 whose
leading dims are static (few rows or many) or the size variable `n`, with rows of 1 to 21
elements. Compiled by `mlc.compile`, each chain equals the interpreter within float
tolerance (sums reassociated). Where the rows run as one parallel loop (the size variable,
or at least `MIN_ROWS` static rows), a chain without the rms-norm is one kernel call whose
loops allocate no buffer of the whole tensor's rank: every intermediate is a row.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st
from test_graph_legalize import Input, _type, assert_close_results

import mlc
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.memref.ops import AllocOp
from mlc.dialects.memref.views import ViewOp
from mlc.passes.row_fusion import MIN_ROWS

UNARY = ("exp", "neg", "relu", "tanh", "sigmoid")
OPS = ("layer_norm", "softmax", "log_softmax", "rms_norm", *UNARY)


def _op_lines(op: str, x: str, out: str, t: str, row: tuple, rank: int) -> list[str]:
    """The graph lines computing `out` from `x` (type `t`), `%g`/`%b` the layer norm's."""
    last = rank - 1
    if op == "layer_norm":
        v = _type(row, "f32")
        return [f"%{out} = graph.layer_norm %{x}, %g, %b {{axis = {last}, epsilon = 1.0e-5 : f32}}"
                f" : ({t}, {v}, {v})"]  # fmt: skip
    if op in ("softmax", "log_softmax"):
        return [f"%{out} = graph.{op} %{x} {{axis = {last}}} : ({t})"]
    if op in UNARY:
        return [f"%{out} = graph.{op} %{x} : ({t})"]
    return _rms_norm(x, out, t, rank)


def _rms_norm(x: str, out: str, t: str, rank: int) -> list[str]:
    """x * rsqrt(mean(x * x, last axis, kept) + eps), the column broadcast back."""
    shape = t[t.index("[") + 1 : t.index("]")].split(", ")
    column = _type([*shape[:-1], 1], "f32")
    scalar = _type([], "f32")
    return [
        f"%{out}_sq = graph.mul %{x}, %{x} : ({t}, {t})",
        f"%{out}_mean = graph.reduce_mean %{out}_sq {{axes = [{rank - 1}], keepdims = true}}"
        f" : ({t})",
        f"%{out}_eps = graph.add %{out}_mean, %eps : ({column}, {scalar})",
        f"%{out}_inv = graph.rsqrt %{out}_eps : ({column})",
        f"%{out} = graph.mul %{x}, %{out}_inv : ({t}, {column})",
    ]


@st.composite
def chains(draw) -> tuple:
    """(graph function text, inputs, size of `n`, ops, whether the rows run in parallel)."""
    lead = draw(st.lists(st.sampled_from([1, 3, MIN_ROWS + 1, "n"]), min_size=1, max_size=2))
    row = (draw(st.integers(1, 21)),)
    shape = (*lead, *row)
    ops = draw(st.lists(st.sampled_from(OPS), min_size=2, max_size=4))
    t = _type(shape, "f32")
    lines: list[str] = []
    value = "x"
    for i, op in enumerate(ops):
        lines += _op_lines(op, value, f"v{i}", t, row, len(shape))
        value = f"v{i}"
    inputs = [Input(shape, "f32"), Input(row, "f32"), Input(row, "f32"), Input([], "f32")]
    params = ", ".join(f"%{name}: {_type(i.shape, 'f32')}"
                       for name, i in zip(("x", "g", "b", "eps"), inputs))  # fmt: skip
    size_vars = "<n>" if "n" in lead else ""
    body = "\n  ".join(lines)
    text = (f"graph.func @main{size_vars}({params}) -> {t} {{\n  {body}\n"
            f"  graph.return %{value} : {t}\n}}\n")  # fmt: skip
    rows = draw(st.sampled_from([2, MIN_ROWS + 3]))
    static = math.prod(d if d != "n" else rows for d in lead)
    parallel = "n" in lead or static >= MIN_ROWS
    return text, inputs, rows, ops, parallel


def _calls_and_whole_buffers(module, rank: int) -> tuple[int, int]:
    """(kernel calls of @main, allocations and views of rank `rank` in the kernels)."""
    counts = [0, 0]

    def visit(op) -> None:
        if isinstance(op, CallDpsOp) or op.name == "func.call":
            counts[0] += 1
        elif isinstance(op, (AllocOp, ViewOp)) and op.results[0].type.rank == rank:
            counts[1] += _in_kernel(op)

    module.walk(visit)
    return counts[0], counts[1]


def _in_kernel(op) -> bool:
    """`op` is in a function other than @main."""
    function = op.parent_op
    while function.name != "func.func":
        function = function.parent_op
    return function.properties["sym_name"].value != "main"


@settings(deadline=None, max_examples=max(settings.default.max_examples // 4, 8))
@given(chains(), st.integers(0, 2**32 - 1))
def test_fused_row_wise_chains_equal_the_interpreter(chain, seed):
    text, inputs, rows, ops, parallel = chain
    module = mlc.parse(text, mlc.Context())
    rng = np.random.default_rng(seed)
    arrays = [i.array(rng, rows) for i in inputs]
    arrays[-1] = np.abs(arrays[-1]) + np.float32(1e-3)  # eps > 0: rsqrt of a positive
    want = mlc.interpret(module, "main", *arrays)
    got = mlc.compile(module)["main"](*arrays)
    assert_close_results(want, (got,), ["f32"])
    if not parallel or "rms_norm" in ops:
        event("not checked: few rows or rms-norm")
        return
    lowered = module.clone()
    mlc.PassManager.parse("builtin.module(graph-to-loops)").run(lowered)
    calls, whole = _calls_and_whole_buffers(lowered, len(inputs[0].shape))
    assert calls == 1, ops
    assert whole == 0, ops
