"""The tensor dialect's interpreter rules and folds (syntax and diagnostics: tests/lit/tensor,
checked against mlir-opt too)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.ir.interpreter import InterpreterError

PROGRAM = """
func.func @f(%t: tensor<?x3xf32>, %v: f32) -> (tensor<?x3xf32>, f32, tensor<2xf32>, tensor<?x3xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %t, %c0 : tensor<?x3xf32>
  %e = tensor.splat %v[%n] : tensor<?x3xf32>
  %i = tensor.insert %v into %t[%c1, %c1] : tensor<?x3xf32>
  %x = tensor.extract %t[%c0, %c1] : tensor<?x3xf32>
  %fe = tensor.from_elements %x, %v : tensor<2xf32>
  %g = tensor.generate %n {
  ^bb0(%a: index, %b: index):
    %s = arith.addi %a, %b : index
    %si = arith.index_cast %s : index to i32
    %f = arith.sitofp %si : i32 to f32
    tensor.yield %f : f32
  } : tensor<?x3xf32>
  %sum = arith.addf %g, %e : tensor<?x3xf32>
  return %i, %x, %fe, %sum : tensor<?x3xf32>, f32, tensor<2xf32>, tensor<?x3xf32>
}
"""  # noqa: E501


def test_tensor_ops_compute_as_numpy():
    module = mlc.parse(PROGRAM)
    t = np.arange(6, dtype=np.float32).reshape(2, 3)
    inserted, extracted, elements, total = mlc.interpret(module, "f", t, np.float32(9))
    want = t.copy()
    want[1, 1] = 9
    np.testing.assert_array_equal(inserted, want)
    np.testing.assert_array_equal(t, np.arange(6).reshape(2, 3))  # values are immutable
    assert extracted == 1
    np.testing.assert_array_equal(elements, [1, 9])
    np.testing.assert_array_equal(total, np.add.outer(range(2), range(3)) + 9)


def test_out_of_bounds_extract_is_an_error():
    text = """func.func @f(%t: tensor<2xf32>, %i: index) -> f32 {
      %x = tensor.extract %t[%i] : tensor<2xf32>
      return %x : f32
    }"""
    with pytest.raises(InterpreterError, match="out of bounds"):
        mlc.interpret(mlc.parse(text), "f", np.zeros(2, np.float32), np.int64(2))


def test_static_sizes_and_ranks_fold_to_constants():
    text = """func.func @f(%t: tensor<?x3xf32>) -> (index, index) {
      %c1 = arith.constant 1 : index
      %d = tensor.dim %t, %c1 : tensor<?x3xf32>
      %r = tensor.rank %t : tensor<?x3xf32>
      return %d, %r : index, index
    }"""
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    mlc.PassManager.parse("builtin.module(canonicalize)", ctx).run(module)
    assert "tensor." not in str(module)
    assert "arith.constant 3 : index" in str(module) and "arith.constant 2 : index" in str(module)


@st.composite
def slices(draw):
    """A static 2-D source shape and a slice of it (offsets, sizes, strides) that fits."""
    shape = (draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    offsets, sizes, strides = [], [], []
    for dim in shape:
        o = draw(st.integers(0, dim - 1))
        s = draw(st.integers(1, 3))
        n = draw(st.integers(0, (dim - 1 - o) // s + 1))
        offsets.append(o)
        sizes.append(n)
        strides.append(s)
    return shape, offsets, sizes, strides


def _type(shape) -> str:
    return f"tensor<{''.join(f'{d}x' for d in shape)}f32>"


@settings(deadline=None)
@given(slices(), st.booleans())
def test_slices_equal_numpy_slicing(case, dynamic_offset):
    shape, offsets, sizes, strides = case
    src, piece = _type(shape), _type(sizes)
    first = "%o" if dynamic_offset else str(offsets[0])
    where = f"[{first}, {offsets[1]}] {sizes} {strides}"
    text = f"""func.func @f(%t: {src}, %u: {piece}, %o: index) -> ({piece}, {src}) {{
      %s = tensor.extract_slice %t{where} : {src} to {piece}
      %r = tensor.insert_slice %u into %t{where} : {piece} into {src}
      return %s, %r : {piece}, {src}
    }}"""
    t = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    u = -np.arange(np.prod(sizes), dtype=np.float32).reshape(sizes)
    cut, put = mlc.interpret(mlc.parse(text), "f", t, u, np.int64(offsets[0]))
    window = tuple(slice(o, o + (n - 1) * s + 1 if n else o, s)
                   for o, n, s in zip(offsets, sizes, strides))  # fmt: skip
    np.testing.assert_array_equal(cut, t[window])
    want = t.copy()
    want[window] = u
    np.testing.assert_array_equal(put, want)


def test_rank_reducing_slices_drop_unit_dims():
    text = """func.func @f(%t: tensor<3x4xf32>) -> tensor<4xf32> {
      %s = tensor.extract_slice %t[1, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
      return %s : tensor<4xf32>
    }"""
    t = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_array_equal(mlc.interpret(mlc.parse(text), "f", t)[0], t[1])


def test_reshapes_are_row_major():
    text = """func.func @f(%t: tensor<?x4xf32>, %d: index) -> (tensor<?xf32>, tensor<?x2x2xf32>) {
      %c = tensor.collapse_shape %t [[0, 1]] : tensor<?x4xf32> into tensor<?xf32>
      %e = tensor.expand_shape %t [[0], [1, 2]] output_shape [%d, 2, 2]
        : tensor<?x4xf32> into tensor<?x2x2xf32>
      return %c, %e : tensor<?xf32>, tensor<?x2x2xf32>
    }"""
    t = np.arange(12, dtype=np.float32).reshape(3, 4)
    flat, expanded = mlc.interpret(mlc.parse(text), "f", t, np.int64(3))
    np.testing.assert_array_equal(flat, t.ravel())
    np.testing.assert_array_equal(expanded, t.reshape(3, 2, 2))


def test_pad_fills_from_the_body_at_each_new_index():
    text = """func.func @f(%t: tensor<2x2xf32>, %n: index) -> tensor<?x3xf32> {
      %p = tensor.pad %t low[1, 0] high[%n, 1] {
      ^bb0(%i: index, %j: index):
        %s = arith.addi %i, %j : index
        %c = arith.index_cast %s : index to i32
        %f = arith.sitofp %c : i32 to f32
        tensor.yield %f : f32
      } : tensor<2x2xf32> to tensor<?x3xf32>
      return %p : tensor<?x3xf32>
    }"""
    t = np.full((2, 2), -1, np.float32)
    (got,) = mlc.interpret(mlc.parse(text), "f", t, np.int64(2))
    want = np.add.outer(np.arange(5), np.arange(3)).astype(np.float32)
    want[1:3, 0:2] = -1
    np.testing.assert_array_equal(got, want)


@st.composite
def contractions(draw):
    """An einsum-like `tensor.generic` over 2 inputs: each operand reads a random subset of
    up to 3 loops (in a random order); the output reads the parallel loops."""
    loops = draw(st.integers(1, 3))
    sizes = [draw(st.integers(1, 3)) for _ in range(loops)]
    reduced = [draw(st.booleans()) for _ in range(loops)]
    operands = []
    for _ in range(2):
        dims = draw(st.permutations(range(loops)))
        operands.append(list(dims[: draw(st.integers(0, loops))]))
    out = [d for d in range(loops) if not reduced[d]]
    for d in range(loops):  # every loop must be read somewhere
        if not any(d in o for o in operands) and d not in out:
            operands[0].append(d)
    return sizes, reduced, operands, out


def _map(loops: int, dims) -> str:
    names = ", ".join(f"d{i}" for i in range(loops))
    return f"affine_map<({names}) -> ({', '.join(f'd{d}' for d in dims)})>"


@settings(deadline=None)
@given(contractions(), st.integers(0, 2**32 - 1))
def test_generic_equals_einsum(case, seed):
    sizes, reduced, operands, out = case
    loops = len(sizes)
    shapes = [tuple(sizes[d] for d in dims) for dims in operands] + [tuple(sizes[d] for d in out)]
    types = [_type(s) for s in shapes]
    maps = ", ".join(_map(loops, dims) for dims in [*operands, out])
    iterators = ", ".join('"reduction"' if r else '"parallel"' for r in reduced)
    text = f"""func.func @f(%a: {types[0]}, %b: {types[1]}, %c: {types[2]}) -> {types[2]} {{
      %r = tensor.generic {{indexing_maps = [{maps}], iterator_types = [{iterators}]}}
          ins(%a, %b : {types[0]}, {types[1]}) outs(%c : {types[2]}) {{
      ^bb0(%x: f64, %y: f64, %acc: f64):
        %m = arith.mulf %x, %y : f64
        %s = arith.addf %m, %acc : f64
        tensor.yield %s : f64
      }} -> {types[2]}
      return %r : {types[2]}
    }}""".replace("f32", "f64")
    rng = np.random.default_rng(seed)
    a, b = (rng.standard_normal(s) for s in shapes[:2])
    c = rng.standard_normal(shapes[2])
    (got,) = mlc.interpret(mlc.parse(text), "f", a, b, c)
    letters = "ijk"
    spec = ",".join("".join(letters[d] for d in dims) for dims in operands)
    domain = letters[:loops]  # a ones tensor over the whole domain: loops only c reads
    full = np.einsum(f"{spec},{domain}->{domain}", a, b, np.ones(sizes))
    summed = full.sum(axis=tuple(d for d in range(loops) if reduced[d]))
    np.testing.assert_allclose(got, c + summed, rtol=1e-12, atol=1e-12)
