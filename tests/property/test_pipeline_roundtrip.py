"""Pipelines print as MLIR prints them, and the print is a fixed point of parsing.

For generated pass managers (nested anchors, passes with every option type and arbitrary
string values, spacing anywhere the grammar allows it):
- `str(pm)` parses back to an equal manager that prints identically;
- the text written with random spacing parses to the same manager;
- symbol-dce and dce leave verified IR on generated symbol tables, and symbol-dce keeps
  exactly the symbols reachable from public ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

import mlc
from mlc.passes import OpPassManager, Pass, PassManager, register_pass
from mlc.passes.pass_base import format_value
from mlc.passes.registry import lookup_pass


@register_pass
@dataclass(frozen=True)
class GeneratedOptionsPass(Pass):
    """A pass with one option of each type, for generated pipelines."""

    name = "test-generated-options"
    summary = "Options of every type"

    count: int = field(default=0, metadata={"help": "an int"})
    flag: bool = field(default=False, metadata={"help": "a bool"})
    label: str = field(default="", metadata={"help": "a string"})
    mode: Literal["a", "b-c"] = field(default="a", metadata={"help": "a choice"})
    sizes: tuple[int, ...] = field(default=(), metadata={"help": "a list of ints"})
    words: tuple[str, ...] = field(default=(), metadata={"help": "a list of strings"})

    def run(self, op) -> None:
        """Changes nothing: only the options matter here."""


WORD = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=6)
options = st.builds(
    GeneratedOptionsPass,
    count=st.integers(-(2**40), 2**40),
    flag=st.booleans(),
    label=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=8),
    mode=st.sampled_from(["a", "b-c"]),
    sizes=st.lists(st.integers(-100, 100), max_size=3).map(tuple),
    words=st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,4}", fullmatch=True), max_size=3).map(tuple),
)
simple = st.sampled_from(["dce", "symbol-dce"]).map(
    lambda name: lookup_pass(name)()
)
OP_NAMES = st.sampled_from(["func.func", "builtin.module", "any", "foo.bar"])


@st.composite
def managers(draw, op_name: str = "builtin.module", depth: int = 0) -> OpPassManager:
    pm = OpPassManager(op_name)
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            pm.elements.append(draw(managers(draw(OP_NAMES), depth + 1)))
        else:
            pm.elements.append(draw(st.one_of(simple, options)))
    return pm


def spaced(pm: OpPassManager, gaps) -> str:
    """`pm`'s text with random spacing wherever the grammar allows it."""
    parts = []
    for element in pm.elements:
        if isinstance(element, OpPassManager):
            parts.append(spaced(element, gaps))
            continue
        opts = [f"{o.name}={format_value(getattr(element, o.field_name))}"
                for o in element.options()]  # fmt: skip
        body = gaps.draw() + gaps.draw().join(opts) if opts else ""
        parts.append(f"{element.name}{{{body}{gaps.draw()}}}" if opts else element.name)
    sep = gaps.draw() + "," + gaps.draw()
    return f"{pm.op_name}{gaps.draw()}({gaps.draw()}{sep.join(parts)}{gaps.draw()})"


class _Gaps:
    """Draws spacing: nothing or a few blanks (at least one between options)."""

    def __init__(self, draw) -> None:
        self._draw = draw

    def draw(self) -> str:
        return self._draw(st.sampled_from([" ", "  ", "\t", " "]))


@given(managers())
def test_printed_pipeline_is_a_fixed_point(pm):
    text = str(pm)
    parsed = PassManager.parse(text)
    assert parsed == pm
    assert str(parsed) == text


@given(managers(), st.data())
def test_spacing_and_explicit_defaults_do_not_matter(pm, data):
    text = spaced(pm, _Gaps(data.draw))
    assert PassManager.parse(text) == pm


@st.composite
def symbol_modules(draw) -> tuple[str, set[str]]:
    """A module of functions calling each other, some private; and the names that must stay."""
    n = draw(st.integers(1, 6))
    private = [draw(st.booleans()) for _ in range(n)]
    calls = [draw(st.lists(st.integers(0, n - 1), max_size=3)) for _ in range(n)]
    lines = []
    for i in range(n):
        visibility = "private " if private[i] else ""
        lines.append(f"func.func {visibility}@f{i}() {{")
        lines.extend(f"  func.call @f{j}() : () -> ()" for j in calls[i])
        lines.append("  return\n}")
    live, stack = set(), [i for i in range(n) if not private[i]]
    while stack:
        i = stack.pop()
        if i not in live:
            live.add(i)
            stack.extend(calls[i])
    return "\n".join(lines), {f"f{i}" for i in live}


@given(symbol_modules())
def test_symbol_dce_keeps_exactly_the_reachable_symbols(case):
    text, live = case
    module = mlc.parse(text)
    PassManager.parse("builtin.module(symbol-dce,dce)").run(module)
    kept = {op.get_attr("sym_name").value for op in module.regions[0].blocks[0].ops}
    assert kept == live
