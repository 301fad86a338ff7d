"""Canonicalization patterns of the affine ops, as MLIR 19's AffineOps.cpp has them:
`SimplifyAffineOp` (compose producing applies, canonicalize operands, simplify the map),
`CanonicalizeSingleResultAffineMinMaxOp` (a min or max of one result is an apply),
`DeduplicateAffineMinMaxExpressions` and `CanonicalizeAffineMinMaxOpExprAndTermOrder` (results
sorted by their flattened form).

Not here: `MergeAffineMinMaxOp` (a min of a min merged into one) and MLIR's
`simplifyMapWithOperands` (bounds of the operands).
"""

from __future__ import annotations

from mlc.dialects.affine.composition import (
    AffineFlattener,
    compose_affine_map_and_operands,
    is_pure_affine,
)
from mlc.dialects.affine.ops import ApplyOp, MaxOp, MinOp
from mlc.ir.affine import AffineDimExpr, AffineMap, AffineSymbolExpr
from mlc.ir.rewrite.pattern import pattern


def _replace(rewriter, op, op_class, m: AffineMap, operands) -> bool:
    new = rewriter.insert(op_class.build(m, operands, loc=op.location))
    rewriter.replace_op(op, new.results)
    return True


@pattern((ApplyOp, MinOp, MaxOp))
def simplify_affine_op(op, rewriter) -> bool:
    """The op on its composed, canonicalized and simplified map (MLIR's `SimplifyAffineOp`)."""
    old_operands = list(op.operands)
    m, operands = compose_affine_map_and_operands(op.affine_map, old_operands)
    if m == op.affine_map and operands == old_operands:
        return False
    return _replace(rewriter, op, type(op), m, operands)


@pattern((MinOp, MaxOp))
def single_result_min_max(op, rewriter) -> bool:
    """MLIR's `CanonicalizeSingleResultAffineMinMaxOp`."""
    if op.affine_map.num_results != 1:
        return False
    return _replace(rewriter, op, ApplyOp, op.affine_map, list(op.operands))


@pattern((MinOp, MaxOp))
def deduplicate_min_max_results(op, rewriter) -> bool:
    """MLIR's `DeduplicateAffineMinMaxExpressions`."""
    m = op.affine_map
    unique = tuple(dict.fromkeys(m.results))
    if len(unique) == m.num_results:
        return False
    new_map = AffineMap(m.num_dims, m.num_symbols, unique)
    return _replace(rewriter, op, type(op), new_map, list(op.operands))


def _flat_key(m: AffineMap, expr) -> list[int] | None:
    """`[dim coefficients..., symbol coefficients..., constant]`, or None for an expression
    that is not pure affine or needs local terms."""
    if not is_pure_affine(expr):
        return None
    flattener = AffineFlattener()
    coefficients, constant = flattener.flatten(expr)
    if flattener.locals:
        return None
    leaves = [AffineDimExpr(i) for i in range(m.num_dims)]
    leaves += [AffineSymbolExpr(i) for i in range(m.num_symbols)]
    return [coefficients.get(leaf, 0) for leaf in leaves] + [constant]


@pattern((MinOp, MaxOp))
def order_min_max_results(op, rewriter) -> bool:
    """Results sorted by their flattened forms (MLIR's
    `CanonicalizeAffineMinMaxOpExprAndTermOrder`)."""
    m = op.affine_map
    keys = [_flat_key(m, e) for e in m.results]
    if any(k is None for k in keys) or keys == sorted(keys):
        return False
    order = sorted(range(m.num_results), key=lambda i: keys[i])
    new_map = AffineMap(m.num_dims, m.num_symbols, tuple(m.results[i] for i in order))
    return _replace(rewriter, op, type(op), new_map, list(op.operands))


PATTERNS = {
    ApplyOp: (simplify_affine_op,),
    MinOp: (
        single_result_min_max,
        deduplicate_min_max_results,
        simplify_affine_op,
        order_min_max_results,
    ),
}
PATTERNS[MaxOp] = PATTERNS[MinOp]
