"""`graph-legalize` as an API: kernels shared between equal ops, and a failure under
`fail-on-unsupported` that leaves the module as it was."""

from __future__ import annotations

import pytest

import mlc
from mlc.dialects.graph import ALL_OPS
from mlc.passes.graph_kernels import NOT_LOWERED, RULES

TWO_EXPS = """
graph.func @f<n>(%x: !graph.tensor<[n, 4], f32>, %y: !graph.tensor<[?, 4], f32>)
    -> !graph.tensor<[?, 4], f32> {
  %0 = graph.exp %x : (!graph.tensor<[n, 4], f32>)
  %1 = graph.exp %0 : (!graph.tensor<[n, 4], f32>)
  %2 = graph.add %1, %y : (!graph.tensor<[n, 4], f32>, !graph.tensor<[?, 4], f32>)
  graph.return %2 : !graph.tensor<[?, 4], f32>
}
"""


def _run(module, pipeline: str) -> None:
    mlc.PassManager.parse(pipeline, mlc.Context()).run(module)


def test_equal_ops_share_one_kernel_and_unsupported_ops_stay():
    module = mlc.parse(TWO_EXPS, mlc.Context())
    _run(module, "builtin.module(graph-legalize)")
    text = str(module)
    assert text.count("call_dps @exp_kernel(") == 2
    assert text.count("func.func private") == 1
    assert "= add %1, %arg1 : (!graph.tensor<[n, 4], f32>, !graph.tensor<[?, 4], f32>)" in text


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
    assert text.count("call_dps @exp_kernel(") == 2
    assert text.count("func.func private @exp_kernel(") == 1


def test_fail_on_unsupported_names_the_op_and_changes_nothing():
    module = mlc.parse(TWO_EXPS, mlc.Context())
    before = str(module)
    with pytest.raises(mlc.DiagnosticError, match="'graph.add' op is not legalized for these"):
        _run(module, "builtin.module(graph-legalize{fail-on-unsupported=true})")
    assert str(module) == before


def test_every_graph_op_has_a_rule_or_a_reason_to_stay():
    """A new graph op fails here until it gets a lowering (or a reasoned exclusion)."""
    missing = [op.name for op in ALL_OPS if op not in RULES and op.name not in NOT_LOWERED]
    assert not missing, f"graph ops without a legalization rule: {missing}"
    stale = sorted(set(NOT_LOWERED) - {op.name for op in ALL_OPS})
    assert not stale, f"exclusions naming no graph op: {stale}"
    assert not [op.name for op in ALL_OPS if op in RULES and op.name in NOT_LOWERED]
