"""`sccp`: sparse conditional constant propagation, as MLIR's `SCCP` pass
(Transforms/SCCP.cpp, Analysis/DataFlow/ConstantPropagationAnalysis.cpp).

An optimistic analysis, run with `DeadCodeAnalysis` on the `passes.dataflow` solver: every
value is assumed constant until shown otherwise, and only code found live is simulated, so a
branch on a constant makes the other side dead and its values never spoil a join. Ops are
simulated with their `fold` hooks on the constant operands; across functions, a private
callee's arguments join the arguments of its live call sites and a call's results join the
callee's returns. Then every value found constant is replaced by a constant materialized by
the dialect that folded it (at the start of the entry block of the nearest isolated region,
uniqued), and ops whose results were all replaced and that have no effect are erased. Dead
blocks are left in place, as in MLIR.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.ir.attributes import Attribute
from mlc.ir.block import Block
from mlc.ir.effects import would_be_trivially_dead
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import (
    OperationFolder,
    constant_value,
    dialect_of,
)
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.traits import ConstantLike
from mlc.ir.values import Value
from mlc.passes.dataflow import (
    UNKNOWN_CONSTANT,
    ConstantLattice,
    ConstantValue,
    DataFlowSolver,
    DeadCodeAnalysis,
    Lattice,
    SparseForwardDataFlowAnalysis,
)
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


class SparseConstantPropagation(SparseForwardDataFlowAnalysis):
    """Constant propagation by folding (MLIR's `SparseConstantPropagation`)."""

    lattice_cls = ConstantLattice

    def set_to_entry_state(self, lattice: Lattice) -> None:
        self.propagate_if_changed(lattice, lattice.join(UNKNOWN_CONSTANT))

    def visit_operation_impl(self, op: Operation, operands: list, results: list) -> None:
        """Fold `op` on its operands' constants. Ops with regions are not simulated: their
        fold might not be out of place. An in-place fold is undone, since the constants are
        what the op may compute, not what it does."""
        if op.regions:
            self.set_all_to_entry_states(results)
            return
        constants = []
        for lattice in operands:
            if lattice.value is None:
                return  # wait until every operand has a value
            constants.append(lattice.value.attr)
        if op.has_trait(ConstantLike):
            value = constant_value(op)
            folded = None if value is None else [value]
        else:
            folded = _fold_out_of_place(op, constants)
        if folded is None:
            self.set_all_to_entry_states(results)
            return
        dialect = dialect_of(op)
        for lattice, item in zip(results, folded):
            if isinstance(item, Attribute):
                self.propagate_if_changed(lattice, lattice.join(ConstantValue(item, dialect)))
            else:
                self.join(lattice, self.lattice(item))


def _fold_out_of_place(op: Operation, constants: list) -> list | None:
    """What `op`'s `fold` hook gives for these operand constants, or None when it does not
    fold or folds in place (after which `op` is restored as it was)."""
    fold = getattr(op, "fold", None)
    if fold is None:
        return None
    operands = op.operands
    properties, attributes = dict(op.properties), dict(op.attributes)
    folded = fold(constants)
    if folded is None:
        return None
    if all(item is result for item, result in zip(folded, op.results)):
        if op.operands != operands:
            op.set_operands(operands)
        op.properties, op.attributes = properties, attributes
        return None
    return folded


def _replace_with_constant(
    solver: DataFlowSolver, folder: OperationFolder, value: Value, anchor: Operation
) -> bool:
    """Replace `value`'s uses by its constant, when the analysis found one and it can be
    materialized (MLIR's `replaceWithConstant`)."""
    lattice = solver.lookup_state(value, ConstantLattice)
    if lattice is None or lattice.value is None or lattice.value.attr is None:
        return False
    constant, _ = folder.get_or_create_constant(
        anchor, lattice.value.attr, value.type, lattice.value.dialect
    )
    if constant is None:
        return False
    value.replace_all_uses_with(constant.results[0])
    return True


def rewrite(solver: DataFlowSolver, top: Operation) -> None:
    """Replace constant values and erase the ops left dead, block by block in MLIR's order
    (a LIFO of blocks; an op's regions after its block)."""
    folder = OperationFolder(PatternRewriter())
    worklist: list[Block] = []

    def add_regions(op: Operation) -> None:
        for region in op.regions:
            worklist.extend(reversed(region.blocks))

    add_regions(top)
    while worklist:
        block = worklist.pop()
        for op in block.ops:
            replaced = [_replace_with_constant(solver, folder, r, op) for r in op.results]
            if replaced and all(replaced) and would_be_trivially_dead(op):
                op.erase()
                continue
            add_regions(op)
        if block.first_op is not None:
            for arg in block.args:
                _replace_with_constant(solver, folder, arg, block.first_op)


@register_pass
@dataclass(frozen=True)
class SCCP(Pass):
    """Sparse conditional constant propagation over the regions of the op it runs on."""

    name = "sccp"
    summary = "Sparse Conditional Constant Propagation"

    def run(self, op) -> None:
        solver = DataFlowSolver()
        solver.load(DeadCodeAnalysis)
        solver.load(SparseConstantPropagation)
        solver.initialize_and_run(op)
        rewrite(solver, op)
