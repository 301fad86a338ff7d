"""What running an op does besides computing its results, as MLIR's side-effect utilities
(mlir/lib/Interfaces/SideEffectInterfaces.cpp) answer it from traits.

An op says so with `Pure` (no effects, always speculatable), `NoMemoryEffect` (no effects,
may trap; an `is_speculatable()` method may tell when it cannot) or `MemoryEffects(...)`;
an op whose effects depend on its operands (a vector transfer reads a memref, but a tensor
is a value) computes them in a `get_effects()` method (MLIR's `getEffects`).
An op with regions may instead say `RecursiveMemoryEffects`: it has the effects of the ops
nested in it (a loop whose body only computes has none). An op that says nothing,
registered or not, is assumed to have any effect.
"""

from __future__ import annotations

from mlc.ir.operation import Operation, ops_in
from mlc.ir.traits import MemoryEffects, NoMemoryEffect, Pure, Terminator, Trait


class RecursiveMemoryEffects(Trait):
    """The op's memory effects are those of the ops in its regions (MLIR's
    `RecursiveMemoryEffects`, as on scf.for and scf.if)."""


def _own_effects(op: Operation) -> frozenset[str] | None:
    if op.definition is None:
        return None
    if op.has_trait(Pure) or op.has_trait(NoMemoryEffect):
        return frozenset()
    get_effects = getattr(op, "get_effects", None)
    if get_effects is not None:
        return get_effects()
    for trait in op.traits:
        if isinstance(trait, MemoryEffects):
            return trait.effects
    return None


def _leaf_effects(op: Operation):
    """The own effects (None: unknown) of `op`, or with `RecursiveMemoryEffects` of each op
    nested in it that has no such trait, one at a time so that a caller may stop early.
    Iterative over the nesting."""
    worklist = [op]
    while worklist:
        current = worklist.pop()
        if current.definition is not None and current.has_trait(RecursiveMemoryEffects):
            worklist.extend(ops_in(current))
            continue
        yield _own_effects(current)


def memory_effects(op: Operation) -> frozenset[str] | None:
    """The op's memory effects (of 'read', 'write', 'allocate', 'free'); None when unknown:
    no trait says, the op is unregistered, or it has `RecursiveMemoryEffects` and some
    nested op's effects are unknown."""
    effects: set[str] = set()
    for own in _leaf_effects(op):
        if own is None:
            return None
        effects |= own
    return frozenset(effects)


def _effects_within(op: Operation, allowed: frozenset[str]) -> bool:
    """`memory_effects(op) <= allowed` (and known), stopping at the first nested op with
    another effect: a loop nest that writes is answered at its first store, not after a
    walk of the whole nest (the dead-code sweeps ask this of every loop without results,
    at every nesting level)."""
    return all(own is not None and own <= allowed for own in _leaf_effects(op))


def is_memory_effect_free(op: Operation) -> bool:
    """The op reads, writes, allocates and frees nothing (MLIR's `isMemoryEffectFree`)."""
    return _effects_within(op, frozenset())


def is_speculatable(op: Operation) -> bool:
    """Running the op where the program would not have run it is harmless: it cannot trap
    (MLIR's `isSpeculatable`). `Pure` ops are; an op with an `is_speculatable` method
    decides for itself (a division by a nonzero constant, a loop that always ends and whose
    body is speculatable); others are not."""
    if op.has_trait(Pure):
        return True
    decide = getattr(op, "is_speculatable", None)
    return decide is not None and decide()


def nested_ops_speculatable(op: Operation) -> bool:
    """Every op in `op`'s regions is speculatable: what an `is_speculatable` method checks
    for MLIR's `RecursivelySpeculatable` ops."""
    return all(is_speculatable(nested) for nested in ops_in(op))


def is_trivially_dead(op: Operation) -> bool:
    """No result is used and removing the op changes nothing (MLIR's `isOpTriviallyDead`).
    Hot path of every dead-code sweep."""
    for result in op.results:
        if result._first_use is not None:  # hot path: `has_uses` without the call
            return False
    return would_be_trivially_dead(op)


def would_be_trivially_dead(op: Operation) -> bool:
    """Removing the op would change nothing but the loss of its results (MLIR's
    `wouldOpBeTriviallyDead`): not a terminator, and effect-free or only reading or
    allocating, nested ops included for `RecursiveMemoryEffects` ops. Hot path: the traits
    answer once per op class; only ops whose effects depend on the instance are inspected."""
    verdict = _REMOVABLE_BY_CLASS.get(type(op), _UNKNOWN)
    if verdict is _UNKNOWN:
        verdict = _REMOVABLE_BY_CLASS[type(op)] = removable_by_class(type(op))
    if verdict is not None:
        return verdict
    return _effects_within(op, _READ_OR_ALLOCATE)


def removable_by_class(cls: type) -> bool | None:
    """`would_be_trivially_dead` for every op of `cls`, or None when it depends on the op."""
    if cls.has_trait(Terminator):
        return False
    if cls.has_trait(Pure) or cls.has_trait(NoMemoryEffect):
        return True
    if cls.definition is None:  # unregistered: any effect
        return False
    if cls.has_trait(RecursiveMemoryEffects) or hasattr(cls, "get_effects"):
        return None
    for trait in cls.traits:
        if isinstance(trait, MemoryEffects):
            return trait.effects <= _READ_OR_ALLOCATE
    return False  # no trait says: any effect


_READ_OR_ALLOCATE = frozenset({"read", "allocate"})
_UNKNOWN = object()
_REMOVABLE_BY_CLASS: dict[type, bool | None] = {}
