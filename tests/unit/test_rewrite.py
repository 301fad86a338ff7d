"""Pattern rewriting: the `PatternRewriter` API and its listener, and the greedy driver
(folding to constants and to existing values, constant uniquing, dead code, pattern benefit,
iteration limit), on a tiny integer dialect declared here."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.ir.attributes import IntegerAttr, StringAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.context import Dialect
from mlc.ir.opdef import operand, opt_prop, prop, region, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.rewrite import (
    PatternRewriter,
    RewriteListener,
    RewritePattern,
    apply_patterns_greedily,
    pattern,
    register_constant_materializer,
)
from mlc.ir.traits import (
    Commutative,
    ConstantLike,
    MemoryEffects,
    NoTerminator,
    Pure,
    SameOperandsAndResultType,
    SingleBlock,
)
from mlc.ir.types import i32


def wrap(v: int) -> int:
    """Two's complement i32."""
    return (v + 2**31) % 2**32 - 2**31


def const_of(value) -> int | None:
    return value.value if value is not None else None


class ConstOp(Operation):
    name = "tfold.const"
    value = prop(IntegerAttr)
    out = result()
    traits = (Pure(), ConstantLike())

    def fold(self, operand_constants):
        return [self.value]


class BinaryOp(Operation):
    lhs = operand()
    rhs = operand()
    out = result()
    traits = (Pure(), Commutative(), SameOperandsAndResultType())
    tag = opt_prop(StringAttr)


class AddOp(BinaryOp):
    """Folds constants, and `x + 0` to `x`."""

    name = "tfold.add"

    def fold(self, operand_constants):
        a, b = map(const_of, operand_constants)
        if a is not None and b is not None:
            return [IntegerAttr(wrap(a + b), self.out.type)]
        if b == 0:
            return [self.lhs]
        return None


class MulOp(BinaryOp):
    """Folds constants, `x * 1` to `x` and `x * 0` to 0; moves a constant lhs to the right
    in place, as MLIR's commutative canonicalization."""

    name = "tfold.mul"

    def fold(self, operand_constants):
        a, b = map(const_of, operand_constants)
        if a is not None and b is not None:
            return [IntegerAttr(wrap(a * b), self.out.type)]
        if b == 1:
            return [self.lhs]
        if b == 0:
            return [operand_constants[1]]
        if a is not None:
            lhs, rhs = self.lhs, self.rhs
            self.set_operand(0, rhs)
            self.set_operand(1, lhs)
            return [self.out]
        return None


class NegOp(Operation):
    name = "tfold.neg"
    arg = operand()
    out = result()
    traits = (Pure(), SameOperandsAndResultType())

    def fold(self, operand_constants):
        a = const_of(operand_constants[0])
        return None if a is None else [IntegerAttr(wrap(-a), self.out.type)]


class ReadOp(Operation):
    """Only reads memory: dead when unused."""

    name = "tfold.read"
    out = result()
    traits = (MemoryEffects("read"),)


class SinkOp(Operation):
    """Writes its operands somewhere: never dead."""

    name = "tfold.sink"
    args = var_operand()
    traits = (MemoryEffects("write"),)


class ScopeOp(Operation):
    name = "tfold.scope"
    body = region()
    traits = (NoTerminator(), SingleBlock())


class OpaqueOp(Operation):
    """Folds to an attribute of a dialect with no constant materializer."""

    name = "tnomat.opaque"
    out = result()
    traits = (Pure(),)

    def fold(self, operand_constants):
        return [IntegerAttr(7, self.out.type)]


TFOLD = Dialect("tfold", [ConstOp, AddOp, MulOp, NegOp, ReadOp, SinkOp, ScopeOp])
TNOMAT = Dialect("tnomat", [OpaqueOp])
register_constant_materializer(
    "tfold", lambda value, type_, loc: ConstOp.create((), [type_], {"value": value}, location=loc)
)


def context() -> mlc.Context:
    ctx = mlc.Context()
    ctx.register_dialect("tfold", lambda: TFOLD)
    ctx.register_dialect("tnomat", lambda: TNOMAT)
    return ctx


def parse_func(body: str):
    """A verified module holding `func.func @f(%a: i32, %b: i32)` with `body`."""
    text = f"func.func @f(%a: i32, %b: i32) {{\n{body}\n  return\n}}\n"
    module = mlc.parse(text, context())
    return module, module.regions[0].blocks[0].first_op


def body_of(func) -> Block:
    return func.regions[0].blocks[0]


def names(func) -> list[str]:
    return [op.name for op in body_of(func).ops]


def c(v: int, name: str = "c") -> str:
    return f'  %{name} = "tfold.const"() <{{value = {v} : i32}}> : () -> i32'


def binop(kind: str, res: str, x: str, y: str) -> str:
    return f'  %{res} = "tfold.{kind}"(%{x}, %{y}) : (i32, i32) -> i32'


def sink(*values: str) -> str:
    vals = ", ".join(f"%{v}" for v in values)
    return f'  "tfold.sink"({vals}) : ({", ".join(["i32"] * len(values))}) -> ()'


# --- folding -------------------------------------------------------------------------------
def test_constant_chain_folds_to_one_constant():
    module, func = parse_func(
        "\n".join(
            [
                c(1, "x"),
                c(2, "y"),
                binop("add", "s", "x", "y"),
                binop("mul", "m", "s", "s"),
                sink("m"),
            ]
        )
    )
    result = apply_patterns_greedily(func, [])
    assert result.converged and result.changed
    assert names(func) == ["tfold.const", "tfold.sink", "func.return"]
    assert body_of(func).first_op.value == IntegerAttr(9, i32)
    mlc.verify(module)


def test_fold_to_existing_value_replaces_uses():
    module, func = parse_func(
        "\n".join(
            [
                c(0, "z"),
                c(1, "o"),
                binop("add", "s", "a", "z"),
                binop("mul", "m", "s", "o"),
                sink("m"),
            ]
        )
    )
    apply_patterns_greedily(func, [])
    sink_op = [op for op in body_of(func).ops if op.name == "tfold.sink"][0]
    assert sink_op.operands == [body_of(func).args[0]]
    assert names(func) == ["tfold.sink", "func.return"]  # the constants died with their users
    mlc.verify(module)


def test_in_place_fold_moves_constant_operand_right():
    module, func = parse_func("\n".join([c(3, "t"), binop("mul", "m", "t", "a"), sink("m")]))
    result = apply_patterns_greedily(func, [])
    assert result.converged
    mul = [op for op in body_of(func).ops if op.name == "tfold.mul"][0]
    assert mul.operands[0] is body_of(func).args[0]
    assert mul.operands[1].op.name == "tfold.const"
    mlc.verify(module)


def test_no_materializer_leaves_op_alone():
    module, func = parse_func('  %o = "tnomat.opaque"() : () -> i32\n' + sink("o"))
    result = apply_patterns_greedily(func, [])
    assert result.converged and not result.changed
    assert names(func) == ["tnomat.opaque", "tfold.sink", "func.return"]


def test_fold_disabled_keeps_foldable_ops():
    module, func = parse_func("\n".join([c(1, "x"), binop("add", "s", "x", "x"), sink("s")]))
    apply_patterns_greedily(func, [], fold=False)
    assert names(func) == ["tfold.const", "tfold.add", "tfold.sink", "func.return"]


# --- constants and dead code ---------------------------------------------------------------
def test_equal_constants_are_uniqued_and_hoisted():
    module, func = parse_func(
        "\n".join(
            [
                binop("add", "s", "a", "b"),
                c(5, "x"),
                sink("s", "x"),
                c(5, "y"),
                '  "tfold.scope"() ({',
                c(5, "z"),
                sink("z"),
                "  }) : () -> ()",
                sink("y"),
            ]
        )
    )
    apply_patterns_greedily(func, [])
    assert names(func) == [
        "tfold.const",
        "tfold.add",
        "tfold.sink",
        "tfold.scope",
        "tfold.sink",
        "func.return",
    ]
    const = body_of(func).first_op
    assert sum(1 for _ in const.results[0].uses) == 3
    mlc.verify(module)


def test_dead_ops_are_erased_but_effects_stay():
    module, func = parse_func(
        "\n".join(
            [
                binop("add", "s", "a", "b"),
                binop("mul", "m", "s", "s"),
                binop("add", "t", "m", "a"),
                '  %r = "tfold.read"() : () -> i32',
                '  %w = "tfold.read"() : () -> i32',
                sink("w"),
            ]
        )
    )
    result = apply_patterns_greedily(func, [])
    assert result.converged and result.iterations == 2
    assert names(func) == ["tfold.read", "tfold.sink", "func.return"]
    mlc.verify(module)


def test_confirming_iteration_repeats_no_dead_code_sweep(monkeypatch):
    """After an iteration that changed nothing, the region simplification that found
    nothing before is not run again (it would find nothing); block merging still runs
    when constants moved, as MLIR does not count that as a change."""
    from mlc.ir.rewrite import greedy

    sweeps = []
    real = greedy.simplify_regions

    def counted(rewriter, regions, merge_blocks=False, erase_dead=True):
        sweeps.append(erase_dead)
        return real(rewriter, regions, merge_blocks, erase_dead)

    monkeypatch.setattr(greedy, "simplify_regions", counted)
    module, func = parse_func("\n".join([binop("add", "s", "a", "b"), c(3, "k"), sink("s", "k")]))
    result = apply_patterns_greedily(func, [])  # the constant is hoisted in the first
    assert result.converged and result.iterations == 1
    assert sweeps == [True]

    sweeps.clear()
    module, func = parse_func(
        "\n".join([binop("add", "s", "a", "b"), binop("mul", "m", "s", "s"), sink("s")])
    )
    result = apply_patterns_greedily(func, [])  # erases the unused mul, then confirms
    assert result.converged and result.iterations == 2
    assert sweeps == [True]
    assert names(func) == ["tfold.add", "tfold.sink", "func.return"]

    @pattern(NegOp)
    def neg_to_mul(op, rewriter):  # creates a constant where the neg was
        minus_one = rewriter.create(ConstOp, value=IntegerAttr(-1, i32), out=i32)
        rewriter.replace_op(op, rewriter.create(MulOp, op.arg, minus_one.out))
        return True

    sweeps.clear()
    module, func = parse_func(
        "\n".join([binop("add", "s", "a", "b"), '  %n = "tfold.neg"(%s) : (i32) -> i32', sink("n")])
    )
    result = apply_patterns_greedily(func, [neg_to_mul])  # the second hoists the constant
    assert result.converged and result.iterations == 2
    assert sweeps == [True, False]
    assert names(func) == ["tfold.const", "tfold.add", "tfold.mul", "tfold.sink", "func.return"]
    mlc.verify(module)


# --- patterns ------------------------------------------------------------------------------
def test_patterns_apply_best_benefit_first_and_match_by_class_name_or_any():
    applied = []

    def tagger(label):
        def fn(op, rewriter):
            if op.get_attr("tag") is not None:
                return False
            applied.append((label, op.name))
            rewriter.modify_op_in_place(op, lambda: op.properties.update(tag=StringAttr(label)))
            return True

        return fn

    patterns = [
        pattern(AddOp, benefit=1)(tagger("low")),
        pattern("tfold.add", benefit=5)(tagger("high")),
        pattern(BinaryOp, benefit=2)(tagger("base")),
        pattern(None, benefit=0)(tagger("any")),
    ]
    module, func = parse_func(
        "\n".join([binop("add", "s", "a", "b"), binop("mul", "m", "s", "b"), sink("m")])
    )
    result = apply_patterns_greedily(func, patterns)
    assert result.converged
    assert ("high", "tfold.add") in applied and ("base", "tfold.mul") in applied
    assert ("any", "tfold.sink") in applied and ("any", "func.return") in applied
    assert not any(label == "low" for label, _ in applied)
    mlc.verify(module)


def test_pattern_creating_ops_is_followed_by_folding():
    class NegToMul(RewritePattern):
        """-x => x * -1, then folded if x is constant."""

        root = NegOp

        def match_and_rewrite(self, op, rewriter):
            m1 = rewriter.create(ConstOp, value=IntegerAttr(-1, i32), out=i32)
            rewriter.replace_op(op, rewriter.create(MulOp, op.arg, m1.out))
            return True

    module, func = parse_func(
        "\n".join(
            [
                c(4, "x"),
                '  %n = "tfold.neg"(%x) : (i32) -> i32',
                '  %k = "tfold.neg"(%a) : (i32) -> i32',
                sink("n", "k"),
            ]
        )
    )
    assert apply_patterns_greedily(func, [NegToMul()]).converged
    assert names(func) == ["tfold.const", "tfold.const", "tfold.mul", "tfold.sink", "func.return"]
    values = sorted(op.value.value for op in body_of(func).ops if op.name == "tfold.const")
    assert values == [-4, -1]
    mlc.verify(module)


def test_iteration_limit_reports_non_convergence():
    @pattern(SinkOp)
    def claims_success(op, rewriter):
        return True  # success without a change still counts as one, as in MLIR

    module, func = parse_func(sink("a"))
    result = apply_patterns_greedily(func, [claims_success], max_iterations=3)
    assert (result.converged, result.iterations, result.changed) == (False, 3, True)
    quiet = apply_patterns_greedily(func, [], max_iterations=3)
    assert (quiet.converged, quiet.iterations, quiet.changed) == (True, 1, False)


def test_rewrite_limit_stops_a_pattern_that_keeps_changing_its_op():
    @pattern(SinkOp)
    def churn(op, rewriter):
        rewriter.modify_op_in_place(op, lambda: None)  # puts `op` back on the worklist
        return True

    module, func = parse_func(sink("a"))
    result = apply_patterns_greedily(func, [churn], max_rewrites=50, max_iterations=3)
    # The limit holds per iteration (MLIR's `maxNumRewrites`): each of the 3 stops early.
    assert (result.converged, result.iterations, result.changed) == (False, 3, True)


def test_top_down_traversal_gives_the_same_result():
    module, func = parse_func(
        "\n".join(
            [
                c(2, "x"),
                binop("mul", "m", "x", "a"),
                binop("add", "s", "m", "x"),
                c(0, "z"),
                binop("add", "t", "s", "z"),
                sink("t"),
            ]
        )
    )
    assert apply_patterns_greedily(func, [], top_down=True).converged
    assert names(func) == ["tfold.const", "tfold.mul", "tfold.add", "tfold.sink", "func.return"]
    mlc.verify(module)


# --- listener and rewriter API -------------------------------------------------------------
class Recorder(RewriteListener):
    def __init__(self) -> None:
        self.events = []

    def on_op_inserted(self, op):
        self.events.append(("inserted", op.name))

    def on_op_replaced(self, op, new_values):
        self.events.append(("replaced", op.name))

    def on_op_erased(self, op):
        self.events.append(("erased", op.name))

    def on_op_modified(self, op):
        self.events.append(("modified", op.name))


def test_driver_reports_changes_to_the_listener():
    module, func = parse_func("\n".join([c(1, "x"), binop("add", "s", "x", "x"), sink("s")]))
    recorder = Recorder()
    apply_patterns_greedily(func, [], listener=recorder)
    assert recorder.events == [
        ("inserted", "tfold.const"),
        ("replaced", "tfold.add"),
        ("modified", "tfold.sink"),
        ("erased", "tfold.add"),
        ("erased", "tfold.const"),
    ]


def test_rewriter_replace_erase_move_and_modify():
    module, func = parse_func(
        "\n".join([binop("add", "s", "a", "b"), binop("mul", "m", "s", "b"), sink("m")])
    )
    recorder = Recorder()
    add, mul, snk = list(body_of(func).ops)[:3]
    rewriter = PatternRewriter(recorder, InsertionPoint.before(mul))
    with pytest.raises(ValueError, match="has uses"):
        rewriter.erase_op(add)
    with pytest.raises(ValueError, match="1 results"):
        rewriter.replace_op(mul, [])
    new = rewriter.create(AddOp, mul.lhs, mul.lhs)
    rewriter.replace_op(mul, new)
    assert snk.operands == [new.out]
    rewriter.move_op_after(new, snk)
    rewriter.move_op_before(new, snk)
    rewriter.modify_op_in_place(new, lambda: new.set_operand(1, body_of(func).args[0]))
    assert recorder.events == [
        ("inserted", "tfold.add"),
        ("replaced", "tfold.mul"),
        ("modified", "tfold.sink"),
        ("erased", "tfold.mul"),
        ("inserted", "tfold.add"),
        ("inserted", "tfold.add"),
        ("modified", "tfold.add"),
    ]
    assert names(func) == ["tfold.add", "tfold.add", "tfold.sink", "func.return"]
    mlc.verify(module)


def test_inline_block_before_replaces_arguments():
    module, func = parse_func(
        "\n".join(
            [
                '  "tfold.scope"() ({',
                "  ^bb0(%x: i32):",
                '    %n = "tfold.neg"(%x) : (i32) -> i32',
                sink("n"),
                "  }) : () -> ()",
            ]
        )
    )
    scope = body_of(func).first_op
    recorder = Recorder()
    rewriter = PatternRewriter(recorder)
    with pytest.raises(ValueError, match="1 arguments with 0"):
        rewriter.inline_block_before(scope.body.blocks[0], scope, [])
    rewriter.inline_block_before(scope.body.blocks[0], scope, [body_of(func).args[1]])
    rewriter.erase_op(scope)
    assert names(func) == ["tfold.neg", "tfold.sink", "func.return"]
    assert body_of(func).first_op.operands == [body_of(func).args[1]]
    assert ("erased", "tfold.scope") in recorder.events
    mlc.verify(module)


def test_inline_region_before_moves_blocks():
    module, func = parse_func(
        "\n".join(
            [
                '  "tfold.scope"() ({',
                "  }) : () -> ()",
                '  "tfold.scope"() ({',
                sink("a"),
                "  }) : () -> ()",
            ]
        )
    )
    first, second = list(body_of(func).ops)[:2]
    recorder = Recorder()
    PatternRewriter(recorder).inline_region_before(second.body, first.body)
    assert second.body.blocks == [] and len(first.body.blocks) == 1
    assert recorder.events == [("inserted", "tfold.sink")]
    PatternRewriter().erase_op(second)
    mlc.verify(module)


# --- deep IR -------------------------------------------------------------------------------
def test_deep_nesting_does_not_recurse():
    depth = sys.getrecursionlimit() + 500
    root = ScopeOp.create(regions=[Region([Block([i32])])])
    block = root.body.blocks[0]
    arg = block.args[0]
    for _ in range(depth):
        Builder.at_end(block).create(AddOp, arg, arg)  # dead
        inner = ScopeOp.create(regions=[Region([Block()])])
        block.append(inner)
        block = inner.body.blocks[0]
    Builder.at_end(block).create(SinkOp, [arg])
    result = apply_patterns_greedily(root, [])
    assert result.converged and result.changed
    assert not any(op.name == "tfold.add" for op in root.iter_nested())
    PatternRewriter().erase_op(root.body.blocks[0].first_op)
    assert root.body.blocks[0].is_empty()


# --- semantics -----------------------------------------------------------------------------
def evaluate(func, args: list[int]) -> list[int]:
    """Run the straight-line body of `func`: the values every sink receives."""
    env = dict(zip(body_of(func).args, args))
    out = []
    for op in body_of(func).ops:
        if isinstance(op, ConstOp):
            env[op.out] = op.value.value
        elif isinstance(op, AddOp):
            env[op.out] = wrap(env[op.lhs] + env[op.rhs])
        elif isinstance(op, MulOp):
            env[op.out] = wrap(env[op.lhs] * env[op.rhs])
        elif isinstance(op, NegOp):
            env[op.out] = wrap(-env[op.arg])
        elif isinstance(op, SinkOp):
            out.extend(env[v] for v in op.args)
    return out


INT = st.integers(-(2**31), 2**31 - 1)
STEP = st.one_of(
    st.tuples(st.just("const"), st.sampled_from([-1, 0, 1, 2, 7, 2**31 - 1])),
    st.tuples(st.sampled_from(["add", "mul"]), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("neg"), st.integers(0, 99)),
)


def build(steps) -> tuple:
    module, func = parse_func("")
    values = list(body_of(func).args)
    b = Builder.before(body_of(func).last_op)
    for step in steps:
        kind = step[0]
        if kind == "const":
            op = b.create(ConstOp, value=IntegerAttr(step[1], i32), out=i32)
        elif kind == "neg":
            op = b.create(NegOp, values[step[1] % len(values)])
        else:
            cls = AddOp if kind == "add" else MulOp
            op = b.create(cls, values[step[1] % len(values)], values[step[2] % len(values)])
        values.append(op.out)
    b.create(SinkOp, values[-3:])
    return module, func


@settings(max_examples=60, deadline=None)
@given(st.lists(STEP, min_size=1, max_size=25), INT, INT)
def test_greedy_folding_preserves_semantics(steps, a, b):
    module, func = build(steps)
    mlc.verify(module)
    expected = evaluate(func, [a, b])
    result = apply_patterns_greedily(func, [])
    assert result.converged
    mlc.verify(module)
    assert evaluate(func, [a, b]) == expected
    for op in body_of(func).ops:  # nothing foldable is left
        if isinstance(op, (AddOp, MulOp, NegOp)):
            assert not all(isinstance(v.owner, ConstOp) for v in op.operands)
