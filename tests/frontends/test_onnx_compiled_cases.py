"""ONNX's backend node test cases (see `onnx_cases.py`) imported by mlc's frontend and compiled
by `mlc.compile`; the native results must equal the stored outputs.

Compiling each case alone would cost an LLVM run per case, so the cases go in batches: each
case's `main` becomes `@c<k>` of one module per batch, compiled once (at O0: the point is
the lowering's meaning, not LLVM's optimizations). Cases the interpreter test expects to
fail are left out; cases that import and interpret but do not compile are listed in
`COMPILE_FAILURES` with the reason, and compiled alone to check that they still fail with a
diagnostic (strict xfails, so a fix shows). With `CI` set, the cases are a sample that runs
every supported operator at least twice (the first cases of each, by name) and one case of
each listed failure; without it, all.
"""

from __future__ import annotations

import collections
import os
import re

import numpy as np
import pytest

pytest.importorskip("onnx")

from onnx_cases import CASES, SUPPORTED, as_array, check_output, expected_failure, freeze  # noqa: E402

import mlc  # noqa: E402
from mlc.frontends.onnx import from_onnx  # noqa: E402

COMPILE_FAILURES: list[tuple[str, str]] = []  # (case name pattern, why it does not compile)
BATCH = 48
PER_OPERATOR = 2  # the CI sample's cases per operator


def compile_failure(name: str) -> str | None:
    return next((reason for pattern, reason in COMPILE_FAILURES if re.search(pattern, name)),
                None)  # fmt: skip


def _sample(names: list[str]) -> list[str]:
    """The first cases (by name) until each operator has run `PER_OPERATOR` times."""
    seen: collections.Counter = collections.Counter()
    chosen = []
    for name in names:
        ops = {n.op_type for n in CASES[name].model.graph.node}
        if any(seen[op] < PER_OPERATOR for op in ops):
            chosen.append(name)
            seen.update(ops)
    return chosen


def _first_of_each_failure(names: list[str]) -> list[str]:
    return [next(n for n in names if re.search(pattern, n)) for pattern, _ in COMPILE_FAILURES]


RUNNABLE = [n for n in SUPPORTED if expected_failure(n) is None]
if os.environ.get("CI"):
    SELECTED = sorted(set(_sample(RUNNABLE)) | set(_first_of_each_failure(RUNNABLE)))
else:
    SELECTED = RUNNABLE
COMPILED = [n for n in SELECTED if compile_failure(n) is None]
BATCHES = {name: i // BATCH for i, name in enumerate(COMPILED)}


def _functions(name: str) -> list[tuple[str, list, list]]:
    """Each data set of case `name`: its module's main as text, inputs and outputs."""
    case = CASES[name]
    functions = []
    for inputs, outputs in case.data_sets:
        model, inputs = freeze(case.model, [as_array(x) for x in inputs])
        (main,) = from_onnx(model).ops
        functions.append((str(main), inputs, [as_array(o) for o in outputs]))
    return functions


class _Batches:
    """The compiled module of each batch (compiled on first use) and where each case's data
    sets went in it."""

    def __init__(self) -> None:
        self.compiled: dict = {}
        self.symbols: dict = {}

    def get(self, index: int):
        if index not in self.compiled:
            texts = []
            for name in (n for n in COMPILED if BATCHES[n] == index):
                self.symbols[name] = []
                for text, inputs, outputs in _functions(name):
                    symbol = f"c{len(texts)}"
                    texts.append(text.replace("@main", f"@{symbol}", 1))
                    self.symbols[name].append((symbol, inputs, outputs))
            module = mlc.parse("\n".join(texts))
            self.compiled[index] = mlc.compile(module, opt_level=0)
        return self.compiled[index]


@pytest.fixture(scope="module")
def batches() -> _Batches:
    return _Batches()


@pytest.mark.parametrize("name", COMPILED)
def test_compiled_node_case(name: str, batches: _Batches) -> None:
    exe = batches.get(BATCHES[name])
    case = CASES[name]
    for symbol, inputs, outputs in batches.symbols[name]:
        with np.errstate(all="ignore"):
            got = exe[symbol](*inputs)
        got = got if isinstance(got, tuple) else (got,)
        assert len(got) == len(outputs)
        for g, want in zip(got, outputs):
            check_output(np.asarray(g), want, case)


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(
    strict=True, raises=mlc.DiagnosticError, reason=compile_failure(n)))
    for n in SELECTED if compile_failure(n) is not None])  # fmt: skip
def test_listed_case_still_fails_to_compile(name: str) -> None:
    for text, _, _ in _functions(name):
        mlc.compile(mlc.parse(text), opt_level=0)
