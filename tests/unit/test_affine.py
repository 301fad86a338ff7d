"""Affine expressions, maps and integer sets: built, simplified, printed and parsed as by MLIR 19.

The expected texts are what mlir-opt 19 prints for the same input; the interop test at the
end checks generated maps and sets against mlir-opt itself when it is installed.
"""

from __future__ import annotations

import functools
import pickle
import re
import subprocess

import pytest
from external_tools import find_mlir_opt
from hypothesis import given
from hypothesis import strategies as st

from mlc.ir.affine import (
    AffineBinaryExpr,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineExprKind,
    AffineMap,
    AffineMapAttr,
    AffineSymbolExpr,
    IntegerSet,
    IntegerSetAttr,
)
from mlc.ir.syntax.affine_parser import (
    MAX_NESTING,
    AffineSyntaxError,
    parse_affine_map,
    parse_affine_map_or_set,
    parse_integer_set,
)

d0, d1, d2 = AffineDimExpr(0), AffineDimExpr(1), AffineDimExpr(2)
s0, s1 = AffineSymbolExpr(0), AffineSymbolExpr(1)
INT64_MAX = (1 << 63) - 1


def expr_text(text: str) -> str:
    """Parse one expression over d0..d2 and s0..s1 and print it back."""
    return str(parse_affine_map(f"(d0, d1, d2)[s0, s1] -> ({text})").results[0])


# --- Construction-time simplification --------------------------------------------------------


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda: d0 + 0, "d0"),
        (lambda: 0 + d0, "d0"),
        (lambda: 3 + d0, "d0 + 3"),
        (lambda: s0 + d0, "d0 + s0"),
        (lambda: d0 + 2 + 3, "d0 + 5"),
        (lambda: (d0 + 2) + d1, "d0 + d1 + 2"),
        (lambda: d0 + d0, "d0 * 2"),
        (lambda: d0 * 2 + d0 * 3, "d0 * 5"),
        (lambda: d0 - d0, "0"),
        (lambda: d0 * 1, "d0"),
        (lambda: d0 * 0, "0"),
        (lambda: 2 * d0, "d0 * 2"),
        (lambda: d0 * 2 * 3, "d0 * 6"),
        (lambda: (d0 * 2) * s0, "(d0 * s0) * 2"),
        (lambda: s0 * d0, "d0 * s0"),
        (lambda: AffineConstantExpr(6) * 7, "42"),
        (lambda: d0 - (d0.floordiv(4)) * 4, "d0 mod 4"),
        (lambda: d0 - d0.floordiv(s0) * s0, "d0 mod s0"),
        (lambda: d0.floordiv(1), "d0"),
        (lambda: (d0 * 128).floordiv(64), "d0 * 2"),
        (lambda: (d0 * 4 + d1).floordiv(2), "d0 * 2 + d1 floordiv 2"),
        (lambda: d0.floordiv(4).floordiv(8), "(d0 floordiv 4) floordiv 8"),
        (lambda: AffineConstantExpr(-7).floordiv(2), "-4"),
        (lambda: AffineConstantExpr(-7).ceildiv(2), "-3"),
        (lambda: AffineConstantExpr(-7) % 3, "2"),
        (lambda: d0.ceildiv(1), "d0"),
        (lambda: (d0 * 6).ceildiv(3), "d0 * 2"),
        (lambda: (d0 * 4 + d1).ceildiv(2), "(d0 * 4 + d1) ceildiv 2"),
        (lambda: d0 % 1, "0"),
        (lambda: (d0 * 128) % 64, "0"),
        (lambda: (d0 * 4 + d1) % 2, "d1 mod 2"),
        (lambda: (d0 % 8) % 4, "d0 mod 4"),
        (lambda: ((d0 * 4) % 12).floordiv(2) % 2, "0"),  # floordiv keeps a known divisor
        (lambda: d0.floordiv(0), "d0 floordiv 0"),  # undefined: kept as written
        (lambda: AffineConstantExpr(7).floordiv(-2), "-4"),  # negative divisors fold...
        (lambda: (d0 * 6).ceildiv(-3), "d0 * -2"),
        (lambda: d0.floordiv(-1), "d0 floordiv -1"),
        (lambda: AffineConstantExpr(7) % -2, "7 mod -2"),  # ...but not negative moduli
        (lambda: d0 % -2, "d0 mod -2"),
        (lambda: AffineConstantExpr(INT64_MAX) + 1, "9223372036854775807 + 1"),  # would overflow
        (lambda: AffineConstantExpr(INT64_MAX) * 2, "9223372036854775807 * 2"),
        (lambda: d0 * INT64_MAX * 2, "d0 * -2"),  # other folds wrap, as in MLIR
    ],
)
def test_simplification(build, expected):
    assert str(build()) == expected


def test_simplified_results_are_canonical_nodes():
    expr = 3 + d0 * 2
    assert isinstance(expr, AffineBinaryExpr) and expr.kind is AffineExprKind.ADD
    assert expr.lhs == d0 * 2 and expr.rhs == AffineConstantExpr(3)


def test_mlir19_mod_rewrite_only_for_products():
    # mlir-opt 19 prints `d0 mod s0` here, which is wrong (llvm-project#181613).
    assert expr_text("d0 + ((d0 floordiv s0) * s0 - 1)") == "d0 + (d0 floordiv s0) * s0 - 1"


def test_non_affine_products_and_divisors_are_rejected():
    with pytest.raises(ValueError, match="at least one of the multiply operands"):
        d0 * d1
    with pytest.raises(ValueError, match="right operand of mod"):
        d0 % d1
    with pytest.raises(ValueError, match="right operand of floordiv"):
        d0.floordiv(d1 + 1)


# --- Printing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda: d0 + s0 * 2, "d0 + s0 * 2"),
        (lambda: d0 - 1, "d0 - 1"),
        (lambda: -d0, "-d0"),
        (lambda: d0 - d1, "d0 - d1"),
        (lambda: 1 - d0, "-d0 + 1"),
        (lambda: d0 - d1 * 3, "d0 - d1 * 3"),
        (lambda: d0 - (d1 + 2), "d0 - (d1 + 2)"),
        (lambda: d0 - (d1 + 2) * 3, "d0 - (d1 + 2) * 3"),
        (lambda: d0 - d1.floordiv(2), "d0 - d1 floordiv 2"),
        (lambda: -(d0 + 1), "-(d0 + 1)"),
        (lambda: (-d0).floordiv(2), "(-d0) floordiv 2"),
        (lambda: (d0 + d1).floordiv(3), "(d0 + d1) floordiv 3"),
        (lambda: d0 % 4, "d0 mod 4"),
        (lambda: (d0 + 1) * s0, "(d0 + 1) * s0"),
        (lambda: d0 * -3, "d0 * -3"),
        (lambda: d0 + (s0 + 3), "d0 + s0 + 3"),  # MLIR prints a right-nested sum flat
    ],
)
def test_printing(build, expected):
    assert str(build()) == expected


def test_map_printing():
    assert str(AffineMap(2, 1, (d0 + s0, d1))) == "(d0, d1)[s0] -> (d0 + s0, d1)"
    assert str(AffineMap.constant(0)) == "() -> (0)"
    assert str(AffineMap(1, 0, ())) == "(d0) -> ()"
    assert str(AffineMap.identity(2)) == "(d0, d1) -> (d0, d1)"


def test_set_printing():
    assert str(IntegerSet(1, 0, (d0 - 1, d0), (False, True))) == "(d0) : (d0 - 1 >= 0, d0 == 0)"
    assert str(IntegerSet(1, 1, (s0 - d0,), (False,))) == "(d0)[s0] : (-d0 + s0 >= 0)"


class _TextPrinter:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)


def test_attributes_print_with_their_keyword():
    p = _TextPrinter()
    AffineMapAttr(AffineMap(1, 0, (d0 * 2,))).print_to(p)
    IntegerSetAttr(IntegerSet(1, 0, (d0,), (False,))).print_to(p)
    assert "".join(p.parts) == "affine_map<(d0) -> (d0 * 2)>affine_set<(d0) : (d0 >= 0)>"
    assert AffineMapAttr(AffineMap.identity(1)) == AffineMapAttr(AffineMap.identity(1))


# --- Value semantics and helpers -----------------------------------------------------------


def test_expressions_are_hashable_immutable_values():
    assert d0 + s0 * 2 == AffineDimExpr(0) + 2 * AffineSymbolExpr(0)
    assert hash(d0 + 1) == hash(AffineDimExpr(0) + 1)
    assert d0 != s0 and d0 + 1 != d0 + 2 and d0 != 0
    assert len({d0 + 1, AffineDimExpr(0) + 1, d1}) == 2
    with pytest.raises(AttributeError):
        d0.position = 3
    expr = (d0 + s0).floordiv(4)
    assert pickle.loads(pickle.dumps(expr)) == expr


def test_map_helpers():
    assert AffineMap.identity(3).is_identity()
    assert AffineMap(2, 1, (d0, d1)).is_identity()
    assert not AffineMap(2, 0, (d1, d0)).is_identity()
    assert AffineMap(3, 0, (d2, d0, d1)).is_permutation()
    assert not AffineMap(2, 0, (d0, d0)).is_permutation()
    assert not AffineMap(2, 1, (d1, d0)).is_permutation()
    assert not AffineMap(2, 0, (d0,)).is_permutation()
    with pytest.raises(ValueError, match="d1 used with only 1 dimensions"):
        AffineMap(1, 0, (d1,))


def test_compose_concatenates_symbols_outer_first():
    outer = parse_affine_map("(d0, d1)[s0] -> (d0 + d1 + s0)")
    inner = parse_affine_map("(d0)[s0] -> (d0 * 2, s0)")
    composed = outer.compose(inner)
    assert str(composed) == "(d0)[s0, s1] -> (d0 * 2 + s1 + s0)"
    assert composed.evaluate([5], [7, 3]) == outer.evaluate(inner.evaluate([5], [3]), [7])
    with pytest.raises(ValueError):
        AffineMap.identity(3).compose(inner)


def test_evaluate_uses_floor_ceil_and_nonnegative_mod():
    m = parse_affine_map(
        "(d0)[s0] -> (d0 floordiv 4, d0 ceildiv 4, d0 mod 4, d0 mod s0, d0 * s0 - 1)"
    )
    assert m.evaluate([-7], [3]) == (-2, -1, 1, 2, -22)
    with pytest.raises(ValueError):
        m.evaluate([1], [])
    with pytest.raises(ValueError):
        parse_affine_map("(d0) -> (d0 mod -2)").evaluate([1])
    with pytest.raises(ZeroDivisionError):
        parse_affine_map("(d0) -> (d0 floordiv 0)").evaluate([1])


# --- Parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(i, j)[N] -> (i + N, 3 + j)", "(d0, d1)[s0] -> (d0 + s0, d1 + 3)"),
        ("(floordiv, mod) -> (floordiv mod 3 + mod)", "(d0, d1) -> (d0 mod 3 + d1)"),
        ("(x.y, _a$) -> (x.y - _a$)", "(d0, d1) -> (d0 - d1)"),
        ("(d0)[] -> (d0)", "(d0) -> (d0)"),
        ("() -> ()", "() -> ()"),
        ("(d0) -> (-(d0 + 1), --d0, - 3, d0 * -0x10)", "(d0) -> (-(d0 + 1), d0, -3, d0 * -16)"),
        ("(d0, d1) -> (d0 - d1 floordiv 2 * 3 + 1)", "(d0, d1) -> (d0 - (d1 floordiv 2) * 3 + 1)"),
        (
            "(d0)[s0] -> ((d0 + 1) * s0 * 2, d0 ceildiv s0)",
            "(d0)[s0] -> (((d0 + 1) * s0) * 2, d0 ceildiv s0)",
        ),
        ("(d0) -> (d0 // comment\n + 1)", "(d0) -> (d0 + 1)"),
        (
            "(d0) : (d0 >= 0, d0 <= 10, d0 == 5, 3 >= d0)",
            "(d0) : (d0 >= 0, -d0 + 10 >= 0, d0 - 5 == 0, -d0 + 3 >= 0)",
        ),
        ("(d0) : (d0 > = 1)", "(d0) : (d0 - 1 >= 0)"),
        ("() : ()", "() : (0 == 0)"),
    ],
)
def test_parse(text, expected):
    assert str(parse_affine_map_or_set(text)) == expected


@pytest.mark.parametrize(
    "text, message, offset",
    [
        (
            "(d0, d1) -> (d0 * d1)",
            "non-affine expression: at least one of the multiply operands",
            16,
        ),
        (
            "(d0, d1) -> (d0 * d1 * 2)",
            "non-affine expression: at least one of the multiply operands",
            21,
        ),
        ("(d0, d1) -> (d0 floordiv d1)", "non-affine expression: right operand of floordiv", 16),
        ("(d0, d1) -> (d0 mod (d1 + 1))", "non-affine expression: right operand of mod", 16),
        ("(d0) -> (d0 +)", "missing right operand of binary operator", 13),
        ("(d0) -> (-)", "expected affine expression", 10),
        ("(d0) -> (+ d0)", "missing left operand of binary operator", 9),
        ("(d0) -> (())", "no expression inside parentheses", 10),
        ("(d0) -> (d0 + x)", "use of undeclared identifier", 13),
        ("(d0, d0) -> (d0)", "redefinition of identifier 'd0'", 5),
        ("(d0, 1) -> (d0)", "expected bare identifier", 4),
        ("(d0) -> (99999999999999999999)", "constant too large for index", 9),
        ("(d0) -> (9223372036854775808)", "constant too large for index", 9),
        ("(d0) -> (symbol(d0))", "unexpected ssa identifier", 16),
        ("(d0) -> (d0) x", "expected '>' in affine map", 12),
        ("(d0) -> (d0 ? 1)", "unexpected character", 12),
        ("(d0)", "expected '->' or ':'", 4),
        ("(d0) -> (d0", "expected ')' in affine map range", 11),
        ("(d0) -> ((d0)", "expected ')'", 13),
        (
            "(d0) : (d0 > 0)",
            "expected '== affine-expr' or '>= affine-expr' at end of affine constraint",
            13,
        ),
        ("(d0) -> (1.5)", "expected affine expression", 9),
        ("d0 -> (d0)", "expected '(' in dimensional identifier list", 0),
        ("(d0)[s0 -> (d0)", "expected ']' in symbol list", 7),
    ],
)
def test_parse_errors(text, message, offset):
    with pytest.raises(AffineSyntaxError) as info:
        parse_affine_map_or_set(text)
    assert info.value.message.startswith(message)
    assert info.value.offset == offset


def test_map_or_set_mismatch():
    with pytest.raises(AffineSyntaxError, match="expected AffineMap"):
        parse_affine_map("(d0) : (d0 >= 0)")
    with pytest.raises(AffineSyntaxError, match="expected IntegerSet"):
        parse_integer_set("(d0) -> (d0)")


def test_deep_nesting_is_an_error_not_a_crash():
    text = "(d0) -> (" + "(" * 100_000 + "d0" + ")" * 100_000 + ")"
    with pytest.raises(AffineSyntaxError, match="nested more than"):
        parse_affine_map(text)
    ok = "(d0) -> (" + "-(" * MAX_NESTING + "d0" + ")" * MAX_NESTING + ")"
    assert str(parse_affine_map(ok)) == "(d0) -> (d0)"


def test_long_sums_need_no_recursion():
    n = 20_000
    names = ", ".join(f"x{i}" for i in range(n))
    body = " + ".join(f"x{i} * 4" for i in range(n))
    m = parse_affine_map(f"({names}) -> ({body} + 1)")
    assert str(m).endswith(f"d{n - 1} * 4 + 1)")
    assert m == parse_affine_map(str(m))
    assert m.evaluate(list(range(n))) == (4 * sum(range(n)) + 1,)
    try:
        quotient = parse_affine_map(f"({names}) -> (({body}) floordiv 4)")
    except AffineSyntaxError as e:  # the floordiv rule recurses over the sum, as in MLIR
        assert e.message == "affine expression too complex"
    else:
        assert quotient.evaluate([1] * n) == (n,)


# --- Generated maps and sets ---------------------------------------------------------------
#
# A tree is a tuple: ("d", i), ("s", i), ("c", v), ("neg", a) or (op, a, b) for op in
# + - * floordiv ceildiv mod. One operand of `*` is always symbolic, so every tree is affine.

_DIM_NAMES = [("d0", "d1", "d2"), ("i", "j", "k"), ("floordiv", "x.1", "_y$")]
_SYMBOL_NAMES = [("s0", "s1"), ("N", "M"), ("mod", "ceildiv")]


@functools.cache  # building recursive strategies costs more than drawing from them
def _tree_strategy(num_dims: int, num_symbols: int, odd_divisors: bool) -> st.SearchStrategy:
    constants = st.tuples(st.just("c"), st.integers(-32, 32))
    symbols = (
        st.tuples(st.just("s"), st.integers(0, num_symbols - 1)) if num_symbols else st.nothing()
    )
    dims = st.tuples(st.just("d"), st.integers(0, num_dims - 1)) if num_dims else st.nothing()
    divisors = st.tuples(st.just("c"), st.integers(1, 16)) | symbols
    if odd_divisors:  # undefined values MLIR keeps as written; not evaluated
        divisors = divisors | st.tuples(st.just("c"), st.integers(-4, 0))

    def extend(children: st.SearchStrategy, factors: st.SearchStrategy) -> st.SearchStrategy:
        return (
            st.tuples(st.sampled_from(["+", "-"]), children, children)
            | st.tuples(st.just("neg"), children)
            | st.tuples(st.just("*"), children, factors)
            | st.tuples(st.just("*"), factors, children)
            | st.tuples(st.sampled_from(["floordiv", "ceildiv", "mod"]), children, divisors)
        )

    symbolic = st.recursive(constants | symbols, lambda c: extend(c, c), max_leaves=3)
    return st.recursive(constants | symbols | dims, lambda c: extend(c, symbolic), max_leaves=8)


def _build(tree: tuple) -> AffineExpr:
    op = tree[0]
    if op == "d":
        return AffineDimExpr(tree[1])
    if op == "s":
        return AffineSymbolExpr(tree[1])
    if op == "c":
        return AffineConstantExpr(tree[1])
    if op == "neg":
        return -_build(tree[1])
    lhs, rhs = _build(tree[1]), _build(tree[2])
    if op == "+":
        return lhs + rhs
    if op == "-":
        return lhs - rhs
    if op == "*":
        return lhs * rhs
    if op == "mod":
        return lhs % rhs
    return lhs.floordiv(rhs) if op == "floordiv" else lhs.ceildiv(rhs)


def _reference(tree: tuple, dims: list[int], symbols: list[int]) -> int:
    """The value of a tree, straight from the definitions (no simplification involved)."""
    op = tree[0]
    if op == "d":
        return dims[tree[1]]
    if op == "s":
        return symbols[tree[1]]
    if op == "c":
        return tree[1]
    if op == "neg":
        return -_reference(tree[1], dims, symbols)
    lhs, rhs = _reference(tree[1], dims, symbols), _reference(tree[2], dims, symbols)
    return {
        "+": lambda: lhs + rhs,
        "-": lambda: lhs - rhs,
        "*": lambda: lhs * rhs,
        "floordiv": lambda: lhs // rhs,
        "ceildiv": lambda: -(-lhs // rhs),
        "mod": lambda: lhs % rhs,
    }[op]()


def _render(tree: tuple, dim_names: tuple, symbol_names: tuple) -> str:
    """Source text for a tree, fully parenthesized, with the given names."""
    op = tree[0]
    if op == "d":
        return dim_names[tree[1]]
    if op == "s":
        return symbol_names[tree[1]]
    if op == "c":
        return str(tree[1])
    if op == "neg":
        return "-" + _render(tree[1], dim_names, symbol_names)
    lhs, rhs = _render(tree[1], dim_names, symbol_names), _render(tree[2], dim_names, symbol_names)
    return f"({lhs} {op} {rhs})"


@st.composite
def _generated(draw, odd_divisors: bool = False) -> tuple[str, AffineMap | IntegerSet, list]:
    """(source text, the map or set built through the Python API, its trees)."""
    num_dims, num_symbols = draw(st.integers(0, 3)), draw(st.integers(0, 2))
    trees = _tree_strategy(num_dims, num_symbols, odd_divisors)
    dim_names = draw(st.sampled_from(_DIM_NAMES))[:num_dims]
    symbol_names = draw(st.sampled_from(_SYMBOL_NAMES))[:num_symbols]
    header = (
        "("
        + ", ".join(dim_names)
        + ")"
        + ("[" + ", ".join(symbol_names) + "]" if num_symbols else "")
    )

    def render(tree: tuple) -> str:
        return _render(tree, dim_names, symbol_names)

    if draw(st.booleans()):
        results = draw(st.lists(trees, max_size=3))
        text = header + " -> (" + ", ".join(map(render, results)) + ")"
        return text, AffineMap(num_dims, num_symbols, [_build(t) for t in results]), results
    constraints = draw(
        st.lists(st.tuples(trees, st.sampled_from([">=", "<=", "=="]), trees), max_size=3)
    )
    text = (
        header
        + " : ("
        + ", ".join(f"{render(a)} {rel} {render(b)}" for a, rel, b in constraints)
        + ")"
    )
    exprs = [
        _build(b) - _build(a) if rel == "<=" else _build(a) - _build(b) for a, rel, b in constraints
    ]
    flags = [rel == "==" for _, rel, _ in constraints]
    if not constraints:
        exprs, flags = [AffineConstantExpr(0)], [True]
    return (
        text,
        IntegerSet(num_dims, num_symbols, exprs, flags),
        [t for c in constraints for t in (c[0], c[2])],
    )


def _exprs(value: AffineMap | IntegerSet) -> tuple[AffineExpr, ...]:
    return value.results if isinstance(value, AffineMap) else value.constraints


def _is_binary(expr: AffineExpr, kind: AffineExprKind) -> bool:
    return isinstance(expr, AffineBinaryExpr) and expr.kind is kind


def _has_right_nested_sum(expr: AffineExpr) -> bool:
    """`a + (b + c)`: MLIR prints it as `a + b + c`, which parses back as `(a + b) + c`."""
    todo = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, AffineBinaryExpr):
            if node.kind is AffineExprKind.ADD and _is_binary(node.rhs, AffineExprKind.ADD):
                return True
            todo += [node.lhs, node.rhs]
    return False


@given(
    _generated(),
    st.lists(st.integers(-50, 50), min_size=3, max_size=3),
    st.lists(st.integers(1, 20), min_size=2, max_size=2),
)
def test_parse_print_round_trip(generated, dims, symbols):
    text, value, trees = generated
    parsed = parse_affine_map_or_set(text)
    assert parsed == value  # the parser simplifies exactly as the Python operators do
    reparsed = parse_affine_map_or_set(str(value))
    if not any(_has_right_nested_sum(e) for e in _exprs(value)):
        assert reparsed == value
    num_dims, num_symbols = value.num_dims, value.num_symbols
    for expr, again in zip(_exprs(value), _exprs(reparsed), strict=True):
        expected = expr.evaluate(dims[:num_dims], symbols[:num_symbols])
        assert again.evaluate(dims[:num_dims], symbols[:num_symbols]) == expected
    if isinstance(value, AffineMap):  # simplification keeps the value of every result
        reference = tuple(_reference(t, dims[:num_dims], symbols[:num_symbols]) for t in trees)
        assert value.evaluate(dims[:num_dims], symbols[:num_symbols]) == reference


# --- Interop with mlir-opt 19 --------------------------------------------------------------


MLIR_OPT = find_mlir_opt()
_PRINTED_ATTR_RE = re.compile(r"(m\d+) = (affine_map|affine_set)<(.*?)>(?=, m\d+ = |\})")


def _mlir19_mod_quirk(expr: AffineExpr) -> bool:
    """`x + op((x floordiv q) * q, -1)`, `op` not `*`: mlir-opt 19 wrongly makes it `x mod q`."""
    for node in _nodes(expr):
        if not _is_binary(node, AffineExprKind.ADD) or not isinstance(node.rhs, AffineBinaryExpr):
            continue
        rhs = node.rhs
        if rhs.kind is AffineExprKind.MUL or rhs.rhs != AffineConstantExpr(-1):
            continue
        if not _is_binary(rhs.lhs, AffineExprKind.MUL):
            continue
        quotient, factor = rhs.lhs.lhs, rhs.lhs.rhs
        if _is_binary(quotient, AffineExprKind.FLOORDIV) and (quotient.lhs, quotient.rhs) == (
            node.lhs,
            factor,
        ):
            return True
    return False


def _nodes(expr: AffineExpr):
    todo = [expr]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, AffineBinaryExpr):
            todo += [node.lhs, node.rhs]


@pytest.mark.skipif(
    MLIR_OPT is None, reason="mlir-opt 19 is not installed (Debian package mlir-19-tools)"
)
def test_printing_matches_mlir_opt():
    """Generated maps and sets, in one mlir-opt process, print exactly as mlc prints them."""
    batch: list[tuple[str, str]] = []

    @given(_generated(odd_divisors=True))
    def collect(generated):
        text, value, _ = generated
        batch.append((text, "affine_map" if isinstance(value, AffineMap) else "affine_set"))

    collect()
    attrs = ", ".join(f"m{i} = {keyword}<{text}>" for i, (text, keyword) in enumerate(batch))
    source = f'"test.op"() {{{attrs}}} : () -> ()\n'
    run = subprocess.run(
        [MLIR_OPT, "--allow-unregistered-dialect", "--mlir-print-local-scope", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    printed = {name: body for name, _, body in _PRINTED_ATTR_RE.findall(run.stdout)}
    assert len(printed) == len(batch)
    mismatches = []
    for i, (text, _) in enumerate(batch):
        ours = parse_affine_map_or_set(text)
        if str(ours) != printed[f"m{i}"] and not any(map(_mlir19_mod_quirk, _exprs(ours))):
            mismatches.append(f"{text}\n  mlir-opt: {printed[f'm{i}']}\n  mlc:      {ours}")
    assert not mismatches, "\n".join(mismatches)
