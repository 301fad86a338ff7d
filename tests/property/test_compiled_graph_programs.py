"""Compiled graph and relay programs compute what the interpreter computes: generated
programs go through `mlc.compile` (the whole `graph-to-llvm` pipeline, LLVM at -O0 or -O3)
and are called on random inputs for several bindings of their size variables."""

from __future__ import annotations

import numpy as np
from graph_programs import BINDINGS, graph_programs
from hypothesis import given, settings
from hypothesis import strategies as st
from relay_programs import relay_programs

import mlc

SEEDS = st.integers(0, 2**32 - 1)
LEVELS = st.sampled_from([0, 3])


def _check(got, want) -> None:
    assert got.shape == want.shape
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6, equal_nan=True)


@settings(max_examples=8, deadline=None)  # each example compiles a module (about a second)
@given(graph_programs(max_ops=6), st.lists(BINDINGS, min_size=1, max_size=3), LEVELS, SEEDS)
def test_compiled_graph_programs_equal_the_interpreter(program, bindings_list, level, seed):
    module = mlc.parse(program.text(), mlc.Context())
    exe = mlc.compile(module, opt_level=level)
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (want,) = mlc.interpret(module, "main", *arrays)
        _check(exe.main(*arrays), np.asarray(want))


@settings(max_examples=5, deadline=None)
@given(relay_programs(), LEVELS, SEEDS)
def test_compiled_relay_programs_equal_the_interpreter(program, level, seed):
    """Relay functions are converted to graph on the way."""
    module = mlc.parse(program.text(), mlc.Context())
    arrays = program.inputs(np.random.default_rng(seed))
    (want,) = mlc.interpret(module, "main", *arrays)
    _check(mlc.compile(module, opt_level=level)["main"](*arrays), np.asarray(want))
