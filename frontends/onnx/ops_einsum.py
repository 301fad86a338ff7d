"""ONNX Einsum, rewritten into transpose, reduce_sum, reshape and matmul (the graph dialect
has no einsum op, see docs/graph.md).

One operand: a permutation of its letters, with the letters missing from the output summed.
Two operands: the letters split into batch (both operands and the output), contracted
(both operands, not the output), and free letters of either side; letters of one operand
missing from the output and the other operand are summed first. Each side becomes
`[batch..., free, contracted]` (free and contracted letters merged by a reshape), one
matmul multiplies them, and a reshape and transpose give the output's order. A letter
repeated within one operand (a diagonal) and three or more operands are not supported.
"""

from __future__ import annotations

import math

from mlc.dialects import graph
from mlc.dialects.graph.base import ints_attr
from mlc.dialects.graph.shape_ops import sizes_attr
from mlc.frontends.onnx.registry import converter
from mlc.ir.attributes import bool_attr

ELLIPSIS_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # stand-ins for `...` dims (inputs are lower)


def parse_equation(nc, equation: str, ranks: list[int]) -> tuple[list[str], str]:
    """The letters of each operand and of the output, `...` expanded to upper-case letters
    (right-aligned, as numpy broadcasts them)."""
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(ranks):
        raise nc.fail(f"equation '{equation}' names {len(terms)} operands, got {len(ranks)}")
    ellipsis_rank = 0
    for term, rank in zip(terms, ranks):
        if "..." in term:
            ellipsis_rank = max(ellipsis_rank, rank - (len(term) - 3))
    expanded = []
    for term, rank in zip(terms, ranks):
        if "..." in term:
            n = rank - (len(term) - 3)
            term = term.replace("...", ELLIPSIS_LETTERS[ellipsis_rank - n : ellipsis_rank])
        if len(term) != rank:
            raise nc.fail(f"equation term '{term}' does not match an operand of rank {rank}")
        if len(set(term)) != len(term):
            raise nc.fail(f"equation '{equation}': repeated letters (diagonals) are not supported")
        expanded.append(term)
    ellipsis = ELLIPSIS_LETTERS[:ellipsis_rank]
    if arrow:
        out = rhs.replace("...", ellipsis)
    else:  # implicit output: the ellipsis, then the letters used once, in order
        counts = "".join(expanded)
        out = ellipsis + "".join(sorted(c for c in set(counts) if c.islower() and
                                        counts.count(c) == 1))  # fmt: skip
    return expanded, out


def _sum_out(nc, x, letters: str, keep: str) -> tuple:
    """Sum `x` over its letters not in `keep`."""
    axes = [i for i, c in enumerate(letters) if c not in keep]
    if not axes:
        return x, letters
    props = {"axes": ints_attr(axes), "keepdims": bool_attr(False)}
    return nc.emit(graph.ReduceSumOp, x, **props), "".join(c for c in letters if c in keep)


def _permute(nc, x, letters: str, order: str):
    if letters == order:
        return x
    return nc.emit(graph.TransposeOp, x, perm=ints_attr([letters.index(c) for c in order]))


def _dims(x, letters: str) -> dict:
    return dict(zip(letters, x.type.shape))


def _product(dims):
    return math.prod(dims, start=1)


@converter("Einsum")
def convert_einsum(nc):
    operands = nc.values()
    terms, out = parse_equation(nc, nc.attr("equation"), [v.type.rank for v in operands])
    if len(operands) == 1:
        x, letters = _sum_out(nc, operands[0], terms[0], out)
        return [_permute(nc, x, letters, out)]
    if len(operands) != 2:
        raise nc.fail("Einsum of three or more operands is not supported")
    (a, b), (la, lb) = operands, terms
    a, la = _sum_out(nc, a, la, out + lb)
    b, lb = _sum_out(nc, b, lb, out + la)
    batch = "".join(c for c in out if c in la and c in lb)
    contracted = "".join(c for c in la if c in lb and c not in out)
    free_a = "".join(c for c in la if c not in lb)
    free_b = "".join(c for c in lb if c not in la)
    if any(d is None for d in a.type.shape + b.type.shape):
        raise nc.fail("Einsum needs operands without unknown ('?') dims")
    dims = {**_dims(b, lb), **_dims(a, la)}
    a = _permute(nc, a, la, batch + free_a + contracted)
    b = _permute(nc, b, lb, batch + contracted + free_b)
    batch_a = [_dims(a, batch + free_a + contracted)[c] for c in batch]
    batch_b = [_dims(b, batch + contracted + free_b)[c] for c in batch]
    m, k, n = (_product(dims[c] for c in s) for s in (free_a, contracted, free_b))
    a = nc.emit(graph.ReshapeOp, a, shape=sizes_attr(batch_a + [m, k]))
    b = nc.emit(graph.ReshapeOp, b, shape=sizes_attr(batch_b + [k, n]))
    y = nc.emit(graph.MatMulOp, a, b)
    result = batch + free_a + free_b
    batch_y = list(y.type.shape[: len(batch)])
    shape = batch_y + [dims[c] for c in free_a + free_b]
    if any(d is None for d in shape):
        raise nc.fail("Einsum's result has a dim that broadcasting leaves unknown")
    y = nc.emit(graph.ReshapeOp, y, shape=sizes_attr(shape))
    if set(result) != set(out):
        raise nc.fail(f"equation output '{out}' names letters no operand has")
    return [_permute(nc, y, result, out)]
