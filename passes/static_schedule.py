"""The loops a thread of a team runs for its share of an `scf.parallel`'s iterations, as
OpenMP's `schedule(static)` divides a collapsed loop nest (MLIR's translation collapses the
`omp.loop_nest` and divides it with `__kmpc_for_static_init`; libgomp divides the same way).

The iteration space of all the dimensions, in row-major order, is cut into one contiguous
share per thread, the n iterations as evenly as they go (the first n % threads shares one
longer). A share runs as a loop over the rows it touches (the outer dimensions, collapsed)
around a plain loop over the part of each row it owns, so that the innermost loop stays a
simple loop LLVM can vectorize; only the rows' indices are computed per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mlc.dialects import arith, scf
from mlc.ir.attributes import IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.types import i1, index
from mlc.ir.values import Value

BodyBuilder = Callable[[Builder, Value, list], Sequence[Value]]
NestBody = Callable[[Builder, list, list], Sequence[Value]]


def constant_index(b: Builder, value: int) -> Value:
    return b.create(arith.ConstantOp, IntegerAttr(value, index)).result


def constant_bool(b: Builder, value: bool) -> Value:
    return b.create(arith.ConstantOp, IntegerAttr(int(value), i1)).result


def build_for(b: Builder, lower: Value, upper: Value, step: Value, inits: Sequence[Value],
              body: BodyBuilder) -> list[Value]:  # fmt: skip
    """An `scf.for` at `b` carrying `inits`; `body(builder, iv, iter_args)` fills its block
    and returns the values to yield. Returns the loop's results."""
    block = Block([lower.type, *(v.type for v in inits)], [b.location] * (1 + len(inits)))
    loop = scf.ForOp.create(
        [lower, upper, step, *inits], [v.type for v in inits], {}, None, [Region([block])],
        location=b.location,
    )  # fmt: skip
    b.insert(loop)
    inner = Builder.at_end(block, b.location)
    yielded = body(inner, block.args[0], list(block.args[1:]))
    inner.insert(scf.YieldOp(list(yielded), loc=b.location))
    return list(loop.results)


class _Arith:
    """`index` arithmetic at a builder, one op per call."""

    def __init__(self, b: Builder) -> None:
        self.b = b

    def __call__(self, op_class, lhs: Value, rhs: Value) -> Value:
        return self.b.create(op_class, lhs, rhs).result

    def iv(self, lower: Value, position: Value, step: Value) -> Value:
        """The induction variable of iteration `position`: lower + position * step."""
        return self(arith.AddIOp, lower, self(arith.MulIOp, position, step))


def trip_count(b: Builder, lower: Value, upper: Value, step: Value) -> Value:
    """max(ceil((upper - lower) / step), 0): the iterations of a dimension (step > 0)."""
    op = _Arith(b)
    span = op(arith.SubIOp, op(arith.AddIOp, op(arith.SubIOp, upper, lower), step),
              constant_index(b, 1))  # fmt: skip
    return op(arith.MaxSIOp, op(arith.DivSIOp, span, step), constant_index(b, 0))


def static_share(b: Builder, total: Value, thread: Value, threads: Value) -> tuple[Value, Value]:
    """[begin, end) of `thread`'s share of `total` iterations: thread t begins at
    t * (total / threads) + min(t, total % threads) and ends where thread t + 1 begins."""
    op = _Arith(b)
    share, rest = op(arith.DivSIOp, total, threads), op(arith.RemSIOp, total, threads)

    def start(t: Value) -> Value:
        return op(arith.AddIOp, op(arith.MulIOp, t, share), op(arith.MinSIOp, t, rest))

    return start(thread), start(op(arith.AddIOp, thread, constant_index(b, 1)))


def build_thread_share(b: Builder, lowers: Sequence[Value], uppers: Sequence[Value],
                       steps: Sequence[Value], thread: Value, threads: Value,
                       inits: Sequence[Value], body: NestBody) -> list[Value]:  # fmt: skip
    """The loops over `thread`'s share of the iteration space (module docstring), carrying
    `inits`; `body(builder, ivs, iter_args)` fills the innermost loop."""
    op = _Arith(b)
    trips = [trip_count(b, *bounds) for bounds in zip(lowers, uppers, steps)]
    total = trips[0]
    for count in trips[1:]:
        total = op(arith.MulIOp, total, count)
    begin, end = static_share(b, total, thread, threads)
    if len(trips) == 1:
        first, last = op.iv(lowers[0], begin, steps[0]), op.iv(lowers[0], end, steps[0])
        return build_for(b, first, last, steps[0], inits,
                         lambda inner, iv, args: body(inner, [iv], args))  # fmt: skip
    one = constant_index(b, 1)
    row_length = trips[-1]
    width = op(arith.MaxSIOp, row_length, one)  # no division by 0: no rows then anyway
    first_row = op(arith.DivSIOp, begin, width)
    past_rows = op(arith.DivSIOp, op(arith.SubIOp, op(arith.AddIOp, end, width), one), width)

    def row(rb: Builder, r: Value, args: list) -> list:
        row_op = _Arith(rb)
        outer = _row_ivs(rb, r, trips[:-1], lowers[:-1], steps[:-1])
        offset = row_op(arith.MulIOp, r, row_length)
        lo = row_op(arith.MaxSIOp, row_op(arith.SubIOp, begin, offset), constant_index(rb, 0))
        hi = row_op(arith.MinSIOp, row_op(arith.SubIOp, end, offset), row_length)
        return build_for(rb, row_op.iv(lowers[-1], lo, steps[-1]),
                         row_op.iv(lowers[-1], hi, steps[-1]), steps[-1], args,
                         lambda inner, iv, a: body(inner, [*outer, iv], a))  # fmt: skip

    return build_for(b, first_row, past_rows, one, inits, row)


def _row_ivs(b: Builder, row: Value, trips: Sequence[Value], lowers: Sequence[Value],
             steps: Sequence[Value]) -> list[Value]:  # fmt: skip
    """The outer dimensions' induction variables of row number `row` (row-major)."""
    op = _Arith(b)
    positions = []
    for count in reversed(trips[1:]):
        positions.append(op(arith.RemSIOp, row, count))
        row = op(arith.DivSIOp, row, count)
    positions.append(row)
    return [op.iv(lower, p, step) for lower, p, step in zip(lowers, reversed(positions), steps)]
