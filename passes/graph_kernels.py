"""Tensor-level kernels for graph ops: the per-op rules of `graph-legalize`.

Each rule takes a graph op and returns a `KernelEmitter` (or None when the op's types or
attributes are outside what it lowers). An emitter fills the body of a destination-passing
`func.func` over builtin tensors: given the inputs and the destinations, it builds
`tensor.generic`s (scalar bodies in arith/math) and returns the tensors the function returns.
Rules are a table keyed by op class (JAX's per-primitive lowering rules).

Broadcasting is expressed by indexing maps: an operand dim that is the literal 1 where the
result's is not reads index 0 (`affine` constant 0), missing leading dims are absent from the
map. A broadcast that only the run-time sizes decide (`?` against `n`) is not lowered.
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.dialects import arith
from mlc.dialects import math as math_ops
from mlc.dialects.arith.attributes import CMPF_PREDICATES, CMPI_PREDICATES
from mlc.dialects.graph import elementwise as ew
from mlc.dialects.graph import nn
from mlc.dialects.graph import reduce as rd
from mlc.dialects.graph.base import get_bool, get_int, is_bool, is_float
from mlc.dialects.graph.call_dps import builtin_tensor_type
from mlc.dialects.graph.reduce import reduced_axes
from mlc.dialects.graph.shape_ops import ReshapeOp, TransposeOp, transpose_perm
from mlc.dialects.graph.shapes import normalize_axis
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.tensor.ops import DimOp, EmptyOp, YieldOp
from mlc.dialects.tensor.reshape import CollapseShapeOp, ExpandShapeOp
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, FloatAttr, IntegerAttr, StringAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.types import DYNAMIC, FloatType, IntegerType, RankedTensorType, f32, i1, i32, i64, index
from mlc.ir.values import Value

KernelEmitter = Callable[[Builder, list, list], list]
"""(builder at the kernel's entry, input tensors, destination tensors) -> returned tensors."""
ScalarBody = Callable[[Builder, list], list]
"""(builder in a generic's body, its block arguments) -> the elements it yields."""


# --- building blocks ---------------------------------------------------------------------------
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


def fill(b: Builder, dest: Value, value: float | int) -> Value:
    """`dest` with every element `value`: a generic without inputs (linalg.fill's form), so
    a reduction's accumulator starts from its identity whatever the destination held."""
    element = dest.type.element_type
    rank = len(dest.type.shape)

    def body(inner: Builder, args: list) -> list:
        return [constant(inner, value, element)]

    return generic(b, [], [dest], [AffineMap.identity(rank)], ["parallel"] * rank, body)[0]


def constant(b: Builder, value: float | int, element) -> Value:
    """An `arith.constant` of a scalar element type."""
    if isinstance(value, float):
        return b.create(arith.ConstantOp, FloatAttr(value, element)).result
    return b.create(arith.ConstantOp, IntegerAttr(value, element)).result


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


# --- element-wise --------------------------------------------------------------------------------
def _unary_body(make: Callable[[Builder, Value], Value]) -> ScalarBody:
    return lambda b, args: [make(b, args[0])]


def _math(op_class) -> Callable[[Builder, Value], Value]:
    return lambda b, x: b.create(op_class, x).result


def _relu(b: Builder, x: Value) -> Value:
    return b.create(arith.MaximumFOp, x, constant(b, 0.0, x.type)).result


def _sigmoid(b: Builder, x: Value) -> Value:
    """1 / (1 + exp(-x)); f16/bf16 compute in f32 and round once, as the interpreter does."""
    narrow = x.type.width < 32
    wide = b.create(arith.ExtFOp, x, out=f32).result if narrow else x
    one = constant(b, 1.0, wide.type)
    e = b.create(math_ops.ExpOp, b.create(arith.NegFOp, wide).result).result
    y = b.create(arith.DivFOp, one, b.create(arith.AddFOp, one, e).result).result
    return b.create(arith.TruncFOp, y, out=x.type).result if narrow else y


FLOAT_UNARY = {
    ew.ExpOp: _math(math_ops.ExpOp),
    ew.LogOp: _math(math_ops.LogOp),
    ew.SqrtOp: _math(math_ops.SqrtOp),
    ew.TanhOp: _math(math_ops.TanhOp),
    ew.ErfOp: _math(math_ops.ErfOp),
    ew.FloorOp: _math(math_ops.FloorOp),
    ew.CeilOp: _math(math_ops.CeilOp),
    ew.AbsOp: _math(math_ops.AbsFOp),
    ew.NegOp: _math(arith.NegFOp),
    ew.ReluOp: _relu,
    ew.SigmoidOp: _sigmoid,
}


def _int_relu(b: Builder, x: Value) -> Value:
    return b.create(arith.MaxSIOp, x, constant(b, 0, x.type)).result


def _int_neg(b: Builder, x: Value) -> Value:
    return b.create(arith.SubIOp, constant(b, 0, x.type), x).result


INT_UNARY = {
    ew.NegOp: _int_neg,
    ew.AbsOp: _math(math_ops.AbsIOp),
    ew.ReluOp: _int_relu,
}

# op class -> (arith op on floats, arith op on signless integers)
ARITH_BINARY = {
    ew.AddOp: (arith.AddFOp, arith.AddIOp),
    ew.SubOp: (arith.SubFOp, arith.SubIOp),
    ew.MulOp: (arith.MulFOp, arith.MulIOp),
    ew.DivOp: (arith.DivFOp, arith.DivSIOp),  # ONNX integer Div truncates, as divsi
    ew.MaximumOp: (arith.MaximumFOp, arith.MaxSIOp),  # maximumf propagates NaN, as ONNX
    ew.MinimumOp: (arith.MinimumFOp, arith.MinSIOp),
}

# op class -> (cmpf predicate, cmpi predicate): ordered, except `!=`, true on NaN as numpy's
COMPARISONS = {
    ew.EqualOp: ("oeq", "eq"),
    ew.NotEqualOp: ("une", "ne"),
    ew.LessOp: ("olt", "slt"),
    ew.LessEqualOp: ("ole", "sle"),
    ew.GreaterOp: ("ogt", "sgt"),
    ew.GreaterEqualOp: ("oge", "sge"),
}


def _signless(t) -> bool:
    """Elements arith computes on directly: floats, `i1`, signless `iN` (not `uiN`)."""
    e = t.element_type
    return is_float(t) or (type(e) is IntegerType and e.signedness == 0)


def elementwise(op, body: ScalarBody) -> KernelEmitter | None:
    """All operands broadcast to the one result, combined element by element by `body`."""
    rank = len(op.result_types[0].shape)
    maps = broadcast_maps([v.type.shape for v in op.operands], rank)
    if maps is None:
        return None
    maps.append(AffineMap.identity(rank))
    return lambda b, inputs, dests: generic(b, inputs, dests, maps, ["parallel"] * rank, body)


def _unary(op) -> KernelEmitter | None:
    """A unary op on floats, or on signless integers where it takes them (neg, abs, relu)."""
    t = op.operand(0).type
    table = FLOAT_UNARY if is_float(t) else INT_UNARY
    if type(op) not in table or not _signless(t) or is_bool(t):
        return None
    return elementwise(op, _unary_body(table[type(op)]))


def _arith_binary(op) -> KernelEmitter | None:
    t = op.operand(0).type
    if not _signless(t) or is_bool(t):
        return None
    float_op, int_op = ARITH_BINARY[type(op)]
    op_class = float_op if is_float(t) else int_op
    return elementwise(op, lambda b, args: [b.create(op_class, *args[:2]).result])


def _comparison(op) -> KernelEmitter | None:
    t = op.operand(0).type
    if not _signless(t):
        return None
    on_float, on_int = COMPARISONS[type(op)]
    if is_float(t):
        predicate, op_class = CMPF_PREDICATES.keywords.index(on_float), arith.CmpFOp
    else:
        predicate, op_class = CMPI_PREDICATES.keywords.index(on_int), arith.CmpIOp
    attr = IntegerAttr(predicate, i64)
    return elementwise(op, lambda b, args: [b.create(op_class, *args[:2], predicate=attr).result])


def _where(op) -> KernelEmitter | None:
    def body(b: Builder, args: list) -> list:
        return [b.create(arith.SelectOp, *args[:3], result_types=[args[1].type]).result]

    return elementwise(op, body)


def _cast(op) -> KernelEmitter | None:
    """ONNX Cast element by element: floats to integers truncate (`fptosi`), to `i1` means
    nonzero, from `i1` is 0 or 1."""
    source, target = op.operand(0).type, op.result_types[0]
    if not (_signless(source) and _signless(target)):
        return None
    convert = _converter(source.element_type, target.element_type)
    if convert is None:
        return None
    return elementwise(op, _unary_body(convert))


def _converter(source, target) -> Callable[[Builder, Value], Value] | None:
    """The scalar conversion from `source` to `target` elements (None: f16 <-> bf16)."""
    to_float, from_float = isinstance(target, FloatType), isinstance(source, FloatType)
    if source == target:
        return lambda b, x: x
    if target == i1:
        return _nonzero
    if to_float and from_float:
        if source.width == target.width:
            return None
        return _cast_op(arith.ExtFOp if target.width > source.width else arith.TruncFOp, target)
    if to_float:
        return _cast_op(arith.UIToFPOp if source == i1 else arith.SIToFPOp, target)
    if from_float:
        return _cast_op(arith.FPToSIOp, target)
    if source == i1:
        return _cast_op(arith.ExtUIOp, target)
    return _cast_op(arith.ExtSIOp if target.width > source.width else arith.TruncIOp, target)


def _cast_op(op_class, target) -> Callable[[Builder, Value], Value]:
    return lambda b, x: b.create(op_class, x, out=target).result


def _nonzero(b: Builder, x: Value) -> Value:
    if isinstance(x.type, FloatType):
        predicate = IntegerAttr(CMPF_PREDICATES.keywords.index("une"), i64)
        return b.create(arith.CmpFOp, x, constant(b, 0.0, x.type), predicate=predicate).result
    predicate = IntegerAttr(CMPI_PREDICATES.keywords.index("ne"), i64)
    return b.create(arith.CmpIOp, x, constant(b, 0, x.type), predicate=predicate).result


# --- matmul ------------------------------------------------------------------------------------
def _matmul(op) -> KernelEmitter | None:
    """numpy's matmul: batch dims broadcast, a 1-D operand has no m (or n) loop, and a
    reduction loop over k accumulates into a zero-filled destination."""
    a, w = (v.type for v in op.operands)
    if not _signless(a) or is_bool(a):
        return None
    if is_float(a) and a.element_type.width < 32:
        return None  # f16/bf16 accumulate in f32 (ONNX's stash type): not in this cut
    out_rank = len(op.result_types[0].shape)
    batch_rank = out_rank - (a.rank >= 2) - (w.rank >= 2)
    batch = broadcast_maps([a.shape[:-2], w.shape[:-2]], batch_rank)
    if batch is None:
        return None
    loops = out_rank + 1  # batch..., m (if a is 2-D or more), n (if w is), k
    k = AffineDimExpr(out_rank)
    rows = (AffineDimExpr(batch_rank),) if a.rank >= 2 else ()
    cols = (AffineDimExpr(out_rank - 1),) if w.rank >= 2 else ()
    maps = [
        AffineMap(loops, 0, (*batch[0].results, *rows, k)),
        AffineMap(loops, 0, (*batch[1].results, k, *cols)),
        AffineMap(loops, 0, tuple(AffineDimExpr(i) for i in range(out_rank))),
    ]
    iterators = ["parallel"] * out_rank + ["reduction"]
    mul, add = (arith.MulFOp, arith.AddFOp) if is_float(a) else (arith.MulIOp, arith.AddIOp)
    zero = 0.0 if is_float(a) else 0

    def body(b: Builder, args: list) -> list:
        x, y, acc = args
        return [b.create(add, acc, b.create(mul, x, y).result).result]

    def emit(b: Builder, inputs: list, dests: list) -> list:
        return generic(b, inputs, [fill(b, dests[0], zero)], maps, iterators, body)

    return emit


# --- reductions ----------------------------------------------------------------------------------
def _reduction(op) -> KernelEmitter | None:
    """reduce_sum / reduce_max / reduce_mean over `axes` (f32/f64): the input read at every
    loop, the destination at the kept loops (index 0 for kept-as-1 dims)."""
    x = op.operand(0).type
    if not is_float(x) or x.element_type.width < 32:
        return None
    axes = reduced_axes(x.rank, op.properties)
    keep = get_bool(op.properties, "keepdims", True)
    out = []
    for i in range(x.rank):
        if i not in axes:
            out.append(AffineDimExpr(i))
        elif keep:
            out.append(AffineConstantExpr(0))
    maps = [AffineMap.identity(x.rank), AffineMap(x.rank, 0, tuple(out))]
    iterators = ["reduction" if i in axes else "parallel" for i in range(x.rank)]
    is_max = isinstance(op, rd.ReduceMaxOp)
    combine = arith.MaximumFOp if is_max else arith.AddFOp
    initial = float("-inf") if is_max else 0.0

    def emit(b: Builder, inputs: list, dests: list) -> list:
        zeroed = [fill(b, dests[0], initial)]
        (total,) = generic(b, inputs, zeroed, maps, iterators, _combine(combine))
        if not isinstance(op, rd.ReduceMeanOp):
            return [total]
        return [_divide_by(b, total, _element_count(b, inputs[0], axes))]

    return emit


def _element_count(b: Builder, x: Value, axes) -> Value:
    """The number of elements reduced over `axes` of `x`, as a float of its element type
    (`tensor.dim` for dynamic dims)."""
    element = x.type.element_type
    static = 1
    count = None
    for axis in axes:
        size = x.type.shape[axis]
        if size != DYNAMIC:
            static *= size
            continue
        dim = _dim(b, x, axis)
        count = dim if count is None else b.create(arith.MulIOp, count, dim).result
    if count is None:
        return constant(b, float(static), element)
    as_int = b.create(arith.IndexCastOp, count, out=i64).result
    dynamic = b.create(arith.SIToFPOp, as_int, out=element).result
    if static == 1:
        return dynamic
    return b.create(arith.MulFOp, constant(b, float(static), element), dynamic).result


def _divide_by(b: Builder, t: Value, divisor: Value) -> Value:
    """`t / divisor` element by element, in place of `t`."""
    rank = len(t.type.shape)

    def body(inner: Builder, args: list) -> list:
        return [inner.create(arith.DivFOp, args[0], divisor).result]

    return generic(b, [], [t], [AffineMap.identity(rank)], ["parallel"] * rank, body)[0]


def _softmax(op) -> KernelEmitter | None:
    """ONNX Softmax-13 as four generics: the max along `axis`, exp(x - max) into the
    destination, its sum along `axis`, and the division by that sum."""
    x = op.operand(0).type
    if not is_float(x) or x.element_type.width < 32:
        return None
    rank = x.rank
    axis = normalize_axis(get_int(op.properties, "axis", -1), rank)
    identity = AffineMap.identity(rank)
    reduced = AffineMap(rank, 0, tuple(AffineDimExpr(i) for i in range(rank) if i != axis))
    along_axis = ["reduction" if i == axis else "parallel" for i in range(rank)]
    parallel = ["parallel"] * rank

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (source,) = inputs
        scratch = _empty_without(b, source, axis)  # value semantics: filled twice, anew
        maxima = generic(b, [source], [fill(b, scratch, float("-inf"))],
                         [identity, reduced], along_axis, _combine(arith.MaximumFOp))  # fmt: skip
        (exps,) = generic(b, [source, *maxima], dests, [identity, reduced, identity], parallel,
                          _exp_minus)  # fmt: skip
        sums = generic(b, [exps], [fill(b, scratch, 0.0)],
                       [identity, reduced], along_axis, _combine(arith.AddFOp))  # fmt: skip
        return generic(b, sums, [exps], [reduced, identity], parallel, _divide_output)

    return emit


def _empty_without(b: Builder, x: Value, axis: int) -> Value:
    """A `tensor.empty` of `x`'s shape without `axis` (`tensor.dim` for its dynamic sizes)."""
    shape = [d for i, d in enumerate(x.type.shape) if i != axis]
    sizes = []
    for i, d in enumerate(x.type.shape):
        if i != axis and d == DYNAMIC:
            sizes.append(_dim(b, x, i))
    t = RankedTensorType(tuple(shape), x.type.element_type)
    return b.create(EmptyOp, sizes, out=t).result


def _combine(op_class) -> ScalarBody:
    """A reduction's body: the accumulator combined with the input element."""
    return lambda b, args: [b.create(op_class, args[1], args[0]).result]


def _exp_minus(b: Builder, args: list) -> list:
    shifted = b.create(arith.SubFOp, args[0], args[1]).result
    return [b.create(math_ops.ExpOp, shifted).result]


def _divide_output(b: Builder, args: list) -> list:
    return [b.create(arith.DivFOp, args[1], args[0]).result]


# --- data movement -----------------------------------------------------------------------------
def _transpose(op) -> KernelEmitter | None:
    """Result dim i is input dim perm[i]: the loops run over the result, the input reads
    loop i at its dim perm[i]."""
    rank = op.operand(0).type.rank
    perm = transpose_perm(op.properties, rank)
    inverse = [0] * rank
    for i, p in enumerate(perm):
        inverse[p] = i
    maps = [AffineMap(rank, 0, tuple(AffineDimExpr(inverse[p]) for p in range(rank))),
            AffineMap.identity(rank)]  # fmt: skip

    body = _unary_body(_same)
    return lambda b, inputs, dests: generic(b, inputs, dests, maps, ["parallel"] * rank, body)


def _reshape(op) -> KernelEmitter | None:
    """A reshape that only regroups dims: `tensor.collapse_shape` (or `expand_shape`, its
    dynamic sizes read from the destination), copied into the destination. A reshape whose
    groups the static shapes do not prove (`[2, 3]` to `[3, 2]`, `?` dims) is not lowered."""
    source = op.operand(0).type.shape
    target = op.inferred_types()[0].shape
    collapsing = len(source) >= len(target)
    groups = reassociation(source, target) if collapsing else reassociation(target, source)
    if groups is None:
        return None
    attr = ArrayAttr(tuple(ArrayAttr(tuple(IntegerAttr(i, i64) for i in g)) for g in groups))
    reshaped = builtin_tensor_type(op.inferred_types()[0])
    rank = len(target)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        if collapsing:
            view = CollapseShapeOp.create(inputs, [reshaped], {"reassociation": attr})
        else:
            sizes = [_dim(b, dests[0], i) for i, d in enumerate(reshaped.shape) if d == DYNAMIC]
            props = {"reassociation": attr,
                     "static_output_shape": DenseArrayAttr(i64, reshaped.shape)}  # fmt: skip
            view = ExpandShapeOp.create([*inputs, *sizes], [reshaped], props)
        view.location = b.location
        regrouped = b.insert(view).results[0]
        maps = [AffineMap.identity(rank)] * 2
        return generic(b, [regrouped], dests, maps, ["parallel"] * rank, _unary_body(_same))

    return emit


def reassociation(longer: tuple, shorter: tuple) -> list[list[int]] | None:
    """The groups of consecutive `longer` dims whose products are the `shorter` dims (1s
    after a group join it), or None where the graph dims do not prove such a grouping."""
    groups: list[list[int]] = []
    i = 0
    for d in shorter:
        if i >= len(longer) or d is None or longer[i] is None:
            return None
        group, product = [i], longer[i]
        i += 1
        while product != d:
            if i >= len(longer) or longer[i] is None:
                return None
            product, i = product * longer[i], i + 1
            group.append(i - 1)
        groups.append(group)
    while groups and i < len(longer) and longer[i] == 1:
        groups[-1].append(i)
        i += 1
    return groups if i == len(longer) else None


def _same(b: Builder, x: Value) -> Value:
    return x


def _dim(b: Builder, t: Value, axis: int) -> Value:
    """`tensor.dim` of `t` at a constant `axis`."""
    position = b.create(arith.ConstantOp, IntegerAttr(axis, index)).result
    return b.create(DimOp, t, position).result


RULES: dict[type, Callable] = {
    **dict.fromkeys(FLOAT_UNARY, _unary),
    **dict.fromkeys(ARITH_BINARY, _arith_binary),
    **dict.fromkeys(COMPARISONS, _comparison),
    ew.WhereOp: _where,
    ew.CastOp: _cast,
    nn.MatMulOp: _matmul,
    rd.ReduceSumOp: _reduction,
    rd.ReduceMaxOp: _reduction,
    rd.ReduceMeanOp: _reduction,
    TransposeOp: _transpose,
    ReshapeOp: _reshape,
    nn.SoftmaxOp: _softmax,
}
"""Graph op class -> rule (op -> KernelEmitter, or None where the op is outside the rule)."""
