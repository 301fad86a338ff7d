"""What running an op does besides computing its results, as MLIR's side-effect utilities
(mlir/lib/Interfaces/SideEffectInterfaces.cpp) answer it from traits.

An op says so with `Pure` (no effects, always speculatable), `NoMemoryEffect` (no effects,
may trap; an `is_speculatable()` method may tell when it cannot) or `MemoryEffects(...)`.
An op that says nothing, registered or not, is assumed to have any effect.
"""

from __future__ import annotations

from mlc.ir.operation import Operation
from mlc.ir.traits import MemoryEffects, NoMemoryEffect, Pure, Terminator


def memory_effects(op: Operation) -> frozenset[str] | None:
    """The op's memory effects (of 'read', 'write', 'allocate', 'free'); None when unknown:
    no trait says, or the op is unregistered."""
    if op.definition is None:
        return None
    if op.has_trait(Pure) or op.has_trait(NoMemoryEffect):
        return frozenset()
    for trait in op.traits:
        if isinstance(trait, MemoryEffects):
            return trait.effects
    return None


def is_memory_effect_free(op: Operation) -> bool:
    """The op reads, writes, allocates and frees nothing (MLIR's `isMemoryEffectFree`)."""
    return memory_effects(op) == frozenset()


def is_speculatable(op: Operation) -> bool:
    """Running the op where the program would not have run it is harmless: it cannot trap
    (MLIR's `isSpeculatable`). `Pure` ops are; an op with an `is_speculatable` method
    decides for itself (a division by a nonzero constant); others are not."""
    if op.has_trait(Pure):
        return True
    decide = getattr(op, "is_speculatable", None)
    return decide is not None and decide()


def is_trivially_dead(op: Operation) -> bool:
    """No result is used and removing the op changes nothing (MLIR's `isOpTriviallyDead`).
    Hot path of every dead-code sweep."""
    for result in op.results:
        if result.has_uses():
            return False
    return would_be_trivially_dead(op)


def would_be_trivially_dead(op: Operation) -> bool:
    """Removing the op would change nothing but the loss of its results (MLIR's
    `wouldOpBeTriviallyDead`): not a terminator, and effect-free or only reading or
    allocating."""
    if op.has_trait(Terminator):
        return False
    if op.has_trait(Pure) or op.has_trait(NoMemoryEffect):
        return True
    for trait in op.traits:
        if isinstance(trait, MemoryEffects):
            return trait.effects <= {"read", "allocate"}
    return False
