"""relay <-> graph conversions preserve semantics: on generated programs, the interpreter's
result on the converted module equals the original's (relay -> graph, relay -> graph ->
relay, graph -> relay -> graph), and a partial conversion that leaves an op behind still
verifies and interprets the same."""

from __future__ import annotations

import numpy as np
import pytest
from graph_programs import BINDINGS, graph_programs
from hypothesis import given, settings
from hypothesis import strategies as st
from relay_programs import RelayProgram, relay_programs, ttype

import mlc
from mlc.ir.diagnostics import DiagnosticError

SEEDS = st.integers(0, 2**32 - 1)


def _convert(module, pipeline: str):
    mlc.PassManager.parse(f"builtin.module({pipeline})", mlc.Context()).run(module)
    mlc.verify(module)
    return module


def _parse(text: str):
    return mlc.parse(text, mlc.Context())


def _function_ops(module) -> set[str]:
    return {op.name for op in module.iter_nested()}


def _assert_same(got, want) -> None:
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, equal_nan=True)


@settings(max_examples=25, deadline=None)
@given(relay_programs(), SEEDS)
def test_relay_to_graph_and_back_preserve_semantics(program, seed):
    arrays = program.inputs(np.random.default_rng(seed))
    (want,) = mlc.interpret(_parse(program.text()), "main", *arrays)
    graph_module = _convert(_parse(program.text()), "convert-relay-to-graph")
    assert not any(name.startswith("relay.") for name in _function_ops(graph_module))
    (got,) = mlc.interpret(graph_module, "main", *arrays)
    _assert_same(got, want)
    relay_module = _convert(graph_module, "convert-graph-to-relay")
    assert not any(name.startswith("graph.") for name in _function_ops(relay_module))
    (back,) = mlc.interpret(relay_module, "main", *arrays)
    _assert_same(back, want)


@settings(max_examples=25, deadline=None)
@given(graph_programs(max_ops=6), BINDINGS, SEEDS)
def test_graph_to_relay_and_back_preserve_semantics(program, bindings, seed):
    rng = np.random.default_rng(seed)
    arrays = program.random_inputs(bindings, rng)
    (want,) = mlc.interpret(_parse(program.text()), "main", *arrays)
    # gelu, softplus and round (half to even) have no relay counterpart: partial mode
    relay_module = _convert(_parse(program.text()), "convert-graph-to-relay{partial=true}")
    (got,) = mlc.interpret(relay_module, "main", *arrays)
    _assert_same(got, want)
    graph_module = _convert(relay_module, "convert-relay-to-graph")
    assert not any(name.startswith("relay.") for name in _function_ops(graph_module))
    (back,) = mlc.interpret(graph_module, "main", *arrays)
    _assert_same(back, want)


def _with_unconvertible_batch_norm(program: RelayProgram) -> tuple[str, int]:
    """`program` followed by a batch_norm without scale (graph's always scales) and a relu
    of its first field; the text and the number of the batch_norm's line."""
    shape = program.shapes[program.result]
    channels = (shape[0],)
    vector = ttype(channels)
    for name in ("gamma", "beta", "mean", "var"):
        program.args.append((name, channels))
    x, t = program.result, ttype(shape)
    tup = f"tuple<{t}, {vector}, {vector}>"
    program.lines += [
        f"%bn = relay.nn.batch_norm %{x}, %gamma, %beta, %mean, %var {{axis = 0 : i64, "
        f"scale = 0 : i64}} : ({t}, {vector}, {vector}, {vector}, {vector}) -> {tup}",
        f"%bn0 = relay.tuple_get_item %bn {{index = 0 : i64}} : ({tup}) -> {t}",
        f"%out = relay.nn.relu %bn0 : ({t}) -> {t}",
    ]
    program.shapes["out"] = shape
    program.result = "out"
    text = program.text()
    line = 1 + text.splitlines().index("  " + program.lines[-3])
    return text, line


@settings(max_examples=15, deadline=None)
@given(relay_programs(max_ops=4), SEEDS)
def test_partial_conversion_bridges_an_unconvertible_op(program, seed):
    text, line = _with_unconvertible_batch_norm(program)
    rng = np.random.default_rng(seed)
    arrays = [np.abs(rng.standard_normal(s)).astype(np.float32) + 0.5 for _, s in program.args]
    (want,) = mlc.interpret(_parse(text), "main", *arrays)
    module = _convert(_parse(text), "convert-relay-to-graph{partial=true}")
    assert _function_ops(module) & {"relay.nn.batch_norm", "builtin.unrealized_conversion_cast"}
    assert "relay.nn.relu" not in _function_ops(module)
    (got,) = mlc.interpret(module, "main", *arrays)
    _assert_same(got, want)

    full = _parse(text)
    before = str(full)
    with pytest.raises(DiagnosticError) as failure:
        _convert(full, "convert-relay-to-graph")
    assert f":{line}:" in str(failure.value) and "relay.nn.batch_norm" in str(failure.value)
    assert str(full) == before  # a failed conversion leaves the module as it was
