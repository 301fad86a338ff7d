"""`OpPassManager` and `PassManager`: pipelines of passes anchored on op names, as MLIR's.

A manager anchored on `func.func` inside one anchored on `builtin.module` runs its passes on
every `func.func` nested directly in the module's regions (MLIR's `OpToOpPassAdaptor`;
`any` matches every op). After each pass the op it ran on is verified unless
`verify_each=False`. A pass that raises a `DiagnosticError` stops the pipeline; the error
propagates after the instrumentations saw it and the crash reproducer (if asked for) is
written. The reproducer holds the IR before the failing top-level pipeline element (the pass,
or the nested manager holding it) and that element as its pipeline: printing the IR once per
top-level element keeps its cost linear, and re-running it reproduces the failure.
"""

from __future__ import annotations

import os

from mlc.ir.attributes import escape_string
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.gc_pause import gc_paused
from mlc.ir.syntax.printer import print_operation
from mlc.ir.verifier import verify
from mlc.passes.instrumentation import PassInstrumentation
from mlc.passes.pass_base import Pass, PassFailure

ANY_OP = "any"


class OpPassManager:
    """An ordered list of passes and nested managers, run on ops named `op_name`."""

    def __init__(self, op_name: str = "builtin.module") -> None:
        self.op_name = op_name
        self.elements: list[Pass | OpPassManager] = []

    def add(self, pass_: Pass) -> None:
        """Append `pass_`; a pass anchored on another op must go into a nested manager."""
        if pass_.anchor is not None and pass_.anchor != self.op_name:
            raise DiagnosticError(
                f"pass '{pass_.name}' runs on '{pass_.anchor}' ops, not on '{self.op_name}': "
                f"nest it, as in '{self.op_name}({pass_.anchor}({pass_.name}))'"
            )
        self.elements.append(pass_)

    def nest(self, op_name: str) -> OpPassManager:
        """A new manager for the `op_name` ops nested directly in this manager's ops."""
        nested = OpPassManager(op_name)
        self.elements.append(nested)
        return nested

    def passes(self) -> list[Pass]:
        """Every pass, nested ones included, in pipeline order."""
        found = []
        for element in self.elements:
            found.extend(element.passes() if isinstance(element, OpPassManager) else [element])
        return found

    def __str__(self) -> str:
        """The pipeline text MLIR prints (`printAsTextualPipeline`)."""
        inner = ",".join(
            str(e) if isinstance(e, OpPassManager) else e.pipeline_text() for e in self.elements
        )
        return f"{self.op_name}({inner})"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self}>"

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, OpPassManager)
            and self.op_name == other.op_name
            and self.elements == other.elements
        )

    __hash__ = None


class PassManager(OpPassManager):
    """The top-level manager: runs the pipeline on an op, with verification,
    instrumentations and the crash reproducer."""

    def __init__(
        self,
        op_name: str = "builtin.module",
        verify_each: bool = True,
        instrumentations: list[PassInstrumentation] | None = None,
        crash_reproducer: str | None = None,
    ) -> None:
        super().__init__(op_name)
        self.verify_each = verify_each
        self.instrumentations = list(instrumentations or ())
        self.crash_reproducer = crash_reproducer

    @classmethod
    def parse(cls, text: str, ctx=None, **options) -> PassManager:
        """The manager for MLIR pipeline text such as `builtin.module(canonicalize,cse)`.
        `ctx` is accepted for MLIR's signature; passes find their dialects on the IR."""
        from mlc.passes.pipeline import parse_pipeline

        return parse_pipeline(text, **options)

    def run(self, op) -> None:
        """Run the pipeline on `op` in place; raises the failing pass's `DiagnosticError`."""
        if self.op_name not in (ANY_OP, op.name):
            raise DiagnosticError(
                f"can't run '{self.op_name}' pass manager on '{op.name}' op", op.location
            )
        run = _PipelineRun(self)
        with gc_paused():
            for element in self.elements:
                snapshot = self._snapshot(op)
                try:
                    run.run_element(element, op)
                except Exception as err:
                    if snapshot is not None:
                        self._write_reproducer(snapshot, element, run.failed, err)
                    raise

    def _snapshot(self, op) -> str | None:
        """The IR before one top-level element, kept only when a reproducer may be needed."""
        if self.crash_reproducer is None:
            return None
        return print_operation(op)

    def _write_reproducer(self, snapshot: str, element, failed, err: Exception) -> None:
        """MLIR's reproducer: the IR plus an `external_resources` section naming the pipeline
        to run on it (`mlc-opt --run-reproducer FILE` runs it again)."""
        inner = str(element) if isinstance(element, OpPassManager) else element.pipeline_text()
        pipeline = f"{self.op_name}({inner})"
        section = (
            "{-#\n  external_resources: {\n    mlir_reproducer: {\n"
            f"      pipeline: {escape_string(pipeline)},\n"
            "      disable_threading: true,\n"
            f"      verify_each: {'true' if self.verify_each else 'false'}\n"
            "    }\n  }\n#-}\n"
        )
        with open(self.crash_reproducer, "w", encoding="utf-8") as f:
            f.write(snapshot + section)
        if isinstance(err, DiagnosticError) and failed is not None:
            pass_, failed_op = failed
            err.attach_note(
                f"Pipeline failed while executing [`{pass_.display_name}` on '{failed_op.name}' "
                f"operation]: reproducer generated at `{os.fspath(self.crash_reproducer)}`"
            )


class _PipelineRun:
    """The state of one `PassManager.run`: runs elements, calls the instrumentations."""

    def __init__(self, pm: PassManager) -> None:
        self.verify_each = pm.verify_each
        self.instrumentations = pm.instrumentations
        self.failed: tuple[Pass, object] | None = None

    def run_element(self, element, op) -> None:
        if isinstance(element, OpPassManager):
            self.run_nested(element, op)
        else:
            self.run_pass(element, op)

    def run_nested(self, manager: OpPassManager, parent) -> None:
        """Run `manager` on each op of its name directly inside `parent`'s regions."""
        targets = [
            child
            for region in parent.regions
            for block in region.blocks
            for child in block.ops
            if manager.op_name in (ANY_OP, child.name)
        ]
        for child in targets:
            for instrumentation in self.instrumentations:
                instrumentation.run_before_pipeline(manager, child)
            try:
                for element in manager.elements:
                    self.run_element(element, child)
            finally:
                for instrumentation in self.instrumentations:
                    instrumentation.run_after_pipeline(manager, child)

    def run_pass(self, pass_: Pass, op) -> None:
        for instrumentation in self.instrumentations:
            instrumentation.run_before_pass(pass_, op)
        try:
            pass_.run(op)
            if self.verify_each:
                self._verify_after(pass_, op)
        except Exception:
            self.failed = (pass_, op)
            for instrumentation in self.instrumentations:
                instrumentation.run_after_pass_failed(pass_, op)
            raise
        for instrumentation in self.instrumentations:
            instrumentation.run_after_pass(pass_, op)

    @staticmethod
    def _verify_after(pass_: Pass, op) -> None:
        try:
            verify(op)
        except DiagnosticError as err:
            diag = err.diagnostic
            failure = PassFailure(
                f"verification failed after pass '{pass_.name}': {diag.message}", diag.location
            )
            failure.diagnostic.notes.extend(diag.notes)
            raise failure from None
