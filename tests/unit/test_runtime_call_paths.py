"""The runtime's ways into native code give the same results and the same errors: the hot
path (`NativeFunction.call_plain`: static memrefs, plain arrays, checked and unboxed in
native code, else only the data pointers packed per call in Python) and the general one
(scalars, dynamic descriptors, copies of read-only or non-contiguous inputs for graph
functions, every error message)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import compile_module, runtime, unboxing
from mlc.codegen.runtime import NOT_PLAIN
from mlc.codegen.unboxing import _layout_holds, unboxer
from mlc.passes.pipeline import parse_pipeline
from mlc.tools.mlc_run import DEFAULT_PIPELINE

MODULE = """
func.func @mix(%a: memref<2x3xf32>, %s: f32, %b: memref<?xf32>, %k: index,
               %c: memref<2x3xf32>) -> memref<2x3xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %out = memref.alloc() : memref<2x3xf32>
  %bk = memref.load %b[%k] : memref<?xf32>
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      %x = memref.load %a[%i, %j] : memref<2x3xf32>
      %y = memref.load %c[%i, %j] : memref<2x3xf32>
      %p = arith.mulf %x, %s : f32
      %q = arith.addf %p, %bk : f32
      %r = arith.addf %q, %y : f32
      memref.store %r, %out[%i, %j] : memref<2x3xf32>
    }
  }
  return %out : memref<2x3xf32>
}
func.func @same(%a: memref<2x3xf32>) -> memref<2x3xf32> {
  return %a : memref<2x3xf32>
}
func.func @second(%e: memref<0x3xf32>, %v: memref<2xf32>) -> f32 {
  %c1 = arith.constant 1 : index
  %x = memref.load %v[%c1] : memref<2xf32>
  return %x : f32
}
"""

GRAPH = """
graph.func @main(%x: !graph.tensor<[2, 3], f32>, %w: !graph.tensor<[3, 4], f32>,
                 %b: !graph.tensor<[4], f32>) -> !graph.tensor<[2, 4], f32> {
  %0 = graph.matmul %x, %w : (!graph.tensor<[2, 3], f32>, !graph.tensor<[3, 4], f32>)
  %1 = graph.add %0, %b : (!graph.tensor<[2, 4], f32>, !graph.tensor<[4], f32>)
  graph.return %1 : !graph.tensor<[2, 4], f32>
}
"""
SHAPES = [(2, 3), (3, 4), (4,)]


@pytest.fixture(scope="module")
def exe():
    module = mlc.parse(MODULE)
    signatures = {op.properties["sym_name"].value: op.properties["function_type"].value
                  for op in module.ops}  # fmt: skip
    parse_pipeline(DEFAULT_PIPELINE).run(module)
    return compile_module(module, opt_level=2, signatures=signatures)


@pytest.fixture(scope="module")
def graph_exe():
    return mlc.compile(mlc.parse(GRAPH))


floats = st.floats(-1e3, 1e3, width=32)


@settings(max_examples=min(settings.default.max_examples, 40), deadline=None)
@given(data=st.data(), n=st.integers(1, 9), s=floats, aliased=st.booleans())
def test_fixed_and_variable_fields_reach_native_code(exe, data, n, s, aliased) -> None:
    """Static memrefs give a pointer per call (their sizes and strides are written once),
    the scalar and the dynamic memref every field; an array passed twice is fine."""
    array = st.lists(floats, min_size=n, max_size=n).map(lambda v: np.array(v, np.float32))
    a = np.array(data.draw(st.lists(floats, min_size=6, max_size=6)), np.float32).reshape(2, 3)
    c = a if aliased else a[::-1].copy()
    b = data.draw(array)
    k = data.draw(st.integers(0, n - 1))
    want = a * np.float32(s) + b[k] + c
    np.testing.assert_array_equal(exe["mix"](a, s, b, k, c), want)


def test_a_result_that_is_an_input_is_a_view_of_it(exe) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    got = exe["same"](a)
    assert np.shares_memory(got, a)
    np.testing.assert_array_equal(got, a)


def test_empty_static_arrays_take_the_hot_path(exe) -> None:
    function = exe["second"]
    args = (np.empty((0, 3), np.float32), np.array([1, 2], np.float32))
    assert function.call_plain(args) == 2.0
    assert function(*args) == 2.0


def test_call_plain_declines_what_needs_the_general_path(exe) -> None:
    """Any argument not plain (or a function with other parameters): nothing runs."""
    a = np.zeros((2, 3), np.float32)
    function = exe["same"]
    for bad in (a.T.copy().T, a.astype(np.float64), a.reshape(3, 2), a[None], a.tolist()):
        assert function.call_plain((bad,)) is NOT_PLAIN
    read_only = a.copy()
    read_only.flags.writeable = False
    assert function.call_plain((read_only,)) is NOT_PLAIN
    assert function.call_plain(()) is NOT_PLAIN
    assert exe["mix"].call_plain((a, 1.0, a[0], 0, a)) is NOT_PLAIN


def _graph_inputs(seed: int) -> list:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(np.float32) for s in SHAPES]


def _reference(x, w, b):
    return x @ w + b


@st.composite
def graph_arguments(draw):
    """The graph function's arguments, each plain, a non-contiguous or read-only copy (the
    general path copies them), or wrong in dtype, rank or a dimension."""
    arrays = _graph_inputs(draw(st.integers(0, 2**16)))
    kinds = draw(st.lists(st.sampled_from(["plain", "strided", "read-only", "f64", "rank",
                                           "dim"]), min_size=3, max_size=3))  # fmt: skip
    args = []
    for a, kind in zip(arrays, kinds):
        if kind == "strided":
            a = np.repeat(a, 2, axis=-1)[..., ::2]
        elif kind == "read-only":
            a = a.copy()
            a.flags.writeable = False
        elif kind == "f64":
            a = a.astype(np.float64)
        elif kind == "rank":
            a = a[None]
        elif kind == "dim":
            a = np.zeros((*a.shape[:-1], a.shape[-1] + 1), np.float32)
        args.append(a)
    return arrays, kinds, args


@settings(max_examples=min(settings.default.max_examples, 60), deadline=None)
@given(case=graph_arguments())
def test_graph_function_results_and_errors_do_not_depend_on_the_path(graph_exe, case) -> None:
    arrays, kinds, args = case
    wrong = [i for i, kind in enumerate(kinds) if kind in ("f64", "rank", "dim")]
    if not wrong:
        got = graph_exe.main(*args)
        np.testing.assert_allclose(got, _reference(*arrays), rtol=1e-5, atol=1e-5)
        return
    first = wrong[0]
    error = TypeError if kinds[first] == "f64" else ValueError
    with pytest.raises(error, match=f"argument #{first} of 'main'") as info:
        graph_exe.main(*args)
    if kinds[first] == "dim":  # both shapes named
        assert str(list(SHAPES[first])).replace(" ", "") in str(info.value).replace(" ", "")
        assert str(args[first].shape) in str(info.value)


def test_graph_calls_from_several_threads_at_once(graph_exe) -> None:
    """Each thread packs its pointers into its own call buffer (`runtime._Frame`)."""
    inputs = [_graph_inputs(seed) for seed in range(8)]
    wants = [_reference(*arrays) for arrays in inputs]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(20):
            for got, want in zip(pool.map(lambda a: graph_exe.main(*a), inputs), wants):
                np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_functions_are_made_once_per_name(exe, graph_exe) -> None:
    """`exe.main(x)` in a loop looks the function up on each call: it must not rebuild it."""
    assert graph_exe.main is graph_exe["main"] is graph_exe.main
    assert exe.same is exe["same"] is exe.function("same")
    assert exe.function("same", "(memref<2x3xf32>) -> memref<2x3xf32>") is not exe.same
    with pytest.raises(KeyError):
        exe["missing"]


class _Subclass(np.ndarray):
    pass


def _variant(a: np.ndarray, kind: str) -> np.ndarray:
    """`a` as an argument of one `kind`: plain, or what the native checks must refuse."""
    if kind == "equal dtype":  # equal to float32, not its canonical descriptor
        return a.astype(np.dtype(np.float32, metadata={"unit": "m"}))
    if kind == "subclass":
        return a.view(_Subclass)
    if kind == "fortran":
        return np.asfortranarray(a)
    if kind == "read-only":
        a = a.copy()
        a.flags.writeable = False
        return a
    if kind == "misaligned":
        raw = np.frombuffer(bytearray(a.nbytes + 1), np.float32, a.size, offset=1)
        raw[:] = a.ravel()
        return raw.reshape(a.shape)
    if kind == "rank":
        return a[None]
    if kind == "dim":
        return np.zeros((a.shape[0] + 1, *a.shape[1:]), a.dtype)
    return {"f64": a.astype(np.float64), "int32": a.astype(np.int32)}.get(kind, a)


KINDS = ["plain", "equal dtype", "subclass", "fortran", "read-only", "misaligned", "rank",
         "dim", "f64", "int32"]


def test_this_interpreter_is_unboxed_natively() -> None:
    """CPython with the GIL and numpy lay out tuples and arrays as the unboxer reads them
    (else every plain call would quietly take the Python path)."""
    assert _layout_holds() and unboxer() is not None


@settings(max_examples=min(settings.default.max_examples, 60), deadline=None)
@given(kinds=st.lists(st.sampled_from(KINDS), min_size=3, max_size=3),
       seed=st.integers(0, 2**16))  # fmt: skip
def test_native_unboxing_calls_exactly_with_plain_arrays(graph_exe, kinds, seed) -> None:
    """The native checks accept an argument tuple exactly when each array is plain with
    its dtype's canonical descriptor, and then pass every data pointer; a refused tuple
    runs nothing and the call is still right (or names its error) on the Python path."""
    native = graph_exe["main"]._native
    arrays = _graph_inputs(seed)
    args = tuple(_variant(a, kind) for a, kind in zip(arrays, kinds))
    frame = native._fast
    called = unboxer()(args, native._unbox_plan.address, frame.base)
    assert called == all(kind == "plain" for kind in kinds)
    if called:
        assert frame.passed() == tuple(a.__array_interface__["data"][0] for a in args)
        got = native._decode_fast(frame.results(), runtime._Call())  # owns the result
        np.testing.assert_allclose(got, _reference(*arrays), rtol=1e-5, atol=1e-5)
    try:
        got = graph_exe.main(*args)
    except (TypeError, ValueError):
        assert any(kind in ("rank", "dim", "f64", "int32") for kind in kinds)
    else:
        np.testing.assert_allclose(got, _reference(*arrays), rtol=1e-5, atol=1e-5)


def test_calls_without_the_native_unboxer(exe, graph_exe, monkeypatch) -> None:
    """Where the layouts differ (`unboxer()` is None), plain calls take the Python path."""
    monkeypatch.setattr(runtime, "unboxer", lambda: None)
    inputs = _graph_inputs(0)
    np.testing.assert_allclose(graph_exe.main(*inputs), _reference(*inputs), rtol=1e-5,
                               atol=1e-5)  # fmt: skip
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert np.shares_memory(exe["same"](a), a)


def test_calls_where_the_unboxer_cannot_be_compiled(graph_exe, monkeypatch) -> None:
    """A JIT that refuses the unboxer (no executable memory, say) leaves the Python path."""

    def refuse():
        raise RuntimeError("no JIT here")

    monkeypatch.setattr(unboxing, "_Unboxer", refuse)
    monkeypatch.setattr(unboxing, "_unboxer", [])
    assert unboxing.unboxer() is None
    inputs = _graph_inputs(1)
    np.testing.assert_allclose(graph_exe.main(*inputs), _reference(*inputs), rtol=1e-5,
                               atol=1e-5)  # fmt: skip
