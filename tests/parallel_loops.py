"""Compile scf/memref/func modules with their parallel loops on the OpenMP runtime
(`convert-scf-to-gomp`), for the tests of parallel execution."""

from __future__ import annotations

import mlc
from mlc.codegen import compile_module

LOWERING = (
    "convert-scf-to-cf,convert-math-to-llvm,convert-arith-to-llvm,finalize-memref-to-llvm,"
    "convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts"
)


def signatures(module) -> dict:
    """Each function's source signature, by name, read before lowering."""
    return {op.properties["sym_name"].value: op.type
            for op in module.regions[0].blocks[0].ops if op.name == "func.func"}  # fmt: skip


def lower_parallel(text: str, num_threads: int = 0, min_work: int = 0):
    """The module of `text` lowered to the llvm dialect, its parallel loops on threads."""
    module = mlc.parse(text)
    options = f"num-threads={num_threads} min-work-per-thread={min_work}"
    pipeline = f"builtin.module(convert-scf-to-gomp{{{options}}},{LOWERING})"
    mlc.PassManager.parse(pipeline).run(module)
    return module


def compile_parallel(text: str, opt_level: int = 3, num_threads: int = 0, min_work: int = 0):
    """JIT-compiled functions of `text` taking numpy arrays, parallel loops on threads."""
    sources = signatures(mlc.parse(text))
    return compile_module(lower_parallel(text, num_threads, min_work), opt_level, sources)
