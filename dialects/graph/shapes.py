"""Shape relations shared by the graph ops' inference: broadcasting, compatibility, axes.

Dims are ints, `SymExpr`s or None (`?`). A relation is an error only when it is provably
violated (two different constants); when it cannot be decided symbolically the result is
the most precise dim known (`?` at worst), and the interpreter checks the concrete sizes.
"""

from __future__ import annotations

from mlc.dialects.graph.symbolic import dim_text


class ShapeError(Exception):
    """Operands whose shapes (or attributes) the op cannot accept; the verifier turns it into
    a diagnostic at the op, and the message names the shapes involved."""


def shape_text(shape) -> str:
    return "[" + ", ".join(dim_text(d) for d in shape) + "]"


def broadcast_dim(a, b):
    """numpy's rule for one pair of dims."""
    if a == 1:
        return b
    if b == 1 or a == b:
        return a
    if type(a) is int and type(b) is int:
        raise ValueError
    if type(b) is int:
        return b  # `?` or a symbol against a size other than 1: that size, or an error
    if type(a) is int:
        return a
    return None  # a symbol (which may be 1) against `?` or another symbol: runtime decides


def broadcast_shapes(*shapes) -> tuple:
    """The numpy broadcast of `shapes` (right-aligned), or ShapeError naming them."""
    rank = max(len(s) for s in shapes)
    out = [1] * rank
    for shape in shapes:
        for i, d in enumerate(shape, rank - len(shape)):
            try:
                out[i] = broadcast_dim(out[i], d)
            except ValueError:
                texts = " and ".join(shape_text(s) for s in shapes)
                raise ShapeError(f"shapes {texts} are not broadcast-compatible") from None
    return tuple(out)


def dims_compatible(a, b) -> bool:
    """Whether two dims may be the same size: equal, or either unknown."""
    return a is None or b is None or a == b


def dims_conflict(a, b) -> bool:
    """Whether two dims are provably different sizes."""
    return type(a) is int and type(b) is int and a != b


def shapes_compatible(a, b) -> bool:
    return len(a) == len(b) and all(dims_compatible(x, y) for x, y in zip(a, b))


def normalize_axis(axis: int, rank: int, what: str = "axis") -> int:
    """ONNX's axis in [-rank, rank) as an index in [0, rank)."""
    if not -rank <= axis < rank:
        raise ShapeError(f"{what} {axis} is out of range for rank {rank}")
    return axis + rank if axis < 0 else axis


def normalize_axes(axes, rank: int, what: str = "axes") -> tuple:
    """Distinct axes in [0, rank), in the order given."""
    out = tuple(normalize_axis(a, rank, what) for a in axes)
    if len(set(out)) != len(out):
        raise ShapeError(f"{what} {list(axes)} repeat an axis")
    return out


def product(dims):
    """The product of dims, None when one is unknown."""
    total = 1
    for d in dims:
        if d is None:
            return None
        total = total * d
    return total
