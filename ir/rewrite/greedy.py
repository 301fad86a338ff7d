"""The greedy pattern rewrite driver, as MLIR's `GreedyPatternRewriteDriver`
(`applyPatternsAndFoldGreedily`).

Each iteration fills a worklist with every op nested in the root (not the root itself) and
processes it: a trivially dead op is erased; else it is folded (its `fold` hook; attribute
results become constants of its dialect right before it); else the best matching pattern by
benefit rewrites it. Every change reported by the rewriter puts
the affected ops back on the worklist: new and moved ops, users of replaced values, modified
ops, and the defining ops of an erased op's operands. Iterations repeat until one changes
nothing (converged) or `max_iterations` is reached; `max_rewrites` bounds pattern applications
per iteration, against patterns that keep rewriting the op they just changed. After each
iteration the root's regions are simplified (`region_simplify.py`): unreachable blocks and
dead ops go. Constants are uniqued and hoisted (`OperationFolder`) while filling the
worklist, as MLIR's `cseConstants`, so constants made by folding are merged and moved to the
top in the next iteration, in mlir-opt's order. Traversal is iterative: deep IR is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mlc.ir.attributes import Attribute
from mlc.ir.builder import InsertionPoint
from mlc.ir.effects import removable_by_class, would_be_trivially_dead
from mlc.ir.operation import Operation, UnregisteredOp, ops_in
from mlc.ir.rewrite.folding import (
    OperationFolder,
    constant_value,
    dialect_of,
    folded_in_place,
    materialize_constant,
    operand_constants,
)
from mlc.ir.rewrite.pattern import (
    FunctionPattern,
    PatternRewriter,
    PatternSet,
    RewriteListener,
    RewritePattern,
)
from mlc.ir.rewrite.region_simplify import simplify_regions
from mlc.ir.traits import ConstantLike
from mlc.ir.values import OpResult, Value

_Kind = tuple[Callable | None, list[Callable[[Operation, PatternRewriter], object]], bool | None]


class GreedyRewriteResult:
    """Outcome of `apply_patterns_greedily`: `converged` is False when `max_iterations` ran
    out while the IR was still changing (MLIR's `LogicalResult` plus its `changed` flag)."""

    __slots__ = ("converged", "iterations", "changed")

    def __init__(self, converged: bool, iterations: int, changed: bool) -> None:
        self.converged = converged
        self.iterations = iterations
        self.changed = changed

    def __repr__(self) -> str:
        return (
            f"GreedyRewriteResult(converged={self.converged}, iterations={self.iterations}, "
            f"changed={self.changed})"
        )


class Worklist:
    """A LIFO of ops without duplicates; removal is O(1) by leaving a hole (MLIR's
    `Worklist`). Hot path: one list and one dict, which the driver's loop reads directly."""

    __slots__ = ("_ops", "_index")

    def __init__(self) -> None:
        self._ops: list[Operation | None] = []
        self._index: dict[Operation, int] = {}

    def push(self, op: Operation) -> None:
        if op not in self._index:
            self._index[op] = len(self._ops)
            self._ops.append(op)

    def pop(self) -> Operation | None:
        """The most recently pushed op still queued, or None when empty."""
        ops, index = self._ops, self._index
        while ops:
            op = ops.pop()
            if op is not None:
                del index[op]
                return op
        return None

    def remove(self, op: Operation) -> None:
        i = self._index.pop(op, None)
        if i is not None:
            self._ops[i] = None


class GreedyRewriteDriver(RewriteListener):
    """Applies patterns and folds to the ops nested in `root` until a fixed point. It is the
    rewriter's listener, and forwards every event to `listener` when one is given."""

    def __init__(
        self,
        root: Operation,
        patterns: PatternSet | Iterable[RewritePattern],
        max_iterations: int = 10,
        fold: bool = True,
        cse_constants: bool = True,
        top_down: bool = False,
        listener: RewriteListener | None = None,
        max_rewrites: int | None = None,
        region_simplify: str = "aggressive",
    ) -> None:
        if region_simplify not in ("disabled", "normal", "aggressive"):
            raise ValueError(
                f"region simplification level '{region_simplify}' is not one of disabled, "
                "normal, aggressive"
            )
        self.root = root
        self.patterns = patterns if isinstance(patterns, PatternSet) else PatternSet(patterns)
        self.max_iterations = max_iterations
        self.max_rewrites = max_rewrites
        self.rewrites_left = max_rewrites
        self.region_simplify = region_simplify != "disabled"
        self.merge_blocks = region_simplify == "aggressive"
        self.fold = fold
        self.cse_constants = cse_constants
        self.top_down = top_down
        self.listener = listener if listener is not None else RewriteListener()
        self._forward = listener  # None: no listener to tell (skips a call per event)
        self.rewriter = PatternRewriter(self)
        self.folder = OperationFolder(self.rewriter, root)
        self.worklist = Worklist()
        self._kinds: dict[type | str, _Kind] = {}

    # --- driver ----------------------------------------------------------------------------
    def run(self) -> GreedyRewriteResult:
        """Iterate to a fixed point or the iteration limit."""
        changed = False
        iterations = 0
        keep_going = True
        simplified = True  # whether the last region simplification changed anything
        while keep_going and iterations < self.max_iterations:
            iterations += 1
            self.rewrites_left = self.max_rewrites
            constants_moved = self._populate()
            keep_going = self._process()
            if self.region_simplify:
                # After an iteration that changed nothing but where constants sit (MLIR does
                # not count that), the simplification that found nothing last time would find
                # no unreachable block or dead value again: neither depends on where a
                # constant is. Only block merging may see blocks made equal.
                erase_dead = keep_going or simplified
                if erase_dead or (constants_moved and self.merge_blocks):
                    simplified = simplify_regions(self.rewriter, self.root.regions,
                                                  self.merge_blocks, erase_dead)  # fmt: skip
                    keep_going |= simplified
            changed |= keep_going
        return GreedyRewriteResult(not keep_going, iterations, changed)

    def _populate(self) -> bool:
        """Queue every nested op so that they pop in MLIR's order: bottom-up (post-order,
        popped from the back) by default, or top-down (pre-order, in order). Constants are
        uniqued first, in program order, so the first copy survives; whether that changed
        the IR."""
        ops = _pre_order(self.root) if self.top_down else _post_order(self.root)
        moved = False
        if self.cse_constants:
            for op in ops:
                value = constant_value(op)  # None unless `op` is ConstantLike
                if value is not None and self.folder.insert_known_constant(op, value):
                    moved = True
        if self.top_down:
            ops.reverse()
        queue, index = self.worklist._ops, self.worklist._index  # Worklist.push, inlined
        for op in ops:
            if op.parent is not None and op not in index:  # not erased by constant uniquing
                index[op] = len(queue)
                queue.append(op)
        return moved

    def _process(self) -> bool:
        # Hot path: one loop turn per queued op, with what its class needs looked up once
        # (keyed by class; by name for unregistered ops), the worklist popped in place and
        # `is_trivially_dead` spelled out.
        changed = False
        rewriter, kinds = self.rewriter, self._kinds
        queue, index = self.worklist._ops, self.worklist._index
        while self.rewrites_left != 0:
            op = None
            while queue:
                op = queue.pop()
                if op is not None:
                    del index[op]
                    break
            if op is None:
                break
            cls = type(op)
            key = cls if cls is not UnregisteredOp else op.name
            kind = kinds.get(key)
            if kind is None:
                kind = kinds[key] = self._kind_of(op)
            fold, attempts, removable = kind
            if removable is not False:
                for result in op.results:
                    if result._first_use is not None:
                        break
                else:
                    if removable or would_be_trivially_dead(op):
                        if op.regions:
                            rewriter.erase_op(op)
                        else:  # `erase_op` without its checks: the uses were just checked
                            self.on_op_erased(op)
                            op.erase(check_uses=False)
                        changed = True
                        continue
            if fold is not None and self._fold(op, fold):
                changed = True
                continue
            if not attempts:
                continue
            before_op = InsertionPoint(op.parent, op)  # immutable: shared by the attempts
            for attempt in attempts:
                rewriter.insertion_point = before_op
                if attempt(op, rewriter):
                    changed = True
                    if self.rewrites_left is not None:
                        self.rewrites_left -= 1
                    break
        return changed

    def _kind_of(self, op: Operation) -> _Kind:
        """What the driver does with ops of `op`'s class and name: its fold hook (None when
        folding is off, it has none, or it is a constant: folding a constant would
        rematerialize it forever), its candidate patterns' `match_and_rewrite`, best first
        (a function pattern's function itself: one call less per attempt), and whether it is
        removable when unused (`would_be_trivially_dead` by class; None: ask the op)."""
        fold = getattr(type(op), "fold", None)
        if not self.fold or op.has_trait(ConstantLike):
            fold = None
        attempts = [
            p.fn if type(p).match_and_rewrite is FunctionPattern.match_and_rewrite
            else p.match_and_rewrite
            for p in self.patterns.patterns_for(op)
        ]  # fmt: skip
        return fold, attempts, removable_by_class(type(op))

    def _fold(self, op: Operation, fold: Callable) -> bool:
        """Fold `op` with its `fold` hook (called as `fold(op, operand_constants)`),
        materializing attribute results as constants right before it with its location
        (MLIR 19's driver; the next iteration's constant uniquing hoists and merges them).
        True when the IR changed."""
        folded = fold(op, operand_constants(op))
        if folded is None:
            return False
        results = op.results
        if len(folded) != len(results):
            raise ValueError(f"'{op.name}' folded to {len(folded)} values for {len(results)}")
        if folded_in_place(op, folded):
            self.on_op_modified(op)
            return True
        rewriter = self.rewriter
        rewriter.insertion_point = InsertionPoint.before(op)
        values, created = [], []
        for item, result in zip(folded, results):
            if not isinstance(item, Attribute):
                values.append(item)
                continue
            const = materialize_constant(dialect_of(op), item, result.type, op.location)
            if const is None:
                for new in created:  # nothing uses them yet
                    rewriter.erase_op(new)
                return False
            rewriter.insert(const)
            created.append(const)
            values.append(const.results[0])
        rewriter.replace_op(op, values)
        return True

    def add_to_worklist(self, op: Operation) -> None:
        """Queue `op` and its ancestors below the root; ops outside the root (or detached,
        being erased) are ignored, as MLIR's `addToWorklist` with its scope. Hot path:
        every change queues ops through here."""
        root = self.root
        chain = None
        while True:
            block = op.parent
            region = block.parent if block is not None else None
            if region is None:
                return
            parent = region.parent
            if parent is root or parent is None:
                break
            if chain is None:
                chain = [op]
            else:
                chain.append(op)
            op = parent
        if parent is None:
            return
        worklist = self.worklist
        queue, index = worklist._ops, worklist._index
        for o in (op,) if chain is None else (*chain, op):
            if o not in index:
                index[o] = len(queue)
                queue.append(o)

    # --- listener ------------------------------------------------------------------------
    def on_op_inserted(self, op: Operation) -> None:
        if self._forward is not None:
            self._forward.on_op_inserted(op)
        self.add_to_worklist(op)

    def on_op_modified(self, op: Operation) -> None:
        if self._forward is not None:
            self._forward.on_op_modified(op)
        self.add_to_worklist(op)

    def on_op_replaced(self, op: Operation, new_values: Sequence[Value]) -> None:
        # The users are queued as the replacement modifies them, in use order (MLIR's).
        if self._forward is not None:
            self._forward.on_op_replaced(op, new_values)

    def on_op_erased(self, op: Operation) -> None:
        """Revisit the producers of `op`'s operands that no more than one other op uses:
        they may now be dead or foldable (MLIR's `addOperandsToWorklist`); forget `op`."""
        if self._forward is not None:
            self._forward.on_op_erased(op)
        for operand in op._operands:
            value = operand.value
            if type(value) is not OpResult:
                continue
            other = None
            use = value._first_use  # hot path: walk the intrusive use list directly
            while use is not None:
                user = use.owner
                if user is not op and user is not other:
                    if other is not None:
                        break  # a second other user
                    other = user
                use = use._next
            else:
                self.add_to_worklist(value.op)
        i = self.worklist._index.pop(op, None)  # Worklist.remove, inlined
        if i is not None:
            self.worklist._ops[i] = None
        if op in self.folder._keys:  # a constant the folder owns (few ops are)
            self.folder.notify_removal(op)


def _pre_order(root: Operation) -> list[Operation]:
    """The ops nested in `root` in pre-order (`iter_nested`'s order), without recursion.
    Hot path: follows the blocks' linked lists, no generator per block."""
    out: list[Operation] = []
    append = out.append
    # Ops to resume at, last first: a block's first op, or the op after one with regions.
    stack = [b.first_op for r in reversed(root.regions) for b in reversed(r.blocks)]
    while stack:
        op = stack.pop()
        while op is not None:
            append(op)
            if op.regions:
                stack.append(op._next)
                stack += [b.first_op for r in reversed(op.regions) for b in reversed(r.blocks)]
                break
            op = op._next
    return out


def _post_order(root: Operation) -> list[Operation]:
    """The ops nested in `root`, each after its nested ops, without recursion."""
    out: list[Operation] = []
    stack: list[tuple[Operation | None, Iterable]] = [(None, ops_in(root))]
    while stack:
        owner, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if owner is not None:
                out.append(owner)
        elif child.regions:
            stack.append((child, ops_in(child)))
        else:
            out.append(child)
    return out


def apply_patterns_greedily(
    root: Operation, patterns: PatternSet | Iterable[RewritePattern], **options
) -> GreedyRewriteResult:
    """Rewrite the ops nested in `root` with `patterns` and fold hooks until nothing changes
    (MLIR's `applyPatternsAndFoldGreedily`). `options` are `GreedyRewriteDriver`'s, whose
    defaults follow `GreedyRewriteConfig`: bottom-up traversal, 10 iterations, no rewrite
    limit, folding and constant CSE on, region simplification "aggressive" (with block
    merging; `canonicalize` asks for "normal", its own default in MLIR 19)."""
    return GreedyRewriteDriver(root, patterns, **options).run()
