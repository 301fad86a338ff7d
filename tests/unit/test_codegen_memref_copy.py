"""`memref.copy` between memrefs that are not both contiguous calls `memrefCopy`, which codegen
links in (`codegen/memref_runtime.py`): compiled copies equal numpy's, for transposed and
strided sources and targets, element sizes of 1 to 8 bytes, rank 0 and empty memrefs."""

from __future__ import annotations

import numpy as np
import pytest

import mlc
from mlc.codegen import compile_module
from mlc.passes import PassManager

LOWERING = (
    "builtin.module(expand-strided-metadata,lower-affine,convert-arith-to-llvm,"
    "finalize-memref-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts)"
)


def _compile(text: str, signatures: dict):
    ctx = mlc.Context()
    module = mlc.parse(text, ctx)
    PassManager.parse(LOWERING, ctx).run(module)
    assert "llvm.call @memrefCopy" in str(module)
    return compile_module(module, 2, signatures)


@pytest.mark.parametrize("dtype, element", [("i8", np.int8), ("i16", np.int16),
                                            ("f32", np.float32), ("f64", np.float64)])  # fmt: skip
def test_transposed_copies(dtype: str, element) -> None:
    """A transposed view copied into a contiguous buffer and into a strided view."""
    transposed = f"memref<3x4x{dtype}, strided<[1, 3]>>"
    strided = f"memref<3x4x{dtype}, strided<[16, 2], offset: 1>>"
    text = f"""
    func.func @to_dense(%a: memref<4x3x{dtype}>, %b: memref<3x4x{dtype}>) {{
      %t = memref.reinterpret_cast %a to offset: [0], sizes: [3, 4], strides: [1, 3]
          : memref<4x3x{dtype}> to {transposed}
      memref.copy %t, %b : {transposed} to memref<3x4x{dtype}>
      return
    }}
    func.func @to_strided(%a: memref<3x4x{dtype}>, %b: memref<6x16x{dtype}>) {{
      %s = memref.subview %b[0, 1] [3, 4] [1, 2] : memref<6x16x{dtype}> to {strided}
      memref.copy %a, %s : memref<3x4x{dtype}> to {strided}
      return
    }}
    """
    exe = _compile(text, {
        "to_dense": f"(memref<4x3x{dtype}>, memref<3x4x{dtype}>) -> ()",
        "to_strided": f"(memref<3x4x{dtype}>, memref<6x16x{dtype}>) -> ()",
    })  # fmt: skip
    a = np.arange(12, dtype=element).reshape(4, 3)
    b = np.zeros((3, 4), element)
    exe["to_dense"](a, b)
    np.testing.assert_array_equal(b, a.T)
    source = np.arange(12, dtype=element).reshape(3, 4) + 1
    target = np.zeros((6, 16), element)
    exe["to_strided"](source, target)
    expected = np.zeros((6, 16), element)
    expected[0:3, 1:9:2] = source
    np.testing.assert_array_equal(target, expected)


def test_rank_zero_and_empty_copies() -> None:
    """A rank-0 view at an offset copies its one element (a `memcpy`: it is contiguous); an
    empty strided view copies nothing (through `memrefCopy`)."""
    text = """
    func.func @scalar(%a: memref<8xf32>, %b: memref<f32>) {
      %s = memref.subview %a[5] [1] [1] : memref<8xf32> to memref<1xf32, strided<[1], offset: 5>>
      %c = memref.collapse_shape %s [] : memref<1xf32, strided<[1], offset: 5>>
          into memref<f32, strided<[], offset: 5>>
      memref.copy %c, %b : memref<f32, strided<[], offset: 5>> to memref<f32>
      return
    }
    func.func @empty(%a: memref<8xf32>, %b: memref<0xf32>) {
      %s = memref.subview %a[1] [0] [2] : memref<8xf32> to memref<0xf32, strided<[2], offset: 1>>
      memref.copy %s, %b : memref<0xf32, strided<[2], offset: 1>> to memref<0xf32>
      return
    }
    """
    exe = _compile(text, {"scalar": "(memref<8xf32>, memref<f32>) -> ()",
                          "empty": "(memref<8xf32>, memref<0xf32>) -> ()"})  # fmt: skip
    a = np.arange(8, dtype=np.float32)
    b = np.zeros((), np.float32)
    exe["scalar"](a, b)
    assert b == 5
    exe["empty"](a, np.zeros(0, np.float32))
