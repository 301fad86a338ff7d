"""Rewrite patterns and the rewriter every IR change goes through.

A `RewritePattern` matches a root op (by class, by name, or any op) and rewrites it through a
`PatternRewriter`, as MLIR's `RewritePattern::matchAndRewrite`. The rewriter reports each
change to a `RewriteListener`, which is how drivers (the greedy driver, dialect conversion)
learn what to revisit or undo. Patterns are data: `PatternSet` indexes a list of them by root
and orders them by benefit, as MLIR's `FrozenRewritePatternSet` + `PatternApplicator`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.operation import Operation
from mlc.ir.values import Value


class RewritePattern:
    """Rewrites ops matching `root`: an op class (subclasses match too), an op name, or None
    for any op. Higher `benefit` is tried first. Subclasses implement `match_and_rewrite`."""

    root: type | str | None = None
    benefit: int = 1
    # The pattern may apply again to the ops it creates, as it ends by itself (MLIR's
    # `setHasBoundedRewriteRecursion`); the conversion driver otherwise stops such cycles.
    has_bounded_rewrite_recursion: bool = False

    def __init__(self, root: type | str | None = None, benefit: int | None = None) -> None:
        if root is not None:
            self.root = root
        if benefit is not None:
            self.benefit = benefit

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> bool:
        """Rewrite `op` through `rewriter` and return True, or return False without
        touching the IR (MLIR's `success()` / `failure()`)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        root = getattr(self.root, "__name__", self.root)
        return f"<{type(self).__name__} on {root or 'any op'} benefit={self.benefit}>"


class FunctionPattern(RewritePattern):
    """A pattern whose body is a plain function `fn(op, rewriter) -> bool`."""

    def __init__(self, fn: Callable, root: type | str | None, benefit: int) -> None:
        super().__init__(root, benefit)
        self.fn = fn

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> bool:
        return bool(self.fn(op, rewriter))

    def __repr__(self) -> str:
        return f"<pattern {self.fn.__name__} benefit={self.benefit}>"


def pattern(root: type | str | None = None, benefit: int = 1):
    """Decorator turning `fn(op, rewriter) -> bool` into a `RewritePattern`, so that rules
    read as data (tinygrad's `PatternMatcher` style): `@pattern(AddOp)`."""

    def wrap(fn: Callable) -> FunctionPattern:
        return FunctionPattern(fn, root, benefit)

    return wrap


class PatternSet:
    """Patterns indexed by root, each op's candidates sorted by decreasing benefit (stable:
    ties keep list order), as MLIR's `PatternApplicator`. Lookups are cached per op class."""

    def __init__(self, patterns: Iterable[RewritePattern]) -> None:
        self.patterns = list(patterns)
        self._cache: dict[tuple[type, str], list[RewritePattern]] = {}

    def patterns_for(self, op: Operation) -> list[RewritePattern]:
        """The patterns that may match `op`, best first."""
        key = (type(op), op.name)
        found = self._cache.get(key)
        if found is None:
            found = [p for p in self.patterns if _matches_root(p.root, op)]
            found.sort(key=lambda p: -p.benefit)
            self._cache[key] = found
        return found

    def __len__(self) -> int:
        return len(self.patterns)


def _matches_root(root, op: Operation) -> bool:
    if root is None:
        return True
    if isinstance(root, str):
        return op.name == root
    return isinstance(op, root)


class RewriteListener:
    """Hooks called on every change made through a `PatternRewriter` (MLIR's
    `RewriterBase::Listener`). The defaults ignore the event."""

    def on_op_inserted(self, op: Operation) -> None:
        """`op` was created or moved to a new position."""

    def on_op_replaced(self, op: Operation, new_values: Sequence[Value]) -> None:
        """`op`'s results are about to be replaced by `new_values` (then `op` is erased)."""

    def on_op_erased(self, op: Operation) -> None:
        """`op` is about to be erased; its operands are still linked."""

    def on_op_modified(self, op: Operation) -> None:
        """`op` was changed in place (operands, attributes, properties, regions)."""


class PatternRewriter(Builder):
    """A `Builder` that reports every change to its listener. Patterns must change the IR
    only through it, as with MLIR's `PatternRewriter`, or drivers lose track of the IR."""

    def __init__(
        self,
        listener: RewriteListener | None = None,
        insertion_point: InsertionPoint | None = None,
        location=None,
    ) -> None:
        super().__init__(insertion_point, location)
        self.listener = listener if listener is not None else RewriteListener()

    # --- creation ------------------------------------------------------------------------
    def insert(self, op: Operation) -> Operation:
        """Insert a detached op at the insertion point and report it."""
        super().insert(op)
        self.listener.on_op_inserted(op)
        return op

    def set_insertion_point_before(self, op: Operation) -> None:
        self.insertion_point = InsertionPoint.before(op)

    def set_insertion_point_after(self, op: Operation) -> None:
        self.insertion_point = InsertionPoint.after(op)

    # --- replacement and erasure ---------------------------------------------------------
    def replace_all_uses_with(self, old: Value, new: Value) -> None:
        """Point every use of `old` at `new`, reporting each user as modified (MLIR's
        `RewriterBase::replaceAllUsesWith`)."""
        if new is old:
            return
        for use in list(old.uses):
            use.set(new)
            self.listener.on_op_modified(use.owner)

    def replace_op(self, op: Operation, new: Operation | Sequence[Value]) -> None:
        """Replace `op`'s results by `new` (an op's results, or values) and erase `op`."""
        values = new.results if isinstance(new, Operation) else list(new)
        if len(values) != len(op.results):
            raise ValueError(
                f"replacing '{op.name}' with {len(values)} values for {len(op.results)} results"
            )
        self.listener.on_op_replaced(op, values)
        for result, value in zip(op.results, values):
            self.replace_all_uses_with(result, value)
        self.erase_op(op)

    def erase_op(self, op: Operation) -> None:
        """Erase `op` and everything nested in it; its results must be unused. Nested ops go
        first, later ops before earlier ones (MLIR's `RewriterBase::eraseOp`), each reported
        just before it goes. Iterative: deep nesting does not recurse."""
        for result in op.results:
            if result._first_use is not None:  # hot path: `has_uses` without the call
                raise ValueError(f"cannot erase '{op.name}': result #{result.index} has uses")
        if op.regions:
            doomed = list(op.iter_nested())
            doomed.reverse()
            doomed.append(op)
        else:
            doomed = (op,)
        for o in doomed:  # children were erased first, so `erase` never descends
            self.listener.on_op_erased(o)
            o.erase(check_uses=False)

    def erase_block(self, block: Block) -> None:
        """Erase `block` and its ops, each reported as erased, nested ops and later ops
        first (MLIR's `eraseBlock`). Remaining uses of the block and of the values it
        defines are dropped: the caller knows they are dead (an unreachable block, say)."""
        doomed = [o for op in block.ops for o in (op, *op.iter_nested())]
        for op in reversed(doomed):
            self.listener.on_op_erased(op)
        for usable in (block, *block.args, *(r for op in doomed for r in op.results)):
            for use in list(usable.uses):
                use.unlink()
        block.erase()

    # --- moving and inlining ---------------------------------------------------------------
    def move_op_before(self, op: Operation, before: Operation) -> None:
        op.move_before(before)
        self.listener.on_op_inserted(op)

    def move_op_after(self, op: Operation, after: Operation) -> None:
        op.move_after(after)
        self.listener.on_op_inserted(op)

    def inline_block_before(
        self,
        source: Block,
        dest: Operation | InsertionPoint,
        arg_values: Sequence[Value] = (),
    ) -> None:
        """Move the ops of `source` before `dest` (an op, or an insertion point), replacing
        its arguments by `arg_values`, then erase the empty block (MLIR's
        `inlineBlockBefore`). `source` must have no predecessors."""
        if len(arg_values) != len(source.args):
            raise ValueError(
                f"inlining a block of {len(source.args)} arguments with {len(arg_values)} values"
            )
        if source.has_uses():
            raise ValueError("cannot inline a block that still has predecessors")
        point = dest if isinstance(dest, InsertionPoint) else InsertionPoint.before(dest)
        for arg, value in zip(source.args, arg_values):
            self.replace_all_uses_with(arg, value)
        for op in list(source.ops):
            op.detach()
            point.insert(op)
            self.listener.on_op_inserted(op)
        if source.parent is not None:
            source.parent.blocks.remove(source)
            source.parent = None

    def inline_region_before(self, region: Region, parent: Region, before: Block | None = None):
        """Move every block of `region` into `parent` before `before` (None: at the end),
        as MLIR's `inlineRegionBefore`; the moved ops are reported as inserted."""
        index = len(parent.blocks) if before is None else parent.blocks.index(before)
        moved = list(region.blocks)
        region.blocks.clear()
        for offset, block in enumerate(moved):
            block.parent = None
            parent.add_block(block, index + offset)
        for block in moved:
            for op in block.ops:
                self.listener.on_op_inserted(op)

    # --- in-place modification ------------------------------------------------------------
    def modify_op_in_place(self, op: Operation, fn: Callable[[], object]) -> None:
        """Run `fn`, which changes `op` in place, then report `op` modified (MLIR's
        `modifyOpInPlace`)."""
        fn()
        self.listener.on_op_modified(op)
