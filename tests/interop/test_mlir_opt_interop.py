"""mlc-opt and mlir-opt 19 read and print the same files the same way.

For every file in `corpus/` (valid MLIR; `// ALLOW-UNREGISTERED` on the first line adds
`--allow-unregistered-dialect`):
- mlc-opt's output is byte-identical to mlir-opt's, custom and `--mlir-print-op-generic` (and
  with `--mlir-print-debuginfo` / `--mlir-print-local-scope` where the file has locations or
  affine maps);
- mlc-opt's output read by mlir-opt, and mlir-opt's output read by mlc-opt, normalize
  (`mlir-opt --mlir-print-op-generic`) to what mlir-opt makes of the file alone.
For every file in `invalid/` (exactly one error): both tools exit non-zero, mlc-opt prints no
traceback, and mlc-opt's first `file:line:col: error:` names mlir-opt's first error line.

Tools run as subprocesses (all runs of a test module are started together on a small thread
pool, since each mlc-opt start costs a Python interpreter); without mlir-opt the module is
skipped.
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from external_tools import find_mlir_opt, mlc_opt_command

HERE = Path(__file__).resolve().parent
CORPUS = sorted((HERE / "corpus").glob("*.mlir"))
INVALID = sorted((HERE / "invalid").glob("*.mlir"))
GENERIC = "--mlir-print-op-generic"
ERROR_LINE = re.compile(r"^(.+?):(\d+):(\d+): error: ", re.MULTILINE)


MLIR_OPT = find_mlir_opt()
pytestmark = pytest.mark.skipif(MLIR_OPT is None,
                                reason="mlir-opt 19 not found (Debian: mlir-19-tools)")


def file_flags(path: Path) -> tuple[str, ...]:
    first_line = path.read_text(errors="replace").split("\n", 1)[0]
    return ("--allow-unregistered-dialect",) if "ALLOW-UNREGISTERED" in first_line else ()


def extra_modes(path: Path) -> list[tuple[str, ...]]:
    """Printing options worth comparing for this file beyond the custom and generic forms."""
    text = path.read_text()
    modes = []
    if "loc(" in text:
        modes += [("--mlir-print-debuginfo",), ("--mlir-print-debuginfo", GENERIC),
                  ("--mlir-print-debuginfo", "--mlir-print-local-scope")]
    if "affine_map" in text or "loc(" in text:
        modes.append(("--mlir-print-local-scope",))
    return modes


def corpus_modes(path: Path) -> list[tuple[str, ...]]:
    return [(), (GENERIC,)] + extra_modes(path)


class Runner:
    """Runs tools on a thread pool; each distinct (tool, flags, input) runs once."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=4)
        self.runs: dict[tuple, Future] = {}

    def submit(self, tool: str, flags: tuple[str, ...], path: Path | None = None,
               stdin: bytes | None = None) -> Future:
        key = (tool, flags, path, stdin)
        if key not in self.runs:
            command = [MLIR_OPT] if tool == "mlir-opt" else mlc_opt_command()
            source = [path.name] if path is not None else ["-"]
            cwd = path.parent if path is not None else HERE
            self.runs[key] = self.pool.submit(subprocess.run, [*command, *flags, *source],
                                              input=stdin or b"", capture_output=True, cwd=cwd,
                                              timeout=120, check=False)
        return self.runs[key]

    def run(self, *args, **kwargs) -> subprocess.CompletedProcess:
        return self.submit(*args, **kwargs).result()


@pytest.fixture(scope="module")
def runner():
    """A runner with every per-file run of this module already started."""
    runner = Runner()
    for path in CORPUS:
        for mode in corpus_modes(path):
            for tool in ("mlir-opt", "mlc-opt"):
                runner.submit(tool, file_flags(path) + mode, path)
    for path in INVALID:
        for tool in ("mlir-opt", "mlc-opt"):
            runner.submit(tool, file_flags(path), path)
    yield runner
    runner.pool.shutdown(cancel_futures=True)


def describe(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stderr.decode(errors='replace')[-3000:]}"


def first_difference(expected: bytes, got: bytes) -> str:
    """The first differing line of two outputs, for a readable failure."""
    want_lines = expected.decode(errors="replace").splitlines()
    got_lines = got.decode(errors="replace").splitlines()
    for number, (want, have) in enumerate(zip(want_lines, got_lines), 1):
        if want != have:
            return f"line {number}:\n  mlir-opt: {want}\n  mlc-opt:  {have}"
    newline = b"\n"
    return (f"mlir-opt printed {len(want_lines)} lines, mlc-opt {len(got_lines)} (ends with "
            f"a newline: {expected.endswith(newline)} vs {got.endswith(newline)})")


def test_corpus_and_invalid_files_exist() -> None:
    assert 10 <= len(CORPUS) <= 20 and 20 <= len(INVALID) <= 40


@pytest.mark.parametrize("path", [(p, m) for p in CORPUS for m in corpus_modes(p)],
                         ids=lambda pm: f"{pm[0].stem}[{' '.join(pm[1]) or 'custom'}]")
def test_output_is_byte_identical_to_mlir_opt(runner, path) -> None:
    path, mode = path
    flags = file_flags(path) + mode
    expected = runner.run("mlir-opt", flags, path)
    assert expected.returncode == 0, f"corpus file rejected by mlir-opt: {describe(expected)}"
    got = runner.run("mlc-opt", flags, path)
    assert got.returncode == 0, f"mlc-opt failed on {path.name}: {describe(got)}"
    assert got.stdout == expected.stdout, first_difference(expected.stdout, got.stdout)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_mlc_output_reads_back_in_mlir_opt(runner, path) -> None:
    flags = file_flags(path)
    reference = runner.run("mlir-opt", flags + (GENERIC,), path)
    mlc_output = runner.run("mlc-opt", flags, path)
    assert mlc_output.returncode == 0, describe(mlc_output)
    normalized = runner.run("mlir-opt", flags + (GENERIC,), stdin=mlc_output.stdout)
    assert normalized.returncode == 0, f"mlir-opt rejects mlc-opt's output: {describe(normalized)}"
    assert normalized.stdout == reference.stdout, first_difference(reference.stdout,
                                                                   normalized.stdout)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_mlir_opt_output_reads_back_in_mlc(runner, path) -> None:
    flags = file_flags(path)
    reference = runner.run("mlir-opt", flags + (GENERIC,), path)
    mlir_output = runner.run("mlir-opt", flags, path)
    through_mlc = runner.run("mlc-opt", flags, stdin=mlir_output.stdout)
    assert through_mlc.returncode == 0, (
        f"mlc-opt rejects mlir-opt's output: {describe(through_mlc)}")
    normalized = runner.run("mlir-opt", flags + (GENERIC,), stdin=through_mlc.stdout)
    assert normalized.returncode == 0, f"mlir-opt rejects mlc-opt's output: {describe(normalized)}"
    assert normalized.stdout == reference.stdout, first_difference(reference.stdout,
                                                                   normalized.stdout)


def first_error(stderr: bytes) -> tuple[str, int] | None:
    """The file and line of the first `file:line:col: error:` diagnostic."""
    match = ERROR_LINE.search(stderr.decode(errors="replace"))
    return (match[1], int(match[2])) if match else None


def first_error_text(stderr: bytes) -> str:
    text = stderr.decode(errors="replace")
    match = ERROR_LINE.search(text)
    return text[match.start():].split("\n", 1)[0] if match else ""


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_is_rejected_at_the_same_line(runner, path) -> None:
    expected = runner.run("mlir-opt", file_flags(path), path)
    assert expected.returncode != 0, f"mlir-opt accepts {path.name}; it is not invalid"
    mlir_error = first_error(expected.stderr)
    assert mlir_error is not None, describe(expected)
    got = runner.run("mlc-opt", file_flags(path), path)
    stderr = got.stderr.decode(errors="replace")
    assert got.returncode != 0, f"mlc-opt accepts {path.name}:\n{got.stdout.decode()}"
    assert "Traceback" not in stderr, stderr
    mlc_error = first_error(got.stderr)
    assert mlc_error is not None, f"no `file:line:col: error:` line in:\n{stderr}"
    assert mlc_error == mlir_error, (f"mlir-opt: {first_error_text(expected.stderr)}\n"
                                     f"mlc-opt:  {first_error_text(got.stderr)}")


RAW_INPUTS = {
    "utf8_in_string": '"foo.op"() {a = "é€😀"} : () -> ()\n'.encode(),
    "invalid_utf8_in_string": b'"foo.op"() {a = "x\xff\xfey"} : () -> ()\n',
    "invalid_utf8_in_op_name": b'"foo.op\xc3"() : () -> ()\n',
    "invalid_utf8_in_comment": b'"foo.op"() : () -> () // \x80\x81\n',
}


@pytest.mark.parametrize("name", RAW_INPUTS)
def test_bytes_are_treated_like_mlir_opt(runner, name: str) -> None:
    """mlir-opt reads bytes, not text: bytes that are not UTF-8 are fine in strings and
    comments, and print as `\\FF` escapes."""
    flags = ("--allow-unregistered-dialect",)
    expected = runner.run("mlir-opt", flags, stdin=RAW_INPUTS[name])
    got = runner.run("mlc-opt", flags, stdin=RAW_INPUTS[name])
    assert "Traceback" not in got.stderr.decode(errors="replace")
    assert (got.returncode, got.stdout) == (expected.returncode, expected.stdout), (
        f"mlir-opt: exit {expected.returncode}, {expected.stdout!r}\n"
        f"mlc-opt: {describe(got)}\n{got.stdout!r}")


SPLIT_INPUT = b"""func.func @a() {
  return
}
// -----
func.func @b() {
  %0 = arith.addi %undefined, %undefined : i32
  return
}
// -----
"foo.op"() : () -> ()
"""


@pytest.mark.parametrize("source", ["stdin", "file"])
def test_split_input_file_output_matches_mlir_opt(runner, tmp_path: Path, source: str) -> None:
    """Each chunk is processed alone; outputs are joined with the split marker, a failing
    chunk prints nothing, and the exit code reports the failure. (`--split-input-file FILE`:
    the optional marker value only ever comes with `=`, so FILE is the input.)"""
    flags = ("--allow-unregistered-dialect", "--split-input-file")
    if source == "file":
        path = tmp_path / "split.mlir"
        path.write_bytes(SPLIT_INPUT)
        expected = runner.run("mlir-opt", flags, path)
        got = runner.run("mlc-opt", flags, path)
    else:
        expected = runner.run("mlir-opt", flags, stdin=SPLIT_INPUT)
        got = runner.run("mlc-opt", flags, stdin=SPLIT_INPUT)
    assert "Traceback" not in got.stderr.decode(errors="replace")
    assert (got.returncode != 0, got.stdout) == (expected.returncode != 0, expected.stdout), (
        f"mlir-opt: exit {expected.returncode}\n{expected.stdout.decode()}\n"
        f"mlc-opt: {describe(got)}\n{got.stdout.decode()}")


VERIFY_DIAGNOSTICS = {
    "expected_error_matches": (b"""func.func @f(%a: i32) -> i64 {
  // expected-error@+1 {{operand type 'i32' and result type 'i16' are cast incompatible}}
  %0 = arith.extsi %a : i32 to i16
  %1 = arith.extsi %0 : i16 to i64
  return %1 : i64
}
""", 0),
    "expected_error_missing": (b"""func.func @f(%a: i32) -> i32 {
  // expected-error@+1 {{this error never happens}}
  %0 = arith.addi %a, %a : i32
  return %0 : i32
}
""", 1),
    "unexpected_error": (b"""func.func @f(%a: f32) -> i32 {
  return %a : f32
}
""", 1),
}


@pytest.mark.parametrize("name", VERIFY_DIAGNOSTICS)
def test_verify_diagnostics_agrees_with_mlir_opt(runner, name: str) -> None:
    text, expected_exit = VERIFY_DIAGNOSTICS[name]
    expected = runner.run("mlir-opt", ("--verify-diagnostics",), stdin=text)
    assert expected.returncode == expected_exit, describe(expected)
    got = runner.run("mlc-opt", ("--verify-diagnostics",), stdin=text)
    assert "Traceback" not in got.stderr.decode(errors="replace")
    assert got.returncode == expected_exit, describe(got)
