"""The sequential scf loops of MLIR 19: `scf.for` and `scf.while`, with their syntax,
verifiers (in MLIR's order and wording), `LoopLike` and `RegionBranchOpInterface`; and what
every scf loop's code shares. The parallel loops live in `parallel.py`."""

from __future__ import annotations

from mlc.dialects.scf.interfaces import (
    RegionBranches,
    SingleBlockRegions,
    verify_loop_like,
    verify_region_edges,
    verify_sized_region,
)
from mlc.dialects.scf.ops import IMPLICIT_YIELD, ConditionOp, ScfRegionOp, YieldOp, ensure_yield
from mlc.dialects.scf.syntax import (
    name_position,
    parse_assignment_list,
    print_attributes,
    print_initialization_list,
    region_arguments,
)
from mlc.ir.block import Block, Region
from mlc.ir.constraints import SIGNLESS_INTEGER_OR_INDEX
from mlc.ir.effects import RecursiveMemoryEffects, nested_ops_speculatable
from mlc.ir.opdef import operand, region, var_operand, var_result
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.traits import AutomaticAllocationScope, LoopLike, RegionSuccessor
from mlc.ir.types import IndexType, index


def loop_body(op) -> Block:
    """The block of a loop's single-block body region."""
    return op.regions[0].blocks[0]


def entry_args(region: Region) -> list:
    """The entry block's arguments; none for an empty region, which the printer may meet
    when it prints an invalid op in a diagnostic."""
    return region.blocks[0].args if region.blocks else []


def terminator_here(err, region: Region):
    """MLIR's `verifyAndGetTerminator` note: where the wrong terminator is, if anywhere."""
    if region.blocks and region.blocks[0].last_op is not None:
        err.attach_note("terminator here", region.blocks[0].last_op.location)
    return err


def yielded_values(body: Region) -> list:
    """The values the region's `scf.yield` hands on; none if it ends otherwise."""
    last = body.blocks[0].last_op if body.blocks else None
    return last.operands if isinstance(last, YieldOp) else []


# --- scf.for ---------------------------------------------------------------------------------
class ForOp(ScfRegionOp):
    """```
    %r = scf.for %i = %lb to %ub step %s iter_args(%acc = %init) -> (f32) {
      ...
      scf.yield %next : f32
    }
    ```
    Runs the body for `%i` from `%lb` while `%i < %ub` (signed), adding the positive step;
    the induction variable is an `index` unless `: iN` follows the bounds."""

    name = "scf.for"
    lowerBound = operand(SIGNLESS_INTEGER_OR_INDEX)
    upperBound = operand(SIGNLESS_INTEGER_OR_INDEX)
    step = operand(SIGNLESS_INTEGER_OR_INDEX)
    initArgs = var_operand()
    outs = var_result()
    body = region()
    traits = (
        AutomaticAllocationScope(),
        LoopLike(),
        RegionBranches(),
        IMPLICIT_YIELD,
        RecursiveMemoryEffects(),
    )

    @classmethod
    def parse(cls, p):
        name_pos = name_position(p, cls.name)
        pos = p.pos
        iv = p.parse_operand()
        if "#" in iv[0]:
            raise p.error("expected SSA identifier", iv[1])
        p.expect("=")
        bounds = [p.parse_operand()]
        for keyword in ("to", "step"):
            p.parse_keyword(keyword)
            bounds.append(p.parse_operand())
        args, refs, types = [], [], []
        if p.parse_optional_keyword("iter_args"):
            args, refs = parse_assignment_list(p)
            p.expect("->")
            types = p.parse_function_result_types()
        if len(args) != len(types):
            raise p.error("mismatch in number of loop-carried values and defined values", name_pos)
        iv_type = p.parse_type() if p.consume_if(":") else index
        operands = p.resolve_operands(bounds, [iv_type] * 3, pos)
        operands += p.resolve_operands(refs, types, pos)
        body = p.parse_region(region_arguments([iv, *args], [iv_type, *types], p))
        ensure_yield(body, p.loc_at(name_pos))
        attrs = p.parse_optional_attr_dict()
        return cls.create(operands, types, {}, attrs, [body])

    def print_custom(self, p) -> None:
        lb, ub, step = self.operands[:3]
        inits = self.initArgs
        p.write(" ")
        p.print_operand(self.induction_var)
        for text, value in ((" = ", lb), (" to ", ub), (" step ", step)):
            p.write(text)
            p.print_operand(value)
        print_initialization_list(p, self.region_iter_args, inits, " iter_args")
        if inits:
            p.write(" -> (")
            p.print_type_list([v.type for v in inits])
            p.write(")")
        p.write(" ")
        iv_type = self.induction_var.type
        if not isinstance(iv_type, IndexType):  # sic: two spaces, as MLIR prints them
            p.write(" : ")
            p.print_type(iv_type)
            p.write(" ")
        p.print_region(self.regions[0], False, bool(inits))
        print_attributes(p, self)

    @property
    def induction_var(self):
        args = entry_args(self.regions[0])
        return args[0] if args else None

    @property
    def region_iter_args(self) -> list:
        return entry_args(self.regions[0])[1:]

    def loop_regions(self) -> list[Region]:
        return [self.regions[0]]

    def constant_step(self) -> int | None:
        return constant_int(self.operand(2))

    def is_speculatable(self) -> bool:
        """A loop of step 1 always ends, so it is as speculatable as its body (MLIR 19's
        `ForOp::getSpeculatability`)."""
        return self.constant_step() == 1 and nested_ops_speculatable(self)

    def successor_regions(self, region):
        return [RegionSuccessor(self.regions[0], self.region_iter_args), self.to_parent()]

    def entry_successor_operands(self, successor):
        return self.initArgs

    def verify_(self) -> None:
        verify_sized_region(self, 0, "region")
        if not self.operand(0).type == self.operand(1).type == self.operand(2).type:
            raise self.emit_error(
                "failed to verify that all of {lowerBound, upperBound, step} have same type"
            )
        inits = self.initArgs
        if len(inits) != len(self.results):
            raise self.emit_error("mismatch in number of loop-carried values and defined values")
        args = loop_body(self).args
        if not args:  # MLIR counts the iter_args as an unsigned `0 - 1`
            raise self.emit_error(
                f"different number of inits and region iter_args: {len(inits)} != {2**64 - 1}"
            )
        verify_loop_like(self, inits, args[1:], yielded_values(self.regions[0]), self.results)
        verify_region_edges(self)
        IMPLICIT_YIELD.verify_terminator(self)
        if args[0].type != self.operand(0).type:
            raise self.emit_error("expected induction variable to be same type as bounds and step")


# --- scf.while -------------------------------------------------------------------------------
class WhileOp(ScfRegionOp):
    """```
    %r = scf.while (%x = %init) : (i32) -> i32 {
      %c = ...
      scf.condition(%c) %x : i32
    } do {
    ^bb0(%y: i32):
      scf.yield %next : i32
    }
    ```
    Runs `before` on the loop-carried values; its `scf.condition` either exits with its
    operands as results or runs `after` on them, whose `scf.yield` starts over."""

    name = "scf.while"
    inits = var_operand()
    outs = var_result()
    before = region()
    after = region()
    traits = (RegionBranches(), LoopLike(), RecursiveMemoryEffects(), SingleBlockRegions())

    @classmethod
    def parse(cls, p):
        args, refs = parse_assignment_list(p) if p.text == "(" else ([], [])
        type_pos = p.pos
        p.expect(":")
        ftype = p.parse_function_type()
        if len(ftype.inputs) != len(refs):
            raise p.error(
                f"expected as many input types as operands (expected {len(refs)} got "
                f"{len(ftype.inputs)})",
                type_pos,
            )
        operands = p.resolve_operands(refs, list(ftype.inputs), p.pos)
        before = p.parse_region(region_arguments(args, ftype.inputs, p))
        p.parse_keyword("do")
        after = p.parse_region()
        attrs = p.parse_optional_attr_dict_with_keyword()
        return cls.create(operands, ftype.results, {}, attrs, [before, after])

    def print_custom(self, p) -> None:
        print_initialization_list(p, self.before_args, self.inits, " ")
        p.write(" : (")
        p.print_type_list([v.type for v in self.inits])
        p.write(") -> ")
        p.print_result_types(self.result_types)
        p.write(" ")
        p.print_region(self.regions[0], False, True)
        p.write(" do ")
        p.print_region(self.regions[1], True, True)
        print_attributes(p, self, keyword=True)

    @property
    def before_args(self) -> list:
        return entry_args(self.regions[0])

    @property
    def after_args(self) -> list:
        return entry_args(self.regions[1])

    @property
    def condition_op(self) -> ConditionOp:
        return self.regions[0].blocks[0].last_op

    @property
    def yield_op(self) -> YieldOp:
        return self.regions[1].blocks[0].last_op

    def loop_regions(self) -> list[Region]:
        return list(self.regions)

    def successor_regions(self, region):
        before, after = self.regions
        to_before = RegionSuccessor(before, self.before_args)
        if region is None or region is after:
            return [to_before]
        return [self.to_parent(), RegionSuccessor(after, self.after_args)]

    def entry_successor_operands(self, successor):
        return self.inits

    def verify_(self) -> None:
        verify_sized_region(self, 0, "before")
        verify_sized_region(self, 1, "after")
        for body, kind, where in ((0, ConditionOp, "before"), (1, YieldOp, "after")):
            if not isinstance(self.regions[body].blocks[0].last_op, kind):
                err = self.emit_error(
                    f"expects the '{where}' region to terminate with '{kind.name}'"
                )
                raise terminator_here(err, self.regions[body])
        verify_region_edges(self)
        verify_loop_like(self, self.inits, self.before_args, self.yield_op.operands, None)
