"""Dialect conversion undoes exactly what it did.

On generated modules (`strategies.generic_modules`), a random conversion marks some op names
illegal and legalizes them with a pattern that makes arbitrary changes through the rewriter:
creating ops, modifying ops in place, moving ops, inlining regions and blocks, erasing
blocks, converting block signatures (1:1, 1:N and 1:0), replacing (with type conversions)
and erasing ops. Then:

- with a failure injected at a random point (an exception, or a pattern that gives up), the
  module prints byte for byte as before the conversion, locations included;
- otherwise, if the conversion succeeds, the module verifies, no illegal op is left, and
  nothing refers to an erased op or block;
- patterns that are undone (they give up after changing the IR, or their result cannot be
  legalized) leave no trace: adding such a pattern, tried first everywhere, changes nothing
  in the outcome.

The same holds on `func` + `arith` modules, where illegal ops also fold (in place, or to
constants the arith dialect builds) before patterns apply: there, whatever error stops the
conversion, the module prints as before.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import SEEDS, func_modules, generic_modules

import mlc
from mlc.ir.attributes import IntegerAttr, UnitAttr
from mlc.ir.block import Region
from mlc.ir.location import UNKNOWN_LOC
from mlc.ir.operation import Operation, UnregisteredOp
from mlc.ir.rewrite import (
    ConversionPattern,
    ConversionTarget,
    TypeConverter,
    apply_full_conversion,
    apply_partial_conversion,
)
from mlc.ir.types import FloatType, IndexType, IntegerType

CTX = mlc.Context(allow_unregistered_dialects=True)
i32, i64 = IntegerType(32), IntegerType(64)
bf16 = FloatType("bf16")
NEW_TYPES = (i32, i64, IndexType(), bf16, FloatType("f32"))


class InjectedFailure(Exception):
    """Raised by a pattern at the chosen point."""


def type_converter() -> TypeConverter:
    """Integers of even width widen by one bit (1:1), `index` splits in two i64 (1:N), `bf16`
    is dropped (1:0); the rest is legal."""

    def convert(t):
        if isinstance(t, IntegerType) and t.width % 2 == 0:
            return IntegerType(t.width + 1, t.signedness)
        if isinstance(t, IndexType):
            return [i64, i64]
        return [] if t == bf16 else t

    converter = TypeConverter()
    converter.add_conversion(convert)
    return converter


def target_for(module: Operation, rng: random.Random) -> ConversionTarget:
    """Some of the module's op names are illegal until converted (marked `conv.done`), and
    `bad.*` ops are never legal; everything else is."""
    names = sorted({op.name for op in module.iter_nested()} - {"builtin.module"})
    illegal = {name for name in names if rng.random() < 0.6}

    def legal(op: Operation) -> bool:
        if op.name.startswith("bad."):
            return False
        return op.name not in illegal or "conv.done" in op.attributes

    target = ConversionTarget()
    target.mark_unknown_op_dynamically_legal(legal)
    return target


def new_op(name: str, operands=(), result_types=(), regions=0) -> Operation:
    return UnregisteredOp.create(
        list(operands), list(result_types), regions=[Region() for _ in range(regions)], name=name
    )


class Chaos(ConversionPattern):
    """Legalizes any op after up to three random changes. `countdown` injects the failure:
    at that many changes (the final legalizing one included) it raises or gives up."""

    one_to_n = True

    def __init__(self, rng: random.Random, countdown: list[int], kind: str, benefit=1) -> None:
        super().__init__(None, benefit, type_converter())
        self.rng = rng
        self.countdown = countdown
        self.kind = kind

    def due(self) -> bool:
        self.countdown[0] -= 1
        if self.countdown[0] != 0:
            return False
        if self.kind == "raise":
            raise InjectedFailure
        return True

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        if op.name.startswith("bad."):
            return False
        values = [v for group in operands for v in group]
        for _ in range(self.rng.randrange(4)):
            if self.due():
                return False
            self.rng.choice(CHANGES)(self, op, values, rewriter)
        if self.due():
            return False
        self.legalize_root(op, values, rewriter)
        return True

    # --- changes -------------------------------------------------------------------------
    def live_siblings(self, op, rewriter) -> list[Operation]:
        return [o for o in op.parent.ops if o is not op and o not in rewriter.replaced]

    def movable_siblings(self, op, rewriter) -> list[Operation]:
        """Live siblings, but not the block's last op (it may be its terminator) nor the
        conversion's casts (they sit right after what they cast)."""
        last = op.parent.last_op
        return [
            o
            for o in self.live_siblings(op, rewriter)
            if o is not last and o not in rewriter.materializations
        ]

    def create(self, op, values, rewriter) -> None:
        rng = self.rng
        operands = [rng.choice(values) for _ in range(rng.randrange(3))] if values else []
        types = [rng.choice(NEW_TYPES) for _ in range(rng.randrange(3))]
        rewriter.set_insertion_point_before(op)
        rewriter.insert(new_op("qux.made", operands, types))

    def modify_root(self, op, values, rewriter) -> None:
        rng = self.rng

        def change() -> None:
            op.attributes["conv.seen"] = IntegerAttr(rng.randrange(100), i32)
            if values and rng.random() < 0.5:
                op.set_operands([rng.choice(values) for _ in op.operands])

        rewriter.modify_op_in_place(op, change)

    def modify_sibling(self, op, values, rewriter) -> None:
        siblings = self.live_siblings(op, rewriter)
        if not siblings:
            return
        sibling = self.rng.choice(siblings)

        def change() -> None:
            sibling.attributes["conv.touched"] = UnitAttr()
            sibling.location = UNKNOWN_LOC

        rewriter.modify_op_in_place(sibling, change)  # legalized again after the pattern

    def move_sibling(self, op, values, rewriter) -> None:
        """Move a sibling before the op (moving one after it could displace a terminator)."""
        siblings = self.movable_siblings(op, rewriter)
        if siblings:
            rewriter.move_op_before(self.rng.choice(siblings), op)

    def inline_region(self, op, values, rewriter) -> None:
        regions = [r for r in op.regions if r.blocks]
        if regions:
            rewriter.set_insertion_point_before(op)
            wrap = rewriter.insert(new_op("qux.wrap", regions=1))
            rewriter.inline_region_before(self.rng.choice(regions), wrap.regions[0])

    def convert_blocks(self, op, values, rewriter) -> None:
        regions = [r for r in op.regions if r.blocks]
        if regions:
            assert rewriter.convert_region_types(self.rng.choice(regions), self.type_converter)

    def inline_block(self, op, values, rewriter) -> None:
        blocks = [r.blocks[0] for r in op.regions if len(r.blocks) == 1]
        blocks = [b for b in blocks if not b.has_uses()]
        if blocks:
            block = self.rng.choice(blocks)
            rewriter.set_insertion_point_before(op)
            args = [rewriter.insert(new_op("qux.arg", (), [a.type])).results[0] for a in block.args]
            rewriter.inline_block_before(block, op, args)

    def erase_block(self, op, values, rewriter) -> None:
        blocks = [
            b
            for r in op.regions
            for b in r.blocks[1:]
            if all(use.owner in rewriter.replaced for use in b.uses)
        ]
        if blocks:
            rewriter.erase_block(self.rng.choice(blocks))

    # --- legalizing the root -------------------------------------------------------------
    def erasable(self, op, rewriter) -> bool:
        """Whether erasing `op` keeps the IR valid: its results are unused, it is not last in
        its block (it may be the terminator), and its block keeps an op without it (the
        conversion's casts do not count: they may be swept)."""
        if any(r.has_uses() for r in op.results) or op.next_op is None:
            return False
        return any(
            o is not op and o not in rewriter.replaced and o not in rewriter.materializations
            for o in op.parent.ops
        )

    def legalize_root(self, op, values, rewriter) -> None:
        rng = self.rng
        choice = rng.randrange(3)
        if choice == 0:
            rewriter.modify_op_in_place(op, lambda: op.attributes.update({"conv.done": UnitAttr()}))
            return
        if choice == 1 and self.erasable(op, rewriter):
            rewriter.erase_op(op)
            return
        groups = [self.type_converter.convert_type_1_to_n(r.type) for r in op.results]
        rewriter.set_insertion_point_before(op)
        new = new_op("qux.repl", values, [t for g in groups for t in g], len(op.regions))
        new.attributes.update(op.attributes)
        rewriter.insert(new)
        for old, region in zip(op.regions, new.regions):
            if old.blocks and rng.random() < 0.5:
                rewriter.inline_region_before(old, region)
        results = iter(new.results)
        rewriter.replace_op_with_multiple(op, [[next(results) for _ in g] for g in groups])


CHANGES = (
    Chaos.create, Chaos.modify_root, Chaos.modify_sibling, Chaos.move_sibling,
    Chaos.inline_region, Chaos.convert_blocks, Chaos.inline_block, Chaos.erase_block,
)  # fmt: skip
# Changes after which the legalization of the pattern's result touches no other op.
CONTAINED_CHANGES = (
    Chaos.create, Chaos.move_sibling, Chaos.inline_region, Chaos.convert_blocks,
    Chaos.inline_block, Chaos.erase_block,
)  # fmt: skip


class Noise(Chaos):
    """Tried first on every op; always undone: it makes random changes, then gives up, or
    replaces the op by one nothing can legalize."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng, [0], "none", benefit=2)

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        if op.name.startswith("bad."):
            return False
        values = [v for group in operands for v in group]
        give_up = self.rng.random() < 0.5
        for _ in range(self.rng.randrange(1, 5)):
            self.rng.choice(CHANGES if give_up else CONTAINED_CHANGES)(self, op, values, rewriter)
        if give_up:
            return False
        rewriter.set_insertion_point_before(op)
        rewriter.replace_op(op, rewriter.insert(new_op("bad.op", (), op.result_types)))
        return True


def convert(module, patterns, target, mode: str) -> str | None:
    """Run the conversion; the error it reports, or None."""
    apply = apply_full_conversion if mode == "full" else apply_partial_conversion
    try:
        apply(module, target, patterns)
    except (mlc.DiagnosticError, InjectedFailure) as error:
        return repr(error)
    return None


def attached(op: Operation, root: Operation) -> bool:
    while op is not root:
        block = op.parent
        if block is None or block.parent is None or block.parent.parent is None:
            return False
        op = block.parent.parent
    return True


def assert_well_formed(module: Operation, target: ConversionTarget, mode: str) -> None:
    """Verifies; no illegal op is left; every operand, successor and use is in the module."""
    mlc.verify(module)
    for op in module.iter_nested():
        assert not target.is_illegal(op), op.name
        if mode == "full":
            assert target.is_legal(op) is not None, op.name
        for value in op.operands:
            owner = value.op if hasattr(value, "op") else value.block.parent.parent
            assert attached(owner, module), f"{op.name} uses a value of an erased op or block"
        for block in op.successors:
            assert block.parent is not None and attached(block.parent.parent, module)
        for value in op.results:
            assert all(attached(user, module) for user in value.users)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    generic_modules(),
    SEEDS,
    st.one_of(st.none(), st.integers(1, 8)),
    st.sampled_from(["raise", "give up"]),
    st.sampled_from(["partial", "full"]),
)
def test_failed_conversion_restores_the_ir_exactly(text, seed, fail_at, kind, mode):
    module = mlc.parse(text, CTX)
    before = module.print(debuginfo=True)
    rng = random.Random(seed)
    target = target_for(module, rng)
    countdown = [fail_at if fail_at is not None else -1]
    error = convert(module, [Chaos(rng, countdown, kind)], target, mode)
    if error is not None:
        assert module.print(debuginfo=True) == before
        return
    assert countdown[0] != 0, "the injected failure went unnoticed"
    assert_well_formed(module, target, mode)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generic_modules(), SEEDS, SEEDS, st.sampled_from(["partial", "full"]))
def test_undone_patterns_leave_no_trace(text, seed, noise_seed, mode):
    quiet, noisy = mlc.parse(text, CTX), mlc.parse(text, CTX)
    target = target_for(quiet, random.Random(seed))
    chaos = [Chaos(random.Random(seed), [-1], "none")]
    expected = convert(quiet, chaos, target, mode)
    chaos = [Noise(random.Random(noise_seed)), Chaos(random.Random(seed), [-1], "none")]
    assert convert(noisy, chaos, target, mode) == expected
    assert noisy.print(debuginfo=True) == quiet.print(debuginfo=True)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(func_modules(), SEEDS, st.integers(1, 6), st.sampled_from(["raise", "give up"]))
def test_registered_ops_and_folds_are_restored_too(text, seed, fail_at, kind):
    module = mlc.parse(text, CTX)
    before = module.print(debuginfo=True)
    rng = random.Random(seed)
    target = target_for(module, rng)
    try:  # the random changes may also break what folders expect: any error must undo
        apply_full_conversion(module, target, [Chaos(rng, [fail_at], kind)])
    except Exception:
        assert module.print(debuginfo=True) == before
