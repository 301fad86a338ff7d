"""The graph dialect's core: size binding at calls, dataflow regions, destination-passing
calls into func, and the errors a wrong argument gets."""

from __future__ import annotations

import numpy as np
import pytest

import mlc
from mlc.dialects.graph.symbolic import bind, var
from mlc.ir.interpreter import InterpreterError

DPS = """
graph.func @f<n>(%x: !graph.tensor<[n, 4], i8>, %b: !graph.tensor<[4], i8>) -> !graph.tensor<[n, 4], i8> {
  %y = graph.dataflow -> !graph.tensor<[n, 4], i8> {
    %0 = graph.add %x, %b : (!graph.tensor<[n, 4], i8>, !graph.tensor<[4], i8>)
    %1 = graph.call_dps @square(%0) : (!graph.tensor<[n, 4], i8>) -> !graph.tensor<[n, 4], i8>
    graph.output %1 : !graph.tensor<[n, 4], i8>
  }
  graph.return %y : !graph.tensor<[n, 4], i8>
}
func.func @square(%a: tensor<?x4xi8>, %out: tensor<?x4xi8>) -> tensor<?x4xi8> {
  %r = arith.muli %a, %a : tensor<?x4xi8>
  return %r : tensor<?x4xi8>
}
"""  # noqa: E501


def test_dataflow_and_destination_passing_call_compute_with_wraparound():
    module = mlc.parse(DPS, mlc.Context())
    x = np.array([[100, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, -128]], dtype=np.int8)
    b = np.array([100, 0, 1, -1], dtype=np.int8)
    (got,) = mlc.interpret(module, "f", x, b)
    assert got.dtype == np.int8
    np.testing.assert_array_equal(got, (x + b) * (x + b))


CALLS = """
graph.func private @pairs<n>(%x: !graph.tensor<[n*2], f32>) -> !graph.tensor<[n*2], f32> {
  %0 = graph.exp %x : (!graph.tensor<[n*2], f32>)
  graph.return %0 : !graph.tensor<[n*2], f32>
}
graph.func @main<m>(%x: !graph.tensor<[m*4], f32>) -> !graph.tensor<[m*4], f32> {
  %0 = graph.call @pairs(%x) : (!graph.tensor<[m*4], f32>) -> !graph.tensor<[m*4], f32>
  graph.return %0 : !graph.tensor<[m*4], f32>
}
"""


@pytest.mark.parametrize("m", [1, 3])
def test_calls_bind_size_variables_at_each_level(m):
    module = mlc.parse(CALLS, mlc.Context())
    x = np.linspace(-1, 1, 4 * m, dtype=np.float32)
    (got,) = mlc.interpret(module, "main", x)
    np.testing.assert_allclose(got, np.exp(x), rtol=1e-6)


def test_argument_shapes_that_no_size_fits_are_named():
    module = mlc.parse(CALLS, mlc.Context())
    with pytest.raises(InterpreterError, match="no integer m makes 'm\\*4' equal 6"):
        mlc.interpret(module, "main", np.zeros(6, np.float32))
    with pytest.raises(TypeError, match="float32"):
        mlc.interpret(module, "main", np.zeros(4, np.float64))


def test_bind_reports_contradictions_and_unbindable_dims():
    n, m = var("n"), var("m")
    bindings: dict = {}
    assert bind([n, n], [3, 4], bindings) == ["'n' is 3, not 4"]
    assert bind([n * m], [6], {}) == ["cannot bind m, n from 'm*n'"]
    bindings = {}
    assert bind([n + 1, n * m], [3, 8], bindings) == [] and bindings == {"n": 2, "m": 4}


WEIGHTS = """
graph.func @f(%x: !graph.tensor<[2], f32>) -> !graph.tensor<[2], f32> {
  %w = graph.constant dense_resource<weights> : tensor<2xf32>
  %0 = graph.add %x, %w : (!graph.tensor<[2], f32>, !graph.tensor<[2], f32>)
  graph.return %0 : !graph.tensor<[2], f32>
}
{-#
  dialect_resources: { builtin: { weights: "0x040000000000803F00000040" } }
#-}
"""


def test_external_weights_come_from_the_parse_resources():
    ctx = mlc.Context()
    module = mlc.parse(WEIGHTS, ctx)
    (got,) = mlc.interpret(module, "f", np.zeros(2, np.float32), resources=ctx.resources)
    np.testing.assert_array_equal(got, [1.0, 2.0])
    with pytest.raises(InterpreterError, match="no blob for dense_resource<weights>"):
        mlc.interpret(module, "f", np.zeros(2, np.float32))
