"""The scf dialect: the reference interpreter (loops with iter_args, while, nested ifs,
switches, parallel and forall semantics, undefined behaviour), the interfaces passes rely on
(`RegionBranchOpInterface`, `LoopLike`) and what `ir.effects` says about scf ops."""

from __future__ import annotations

import numpy as np
import pytest

import mlc
from mlc.dialects import scf
from mlc.ir.attributes import IntegerAttr
from mlc.ir.effects import is_speculatable, memory_effects, would_be_trivially_dead
from mlc.ir.interpreter import Interpreter, StepLimitExceeded, UndefinedBehavior
from mlc.ir.traits import LoopLike, RegionBranchOpInterface, get_trait
from mlc.ir.types import i1


def run(source: str, *args, name: str = "f", **options):
    return Interpreter(mlc.parse(source), **options).call(name, *args)


def ops_of(source: str, op_class) -> list:
    module = mlc.parse(source)
    return [op for op in module.iter_nested() if isinstance(op, op_class)]


# --- interpreter: loops ----------------------------------------------------------------------
SUM_OF_RANGE = """
func.func @f(%lb: index, %ub: index, %step: index, %init: i32) -> (i32, i32) {
  %r:2 = scf.for %i = %lb to %ub step %step iter_args(%sum = %init, %count = %init) -> (i32, i32) {
    %iv = arith.index_cast %i : index to i32
    %s = arith.addi %sum, %iv : i32
    %one = arith.constant 1 : i32
    %c = arith.addi %count, %one : i32
    scf.yield %s, %c : i32, i32
  }
  return %r#0, %r#1 : i32, i32
}"""


@pytest.mark.parametrize(
    "lb, ub, step, expected",
    [
        (0, 5, 1, (10, 5)),
        (2, 9, 3, (15, 3)),
        (5, 5, 1, (0, 0)),
        (7, 3, 1, (0, 0)),
        (-4, 0, 2, (-6, 2)),
    ],
)
def test_for_carries_values_through_iterations(lb, ub, step, expected) -> None:
    assert run(SUM_OF_RANGE, lb, ub, step, 0) == tuple(np.int32(v) for v in expected)


def test_for_over_narrow_integers_wraps_like_its_lowering() -> None:
    # i8 from 100 by 20 below 121: 100, 120, then 140 wraps to -116, still below the bound,
    # and the loop goes on: -96, -76, ..., 84, 104, until 124: 14 iterations.
    source = """
func.func @f(%lb: i8, %ub: i8, %step: i8) -> i32 {
  %zero = arith.constant 0 : i32
  %r = scf.for %i = %lb to %ub step %step iter_args(%n = %zero) -> (i32) : i8 {
    %one = arith.constant 1 : i32
    %m = arith.addi %n, %one : i32
    scf.yield %m : i32
  }
  return %r : i32
}"""
    assert run(source, np.int8(100), np.int8(121), np.int8(20)) == (np.int32(14),)


def test_non_positive_step_of_a_loop_that_runs_is_undefined() -> None:
    with pytest.raises(UndefinedBehavior, match="loop step 0 is not positive"):
        run(SUM_OF_RANGE, 0, 5, 0, 0)
    assert run(SUM_OF_RANGE, 5, 0, -1, 0) == (np.int32(0), np.int32(0))  # does not run


WHILE = """
func.func @f(%n: i32) -> (i32, i32) {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r:2 = scf.while (%i = %zero, %fact = %one) : (i32, i32) -> (i32, i32) {
    %more = arith.cmpi slt, %i, %n : i32
    scf.condition(%more) %i, %fact : i32, i32
  } do {
  ^bb0(%j: i32, %f: i32):
    %k = arith.addi %j, %one : i32
    %g = arith.muli %f, %k : i32
    scf.yield %k, %g : i32, i32
  }
  return %r#0, %r#1 : i32, i32
}"""


def test_while_runs_before_then_after_until_the_condition_fails() -> None:
    assert run(WHILE, np.int32(5)) == (np.int32(5), np.int32(120))
    assert run(WHILE, np.int32(0)) == (np.int32(0), np.int32(1))


def test_endless_while_hits_the_step_limit() -> None:
    source = """
func.func @f() {
  %true = arith.constant true
  scf.while : () -> () {
    scf.condition(%true)
  } do {
    scf.yield
  }
  return
}"""
    with pytest.raises(StepLimitExceeded):
        run(source, max_steps=1000)


# --- interpreter: branches -------------------------------------------------------------------
NESTED_IFS = """
func.func @f(%a: i32, %b: i32) -> i32 {
  %lt = arith.cmpi slt, %a, %b : i32
  %r = scf.if %lt -> (i32) {
    %zero = arith.constant 0 : i32
    %neg = arith.cmpi slt, %a, %zero : i32
    %s = scf.if %neg -> (i32) {
      %m = arith.subi %zero, %a : i32
      scf.yield %m : i32
    } else {
      scf.yield %a : i32
    }
    scf.yield %s : i32
  } else {
    scf.if %lt {
      "foo.unreachable"() : () -> ()
    }
    scf.yield %b : i32
  }
  return %r : i32
}"""


@pytest.mark.parametrize("a, b, expected", [(-3, 5, 3), (2, 5, 2), (9, 5, 5)])
def test_nested_ifs(a, b, expected) -> None:
    module = mlc.parse(NESTED_IFS, mlc.Context(allow_unregistered_dialects=True))
    assert Interpreter(module).call("f", a, b) == (np.int32(expected),)


def test_index_switch_and_execute_region() -> None:
    source = """
func.func @f(%i: index, %c: i1) -> i32 {
  %r = scf.index_switch %i -> i32
  case -1 {
    %x = arith.constant 10 : i32
    scf.yield %x : i32
  }
  case 4 {
    %y = scf.execute_region -> i32 {
      %a = arith.constant 20 : i32
      %b = arith.constant 21 : i32
      cf.cond_br %c, ^bb1(%a : i32), ^bb1(%b : i32)
    ^bb1(%v: i32):
      scf.yield %v : i32
    }
    scf.yield %y : i32
  }
  default {
    %z = arith.constant 30 : i32
    scf.yield %z : i32
  }
  return %r : i32
}"""
    assert run(source, -1, True) == (np.int32(10),)
    assert run(source, 4, True) == (np.int32(20),)
    assert run(source, 4, False) == (np.int32(21),)
    assert run(source, 5, False) == (np.int32(30),)


# --- interpreter: parallel loops -------------------------------------------------------------
def test_parallel_runs_every_point_and_reduces() -> None:
    source = """
func.func @f(%m: memref<3x4xi32>, %n: index) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %r:2 = scf.parallel (%i, %j) = (%c0, %c0) to (%c3, %n) step (%c1, %c2) init (%zero, %one) -> (i32, i32) {
    %a = arith.index_cast %i : index to i32
    %b = arith.index_cast %j : index to i32
    %v = arith.addi %a, %b : i32
    memref.store %v, %m[%i, %j] : memref<3x4xi32>
    scf.reduce(%v, %v : i32, i32) {
    ^bb0(%x: i32, %y: i32):
      %s = arith.addi %x, %y : i32
      scf.reduce.return %s : i32
    }, {
    ^bb0(%x: i32, %y: i32):
      %p = arith.maxsi %x, %y : i32
      scf.reduce.return %p : i32
    }
  }
  return %r#0, %r#1 : i32, i32
}"""  # noqa: E501
    memory = np.full((3, 4), -1, dtype=np.int32)
    total, largest = run(source, memory, 4)
    expected = np.array([[0, -1, 2, -1], [1, -1, 3, -1], [2, -1, 4, -1]], dtype=np.int32)
    np.testing.assert_array_equal(memory, expected)
    assert (total, largest) == (np.int32(12), np.int32(4))


def test_forall_runs_every_point_and_returns_its_shared_outputs() -> None:
    source = """
func.func @f(%m: memref<2x3xi32>, %t: tensor<2xf32>) -> tensor<2xf32> {
  %r = scf.forall (%i, %j) = (0, 0) to (2, 3) step (1, 2) shared_outs(%o = %t) -> (tensor<2xf32>) {
    %a = arith.index_cast %i : index to i32
    memref.store %a, %m[%i, %j] : memref<2x3xi32>
  }
  return %r : tensor<2xf32>
}"""
    memory = np.zeros((2, 3), dtype=np.int32)
    (result,) = run(source, memory, np.array([1.5, 2.5], dtype=np.float32))
    np.testing.assert_array_equal(memory, [[0, 0, 0], [1, 0, 1]])
    np.testing.assert_array_equal(result, [1.5, 2.5])


# --- interfaces and effects ------------------------------------------------------------------
LOOPS = """
func.func @f(%c: i1, %n: index, %a: i32, %m: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %pure = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (i32) {
    %y = arith.addi %x, %x : i32
    scf.yield %y : i32
  }
  scf.for %i = %c0 to %n step %c2 {
    memref.store %a, %m[%i] : memref<4xi32>
  }
  %r = scf.if %c -> (i32) {
    scf.yield %a : i32
  } else {
    scf.yield %pure : i32
  }
  return
}"""


def test_recursive_memory_effects() -> None:
    pure_loop, storing_loop = ops_of(LOOPS, scf.ForOp)
    if_op = ops_of(LOOPS, scf.IfOp)[0]
    assert memory_effects(pure_loop) == frozenset()
    assert memory_effects(storing_loop) == {"write"}
    assert would_be_trivially_dead(pure_loop) and would_be_trivially_dead(if_op)
    assert not would_be_trivially_dead(storing_loop)


def test_for_of_step_one_is_as_speculatable_as_its_body() -> None:
    pure_loop, storing_loop = ops_of(LOOPS, scf.ForOp)
    assert is_speculatable(pure_loop)
    assert not is_speculatable(storing_loop)  # step 2 may not end, and it stores
    assert not is_speculatable(ops_of(LOOPS, scf.IfOp)[0])  # as in MLIR 19


def test_region_branches_of_if_and_for() -> None:
    loop = ops_of(LOOPS, scf.ForOp)[0]
    branches = get_trait(loop, RegionBranchOpInterface)
    into_body, out = branches.successor_regions(loop, None)
    assert into_body.region is loop.regions[0] and into_body.inputs == loop.region_iter_args
    assert out.region is None and out.inputs == loop.results
    assert branches.entry_successor_operands(loop, into_body) == loop.initArgs
    assert get_trait(loop, LoopLike) is not None and loop.loop_regions() == [loop.regions[0]]

    if_op = ops_of(LOOPS, scf.IfOp)[0]
    branches = get_trait(if_op, RegionBranchOpInterface)
    assert [s.region for s in branches.successor_regions(if_op, None)] == if_op.regions
    (taken,) = branches.entry_successor_regions(if_op, [IntegerAttr(0, i1)])
    assert taken.region is if_op.regions[1]
    (back,) = branches.successor_regions(if_op, if_op.regions[0])
    assert back.region is None and back.inputs == if_op.results


def test_while_region_branches() -> None:
    (loop,) = ops_of(WHILE, scf.WhileOp)
    before, after = loop.regions
    assert [s.region for s in loop.successor_regions(None)] == [before]
    assert [s.region for s in loop.successor_regions(before)] == [None, after]
    assert [s.region for s in loop.successor_regions(after)] == [before]
    assert loop.loop_regions() == [before, after]
