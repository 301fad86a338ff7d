"""The cf ops of MLIR 19: `cf.br`, `cf.cond_br`, `cf.switch` and `cf.assert`, with their
syntax, verifiers and `BranchOpInterface`.

MLIR 19's `cf.cond_br` has no branch weights (they came with MLIR 20): a `branch_weights`
attribute written on one is an ordinary discardable attribute, kept and printed as such, as
mlir-opt 19 does.
"""

from __future__ import annotations

from mlc.ir.attributes import DenseArrayAttr, IntegerAttr, StringAttr
from mlc.ir.block import Block
from mlc.ir.constraints import Constraint, isa
from mlc.ir.opdef import operand, opt_prop, prop, successor, var_operand, var_successor
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    BranchOpInterface,
    MemoryEffects,
    Pure,
    Terminator,
    Trait,
    set_branch_operands,
)
from mlc.ir.types import IntegerType, VectorType, i1, i32

I1 = Constraint(lambda t: t == i1, "1-bit signless integer")
ANY_INTEGER = isa(IntegerType, description="integer")


def _int_elements(a) -> bool:
    from mlc.ir.dense import DenseElementsAttr  # loads numpy: only when verifying a switch

    return isinstance(a, DenseElementsAttr) and isinstance(a.type.element_type, IntegerType)


INT_ELEMENTS = Constraint(_int_elements, "integer elements attribute")
I32_ARRAY = Constraint(
    lambda a: isinstance(a, DenseArrayAttr) and a.element_type == i32,
    "i32 dense array attribute",
)


class Branches(BranchOpInterface):
    """The cf branches say which operands go to which successor (`successor_groups`) and,
    given constant operands, which successor is taken (`taken_successor`). Verification
    checks every successor's operands against its block's arguments, with MLIR's
    `verifyBranchSuccessorOperands` messages."""

    def successor_operands(self, op, index: int) -> list:
        return op.successor_groups()[index]

    def successor_for_operands(self, op, operand_constants: list):
        return op.taken_successor(operand_constants)

    def verify(self, op) -> None:
        for i, (dest, values) in enumerate(zip(op.successors, op.successor_groups())):
            if len(values) != len(dest.args):
                raise op.emit_error(
                    f"branch has {len(values)} operands for successor #{i}, but target block "
                    f"has {len(dest.args)}",
                    op_prefix=False,
                )
            for k, (value, arg) in enumerate(zip(values, dest.args)):
                if value.type != arg.type:
                    raise op.emit_error(
                        f"type mismatch for bb argument #{k} of successor #{i}", op_prefix=False
                    )


def parse_successor_and_operands(p) -> tuple[Block, list, list]:
    """`^bb1` or `^bb1(%a, %b : i32, f32)`: (block, operand refs, their types)."""
    block = p.parse_successor()
    if not p.consume_if("("):
        return block, [], []
    refs = p.parse_operand_list()
    types = p.parse_colon_type_list()
    p.expect(")")
    return block, refs, types


def print_successor_and_operands(p, block: Block, values) -> None:
    """MLIR's `printSuccessorAndUseList`."""
    p.print_successor(block)
    if values:
        p.write("(")
        p.print_operands(values)
        p.write(" : ")
        p.print_type_list([v.type for v in values])
        p.write(")")


class CaseOperandSegments(Trait):
    """`case_operand_segments` sizes `caseOperands` exactly (ODS's check of a
    `VariadicOfVariadic` operand group, which runs before the branch interface's)."""

    def verify(self, op) -> None:
        sizes = op.properties["case_operand_segments"].value
        count = len(op.caseOperands)
        if sum(sizes) != count:
            raise op.emit_error(
                f"caseOperands count ({count}) does not match with the total size ({sum(sizes)})"
                " specified in attribute 'case_operand_segments'"
            )


class CfOp(Operation):
    """A cf op with canonicalization patterns (ODS `hasCanonicalizer`); they live apart, in
    `canonicalization.py`, which imports this module."""

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.cf.canonicalization import PATTERNS

        return PATTERNS[cls]


class BranchOp(CfOp):
    """`cf.br ^bb1(%a : i32)`: jump to a block, passing it values."""

    name = "cf.br"
    destOperands = var_operand()
    dest = successor()
    traits = (Pure(), Terminator(), Branches())
    assembly_format = "$dest (`(` $destOperands^ `:` type($destOperands) `)`)? attr-dict"

    def __init__(self, dest: Block, operands=(), loc=None) -> None:
        self._init(operands, (), {}, None, (), [dest], loc)

    def successor_groups(self) -> list:
        return [self.operands]

    def set_successor_groups(self, groups: list) -> None:
        set_branch_operands(self, [], groups)

    def taken_successor(self, operand_constants):
        return self.successors[0]


class CondBranchOp(CfOp):
    """`cf.cond_br %c, ^bb1(%a : i32), ^bb2`: jump to the first block if `%c` is true, else
    to the second; the two may be the same block."""

    name = "cf.cond_br"
    condition = operand(I1)
    trueDestOperands = var_operand()
    falseDestOperands = var_operand()
    trueDest = successor()
    falseDest = successor()
    traits = (Pure(), Terminator(), Branches())
    assembly_format = (
        "$condition `,` $trueDest (`(` $trueDestOperands^ `:` type($trueDestOperands) `)`)? "
        "`,` $falseDest (`(` $falseDestOperands^ `:` type($falseDestOperands) `)`)? attr-dict"
    )
    derived_types = {"condition": i1}

    def __init__(self, condition, true_dest: Block, true_operands, false_dest: Block,
                 false_operands, loc=None) -> None:  # fmt: skip
        sizes = DenseArrayAttr(i32, (1, len(true_operands), len(false_operands)))
        operands = [condition, *true_operands, *false_operands]
        props = {"operandSegmentSizes": sizes}
        self._init(operands, (), props, None, (), [true_dest, false_dest], loc)

    def successor_groups(self) -> list:
        return [self.trueDestOperands, self.falseDestOperands]

    def set_successor_groups(self, groups: list) -> None:
        set_branch_operands(self, [self.operand(0)], groups)

    def taken_successor(self, operand_constants):
        condition = operand_constants[0] if operand_constants else None
        if not isinstance(condition, IntegerAttr):
            return None
        return self.successors[0 if condition.value else 1]


class SwitchOp(CfOp):
    """```
    cf.switch %flag : i32, [
      default: ^bb1(%a : i32),
      42: ^bb2,
      -1: ^bb3(%b : f32)
    ]
    ```
    Case values are stored at the flag's width and print unsigned, as MLIR prints them
    (`-1` on an `i32` prints as `4294967295`). Each case's operands are a slice of
    `caseOperands`, sized by `case_operand_segments`."""

    name = "cf.switch"
    flag = operand(ANY_INTEGER)
    defaultOperands = var_operand()
    caseOperands = var_operand()
    case_values = opt_prop(INT_ELEMENTS)
    case_operand_segments = prop(I32_ARRAY)
    defaultDestination = successor()
    caseDestinations = var_successor()
    traits = (Pure(), Terminator(), CaseOperandSegments(), Branches())

    def __init__(self, flag, default_dest: Block, default_operands, case_values=(),
                 case_dests=(), case_operands=(), loc=None) -> None:  # fmt: skip
        """`case_values` are Python ints, wrapped to the flag's width; `case_operands` has
        one list of values per case."""
        case_operands = [list(group) for group in case_operands] or [[] for _ in case_dests]
        props = {
            "case_operand_segments": DenseArrayAttr(i32, tuple(len(g) for g in case_operands)),
            "operandSegmentSizes": DenseArrayAttr(
                i32, (1, len(default_operands), sum(len(g) for g in case_operands))
            ),
        }
        if case_values:
            props["case_values"] = case_values_attr(list(case_values), flag.type)
        operands = [flag, *default_operands, *(v for g in case_operands for v in g)]
        self._init(operands, (), props, None, (), [default_dest, *case_dests], loc)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        flag = p.parse_operand()
        p.expect(":")
        type_pos = p.pos
        flag_type = p.parse_type()
        if not isinstance(flag_type, IntegerType):  # ODS reads `type($flag)` as an integer
            raise p.error("invalid kind of type specified", type_pos)
        p.expect(",")
        p.expect("[")
        if not p.parse_optional_keyword("default"):  # MLIR points at the token found
            raise p.error("expected 'default'", p.pos)
        p.expect(":")
        default, default_refs, default_types = parse_successor_and_operands(p)
        values, blocks, case_refs, case_types, segments = [], [], [], [], []
        while p.consume_if(","):
            if p.kind != "integer" and p.text != "-":
                raise p.error("expected integer value", p.pos)
            values.append(p.parse_int_literal())
            p.expect(":")
            block, refs, types = parse_successor_and_operands(p)
            blocks.append(block)
            case_refs.extend(refs)
            case_types.extend(types)
            segments.append(len(refs))
        p.expect("]")
        attrs = p.parse_optional_attr_dict()
        props = {"case_operand_segments": DenseArrayAttr(i32, tuple(segments))}
        if values:
            props["case_values"] = case_values_attr(values, flag_type)
        for name in [k for k in attrs if k in cls.definition.props_by_name]:
            props[name] = attrs.pop(name)
        operands = p.resolve_operands(
            [flag, *default_refs, *case_refs], [flag_type, *default_types, *case_types], pos
        )
        props["operandSegmentSizes"] = DenseArrayAttr(i32, (1, len(default_refs), len(case_refs)))
        return cls.create(operands, [], props, attrs, (), [default, *blocks])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write(" : ")
        p.print_type(self.operand(0).type)
        indent = "\n" + " " * p.indent
        p.write(", [" + indent + "  default: ")
        groups = self.successor_groups()
        successors = self.successors
        print_successor_and_operands(p, successors[0], groups[0])
        values = self.case_value_list()
        if values is not None:
            width = self.operand(0).type.width
            for i, value in enumerate(values):
                p.write(f",{indent}  {value % (1 << width)}: ")
                print_successor_and_operands(p, successors[i + 1], groups[i + 1])
            p.write(indent)
        p.write("]")
        elided = ("case_values", "case_operand_segments", "operandSegmentSizes")
        p.print_optional_attr_dict({**self.properties, **self.attributes}, elided)

    def case_value_list(self) -> list[int] | None:
        """The case values as Python ints, or None when the switch has no cases."""
        values = self.properties.get("case_values")
        return None if values is None else [int(v) for v in values.array.ravel().tolist()]

    def successor_groups(self) -> list:
        """The default operands, then each case's operands."""
        groups = [self.defaultOperands]
        cases, start = self.caseOperands, 0
        for size in self.properties["case_operand_segments"].value:
            groups.append(cases[start : start + size])
            start += size
        return groups

    def set_successor_groups(self, groups: list) -> None:
        set_branch_operands(self, [self.operand(0)], groups)

    def taken_successor(self, operand_constants):
        values = self.case_value_list()
        if values is None:
            return self.successors[0]
        flag = operand_constants[0] if operand_constants else None
        if not isinstance(flag, IntegerAttr):
            return None
        mask = (1 << self.operand(0).type.width) - 1
        for i, value in enumerate(values):
            if (value - flag.value) & mask == 0:
                return self.successors[i + 1]
        return self.successors[0]

    def verify_(self) -> None:
        cases = len(self.successors) - 1
        segments = self.properties["case_operand_segments"].value
        case_values = self.properties.get("case_values")
        if case_values is None:
            if cases:  # mlc only: MLIR dereferences the missing attribute
                raise self.emit_error(
                    f"number of case values (0) should match number of case destinations ({cases})"
                )
            return
        flag_type = self.operand(0).type
        value_type = case_values.type.element_type
        if value_type != flag_type:
            raise self.emit_error(
                f"'flag' type ('{flag_type}') should match case value type ('{value_type}')"
            )
        count = case_values.array.size
        if count != cases:
            raise self.emit_error(
                f"number of case values ({count}) should match number of case destinations "
                f"({cases})"
            )
        if len(segments) != cases:  # mlc only: MLIR would read past the segments
            raise self.emit_error(
                f"'case_operand_segments' has {len(segments)} sizes for {cases} case destinations"
            )


def case_values_attr(values: list[int], flag_type):
    """`dense<[...]> : vector<N x flag_type>`, values reduced to the flag's width as
    MLIR's `APInt(bitWidth, value)` does."""
    from mlc.ir.dense import DenseElementsAttr  # loads numpy: only when a switch has cases
    from mlc.ir.types import UNSIGNED

    width = flag_type.width
    wrapped = [v % (1 << width) for v in values]
    if flag_type.signedness != UNSIGNED and width > 1:
        half = 1 << (width - 1)
        wrapped = [v - (half << 1) if v >= half else v for v in wrapped]
    return DenseElementsAttr.from_array(wrapped, VectorType((len(values),), flag_type))


class AssertOp(CfOp):
    """`cf.assert %ok, "message"`: aborts the program when `%ok` is false. It writes memory
    as far as passes know (MLIR's `getEffects`), so it is never dropped as dead."""

    name = "cf.assert"
    arg = operand(I1)
    msg = prop(StringAttr)
    traits = (MemoryEffects("write"),)
    assembly_format = "$arg `,` $msg attr-dict"
    derived_types = {"arg": i1}


ALL_OPS = [BranchOp, CondBranchOp, SwitchOp, AssertOp]
