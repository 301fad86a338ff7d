"""The textual pipeline grammar, pass options and the registry: what parses, how it prints back,
and the diagnostic (message and column) for every kind of malformed pipeline."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest

import mlc
from mlc.passes import Pass, PassManager, register_pass, register_pipeline
from mlc.passes.pass_base import split_list
from mlc.passes.pipeline import parse_pass_list, parse_pipeline
from mlc.passes.registry import lookup_pass, lookup_pipeline, registered_passes


@register_pass
@dataclass(frozen=True)
class OptionsPass(Pass):
    """Every option type, for the grammar tests."""

    name = "test-options"
    summary = "Has one option of each type"

    count: int = field(default=10, metadata={"help": "an int"})
    width: int = field(default=1, metadata={"help": "an int at least 1", "min": 1})
    enabled: bool = field(default=True, metadata={"help": "a bool"})
    ratio: float = field(default=0.5, metadata={"help": "a float"})
    label: str = field(default="", metadata={"help": "a string"})
    mode: Literal["normal", "aggressive", "disabled"] = field(
        default="normal", metadata={"help": "a choice"}
    )
    names: tuple[str, ...] = field(default=(), metadata={"help": "a list"})
    sizes: tuple[int, ...] = field(default=(), metadata={"help": "a list of ints"})

    def run(self, op) -> None:
        """Changes nothing: only the options matter here."""


@register_pass
@dataclass(frozen=True)
class FuncOnlyPass(Pass):
    name = "test-func-only"
    summary = "Anchored on func.func"
    anchor = "func.func"

    def run(self, op) -> None:
        """Changes nothing: only the anchor matters here."""


register_pipeline("test-cleanup", "dce,symbol-dce", "dce then symbol-dce")
register_pipeline("test-nested-cleanup", "func.func(dce),test-cleanup", "a pipeline of pipelines")
register_pipeline("test-loop", "dce,test-loop", "expands to itself")
register_pipeline("test-broken", "dce,nonexistent", "names an unknown pass")


def options_of(text: str) -> OptionsPass:
    (pass_,) = parse_pass_list(f"test-options{{{text}}}").elements
    return pass_


def error_of(text: str, parse=parse_pipeline) -> tuple[str, int]:
    with pytest.raises(mlc.DiagnosticError) as info:
        parse(text)
    diag = info.value.diagnostic
    return diag.message, diag.location.file_line_col().column


# --- what parses -------------------------------------------------------------------------------
def test_nested_pipeline_structure_and_printing():
    pm = PassManager.parse("builtin.module(func.func(dce, test-func-only),symbol-dce)")
    assert pm.op_name == "builtin.module"
    nested, sdce = pm.elements
    assert nested.op_name == "func.func"
    assert [p.name for p in nested.elements] == ["dce", "test-func-only"]
    assert sdce.name == "symbol-dce"
    assert str(pm) == "builtin.module(func.func(dce,test-func-only),symbol-dce)"
    assert [p.name for p in pm.passes()] == ["dce", "test-func-only", "symbol-dce"]


def test_empty_pipelines():
    assert str(PassManager.parse("builtin.module()")) == "builtin.module()"
    assert str(PassManager.parse(" builtin.module( func.func( ) ) ")) == (
        "builtin.module(func.func())"
    )


def test_option_values_of_every_type():
    p = options_of("count=4 enabled=false ratio=2.5 label=hi mode=aggressive names=a,b sizes=1,2")
    assert (p.count, p.enabled, p.ratio, p.label, p.mode) == (4, False, 2.5, "hi", "aggressive")
    assert (p.names, p.sizes) == (("a", "b"), (1, 2))


@pytest.mark.parametrize(
    ("text", "value"),
    [("enabled=1", True), ("enabled=0", False), ("enabled", True), ("enabled=False", False)],
)
def test_bool_spellings(text, value):
    assert options_of(text).enabled is value


def test_quoted_and_braced_values():
    assert options_of('label="a b}c"').label == "a b}c"
    assert options_of("label='x y'").label == "x y"
    assert options_of("label={nested{x=1} y}").label == "nested{x=1} y"
    assert options_of('names="a,b",c').names == ("a,b", "c")
    assert options_of("count=0x10").count == 16
    assert options_of("count=-3").count == -3


def test_defaults_are_not_printed_and_options_round_trip():
    assert parse_pass_list("test-options{count=10}").elements[0].pipeline_text() == "test-options"
    p = options_of('count=4 label="a b" names=x,y mode=disabled')
    text = p.pipeline_text()
    assert text == 'test-options{count=4 label="a b" mode=disabled names=x,y}'
    assert parse_pass_list(text).elements[0] == p


def test_xdsl_style_list_runs_on_the_module():
    pm = parse_pass_list("dce,test-options{count=2},func.func(dce)")
    assert str(pm) == "builtin.module(dce,test-options{count=2},func.func(dce))"


def test_named_pipelines_expand_in_place():
    pm = PassManager.parse("builtin.module(test-nested-cleanup,dce)")
    assert str(pm) == "builtin.module(func.func(dce),dce,symbol-dce,dce)"
    assert lookup_pipeline("test-cleanup").text == "dce,symbol-dce"


def test_registry_lookup_and_option_descriptions():
    assert lookup_pass("symbol-dce").summary == "Eliminate dead symbols"
    assert lookup_pass("nonexistent") is None
    names = [p.name for p in registered_passes()]
    assert names == sorted(names) and {"dce", "symbol-dce"} <= set(names)
    options = {o.name: o for o in OptionsPass.options()}
    assert options["count"].type_name == "int" and options["count"].default == 10
    assert options["mode"].type_name == "normal|aggressive|disabled"
    assert options["sizes"].type_name == "list<int>"
    assert options["label"].help == "a string"


def test_register_rejects_duplicates():
    with pytest.raises(ValueError, match="already registered"):
        register_pipeline("dce", "symbol-dce", "clashes with a pass")

    @dataclass(frozen=True)
    class Clash(Pass):
        name = "test-cleanup"

    with pytest.raises(ValueError, match="already registered"):
        register_pass(Clash)


def test_split_list_respects_nesting():
    assert split_list('a,{b,c},"d,e",f(g,h)') == ["a", "{b,c}", '"d,e"', "f(g,h)"]


# --- diagnostics ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("builtin.module(frobnicate)",
         "'frobnicate' does not refer to a registered pass or pass pipeline", 16),
        ("dce", "expected pass pipeline to be wrapped with the anchor operation type, "
                "e.g. 'builtin.module(...)'", 1),
        ("", "expected pass pipeline to be wrapped with the anchor operation type, "
             "e.g. 'builtin.module(...)'", 1),
        ("builtin.module(dce", "expected ')' to close the 'builtin.module' pipeline", 15),
        ("builtin.module(dce symbol-dce)", "expected ',' or ')' in the 'builtin.module' pipeline",
         20),
        ("builtin.module(dce))", "unexpected ')' after the pipeline", 20),
        ("builtin.module(dce,)", "expected a pass, pass pipeline or op name, found ')'", 20),
        ("builtin.module(,dce)", "expected a pass, pass pipeline or op name, found ','", 16),
        ("builtin.module(test-options{count=4)",
         "expected '}' to close the options of 'test-options'", 28),
        ("builtin.module(test-options{bogus=1})",
         "no option named 'bogus' in pass 'test-options'", 29),
        ("builtin.module(test-options{count=x})",
         "invalid value 'x' for option 'count' of pass 'test-options': expected an integer", 35),
        ("builtin.module(test-options{enabled=maybe})",
         "invalid value 'maybe' for option 'enabled' of pass 'test-options': expected a boolean "
         "(true, false, 1 or 0)", 37),
        ("builtin.module(test-options{ratio=fast})", "invalid value 'fast' for option 'ratio' of "
         "pass 'test-options': expected a floating-point number", 35),
        ("builtin.module(test-options{mode=wild})", "invalid value 'wild' for option 'mode' of "
         "pass 'test-options': expected one of normal, aggressive, disabled", 34),
        ("builtin.module(test-options{sizes=1,x})", "invalid value '1,x' for option 'sizes' of "
         "pass 'test-options': expected an integer", 35),
        ("builtin.module(test-options{width=0})", "test-options: width must be at least 1, not 0",
         16),
        ("builtin.module(tensor-tile-contractions{nr=-3})",
         "tensor-tile-contractions: nr must be 0 or positive, not -3", 16),
        ("builtin.module(test-options{count=1 count=2})",
         "option 'count' of pass 'test-options' is given twice", 37),
        ("builtin.module(test-options{=1})",
         "expected an option name in the options of 'test-options'", 29),
        ("builtin.module(test-options{label=\"open})", "unterminated quoted option value", 35),
        ("builtin.module(test-options{label={open)", "expected '}' to close the option value", 35),
        ("builtin.module(test-cleanup{x=1})", "pass pipeline 'test-cleanup' takes no options", 16),
        ("builtin.module(test-loop)",
         "in pass pipeline 'test-loop': pass pipeline 'test-loop' expands to itself", 16),
        ("builtin.module(test-broken)", "in pass pipeline 'test-broken': 'nonexistent' does not "
         "refer to a registered pass or pass pipeline", 16),
        ("builtin.module(test-func-only)", "pass 'test-func-only' runs on 'func.func' ops, not on "
         "'builtin.module': nest it, as in 'builtin.module(func.func(test-func-only))'", 16),
    ],
)  # fmt: skip
def test_pipeline_errors(text, message, column):
    assert error_of(text) == (message, column)


def test_option_minimums_hold_for_passes_made_in_python():
    with pytest.raises(mlc.DiagnosticError, match="width must be at least 1, not -4"):
        OptionsPass(width=-4)


def test_errors_render_with_the_pipeline_and_a_caret():
    with pytest.raises(mlc.DiagnosticError) as info:
        PassManager.parse("builtin.module(func.func(frobnicate))")
    assert str(info.value) == (
        "<pipeline>:1:26: error: 'frobnicate' does not refer to a registered pass or pass "
        "pipeline\nbuiltin.module(func.func(frobnicate))\n                         ^"
    )


def test_pass_list_errors():
    assert error_of("dce,,symbol-dce", parse_pass_list) == (
        "expected a pass, pass pipeline or op name, found ','", 5
    )
    assert error_of("dce symbol-dce", parse_pass_list) == ("unexpected 's' after the pipeline", 5)


def test_lookup_imports_only_the_pass_modules_it_needs():
    """`mlc-opt -p canonicalize,cse` imports neither the lowering passes nor the installed
    plugins' metadata (start-up time); listing the passes still names every one."""
    probe = (
        "import sys\n"
        "from mlc.tools.mlc_opt import run\n"
        "assert run(['-p', 'canonicalize,cse', sys.argv[1], '-o', sys.argv[2]]) == 0\n"
        "print(sorted(m for m in ('importlib.metadata', 'mlc.dialects.llvm',\n"
        "                         'mlc.passes.to_llvm.arith_to_llvm', 'mlc.passes.bufferize')\n"
        "             if m in sys.modules))\n"
        "from mlc.passes.registry import registered_passes\n"
        "print('convert-arith-to-llvm' in {p.name for p in registered_passes()})\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.mlir"
        source.write_text("func.func @f(%a: i32) -> i32 {\n  return %a : i32\n}\n")
        out = subprocess.run([sys.executable, "-c", probe, str(source), str(Path(tmp) / "out")],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert out.splitlines() == ["[]", "True"]
