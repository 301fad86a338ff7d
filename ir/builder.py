"""Builder and insertion points: where new ops go, as MLIR's `OpBuilder`.

b = Builder.at_end(func.entry_block)
x = b.create(AddIOp, a, a).result
with b.at(InsertionPoint.before(ret)):
    b.create(...)
"""

from __future__ import annotations

from contextlib import contextmanager

from mlc.ir.block import Block
from mlc.ir.location import UNKNOWN_LOC


class InsertionPoint:
    """A position in a block: before `op`, or at the end when `op` is None."""

    __slots__ = ("block", "op")

    def __init__(self, block: Block, op=None) -> None:
        self.block = block
        self.op = op

    @classmethod
    def at_end(cls, block: Block) -> InsertionPoint:
        return cls(block, None)

    @classmethod
    def at_start(cls, block: Block) -> InsertionPoint:
        return cls(block, block.first_op)

    @classmethod
    def before(cls, op) -> InsertionPoint:
        return cls(op.parent, op)

    @classmethod
    def after(cls, op) -> InsertionPoint:
        return cls(op.parent, op._next)

    def insert(self, op) -> None:
        self.block.insert_before(op, self.op)

    def __repr__(self) -> str:
        where = f"before {self.op.name}" if self.op is not None else "at end"
        return f"<InsertionPoint {where}>"


class Builder:
    """Creates ops at an insertion point, stamping a default location on those without one."""

    def __init__(self, insertion_point: InsertionPoint | None = None, location=None) -> None:
        self.insertion_point = insertion_point
        self.location = location

    @classmethod
    def at_end(cls, block: Block, location=None) -> Builder:
        return cls(InsertionPoint.at_end(block), location)

    @classmethod
    def before(cls, op, location=None) -> Builder:
        return cls(InsertionPoint.before(op), location)

    def insert(self, op):
        """Insert a detached op at the insertion point and return it."""
        if self.insertion_point is None:
            raise ValueError("builder has no insertion point")
        if self.location is not None and op.location == UNKNOWN_LOC:
            op.location = self.location
        self.insertion_point.insert(op)
        return op

    def create(self, op_class, *args, **kwargs):
        """Build `op_class(*args, **kwargs)` and insert it."""
        return self.insert(op_class(*args, **kwargs))

    @contextmanager
    def at(self, insertion_point: InsertionPoint):
        """Temporarily move the insertion point (MLIR's `InsertionGuard`)."""
        saved = self.insertion_point
        self.insertion_point = insertion_point
        try:
            yield self
        finally:
            self.insertion_point = saved
