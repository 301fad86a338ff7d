"""`memory-plan`: buffers whose lifetimes do not overlap share memory, as Relax's
`StaticPlanBlockMemory` plans them.

In the body of each function (its entry block; what `bufferize` produces), a
`memref.alloc` freed by one `memref.dealloc` in the same block lives from the one to the
other. Then:

- **static shapes are planned once**: every such buffer gets a byte offset in one arena,
  allocated at the function's entry and freed before its returns, so that buffers alive at
  the same time never overlap (greedy first fit, largest first: the classic offset
  assignment); each buffer becomes a `memref.view` of the arena. A model's intermediates
  then cost one `malloc`/`free` per call instead of one per op.
- **dynamic shapes are reused**: a buffer of the same type whose dynamic sizes are the same
  SSA values (the same symbolic sizes, after `bufferize`) and whose lifetime has ended takes
  the place of a new allocation.

Buffers returned, stored elsewhere or freed more than once are left alone, as are
allocations with layout symbols or alignments above the arena's (64 bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import func
from mlc.dialects.memref.ops import AllocOp, DeallocOp
from mlc.dialects.memref.views import ViewOp
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr
from mlc.ir.builder import Builder
from mlc.ir.types import DYNAMIC, IntegerType, MemRefType, i32, i64, index
from mlc.passes.buffers import index_constant
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass

ARENA_ALIGNMENT = 64


@dataclass
class _Lifetime:
    alloc: AllocOp
    free: DeallocOp
    start: int
    end: int
    size: int = 0  # bytes, for static shapes
    offset: int = 0


def _element_bytes(t) -> int | None:
    width = getattr(t, "width", None)
    if width is None or width % 8 and width != 1:
        return None
    return max(width // 8, 1)


def _lifetimes(block) -> list[_Lifetime]:
    """The allocations of `block` freed once in it, with their positions."""
    position = {op: i for i, op in enumerate(block.ops)}
    found = []
    for op in block.ops:
        if not isinstance(op, AllocOp) or op.symbol_operands:
            continue
        alignment = op.properties.get("alignment")
        if alignment is not None and alignment.value > ARENA_ALIGNMENT:
            continue
        buffer = op.results[0]
        if buffer.type.layout is not None:
            continue
        frees = [u.owner for u in buffer.uses if isinstance(u.owner, DeallocOp)]
        if len(frees) != 1 or frees[0].parent is not block:
            continue
        if any(isinstance(u.owner, func.ReturnOp) for u in buffer.uses):
            continue
        found.append(_Lifetime(op, frees[0], position[op], position[frees[0]]))
    return found


def _assign_offsets(static: list[_Lifetime]) -> int:
    """Offsets such that buffers alive together do not overlap; returns the arena size."""
    placed: list[_Lifetime] = []
    for item in sorted(static, key=lambda x: (-x.size, x.start)):
        busy = sorted((p.offset, p.offset + p.size) for p in placed
                      if p.start <= item.end and item.start <= p.end)  # fmt: skip
        offset = 0
        for low, high in busy:
            if offset + item.size <= low:
                break
            offset = max(offset, high)
        item.offset = offset
        placed.append(item)
    return max((p.offset + p.size for p in placed), default=0)


def _plan_static(function, static: list[_Lifetime]) -> None:
    block = function.entry_block
    total = _assign_offsets(static)
    b = Builder.before(block.first_op)
    arena_type = MemRefType((total,), IntegerType(8))
    props = {
        "operandSegmentSizes": DenseArrayAttr(i32, (0, 0)),
        "alignment": IntegerAttr(ARENA_ALIGNMENT, i64),
    }
    arena = b.insert(AllocOp.create((), [arena_type], props)).results[0]
    for item in static:
        at = Builder.before(item.alloc, item.alloc.location)
        shift = index_constant(at, item.offset)
        view = at.insert(ViewOp.create([arena, shift], [item.alloc.results[0].type]))
        item.alloc.results[0].replace_all_uses_with(view.results[0])
        item.free.erase()
        item.alloc.erase()
    for op in list(block.ops):
        if isinstance(op, func.ReturnOp):
            Builder.before(op).insert(DeallocOp.create([arena], []))


def _reuse_dynamic(dynamic: list[_Lifetime]) -> None:
    free_slots: dict = {}  # (type, size values) -> lifetimes whose memory can be taken
    for item in sorted(dynamic, key=lambda x: x.start):
        key = (item.alloc.results[0].type, tuple(item.alloc.operands))
        slots = free_slots.setdefault(key, [])
        donor = next((s for s in slots if s.end < item.start), None)
        if donor is None:
            slots.append(item)
            continue
        item.alloc.results[0].replace_all_uses_with(donor.alloc.results[0])
        item.alloc.erase()
        donor.free.erase()
        donor.free, donor.end = item.free, item.end


@register_pass
@dataclass(frozen=True)
class MemoryPlan(Pass):
    """Shares memory between buffers whose lifetimes do not overlap."""

    name = "memory-plan"
    summary = "Plan static buffers in one arena and reuse dynamic ones by liveness"

    def run(self, op) -> None:
        for function in op.regions[0].blocks[0].ops:
            if not isinstance(function, func.FuncOp) or function.is_declaration():
                continue
            lifetimes = _lifetimes(function.entry_block)
            static, dynamic = [], []
            for item in lifetimes:
                t = item.alloc.results[0].type
                element = _element_bytes(t.element_type) if not isinstance(
                    t.element_type, type(index)) else 8  # fmt: skip
                if element is None:
                    continue
                if DYNAMIC in t.shape:
                    dynamic.append(item)
                    continue
                count = 1
                for d in t.shape:
                    count *= d
                aligned = -(-(count * element) // ARENA_ALIGNMENT) * ARENA_ALIGNMENT
                item.size = max(aligned, ARENA_ALIGNMENT)
                static.append(item)
            if static:
                _plan_static(function, static)
            _reuse_dynamic(dynamic)
