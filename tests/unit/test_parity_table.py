"""docs/parity.md is the table `mlc.tools.gen_parity` generates from the code, and that
table reads the code truthfully."""

from __future__ import annotations

from mlc.dialects import graph as g
from mlc.dialects import legacy_relay as r
from mlc.passes.relay_graph.relay_rules import RELAY_TO_GRAPH
from mlc.tools import gen_parity


def test_parity_doc_is_up_to_date():
    committed = gen_parity.PARITY_DOC.read_text() if gen_parity.PARITY_DOC.exists() else ""
    assert committed == gen_parity.render(), (
        f"docs/parity.md is stale: regenerate it with `{gen_parity.REGENERATE}`"
    )


def test_one_row_per_relay_op():
    names = [row[0] for row in gen_parity.rows()]
    assert names == [f"`{op.name}`" for op in r.ALL_OPS]


def test_counterparts_are_read_from_rules_and_their_helpers():
    graph_ops = frozenset(g.ALL_OPS)
    assert gen_parity.ops_emitted(RELAY_TO_GRAPH[r.AddOp], graph_ops) == [g.AddOp]
    dense = gen_parity.ops_emitted(RELAY_TO_GRAPH[r.DenseOp], graph_ops)
    assert dense == [g.CastOp, g.MatMulOp, g.TransposeOp]  # the cast is in `_with_dtype`


def test_decline_reasons_come_from_the_rules():
    assert gen_parity.decline_reasons(RELAY_TO_GRAPH[r.AddOp]) == []
    reasons = gen_parity.decline_reasons(RELAY_TO_GRAPH[r.LayerNormOp])
    assert "graph's normalizations always scale and center" in reasons


def test_tests_are_discovered_by_op_name():
    found = gen_parity.tests_naming(r.BatchNormOp.name, gen_parity.test_files())
    assert "tests/lit/conversion/relay-to-graph.mlir" in found
    assert not any("test_parity_table" in path for path in found)


def test_check_mode_reports_staleness(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(gen_parity, "PARITY_DOC", tmp_path / "parity.md")
    assert gen_parity.main(["--check"]) == 1
    assert gen_parity.REGENERATE in capsys.readouterr().err
    assert gen_parity.main([]) == 0
    assert gen_parity.main(["--check"]) == 0
