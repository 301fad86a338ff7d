"""A worklist dataflow solver with the analyses SCCP is made of, as MLIR's dataflow
framework (Analysis/DataFlowFramework.cpp, Analysis/DataFlow/DeadCodeAnalysis.cpp,
SparseAnalysis.cpp).

The `DataFlowSolver` holds analysis states, one per (anchor, state class): an anchor is an
SSA value (a `Lattice`), a block or a CFG edge (`Executable`), or an op (`PredecessorState`:
the call sites of a callable, the returns reaching a call, the predecessors of a region
branch point). Analyses read states and say which program point (an op or a block) must be
visited again when a state changes; the solver visits queued points until nothing changes.
Lattices only grow, so the result is the least fixed point whatever the order.

- `DeadCodeAnalysis` finds the live blocks, CFG edges and control-flow predecessors: entry
  blocks of the analysed op, successors of live branches (one, when a branch knows which from
  constant operands: `BranchOpInterface`), region entries of region branches
  (`RegionBranchOpInterface`), callables that have callers, and calls that reach a callable.
- `SparseForwardDataFlowAnalysis` is the base of analyses computing a `Lattice` per value
  forward: op results by a transfer function, block arguments from the successor operands of
  live edges, entry arguments of callables from their call sites, call results from the
  callee's returns, region results and arguments from region branches.
- `ConstantValue` is the lattice of constant propagation (uninitialized, a constant attribute
  with its dialect, or unknown); `DeadCodeAnalysis` reads it to decide branches.

Private callables whose every use is a call get their arguments from their call sites;
public ones, and those whose symbol is used otherwise, have unknown callers. Nothing here
recurses over the IR.
"""

from __future__ import annotations

from collections import deque

from mlc.ir.attributes import Attribute
from mlc.ir.block import Block
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    BranchOpInterface,
    CallableOpInterface,
    CallOpInterface,
    RegionBranchOpInterface,
    RegionBranchTerminatorOpInterface,
    RegionSuccessor,
    ReturnLike,
    Symbol,
    get_trait,
    region_terminator_operands,
)
from mlc.ir.values import Value
from mlc.ir.verifier import SymbolTableCollection
from mlc.passes.call_graph import callable_region, symbol_uses, table_ops, walk_symbol_tables
from mlc.passes.symbol_dce import visibility

# A program point: an op (visit the op) or a block (visit its arguments).
ProgramPoint = Operation | Block


# --- states ------------------------------------------------------------------------------------
class AnalysisState:
    """A fact about one anchor. `dependents` are the (point, analysis) pairs to visit again
    when it changes (MLIR's `AnalysisState`)."""

    __slots__ = ("anchor", "dependents")

    def __init__(self, anchor) -> None:
        self.anchor = anchor
        self.dependents: dict[tuple, None] = {}  # an ordered set

    def on_update(self, solver: DataFlowSolver) -> None:
        for point, analysis in self.dependents:
            solver.enqueue(point, analysis)


class Executable(AnalysisState):
    """Whether a block, or a CFG edge `(from_block, to_block)`, may run (MLIR's
    `Executable`). When a block becomes live, the subscribed analyses visit it and its ops;
    when an edge does, they visit its destination block."""

    __slots__ = ("live", "subscribers")

    def __init__(self, anchor) -> None:
        super().__init__(anchor)
        self.live = False
        self.subscribers: list[DataFlowAnalysis] = []

    def set_to_live(self) -> bool:
        changed = not self.live
        self.live = True
        return changed

    def block_content_subscribe(self, analysis: DataFlowAnalysis) -> None:
        if analysis not in self.subscribers:
            self.subscribers.append(analysis)

    def on_update(self, solver: DataFlowSolver) -> None:
        super().on_update(solver)
        anchor = self.anchor
        if isinstance(anchor, Block):
            for analysis in self.subscribers:
                solver.enqueue(anchor, analysis)
                for op in anchor.ops:
                    solver.enqueue(op, analysis)
        elif isinstance(anchor, tuple):
            for analysis in self.subscribers:
                solver.enqueue(anchor[1], analysis)


class PredecessorState(AnalysisState):
    """The ops control may come from: call sites of a callable, returns reaching a call, or
    the predecessors of a region branch point, each with the values receiving what it
    forwards. `all_known` drops when some predecessor cannot be known (MLIR's
    `PredecessorState`)."""

    __slots__ = ("all_known", "known", "successor_inputs")

    def __init__(self, anchor) -> None:
        super().__init__(anchor)
        self.all_known = True
        self.known: dict[Operation, None] = {}  # an ordered set
        self.successor_inputs: dict[Operation, list[Value]] = {}

    def set_has_unknown_predecessors(self) -> bool:
        changed = self.all_known
        self.all_known = False
        return changed

    def join(self, predecessor: Operation, inputs: list[Value] | None = None) -> bool:
        changed = predecessor not in self.known
        self.known[predecessor] = None
        if inputs and self.successor_inputs.get(predecessor) != inputs:
            self.successor_inputs[predecessor] = inputs
            changed = True
        return changed


class Lattice(AnalysisState):
    """The value of a sparse analysis for one SSA value (MLIR's `Lattice<ValueT>`).
    Subclasses set `UNINITIALIZED` and define `join_values`. On change, the ops using the
    value are visited again by the analyses that subscribed to its uses."""

    __slots__ = ("value", "use_def_subscribers")
    UNINITIALIZED: object = None

    def __init__(self, anchor: Value) -> None:
        super().__init__(anchor)
        self.value = self.UNINITIALIZED
        self.use_def_subscribers: list[DataFlowAnalysis] = []

    @staticmethod
    def join_values(lhs, rhs):
        raise NotImplementedError

    def join(self, value) -> bool:
        joined = self.join_values(self.value, value)
        if joined == self.value:
            return False
        self.value = joined
        return True

    def use_def_subscribe(self, analysis: DataFlowAnalysis) -> None:
        if analysis not in self.use_def_subscribers:
            self.use_def_subscribers.append(analysis)

    def on_update(self, solver: DataFlowSolver) -> None:
        super().on_update(solver)
        for user in self.anchor.users:
            for analysis in self.use_def_subscribers:
                solver.enqueue(user, analysis)


class ConstantValue:
    """A constant attribute and the dialect to materialize it with (MLIR's `ConstantValue`);
    `attr` None is the unknown (overdefined) value."""

    __slots__ = ("attr", "dialect")

    def __init__(self, attr: Attribute | None, dialect: str | None = None) -> None:
        self.attr = attr
        self.dialect = dialect

    def __eq__(self, other) -> bool:  # the dialect does not take part, as in MLIR
        return isinstance(other, ConstantValue) and self.attr == other.attr

    def __hash__(self) -> int:
        return hash(self.attr)

    def __repr__(self) -> str:
        return "<unknown>" if self.attr is None else f"<{self.attr}>"


UNKNOWN_CONSTANT = ConstantValue(None)


class ConstantLattice(Lattice):
    """`Lattice<ConstantValue>`: None (uninitialized), then one constant, then unknown."""

    __slots__ = ()

    @staticmethod
    def join_values(lhs, rhs):
        if lhs is None:
            return rhs
        if rhs is None or lhs == rhs:
            return lhs
        return UNKNOWN_CONSTANT


# --- solver and analyses -----------------------------------------------------------------------
class DataFlowSolver:
    """Runs loaded analyses to a fixed point (MLIR's `DataFlowSolver`). Queued work items
    are (point, analysis) pairs, visited first in, first out, each queued once at a time."""

    def __init__(self) -> None:
        self.analyses: list[DataFlowAnalysis] = []
        self.states: dict[type, dict] = {}
        self.symbol_tables = SymbolTableCollection()
        self._worklist: deque = deque()
        self._queued: set = set()

    def load(self, analysis_cls: type[DataFlowAnalysis]) -> DataFlowAnalysis:
        analysis = analysis_cls(self)
        self.analyses.append(analysis)
        return analysis

    def initialize_and_run(self, top: Operation) -> None:
        for analysis in self.analyses:
            analysis.initialize(top)
        worklist, queued = self._worklist, self._queued
        while worklist:
            item = worklist.popleft()
            queued.discard(item)
            point, analysis = item
            analysis.visit(point)

    def enqueue(self, point: ProgramPoint, analysis: DataFlowAnalysis) -> None:
        item = (point, analysis)
        if item not in self._queued:
            self._queued.add(item)
            self._worklist.append(item)

    def lookup_state(self, anchor, state_cls: type[AnalysisState]) -> AnalysisState | None:
        return self.states.get(state_cls, {}).get(anchor)

    def get_or_create_state(self, anchor, state_cls: type[AnalysisState]) -> AnalysisState:
        table = self.states.get(state_cls)
        if table is None:
            table = self.states[state_cls] = {}
        state = table.get(anchor)
        if state is None:
            state = table[anchor] = state_cls(anchor)
        return state

    def propagate_if_changed(self, state: AnalysisState, changed: bool) -> None:
        if changed:
            state.on_update(self)


class DataFlowAnalysis:
    """An analysis run by a `DataFlowSolver` (MLIR's `DataFlowAnalysis`): `initialize`
    seeds states and work, `visit` recomputes the states of one program point."""

    def __init__(self, solver: DataFlowSolver) -> None:
        self.solver = solver

    def initialize(self, top: Operation) -> None:
        raise NotImplementedError

    def visit(self, point: ProgramPoint) -> None:
        raise NotImplementedError

    def get_or_create(self, anchor, state_cls):
        return self.solver.get_or_create_state(anchor, state_cls)

    def get_or_create_for(self, dependent: ProgramPoint, anchor, state_cls):
        """The state, with `dependent` visited again by this analysis when it changes."""
        state = self.solver.get_or_create_state(anchor, state_cls)
        state.dependents[(dependent, self)] = None
        return state

    def propagate_if_changed(self, state: AnalysisState, changed: bool) -> None:
        self.solver.propagate_if_changed(state, changed)

    def is_live(self, block: Block | None) -> bool:
        """Whether `block` may run; the top op (no block) always does."""
        return block is None or self.get_or_create(block, Executable).live


def _operations_pre_order(top: Operation):
    """`top` and every op nested in it, parents first, in program order."""
    yield top
    yield from top.iter_nested()


def _is_region_or_callable_return(op: Operation) -> bool:
    """A terminator leaving a region branch's region or a callable's body (MLIR's
    `isRegionOrCallableReturn`)."""
    parent = op.parent_op
    if parent is None or op.parent.last_op is not op or op.successors:
        return False
    return parent.has_trait(RegionBranchOpInterface) or parent.has_trait(CallableOpInterface)


class DeadCodeAnalysis(DataFlowAnalysis):
    """Live blocks, CFG edges and control-flow predecessors (see the module docstring;
    MLIR's `DeadCodeAnalysis`)."""

    def initialize(self, top: Operation) -> None:
        self.scope = top
        for region in top.regions:
            if region.blocks:
                entry = self.get_or_create(region.blocks[0], Executable)
                self.propagate_if_changed(entry, entry.set_to_live())
        self._initialize_symbol_callables(top)
        for op in _operations_pre_order(top):
            if (
                op.regions
                or op.successors
                or _is_region_or_callable_return(op)
                or op.has_trait(CallOpInterface)
            ):
                if op.parent is not None:
                    self.get_or_create(op.parent, Executable).block_content_subscribe(self)
                self.visit(op)

    def _initialize_symbol_callables(self, top: Operation) -> None:
        """Callables that may be called from where the analysis cannot see have unknown
        call sites: public ones, nested ones when not all uses are visible, and those whose
        symbol is used other than by a call (MLIR's `initializeSymbolCallables`)."""
        for table, all_uses_visible in walk_symbol_tables(top, top.parent is None):
            found_callable = False
            for op in table_ops(table):
                if callable_region(op) is None or not op.has_trait(Symbol):
                    continue
                seen = visibility(op)
                if seen == "public" or (not all_uses_visible and seen == "nested"):
                    self._set_unknown_callers(op)
                found_callable = True
            if not found_callable:
                continue
            uses = symbol_uses(table.regions[0])
            if uses is None:  # uses unknowable: no callable can trust its call sites
                for op in _operations_pre_order(top):
                    if op.has_trait(CallableOpInterface):
                        self._set_unknown_callers(op)
                continue
            for user, ref in uses:
                if user.has_trait(CallOpInterface):
                    continue
                symbol = self.solver.symbol_tables.lookup_nearest(user, ref)
                if symbol is not None:
                    self._set_unknown_callers(symbol)

    def _set_unknown_callers(self, op: Operation) -> None:
        state = self.get_or_create(op, PredecessorState)
        self.propagate_if_changed(state, state.set_has_unknown_predecessors())

    def visit(self, point: ProgramPoint) -> None:
        if isinstance(point, Block):
            return
        op = point
        if op.parent is None or not self.is_live(op.parent):
            return  # the analysed op itself is not visited: its entry blocks are live
        if op.has_trait(CallOpInterface):
            self._visit_call(op)
        if op.regions:
            branch = get_trait(op, RegionBranchOpInterface)
            if branch is not None:
                self._visit_region_branch(op, branch)
            elif callable_region(op) is not None:
                callers = self.get_or_create_for(op, op, PredecessorState)
                if not callers.all_known or callers.known:
                    self._mark_entry_blocks_live(op)
            else:
                self._mark_entry_blocks_live(op)
        if _is_region_or_callable_return(op):
            parent = op.parent_op
            branch = get_trait(parent, RegionBranchOpInterface)
            if branch is not None:
                self._visit_region_terminator(op, parent, branch)
            elif callable_region(parent) is not None:
                self._visit_callable_terminator(op, parent)
        if op.successors:
            self._visit_branch(op)

    def _visit_branch(self, op: Operation) -> None:
        """A `BranchOpInterface` branch whose operands all have values takes the successor
        they pick, or all of them; another terminator takes all (MLIR's
        `visitBranchOperation`)."""
        branch = get_trait(op, BranchOpInterface)
        taken = None
        if branch is not None:
            constants = self._operand_constants(op)
            if constants is None:
                return  # wait until every operand has a value
            taken = branch.successor_for_operands(op, constants)
        for successor in [taken] if taken is not None else op.successors:
            self._mark_edge_live(op.parent, successor)

    def _mark_entry_blocks_live(self, op: Operation) -> None:
        for region in op.regions:
            if region.blocks:
                state = self.get_or_create(region.blocks[0], Executable)
                self.propagate_if_changed(state, state.set_to_live())

    def _mark_edge_live(self, source: Block, dest: Block) -> None:
        block = self.get_or_create(dest, Executable)
        self.propagate_if_changed(block, block.set_to_live())
        edge = self.get_or_create((source, dest), Executable)
        self.propagate_if_changed(edge, edge.set_to_live())

    def _operand_constants(self, op: Operation) -> list[Attribute | None] | None:
        """Each operand's constant (None when unknown), subscribing to their changes; None
        while some operand is uninitialized (MLIR's `getOperandValues`)."""
        constants = []
        for operand in op.operands:
            lattice = self.get_or_create(operand, ConstantLattice)
            lattice.use_def_subscribe(self)
            if lattice.value is None:
                return None
            constants.append(lattice.value.attr)
        return constants

    def _visit_call(self, call: Operation) -> None:
        """A live call is a call site of the callable it resolves to, when that has a body
        within the analysed op; otherwise the call's results come from unknown code."""
        interface = get_trait(call, CallOpInterface)
        callee = interface.resolve_callable(call, self.solver.symbol_tables)
        if (
            callee is not None
            and callee.has_trait(Symbol)
            and self.scope.is_ancestor(callee)
            and callable_region(callee) is not None
        ):
            callers = self.get_or_create(callee, PredecessorState)
            self.propagate_if_changed(callers, callers.join(call))
        else:
            self._set_unknown_callers(call)

    def _visit_callable_terminator(self, op: Operation, callable_op: Operation) -> None:
        """A return reaches every known call site; one that is not `ReturnLike` makes
        their results unknown."""
        if not op.operands:
            return
        callers = self.get_or_create_for(op, callable_op, PredecessorState)
        for call in callers.known:
            state = self.get_or_create(call, PredecessorState)
            if op.has_trait(ReturnLike):
                self.propagate_if_changed(state, state.join(op))
            else:
                self.propagate_if_changed(state, state.set_has_unknown_predecessors())

    def _visit_region_branch(self, op: Operation, branch: RegionBranchOpInterface) -> None:
        """Entering a region branch reaches the regions its operand constants allow (MLIR's
        `visitRegionBranchOperation`)."""
        constants = self._operand_constants(op)
        if constants is None:
            return
        for successor in branch.entry_successor_regions(op, constants):
            self._reach(successor, op, op)

    def _visit_region_terminator(
        self, op: Operation, parent: Operation, branch: RegionBranchOpInterface
    ) -> None:
        """Leaving a region reaches what the terminator, or else the parent, says follows it
        (MLIR's `visitRegionTerminator`)."""
        constants = self._operand_constants(op)
        if constants is None:
            return
        terminator = get_trait(op, RegionBranchTerminatorOpInterface)
        successors = terminator.successor_regions(op, constants) if terminator else None
        if successors is None:
            successors = branch.successor_regions(parent, op.parent.parent)
        for successor in successors:
            self._reach(successor, op, parent)

    def _reach(self, successor: RegionSuccessor, predecessor: Operation, branch_op) -> None:
        """Control goes from `predecessor` to `successor` of `branch_op`: a region's entry
        block becomes live; the entry block, or `branch_op` when control returns to it, gets
        `predecessor` as a predecessor."""
        if successor.region is None:
            point = branch_op
        else:
            point = successor.region.blocks[0]
            live = self.get_or_create(point, Executable)
            self.propagate_if_changed(live, live.set_to_live())
        state = self.get_or_create(point, PredecessorState)
        self.propagate_if_changed(state, state.join(predecessor, successor.inputs))


class SparseForwardDataFlowAnalysis(DataFlowAnalysis):
    """Base of forward analyses with one `Lattice` per SSA value (MLIR's
    `AbstractSparseForwardDataFlowAnalysis`); `DeadCodeAnalysis` must be loaded too.
    Subclasses set `lattice_cls` and implement `visit_operation_impl` (the transfer function
    of ops that are no call or region branch) and `set_to_entry_state` (the most
    pessimistic value: what an argument of unknown origin holds)."""

    lattice_cls: type[Lattice] = Lattice

    def lattice(self, value: Value) -> Lattice:
        return self.get_or_create(value, self.lattice_cls)

    def lattice_for(self, point: ProgramPoint, value: Value) -> Lattice:
        """`value`'s lattice, with `point` visited again when it changes."""
        return self.get_or_create_for(point, value, self.lattice_cls)

    def set_to_entry_state(self, lattice: Lattice) -> None:
        raise NotImplementedError

    def visit_operation_impl(self, op: Operation, operands: list, results: list) -> None:
        raise NotImplementedError

    def visit_external_call(self, call: Operation, operands: list, results: list) -> None:
        """A call to a declaration: its results are unknown."""
        self.set_all_to_entry_states(results)

    def set_all_to_entry_states(self, lattices) -> None:
        for lattice in lattices:
            self.set_to_entry_state(lattice)

    def join(self, lattice: Lattice, other: Lattice) -> None:
        self.propagate_if_changed(lattice, lattice.join(other.value))

    # --- driving -------------------------------------------------------------------------
    def initialize(self, top: Operation) -> None:
        for region in top.regions:
            if region.blocks:
                self.set_all_to_entry_states(self.lattice(a) for a in region.blocks[0].args)
        for op in _operations_pre_order(top):
            self.visit_operation(op)
            for region in op.regions:
                for block in region.blocks:
                    self.get_or_create(block, Executable).block_content_subscribe(self)
                    self.visit_block(block)

    def visit(self, point: ProgramPoint) -> None:
        if isinstance(point, Block):
            self.visit_block(point)
        else:
            self.visit_operation(point)

    def visit_operation(self, op: Operation) -> None:
        if not op.results or not self.is_live(op.parent):
            return
        results = [self.lattice(r) for r in op.results]
        branch = get_trait(op, RegionBranchOpInterface)
        if branch is not None:
            self._visit_region_successors(op, op, branch, results)
            return
        operands = []
        for value in op.operands:
            lattice = self.lattice(value)
            lattice.use_def_subscribe(self)
            operands.append(lattice)
        if op.has_trait(CallOpInterface):
            self._visit_call(op, operands, results)
        else:
            self.visit_operation_impl(op, operands, results)

    def _visit_call(self, call: Operation, operands: list, results: list) -> None:
        """A call's results join what the returns of its callee give back, when all of them
        are known (MLIR's `visitCallOperation`)."""
        interface = get_trait(call, CallOpInterface)
        callee = interface.resolve_callable(call, self.solver.symbol_tables)
        if callee is not None and callee.has_trait(CallableOpInterface):
            if callable_region(callee) is None:  # a declaration
                self.visit_external_call(call, operands, results)
                return
        returns = self.get_or_create_for(call, call, PredecessorState)
        if not returns.all_known:
            self.set_all_to_entry_states(results)
            return
        for ret in returns.known:
            for value, lattice in zip(ret.operands, results):
                self.join(lattice, self.lattice_for(call, value))

    def visit_block(self, block: Block) -> None:
        if not block.args or not self.is_live(block):
            return
        args = [self.lattice(a) for a in block.args]
        if block.is_entry_block():
            parent = block.parent_op
            if callable_region(parent) is block.parent:
                self._visit_callable_entry(block, parent, args)
                return
            branch = get_trait(parent, RegionBranchOpInterface)
            if branch is not None:
                self._visit_region_successors(block, parent, branch, args)
                return
            self.set_all_to_entry_states(args)
            return
        for use in block.uses:
            terminator = use.owner
            edge = self.get_or_create((terminator.parent, block), Executable)
            edge.block_content_subscribe(self)
            if not edge.live:
                continue
            branch = get_trait(terminator, BranchOpInterface)
            if branch is None:
                self.set_all_to_entry_states(args)
                return
            for lattice, value in zip(args, branch.successor_operands(terminator, use.index)):
                if value is None:  # produced by the terminator itself
                    self.set_to_entry_state(lattice)
                else:
                    self.join(lattice, self.lattice_for(block, value))

    def _visit_callable_entry(self, block: Block, callable_op: Operation, args: list) -> None:
        """A callable's arguments join its call sites' arguments, when all are known."""
        callers = self.get_or_create_for(block, callable_op, PredecessorState)
        if not callers.all_known:
            self.set_all_to_entry_states(args)
            return
        for call in callers.known:
            values = get_trait(call, CallOpInterface).arg_operands(call)
            for lattice, value in zip(args, values):
                self.join(lattice, self.lattice_for(block, value))

    def _visit_region_successors(
        self, point: ProgramPoint, op: Operation, branch: RegionBranchOpInterface, lattices
    ) -> None:
        """Values flowing into a region branch's results or a region's entry arguments
        (MLIR's `visitRegionSuccessors`); those no predecessor forwards to are unknown."""
        predecessors = self.get_or_create_for(point, point, PredecessorState)
        for predecessor in predecessors.known:
            inputs = predecessors.successor_inputs.get(predecessor, [])
            successor = RegionSuccessor(None if point is op else point.parent, inputs)
            if predecessor is op:
                operands = branch.entry_successor_operands(op, successor)
            else:
                operands = region_terminator_operands(predecessor, successor)
            if operands is None:
                self.set_all_to_entry_states(lattices)
                return
            if len(inputs) != len(lattices):  # the others come from elsewhere (a loop's IV)
                covered = set(inputs)
                self.set_all_to_entry_states(x for x in lattices if x.anchor not in covered)
            for value, operand in zip(inputs, operands):
                self.join(self.lattice(value), self.lattice_for(point, operand))
