"""Schedules per kernel: `kernels=` restricts a schedule pass to some functions, so that
`pipelines.graph_to_llvm(schedules)` runs it with other options on them before the
default schedule runs on the rest; the results stay the interpreter's."""

from __future__ import annotations

import re

import numpy as np
import pytest

import mlc
from mlc.ir.symbol_table import symbol_name
from mlc.passes.kernel_filter import kernel_filter
from mlc.passes.pass_manager import PassManager
from mlc.passes.pipelines import graph_to_llvm, graph_to_loops

MLP = """
graph.func @main<n>(%x: !graph.tensor<[n, 32], f32>, %w: !graph.tensor<[32, 24], f32>,
                    %b: !graph.tensor<[24], f32>) -> !graph.tensor<[n, 24], f32> {
  %0 = graph.matmul %x, %w : (!graph.tensor<[n, 32], f32>, !graph.tensor<[32, 24], f32>)
  %1 = graph.add %0, %b : (!graph.tensor<[n, 24], f32>, !graph.tensor<[24], f32>)
  %2 = graph.relu %1 : (!graph.tensor<[n, 24], f32>)
  %3 = graph.softmax %2 {axis = 1 : i64} : (!graph.tensor<[n, 24], f32>)
  graph.return %3 : !graph.tensor<[n, 24], f32>
}
"""
SCHEDULES = ("tensor-tile-contractions{kernels=fused_* mr=3 nr=8 kc=8},"
             "convert-tensor-to-loops{kernels=softmax_kernel}")  # fmt: skip


@pytest.mark.parametrize("patterns, name, selected", [
    ("", "anything", True),
    ("softmax_kernel", "softmax_kernel", True),
    ("softmax_kernel", "softmax_kernel_1", False),
    ("fused_*,other", "fused_matmul_kernel", True),
    ("fused_*, other", "other", True),
    ("fused_*", "softmax_kernel", False),
])  # fmt: skip
def test_kernel_filter_matches_the_enclosing_function(patterns, name, selected):
    module = mlc.parse(f"func.func @{name}() {{ return }}")
    (function,) = module.body.blocks[0].ops
    (ret,) = function.regions[0].blocks[0].ops
    assert kernel_filter(patterns)(ret) is selected


def _kernels(schedules: str) -> tuple[int, bool]:
    """After graph-to-loops: the matmul kernel's vector accumulators (the most a loop
    carries), and whether the softmax kernel runs on threads."""
    module = mlc.parse(MLP)
    PassManager.parse(f"builtin.module({graph_to_loops(schedules)})").run(module)
    functions = {symbol_name(f): str(f) for f in module.body.blocks[0].ops}
    loops = re.findall(r"-> \(((?:vector<\d+xf32>(?:, )?)+)\) \{",
                       functions["fused_matmul_add_relu_kernel"])  # fmt: skip
    return max(t.count("vector") for t in loops), "scf.parallel" in functions["softmax_kernel"]


def test_the_named_kernels_get_the_options_and_the_rest_the_defaults():
    accumulators, threads = _kernels("")  # 6 x 2 vectors on AVX2: 12, 8 x 2 on AVX-512
    assert accumulators > 3 and threads
    assert _kernels(SCHEDULES) == (3, False)  # 3 x 8, 8 a vector or less: 3 accumulators


@pytest.mark.parametrize("n", [1, 5, 16])
def test_compiled_with_schedules_equals_the_interpreter(n):
    module = mlc.parse(MLP)
    exe = mlc.compile(module, pipeline=graph_to_llvm(SCHEDULES))
    rng = np.random.default_rng(n)
    arrays = [rng.standard_normal(s).astype(np.float32) for s in ((n, 32), (32, 24), (24,))]
    (want,) = mlc.interpret(module, "main", *arrays)
    np.testing.assert_allclose(exe.main(*arrays), want, rtol=1e-5, atol=1e-6)


def test_the_default_pipeline_is_graph_to_llvm_without_schedules():
    assert str(PassManager.parse(graph_to_llvm())) == str(PassManager.parse(
        "builtin.module(graph-to-llvm)"))  # fmt: skip
