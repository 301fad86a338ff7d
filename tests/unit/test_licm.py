"""`loop-invariant-code-motion` on a loop op declared here (the `LoopLike` trait with one
body region), as MLIR's tests do with `scf.for`: what is hoisted, in which order, and what
must stay (ops using the induction variable or values computed in the loop, ops with memory
effects, ops that may trap, terminators)."""

from __future__ import annotations

import mlc
from mlc.ir.context import Dialect
from mlc.ir.opdef import operand, region, result
from mlc.ir.operation import Operation
from mlc.ir.traits import LoopLike, MemoryEffects, NoMemoryEffect, Pure, Terminator
from mlc.passes.licm import move_loop_invariant_code


class LoopOp(Operation):
    """`tloop.for %bound { ^bb0(%iv: i32): ... tloop.yield }`"""

    name = "tloop.for"
    bound = operand()
    body = region()
    traits = (LoopLike(),)

    def loop_regions(self):
        return [self.regions[0]]


class YieldOp(Operation):
    name = "tloop.yield"
    traits = (Pure(), Terminator())


class ComputeOp(Operation):
    name = "tloop.compute"
    lhs = operand()
    rhs = operand()
    out = result()
    traits = (Pure(),)


class DivOp(Operation):
    """May trap: speculatable only when the divisor is defined outside every loop body
    (standing in for MLIR's 'divisor is a nonzero constant')."""

    name = "tloop.div"
    lhs = operand()
    rhs = operand()
    out = result()
    traits = (NoMemoryEffect(),)

    def is_speculatable(self) -> bool:
        return self.operands[1].parent_block().parent_op.name == "func.func"


class LoadOp(Operation):
    name = "tloop.load"
    out = result()
    traits = (MemoryEffects("read"),)


TLOOP = Dialect("tloop", [LoopOp, YieldOp, ComputeOp, DivOp, LoadOp])


def run(body: str) -> str:
    ctx = mlc.Context()
    ctx.register_dialect("tloop", lambda: TLOOP)
    text = f"func.func @f(%a: i32, %b: i32) {{\n{body}\n  return\n}}\n"
    module = mlc.parse(text, ctx)
    pm = mlc.PassManager.parse("builtin.module(loop-invariant-code-motion)", ctx)
    pm.run(module)
    return "\n".join(line.strip() for line in str(module).splitlines()[2:-4])


def loop(inner: str, bound: str = "%a", iv: str = "%iv") -> str:
    return (
        f'"tloop.for"({bound}) ({{\n^bb0({iv}: i32):\n{inner}\n'
        '  "tloop.yield"() : () -> ()\n}) : (i32) -> ()'
    )


def compute(out: str, lhs: str, rhs: str, op: str = "compute") -> str:
    return f'%{out} = "tloop.{op}"({lhs}, {rhs}) : (i32, i32) -> i32'


def test_invariant_chain_moves_out_in_order_and_variant_ops_stay():
    body = loop(
        "\n".join(
            [
                compute("x", "%a", "%b"),
                compute("v", "%iv", "%x"),  # uses the induction variable
                compute("y", "%x", "%a"),  # invariant once %x has moved
            ]
        )
    )
    assert run(body).splitlines() == [
        '%0 = "tloop.compute"(%arg0, %arg1) : (i32, i32) -> i32',
        '%1 = "tloop.compute"(%0, %arg0) : (i32, i32) -> i32',
        '"tloop.for"(%arg0) ({',
        "^bb0(%arg2: i32):",
        '%2 = "tloop.compute"(%arg2, %0) : (i32, i32) -> i32',
        '"tloop.yield"() : () -> ()',
        "}) : (i32) -> ()",
    ]


def test_effects_and_traps_stay_in_the_loop():
    body = loop(
        "\n".join(
            [
                '%l = "tloop.load"() : () -> i32',
                compute("d", "%b", "%iv", op="div"),  # divisor varies: may be zero
                compute("e", "%a", "%b", op="div"),  # divisor defined outside: speculatable
            ]
        )
    )
    lines = run(body).splitlines()
    assert lines[0] == '%0 = "tloop.div"(%arg0, %arg1) : (i32, i32) -> i32'
    assert lines[1].startswith('"tloop.for"')
    assert any('"tloop.load"' in line for line in lines[2:])
    assert any('"tloop.div"(%arg1, %arg2)' in line for line in lines[2:])


def test_inner_loop_invariants_reach_the_outermost_loop():
    inner = loop(compute("x", "%a", "%b"), bound="%iv", iv="%jv")
    body = loop(inner)
    lines = run(body).splitlines()
    assert lines[0] == '%0 = "tloop.compute"(%arg0, %arg1) : (i32, i32) -> i32'
    assert sum('"tloop.compute"' in line for line in lines) == 1


def test_move_loop_invariant_code_reports_the_count():
    ctx = mlc.Context()
    ctx.register_dialect("tloop", lambda: TLOOP)
    text = "func.func @f(%a: i32, %b: i32) {\n" + loop(compute("x", "%a", "%b")) + "\n return\n}"
    module = mlc.parse(text, ctx)
    loop_op = next(op for op in module.iter_nested() if op.name == "tloop.for")
    assert move_loop_invariant_code(loop_op) == 1
    assert move_loop_invariant_code(loop_op) == 0
