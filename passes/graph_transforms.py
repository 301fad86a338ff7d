"""Graph-dialect passes: `graph-infer-shapes` and `graph-fold-constant`.

Their logic lives in the graph dialect (`dialects/graph/infer_shapes.py`, the ops' fold
hooks); these are the registered pass wrappers.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects.graph.infer_shapes import infer_shapes
from mlc.ir.rewrite.greedy import apply_patterns_greedily
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


@register_pass
@dataclass(frozen=True)
class GraphInferShapes(Pass):
    """Refines `?` dims of graph result types and function signatures by shape inference."""

    name = "graph-infer-shapes"
    summary = "Refine unknown graph tensor dims by shape inference"

    def run(self, op) -> None:
        infer_shapes(op)


@register_pass
@dataclass(frozen=True)
class GraphFoldConstant(Pass):
    """Evaluates graph ops whose operands are all constants (by their interpreter rules) and
    replaces them by `graph.constant`s, repeatedly, so whole constant subgraphs fold."""

    name = "graph-fold-constant"
    summary = "Fold constant subgraphs of graph ops into constants"

    def run(self, op) -> None:
        apply_patterns_greedily(op, (), region_simplify="disabled")
