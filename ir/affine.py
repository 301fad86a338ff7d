"""Affine expressions, affine maps and integer sets, as MLIR 19 builds, simplifies and prints them.

Expressions are immutable, hashable value objects with structural equality. Building one with
the Python operators (`+ - * %`, `floordiv`, `ceildiv`) applies MLIR's construction-time
simplifications (`simplifyAdd`, `simplifyMul`, `simplifyFloorDiv`, `simplifyCeilDiv`,
`simplifyMod` in MLIR's AffineExpr.cpp), so `d0 + 2 + 3` is `d0 + 5` and `2 * d0` is `d0 * 2`.
Folds compute in `int64_t` as MLIR 19 does: a constant-constant sum, product or quotient that
would overflow stays unfolded, the other folds wrap around; floordiv and ceildiv by a negative
constant fold, by zero they stay; mod folds only for a positive modulus. Printing follows
`AsmPrinter::printAffineExpr`, precedence and parenthesization included.

Deliberate differences from MLIR 19:
- Products of two non-symbolic operands (`d0 * d1`) and divisions or modulos by a
  non-symbolic right operand raise `ValueError`: MLIR's API builds them, but no parser can
  read them back.
- `x + ((x floordiv q) * q) * -1` becomes `x mod q` only when the right operand is really a
  product; MLIR 19 also rewrites `x + ((x floordiv q) * q + -1)` and the like to `x mod q`,
  which is wrong (fixed upstream in llvm-project#181613).

Walks over expressions (equality, printing, evaluation, substitution) use explicit stacks:
a long sum `d0 + d1 + ... + dN` is a left-nested tree as deep as it is long.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import attrs

from mlc.ir.attributes import Attribute, frozen

_INT64_MIN = -(1 << 63)
_INT64_MAX = (1 << 63) - 1
_UINT64_MASK = (1 << 64) - 1

_NON_AFFINE_MUL = (
    "non-affine expression: at least one of the multiply operands has to be either a constant "
    "or symbolic"
)

T = TypeVar("T")


def _wrap(value: int) -> int:
    """Two's-complement wrap-around to int64, as MLIR's folds compute in `int64_t`."""
    return ((value - _INT64_MIN) & _UINT64_MASK) + _INT64_MIN


def _fits(value: int) -> bool:
    return _INT64_MIN <= value <= _INT64_MAX


class AffineExprKind(enum.Enum):
    """The binary operators of affine expressions; the value is the printed spelling."""

    ADD = "+"
    MUL = "*"
    MOD = "mod"
    FLOORDIV = "floordiv"
    CEILDIV = "ceildiv"


ADD = AffineExprKind.ADD
MUL = AffineExprKind.MUL
MOD = AffineExprKind.MOD
FLOORDIV = AffineExprKind.FLOORDIV
CEILDIV = AffineExprKind.CEILDIV

_set = object.__setattr__  # the one way to fill the slots of an immutable expression


class AffineExpr:
    """Base of affine expressions: `d0`, `s0`, constants and the five binary operators.

    Each node caches its hash, whether it is symbolic-or-constant and its largest known
    divisor (MLIR's `isSymbolicOrConstant` and `getLargestKnownDivisor`), so the
    simplifications that consult them cost O(1) however deep the tree is.
    """

    __slots__ = ("_divisor", "_hash", "_symbolic")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, AffineExpr):
            return NotImplemented
        pending = [(self, other)]
        while pending:
            a, b = pending.pop()
            if a is b:
                continue
            if a._hash != b._hash or type(a) is not type(b):
                return False
            if isinstance(a, AffineBinaryExpr):
                if a.kind is not b.kind:
                    return False
                pending.append((a.lhs, b.lhs))
                pending.append((a.rhs, b.rhs))
            elif isinstance(a, AffineConstantExpr):
                if a.value != b.value:
                    return False
            elif a.position != b.position:
                return False
        return True

    def is_symbolic_or_constant(self) -> bool:
        """True if no dimension occurs in the expression (MLIR's `isSymbolicOrConstant`)."""
        return self._symbolic

    def __add__(self, other: AffineExpr | int) -> AffineExpr:
        rhs = _as_expr(other)
        return NotImplemented if rhs is None else _add(self, rhs)

    def __radd__(self, other: int) -> AffineExpr:
        lhs = _as_expr(other)
        return NotImplemented if lhs is None else _add(lhs, self)

    def __mul__(self, other: AffineExpr | int) -> AffineExpr:
        rhs = _as_expr(other)
        return NotImplemented if rhs is None else _mul(self, rhs)

    def __rmul__(self, other: int) -> AffineExpr:
        lhs = _as_expr(other)
        return NotImplemented if lhs is None else _mul(lhs, self)

    def __neg__(self) -> AffineExpr:
        return _mul(self, AffineConstantExpr(-1))

    def __sub__(self, other: AffineExpr | int) -> AffineExpr:
        rhs = _as_expr(other)
        return NotImplemented if rhs is None else _add(self, -rhs)

    def __rsub__(self, other: int) -> AffineExpr:
        lhs = _as_expr(other)
        return NotImplemented if lhs is None else _add(lhs, -self)

    def __mod__(self, other: AffineExpr | int) -> AffineExpr:
        rhs = _as_expr(other)
        return NotImplemented if rhs is None else _mod(self, rhs)

    def floordiv(self, other: AffineExpr | int) -> AffineExpr:
        """`self floordiv other`, simplified as MLIR's `AffineExpr::floorDiv`."""
        return _floordiv(self, _require_expr(other))

    def ceildiv(self, other: AffineExpr | int) -> AffineExpr:
        """`self ceildiv other`, simplified as MLIR's `AffineExpr::ceilDiv`."""
        return _ceildiv(self, _require_expr(other))

    def replace_dims_and_symbols(
        self, dims: Sequence[AffineExpr], symbols: Sequence[AffineExpr] = ()
    ) -> AffineExpr:
        """Substitute `dims[i]` for `di` and `symbols[j]` for `sj`, re-simplifying on the way up.

        Positions beyond the given lists are left alone, as in MLIR.
        """

        def leaf(e: AffineExpr) -> AffineExpr:
            if isinstance(e, AffineDimExpr) and e.position < len(dims):
                return dims[e.position]
            if isinstance(e, AffineSymbolExpr) and e.position < len(symbols):
                return symbols[e.position]
            return e

        def rebuild(node: AffineBinaryExpr, lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
            if lhs == node.lhs and rhs == node.rhs:
                return node
            return _BUILDERS[node.kind](lhs, rhs)

        return _fold(self, leaf, rebuild)

    def compose(self, map: AffineMap) -> AffineExpr:
        """This expression with the results of `map` substituted for its dimensions."""
        return self.replace_dims_and_symbols(map.results)

    def evaluate(self, dims: Sequence[int], symbols: Sequence[int] = ()) -> int:
        """The value for the given dimension and symbol values, in exact integers.

        floordiv rounds down, ceildiv up, and `a mod b` lies in `[0, b)`; a zero divisor
        raises `ZeroDivisionError` and a modulo by a negative number `ValueError` (MLIR
        leaves both undefined).
        """

        def leaf(e: AffineExpr) -> int:
            if isinstance(e, AffineConstantExpr):
                return e.value
            return dims[e.position] if isinstance(e, AffineDimExpr) else symbols[e.position]

        return _fold(self, leaf, lambda node, lhs, rhs: _EVALUATORS[node.kind](lhs, rhs))

    def __str__(self) -> str:
        out: list[str] = []
        _print_expr(self, out)
        return "".join(out)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self}>"


class AffineDimExpr(AffineExpr):
    """Dimension `d<position>`."""

    __slots__ = ("position",)

    def __init__(self, position: int) -> None:
        _check_position(position)
        _set(self, "position", position)
        _set(self, "_hash", hash(("d", position)))
        _set(self, "_symbolic", False)
        _set(self, "_divisor", 1)

    def __reduce__(self):
        return AffineDimExpr, (self.position,)


class AffineSymbolExpr(AffineExpr):
    """Symbol `s<position>`."""

    __slots__ = ("position",)

    def __init__(self, position: int) -> None:
        _check_position(position)
        _set(self, "position", position)
        _set(self, "_hash", hash(("s", position)))
        _set(self, "_symbolic", True)
        _set(self, "_divisor", 1)

    def __reduce__(self):
        return AffineSymbolExpr, (self.position,)


class AffineConstantExpr(AffineExpr):
    """An int64 constant."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        if not _fits(value):
            raise ValueError(f"affine constant {value} does not fit in 64 bits")
        _set(self, "value", value)
        _set(self, "_hash", hash(("c", value)))
        _set(self, "_symbolic", True)
        _set(self, "_divisor", _wrap(abs(value)))

    def __reduce__(self):
        return AffineConstantExpr, (self.value,)


class AffineBinaryExpr(AffineExpr):
    """`lhs <kind> rhs`.

    The constructor builds the node verbatim; build expressions with the operators, which
    simplify as MLIR does (MLIR offers no way to build an unsimplified node).
    """

    __slots__ = ("kind", "lhs", "rhs")

    def __init__(self, kind: AffineExprKind, lhs: AffineExpr, rhs: AffineExpr) -> None:
        _set(self, "kind", kind)
        _set(self, "lhs", lhs)
        _set(self, "rhs", rhs)
        _set(self, "_hash", hash((kind, lhs._hash, rhs._hash)))
        _set(self, "_symbolic", lhs._symbolic and rhs._symbolic)
        _set(self, "_divisor", _largest_known_divisor(kind, lhs, rhs))

    def __reduce__(self):
        return AffineBinaryExpr, (self.kind, self.lhs, self.rhs)


def _check_position(position: int) -> None:
    if position < 0:
        raise ValueError(f"dimension and symbol positions are non-negative, got {position}")


def _largest_known_divisor(kind: AffineExprKind, lhs: AffineExpr, rhs: AffineExpr) -> int:
    """MLIR's `getLargestKnownDivisor` for a new node, from its children's cached values."""
    if kind is MUL:
        return _wrap(lhs._divisor * rhs._divisor)
    if kind is ADD or kind is MOD:  # std::gcd on the uint64_t bit patterns
        return _wrap(math.gcd(lhs._divisor & _UINT64_MASK, rhs._divisor & _UINT64_MASK))
    divisor = rhs.value if isinstance(rhs, AffineConstantExpr) else 0
    if divisor != 0 and lhs._divisor % divisor == 0:
        quotient = abs(lhs._divisor) // abs(divisor)  # exact; C++ truncating division
        return _wrap(quotient if (lhs._divisor < 0) == (divisor < 0) else -quotient)
    return 1


def _as_expr(value: object) -> AffineExpr | None:
    if isinstance(value, AffineExpr):
        return value
    if isinstance(value, int):
        return AffineConstantExpr(value)
    return None


def _require_expr(value: object) -> AffineExpr:
    expr = _as_expr(value)
    if expr is None:
        raise TypeError(f"expected an AffineExpr or int, got {type(value).__name__}")
    return expr


def _const(expr: AffineExpr) -> int | None:
    return expr.value if isinstance(expr, AffineConstantExpr) else None


def _binary_of(expr: AffineExpr, kind: AffineExprKind) -> AffineBinaryExpr | None:
    return expr if isinstance(expr, AffineBinaryExpr) and expr.kind is kind else None


# --- Construction-time simplification (MLIR's AffineExpr.cpp) ------------------------------


def _add(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
    simplified = _simplify_add(lhs, rhs)
    return simplified if simplified is not None else AffineBinaryExpr(ADD, lhs, rhs)


def _mul(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
    if not lhs._symbolic and not rhs._symbolic:
        raise ValueError(_NON_AFFINE_MUL)
    simplified = _simplify_mul(lhs, rhs)
    return simplified if simplified is not None else AffineBinaryExpr(MUL, lhs, rhs)


def _floordiv(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
    _check_divisor(rhs, FLOORDIV)
    simplified = _simplify_floordiv(lhs, rhs)
    return simplified if simplified is not None else AffineBinaryExpr(FLOORDIV, lhs, rhs)


def _ceildiv(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
    _check_divisor(rhs, CEILDIV)
    simplified = _simplify_ceildiv(lhs, rhs)
    return simplified if simplified is not None else AffineBinaryExpr(CEILDIV, lhs, rhs)


def _mod(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr:
    _check_divisor(rhs, MOD)
    simplified = _simplify_mod(lhs, rhs)
    return simplified if simplified is not None else AffineBinaryExpr(MOD, lhs, rhs)


def _check_divisor(rhs: AffineExpr, kind: AffineExprKind) -> None:
    if not rhs._symbolic:
        raise ValueError(
            f"non-affine expression: right operand of {kind.value} has to be either a constant "
            "or symbolic"
        )


_BUILDERS: dict[AffineExprKind, Callable[[AffineExpr, AffineExpr], AffineExpr]] = {
    ADD: _add,
    MUL: _mul,
    FLOORDIV: _floordiv,
    CEILDIV: _ceildiv,
    MOD: _mod,
}


def _coefficient_split(expr: AffineExpr) -> tuple[AffineExpr, int]:
    """`(e, c)` for `e * c` with a constant `c`, else `(expr, 1)`."""
    product = _binary_of(expr, MUL)
    if product is not None and isinstance(product.rhs, AffineConstantExpr):
        return product.lhs, product.rhs.value
    return expr, 1


def _simplify_add(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    """MLIR's `simplifyAdd`: None when `lhs + rhs` stays as built."""
    lhs_const, rhs_const = _const(lhs), _const(rhs)
    if lhs_const is not None and rhs_const is not None:
        total = lhs_const + rhs_const
        return AffineConstantExpr(total) if _fits(total) else None
    # Constants, then symbolic terms, go to the right: 4 + d0 -> d0 + 4.
    if lhs_const is not None or (lhs._symbolic and not rhs._symbolic):
        return _add(rhs, lhs)
    if rhs_const == 0:
        return lhs
    lhs_sum = _binary_of(lhs, ADD)
    lhs_sum_const = _const(lhs_sum.rhs) if lhs_sum is not None else None
    # (d0 + 2) + 3 -> d0 + 5
    if lhs_sum_const is not None and rhs_const is not None:
        return _add(lhs_sum.lhs, AffineConstantExpr(_wrap(lhs_sum_const + rhs_const)))
    # c1 * e + c2 * e -> (c1 + c2) * e
    first, first_coeff = _coefficient_split(lhs)
    second, second_coeff = _coefficient_split(rhs)
    if first == second:
        return _mul(first, AffineConstantExpr(_wrap(first_coeff + second_coeff)))
    # (d0 + 2) + d1 -> (d0 + d1) + 2
    if lhs_sum_const is not None:
        return _add(_add(lhs_sum.lhs, rhs), lhs_sum.rhs)
    return _fold_into_mod(lhs, rhs)


def _fold_into_mod(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    """`e + ((e floordiv q) * q) * -1` and `e + (e floordiv q) * -q` -> `e mod q`."""
    product = _binary_of(rhs, MUL)
    if product is None:  # MLIR 19 skips this check for the first form: see the module doc
        return None
    factor = product.lhs
    if _const(product.rhs) == -1:
        inner = _binary_of(factor, MUL)
        if inner is not None:
            quotient = _binary_of(inner.lhs, FLOORDIV)
            if quotient is None:
                return None
            if quotient.rhs == inner.rhs and quotient.lhs == lhs:
                return _mod(lhs, inner.rhs)
    quotient = _binary_of(factor, FLOORDIV)
    if quotient is None:
        return None
    if quotient.lhs == lhs and quotient.rhs == -product.rhs:
        return _mod(lhs, quotient.rhs)
    return None


def _simplify_mul(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    """MLIR's `simplifyMul`: None when `lhs * rhs` stays as built."""
    lhs_const, rhs_const = _const(lhs), _const(rhs)
    if lhs_const is not None and rhs_const is not None:
        product = lhs_const * rhs_const
        return AffineConstantExpr(product) if _fits(product) else None
    # The constant, else the symbolic operand, goes to the right.
    if not rhs._symbolic or lhs_const is not None:
        return _mul(rhs, lhs)
    if rhs_const == 1:
        return lhs
    if rhs_const == 0:
        return rhs
    lhs_product = _binary_of(lhs, MUL)
    lhs_product_const = _const(lhs_product.rhs) if lhs_product is not None else None
    if lhs_product_const is None:
        return None
    # (d0 * 2) * 3 -> d0 * 6
    if rhs_const is not None:
        return _mul(lhs_product.lhs, AffineConstantExpr(_wrap(lhs_product_const * rhs_const)))
    # (d0 * 2) * s0 -> (d0 * s0) * 2
    return _mul(_mul(lhs_product.lhs, rhs), lhs_product.rhs)


def _simplify_floordiv(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    """MLIR's `simplifyFloorDiv`; a division by zero stays as written."""
    return _simplify_division(lhs, rhs, lambda a, b: a // b, split_sums=True)


def _simplify_ceildiv(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    """MLIR's `simplifyCeilDiv`; a division by zero stays as written."""
    return _simplify_division(lhs, rhs, lambda a, b: -(-a // b), split_sums=False)


def _simplify_division(
    lhs: AffineExpr, rhs: AffineExpr, divide: Callable[[int, int], int], split_sums: bool
) -> AffineExpr | None:
    """The rules floordiv and ceildiv share; negative constant divisors are folded too."""
    divisor = _const(rhs)
    if not divisor:
        return None
    lhs_const = _const(lhs)
    if lhs_const is not None:
        quotient = divide(lhs_const, divisor)
        return AffineConstantExpr(quotient) if _fits(quotient) else None
    if divisor == 1:
        return lhs
    product = _binary_of(lhs, MUL)
    factor = _const(product.rhs) if product is not None else None
    if factor is not None and factor % divisor == 0:  # (e * 128) floordiv 64 -> e * 2
        return _mul(product.lhs, AffineConstantExpr(_wrap(factor // divisor)))
    # (e1 + e2) floordiv c, one of them a multiple of c: divide each
    total = _binary_of(lhs, ADD)
    if (
        split_sums
        and total is not None
        and (total.lhs._divisor % divisor == 0 or total.rhs._divisor % divisor == 0)
    ):
        return _add(_floordiv(total.lhs, rhs), _floordiv(total.rhs, rhs))
    return None


def _simplify_mod(lhs: AffineExpr, rhs: AffineExpr) -> AffineExpr | None:
    """MLIR's `simplifyMod`; modulo by a non-positive constant stays as written."""
    divisor = _const(rhs)
    if divisor is None or divisor < 1:
        return None
    lhs_const = _const(lhs)
    if lhs_const is not None:
        return AffineConstantExpr(lhs_const % divisor)
    # (i * 128) mod 64 -> 0
    if lhs._divisor % divisor == 0:
        return AffineConstantExpr(0)
    total = _binary_of(lhs, ADD)
    if total is not None:
        if total.lhs._divisor % divisor == 0:
            return _mod(total.rhs, rhs)
        if total.rhs._divisor % divisor == 0:
            return _mod(total.lhs, rhs)
    # (e mod a) mod b -> e mod b when b divides a
    inner = _binary_of(lhs, MOD)
    if inner is not None:
        inner_divisor = _const(inner.rhs)
        if inner_divisor is not None and inner_divisor >= 1 and inner_divisor % divisor == 0:
            return _mod(inner.lhs, rhs)
    return None


# --- Walks ---------------------------------------------------------------------------------


def _fold(
    expr: AffineExpr,
    leaf: Callable[[AffineExpr], T],
    combine: Callable[[AffineBinaryExpr, T, T], T],
) -> T:
    """Bottom-up fold of `expr` over an explicit stack."""
    todo: list[tuple[AffineExpr, bool]] = [(expr, False)]
    values: list[T] = []
    while todo:
        node, children_done = todo.pop()
        if not isinstance(node, AffineBinaryExpr):
            values.append(leaf(node))
        elif children_done:
            rhs = values.pop()
            lhs = values.pop()
            values.append(combine(node, lhs, rhs))
        else:
            todo.append((node, True))
            todo.append((node.rhs, False))
            todo.append((node.lhs, False))
    return values[0]


def _nodes(expr: AffineExpr) -> Iterator[AffineExpr]:
    """Every node of `expr`, parents before children."""
    todo = [expr]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, AffineBinaryExpr):
            todo.append(node.rhs)
            todo.append(node.lhs)


def _mod_nonnegative(lhs: int, rhs: int) -> int:
    if rhs < 1:
        raise ValueError(f"{lhs} mod {rhs} is undefined: the modulus must be positive")
    return lhs % rhs


_EVALUATORS: dict[AffineExprKind, Callable[[int, int], int]] = {
    ADD: lambda a, b: a + b,
    MUL: lambda a, b: a * b,
    FLOORDIV: lambda a, b: a // b,
    CEILDIV: lambda a, b: -(-a // b),
    MOD: _mod_nonnegative,
}


# --- Printing (MLIR's AsmPrinter::Impl::printAffineExprInternal) ---------------------------


def _print_expr(expr: AffineExpr, out: list[str]) -> None:
    """Append MLIR's text for `expr` to `out`.

    A work stack of strings and `(expr, strong)` pairs replaces the printer's recursion;
    `strong` is MLIR's `BindingStrength::Strong`: the enclosing operator binds tighter than
    `+`, so a binary operand gets parentheses.
    """
    todo: list[str | tuple[AffineExpr, bool]] = [(expr, False)]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, strong = item
        if isinstance(node, AffineDimExpr):
            out.append(f"d{node.position}")
            continue
        if isinstance(node, AffineSymbolExpr):
            out.append(f"s{node.position}")
            continue
        if isinstance(node, AffineConstantExpr):
            out.append(str(node.value))
            continue
        parts = _binary_parts(node)
        if strong:
            parts = ["(", *parts, ")"]
        todo.extend(reversed(parts))


def _binary_parts(node: AffineBinaryExpr) -> list[str | tuple[AffineExpr, bool]]:
    """The pieces MLIR prints for a binary node, without its own parentheses."""
    lhs, rhs, kind = node.lhs, node.rhs, node.kind
    if kind is not ADD:
        if kind is MUL and _const(rhs) == -1:
            return ["-", (lhs, True)]
        return [(lhs, True), f" {kind.value} ", (rhs, True)]
    # Sums with a negated or negative right operand print as subtractions.
    product = _binary_of(rhs, MUL)
    factor = _const(product.rhs) if product is not None else None
    if factor == -1:
        return [(lhs, False), " - ", (product.lhs, _binary_of(product.lhs, ADD) is not None)]
    if factor is not None and factor < -1:
        return [(lhs, False), " - ", (product.lhs, True), f" * {_wrap(-factor)}"]
    rhs_const = _const(rhs)
    if rhs_const is not None and rhs_const < 0:
        return [(lhs, False), f" - {_wrap(-rhs_const)}"]
    return [(lhs, False), " + ", (rhs, False)]


# --- Maps and sets -------------------------------------------------------------------------


def _check_positions(exprs: Sequence[AffineExpr], num_dims: int, num_symbols: int) -> None:
    for expr in exprs:
        if not isinstance(expr, AffineExpr):
            raise TypeError(f"expected an AffineExpr, got {type(expr).__name__}")
        for node in _nodes(expr):
            if isinstance(node, AffineDimExpr) and node.position >= num_dims:
                raise ValueError(f"d{node.position} used with only {num_dims} dimensions")
            if isinstance(node, AffineSymbolExpr) and node.position >= num_symbols:
                raise ValueError(f"s{node.position} used with only {num_symbols} symbols")


def _print_ids(num_dims: int, num_symbols: int) -> str:
    text = "(" + ", ".join(f"d{i}" for i in range(num_dims)) + ")"
    if num_symbols:
        text += "[" + ", ".join(f"s{i}" for i in range(num_symbols)) + "]"
    return text


@frozen
class AffineMap:
    """`(d0, ..., dn)[s0, ..., sm] -> (results)`: a function of dims and symbols to results."""

    num_dims: int
    num_symbols: int
    results: tuple[AffineExpr, ...] = attrs.field(converter=tuple)

    def __attrs_post_init__(self) -> None:
        _check_positions(self.results, self.num_dims, self.num_symbols)

    @staticmethod
    def identity(num_dims: int) -> AffineMap:
        """`(d0, ..., dn) -> (d0, ..., dn)` (MLIR's `getMultiDimIdentityMap`)."""
        return AffineMap(num_dims, 0, tuple(AffineDimExpr(i) for i in range(num_dims)))

    @staticmethod
    def constant(value: int) -> AffineMap:
        """`() -> (value)` (MLIR's `getConstantMap`)."""
        return AffineMap(0, 0, (AffineConstantExpr(value),))

    @property
    def num_results(self) -> int:
        return len(self.results)

    def is_identity(self) -> bool:
        """True if result `i` is `di` for every dimension (symbols may exist, as in MLIR)."""
        if self.num_dims != len(self.results):
            return False
        return all(
            isinstance(e, AffineDimExpr) and e.position == i for i, e in enumerate(self.results)
        )

    def is_permutation(self) -> bool:
        """True if the results are the dimensions, each once, in some order, and no symbols."""
        if self.num_symbols or self.num_dims != len(self.results):
            return False
        positions = {e.position for e in self.results if isinstance(e, AffineDimExpr)}
        return len(positions) == self.num_dims

    def replace_dims_and_symbols(
        self,
        dims: Sequence[AffineExpr],
        symbols: Sequence[AffineExpr],
        num_dims: int,
        num_symbols: int,
    ) -> AffineMap:
        """Substitute in every result; the new map has `num_dims` dims and `num_symbols` symbols."""
        results = tuple(e.replace_dims_and_symbols(dims, symbols) for e in self.results)
        return AffineMap(num_dims, num_symbols, results)

    def compose(self, other: AffineMap) -> AffineMap:
        """`self ∘ other` (MLIR's `AffineMap::compose`): `other`'s results feed `self`'s dims.

        The result takes `other`'s dims and the symbols of both maps, `self`'s first.
        """
        if self.num_dims != other.num_results:
            raise ValueError(
                f"cannot compose a map of {self.num_dims} dims "
                f"with a map of {other.num_results} results"
            )
        num_symbols = self.num_symbols + other.num_symbols
        shifted_symbols = [AffineSymbolExpr(self.num_symbols + i) for i in range(other.num_symbols)]
        inner = other.replace_dims_and_symbols(
            [AffineDimExpr(i) for i in range(other.num_dims)],
            shifted_symbols,
            other.num_dims,
            num_symbols,
        )
        results = tuple(e.replace_dims_and_symbols(inner.results) for e in self.results)
        return AffineMap(other.num_dims, num_symbols, results)

    def evaluate(self, dims: Sequence[int], symbols: Sequence[int] = ()) -> tuple[int, ...]:
        """The results for constant dims and symbols (see `AffineExpr.evaluate`)."""
        if len(dims) != self.num_dims or len(symbols) != self.num_symbols:
            raise ValueError(
                f"map takes {self.num_dims} dims and {self.num_symbols} symbols, "
                f"got {len(dims)} and {len(symbols)}"
            )
        return tuple(e.evaluate(dims, symbols) for e in self.results)

    def __str__(self) -> str:
        return (
            _print_ids(self.num_dims, self.num_symbols)
            + " -> ("
            + ", ".join(map(str, self.results))
            + ")"
        )

    def __repr__(self) -> str:
        return f"AffineMap({self})"


@frozen
class IntegerSet:
    """`(dims)[symbols] : (c0 >= 0, c1 == 0, ...)`: the integer points satisfying all constraints.

    `eq_flags[i]` says whether constraint `i` is an equality (`== 0`) or an inequality (`>= 0`).
    """

    num_dims: int
    num_symbols: int
    constraints: tuple[AffineExpr, ...] = attrs.field(converter=tuple)
    eq_flags: tuple[bool, ...] = attrs.field(converter=tuple)

    def __attrs_post_init__(self) -> None:
        if len(self.constraints) != len(self.eq_flags):
            raise ValueError(
                f"{len(self.constraints)} constraints but {len(self.eq_flags)} eq flags"
            )
        _check_positions(self.constraints, self.num_dims, self.num_symbols)

    def __str__(self) -> str:
        constraints = ", ".join(
            f"{c} {'==' if eq else '>='} 0"
            for c, eq in zip(self.constraints, self.eq_flags, strict=True)
        )
        return f"{_print_ids(self.num_dims, self.num_symbols)} : ({constraints})"

    def __repr__(self) -> str:
        return f"IntegerSet({self})"


@frozen
class AffineMapAttr(Attribute):
    """`affine_map<...>`: an affine map as an attribute (memref layouts, affine op maps)."""

    value: AffineMap
    alias_prefix = "map"  # printed through `#map` aliases, as MLIR does

    def print_to(self, p) -> None:
        p.write(f"affine_map<{self.value}>")

    def __repr__(self) -> str:
        return f"AffineMapAttr({self.value})"


@frozen
class IntegerSetAttr(Attribute):
    """`affine_set<...>`: an integer set as an attribute (`affine.if` conditions)."""

    value: IntegerSet
    alias_prefix = "set"  # printed through `#set` aliases, as MLIR does

    def print_to(self, p) -> None:
        p.write(f"affine_set<{self.value}>")

    def __repr__(self) -> str:
        return f"IntegerSetAttr({self.value})"
