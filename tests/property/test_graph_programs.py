"""Generated graph programs verify, round-trip, infer the shapes the interpreter produces,
and compute what a direct numpy evaluation computes (see `graph_programs`)."""

from __future__ import annotations

import numpy as np
from graph_programs import BINDINGS, graph_programs
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.dialects.graph.symbolic import evaluate


def _parse(text: str):
    module = mlc.parse(text, mlc.Context())
    mlc.verify(module)
    return module


@settings(deadline=None)  # parses and verifies twice per example: slow on a loaded machine
@given(graph_programs())
def test_generated_programs_verify_and_round_trip(program):
    module = _parse(program.text())
    printed = str(module)
    assert str(_parse(printed)) == printed
    generic = module.print(generic=True)
    assert str(_parse(generic)) == printed


@settings(deadline=None)
@given(graph_programs(), st.lists(BINDINGS, min_size=1, max_size=3), st.integers(0, 2**32 - 1))
def test_interpreter_equals_numpy_and_inferred_shapes(program, bindings_list, seed):
    module = _parse(program.text())
    func = module.body.blocks[0].first_op
    inferred = func.type.results[0].shape
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (got,) = mlc.interpret(module, "main", *arrays)
        want = np.asarray(program.reference(arrays), dtype=np.float32)
        assert got.shape == tuple(evaluate(d, bindings) for d in inferred)
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6, equal_nan=True)


@settings(deadline=None)  # runs a pass pipeline per example
@given(graph_programs(), BINDINGS, st.integers(0, 2**32 - 1))
def test_canonicalize_and_folding_preserve_semantics(program, bindings, seed):
    """Folding (by the interpreter rules), identities and shape refinement change nothing
    a caller can observe."""
    module = _parse(program.text())
    optimized = _parse(program.text())
    mlc.PassManager.parse(
        "builtin.module(graph-fold-constant,canonicalize,graph-infer-shapes)", mlc.Context()
    ).run(optimized)
    mlc.verify(optimized)
    rng = np.random.default_rng(seed)
    arrays = [
        rng.standard_normal(program.concrete_shape(shape, bindings)).astype(np.float32)
        for _, shape in program.args
    ]
    (want,) = mlc.interpret(module, "main", *arrays)
    (got,) = mlc.interpret(optimized, "main", *arrays)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=0, equal_nan=True)
