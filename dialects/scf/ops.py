"""The scf ops that run a region once, chosen by a value: `scf.if`, `scf.index_switch` and
`scf.execute_region`; the terminators `scf.yield` and `scf.condition`; and the base classes
of every scf op with regions. Loops live in `loops.py`.

Each region op answers `RegionBranchOpInterface` with its own `successor_regions` (see
`interfaces.RegionBranches`) and prints as mlir-opt 19 does: implicit `scf.yield`s are left
out where MLIR leaves them out, and put back when parsing.
"""

from __future__ import annotations

from mlc.dialects.arith import XOrIOp
from mlc.dialects.cf.ops import I1
from mlc.dialects.scf.interfaces import (
    RegionBranches,
    SingleBlockImplicitTerminator,
    verify_region_edges,
    verify_sized_region,
)
from mlc.dialects.scf.syntax import (
    name_position,
    parse_optional_arrow_type_list,
    print_attributes,
    print_optional_arrow_type_list,
    split_attributes,
)
from mlc.ir.attributes import DenseArrayAttr, IntegerAttr
from mlc.ir.block import Region
from mlc.ir.constraints import Constraint
from mlc.ir.effects import RecursiveMemoryEffects
from mlc.ir.opdef import operand, prop, region, var_operand, var_region, var_result
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.traits import (
    HasParent,
    Pure,
    RegionBranchTerminatorOpInterface,
    RegionSuccessor,
    ReturnLike,
    Terminator,
)
from mlc.ir.types import i1, i64, index

I64_ARRAY = Constraint(
    lambda a: isinstance(a, DenseArrayAttr) and a.element_type == i64,
    "i64 dense array attribute",
)


class ScfOp(Operation):
    """An scf op with canonicalization patterns (ODS `hasCanonicalizer`), kept in tables
    apart, as MLIR keeps them in SCF.cpp."""

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.scf.canonicalization import patterns_for

        return patterns_for(cls)


class ScfRegionOp(ScfOp):
    """An scf op whose regions run under its control. Subclasses say where control goes
    (`successor_regions`); by default entering the op forwards no operands and constant
    operands tell nothing."""

    def successor_regions(self, region: Region | None) -> list[RegionSuccessor]:
        raise NotImplementedError

    def entry_successor_regions(self, operand_constants: list) -> list[RegionSuccessor]:
        return self.successor_regions(None)

    def entry_successor_operands(self, successor: RegionSuccessor) -> list:
        return []

    def to_parent(self) -> RegionSuccessor:
        """Control returning to this op, its results receiving the forwarded values."""
        return RegionSuccessor(None, self.results)


# --- terminators -----------------------------------------------------------------------------
class YieldOp(Operation):
    """`scf.yield %a, %b : i32, f32`: ends a region of `scf.for`, `scf.if`, `scf.while`,
    `scf.index_switch` or `scf.execute_region`, handing its operands to the parent."""

    name = "scf.yield"
    values = var_operand()
    traits = (
        Pure(),
        ReturnLike(),
        HasParent("scf.execute_region", "scf.for", "scf.if", "scf.index_switch", "scf.while"),
        Terminator(),
    )
    assembly_format = "attr-dict ($values^ `:` type($values))?"


IMPLICIT_YIELD = SingleBlockImplicitTerminator("scf.yield")


def ensure_yield(region: Region, location) -> None:
    """Append the `scf.yield` the text left out."""
    IMPLICIT_YIELD.ensure_terminator(region, lambda loc: YieldOp([], loc=loc), location)


class _ForwardsArgs(RegionBranchTerminatorOpInterface):
    """`scf.condition` forwards its operands but the condition."""

    def successor_operands(self, op, successor: RegionSuccessor) -> list:
        return op.operands[1:]


class ConditionOp(Operation):
    """`scf.condition(%c) %a : i32`: ends the `before` region of an `scf.while`: on true,
    the `after` region runs with the other operands; on false, they are the loop's results."""

    name = "scf.condition"
    condition = operand(I1)
    args = var_operand()
    traits = (Pure(), HasParent("scf.while"), Terminator(), _ForwardsArgs())
    assembly_format = "`(` $condition `)` attr-dict ($args^ `:` type($args))?"
    derived_types = {"condition": i1}


# --- scf.execute_region ----------------------------------------------------------------------
class ExecuteRegionOp(ScfRegionOp):
    """```
    %r = scf.execute_region -> i32 {
      cf.cond_br %c, ^bb1, ^bb2
    ^bb1: ...
    }
    ```
    Runs its region once; the region may hold several blocks and its `scf.yield`s give
    the results. It declares no memory effects, so it is never removed as dead (MLIR 19)."""

    name = "scf.execute_region"
    outs = var_result()
    body = region()
    traits = (RegionBranches(),)

    @classmethod
    def parse(cls, p):
        types = parse_optional_arrow_type_list(p)
        body = p.parse_region()
        attrs = p.parse_optional_attr_dict()
        return cls.create((), types, {}, attrs, [body])

    def print_custom(self, p) -> None:
        print_optional_arrow_type_list(p, self.result_types)
        p.write(" ")
        p.print_region(self.regions[0], False, True)
        print_attributes(p, self)

    def verify_(self) -> None:
        body = self.regions[0]
        if not body.blocks:
            raise self.emit_error("region needs to have at least one block")
        if body.blocks[0].args:
            raise self.emit_error("region cannot have any arguments")
        verify_region_edges(self)

    def successor_regions(self, region):
        if region is None:
            return [RegionSuccessor(self.regions[0], [])]
        return [self.to_parent()]


# --- scf.if ----------------------------------------------------------------------------------
class IfOp(ScfRegionOp):
    """```
    %r = scf.if %c -> (i32) {
      scf.yield %a : i32
    } else {
      scf.yield %b : i32
    }
    ```
    The else region may be empty when the op has no results."""

    name = "scf.if"
    condition = operand(I1)
    outs = var_result()
    then_region = region()
    else_region = region()
    traits = (RegionBranches(), IMPLICIT_YIELD, RecursiveMemoryEffects())

    @classmethod
    def parse(cls, p):
        location = p.loc_at(name_position(p, cls.name))
        condition = p.resolve(p.parse_operand(), i1)
        types = parse_optional_arrow_type_list(p)
        then_region = p.parse_region()
        ensure_yield(then_region, location)
        else_region = Region()
        if p.parse_optional_keyword("else"):
            else_region = p.parse_region()
            ensure_yield(else_region, location)
        attrs = p.parse_optional_attr_dict()
        return cls.create([condition], types, {}, attrs, [then_region, else_region])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        terminators = bool(self.results)
        if terminators:
            p.write(" -> (")
            p.print_type_list(self.result_types)
            p.write(")")
        p.write(" ")
        p.print_region(self.regions[0], False, terminators)
        if self.regions[1].blocks:
            p.write(" else ")
            p.print_region(self.regions[1], False, terminators)
        print_attributes(p, self)

    def verify_(self) -> None:
        for i, body in enumerate(self.regions):  # MLIR's NoRegionArguments
            if body.blocks and body.blocks[0].args:
                raise self.emit_error(f"region #{i} should have no arguments")
        verify_sized_region(self, 0, "thenRegion")
        verify_sized_region(self, 1, "elseRegion", max_blocks_only=True)
        if self.results and not self.regions[1].blocks:
            raise self.emit_error("must have an else block if defining values")
        verify_region_edges(self)
        IMPLICIT_YIELD.verify_terminator(self)

    def successor_regions(self, region):
        if region is not None:
            return [self.to_parent()]
        then_region, else_region = self.regions
        if not else_region.blocks:
            return [RegionSuccessor(then_region, []), RegionSuccessor(None, [])]
        return [RegionSuccessor(then_region, []), RegionSuccessor(else_region, [])]

    def entry_successor_regions(self, operand_constants):
        condition = operand_constants[0] if operand_constants else None
        if not isinstance(condition, IntegerAttr):
            return self.successor_regions(None)
        return [self.successor_regions(None)[0 if condition.value else 1]]

    @property
    def then_yield(self) -> Operation:
        return self.regions[0].blocks[0].last_op

    @property
    def else_yield(self) -> Operation | None:
        blocks = self.regions[1].blocks
        return blocks[0].last_op if blocks else None

    def fold(self, operand_constants):
        """`scf.if !%c` with an else region becomes `scf.if %c` with the regions swapped
        (MLIR's `IfOp::fold`; `!%c` is `arith.xori %c, true`)."""
        then_region, else_region = self.regions
        if not else_region.blocks:
            return None
        negation = self.operand(0)
        xor = getattr(negation, "op", None)
        if not isinstance(xor, XOrIOp) or not constant_int(xor.operand(1)):
            return None
        self.set_operand(0, xor.operand(0))
        then_block, else_block = then_region.blocks[0], else_region.blocks[0]
        then_region.blocks[0], else_region.blocks[0] = else_block, then_block
        then_block.parent, else_block.parent = else_region, then_region
        return list(self.results)


# --- scf.index_switch ------------------------------------------------------------------------
class IndexSwitchOp(ScfRegionOp):
    """```
    %r = scf.index_switch %i -> i32
    case 2 {
      scf.yield %a : i32
    }
    default {
      scf.yield %b : i32
    }
    ```
    Runs the case region whose value equals `%i`, else the default region (region 0)."""

    name = "scf.index_switch"
    arg = operand(index)
    cases = prop(I64_ARRAY)
    outs = var_result()
    default_region = region()
    case_regions = var_region()
    traits = (RecursiveMemoryEffects(), IMPLICIT_YIELD, RegionBranches())

    @classmethod
    def parse(cls, p):
        location = p.loc_at(name_position(p, cls.name))
        arg = p.resolve(p.parse_operand(), index)
        attrs = p.parse_optional_attr_dict()
        types = p.parse_type_list() if p.consume_if("->") else []
        values, regions = [], []
        while p.parse_optional_keyword("case"):
            values.append(p.parse_int_literal("integer value"))
            regions.append(p.parse_region())
        p.parse_keyword("default")
        default = p.parse_region()
        ensure_yield(default, location)
        props = {"cases": DenseArrayAttr(i64, tuple(values))}
        attrs = split_attributes(cls, attrs, props)
        return cls.create([arg], types, props, attrs, [default, *regions])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        print_attributes(p, self, ("cases",))
        if self.results:
            p.write(" -> ")
            p.print_type_list(self.result_types)
        newline = "\n" + " " * p.indent
        p.write(" ")
        for value, case in zip(self.properties["cases"].value, self.regions[1:]):
            p.write(f"{newline}case {value} ")
            p.print_region(case, False, True)
        p.write(newline + "default ")
        default = self.regions[0]
        p.print_region(default, True, not _is_implicit(default))

    def verify_(self) -> None:
        for i in range(len(self.regions)):
            verify_sized_region(self, i, "defaultRegion" if i == 0 else "caseRegions")
        values = self.properties["cases"].value
        if len(values) != len(self.regions) - 1:
            raise self.emit_error(
                f"has {len(self.regions) - 1} case regions but {len(values)} case values"
            )
        seen = set()
        for value in values:
            if value in seen:
                raise self.emit_error(f"has duplicate case value: {value}")
            seen.add(value)
        self._verify_region(self.regions[0], "default region")
        for i, case in enumerate(self.regions[1:]):
            self._verify_region(case, f"case region #{i}")
        verify_region_edges(self)
        IMPLICIT_YIELD.verify_terminator(self)

    def _verify_region(self, body: Region, what: str) -> None:
        last = body.blocks[0].last_op
        if not isinstance(last, YieldOp):
            raise self.emit_error(f"expected region to end with scf.yield, but got {last.name}")
        if len(last.operands) != len(self.results):
            err = self.emit_error(
                f"expected each region to return {len(self.results)} values, but {what} "
                f"returns {len(last.operands)}"
            )
            raise err.attach_note("see yield operation here", last.location)
        for i, (want, value) in enumerate(zip(self.result_types, last.operands)):
            if value.type != want:
                err = self.emit_error(f"expected result #{i} of each region to be '{want}'")
                raise err.attach_note(f"{what} returns '{value.type}' here", last.location)

    def region_for(self, value: int) -> Region:
        """The region that runs when the argument is `value`."""
        for case, body in zip(self.properties["cases"].value, self.regions[1:]):
            if case == value:
                return body
        return self.regions[0]

    def successor_regions(self, region):
        if region is not None:
            return [self.to_parent()]
        return [RegionSuccessor(r, []) for r in self.regions]

    def entry_successor_regions(self, operand_constants):
        arg = operand_constants[0] if operand_constants else None
        if not isinstance(arg, IntegerAttr):
            return self.successor_regions(None)
        return [RegionSuccessor(self.region_for(arg.value), [])]


def _is_implicit(body: Region) -> bool:
    """The region's terminator may be left out of the text: it has no operands, results or
    attributes (what ODS-generated printers check for SingleBlockImplicitTerminator)."""
    if not body.blocks:
        return False
    last = body.blocks[0].last_op
    return last is not None and not (
        last.operands or last.results or last.attributes or last.properties
    )
