"""Parallel loops compiled onto the OpenMP runtime (`convert-scf-to-gomp`) compute what the
reference interpreter computes on the source.

The kernels cover 1-D, 2-D and 3-D `scf.parallel`s with and without reductions, bounds and steps
given at run time (so hypothesis draws empty ranges, negative bounds, steps above 1, ranges
that do not divide among the threads), captured memrefs and scalars (in the body and in a
combiner), two reductions in one loop, reductions of integers, index and floats, a parallel
loop nested in another and a bufferized `scf.forall`. The module is compiled once per
configuration: at O0 with 3 threads (more than this machine may have cores: uneven chunks,
threads without iterations) and at O3 with the runtime's default team.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parallel_loops import compile_parallel

import mlc

KERNELS = """
func.func @axpy(%x: memref<?xf32>, %y: memref<?xf32>, %a: f32, %lb: index, %ub: index,
                %step: index) {
  scf.parallel (%i) = (%lb) to (%ub) step (%step) {
    %xi = memref.load %x[%i] : memref<?xf32>
    %yi = memref.load %y[%i] : memref<?xf32>
    %ax = arith.mulf %a, %xi : f32
    %r = arith.addf %ax, %yi : f32
    memref.store %r, %y[%i] : memref<?xf32>
  }
  return
}

func.func @shift_2d(%x: memref<?x?xi32>, %out: memref<?x?xi32>, %c: i32, %lb0: index,
                    %ub0: index, %s0: index, %lb1: index, %ub1: index, %s1: index) {
  scf.parallel (%i, %j) = (%lb0, %lb1) to (%ub0, %ub1) step (%s0, %s1) {
    %v = memref.load %x[%i, %j] : memref<?x?xi32>
    %d = arith.subi %i, %j : index
    %di = arith.index_cast %d : index to i32
    %m = arith.muli %v, %c : i32
    %r = arith.addi %m, %di : i32
    memref.store %r, %out[%i, %j] : memref<?x?xi32>
  }
  return
}

func.func @code_3d(%out: memref<?x?x?xi64>, %l0: index, %u0: index, %s0: index, %l1: index,
                   %u1: index, %s1: index, %l2: index, %u2: index, %s2: index) {
  scf.parallel (%i, %j, %k) = (%l0, %l1, %l2) to (%u0, %u1, %u2) step (%s0, %s1, %s2) {
    %c100 = arith.constant 100 : index
    %c10 = arith.constant 10 : index
    %a = arith.muli %i, %c100 : index
    %b = arith.muli %j, %c10 : index
    %ab = arith.addi %a, %b : index
    %abc = arith.addi %ab, %k : index
    %v = arith.index_cast %abc : index to i64
    memref.store %v, %out[%i, %j, %k] : memref<?x?x?xi64>
  }
  return
}

func.func @sum_and_max(%x: memref<?xi64>, %init: i64, %lb: index, %ub: index,
                       %step: index) -> (i64, i64) {
  %r:2 = scf.parallel (%i) = (%lb) to (%ub) step (%step) init (%init, %init) -> (i64, i64) {
    %v = memref.load %x[%i] : memref<?xi64>
    scf.reduce(%v, %v : i64, i64) {
    ^bb0(%a: i64, %b: i64):
      %s = arith.addi %a, %b : i64
      scf.reduce.return %s : i64
    }, {
    ^bb0(%a: i64, %b: i64):
      %m = arith.maxsi %a, %b : i64
      scf.reduce.return %m : i64
    }
  }
  return %r#0, %r#1 : i64, i64
}

func.func @capped_sum_2d(%x: memref<?x?xi64>, %cap: i64, %lb0: index, %ub0: index,
                         %s0: index, %lb1: index, %ub1: index, %s1: index) -> i64 {
  %zero = arith.constant 0 : i64
  %r = scf.parallel (%i, %j) = (%lb0, %lb1) to (%ub0, %ub1) step (%s0, %s1)
      init (%zero) -> i64 {
    %v = memref.load %x[%i, %j] : memref<?x?xi64>
    scf.reduce(%v : i64) {
    ^bb0(%a: i64, %b: i64):
      %s = arith.addi %a, %b : i64
      %c = arith.minsi %s, %cap : i64
      scf.reduce.return %c : i64
    }
  }
  return %r : i64
}

func.func @dot_2d(%x: memref<?x?xf64>, %y: memref<?x?xf64>, %init: f64, %n: index,
                  %m: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) init (%init) -> f64 {
    %a = memref.load %x[%i, %j] : memref<?x?xf64>
    %b = memref.load %y[%i, %j] : memref<?x?xf64>
    %p = arith.mulf %a, %b : f64
    scf.reduce(%p : f64) {
    ^bb0(%u: f64, %v: f64):
      %s = arith.addf %u, %v : f64
      scf.reduce.return %s : f64
    }
  }
  return %r : f64
}

func.func @row_sums(%x: memref<?x?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?x?xf32>
  %m = memref.dim %x, %c1 : memref<?x?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %s = scf.parallel (%j) = (%c0) to (%m) step (%c1) init (%zero) -> f32 {
      %v = memref.load %x[%i, %j] : memref<?x?xf32>
      scf.reduce(%v : f32) {
      ^bb0(%a: f32, %b: f32):
        %t = arith.addf %a, %b : f32
        scf.reduce.return %t : f32
      }
    }
    memref.store %s, %out[%i] : memref<?xf32>
  }
  return
}

func.func @sum_of_squares(%lb: index, %ub: index, %step: index) -> index {
  %zero = arith.constant 0 : index
  %r = scf.parallel (%i) = (%lb) to (%ub) step (%step) init (%zero) -> index {
    %sq = arith.muli %i, %i : index
    scf.reduce(%sq : index) {
    ^bb0(%a: index, %b: index):
      %s = arith.addi %a, %b : index
      scf.reduce.return %s : index
    }
  }
  return %r : index
}

func.func @double_forall(%x: memref<16xf32>) {
  scf.forall (%i) in (16) {
    %v = memref.load %x[%i] : memref<16xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %x[%i] : memref<16xf32>
  }
  return
}
"""

CONFIGURATIONS = [pytest.param(0, 3, id="O0-3-threads"),
                  pytest.param(3, 0, id="O3-default-threads")]  # fmt: skip
CASES = settings(max_examples=10, deadline=None)


@functools.cache
def source():
    return mlc.parse(KERNELS)


@functools.cache
def compiled(opt_level: int, num_threads: int):
    return compile_parallel(KERNELS, opt_level, num_threads)


def check(opt_level: int, num_threads: int, name: str, *args) -> None:
    """The compiled function and the interpreter agree on the results and on every array
    argument after the call (each runs on its own copies)."""
    native_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    reference_args = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got = compiled(opt_level, num_threads)[name](*native_args)
    expected = mlc.interpret(source(), name, *reference_args)
    got = got if isinstance(got, tuple) else (() if got is None else (got,))
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-12)
    for native, reference in zip(native_args, reference_args):
        if isinstance(native, np.ndarray):
            np.testing.assert_allclose(native, reference, rtol=1e-6)


def ranges(size: int):
    """(lower, upper, step) within [0, size]: empty when upper <= lower."""
    bound = st.integers(0, size)
    return st.tuples(bound, bound, st.integers(1, 4))


@st.composite
def vectors(draw, dtype, low=-100, high=100, size=None):
    n = draw(st.integers(0, 13)) if size is None else size
    values = draw(st.lists(st.integers(low, high), min_size=n, max_size=n))
    return np.array(values, dtype=dtype)


@st.composite
def matrices(draw, dtype, low=-50, high=50):
    n, m = draw(st.integers(0, 7)), draw(st.integers(0, 7))
    values = draw(st.lists(st.integers(low, high), min_size=n * m, max_size=n * m))
    return np.array(values, dtype=dtype).reshape(n, m)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(data=st.data())
def test_elementwise_1d(opt_level, num_threads, data) -> None:
    x = data.draw(vectors(np.float32))
    y = data.draw(vectors(np.float32, size=len(x)))
    lower, upper, step = data.draw(ranges(len(x)))
    a = np.float32(data.draw(st.integers(-3, 3)))
    check(opt_level, num_threads, "axpy", x, y, a, lower, upper, step)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(data=st.data())
def test_elementwise_2d(opt_level, num_threads, data) -> None:
    x = data.draw(matrices(np.int32))
    out = np.zeros_like(x)
    (l0, u0, s0), (l1, u1, s1) = data.draw(ranges(x.shape[0])), data.draw(ranges(x.shape[1]))
    c = np.int32(data.draw(st.integers(-5, 5)))
    check(opt_level, num_threads, "shift_2d", x, out, c, l0, u0, s0, l1, u1, s1)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(shape=st.tuples(*[st.integers(0, 5)] * 3), data=st.data())
def test_elementwise_3d(opt_level, num_threads, shape, data) -> None:
    bounds = [value for size in shape for value in data.draw(ranges(size))]
    check(opt_level, num_threads, "code_3d", np.full(shape, -1, np.int64), *bounds)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(data=st.data())
def test_two_reductions_1d(opt_level, num_threads, data) -> None:
    x = data.draw(vectors(np.int64))
    lower, upper, step = data.draw(ranges(len(x)))
    init = np.int64(data.draw(st.integers(-1000, 1000)))
    check(opt_level, num_threads, "sum_and_max", x, init, lower, upper, step)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(data=st.data())
def test_reduction_with_captured_scalar_2d(opt_level, num_threads, data) -> None:
    x = data.draw(matrices(np.int64, 0, 40))
    (l0, u0, s0), (l1, u1, s1) = data.draw(ranges(x.shape[0])), data.draw(ranges(x.shape[1]))
    cap = np.int64(data.draw(st.integers(0, 500)))
    check(opt_level, num_threads, "capped_sum_2d", x, cap, l0, u0, s0, l1, u1, s1)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(data=st.data())
def test_float_reduction_2d(opt_level, num_threads, data) -> None:
    x = data.draw(matrices(np.float64))
    y = np.flip(x).copy() if x.size else x.copy()
    init = np.float64(data.draw(st.integers(-10, 10)))
    check(opt_level, num_threads, "dot_2d", x, y, init, x.shape[0], x.shape[1])


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(data=st.data())
def test_nested_parallel_loop(opt_level, num_threads, data) -> None:
    x = data.draw(matrices(np.float32))
    check(opt_level, num_threads, "row_sums", x, np.zeros(x.shape[0], np.float32))


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
@CASES
@given(lower=st.integers(-40, 40), upper=st.integers(-40, 40), step=st.integers(1, 7))
def test_index_reduction_over_negative_bounds(opt_level, num_threads, lower, upper, step) -> None:
    check(opt_level, num_threads, "sum_of_squares", lower, upper, step)


@pytest.mark.parametrize(("opt_level", "num_threads"), CONFIGURATIONS)
def test_bufferized_forall(opt_level, num_threads) -> None:
    check(opt_level, num_threads, "double_forall", np.arange(16, dtype=np.float32))
