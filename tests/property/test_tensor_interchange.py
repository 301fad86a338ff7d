"""`tensor-interchange` keeps the meaning of a `tensor.generic`: any order of the loops
that keeps the reduction loops in their relative order makes every output element see the
same sequence of updates, so the interpreter writes exactly the same arrays, before and
after `convert-tensor-to-loops` (generics drawn by the convert-tensor-to-loops test)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tensor_to_loops import Generic, _arrays, generics, interpret_kernel

import mlc
from mlc.ir.diagnostics import DiagnosticError

ITERATORS = 'iterator_types = ['


def _iterators(text: str) -> list[str]:
    start = text.index(ITERATORS) + len(ITERATORS)
    return [s.strip().strip('"') for s in text[start : text.index("]", start)].split(",")]


@st.composite
def orders(draw, iterators: list[str]) -> tuple[int, ...]:
    """A permutation of the loops with the reduction loops in their original order."""
    order = list(draw(st.permutations(range(len(iterators)))))
    reductions = iter(sorted(d for d in order if iterators[d] == "reduction"))
    return tuple(next(reductions) if iterators[d] == "reduction" else d for d in order)


@settings(deadline=None)
@given(st.data(), st.integers(0, 2**32 - 1))
def test_interchanged_generics_write_the_same_arrays(data, seed: int) -> None:
    generic: Generic = data.draw(generics())
    order = data.draw(orders(_iterators(generic.text)))
    arrays = _arrays(generic, seed)
    expected = interpret_kernel(mlc.parse(generic.text), arrays)
    option = ",".join(map(str, order))
    for pipeline in (f"tensor-interchange{{permutation={option}}}",
                     f"tensor-interchange{{permutation={option}}},convert-tensor-to-loops"):
        module = mlc.parse(generic.text)
        mlc.PassManager.parse(f"builtin.module({pipeline})").run(module)
        for got, want in zip(interpret_kernel(module, arrays), expected):
            np.testing.assert_array_equal(got, want)


def test_the_iterators_and_maps_follow_the_permutation() -> None:
    module = mlc.parse("""
    func.func @k(%a: memref<2x3x4xf32>, %c: memref<2x3xf32>) {
      tensor.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>,
                                       affine_map<(d0, d1, d2) -> (d0, d1)>],
                      iterator_types = ["parallel", "parallel", "reduction"]}
          ins(%a : memref<2x3x4xf32>) outs(%c : memref<2x3xf32>) {
      ^bb0(%x: f32, %o: f32):
        %s = arith.addf %x, %o : f32
        tensor.yield %s : f32
      }
      return
    }""")
    mlc.PassManager.parse("builtin.module(tensor-interchange{permutation=2,0,1})").run(module)
    text = str(module)
    assert 'iterator_types = ["reduction", "parallel", "parallel"]' in text
    assert "affine_map<(d0, d1, d2) -> (d1, d2, d0)>" in text
    assert "affine_map<(d0, d1, d2) -> (d1, d2)>" in text


def test_a_permutation_must_be_one() -> None:
    module = mlc.parse("func.func @k() { return }")
    with pytest.raises(DiagnosticError, match="not a permutation of 0..1"):
        mlc.PassManager.parse("builtin.module(tensor-interchange{permutation=0,0})").run(module)
