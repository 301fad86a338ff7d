"""`canonicalize,cse` gives what mlir-opt 19 gives, byte for byte.

Two corpora: the interop corpus of hand-written files (tests/interop/corpus) and random
func/arith modules from the core benchmark's generator (constants, dead values, foldable
arithmetic, comparisons, selects and casts). Each tool runs once over all chunks
(`--split-input-file`). The chunks where mlc is known to print something else are listed,
each with its reason, in `canonicalize_differences.txt`; a listed chunk that has come to
agree must leave the list, so it stays true.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from external_tools import SPLIT_MARKER, find_mlir_opt, mlc_opt_command, run_mlir_opt_split

pytestmark = pytest.mark.skipif(find_mlir_opt() is None,
                                reason="mlir-opt 19 not found (Debian: mlir-19-tools)")  # fmt: skip

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "bench"))
from gen_modules import write_module  # noqa: E402

PIPELINE = "--pass-pipeline=builtin.module(canonicalize,cse)"
GENERATED_SEEDS = range(8)
GENERATED_OPS = 400


def known_differences() -> dict[str, str]:
    """Chunk name -> why mlc's output differs, from `canonicalize_differences.txt`."""
    known = {}
    for line in (HERE / "canonicalize_differences.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(":")
            known[name.strip()] = reason.strip()
    return known


def corpus_chunks() -> dict[str, str]:
    """Chunk name -> text: each corpus file's split chunks, then the generated modules."""
    chunks = {}
    for path in sorted((HERE / "corpus").glob("*.mlir")):
        for index, chunk in enumerate(path.read_text().split(f"\n{SPLIT_MARKER}\n")):
            chunks[f"{path.stem}#{index}"] = chunk
    for seed in GENERATED_SEEDS:
        text = io.StringIO()
        write_module(text, GENERATED_OPS, ops_per_func=100, seed=seed)
        chunks[f"generated-{seed}"] = text.getvalue()
    return chunks


def run_mlc(chunks: list[str]) -> list[str]:
    text = f"\n{SPLIT_MARKER}\n".join(chunks)
    command = [*mlc_opt_command(), "--split-input-file", PIPELINE, "-"]
    result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    pieces = result.stdout.decode().split(f"{SPLIT_MARKER}\n")
    assert len(pieces) == len(chunks)
    return [piece[:-1] for piece in pieces]


def test_canonicalize_cse_matches_mlir_opt():
    chunks = corpus_chunks()
    names, texts = list(chunks), list(chunks.values())
    theirs = run_mlir_opt_split(texts, PIPELINE)
    kept = [i for i, out in enumerate(theirs) if out is not None]  # mlir-opt accepts the chunk
    ours = run_mlc([texts[i] for i in kept])
    known = known_differences()
    differ = {names[i] for i, out in zip(kept, ours) if out != theirs[i]}
    unexpected = sorted(differ - known.keys())
    assert not unexpected, "\n\n".join(
        f"{name}: mlc printed\n{ours[kept.index(names.index(name))]}\nmlir-opt printed\n"
        f"{theirs[names.index(name)]}"
        for name in unexpected[:3]
    )
    agree_now = sorted(known.keys() - differ)
    assert not agree_now, f"these now agree with mlir-opt; drop them from the list: {agree_now}"
