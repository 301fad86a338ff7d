"""The parallel scf loops of MLIR 19: `scf.parallel` (with `scf.reduce` and
`scf.reduce.return`) and `scf.forall` (with `scf.forall.in_parallel`), with their syntax,
verifiers (in MLIR's order and wording), `LoopLike` and `RegionBranchOpInterface`."""

from __future__ import annotations

from mlc.dialects.scf.interfaces import (
    RegionBranches,
    SingleBlockImplicitTerminator,
    verify_region_edges,
    verify_sized_region,
)
from mlc.dialects.scf.loops import entry_args, loop_body, terminator_here
from mlc.dialects.scf.ops import I64_ARRAY, ScfRegionOp
from mlc.dialects.scf.syntax import (
    name_position,
    parse_argument_list,
    parse_assignment_list,
    parse_dynamic_index_list,
    parse_optional_arrow_type_list,
    parse_paren_operands,
    print_attributes,
    print_dynamic_index_list,
    print_initialization_list,
    print_optional_arrow_type_list,
    region_arguments,
    split_attributes,
)
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr
from mlc.ir.block import Block, Region
from mlc.ir.constraints import INDEX, Constraint, isa
from mlc.ir.effects import RecursiveMemoryEffects
from mlc.ir.opdef import operand, opt_prop, prop, region, var_operand, var_region, var_result
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.syntax.dynamic_index_list import resolve_indices
from mlc.ir.traits import (
    AutomaticAllocationScope,
    GraphRegion,
    HasParent,
    LoopLike,
    NoTerminator,
    Pure,
    RegionBranchTerminatorOpInterface,
    RegionSuccessor,
    SingleBlock,
    Terminator,
)
from mlc.ir.types import DYNAMIC, IndexType, RankedTensorType, i32, i64, index

RANKED_TENSOR = isa(RankedTensorType, description="ranked tensor of any type values")
# No attribute of mlc implements MLIR's `DeviceMappingAttrInterface` (gpu's do): only an
# empty mapping verifies, as in mlir-opt without the gpu dialect.
DEVICE_MAPPING_ARRAY = Constraint(
    lambda a: isinstance(a, ArrayAttr) and not a.value, "Device Mapping array attribute"
)


# --- scf.parallel ----------------------------------------------------------------------------
class _ForwardsNothing(RegionBranchTerminatorOpInterface):
    """`scf.reduce` hands nothing to the next iteration: its values go to the reductions."""

    def successor_operands(self, op, successor: RegionSuccessor) -> list:
        return []


class ReduceOp(Operation):
    """```
    scf.reduce(%v : f32) {
    ^bb0(%lhs: f32, %rhs: f32):
      %s = arith.addf %lhs, %rhs : f32
      scf.reduce.return %s : f32
    }
    ```
    Ends an `scf.parallel` body: each operand is combined into the matching result of the
    loop by the matching region."""

    name = "scf.reduce"
    values = var_operand()
    reductions = var_region()
    traits = (HasParent("scf.parallel"), Terminator(), RecursiveMemoryEffects(), _ForwardsNothing())

    @classmethod
    def parse(cls, p):
        refs, types, pos = [], [], p.pos
        if p.consume_if("("):
            refs = p.parse_operand_list()
            types = p.parse_colon_type_list()
            p.expect(")")
        regions = []
        if p.text == "{":
            regions.append(p.parse_region())
            while p.consume_if(","):
                regions.append(p.parse_region())
        attrs = p.parse_optional_attr_dict()
        return cls.create(p.resolve_operands(refs, types, pos), (), {}, attrs, regions)

    def print_custom(self, p) -> None:
        if self.operands:
            p.write("(")
            p.print_operands(self.operands)
            p.write(" : ")
            p.print_type_list([v.type for v in self.operands])
            p.write(")")
        p.write(" ")
        for i, reduction in enumerate(self.regions):
            if i:
                p.write(", ")
            p.print_region(reduction)
        print_attributes(p, self)

    def verify_(self) -> None:
        if len(self.regions) != len(self.operands):  # mlc only: MLIR reads past the operands
            raise self.emit_error(
                f"expects one reduction region per operand: {len(self.regions)} regions for "
                f"{len(self.operands)} operands"
            )
        for i, (value, reduction) in enumerate(zip(self.operands, self.regions)):
            if len(reduction.blocks) != 1:
                raise self.emit_error(
                    f"region #{i} ('reductions') failed to verify constraint: region with 1 blocks"
                )
            block = reduction.blocks[0]
            if block.first_op is None:
                continue  # the block verifier reports it first in MLIR
            if len(block.args) != 2 or any(a.type != value.type for a in block.args):
                raise self.emit_error(
                    f"expected two block arguments with type '{value.type}' in the {i}-th "
                    "reduction region"
                )
            if not isinstance(block.last_op, ReduceReturnOp):
                raise self.emit_error(
                    "reduction bodies must be terminated with an 'scf.reduce.return' op"
                )


class ReduceReturnOp(Operation):
    """`scf.reduce.return %s : f32`: the combined value of a reduction region."""

    name = "scf.reduce.return"
    result_ = operand()
    traits = (HasParent("scf.reduce"), Pure(), Terminator())
    assembly_format = "$result_ attr-dict `:` type($result_)"

    def verify_(self) -> None:
        expected = self.parent.args[0].type if self.parent.args else None
        if self.operand(0).type != expected:
            raise self.emit_error(f"must have type '{expected}' (the type of the reduction inputs)")


IMPLICIT_REDUCE = SingleBlockImplicitTerminator("scf.reduce")


class ParallelOp(ScfRegionOp):
    """```
    %r = scf.parallel (%i, %j) = (%a, %b) to (%c, %d) step (%e, %f) init (%z) -> f32 {
      ...
      scf.reduce(%v : f32) { ... }
    }
    ```
    Runs the body for every point of the iteration space, in any order; results combine
    the initial values with what each iteration hands `scf.reduce`."""

    name = "scf.parallel"
    lowerBound = var_operand(INDEX)
    upperBound = var_operand(INDEX)
    step = var_operand(INDEX)
    initVals = var_operand()
    outs = var_result()
    body = region()
    traits = (
        AutomaticAllocationScope(),
        LoopLike(),
        RecursiveMemoryEffects(),
        RegionBranches(),
        IMPLICIT_REDUCE,
    )

    @classmethod
    def parse(cls, p):
        name_pos = name_position(p, cls.name)
        ivs = parse_argument_list(p)
        p.expect("=")
        bounds = []
        for keyword in (None, "to", "step"):
            if keyword is not None:
                p.parse_keyword(keyword)
            pos = p.pos
            bounds.append(resolve_indices(p, parse_paren_operands(p, len(ivs)), pos))
        inits = parse_paren_operands(p) if p.parse_optional_keyword("init") else []
        types = parse_optional_arrow_type_list(p)
        body = p.parse_region(region_arguments(ivs, [index] * len(ivs), p))
        attrs = p.parse_optional_attr_dict()
        if len(inits) != len(types):
            raise p.error(
                f"number of operands and types do not match: got {len(inits)} operands and "
                f"{len(types)} types",
                name_pos,
            )
        operands = [*bounds[0], *bounds[1], *bounds[2], *p.resolve_operands(inits, types)]
        sizes = DenseArrayAttr(i32, (len(ivs), len(ivs), len(ivs), len(inits)))
        props = {"operandSegmentSizes": sizes}
        attrs = split_attributes(cls, attrs, props)
        IMPLICIT_REDUCE.ensure_terminator(
            body, lambda loc: ReduceOp([], loc=loc), p.loc_at(name_pos)
        )
        return cls.create(operands, types, props, attrs, [body])

    def print_custom(self, p) -> None:
        groups = [self.induction_vars, self.lowerBound, self.upperBound, self.step]
        for text, values in zip((" (", ") = (", ") to (", ") step ("), groups):
            p.write(text)
            p.print_operands(values)
        p.write(")")
        if self.initVals:
            p.write(" init (")
            p.print_operands(self.initVals)
            p.write(")")
        print_optional_arrow_type_list(p, self.result_types)
        p.write(" ")
        p.print_region(self.regions[0], False, True)
        print_attributes(p, self, ("operandSegmentSizes",))

    @property
    def induction_vars(self) -> list:
        return entry_args(self.regions[0])

    def loop_regions(self) -> list[Region]:
        return [self.regions[0]]

    def successor_regions(self, region):
        return [RegionSuccessor(self.regions[0], []), RegionSuccessor(None, [])]

    def verify_(self) -> None:
        verify_sized_region(self, 0, "region")
        steps = self.step
        if not len(self.lowerBound) == len(self.upperBound) == len(steps):  # mlc only
            raise self.emit_error(
                "expects as many lower bounds, upper bounds and steps as induction variables"
            )
        if not steps:
            raise self.emit_error(
                "needs at least one tuple element for lowerBound, upperBound and step"
            )
        for value in steps:
            step = constant_int(value)
            if step is not None and step <= 0:
                raise self.emit_error("constant step operand must be positive")
        args = loop_body(self).args
        if len(args) != len(steps):
            raise self.emit_error(
                f"expects the same number of induction variables: {len(args)} as bound and "
                f"step values: {len(steps)}"
            )
        if any(not isinstance(a.type, IndexType) for a in args):
            raise self.emit_error(
                "expects arguments for the induction variable to be of index type"
            )
        reduce = loop_body(self).last_op
        if not isinstance(reduce, ReduceOp):
            err = self.emit_error("expects body to terminate with 'scf.reduce'")
            raise terminator_here(err, self.regions[0])
        results, inits = len(self.results), len(self.initVals)
        if results != len(reduce.regions):
            raise self.emit_error(
                f"expects number of results: {results} to be the same as number of "
                f"reductions: {len(reduce.regions)}"
            )
        if results != inits:
            raise self.emit_error(
                f"expects number of results: {results} to be the same as number of initial "
                f"values: {inits}"
            )
        for i, (result, value) in enumerate(zip(self.results, reduce.operands)):
            if result.type != value.type:
                raise reduce.emit_error(
                    f"expects type of {i}-th reduction operand: '{value.type}' to be the same "
                    f"as the {i}-th result type: '{result.type}'"
                )
        verify_region_edges(self)
        IMPLICIT_REDUCE.verify_terminator(self)


# --- scf.forall ------------------------------------------------------------------------------
class InParallelOp(Operation):
    """`scf.forall.in_parallel { ... }`: ends an `scf.forall` body; its ops (MLIR 19:
    `tensor.parallel_insert_slice` only) say how each iteration contributes to the shared
    outputs."""

    name = "scf.forall.in_parallel"
    body = region()
    traits = (
        Pure(),
        HasParent("scf.forall"),
        Terminator(),
        NoTerminator(),
        SingleBlock(),
        GraphRegion(),
    )

    def __init__(self, loc=None) -> None:
        self._init((), (), {}, None, [Region([Block()])], (), loc)

    @classmethod
    def parse(cls, p):
        body = p.parse_region()
        if not body.blocks:
            body.add_block(Block())
        attrs = p.parse_optional_attr_dict()
        return cls.create((), (), {}, attrs, [body])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_region(self.regions[0], False, False)
        print_attributes(p, self)

    def verify_(self) -> None:
        forall = self.parent_op
        for op in self.regions[0].blocks[0].ops:
            if op.name != "tensor.parallel_insert_slice":
                raise self.emit_error("expected only tensor.parallel_insert_slice ops")
            if op.operand(1) not in forall.region_out_args:
                raise op.emit_error("may only insert into an output block argument")


IMPLICIT_IN_PARALLEL = SingleBlockImplicitTerminator("scf.forall.in_parallel")


class ForallOp(ScfRegionOp):
    """```
    %r = scf.forall (%i, %j) in (%n, 4) shared_outs(%o = %t) -> (tensor<4xf32>) {
      ...
    }
    ```
    Runs the body for every point of the iteration space, in parallel; bounds and steps
    are constants or index operands (`= (lbs) to (ubs) step (steps)` unless all lower
    bounds are 0 and steps 1). Each result is its shared output as the
    `scf.forall.in_parallel` ops of all iterations leave it."""

    name = "scf.forall"
    dynamicLowerBound = var_operand(INDEX)
    dynamicUpperBound = var_operand(INDEX)
    dynamicStep = var_operand(INDEX)
    staticLowerBound = prop(I64_ARRAY)
    staticUpperBound = prop(I64_ARRAY)
    staticStep = prop(I64_ARRAY)
    outputs = var_operand(RANKED_TENSOR)
    mapping = opt_prop(DEVICE_MAPPING_ARRAY)
    outs = var_result()
    body = region()
    traits = (
        AutomaticAllocationScope(),
        LoopLike(),
        RecursiveMemoryEffects(),
        IMPLICIT_IN_PARALLEL,
        RegionBranches(),
    )
    _STATIC = ("staticLowerBound", "staticUpperBound", "staticStep")

    @classmethod
    def parse(cls, p):
        name_pos = name_position(p, cls.name)
        ivs = parse_argument_list(p)
        rank = len(ivs)
        dynamic, static = [[], [], []], [[0] * rank, None, [1] * rank]

        def bound(part: int) -> None:
            pos = p.pos
            refs, static[part] = parse_dynamic_index_list(p)
            dynamic[part] = resolve_indices(p, refs, pos)

        if p.parse_optional_keyword("in"):
            bound(1)
        else:
            p.expect("=")
            bound(0)
            p.parse_keyword("to")
            bound(1)
            p.parse_keyword("step")
            bound(2)
        args, refs, types = [], [], []
        pos = p.pos
        if p.parse_optional_keyword("shared_outs"):
            args, refs = parse_assignment_list(p)
            types = parse_optional_arrow_type_list(p)
            outputs = p.resolve_operands(refs, types, pos)
        else:
            outputs = []
        body = p.parse_region(region_arguments([*ivs, *args], [index] * rank + types, p))
        IMPLICIT_IN_PARALLEL.ensure_terminator(body, lambda loc: InParallelOp(loc=loc),
                                               p.loc_at(name_pos))  # fmt: skip
        attrs = p.parse_optional_attr_dict()
        props = {name: DenseArrayAttr(i64, tuple(s)) for name, s in zip(cls._STATIC, static)}
        props["operandSegmentSizes"] = DenseArrayAttr(i32, (*map(len, dynamic), len(outputs)))
        attrs = split_attributes(cls, attrs, props)
        return cls.create([*dynamic[0], *dynamic[1], *dynamic[2], *outputs], types, props,
                          attrs, [body])  # fmt: skip

    def print_custom(self, p) -> None:
        p.write(" (")
        p.print_operands(self.induction_vars)
        groups = (self.dynamicLowerBound, self.dynamicUpperBound, self.dynamicStep)
        statics = [self.properties[name].value for name in self._STATIC]
        if self.is_normalized():
            p.write(") in ")
            print_dynamic_index_list(p, groups[1], statics[1])
        else:
            p.write(") = ")
            for text, values, static in zip(("", " to ", " step "), groups, statics):
                p.write(text)
                print_dynamic_index_list(p, values, static)
        print_initialization_list(p, self.region_out_args, self.outputs, " shared_outs")
        p.write(" ")
        if self.results:
            p.write("-> (")
            p.print_type_list(self.result_types)
            p.write(") ")
        p.print_region(self.regions[0], False, bool(self.results))
        print_attributes(p, self, ("operandSegmentSizes", *self._STATIC))

    @property
    def rank(self) -> int:
        return len(self.properties["staticLowerBound"].value)

    @property
    def induction_vars(self) -> list:
        return entry_args(self.regions[0])[: self.rank]

    @property
    def region_out_args(self) -> list:
        return entry_args(self.regions[0])[self.rank :]

    def mixed_bounds(self) -> tuple[list, list, list]:
        """Lower bounds, upper bounds and steps: ints, or the index operands of the
        `DYNAMIC` entries (MLIR's `OpFoldResult`s)."""
        groups = (self.dynamicLowerBound, self.dynamicUpperBound, self.dynamicStep)
        mixed = []
        for name, values in zip(self._STATIC, groups):
            operands = iter(values)
            static = self.properties[name].value
            mixed.append([next(operands) if s == DYNAMIC else s for s in static])
        return tuple(mixed)

    def is_normalized(self) -> bool:
        """All lower bounds are 0 and all steps 1, constants or constant operands."""
        lbs, _, steps = self.mixed_bounds()

        def value(entry):
            return entry if isinstance(entry, int) else constant_int(entry)

        return all(value(v) == 0 for v in lbs) and all(value(v) == 1 for v in steps)

    def loop_regions(self) -> list[Region]:
        return [self.regions[0]]

    def successor_regions(self, region):
        return [RegionSuccessor(self.regions[0], []), RegionSuccessor(None, [])]

    def combining_ops(self, out_arg) -> list[Operation]:
        """The ops of the terminator that write `out_arg` (MLIR's `getCombiningOps`)."""
        terminator = loop_body(self).last_op
        if not isinstance(terminator, InParallelOp):
            return []
        return [op for op in terminator.regions[0].blocks[0].ops if op.operand(1) is out_arg]

    def verify_(self) -> None:
        verify_sized_region(self, 0, "region")
        rank, outputs = self.rank, self.outputs
        if len(self.results) != len(outputs):
            raise self.emit_error(
                f"produces {len(self.results)} results, but has only {len(outputs)} outputs"
            )
        args = loop_body(self).args
        if len(args) != rank + len(outputs):
            raise self.emit_error(f"region expects {rank} arguments")
        for i in range(rank):
            if not isinstance(args[i].type, IndexType):
                raise self.emit_error(f"expects {i}-th block argument to be an index")
        for i, output in enumerate(outputs):
            if args[rank + i].type != output.type:
                raise self.emit_error(
                    f"type mismatch between {i}-th output and corresponding block argument"
                )
        mapping = self.properties.get("mapping")
        if mapping is not None and mapping.value and len(mapping.value) != rank:
            raise self.emit_error("mapping attribute size must match op rank")
        groups = (self.dynamicLowerBound, self.dynamicUpperBound, self.dynamicStep)
        for what, name, values in zip(("lower bound", "upper bound", "step"), self._STATIC,
                                      groups):  # fmt: skip
            static = self.properties[name].value
            if len(static) != rank:
                raise self.emit_error(
                    f"expected {rank} {what} values, got {len(static)}", op_prefix=False
                )
            dynamic = sum(1 for s in static if s == DYNAMIC)
            if len(values) != dynamic:
                raise self.emit_error(f"expected {dynamic} dynamic {what} values", op_prefix=False)
        verify_region_edges(self)
        IMPLICIT_IN_PARALLEL.verify_terminator(self)
