"""`mlc.compile` verifies the module before and after its pipeline, not after each pass; a
failing pipeline runs again verifying after each pass, so the error still names the first
pass that left invalid IR (see `mlc.executable`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

import mlc
from mlc.ir.diagnostics import DiagnosticError
from mlc.passes import Pass, PassManager, register_pass

TWO_FUNCTIONS = """
graph.func @f(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  %0 = graph.relu %x : (!graph.tensor<[4], f32>)
  graph.return %0 : !graph.tensor<[4], f32>
}
graph.func @g(%x: !graph.tensor<[4], f32>) -> !graph.tensor<[4], f32> {
  %0 = graph.neg %x : (!graph.tensor<[4], f32>)
  graph.return %0 : !graph.tensor<[4], f32>
}
"""


@register_pass
@dataclass(frozen=True)
class DuplicateSymbolPass(Pass):
    """Gives the second function the first one's name: invalid IR."""

    name = "test-compile-duplicate-symbol"
    summary = "Makes the IR invalid"

    def run(self, op) -> None:
        first, second = list(op.regions[0].blocks[0].ops)[:2]
        second.properties["sym_name"] = first.properties["sym_name"]


def test_a_pass_leaving_invalid_ir_is_named() -> None:
    with pytest.raises(DiagnosticError) as info:
        mlc.compile(mlc.parse(TWO_FUNCTIONS),
                    pipeline="builtin.module(test-compile-duplicate-symbol,graph-to-llvm)")
    assert info.value.diagnostic.message.startswith(
        "verification failed after pass 'test-compile-duplicate-symbol': ")


def test_an_invalid_input_is_a_diagnostic_before_any_pass() -> None:
    module = mlc.parse(TWO_FUNCTIONS)
    DuplicateSymbolPass().run(module)
    with pytest.raises(DiagnosticError, match="redefinition of symbol named 'f'"):
        mlc.compile(module)


def test_a_pass_manager_given_runs_with_its_own_verify_each() -> None:
    pm = PassManager.parse("builtin.module(test-compile-duplicate-symbol,graph-to-llvm)")
    with pytest.raises(DiagnosticError, match="verification failed after pass"):
        mlc.compile(mlc.parse(TWO_FUNCTIONS), pipeline=pm)


def test_valid_pipelines_compile_as_before() -> None:
    exe = mlc.compile(mlc.parse(TWO_FUNCTIONS))
    x = np.array([-1, 2, -3, 4], np.float32)
    np.testing.assert_array_equal(exe.f(x), np.maximum(x, 0))
    np.testing.assert_array_equal(exe.g(x), -x)
