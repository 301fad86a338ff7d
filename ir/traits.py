"""Op traits, as MLIR's `OpTrait`s: markers that passes query and checks the verifier runs.

A trait is an instance in the op class's `traits` tuple; `op.has_trait(Pure)` accepts the
class. Messages mirror `OpTrait::impl::verify*` in MLIR.
"""

from __future__ import annotations

from mlc.ir.attributes import SymbolRefAttr
from mlc.ir.values import OpResult


class Trait:
    """Base trait: a marker with an optional structural check."""

    def verify(self, op) -> None:
        """Raise `op.emit_error(...)` when `op` breaks the trait."""

    def __repr__(self) -> str:
        return type(self).__name__


class Pure(Trait):
    """No memory effects and always speculatable (`Pure` in MLIR)."""


class NoMemoryEffect(Trait):
    """No memory effects, but not always speculatable (MLIR's `NoMemoryEffect` without
    `AlwaysSpeculatable`): integer division may trap, so it must not run where the program
    would not have run it. Such an op may define `is_speculatable(self) -> bool` (MLIR's
    `ConditionallySpeculatable::getSpeculatability`)."""


class LoopLike(Trait):
    """A loop (MLIR's `LoopLikeOpInterface`): the op defines `loop_regions(self)`, the regions
    that run repeatedly; values defined outside the op are loop invariant."""


class Commutative(Trait):
    """Operands may be reordered (`IsCommutative`)."""


class ConstantLike(Trait):
    """Materializes a constant; must fold to its value attribute."""


class Terminator(Trait):
    """Must be the last op of its block (`IsTerminator`)."""

    def verify(self, op) -> None:
        block = op.parent
        if block is None or block.last_op is not op:
            raise op.emit_error("must be the last operation in the parent block")


class ReturnLike(Trait):
    """A terminator that returns control to the parent op."""


class NoTerminator(Trait):
    """The op's regions' blocks need no terminator (`NoTerminator`)."""


class SingleBlock(Trait):
    """Each region has at most one block (`SingleBlock`)."""

    def verify(self, op) -> None:
        for i, region in enumerate(op.regions):
            if len(region.blocks) > 1:
                raise op.emit_error(f"expects region #{i} to have 0 or 1 blocks")


class NoRegionArguments(Trait):
    """Entry blocks take no arguments."""

    def verify(self, op) -> None:
        for region in op.regions:
            if region.blocks and region.blocks[0].args:
                raise op.emit_error("region should have no arguments")


class GraphRegion(Trait):
    """Regions are graph regions: no dominance between ops (RegionKind::Graph)."""


class IsolatedFromAbove(Trait):
    """Nested ops use no value defined outside (`IsolatedFromAbove`); checked by the
    verifier as part of dominance, which reports the offending use."""


class SymbolTable(Trait):
    """The single region holds symbols with unique names (`SymbolTable`)."""

    def verify(self, op) -> None:
        from mlc.ir.symbol_table import verify_symbol_table

        verify_symbol_table(op)


class Symbol(Trait):
    """Defines a symbol named by its `sym_name` property (`Symbol` interface)."""


class AutomaticAllocationScope(Trait):
    """Stack allocations are freed when control leaves the region."""


class SameOperandsAndResultType(Trait):
    """All operands and results share one type."""

    def verify(self, op) -> None:
        results = op.results
        first = results[0].type if results else op._operands[0].value.type if op._operands else None
        for o in op._operands:
            t = o.value.type
            if t is not first and t != first:
                raise op.emit_error("requires the same type for all operands and results")
        for r in results:
            t = r.type
            if t is not first and t != first:
                raise op.emit_error("requires the same type for all operands and results")


class SameTypeOperands(Trait):
    """All operands share one type."""

    def verify(self, op) -> None:
        operands = op._operands
        if not operands:
            return
        first = operands[0].value.type
        for o in operands:
            t = o.value.type
            if t is not first and t != first:
                raise op.emit_error("requires all operands to have the same type")


class HasParent(Trait):
    """The parent op is one of `names` (`HasParent<...>`)."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def verify(self, op) -> None:
        parent = op.parent_op
        if parent is not None and parent.name in self.names:
            return
        if len(self.names) == 1:
            raise op.emit_error(f"expects parent op '{self.names[0]}'")
        raise op.emit_error(f"expects parent op to be one of '{', '.join(self.names)}'")


class MemoryEffects(Trait):
    """Declared memory effects: any of 'read', 'write', 'allocate', 'free'."""

    def __init__(self, *effects: str) -> None:
        self.effects = frozenset(effects)


# --- interfaces ------------------------------------------------------------------------------
# An interface is a trait with methods: an op class declares a subclass instance implementing
# them for its layout (as xDSL's `CallableOpInterface`), and passes reach it with `get_trait`.

_TRAIT_LOOKUP: dict[tuple[type, type], Trait | None] = {}


def get_trait(op, trait_cls: type[Trait]) -> Trait | None:
    """The trait of `op` that is an instance of `trait_cls`, or None (xDSL's
    `Operation.get_trait`). Cached per op class: dataflow analyses ask this for every op."""
    key = (type(op), trait_cls)
    try:
        return _TRAIT_LOOKUP[key]
    except KeyError:
        pass
    found = next((t for t in op.traits if isinstance(t, trait_cls)), None)
    _TRAIT_LOOKUP[key] = found
    return found


class CallOpInterface(Trait):
    """A call (MLIR's `CallOpInterface`): where its callee and its arguments are. Subclasses
    implement `callable_for_callee` and `arg_operands` for their op's layout."""

    def callable_for_callee(self, op):
        """The callee: a `SymbolRefAttr`, or an SSA value for indirect calls
        (`getCallableForCallee`)."""
        raise NotImplementedError

    def set_callee_from_callable(self, op, callee) -> None:
        """Point the call at `callee`, of the kind `callable_for_callee` returns."""
        raise NotImplementedError

    def arg_operands(self, op) -> list:
        """The operand values passed as the callee's arguments (`getArgOperands`)."""
        raise NotImplementedError

    def resolve_callable(self, op, symbol_tables=None):
        """The op called, or None: the defining op of an SSA callee, or the symbol the callee
        names, looked up from the call's nearest symbol table (`resolveCallableInTable`).
        `symbol_tables` is a `SymbolTableCollection` reused across lookups."""
        callee = self.callable_for_callee(op)
        if not isinstance(callee, SymbolRefAttr):
            return callee.op if isinstance(callee, OpResult) else None
        if symbol_tables is None:
            from mlc.ir.verifier import SymbolTableCollection

            symbol_tables = SymbolTableCollection()
        return symbol_tables.lookup_nearest(op, callee)


class CallableOpInterface(Trait):
    """An op with a body that calls enter (MLIR's `CallableOpInterface`). Subclasses say
    where the body is and what the signature is."""

    def callable_region(self, op):
        """The body region, or None for an external callable (a declaration)."""
        raise NotImplementedError

    def argument_types(self, op) -> tuple:
        raise NotImplementedError

    def result_types(self, op) -> tuple:
        raise NotImplementedError


class BranchOpInterface(Trait):
    """A terminator branching to successor blocks with arguments (MLIR's
    `BranchOpInterface`), so dataflow analyses see which values flow into which block
    arguments and, with constant operands, which edge is taken."""

    def successor_operands(self, op, index: int) -> list:
        """The values passed to the arguments of successor `index`, one per argument: None
        for an argument the branch produces itself (MLIR's produced operands)."""
        raise NotImplementedError

    def verify(self, op) -> None:
        """Each successor gets one value per block argument, of its type (MLIR's
        `detail::verifyBranchSuccessorOperands`)."""
        for index, block in enumerate(op.successors):
            values = self.successor_operands(op, index)
            if len(values) != len(block.args):
                raise op.emit_error(
                    f"branch has {len(values)} operands for successor #{index}, but target "
                    f"block has {len(block.args)}",
                    op_prefix=False,
                )
            for position, (value, arg) in enumerate(zip(values, block.args)):
                if value is not None and value.type != arg.type:
                    raise op.emit_error(
                        f"type mismatch for bb argument #{position} of successor #{index}",
                        op_prefix=False,
                    )

    def successor_for_operands(self, op, operand_constants: list):
        """The one successor taken when the operands are these constants (None entries are
        unknown), or None when it cannot be told (`getSuccessorForOperands`)."""
        return None

    def set_successor_operands(self, op, index: int, values: list) -> None:
        """Pass `values` to successor `index` instead (MLIR's mutable `getSuccessorOperands`:
        `erase`, `append`); the block's arguments are the caller's to match. Ops support it
        by listing their groups (`successor_groups()`) and rebuilding their operands from new
        ones (`set_successor_groups(groups)`)."""
        groups = [list(g) for g in op.successor_groups()]
        groups[index] = list(values)
        op.set_successor_groups(groups)

    def can_set_successor_operands(self, op) -> bool:
        return hasattr(op, "set_successor_groups")


def set_branch_operands(op, leading: list, groups: list) -> None:
    """Rebuild the operands of a branch from `leading` operands (a condition or flag) and
    one group per successor, with the segment sizes of MLIR's branch ops: a single
    successor's group is the whole operand list; two successors have a segment each; a
    switch's cases share one variadic operand sized by `case_operand_segments`."""
    from mlc.ir.attributes import DenseArrayAttr
    from mlc.ir.types import i32

    op.set_operands([*leading, *(v for g in groups for v in g)])
    if "case_operand_segments" in op.properties:
        cases = groups[1:]
        op.properties["case_operand_segments"] = DenseArrayAttr(i32, tuple(len(g) for g in cases))
        sizes = (len(leading), len(groups[0]), sum(len(g) for g in cases))
        op.properties["operandSegmentSizes"] = DenseArrayAttr(i32, sizes)
    elif "operandSegmentSizes" in op.properties:
        sizes = (len(leading), *(len(g) for g in groups))
        op.properties["operandSegmentSizes"] = DenseArrayAttr(i32, sizes)


class RegionSuccessor:
    """Where control goes from a region branch point (MLIR's `RegionSuccessor`): the entry of
    `region`, or back to the parent op when `region` is None. `inputs` are the values that
    receive the forwarded operands: the entry block's arguments, or the parent's results."""

    __slots__ = ("region", "inputs")

    def __init__(self, region, inputs) -> None:
        self.region = region
        self.inputs = list(inputs)

    def __repr__(self) -> str:
        return f"<RegionSuccessor {'parent' if self.region is None else self.region}>"


class RegionBranchOpInterface(Trait):
    """An op whose regions run under its control (MLIR's `RegionBranchOpInterface`, as
    scf.if and scf.for): which regions run and which values flow into their arguments and
    back into the op's results. The terminators of its regions forward their operands:
    a `RegionBranchTerminatorOpInterface` says which, a `ReturnLike` one forwards all."""

    def entry_successor_regions(self, op, operand_constants: list) -> list[RegionSuccessor]:
        """Where control goes on entering `op`, knowing these operand constants (None
        entries are unknown) (`getEntrySuccessorRegions`). Default: `successor_regions`."""
        return self.successor_regions(op, None)

    def successor_regions(self, op, region) -> list[RegionSuccessor]:
        """Where control may go from the end of `region`, or on entry when it is None."""
        raise NotImplementedError

    def entry_successor_operands(self, op, successor: RegionSuccessor) -> list:
        """The operands of `op` forwarded to `successor` on entry."""
        raise NotImplementedError


class RegionBranchTerminatorOpInterface(Trait):
    """A region terminator that forwards only some operands, or that decides where control
    goes itself (MLIR's namesake interface, as scf.condition)."""

    def successor_operands(self, op, successor: RegionSuccessor) -> list:
        raise NotImplementedError

    def successor_regions(self, op, operand_constants: list) -> list[RegionSuccessor] | None:
        """Where control goes from `op` knowing these operand constants (None entries are
        unknown); None to leave it to the parent's `successor_regions`, the default."""
        return None


def region_terminator_operands(op, successor: RegionSuccessor) -> list | None:
    """The values a region terminator forwards to `successor`, or None when unknown."""
    terminator = get_trait(op, RegionBranchTerminatorOpInterface)
    if terminator is not None:
        return terminator.successor_operands(op, successor)
    return op.operands if op.has_trait(ReturnLike) else None


# --- the inliner's dialect hooks --------------------------------------------------------------
class DialectInlinerInterface:
    """What a dialect tells the inliner (MLIR's `DialectInlinerInterface`): whether its calls,
    regions and ops may be inlined, and how its terminators become the values or branches
    of the inlined body. A dialect registers one with `register_inliner_interface`; without
    one nothing of the dialect is inlined, as in MLIR. The defaults refuse."""

    def is_legal_to_inline_call(self, call, callable_op, would_be_cloned: bool) -> bool:
        """May `call` (an op of this dialect) be replaced by the body of `callable_op`?"""
        return False

    def is_legal_to_inline_region(self, dest, src, would_be_cloned: bool) -> bool:
        """May `src` be inlined into `dest`, a region of an op of this dialect?"""
        return False

    def is_legal_to_inline_op(self, op, dest, would_be_cloned: bool) -> bool:
        """May `op`, an op of this dialect, be moved or cloned into region `dest`?"""
        return False

    def should_analyze_recursively(self, op) -> bool:
        """Whether the ops in `op`'s regions need their own legality check."""
        return True

    def handle_terminator(self, op, values_to_replace: list) -> None:
        """Single-block inlining: replace the uses of `values_to_replace` (the call's
        results) by what the terminator `op` returns. The inliner erases `op` afterwards."""
        raise NotImplementedError(f"'{op.name}' cannot end a single inlined block")

    def handle_terminator_to_block(self, op, dest) -> None:
        """Multi-block inlining: replace the terminator `op` by a branch to `dest`, whose
        arguments stand for the call's results."""
        raise NotImplementedError(f"'{op.name}' cannot end an inlined block")

    def materialize_call_conversion(self, value, type_, location):
        """A detached op converting `value` to `type_` where call and callee types differ
        (one operand, one result), or None (`materializeCallConversion`)."""
        return None


_INLINER_INTERFACES: dict[str, DialectInlinerInterface] = {}


def register_inliner_interface(dialect: str, interface: DialectInlinerInterface) -> None:
    """Give dialect `dialect` its inliner hooks (MLIR's `addInterfaces<...Inliner...>`)."""
    _INLINER_INTERFACES[dialect] = interface


def inliner_interface(dialect: str) -> DialectInlinerInterface | None:
    return _INLINER_INTERFACES.get(dialect)
