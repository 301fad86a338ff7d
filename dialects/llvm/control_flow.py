"""Terminators of the llvm dialect: `llvm.br`, `llvm.cond_br`, `llvm.switch`, `llvm.return`,
`llvm.unreachable`, with MLIR 19's syntax and their `BranchOpInterface`."""

from __future__ import annotations

from mlc.dialects.llvm.constraints import I1, I32_ARRAY, INT, LLVM_TYPE
from mlc.dialects.llvm.syntax import (
    parse_integer_array,
    print_integer_array,
    print_op_attrs,
    split_attributes,
)
from mlc.dialects.llvm.types import is_signless_integer
from mlc.ir.attributes import DenseArrayAttr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import operand, opt_operand, opt_prop, prop, successor, var_operand, var_successor
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    BranchOpInterface,
    Pure,
    ReturnLike,
    Terminator,
    set_branch_operands,
)
from mlc.ir.types import IntegerType, VectorType, i1, i32


def _int_elements(a) -> bool:
    from mlc.ir.dense import DenseElementsAttr  # loads numpy: only when verifying a switch

    return (
        isinstance(a, DenseElementsAttr)
        and isinstance(a.type, VectorType)
        and is_signless_integer(a.type.element_type)
    )


_CASE_VALUES = Constraint(_int_elements, "integer elements attribute")


def _parse_successor_operands(p) -> tuple:
    """`^bb1` or `^bb1(%a, %b : i32, f32)`: (block, operand refs, types)."""
    block = p.parse_successor()
    if not p.consume_if("("):
        return block, [], []
    refs = p.parse_operand_list()
    p.expect(":")
    types = p.parse_type_list()
    p.expect(")")
    return block, refs, types


def _print_successor_operands(p, block, values) -> None:
    """MLIR's `printSuccessorAndUseList`."""
    p.print_successor(block)
    if values:
        p.write("(")
        p.print_operands(values)
        p.write(" : ")
        p.print_type_list([v.type for v in values])
        p.write(")")


class _Branches(BranchOpInterface):
    """The branch ops say which operands go to which successor (`successor_groups`). As in
    MLIR 19, none tells the successor taken for constant operands (the llvm ops do not
    implement `getSuccessorForOperands`), so `sccp` keeps every edge of an `llvm.cond_br`."""

    def successor_operands(self, op, index: int) -> list:
        return op.successor_groups()[index]


class BrOp(Operation):
    """`llvm.br ^bb1(%a : i32)`."""

    name = "llvm.br"
    destOperands = var_operand(LLVM_TYPE)
    dest = successor()
    traits = (Pure(), Terminator(), _Branches())
    assembly_format = "$dest (`(` $destOperands^ `:` type($destOperands) `)`)? attr-dict"

    def successor_groups(self) -> list:
        return [self.operands]

    def set_successor_groups(self, groups: list) -> None:
        set_branch_operands(self, [], groups)


class CondBrOp(Operation):
    """`llvm.cond_br %c weights([3, 5]), ^bb1(%a : i32), ^bb2`."""

    name = "llvm.cond_br"
    condition = operand(I1)
    trueDestOperands = var_operand(LLVM_TYPE)
    falseDestOperands = var_operand(LLVM_TYPE)
    branch_weights = opt_prop(I32_ARRAY)
    trueDest = successor()
    falseDest = successor()
    traits = (Pure(), Terminator(), _Branches())

    @classmethod
    def parse(cls, p):
        pos = p.pos
        condition = p.parse_operand()
        props = {}
        if p.parse_optional_keyword("weights"):
            p.expect("(")
            props["branch_weights"] = parse_integer_array(p, i32)
            p.expect(")")
        p.expect(",")
        true_dest, true_refs, true_types = _parse_successor_operands(p)
        p.expect(",")
        false_dest, false_refs, false_types = _parse_successor_operands(p)
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        operands = p.resolve_operands(
            [condition, *true_refs, *false_refs],
            [i1, *true_types, *false_types],
            pos,
        )
        props["operandSegmentSizes"] = DenseArrayAttr(i32, (1, len(true_refs), len(false_refs)))
        return cls.create(operands, [], props, attrs, (), [true_dest, false_dest])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        weights = self.properties.get("branch_weights")
        if weights is not None:
            p.write(" weights(")
            print_integer_array(p, weights)
            p.write(")")
        true_operands, false_operands = self.successor_groups()
        p.write(", ")
        _print_successor_operands(p, self.successors[0], true_operands)
        p.write(", ")
        _print_successor_operands(p, self.successors[1], false_operands)
        print_op_attrs(p, self, ("branch_weights", "operandSegmentSizes"))

    def successor_groups(self) -> list:
        return [self.trueDestOperands, self.falseDestOperands]

    def set_successor_groups(self, groups: list) -> None:
        set_branch_operands(self, [self.operand(0)], groups)


class SwitchOp(Operation):
    """```
    llvm.switch %v : i32, ^default(%a : i32) [
      1: ^bb1,
      -2: ^bb2(%b : f32)
    ]
    ```
    Case values print unsigned, as MLIR prints them (`-1 : i8` is `255`). Each case's
    operands are a slice of `caseOperands`, sized by `case_operand_segments`."""

    name = "llvm.switch"
    value = operand(INT)
    defaultOperands = var_operand()
    caseOperands = var_operand()
    case_values = opt_prop(_CASE_VALUES)
    case_operand_segments = prop(I32_ARRAY)
    branch_weights = opt_prop(I32_ARRAY)
    defaultDestination = successor()
    caseDestinations = var_successor()
    traits = (Pure(), Terminator(), _Branches())

    @classmethod
    def parse(cls, p):
        pos = p.pos
        value = p.parse_operand()
        p.expect(":")
        type_pos = p.pos
        flag_type = p.parse_type()
        if not isinstance(flag_type, IntegerType):  # ODS reads `type($value)` as an integer
            raise p.error("invalid kind of type specified", type_pos)
        p.expect(",")
        default, default_refs, default_types = _parse_successor_operands(p)
        p.expect("[")
        values, blocks, case_refs, case_types, segments = [], [], [], [], []

        def parse_case():
            values.append(p.parse_int_literal())
            p.expect(":")
            block, refs, types = _parse_successor_operands(p)
            blocks.append(block)
            case_refs.extend(refs)
            case_types.extend(types)
            segments.append(len(refs))

        p.parse_comma_list(parse_case, "]")
        props = {"case_operand_segments": DenseArrayAttr(i32, tuple(segments))}
        if values:
            props["case_values"] = _case_values_attr(values, flag_type)
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        operands = p.resolve_operands(
            [value, *default_refs, *case_refs], [flag_type, *default_types, *case_types], pos
        )
        props["operandSegmentSizes"] = DenseArrayAttr(i32, (1, len(default_refs), len(case_refs)))
        return cls.create(operands, [], props, attrs, (), [default, *blocks])

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(", ")
        groups = self.successor_groups()
        successors = self.successors
        _print_successor_operands(p, successors[0], groups[0])
        indent = "\n" + " " * p.indent
        p.write(" [" + indent)
        case_values = self.properties.get("case_values")
        if case_values is not None:
            width = case_values.type.element_type.width
            for i, value in enumerate(case_values.array.tolist()):
                if i:
                    p.write("," + indent)
                p.write(f"  {int(value) % (1 << width)}: ")
                _print_successor_operands(p, successors[i + 1], groups[i + 1])
            p.write(indent)
        p.write("]")
        print_op_attrs(p, self, ("case_values", "case_operand_segments", "operandSegmentSizes"))

    def successor_groups(self) -> list:
        """The default operands, then each case's operands."""
        groups = [self.defaultOperands]
        cases = iter(self.caseOperands)
        for size in self.properties["case_operand_segments"].value:
            groups.append([next(cases) for _ in range(size)])
        return groups

    def set_successor_groups(self, groups: list) -> None:
        set_branch_operands(self, [self.operand(0)], groups)

    def verify_(self) -> None:
        case_values = self.properties.get("case_values")
        cases = len(self.successors) - 1
        if (case_values is None and cases) or (
            case_values is not None and case_values.type.shape[0] != cases
        ):
            raise self.emit_error(
                "expects number of case values to match number of case destinations"
            )
        segments = self.properties["case_operand_segments"].value
        if sum(segments) != len(self.caseOperands):
            raise self.emit_error(
                f"caseOperands count ({len(self.caseOperands)}) does not match with the total "
                f"size ({sum(segments)}) specified in attribute 'case_operand_segments'"
            )
        if len(segments) != cases:  # mlc only: MLIR would index out of range later
            raise self.emit_error(
                f"expected {cases} entries in 'case_operand_segments', one per case destination"
            )
        if case_values is not None and case_values.type.element_type != self.operand(0).type:
            raise self.emit_error(
                "expects case value type to match condition value type", op_prefix=False
            )


def _case_values_attr(values: list, flag_type):
    """`dense<[...]> : vector<N x flag_type>`, values wrapped to the flag's width as MLIR's
    `APInt(bitWidth, value, isSigned)` does."""
    from mlc.ir.dense import DenseElementsAttr  # loads numpy: only when a switch has cases

    width = flag_type.width
    half = 1 << (width - 1)
    wrapped = [((v + half) % (1 << width)) - half for v in values]
    return DenseElementsAttr.from_array(wrapped, VectorType((len(values),), flag_type))


class ReturnOp(Operation):
    """`llvm.return %v : i32` or `llvm.return`."""

    name = "llvm.return"
    arg = opt_operand(LLVM_TYPE)
    traits = (Pure(), Terminator(), ReturnLike())
    assembly_format = "attr-dict ($arg^ `:` type($arg))?"

    def verify_(self) -> None:
        from mlc.dialects.llvm.symbol_ops import LLVMFuncOp

        func = self.parent_op
        while func is not None and not isinstance(func, LLVMFuncOp):
            func = func.parent_op
        if func is None:
            return
        expected = func.type.result
        has_arg = bool(self.operands)
        if not func.type.results:
            message = "expected no operands" if has_arg else None
        elif not has_arg:
            message = "expected 1 operand"
        elif self.operand(0).type != expected:
            message = "mismatching result types"
        else:
            message = None
        if message is not None:
            err = self.emit_error(message)
            raise err.attach_note("when returning from function", func.location)


class UnreachableOp(Operation):
    """`llvm.unreachable`: control never gets here."""

    name = "llvm.unreachable"
    traits = (Terminator(),)
    assembly_format = "attr-dict"
