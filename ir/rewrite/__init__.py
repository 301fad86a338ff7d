"""Pattern rewriting: patterns, the rewriter and its listener, folding, the greedy driver, and
dialect conversion (targets, type converters, conversion patterns and drivers)."""

from mlc.ir.effects import is_trivially_dead
from mlc.ir.rewrite.conversion import (
    ConversionPattern,
    OpAdaptor,
    OpConversionPattern,
    apply_analysis_conversion,
    apply_full_conversion,
    apply_partial_conversion,
    conversion_pattern,
)
from mlc.ir.rewrite.conversion_rewriter import (
    ConversionPatternRewriter,
    reconcile_unrealized_casts,
)
from mlc.ir.rewrite.conversion_target import (
    ConversionTarget,
    LegalizationAction,
    LegalOpDetails,
)
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
from mlc.ir.rewrite.type_converter import SignatureConversion, TypeConverter

__all__ = [
    "ConversionPattern", "ConversionPatternRewriter", "ConversionTarget", "FunctionPattern",
    "GreedyRewriteDriver", "GreedyRewriteResult", "LegalOpDetails", "LegalizationAction",
    "OpAdaptor", "OpConversionPattern", "OperationFolder", "PatternRewriter", "PatternSet",
    "RewriteListener", "RewritePattern", "SignatureConversion", "TypeConverter",
    "apply_analysis_conversion", "apply_full_conversion", "apply_partial_conversion",
    "apply_patterns_greedily", "conversion_pattern", "is_trivially_dead", "pattern",
    "reconcile_unrealized_casts", "register_constant_materializer",
]  # fmt: skip
