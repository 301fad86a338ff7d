"""Symbolic sizes: integer expressions over named size variables, in a canonical form.

A dimension of a graph tensor is an `int`, `None` (`?`, unknown) or a `SymExpr` such as
`n`, `n*4` or `(h+2)/2`. Arithmetic on dimensions is closed: `+ - *`, `//` (floor division,
printed `/`), `%` (printed `mod`), `ceildiv`, `sym_min` and `sym_max` take ints and
`SymExpr`s and return an `int` whenever the result is a constant, so static shapes stay
plain ints and shape functions are written once for both.

Canonical form: a polynomial with integer coefficients over *atoms*, an atom being a size
variable or an irreducible floor division, modulo, min or max of canonical expressions.
Expressions that are equal as polynomials over their atoms are the same object value (equal
and with the same hash), so equal shapes compare equal: `n*4 == 4*n`, `(n*2)/2 == n`,
`(n*4+2)/2 == n*2+1`, `n+1-1 == n`. The form is sound but not complete (no rewriting
modulo the non-negativity of sizes): two expressions that differ in form may still be
equal for every binding, in which case shapes compare as not provably equal.

Floor division and modulo follow Python (and TVM's floordiv/floormod): rounding toward
negative infinity, the remainder takes the divisor's sign. The text uses `/` for floor
division because `//` starts a comment in MLIR's syntax, and `mod` as MLIR's affine maps do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

Dim = "int | SymExpr | None"


class SymExpr:
    """A non-constant canonical polynomial: `terms` is a sorted tuple of (monomial,
    coefficient), a monomial a sorted tuple of atoms (repeated for powers), `()` the
    constant term; no coefficient is zero. Build expressions with `var` and arithmetic,
    never with the constructor."""

    __slots__ = ("terms", "_hash", "_text")

    def __init__(self, terms: tuple) -> None:
        self.terms = terms
        self._hash = hash(terms)
        self._text = None

    # --- arithmetic (returns int when constant) -----------------------------------------
    def __add__(self, other):
        return _add(self, other, 1)

    __radd__ = __add__

    def __sub__(self, other):
        return _add(self, other, -1)

    def __rsub__(self, other):
        return _add(other, self, -1)

    def __neg__(self):
        return _scale(_poly(self), -1)

    def __mul__(self, other):
        return _mul(self, other)

    __rmul__ = __mul__

    def __floordiv__(self, other):
        return floordiv(self, other)

    def __rfloordiv__(self, other):
        return floordiv(other, self)

    def __mod__(self, other):
        return mod(self, other)

    def __rmod__(self, other):
        return mod(other, self)

    # --- identity ------------------------------------------------------------------------
    def __eq__(self, other) -> bool:
        return isinstance(other, SymExpr) and self.terms == other.terms

    def __hash__(self) -> int:
        return self._hash

    def __str__(self) -> str:
        if self._text is None:
            self._text = _print_poly(self.terms)
        return self._text

    def __repr__(self) -> str:
        return f"SymExpr({self})"

    @property
    def free_vars(self) -> frozenset:
        """Names of the size variables the expression mentions, inside atoms too."""
        names = set()
        for mono, _ in self.terms:
            for atom in mono:
                names |= _atom_vars(atom)
        return frozenset(names)


class Compound:
    """An irreducible atom: `op` is `floordiv`, `mod`, `min` or `max` of `args` (dims)."""

    __slots__ = ("op", "args", "key")

    def __init__(self, op: str, args: tuple) -> None:
        self.op = op
        self.args = args
        self.key = (1, op, tuple(_dim_key(a) for a in args))

    def __eq__(self, other) -> bool:
        return isinstance(other, Compound) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def var(name: str) -> SymExpr:
    """The size variable `name`."""
    return SymExpr((((name,), 1),))


def is_static(d) -> bool:
    return type(d) is int


def free_vars(d) -> frozenset:
    return d.free_vars if isinstance(d, SymExpr) else frozenset()


# --- polynomials as dicts ----------------------------------------------------------------
def _poly(d) -> dict:
    if isinstance(d, SymExpr):
        return dict(d.terms)
    if type(d) is int or isinstance(d, int):
        return {(): int(d)} if d else {}
    raise TypeError(f"not a size: {d!r}")


def _make(poly: dict):
    """The canonical value of a polynomial dict: an int when constant."""
    terms = tuple(sorted(((m, c) for m, c in poly.items() if c), key=_term_key))
    if not terms:
        return 0
    if len(terms) == 1 and terms[0][0] == ():
        return terms[0][1]
    return SymExpr(terms)


def _add(a, b, sign: int):
    poly = _poly(a)
    for mono, c in _poly(b).items():
        poly[mono] = poly.get(mono, 0) + sign * c
    return _make(poly)


def _scale(poly: dict, k: int):
    return _make({m: c * k for m, c in poly.items()})


def _mul(a, b):
    pa, pb = _poly(a), _poly(b)
    out: dict = {}
    for ma, ca in pa.items():
        for mb, cb in pb.items():
            mono = tuple(sorted(ma + mb, key=_atom_key))
            out[mono] = out.get(mono, 0) + ca * cb
    return _make(out)


def _split(poly: dict, c: int) -> tuple[dict, dict]:
    """(the terms whose coefficient `c` divides, divided by it; the other terms)."""
    quotient, rest = {}, {}
    for mono, k in poly.items():
        if k % c == 0:
            quotient[mono] = k // c
        else:
            rest[mono] = k
    return quotient, rest


def floordiv(a, b):
    """`a / b` rounded toward negative infinity; `b` must not be zero."""
    if type(a) is int and type(b) is int:
        return a // b
    if b == 0:
        raise ZeroDivisionError("symbolic size divided by zero")
    if type(b) is int:
        if b == 1:
            return a
        quotient, rest = _split(_poly(a), b)
        q = _make(quotient)
        r = _make(rest)
        if type(r) is int:  # floor((b*q + r) / b) = q + floor(r / b) for integral q
            return q + r // b
        return q + _atom("floordiv", r, b)
    ratio = _exact_ratio(a, b)
    if ratio is not None:
        return ratio
    return _atom("floordiv", a, b)


def ceildiv(a, b):
    """`a / b` rounded toward positive infinity (`(n+3)/4` for `ceildiv(n, 4)`)."""
    if type(b) is int and b > 0:
        return floordiv(a + (b - 1), b)
    return -floordiv(-a, b)


def mod(a, b):
    """The remainder of `floordiv`: `a - b * floordiv(a, b)`."""
    if type(a) is int and type(b) is int:
        return a % b
    if b == 0:
        raise ZeroDivisionError("symbolic size modulo zero")
    if type(b) is int:
        if b in (1, -1):
            return 0
        reduced = {m: k % b for m, k in _poly(a).items()}  # (b*q + r) mod b = r mod b
        r = _make(reduced)
        if type(r) is int:
            return r % b
        return _atom("mod", r, b)
    if _exact_ratio(a, b) is not None:
        return 0
    return _atom("mod", a, b)


def sym_min(a, b):
    return _extremum("min", a, b)


def sym_max(a, b):
    return _extremum("max", a, b)


def _extremum(op: str, a, b):
    if a is None or b is None:
        return None
    diff = a - b
    if type(diff) is int:  # decided whatever the variables are
        return (a if diff <= 0 else b) if op == "min" else (a if diff >= 0 else b)
    args = tuple(sorted((a, b), key=_dim_key))
    return _atom(op, *args)


def _exact_ratio(a, b):
    """The integer k with a == k*b, when the polynomials say so, else None."""
    pa, pb = _poly(a), _poly(b)
    if not pb:
        return None
    mono, cb = next(iter(pb.items()))
    ca = pa.get(mono, 0)
    if ca % cb:
        return None
    k = ca // cb
    return k if _add(a, _mul(k, b), -1) == 0 else None


def _atom(op: str, *args):
    return SymExpr((((Compound(op, args),), 1),))


# --- ordering --------------------------------------------------------------------------
def _atom_key(atom) -> tuple:
    return (0, atom) if type(atom) is str else atom.key


def _mono_key(mono: tuple) -> tuple:
    return tuple(_atom_key(a) for a in mono)


def _term_key(term) -> tuple:
    """Higher degree first, then atoms in order; the constant term last."""
    mono = term[0]
    return (-len(mono), _mono_key(mono))


def _dim_key(d) -> tuple:
    if type(d) is int:
        return (0, d)
    return (1, tuple((_mono_key(m), c) for m, c in d.terms))


def _atom_vars(atom) -> frozenset:
    if type(atom) is str:
        return frozenset((atom,))
    return frozenset().union(*(free_vars(a) for a in atom.args))


# --- evaluation and substitution --------------------------------------------------------
def substitute(d, bindings: Mapping[str, object]):
    """`d` with variables replaced by the dims `bindings` gives them (others kept); None
    (`?`) when one of its variables is bound to `?`."""
    if not isinstance(d, SymExpr):
        return d
    if any(name in bindings and bindings[name] is None for name in d.free_vars):
        return None
    return _rebuild(d, lambda name: bindings.get(name) or var(name))


def evaluate(d, bindings: Mapping[str, int]) -> int:
    """The value of `d` for integer `bindings`; KeyError names an unbound variable."""
    if type(d) is int:
        return d
    if d is None:
        raise ValueError("an unknown dimension '?' has no value")

    def value(name: str) -> int:
        if name not in bindings:
            raise KeyError(name)
        return int(bindings[name])

    return _rebuild(d, value)


_COMBINE: dict[str, Callable] = {"floordiv": floordiv, "mod": mod, "min": sym_min, "max": sym_max}


def _rebuild(d: SymExpr, leaf: Callable[[str], object]):
    total = 0
    for mono, c in d.terms:
        product = c
        for atom in mono:
            if type(atom) is str:
                product = product * leaf(atom)
            else:
                args = [_rebuild(a, leaf) if isinstance(a, SymExpr) else a for a in atom.args]
                product = product * _COMBINE[atom.op](*args)
        total = total + product
    return total


def bind(dims: Iterable, values: Iterable, bindings: dict) -> list[str]:
    """Bind the variables of `dims` so that each equals its value, extending `bindings` in
    place; returns the contradictions found (empty when consistent).

    Values are concrete ints when a function is called on arrays, and dims when a call's
    result types are inferred from its operand types (a `?` value binds to `?`). A variable
    is bound from a dim that is linear in it with everything else known (`n`, `n*4`,
    `n+1`), as Relax binds a function's size variables from its argument shapes; a dim
    that binds nothing is checked once its variables are bound."""
    pending = [(d, v) for d, v in zip(dims, values) if d is not None]
    problems: list[str] = []
    progress = True
    while pending and progress:
        progress = False
        still = []
        for d, v in pending:
            unknown = free_vars(d) - bindings.keys()
            if not unknown:
                got = substitute(d, bindings)
                if got is not None and v is not None and type(got - v) is int and got != v:
                    problems.append(f"'{d}' is {got}, not {v}")
                progress = True
            elif len(unknown) == 1 and _solve(d, v, next(iter(unknown)), bindings, problems):
                progress = True
            else:
                still.append((d, v))
        pending = still
    for d, _ in pending:
        names = ", ".join(sorted(free_vars(d) - bindings.keys()))
        problems.append(f"cannot bind {names} from '{d}'")
    return problems


def _solve(d, v, name: str, bindings: dict, problems: list) -> bool:
    """Bind `name` from `d == v` when `d` is `a*name + b` with `b` known."""
    known = substitute(d, bindings)
    if known is None or v is None:
        bindings[name] = None
        return True
    poly = _poly(known)
    a = poly.pop((name,), 0)
    if not a or any(name in _atom_vars_of_mono(m) for m in poly):
        return False
    target = v - _make(poly)
    quotient = floordiv(target, a)
    if quotient * a == target:
        bindings[name] = quotient
    elif type(target) is int:
        problems.append(f"no integer {name} makes '{d}' equal {v}")
    else:
        bindings[name] = None  # not provably divisible: known only at run time
    return True


def _atom_vars_of_mono(mono: tuple) -> frozenset:
    return frozenset().union(*(_atom_vars(a) for a in mono)) if mono else frozenset()


# --- text -----------------------------------------------------------------------------
def dim_text(d) -> str:
    return "?" if d is None else str(d)


def _print_poly(terms: tuple) -> str:
    """Positive terms first, so that `n-m` reads as written; the constant last."""
    out = []
    ordered = sorted(terms, key=lambda t: (not t[0], t[1] < 0))
    for mono, c in ordered:
        text = _print_term(mono, c)
        if out and not text.startswith("-"):
            out.append("+")
        out.append(text)
    return "".join(out)


def _print_term(mono: tuple, c: int) -> str:
    if not mono:
        return str(c)
    sign, c = ("-", -c) if c < 0 else ("", c)
    alone = len(mono) == 1 and c == 1 and not sign  # `-((-n)/4)`, not `-(-n)/4`
    text = "*".join(_print_atom(a, alone) for a in mono)
    return sign + (text if c == 1 else f"{text}*{c}")


def _print_atom(atom, alone: bool) -> str:
    if type(atom) is str:
        return atom
    if atom.op in ("min", "max"):
        return f"{atom.op}({dim_text(atom.args[0])}, {dim_text(atom.args[1])})"
    num, den = atom.args
    symbol = "/" if atom.op == "floordiv" else " mod "
    text = f"{_operand_text(num)}{symbol}{_operand_text(den)}"
    return text if alone else f"({text})"


def _operand_text(d) -> str:
    """A division's operand, parenthesised unless it is a number or a bare atom."""
    if type(d) is int:
        return str(d) if d >= 0 else f"({d})"
    if len(d.terms) == 1 and d.terms[0][1] == 1 and len(d.terms[0][0]) == 1:
        atom = d.terms[0][0][0]
        if type(atom) is str or atom.op in ("min", "max"):
            return str(d)
    return f"({d})"


_TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))")


class SizeSyntaxError(ValueError):
    """A malformed size expression; `offset` is where in the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse_dim(text: str):
    """A dimension from its text (`4`, `?`, `n*4`, `(h+2)/2`, `n mod 8`, `min(n, 4)`)."""
    if text.strip() == "?":
        return None
    tokens = _Tokens(text)
    d = _parse_sum(tokens)
    if tokens.kind != "end":
        raise SizeSyntaxError(f"unexpected '{tokens.text}' in size expression", tokens.offset)
    return d


class _Tokens:
    __slots__ = ("src", "pos", "kind", "text", "offset")

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.advance()

    def advance(self) -> None:
        m = _TOKEN.match(self.src, self.pos)
        if m is None or m.end() == m.start() or not m.group(0).strip():
            self.kind, self.text, self.offset = "end", "", len(self.src)
            return
        self.pos = m.end()
        number, name, punct = m.groups()
        self.offset = m.start(m.lastindex)
        if number is not None:
            self.kind, self.text = "int", number
        elif name is not None:
            self.kind, self.text = "name", name
        else:
            self.kind, self.text = "punct", punct

    def expect(self, text: str) -> None:
        if self.text != text:
            raise SizeSyntaxError(f"expected '{text}' in size expression", self.offset)
        self.advance()


def _parse_sum(t: _Tokens):
    value = _parse_product(t)
    while t.text in ("+", "-") and t.kind == "punct":
        sign = t.text
        t.advance()
        rhs = _parse_product(t)
        value = value + rhs if sign == "+" else value - rhs
    return value


def _parse_product(t: _Tokens):
    value = _parse_unary(t)
    while (t.kind == "punct" and t.text in ("*", "/")) or (t.kind, t.text) == ("name", "mod"):
        op, offset = t.text, t.offset
        t.advance()
        rhs = _parse_unary(t)
        if op == "*":
            value = value * rhs
        elif rhs == 0:
            raise SizeSyntaxError("size expression divides by zero", offset)
        else:
            value = floordiv(value, rhs) if op == "/" else mod(value, rhs)
    return value


def _parse_unary(t: _Tokens):
    if t.kind == "punct" and t.text == "-":
        t.advance()
        return -_parse_unary(t)
    if t.kind == "int":
        value = int(t.text)
        t.advance()
        return value
    if t.kind == "name":
        name, offset = t.text, t.offset
        t.advance()
        if name in ("min", "max") and t.text == "(":
            t.advance()
            a = _parse_sum(t)
            t.expect(",")
            b = _parse_sum(t)
            t.expect(")")
            return sym_min(a, b) if name == "min" else sym_max(a, b)
        if name == "mod":
            raise SizeSyntaxError("expected a size before 'mod'", offset)
        return var(name)
    if t.text == "(":
        t.advance()
        value = _parse_sum(t)
        t.expect(")")
        return value
    what = f"'{t.text}'" if t.kind != "end" else "end of expression"
    raise SizeSyntaxError(f"expected a size, found {what}", t.offset)
