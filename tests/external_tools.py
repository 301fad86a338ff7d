"""Locate and run mlir-opt 19 and mlc-opt, for every test that compares the two."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

DEBIAN_MLIR_OPT = "/usr/lib/llvm-19/bin/mlir-opt"  # the mlir-19-tools package's location
SPLIT_MARKER = "// -----"


def find_mlir_opt() -> str | None:
    """mlir-opt 19 from PATH (versioned name first), else the Debian package's path."""
    found = shutil.which("mlir-opt-19") or shutil.which("mlir-opt")
    if found:
        return found
    return DEBIAN_MLIR_OPT if os.access(DEBIAN_MLIR_OPT, os.X_OK) else None


def mlc_opt_command() -> list[str]:
    """The `mlc-opt` console script, or the module behind it if the script is not on PATH."""
    script = shutil.which("mlc-opt")
    return [script] if script else [sys.executable, "-m", "mlc.tools.mlc_opt"]


def run_mlir_opt_split(chunks: list[str], *flags: str, timeout: float = 120) -> list[str | None]:
    """Run mlir-opt once over all chunks (`--split-input-file`); per chunk, its output or None.

    mlir-opt prints each chunk's output followed by a blank line and joins chunks with the
    split marker; a chunk that fails prints nothing.
    """
    tool = find_mlir_opt()
    text = f"\n{SPLIT_MARKER}\n".join(chunks)
    result = subprocess.run([tool, "--split-input-file", *flags, "-"], input=text.encode(),
                            capture_output=True, timeout=timeout, check=False)
    pieces = re.split(r"^// -----\n", result.stdout.decode("utf-8", "replace"), flags=re.MULTILINE)
    if len(pieces) != len(chunks):
        raise AssertionError(f"mlir-opt printed {len(pieces)} pieces for {len(chunks)} chunks:"
                             f"\n{result.stderr.decode(errors='replace')[:2000]}")
    return [piece[:-1] if piece else None for piece in pieces]
