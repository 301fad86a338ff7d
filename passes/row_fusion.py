"""Row fusion: which consecutive buffer-form `tensor.generic`s may share their outer parallel
loops (the rows), so that `convert-tensor-to-loops{fuse-rows}` runs them as one loop over the
rows with each generic's inner loops inside, one after another. A layer norm's mean,
variance and normalization then read a row while it is in L1, and the per-row statistics
pass from one generic to the next at the same row. This is MLIR's tile-and-fuse along
parallel dims (tile size 1 on the shared loops) decided on the buffer form, with the
legality test of `scf-parallel-loop-fusion` widened from "the same indices" to "the same
row".

A run of generics, in block order, shares its first `k` loops when:
- each generic's first `k` loops are parallel and read plainly by every output
  (`parallel_prefix`), so iteration `r` of the rows writes only elements of row `r`;
- the loops have the same sizes: for each shared loop, some operand dim that reads it in the
  new generic has the static size or the run-time size (followed through `memref.dim` and
  the sizes of `memref.alloc`/`memref.view`) of one in the group;
- every buffer one generic writes and another accesses is accessed by both at the rows: for
  each shared loop `d`, a result position where both maps read `d` plainly. Then row `r` of
  every generic touches only row `r` of their shared buffers, and running the generics row
  by row keeps every dependence.

Aliasing: two memrefs overlap when they are the same value, or views (`memref.view` at a
constant byte shift) of one allocation whose byte ranges intersect. Distinct allocations and
globals never overlap; distinct function arguments are assumed not to (`bufferize` passes each
kernel call buffers of its own and `memory-plan` overlaps only buffers with disjoint
lifetimes), the assumption `convert-tensor-to-loops` already makes of a generic's operands.
A view of the same allocation at the same shift and of the same type is the same buffer; any
other overlap (a subview, a reshape, an unknown op's result) with a written buffer ends the
group.

Between the generics, ops without regions that touch no memory, and allocations, move
before the group; deallocations move after it; any other op ends the group.

Array contraction (`row_local_buffers`, `RowBuffers`): a buffer of a fused group that
nothing outside the group can see (a `memref.alloc` of the function, or a `memref.view` of
one that no other view of it overlaps; its other uses only its `memref.dim`s and its
deallocation) and that every access in the group reaches at the rows, as its leading dims,
holds in iteration `r` only row `r`, which no other iteration reads. Each row then gets a
buffer of the row's shape, allocated at the start of the parallel iteration and freed at its
end (heap memory: a `memref.alloca` there would grow the stack with every iteration once
`convert-scf-to-cf` and `convert-scf-to-gomp` lower the loop, as they keep no allocation
scope), or one for all rows before a sequential loop; the whole buffer is never built. A
fused `softmax(layer_norm(x))` (`graph-fuse-kernels`) so keeps one normalized row, in L1,
instead of writing and reading the whole tensor. A buffer of one scalar per row (a row
statistic) stays whole: an allocation per row would cost more than it saves.

Parallelism: a generic with more parallel loops than the group shares runs the rest
sequentially inside each row. With `parallel`, a group is not extended that way when the
shared rows are statically fewer than `MIN_ROWS`, so that a batch of one does not turn a
parallel element-wise loop into a sequential one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import func
from mlc.dialects.arith import ConstantOp
from mlc.dialects.memref.ops import AllocLikeOp, AllocOp, CastOp, DeallocOp, DimOp, GetGlobalOp
from mlc.dialects.memref.views import ReinterpretCastOp, ReshapeOp, SubViewOp, ViewOp
from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.affine import AffineDimExpr
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr
from mlc.ir.builder import InsertionPoint
from mlc.ir.effects import is_memory_effect_free
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.types import DYNAMIC, MemRefType, i32, index
from mlc.ir.values import BlockArgument, OpResult, Value

MIN_ROWS = 16

SAME, DISJOINT, OVERLAP = "same", "disjoint", "overlap"
VIEWS = (CastOp, SubViewOp, ReinterpretCastOp, ReshapeOp)


def parallel_prefix(op: GenericOp) -> int:
    """How many outermost loops may run as one `scf.parallel`: parallel loops that every
    output map reads as a plain dim, so that no two iterations write the same element."""
    out_maps = op.maps()[len(op.inputs) :]
    count = 0
    for d, iterator in enumerate(op.iterators()):
        plain = AffineDimExpr(d)
        if iterator != "parallel" or any(plain not in m.results for m in out_maps):
            break
        count += 1
    return count


# --- sizes -------------------------------------------------------------------------------------
def _index_key(size: Value):
    """What identifies a run-time size: its constant, the memref dim it reads, or itself."""
    value = constant_int(size)
    if value is not None:
        return value
    if isinstance(size, OpResult) and isinstance(size.op, DimOp):
        position = constant_int(size.op.operand(1))
        if position is not None:
            return dim_key(size.op.operand(0), position)
    return size


def dim_key(buffer: Value, position: int):
    """The size of `buffer`'s dim `position`: static, or the key of the size it was made with."""
    shape = buffer.type.shape
    if shape[position] != DYNAMIC:
        return shape[position]
    op = buffer.op if isinstance(buffer, OpResult) else None
    if isinstance(op, (AllocLikeOp, ViewOp)):
        sizes = op.dynamic_sizes if isinstance(op, AllocLikeOp) else op.sizes
        return _index_key(sizes[sum(1 for d in shape[:position] if d == DYNAMIC)])
    return ("dim", buffer, position)


def loop_size_keys(op: GenericOp, loop: int) -> set:
    """Every size key of loop `loop`: the operand dims that read it plainly."""
    plain = AffineDimExpr(loop)
    return {dim_key(v, p) for v, m in zip(op.operands, op.maps())
            for p, e in enumerate(m.results) if e == plain}  # fmt: skip


def _static_rows(keys: list[set]) -> int | None:
    """The number of rows when every shared loop has a static size, else None."""
    total = 1
    for options in keys:
        static = [k for k in options if isinstance(k, int)]
        if not static:
            return None
        total *= static[0]
    return total


# --- aliasing ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Place:
    """Where a buffer lies: in `root` (an allocation, an argument, a global's name), from
    byte `start` for `size` bytes, or anywhere in it (None)."""

    root: object
    start: int | None
    size: int | None
    known_root: bool


def _bytes(t) -> int | None:
    width = getattr(t.element_type, "width", None)
    if width is None or width % 8 or any(d == DYNAMIC for d in t.shape):
        return None
    count = 1
    for d in t.shape:
        count *= d
    return count * width // 8


def _place(buffer: Value) -> _Place:
    op = buffer.op if isinstance(buffer, OpResult) else None
    if isinstance(op, ViewOp):
        base = _place(op.operand(0))
        shift = constant_int(op.operand(1))
        if base.start is None or shift is None:
            return _Place(base.root, None, None, base.known_root)
        return _Place(base.root, base.start + shift, _bytes(buffer.type), base.known_root)
    if isinstance(op, GetGlobalOp):
        return _Place(("global", op.properties["name"]), 0, _bytes(buffer.type), True)
    if isinstance(op, AllocLikeOp):
        return _Place(buffer, 0, _bytes(buffer.type), True)
    if isinstance(buffer, BlockArgument) and isinstance(buffer.block.parent_op, func.FuncOp):
        return _Place(buffer, 0, _bytes(buffer.type), True)
    if isinstance(op, VIEWS):  # somewhere in its source's allocation
        base = _place(op.operand(0))
        return _Place(base.root, None, None, base.known_root)
    return _Place(buffer, None, None, False)


def overlap(a: Value, b: Value) -> str:
    """SAME (one buffer, one layout), DISJOINT, or OVERLAP (anything else)."""
    if a is b:
        return SAME
    pa, pb = _place(a), _place(b)
    if pa.root != pb.root:
        return DISJOINT if pa.known_root and pb.known_root else OVERLAP
    if None in (pa.start, pa.size, pb.start, pb.size):
        return OVERLAP
    if pa.start + pa.size <= pb.start or pb.start + pb.size <= pa.start:
        return DISJOINT
    return SAME if pa.start == pb.start and a.type == b.type else OVERLAP


# --- groups ------------------------------------------------------------------------------------
def _accesses(op: GenericOp) -> list[tuple]:
    """(buffer, map, written) for each operand."""
    n_in = len(op.inputs)
    return [(v, m, k >= n_in) for k, (v, m) in enumerate(zip(op.operands, op.maps()))]


def _same_rows(a_map, b_map, rows: int) -> bool:
    """Both maps read each of the first `rows` loops plainly at one same result position."""
    pairs = list(zip(a_map.results, b_map.results))
    return all((AffineDimExpr(d), AffineDimExpr(d)) in pairs for d in range(rows))


def _independent_rows(a: GenericOp, b: GenericOp, rows: int) -> bool:
    """Row `r` of `a` and row `r'` of `b` touch no common element that either writes,
    unless `r == r'`."""
    for u, u_map, u_written in _accesses(a):
        for w, w_map, w_written in _accesses(b):
            if not (u_written or w_written):
                continue
            relation = overlap(u, w)
            if relation == OVERLAP or relation == SAME and not _same_rows(u_map, w_map, rows):
                return False
    return True


@dataclass
class RowGroup:
    """Generics that run as one nest over their first `rows` loops, and the ops between them
    that move before (`hoist`) or after (`sink`) it."""

    generics: list = field(default_factory=list)
    rows: int = 0
    keys: list = field(default_factory=list)  # per shared loop, the size keys seen
    hoist: list = field(default_factory=list)
    sink: list = field(default_factory=list)

    def admits(self, op: GenericOp, parallel: bool) -> int:
        """The rows the group shares with `op` added, or 0 where it may not join."""
        prefix = parallel_prefix(op)
        rows = min(self.rows, prefix)
        if rows == 0:
            return 0
        keys = [self.keys[d] & loop_size_keys(op, d) for d in range(rows)]
        if not all(keys):
            return 0
        narrower = rows < self.rows or rows < prefix
        static = _static_rows(keys)
        if parallel and narrower and static is not None and static < MIN_ROWS:
            return 0
        if not all(_independent_rows(g, op, rows) for g in self.generics):
            return 0
        return rows

    def add(self, op: GenericOp, rows: int) -> None:
        self.generics.append(op)
        self.rows = rows
        new = [loop_size_keys(op, d) for d in range(rows)]
        self.keys = new if len(self.generics) == 1 else \
            [self.keys[d] | new[d] for d in range(rows)]  # fmt: skip


def _may_hoist(op) -> bool:
    return not op.regions and (isinstance(op, AllocLikeOp) or is_memory_effect_free(op))


def row_groups(block, parallel: bool) -> list[RowGroup]:
    """The block's buffer-form generics, in order, partitioned into row groups (a generic
    that shares no rows with its neighbours is a group of its own, `rows` 0)."""
    groups: list[RowGroup] = []
    current: RowGroup | None = None
    between: list = []  # ops after the current group's last generic

    def close() -> None:
        nonlocal current, between
        if current is not None:
            groups.append(current)
        current, between = None, []

    for op in block.ops:
        if not isinstance(op, GenericOp):
            if current is not None:
                if _may_hoist(op) or isinstance(op, DeallocOp):
                    between.append(op)
                else:
                    close()
            continue
        rows = current.admits(op, parallel) if current is not None else 0
        if rows:
            current.hoist += [o for o in between if not isinstance(o, DeallocOp)]
            current.sink += [o for o in between if isinstance(o, DeallocOp)]
            current.add(op, rows)
            between = []
            continue
        close()
        current = RowGroup()
        current.add(op, parallel_prefix(op))
    close()
    return groups


# --- array contraction -------------------------------------------------------------------------
def row_local_buffers(group: RowGroup) -> list[Value]:
    """The buffers a fused group needs one row of at a time (module doc): each is local to
    the function and accessed only by the group's generics, at their rows."""
    if group.rows == 0 or len(group.generics) < 2:
        return []
    members = {id(g) for g in group.generics}
    candidates = dict.fromkeys(v for g in group.generics for v in g.operands)
    return [v for v in candidates if _needs_one_row(v, members, group.rows)]


def _needs_one_row(buffer: Value, members: set[int], rows: int) -> bool:
    """`buffer` holds more than a scalar per row (an allocation per row would cost more than
    the scalar), and every use of it is a member's access at the rows, a `memref.dim`, or
    its deallocation; it is an allocation or a view that nothing else touches."""
    if len(buffer.type.shape) <= rows:
        return False
    for use in buffer.uses:
        op = use.owner
        if isinstance(op, DeallocOp) or _is_constant_dim(op):
            continue
        if id(op) not in members or not _at_rows(op.maps()[use.index], rows):
            return False
    return _is_private(buffer)


def _is_constant_dim(op) -> bool:
    return isinstance(op, DimOp) and constant_int(op.operand(1)) is not None


def _at_rows(m, rows: int) -> bool:
    """`m` reads each of the first `rows` loops as the same leading dim."""
    return all(len(m.results) > d and m.results[d] == AffineDimExpr(d) for d in range(rows))


def _is_private(buffer: Value) -> bool:
    """A `memref.alloc` (its uses are checked by the caller), or a `memref.view` of one whose
    only uses are views (at known shifts) and deallocations, every other view disjoint."""
    op = buffer.op if isinstance(buffer, OpResult) else None
    if isinstance(op, AllocOp):
        return True
    if not isinstance(op, ViewOp):
        return False
    arena = op.operand(0)
    if not isinstance(arena, OpResult) or not isinstance(arena.op, AllocOp):
        return False
    for use in arena.uses:
        other = use.owner
        if isinstance(other, DeallocOp) or other is op:
            continue
        if not isinstance(other, ViewOp) or overlap(other.results[0], buffer) != DISJOINT:
            return False
    return True


def _made_sizes(buffer: Value) -> list:
    """The size of each dim of an allocation or view: an int, or the value it was given."""
    op = buffer.op
    dynamic = iter(op.dynamic_sizes if isinstance(op, AllocOp) else op.sizes)
    return [d if d != DYNAMIC else next(dynamic) for d in buffer.type.shape]


class RowBuffers:
    """One row of each buffer a group needs one row of (`row_local_buffers`): `memref.alloc`s
    made detached, for `convert-tensor-to-loops` to place in the loop over the rows (or
    before it, when the rows run in order), and to access instead of the whole buffers,
    which `erase_whole` then removes."""

    def __init__(self, group: RowGroup, rows: int, loc) -> None:
        self.rows = rows
        self.whole = row_local_buffers(group) if rows == group.rows else []
        self.allocs = [self._row_alloc(b, loc) for b in self.whole]

    def _row_alloc(self, buffer: Value, loc) -> AllocOp:
        sizes = _made_sizes(buffer)[self.rows :]
        t = buffer.type
        row = MemRefType(tuple(t.shape[self.rows :]), t.element_type, memory_space=t.memory_space)
        dynamic = [s for s in sizes if not isinstance(s, int)]
        segments = {"operandSegmentSizes": DenseArrayAttr(i32, (len(dynamic), 0))}
        return AllocOp.create(dynamic, [row], segments, location=loc)

    def replacements(self) -> dict:
        """Each whole buffer's row buffer."""
        return {b: a.results[0] for b, a in zip(self.whole, self.allocs)}

    def allocate(self, rewriter) -> None:
        for alloc in self.allocs:
            rewriter.insert(alloc)

    def free(self, rewriter) -> None:
        for alloc in self.allocs:
            rewriter.insert(DeallocOp.create([alloc.results[0]], [], location=alloc.location))

    def erase_whole(self, rewriter) -> None:
        """Erase the whole buffers: their deallocations go, and their sizes are asked of
        the sizes they were made with."""
        for buffer in self.whole:
            sizes = _made_sizes(buffer)
            for use in list(buffer.uses):
                op = use.owner
                if isinstance(op, DeallocOp):
                    rewriter.erase_op(op)
                    continue
                size = sizes[constant_int(op.operand(1))]
                if isinstance(size, int):
                    with rewriter.at(InsertionPoint.before(op)):
                        size = rewriter.insert(ConstantOp(IntegerAttr(size, index))).results[0]
                rewriter.replace_op(op, [size])
            rewriter.erase_op(buffer.op)
