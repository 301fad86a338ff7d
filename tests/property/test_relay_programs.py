"""Generated relay programs verify, round-trip through print/parse, and interpret as their
independent numpy reference computes (see `relay_programs`)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from relay_programs import relay_programs

import mlc


def _parse(text: str):
    module = mlc.parse(text, mlc.Context())
    mlc.verify(module)
    return module


@given(relay_programs())
def test_generated_relay_programs_round_trip(program):
    printed = str(_parse(program.text()))
    assert str(_parse(printed)) == printed
    assert str(_parse(_parse(printed).print(generic=True))) == printed


@given(relay_programs(), st.integers(0, 2**32 - 1))
def test_relay_interpreter_equals_numpy(program, seed):
    module = _parse(program.text())
    arrays = program.inputs(np.random.default_rng(seed))
    (got,) = mlc.interpret(module, "main", *arrays)
    want = program.reference(arrays)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, equal_nan=True)
