"""Building `affine.apply` / `affine.min` the way MLIR's builders do: constant operands folded
into the map, producing `affine.apply`s composed in, operands deduplicated and unused ones
dropped, the map simplified, and the op folded away when it can be (MLIR's
`makeComposedFoldedAffineApply`, `makeComposedFoldedAffineMin`, `composeAffineMapAndOperands`,
`canonicalizeMapAndOperands` and `simplifyAffineMap`, mlir/lib/Dialect/Affine/IR/AffineOps.cpp).

Operands are "fold results": an `int` (a constant) or an index `Value`. Results are the same:
an `int` when everything folded, else the value of the op built at the rewriter's insertion
point.

Deliberate difference from MLIR 19: `simplify_map` rebuilds each result from its flattened
form in MLIR's order, as `simplifyAffineExpr` does, with products and divisions by
non-constants as local terms, but without MLIR's `simplifySemiAffine` rewrites first (such as
`(s0 * s1) floordiv s1` to `s0`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mlc.dialects.affine.ops import ApplyOp, MinOp
from mlc.ir.affine import (
    AffineBinaryExpr,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineExprKind,
    AffineMap,
    AffineSymbolExpr,
)
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.traits import ConstantLike
from mlc.ir.values import OpResult, Value

AFFINE_SCOPES = frozenset({"func.func"})  # ops with MLIR's `AffineScope` trait


# --- symbols -------------------------------------------------------------------------------------
def is_top_level_value(value: Value) -> bool:
    """Defined directly in the body of an affine scope (MLIR's `isTopLevelValue`)."""
    block = value.parent_block()
    owner = block.parent_op if block is not None else None
    return owner is not None and owner.name in AFFINE_SCOPES


def is_valid_symbol(value: Value) -> bool:
    """A value an affine map may take as a symbol: a top-level value, a constant, or an
    `affine.apply` of valid symbols (the cases of MLIR's `isValidSymbol` mlc meets)."""
    if is_top_level_value(value):
        return True
    if not isinstance(value, OpResult):
        return False
    op = value.op
    if op.has_trait(ConstantLike):
        return True
    return isinstance(op, ApplyOp) and all(is_valid_symbol(v) for v in op.operands)


# --- canonicalization ----------------------------------------------------------------------------
def _promote_symbols(m: AffineMap, operands: list[Value]) -> tuple[AffineMap, list[Value]]:
    """Dims whose operand is a valid symbol become symbols after the existing ones (MLIR's
    `canonicalizePromotedSymbols`)."""
    dims, symbols = operands[: m.num_dims], operands[m.num_dims :]
    dim_replacements, new_dims = [], []
    promoted = []
    for value in dims:
        if is_valid_symbol(value):
            dim_replacements.append(AffineSymbolExpr(len(symbols) + len(promoted)))
            promoted.append(value)
        else:
            dim_replacements.append(AffineDimExpr(len(new_dims)))
            new_dims.append(value)
    if not promoted:
        return m, operands
    num_symbols = len(symbols) + len(promoted)
    keep = [AffineSymbolExpr(i) for i in range(len(symbols))]
    m = m.replace_dims_and_symbols(dim_replacements, keep, len(new_dims), num_symbols)
    return m, new_dims + symbols + promoted


def _used_positions(m: AffineMap) -> tuple[set[int], set[int]]:
    dims, symbols = set(), set()
    stack = list(m.results)
    while stack:
        e = stack.pop()
        if isinstance(e, AffineDimExpr):
            dims.add(e.position)
        elif isinstance(e, AffineSymbolExpr):
            symbols.add(e.position)
        elif isinstance(e, AffineBinaryExpr):
            stack += (e.lhs, e.rhs)
    return dims, symbols


def canonicalize_map_and_operands(
    m: AffineMap, operands: Sequence[Value]
) -> tuple[AffineMap, list[Value]]:
    """Promote symbol-valid dims, fold constant symbols in, merge repeated operands and drop
    unused ones, keeping the order of first use (MLIR's `canonicalizeMapAndOperands`)."""
    m, operands = _promote_symbols(m, list(operands))
    used_dims, used_symbols = _used_positions(m)
    kept: list[Value] = []
    dim_map, seen_dims = [], {}
    for i, value in enumerate(operands[: m.num_dims]):
        if i not in used_dims:
            dim_map.append(AffineConstantExpr(0))
            continue
        if value not in seen_dims:
            seen_dims[value] = AffineDimExpr(len(seen_dims))
            kept.append(value)
        dim_map.append(seen_dims[value])
    symbol_map, seen_symbols = [], {}
    for i, value in enumerate(operands[m.num_dims :]):
        constant = constant_int(value)
        if i not in used_symbols:
            symbol_map.append(AffineConstantExpr(0))
        elif constant is not None:
            symbol_map.append(AffineConstantExpr(constant))
        else:
            if value not in seen_symbols:
                seen_symbols[value] = AffineSymbolExpr(len(seen_symbols))
                kept.append(value)
            symbol_map.append(seen_symbols[value])
    m = m.replace_dims_and_symbols(dim_map, symbol_map, len(seen_dims), len(seen_symbols))
    return m, kept


def fold_attributes_into_map(
    m: AffineMap, operands: Sequence[int | Value]
) -> tuple[AffineMap, list[Value]]:
    """Constant operands become constants of the map; the values stay operands, dims as
    dims and symbols as symbols (MLIR's `foldAttributesIntoMap`)."""
    dim_map, symbol_map, values = [], [], []
    num_dims = 0
    for i, operand in enumerate(operands):
        is_dim = i < m.num_dims
        target = dim_map if is_dim else symbol_map
        if isinstance(operand, int):
            target.append(AffineConstantExpr(operand))
            continue
        if is_dim:
            target.append(AffineDimExpr(num_dims))
            num_dims += 1
        else:
            target.append(AffineSymbolExpr(len(values) - num_dims))
        values.append(operand)
    num_symbols = len(values) - num_dims
    return m.replace_dims_and_symbols(dim_map, symbol_map, num_dims, num_symbols), values


# --- composition ---------------------------------------------------------------------------------
def _shift(expr: AffineExpr, dims: int, symbols: int, m: AffineMap) -> AffineExpr:
    return expr.replace_dims_and_symbols(
        [AffineDimExpr(dims + i) for i in range(m.num_dims)],
        [AffineSymbolExpr(symbols + i) for i in range(m.num_symbols)],
    )


def compose_affine_map_and_operands(
    m: AffineMap, operands: list[Value]
) -> tuple[AffineMap, list[Value]]:
    """Substitute every operand an `affine.apply` produces by that op's expression, its
    operands appended, until none is left (MLIR's `composeAffineMapAndOperands`); replaced
    operands stay, unused, for canonicalization to drop."""
    dims, symbols = operands[: m.num_dims], operands[m.num_dims :]
    position = 0
    while position < len(dims) + len(symbols):
        is_dim = position < len(dims)
        value = dims[position] if is_dim else symbols[position - len(dims)]
        producer = value.op if isinstance(value, OpResult) else None
        if not isinstance(producer, ApplyOp) or not _uses(m, position, len(dims)):
            position += 1
            continue
        inner, inner_operands = canonicalize_map_and_operands(
            producer.affine_map, producer.operands
        )
        replacement = _shift(inner.results[0], len(dims), len(symbols), inner)
        slot = position if is_dim else position - len(dims)
        dims += inner_operands[: inner.num_dims]
        symbols += inner_operands[inner.num_dims :]
        dim_repl = [AffineDimExpr(i) for i in range(len(dims))]
        sym_repl = [AffineSymbolExpr(i) for i in range(len(symbols))]
        (dim_repl if is_dim else sym_repl)[slot] = replacement
        m = m.replace_dims_and_symbols(dim_repl, sym_repl, len(dims), len(symbols))
        position = 0
    m, kept = canonicalize_map_and_operands(m, dims + symbols)
    return simplify_map(m), kept


def _uses(m: AffineMap, position: int, num_dims: int) -> bool:
    used_dims, used_symbols = _used_positions(m)
    return position in used_dims if position < num_dims else position - num_dims in used_symbols


def compose_multi_result_map(m: AffineMap, operands: list[Value]) -> tuple[AffineMap, list]:
    """Each result composed and canonicalized alone, then the operands of all merged (MLIR's
    `composeMultiResultAffineMap`); a one-result map is just composed."""
    if m.num_results == 1:
        return compose_affine_map_and_operands(m, operands)
    dims: list[Value] = []
    symbols: list[Value] = []
    exprs = []
    for expr in m.results:
        single, single_operands = compose_affine_map_and_operands(
            AffineMap(m.num_dims, m.num_symbols, (expr,)), list(operands)
        )
        exprs.append(_shift(single.results[0], len(dims), len(symbols), single))
        dims += single_operands[: single.num_dims]
        symbols += single_operands[single.num_dims :]
    merged = AffineMap(len(dims), len(symbols), exprs)
    merged, kept = canonicalize_map_and_operands(merged, dims + symbols)
    return simplify_map(merged), kept


# --- simplification ------------------------------------------------------------------------------
class AffineFlattener:
    """Expressions as `{leaf: coefficient}` plus a constant (MLIR's
    `SimpleAffineExprFlattener`): leaves are dims, symbols and local terms; a division or
    modulo by a positive constant is a local `floordiv`/`ceildiv` term after the common
    divisor is cancelled; a product of two non-constant operands, or a division by one, is
    a local term of the simplified operands (semi-affine)."""

    def __init__(self) -> None:
        self.locals: list[AffineExpr] = []

    def flatten(self, e: AffineExpr) -> tuple[dict, int]:
        if isinstance(e, AffineConstantExpr):
            return {}, e.value
        if isinstance(e, AffineDimExpr | AffineSymbolExpr):
            return {e: 1}, 0
        lhs, rhs = self.flatten(e.lhs), self.flatten(e.rhs)
        if e.kind is AffineExprKind.ADD:
            return _combine(lhs[0], rhs[0], 1), lhs[1] + rhs[1]
        divisor = rhs[1] if not any(rhs[0].values()) else None
        if e.kind is AffineExprKind.MUL and divisor is not None:
            return {k: v * divisor for k, v in lhs[0].items()}, lhs[1] * divisor
        if divisor is None or divisor <= 0:
            numerator, other = _rebuild(lhs, self.locals), _rebuild(rhs, self.locals)
            return {self._local(_BUILD[e.kind](numerator, other)): 1}, 0
        if e.kind is AffineExprKind.MOD:
            return self._mod(lhs, divisor)
        gcd = math.gcd(divisor, lhs[1], *lhs[0].values())
        reduced = ({k: v // gcd for k, v in lhs[0].items()}, lhs[1] // gcd)
        if divisor == gcd:
            return reduced
        numerator = _rebuild(reduced, self.locals)
        return {self._local(_BUILD[e.kind](numerator, divisor // gcd)): 1}, 0

    def _mod(self, lhs: tuple[dict, int], divisor: int) -> tuple[dict, int]:
        """`lhs - divisor * (lhs floordiv divisor)`, or 0 when `divisor` divides `lhs`."""
        if all(v % divisor == 0 for v in (lhs[1], *lhs[0].values())):
            return {}, 0
        gcd = math.gcd(divisor, lhs[1], *lhs[0].values())
        reduced = ({k: v // gcd for k, v in lhs[0].items()}, lhs[1] // gcd)
        quotient = self._local(_rebuild(reduced, self.locals).floordiv(divisor // gcd))
        return _combine(lhs[0], {quotient: -divisor}, 1), lhs[1]

    def _local(self, expr: AffineExpr) -> AffineExpr:
        if expr not in self.locals:
            self.locals.append(expr)
        return expr


_BUILD = {
    AffineExprKind.MUL: lambda a, b: a * b,
    AffineExprKind.MOD: lambda a, b: a % b,
    AffineExprKind.FLOORDIV: lambda a, b: a.floordiv(b),
    AffineExprKind.CEILDIV: lambda a, b: a.ceildiv(b),
}


def _combine(a: dict, b: dict, factor: int) -> dict:
    coefficients = dict(a)
    for key, value in b.items():
        coefficients[key] = coefficients.get(key, 0) + factor * value
    return coefficients


def _rebuild(flat: tuple[dict, int], locals_: list[AffineExpr]) -> AffineExpr:
    """The expression of a flat form: dims, then symbols, then local terms, each times its
    coefficient, then the constant (MLIR's `getAffineExprFromFlatForm`)."""
    coefficients, constant = flat

    def order(leaf: AffineExpr) -> tuple[int, int]:
        if isinstance(leaf, AffineDimExpr):
            return 0, leaf.position
        if isinstance(leaf, AffineSymbolExpr):
            return 1, leaf.position
        return 2, locals_.index(leaf)

    expr: AffineExpr = AffineConstantExpr(0)
    for leaf in sorted(coefficients, key=order):
        if coefficients[leaf]:
            expr = expr + leaf * coefficients[leaf]
    return expr + constant if constant else expr


def is_pure_affine(e: AffineExpr) -> bool:
    """No product of two non-constants, no division or modulo by a non-constant (MLIR's
    `AffineExpr::isPureAffine`)."""
    if not isinstance(e, AffineBinaryExpr):
        return True
    if not (is_pure_affine(e.lhs) and is_pure_affine(e.rhs)):
        return False
    if e.kind is AffineExprKind.ADD:
        return True
    constant = isinstance(e.rhs, AffineConstantExpr)
    if e.kind is AffineExprKind.MUL:
        return constant or isinstance(e.lhs, AffineConstantExpr)
    return constant


_LEAVES = (AffineDimExpr, AffineSymbolExpr)


def _semi_affine_rebuild(flat: tuple[dict, int], locals_: list, num_dims: int, num_symbols: int):
    """A semi-affine flat form as a sum ordered by MLIR's keys (`getSemiAffineExprFromFlatForm`):
    dims, symbols and the products or quotients of a dim or symbol by a dim, symbol or
    constant sorted by (position, rank of the term); other local terms after; the constant
    last."""
    coefficients, constant = flat
    widest = max(num_dims, num_symbols)
    keyed: list[tuple[tuple[int, int], AffineExpr]] = []
    next_symbol, next_dim = widest, -1
    for j in range(num_symbols):
        leaf = AffineSymbolExpr(j)
        if coefficients.get(leaf):
            keyed.append(((j, next_symbol), leaf))
            next_symbol += 1
    leftover = []
    for local in locals_:
        if not coefficients.get(local):
            continue
        lhs, rhs = local.lhs, local.rhs
        leaf_types = (AffineDimExpr, AffineSymbolExpr)
        if not isinstance(lhs, leaf_types) or not isinstance(
            rhs, (*leaf_types, AffineConstantExpr)
        ):
            leftover.append(local)
        elif isinstance(lhs, AffineDimExpr) and isinstance(rhs, AffineConstantExpr):
            keyed.append(((lhs.position, next_dim), local))
            next_dim -= 1
        elif isinstance(lhs, AffineDimExpr):
            keyed.append(((lhs.position, rhs.position), local))
        else:
            keyed.append(((lhs.position, next_symbol), local))
            next_symbol += 1
    for j in range(num_dims):
        leaf = AffineDimExpr(j)
        if coefficients.get(leaf):
            keyed.append(((j, next_dim), leaf))
            next_dim -= 1
    expr: AffineExpr = AffineConstantExpr(0)
    for _, term in sorted(keyed, key=lambda item: item[0]):
        expr = expr + term * coefficients[term]
    for local in leftover:
        expr = expr + local * coefficients[local]
    return expr + constant if constant else expr


def simplify_expr(e: AffineExpr, num_dims: int, num_symbols: int) -> AffineExpr:
    """`e` rebuilt from its flattened form (MLIR's `simplifyAffineExpr`): a semi-affine `e`
    stays as it is when the plain rebuild gives it back, else is rebuilt in MLIR's
    semi-affine order (see the module docstring)."""
    flattener = AffineFlattener()
    flat = flattener.flatten(e)
    rebuilt = _rebuild(flat, flattener.locals)
    if is_pure_affine(e) or rebuilt == e:
        return rebuilt
    return _semi_affine_rebuild(flat, flattener.locals, num_dims, num_symbols)


def simplify_map(m: AffineMap) -> AffineMap:
    """Every result simplified (MLIR's `simplifyAffineMap`)."""
    return AffineMap(
        m.num_dims,
        m.num_symbols,
        tuple(simplify_expr(e, m.num_dims, m.num_symbols) for e in m.results),
    )


# --- builders ------------------------------------------------------------------------------------
def _make_composed_folded(rewriter, op_class, m: AffineMap, operands, location):
    """`op_class` on the composed map, folded if it can be: an `int` or a value; the op is
    built at the rewriter's insertion point only when it does not fold."""
    m, values = fold_attributes_into_map(m, operands)
    m, values = compose_multi_result_map(m, values)
    constants = [_constant_attr(v) for v in values]
    folded = op_class.fold_map(m, values, constants)
    if isinstance(folded, Value):
        return folded
    if folded is not None:
        return folded.value
    return rewriter.insert(op_class.build(m, values, loc=location)).results[0]


def _constant_attr(value: Value):
    if isinstance(value, OpResult) and value.op.has_trait(ConstantLike):
        return value.op.properties.get("value")
    return None


def make_composed_folded_affine_apply(
    rewriter, expr: AffineExpr, operands: Sequence[int | Value], location=None
) -> int | Value:
    """`affine.apply` of `expr` over symbols `operands` (`s0` .. `sN`), composed and folded
    (MLIR's `makeComposedFoldedAffineApply` with a map of symbols only)."""
    m = AffineMap(0, len(operands), (expr,))
    return _make_composed_folded(rewriter, ApplyOp, m, operands, location)


def make_composed_folded_affine_min(
    rewriter, m: AffineMap, operands: Sequence[int | Value], location=None
) -> int | Value:
    """`affine.min` of the results of `m` over `operands`, composed and folded (MLIR's
    `makeComposedFoldedAffineMin`)."""
    return _make_composed_folded(rewriter, MinOp, m, operands, location)


__all__ = [
    "AffineFlattener", "canonicalize_map_and_operands",
    "compose_affine_map_and_operands", "compose_multi_result_map", "fold_attributes_into_map",
    "is_pure_affine", "is_valid_symbol", "make_composed_folded_affine_apply",
    "make_composed_folded_affine_min", "simplify_expr", "simplify_map",
]  # fmt: skip
