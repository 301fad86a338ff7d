"""MLIR's textual pass pipeline grammar, parsed into `OpPassManager`s.

    pipeline ::= element (',' element)*
    element  ::= op-name '(' pipeline? ')'        a nested manager anchored on op-name
               | pass-name ('{' options '}')?      a registered pass, options `key=value ...`
               | pipeline-name                     a registered named pipeline, expanded

`parse_pipeline` takes the anchored form `--pass-pipeline` takes
(`builtin.module(func.func(cse),symbol-dce)`); `parse_pass_list` takes xDSL's `-p` form
(`cse,symbol-dce{...}`: top-level elements on the module). Every error is a `DiagnosticError`
at a column of the pipeline text (file name `<pipeline>`), so it renders with a caret.
"""

from __future__ import annotations

import re

from mlc.ir.diagnostics import DiagnosticError, LineIndex, SourceManager
from mlc.ir.location import FileLineColLoc
from mlc.passes.pass_base import OptionValueError, scan_top_level
from mlc.passes.pass_manager import OpPassManager, PassManager
from mlc.passes.registry import lookup_pass, lookup_pipeline

PIPELINE_FILENAME = "<pipeline>"
_NAME_RE = re.compile(r"[A-Za-z0-9_.$\-]+")
_SPACE_RE = re.compile(r"\s*")


def parse_pipeline(text: str, **options) -> PassManager:
    """A `PassManager` for `op-name(...)`; `options` go to `PassManager`."""
    parser = _PipelineParser(text)
    parser.skip_space()
    start = parser.pos
    name = parser.name()
    parser.skip_space()
    if not name or not parser.peek("("):
        raise parser.error(
            "expected pass pipeline to be wrapped with the anchor operation type, "
            "e.g. 'builtin.module(...)'",
            start,
        )
    pm = PassManager(name, **options)
    parser.nested_body(pm)
    parser.expect_end()
    return pm


def parse_pass_list(text: str, anchor: str = "builtin.module", **options) -> PassManager:
    """A `PassManager` on `anchor` running the comma list `text` (xDSL's `-p`). A list that
    is one element anchored on `anchor` itself (`builtin.module(cse)`, MLIR's `-p`) is that
    pipeline, not a pipeline over modules nested in the module."""
    if re.fullmatch(rf"\s*{re.escape(anchor)}\s*\(.*\)\s*", text, re.S):
        return parse_pipeline(text, **options)
    parser = _PipelineParser(text)
    pm = PassManager(anchor, **options)
    parser.elements(pm)
    parser.expect_end()
    return pm


class _PipelineParser:
    """A cursor over one pipeline string; errors point at its columns."""

    def __init__(self, text: str, expanding: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.pos = 0
        self.expanding = expanding  # named pipelines being expanded (to reject cycles)

    # --- low level ----------------------------------------------------------------------
    def error(self, message: str, pos: int | None = None) -> DiagnosticError:
        line, col = LineIndex(self.text).line_col(self.pos if pos is None else pos)
        sources = SourceManager()
        sources.add(PIPELINE_FILENAME, self.text)
        return DiagnosticError(message, FileLineColLoc(PIPELINE_FILENAME, line, col), sources)

    def skip_space(self) -> None:
        self.pos = _SPACE_RE.match(self.text, self.pos).end()

    def peek(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def name(self) -> str:
        m = _NAME_RE.match(self.text, self.pos)
        if m is None:
            return ""
        self.pos = m.end()
        return m.group()

    def expect_end(self) -> None:
        self.skip_space()
        if self.pos < len(self.text):
            raise self.error(f"unexpected '{self.text[self.pos]}' after the pipeline")

    # --- grammar ------------------------------------------------------------------------
    def elements(self, pm: OpPassManager) -> None:
        """`element (',' element)*` into `pm`."""
        while True:
            self.element(pm)
            self.skip_space()
            if not self.peek(","):
                return
            self.pos += 1

    def element(self, pm: OpPassManager) -> None:
        self.skip_space()
        start = self.pos
        name = self.name()
        if not name:
            found = repr(self.text[self.pos]) if self.pos < len(self.text) else "end of pipeline"
            raise self.error(f"expected a pass, pass pipeline or op name, found {found}")
        self.skip_space()
        if self.peek("("):
            self.nested_body(pm.nest(name))
            return
        options = self.options(name) if self.peek("{") else None
        pass_cls = lookup_pass(name)
        if pass_cls is not None:
            self.add_pass(pm, pass_cls, options or [], start)
            return
        info = lookup_pipeline(name)
        if info is None:
            raise self.error(
                f"'{name}' does not refer to a registered pass or pass pipeline", start
            )
        if options is not None:
            raise self.error(f"pass pipeline '{name}' takes no options", start)
        self.expand(pm, info, start)

    def nested_body(self, pm: OpPassManager) -> None:
        """`'(' pipeline? ')'` at the cursor, into the nested manager `pm`."""
        open_pos = self.pos
        self.pos += 1
        self.skip_space()
        if not self.peek(")"):
            self.elements(pm)
            self.skip_space()
        if not self.peek(")"):
            if self.pos >= len(self.text):
                raise self.error(f"expected ')' to close the '{pm.op_name}' pipeline", open_pos)
            raise self.error(f"expected ',' or ')' in the '{pm.op_name}' pipeline")
        self.pos += 1

    def options(self, pass_name: str) -> list[tuple[str, str, int, int]]:
        """`'{' (key ('=' value)?)* '}'`: (key, value text, key column, value column)."""
        open_pos = self.pos
        self.pos += 1
        result = []
        while True:
            self.skip_space()
            if self.peek("}"):
                self.pos += 1
                return result
            if self.pos >= len(self.text) or self.peek(")"):
                raise self.error(f"expected '}}' to close the options of '{pass_name}'", open_pos)
            key_pos = self.pos
            key = self.name()
            if not key:
                raise self.error(f"expected an option name in the options of '{pass_name}'")
            if not self.peek("="):
                result.append((key, "true", key_pos, key_pos))
                continue
            self.pos += 1
            value_pos = self.pos
            result.append((key, self.option_value(), key_pos, value_pos))

    def option_value(self) -> str:
        """A value: quoted, `{...}` (braces dropped, as MLIR), or text up to a space or the
        closing brace, with nested brackets and quotes kept whole."""
        text, start = self.text, self.pos
        if self.peek("{"):
            end = self._balanced_end(start)
            self.pos = end
            return text[start + 1 : end - 1]
        i, open_quote = scan_top_level(text, start, str.isspace)
        if open_quote:
            raise self.error("unterminated quoted option value", start)
        self.pos = i
        return text[start:i]

    def _balanced_end(self, start: int) -> int:
        depth = 0
        for i in range(start, len(self.text)):
            ch = self.text[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return i + 1
        raise self.error("expected '}' to close the option value", start)

    # --- building -----------------------------------------------------------------------
    def add_pass(self, pm: OpPassManager, pass_cls, options, start: int) -> None:
        by_name = {o.name: o for o in pass_cls.options()}
        values = {}
        for key, value, key_pos, value_pos in options:
            option = by_name.get(key)
            if option is None:
                raise self.error(f"no option named '{key}' in pass '{pass_cls.name}'", key_pos)
            if option.field_name in values:
                raise self.error(
                    f"option '{key}' of pass '{pass_cls.name}' is given twice", key_pos
                )
            try:
                values[option.field_name] = option.parse(value)
            except OptionValueError as e:
                raise self.error(
                    f"invalid value '{value}' for option '{key}' of pass '{pass_cls.name}': {e}",
                    value_pos,
                ) from None
        try:
            pm.add(pass_cls(**values))
        except DiagnosticError as e:
            raise self.error(e.diagnostic.message, start) from None

    def expand(self, pm: OpPassManager, info, start: int) -> None:
        if info.name in self.expanding:
            raise self.error(f"pass pipeline '{info.name}' expands to itself", start)
        sub = _PipelineParser(info.text, self.expanding | {info.name})
        try:
            sub.elements(pm)
            sub.expect_end()
        except DiagnosticError as e:
            message = e.diagnostic.message
            raise self.error(f"in pass pipeline '{info.name}': {message}", start) from None
