"""What scf's region ops share: their region terminator trait, their answer to
`RegionBranchOpInterface`, and the checks MLIR derives from those interfaces, with MLIR 19's
messages.

mlc's verifier checks an op before the ops nested in it; MLIR checks region traits, region
verifiers and control-flow edge types after them. The ops call these checks at the end of
their `verify_`, in MLIR's order among themselves.
"""

from __future__ import annotations

from mlc.ir.block import Block, Region
from mlc.ir.location import UNKNOWN_LOC
from mlc.ir.traits import (
    RegionBranchOpInterface,
    RegionBranchTerminatorOpInterface,
    RegionSuccessor,
    ReturnLike,
    SingleBlock,
    Terminator,
    region_terminator_operands,
)


class SingleBlockRegions(SingleBlock):
    """MLIR's `SingleBlock` in full: each region holds at most one block, and that block is
    not empty (`ir.traits.SingleBlock` checks the count only)."""

    def verify(self, op) -> None:
        super().verify(op)
        for region in op.regions:
            if region.blocks and region.blocks[0].first_op is None:
                raise op.emit_error("expects a non-empty block")


class SingleBlockImplicitTerminator(SingleBlockRegions):
    """Regions of one block ending with the op named `terminator`, which custom syntax may
    leave out (MLIR's `SingleBlockImplicitTerminator`). `verify` is the `SingleBlock` part,
    checked before the op's own verifier; the op calls `verify_terminator` after it."""

    def __init__(self, terminator: str) -> None:
        self.terminator = terminator

    def verify_terminator(self, op) -> None:
        for region in op.regions:
            if not region.blocks:
                continue
            last = region.blocks[0].last_op
            if last.name != self.terminator:
                err = op.emit_error(
                    f"expects regions to end with '{self.terminator}', found '{last.name}'"
                )
                raise err.attach_note(
                    "in custom textual format, the absence of terminator implies "
                    f"'{self.terminator}'"
                )

    def ensure_terminator(self, region: Region, make, location=UNKNOWN_LOC) -> None:
        """Give `region` a block ending with a terminator, appending `make(location)` when
        the text left it out (MLIR's `ensureTerminator`)."""
        if not region.blocks:
            region.add_block(Block())
        block = region.blocks[-1]
        last = block.last_op
        if last is not None and last.has_trait(Terminator):
            return
        block.append(make(location))


class RegionBranches(RegionBranchOpInterface):
    """scf's region ops answer `RegionBranchOpInterface` with methods of their own:
    `successor_regions(region)`, and optionally `entry_successor_regions(constants)` and
    `entry_successor_operands(successor)` (`ScfRegionOp` gives the defaults)."""

    def entry_successor_regions(self, op, operand_constants: list) -> list[RegionSuccessor]:
        return op.entry_successor_regions(operand_constants)

    def successor_regions(self, op, region) -> list[RegionSuccessor]:
        return op.successor_regions(region)

    def entry_successor_operands(self, op, successor: RegionSuccessor) -> list:
        return op.entry_successor_operands(successor)


def _edge(op, source: Region | None, successor: RegionSuccessor) -> str:
    """`from Region #0 to parent results`, as MLIR 19's `printRegionEdgeName`."""
    origin = "parent operands" if source is None else f"Region #{op.regions.index(source)}"
    target = successor.region
    dest = "parent results" if target is None else f"Region #{op.regions.index(target)}"
    return f"from {origin} to {dest}"


def _check_edge(op, source, successor: RegionSuccessor, types: list) -> None:
    inputs = [v.type for v in successor.inputs]
    if len(types) != len(inputs):
        raise op.emit_error(
            f" region control flow edge {_edge(op, source, successor)}: source has "
            f"{len(types)} operands, but target successor needs {len(inputs)}"
        )
    for i, (got, want) in enumerate(zip(types, inputs)):
        if got != want:
            raise op.emit_error(
                f" along control flow edge {_edge(op, source, successor)}: source type #{i} "
                f"'{got}' should match input type #{i} '{want}'"
            )


def _region_terminators(region: Region) -> list:
    """The terminators leaving `region` for a region successor."""
    found = []
    for block in region.blocks:
        last = block.last_op
        if last is not None and (
            last.has_trait(ReturnLike) or last.has_trait(RegionBranchTerminatorOpInterface)
        ):
            found.append(last)
    return found


def verify_region_edges(op) -> None:
    """The values flowing along every control-flow edge of a region op have the types of
    the values receiving them (MLIR 19's `verifyTypesAlongControlFlowEdges`). Several
    terminators leaving one region must forward the same types."""
    for successor in op.successor_regions(None):
        types = [v.type for v in op.entry_successor_operands(successor)]
        _check_edge(op, None, successor, types)
    for region in op.regions:
        terminators = _region_terminators(region)
        if not terminators:
            continue
        for successor in op.successor_regions(region):
            forwarded = [region_terminator_operands(t, successor) for t in terminators]
            types = [v.type for v in forwarded[0]]
            if any([v.type for v in other] != types for other in forwarded[1:]):
                raise op.emit_error(
                    f" along control flow edge{_edge(op, region, successor)} operands mismatch "
                    "between return-like terminators"
                )
            _check_edge(op, region, successor, types)


def verify_sized_region(op, index: int, name: str, max_blocks_only: bool = False) -> None:
    """ODS's `SizedRegion<1>` (exactly one block) or `MaxSizedRegion<1>` (at most one)."""
    count = len(op.regions[index].blocks)
    if count == 1 or (max_blocks_only and count == 0):
        return
    constraint = "region with at most 1 blocks" if max_blocks_only else "region with 1 blocks"
    raise op.emit_error(f"region #{index} ('{name}') failed to verify constraint: {constraint}")


def verify_loop_like(op, inits: list, iter_args: list, yielded: list, results: list | None) -> None:
    """MLIR 19's `verifyLoopLikeOpInterface`: inits, region iter_args, yielded values and
    loop results (None: the loop does not say) agree in number and type; without yielded
    values those are not checked."""
    if len(inits) != len(iter_args):
        raise op.emit_error(
            f"different number of inits and region iter_args: {len(inits)} != {len(iter_args)}"
        )
    if yielded and len(iter_args) != len(yielded):
        raise op.emit_error(
            f"different number of region iter_args and yielded values: {len(iter_args)} != "
            f"{len(yielded)}"
        )
    if results is not None and len(results) != len(iter_args):
        raise op.emit_error(
            f"different number of loop results and region iter_args: {len(results)} != "
            f"{len(iter_args)}"
        )
    pairs = [
        ("init", "region iter_arg", inits, iter_args),
        ("region iter_arg", "yielded value", iter_args, yielded),
        ("region iter_arg", "loop result", iter_args, results or []),
    ]
    for first, second, lhs, rhs in pairs:
        for i, (a, b) in enumerate(zip(lhs, rhs)):
            if a.type != b.type:
                raise op.emit_error(
                    f"{i}-th {first} and {i}-th {second} have different type: '{a.type}' != "
                    f"'{b.type}'"
                )
