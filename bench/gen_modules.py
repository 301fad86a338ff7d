"""Generate large func/arith modules in MLIR's generic syntax, byte for byte as mlir-opt 19
prints them with `--mlir-print-op-generic`, for parser/printer throughput benchmarks.

A module of N operations (N counts every op: `builtin.module`, each `func.func`, the body ops
and each `func.return`) holds functions of about 1000 ops each. Each function takes
`(i32, i64, f32)` and returns an i32; its body is a seeded random mix of constants, integer
and float arithmetic, comparisons, selects and casts, each op using recent values of its type.

    python bench/gen_modules.py 100000 -o /tmp/m100k.mlir
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from typing import TextIO

INT_TYPES = ("i32", "i64")
FUNCTION_ARG_TYPES = ("i32", "i64", "f32")
FUNCTION_TYPE = "(i32, i64, f32) -> i32"
LOCALITY = 32  # operands are drawn from the most recent values of a type
OVERFLOW = " <{overflowFlags = #arith.overflow<none>}>"  # with its separating space
FASTMATH = "<{fastmath = #arith.fastmath<none>}>"


class FunctionBody:
    """SSA bookkeeping for one function, numbering from `first_value` and `first_arg`.

    In generic form mlir-opt does not restart numbering at isolated-from-above ops (a reader that
    knows no op must be able to parse the text): values and block arguments are numbered across
    the module, and regions are numbered from a stack, so the last function gets `%arg0`, `%0`.
    """

    def __init__(self, rng: random.Random, first_value: int, first_arg: int) -> None:
        self.rng = rng
        self.next_id = first_value
        self.args = [f"%arg{first_arg + index}" for index in range(len(FUNCTION_ARG_TYPES))]
        self.values: dict[str, list[str]] = {"i1": [], "i32": [], "i64": [], "f32": []}
        for name, type_ in zip(self.args, FUNCTION_ARG_TYPES):
            self.values[type_].append(name)

    def entry_block_label(self) -> str:
        """`^bb0(%argN: i32, ...)`."""
        args = ", ".join(f"{name}: {type_}" for name, type_ in zip(self.args, FUNCTION_ARG_TYPES))
        return f"^bb0({args}):"

    def pick(self, type_: str) -> str:
        """A recently defined value of `type_`."""
        pool = self.values[type_]
        return pool[-1 - self.rng.randrange(min(len(pool), LOCALITY))]

    def define(self, type_: str) -> str:
        """Name the next result and make it available as an operand of `type_`."""
        name = f"%{self.next_id}"
        self.next_id += 1
        self.values[type_].append(name)
        return name


def int_constant(body: FunctionBody) -> str:
    type_ = body.rng.choice(INT_TYPES)
    value = body.rng.randint(-100, 100)
    return (
        f'{body.define(type_)} = "arith.constant"() <{{value = {value} : {type_}}}> : () -> {type_}'
    )


def float_constant(body: FunctionBody) -> str:
    # Quarters are exact in f32, so `{:e}` is exactly mlir-opt's spelling of them.
    value = body.rng.randint(-64, 64) / 4
    return f'{body.define("f32")} = "arith.constant"() <{{value = {value:e} : f32}}> : () -> f32'


def int_binary(op: str, properties: str) -> Callable[[FunctionBody], str]:
    def emit(body: FunctionBody) -> str:
        type_ = body.rng.choice(INT_TYPES)
        lhs, rhs = body.pick(type_), body.pick(type_)
        return (
            f'{body.define(type_)} = "arith.{op}"({lhs}, {rhs}){properties}'
            f" : ({type_}, {type_}) -> {type_}"
        )

    return emit


def float_binary(op: str) -> Callable[[FunctionBody], str]:
    def emit(body: FunctionBody) -> str:
        lhs, rhs = body.pick("f32"), body.pick("f32")
        return f'{body.define("f32")} = "arith.{op}"({lhs}, {rhs}) {FASTMATH} : (f32, f32) -> f32'

    return emit


def cmpi(body: FunctionBody) -> str:
    type_ = body.rng.choice(INT_TYPES)
    lhs, rhs = body.pick(type_), body.pick(type_)
    predicate = body.rng.randrange(10)  # eq, ne, slt, sle, sgt, sge, ult, ule, ugt, uge
    return (
        f'{body.define("i1")} = "arith.cmpi"({lhs}, {rhs}) <{{predicate = {predicate} : i64}}>'
        f" : ({type_}, {type_}) -> i1"
    )


def select(body: FunctionBody) -> str:
    if not body.values["i1"]:
        return cmpi(body)
    type_ = body.rng.choice(("i32", "i64", "f32"))
    condition, lhs, rhs = body.pick("i1"), body.pick(type_), body.pick(type_)
    return (
        f'{body.define(type_)} = "arith.select"({condition}, {lhs}, {rhs})'
        f" : (i1, {type_}, {type_}) -> {type_}"
    )


def cast(op: str, source: str, target: str) -> Callable[[FunctionBody], str]:
    def emit(body: FunctionBody) -> str:
        operand = body.pick(source)
        return f'{body.define(target)} = "arith.{op}"({operand}) : ({source}) -> {target}'

    return emit


# (emitter, weight): integer arithmetic dominates, as in index-heavy lowered code.
OP_MIX: list[tuple[Callable[[FunctionBody], str], int]] = [
    (int_constant, 10),
    (float_constant, 4),
    (int_binary("addi", OVERFLOW), 12),
    (int_binary("muli", OVERFLOW), 8),
    (int_binary("subi", OVERFLOW), 6),
    (int_binary("andi", ""), 4),
    (int_binary("xori", ""), 4),
    (int_binary("divsi", ""), 2),
    (float_binary("addf"), 6),
    (float_binary("mulf"), 6),
    (float_binary("subf"), 4),
    (cmpi, 6),
    (select, 6),
    (cast("extsi", "i32", "i64"), 3),
    (cast("trunci", "i64", "i32"), 3),
    (cast("sitofp", "i32", "f32"), 3),
]
EMITTERS = [emit for emit, _ in OP_MIX]
WEIGHTS = [weight for _, weight in OP_MIX]


def function_sizes(num_ops: int, ops_per_func: int) -> list[int]:
    """Body op counts (excluding `func.func` and `func.return`) adding up to `num_ops` ops in
    all, counting the module op."""
    if num_ops < 3:
        raise ValueError(f"a module needs at least 3 ops (module, func, return), got {num_ops}")
    num_funcs = max(1, min(round(num_ops / max(ops_per_func, 1)), (num_ops - 1) // 2))
    body_ops = num_ops - 1 - 2 * num_funcs
    base, extra = divmod(body_ops, num_funcs)
    return [base + (index < extra) for index in range(num_funcs)]


def write_module(out: TextIO, num_ops: int, ops_per_func: int = 1000, seed: int = 0) -> int:
    """Write a generic-syntax module of exactly `num_ops` ops to `out`; return `num_ops`."""
    rng = random.Random(seed)
    write = out.write
    sizes = function_sizes(num_ops, ops_per_func)
    # Every body op has one result; later functions take the lower numbers (see FunctionBody).
    first_value = sum(sizes)
    first_arg = len(sizes) * len(FUNCTION_ARG_TYPES)
    write('"builtin.module"() ({\n')
    for index, size in enumerate(sizes):
        first_value -= size
        first_arg -= len(FUNCTION_ARG_TYPES)
        body = FunctionBody(rng, first_value, first_arg)
        write(f'  "func.func"() <{{function_type = {FUNCTION_TYPE}, sym_name = "f{index}"}}> ({{\n')
        write(f"  {body.entry_block_label()}\n")
        for emit in rng.choices(EMITTERS, WEIGHTS, k=size):
            write(f"    {emit(body)}\n")
        write(f'    "func.return"({body.values["i32"][-1]}) : (i32) -> ()\n')
        write("  }) : () -> ()\n")
    write("}) : () -> ()\n\n")  # mlir-opt ends its output with an empty line
    return num_ops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("num_ops", type=int, help="total number of operations in the module")
    parser.add_argument("-o", "--output", help="output file (default: stdout)")
    parser.add_argument("--ops-per-func", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.num_ops < 3:
        parser.error("a module needs at least 3 ops (module, func, return)")
    if args.ops_per_func < 1:
        parser.error("--ops-per-func must be positive")
    if args.output is None:
        write_module(sys.stdout, args.num_ops, args.ops_per_func, args.seed)
        return 0
    with open(args.output, "w") as out:
        write_module(out, args.num_ops, args.ops_per_func, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
