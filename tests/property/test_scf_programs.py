"""Passes keep the meaning of structured control flow: on generated programs of scf loops
(with iter_args), `scf.while`, `scf.if` and `scf.index_switch` over i32 arith, the reference
interpreter gives the same results before and after `canonicalize,cse,sccp,
loop-invariant-code-motion`.

Programs are text, printed by hypothesis when one fails. Trip counts are small (constant
bounds up to 4, or the argument `%n` up to 4; while loops count up to a constant), so every
program ends quickly; arithmetic wraps (no overflow flags, no division), so no program has
undefined behaviour.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.ir.interpreter import Interpreter

PIPELINE = "builtin.module(canonicalize,cse,sccp,loop-invariant-code-motion)"
BINARY = ("addi", "subi", "muli", "andi", "ori", "xori", "maxsi", "minui")
PREDICATES = ("eq", "ne", "slt", "sle", "ugt", "uge")
CONSTANTS = (0, 1, -1, 2, 7, -2147483648, 2147483647)
MAX_DEPTH = 2


class ProgramWriter:
    """Writes a random function body, one statement at a time. `draw` picks every choice;
    `values` are the i32 values in scope, newest last."""

    def __init__(self, draw) -> None:
        self.draw = draw
        self.lines: list[str] = []
        self.count = 0

    def fresh(self) -> str:
        self.count += 1
        return f"%v{self.count}"

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("  " * indent + text)

    def pick(self, values: list[str]) -> str:
        return values[-1 - self.draw(st.integers(0, len(values) - 1))]

    def statements(self, values: list[str], depth: int, indent: int) -> list[str]:
        """Some statements; `values` extended with what they define at this level."""
        values = list(values)
        for _ in range(self.draw(st.integers(1, 3))):
            kinds = 6 if depth < MAX_DEPTH else 2
            kind = self.draw(st.integers(0, kinds - 1))
            writer = (self.binary, self.constant, self.if_op, self.for_op, self.while_op,
                      self.switch)[kind]  # fmt: skip
            values.append(writer(values, depth, indent))
        return values

    def binary(self, values, depth, indent) -> str:
        op = BINARY[self.draw(st.integers(0, len(BINARY) - 1))]
        name = self.fresh()
        self.emit(indent, f"{name} = arith.{op} {self.pick(values)}, {self.pick(values)} : i32")
        return name

    def constant(self, values, depth, indent) -> str:
        name = self.fresh()
        value = CONSTANTS[self.draw(st.integers(0, len(CONSTANTS) - 1))]
        self.emit(indent, f"{name} = arith.constant {value} : i32")
        return name

    def condition(self, values, indent) -> str:
        name = self.fresh()
        predicate = PREDICATES[self.draw(st.integers(0, len(PREDICATES) - 1))]
        lhs, rhs = self.pick(values), self.pick(values)
        self.emit(indent, f"{name} = arith.cmpi {predicate}, {lhs}, {rhs} : i32")
        return name

    def region_yielding(self, values, depth, indent) -> None:
        """A region body: statements, then `scf.yield` of one of its values."""
        inner = self.statements(values, depth + 1, indent + 1)
        self.emit(indent + 1, f"scf.yield {self.pick(inner)} : i32")

    def if_op(self, values, depth, indent) -> str:
        condition = self.condition(values, indent)
        name = self.fresh()
        self.emit(indent, f"{name} = scf.if {condition} -> (i32) {{")
        self.region_yielding(values, depth, indent)
        self.emit(indent, "} else {")
        self.region_yielding(values, depth, indent)
        self.emit(indent, "}")
        return name

    def index_bound(self, indent) -> str:
        """`%n` or a constant index in 0..4."""
        if self.draw(st.booleans()):
            return "%n"
        name = self.fresh()
        self.emit(indent, f"{name} = arith.constant {self.draw(st.integers(0, 4))} : index")
        return name

    def for_op(self, values, depth, indent) -> str:
        lb, ub = self.index_bound(indent), self.index_bound(indent)
        step = self.fresh()
        self.emit(indent, f"{step} = arith.constant {self.draw(st.integers(1, 2))} : index")
        carried = [self.pick(values) for _ in range(self.draw(st.integers(1, 2)))]
        iv, args = self.fresh(), [self.fresh() for _ in carried]
        results = self.fresh()
        inits = ", ".join(f"{a} = {v}" for a, v in zip(args, carried))
        types = ", ".join("i32" for _ in carried)
        self.emit(indent, f"{results}:{len(carried)} = scf.for {iv} = {lb} to {ub} step {step} "
                          f"iter_args({inits}) -> ({types}) {{")  # fmt: skip
        counter = self.fresh()
        self.emit(indent + 1, f"{counter} = arith.index_cast {iv} : index to i32")
        inner = self.statements([*values, *args, counter], depth + 1, indent + 1)
        yielded = ", ".join(self.pick(inner) for _ in carried)
        self.emit(indent + 1, f"scf.yield {yielded} : {types}")
        self.emit(indent, "}")
        return f"{results}#{self.draw(st.integers(0, len(carried) - 1))}"

    def while_op(self, values, depth, indent) -> str:
        """Counts `%i` from 0 to a constant, carrying one value through both regions."""
        zero, one, limit = self.fresh(), self.fresh(), self.fresh()
        self.emit(indent, f"{zero} = arith.constant 0 : i32")
        self.emit(indent, f"{one} = arith.constant 1 : i32")
        self.emit(indent, f"{limit} = arith.constant {self.draw(st.integers(0, 3))} : i32")
        before_i, before_x, more = self.fresh(), self.fresh(), self.fresh()
        results = self.fresh()
        self.emit(indent, f"{results}:2 = scf.while ({before_i} = {zero}, {before_x} = "
                          f"{self.pick(values)}) : (i32, i32) -> (i32, i32) {{")  # fmt: skip
        self.emit(indent + 1, f"{more} = arith.cmpi slt, {before_i}, {limit} : i32")
        self.emit(indent + 1, f"scf.condition({more}) {before_i}, {before_x} : i32, i32")
        after_i, after_x, next_i = self.fresh(), self.fresh(), self.fresh()
        self.emit(indent, "} do {")
        self.emit(indent, f"^bb0({after_i}: i32, {after_x}: i32):")
        inner = self.statements([*values, after_i, after_x], depth + 1, indent + 1)
        self.emit(indent + 1, f"{next_i} = arith.addi {after_i}, {one} : i32")
        self.emit(indent + 1, f"scf.yield {next_i}, {self.pick(inner)} : i32, i32")
        self.emit(indent, "}")
        return f"{results}#1"

    def switch(self, values, depth, indent) -> str:
        selector = self.index_bound(indent)
        name = self.fresh()
        self.emit(indent, f"{name} = scf.index_switch {selector} -> i32")
        for case in (0, 2):
            self.emit(indent, f"case {case} {{")
            self.region_yielding(values, depth, indent)
            self.emit(indent, "}")
        self.emit(indent, "default {")
        self.region_yielding(values, depth, indent)
        self.emit(indent, "}")
        return name


@st.composite
def scf_programs(draw) -> str:
    """`func.func @f(%a: i32, %b: i32, %n: index) -> (i32, i32)` of random scf and arith."""
    writer = ProgramWriter(draw)
    values = writer.statements(["%a", "%b"], 0, 1)
    results = f"{writer.pick(values)}, {writer.pick(values)}"
    body = "\n".join(writer.lines)
    return (
        "func.func @f(%a: i32, %b: i32, %n: index) -> (i32, i32) {\n"
        f"{body}\n  return {results} : i32, i32\n}}\n"
    )


INPUTS = st.tuples(
    st.integers(-(2**31), 2**31 - 1) | st.sampled_from([0, 1, -1, 3]),
    st.integers(-(2**31), 2**31 - 1) | st.sampled_from([0, 1, -1, 3]),
    st.integers(0, 4),
)


@settings(max_examples=min(settings.default.max_examples, 40), deadline=None)
@given(program=scf_programs(), inputs=st.lists(INPUTS, min_size=1, max_size=3))
def test_pipeline_preserves_scf_semantics(program: str, inputs: list) -> None:
    module = mlc.parse(program)
    expected = [Interpreter(module).call("f", *args) for args in inputs]
    mlc.PassManager.parse(PIPELINE, mlc.Context()).run(module)
    mlc.verify(module)
    after = Interpreter(module)
    for args, before in zip(inputs, expected):
        actual = after.call("f", *args)
        assert [np.int32(v) for v in actual] == [np.int32(v) for v in before], str(module)
