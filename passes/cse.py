"""`cse`: common subexpression elimination, as MLIR's `CSE` pass (Transforms/CSE.cpp).

Ops are keyed by name, operands, result types, properties and attributes. A known op
replaces a later equal one when it dominates it: known ops live in a table scoped by region,
and multi-block regions are walked along their dominator tree. An IsolatedFromAbove op starts a
fresh table. Nested regions are simplified before their op, as in MLIR.
- Side-effect free ops are merged freely.
- Ops that only read are merged within one block when no other side-effecting op lies between.
- Trivially dead ops are erased along the way.
Deliberate differences: ops with regions are never merged (MLIR compares their regions
structurally), and ops directly in graph regions (module bodies) are not merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.ir.effects import is_trivially_dead, memory_effects
from mlc.ir.traits import Commutative, GraphRegion, IsolatedFromAbove, Terminator
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


def _key(op) -> tuple:
    """What makes two ops equivalent (MLIR's `OperationEquivalence` ignoring locations): a
    commutative op's operands compare as a multiset, so `addi %a, %b` matches `addi %b, %a`."""
    operands = [o.value for o in op._operands]
    if op.has_trait(Commutative):
        operands.sort(key=id)
    return (
        op.name,
        tuple(operands),
        tuple([r.type for r in op.results]),
        tuple(sorted(op.properties.items())),
        tuple(sorted(op.attributes.items())),
    )


def _has_ssa_dominance(region) -> bool:
    """MLIR's `mayHaveSSADominance`: true unless the parent declares graph regions (so an
    unregistered op's regions count as SSA regions here, unlike in the verifier)."""
    parent = region.parent
    return parent is None or not parent.has_trait(GraphRegion)


class _Driver:
    """One CSE run: the scoped table of known ops and the ops to erase at the end."""

    def __init__(self) -> None:
        self.known: dict = {}
        self.scopes: list[list] = []  # keys added per open scope, removed when it closes
        self.to_erase: list = []

    def simplify_region(self, region) -> None:
        if not region.blocks:
            return
        ssa = _has_ssa_dominance(region)
        if len(region.blocks) == 1:
            self._scoped(lambda: self.simplify_block(region.blocks[0], ssa))
            return
        if not ssa:
            return
        from mlc.ir.verifier import _Dominance

        idom = _Dominance().idom(region)
        children: dict = {}
        for block, parent in idom.items():
            if block is not parent:
                children.setdefault(parent, []).append(block)
        order = {b: i for i, b in enumerate(region.blocks)}
        self._walk_dom_tree(region.blocks[0], children, order)

    def _walk_dom_tree(self, root, children, order) -> None:
        # Iterative pre-order walk; each block's table scope lasts while its subtree is walked.
        stack = [(root, False)]
        while stack:
            block, leaving = stack.pop()
            if leaving:
                self._pop_scope()
                continue
            self._push_scope()
            self.simplify_block(block, True)
            stack.append((block, True))
            for child in sorted(children.get(block, ()), key=order.get, reverse=True):
                stack.append((child, False))

    def simplify_block(self, block, ssa: bool) -> None:
        """Simplify nested regions, then the op itself (only where values dominate uses)."""
        for op in list(block.ops):
            if op.regions:
                if op.might_have_trait(IsolatedFromAbove):
                    # A fresh table: no implicit captures. An unregistered op might be
                    # isolated (MLIR's `mightHaveTrait`), so it is treated as such.
                    saved = self.known, self.scopes
                    self.known, self.scopes = {}, []
                    for region in op.regions:
                        self.simplify_region(region)
                    self.known, self.scopes = saved
                else:
                    for region in op.regions:
                        self.simplify_region(region)
            if ssa:
                self.simplify_op(op)

    def simplify_op(self, op) -> None:
        if op.has_trait(Terminator) or op.regions:
            return
        if is_trivially_dead(op):
            self.to_erase.append(op)
            return
        effects = memory_effects(op)
        if effects is None or not effects <= {"read"}:
            return
        key = _key(op)
        existing = self.known.get(key)
        if existing is not None and (not effects or _no_effects_between(existing, op)):
            for old, new in zip(op.results, existing.results):
                old.replace_all_uses_with(new)
            self.to_erase.append(op)
            return
        self.known[key] = op
        if self.scopes:
            self.scopes[-1].append(key)

    # --- scopes ----------------------------------------------------------------------------
    def _push_scope(self) -> None:
        self.scopes.append([])

    def _pop_scope(self) -> None:
        for key in self.scopes.pop():
            self.known.pop(key, None)

    def _scoped(self, fn) -> None:
        self._push_scope()
        fn()
        self._pop_scope()


def _no_effects_between(first, second) -> bool:
    """Both in one block, and nothing between them writes or has unknown effects."""
    if first.parent is not second.parent:
        return False
    op = first._next
    while op is not None and op is not second:
        effects = memory_effects(op)
        if effects is None or not effects <= {"read"}:
            return False
        op = op._next
    return op is second


@register_pass
@dataclass(frozen=True)
class CSE(Pass):
    """Eliminate common subexpressions."""

    name = "cse"
    summary = "Eliminate common sub-expressions"

    def run(self, op) -> None:
        driver = _Driver()
        for region in op.regions:
            driver.simplify_region(region)
        for dead in driver.to_erase:
            dead.erase()
