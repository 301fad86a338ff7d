"""The `Pass` base: a frozen dataclass whose fields are its typed options (as xDSL's
`ModulePass`), named and described as MLIR's pass registry describes it.

    @register_pass
    @dataclass(frozen=True)
    class Canonicalize(Pass):
        name = "canonicalize"
        summary = "Canonicalize operations"
        max_iterations: int = field(default=10, metadata={"help": "..."})

        def run(self, op) -> None: ...

An option's pipeline spelling is its field name with `-` for `_` (`max-iterations`). Supported
option types: bool, int, float, str, `Literal[...]` (a choice) and `tuple[T, ...]` (a list).
An int option with `"min"` in its metadata is checked when the pass is made: a smaller
value is a `PassFailure` naming the option (at the pass in a pipeline's text).
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any, ClassVar

from mlc.ir.attributes import escape_string
from mlc.ir.diagnostics import DiagnosticError

_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")


class PassFailure(DiagnosticError):
    """Raised by a pass that cannot do its work; stops the pipeline (`signalPassFailure`)."""


class OptionValueError(ValueError):
    """A pass option's text does not fit its type; the message says what was expected."""


@dataclass(frozen=True)
class PassOption:
    """One option of a pass, as `--list-passes` shows it."""

    name: str  # pipeline spelling, e.g. `max-iterations`
    field_name: str
    type: Any
    default: Any
    help: str

    @property
    def type_name(self) -> str:
        return _type_name(self.type)

    def parse(self, text: str) -> Any:
        """The value of `text` for this option; raises `OptionValueError`."""
        return _parse_value(self.type, text)


@dataclass(frozen=True)
class Pass:
    """A transformation over one op. Subclasses are frozen dataclasses: fields are options."""

    name: ClassVar[str] = ""  # the pipeline argument, MLIR's spelling (`symbol-dce`)
    summary: ClassVar[str] = ""
    anchor: ClassVar[str | None] = None  # the op name the pass runs on; None: any op

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            minimum = f.metadata.get("min")
            value = getattr(self, f.name)
            if minimum is not None and value < minimum:
                bound = "0 or positive" if minimum == 0 else f"at least {minimum}"
                raise PassFailure(
                    f"{self.name}: {f.name.replace('_', '-')} must be {bound}, not {value}"
                )

    def run(self, op) -> None:
        """Transform `op` in place; raise `PassFailure` (or any `DiagnosticError`) to fail."""
        raise NotImplementedError(f"pass '{self.name}' does not implement run()")

    @property
    def display_name(self) -> str:
        """The name in IR dumps and timing reports (MLIR's `Pass::getName`, the class)."""
        return type(self).__name__

    @classmethod
    def options(cls) -> list[PassOption]:
        hints = typing.get_type_hints(cls)
        result = []
        for f in dataclasses.fields(cls):
            default = f.default
            if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            help_text = f.metadata.get("help", "")
            result.append(
                PassOption(f.name.replace("_", "-"), f.name, hints[f.name], default, help_text)
            )
        return result

    def pipeline_text(self) -> str:
        """`name{opt=value ...}` with the options that differ from their defaults: the text
        parses back to an equal pass."""
        changed = []
        for option in self.options():
            value = getattr(self, option.field_name)
            if value != option.default:
                changed.append(f"{option.name}={format_value(value)}")
        return f"{self.name}{{{' '.join(changed)}}}" if changed else self.name


def format_value(value: Any) -> str:
    """An option value in pipeline syntax; strings that would not re-parse are quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(format_value(v) for v in value)
    text = str(value)
    if isinstance(value, str) and (not text or any(c in text for c in " \t\n{}[](),'\"=")):
        return escape_string(text)
    return text


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) is typing.Literal:
        return "|".join(str(a) for a in typing.get_args(tp))
    if typing.get_origin(tp) is tuple:
        return f"list<{_type_name(typing.get_args(tp)[0])}>"
    return {bool: "bool", int: "int", float: "float", str: "string"}.get(tp, str(tp))


def scan_top_level(text: str, start: int, stops) -> tuple[int, bool]:
    """From `start`, the index of the first character satisfying `stops` outside quotes and
    brackets (or of an unmatched closing bracket, or the end), and whether a quote is left
    open. The one scanner behind option values and option lists."""
    depth, quote, i = 0, "", start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "{[(":
            depth += 1
        elif ch in "}])":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and stops(ch):
            break
        i += 1
    return i, bool(quote)


def split_list(text: str) -> list[str]:
    """Split `a,b{c,d},"e,f"` at its top-level commas (brackets and quotes nest)."""
    items, start = [], 0
    while True:
        end, _ = scan_top_level(text, start, lambda ch: ch == ",")
        if end < len(text) and text[end] == ",":
            items.append(text[start:end])
            start = end + 1
            continue
        items.append(text[start:])
        return items


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        from mlc.ir.syntax.lexer import unescape_string

        return unescape_string('"' + text[1:-1] + '"') if text[0] == '"' else text[1:-1]
    return text


def _parse_value(tp: Any, text: str) -> Any:
    origin = typing.get_origin(tp)
    if origin is tuple:
        element = typing.get_args(tp)[0]
        return () if text == "" else tuple(_parse_value(element, t) for t in split_list(text))
    if origin is typing.Literal:
        choices = typing.get_args(tp)
        value = _unquote(text)
        if value not in choices:
            raise OptionValueError(f"expected one of {', '.join(map(str, choices))}")
        return value
    if tp is bool:
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise OptionValueError("expected a boolean (true, false, 1 or 0)")
    if tp is int:
        try:
            return int(text, 0) if text.lower().startswith(("0x", "-0x")) else int(text, 10)
        except ValueError:
            raise OptionValueError("expected an integer") from None
    if tp is float:
        try:
            return float(text)
        except ValueError:
            raise OptionValueError("expected a floating-point number") from None
    return _unquote(text)
