"""Blocks and regions.

A block's operations form an intrusive doubly linked list (`Operation._prev/_next`), so
inserting, erasing and moving an op is O(1). Op order inside a block, needed by dominance
checks, is numbered lazily and invalidated on insertion (as MLIR's `Block::isOpOrderValid`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from mlc.ir.values import BlockArgument, Usable


class Block(Usable):
    """A list of operations with typed arguments; the unit of control flow."""

    __slots__ = ("args", "parent", "first_op", "last_op", "_order_valid")

    def __init__(self, arg_types: Iterable = (), arg_locs: Iterable | None = None) -> None:
        self._first_use = None
        self.parent: Region | None = None
        self.first_op = None
        self.last_op = None
        self._order_valid = False
        locs = list(arg_locs) if arg_locs is not None else None
        self.args = [
            BlockArgument(t, self, i, locs[i] if locs else None) for i, t in enumerate(arg_types)
        ]

    # --- arguments ---------------------------------------------------------------------
    def add_argument(self, type, location=None) -> BlockArgument:
        arg = BlockArgument(type, self, len(self.args), location)
        self.args.append(arg)
        return arg

    def erase_argument(self, index: int) -> None:
        arg = self.args.pop(index)
        if arg.has_uses():
            raise ValueError("cannot erase a block argument that still has uses")
        for i in range(index, len(self.args)):
            self.args[i].index = i

    # --- operations ----------------------------------------------------------------------
    @property
    def ops(self) -> Iterator:
        op = self.first_op
        while op is not None:
            nxt = op._next  # tolerate erasing the current op
            yield op
            op = nxt

    def __iter__(self) -> Iterator:
        return self.ops

    def reversed_ops(self) -> Iterator:
        op = self.last_op
        while op is not None:
            prev = op._prev
            yield op
            op = prev

    def is_empty(self) -> bool:
        return self.first_op is None

    def __len__(self) -> int:
        n = 0
        op = self.first_op
        while op is not None:
            n += 1
            op = op._next
        return n

    @property
    def terminator(self):
        return self.last_op

    def append(self, op) -> None:
        """Append `op` (which must be detached) at the end of this block."""
        self.insert_before(op, None)

    def insert_before(self, op, before) -> None:
        """Insert detached `op` before `before` (None: at the end)."""
        if op.parent is not None:
            raise ValueError(f"operation {op.name} is already in a block")
        op.parent = self
        if before is None:
            prev = self.last_op
            op._prev = prev
            op._next = None
            if prev is None:
                self.first_op = op
            else:
                prev._next = op
            self.last_op = op
            if self._order_valid:  # appending keeps the numbering valid
                op._order = prev._order + 1 if prev is not None else 0
            return
        prev = before._prev
        op._prev = prev
        op._next = before
        before._prev = op
        if prev is None:
            self.first_op = op
        else:
            prev._next = op
        self._order_valid = False

    def insert_after(self, op, after) -> None:
        """Insert detached `op` after `after` (None: at the start)."""
        self.insert_before(op, after._next if after is not None else self.first_op)

    def _unlink(self, op) -> None:
        prev, nxt = op._prev, op._next
        if prev is None:
            self.first_op = nxt
        else:
            prev._next = nxt
        if nxt is None:
            self.last_op = prev
        else:
            nxt._prev = prev
        op._prev = op._next = None
        op.parent = None

    def recompute_order(self) -> None:
        i = 0
        op = self.first_op
        while op is not None:
            op._order = i
            i += 1
            op = op._next
        self._order_valid = True

    # --- structure -------------------------------------------------------------------------
    @property
    def parent_op(self):
        return self.parent.parent if self.parent is not None else None

    def is_entry_block(self) -> bool:
        return self.parent is not None and self.parent.blocks[0] is self

    @property
    def predecessors(self) -> Iterator[Block]:
        for use in self.uses:
            yield use.owner.parent

    @property
    def successors(self) -> list[Block]:
        term = self.last_op
        return [] if term is None else term.successors

    def erase(self) -> None:
        """Remove this block from its region and drop its operations."""
        for op in list(self.reversed_ops()):
            op.drop_all_references()
        for op in list(self.reversed_ops()):
            op.erase(check_uses=False)
        if self.parent is not None:
            self.parent.blocks.remove(self)
            self.parent = None

    def walk(self, fn) -> None:
        for op in self.ops:
            op.walk(fn)

    def __repr__(self) -> str:
        return f"<Block with {len(self.args)} args, {len(self)} ops>"


class Region:
    """An ordered list of blocks owned by an operation."""

    __slots__ = ("blocks", "parent")

    def __init__(self, blocks: Iterable[Block] = ()) -> None:
        self.blocks: list[Block] = []
        self.parent = None
        for b in blocks:
            self.add_block(b)

    def add_block(self, block: Block, index: int | None = None) -> Block:
        if block.parent is not None:
            raise ValueError("block is already in a region")
        block.parent = self
        if index is None:
            self.blocks.append(block)
        else:
            self.blocks.insert(index, block)
        return block

    @property
    def block(self) -> Block:
        """The single block of a single-block region."""
        if len(self.blocks) != 1:
            raise ValueError(f"region has {len(self.blocks)} blocks, expected one")
        return self.blocks[0]

    @property
    def entry_block(self) -> Block | None:
        return self.blocks[0] if self.blocks else None

    def is_empty(self) -> bool:
        return not self.blocks

    def walk(self, fn) -> None:
        for b in self.blocks:
            b.walk(fn)

    def take_body(self, other: Region) -> None:
        """Move all blocks of `other` to the end of this region."""
        for b in list(other.blocks):
            b.parent = None
            self.add_block(b)
        other.blocks.clear()

    def is_ancestor_of(self, region: Region | None) -> bool:
        """True if `region` is this region or nested inside it."""
        while region is not None:
            if region is self:
                return True
            op = region.parent
            block = op.parent if op is not None else None
            region = block.parent if block is not None else None
        return False

    def __repr__(self) -> str:
        return f"<Region with {len(self.blocks)} blocks>"
