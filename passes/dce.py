"""`dce`: erase trivially dead ops (xDSL's `dce`, MLIR's `isOpTriviallyDead`).

An op is trivially dead when its results are unused, it is not a terminator, and running it
has no observable effect: it is `Pure`, or its declared `MemoryEffects` are only reads and
allocations. Ops with unknown effects (no trait, unregistered) are kept. Blocks are scanned
backwards, so a chain of dead ops goes in one sweep; sweeps repeat until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.ir.effects import is_trivially_dead
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


def _sweep(op) -> bool:
    """Erase dead ops nested in `op`, last to first; whether anything was erased."""
    changed = False
    for region in reversed(op.regions):
        for block in reversed(region.blocks):
            for nested in block.reversed_ops():
                if is_trivially_dead(nested):
                    nested.erase()
                    changed = True
                elif nested.regions:
                    changed |= _sweep(nested)
    return changed


@register_pass
@dataclass(frozen=True)
class DeadCodeElimination(Pass):
    """Removes trivially dead operations until a fixed point."""

    name = "dce"
    summary = "Remove dead operations (unused results, no side effects)"

    def run(self, op) -> None:
        while _sweep(op):
            pass
