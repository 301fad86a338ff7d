"""Large constant data bound to memory by the JIT instead of printed into the LLVM IR text
(`translate_module(..., bind_data_from=...)`, `codegen.BIND_DATA_FROM`): the translation
declares such globals and hands their bytes over; compiled code reads the same values as
with initializers, and exported libraries keep the initializers, as bytes
(`bytes_data_from`)."""

from __future__ import annotations

import os

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.codegen import BIND_DATA_FROM, translate_module

DTYPES = {"f32": np.float32, "f64": np.float64, "i32": np.int32, "i8": np.int8}


def dense_text(array: np.ndarray, element: str) -> str:
    """`dense<"0x...">` of `array`'s little-endian bytes, for a rank-1 tensor."""
    return f'dense<"0x{array.tobytes().hex().upper()}"> : tensor<{array.size}x{element}>'


def adds_constant(array: np.ndarray, element: str) -> str:
    """A graph function adding the constant `array` to its argument."""
    t = f"!graph.tensor<[{array.size}], {element}>"
    return f"""
    graph.func @main(%x: {t}) -> {t} {{
      %c = graph.constant {dense_text(array, element)}
      %0 = graph.add %x, %c : ({t}, {t})
      graph.return %0 : {t}
    }}"""


def globals_module(large: np.ndarray, small: np.ndarray) -> str:
    return f"""
    llvm.mlir.global private constant @large({dense_text(large, "f32")}) {{addr_space = 0 : i32, alignment = 64 : i64}} : !llvm.array<{large.size} x f32>
    llvm.mlir.global private constant @small({dense_text(small, "f32")}) {{addr_space = 0 : i32}} : !llvm.array<{small.size} x f32>
    """  # noqa: E501


def test_large_constant_globals_are_declared_and_their_bytes_handed_over() -> None:
    large = np.arange(BIND_DATA_FROM // 4, dtype=np.float32)
    small = np.arange(BIND_DATA_FROM // 4 - 1, dtype=np.float32)
    module = mlc.parse(globals_module(large, small))
    bound = translate_module(module, bind_data_from=BIND_DATA_FROM)
    text = bound.print()
    assert "@large = external constant [256 x float], align 64" in text
    assert "@small = private constant [255 x float] [float 0.000000e+00" in text
    assert bound.bound_data == {"large": large.tobytes()}
    inline = translate_module(module)
    assert inline.bound_data == {}
    assert "@large = private constant [256 x float] [float 0.000000e+00" in inline.print()
    as_bytes = translate_module(module, bytes_data_from=BIND_DATA_FROM)
    text = as_bytes.print()
    assert as_bytes.bound_data == {}
    assert '@large = private constant [1024 x i8] c"\\00\\00\\00\\00\\00\\00\\80?' in text
    assert ", align 64" in text.split("@large")[1].split("\n")[0]
    assert "@small = private constant [255 x float] [float 0.000000e+00" in text


@settings(max_examples=12, deadline=None)
@given(element=st.sampled_from(sorted(DTYPES)), size=st.integers(1, 600), seed=st.integers(0, 99))
def test_compiled_code_reads_bound_constants(element: str, size: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    dtype = DTYPES[element]
    if element.startswith("f"):
        array = rng.standard_normal(size).astype(dtype)
    else:
        array = rng.integers(-50, 50, size).astype(dtype)
    x = np.ones(size, dtype)
    out = mlc.compile(mlc.parse(adds_constant(array, element))).main(x)
    np.testing.assert_array_equal(out, x + array)


def test_exported_libraries_keep_the_data(tmp_path) -> None:
    array = np.linspace(-1, 1, 1000, dtype=np.float32)
    exe = mlc.compile(mlc.parse(adds_constant(array, "f32")))
    bound = translate_module(exe.module, bind_data_from=BIND_DATA_FROM).bound_data
    assert list(bound.values()) == [array.tobytes()]  # the JIT bound it
    path = exe.export_library(str(tmp_path / "model.so"))
    loaded = mlc.load_executable(path)
    x = np.full(1000, 2, np.float32)
    np.testing.assert_array_equal(loaded.main(x), x + array)
    np.testing.assert_array_equal(exe.main(x), x + array)


def test_an_exported_library_holds_its_data_once(tmp_path) -> None:
    array = np.linspace(-1, 1, 250_000, dtype=np.float32)  # 1 MB
    exe = mlc.compile(mlc.parse(adds_constant(array, "f32")))
    path = exe.export_library(str(tmp_path / "model.so"))
    assert os.path.getsize(path) < array.nbytes * 1.2
    x = np.ones_like(array)
    np.testing.assert_array_equal(mlc.load_executable(path).main(x), x + array)
