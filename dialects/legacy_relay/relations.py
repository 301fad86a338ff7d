"""Relay's type relations, on builtin tensor types with static or `?` dims.

Relay infers each op's output type from its inputs by a *type relation* (TVM's
src/relay/op/**: `BroadcastRel`, `DenseRel`, `Conv2DRel`, ...). Here a relation is a
function of the operand types and the op's attributes returning the result types, or
raising `RelationError` with a message naming the shapes. `?` (Relay's `Any`) is
propagated: a relation never invents a size it cannot know, and reports a contradiction
only between two known sizes.
"""

from __future__ import annotations

from mlc.ir.types import DYNAMIC, RankedTensorType, TupleType

ANY = DYNAMIC


class RelationError(Exception):
    """Operands a relation rejects; the verifier reports it at the op."""


def shape_str(t) -> str:
    if isinstance(t, RankedTensorType):
        return "(" + ", ".join("?" if d == ANY else str(d) for d in t.shape) + ")"
    return str(t)


def tensor(shape, element) -> RankedTensorType:
    return RankedTensorType(tuple(shape), element)


def expect_tensor(t, what: str = "operand") -> RankedTensorType:
    if not isinstance(t, RankedTensorType):
        raise RelationError(f"{what} must be a ranked tensor, got '{t}'")
    return t


def broadcast(a: RankedTensorType, b: RankedTensorType) -> tuple:
    """numpy broadcasting of two shapes (Relay's `BroadcastRel`)."""
    rank = max(len(a.shape), len(b.shape))
    x = (1,) * (rank - len(a.shape)) + tuple(a.shape)
    y = (1,) * (rank - len(b.shape)) + tuple(b.shape)
    out = []
    for i, j in zip(x, y):
        if i == j or j == 1:
            out.append(i)
        elif i == 1:
            out.append(j)
        elif i == ANY or j == ANY:
            out.append(j if i == ANY else i)  # the known size, or a run-time error
        else:
            raise RelationError(f"incompatible broadcast shapes {shape_str(a)} and {shape_str(b)}")
    return tuple(out)


def normalize_axis(axis: int, rank: int) -> int:
    if not -rank <= axis < rank:
        raise RelationError(f"axis {axis} is out of range for rank {rank}")
    return axis % rank if rank else 0


def dim_mul(a: int, b: int) -> int:
    return ANY if ANY in (a, b) else a * b


def agrees(declared, inferred) -> bool:
    """A declared result type fits the relation: same structure and element types, and no
    two known dims that differ (`?` on either side stands for any size)."""
    if isinstance(declared, TupleType) and isinstance(inferred, TupleType):
        return len(declared.types) == len(inferred.types) and all(
            map(agrees, declared.types, inferred.types)
        )
    if isinstance(declared, RankedTensorType) and isinstance(inferred, RankedTensorType):
        return (
            declared.element_type == inferred.element_type
            and len(declared.shape) == len(inferred.shape)
            and all(ANY in (d, i) or d == i for d, i in zip(declared.shape, inferred.shape))
        )
    return declared == inferred
