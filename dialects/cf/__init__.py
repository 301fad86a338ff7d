"""The `cf` dialect: MLIR 19's unstructured control flow between the blocks of a region:
`cf.br`, `cf.cond_br`, `cf.switch` and `cf.assert`, with their syntax, verifiers,
`BranchOpInterface`, canonicalization patterns and interpreter rules. Built on arith as in
MLIR: patterns create `arith.select` and `arith.constant`."""

from __future__ import annotations

from mlc.dialects.cf import func_inliner as _func_inliner  # noqa: F401 - func's extension
from mlc.dialects.cf.ops import ALL_OPS, AssertOp, BranchOp, CondBranchOp, SwitchOp
from mlc.ir.context import Dialect
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface


class ControlFlowInlinerInterface(DialectInlinerInterface):
    """Every cf op may be inlined anywhere, and its terminators need no rewriting: they branch
    between blocks of the inlined body (MLIR's `ControlFlowInlinerInterface`)."""

    def is_legal_to_inline_call(self, call, callable_op, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_region(self, dest, src, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True

    def handle_terminator_to_block(self, op, dest) -> None:
        """A branch stays as it is."""


DIALECT = Dialect("cf", ALL_OPS)
register_inliner_interface("cf", ControlFlowInlinerInterface())

from mlc.dialects.cf import interpreter as _interpreter  # noqa: E402,F401 - registers its rules

__all__ = [
    "DIALECT", "AssertOp", "BranchOp", "CondBranchOp", "ControlFlowInlinerInterface", "SwitchOp",
]  # fmt: skip
