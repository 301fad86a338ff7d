"""The parser's fast path for one-line generic ops (`Parser._parse_simple_ops`) builds what
the general path builds: the same ops, values, properties, attributes and locations, and on
bad input the same diagnostic. Checked on generated modules in generic form, as written and
with lines dropped, duplicated, swapped or edited (forward references, redefinitions, type
mismatches, unknown names), by parsing each text twice: as is, and with the fast path off.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import any_modules

import mlc
from mlc.ir.syntax.parser import Parser

EDITS = ("%0", "%1#1", "i64", "f32", '"foo.op"', "<{}>", "{a = 1 : i32}", "loc(unknown)", "//")


def outcome(text: str) -> tuple[str, str]:
    """("ok", the module in generic form with locations) or ("error", the diagnostic)."""
    ctx = mlc.Context(allow_unregistered_dialects=True)
    try:
        module = mlc.parse(text, ctx, "fast.mlir", verify_ir=False)
    except mlc.DiagnosticError as error:
        return "error", str(error)
    return "ok", module.print(generic=True, debuginfo=True)


def general_outcome(text: str) -> tuple[str, str]:
    """`outcome` with every op parsed by the general path."""
    with mock.patch.object(Parser, "_parse_simple_ops", lambda self, block: False):
        return outcome(text)


@st.composite
def generic_texts(draw) -> str:
    """A generated module printed in generic form (one op per line)."""
    ctx = mlc.Context(allow_unregistered_dialects=True)
    module = mlc.parse(draw(any_modules()), ctx, verify_ir=False)
    return module.print(generic=True)


@st.composite
def edited_texts(draw) -> str:
    """A generic-form module with up to three line-level edits."""
    lines = draw(generic_texts()).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(("drop", "duplicate", "swap", "edit")))
        if kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            start = draw(st.integers(0, len(line)))
            end = draw(st.integers(start, min(len(line), start + 6)))
            lines[i] = line[:start] + draw(st.sampled_from(EDITS)) + line[end:]
        if not lines:
            break
    return "\n".join(lines)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generic_texts())
def test_fast_path_builds_what_the_general_path_builds(text):
    fast = outcome(text)
    assert fast[0] == "ok", fast[1]
    assert fast == general_outcome(text)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_texts())
# an op's trailing location on a later line (found by this test) is the general path's
@example('"builtin.module"() ({\n  "foo.op"() : () -> ()\nloc(unknown)  "builtin.module"() '
         '({\n  ^bb0:\n  }) : () -> ()\n}) : () -> ()\n')  # fmt: skip
@example('"builtin.module"() ({\n  "foo.op"() : () -> ()\n  // a comment\n  loc(unknown)\n'
         '}) : () -> ()\n')  # fmt: skip
def test_fast_path_reports_what_the_general_path_reports(text):
    assert outcome(text) == general_outcome(text)


def test_fast_path_is_taken():
    """Generic one-line ops do go through the fast path (else the tests compare nothing)."""
    text = (
        '"builtin.module"() ({\n  %0 = "foo.a"() : () -> i32\n'
        '  "foo.b"(%0) <{p = 1 : i32}> : (i32) -> ()\n}) : () -> ()\n'
    )
    results = []
    fast = Parser._parse_simple_ops

    def recording(self, block):
        results.append(fast(self, block))
        return results[-1]

    with mock.patch.object(Parser, "_parse_simple_ops", recording):
        assert outcome(text)[0] == "ok"
    assert True in results
