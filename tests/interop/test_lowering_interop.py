"""The conversions to the llvm dialect print what mlir-opt 19 prints, byte for byte.

The corpus is `lowering_corpus/*.mlir`, split at `// -----` into chunks named `file#index`,
plus generated func/arith modules (`generated-<seed>`). Every chunk goes through each
conversion pass alone, raw, and through the lowering pipeline MLIR's documentation and its
`test-lower-to-llvm` use (math, arith, memref, then func, then the casts reconciled).
The `approx` pipelines put `test-math-polynomial-approximation` (MLIR's name for
`math-polynomial-approximation`) alone and in front of that pipeline. Each
tool runs once per pipeline over all chunks (`--split-input-file`).

Where mlc prints something else, the chunk is listed in `lowering_corpus/differences.txt`
with the reason: a `reconciled` difference must vanish once both outputs go through
`reconcile-unrealized-casts` (it lies in the casts a pass leaves), a `differs` one is real
and is not compared. A listed chunk that has come to agree must leave the list, so it stays
true.

A hypothesis test draws random arith programs and checks `convert-arith-to-llvm` and the
whole pipeline on them, in one mlir-opt run per example.
"""

from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from external_tools import SPLIT_MARKER, find_mlir_opt, mlc_opt_command, run_mlir_opt_split
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlc
from mlc.passes import PassManager

pytestmark = pytest.mark.skipif(find_mlir_opt() is None,
                                reason="mlir-opt 19 not found (Debian: mlir-19-tools)")  # fmt: skip

HERE = Path(__file__).parent
CORPUS = HERE / "lowering_corpus"
sys.path.insert(0, str(HERE.parents[1] / "bench"))
sys.path.insert(0, str(HERE.parent / "property"))
from arith_programs import arith_programs  # noqa: E402
from gen_modules import write_module  # noqa: E402

PIPELINE = (
    "convert-math-to-llvm,convert-arith-to-llvm,finalize-memref-to-llvm,convert-func-to-llvm,"
    "reconcile-unrealized-casts"
)
PIPELINES = {
    "arith": "convert-arith-to-llvm",
    "math": "convert-math-to-llvm",
    "memref": "finalize-memref-to-llvm",
    "func": "convert-func-to-llvm",
    "scf": "convert-scf-to-cf",
    "cf": "convert-cf-to-llvm",
    "pipeline": PIPELINE,
    "full": "convert-scf-to-cf,convert-vector-to-llvm,"
    + PIPELINE.replace("convert-func", "convert-cf-to-llvm,convert-func").replace(
        "convert-arith", "expand-strided-metadata,lower-affine,convert-arith"
    ),
    "approx": "test-math-polynomial-approximation",
    "approx-llvm": "test-math-polynomial-approximation," + PIPELINE,
    "expand-strided-metadata": "expand-strided-metadata",
    "lower-affine": "expand-strided-metadata,lower-affine",
    "vector": "convert-vector-to-llvm",
    "math-funcs": "convert-math-to-funcs",
}
GENERATED_SEEDS = range(2)
GENERATED_OPS = 300


def corpus_chunks() -> dict[str, str]:
    """Chunk name -> text: each corpus file's chunks, then the generated modules."""
    chunks = {}
    for path in sorted(CORPUS.glob("*.mlir")):
        for index, chunk in enumerate(path.read_text().split(f"\n{SPLIT_MARKER}\n")):
            chunks[f"{path.stem}#{index}"] = chunk
    for seed in GENERATED_SEEDS:
        text = io.StringIO()
        write_module(text, GENERATED_OPS, ops_per_func=100, seed=seed)
        chunks[f"generated-{seed}"] = text.getvalue()
    return chunks


def known_differences() -> dict[tuple[str, str], str]:
    """(pipeline, chunk) -> `reconciled` or `differs`, from `differences.txt`."""
    known = {}
    for line in (CORPUS / "differences.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, how, _reason = (part.strip() for part in line.split(":", 2))
            pipeline, chunk = key.split()
            known[pipeline, chunk] = how
    return known


def run_mlc(chunks: list[str], pipeline: str) -> list[str]:
    """mlc-opt's output for each chunk, one run over all of them."""
    text = f"\n{SPLIT_MARKER}\n".join(chunks)
    command = [*mlc_opt_command(), "--split-input-file",
               f"--pass-pipeline=builtin.module({pipeline})", "-"]  # fmt: skip
    result = subprocess.run(command, input=text.encode(), capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode()
    pieces = result.stdout.decode().split(f"{SPLIT_MARKER}\n")
    assert len(pieces) == len(chunks)
    return [piece[:-1] for piece in pieces]


def run_both(chunks: list[str], pipeline: str) -> tuple[list[str | None], list[str]]:
    """mlir-opt's and mlc-opt's outputs for `chunks`, the two tools run side by side."""
    flag = f"--pass-pipeline=builtin.module({pipeline})"
    with ThreadPoolExecutor(max_workers=2) as pool:
        theirs = pool.submit(run_mlir_opt_split, chunks, flag, timeout=300)
        ours = pool.submit(run_mlc, chunks, pipeline)
        return theirs.result(), ours.result()


def test_lowering_matches_mlir_opt():
    """Each pass alone and the pipeline print what mlir-opt prints, but for the listed
    differences; `reconciled` ones agree after `reconcile-unrealized-casts`."""
    chunks = corpus_chunks()
    names, texts = list(chunks), list(chunks.values())
    known = known_differences()
    unexpected, agree_now, reconcile = [], [], {}
    for short, pipeline in PIPELINES.items():
        theirs, ours = run_both(texts, pipeline)
        for name, mine, reference in zip(names, ours, theirs):
            assert reference is not None, f"mlir-opt rejects {name} under {short}"
            how = known.get((short, name))
            if mine == reference:
                if how is not None:
                    agree_now.append(f"{short} {name}")
            elif how is None:
                unexpected.append(f"{short} {name}: mlc printed\n{mine}\nmlir-opt printed\n"
                                  f"{reference}")  # fmt: skip
            elif how == "reconciled":
                reconcile.setdefault(pipeline, []).append(name)
    assert not unexpected, "\n\n".join(unexpected[:2])
    assert not agree_now, f"these now agree with mlir-opt; drop them from the list: {agree_now}"
    for pipeline, listed in reconcile.items():
        theirs, ours = run_both([chunks[n] for n in listed],
                                f"{pipeline},reconcile-unrealized-casts")  # fmt: skip
        differ = [name for name, a, b in zip(listed, ours, theirs) if a != b]
        assert not differ, f"{pipeline}: still differ after reconcile-unrealized-casts: {differ}"


def test_differences_name_real_chunks():
    """Every listed difference names a chunk of the corpus and a known pipeline."""
    chunks = corpus_chunks()
    for pipeline, chunk in known_differences():
        assert pipeline in PIPELINES and chunk in chunks, (pipeline, chunk)


def _lower(text: str, pipeline: str) -> str:
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(f"builtin.module({pipeline})", ctx).run(module)
    return str(module)


# A list of programs is a lot of data to draw: overruns count as filtered inputs.
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                           HealthCheck.data_too_large],
)  # fmt: skip
@given(st.lists(arith_programs(), min_size=4, max_size=12))
def test_random_arith_lowers_as_mlir_opt(programs):
    """Random arith programs (ops of random types, constants, casts, comparisons, chains
    that fold) convert as mlir-opt converts them: alone, and through the pipeline. Programs
    with `maxnumf`/`minnumf` are left out: the conversions fold arith ops first, and mlc
    folds those two as they are defined where MLIR 19 does not (NaN operands, `x, -inf`;
    see arith/folding.py)."""
    texts = [str(p.module) for p in programs if "numf" not in str(p.module)]
    if not texts:
        return
    for pipeline in ("convert-arith-to-llvm", PIPELINE):
        theirs = run_mlir_opt_split(texts, f"--pass-pipeline=builtin.module({pipeline})")
        for text, reference in zip(texts, theirs):
            assert reference is not None, text
            assert _lower(text, pipeline).rstrip("\n") == reference.rstrip("\n"), text
