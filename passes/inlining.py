"""Replacing a call by the body of its callee (MLIR's `InliningUtils`: `inlineCall`,
`inlineRegion`).

Legality comes from the dialects' `DialectInlinerInterface`s (`ir.traits`), each asked
about what belongs to it: the call's dialect about the call and about type conversions of
arguments and results, the destination region's parent about the region, every inlined op's
dialect about that op, and the terminators' dialect about turning them into values (one
inlined block) or into branches to the block after the call (several blocks). A dialect
without an interface refuses everything. On failure the IR is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.ir.block import Block, Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.location import CallSiteLoc, Location, UnknownLoc
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import dialect_of
from mlc.ir.traits import (
    CallableOpInterface,
    CallOpInterface,
    DialectInlinerInterface,
    get_trait,
    inliner_interface,
)
from mlc.ir.values import Value

# Called with the blocks just inlined, before their terminators are handled (MLIR's
# `InlinerInterface::processInlinedBlocks`): the inliner collects the new calls there.
InlinedBlocksCallback = Callable[[list[Block]], None]


def interface_for(op: Operation) -> DialectInlinerInterface | None:
    """The inliner hooks of `op`'s dialect."""
    return inliner_interface(dialect_of(op))


def _ops_are_legal(src: Region, dest: Region, would_be_cloned: bool) -> bool:
    """Every op in `src`, nested ones included where their dialect asks for it, may be
    inlined into `dest` (MLIR's static `isLegalToInline`), checked without recursion."""
    worklist = [src]
    while worklist:
        for block in worklist.pop().blocks:
            for op in block.ops:
                interface = interface_for(op)
                if interface is None or not interface.is_legal_to_inline_op(
                    op, dest, would_be_cloned
                ):
                    return False
                if interface.should_analyze_recursively(op):
                    worklist.extend(op.regions)
    return True


def _clone_blocks(src: Region, mapping: dict) -> list[Block]:
    """Copies of `src`'s blocks; entry arguments already in `mapping` are not copied (MLIR's
    `Region::cloneInto`). Operands are remapped once more at the end, for values used in a
    block listed before the one defining them."""
    blocks = []
    for block in src.blocks:
        kept = [a for a in block.args if a not in mapping]
        copy = Block([a.type for a in kept], [a.location for a in kept])
        mapping[block] = copy
        mapping.update(zip(kept, copy.args))
        blocks.append(copy)
    for block, copy in zip(src.blocks, blocks):
        for op in block.ops:
            copy.append(op.clone(mapping))
    if len(blocks) > 1:
        for copy in blocks:
            for op in _walk(copy):
                for operand in op.op_operands:
                    mapped = mapping.get(operand.value)
                    if mapped is not None:
                        operand.set(mapped)
    return blocks


def _take_blocks(src: Region, mapping: dict) -> list[Block]:
    """Move `src`'s blocks out (inlining in place) and point the uses of its entry arguments
    at their mapped values (MLIR's `remapInlinedOperands`)."""
    blocks = list(src.blocks)
    src.blocks.clear()
    for block in blocks:
        block.parent = None
    for arg in blocks[0].args:
        arg.replace_all_uses_with(mapping[arg])
    return blocks


def _walk(block: Block):
    for op in block.ops:
        yield op
        yield from op.iter_nested()


def _remap_locations(blocks: list[Block], caller: Location) -> None:
    """Every inlined op's location becomes `callsite(its location at the call)`, one
    location object per distinct original (MLIR 19's `remapInlinedLocations`)."""
    mapped: dict[Location, Location] = {}
    for block in blocks:
        for op in _walk(block):
            loc = mapped.get(op.location)
            if loc is None:
                loc = mapped[op.location] = CallSiteLoc(op.location, caller)
            op.location = loc


def _split_block_after(op: Operation, index: int) -> Block:
    """Move the ops after `op` into a new block at position `index` of its region."""
    tail = Block()
    op.parent.parent.add_block(tail, index)
    while op.next_op is not None:
        tail.append(op.next_op.detach())
    return tail


def inline_region(
    src: Region,
    call: Operation,
    mapping: dict,
    results_to_replace: list[Value],
    result_types: list,
    should_clone: bool,
    on_inlined_blocks: InlinedBlocksCallback | None = None,
) -> bool:
    """Inline `src` right after `call`, its entry arguments mapped by `mapping`, the uses of
    `results_to_replace` taking what `src` returns; `call` itself stays for the caller to
    erase. Moves `src`'s blocks instead of copying them unless `should_clone`. False, with
    the IR unchanged, when `src` is empty or illegal to inline (MLIR's `inlineRegionImpl`)."""
    if not src.blocks or any(a not in mapping for a in src.blocks[0].args):
        return False
    dest = call.parent.parent
    dest_interface = interface_for(dest.parent)
    if dest_interface is None or not dest_interface.is_legal_to_inline_region(
        dest, src, should_clone
    ):
        return False
    if not _ops_are_legal(src, dest, should_clone):
        return False

    blocks = _clone_blocks(src, mapping) if should_clone else _take_blocks(src, mapping)
    if len(blocks) == 1:
        # The block stays out of the caller's region list (inserting there is linear), in a
        # region whose parent is the caller's op: lookups from its ops see the caller's scope.
        Region(blocks).parent = dest.parent
    else:
        index = dest.blocks.index(call.parent) + 1
        for offset, block in enumerate(blocks):
            dest.add_block(block, index + offset)
    if not isinstance(call.location, UnknownLoc):
        _remap_locations(blocks, call.location)
    if on_inlined_blocks is not None:
        on_inlined_blocks(blocks)

    if len(blocks) == 1:
        terminator = blocks[0].last_op
        interface_for(terminator).handle_terminator(terminator, results_to_replace)
        terminator.erase()
        _splice(blocks[0], InsertionPoint.after(call))
        return True

    # Several blocks: the ops after the call go to a new block that receives the results as
    # arguments; the inlined terminators branch there; the entry block merges into the call's.
    tail = _split_block_after(call, dest.blocks.index(blocks[-1]) + 1)
    for value, type_ in zip(results_to_replace, result_types):
        value.replace_all_uses_with(tail.add_argument(type_, call.location))
    for block in blocks:
        terminator = block.last_op
        interface_for(terminator).handle_terminator_to_block(terminator, tail)
    _splice(blocks[0], InsertionPoint.at_end(call.parent))
    return True


def _splice(block: Block, point: InsertionPoint) -> None:
    """Move `block`'s ops to `point` and drop the emptied block from its region."""
    for op in list(block.ops):
        point.insert(op.detach())
    block.parent.blocks.remove(block)
    block.parent = None


def inline_call(
    call: Operation,
    callable_op: Operation,
    src: Region,
    should_clone: bool,
    on_inlined_blocks: InlinedBlocksCallback | None = None,
) -> bool:
    """Inline `src`, the body of `callable_op`, in place of `call`'s results, converting
    arguments and results whose types differ through the call dialect's
    `materialize_call_conversion`. `call` stays for the caller to erase. False, with the IR
    unchanged, when counts or types do not match or inlining is illegal (MLIR's
    `inlineCall`)."""
    if not src.blocks:
        return False
    entry = src.blocks[0]
    operands = get_trait(call, CallOpInterface).arg_operands(call)
    result_types = list(get_trait(callable_op, CallableOpInterface).result_types(callable_op))
    results = list(call.results)
    if len(operands) != len(entry.args) or len(results) != len(result_types):
        return False

    call_interface = interface_for(call)
    casts: list[Operation] = []

    def convert(value: Value, type_, point: InsertionPoint) -> Value | None:
        cast = None
        if call_interface is not None:
            cast = call_interface.materialize_call_conversion(value, type_, call.location)
        if cast is None:
            return None
        point.insert(cast)
        casts.append(cast)
        return cast.results[0]

    def undo() -> bool:
        for cast in casts:
            cast.results[0].replace_all_uses_with(cast.operand(0))
            cast.erase()
        return False

    mapping: dict = {}
    for arg, operand in zip(entry.args, operands):
        if operand.type != arg.type:
            operand = convert(operand, arg.type, InsertionPoint.before(call))
            if operand is None:
                return undo()
        mapping[arg] = operand
    # A result of another type gets a conversion from the callee's type, built on the call
    # result (so that it has an operand) and pointed at the inlined value below.
    after_call = InsertionPoint.after(call)
    for result, type_ in zip(results, result_types):
        if result.type == type_:
            continue
        converted = convert(result, result.type, after_call)
        if converted is None:
            return undo()
        result.replace_all_uses_with(converted)
        converted.op.set_operand(0, result)

    if call_interface is None or not call_interface.is_legal_to_inline_call(
        call, callable_op, should_clone
    ):
        return undo()
    if not inline_region(
        src, call, mapping, results, result_types, should_clone, on_inlined_blocks
    ):
        return undo()
    return True
