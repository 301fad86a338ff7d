"""Diagnostics: errors, warnings, remarks and notes with locations, rendered as MLIR does.

    file.mlir:3:9: error: 'arith.addi' op requires the same type for all operands
      %0 = arith.addi %a, %b : i32
            ^

A `SourceManager` remembers the text of each parsed buffer so that a diagnostic can show
the offending line and a caret; it is optional (tools set one, the API works without).
"""

from __future__ import annotations

import bisect

from mlc.ir.location import UNKNOWN_LOC, Location

SEVERITIES = ("error", "warning", "remark", "note")


class Diagnostic:
    """One message with a severity, a location and attached notes."""

    __slots__ = ("severity", "message", "location", "notes")

    def __init__(self, severity: str, message: str, location: Location | None = None) -> None:
        self.severity = severity
        self.message = message
        self.location = location if location is not None else UNKNOWN_LOC
        self.notes: list[Diagnostic] = []

    def attach_note(self, message: str, location: Location | None = None) -> Diagnostic:
        note = Diagnostic("note", message, location if location is not None else self.location)
        self.notes.append(note)
        return note

    def render(self, sources: SourceManager | None = None) -> str:
        """The diagnostic and its notes as mlir-opt prints them on stderr."""
        parts = [_render_one(self, sources)]
        parts.extend(_render_one(n, sources) for n in self.notes)
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<Diagnostic {self.severity}: {self.message}>"


def _render_one(diag: Diagnostic, sources: SourceManager | None) -> str:
    flc = diag.location.file_line_col()
    if flc is None:
        prefix = "loc(unknown)" if diag.location == UNKNOWN_LOC else _loc_text(diag.location)
        return f"{prefix}: {diag.severity}: {diag.message}"
    head = f"{flc.filename}:{flc.line}:{flc.column}: {diag.severity}: {diag.message}"
    line = sources.line_text(flc.filename, flc.line) if sources is not None else None
    if line is None:
        return head
    caret = " " * max(flc.column - 1, 0) + "^"
    return f"{head}\n{line}\n{caret}"


def _loc_text(loc: Location) -> str:
    from mlc.ir.syntax.printer import attribute_to_str

    return attribute_to_str(loc)


class SourceManager:
    """Texts of the buffers parsed so far, for source lines under diagnostics."""

    def __init__(self) -> None:
        self._buffers: dict[str, tuple[str, LineIndex]] = {}

    def add(self, filename: str, text: str, first_line: int = 1) -> None:
        """Register `text` as lines `first_line...` of `filename`."""
        self._buffers[filename] = (text, LineIndex(text, first_line))

    def line_text(self, filename: str, line: int) -> str | None:
        entry = self._buffers.get(filename)
        if entry is None:
            return None
        text, index = entry
        starts = index.starts
        idx = line - index.first_line
        if not 0 <= idx < len(starts):
            return None
        end = starts[idx + 1] - 1 if idx + 1 < len(starts) else len(text)
        return text[starts[idx] : end].rstrip("\r")


class LineIndex:
    """Offset -> (line, column) for one buffer, by binary search over line starts."""

    __slots__ = ("starts", "first_line")

    def __init__(self, text: str, first_line: int = 1) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts
        self.first_line = first_line

    def line_col(self, offset: int) -> tuple[int, int]:
        idx = bisect.bisect_right(self.starts, offset) - 1
        return idx + self.first_line, offset - self.starts[idx] + 1


class DiagnosticError(Exception):
    """Raised for invalid input (text, IR, pipeline, option); `str()` is the rendering."""

    def __init__(self, message: str, location: Location | None = None, sources=None) -> None:
        self.diagnostic = Diagnostic("error", message, location)
        self.sources = sources
        super().__init__(message)

    @classmethod
    def from_diagnostic(cls, diag: Diagnostic, sources=None) -> DiagnosticError:
        err = cls(diag.message, diag.location, sources)
        err.diagnostic = diag
        return err

    def attach_note(self, message: str, location: Location | None = None) -> DiagnosticError:
        self.diagnostic.attach_note(message, location)
        return self

    def __str__(self) -> str:
        return self.diagnostic.render(self.sources)


class VerifyError(DiagnosticError):
    """A verifier failure on an operation."""

    def __init__(self, message: str, location: Location | None = None, op=None) -> None:
        super().__init__(message, location)
        self.op = op
