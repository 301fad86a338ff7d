"""The `--verify-diagnostics` matcher: MLIR's `expected-*` comments, every severity and
every way of naming the line."""

from __future__ import annotations

from mlc.ir.diagnostics import Diagnostic
from mlc.ir.location import FileLineColLoc
from mlc.tools.mlc_opt import check_diagnostics, collect_expected

TEXT = """\
// expected-error@+1 {{first}}
line two
line three // expected-warning {{second}}
// expected-remark@above {{third}}
// expected-note@below {{fourth}}
line six
line seven
// expected-error@-1 {{fifth}}
// expected-error@2 {{sixth}}
"""


def diag(severity: str, message: str, line: int) -> Diagnostic:
    return Diagnostic(severity, message, FileLineColLoc("f.mlir", line, 1))


def test_expected_comments_name_lines_in_every_form():
    expected = collect_expected(TEXT, "f.mlir")
    assert [(e.severity, e.line, e.message) for e in expected] == [
        ("error", 2, "first"),
        ("warning", 3, "second"),
        ("remark", 3, "third"),
        ("note", 6, "fourth"),
        ("error", 7, "fifth"),
        ("error", 2, "sixth"),
    ]


def test_all_matched_means_no_problems():
    expected = collect_expected(TEXT, "f.mlir")
    error = diag("error", "the first error", 2)
    error.notes.append(diag("note", "a fourth note", 6))
    emitted = [
        error,
        diag("warning", "second", 3),
        diag("remark", "third!", 3),
        diag("error", "fifth", 7),
        diag("error", "sixth", 2),
    ]
    assert check_diagnostics(emitted, expected) == []


def test_unexpected_and_missing_diagnostics_are_both_reported():
    expected = collect_expected("// expected-error@+1 {{wanted}}\nx\n", "f.mlir")
    problems = check_diagnostics([diag("error", "something else", 2)], expected)
    assert [p.message for p in problems] == [
        "unexpected error: something else",
        'expected error "wanted" was not produced',
    ]
    assert problems[1].location == FileLineColLoc("f.mlir", 1, 4)


def test_severity_must_match():
    expected = collect_expected("x // expected-warning {{msg}}\n", "f.mlir")
    problems = check_diagnostics([diag("error", "msg", 1)], expected)
    assert len(problems) == 2
