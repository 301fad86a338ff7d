"""Pattern rewriting: patterns, the rewriter and its listener, folding, the greedy driver."""

from mlc.ir.effects import is_trivially_dead
from mlc.ir.rewrite.folding import OperationFolder, register_constant_materializer
from mlc.ir.rewrite.greedy import GreedyRewriteDriver, GreedyRewriteResult, apply_patterns_greedily
from mlc.ir.rewrite.pattern import (
    FunctionPattern,
    PatternRewriter,
    PatternSet,
    RewriteListener,
    RewritePattern,
    pattern,
)

__all__ = [
    "FunctionPattern", "GreedyRewriteDriver", "GreedyRewriteResult", "OperationFolder",
    "PatternRewriter", "PatternSet", "RewriteListener", "RewritePattern",
    "apply_patterns_greedily", "is_trivially_dead", "pattern", "register_constant_materializer",
]  # fmt: skip
