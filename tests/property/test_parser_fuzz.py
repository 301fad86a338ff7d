"""The parser on broken input: a diagnostic, never a crash, a hang or a runaway recursion.

Valid generated modules are mutated (characters and tokens deleted, duplicated, swapped or
replaced; text truncated; stray characters inserted). `mlc.parse` must either succeed, and then
the module prints and verifies or fails verification with a `DiagnosticError`, or raise
`mlc.DiagnosticError` whose text is an MLIR-style diagnostic. Any other exception fails.
Raw bytes, including invalid UTF-8, go through the `mlc-opt` command line instead.
"""

from __future__ import annotations

import contextlib
import re
import signal
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from external_tools import mlc_opt_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_modules

import mlc

CTX = mlc.Context(allow_unregistered_dialects=True)
SECONDS_PER_INPUT = 10  # generous: a parse of a few KB takes milliseconds
DEEP = 10_000
MODERATE = 100

TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[%^@#!][\w$.\-]*|0x[0-9a-fA-F]+'
                   r"|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|[A-Za-z_][\w$.]*|->|::|\S")
STRAY = ("{", "}", "(", ")", "[", "]", "<", ">", '"', "%", "^", "@", "#", "!", ":", ",", "=",
         "->", "\\", "\x00", "\n", "\t", "\r", "loc(", "?", "x", "-", ".", "0x", "1e", "//",
         "\u2028", "é", "\ufffd", "\U0001F600", "%0", "^bb0:", "{-#", "#-}", "dense<", "[[",
         "affine_map<(d0) -> (", "}) : () -> ()", "\x7f")


class Timeout(BaseException):
    """Raised inside the parser when an input takes longer than `SECONDS_PER_INPUT`
    (a BaseException, so that no `except Exception` in the parser can swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt the block after `seconds` (SIGALRM; only possible on the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise Timeout(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mutations(draw, text: str) -> str:
    """`text` with one random character-level or token-level change."""
    kind = draw(st.sampled_from(("delete", "duplicate", "swap", "replace", "insert", "truncate",
                                 "delete_token", "duplicate_token", "swap_tokens")))
    if kind.endswith(("token", "tokens")):
        spans = [m.span() for m in TOKEN.finditer(text)]
        if len(spans) < 2:
            return text
        i = draw(st.integers(0, len(spans) - 1))
        start, end = spans[i]
        if kind == "delete_token":
            return text[:start] + text[end:]
        if kind == "duplicate_token":
            return text[:end] + " " + text[start:end] + text[end:]
        j = draw(st.integers(0, len(spans) - 1))
        (a, b), (c, d) = sorted([spans[i], spans[j]])
        if b > c:
            return text
        return text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
    if not text:
        return draw(st.sampled_from(STRAY))
    i = draw(st.integers(0, len(text) - 1))
    if kind == "delete":
        return text[:i] + text[i + 1:]
    if kind == "duplicate":
        return text[:i] + text[i] + text[i:]
    if kind == "swap":
        return text[:i] + text[i + 1:i + 2] + text[i] + text[i + 2:]
    if kind == "truncate":
        return text[:i]
    stray = draw(st.one_of(st.sampled_from(STRAY), st.text(max_size=3)))
    if kind == "replace":
        return text[:i] + stray + text[i + 1:]
    return text[:i] + stray + text[i:]


@st.composite
def mutated_modules(draw) -> str:
    text = draw(any_modules())
    for _ in range(draw(st.integers(1, 3))):
        text = draw(mutations(text))
    return text


def check_diagnostic(error: mlc.DiagnosticError, text: str, filename: str) -> None:
    """`file:line:col: error: message` at a place inside the input (the source line and caret
    under it are checked once, in `test_diagnostic_shows_source_line_and_caret`)."""
    rendered = str(error)
    first = rendered.splitlines()[0] if rendered else ""
    assert "error: " in first, f"not an MLIR-style diagnostic: {rendered!r}"
    located = re.match(re.escape(filename) + r":(\d+):(\d+): error: ", first)
    if located:
        line, column = int(located[1]), int(located[2])
        assert 1 <= line <= text.count("\n") + 1, f"line {line} outside the input: {first}"
        assert column >= 1, first


def parse_print_verify(text: str, filename: str = "fuzz.mlir") -> mlc.Operation | None:
    """Parse; on success print both forms and verify. Only DiagnosticError may escape."""
    with time_limit(SECONDS_PER_INPUT):
        try:
            module = mlc.parse(text, CTX, filename=filename)
        except mlc.DiagnosticError as error:
            check_diagnostic(error, text, filename)
            return None
        module.print(generic=True)
        module.print()
        try:
            mlc.verify(module)
        except mlc.DiagnosticError:
            return None
        return module


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_modules())
def test_mutated_input_parses_or_gives_a_diagnostic(text: str) -> None:
    parse_print_verify(text)


@pytest.mark.parametrize(("text", "line", "column"), [
    ('"foo.op"() : () -> (i32\n', 1, 24),
    ('module {\n  "foo.op"(%missing) : (i32) -> ()\n}\n', 2, 12),
    ("func.func @f() {\n  %0 = arith.constant 1 : i32 `\n}\n", 2, 31),
], ids=["end-of-file", "undefined-value", "bad-character"])
def test_diagnostic_shows_source_line_and_caret(text: str, line: int, column: int) -> None:
    """As mlir-opt prints it: `file:line:col: error: ...`, the source line, a caret below."""
    with pytest.raises(mlc.DiagnosticError) as caught:
        mlc.parse(text, CTX, filename="caret.mlir")
    rendered = str(caught.value).splitlines()
    assert rendered[0].startswith(f"caret.mlir:{line}:{column}: error: "), rendered
    assert rendered[1:3] == [text.splitlines()[line - 1], " " * (column - 1) + "^"], rendered


@pytest.mark.parametrize("text", ["", "\n", " ", "// only a comment", "module", "module {",
                                  "}", '"', '"foo.op"', "%0 =", "^bb0:", "#map =", "!t =",
                                  "{-#", "\x00", "\ufeffmodule {\n}\n", "module {\r\n}\r\n"],
                         ids=repr)
def test_tiny_inputs(text: str) -> None:
    parse_print_verify(text)


def nested(kind: str, depth: int) -> tuple[str, bool]:
    """An input nesting one construct `depth` deep, and whether MLIR's syntax is complete."""
    if kind == "regions":
        return '"foo.op"() ({\n' * depth + "}) : () -> ()\n" * depth, True
    if kind == "unclosed regions":
        return '"foo.op"() ({\n' * depth, False
    if kind == "arrays":
        return '"foo.op"() {a = ' + "[" * depth + "]" * depth + "} : () -> ()\n", True
    if kind == "unclosed arrays":
        return '"foo.op"() {a = ' + "[" * depth, False
    if kind == "dictionaries":
        return '"foo.op"() {a = ' + "{a = " * depth + "1" + "}" * depth + "} : () -> ()\n", True
    if kind == "tuple types":
        return '"foo.op"() : () -> ' + "tuple<" * depth + "i32" + ">" * depth + "\n", True
    if kind == "function types":
        return '"foo.op"() : () -> ' + "(() -> " * depth + "i32" + ")" * depth + "\n", True
    if kind == "affine parentheses":
        body = "(" * depth + "d0" + ")" * depth
        return f'"foo.op"() {{m = affine_map<(d0) -> ({body})>}} : () -> ()\n', True
    if kind == "call-site locations":
        loc = "callsite(" * depth + '"a"' + ' at "b")' * depth
        return f'"foo.op"() : () -> () loc({loc})\n', True
    if kind == "opaque attribute body":
        return '"foo.op"() {a = #foo.x' + "<" * depth + ">" * depth + "} : () -> ()\n", True
    raise ValueError(kind)


NESTED_KINDS = ["regions", "unclosed regions", "arrays", "unclosed arrays", "dictionaries",
                "tuple types", "function types", "affine parentheses", "call-site locations",
                "opaque attribute body"]


@pytest.mark.parametrize("kind", NESTED_KINDS)
def test_deep_nesting_is_a_diagnostic_not_a_crash(kind: str) -> None:
    """10k levels: a DiagnosticError (never RecursionError), fast; for constructs other than
    regions and arrays, accepting is fine too if the result prints."""
    text, _ = nested(kind, DEEP)
    module = parse_print_verify(text, filename="deep.mlir")
    if kind in ("regions", "arrays"):
        assert module is None, f"10k nested {kind} were accepted; expected a nesting diagnostic"


@pytest.mark.parametrize("kind", ["regions", "arrays", "dictionaries", "tuple types",
                                  "function types", "affine parentheses", "call-site locations"])
def test_moderate_nesting_is_accepted(kind: str) -> None:
    """mlir-opt takes 100 levels of anything; so must mlc, and print a fixed point."""
    text, _ = nested(kind, MODERATE)
    with time_limit(SECONDS_PER_INPUT):
        module = mlc.parse(text, CTX, filename="nested.mlir")
        printed = module.print()
        assert mlc.parse(printed, CTX).print() == printed


# ---------------------------------------------------------------- raw bytes through mlc-opt

RAW_INPUTS = {
    "invalid utf-8 in a string": b'"foo.op"() {a = "x\xff\xfey"} : () -> ()\n',
    "invalid utf-8 in an op name": b'"foo.op\xc3"() : () -> ()\n',
    "invalid utf-8 in a comment": b'"foo.op"() : () -> () // \x80\x81\n',
    "invalid utf-8 in an ssa name": b'%\xff = "foo.op"() : () -> i32\n',
    "truncated multi-byte sequence at end": b'"foo.op"() : () -> ()\n\xe2\x82',
    "nul byte": b'"foo.op"() \x00: () -> ()\n',
    "utf-16 text": '"foo.op"() : () -> ()\n'.encode("utf-16"),
    "lone surrogate bytes": b'"foo.op"() {a = "\xed\xa0\x80"} : () -> ()\n',
    "deeply nested regions": nested("regions", DEEP)[0].encode(),
    "deeply nested arrays": nested("arrays", DEEP)[0].encode(),
}


def run_mlc_opt(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([*mlc_opt_command(), "--allow-unregistered-dialect", "-"],
                          input=data, capture_output=True, timeout=60, check=False)


def test_command_line_takes_any_bytes() -> None:
    """Non-UTF-8 input is accepted (as mlir-opt does in strings and comments) or diagnosed:
    exit 0 or 1, never a traceback."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(RAW_INPUTS, pool.map(run_mlc_opt, RAW_INPUTS.values())))
    problems = []
    for name, result in results.items():
        stderr = result.stderr.decode(errors="replace")
        if result.returncode not in (0, 1) or "Traceback" in stderr:
            problems.append(f"{name}: exit {result.returncode}\n{stderr[-1500:]}")
        elif result.returncode == 1 and "error: " not in stderr:
            problems.append(f"{name}: exit 1 without a diagnostic: {stderr[:500]!r}")
    assert not problems, "\n\n".join(problems)
