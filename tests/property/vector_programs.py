"""Random vector programs: a hypothesis strategy for the lowering tests.

A program is one function `@f(%a, %b: vector<Nxf32>) -> vector<Mxf32>`: both arguments are
shape-cast to an n-D shape, then a random sequence of vector ops (transposes, broadcasts,
extracts, inserts, shuffles, interleaves, fmas, outer products, reductions, masks and
selects, shape casts, splats, element accesses, contractions) works on a pool of values,
and the last value is shape-cast back to 1-D and returned. Every op keeps the values finite
and exact enough to compare compiled code with the interpreter.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from hypothesis import strategies as st

KINDS = ("add", "mul", "minimumf", "maximumf", "minnumf", "maxnumf")


def vtype(shape) -> str:
    return f"vector<{''.join(f'{d}x' for d in shape)}f32>"


@dataclass
class Program:
    """The function's text as it grows, and the pool of (name, shape) values."""

    lines: list[str] = field(default_factory=list)
    pool: list[tuple[str, tuple]] = field(default_factory=list)
    counter: itertools.count = field(default_factory=itertools.count)

    def emit(self, text: str, shape: tuple) -> str:
        name = f"%v{next(self.counter)}"
        self.lines.append(f"    {name} = {text}")
        self.pool.append((name, shape))
        return name

    def scalar(self, text: str) -> str:
        name = f"%s{next(self.counter)}"
        self.lines.append(f"    {name} = {text}")
        return name


def _of_rank(pool, low: int, high: int = 9):
    return [(n, s) for n, s in pool if low <= len(s) <= high]


# Each op has a number; the ones that need a rare operand shape are drawn more often.
_CHOICES = (*range(16), 3, 3, 14, 14, 14, 15, 15, 15)


@st.composite
def _step(draw, p: Program) -> None:
    """One op on values of the pool, its result added to the pool."""
    choice = draw(st.sampled_from(_CHOICES))
    name, shape = draw(st.sampled_from(p.pool))
    if choice == 0 and len(shape) >= 2:
        perm = draw(st.permutations(range(len(shape))))
        out = tuple(shape[i] for i in perm)
        p.emit(f"vector.transpose {name}, {list(perm)} : {vtype(shape)} to {vtype(out)}", out)
    elif choice == 1 and len(shape) <= 2:
        lead = draw(st.integers(1, 3))
        out = (lead, *shape)
        p.emit(f"vector.broadcast {name} : {vtype(shape)} to {vtype(out)}", out)
    elif choice == 2 and len(shape) >= 2:
        i = draw(st.integers(0, shape[0] - 1))
        p.emit(f"vector.extract {name}[{i}] : {vtype(shape[1:])} from {vtype(shape)}", shape[1:])
    elif choice == 3 and len(shape) >= 2:
        rows = [(n, s) for n, s in p.pool if s == shape[1:]]
        if rows:
            row, _ = draw(st.sampled_from(rows))
            i = draw(st.integers(0, shape[0] - 1))
            p.emit(f"vector.insert {row}, {name} [{i}] : {vtype(shape[1:])} into "
                   f"{vtype(shape)}", shape)  # fmt: skip
    elif choice == 4:
        same = [n for n, s in p.pool if s == shape]
        other = draw(st.sampled_from(same))
        p.emit(f"vector.fma {name}, {other}, {name} : {vtype(shape)}", shape)
    elif choice == 5:
        same = [n for n, s in p.pool if s[1:] == shape[1:] and len(s) == len(shape)]
        other, other_shape = draw(st.sampled_from([(n, s) for n, s in p.pool if n in same]))
        total = shape[0] + other_shape[0]
        mask = draw(st.lists(st.integers(0, total - 1), min_size=1, max_size=5))
        out = (len(mask), *shape[1:])
        p.emit(f"vector.shuffle {name}, {other} {mask} : {vtype(shape)}, {vtype(other_shape)}",
               out)  # fmt: skip
    elif choice == 6 and shape:
        out = (*shape[:-1], 2 * shape[-1])
        p.emit(f"vector.interleave {name}, {name} : {vtype(shape)} -> {vtype(out)}", out)
    elif choice == 7 and len(shape) == 1:
        others = _of_rank(p.pool, 1, 1)
        other, other_shape = draw(st.sampled_from(others))
        out = (shape[0], other_shape[0])
        accs = [n for n, s in p.pool if s == out]
        acc = f", {draw(st.sampled_from(accs))}" if accs and draw(st.booleans()) else ""
        p.emit(f"vector.outerproduct {name}, {other}{acc} : {vtype(shape)}, "
               f"{vtype(other_shape)}", out)  # fmt: skip
    elif choice == 8 and len(shape) == 1:
        kind = draw(st.sampled_from(KINDS))
        acc = ""
        if draw(st.booleans()):
            acc = ", " + p.scalar("arith.constant 1.500000e+00 : f32")
        reduced = p.scalar(f"vector.reduction <{kind}>, {name}{acc} : {vtype(shape)} into f32")
        out = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
        p.emit(f"vector.broadcast {reduced} : f32 to {vtype(out)}", out)
    elif choice == 9 and shape:
        bounds = [draw(st.integers(0, d)) for d in shape]
        same = [n for n, s in p.pool if s == shape]
        other = draw(st.sampled_from(same))
        mask_type = f"vector<{''.join(f'{d}x' for d in shape)}i1>"
        if draw(st.booleans()):
            bounds = [0] * len(bounds) if 0 in bounds else bounds  # a constant mask's rule
            mask = p.scalar(f"vector.constant_mask {bounds} : {mask_type}")
        else:
            indices = [p.scalar(f"arith.constant {b} : index") for b in bounds]
            mask = p.scalar(f"vector.create_mask {', '.join(indices)} : {mask_type}")
        p.emit(f"arith.select {mask}, {name}, {other} : {mask_type}, {vtype(shape)}", shape)
    elif choice == 10 and shape:
        size = math.prod(shape)  # MLIR 19 only collapses or expands: via 1-D here
        out = draw(st.sampled_from(_factorizations(size))) if len(shape) == 1 else (size,)
        p.emit(f"vector.shape_cast {name} : {vtype(shape)} to {vtype(out)}", out)
    elif choice == 11 and len(shape) == 1:
        i = draw(st.integers(0, shape[0] - 1))
        j = draw(st.integers(0, shape[0] - 1))
        at_i, at_j = (
            p.scalar(f"arith.constant {i} : index"),
            p.scalar(f"arith.constant {j} : index"),
        )
        element = p.scalar(f"vector.extractelement {name}[{at_i} : index] : {vtype(shape)}")
        p.emit(f"vector.insertelement {element}, {name}[{at_j} : index] : {vtype(shape)}", shape)
    elif choice == 12 and len(shape) >= 2:
        position = [draw(st.integers(0, d - 1)) for d in shape]
        element = p.scalar(f"vector.extract {name}{position} : f32 from {vtype(shape)}")
        p.emit(f"vector.splat {element} : {vtype(shape)}", shape)
    elif choice == 13:
        same = [n for n, s in p.pool if s == shape]
        other = draw(st.sampled_from(same))
        p.emit(f"arith.addf {name}, {other} : {vtype(shape)}", shape)

    elif choice == 14 and len(shape) == 2:
        _gram(draw, p, name, shape)
    elif choice == 15 and len(shape) == 1:
        matrices = [(n, s) for n, s in p.pool if len(s) == 2 and s[1] == shape[0]]
        if matrices:
            matrix, (rows, _) = draw(st.sampled_from(matrices))
            acc = p.scalar(f"arith.constant dense<5.000000e-01> : vector<{rows}xf32>")
            maps = ", ".join(f"affine_map<(m, k) -> {m}>" for m in ("(m, k)", "(k)", "(m)"))
            maps = f"[{maps}]"
            p.emit(f"vector.contract {{indexing_maps = {maps}, iterator_types = "
                   f'["parallel", "reduction"], kind = #vector.kind<add>}} {matrix}, {name}, '
                   f"{acc} : {vtype((rows, shape[0]))}, {vtype(shape)} into "
                   f"{vtype((rows,))}", (rows,))  # fmt: skip


# (lhs map, rhs map) with the same operand on both sides, and the result maps.
_GRAM_OPERANDS = ("(m, k)", "(n, k)"), ("(k, m)", "(k, n)")
_GRAM_RESULTS = ("(m, n)", "(n, m)")


def _gram(draw, p: Program, name: str, shape: tuple) -> None:
    """`X . X^T` (or `X^T . X`) as a `vector.contract` in one of its map layouts."""
    lhs_map, rhs_map = draw(st.sampled_from(_GRAM_OPERANDS))
    result_map = draw(st.sampled_from(_GRAM_RESULTS))
    size = shape[0] if lhs_map == "(m, k)" else shape[1]
    out = (size, size)
    acc = p.scalar(f"arith.constant dense<2.500000e-01> : {vtype(out)}")
    maps = ", ".join(f"affine_map<(m, n, k) -> {m}>" for m in (lhs_map, rhs_map, result_map))
    p.emit(f"vector.contract {{indexing_maps = [{maps}], iterator_types = "
           f'["parallel", "parallel", "reduction"], kind = #vector.kind<add>}} {name}, '
           f"{name}, {acc} : {vtype(shape)}, {vtype(shape)} into {vtype(out)}", out)  # fmt: skip


def _factorizations(size: int) -> list[tuple]:
    """Shapes of up to 3 dims (each at most 8) with `size` elements."""
    shapes = []
    for rank in (1, 2, 3):
        for dims in itertools.product(range(1, 9), repeat=rank):
            if math.prod(dims) == size:
                shapes.append(dims)
    return shapes or [(size,)]


@st.composite
def vector_programs(draw, max_steps: int = 8) -> tuple[str, int, int]:
    """(module text, argument length, result length)."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    size = math.prod(shape)
    p = Program()
    for arg in ("%a", "%b"):
        p.emit(f"vector.shape_cast {arg} : vector<{size}xf32> to {vtype(shape)}", shape)
    for _ in range(draw(st.integers(1, max_steps))):
        draw(_step(p))
    last, last_shape = p.pool[-1]
    out = math.prod(last_shape)
    if len(last_shape) != 1:
        last = p.emit(f"vector.shape_cast {last} : {vtype(last_shape)} to vector<{out}xf32>",
                      (out,))  # fmt: skip
    body = "\n".join(p.lines)
    text = (f"func.func @f(%a: vector<{size}xf32>, %b: vector<{size}xf32>) -> vector<{out}xf32> "
            f"{{\n{body}\n    return {last} : vector<{out}xf32>\n}}\n")  # fmt: skip
    return text, size, out
