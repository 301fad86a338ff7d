"""The token-level parser base: cursor, located errors (placed as MLIR places them),
nesting limits, lists, keywords and balanced `<...>` bodies. `TypeParser`, `AttrParser` and
the op `Parser` build on it; dialect attribute parsers use its methods."""

from __future__ import annotations

import re

from mlc.ir.diagnostics import DiagnosticError, LineIndex
from mlc.ir.location import FileLineColLoc
from mlc.ir.syntax.lexer import Lexer, unescape_string

_BODY_DELIMS = re.compile(r'[<>()\[\]{}"]')
_STRING_RE = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"', re.S)  # unrolled: linear time
_CLOSERS = {"<": ">", "(": ")", "[": "]", "{": "}"}

MAX_NESTING = 256  # deeper nesting is a diagnostic, never a RecursionError


def _int_literal(text: str) -> int:
    """An integer token's value: hex after `0x`, else decimal (leading zeros allowed)."""
    return int(text, 16) if text[:2] in ("0x", "0X") else int(text)


class BaseParser(Lexer):
    """Token cursor with error reporting and the grammar pieces every parser shares."""

    __slots__ = (
        "ctx", "filename", "lines", "attr_aliases", "type_aliases", "depth",
        "first_line", "uniqued", "deferred_locs",
    )  # fmt: skip

    def __init__(self, src: str, ctx, filename: str = "<string>", first_line: int = 1) -> None:
        super().__init__(src)
        self.ctx = ctx
        self.filename = filename
        self.first_line = first_line
        self.lines = LineIndex(src, first_line)
        self.uniqued = ctx.uniqued_types
        self.deferred_locs = False  # a `loc(#alias)` came before its alias definition
        self.attr_aliases: dict = {}
        self.type_aliases: dict = {}
        self.depth = 0

    # --- errors and locations ------------------------------------------------------------
    def loc_at(self, pos: int) -> FileLineColLoc:
        line, col = self.lines.line_col(pos)
        return FileLineColLoc(self.filename, line, col)

    def error(self, message: str, pos: int | None = None) -> DiagnosticError:
        """An error at `pos`, to be raised by the caller. Without `pos` it is about the
        current token being wrong, and is placed as MLIR's `emitWrongTokenError` places it:
        at the end of the previous token when the current one starts a new line."""
        if pos is None and self.kind == "error":  # the lexer's own complaint comes first
            if self.text == '"':
                return DiagnosticError("expected '\"' in string literal", self.loc_at(self.pos))
            return DiagnosticError("unexpected character", self.loc_at(self.pos))
        if pos is None:  # "expected ..." is about the previous token's end, as in MLIR
            pos = self._wrong_token_pos() if message.startswith("expected") else self.pos
        return DiagnosticError(message, self.loc_at(pos))

    def _wrong_token_pos(self) -> int:
        src = self.src
        pos = self.pos
        if self.kind == "eof" and pos > 0:
            pos -= 1
        original = pos
        end = pos
        while True:
            while end > 0 and src[end - 1] in " \t":
                end -= 1
            if end == 0:
                return original
            if src[end - 1] not in "\n\r":
                return end
            end -= 1
            line_start = max(src.rfind("\n", 0, end), src.rfind("\r", 0, end)) + 1
            comment = src.find("//", line_start, end)
            if comment >= 0:
                end = comment

    def expect(self, text: str, context: str = "") -> None:
        if self.text != text or self.kind == "string":
            raise self.error(f"expected '{text}'" + (f" {context}" if context else ""))
        self.advance()

    def consume_if(self, text: str) -> bool:
        if self.text == text and self.kind != "string":
            self.advance()
            return True
        return False

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"nesting too deep (more than {MAX_NESTING} levels)")

    def parse_int_literal(self, context: str = "integer") -> int:
        neg = self.consume_if("-")
        if self.kind != "integer":
            raise self.error(f"expected {context}")
        value = _int_literal(self.text)
        self.advance()
        return -value if neg else value

    def parse_string(self, context: str = "string") -> str:
        if self.kind != "string":
            raise self.error(f"expected {context}")
        try:
            value = unescape_string(self.text)
        except ValueError as e:
            raise self.error(e.args[0], self.pos + e.args[1]) from None
        self.advance()
        return value

    def parse_comma_list(self, parse_element, close: str) -> list:
        """Elements separated by ',' up to (and consuming) `close`; empty allowed."""
        items = []
        if self.consume_if(close):
            return items
        while True:
            items.append(parse_element())
            if self.consume_if(","):
                continue
            self.expect(close, "in list")
            return items

    def balanced_body(self) -> tuple[str, int]:
        """Raw text inside the `<...>` that starts at the current token, which is consumed
        together with its body; returns (text, offset of the text)."""
        src = self.src
        start = self.pos
        if src[start] != "<":
            raise self.error("expected '<'")
        stack = ["<"]
        i = start + 1
        search = _BODY_DELIMS.search
        while True:
            m = search(src, i)
            if m is None:
                raise self.error("unbalanced '<' character in pretty dialect name", start)
            ch = m.group()
            i = m.end()
            if ch == '"':
                s = _STRING_RE.match(src, i - 1)
                if s is None:
                    raise self.error("expected '\"' in string literal", i - 1)
                i = s.end()
            elif ch == "<" and src[i : i + 1] == "=":
                continue  # `<=` in an integer set
            elif ch in _CLOSERS:
                stack.append(ch)
                if len(stack) > MAX_NESTING:
                    raise self.error("nesting too deep", i - 1)
            elif ch == ">" and (src[i - 2] == "-" or src[i : i + 1] == "=" or stack[-1] != "<"):
                continue  # `->`, `>=`, or a comparison inside brackets
            elif _CLOSERS[stack[-1]] != ch:
                raise self.error(
                    f"unbalanced '{stack[-1]}' character in pretty dialect name", i - 1
                )
            else:
                stack.pop()
                if not stack:
                    self.reset(i)
                    return src[start + 1 : i - 1], start + 1

    # --- keywords (also used by dialect attribute parsers) ---------------------------------
    def parse_keyword(self, keyword: str) -> None:
        if self.kind != "bare" or self.text != keyword:
            raise self.error(f"expected '{keyword}'")
        self.advance()

    def parse_optional_keyword(self, keyword: str) -> bool:
        if self.kind == "bare" and self.text == keyword:
            self.advance()
            return True
        return False

    def parse_any_keyword(self) -> str:
        if self.kind != "bare":
            raise self.error("expected keyword")
        text = self.text
        self.advance()
        return text

    def parse_colon_type(self):
        self.expect(":")
        return self.parse_type()

    def parse_colon_type_list(self) -> list:
        self.expect(":")
        return self.parse_type_list()

    def parse_type_list(self) -> list:
        types = [self.parse_type()]
        while self.consume_if(","):
            types.append(self.parse_type())
        return types
