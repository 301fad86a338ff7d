"""The `scf` dialect: MLIR 19's structured control flow: `scf.for`, `scf.if`, `scf.while`,
`scf.index_switch`, `scf.execute_region`, `scf.parallel` and `scf.forall`, with their
terminators, syntax, verifiers, interfaces (`RegionBranchOpInterface`, `LoopLike`),
canonicalization patterns and interpreter rules. Built on arith and cf as in MLIR: patterns
create `arith.select`s and constants, and a multi-block `scf.execute_region` is inlined with
`cf.br`s."""

from __future__ import annotations

from mlc.dialects.scf.loops import ForOp, WhileOp
from mlc.dialects.scf.ops import ConditionOp, ExecuteRegionOp, IfOp, IndexSwitchOp, YieldOp
from mlc.dialects.scf.parallel import (
    ForallOp,
    InParallelOp,
    ParallelOp,
    ReduceOp,
    ReduceReturnOp,
)
from mlc.ir.context import Dialect
from mlc.ir.traits import DialectInlinerInterface, register_inliner_interface

ALL_OPS = [
    ConditionOp, ExecuteRegionOp, ForallOp, ForOp, IfOp, InParallelOp, IndexSwitchOp, ParallelOp,
    ReduceOp, ReduceReturnOp, WhileOp, YieldOp,
]  # fmt: skip


class SCFInlinerInterface(DialectInlinerInterface):
    """scf ops may be inlined anywhere and anything may be inlined into their regions; an
    inlined `scf.yield` hands its operands to the values it replaces (MLIR's
    `SCFInlinerInterface`)."""

    def is_legal_to_inline_region(self, dest, src, would_be_cloned: bool) -> bool:
        return True

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        return True

    def handle_terminator(self, op, values_to_replace: list) -> None:
        if not isinstance(op, YieldOp):
            return
        for old, new in zip(values_to_replace, op.operands):
            old.replace_all_uses_with(new)


DIALECT = Dialect("scf", ALL_OPS)
register_inliner_interface("scf", SCFInlinerInterface())

from mlc.dialects.scf import interpreter as _interpreter  # noqa: E402,F401 - registers its rules

__all__ = [
    "DIALECT", "ConditionOp", "ExecuteRegionOp", "ForallOp", "ForOp", "IfOp", "InParallelOp",
    "IndexSwitchOp", "ParallelOp", "ReduceOp", "ReduceReturnOp", "SCFInlinerInterface",
    "WhileOp", "YieldOp",
]  # fmt: skip
