"""SSA values and their use lists.

Each use is an `OpOperand` (or a `BlockOperand` for successors) threaded on an intrusive
doubly linked list that starts at its value, as in MLIR: adding, removing and retargeting a
use is O(1) with no container per value. Hot path: plain `__slots__` attribute access only.
"""

from __future__ import annotations

from collections.abc import Iterator


class Usable:
    """Something with a use list: a value or a block (as successor)."""

    __slots__ = ("_first_use",)

    @property
    def uses(self) -> Iterator[Use]:
        use = self._first_use
        while use is not None:
            nxt = use._next  # allows erasing the current use while iterating
            yield use
            use = nxt

    def has_uses(self) -> bool:
        return self._first_use is not None

    def has_one_use(self) -> bool:
        use = self._first_use
        return use is not None and use._next is None

    @property
    def users(self) -> Iterator:
        """The operations using this value (once per use, as MLIR's `getUsers`)."""
        for use in self.uses:
            yield use.owner

    def replace_all_uses_with(self, new: Usable) -> None:
        """Point every use of this value at `new` (MLIR `replaceAllUsesWith`)."""
        if new is self:
            return
        use = self._first_use
        while use is not None:
            nxt = use._next
            use.set(new)
            use = nxt


class Use:
    """One use of a `Usable` by an operation, at position `index` of its operand list."""

    __slots__ = ("owner", "index", "value", "_prev", "_next")

    def __init__(self, owner, index: int, value: Usable) -> None:
        self.owner = owner
        self.index = index
        self.value = value
        self._prev = None
        nxt = value._first_use
        self._next = nxt
        if nxt is not None:
            nxt._prev = self
        value._first_use = self

    def unlink(self) -> None:
        """Remove this use from its value's use list; a use already unlinked stays so."""
        prev, nxt = self._prev, self._next
        if prev is None:
            if self.value._first_use is not self:
                return
            self.value._first_use = nxt
        else:
            prev._next = nxt
        if nxt is not None:
            nxt._prev = prev
        self._prev = self._next = None

    def set(self, value: Usable) -> None:
        """Retarget this use to `value`."""
        self.unlink()
        self.value = value
        nxt = value._first_use
        self._next = nxt
        if nxt is not None:
            nxt._prev = self
        value._first_use = self

    def __repr__(self) -> str:
        return f"<use #{self.index} of {self.value!r} by {self.owner.name}>"


class OpOperand(Use):
    """A use of a value as an operation operand."""

    __slots__ = ()


class BlockOperand(Use):
    """A use of a block as an operation successor."""

    __slots__ = ()

    @property
    def block(self):
        return self.value


class Value(Usable):
    """An SSA value: an operation result or a block argument."""

    __slots__ = ("type", "name_hint")

    def __init__(self, type) -> None:
        self.type = type
        self._first_use = None
        self.name_hint = None

    @property
    def owner(self):
        raise NotImplementedError

    def parent_block(self):
        raise NotImplementedError


class OpResult(Value):
    """Result number `index` of operation `op`."""

    __slots__ = ("op", "index")

    def __init__(self, type, op, index: int) -> None:
        self.type = type
        self._first_use = None
        self.name_hint = None
        self.op = op
        self.index = index

    @property
    def owner(self):
        return self.op

    def parent_block(self):
        return self.op.parent

    def __repr__(self) -> str:
        return f"<OpResult #{self.index} of {self.op.name} : {self.type!r}>"


class BlockArgument(Value):
    """Argument number `index` of block `block`, with its own location."""

    __slots__ = ("block", "index", "location")

    def __init__(self, type, block, index: int, location=None) -> None:
        self.type = type
        self._first_use = None
        self.name_hint = None
        self.block = block
        self.index = index
        self.location = location

    @property
    def owner(self):
        return self.block

    def parent_block(self):
        return self.block

    def __repr__(self) -> str:
        return f"<BlockArgument #{self.index} : {self.type!r}>"
