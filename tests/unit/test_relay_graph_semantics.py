"""Every function of the conversion lit tests computes the same before and after its
conversion: the lit files check the text of each quirk's translation, this checks its
meaning with the reference interpreters (both results equal, or both runs fail)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import mlc
from mlc.dialects import func
from mlc.ir.interpreter import InterpreterError

LIT = Path(__file__).resolve().parents[1] / "lit" / "conversion"
CASES = [("relay-to-graph.mlir", "convert-relay-to-graph"),
         ("graph-to-relay.mlir", "convert-graph-to-relay")]  # fmt: skip
UNKNOWN_SIZE = 3  # what `?` and symbolic dims are when the functions run


def _chunks():
    for file, pipeline in CASES:
        for i, text in enumerate((LIT / file).read_text().split("// -----")):
            yield pytest.param(text, pipeline, id=f"{file}#{i}")


def _argument(t, rng):
    shape = tuple(d if type(d) is int and d >= 0 else UNKNOWN_SIZE for d in t.shape)
    element = str(t.element_type)
    if element == "i1":
        return rng.integers(0, 2, shape).astype(bool)
    if element.startswith("i"):
        values = rng.integers(1, 8, shape) * rng.choice([-1, 1], shape)  # no zero divisors
        return values.astype(f"int{element[1:]}")
    return rng.standard_normal(shape).astype(np.dtype(element.replace("f", "float")))


def _leaves(values) -> list:
    """Results with Relay's tuples flattened to their fields, as graph returns them."""
    out = []
    for value in values:
        out.extend(_leaves(value) if isinstance(value, tuple) else [np.asarray(value)])
    return out


def _run(module, name: str, arrays):
    try:
        return _leaves(mlc.interpret(module, name, *arrays))
    except InterpreterError as e:
        return e


@pytest.mark.parametrize("text,pipeline", _chunks())
def test_conversion_keeps_each_function_meaning(text, pipeline):
    ctx = mlc.Context()
    original = mlc.parse(text, ctx)
    converted = mlc.parse(text, ctx)
    mlc.PassManager.parse(f"builtin.module({pipeline})", ctx).run(converted)
    mlc.verify(converted)
    rng = np.random.default_rng(7)
    for fn in original.regions[0].blocks[0].ops:
        if not isinstance(fn, func.FuncOp) or any(not hasattr(t, "shape") for t in fn.type.inputs):
            continue
        name = fn.sym_name.value
        arrays = [_argument(t, rng) for t in fn.type.inputs]
        want, got = _run(original, name, arrays), _run(converted, name, arrays)
        if isinstance(want, Exception):
            assert isinstance(got, Exception), f"@{name}: only the original fails: {want}"
            continue
        assert not isinstance(got, Exception), f"@{name}: the conversion fails: {got}"
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype and g.shape == w.shape, name
            np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5, equal_nan=True, err_msg=name)
