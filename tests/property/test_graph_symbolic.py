"""Symbolic sizes: the canonical form means what the expression means, and prints back.

Random expression trees over three size variables are built twice: as `SymExpr`s through
the symbolic arithmetic, and as plain Python functions of the bindings (the reference).
For random bindings the canonical form evaluates to the reference value; its text parses
back to the same expression; and rearranging an expression (commuting, distributing)
gives the same canonical object.
"""

from __future__ import annotations

import operator

from hypothesis import given
from hypothesis import strategies as st

from mlc.dialects.graph.symbolic import (
    ceildiv,
    evaluate,
    floordiv,
    mod,
    parse_dim,
    sym_max,
    sym_min,
    var,
)

NAMES = ("a", "b", "c")


def _leaf():
    return st.one_of(
        st.integers(-6, 9).map(lambda k: (k, lambda env, k=k: k)),
        st.sampled_from(NAMES).map(lambda n: (var(n), lambda env, n=n: env[n])),
    )


def _combine(children):
    pair = st.tuples(children, children)
    divisor = st.integers(1, 6)

    def binary(op, ref=None):
        ref = ref or op
        return pair.map(
            lambda p: (op(p[0][0], p[1][0]), lambda env: ref(p[0][1](env), p[1][1](env)))
        )

    def by_constant(fn, ref):
        return st.tuples(children, divisor).map(
            lambda t: (fn(t[0][0], t[1]), lambda env: ref(t[0][1](env), t[1]))
        )

    return st.one_of(
        binary(operator.add),
        binary(operator.sub),
        binary(operator.mul),
        by_constant(floordiv, operator.floordiv),
        by_constant(mod, operator.mod),
        by_constant(ceildiv, lambda x, k: -((-x) // k)),
        binary(sym_min, min),
        binary(sym_max, max),
    )


EXPRESSIONS = st.recursive(_leaf(), _combine, max_leaves=8)
BINDINGS = st.fixed_dictionaries({n: st.integers(-12, 40) for n in NAMES})


@given(EXPRESSIONS, st.lists(BINDINGS, min_size=1, max_size=4))
def test_canonical_form_evaluates_as_the_expression(expr, bindings_list):
    canonical, reference = expr
    for bindings in bindings_list:
        assert evaluate(canonical, bindings) == reference(bindings)


@given(EXPRESSIONS)
def test_text_parses_back_to_the_same_expression(expr):
    canonical, _ = expr
    assert parse_dim(str(canonical)) == canonical


@given(EXPRESSIONS, EXPRESSIONS, EXPRESSIONS)
def test_equal_polynomials_are_one_canonical_form(x, y, z):
    a, b, c = x[0], y[0], z[0]
    assert a * (b + c) == a * b + a * c
    assert a + b - a == b
    assert (a + b) * c == c * b + c * a
    assert floordiv(a * 6 + 4, 2) == a * 3 + 2
    assert mod(a * 4 + 6, 4) == 2
