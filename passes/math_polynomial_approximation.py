"""`math-polynomial-approximation`: math ops to polynomial approximations in arith, a few
math ops LLVM lowers to instructions (fma, floor, absf, copysign, sqrt) and vector
broadcasts, so that exp, log, tanh, erf and friends vectorize with no libm call (MLIR 19's
`populateMathPolynomialApproximationPatterns`; the patterns are in
`mlc.dialects.math.polynomial_approximation`).

mlir-opt 19 has the patterns only as its test pass `test-math-polynomial-approximation`;
mlc registers the pass under the name the issue uses and, so that pipelines and tests run
unchanged under both tools, under the test pass's name too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects.math.polynomial_approximation import polynomial_approximation_patterns
from mlc.ir.rewrite.greedy import apply_patterns_greedily
from mlc.ir.rewrite.pattern import PatternSet
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


@register_pass
@dataclass(frozen=True)
class MathPolynomialApproximation(Pass):
    """Replaces tanh, log, log2, log1p, erf, exp, expm1, asin, acos, atan, atan2, sin, cos
    and cbrt of f32 (f16/bf16 through f32) by polynomial approximations."""

    name = "math-polynomial-approximation"
    summary = "Approximate math functions by polynomials in arith (vectorizable, no libm)"
    ops: str = field(
        default="",
        metadata={"help": "Comma list of the math ops to approximate, e.g. 'math.erf' "
                          "(default: all)"},
    )  # fmt: skip

    def run(self, op) -> None:
        patterns = polynomial_approximation_patterns()
        if self.ops:
            wanted = {name.strip() for name in self.ops.split(",")}
            patterns = [p for p in patterns if getattr(p.root, "name", p.root) in wanted]
        apply_patterns_greedily(op, PatternSet(patterns))


@register_pass
@dataclass(frozen=True)
class TestMathPolynomialApproximation(MathPolynomialApproximation):
    """mlir-opt 19's name for the same pass."""

    name = "test-math-polynomial-approximation"
    summary = "Test math polynomial approximations"
