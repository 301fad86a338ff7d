"""`mlc-run`: inputs from .npy files, --arg and --random-inputs; outputs printed or saved;
--check against the reference interpreter; --time; and a diagnostic, never a traceback,
for every bad input. Most tests call `run(argv)` in-process; a few run the tool as a
process for its exit codes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import mlc
from mlc.tools import mlc_run
from mlc.tools.common import ToolError
from mlc.tools.mlc_run import run
from mlc.tools.run_inputs import copy_keeping_layout, parse_arg, random_value
from mlc.tools.run_outputs import format_duration, mismatch

MODULE = """
func.func @scale(%in: memref<?xf32>, %out: memref<?xf32>, %s: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %in, %c0 : memref<?xf32>
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %x = memref.load %in[%i] : memref<?xf32>
    %y = arith.mulf %x, %s : f32
    memref.store %y, %out[%i] : memref<?xf32>
    %next = arith.addf %acc, %y : f32
    scf.yield %next : f32
  }
  return %sum : f32
}
func.func @fill(%out: memref<2x3xi32>, %v: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      memref.store %v, %out[%i, %j] : memref<2x3xi32>
    }
  }
  return
}
func.func @corner(%m: memref<2x3xf64, strided<[?, ?], offset: ?>>) -> f64 {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %x = memref.load %m[%c1, %c2] : memref<2x3xf64, strided<[?, ?], offset: ?>>
  return %x : f64
}
func.func @mix(%a: i64, %b: f64) -> (i64, f64) {
  %c = arith.muli %a, %a : i64
  %d = arith.negf %b : f64
  return %c, %d : i64, f64
}
"""


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("mlc_run") / "kernels.mlir"
    path.write_text(MODULE)
    return str(path)


def npy(tmp_path, name: str, array) -> str:
    path = str(tmp_path / name)
    np.save(path, array)
    return path


def run_tool(capsys, *argv) -> tuple[int, str, str]:
    code = run(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- inputs and outputs ---------------------------------------------------------------------
def test_npy_inputs_and_saved_outputs(source, tmp_path, capsys) -> None:
    x = np.linspace(-1, 1, 5, dtype=np.float32)
    out = tmp_path / "out"
    x_file, o_file = npy(tmp_path, "x.npy", x), npy(tmp_path, "o.npy", np.zeros(5, np.float32))
    argv = f"-e scale -i {x_file} -i {o_file} --arg 3 --output-memref-args -o {out} --check"
    code, stdout, _ = run_tool(capsys, source, *argv.split())
    assert code == 0 and stdout.startswith("check: the outputs match")
    assert sorted(os.listdir(out)) == ["arg0.npy", "arg1.npy", "result0.npy"]  # no temp files
    np.testing.assert_array_equal(np.load(out / "arg1.npy"), x * np.float32(3))
    np.testing.assert_array_equal(np.load(out / "arg0.npy"), x)  # read, not written
    assert np.load(out / "result0.npy") == np.sum(x * np.float32(3), dtype=np.float32)
    assert np.load(out / "result0.npy").dtype == np.float32


def test_function_without_results_outputs_its_memref_arguments(source, capsys) -> None:
    code, stdout, _ = run_tool(capsys, source, "-e", "fill", "--random-inputs", "--arg", "x")
    assert code == 1  # --arg comes before the random ones: 'x' is argument #0
    code, stdout, _ = run_tool(
        capsys, source, "-e", "fill", "--arg", "[[0, 0, 0], [0, 0, 0]]", "--arg", "-4"
    )
    assert code == 0
    assert stdout == "argument #0 (memref<2x3xi32>):\n[[-4, -4, -4],\n [-4, -4, -4]]\n"


def test_scalars_print_as_numpy_scalars(source, capsys) -> None:
    code, stdout, _ = run_tool(capsys, source, "-e", "mix", "--arg", "-3", "--arg", "0.1")
    assert code == 0
    assert stdout == "result #0 (i64): 9\nresult #1 (f64): -0.1\n"
    code, stdout, _ = run_tool(capsys, source, "-e", "mix", "-a", "-0x2", "--arg", "-1e5")
    assert code == 0  # values that look like options are values after --arg
    assert stdout == "result #0 (i64): 4\nresult #1 (f64): 100000.0\n"


def test_random_inputs_are_reproducible(source, capsys) -> None:
    argv = [source, "-e", "scale", "--random-inputs", "--shape", "0=6", "--shape", "1=6"]
    first = run_tool(capsys, *argv, "--seed", "5")
    again = run_tool(capsys, *argv, "--seed", "5")
    other = run_tool(capsys, *argv, "--seed", "6")
    assert first == again and first[0] == 0
    assert first[1] != other[1]


def test_given_arguments_come_first_then_random_ones(source, capsys) -> None:
    code, stdout, _ = run_tool(
        capsys, source, "-e", "mix", "--arg", "7", "--random-inputs", "--check"
    )
    assert code == 0 and stdout.startswith("result #0 (i64): 49\n")


@pytest.mark.parametrize("order", ["C", "F"])
def test_npy_layouts(source, tmp_path, capsys, order) -> None:
    """A Fortran-order file reaches a strided memref with its strides, and identity layouts
    get a C-ordered copy."""
    m = np.asarray(np.arange(6.0).reshape(2, 3), order=order)
    code, stdout, _ = run_tool(
        capsys, source, "-e", "corner", "--input", npy(tmp_path, "m.npy", m), "--check"
    )
    assert code == 0 and stdout.startswith("result #0 (f64): 5.0\n")
    f32 = np.asfortranarray(np.ones((3, 1), np.float32))[:, 0]
    argv = f"-e scale -i {npy(tmp_path, 'x.npy', f32)} --random-inputs --shape 1=3 --check"
    code, _, _ = run_tool(capsys, source, *argv.split())
    assert code == 0


@pytest.mark.parametrize("level", ["-O0", "-O1", "-O2", "-O3"])
def test_optimization_levels(source, capsys, level) -> None:
    code, stdout, _ = run_tool(capsys, source, "-e", "mix", "--arg", "5", "--arg", "2", level)
    assert code == 0 and stdout == "result #0 (i64): 25\nresult #1 (f64): -2.0\n"


def test_time_reports_median_and_minimum(source, capsys) -> None:
    code, stdout, _ = run_tool(
        capsys, source, "-e", "mix", "--arg", "1", "--arg", "1", "--time", "3"
    )
    assert code == 0
    assert stdout.splitlines()[-1].startswith("time: median ")
    assert stdout.splitlines()[-1].endswith(" over 3 runs")


def test_explicit_pipeline_replaces_the_default(source, capsys) -> None:
    pipeline = mlc_run.DEFAULT_PIPELINE.replace("builtin.module(", "").rstrip(")")
    code, _, _ = run_tool(capsys, source, "-e", "mix", "--arg", "1", "--arg", "1", "-p", pipeline)
    assert code == 0
    argv = "-e mix --arg 1 --arg 1 --pass-pipeline=builtin.module(convert-scf-to-cf)"
    code, _, err = run_tool(capsys, source, *argv.split())
    assert code == 1 and "error: cannot be converted to LLVM IR" in err


# --- --check --------------------------------------------------------------------------------
def test_check_reports_a_mismatch(source, tmp_path, capsys, monkeypatch) -> None:
    """A wrong result (here: a tampered reference) is an error naming the output, the
    first differing element and the error size."""

    def off_by_one(module, entry, inputs, with_args):
        values = real(module, entry, inputs, with_args)
        values[2] = values[2].copy()
        values[2][2] += 1
        return values

    real = mlc_run.run_reference
    monkeypatch.setattr(mlc_run, "run_reference", off_by_one)
    argv = ["-e", "scale", "--arg", "[1, 2, 3]", "--arg", "[0, 0, 0]", "--arg", "2"]
    code, stdout, err = run_tool(capsys, source, *argv, "--check", "--output-memref-args")
    assert code == 1 and "check:" not in stdout
    assert err == (
        "mlc-run: error: argument #1 (memref<?xf32>) differs from the reference interpreter: "
        "1 of 3 elements differ; first at index (2,): got 6.0, expected 7.0 "
        "(max abs error 1, rtol=1e-05, atol=1e-08)\n"
    )
    saved = tmp_path / "saved"
    code, _, _ = run_tool(
        capsys, source, *argv, "--check", "--output-memref-args", "-o", str(saved)
    )
    assert code == 1 and not saved.exists()  # nothing saved from a failed check


def test_mismatch_rules() -> None:
    assert mismatch("r", np.int32(3), np.int32(3), 0, 0) is None
    assert mismatch("r", np.int32(3), np.int32(4), 0.5, 10) == (
        "r differs from the reference interpreter: got 4, expected 3"
    )
    assert "(max abs error inf," in mismatch("r", np.array([1.0, 2]), np.array([np.nan, 2]), 0, 0)
    assert "dtype bool" in mismatch("r", np.int8(1), np.bool_(True), 0, 0)
    assert mismatch("r", np.float32(1.0), np.float32(1.0 + 1e-7), 1e-6, 0) is None
    assert mismatch("r", np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), 0, 0) is None
    assert "shape (2,), the interpreter gives (3,)" in mismatch("r", np.zeros(3), np.zeros(2), 0, 0)
    assert "dtype float32" in mismatch("r", np.float64(1), np.float32(1), 0, 0)
    assert mismatch("r", np.int16(-1), np.uint16(65535), 0, 0) is None  # interpreter's ui16


def test_format_duration() -> None:
    assert format_duration(1.5) == "1.5 s"
    assert format_duration(0.00456) == "4.56 ms"
    assert format_duration(12.3e-6) == "12.3 us"
    assert format_duration(5e-8) == "50 ns"


# --- bad input --------------------------------------------------------------------------------
@pytest.fixture
def files(tmp_path) -> dict[str, str]:
    np.savez(tmp_path / "pair.npz", a=np.zeros(2))
    (tmp_path / "text.npy").write_text("not numpy")
    (tmp_path / "bad.mlir").write_text("func.func @f() {\n  %0 = arith.constant : i32\n}\n")
    return {
        "f64": npy(tmp_path, "f64.npy", np.zeros(3)),
        "matrix": npy(tmp_path, "matrix.npy", np.zeros((2, 2), np.float32)),
        "f32_6": npy(tmp_path, "f32_6.npy", np.zeros(6, np.float32)),
        "scalar_array": npy(tmp_path, "scalar_array.npy", np.zeros(2, np.int64)),
        "npz": str(tmp_path / "pair.npz"),
        "text": str(tmp_path / "text.npy"),
        "bad": str(tmp_path / "bad.mlir"),
        "missing": str(tmp_path / "missing.npy"),
    }


BAD_RUNS = [
    (["-e", "nope"], "no function 'nope' in the module (functions: 'scale', 'fill', 'corner',"),
    (["-e", "mix", "--arg", "1"], "'mix' takes 2 arguments, 1 given (--input/--arg)"),
    (["-e", "mix", "-a", "1", "-a", "2", "-a", "3"], "'mix' takes 2 arguments, 3 given"),
    (["-e", "mix", "--input", "{f64}", "--arg", "1"], "(i64) expects dtype int64, '{f64}' holds"),
    (["-e", "scale", "--input", "{f64}", "--random-inputs"],
     "argument #0 of 'scale' (memref<?xf32>) expects dtype float32, '{f64}' holds float64"),
    (["-e", "scale", "--input", "{matrix}", "--random-inputs", "--shape", "1=2"],
     "argument #0 of 'scale' (memref<?xf32>) expects rank 1, got shape (2, 2) (from "),
    (["-e", "fill", "--input", "{f32_6}", "--arg", "1"], "expects dtype int32, '"),
    (["-e", "mix", "--input", "{scalar_array}", "--arg", "1"],
     "argument #0 of 'mix' (i64) is a scalar, '{scalar_array}' holds an array of shape (2,)"),
    (["-e", "mix", "--input", "{npz}", "--arg", "1"], "is an .npz archive"),
    (["-e", "mix", "--input", "{text}", "--arg", "1"], "is not a readable .npy file"),
    (["-e", "mix", "--input", "{missing}", "--arg", "1"], "could not open input file"),
    (["-e", "mix", "--arg", "1", "--arg", "1e999999"], "(f64): '1e999999' is out of range"),
    (["-e", "mix", "--arg", "99999999999999999999", "--arg", "1"], "is out of range"),
    (["-e", "mix", "--arg", "1", "--arg", "1", "-p", "nope"], "'nope' does not refer to a"),
    (["-e", "mix", "-p", "cse", "--pass-pipeline=builtin.module(cse)"], "use only one of"),
    (["-e", "mix", "--random-inputs", "--time", "-1"], "--time expects a number of runs >= 0"),
    (["-e", "mix", "--random-inputs", "--rtol", "-1"], "must not be negative"),
    (["-e", "scale", "--random-inputs", "--shape", "0:4"], "--shape expects ARG=SIZES"),
    (["-e", "scale", "--random-inputs", "--shape", "0=4x4"], "--shape '4x4' does not fit"),
    (["-e", "mix", "--arg", "1", "--random-inputs", "--shape", "0=4"],
     "argument #0 is not drawn at random"),
    (["-e", "corner", "--arg", "[[1, 2], [3, 4]]"], "dimension 1 must be 3, got shape (2, 2)"),
    (["-e", "scale", "--random-inputs"], "has dynamic sizes: give them with --shape 0=SIZES"),
    (["-e", "mix", "--random-inputs", "--signature", "(i64) -> i64"], "--signature is for"),
]  # fmt: skip


@pytest.mark.parametrize("argv, message", BAD_RUNS)
def test_bad_input_is_one_diagnostic(source, files, capsys, argv, message) -> None:
    argv = [a.format(**files) for a in argv]
    code, stdout, err = run_tool(capsys, source, *argv)
    assert code == 1 and stdout == ""
    assert message.format(**files) in err
    assert "Traceback" not in err and "internal error" not in err


def test_a_declaration_is_no_entry(tmp_path, capsys) -> None:
    path = tmp_path / "declaration.mlir"
    path.write_text("func.func private @ext(i32) -> i32\n")
    code, _, err = run_tool(capsys, str(path), "-e", "ext", "--arg", "1")
    assert code == 1 and err == "mlc-run: error: 'ext' is a declaration, it has no body to run\n"


def test_parse_errors_are_located(files, capsys) -> None:
    code, _, err = run_tool(capsys, files["bad"], "-e", "f")
    assert code == 1 and err.startswith(f"{files['bad']}:2:")


def test_undefined_behaviour_stops_before_native_code(tmp_path, capsys) -> None:
    path = tmp_path / "oob.mlir"
    path.write_text(
        "func.func @main(%m: memref<4xf32>, %i: index) -> f32 {\n"
        "  %x = memref.load %m[%i] : memref<4xf32>\n"
        "  return %x : f32\n}\n"
    )
    code, stdout, err = run_tool(
        capsys, str(path), "--random-inputs", "--arg", "[1,2,3,4]", "--arg", "100000000", "--check"
    )
    assert code == 1 and stdout == ""
    assert "the reference interpreter fails on these inputs (native code was not run)" in err
    assert f"{path}:2:8: error: 'memref.load' op " in err


# --- as a process -----------------------------------------------------------------------------
def tool(*argv, stdin: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mlc.tools.mlc_run", *argv]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


def test_exit_codes_and_stdin() -> None:
    ok = tool("-", "-e", "mix", "--arg", "4", "--arg", "0.5", "--check", stdin=MODULE)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("result #0 (i64): 16\nresult #1 (f64): -0.5\ncheck:")
    bad = tool("-", "-e", "mix", "--arg", "[1]", "--arg", "1", stdin=MODULE)
    assert bad.returncode == 1 and bad.stdout == ""
    assert (
        bad.stderr == "mlc-run: error: argument #0 of 'mix' (i64) expects an integer, got '[1]'\n"
    )


# --- input helpers ----------------------------------------------------------------------------
def test_random_memrefs_follow_their_layout() -> None:
    t = mlc.parse("func.func private @f(memref<3x2xf32, strided<[5, 2], offset: 1>>)")
    memref_type = next(iter(t.ops)).properties["function_type"].value.inputs[0]
    value = random_value(memref_type, np.random.default_rng(0), 0, "argument #0")
    assert value.shape == (3, 2) and value.strides == (20, 8) and value.dtype == np.float32
    root = value.base
    assert value.__array_interface__["data"][0] - root.__array_interface__["data"][0] == 4
    assert ((-1 <= value) & (value < 1)).all()


@pytest.mark.parametrize(
    "make",
    [
        lambda a: a,
        lambda a: np.asfortranarray(a),
        lambda a: a[::-1, ::2],
        lambda a: np.asfortranarray(a)[1:, ::-1].T,
    ],
)
def test_copies_keep_strides_and_offset(make) -> None:
    view = make(np.arange(24.0).reshape(4, 6))
    copy = copy_keeping_layout(view)
    np.testing.assert_array_equal(copy, view)
    assert copy.strides == view.strides and not np.shares_memory(copy, view)


def test_arg_text() -> None:
    from mlc.ir.types import IntegerType, VectorType, f32, i1

    assert parse_arg("-0x10", IntegerType(32), "a") == -16
    assert parse_arg("true", i1, "a") == 1
    assert np.isnan(parse_arg("nan", f32, "a")) and parse_arg("-inf", f32, "a") == -np.inf
    vector = parse_arg("[1, 2.5]", VectorType((2,), f32), "a")
    assert vector.dtype == np.float32 and vector.tolist() == [1.0, 2.5]
    with pytest.raises(ToolError, match="has elements out of range"):
        parse_arg("[1, 300]", VectorType((2,), IntegerType(8)), "a")
    with pytest.raises(ToolError, match="expects int8 elements"):
        parse_arg("[1, 2.5]", VectorType((2,), IntegerType(8)), "a")


# --- graph and relay modules ----------------------------------------------------------------
GRAPH = """
graph.func @main<n>(%x: !graph.tensor<[n, 4], f32>, %w: !graph.tensor<[4, 2], f32>)
    -> !graph.tensor<[n, 2], f32> {
  %0 = graph.matmul %x, %w : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4, 2], f32>)
  %1 = graph.relu %0 : (!graph.tensor<[n, 2], f32>)
  graph.return %1 : !graph.tensor<[n, 2], f32>
}
"""
RELAY = """
func.func @main(%x: tensor<3x4xf32>, %w: tensor<2x4xf32>) -> tensor<3x2xf32> {
  %0 = relay.nn.dense %x, %w : (tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<3x2xf32>
  %1 = relay.nn.relu %0 : (tensor<3x2xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}
"""


@pytest.mark.parametrize("text, extra", [(GRAPH, ["--shape", "0=5x4"]), (RELAY, [])])
def test_graph_and_relay_modules_are_compiled_and_checked(tmp_path, capsys, text, extra):
    path = tmp_path / "model.mlir"
    path.write_text(text)
    code, stdout, stderr = run_tool(capsys, str(path), "--random-inputs", "--check", *extra)
    assert code == 0, stderr
    assert "check: the outputs match the reference interpreter (1 compared)" in stdout


def test_a_graph_input_of_the_wrong_shape_is_an_error(tmp_path, capsys):
    path = tmp_path / "model.mlir"
    path.write_text(GRAPH)
    x = npy(tmp_path, "x.npy", np.ones((5, 4), np.float32))
    w = npy(tmp_path, "w.npy", np.ones((3, 2), np.float32))
    code, _, stderr = run_tool(capsys, str(path), "-i", x, "-i", w)
    assert code == 1
    assert stderr == ("mlc-run: error: argument #1 of 'main' (!graph.tensor<[4, 2], f32>) "
                      "expects shape [4, 2] with n = 5, got shape (3, 2)\n")  # fmt: skip


def test_an_onnx_model_is_imported_compiled_and_checked(tmp_path, capsys):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy_helper.from_array(np.arange(12, dtype=np.float32).reshape(4, 3) - 6, "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["m"]), helper.make_node("Relu", ["m"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
        [weight],
    )
    path = str(tmp_path / "tiny.onnx")
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)
    x = npy(tmp_path, "x.npy", np.ones((2, 4), np.float32))
    out = tmp_path / "out"
    code, stdout, stderr = run_tool(capsys, path, "-i", x, "--check", "-o", str(out))
    assert code == 0, stderr
    np.testing.assert_array_equal(np.load(out / "result0.npy"), [[0, 0, 2]] * 2)


# --- external functions -----------------------------------------------------------------------
CALLS_TWICE = """
func.func private @NAME(f64) -> f64
func.func @main(%x: f64) -> f64 {
  %y = func.call @NAME(%x) : (f64) -> f64
  return %y : f64
}
"""


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler (cc)")
def test_shared_libs_define_the_external_functions(tmp_path, capsys) -> None:
    """Libraries load into the process for good: the function's name is this test's own."""
    name = "mlc_run_test_twice"
    source = tmp_path / "twice.c"
    source.write_text(f"double {name}(double x) {{ return 2 * x; }}\n")
    empty, library = tmp_path / "empty.c", tmp_path / "libtwice.so"
    empty.write_text("int mlc_run_test_nothing;\n")
    for c, so in ((source, library), (empty, tmp_path / "libempty.so")):
        subprocess.run(["cc", "-shared", "-fPIC", "-o", str(so), str(c)], check=True)
    path = tmp_path / "calls.mlir"
    path.write_text(CALLS_TWICE.replace("NAME", name))
    code, _, err = run_tool(capsys, str(path), "--arg", "2.5")  # not loaded yet
    assert code == 1 and name in err and "Traceback" not in err
    libraries = f"{tmp_path / 'libempty.so'},{library}"
    code, out, _ = run_tool(capsys, str(path), "--arg", "2.5", "--shared-libs", libraries)
    assert (code, out) == (0, "result #0 (f64): 5.0\n")


def test_a_missing_shared_lib_is_one_diagnostic(tmp_path, capsys) -> None:
    path = tmp_path / "calls.mlir"
    path.write_text(CALLS_TWICE.replace("NAME", "mlc_run_test_never_defined"))
    missing = str(tmp_path / "libmissing.so")
    code, stdout, err = run_tool(capsys, str(path), "--arg", "1", "--shared-libs", missing)
    assert code == 1 and stdout == ""
    assert f"shared library '{missing}' not found" in err and "Traceback" not in err
