"""The memref dialect: layouts and view types, builders, and the reference interpreter, whose
memrefs are numpy views of shared buffers and which reports undefined behaviour.

A few subview result types are also checked against mlir-opt 19 directly (the property test
`tests/property/test_memref_subview.py` generates many more).
"""

from __future__ import annotations

import numpy as np
import pytest
from external_tools import find_mlir_opt, run_mlir_opt_split

import mlc
from mlc.dialects import func, memref
from mlc.dialects.memref import layout
from mlc.dialects.memref.interpreter import MemRef
from mlc.ir.affine import AffineMapAttr
from mlc.ir.attributes import StridedLayoutAttr
from mlc.ir.interpreter import Interpreter, UndefinedBehavior
from mlc.ir.types import DYNAMIC, FunctionType, MemRefType, f32, index

D = DYNAMIC


def strided(shape, strides, offset=0) -> MemRefType:
    return MemRefType(tuple(shape), f32, StridedLayoutAttr(tuple(strides), offset))


# --- layouts -----------------------------------------------------------------------------------
def test_identity_strides_poison_outer_dims_after_dynamic_or_zero_sizes() -> None:
    assert layout.identity_strides((4, 5, 6)) == [30, 6, 1]
    assert layout.identity_strides((4, D, 6)) == [D, 6, 1]
    assert layout.identity_strides((3, 0, 2)) == [D, 2, 1]


def test_strides_of_affine_layouts() -> None:
    linear = mlc.parse(
        "func.func private @f(memref<4x4xf32, affine_map<(d0, d1)[s0] -> (d0 * 8 + d1 + s0)>>)"
    )  # noqa: E501
    t = linear.body.blocks[0].first_op.type.inputs[0]
    assert isinstance(t.layout, AffineMapAttr)
    assert layout.strides_and_offset(t) == ([8, 1], D)
    tiled = mlc.parse("func.func private @f(memref<4xf32, affine_map<(d0) -> (d0 floordiv 2)>>)")
    assert layout.strides_and_offset(tiled.body.blocks[0].first_op.type.inputs[0]) is None


def test_view_types() -> None:
    source = MemRefType((8, D), f32)
    assert layout.subview_type(source, [2, 0], [4, 4], [1, 2]) == strided((4, 4), (D, 2), D)
    assert layout.subview_type(source, [0, 0], [4, 4], [1, 1]) == strided((4, 4), (D, 1), 0)
    assert layout.expanded_type(strided((8, 4), (16, 1), 3), (2, 4, 4), [[0, 1], [2]]) == (
        strided((2, 4, 4), (64, 16, 1), 3)
    )
    assert layout.collapsed_type(strided((2, 4, 4), (64, 16, 1)), [[0, 1], [2]]) == (
        strided((8, 4), (16, 1))
    )
    assert layout.collapsed_type(strided((2, 4), (16, 2)), [[0, 1]]) is None  # gaps


def test_rank_reduction_tells_unit_dims_apart_by_stride() -> None:
    original = strided((1, 1, 4), (16, 4, 1))
    assert layout.memref_rank_reduction_mask(original, strided((1, 4), (4, 1)), [1, 1, 4]) == {0}
    assert layout.memref_rank_reduction_mask(original, strided((1, 4), (16, 1)), [1, 1, 4]) == {1}


SUBVIEWS = [  # source, offsets, sizes, strides, and the result type mlir-opt 19 infers
    ("memref<8x8xf32>", "[2, 3] [4, 4] [1, 1]", "memref<4x4xf32, strided<[8, 1], offset: 19>>"),
    ("memref<8x?xf32>", "[%i, 0] [4, 4] [2, 1]", "memref<4x4xf32, strided<[?, 1], offset: ?>>"),
    ("memref<4x?xf32>", "[0, 0] [2, 2] [1, 1]", "memref<2x2xf32, strided<[?, 1]>>"),
    ("memref<16xf32, strided<[2], offset: 4>>", "[3] [4] [%i]",
     "memref<4xf32, strided<[?], offset: 10>>"),
    ("memref<8x8xf32, 1>", "[0, %i] [1, 8] [1, 1]", "memref<8xf32, strided<[1], offset: ?>, 1>"),
]  # fmt: skip


def subview_text(source: str, lists: str, result: str) -> str:
    return (f"func.func @f(%m: {source}, %i: index) -> {result} {{\n"
            f"  %0 = memref.subview %m{lists} : {source} to {result}\n"
            f"  return %0 : {result}\n}}")  # fmt: skip


@pytest.mark.parametrize(("source", "lists", "result"), SUBVIEWS)
def test_subview_types_verify(source: str, lists: str, result: str) -> None:
    module = mlc.parse(subview_text(source, lists, result))
    mlc.verify(module)
    op = module.body.blocks[0].first_op.entry_block.first_op
    assert str(op.results[0].type) == result


@pytest.mark.skipif(find_mlir_opt() is None, reason="mlir-opt 19 not found")
def test_subview_types_are_mlir_opts() -> None:
    texts = [subview_text(*case) for case in SUBVIEWS]
    for text, out in zip(texts, run_mlir_opt_split(texts)):
        assert out is not None, f"mlir-opt rejects:\n{text}"
        assert mlc.parse(text).print().rstrip() == out.rstrip()


# --- builders ----------------------------------------------------------------------------------
def test_mixed_subview_builder_and_dim_fold() -> None:
    fn = func.FuncOp("f", FunctionType((MemRefType((8, D), f32), index), (index,)))
    entry = fn.entry_block
    source, i = entry.args
    result_type = layout.subview_type(source.type, [D, 0], [4, D], [1, 1])
    sub = memref.SubViewOp.from_mixed(source, [i, 0], [4, i], [1, 1], result_type)
    entry.append(sub)
    assert sub.mixed_offsets() == [i, 0] and sub.mixed_sizes() == [4, i]
    from mlc.dialects.arith import ConstantOp
    from mlc.ir.attributes import IntegerAttr

    one = ConstantOp(IntegerAttr(1, index))
    entry.append(one)
    dim = memref.DimOp(sub.results[0], one.results[0])
    entry.append(dim)
    entry.append(func.ReturnOp([dim.results[0]]))
    mlc.verify(fn)
    assert dim.fold([None, IntegerAttr(1, index)]) == [i]
    assert dim.fold([None, IntegerAttr(0, index)]) == [IntegerAttr(4, index)]


# --- the interpreter ---------------------------------------------------------------------------
def run(source: str, *args, name: str = "f"):
    module = mlc.parse(source)
    mlc.verify(module)
    return Interpreter(module).call(name, *args)


def test_views_share_the_callers_buffer() -> None:
    array = np.arange(16, dtype=np.float32).reshape(4, 4)
    out = run(
        """
func.func @f(%m: memref<4x4xf32>, %v: f32) -> (f32, f32, memref<2x2xf32, strided<[4, 1], offset: 5>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %s = memref.subview %m[1, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  memref.store %v, %s[%c1, %c1] : memref<2x2xf32, strided<[4, 1], offset: 5>>
  %flat = memref.collapse_shape %m [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  %x = memref.load %flat[%c7] : memref<16xf32>
  %r = memref.reinterpret_cast %m to offset: [10], sizes: [2], strides: [1] : memref<4x4xf32> to memref<2xf32, strided<[1], offset: 10>>
  %e = memref.expand_shape %r [[0, 1]] output_shape [1, 2] : memref<2xf32, strided<[1], offset: 10>> into memref<1x2xf32, strided<[2, 1], offset: 10>>
  %y = memref.load %e[%c0, %c0] : memref<1x2xf32, strided<[2, 1], offset: 10>>
  return %x, %y, %s : f32, f32, memref<2x2xf32, strided<[4, 1], offset: 5>>
}""",  # noqa: E501
        array,
        np.float32(-1),
    )
    assert array[2, 2] == -1  # the store went through the subview into the caller's array
    assert out[0] == 7 and out[1] == -1
    assert isinstance(out[2], MemRef)
    np.testing.assert_array_equal(np.asarray(out[2]), [[5, 6], [9, -1]])


def test_alloc_view_and_metadata() -> None:
    out = run(
        """
func.func @f(%n: index, %v: f32) -> (f32, index, index, index) {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c7 = arith.constant 7 : index
  %bytes = memref.alloc() : memref<64xi8>
  %floats = memref.view %bytes[%c4][%n] : memref<64xi8> to memref<?x2xf32>
  memref.store %v, %floats[%c3, %c0] : memref<?x2xf32>
  %again = memref.view %bytes[%c0][] : memref<64xi8> to memref<16xf32>
  %x = memref.load %again[%c7] : memref<16xf32>
  %base, %off, %sz:2, %st:2 = memref.extract_strided_metadata %floats : memref<?x2xf32> -> memref<f32>, index, index, index, index, index
  %d = memref.dim %floats, %c0 : memref<?x2xf32>
  memref.dealloc %bytes : memref<64xi8>
  return %x, %sz#0, %st#0, %d : f32, index, index, index
}""",  # noqa: E501
        5,
        np.float32(2.5),
    )
    assert out == (np.float32(2.5), 5, 2, 5)


def test_atomic_rmw_returns_the_old_value() -> None:
    array = np.array([7, -1], np.int32)
    out = run(
        """
func.func @f(%m: memref<2xi32>, %v: i32) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.atomic_rmw addi %v, %m[%c0] : (i32, memref<2xi32>) -> i32
  %b = memref.atomic_rmw maxu %v, %m[%c1] : (i32, memref<2xi32>) -> i32
  return %a, %b : i32, i32
}""",
        array,
        np.int32(3),
    )
    assert out == (7, -1)
    np.testing.assert_array_equal(array, [10, -1])  # -1 is the largest unsigned value


def test_globals_are_per_run() -> None:
    source = """
memref.global "private" @counter : memref<1xi32> = dense<0>
func.func @f() -> i32 {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1 : i32
  %g = memref.get_global @counter : memref<1xi32>
  %x = memref.load %g[%c0] : memref<1xi32>
  %y = arith.addi %x, %one : i32
  memref.store %y, %g[%c0] : memref<1xi32>
  return %y : i32
}"""
    module = mlc.parse(source)
    interp = Interpreter(module)
    assert interp.call("f") == (1,) and interp.call("f") == (2,)
    assert Interpreter(module).call("f") == (1,)


UNDEFINED = {
    "index 4 out of bounds": "%x = memref.load %m[%c4] : memref<4xf32>",
    "access to freed memory": "memref.dealloc %a : memref<4xf32>\n"
    "%x = memref.load %a[%c0] : memref<4xf32>",
    "memory freed twice": "memref.dealloc %a : memref<4xf32>\nmemref.dealloc %a : memref<4xf32>",
    "dealloc of argument memory": "memref.dealloc %m : memref<4xf32>",
    "load of memory never written": "%x = memref.load %a[%c0] : memref<4xf32>",
    "store into read-only global memory": "%g = memref.get_global @k : memref<4xf32>\n"
    "memref.store %v, %g[%c0] : memref<4xf32>",
    "do not fit": "%c = memref.cast %m : memref<4xf32> to memref<?xf32>\n"
    "%d = memref.cast %c : memref<?xf32> to memref<5xf32>",
    "copy between shapes": "%s = memref.subview %m[0] [%c2] [1] : memref<4xf32> to "
    "memref<?xf32, strided<[1]>>\nmemref.copy %s, %a : memref<?xf32, strided<[1]>> to "
    "memref<4xf32>",
    "do not multiply to 4": "%c = memref.cast %m : memref<4xf32> to memref<?xf32>\n"
    "%e = memref.expand_shape %c [[0, 1]] output_shape [%c2, %c4] : memref<?xf32> into "
    "memref<?x?xf32>",
    "not contiguous": "%r = memref.reinterpret_cast %m to offset: [0], sizes: [2, 2], strides: "
    "[%c1, %c2] : memref<4xf32> to memref<2x2xf32, strided<[?, ?]>>\n%c = "
    "memref.collapse_shape %r [[0, 1]] : memref<2x2xf32, strided<[?, ?]>> into "
    "memref<4xf32, strided<[?]>>",
    "reaches outside its allocation": "%r = memref.reinterpret_cast %m to offset: [2], sizes: "
    "[4], strides: [1] : memref<4xf32> to memref<4xf32, strided<[1], offset: 2>>",
    "reaches outside its size": "%s = memref.subview %m[%c2] [%c4] [1] : memref<4xf32> to "
    "memref<?xf32, strided<[1], offset: ?>>",
}  # fmt: skip


@pytest.mark.parametrize("message", sorted(UNDEFINED))
def test_undefined_behaviour(message: str) -> None:
    source = f"""
memref.global "private" constant @k : memref<4xf32> = dense<1.0>
func.func @f(%m: memref<4xf32>, %v: f32) {{
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4xf32>
  {UNDEFINED[message]}
  return
}}"""
    with pytest.raises(UndefinedBehavior, match=message):
        run(source, np.zeros(4, np.float32), np.float32(1))


def test_read_only_arguments_reject_stores() -> None:
    array = np.zeros(2, np.float32)
    array.setflags(write=False)
    source = """
func.func @f(%m: memref<2xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  memref.store %v, %m[%c0] : memref<2xf32>
  return
}"""
    with pytest.raises(UndefinedBehavior, match="read-only argument memory"):
        run(source, array, np.float32(1))


def test_strided_arguments_are_viewed_without_copy() -> None:
    base = np.arange(12, dtype=np.float32).reshape(3, 4)
    column = base[:, 1]
    source = """
func.func @f(%m: memref<3xf32, strided<[4], offset: ?>>) -> f32 {
  %c2 = arith.constant 2 : index
  %x = memref.load %m[%c2] : memref<3xf32, strided<[4], offset: ?>>
  memref.store %x, %m[%c2] : memref<3xf32, strided<[4], offset: ?>>
  return %x : f32
}"""
    assert run(source, column) == (np.float32(9),)
