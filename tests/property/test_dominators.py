"""The verifier's dominator trees (`immediate_dominators`) equal networkx's on random
control-flow graphs: every node reachable from the entry, and only those, with the same
immediate dominator."""

from __future__ import annotations

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from mlc.ir.verifier import immediate_dominators


@st.composite
def graphs(draw) -> dict[int, list[int]]:
    """Successor lists of up to 12 nodes (0 is the entry): self-loops, back edges,
    duplicate edges and unreachable nodes included."""
    n = draw(st.integers(1, 12))
    return {node: draw(st.lists(st.integers(0, n - 1), max_size=3)) for node in range(n)}


@given(graphs())
def test_immediate_dominators_equal_networkx(successors: dict[int, list[int]]) -> None:
    graph = nx.DiGraph()
    graph.add_node(0)
    graph.add_edges_from((a, b) for a, succs in successors.items() for b in succs)
    expected = nx.immediate_dominators(graph, 0)
    expected[0] = 0  # networkx 3.6 leaves the start out; older ones map it to itself
    assert immediate_dominators(0, successors.__getitem__) == expected
