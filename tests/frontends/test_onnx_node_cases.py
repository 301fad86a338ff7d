"""ONNX's backend node test cases (see `onnx_cases.py`), imported by mlc's ONNX frontend and
run by the graph interpreter. Every case whose operators the frontend supports runs; the
ones expected to fail are strict xfails with their reason, so a fix shows.
"""

from __future__ import annotations

import collections

import numpy as np
import pytest

pytest.importorskip("onnx")

from onnx_cases import CASES, SUPPORTED, as_array, check_output, expected_failure, freeze  # noqa: E402

import mlc  # noqa: E402
from mlc.frontends.onnx import from_onnx  # noqa: E402

RESULTS: dict = collections.defaultdict(lambda: [0, 0])  # op type -> [passed, run]


def _params():
    for name in SUPPORTED:
        reason = expected_failure(name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_params()))
def test_node_case(name: str) -> None:
    case = CASES[name]
    op_types = sorted({n.op_type for n in case.model.graph.node})
    for op in op_types:
        RESULTS[op][1] += 1
    for inputs, outputs in case.data_sets:
        model, inputs = freeze(case.model, [as_array(x) for x in inputs])
        module = from_onnx(model)
        with np.errstate(all="ignore"):
            got = mlc.interpret(module, "main", *inputs)
        assert len(got) == len(outputs)
        for g, want in zip(got, outputs):
            check_output(np.asarray(g), as_array(want), case)
    for op in op_types:
        RESULTS[op][0] += 1


def test_zz_pass_counts_per_op(capsys) -> None:
    """Prints how many of each operator's node cases passed (run with `-s` to see it)."""
    if not RESULTS:
        pytest.skip("no node case ran in this session")
    lines = [f"{op:24} {passed:4} / {run:4}" for op, (passed, run) in sorted(RESULTS.items())]
    total = sum(1 for _ in SUPPORTED)
    with capsys.disabled():
        print(f"\nONNX node cases: {total} with supported operators (per op: passed / run)")
        print("\n".join(lines))
    assert all(run >= passed for passed, run in RESULTS.values())
