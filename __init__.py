"""mlc: a machine-learning compiler infrastructure in Python, built like MLIR.

import mlc
ctx = mlc.Context()                 # every in-tree dialect, loaded on first use
module = mlc.parse(text, ctx)       # or mlc.parse_file(path, ctx)
mlc.verify(module)
mlc.PassManager.parse("builtin.module(canonicalize,cse)", ctx).run(module)
print(module)                       # custom syntax; module.print(generic=True)
mlc.interpret(module, "main", *numpy_arrays)   # the reference interpreter
exe = mlc.compile(module)           # native code: exe["main"](*numpy_arrays)
"""

from __future__ import annotations

from mlc import frontends  # noqa: F401 - mlc.frontends.onnx.from_onnx(); onnx loads on use
from mlc.ir.context import Context as _CoreContext
from mlc.ir.diagnostics import Diagnostic, DiagnosticError, SourceManager, VerifyError
from mlc.ir.interpreter import interpret
from mlc.ir.operation import Operation
from mlc.ir.syntax.parser import parse_module
from mlc.ir.verifier import verify
from mlc.passes.link import link
from mlc.passes.pass_manager import PassManager

__all__ = ["Context", "Diagnostic", "DiagnosticError", "Operation", "PassManager", "VerifyError",
           "compile", "interpret", "link", "load_executable", "parse", "parse_file",
           "verify"]  # fmt: skip


class Context(_CoreContext):
    """A context with every in-tree dialect registered (loaded lazily by name)."""

    def __init__(self, allow_unregistered_dialects: bool = False) -> None:
        from mlc.dialects import registry
        from mlc.dialects.plugins import find_dialect_plugin

        super().__init__(allow_unregistered_dialects, registry(), find_dialect_plugin)


def parse(
    text: str, ctx: Context | None = None, filename: str = "<string>", verify_ir: bool = True
):
    """Parse MLIR text into a `builtin.module`, verified unless `verify_ir=False`.
    Raises `DiagnosticError` on invalid input."""
    ctx = ctx if ctx is not None else Context()
    module = parse_module(text, ctx, filename)
    if verify_ir:
        try:
            verify(module)
        except DiagnosticError as err:
            err.sources = SourceManager()
            err.sources.add(filename, text)
            raise
    return module


def compile(module, opt_level: int = 3, pipeline: str | None = None, resources=None,
            shared_libs=()):  # fmt: skip
    """Lower `module` (graph, relay or func-level) to native code with the `graph-to-llvm`
    pipeline (or `pipeline`) and JIT-compile it: `exe["main"](*arrays)`. `shared_libs`:
    paths of the C libraries its external functions are in. See `mlc.executable`."""
    from mlc import executable

    return executable.compile(module, opt_level, pipeline, resources, shared_libs)


def load_executable(path: str, resources=None, shared_libs=()):
    """An executable from a library `Executable.export_library` wrote (`shared_libs`: C
    libraries to load first)."""
    from mlc import executable

    return executable.load_executable(path, resources, shared_libs)


def parse_file(path: str, ctx: Context | None = None, verify_ir: bool = True):
    """Parse (and verify) an `.mlir` file."""
    with open(path, encoding="utf-8") as f:
        return parse(f.read(), ctx, str(path), verify_ir)
