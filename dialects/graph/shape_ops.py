"""Graph ops that rearrange a tensor without computing: reshape, transpose, expand_dims,
squeeze, flatten, broadcast_to, tile (ONNX Reshape, Transpose, Unsqueeze, Squeeze, Flatten,
Expand, Tile, with the shapes and axes as attributes).

A target shape (`graph.reshape`'s and `graph.broadcast_to`'s `shape`) is an array whose
elements are i64 integers or strings holding a size expression over the enclosing
function's size variables, so `[b, s*h] -> [b, s, h]` is written
`graph.reshape %x {shape = [0, "s", "h"]}`: a dense i64 array cannot hold `s`, and the
string is parsed by `symbolic.parse_dim`, as a dim of `!graph.tensor` is. The interpreter
evaluates it with the sizes the function was called with.
"""

from __future__ import annotations

from mlc.dialects.graph.base import (
    GRAPH_TENSOR,
    INT_ATTR,
    INTS_ATTR,
    GraphOp,
    get_bool,
    get_int,
    get_ints,
    int_attr,
)
from mlc.dialects.graph.shapes import (
    ShapeError,
    broadcast_shapes,
    normalize_axes,
    product,
    shape_text,
)
from mlc.dialects.graph.symbolic import (
    SizeSyntaxError,
    SymExpr,
    floordiv,
    free_vars,
    parse_dim,
    var,
)
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import ArrayAttr, IntegerAttr, StringAttr, bool_attr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import operand, opt_prop, prop, result
from mlc.ir.traits import Pure
from mlc.ir.types import IntegerType

BOOL_ATTR = Constraint(
    lambda a: isinstance(a, IntegerAttr) and a.type == IntegerType(1), "bool attribute"
)
SIZES_ATTR = Constraint(
    lambda a: (
        isinstance(a, ArrayAttr) and all(isinstance(x, (IntegerAttr, StringAttr)) for x in a.value)
    ),
    "array of integers and size-expression strings",
)


def sizes_attr(dims) -> ArrayAttr:
    """A target-shape attribute from ints and symbolic dims (`SymExpr`s become strings)."""
    return ArrayAttr(tuple(int_attr(d) if type(d) is int else StringAttr(str(d)) for d in dims))


def required(value, name: str):
    """`value` of the attribute `name`, which the op cannot do without (the custom syntax
    lets it be left out, and inference runs before the verifier would say so)."""
    if value is None:
        raise ShapeError(f"requires the '{name}' attribute")
    return value


def get_sizes(props: dict, name: str) -> tuple:
    """The dims of a target-shape attribute: ints as written, strings parsed to `SymExpr`s."""
    dims = []
    for element in required(props.get(name), name).value:
        if isinstance(element, IntegerAttr):
            dims.append(element.value)
            continue
        try:
            dim = parse_dim(element.value)
        except SizeSyntaxError as e:
            raise ShapeError(f"'{name}' element \"{element.value}\" is not a size: {e}") from None
        if dim is None:
            raise ShapeError(f"'{name}' element \"?\" is not a size; use -1 to infer a dim")
        dims.append(dim)
    return tuple(dims)


def enclosing_graph_function(op):
    """The `graph.func` whose size variables are in scope at `op`, or None."""
    op = op.parent_op
    while op is not None and not hasattr(op, "size_vars"):
        op = op.parent_op
    return op


class OneTensorOp(GraphOp):
    """`%y = graph.op %x {attrs} : (X)`: one tensor in, one out, no side effects."""

    x = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    traits = (Pure(),)


class SizesOp(OneTensorOp):
    """An op with a target-shape attribute `shape`, whose size variables must be the
    enclosing function's."""

    def verify_(self) -> None:
        super().verify_()
        func = enclosing_graph_function(self)
        scope = set() if func is None else set(func.size_vars)
        dims = get_sizes(self.properties, "shape")
        unknown = sorted(set().union(*(free_vars(d) for d in dims)) - scope)
        if unknown:
            raise self.emit_error(
                f"'shape' uses size variables {', '.join(unknown)} that the enclosing "
                "function does not declare"
            )


class ReshapeOp(SizesOp):
    """ONNX Reshape: `shape` codes 0 (copy the input dim at that index, unless `allowzero`
    makes it a literal 0) and -1 (the one dim inferred from the element count)."""

    name = "graph.reshape"
    shape = prop(SIZES_ATTR)
    allowzero = prop(BOOL_ATTR, default=bool_attr(False))

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        target = reshape_target(x.shape, get_sizes(props, "shape"), get_bool(props, "allowzero"))
        return [x.with_shape(target)]


def reshape_target(shape: tuple, codes: tuple, allowzero: bool) -> tuple:
    """The result dims of reshaping `shape` by ONNX `codes` (ints or `SymExpr`s)."""
    if codes.count(-1) > 1:
        raise ShapeError(f"'shape' {shape_text(codes)} has more than one -1")
    if allowzero and 0 in codes and -1 in codes:
        raise ShapeError(f"'shape' {shape_text(codes)} has both 0 and -1 with 'allowzero'")
    dims = []
    for i, code in enumerate(codes):
        if type(code) is int and code < -1:
            raise ShapeError(f"'shape' {shape_text(codes)} has the invalid size {code}")
        if code == 0 and type(code) is int and not allowzero:
            if i >= len(shape):
                raise ShapeError(
                    f"'shape' {shape_text(codes)} copies dim {i} of {shape_text(shape)}, "
                    "which has no such dim"
                )
            code = shape[i]
        dims.append(code)
    total = product(shape)
    if -1 not in dims:
        target = product(dims)
        if total is not None and target is not None and type(total - target) is int:
            if total != target:
                raise ShapeError(
                    f"cannot reshape {shape_text(shape)} ({total} elements) to "
                    f"{shape_text(dims)} ({target} elements)"
                )
        return tuple(dims)
    index = dims.index(-1)
    known = product(dims[:index] + dims[index + 1 :])
    dims[index] = _inferred_dim(shape, dims, total, known)
    return tuple(dims)


def _inferred_dim(shape, dims, total, known):
    """The -1 dim: `total / known` when it divides exactly (provably), else `?`."""
    if total is None or known is None:
        return None
    if known == 0:
        raise ShapeError(f"cannot infer the -1 of {shape_text(dims)}: the other dims hold 0")
    quotient = monomial_quotient(total, known) if isinstance(known, SymExpr) else None
    if quotient is None:
        quotient = floordiv(total, known)
    if quotient * known == total:
        return quotient
    if type(total) is int and type(known) is int:
        raise ShapeError(
            f"cannot reshape {shape_text(shape)} ({total} elements) to {shape_text(dims)}: "
            f"{total} is not a multiple of {known}"
        )
    return None


def monomial_quotient(a, b: SymExpr):
    """`a / b` when `b` is one term (`n*s*4`) that divides every term of `a`, else None:
    the exact division the symbolic floordiv leaves as an atom (`(h*n*s)/(n*s)` is `h`)."""
    if len(b.terms) != 1 or type(a) is int:
        return None
    divisor, scale = b.terms[0]
    total = 0
    for mono, coefficient in a.terms:
        rest = list(mono)
        for atom in divisor:
            if atom not in rest:
                return None
            rest.remove(atom)
        if coefficient % scale:
            return None
        term = coefficient // scale
        for atom in rest:
            term = term * (var(atom) if type(atom) is str else SymExpr((((atom,), 1),)))
        total = total + term
    return total


class TransposeOp(OneTensorOp):
    """ONNX Transpose: result dim i is input dim `perm[i]`; `perm` defaults to reversed."""

    name = "graph.transpose"
    perm = opt_prop(INTS_ATTR)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        perm = transpose_perm(props, x.rank)
        return [x.with_shape(x.shape[p] for p in perm)]


def transpose_perm(props: dict, rank: int) -> tuple:
    perm = get_ints(props, "perm")
    if perm is None:
        return tuple(reversed(range(rank)))
    if sorted(perm) != list(range(rank)):
        raise ShapeError(f"'perm' {list(perm)} is not a permutation of [0, {rank})")
    return perm


class ExpandDimsOp(OneTensorOp):
    """ONNX Unsqueeze: inserts 1s so that they sit at `axes` of the result (axes count in
    the result's rank, negative from its end)."""

    name = "graph.expand_dims"
    axes = prop(INTS_ATTR)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        axes = required(get_ints(props, "axes"), "axes")
        rank = x.rank + len(axes)
        axes = set(normalize_axes(axes, rank))
        rest = iter(x.shape)
        return [x.with_shape(1 if i in axes else next(rest) for i in range(rank))]


class SqueezeOp(OneTensorOp):
    """ONNX Squeeze: removes the dims at `axes`, which must be 1; without `axes`, every
    dim that is statically 1. A symbolic or `?` dim is removed only when `axes` names it,
    and must then be 1 at run time (the interpreter checks)."""

    name = "graph.squeeze"
    axes = opt_prop(INTS_ATTR)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        axes = squeezed_axes(x, props)
        return [x.with_shape(d for i, d in enumerate(x.shape) if i not in axes)]


def squeezed_axes(x: TensorType, props: dict) -> tuple:
    axes = get_ints(props, "axes")
    if axes is None:
        return tuple(i for i, d in enumerate(x.shape) if d == 1 and type(d) is int)
    axes = normalize_axes(axes, x.rank)
    for a in axes:
        d = x.shape[a]
        if type(d) is int and d != 1:
            raise ShapeError(f"cannot squeeze axis {a} of {shape_text(x.shape)}: its size is {d}")
    return axes


class FlattenOp(OneTensorOp):
    """ONNX Flatten: a 2-D tensor of the dims before `axis` times the dims from it on
    (`axis` in [-rank, rank]; 0 gives `[1, all]`)."""

    name = "graph.flatten"
    axis = prop(INT_ATTR, default=int_attr(1))

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        axis = get_int(props, "axis")
        if not -x.rank <= axis <= x.rank:
            raise ShapeError(f"axis {axis} is out of range [-{x.rank}, {x.rank}] for rank {x.rank}")
        axis = axis + x.rank if axis < 0 else axis
        return [x.with_shape((product(x.shape[:axis]), product(x.shape[axis:])))]


class BroadcastToOp(SizesOp):
    """ONNX Expand: `x` and `shape` broadcast together (numpy's two-way rule), so a 1 in
    `shape` keeps the input's dim. `shape` may hold size expressions, as in reshape."""

    name = "graph.broadcast_to"
    shape = prop(SIZES_ATTR)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        target = get_sizes(props, "shape")
        negative = [d for d in target if type(d) is int and d < 0]
        if negative:
            raise ShapeError(f"'shape' {shape_text(target)} has the negative size {negative[0]}")
        return [x.with_shape(broadcast_shapes(x.shape, target))]


class TileOp(OneTensorOp):
    """ONNX Tile: dim i repeated `repeats[i]` times (one non-negative count per dim)."""

    name = "graph.tile"
    repeats = prop(INTS_ATTR)

    @classmethod
    def infer(cls, types, props):
        x = types[0]
        repeats = required(get_ints(props, "repeats"), "repeats")
        if len(repeats) != x.rank or any(r < 0 for r in repeats):
            raise ShapeError(
                f"'repeats' {list(repeats)} must be {x.rank} non-negative counts, one per dim "
                f"of {shape_text(x.shape)}"
            )
        return [x.with_shape(None if d is None else d * r for d, r in zip(x.shape, repeats))]


SHAPE_OPS = [ReshapeOp, TransposeOp, ExpandDimsOp, SqueezeOp, FlattenOp, BroadcastToOp, TileOp]
