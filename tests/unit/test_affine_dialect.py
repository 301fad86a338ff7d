"""The affine ops: their folds, the composition helpers MLIR's builders use, and `lower-affine`
all keep the value of random affine expressions (the interpreter and exact evaluation are the
references)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.dialects.affine import ApplyOp, MinOp
from mlc.dialects.affine.composition import (
    canonicalize_map_and_operands,
    make_composed_folded_affine_apply,
    make_composed_folded_affine_min,
    simplify_expr,
)
from mlc.dialects.arith import ConstantOp
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap, AffineSymbolExpr
from mlc.ir.attributes import IntegerAttr
from mlc.ir.builder import InsertionPoint
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.types import index
from mlc.passes import PassManager

SYMBOLS = [AffineSymbolExpr(i) for i in range(3)]
VALUES = st.integers(-50, 50)


def _expressions():
    leaves = st.sampled_from(SYMBOLS) | st.integers(-6, 6).map(AffineConstantExpr)

    def extend(inner):
        divisor = st.integers(1, 7)
        return st.one_of(
            st.builds(lambda a, b: a + b, inner, inner),
            st.builds(lambda a, c: a * c, inner, st.integers(-4, 4)),
            st.builds(lambda a, s: a * s, inner, st.sampled_from(SYMBOLS)),
            st.builds(lambda a, c: a.floordiv(c), inner, divisor),
            st.builds(lambda a, c: a.ceildiv(c), inner, divisor),
            st.builds(lambda a, c: a % c, inner, divisor),
        )

    return st.recursive(leaves, extend, max_leaves=8)


@settings(max_examples=100, deadline=None)
@given(_expressions(), st.lists(VALUES, min_size=3, max_size=3))
def test_simplification_keeps_the_value(expr, symbols):
    """`simplify_expr` (flattening and rebuilding) never changes what an expression is."""
    simplified = simplify_expr(expr, 0, 3)
    assert simplified.evaluate([], symbols) == expr.evaluate([], symbols), (expr, simplified)


def test_simplification_orders_as_mlir():
    s0, s1, s2 = SYMBOLS
    assert str(simplify_expr(s1 + s0 * 3 + 4 + s0, 0, 3)) == "s0 * 4 + s1 + 4"
    assert str(simplify_expr((s0 * 4).floordiv(8) * s1, 0, 2)) == "(s0 floordiv 2) * s1"
    assert str(simplify_expr(s0 * s1 + s2 + 6, 0, 3)) == "s0 * s1 + s2 + 6"
    assert str(simplify_expr((s0 * 6) % 3, 0, 1)) == "0"


def _function(rewriter_body) -> tuple:
    """A module whose function takes three index arguments; `rewriter_body(rewriter, args)`
    builds values at its start and returns the one to return."""
    module = mlc.parse(
        "func.func @f(%a: index, %b: index, %c: index) -> index {\n  return %a : index\n}"
    )
    func = next(iter(module.regions[0].blocks[0].ops))
    block = func.regions[0].blocks[0]
    ret = list(block.ops)[-1]
    rewriter = PatternRewriter(insertion_point=InsertionPoint.before(ret))
    value = rewriter_body(rewriter, list(block.args))
    if isinstance(value, int):
        value = rewriter.insert(ConstantOp(IntegerAttr(value, index))).results[0]
    ret.op_operands[0].set(value)
    return module


@settings(max_examples=60, deadline=None)
@given(_expressions(), _expressions(), st.lists(VALUES, min_size=3, max_size=3))
def test_composed_applies_keep_the_value(inner, outer, values):
    """An apply of an apply composes into one map over the original operands; the module
    computes what the two expressions do."""

    def body(rewriter, args):
        first = make_composed_folded_affine_apply(rewriter, inner, args)
        return make_composed_folded_affine_apply(rewriter, outer, [first, args[1], 5])

    module = _function(body)
    mlc.verify(module)
    expected = outer.evaluate([], [inner.evaluate([], values), values[1], 5])
    (result,) = mlc.interpret(module, "f", *map(np.int64, values))
    assert result == expected
    applies = [op for op in module.iter_nested() if isinstance(op, ApplyOp)]
    for op in applies:  # composed: no apply feeds another
        assert not any(isinstance(getattr(v, "op", None), ApplyOp) for v in op.operands)


def test_constant_operands_fold_away():
    def body(rewriter, args):
        expr = SYMBOLS[0] * SYMBOLS[1] + 3
        return make_composed_folded_affine_apply(rewriter, expr, [4, 5])

    module = _function(body)
    assert not [op for op in module.iter_nested() if isinstance(op, ApplyOp)]
    assert mlc.interpret(module, "f", *map(np.int64, (0, 0, 0))) == (23,)


def test_min_of_values_and_constants():
    """`affine.min` keeps the value operands as symbols, constants in the map."""

    def body(rewriter, args):
        identity = AffineMap(3, 0, tuple(AffineDimExpr(i) for i in range(3)))
        return make_composed_folded_affine_min(rewriter, identity, [args[0], 7, args[1]])

    module = _function(body)
    (op,) = [op for op in module.iter_nested() if isinstance(op, MinOp)]
    assert str(op.affine_map) == "()[s0, s1] -> (s0, 7, s1)"
    assert mlc.interpret(module, "f", *map(np.int64, (9, 8, 0))) == (7,)


def test_canonicalization_merges_and_drops_operands():
    module = mlc.parse("func.func @f(%a: index, %b: index) {\n  return\n}")
    func = next(iter(module.regions[0].blocks[0].ops))
    a, b = func.regions[0].blocks[0].args
    s0, s1, s2 = SYMBOLS
    m = AffineMap(0, 3, (s0 + s2 * 2,))
    canonical, operands = canonicalize_map_and_operands(m, [b, a, b])
    assert str(canonical) == "()[s0] -> (s0 * 3)"
    assert operands == [b]


@settings(max_examples=25, deadline=None)
@given(st.lists(_expressions(), min_size=1, max_size=3), st.lists(VALUES, min_size=3, max_size=3))
def test_lower_affine_keeps_the_value(exprs, values):
    """`lower-affine` turns apply, min and max into arith that computes what the interpreter
    computes on the affine ops, negative operands included."""
    single = AffineMap(0, 3, tuple(exprs[:1]))
    multi = AffineMap(0, 3, tuple(exprs))
    text = (
        "func.func @f(%a: index, %b: index, %c: index) -> (index, index, index) {\n"
        f"  %0 = affine.apply affine_map<{single}>()[%a, %b, %c]\n"
        f"  %1 = affine.min affine_map<{multi}>()[%a, %b, %c]\n"
        f"  %2 = affine.max affine_map<{multi}>()[%a, %b, %c]\n"
        "  return %0, %1, %2 : index, index, index\n}"
    )
    args = list(map(np.int64, values))
    expected = mlc.interpret(mlc.parse(text), "f", *args)
    module = mlc.parse(text)
    PassManager.parse("builtin.module(lower-affine)").run(module)
    assert "affine." not in str(module)
    assert mlc.interpret(module, "f", *args) == expected


def test_lower_affine_rejects_non_positive_divisors():
    text = (
        "func.func @f(%a: index) -> index {\n"
        "  %0 = affine.apply affine_map<(d0) -> (d0 mod -2)>(%a)\n"
        "  return %0 : index\n}"
    )
    module = mlc.parse(text)
    with pytest.raises(mlc.DiagnosticError, match="modulo by non-positive value"):
        PassManager.parse("builtin.module(lower-affine)").run(module)
