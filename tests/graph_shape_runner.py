"""Run one graph op with any number of results on numpy arrays, through the text syntax,
the verifier and the interpreter (`graph_nn_runner.run_op` for ops of several results, or
whose function has arguments that only bind size variables)."""

from __future__ import annotations

import itertools

import numpy as np
from graph_nn_runner import array_type_text

import mlc


def run_graph_op(op_name: str, args: list, attrs: str = "", types=None, size_vars=(),
                 operands=None, num_results: int = 1):  # fmt: skip
    """(interpreter results, inferred result types) of `graph.<op_name>` applied to the
    arguments at `operands` (all by default) of a function taking `args` of `types`."""
    types = types or [array_type_text(a) for a in args]
    operands = range(len(args)) if operands is None else operands
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(types))
    sizes = f"<{', '.join(size_vars)}>" if size_vars else ""
    head = f"graph.func @main{sizes}({params})"
    attr_text = f" {{{attrs}}}" if attrs else ""
    op_types = ", ".join(types[i] for i in operands)
    op_text = f"graph.{op_name} {', '.join(f'%a{i}' for i in operands)}{attr_text} : ({op_types})"
    n = num_results
    probe = mlc.parse(f"{head} {{\n  %r:{n} = {op_text}\n  graph.return\n}}")
    op = next(iter(next(iter(probe.ops)).regions[0].blocks[0].ops))
    results = [r.type for r in op.results]
    result_text = ", ".join(repr(t) for t in results)
    values = ", ".join(f"%r#{i}" for i in range(n))
    module = mlc.parse(
        f"{head} -> ({result_text}) {{\n  %r:{n} = {op_text}\n"
        f"  graph.return {values} : {result_text}\n}}"
    )
    return mlc.interpret(module, "main", *args), results


def assert_same(got, want) -> None:
    """Exactly equal arrays: dtype, shape and every element."""
    assert got.dtype == want.dtype
    assert got.shape == want.shape
    assert np.array_equal(got, want)


def index_tuples(shape):
    """Every index of an array of `shape`, in row-major order."""
    return itertools.product(*(range(d) for d in shape))
