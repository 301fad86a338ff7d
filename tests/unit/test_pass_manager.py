"""Running pipelines: nested anchoring, verification after each pass, failures, the IR printer
and timing instrumentations, the crash reproducer, and `mlc-opt`'s pipeline flags."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest

import mlc
from mlc.ir.attributes import StringAttr
from mlc.passes import Pass, PassFailure, PassManager, register_pass
from mlc.passes.instrumentation import IRPrinter, PassTiming
from mlc.tools import mlc_opt

SOURCE = """\
module {
  func.func private @dead()
  func.func @f() -> i32 {
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    return %c2 : i32
  }
  module @inner {
    func.func @g() {
      return
    }
  }
}
"""

VISITS: list[tuple[str, str]] = []


def _sym(op) -> str:
    attr = op.get_attr("sym_name")
    return attr.value if attr is not None else op.name


@register_pass
@dataclass(frozen=True)
class RecordPass(Pass):
    """Records which ops it runs on."""

    name = "test-record"
    summary = "Records the ops it runs on"
    tag: str = field(default="", metadata={"help": "recorded with each op"})

    def run(self, op) -> None:
        VISITS.append((self.tag, _sym(op)))


@register_pass
@dataclass(frozen=True)
class FailPass(Pass):
    name = "test-fail"
    summary = "Always fails"

    def run(self, op) -> None:
        raise PassFailure("test-fail failed on purpose", op.location)


@register_pass
@dataclass(frozen=True)
class BreakIRPass(Pass):
    """Leaves a symbol table with a duplicate name: invalid IR."""

    name = "test-break-ir"
    summary = "Makes the IR invalid"

    def run(self, op) -> None:
        funcs = [o for o in op.regions[0].blocks[0].ops if o.name == "func.func"]
        funcs[1].properties["sym_name"] = funcs[0].properties["sym_name"]


@register_pass
@dataclass(frozen=True)
class RenamePass(Pass):
    """Changes the IR of `@f` only, for print-after-change."""

    name = "test-rename"
    summary = "Renames @f to @renamed"
    anchor = "func.func"

    def run(self, op) -> None:
        if _sym(op) == "f":
            op.properties["sym_name"] = StringAttr("renamed")


@pytest.fixture
def module():
    return mlc.parse(SOURCE, mlc.Context())


def test_nested_managers_run_on_directly_nested_ops_only(module):
    VISITS.clear()
    pm = PassManager.parse(
        "builtin.module(test-record{tag=m},func.func(test-record{tag=f}),"
        "builtin.module(test-record{tag=inner},func.func(test-record{tag=g})))"
    )
    pm.run(module)
    assert VISITS == [
        ("m", "builtin.module"), ("f", "dead"), ("f", "f"), ("inner", "inner"), ("g", "g"),
    ]  # fmt: skip


def test_any_matches_every_directly_nested_op(module):
    VISITS.clear()
    PassManager.parse("builtin.module(any(test-record))").run(module)
    assert VISITS == [("", "dead"), ("", "f"), ("", "inner")]


def test_manager_on_the_wrong_op_is_a_diagnostic(module):
    with pytest.raises(mlc.DiagnosticError, match="can't run 'func.func' pass manager on "
                                                   "'builtin.module' op"):  # fmt: skip
        PassManager("func.func").run(module)


def test_public_api_runs_the_real_passes(module):
    mlc.PassManager.parse("builtin.module(func.func(dce),symbol-dce)", mlc.Context()).run(module)
    text = str(module)
    assert "@dead" not in text and "arith.constant 1" not in text
    assert "arith.constant 2" in text


def test_failure_stops_the_pipeline(module):
    VISITS.clear()
    pm = PassManager.parse("builtin.module(test-record{tag=a},test-fail,test-record{tag=b})")
    with pytest.raises(PassFailure, match="test-fail failed on purpose"):
        pm.run(module)
    assert VISITS == [("a", "builtin.module")]


def test_verification_after_each_pass_names_the_pass(module):
    pm = PassManager.parse("builtin.module(test-break-ir)")
    with pytest.raises(PassFailure) as info:
        pm.run(module)
    diag = info.value.diagnostic
    assert diag.message == (
        "verification failed after pass 'test-break-ir': 'func.func' op redefinition of symbol "
        "named 'dead'"
    )
    assert diag.notes[0].message == "see existing symbol definition here"


def test_verify_each_false_skips_verification(module):
    PassManager.parse("builtin.module(test-break-ir)", verify_each=False).run(module)


def test_print_ir_before_and_after(module):
    out = io.StringIO()
    printer = IRPrinter(before=["symbol-dce"], after=["dce"], stream=out)
    PassManager.parse("builtin.module(symbol-dce,func.func(dce))", instrumentations=[printer]).run(
        module
    )
    text = out.getvalue()
    assert text.startswith("// -----// IR Dump Before SymbolDCE (symbol-dce) //----- //\nmodule {")
    assert text.count("IR Dump After DeadCodeElimination (dce)") == 1  # one func.func left
    assert "// -----// IR Dump After DeadCodeElimination (dce) //----- //\nfunc.func @f()" in text
    assert "IR Dump After SymbolDCE" not in text


def test_print_ir_after_change_only_prints_changed_ops(module):
    out = io.StringIO()
    printer = IRPrinter(after=None, after_change=True, stream=out)
    PassManager.parse("builtin.module(func.func(test-rename))", instrumentations=[printer]).run(
        module
    )
    assert out.getvalue() == (
        "// -----// IR Dump After RenamePass (test-rename) //----- //\n"
        "func.func @renamed() -> i32 {\n  %c1_i32 = arith.constant 1 : i32\n"
        "  %c2_i32 = arith.constant 2 : i32\n  return %c2_i32 : i32\n}\n\n"
    )


def test_print_ir_after_failure(module):
    out = io.StringIO()
    printer = IRPrinter(after_failure=True, stream=out)
    pm = PassManager.parse("builtin.module(dce,test-fail)", instrumentations=[printer])
    with pytest.raises(PassFailure):
        pm.run(module)
    assert out.getvalue().startswith(
        "// -----// IR Dump After FailPass Failed (test-fail) //----- //\nmodule {\n"
    )
    assert out.getvalue().count("IR Dump") == 1


def test_timing_report_is_a_tree(module):
    timing = PassTiming()
    pm = PassManager.parse("builtin.module(symbol-dce,func.func(dce))", instrumentations=[timing])
    pm.run(module)
    lines = timing.report().splitlines()
    assert lines[1].strip() == "... Execution time report ..."
    assert lines[3].startswith("  Total Execution Time: ")
    assert lines[5] == "  ----User Time----  ----Wall Time----  ----Name----"
    names = [line[40:] for line in lines[6:]]
    assert names == ["SymbolDCE", "'func.func' Pipeline", "  DeadCodeElimination", "Rest",
                     "Total"]  # fmt: skip


def test_crash_reproducer_round_trip_through_mlc_opt(tmp_path, capsys):
    source = tmp_path / "in.mlir"
    source.write_text(SOURCE)
    reproducer = tmp_path / "repro.mlir"
    output = tmp_path / "out.mlir"
    output.write_text("untouched")
    code = mlc_opt.run([
        str(source), "--pass-pipeline=builtin.module(symbol-dce,test-fail)",
        f"--mlir-pass-pipeline-crash-reproducer={reproducer}", "-o", str(output),
    ])  # fmt: skip
    assert code == 1
    assert output.read_text() == "untouched"
    err = capsys.readouterr().err
    assert "error: test-fail failed on purpose" in err
    assert "note: Pipeline failed while executing [`FailPass` on 'builtin.module' operation]" in err
    text = reproducer.read_text()
    assert "@dead" not in text  # the IR before the failing pass, after symbol-dce
    assert text.endswith(
        "{-#\n  external_resources: {\n    mlir_reproducer: {\n"
        '      pipeline: "builtin.module(test-fail)",\n      disable_threading: true,\n'
        "      verify_each: true\n    }\n  }\n#-}\n"
    )
    assert mlc_opt.run([str(reproducer), "--run-reproducer"]) == 1
    assert "test-fail failed on purpose" in capsys.readouterr().err


def test_run_reproducer_runs_the_stored_pipeline(tmp_path, capsys):
    path = tmp_path / "repro.mlir"
    path.write_text(SOURCE + '{-#\n  external_resources: {\n    mlir_reproducer: {\n      '
                    'pipeline: "builtin.module(symbol-dce)",\n      disable_threading: true,\n'
                    "      verify_each: true\n    }\n  }\n#-}\n")  # fmt: skip
    assert mlc_opt.run([str(path), "--run-reproducer"]) == 0
    assert "@dead" not in capsys.readouterr().out
    assert mlc_opt.run([str(path)]) == 0  # without the flag the section is ignored
    assert "@dead" in capsys.readouterr().out


def test_run_reproducer_without_a_section(tmp_path, capsys):
    path = tmp_path / "plain.mlir"
    path.write_text(SOURCE)
    assert mlc_opt.run([str(path), "--run-reproducer"]) == 1
    assert "the input has no mlir_reproducer pipeline" in capsys.readouterr().err


# --- mlc-opt ----------------------------------------------------------------------------------
def run_tool(capsys, *args: str, stdin: str = SOURCE, monkeypatch=None) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = mlc_opt.run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    "args",
    [["--pass-pipeline=builtin.module(func.func(dce),symbol-dce)"],
     ["-p", "func.func(dce),symbol-dce"], ["--dce", "--symbol-dce"], ["-dce", "-symbol-dce"]],
)  # fmt: skip
def test_the_three_ways_to_give_a_pipeline(capsys, monkeypatch, args):
    code, out, _ = run_tool(capsys, *args, monkeypatch=monkeypatch)
    assert code == 0
    assert "@dead" not in out and "arith.constant 1 " not in out


def test_pass_flags_run_in_command_line_order(capsys, monkeypatch):
    VISITS.clear()
    run_tool(capsys, "--test-record", "--dce", "--test-record", monkeypatch=monkeypatch)
    assert VISITS == [("", "builtin.module"), ("", "builtin.module")]


def test_anchored_pass_flags_nest_themselves(capsys, monkeypatch):
    code, out, _ = run_tool(capsys, "--test-rename", monkeypatch=monkeypatch)
    assert code == 0 and "@renamed" in out


def test_pipeline_errors_point_into_the_pipeline(capsys, monkeypatch):
    code, out, err = run_tool(capsys, "--pass-pipeline=builtin.module(frobnicate)",
                              monkeypatch=monkeypatch)  # fmt: skip
    assert code == 1 and out == ""
    assert err == (
        "mlc-opt: <pipeline>:1:16: error: 'frobnicate' does not refer to a registered pass or "
        "pass pipeline\nbuiltin.module(frobnicate)\n               ^\n"
    )


def test_pipeline_sources_are_exclusive(capsys, monkeypatch):
    code, _, err = run_tool(capsys, "-p", "dce", "--symbol-dce", monkeypatch=monkeypatch)
    assert code == 1
    assert err == (
        "mlc-opt: error: use only one of '--pass-pipeline', '-p' and individual pass flags\n"
    )


def test_pass_failure_is_a_diagnostic_with_the_source_line(capsys, monkeypatch):
    code, out, err = run_tool(capsys, "-p", "test-fail", monkeypatch=monkeypatch)
    assert code == 1
    assert err == "<stdin>:1:1: error: test-fail failed on purpose\nmodule {\n^\n"


def test_split_input_file_runs_the_pipeline_per_chunk(capsys, monkeypatch):
    VISITS.clear()
    text = "func.func private @a()\n// -----\nfunc.func private @b()\n"
    code, out, _ = run_tool(capsys, "--split-input-file", "--symbol-dce", "--test-record",
                            stdin=text, monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0
    assert out == "module {\n}\n\n// -----\nmodule {\n}\n\n"
    assert len(VISITS) == 2


def test_timing_and_print_flags(capsys, monkeypatch):
    code, _, err = run_tool(capsys, "--symbol-dce", "--mlir-timing", "--mlir-print-ir-after-all",
                            monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0
    assert err.startswith("// -----// IR Dump After SymbolDCE (symbol-dce) //----- //\nmodule {")
    assert "... Execution time report ..." in err
    for name in ("  Parser", "  SymbolDCE", "  Output", "  Rest", "  Total"):
        assert name + "\n" in err


def test_list_passes_and_help(capsys):
    assert mlc_opt.run(["--list-passes"]) == 0
    listing = capsys.readouterr().out
    assert "  symbol-dce: Eliminate dead symbols\n" in listing
    assert '  test-record: Records the ops it runs on\n    tag: string = ""  recorded' in listing
    with pytest.raises(SystemExit):
        mlc_opt.run(["--help"])
    help_text = capsys.readouterr().out
    assert "--symbol-dce" in help_text and "Eliminate dead symbols" in help_text
