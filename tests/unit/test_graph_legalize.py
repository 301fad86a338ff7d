"""`graph-legalize` as an API: kernels shared between equal ops, and a failure under
`fail-on-unsupported` that leaves the module as it was."""

from __future__ import annotations

import pytest

import mlc

TWO_EXPS = """
graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>) -> !graph.tensor<[n, 4], f32> {
  %0 = graph.exp %x : (!graph.tensor<[n, 4], f32>)
  %1 = graph.exp %0 : (!graph.tensor<[n, 4], f32>)
  %2 = graph.log_softmax %1 : (!graph.tensor<[n, 4], f32>)
  graph.return %2 : !graph.tensor<[n, 4], f32>
}
"""


def _run(module, pipeline: str) -> None:
    mlc.PassManager.parse(pipeline, mlc.Context()).run(module)


def test_equal_ops_share_one_kernel_and_unsupported_ops_stay():
    module = mlc.parse(TWO_EXPS, mlc.Context())
    _run(module, "builtin.module(graph-legalize)")
    text = str(module)
    assert text.count("call_dps @exp(") == 2
    assert text.count("func.func private") == 1
    assert "log_softmax %1" in text


def test_ops_whose_kernels_agree_share_one_across_size_variables():
    module = mlc.parse(
        """
        graph.func @f<n, m>(%x: !graph.tensor<[n, 4], f32>, %y: !graph.tensor<[m, 4], f32>)
            -> !graph.tensor<[m, 4], f32> {
          %0 = graph.exp %x : (!graph.tensor<[n, 4], f32>)
          %1 = graph.exp %y : (!graph.tensor<[m, 4], f32>)
          graph.return %1 : !graph.tensor<[m, 4], f32>
        }
        """,
        mlc.Context(),
    )
    _run(module, "builtin.module(graph-legalize)")
    text = str(module)
    assert text.count("call_dps @exp(") == 2
    assert text.count("func.func private @exp(") == 1


def test_fail_on_unsupported_names_the_op_and_changes_nothing():
    module = mlc.parse(TWO_EXPS, mlc.Context())
    before = str(module)
    with pytest.raises(mlc.DiagnosticError, match="'graph.log_softmax' op has no legalization"):
        _run(module, "builtin.module(graph-legalize{fail-on-unsupported=true})")
    assert str(module) == before
