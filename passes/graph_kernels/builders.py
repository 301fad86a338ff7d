"""Building blocks of the tensor-level kernels: `tensor.generic`s, fills, constants,
broadcasting maps, sizes read with `tensor.dim`, `tensor.generate`s, slices and pads.

Every helper takes a `Builder` at the kernel body's insertion point and returns the values
it built; the per-op rules (`elementwise`, `linalg`, `reductions`, `data_movement`) are
written with them.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from mlc.dialects import arith
from mlc.dialects.arith.attributes import CMPF_PREDICATES, CMPI_PREDICATES
from mlc.dialects.graph.base import is_float
from mlc.dialects.graph.call_dps import signless_element
from mlc.dialects.memref.views import reassociation_attr
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.tensor.ops import DimOp, EmptyOp, ExtractOp, GenerateOp, YieldOp
from mlc.dialects.tensor.pad import PadOp
from mlc.dialects.tensor.reshape import CollapseShapeOp, ExpandShapeOp
from mlc.dialects.tensor.slices import ExtractSliceOp, InsertSliceOp
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, FloatAttr, IntegerAttr, StringAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.types import (
    DYNAMIC,
    SIGNLESS,
    UNSIGNED,
    FloatType,
    IntegerType,
    RankedTensorType,
    f32,
    i32,
    i64,
    index,
)
from mlc.ir.values import Value

KernelEmitter = Callable[[Builder, list, list], list]
"""(builder at the kernel's entry, input tensors, destination tensors) -> returned tensors."""
ScalarBody = Callable[[Builder, list], list]
"""(builder in a generic's body, its block arguments) -> the elements it yields."""
Size = int | Value
"""A static size or offset, or an `index` value."""


# --- generics ----------------------------------------------------------------------------------
def generic(b: Builder, inputs: list, outputs: list, maps: list, iterators: list,
            body: ScalarBody) -> list:  # fmt: skip
    """A `tensor.generic` over `inputs` into `outputs`; returns its results."""
    operands = [*inputs, *outputs]
    block = Block([v.type.element_type for v in operands])
    inner = Builder.at_end(block, b.location)
    inner.insert(YieldOp(body(inner, list(block.args))))
    props = {
        "indexing_maps": ArrayAttr(tuple(AffineMapAttr(m) for m in maps)),
        "iterator_types": ArrayAttr(tuple(StringAttr(s) for s in iterators)),
        "operandSegmentSizes": DenseArrayAttr(i32, (len(inputs), len(outputs))),
    }
    op = GenericOp.create(operands, [v.type for v in outputs], props, None,
                          [Region([block])], location=b.location)  # fmt: skip
    return list(b.insert(op).results)


def parallel_generic(b: Builder, inputs: list, dest: Value, maps: list,
                     body: ScalarBody) -> Value:  # fmt: skip
    """A generic whose loops are `dest`'s dims, all parallel (`maps` for the inputs)."""
    rank = len(dest.type.shape)
    all_maps = [*maps, AffineMap.identity(rank)]
    return generic(b, inputs, [dest], all_maps, ["parallel"] * rank, body)[0]


def fill(b: Builder, dest: Value, value: float | int) -> Value:
    """`dest` with every element `value`: a generic without inputs (linalg.fill's form), so
    a reduction's accumulator starts from its identity whatever the destination held."""
    element = dest.type.element_type
    return parallel_generic(b, [], dest, [], lambda inner, args: [constant(inner, value, element)])


def copy_into(b: Builder, source: Value, dest: Value) -> Value:
    """`source` copied element by element into `dest` (same shape): the kernel's result is
    then its destination, as destination-passing style wants."""
    rank = len(dest.type.shape)
    return parallel_generic(b, [source], dest, [AffineMap.identity(rank)], lambda _, a: [a[0]])


def convert_into(b: Builder, source: Value, dest: Value) -> Value:
    """`source` (an f32 accumulator) rounded into `dest`'s element type."""
    rank = len(dest.type.shape)
    target = dest.type.element_type
    return parallel_generic(b, [source], dest, [AffineMap.identity(rank)],
                            lambda inner, a: [narrow(inner, a[0], target)])  # fmt: skip


# --- scalars -----------------------------------------------------------------------------------
def constant(b: Builder, value: float | int, element) -> Value:
    """An `arith.constant` of a scalar element type; an integer wraps to the element's
    width and a `uiN` element is the signless `iN` (`signless_element`)."""
    if isinstance(element, FloatType):
        return b.create(arith.ConstantOp, FloatAttr(float(value), element)).result
    element = signless_element(element)
    if isinstance(element, IntegerType) and element.width > 1:
        half = 1 << (element.width - 1)
        value = (int(value) + half) % (2 * half) - half
    return b.create(arith.ConstantOp, IntegerAttr(int(value), element)).result


def index_constant(b: Builder, value: int) -> Value:
    return b.create(arith.ConstantOp, IntegerAttr(value, index)).result


def as_index(b: Builder, size: Size) -> Value:
    """`size` as an `index` value (an `arith.constant` for a static one)."""
    return index_constant(b, size) if isinstance(size, int) else size


def widen(b: Builder, x: Value) -> Value:
    """An f16/bf16 element extended to f32 (ONNX's stash type); others as they are."""
    if isinstance(x.type, FloatType) and x.type.width < 32:
        return b.create(arith.ExtFOp, x, out=f32).result
    return x


def narrow(b: Builder, x: Value, element) -> Value:
    """An f32 accumulator rounded once to `element`; no-op when they are the same."""
    if x.type == element:
        return x
    return b.create(arith.TruncFOp, x, out=element).result


def accumulator_type(element):
    """The type sums and products of `element` accumulate in: f32 for f16/bf16."""
    if isinstance(element, FloatType) and element.width < 32:
        return f32
    return element


def cmpf(b: Builder, predicate: str, x: Value, y: Value) -> Value:
    attr = IntegerAttr(CMPF_PREDICATES.keywords.index(predicate), i64)
    return b.create(arith.CmpFOp, x, y, predicate=attr).result


def cmpi(b: Builder, predicate: str, x: Value, y: Value) -> Value:
    attr = IntegerAttr(CMPI_PREDICATES.keywords.index(predicate), i64)
    return b.create(arith.CmpIOp, x, y, predicate=attr).result


def select(b: Builder, condition: Value, x: Value, y: Value) -> Value:
    return b.create(arith.SelectOp, condition, x, y, result_types=[x.type]).result


def is_signless(t) -> bool:
    """Elements arith computes on directly: floats, `i1`, signless `iN` (not `uiN`)."""
    e = t.element_type
    return is_float(t) or (type(e) is IntegerType and e.signedness == SIGNLESS)


def is_unsigned(t) -> bool:
    """`uiN` elements: the kernels take them as signless `iN` and pick unsigned ops."""
    e = t.element_type
    return type(e) is IntegerType and e.signedness == UNSIGNED


def is_computable(t) -> bool:
    """Elements the arithmetic kernels take: `is_signless` ones and unsigned integers."""
    return is_signless(t) or is_unsigned(t)


def integer_predicate(predicate: str, t) -> str:
    """A signed `cmpi` predicate (`slt`, `sge`, ...) as the unsigned one for `uiN`
    elements (`ult`, `uge`, ...)."""
    return "u" + predicate[1:] if is_unsigned(t) and predicate[0] == "s" else predicate


def lowest(element) -> float | int:
    """The identity of a maximum: -inf, or the integer type's minimum (false for i1, 0 for
    unsigned types)."""
    if isinstance(element, FloatType):
        return float("-inf")
    if element.width == 1 or element.signedness == UNSIGNED:
        return 0
    return -(1 << (element.width - 1))


def highest(element) -> float | int:
    """The identity of a minimum: +inf, or the integer type's maximum (true for i1)."""
    if isinstance(element, FloatType):
        return float("inf")
    if element.width == 1:
        return 1
    return (1 << (element.width - (element.signedness != UNSIGNED))) - 1


# --- sizes and fresh tensors ---------------------------------------------------------------------
def dim(b: Builder, t: Value, axis: int) -> Size:
    """The size of `t` at `axis`: static, or a `tensor.dim`."""
    size = t.type.shape[axis]
    if size != DYNAMIC:
        return size
    return b.create(DimOp, t, index_constant(b, axis)).result


def sizes_of(b: Builder, t: Value) -> list[Size]:
    return [dim(b, t, i) for i in range(len(t.type.shape))]


def empty(b: Builder, sizes: list[Size], element) -> Value:
    """A `tensor.empty` of `sizes` (static ints or index values)."""
    shape = tuple(s if isinstance(s, int) else DYNAMIC for s in sizes)
    dynamic = [s for s in sizes if not isinstance(s, int)]
    t = RankedTensorType(shape, signless_element(element))
    return b.create(EmptyOp, dynamic, out=t).result


def empty_like(b: Builder, t: Value, element=None) -> Value:
    """A `tensor.empty` of `t`'s shape (of `element`, default `t`'s)."""
    return empty(b, sizes_of(b, t), element or t.type.element_type)


# --- index-level construction ------------------------------------------------------------------
def generate(b: Builder, sizes: list[Size], element,
             body: Callable[[Builder, list], Value]) -> Value:  # fmt: skip
    """A `tensor.generate` of `sizes`: element `(i, j, ...)` is `body(builder, [i, j, ...])`
    (for ops that compute the position they read: gathers, tiles, pads by reflection)."""
    shape = tuple(s if isinstance(s, int) else DYNAMIC for s in sizes)
    block = Block([index] * len(sizes))
    inner = Builder.at_end(block, b.location)
    inner.insert(YieldOp([body(inner, list(block.args))]))
    dynamic = [s for s in sizes if not isinstance(s, int)]
    t = RankedTensorType(shape, signless_element(element))
    op = GenerateOp.create(dynamic, [t], {}, None,
                           [Region([block])], location=b.location)  # fmt: skip
    return b.insert(op).results[0]


def generate_into(b: Builder, dest: Value, body: Callable[[Builder, list], Value]) -> Value:
    """`dest` holding what `body` yields at each of its indices."""
    made = generate(b, sizes_of(b, dest), dest.type.element_type, body)
    return copy_into(b, made, dest)


def extract(b: Builder, t: Value, indices: list) -> Value:
    return b.create(ExtractOp, t, indices).result


def _mixed(b: Builder, values: list) -> tuple[list, tuple]:
    """MLIR's mixed static/dynamic list: the dynamic values and the static array."""
    dynamic = [v for v in values if not isinstance(v, int)]
    static = tuple(v if isinstance(v, int) else DYNAMIC for v in values)
    return dynamic, static


def _slice_props(b: Builder, leading: int, offsets, sizes, strides) -> tuple[list, dict]:
    operands, props, counts = [], {}, [1] * leading
    for name, values in (("offsets", offsets), ("sizes", sizes), ("strides", strides)):
        dynamic, static = _mixed(b, values)
        operands += dynamic
        counts.append(len(dynamic))
        props[f"static_{name}"] = DenseArrayAttr(i64, static)
    props["operandSegmentSizes"] = DenseArrayAttr(i32, tuple(counts))
    return operands, props


def extract_slice(b: Builder, t: Value, offsets: list, sizes: list, strides: list) -> Value:
    """`tensor.extract_slice` (no rank reduction)."""
    operands, props = _slice_props(b, 1, offsets, sizes, strides)
    shape = tuple(s if isinstance(s, int) else DYNAMIC for s in sizes)
    result = RankedTensorType(shape, t.type.element_type)
    op = ExtractSliceOp.create([t, *operands], [result], props, location=b.location)
    return b.insert(op).results[0]


def insert_slice(b: Builder, source: Value, dest: Value, offsets: list, strides: list) -> Value:
    """`tensor.insert_slice` of all of `source` into `dest` at `offsets`."""
    operands, props = _slice_props(b, 2, offsets, sizes_of(b, source), strides)
    op = InsertSliceOp.create([source, dest, *operands], [dest.type], props, location=b.location)
    return b.insert(op).results[0]


def pad(b: Builder, t: Value, low: list[int], high: list[int], value: float | int) -> Value:
    """`tensor.pad` of `t` by static `low`/`high` counts, the new elements `value`."""
    if not any(low) and not any(high):
        return t
    element = t.type.element_type
    shape = tuple(DYNAMIC if d == DYNAMIC else d + lo + hi
                  for d, lo, hi in zip(t.type.shape, low, high))  # fmt: skip
    block = Block([index] * len(shape))
    inner = Builder.at_end(block, b.location)
    inner.insert(YieldOp([constant(inner, value, element)]))
    props = {
        "static_low": DenseArrayAttr(i64, tuple(low)),
        "static_high": DenseArrayAttr(i64, tuple(high)),
        "operandSegmentSizes": DenseArrayAttr(i32, (1, 0, 0)),
    }
    op = PadOp.create([t], [RankedTensorType(shape, element)], props, None,
                      [Region([block])], location=b.location)  # fmt: skip
    return b.insert(op).results[0]


# --- index arithmetic --------------------------------------------------------------------------
def expand_shape(b: Builder, x: Value, groups: list, sizes: list[Size]) -> Value:
    """`x` viewed with the result `sizes` (index values where dynamic): source dim i
    becomes the result dims `groups[i]`."""
    shape = tuple(s if isinstance(s, int) else DYNAMIC for s in sizes)
    props = {"reassociation": reassociation_attr(groups),
             "static_output_shape": DenseArrayAttr(i64, shape)}  # fmt: skip
    dynamic = [s for s in sizes if not isinstance(s, int)]
    op = ExpandShapeOp.create([x, *dynamic], [RankedTensorType(shape, x.type.element_type)],
                              props, location=b.location)  # fmt: skip
    return b.insert(op).results[0]


def collapse_shape(b: Builder, x: Value, groups: list, result_type=None) -> Value:
    """`x` with each of `groups` of its dims merged into one (`result_type` by default
    the products of the static sizes, dynamic where one is)."""
    if result_type is None:
        shape = []
        for g in groups:
            sizes = [x.type.shape[i] for i in g]
            shape.append(DYNAMIC if DYNAMIC in sizes else math.prod(sizes))
        result_type = RankedTensorType(tuple(shape), x.type.element_type)
    op = CollapseShapeOp.create([x], [result_type], {"reassociation": reassociation_attr(groups)},
                                location=b.location)  # fmt: skip
    return b.insert(op).results[0]


def add(b: Builder, x: Size, y: Size) -> Size:
    if isinstance(x, int) and isinstance(y, int):
        return x + y
    return b.create(arith.AddIOp, as_index(b, x), as_index(b, y)).result


def sub(b: Builder, x: Size, y: Size) -> Size:
    if isinstance(x, int) and isinstance(y, int):
        return x - y
    return b.create(arith.SubIOp, as_index(b, x), as_index(b, y)).result


def mul(b: Builder, x: Size, y: Size) -> Size:
    if isinstance(x, int) and isinstance(y, int):
        return x * y
    return b.create(arith.MulIOp, as_index(b, x), as_index(b, y)).result


def clamp(b: Builder, x: Size, low: Size, high: Size) -> Size:
    """min(max(x, low), high) on signed index values."""
    if all(isinstance(v, int) for v in (x, low, high)):
        return min(max(x, low), high)
    lifted = b.create(arith.MaxSIOp, as_index(b, x), as_index(b, low)).result
    return b.create(arith.MinSIOp, lifted, as_index(b, high)).result


def to_index(b: Builder, x: Value) -> Value:
    """An integer element as an `index` (`arith.index_cast`)."""
    return b.create(arith.IndexCastOp, x, out=index).result


# --- broadcasting ------------------------------------------------------------------------------
def broadcast_maps(operand_shapes: list, out_rank: int) -> list[AffineMap] | None:
    """The maps reading each operand (graph dims) at the loops of a result of `out_rank`
    dims by numpy broadcasting; None where only run-time sizes decide a dim."""
    maps = []
    for shape in operand_shapes:
        offset = out_rank - len(shape)
        results = []
        for i, d in enumerate(shape):
            column = _aligned_dims(operand_shapes, i + offset, out_rank)
            others = [s for s in column if s != 1]
            if d == 1 and others:
                results.append(AffineConstantExpr(0))
                continue
            if len(set(others)) > 1 or (None in others and len(others) > 1):
                return None
            results.append(AffineDimExpr(i + offset))
        maps.append(AffineMap(out_rank, 0, tuple(results)))
    return maps


def _aligned_dims(shapes: list, position: int, out_rank: int) -> list:
    """The dims of `shapes` that broadcast into result dim `position` (right-aligned)."""
    return [s[position - out_rank + len(s)] for s in shapes if position - out_rank + len(s) >= 0]


def dims(*positions: int) -> tuple:
    """Affine dim expressions at `positions`."""
    return tuple(AffineDimExpr(p) for p in positions)
