"""`convert-cf-to-llvm`: cf ops to the llvm dialect, as MLIR 19's pass of that name
(mlir/lib/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.cpp).

`cf.br`, `cf.cond_br` and `cf.switch` become `llvm.br`, `llvm.cond_br` and `llvm.switch`
with the same successors. As in MLIR 19 a branch converts only once its successors' block
arguments have the converted types of its operands: the pass converts no block signature,
the function conversion does (`convert-func-to-llvm` runs these patterns too), so a branch
passing an `index` stays a `cf` branch here, as it does in mlir-opt 19.

`cf.assert` splits its block: the condition branches to the rest of the block, or to a new
block at the end of the region that prints the message with `puts` and calls `abort`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import cf
from mlc.dialects import llvm as L
from mlc.dialects.llvm.types import PTR, LLVMArrayType
from mlc.ir.attributes import (
    UNIT,
    DenseArrayAttr,
    IntegerAttr,
    StringAttr,
    SymbolRefAttr,
    TypeAttr,
)
from mlc.ir.block import Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.rewrite import apply_partial_conversion
from mlc.ir.symbol_table import symbol_name
from mlc.ir.types import RankedTensorType, i8, i32
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.scf_to_cf import split_block
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.pattern import (
    ConvertOpToLLVMPattern,
    FunctionDeclarations,
    llvm_conversion_target,
    symbol_table_of,
)
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter


class BranchLowering(ConvertOpToLLVMPattern):
    """A cf branch to the llvm branch of the same operands, properties and successors
    (cf's and llvm's branch ops lay them out alike). It fails, as MLIR 19's
    `verifyMatchingValues` does, while a successor's arguments do not have the converted
    operands' types: an llvm branch must pass exactly what its successor takes.
    Discardable attributes carry over."""

    def __init__(self, source, target, converter) -> None:
        super().__init__(source, converter)
        self.target = target

    def rewrite(self, op, adaptor, rewriter) -> bool:
        operands = list(adaptor.operands)
        groups = op.successor_groups()
        start = len(operands) - sum(len(group) for group in groups)
        for dest, group in zip(op.successors, groups):
            converted = operands[start : start + len(group)]
            start += len(group)
            if [v.type for v in converted] != [a.type for a in dest.args]:
                return False
        props = self.target.definition.fill_defaults(dict(op.properties))
        attributes = dict(op.attributes) or None
        new = self.target.create(operands, [], props, attributes, (), op.successors)
        rewriter.replace_op(op, rewriter.insert(new).results)
        return True


class AssertLowering(ConvertOpToLLVMPattern):
    """`cf.assert %ok, "msg"` (MLIR 19's `AssertOpLowering`, aborting on failure): the block
    is split after the assert, which becomes an `llvm.cond_br` to the continuation or to a
    failure block appended to the region. There, `puts` prints the message, a private
    constant global named `assert_msg` (made unique with `_<n>` suffixes, `n` counting
    through the run as MLIR's `ensureSymbolNameIsUnique` does), then `abort` is called.
    The global, `puts` and `abort` are each inserted at the start of the module, in that
    order, so they print in the reverse one."""

    def __init__(self, converter, declarations: FunctionDeclarations) -> None:
        super().__init__(cf.AssertOp, converter)
        self.declarations = declarations
        self.counter = 0

    def rewrite(self, op, adaptor, rewriter) -> bool:
        module = symbol_table_of(op)
        if module is None:
            return False
        block = op.parent
        continuation = split_block(rewriter, op.next_op)
        failure = rewriter.create_block(block.parent)
        message = self._message_global(module, op.msg.value, rewriter)
        puts = self.declarations.get(rewriter, op, "puts", [PTR])
        abort = self.declarations.get(rewriter, op, "abort", [])
        if puts is None or abort is None:
            return False
        name = SymbolRefAttr(message.sym_name.value)
        address = rewriter.create(L.AddressOfOp, global_name=name, res=PTR).results[0]
        text = build.gep(rewriter, address, message.type, [0])
        build.call(rewriter, "puts", [text])
        build.call(rewriter, "abort", [])
        rewriter.create(L.UnreachableOp)
        with rewriter.at(InsertionPoint.at_end(block)):
            branch = L.CondBrOp.create(
                [adaptor.arg], [], {"operandSegmentSizes": DenseArrayAttr(i32, (1, 0, 0))},
                None, (), [continuation, failure],
            )  # fmt: skip
            rewriter.insert(branch)
        rewriter.erase_op(op)
        return True

    def _message_global(self, module, text: str, rewriter):
        """The message as a zero-terminated byte array in a private constant global."""
        data = [*text.encode(), 0]
        taken = {symbol_name(o) for o in module.regions[0].blocks[0].ops}
        name = "assert_msg"
        while name in taken:
            name = f"assert_msg_{self.counter}"
            self.counter += 1
        props = {
            "global_type": TypeAttr(LLVMArrayType(i8, len(data))),
            "constant": UNIT,
            "sym_name": StringAttr(name),
            "linkage": L.LinkageAttr("private"),
            "value": DenseElementsAttr.from_array(data, RankedTensorType((len(data),), i8)),
            "addr_space": IntegerAttr(0, i32),
        }
        new = L.GlobalOp.create(
            (), (), L.GlobalOp.definition.fill_defaults(props), regions=[Region()]
        )
        with rewriter.at(InsertionPoint.at_start(module.regions[0].blocks[0])):
            rewriter.insert(new)
        return new


def cf_to_llvm_patterns(converter: LLVMTypeConverter) -> list:
    """The patterns of the conversion (MLIR's `populateControlFlowToLLVMConversionPatterns`
    and `populateAssertToLLVMConversionPattern`)."""
    return [
        BranchLowering(cf.BranchOp, L.BrOp, converter),
        BranchLowering(cf.CondBranchOp, L.CondBrOp, converter),
        BranchLowering(cf.SwitchOp, L.SwitchOp, converter),
        AssertLowering(converter, FunctionDeclarations()),
    ]


@register_pass
@dataclass(frozen=True)
class ConvertControlFlowToLLVM(Pass):
    """Lowers cf ops to the llvm dialect."""

    name = "convert-cf-to-llvm"
    summary = "Convert ControlFlow operations to the LLVM dialect"
    anchor = "builtin.module"
    index_bitwidth: int = field(
        default=0, metadata={"help": "Bitwidth of the index type, 0 to use size of machine word"}
    )

    def run(self, op) -> None:
        converter = LLVMTypeConverter(self.index_bitwidth)
        apply_partial_conversion(op, llvm_conversion_target(), cf_to_llvm_patterns(converter))
