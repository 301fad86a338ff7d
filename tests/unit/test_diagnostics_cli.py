"""`mlc-opt` on bad input: exit code 1, MLIR-style diagnostics on stderr, no traceback,
and no output file touched.

The inputs are the files of `tests/interop/invalid/`, each with exactly one error
(`// ALLOW-UNREGISTERED` on the first line adds `--allow-unregistered-dialect`).
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from external_tools import mlc_opt_command

INVALID = sorted((Path(__file__).resolve().parents[1] / "interop" / "invalid").glob("*.mlir"))
DIAGNOSTIC = re.compile(r"^.+:\d+:\d+: error: ", re.MULTILINE)
VALID = b"func.func @f(%a: i32) -> i32 {\n  %0 = arith.addi %a, %a : i32\n  return %0 : i32\n}\n"
VALID_PRINTED = (
    b"module {\n  func.func @f(%arg0: i32) -> i32 {\n"
    b"    %0 = arith.addi %arg0, %arg0 : i32\n    return %0 : i32\n  }\n}\n"
)


def mlc_opt(*args: str, stdin: bytes | None = None, cwd: Path | None = None):
    return subprocess.run(
        [*mlc_opt_command(), *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def file_flags(path: Path) -> list[str]:
    first_line = path.read_text(errors="replace").split("\n", 1)[0]
    return ["--allow-unregistered-dialect"] if "ALLOW-UNREGISTERED" in first_line else []


@pytest.fixture(scope="module")
def invalid_runs() -> dict[Path, subprocess.CompletedProcess]:
    """mlc-opt on every invalid file, a few at a time (each run starts an interpreter)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda p: mlc_opt(*file_flags(p), p.name, cwd=p.parent), INVALID)
        return dict(zip(INVALID, runs))


def test_there_are_invalid_files() -> None:
    assert len(INVALID) >= 20


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_exits_1_with_a_diagnostic(invalid_runs, path: Path) -> None:
    result = invalid_runs[path]
    stderr = result.stderr.decode(errors="replace")
    assert "Traceback" not in stderr, stderr
    assert result.returncode == 1, f"exit {result.returncode}\n{stderr}"
    assert DIAGNOSTIC.search(stderr), f"no `file:line:col: error: ` line in:\n{stderr}"
    assert stderr.startswith(f"{path.name}:"), (
        f"the first diagnostic should name the file:\n{stderr}"
    )


def test_output_file_is_not_created_on_failure(tmp_path: Path) -> None:
    source = INVALID[0]
    out = tmp_path / "out.mlir"
    result = mlc_opt(*file_flags(source), str(source), "-o", str(out))
    assert result.returncode == 1
    assert not out.exists(), "a failed run created its -o file"


def test_output_file_is_not_overwritten_on_failure(tmp_path: Path) -> None:
    source = INVALID[0]
    out = tmp_path / "out.mlir"
    out.write_bytes(b"previous contents\n")
    result = mlc_opt(*file_flags(source), str(source), "-o", str(out))
    assert result.returncode == 1
    assert out.read_bytes() == b"previous contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mlir"], "temporary files left behind"


def test_output_file_is_written_on_success(tmp_path: Path) -> None:
    out = tmp_path / "out.mlir"
    out.write_bytes(b"previous contents\n")
    result = mlc_opt("-", "-o", str(out), stdin=VALID)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert out.read_bytes().rstrip(b"\n") == VALID_PRINTED.rstrip(b"\n")
    assert result.stdout == b""


@pytest.mark.parametrize("args", [["-"], []], ids=["dash", "no-argument"])
def test_reads_standard_input(args: list[str]) -> None:
    result = mlc_opt(*args, stdin=VALID)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout.rstrip(b"\n") == VALID_PRINTED.rstrip(b"\n")


def test_diagnostic_from_standard_input_names_stdin() -> None:
    result = mlc_opt("-", stdin=b"func.func @f() {\n  %0 = arith.addi %x, %x : i32\n}\n")
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 1
    assert "Traceback" not in stderr
    assert stderr.startswith("<stdin>:2:19: error: "), stderr


def test_missing_input_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = mlc_opt(str(tmp_path / "does-not-exist.mlir"))
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 1
    assert "Traceback" not in stderr
    assert "does-not-exist.mlir" in stderr


def test_unknown_option_is_an_error_without_traceback() -> None:
    result = mlc_opt("--no-such-option", "-", stdin=VALID)
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode != 0
    assert "Traceback" not in stderr
    assert "no-such-option" in stderr
