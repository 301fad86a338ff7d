"""Parser for affine maps and integer sets, after MLIR's AffineParser.cpp.

The input is what stands between `affine_map<` (or `affine_set<`) and the matching `>`:
`(d0, d1)[s0] -> (d0 + s0 * 2, d1 floordiv 3)` or `(i)[N] : (N - i - 1 >= 0)`. Dimension and
symbol names are any bare identifiers (keywords included, as in MLIR) and print back as
`d0`/`s0`. Expressions are built with the operators of `mlc.ir.affine`, so they are simplified
exactly as MLIR's parser simplifies them, and errors carry MLIR's messages.

Hot path: a lazy tokenizer over one compiled regex, and precedence climbing over an explicit
stack, so parenthesis nesting costs no Python recursion; nesting deeper than `MAX_NESTING`
is a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from mlc.ir.affine import (
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymbolExpr,
    IntegerSet,
)

MAX_NESTING = 256
_INT64_MAX = (1 << 63) - 1

_TOKEN_RE = re.compile(
    r"(?:[ \t\r\n]+|//[^\n]*)*"
    r"(?:(?P<id>[A-Za-z_][A-Za-z0-9_$.]*)"
    r"|(?P<float>[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<int>0x[0-9A-Fa-f]+|[0-9]+)"
    r"|(?P<punct>->|[-+*()\[\],:<>=])"
    r"|(?P<eof>\Z)"
    r"|(?P<error>.))",
    re.DOTALL,
)

_HIGH_PRECEDENCE_KEYWORDS = frozenset(("floordiv", "ceildiv", "mod"))

T = TypeVar("T")


class AffineSyntaxError(Exception):
    """Bad affine map or integer set text; `offset` indexes the text given to the parser."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _Level:
    """One parenthesis level of an expression being parsed.

    `sum` waits for the term after `sum_op` (`+` or `-`), `term` for the operand after the
    high-precedence `term_op`, and `negations` counts the `-` before the next operand.
    """

    __slots__ = ("negations", "sum", "sum_op", "term", "term_op", "term_op_pos")

    def __init__(self) -> None:
        self.sum: AffineExpr | None = None
        self.sum_op: str | None = None
        self.term: AffineExpr | None = None
        self.term_op: str | None = None
        self.term_op_pos = 0
        self.negations = 0


class _Parser:
    """A cursor over the tokens of one map or set; `kind`, `text`, `pos` describe the current token.

    The kind of a punctuation token is its text; the others are `id`, `int`, `float`, `eof`.
    """

    __slots__ = ("_names", "_source", "_tokens", "kind", "pos", "text")

    def __init__(self, text: str) -> None:
        self._source = text
        self._tokens = _TOKEN_RE.finditer(text)
        self._names: dict[str, AffineExpr] = {}
        self._advance()

    def _advance(self) -> None:
        match = next(self._tokens, None)
        if match is None:  # finditer stops after matching \Z once
            self.kind, self.text, self.pos = "eof", "", len(self._source)
            return
        kind = match.lastgroup
        self.text = match.group(kind)
        self.pos = match.start(kind)
        if kind == "error":
            raise AffineSyntaxError("unexpected character", self.pos)
        self.kind = self.text if kind == "punct" else kind

    def _error(self, message: str) -> AffineSyntaxError:
        return AffineSyntaxError(message, self.pos)

    def wrong_token_error(self, message: str) -> AffineSyntaxError:
        """MLIR's `emitWrongTokenError`: the error sits at the end of the previous token (past
        blank lines and `//` comments), where the expected token was likely meant to be."""
        before = self._source[: self.pos]
        while True:
            before = before.rstrip(" \t")
            if not before or before[-1] not in "\r\n":
                return AffineSyntaxError(message, len(before))
            before = before[:-1]
            line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
            comment = before.find("//", line_start)
            if comment != -1:
                before = before[:comment]

    def _consume(self, kind: str) -> bool:
        if self.kind != kind:
            return False
        self._advance()
        return True

    def _expect(self, kind: str, message: str) -> None:
        if not self._consume(kind):
            raise self.wrong_token_error(message)

    def _comma_list(self, open: str, close: str, element: Callable[[], T], context: str) -> list[T]:
        """MLIR's `parseCommaSeparatedList`: `open`, `,`-separated items, `close`; may be empty."""
        self._expect(open, f"expected '{open}'{context}")
        items: list[T] = []
        if self._consume(close):
            return items
        items.append(element())
        while self._consume(","):
            items.append(element())
        self._expect(close, f"expected '{close}'{context}")
        return items

    def map_or_set(self) -> AffineMap | IntegerSet:
        num_dims = self._declare("(", ")", " in dimensional identifier list", AffineDimExpr)
        num_symbols = 0
        if self.kind == "[":
            num_symbols = self._declare("[", "]", " in symbol list", AffineSymbolExpr)
        if self._consume("->"):
            results = self._comma_list("(", ")", self._expr, " in affine map range")
            return AffineMap(num_dims, num_symbols, results)
        self._expect(":", "expected '->' or ':'")
        constraints = self._comma_list(
            "(", ")", self._constraint, " in integer set constraint list"
        )
        if not constraints:  # `()` is the universe, as MLIR spells it: 0 == 0
            return IntegerSet(num_dims, num_symbols, (AffineConstantExpr(0),), (True,))
        exprs, eq_flags = zip(*constraints, strict=True)
        return IntegerSet(num_dims, num_symbols, exprs, eq_flags)

    def _declare(
        self, open: str, close: str, context: str, make: Callable[[int], AffineExpr]
    ) -> int:
        """Parse a dimension or symbol list, binding each name to the next position."""
        count = 0

        def define() -> None:
            nonlocal count
            if self.kind != "id":
                raise self.wrong_token_error("expected bare identifier")
            if self.text in self._names:
                raise self._error(f"redefinition of identifier '{self.text}'")
            self._names[self.text] = make(count)
            count += 1
            self._advance()

        self._comma_list(open, close, define, context)
        return count

    def _constraint(self) -> tuple[AffineExpr, bool]:
        """`a >= b`, `a <= b` or `a == b`, normalized to `e >= 0` / `e == 0` as MLIR does.

        `>`, `<` and `=` are separate tokens, so `a > = b` is accepted, as by MLIR.
        """
        lhs = self._expr()
        if self._consume(">") and self._consume("="):
            return lhs - self._expr(), False
        if self._consume("<") and self._consume("="):
            return self._expr() - lhs, False
        if self._consume("=") and self._consume("="):
            return lhs - self._expr(), True
        raise self._error(
            "expected '== affine-expr' or '>= affine-expr' at end of affine constraint"
        )

    def _is_high_precedence_op(self) -> bool:
        return self.kind == "*" or (self.kind == "id" and self.text in _HIGH_PRECEDENCE_KEYWORDS)

    def _expr(self) -> AffineExpr:
        """An affine expression: `+ -` below `* floordiv ceildiv mod`, all left-associative,
        and prefix `-` binding tighter than any binary operator (MLIR's `parseAffineExpr`)."""
        enclosing: list[_Level] = []
        level = _Level()
        while True:
            while self.kind == "-":
                level.negations += 1
                self._advance()
            if self.kind == "(":
                if len(enclosing) >= MAX_NESTING:
                    raise self._error(
                        f"affine expression nested more than {MAX_NESTING} levels deep"
                    )
                self._advance()
                if self.kind == ")":
                    raise self._error("no expression inside parentheses")
                enclosing.append(level)
                level = _Level()
                continue
            value = self._atom(has_lhs=level.sum_op is not None or level.term_op is not None)
            # Fold the operand into every level it completes, up to the next binary operator.
            while True:
                for _ in range(level.negations):
                    value = -value
                level.negations = 0
                if level.term_op is not None:
                    # MLIR reports a non-affine operand at the operator that follows it, if any.
                    pos = self.pos if self._is_high_precedence_op() else level.term_op_pos
                    value = _apply_high_precedence(level.term_op, level.term, value, pos)
                    level.term_op = None
                if self._is_high_precedence_op():
                    level.term, level.term_op, level.term_op_pos = value, self.text, self.pos
                    self._advance()
                    break
                if level.sum_op is not None:
                    value = level.sum + value if level.sum_op == "+" else level.sum - value
                    level.sum_op = None
                if self.kind == "+" or self.kind == "-":
                    level.sum, level.sum_op = value, self.kind
                    self._advance()
                    break
                if not enclosing:
                    return value
                self._expect(")", "expected ')'")
                level = enclosing.pop()

    def _atom(self, has_lhs: bool) -> AffineExpr:
        """An integer literal or a declared name (MLIR's `parseAffineOperandExpr` leaves)."""
        if self.kind == "int":
            value = int(self.text, 16) if self.text.startswith("0x") else int(self.text)
            if value > _INT64_MAX:
                raise self._error("constant too large for index")
            self._advance()
            return AffineConstantExpr(value)
        if self.kind == "id":
            if self.text == "symbol":  # MLIR's `symbol(%ssa)`, only valid where SSA ids are
                self._advance()
                self._expect("(", "expected '(' at start of SSA symbol")
                raise self.wrong_token_error("unexpected ssa identifier")
            expr = self._names.get(self.text)
            if expr is None:
                raise self.wrong_token_error("use of undeclared identifier")
            self._advance()
            return expr
        if has_lhs:
            raise self._error("missing right operand of binary operator")
        if self.kind == "+" or self.kind == "*":
            raise self._error("missing left operand of binary operator")
        raise self._error("expected affine expression")


def _apply_high_precedence(op: str, lhs: AffineExpr, rhs: AffineExpr, pos: int) -> AffineExpr:
    """`lhs op rhs` for `* floordiv ceildiv mod`, rejecting what is not (semi-)affine."""
    if op == "*":
        if not lhs.is_symbolic_or_constant() and not rhs.is_symbolic_or_constant():
            raise AffineSyntaxError(
                "non-affine expression: at least one of the multiply operands has to be either a "
                "constant or symbolic",
                pos,
            )
        return lhs * rhs
    if not rhs.is_symbolic_or_constant():
        raise AffineSyntaxError(
            f"non-affine expression: right operand of {op} has to be either a constant or symbolic",
            pos,
        )
    if op == "floordiv":
        return lhs.floordiv(rhs)
    if op == "ceildiv":
        return lhs.ceildiv(rhs)
    return lhs % rhs


def parse_affine_map_or_set(text: str) -> AffineMap | IntegerSet:
    """Parse `(dims)[symbols] -> (exprs)` to an `AffineMap` or `(dims)[symbols] : (constraints)`
    to an `IntegerSet`; raise `AffineSyntaxError` on bad input."""
    parser = _Parser(text)
    try:
        result = parser.map_or_set()
    except RecursionError:  # simplifying a very long sum recurses, as in MLIR
        raise AffineSyntaxError("affine expression too complex", parser.pos) from None
    if parser.kind != "eof":
        what = "affine map" if isinstance(result, AffineMap) else "integer set"
        raise parser.wrong_token_error(f"expected '>' in {what}")
    return result


def parse_affine_map(text: str) -> AffineMap:
    """Parse the text of an affine map (see `parse_affine_map_or_set`)."""
    result = parse_affine_map_or_set(text)
    if not isinstance(result, AffineMap):
        raise AffineSyntaxError("expected AffineMap, but got IntegerSet", 0)
    return result


def parse_integer_set(text: str) -> IntegerSet:
    """Parse the text of an integer set (see `parse_affine_map_or_set`)."""
    result = parse_affine_map_or_set(text)
    if not isinstance(result, IntegerSet):
        raise AffineSyntaxError("expected IntegerSet, but got AffineMap", 0)
    return result
