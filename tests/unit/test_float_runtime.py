"""bf16 values LLVM carries in f32 registers (a loop's accumulator) are narrowed by
`__truncsfbf2`, which mlc links in (codegen/float_runtime.py): compiled code runs, in the
JIT and from an exported library, and rounds as the interpreter does."""

from __future__ import annotations

import ctypes

import ml_dtypes
import numpy as np
import pytest

import mlc

REDUCE_MAX = """
graph.func @main(%x: !graph.tensor<[2, 1, 4, 6], bf16>) -> !graph.tensor<[2, 1, 4, 1], bf16> {
  %r = graph.reduce_max %x {axes = [-1]} : (!graph.tensor<[2, 1, 4, 6], bf16>)
  graph.return %r : !graph.tensor<[2, 1, 4, 1], bf16>
}
"""


@pytest.fixture(scope="module")
def compiled():
    module = mlc.parse(REDUCE_MAX)
    return module, mlc.compile(module, opt_level=0)


def _input() -> np.ndarray:
    x = np.random.default_rng(0).standard_normal((2, 1, 4, 6)).astype(ml_dtypes.bfloat16)
    x[0, 0, 0, 3] = np.nan
    x[1, 0, 2, :] = -np.inf
    return x


def test_a_bf16_loop_accumulator_compiles_and_runs(compiled):
    module, exe = compiled
    x = _input()
    (want,) = mlc.interpret(module, "main", x)
    np.testing.assert_array_equal(exe["main"](x).astype(np.float32), want.astype(np.float32))


def test_an_exported_library_carries_the_helper(compiled, tmp_path):
    module, exe = compiled
    loaded = mlc.load_executable(exe.export_library(str(tmp_path / "bf16.so")))
    x = _input()
    np.testing.assert_array_equal(loaded["main"](x).view(np.uint16), exe["main"](x).view(np.uint16))


def test_the_helper_rounds_to_nearest_even():
    from mlc.codegen import llvm_backend
    from mlc.codegen.float_runtime import TRUNCSFBF2_IR

    machine = llvm_backend.host_target_machine(0)
    wrapper = TRUNCSFBF2_IR + """
define void @narrow(ptr %in, ptr %out, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  %src = getelementptr float, ptr %in, i64 %i
  %x = load float, ptr %src
  %b = call bfloat @__truncsfbf2(float %x)
  %dst = getelementptr bfloat, ptr %out, i64 %i
  store bfloat %b, ptr %dst
  %next = add i64 %i, 1
  %more = icmp slt i64 %next, %n
  br i1 %more, label %loop, label %done
done:
  ret void
}
"""
    module = llvm_backend.parse_ir(wrapper, machine)
    engine = llvm_backend.jit(module, machine)
    narrow = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64)(
        engine.get_function_address("narrow"))
    bits = np.random.default_rng(1).integers(0, 2**32, 4096, dtype=np.uint32)
    special = np.float32([np.inf, -np.inf, 0.0, -0.0, 1.00390625, 1.01171875])
    x = np.concatenate([bits.view(np.float32), special])
    out = np.empty(x.shape, ml_dtypes.bfloat16)
    narrow(x.ctypes.data, out.ctypes.data, x.size)
    want = x.astype(ml_dtypes.bfloat16)
    finite = ~np.isnan(x)
    np.testing.assert_array_equal(out.view(np.uint16)[finite], want.view(np.uint16)[finite])
    assert np.isnan(out[~finite].astype(np.float32)).all()
