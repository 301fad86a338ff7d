"""`canonicalize`: the greedy driver with every op's canonicalization patterns and folders
(MLIR's `Canonicalizer`, mlir/lib/Transforms/Canonicalizer.cpp).

MLIR gathers the patterns of every loaded dialect and registered op up front. Ops in mlc
hold no context, so the pattern set asks each op class it meets for its
`get_canonicalization_patterns()`, once per class: the same patterns, including those of ops
that only appear during the rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mlc.ir.operation import Operation
from mlc.ir.rewrite.greedy import apply_patterns_greedily
from mlc.ir.rewrite.pattern import PatternSet, RewritePattern
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass


def pattern_label(pattern: RewritePattern) -> str:
    """The name `disable-patterns` / `enable-patterns` match (MLIR's debug name): a pattern
    function's name, else the pattern's class name."""
    fn = getattr(pattern, "fn", None)
    return fn.__name__ if fn is not None else type(pattern).__name__


class CanonicalizationPatterns(PatternSet):
    """The canonicalization patterns of whatever op classes the rewrite meets, filtered by
    label (MLIR's `FrozenRewritePatternSet` with disabled / enabled pattern labels)."""

    def __init__(self, disabled: tuple[str, ...] = (), enabled: tuple[str, ...] = ()) -> None:
        super().__init__(())
        self.disabled = frozenset(disabled)
        self.enabled = frozenset(enabled)
        self._by_class: dict[type, list[RewritePattern]] = {}

    def patterns_for(self, op: Operation) -> list[RewritePattern]:
        cls = type(op)
        found = self._by_class.get(cls)
        if found is None:
            found = [p for p in cls.get_canonicalization_patterns() if self._allowed(p)]
            found.sort(key=lambda p: -p.benefit)
            self._by_class[cls] = found
        return found

    def _allowed(self, pattern: RewritePattern) -> bool:
        label = pattern_label(pattern)
        if label in self.disabled:
            return False
        return not self.enabled or label in self.enabled


@register_pass
@dataclass(frozen=True)
class Canonicalize(Pass):
    """Folds ops and applies their canonicalization patterns until nothing changes."""

    name = "canonicalize"
    summary = "Canonicalize operations"

    top_down: bool = field(
        default=True, metadata={"help": "Seed the worklist in general top-down order"}
    )
    region_simplify: Literal["disabled", "normal", "aggressive"] = field(
        default="normal",
        metadata={
            "help": "Perform control flow optimizations to the region tree: erase "
            "unreachable blocks, dead ops and dead block arguments; 'aggressive' also merges "
            "identical blocks and drops redundant block arguments"
        },
    )
    max_iterations: int = field(
        default=10,
        metadata={"help": "Max. iterations between applying patterns / simplifying regions"},
    )
    max_num_rewrites: int = field(
        default=-1, metadata={"help": "Max. number of pattern rewrites within an iteration"}
    )
    test_convergence: bool = field(
        default=False,
        metadata={"help": "Test only: Fail pass on non-convergence to detect cyclic pattern"},
    )
    disable_patterns: tuple[str, ...] = field(
        default=(),
        metadata={"help": "Labels of patterns that should be filtered out during application"},
    )
    enable_patterns: tuple[str, ...] = field(
        default=(),
        metadata={
            "help": "Labels of patterns that should be used during application, all other "
            "patterns are filtered out"
        },
    )

    def run(self, op) -> None:
        patterns = CanonicalizationPatterns(self.disable_patterns, self.enable_patterns)
        result = apply_patterns_greedily(
            op,
            patterns,
            top_down=self.top_down,
            region_simplify=self.region_simplify,
            max_iterations=self.max_iterations if self.max_iterations >= 0 else 1 << 62,
            max_rewrites=self.max_num_rewrites if self.max_num_rewrites >= 0 else None,
        )
        if self.test_convergence and not result.converged:
            raise PassFailure(
                f"canonicalizer failed to converge within {self.max_iterations} iterations",
                op.location,
            )
