"""MLIR's token grammar as one compiled regular expression.

Hot path: one `re` match per token, whitespace and `//` comments folded into the same match,
no per-character Python work. The stream is lazy (constant memory on million-op files) and
can be reset to any offset, which the dimension-list grammar (`4x?xf32`) needs, as MLIR's
lexer does.
"""

from __future__ import annotations

import re

_SUFFIX = r"(?:[0-9]+|[A-Za-z_$.\-][A-Za-z0-9_$.\-]*)"

TOKEN_RE = re.compile(
    r"[ \t\r\n]*(?:"  # alternatives ordered by frequency in real IR
    r"(?P<punct>->|::|\.\.\.|\{-\#|\#-\}|[(){}\[\]<>:,=?*+\-|])"
    r"|(?P<percent>%" + _SUFFIX + r")"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_$.]*)"
    r"|(?P<float>[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<integer>0x[0-9A-Fa-f]+|[0-9]+)"
    r"|(?P<string>\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\")"
    r"|(?P<caret>\^" + _SUFFIX + r")"
    r"|(?P<hash>\#" + _SUFFIX + r")"
    r"|(?P<bang>!" + _SUFFIX + r")"
    r"|(?P<at>@(?:[A-Za-z_$.][A-Za-z0-9_$.\-]*|\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"))"
    r"|(?P<comment>//[^\n]*)"
    r"|(?P<eof>\Z)"
    r"|(?P<error>\"|.)"
    r")",
    re.S,
)

_BARE_SYMBOL_RE = re.compile(r"[A-Za-z_$.][A-Za-z0-9_$.\-]*\Z")
_BARE_ID_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_$.]*\Z")
_ESCAPE_RE = re.compile(r"\\(?:([0-9A-Fa-f]{2})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def is_bare_symbol(name: str) -> bool:
    return _BARE_SYMBOL_RE.match(name) is not None


def is_bare_identifier(name: str) -> bool:
    return _BARE_ID_RE.match(name) is not None


def unescape_string(token: str) -> str:
    """The value of a quoted string token (`"a\\0Ab"`), as MLIR's `Token::getStringValue`."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    data = bytearray()
    pos = 0
    for m in _ESCAPE_RE.finditer(body):
        data += body[pos : m.start()].encode("utf-8")
        hexdigits, ch = m.groups()
        if hexdigits is not None:
            data.append(int(hexdigits, 16))
        elif ch in _SIMPLE_ESCAPES:
            data += _SIMPLE_ESCAPES[ch].encode("utf-8")
        else:  # (message, offset of the backslash in the token)
            raise ValueError("unknown escape in string literal", 1 + m.start())
        pos = m.end()
    data += body[pos:].encode("utf-8")
    return data.decode("utf-8", errors="surrogateescape")


class Lexer:
    """A cursor over the tokens of `src`: `kind`, `text` and `pos` describe the current one,
    `end` is where the next one is looked for."""

    __slots__ = ("src", "kind", "text", "pos", "end", "_match")

    def __init__(self, src: str, pos: int = 0) -> None:
        self.src = src
        self._match = TOKEN_RE.match
        self.reset(pos)

    def reset(self, pos: int) -> None:
        """Continue lexing at source offset `pos` (MLIR's `resetPointer`)."""
        self.end = pos
        self.advance()

    def advance(self) -> None:
        m = self._match(self.src, self.end)
        kind = m.lastgroup
        while kind == "comment":
            m = self._match(self.src, m.end())
            kind = m.lastgroup
        self.kind = kind
        self.pos = m.start(kind)
        self.text = m.group(kind)
        self.end = m.end()
