"""The cf dialect: builders, `BranchOpInterface`, the reference interpreter, and the func
inliner extension that lets multi-block callees be inlined."""

from __future__ import annotations

import numpy as np
import pytest

import mlc
from mlc.dialects import cf, func
from mlc.dialects.arith import ConstantOp
from mlc.dialects.cf.func_inliner import FuncInlinerWithControlFlow
from mlc.dialects.cf.interpreter import AssertionFailure
from mlc.ir.attributes import IntegerAttr, StringAttr
from mlc.ir.block import Block
from mlc.ir.interpreter import Interpreter
from mlc.ir.traits import BranchOpInterface, get_trait, inliner_interface
from mlc.ir.types import FunctionType, i1, i8, i32


def run(source: str, *args, name: str = "f"):
    return Interpreter(mlc.parse(source)).call(name, *args)


# --- builders and the branch interface -------------------------------------------------------
def test_built_branches_verify_and_print_as_parsed() -> None:
    fn = func.FuncOp("f", FunctionType((i1, i32), (i32,)))
    entry = fn.entry_block
    cond, value = entry.args
    join = Block([i32])
    other = Block()
    fn.regions[0].add_block(other)
    fn.regions[0].add_block(join)
    entry.append(cf.CondBranchOp(cond, join, [value], other, []))
    other.append(cf.AssertOp(cond, msg=StringAttr("ok")))
    other.append(cf.BranchOp(join, [value]))
    join.append(func.ReturnOp([join.args[0]]))
    mlc.verify(fn)
    text = str(fn)
    assert str(mlc.parse(text).body.blocks[0].first_op) == text
    assert "cf.cond_br %arg0, ^bb2(%arg1 : i32), ^bb1" in text
    assert 'cf.assert %arg0, "ok"' in text


def test_successor_operands_and_taken_successor() -> None:
    module = mlc.parse(
        """
func.func @f(%c: i1, %k: i8, %a: i32) {
  cf.cond_br %c, ^bb1(%a : i32), ^bb2
^bb1(%x: i32):
  cf.switch %k : i8, [
    default: ^bb2,
    -1: ^bb3(%x : i32)
  ]
^bb2:
  return
^bb3(%y: i32):
  return
}"""
    )
    blocks = module.body.blocks[0].first_op.regions[0].blocks
    cond_br, switch = blocks[0].last_op, blocks[1].last_op
    branches = get_trait(cond_br, BranchOpInterface)
    assert branches.successor_operands(cond_br, 0) == [blocks[0].args[2]]
    assert branches.successor_operands(cond_br, 1) == []
    assert branches.successor_for_operands(cond_br, [None, None]) is None
    assert branches.successor_for_operands(cond_br, [IntegerAttr(1, i1), None]) is blocks[1]
    assert branches.successor_for_operands(cond_br, [IntegerAttr(0, i1), None]) is blocks[2]
    # case values compare at the flag's width: 255 and -1 are the same i8
    assert branches.successor_for_operands(switch, [IntegerAttr(-1, i8), None]) is blocks[3]
    assert branches.successor_for_operands(switch, [IntegerAttr(7, i8), None]) is blocks[2]
    assert branches.successor_operands(switch, 1) == [blocks[1].args[0]]


def test_switch_builder_wraps_case_values_to_the_flag_width() -> None:
    fn = func.FuncOp("f", FunctionType((i8,), ()))
    entry = fn.entry_block
    exit_block = Block()
    fn.regions[0].add_block(exit_block)
    exit_block.append(func.ReturnOp([]))
    switch = cf.SwitchOp(entry.args[0], exit_block, [], [255, 3], [exit_block, exit_block])
    entry.append(switch)
    mlc.verify(fn)
    assert switch.case_value_list() == [-1, 3]
    assert "255: ^bb1" in str(fn)


# --- interpreter -----------------------------------------------------------------------------
SELECT = """
func.func @f(%c: i1, %a: i32, %b: i32) -> i32 {
  cf.cond_br %c, ^bb1(%a : i32), ^bb2
^bb1(%x: i32):
  cf.br ^bb3(%x : i32)
^bb2:
  cf.br ^bb3(%b : i32)
^bb3(%r: i32):
  return %r : i32
}"""


@pytest.mark.parametrize("condition, expected", [(True, 1), (False, 2)])
def test_branches_pass_values_to_blocks(condition, expected) -> None:
    assert run(SELECT, condition, 1, 2) == (np.int32(expected),)


SWITCH = """
func.func @f(%k: i8) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  cf.switch %k : i8, [
    default: ^bb1(%c0 : i32),
    255: ^bb1(%c1 : i32),
    3: ^bb1(%c2 : i32)
  ]
^bb1(%r: i32):
  return %r : i32
}"""


@pytest.mark.parametrize("flag, expected", [(-1, 1), (3, 2), (4, 0), (-128, 0)])
def test_switch_compares_at_the_flag_width(flag, expected) -> None:
    assert run(SWITCH, np.int8(flag)) == (np.int32(expected),)


def test_loop_of_blocks() -> None:
    source = """
func.func @f(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  cf.br ^bb1(%c0, %c0 : i32, i32)
^bb1(%i: i32, %sum: i32):
  %more = arith.cmpi slt, %i, %n : i32
  cf.cond_br %more, ^bb2, ^bb3
^bb2:
  %s = arith.addi %sum, %i : i32
  %j = arith.addi %i, %c1 : i32
  cf.br ^bb1(%j, %s : i32, i32)
^bb3:
  return %sum : i32
}"""
    assert run(source, np.int32(5)) == (np.int32(10),)


def test_failing_assert_stops_the_program() -> None:
    source = """
func.func @f(%c: i1) {
  cf.assert %c, "c must hold"
  return
}"""
    assert run(source, True) == ()
    with pytest.raises(AssertionFailure, match="assertion failed: c must hold"):
        run(source, False)


# --- inlining --------------------------------------------------------------------------------
def test_cf_installs_the_func_inliner_extension() -> None:
    interface = inliner_interface("func")
    assert isinstance(interface, FuncInlinerWithControlFlow)
    fn = func.FuncOp("f", FunctionType((), (i32,)))
    value = ConstantOp(IntegerAttr(7, i32))
    ret = func.ReturnOp([value.results[0]])
    fn.entry_block.append(value)
    fn.entry_block.append(ret)
    dest = Block([i32])
    interface.handle_terminator_to_block(ret, dest)
    branch = fn.entry_block.last_op
    assert isinstance(branch, cf.BranchOp)
    assert branch.successors == [dest] and branch.operands == [value.results[0]]
