"""Modules mixing relay and graph functions that call each other: partial conversions keep
them verifying and computing the same, with casts at the boundaries, and converting the
rest later finishes the migration."""

from __future__ import annotations

import numpy as np
import pytest

import mlc
from mlc.ir.diagnostics import DiagnosticError

# @heads has a symbolic reshape target (no relay form) and calls @activate, whose
# gelu has no relay form either; @main calls @heads.
MIXED = """
graph.func @heads<b, s>(%x: !graph.tensor<[b, s, 4], f32>) -> !graph.tensor<[b, s*4], f32> {
  %0 = graph.call @activate(%x) : (!graph.tensor<[b, s, 4], f32>) -> !graph.tensor<[b, s, 4], f32>
  %1 = graph.reshape %0 {shape = [0, "s*4"]} : (!graph.tensor<[b, s, 4], f32>)
  graph.return %1 : !graph.tensor<[b, s*4], f32>
}
graph.func @activate<b, s>(%x: !graph.tensor<[b, s, 4], f32>) -> !graph.tensor<[b, s, 4], f32> {
  %0 = graph.gelu %x : (!graph.tensor<[b, s, 4], f32>)
  %1 = graph.exp %0 : (!graph.tensor<[b, s, 4], f32>)
  graph.return %1 : !graph.tensor<[b, s, 4], f32>
}
graph.func @main<b>(%x: !graph.tensor<[b, 3, 4], f32>) -> !graph.tensor<[b, 12], f32> {
  %0 = graph.call @heads(%x) : (!graph.tensor<[b, 3, 4], f32>) -> !graph.tensor<[b, 12], f32>
  %1 = graph.sigmoid %0 : (!graph.tensor<[b, 12], f32>)
  graph.return %1 : !graph.tensor<[b, 12], f32>
}
"""


def _run(module, pipeline: str):
    mlc.PassManager.parse(f"builtin.module({pipeline})", mlc.Context()).run(module)
    mlc.verify(module)
    return {op.sym_name.value: op for op in module.regions[0].blocks[0].ops}


def test_partial_round_trip_of_functions_calling_each_other():
    module = mlc.parse(MIXED, mlc.Context())
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    (want,) = mlc.interpret(module, "main", x)

    functions = _run(module, "convert-graph-to-relay{partial=true}")
    assert functions["heads"].name == "graph.func"  # needs its size variables
    assert functions["activate"].name == functions["main"].name == "func.func"
    names = {op.name for op in module.iter_nested()}
    assert {"func.call", "graph.call", "graph.gelu", "relay.exp", "relay.sigmoid"} <= names
    np.testing.assert_allclose(mlc.interpret(module, "main", x)[0], want, rtol=1e-6)

    functions = _run(module, "convert-relay-to-graph")
    assert all(f.name == "graph.func" for f in functions.values())
    assert not any(op.name.startswith("relay.") for op in module.iter_nested())
    # the casts around the converted functions cancelled, and the batch is symbolic again
    assert str(functions["main"].type) == (
        "(!graph.tensor<[n0, 3, 4], f32>) -> !graph.tensor<[n0, 12], f32>"
    )
    np.testing.assert_allclose(mlc.interpret(module, "main", x)[0], want, rtol=1e-6)


def test_full_conversion_keeps_the_module_when_an_op_has_no_counterpart():
    module = mlc.parse(MIXED, mlc.Context())
    before = str(module)
    with pytest.raises(DiagnosticError, match="symbolic reshape target") as failure:
        _run(module, "convert-graph-to-relay")
    assert "'graph.reshape'" in str(failure.value)
    assert str(module) == before
