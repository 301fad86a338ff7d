"""Runs the lit + FileCheck suite in tests/lit as one pytest test.

lit is started with this interpreter (it has no `python -m lit`), so the `mlc-opt` it finds is
the one installed here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from external_tools import find_mlir_opt

LIT_DIR = Path(__file__).parent / "lit"
PASSED_COUNT = re.compile(r"^\s*Passed\s*:\s*(\d+)", re.MULTILINE)  # lit's summary line


def run_lit(*params: str) -> str:
    """Run the suite with this interpreter's lit; fail unless it passes and ran tests."""
    proc = subprocess.run(
        [sys.executable, "-c", "import lit.main; lit.main.main()", "-v", *params, str(LIT_DIR)],
        capture_output=True,
        check=False,
        text=True,
    )
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report
    passed = PASSED_COUNT.search(report)
    assert passed and int(passed.group(1)) > 0, f"lit ran no tests:\n{report}"
    return report


def test_lit_suite() -> None:
    """Every `.mlir` test passes and the suite is not silently empty."""
    run_lit()


def test_lit_suite_agrees_with_mlir_opt() -> None:
    """The same RUN lines, run with mlir-opt 19 instead of mlc-opt, pass too: the suite's
    expectations are MLIR's."""
    tool = find_mlir_opt()
    if tool is None:
        pytest.skip("mlir-opt 19 is not installed (Debian package mlir-19-tools)")
    run_lit(f"--param=opt={tool}")
