"""`sccp` and the dataflow solver under it: lattices through call sites, branch and region
control flow through the `BranchOpInterface` and `RegionBranchOpInterface` of a small
dialect declared here (as cf and scf will declare them), in-place folds that must not
stick, and a custom analysis on the same solver."""

from __future__ import annotations

import mlc
from mlc.ir.attributes import IntegerAttr
from mlc.ir.context import Dialect
from mlc.ir.opdef import operand, region, successor, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import (
    BranchOpInterface,
    Pure,
    RegionBranchOpInterface,
    RegionBranchTerminatorOpInterface,
    RegionSuccessor,
    ReturnLike,
    Terminator,
)
from mlc.passes import PassManager
from mlc.passes.dataflow import (
    ConstantLattice,
    DataFlowSolver,
    DeadCodeAnalysis,
    Executable,
    Lattice,
    SparseForwardDataFlowAnalysis,
)
from mlc.passes.sccp import SparseConstantPropagation


class Goto(BranchOpInterface):
    def successor_operands(self, op, index):
        return op.operands


class BrOp(Operation):
    """`"tcf.br"(%args)[^dest]`, as cf.br."""

    name = "tcf.br"
    args = var_operand()
    dest = successor()
    traits = (Pure(), Terminator(), Goto())


class CondGoto(BranchOpInterface):
    def successor_operands(self, op, index):
        return []

    def successor_for_operands(self, op, operand_constants):
        cond = operand_constants[0]
        if not isinstance(cond, IntegerAttr):
            return None
        return op.successors[0 if cond.value else 1]


class CondBrOp(Operation):
    """`"tcf.cond_br"(%c)[^then, ^else]`, as cf.cond_br without arguments."""

    name = "tcf.cond_br"
    cond = operand()
    then_dest = successor()
    else_dest = successor()
    traits = (Pure(), Terminator(), CondGoto())


class IfBranches(RegionBranchOpInterface):
    """As scf.if: a constant condition picks one region; both return to the parent."""

    def entry_successor_regions(self, op, operand_constants):
        cond = operand_constants[0]
        regions = op.regions
        if isinstance(cond, IntegerAttr):
            regions = [op.regions[0 if cond.value else 1]]
        return [RegionSuccessor(r, []) for r in regions]

    def successor_regions(self, op, region):
        if region is None:
            return [RegionSuccessor(r, []) for r in op.regions]
        return [RegionSuccessor(None, op.results)]

    def entry_successor_operands(self, op, successor):
        return []


class IfOp(Operation):
    name = "tcf.if"
    cond = operand()
    outs = var_result()
    then_region = region()
    else_region = region()
    traits = (IfBranches(),)


class YieldOp(Operation):
    name = "tcf.yield"
    values = var_operand()
    traits = (Pure(), Terminator(), ReturnLike())


class StayUnless(RegionBranchTerminatorOpInterface):
    """Leaves its region only when its first operand may be true (as scf.condition decides
    whether a loop goes on)."""

    def successor_operands(self, op, successor):
        return op.operands[1:]

    def successor_regions(self, op, operand_constants):
        cond = operand_constants[0]
        if isinstance(cond, IntegerAttr) and not cond.value:
            return []
        return None


class YieldIfOp(Operation):
    name = "tcf.yield_if"
    cond = operand()
    values = var_operand()
    traits = (Pure(), Terminator(), StayUnless())


class SwapOp(Operation):
    """Folds in place: puts a constant lhs on the right (as commutative ops canonicalize)."""

    name = "tcf.swap"
    lhs = operand()
    rhs = operand()
    outs = var_result()
    traits = (Pure(),)

    def fold(self, operand_constants):
        if operand_constants[0] is None:
            return None
        lhs, rhs = self.operands
        self.set_operand(0, rhs)
        self.set_operand(1, lhs)
        return list(self.results)


TCF = Dialect("tcf", [BrOp, CondBrOp, IfOp, YieldOp, YieldIfOp, SwapOp])


def parse(text: str):
    ctx = mlc.Context()
    ctx.register_dialect("tcf", lambda: TCF)
    return mlc.parse(text, ctx)


def solve(module) -> DataFlowSolver:
    solver = DataFlowSolver()
    solver.load(DeadCodeAnalysis)
    solver.load(SparseConstantPropagation)
    solver.initialize_and_run(module)
    return solver


def func(module, name: str):
    return next(op for op in module.ops if op.get_attr("sym_name").value == name)


def constant_of(solver, value):
    """The constant the analysis found for `value`: an int, 'unknown', or None (not reached)."""
    lattice = solver.lookup_state(value, ConstantLattice)
    if lattice is None or lattice.value is None:
        return None
    return "unknown" if lattice.value.attr is None else lattice.value.attr.value


def sccp(text: str) -> str:
    module = parse(text)
    PassManager.parse("builtin.module(sccp)").run(module)
    return str(module)


CALLS = """
func.func private @private(%a: i32, %b: i32) -> i32 {
  return %a : i32
}
func.func @public(%a: i32) -> i32 {
  return %a : i32
}
func.func private @uncalled(%a: i32) -> i32 {
  return %a : i32
}
func.func @main(%x: i32) -> (i32, i32, i32) {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %r = call @private(%c1, %x) : (i32, i32) -> i32
  %s = call @private(%c1, %c2) : (i32, i32) -> i32
  %t = call @public(%c2) : (i32) -> i32
  return %r, %s, %t : i32, i32, i32
}
"""


def test_private_arguments_join_their_call_sites_public_ones_are_unknown():
    module = parse(CALLS)
    solver = solve(module)
    a, b = func(module, "private").args
    assert constant_of(solver, a) == 1
    assert constant_of(solver, b) == "unknown"  # %x at one call site, 2 at the other
    assert constant_of(solver, func(module, "public").args[0]) == "unknown"
    assert constant_of(solver, func(module, "uncalled").args[0]) is None  # dead code
    r, s, t = func(module, "main").entry_block.last_op.operands
    assert (constant_of(solver, r), constant_of(solver, s)) == (1, 1)
    assert constant_of(solver, t) == "unknown"  # a public callee may be replaced at link time


def test_callables_without_callers_are_not_live():
    module = parse(CALLS)
    solver = solve(module)
    for name, live in (("private", True), ("public", True), ("uncalled", False)):
        entry = func(module, name).entry_block
        assert solver.lookup_state(entry, Executable).live is live


BRANCHES = """
func.func @f(%c: i1) -> (i32, i32) {
  %true = arith.constant true
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  "tcf.cond_br"(%true)[^yes, ^no] : (i1) -> ()
^yes:
  "tcf.br"(%c1)[^join] : (i32) -> ()
^no:
  "tcf.br"(%c2)[^join] : (i32) -> ()
^join(%z: i32):
  "tcf.cond_br"(%c)[^either, ^or] : (i1) -> ()
^either:
  "tcf.br"(%c1, %z)[^end] : (i32, i32) -> ()
^or:
  "tcf.br"(%c2, %z)[^end] : (i32, i32) -> ()
^end(%u: i32, %v: i32):
  return %u, %v : i32, i32
}
"""


def test_a_constant_condition_takes_one_edge():
    module = parse(BRANCHES)
    solver = solve(module)
    blocks = func(module, "f").regions[0].blocks
    entry, yes, no, join, either, or_, end = blocks
    assert solver.lookup_state((entry, yes), Executable).live
    assert not solver.lookup_state(no, Executable).live
    assert constant_of(solver, join.args[0]) == 1  # the dead edge's 2 does not count
    assert [constant_of(solver, a) for a in end.args] == ["unknown", 1]


def test_sccp_replaces_block_arguments_and_leaves_dead_blocks():
    out = sccp(BRANCHES)
    assert "return %1, %c1_i32 : i32, i32" in out
    assert '"tcf.br"(%c2_i32)[^bb3]' in out  # the dead block is still there


IFS = """
func.func @f(%c: i1) -> (i32, i32, i32) {
  %true = arith.constant true
  %r = "tcf.if"(%true) ({
    %c1 = arith.constant 1 : i32
    "tcf.yield"(%c1) : (i32) -> ()
  }, {
    %c2 = arith.constant 2 : i32
    "tcf.yield"(%c2) : (i32) -> ()
  }) : (i1) -> i32
  %s = "tcf.if"(%c) ({
    %c3 = arith.constant 3 : i32
    "tcf.yield"(%c3) : (i32) -> ()
  }, {
    %c3 = arith.constant 3 : i32
    "tcf.yield"(%c3) : (i32) -> ()
  }) : (i1) -> i32
  %t = "tcf.if"(%c) ({
    "tcf.yield"(%r) : (i32) -> ()
  }, {
    "tcf.yield"(%s) : (i32) -> ()
  }) : (i1) -> i32
  return %r, %s, %t : i32, i32, i32
}
"""


def test_region_branches_forward_their_yields_to_their_results():
    module = parse(IFS)
    solver = solve(module)
    first, second, third = (op for op in func(module, "f").entry_block.ops if op.name == "tcf.if")
    assert constant_of(solver, first.results[0]) == 1  # only the `then` region runs
    assert not solver.lookup_state(first.regions[1].blocks[0], Executable).live
    assert constant_of(solver, second.results[0]) == 3  # both regions yield 3
    assert constant_of(solver, third.results[0]) == "unknown"  # 1 or 3


def test_a_terminator_may_decide_where_control_goes():
    module = parse(
        """
func.func @f(%c: i1) -> i32 {
  %false = arith.constant false
  %true = arith.constant true
  %r = "tcf.if"(%c) ({
    %c1 = arith.constant 1 : i32
    "tcf.yield_if"(%false, %c1) : (i1, i32) -> ()
  }, {
    %c2 = arith.constant 2 : i32
    "tcf.yield_if"(%true, %c2) : (i1, i32) -> ()
  }) : (i1) -> i32
  return %r : i32
}
"""
    )
    solver = solve(module)
    if_op = next(op for op in func(module, "f").entry_block.ops if op.name == "tcf.if")
    assert constant_of(solver, if_op.results[0]) == 2  # the `then` region never returns


def test_in_place_folds_are_undone():
    text = """
func.func @f(%x: i32) -> i32 {
  %c1 = arith.constant 1 : i32
  %r = "tcf.swap"(%c1, %x) : (i32, i32) -> i32
  return %r : i32
}
"""
    module = parse(text)
    solver = solve(module)
    swap = next(op for op in func(module, "f").entry_block.ops if op.name == "tcf.swap")
    assert swap.operands[1] is func(module, "f").args[0]  # the operands are back in order
    assert constant_of(solver, swap.results[0]) == "unknown"


class Taint(Lattice):
    """A custom lattice on the same solver: does a value depend on a function argument?"""

    __slots__ = ()

    @staticmethod
    def join_values(lhs, rhs):
        if lhs is None:
            return rhs
        return lhs or rhs


class TaintAnalysis(SparseForwardDataFlowAnalysis):
    lattice_cls = Taint

    def set_to_entry_state(self, lattice):
        self.propagate_if_changed(lattice, lattice.join(True))

    def visit_operation_impl(self, op, operands, results):
        tainted = any(lattice.value for lattice in operands)
        for lattice in results:
            self.propagate_if_changed(lattice, lattice.join(tainted))


def test_the_solver_runs_other_sparse_analyses():
    module = parse(CALLS)
    solver = DataFlowSolver()
    solver.load(DeadCodeAnalysis)
    solver.load(TaintAnalysis)
    solver.initialize_and_run(module)
    r, s, t = func(module, "main").entry_block.last_op.operands
    taint = [solver.lookup_state(v, Taint).value for v in (r, s, t)]
    assert taint == [False, False, True]  # @private returns its clean first argument
