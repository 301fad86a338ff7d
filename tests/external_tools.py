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


def find_mlir_translate() -> str | None:
    """mlir-translate 19 from PATH (versioned name first), else next to mlir-opt 19: both come
    in the same package."""
    found = shutil.which("mlir-translate-19") or shutil.which("mlir-translate")
    if found:
        return found
    mlir_opt = find_mlir_opt()
    if mlir_opt is None:
        return None
    sibling = os.path.join(os.path.dirname(os.path.realpath(mlir_opt)), "mlir-translate")
    return sibling if os.access(sibling, os.X_OK) else None


def run_mlir_translate_split(chunks: list[str], timeout: float = 120) -> list[str | None]:
    """`mlir-translate --mlir-to-llvmir` once over all chunks; per chunk, its LLVM IR or None
    where it was rejected."""
    command = [find_mlir_translate(), "--mlir-to-llvmir", "--split-input-file",
               f"--output-split-marker={SPLIT_MARKER}", "-"]  # fmt: skip
    text = f"\n{SPLIT_MARKER}\n".join(chunks)
    result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=timeout,
                            check=False)  # fmt: skip
    pieces = result.stdout.decode("utf-8", "replace").split(f"{SPLIT_MARKER}\n")
    if len(pieces) != len(chunks):
        stderr = result.stderr.decode(errors="replace")[:2000]
        raise AssertionError(f"mlir-translate printed {len(pieces)} pieces for {len(chunks)} "
                             f"chunks:\n{stderr}")  # fmt: skip
    return [piece or None for piece in pieces]
