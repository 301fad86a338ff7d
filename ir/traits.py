"""Op traits, as MLIR's `OpTrait`s: markers that passes query and checks the verifier runs.

A trait is an instance in the op class's `traits` tuple; `op.has_trait(Pure)` accepts the
class. Messages mirror `OpTrait::impl::verify*` in MLIR.
"""

from __future__ import annotations


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


class CallOpInterface(Trait):
    """A call: `callee` names the callable; operands are its arguments."""


class CallableOpInterface(Trait):
    """A callable region (functions): its first region is the body."""
