"""Module linking (`mlc.link`, `mlc-link`): resolution, conflicts, private renaming, and the
property that linking the pieces of a randomly split module gives back the module."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.passes.link import LinkError
from mlc.tools.mlc_link import run as mlc_link


def parse(text: str, name: str = "<input>"):
    from mlc.ir.syntax.parser import parse_module

    return parse_module(text, mlc.Context(), name)


def symbols(module) -> dict:
    from mlc.ir.symbol_table import symbol_name

    return {symbol_name(op): op for op in module.regions[0].blocks[0].ops}


MAIN = """
func.func private @square(i32) -> i32
func.func private @helper(%x: i32) -> i32 {
  %0 = arith.addi %x, %x : i32
  return %0 : i32
}
func.func @main(%x: i32) -> i32 {
  %0 = func.call @square(%x) : (i32) -> i32
  %1 = func.call @helper(%0) : (i32) -> i32
  return %1 : i32
}
"""
LIB = """
func.func private @helper(%x: i32) -> i32 {
  %0 = arith.muli %x, %x : i32
  return %0 : i32
}
func.func @square(%x: i32) -> i32 {
  %0 = func.call @helper(%x) : (i32) -> i32
  return %0 : i32
}
"""


def test_declarations_resolve_and_clashing_private_definitions_are_renamed():
    linked = mlc.link([parse(MAIN), parse(LIB)])
    assert sorted(symbols(linked)) == ["helper", "helper_1", "main", "square"]
    assert not symbols(linked)["square"].is_declaration()
    # main's helper doubles, the library's squares: (3*3) + (3*3)
    assert mlc.interpret(linked, "main", 3)[0] == 18


def test_a_public_name_defined_twice_is_reported_at_both():
    with pytest.raises(LinkError) as info:
        mlc.link([parse(LIB, "a.mlir"), parse(LIB, "b.mlir")])
    diagnostic = info.value.diagnostic
    assert "symbol '@square' is defined twice" in diagnostic.message
    assert "b.mlir" in str(diagnostic.location)
    assert "a.mlir" in str(diagnostic.notes[0].location)


def test_declarations_must_match_the_definition():
    decl = "func.func private @square(i64) -> i64\n"
    with pytest.raises(LinkError, match="declared with different types"):
        mlc.link([parse(decl), parse(LIB)])


def test_unresolved_declarations_stay_once():
    decl = "func.func private @ext(i32) -> i32\n"
    linked = mlc.link([parse(decl), parse(decl)])
    assert list(symbols(linked)) == ["ext"]


def test_the_tool_writes_nothing_on_failure(tmp_path, capsys):
    a, b, out = tmp_path / "a.mlir", tmp_path / "b.mlir", tmp_path / "out.mlir"
    a.write_text(LIB)
    b.write_text(LIB)
    out.write_text("previous")
    assert mlc_link([str(a), str(b), "-o", str(out)]) == 1
    assert out.read_text() == "previous"
    assert "defined twice" in capsys.readouterr().err
    b.write_text(MAIN)
    assert mlc_link([str(b), str(a), "-o", str(out)]) == 0
    assert "func.func @main" in out.read_text()
    assert mlc_link([str(tmp_path / "missing.mlir")]) == 1


# --- property: split a module, link the pieces, get the module back ------------------------
@st.composite
def call_chains(draw):
    """A module of functions `f0..fk`, each computing on its argument and calling some
    earlier ones, plus private helpers; the ops of each function are recorded."""
    count = draw(st.integers(2, 6))
    funcs = []
    for i in range(count):
        callees = draw(st.lists(st.integers(0, i - 1), max_size=2)) if i else []
        private = draw(st.booleans()) and i < count - 1
        body = ["%v0 = arith.addi %x, %x : i32"]
        for k, c in enumerate(callees):
            body.append(f"%v{k + 1} = func.call @f{c}(%v{k}) : (i32) -> i32")
        body.append(f"return %v{len(callees)} : i32")
        funcs.append((f"f{i}", private, body, callees))
    callers = {i: sum(i in f[3] for f in funcs) for i in range(count)}
    # a private function is reachable from one module only: keep it to one caller
    return [(n, p and callers[i] <= 1, b, c) for i, (n, p, b, c) in enumerate(funcs)]


def _function(name, private, body) -> str:
    visibility = "private " if private else ""
    lines = "\n".join("  " + line for line in body)
    return f"func.func {visibility}@{name}(%x: i32) -> i32 {{\n{lines}\n}}\n"


@settings(max_examples=30, deadline=None)
@given(call_chains(), st.data())
def test_linking_a_split_module_gives_it_back(funcs, data):
    whole = "".join(_function(n, p, b) for n, p, b, _ in funcs)
    # private functions must live with their callers: keep every function's home among the
    # pieces where its callers are, by putting privates with the first function calling them
    pieces = data.draw(st.integers(1, 3))
    home = {}
    for name, _, _, callees in reversed(funcs):
        home.setdefault(name, data.draw(st.integers(0, pieces - 1)))
        for c in callees:
            if funcs[c][1]:  # a private callee goes where its caller is
                home[f"f{c}"] = home[name]
    texts = [""] * pieces
    for name, private, body, _ in funcs:
        texts[home[name]] += _function(name, private, body)
    for k in range(pieces):  # declarations of what each piece calls from elsewhere
        defined = {n for n, _, _, _ in funcs if home[n] == k}
        called = {f"f{c}" for n, _, _, cs in funcs if home[n] == k for c in cs}
        texts[k] = "".join(f"func.func private @{c}(i32) -> i32\n"
                           for c in sorted(called - defined)) + texts[k]  # fmt: skip
    linked = mlc.link([parse(t) for t in texts])
    original = parse(whole)
    assert sorted(symbols(linked)) == sorted(symbols(original))
    for name, private, _, _ in funcs:
        if not private:
            assert mlc.interpret(linked, name, 5) == mlc.interpret(original, name, 5)
