"""The literal of a dense elements attribute: the text between `dense<` and `>` (MLIR's
TensorLiteralParser in AttributeParser.cpp), checked against the type that follows it.

Hot path (constants can hold millions of elements): one compiled lexer regex matched once per
token, a flat list of plain numbers taken whole by one more regex, elements collected flat, and
list nesting followed with an explicit stack, so deep nesting is a diagnostic rather than a
RecursionError. Large constants usually come as `"0x..."` hex, which costs no per-element work.

Deliberate differences from MLIR 19, which accepts these by accident (asserts are off in release
builds) and builds wrong values: a complex element type needs every element to be a `(re, im)`
pair of scalars, other element types reject pairs, and string element types reject numbers.
"""

from __future__ import annotations

import math
import re

import numpy as np

from mlc.ir.attributes import Attribute
from mlc.ir.dense import (
    DenseElementsAttr,
    DenseStringElementsAttr,
    element_layout,
    is_numeric_element_type,
)
from mlc.ir.syntax.lexer import unescape_string
from mlc.ir.types import ComplexType, FloatType, ShapedType

MAX_NESTING = 256
"""Deepest list nesting accepted; deeper is a diagnostic."""

_WS = r"[ \t\r\n]*"
_FLOAT = r"[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?"
_INTEGER = r"0x[0-9A-Fa-f]+|[0-9]+"
# Unrolled (`[^"\\]*` runs between escapes) so that megabyte hex strings lex at C speed.
_STRING_BODY = r'"[^"\\\n\r]*(?:\\(?:["\\nt]|[0-9A-Fa-f]{2})[^"\\\n\r]*)*'
_TOKEN_RE = re.compile(
    r"(?:[ \t\r\n]+|//[^\n]*)*(?:"
    rf"(?P<float>{_FLOAT})"
    rf"|(?P<integer>{_INTEGER})"
    rf'|(?P<string>{_STRING_BODY}")'
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_$.]*)"
    r"|(?P<punct>[\[\](),\-])"
    r"|(?P<eof>\Z)"
    r"|(?P<error>.)"
    r")",
    re.DOTALL,
)
_STRING_PREFIX_RE = re.compile(_STRING_BODY)
_HEX_DIGITS_RE = re.compile(r"[0-9A-Fa-f]*")
# A flat list of plain numbers up to its `]` (the bulk of any large literal), and its items.
_NUMBER_RUN_RE = re.compile(
    rf"(?:-?{_WS}(?:{_FLOAT}|{_INTEGER}){_WS},{_WS})*+-?{_WS}(?:{_FLOAT}|{_INTEGER}){_WS}(?=\])"
)
_RUN_ITEM_RE = re.compile(rf"(-)?{_WS}(?:({_FLOAT})|({_INTEGER}))")


class DenseSyntaxError(Exception):
    """A malformed dense literal: MLIR's diagnostic and its offset into the literal text.
    Errors about the literal as a whole (shape, element count) point at its end."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _LiteralParser:
    """Token cursor and the flat element storage (MLIR's `storage` of (token, negated))."""

    __slots__ = (
        "first_pair",
        "kind",
        "leaves",
        "pairs",
        "pos",
        "scalars",
        "start",
        "text",
        "value",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.scalars: list[tuple[str, str, int, bool]] = []  # (kind, spelling, offset, negated)
        self.leaves = 0  # elements, a complex pair counting once
        self.pairs = 0
        self.first_pair = -1
        self.advance()

    def advance(self) -> None:
        m = _TOKEN_RE.match(self.text, self.pos)
        kind = m.lastgroup
        self.start = m.start(kind)
        self.value = m.group(kind)
        self.pos = m.end()
        if kind == "error":
            raise self._lex_error()
        self.kind = self.value if kind == "punct" else kind

    def _lex_error(self) -> DenseSyntaxError:
        if self.value != '"':
            return DenseSyntaxError(f"unexpected character '{self.value}'", self.start)
        end = _STRING_PREFIX_RE.match(self.text, self.start).end()
        if self.text.startswith("\\", end):
            return DenseSyntaxError("unknown escape in string literal", end)
        return DenseSyntaxError("expected '\"' in string literal", self.start)

    def error(self, message: str) -> DenseSyntaxError:
        return DenseSyntaxError(message, self.start)

    def expect(self, kind: str, message: str) -> None:
        if self.kind != kind:
            raise self.error(message)
        self.advance()

    def parse_scalar(self) -> None:
        kind = self.kind
        negated = kind == "-"
        if negated:
            self.advance()
            if self.kind not in ("integer", "float"):
                raise self.error("expected integer or floating point literal")
            kind = self.kind
        elif kind == "bare" and self.value in ("true", "false"):
            kind = "bool"
        elif kind not in ("integer", "float", "string"):
            raise self.error("expected element literal of primitive type")
        self.scalars.append((kind, self.value, self.start, negated))
        self.advance()

    def parse_element(self) -> None:
        """A scalar or a complex `(re, im)` pair (MLIR's parseElement)."""
        self.leaves += 1
        if self.kind != "(":
            self.parse_scalar()
            return
        if self.first_pair < 0:
            self.first_pair = self.start
        self.pairs += 1
        self.advance()
        self.parse_scalar()
        self.expect(",", "expected ',' between complex elements")
        self.parse_scalar()
        self.expect(")", "expected ')' after complex elements")

    def take_number_run(self) -> int:
        """Fast path: if the list that starts here holds only plain numbers, take them all at
        once (one regex match, one comprehension) and stop at its `]`; return their count."""
        run = _NUMBER_RUN_RE.match(self.text, self.start)
        if run is None:
            return 0
        items = [
            ("float", m[2], m.start(2), m[1] is not None)
            if m[2]
            else ("integer", m[3], m.start(3), m[1] is not None)
            for m in _RUN_ITEM_RE.finditer(self.text, self.start, run.end())
        ]
        self.scalars += items
        self.leaves += len(items)
        self.pos = run.end()
        self.advance()
        return len(items)

    def parse_list(self) -> tuple:
        """The shape of the nested list at the current `[` (MLIR's recursive parseList)."""
        stack: list[list] = []  # per open list: [children so far, dims of the first child]
        while True:
            if self.kind == "[":
                if len(stack) == MAX_NESTING:
                    raise self.error(f"tensor literal nesting is deeper than {MAX_NESTING}")
                stack.append([0, ()])
                self.advance()
                if self.kind in ("integer", "float", "-"):
                    stack[-1][0] = self.take_number_run()
                if self.kind != "]":
                    continue
                dims = None  # an empty list, or a run of numbers: close it at once
            else:
                self.parse_element()
                dims = ()
            while True:  # a child with `dims` is complete; close finished lists
                if dims is not None:
                    frame = stack[-1]
                    if frame[0] == 0:
                        frame[1] = dims
                    elif frame[1] != dims:
                        raise self.error(
                            "tensor literal is invalid; ranks are not consistent between elements"
                        )
                    frame[0] += 1
                    if self.kind == ",":
                        self.advance()
                        break
                    if self.kind != "]":
                        raise self.error("expected ']'")
                self.advance()
                count, inner = stack.pop()
                dims = (count, *inner)
                if not stack:
                    return dims


def parse_dense_literal(text: str, type) -> Attribute:
    """The attribute `dense<text> : type`, checked as MLIR checks it; DenseSyntaxError if not.

    `text` is a splat element, a nested list shaped like `type`, a `"0x..."` string of raw
    little-endian data, or nothing (zero elements)."""
    end = len(text)
    if not isinstance(type, ShapedType):
        raise DenseSyntaxError("elements literal must be a shaped type", end)
    if not type.has_static_shape():
        raise DenseSyntaxError("elements literal type must have static shape", end)
    element_type = type.element_type
    numeric = is_numeric_element_type(element_type)
    if numeric:
        try:
            element_layout(element_type)
        except TypeError:
            raise DenseSyntaxError(
                f"dense elements of type '{element_type}' are not supported", end
            ) from None

    p = _LiteralParser(text)
    if p.kind == "string":  # raw data, or for string element types the splat value
        token, start = p.value, p.start
        p.advance()
        p.expect("eof", "expected '>'")
        if not numeric:
            return DenseStringElementsAttr(type, (unescape_string(token),), is_splat=True)
        return _hex_attr(token, start, type, end)
    list_shape = None
    if p.kind == "[":
        list_shape = p.parse_list()
    elif p.kind != "eof":
        p.parse_element()
    p.expect("eof", "expected '>'")

    if list_shape is not None and list_shape != type.shape:
        raise DenseSyntaxError(
            f"inferred shape of elements literal ([{', '.join(map(str, list_shape))}]) "
            f"does not match type ([{', '.join(map(str, type.shape))}])",
            end,
        )
    n = math.prod(type.shape)
    if not p.scalars and n:
        raise DenseSyntaxError(
            f"parsed zero elements, but type ('{type}') expected at least 1", end
        )
    is_splat = list_shape is None and bool(p.scalars)
    if isinstance(element_type, ComplexType):
        if p.pairs != p.leaves:
            expected = (
                f"('{element_type}') expected 2" if is_splat else f"('{type}') expected {2 * n}"
            )
            raise DenseSyntaxError(
                f"parsed {len(p.scalars)} elements, but type {expected} elements", end
            )
        element_type = element_type.element_type
    elif p.pairs:
        raise DenseSyntaxError(
            f"complex element literal is not valid for element type '{element_type}'", p.first_pair
        )

    if not numeric:
        return DenseStringElementsAttr(type, _string_values(p.scalars), is_splat)
    if isinstance(element_type, FloatType):
        raw = _float_data(p.scalars, element_type)
    else:
        raw = _int_data(p.scalars, element_type)
    return DenseElementsAttr(type, raw, is_splat)


def _hex_attr(token: str, start: int, type, end: int) -> DenseElementsAttr:
    hex_digits = token.startswith('"0x') and len(token) % 2 == 0
    if not hex_digits or _HEX_DIGITS_RE.fullmatch(token, 3, len(token) - 1) is None:
        raise DenseSyntaxError("expected string containing hex digits starting with `0x`", start)
    try:
        return DenseElementsAttr.from_raw_buffer(type, bytes.fromhex(token[3:-1]))
    except ValueError as e:
        raise DenseSyntaxError(str(e), end) from None


def _int_data(scalars: list, element_type) -> bytes:
    """Bytes of integer elements, with MLIR's checks (getIntAttrElements, buildAttributeAPInt)."""
    layout = element_layout(element_type)
    low, high, width, unsigned = layout.low, layout.high, layout.width, not layout.signed
    values = []
    append = values.append
    for kind, spelling, start, negated in scalars:
        if negated and unsigned:
            raise DenseSyntaxError(
                "expected unsigned integer elements, but parsed negative value", start
            )
        if kind == "integer":
            value = int(spelling, 16) if spelling[1:2] == "x" else int(spelling)
            if negated:
                value = -value
            if value < low or value > high or (negated and not value):
                raise DenseSyntaxError("integer constant out of range for type", start)
            append(value)
        elif kind == "bool":
            if width != 1:
                raise DenseSyntaxError("expected i1 type for 'true' or 'false' values", start)
            append(spelling == "true")
        elif kind == "float":
            raise DenseSyntaxError("expected integer elements, but parsed floating-point", start)
        else:
            raise DenseSyntaxError("expected integer elements, but parsed string", start)
    return layout.encode_ints(values)


def _float_data(scalars: list, element_type: FloatType) -> bytes:
    """Bytes of float elements (getFloatAttrElements): decimal literals round to the type,
    hexadecimal integers are bit patterns (the only way to write inf and NaN)."""
    layout = element_layout(element_type)
    values = []
    patterns = []  # (index, bits) of hexadecimal literals
    for kind, spelling, start, negated in scalars:
        if kind == "float":
            values.append(-float(spelling) if negated else float(spelling))
            continue
        if kind == "integer" and spelling[1:2] == "x":
            if negated:
                raise DenseSyntaxError(
                    "hexadecimal float literal should not have a leading minus", start
                )
            bits = int(spelling, 16)
            if bits >> 64:
                raise DenseSyntaxError(
                    "hexadecimal float constant out of range for attribute", start
                )
            if bits >> (8 * layout.nbytes):
                raise DenseSyntaxError("hexadecimal float constant out of range for type", start)
            patterns.append((len(values), bits))
            values.append(0.0)
            continue
        found = "string" if kind == "string" else "integer"
        raise DenseSyntaxError(f"expected floating-point elements, but parsed {found}", start)
    data = layout.encode_bits(np.array(values, dtype=np.float64))
    for index, bits in patterns:
        data[index] = bits
    return data.tobytes()


def _string_values(scalars: list) -> tuple:
    values = []
    for kind, spelling, start, _ in scalars:
        if kind != "string":
            raise DenseSyntaxError(f"expected string token, got {spelling}", start)
        values.append(unescape_string(spelling))
    return tuple(values)
