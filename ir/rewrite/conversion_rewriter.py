"""The rewriter of dialect conversion, as MLIR's `ConversionPatternRewriter`.

Changes happen at two speeds. Creating, moving and inlining ops and blocks, and in-place
modifications, apply at once and are logged (`conversion_rewrites`) with what it takes to
undo them. Replacing and erasing are deferred, as in MLIR: `replace_op` maps the old results
to their replacements in a `ValueMapping` and marks the old op dead, but leaves it and its
uses in place. Patterns see remapped operands through the mapping; ops that are not
converted keep using the old values.

So a failed conversion undoes the log in reverse order and the IR is exactly as it was; no
erased op has to be rebuilt. A successful conversion commits the log: uses are redirected to
the final replacements (bridged by source materializations where the types differ), dead ops
and blocks are erased, and the `unrealized_conversion_cast`s the conversion inserted are
reconciled and handed to the type converter's materializations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mlc.ir.attributes import Attribute
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.location import UNKNOWN_LOC
from mlc.ir.operation import Operation
from mlc.ir.rewrite.conversion_rewrites import (
    BlockTypeConversionRewrite,
    CreateBlockRewrite,
    CreateOperationRewrite,
    EraseBlockRewrite,
    IgnoreOperationsRewrite,
    InlineBlockRewrite,
    IRRewrite,
    ModifyOperationRewrite,
    MoveBlockRewrite,
    MoveOperationRewrite,
    ReplaceOperationRewrite,
    ReplaceValueRewrite,
    UnresolvedMaterializationRewrite,
    ValueMapping,
    has_types,
    insert_block,
)
from mlc.ir.rewrite.folding import dialect_of, materialize_constant, operand_constants
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.rewrite.type_converter import (
    ARGUMENT,
    SOURCE,
    TARGET,
    SignatureConversion,
    TypeConverter,
)
from mlc.ir.traits import ConstantLike
from mlc.ir.values import BlockArgument, OpResult, Value


def _location_of(value: Value):
    if isinstance(value, OpResult):
        return value.op.location
    return value.location if value.location is not None else UNKNOWN_LOC


def _defined_later(a: Value, b: Value) -> bool:
    """Whether a point right after `a`'s definition is also after `b`'s."""
    block_a, block_b = a.parent_block(), b.parent_block()
    if block_a is block_b:
        if not isinstance(a, OpResult):
            return False
        return not isinstance(b, OpResult) or (a.op is not b.op and b.op.is_before_in_block(a.op))
    return block_b.parent is not None and block_b.parent.is_ancestor_of(block_a.parent)


def _block_after(block: Block) -> Block | None:
    blocks = block.parent.blocks
    index = blocks.index(block) + 1
    return blocks[index] if index < len(blocks) else None


def _point_after(values: Sequence[Value]) -> InsertionPoint:
    """The point right after the last definition among `values`, where all of them can be
    used (MLIR's `computeInsertPoint`)."""
    last = values[0]
    for value in values[1:]:
        if _defined_later(value, last):
            last = value
    if isinstance(last, OpResult):
        return InsertionPoint.after(last.op)
    return InsertionPoint.at_start(last.block)


class ConversionPatternRewriter(PatternRewriter):
    """The rewriter conversion patterns work through (MLIR's `ConversionPatternRewriter`).
    Every change is logged so that a failed pattern, or a failed conversion, can be undone;
    replacement and erasure take effect when the conversion commits."""

    def __init__(self) -> None:
        super().__init__()
        self.rewrites: list[IRRewrite] = []
        self.mapping = ValueMapping()
        self.replaced: set[Operation] = set()  # replaced or erased ops and the ops inside
        self.ignored: set[Operation] = set()  # ops inside recursively legal ops
        # unrealized casts inserted by the conversion -> (materialization kind, converter)
        self.materializations: dict[Operation, tuple[str, TypeConverter | None]] = {}
        self.current_converter: TypeConverter | None = None  # the running pattern's

    # --- creation ------------------------------------------------------------------------
    def insert(self, op: Operation) -> Operation:
        Builder.insert(self, op)
        self.rewrites.append(CreateOperationRewrite(op))
        return op

    def create_block(
        self, region: Region, before: Block | None = None, arg_types=(), arg_locs=None
    ) -> Block:
        """A new block in `region` before `before` (None: at the end); the insertion point
        moves to its end, as MLIR's `createBlock`."""
        block = Block(arg_types, arg_locs)
        insert_block(region, block, before)
        self.rewrites.append(CreateBlockRewrite(block))
        self.insertion_point = InsertionPoint.at_end(block)
        return block

    # --- replacement and erasure ---------------------------------------------------------
    def replace_op(self, op: Operation, new: Operation | Sequence[Value]) -> None:
        """Replace `op`'s results by `new` (an op's results, or values); `op` is erased when
        the conversion commits."""
        values = new.results if isinstance(new, Operation) else list(new)
        if len(values) != len(op.results):
            raise ValueError(
                f"replacing '{op.name}' with {len(values)} values for {len(op.results)} results"
            )
        self._replace(op, [(v,) for v in values])

    def replace_op_with_multiple(self, op: Operation, groups: Sequence[Sequence[Value]]) -> None:
        """Replace each result of `op` by a group of values: 1:N, or 1:0 for an empty group
        (MLIR's `replaceOpWithMultiple`)."""
        groups = [tuple(g) for g in groups]
        if len(groups) != len(op.results):
            raise ValueError(
                f"replacing '{op.name}' with {len(groups)} groups for {len(op.results)} results"
            )
        self._replace(op, groups)

    def erase_op(self, op: Operation) -> None:
        """Erase `op` when the conversion commits; its results must be unused by then."""
        self._replace(op, None)

    def _replace(self, op: Operation, groups: list[tuple[Value, ...]] | None) -> None:
        if op in self.replaced:
            raise ValueError(f"'{op.name}' was already replaced or erased")
        previous = []
        if groups is not None:
            for result, values in zip(op.results, groups):
                if not values:  # a value "out of thin air" for the users that stay
                    values = tuple(
                        self._materialize(SOURCE, (), (result.type,), InsertionPoint.after(op),
                                          op.location, self.current_converter)
                    )  # fmt: skip
                previous.append(self.mapping.map(result, values))
        dead = [op]
        if op.regions:
            dead.extend(o for o in op.iter_nested() if o not in self.replaced)
        self.replaced.update(dead)
        self.rewrites.append(
            ReplaceOperationRewrite(op, groups is None, previous, dead, self.current_converter)
        )

    def replace_all_uses_with(self, old: Value, new: Value) -> None:
        """Make `new` the replacement of `old` (for block arguments, MLIR's
        `replaceUsesOfBlockArgument`); the uses move when the conversion commits."""
        if new is old:
            return
        leaf = self.mapping.lookup(old)
        key = leaf[0] if len(leaf) == 1 and leaf[0] is not new else old
        previous = self.mapping.map(key, (new,))
        self.rewrites.append(ReplaceValueRewrite(old, key, previous, self.current_converter))

    def erase_block(self, block: Block) -> None:
        """Erase `block` and its ops (MLIR's `eraseBlock`); it is unlinked at once."""
        for op in block.ops:
            if op not in self.replaced:
                self.erase_op(op)
        region = block.parent
        self.rewrites.append(EraseBlockRewrite(block, region, _block_after(block)))
        region.blocks.remove(block)
        block.parent = None

    # --- moving and inlining -------------------------------------------------------------
    def _record_move(self, op: Operation) -> None:
        rewrite = MoveOperationRewrite(op) if op.parent is not None else CreateOperationRewrite(op)
        self.rewrites.append(rewrite)

    def move_op_before(self, op: Operation, before: Operation) -> None:
        self._record_move(op)
        op.move_before(before)

    def move_op_after(self, op: Operation, after: Operation) -> None:
        self._record_move(op)
        op.move_after(after)

    def inline_block_before(
        self, source: Block, dest: Operation | InsertionPoint, arg_values: Sequence[Value] = ()
    ) -> None:
        """Move the ops of `source` before `dest`, its arguments replaced by `arg_values`,
        and erase `source`, which must have no predecessors left."""
        if len(arg_values) != len(source.args):
            raise ValueError(
                f"inlining a block of {len(source.args)} arguments with {len(arg_values)} values"
            )
        if any(use.owner not in self.replaced for use in source.uses):
            raise ValueError("cannot inline a block that still has predecessors")
        point = dest if isinstance(dest, InsertionPoint) else InsertionPoint.before(dest)
        for arg, value in zip(source.args, arg_values):
            self.replace_all_uses_with(arg, value)
        self._splice(source, point)
        if source.parent is not None:
            self.erase_block(source)

    def _splice(self, source: Block, point: InsertionPoint) -> None:
        """Move all ops of `source` to `point`, in order, as one logged change."""
        if source.first_op is None:
            return
        self.rewrites.append(InlineBlockRewrite(source))
        op = source.first_op
        while op is not None:
            nxt = op.next_op
            op.detach()
            point.insert(op)
            op = nxt

    def inline_region_before(self, region: Region, parent: Region, before: Block | None = None):
        """Move the blocks of `region` into `parent` before `before` (None: at the end)."""
        blocks = list(region.blocks)
        for i, block in enumerate(blocks):
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            self.rewrites.append(MoveBlockRewrite(block, region, after))
        region.blocks.clear()
        index = len(parent.blocks) if before is None else parent.blocks.index(before)
        parent.blocks[index:index] = blocks
        for block in blocks:
            block.parent = parent

    # --- in-place modification -----------------------------------------------------------
    def modify_op_in_place(self, op: Operation, fn: Callable[[], object]) -> None:
        """Run `fn`, which changes `op` in place (operands, successors, result types,
        properties, attributes, location); undone with the conversion."""
        if op in self.replaced:
            raise ValueError(f"'{op.name}' was replaced or erased: it cannot be modified")
        self.rewrites.append(ModifyOperationRewrite(op))
        fn()

    def try_fold(self, op: Operation) -> list[Value] | None:
        """Fold `op` with its `fold` hook (MLIR's `OpBuilder::tryFold`): the values replacing
        its results, with folded attributes materialized as constants at the insertion
        point; [] when it folded in place (logged as a modification); None when it does not
        fold, or a constant cannot be built."""
        fold = getattr(op, "fold", None)
        if fold is None or op.has_trait(ConstantLike):
            return None
        before = ModifyOperationRewrite(op)  # taken first: the hook may change `op` in place
        folded = fold(operand_constants(op))
        if folded is None:
            return None
        if len(folded) != len(op.results):
            raise ValueError(f"'{op.name}' folded to {len(folded)} values for {len(op.results)}")
        if all(v is r for v, r in zip(folded, op.results)):
            self.rewrites.append(before)
            return []
        state = self.checkpoint()
        values = []
        for item, result in zip(folded, op.results):
            if isinstance(item, Attribute):
                const = materialize_constant(dialect_of(op), item, result.type, op.location)
                if const is None:
                    self.reset(state)
                    return None
                item = self.insert(const).results[0]
            values.append(item)
        return values

    # --- block signatures ----------------------------------------------------------------
    def apply_signature_conversion(
        self,
        block: Block,
        conversion: SignatureConversion,
        converter: TypeConverter | None = None,
    ) -> Block:
        """Replace `block` by a block whose arguments are `conversion`'s converted types,
        holding `block`'s ops; the old arguments map to the new ones (or to replacement
        values, or to a placeholder when dropped). Returns the new block, or `block` when
        nothing changes."""
        if conversion.num_inputs != len(block.args):
            raise ValueError(
                f"signature conversion of {conversion.num_inputs} inputs for a block of "
                f"{len(block.args)} arguments"
            )
        types = conversion.converted_types
        if has_types(block.args, types):
            return block
        locations = [None] * len(types)
        for i, arg in enumerate(block.args):
            mapping = conversion.input_mapping(i)
            if mapping is not None and mapping.replacement is None:
                locations[mapping.input_no : mapping.input_no + mapping.size] = [
                    arg.location
                ] * mapping.size
        with self.at(self.insertion_point):
            new_block = self.create_block(block.parent, _block_after(block), types, locations)
        self._splice(block, InsertionPoint.at_end(new_block))
        self.rewrites.append(BlockTypeConversionRewrite(block, new_block))
        block.replace_all_uses_with(new_block)
        for i, arg in enumerate(block.args):
            mapping = conversion.input_mapping(i)
            if mapping is None:  # dropped: a value "out of thin air" for the users that stay
                values = tuple(
                    self._materialize(SOURCE, (), (arg.type,), InsertionPoint.at_start(new_block),
                                      _location_of(arg), converter)
                )  # fmt: skip
            elif mapping.replacement is not None:
                values = mapping.replacement
            else:
                values = tuple(new_block.args[mapping.input_no : mapping.input_no + mapping.size])
            previous = self.mapping.map(arg, values)
            self.rewrites.append(ReplaceValueRewrite(arg, arg, previous, converter))
        self.erase_block(block)
        return new_block

    def convert_region_types(
        self,
        region: Region,
        converter: TypeConverter,
        entry_conversion: SignatureConversion | None = None,
    ) -> bool:
        """Convert the argument types of every block of `region` with `converter`, the
        entry block's with `entry_conversion` when given (MLIR's `convertRegionTypes`).
        False when a type cannot be converted."""
        if not region.blocks:
            return True
        for block in region.blocks[1:]:
            conversion = converter.convert_block_signature(block)
            if conversion is None:
                return False
            self.apply_signature_conversion(block, conversion, converter)
        entry = region.blocks[0]
        if entry_conversion is None:
            entry_conversion = converter.convert_block_signature(entry)
            if entry_conversion is None:
                return False
        self.apply_signature_conversion(entry, entry_conversion, converter)
        return True

    # --- remapped values -----------------------------------------------------------------
    def get_remapped_value(self, value: Value) -> Value | None:
        """What replaces `value` now, converted by the running pattern's type converter
        (MLIR's `getRemappedValue`); None when its type cannot be converted."""
        values = self.get_remapped_values([value])
        return values[0] if values is not None else None

    def get_remapped_values(self, values: Iterable[Value]) -> list[Value] | None:
        groups = self.remap_values(values, self.current_converter)
        if groups is None:
            return None
        if any(len(g) != 1 for g in groups):
            raise ValueError("a value was converted 1:N: use remap_values")
        return [g[0] for g in groups]

    def remap_values(
        self, values: Iterable[Value], converter: TypeConverter | None, location=None
    ) -> list[tuple[Value, ...]] | None:
        """For each value, the values replacing it so far; with a converter, of the types
        it converts to, bridged by a target materialization when no replacement has them
        (MLIR's `remapValues`). None when a type cannot be converted."""
        lookup = self.mapping.lookup
        out = []
        for value in values:
            if converter is None:
                out.append(lookup(value))
                continue
            desired = converter.convert_type_1_to_n(value.type)
            if desired is None:
                return None
            if not desired:
                out.append(())
                continue
            found = lookup(value, desired)
            if not has_types(found, desired):
                # Later lookups find the cast: of the one leaf, or of `value` itself when
                # its replacements are packed into one value (MLIR 19 maps the argument).
                key = None
                if len(desired) == 1:
                    key = found[0] if len(found) == 1 else value
                where = location if location is not None else _location_of(value)
                found = tuple(
                    self._materialize(TARGET, found, desired, _point_after(found), where,
                                      converter, key)
                )  # fmt: skip
            out.append(found)
        return out

    def _materialize(self, kind, inputs, types, point, location, converter, key=None):
        """An unresolved materialization: an `unrealized_conversion_cast` of `inputs` to
        `types` at `point` (the inputs themselves when they have the types), resolved when
        the conversion commits. `key`, if given, is mapped to its results."""
        if has_types(inputs, types):
            return list(inputs)
        cast = UnrealizedConversionCastOp.create(list(inputs), list(types), location=location)
        point.insert(cast)
        self.materializations[cast] = (kind, converter)
        previous = self.mapping.map(key, tuple(cast.results)) if key is not None else None
        self.rewrites.append(UnresolvedMaterializationRewrite(cast, key, previous))
        return cast.results

    # --- driver interface ----------------------------------------------------------------
    def checkpoint(self) -> int:
        """A state to `reset` to."""
        return len(self.rewrites)

    def reset(self, state: int) -> None:
        """Undo every change made since `state`, newest first."""
        rewrites = self.rewrites
        while len(rewrites) > state:
            rewrites.pop().rollback(self)

    def is_ignored(self, op: Operation) -> bool:
        """Whether `op` needs no conversion: it is dead, or inside a recursively legal op."""
        return op in self.replaced or op in self.ignored

    def ignore_nested(self, op: Operation) -> None:
        """Exclude the ops nested in `op` from conversion (it is recursively legal)."""
        new = [o for o in op.iter_nested() if o not in self.ignored]
        if new:
            self.ignored.update(new)
            self.rewrites.append(IgnoreOperationsRewrite(new))

    def changes_since(self, state: int, root: Operation) -> tuple[list, list, bool]:
        """The ops created and the ops modified in place since `state`, and whether `root`
        was replaced, erased or modified."""
        created, modified, touched = [], [], False
        rewrites = self.rewrites
        for i in range(state, len(rewrites)):
            rewrite = rewrites[i]
            kind = type(rewrite)
            if kind is CreateOperationRewrite:
                created.append(rewrite.op)
            elif kind is ModifyOperationRewrite:
                modified.append(rewrite.op)
                touched = touched or rewrite.op is root
            elif kind is ReplaceOperationRewrite:
                touched = touched or rewrite.op is root
        return created, modified, touched

    def _live_user(self, value: Value) -> Operation | None:
        """An op that uses `value` and survives the commit: not dead, and not an unused
        cast of the conversion's (those are swept at commit)."""
        for use in value.uses:
            user = use.owner
            if user in self.replaced:
                continue
            if user in self.materializations and not any(r.has_uses() for r in user.results):
                continue
            return user
        return None

    def check_erased_ops(self) -> None:
        """Fail when an erased op's result would still be used after commit, directly or
        through a value it replaces (MLIR's `legalizeErasedResult`)."""
        inverse = None
        for rewrite in self.rewrites:
            if type(rewrite) is not ReplaceOperationRewrite or not rewrite.erased:
                continue
            op = rewrite.op
            for result in op.results:
                user = self._live_user(result)
                if user is None and self.mapping.is_mapped_to(result):
                    inverse = inverse if inverse is not None else self.mapping.inverse()
                    user = self._live_user_through(result, inverse)
                if user is not None:
                    error = DiagnosticError(
                        f"failed to legalize operation '{op.name}' marked as erased", op.location
                    )
                    error.attach_note(
                        f"found live user of result #{result.index}: '{user.name}'",
                        user.location,
                    )
                    raise error

    def _live_user_through(self, value: Value, inverse: dict) -> Operation | None:
        """A live user of a value that `value` replaces, transitively."""
        stack, seen = [value], {value}
        while stack:
            for key in inverse.get(stack.pop(), ()):
                if key in seen:
                    continue
                seen.add(key)
                user = self._live_user(key)
                if user is not None:
                    return user
                stack.append(key)
        return None

    def replacement_for(self, value: Value, converter: TypeConverter | None) -> Value | None:
        """At commit: the value of `value`'s type that replaces it, built as a source
        materialization when the replacements have other types; None when no surviving op
        needs one (MLIR's `findOrBuildReplacementValue`). Block arguments get an argument
        materialization."""
        mapping = self.mapping
        same = mapping.lookup(value, (value.type,))
        if same[0] is not value:
            return same[0]
        if self._live_user(value) is None and not mapping.is_mapped_to(value):
            return None
        leaf = mapping.lookup(value)
        if leaf == (value,) or any(isinstance(v, OpResult) and v.op in self.replaced for v in leaf):
            return None  # erased: `check_erased_ops` made sure nothing live needs it
        kind = ARGUMENT if isinstance(value, BlockArgument) else SOURCE
        point = _point_after(leaf)
        if isinstance(value, OpResult) and all(_defined_later(value, v) for v in leaf):
            point = InsertionPoint.before(value.op)  # where MLIR 19 puts it: at the old op
        return self._materialize(
            kind, leaf, (value.type,), point, _location_of(value), converter, value
        )[0]

    def commit(self) -> None:
        """Apply the deferred changes, erase what is dead, and resolve materializations."""
        rewrites = self.rewrites
        i = 0
        while i < len(rewrites):  # commits may log new materializations
            rewrites[i].commit(self)
            i += 1
        for rewrite in rewrites:
            rewrite.cleanup()
        self.rewrites = []
        self._resolve_materializations()

    def _resolve_materializations(self) -> None:
        """Fold the inserted casts that round-trip, drop the dead ones, and give each one
        left to its type converter's materializations; a cast no callback resolves stays."""
        casts = [cast for cast in self.materializations if cast.parent is not None]
        for cast in reconcile_unrealized_casts(casts):
            kind, converter = self.materializations[cast]
            if converter is None or len(cast.results) != 1:
                continue
            result = cast.results[0]
            builder = Builder(InsertionPoint.before(cast))
            value = converter.materialize(kind, builder, cast.location, result.type, cast.operands)
            if value is not None:
                result.replace_all_uses_with(value)
                cast.erase()


# --- reconciling casts -----------------------------------------------------------------------
def _input_cast(cast: Operation) -> Operation | None:
    """The cast whose results are exactly `cast`'s inputs, in order, or None."""
    inputs = cast.operands
    if not inputs or not isinstance(inputs[0], OpResult):
        return None
    producer = inputs[0].op
    if not isinstance(producer, UnrealizedConversionCastOp) or producer.results != inputs:
        return None
    return producer


def reconcile_unrealized_casts(casts: Iterable[Operation]) -> list[Operation]:
    """Erase dead `unrealized_conversion_cast`s, and replace a cast by the inputs of a cast
    up its chain that has its result types (`A -> B -> A` folds to the first `A`), as MLIR's
    `reconcileUnrealizedCasts`. Returns the given casts that remain. Casts feeding a
    processed cast are processed too."""
    casts = list(casts)
    worklist = list(casts)
    queued = set(worklist)
    erased = set()

    def enqueue_inputs(cast: Operation) -> None:
        for value in cast.operands:
            if isinstance(value, OpResult):
                producer = value.op
                if isinstance(producer, UnrealizedConversionCastOp) and producer not in queued:
                    queued.add(producer)
                    worklist.append(producer)

    while worklist:
        cast = worklist.pop()
        queued.discard(cast)
        results = cast.results
        if not any(r.has_uses() for r in results):
            enqueue_inputs(cast)
            erased.add(cast)
            cast.erase()
            continue
        types = [r.type for r in results]
        source, seen = cast, set()
        while source is not None and source not in seen:  # graph regions may hold cycles,
            # where a cast may even use its own results: it stays
            seen.add(source)
            inputs = source.operands
            if has_types(inputs, types) and not any(v in results for v in inputs):
                enqueue_inputs(cast)
                for result, value in zip(results, inputs):
                    result.replace_all_uses_with(value)
                erased.add(cast)
                cast.erase()
                break
            source = _input_cast(source)
    return [cast for cast in casts if cast not in erased]
