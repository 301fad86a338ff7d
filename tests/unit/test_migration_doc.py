"""The worked example of docs/migration.md is true: its Relay input, run through its
pipeline, prints as its output, and both compute the same."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

import mlc

DOC = Path(__file__).resolve().parents[2] / "docs" / "migration.md"


def _worked_example() -> tuple[str, str, str]:
    """(input, pipeline, output) from the fenced blocks of the 'Worked example' section."""
    section = DOC.read_text().split("## Worked example", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, re.S)
    (_, source), (_, command), (_, printed) = blocks
    pipeline = re.search(r"--pass-pipeline='builtin\.module\((.*)\)'", command).group(1)
    return source, pipeline, printed


def test_worked_example_prints_as_documented():
    source, pipeline, printed = _worked_example()
    module = mlc.parse(source, mlc.Context())
    mlc.PassManager.parse(f"builtin.module({pipeline})", mlc.Context()).run(module)
    assert str(module).strip() == printed.strip()


def test_worked_example_computes_the_same():
    source, pipeline, _ = _worked_example()
    relay = mlc.parse(source, mlc.Context())
    graph = mlc.parse(source, mlc.Context())
    mlc.PassManager.parse(f"builtin.module({pipeline})", mlc.Context()).run(graph)
    rng = np.random.default_rng(0)
    shapes = [(5, 1, 8, 8), (4, 1, 3, 3), (4,), (10, 64), (10,)]
    arrays = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    (want,) = mlc.interpret(relay, "cnn", *arrays)
    (got,) = mlc.interpret(graph, "cnn", *arrays)
    assert got.shape == (5, 10)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
