"""The undo log of dialect conversion: the value mapping and the recorded IR changes, as
MLIR's `ConversionValueMapping` and `IRRewrite`s.

Each change a `ConversionPatternRewriter` makes is recorded as an `IRRewrite` holding what it
takes to undo it (`rollback`) and, for deferred changes, to finish it once the conversion has
succeeded (`commit`, then `cleanup`). Replacements live in a `ValueMapping` until commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlc.ir.block import Block, Region
from mlc.ir.operation import Operation
from mlc.ir.values import Value

if TYPE_CHECKING:
    from mlc.ir.rewrite.conversion_rewriter import ConversionPatternRewriter


def has_types(values: Sequence[Value], types: Sequence) -> bool:
    if len(values) != len(types):
        return False
    for value, type_ in zip(values, types):
        if value.type is not type_ and value.type != type_:
            return False
    return True


class ValueMapping:
    """Original values to the values replacing them, one or several each, as MLIR's
    `ConversionValueMapping`; lookups follow chains of replacements. It also counts how often
    each value is itself a replacement, which commit needs to keep such values alive."""

    __slots__ = ("_map", "_targets")

    def __init__(self) -> None:
        self._map: dict[Value, tuple[Value, ...]] = {}
        self._targets: dict[Value, int] = {}

    def map(self, key: Value, values: tuple[Value, ...]) -> tuple[Value, ...] | None:
        """Map `key` to `values`; returns the mapping it overrides, for `restore`."""
        mapping = self._map
        stack, seen = list(values), set()
        while stack:  # a cycle would make every lookup loop forever
            value = stack.pop()
            if value is key:
                raise ValueError(f"replacing {key!r} by a value derived from itself")
            replacement = mapping.get(value)
            if replacement is not None and value not in seen:
                seen.add(value)
                stack.extend(replacement)
        previous = mapping.get(key)
        mapping[key] = values
        self._count(values, 1)
        if previous is not None:
            self._count(previous, -1)
        return previous

    def restore(self, key: Value, previous: tuple[Value, ...] | None) -> None:
        """Undo a `map` of `key` that returned `previous`."""
        self._count(self._map.pop(key), -1)
        if previous is not None:
            self._map[key] = previous
            self._count(previous, 1)

    def _count(self, values: tuple[Value, ...], delta: int) -> None:
        targets = self._targets
        for value in values:
            count = targets.get(value, 0) + delta
            if count:
                targets[value] = count
            else:
                del targets[value]

    def is_mapped_to(self, value: Value) -> bool:
        return value in self._targets

    def inverse(self) -> dict[Value, list[Value]]:
        """Each replacement value to the values it replaces."""
        out: dict[Value, list[Value]] = {}
        for key, values in self._map.items():
            for value in values:
                out.setdefault(value, []).append(key)
        return out

    def lookup(self, value: Value, desired: tuple | None = None) -> tuple[Value, ...]:
        """The deepest replacements of `value` whose types are `desired`, else the leaf
        replacements (MLIR's `lookupOrDefault`); `(value,)` when it was not replaced. Hot
        path: an unreplaced value costs one dict lookup."""
        mapping = self._map
        nxt = mapping.get(value)
        if nxt is None:
            return (value,)
        found = (value,) if desired is not None and has_types((value,), desired) else None
        current = nxt
        while True:
            if desired is not None and has_types(current, desired):
                found = current
            expanded: list[Value] = []
            changed = False
            for v in current:
                replacement = mapping.get(v)
                if replacement is None:
                    expanded.append(v)
                else:
                    expanded.extend(replacement)
                    changed = True
            if not changed:
                return found if found is not None else current
            current = tuple(expanded)


def destroy(op: Operation) -> None:
    """Erase `op` and everything nested in it, innermost first so nothing recurses."""
    if not op.regions:
        op.erase(check_uses=False)
        return
    nested = list(op.iter_nested())
    nested.reverse()
    for inner in nested:
        inner.erase(check_uses=False)
    op.erase(check_uses=False)


def insert_block(region: Region, block: Block, before: Block | None) -> None:
    region.add_block(block, None if before is None else region.blocks.index(before))


class IRRewrite:
    """One recorded change (MLIR's `IRRewrite`): `rollback` undoes it; on success `commit`
    finishes deferred work and `cleanup` then erases what is dead."""

    __slots__ = ()

    def rollback(self, rewriter: ConversionPatternRewriter) -> None:
        raise NotImplementedError

    def commit(self, rewriter: ConversionPatternRewriter) -> None:
        """Deferred work, run in log order once the conversion has succeeded."""

    def cleanup(self) -> None:
        """Erase what the commit left dead."""


class CreateOperationRewrite(IRRewrite):
    __slots__ = ("op",)

    def __init__(self, op: Operation) -> None:
        self.op = op

    def rollback(self, rewriter) -> None:
        destroy(self.op)


class MoveOperationRewrite(IRRewrite):
    """`op` was moved; it was in `block` before `before` (None: at the end)."""

    __slots__ = ("op", "block", "before")

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.block = op.parent
        self.before = op.next_op

    def rollback(self, rewriter) -> None:
        self.op.detach()
        self.block.insert_before(self.op, self.before)


class ModifyOperationRewrite(IRRewrite):
    """`op` was changed in place; this is its state before."""

    __slots__ = ("op", "operands", "successors", "result_types", "properties", "attributes",
                 "location")  # fmt: skip

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.operands = op.operands
        self.successors = op.successors
        self.result_types = [r.type for r in op.results]
        self.properties = dict(op.properties)
        self.attributes = dict(op.attributes)
        self.location = op.location

    def rollback(self, rewriter) -> None:
        op = self.op
        if op.operands != self.operands:  # Values compare by identity
            op.set_operands(self.operands)
        for i, block in enumerate(self.successors):
            if op.successors[i] is not block:
                op.set_successor(i, block)
        for result, type_ in zip(op.results, self.result_types):
            result.type = type_
        op.properties.clear()
        op.properties.update(self.properties)
        op.attributes.clear()
        op.attributes.update(self.attributes)
        op.location = self.location


class ReplaceOperationRewrite(IRRewrite):
    """`op` was replaced (its results mapped) or erased (`erased`: not mapped); `dead` are
    the ops this marked dead, `previous` the mappings of its results it overrode."""

    __slots__ = ("op", "erased", "previous", "dead", "converter")

    def __init__(self, op, erased: bool, previous: list, dead: list, converter) -> None:
        self.op = op
        self.erased = erased
        self.previous = previous
        self.dead = dead
        self.converter = converter

    def rollback(self, rewriter) -> None:
        for result, previous in zip(self.op.results, self.previous):
            rewriter.mapping.restore(result, previous)
        rewriter.replaced.difference_update(self.dead)

    def commit(self, rewriter) -> None:
        for result in self.op.results:
            replacement = rewriter.replacement_for(result, self.converter)
            if replacement is not None:
                result.replace_all_uses_with(replacement)
        self.op.detach()

    def cleanup(self) -> None:
        destroy(self.op)


class ReplaceValueRewrite(IRRewrite):
    """The uses of `value` go to its replacement at commit; `key` is the value whose mapping
    was set (MLIR's `ReplaceBlockArgRewrite`, for op results too)."""

    __slots__ = ("value", "key", "previous", "converter")

    def __init__(self, value: Value, key: Value, previous, converter) -> None:
        self.value = value
        self.key = key
        self.previous = previous
        self.converter = converter

    def rollback(self, rewriter) -> None:
        rewriter.mapping.restore(self.key, self.previous)

    def commit(self, rewriter) -> None:
        replacement = rewriter.replacement_for(self.value, self.converter)
        if replacement is not None:
            self.value.replace_all_uses_with(replacement)


class CreateBlockRewrite(IRRewrite):
    __slots__ = ("block",)

    def __init__(self, block: Block) -> None:
        self.block = block

    def rollback(self, rewriter) -> None:
        self.block.parent.blocks.remove(self.block)
        self.block.parent = None


class EraseBlockRewrite(IRRewrite):
    """`block` was unlinked from `region`, where it stood before `before`. Its ops were
    erased one by one, so it is empty by commit and needs no cleanup."""

    __slots__ = ("block", "region", "before")

    def __init__(self, block: Block, region: Region, before: Block | None) -> None:
        self.block = block
        self.region = region
        self.before = before

    def rollback(self, rewriter) -> None:
        insert_block(self.region, self.block, self.before)


class MoveBlockRewrite(EraseBlockRewrite):
    """`block` was moved out of `region`, where it stood before `before`."""

    __slots__ = ()

    def rollback(self, rewriter) -> None:
        self.block.parent.blocks.remove(self.block)
        self.block.parent = None
        super().rollback(rewriter)


class InlineBlockRewrite(IRRewrite):
    """The ops `first`..`last` of `source` were moved, in order, into another block."""

    __slots__ = ("source", "first", "last")

    def __init__(self, source: Block) -> None:
        self.source = source
        self.first = source.first_op
        self.last = source.last_op

    def rollback(self, rewriter) -> None:
        moved = [self.first]
        while moved[-1] is not self.last:
            moved.append(moved[-1].next_op)
        anchor = self.source.first_op
        for op in moved:
            op.detach()
            self.source.insert_before(op, anchor)


class BlockTypeConversionRewrite(IRRewrite):
    """The branches to `block` were redirected to `new_block`, its converted copy."""

    __slots__ = ("block", "new_block")

    def __init__(self, block: Block, new_block: Block) -> None:
        self.block = block
        self.new_block = new_block

    def rollback(self, rewriter) -> None:
        self.new_block.replace_all_uses_with(self.block)


class UnresolvedMaterializationRewrite(IRRewrite):
    """The conversion inserted `cast`, an `unrealized_conversion_cast`; `key`, if any, is the
    value mapped to its results."""

    __slots__ = ("cast", "key", "previous")

    def __init__(self, cast: Operation, key: Value | None, previous) -> None:
        self.cast = cast
        self.key = key
        self.previous = previous

    def rollback(self, rewriter) -> None:
        if self.key is not None:
            rewriter.mapping.restore(self.key, self.previous)
        del rewriter.materializations[self.cast]
        self.cast.erase()


class IgnoreOperationsRewrite(IRRewrite):
    """`ops`, nested in a recursively legal op, were excluded from conversion."""

    __slots__ = ("ops",)

    def __init__(self, ops: list[Operation]) -> None:
        self.ops = ops

    def rollback(self, rewriter) -> None:
        rewriter.ignored.difference_update(self.ops)
