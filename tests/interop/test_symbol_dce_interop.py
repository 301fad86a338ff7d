"""`symbol-dce` erases what mlir-opt 19's `--symbol-dce` erases, on generated symbol tables.

Each generated module nests private, public and `nested` functions and modules that reference
each other by calls and by (nested) symbol-ref attributes. Both tools run once over all chunks
(`--split-input-file`); each chunk's printed result must be byte-identical.
"""

from __future__ import annotations

import random
import subprocess

import pytest
from external_tools import SPLIT_MARKER, find_mlir_opt, mlc_opt_command, run_mlir_opt_split

pytestmark = pytest.mark.skipif(find_mlir_opt() is None,
                                reason="mlir-opt 19 not found (Debian: mlir-19-tools)")  # fmt: skip

VISIBILITIES = ("", "private ", "nested ")


def _table(rng: random.Random, prefix: str, depth: int, names: list[str]) -> list[str]:
    """Lines of a symbol table body; `names` collects the reachable paths (for references)."""
    lines = []
    for i in range(rng.randint(1, 4)):
        name = f"{prefix}{i}"
        visibility = rng.choice(VISIBILITIES)
        if depth < 2 and rng.random() < 0.3:
            inner: list[str] = []
            body = _table(rng, f"{name}_", depth + 1, inner)
            names.extend(f"@{name}::{n}" for n in inner)
            attr = f' attributes {{sym_visibility = "{visibility.strip()}"}}' if visibility else ""
            lines += [f"module @{name}{attr} {{", *("  " + line for line in body), "}"]
            names.append(f"@{name}")
            continue
        refs = rng.sample(names, min(len(names), rng.randint(0, 2)))
        attrs = f" attributes {{refs = [{', '.join(refs)}]}}" if refs else ""
        lines += [f"func.func {visibility}@{name}(){attrs} {{", "  return", "}"]
        names.append(f"@{name}")
    return lines


def generated_modules(count: int, seed: int = 19) -> list[str]:
    rng = random.Random(seed)
    return ["\n".join(["module {", *_table(rng, "s", 0, []), "}"]) for _ in range(count)]


def test_symbol_dce_matches_mlir_opt():
    chunks = generated_modules(40)
    expected = run_mlir_opt_split(chunks, "--symbol-dce")
    text = f"\n{SPLIT_MARKER}\n".join(chunks)
    command = [*mlc_opt_command(), "--split-input-file", "--symbol-dce", "-"]
    result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=120)
    pieces = result.stdout.decode().split(f"{SPLIT_MARKER}\n")
    assert result.returncode == 0, result.stderr.decode()
    assert len(pieces) == len(chunks)
    for chunk, ours, theirs in zip(chunks, pieces, expected):
        assert theirs is not None, f"mlir-opt rejected:\n{chunk}"
        assert ours[:-1] == theirs, f"input:\n{chunk}"
