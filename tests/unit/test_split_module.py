"""A module split into one module per function definition and lowered parts merged back
(`passes/split_module.py`), and the parts compiled as one program (`codegen.compile_parts`):
what `mlc.compile` does with its default pipeline."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import mlc
from mlc.codegen import BIND_DATA_FROM, compile_parts
from mlc.codegen.llvm_backend import BackendError
from mlc.ir.symbol_table import symbol_name
from mlc.passes.pass_manager import PassManager
from mlc.passes.split_module import merge_parts, split_functions

WEIGHTS = np.arange(BIND_DATA_FROM // 4 * 2, dtype=np.float32)  # bound by the JIT
DENSE = f'dense<"0x{WEIGHTS.tobytes().hex().upper()}">'
N = WEIGHTS.size

# @main adds the weights to its argument through @add, then scales through @scale; both
# kernels read the weights, @scale also a small constant.
PROGRAM = f"""
memref.global "private" constant @weights : memref<{N}xf32> = {DENSE}
memref.global "private" constant @two : memref<1xf32> = dense<2.0>
func.func private @add(%x: memref<{N}xf32>, %out: memref<{N}xf32>) {{
  %w = memref.get_global @weights : memref<{N}xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant {N} : index
  scf.for %i = %c0 to %n step %c1 {{
    %a = memref.load %x[%i] : memref<{N}xf32>
    %b = memref.load %w[%i] : memref<{N}xf32>
    %s = arith.addf %a, %b : f32
    memref.store %s, %out[%i] : memref<{N}xf32>
  }}
  return
}}
func.func private @scale(%x: memref<{N}xf32>, %out: memref<{N}xf32>) {{
  %w = memref.get_global @weights : memref<{N}xf32>
  %t = memref.get_global @two : memref<1xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant {N} : index
  %two = memref.load %t[%c0] : memref<1xf32>
  scf.for %i = %c0 to %n step %c1 {{
    %a = memref.load %x[%i] : memref<{N}xf32>
    %b = memref.load %w[%i] : memref<{N}xf32>
    %p = arith.mulf %a, %two : f32
    %s = arith.subf %p, %b : f32
    memref.store %s, %out[%i] : memref<{N}xf32>
  }}
  return
}}
func.func @main(%x: memref<{N}xf32>, %y: memref<{N}xf32>, %z: memref<{N}xf32>) {{
  call @add(%x, %y) : (memref<{N}xf32>, memref<{N}xf32>) -> ()
  call @scale(%y, %z) : (memref<{N}xf32>, memref<{N}xf32>) -> ()
  return
}}
"""

TO_LLVM = "builtin.module(lower-to-llvm)"


def names(module) -> list[str]:
    return [symbol_name(op) for op in module.regions[0].blocks[0].ops]


def definitions(module) -> list[str]:
    return [symbol_name(op) for op in module.regions[0].blocks[0].ops
            if op.name.endswith("func") and op.regions[0].blocks]  # fmt: skip


def test_each_definition_gets_a_part_with_what_it_references() -> None:
    module = mlc.parse(PROGRAM)
    parts = split_functions(module)
    assert [names(p) for p in parts] == [
        ["weights", "add"], ["weights", "two", "scale"], ["add", "scale", "main"]]
    assert [definitions(p) for p in parts] == [["add"], ["scale"], ["main"]]
    main_part = parts[2]
    declared = [op for op in main_part.regions[0].blocks[0].ops if op.name == "func.func"][:2]
    assert all(op.get_attr("sym_visibility").value == "private" for op in declared)
    assert names(module) == ["weights", "two"]  # the definitions moved into the parts
    for part in parts:
        mlc.verify(part)


@pytest.mark.parametrize("top", [
    'memref.global "private" @state : memref<1xf32> = dense<0.0>',
    "llvm.func @native() -> ()",
])  # fmt: skip
def test_modules_with_other_top_level_ops_are_not_split(top: str) -> None:
    module = mlc.parse(f"{top}\n" + "func.func @f() { return }")
    assert split_functions(module) is None
    assert names(module)[-1] == "f"


def test_merging_keeps_one_of_each_symbol_and_definitions_over_declarations() -> None:
    parts = split_functions(mlc.parse(PROGRAM))
    for part in parts:
        PassManager.parse(TO_LLVM).run(part)
    merged = merge_parts(parts)
    mlc.verify(merged)
    assert len(names(merged)) == len(set(names(merged)))
    assert set(definitions(merged)) == {"add", "scale", "main"}
    whole = mlc.parse(PROGRAM)
    PassManager.parse(TO_LLVM).run(whole)
    expected = {symbol_name(op): str(op) for op in whole.regions[0].blocks[0].ops}
    assert {symbol_name(op): str(op) for op in merged.regions[0].blocks[0].ops} == expected


def lowered_parts(text: str):
    for part in split_functions(mlc.parse(text)):
        PassManager.parse(TO_LLVM).run(part)
        yield part


def test_parts_compile_to_one_program_sharing_bound_data() -> None:
    made = []

    def signatures():
        assert len(made) == 3  # asked once every part is made
        return {"main": f"(memref<{N}xf32>, memref<{N}xf32>, memref<{N}xf32>) -> ()"}

    def parts():
        for part in lowered_parts(PROGRAM):
            made.append(part)
            yield part

    compiled = compile_parts(parts(), 3, signatures)
    x = np.linspace(-1, 1, N, dtype=np.float32)
    y, z = np.empty_like(x), np.empty_like(x)
    compiled["main"](x, y, z)
    np.testing.assert_array_equal(y, x + WEIGHTS)
    np.testing.assert_array_equal(z, (x + WEIGHTS) * 2 - WEIGHTS)
    assert "main" in compiled.functions
    assert "add" not in compiled.functions  # private: no packed wrapper


def test_a_symbol_no_part_defines_is_an_error_naming_it() -> None:
    text = PROGRAM.replace("func.func private @scale(", "func.func private @unused(")
    text = text.replace("call @scale(", "call @missing_kernel(") + (
        f"func.func private @missing_kernel(memref<{N}xf32>, memref<{N}xf32>)")
    interval = sys.getswitchinterval()
    with pytest.raises(BackendError, match="'missing_kernel'"):
        compile_parts(lowered_parts(text), 2)
    assert sys.getswitchinterval() == interval  # shortened only while parts compile


def test_the_default_pipeline_lowers_in_parts_what_the_whole_pipeline_lowers() -> None:
    text = """
    graph.func @main<n>(%x: !graph.tensor<[n, 8], f32>, %w: !graph.tensor<[8, 4], f32>)
        -> !graph.tensor<[n, 4], f32> {
      %0 = graph.matmul %x, %w : (!graph.tensor<[n, 8], f32>, !graph.tensor<[8, 4], f32>)
      %1 = graph.softmax %0 {axis = 1 : i64} : (!graph.tensor<[n, 4], f32>)
      graph.return %1 : !graph.tensor<[n, 4], f32>
    }"""
    module = mlc.parse(text)
    exe = mlc.compile(module)
    whole = mlc.compile(module, pipeline=mlc.executable.DEFAULT_PIPELINE)
    assert len(definitions(exe.module)) > 2  # main and its kernels, each a part
    lowered = {symbol_name(op): str(op) for op in exe.module.regions[0].blocks[0].ops}
    assert lowered == {symbol_name(op): str(op) for op in whole.module.regions[0].blocks[0].ops}
    x = np.random.default_rng(0).standard_normal((3, 8)).astype(np.float32)
    w = np.random.default_rng(1).standard_normal((8, 4)).astype(np.float32)
    np.testing.assert_array_equal(exe.main(x, w), whole.main(x, w))


def test_compiles_on_several_threads_at_once_each_get_their_own_program() -> None:
    graph = """
    graph.func @main(%x: !graph.tensor<[4, 8], f32>) -> !graph.tensor<[4, 8], f32> {
      %0 = graph.OP %x : (!graph.tensor<[4, 8], f32>)
      %1 = graph.softmax %0 {axis = 1 : i64} : (!graph.tensor<[4, 8], f32>)
      graph.return %1 : !graph.tensor<[4, 8], f32>
    }"""
    ops = {"relu": lambda x: np.maximum(x, 0), "neg": np.negative, "abs": np.abs}
    interval = sys.getswitchinterval()
    with ThreadPoolExecutor(3) as pool:
        exes = dict(zip(ops, pool.map(lambda op: mlc.compile(mlc.parse(graph.replace("OP", op))),
                                      ops)))  # fmt: skip
    assert sys.getswitchinterval() == interval
    x = np.random.default_rng(2).standard_normal((4, 8)).astype(np.float32)
    for op, reference in ops.items():
        y = reference(x)
        want = np.exp(y - y.max(1, keepdims=True))
        np.testing.assert_allclose(exes[op].main(x), want / want.sum(1, keepdims=True),
                                   rtol=1e-5)  # fmt: skip
