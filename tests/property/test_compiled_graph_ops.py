"""Every graph op compiles to what the interpreter computes: batches of single-op functions
drawn from graph-legalize's per-op strategies (all op families, element types unsigned ones
included, attributes and symbolic sizes) go into one module, compiled once by
`mlc.compile`, and each function's native results are compared with the graph
interpreter's."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_graph_legalize import (  # the per-op strategies, shared with the legalize test
    _data_movement_ops,
    _elementwise_ops,
    _multi_result_function,
    _nn_ops,
    _reduction_ops,
    _unsigned_ops,
    _window_ops,
    assert_close_results,
)

import mlc

CASES = st.one_of(_elementwise_ops(), _reduction_ops(), _nn_ops(), _window_ops(),
                  _data_movement_ops(), _unsigned_ops())  # fmt: skip


@settings(max_examples=6, deadline=None)  # each example compiles one module of 16 functions
@given(st.lists(CASES, min_size=16, max_size=16), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_compiled_graph_ops_equal_the_interpreter(cases, n, seed):
    texts = [_multi_result_function(line, [i.shape for i in inputs],
                                    [i.element for i in inputs], f"op{k}")
             for k, (line, inputs) in enumerate(cases)]  # fmt: skip
    module = mlc.parse("\n".join(texts), mlc.Context())
    exe = mlc.compile(module, opt_level=2)
    rng = np.random.default_rng(seed)
    for k, (_, inputs) in enumerate(cases):
        arrays = [i.array(rng, n) for i in inputs]
        want = mlc.interpret(module, f"op{k}", *arrays)
        got = exe[f"op{k}"](*arrays)
        got = got if isinstance(got, tuple) else (got,)
        assert_close_results(want, got, [i.element for i in inputs])
