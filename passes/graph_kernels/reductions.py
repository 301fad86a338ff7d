"""Reduction and normalization kernels: reduce_*, argmax/argmin, softmax/log_softmax,
layer/batch/instance/group norm, global pools.

A reduction is a `tensor.generic` reading the input at every loop and the accumulator at
the kept loops (index 0 for dims kept as 1); the accumulator starts from the combining op's
identity. Sums, products, means, norms and softmaxes of f16/bf16 accumulate in an f32
scratch tensor and round once (ONNX's stash type, as the graph interpreter computes);
max/min are exact in any type. Means divide by a count read with `tensor.dim`.

Deliberate rounding differences from the interpreter's in-order sums (as the matmul schedule
has): a float sum's combining `arith.addf` carries `fastmath<reassoc>`, so that LLVM
vectorizes it with several partial sums (a sequential chain of dependent adds runs at one
add per 3-4 cycles); the result is as accurate as the in-order sum, not equal to it bit for
bit (numpy sums pairwise, ONNX fixes no order). Products stay in order (reassociating them
moves overflow and underflow). And a softmax's division by the row sum and a
normalization's by the standard deviation multiply by its reciprocal, computed once per
row (onnxruntime's MLAS and PyTorch do the same): one rounding more, a division per row
instead of per element.
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.dialects import arith
from mlc.dialects import math as math_ops
from mlc.dialects.arith.attributes import FastMathFlagsAttr
from mlc.dialects.graph import conv, nn
from mlc.dialects.graph import reduce as rd
from mlc.dialects.graph.base import get_bool, get_float, get_int, is_bool, is_float
from mlc.dialects.graph.call_dps import signless_element
from mlc.dialects.graph.reduce import reduced_axes
from mlc.dialects.graph.shapes import normalize_axis
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap
from mlc.ir.builder import Builder
from mlc.ir.types import UNSIGNED, FloatType, i64
from mlc.ir.values import Value
from mlc.passes.graph_kernels.builders import (
    KernelEmitter,
    ScalarBody,
    accumulator_type,
    broadcast_maps,
    cmpf,
    cmpi,
    collapse_shape,
    constant,
    dim,
    dims,
    empty,
    empty_like,
    expand_shape,
    fill,
    generate,
    generic,
    highest,
    index_constant,
    is_computable,
    is_signless,
    is_unsigned,
    lowest,
    narrow,
    parallel_generic,
    select,
    sizes_of,
    widen,
)

REASSOC = FastMathFlagsAttr(frozenset({"reassoc"}))


def _kept_map(rank: int, axes, keep: bool) -> AffineMap:
    """The accumulator's map: kept loops as they are, reduced ones 0 (kept) or absent."""
    out = []
    for i in range(rank):
        if i not in axes:
            out.append(AffineDimExpr(i))
        elif keep:
            out.append(AffineConstantExpr(0))
    return AffineMap(rank, 0, tuple(out))


def _iterators(rank: int, axes) -> list[str]:
    return ["reduction" if i in axes else "parallel" for i in range(rank)]


def _combine(op_class) -> ScalarBody:
    """A reduction's body: the accumulator combined with the (widened) input element."""
    return lambda b, args: [_combined(b, op_class, args[-1], _as_accumulated(b, args))]


def _combined(b: Builder, op_class, acc: Value, x: Value) -> Value:
    """`acc` combined with `x`; a float sum may be reassociated (see the module docstring)."""
    flags = {"fastmath": REASSOC} if op_class is arith.AddFOp else {}
    return b.create(op_class, acc, x, **flags).result


def _as_accumulated(b: Builder, args: list) -> Value:
    """The input element in the accumulator's type (widened when that is f32)."""
    return args[0] if args[0].type == args[-1].type else widen(b, args[0])


def _accumulator(b: Builder, dest: Value, element, initial) -> Value:
    """`dest` (or an f32 scratch of its shape) filled with `initial`."""
    in_place = signless_element(element) == dest.type.element_type
    target = dest if in_place else empty_like(b, dest, element)
    return fill(b, target, initial)


def _finish(b: Builder, acc: Value, dest: Value, scalar: Callable | None = None) -> Value:
    """`scalar` of each accumulated element, rounded into `dest` (in place when `acc` is
    already of `dest`'s type)."""
    if scalar is None and acc.type == dest.type:
        return acc
    rank = len(dest.type.shape)
    apply = scalar or (lambda inner, v: v)
    if acc.type == dest.type:
        return parallel_generic(b, [], acc, [], lambda inner, a: [apply(inner, a[0])])
    element = dest.type.element_type
    body = lambda inner, a: [narrow(inner, apply(inner, a[0]), element)]  # noqa: E731
    return parallel_generic(b, [acc], dest, [AffineMap.identity(rank)], body)


# --- reduce_* ----------------------------------------------------------------------------------
def _square(b: Builder, x: Value) -> Value:
    mul = arith.MulFOp if isinstance(x.type, FloatType) else arith.MulIOp
    return b.create(mul, x, x).result


def _sum_ops(element) -> tuple:
    return (arith.AddFOp, 0.0) if isinstance(element, FloatType) else (arith.AddIOp, 0)


def _extreme_ops(element, is_max: bool) -> tuple:
    """(combining op, identity) of max/min: NaN-propagating on floats, unsigned on i1 and
    `uiN`."""
    identity = lowest(element) if is_max else highest(element)
    if isinstance(element, FloatType):
        return (arith.MaximumFOp if is_max else arith.MinimumFOp), identity
    if element.width == 1 or element.signedness == UNSIGNED:
        return (arith.MaxUIOp if is_max else arith.MinUIOp), identity
    return (arith.MaxSIOp if is_max else arith.MinSIOp), identity


def _reduction(op) -> KernelEmitter | None:
    """reduce_sum/mean/max/min/prod/l2/sum_square over `axes` with `keepdims`."""
    x = op.operand(0).type
    kind = type(op)
    if not (is_signless(x) or is_unsigned(x) and kind in _WRAPPING_REDUCTIONS):
        return None
    element = x.element_type
    axes = reduced_axes(x.rank, op.properties)
    keep = get_bool(op.properties, "keepdims", True)
    maps = [AffineMap.identity(x.rank), _kept_map(x.rank, axes, keep)]
    iterators = _iterators(x.rank, axes)
    if kind is rd.ReduceLogSumExpOp:
        return _log_sum_exp(maps, iterators)
    if kind in (rd.ReduceMaxOp, rd.ReduceMinOp):
        combine, initial = _extreme_ops(element, kind is rd.ReduceMaxOp)
        acc_element, body = element, _combine(combine)
    else:
        if is_bool(x):
            return None
        acc_element = accumulator_type(element)
        combine, initial = (_prod_ops if kind is rd.ReduceProdOp else _sum_ops)(acc_element)
        squared = kind in (rd.ReduceL2Op, rd.ReduceSumSquareOp)
        body = (_squared_combine if squared else _combine)(combine)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        acc = _accumulator(b, dests[0], acc_element, initial)
        (total,) = generic(b, inputs, [acc], maps, iterators, body)
        scalar = None
        if kind is rd.ReduceMeanOp:
            count = element_count(b, inputs[0], axes, acc_element)
            scalar = lambda inner, v: inner.create(arith.DivFOp, v, count).result  # noqa: E731
        elif kind is rd.ReduceL2Op:
            scalar = lambda inner, v: inner.create(math_ops.SqrtOp, v).result  # noqa: E731
        return [_finish(b, total, dests[0], scalar)]

    return emit


# the reductions of unsigned elements: the others are float-valued (a mean, a norm)
_WRAPPING_REDUCTIONS = (rd.ReduceSumOp, rd.ReduceMaxOp, rd.ReduceMinOp, rd.ReduceProdOp,
                        rd.ReduceSumSquareOp)  # fmt: skip


def _prod_ops(element) -> tuple:
    return (arith.MulFOp, 1.0) if isinstance(element, FloatType) else (arith.MulIOp, 1)


def _squared_combine(op_class) -> ScalarBody:
    return lambda b, args: [_combined(b, op_class, args[-1], _square(b, _as_accumulated(b, args)))]


def _finite_or_zero(b: Builder, peak: Value) -> Value:
    """`peak` where finite, else 0 (the interpreter's shift of a log-sum-exp)."""
    magnitude = b.create(math_ops.AbsFOp, peak).result
    finite = cmpf(b, "one", magnitude, constant(b, float("inf"), peak.type))
    return select(b, finite, peak, constant(b, 0.0, peak.type))


def _log_sum_exp(maps: list, iterators: list) -> KernelEmitter:
    """log(sum(exp(x - peak))) + peak, peak the maximum where finite, else 0."""

    def emit(b: Builder, inputs: list, dests: list) -> list:
        dest = dests[0]
        acc = accumulator_type(dest.type.element_type)
        peak = generic(b, inputs, [fill(b, empty_like(b, dest, acc), float("-inf"))], maps,
                       iterators, _combine(arith.MaximumFOp))[0]  # fmt: skip

        def add_exp(inner: Builder, a: list) -> list:
            shifted = inner.create(arith.SubFOp, widen(inner, a[0]), _finite_or_zero(inner, a[1]))
            e = inner.create(math_ops.ExpOp, shifted.result).result
            return [_combined(inner, arith.AddFOp, a[2], e)]

        total = generic(b, [inputs[0], peak], [fill(b, empty_like(b, dest, acc), 0.0)],
                        [maps[0], maps[1], maps[1]], iterators, add_exp)[0]  # fmt: skip
        rank = len(dest.type.shape)
        identity = AffineMap.identity(rank)

        def log_plus(inner: Builder, a: list) -> list:
            logged = inner.create(math_ops.LogOp, a[0]).result
            y = inner.create(arith.AddFOp, logged, _finite_or_zero(inner, a[1])).result
            return [narrow(inner, y, a[2].type)]

        return [parallel_generic(b, [total, peak], dest, [identity, identity], log_plus)]

    return emit


def element_count(b: Builder, x: Value, axes, element) -> Value:
    """The number of elements of `x` over `axes`, as a float of `element` (`tensor.dim`
    for dynamic dims)."""
    static, count = 1, None
    for axis in axes:
        size = dim(b, x, axis)
        if isinstance(size, int):
            static *= size
            continue
        count = size if count is None else b.create(arith.MulIOp, count, size).result
    if count is None:
        return constant(b, float(static), element)
    as_int = b.create(arith.IndexCastOp, count, out=i64).result
    dynamic = b.create(arith.SIToFPOp, as_int, out=element).result
    if static == 1:
        return dynamic
    return b.create(arith.MulFOp, constant(b, float(static), element), dynamic).result


# --- argmax / argmin -----------------------------------------------------------------------------
def _arg_reduction(op) -> KernelEmitter | None:
    """The index of the first (or last) extreme along `axis`: a reduction with two
    accumulators, the extreme so far and its index (read from an i64 iota of the axis);
    NaN counts as the extreme, its first occurrence wins (numpy's argmax)."""
    x = op.operand(0).type
    if not is_computable(x) or is_bool(x):
        return None
    rank = x.rank
    axis = normalize_axis(get_int(op.properties, "axis", 0), rank)
    keep = get_bool(op.properties, "keepdims", True)
    last = get_bool(op.properties, "select_last_index")
    is_max = isinstance(op, rd.ArgMaxOp)
    floats = is_float(x)
    strict, inclusive = ("gt", "ge") if is_max else ("lt", "le")
    predicate = ("o" if floats else "u" if is_unsigned(x) else "s") + \
        (inclusive if last else strict)  # fmt: skip
    out_map = _kept_map(rank, (axis,), keep)
    maps = [AffineMap.identity(rank), AffineMap(rank, 0, dims(axis)), out_map, out_map]
    iterators = _iterators(rank, (axis,))

    def body(b: Builder, args: list) -> list:
        value, position, best, best_at = args
        if not floats:
            take = cmpi(b, predicate, value, best)
        else:
            take = cmpf(b, predicate, value, best)
            is_nan = cmpf(b, "uno", value, value)
            if not last:
                is_nan = b.create(arith.AndIOp, is_nan, cmpf(b, "ord", best, best)).result
            take = b.create(arith.OrIOp, take, is_nan).result
        return [select(b, take, value, best), select(b, take, position, best_at)]

    def emit(b: Builder, inputs: list, dests: list) -> list:
        source, dest = inputs[0], dests[0]
        iota = generate(b, [dim(b, source, axis)], i64, _index_as_i64)
        start = lowest(x.element_type) if is_max else highest(x.element_type)
        best = fill(b, empty_like(b, dest, x.element_type), start)
        at = fill(b, dest, 0)
        return [generic(b, [source, iota], [best, at], maps, iterators, body)[1]]

    return emit


def _index_as_i64(b: Builder, indices: list) -> Value:
    return b.create(arith.IndexCastOp, indices[0], out=i64).result


# --- softmax -----------------------------------------------------------------------------------
def _softmax(op) -> KernelEmitter | None:
    """ONNX Softmax-13 / LogSoftmax-13 along `axis`, in f32 for f16/bf16: the maximum,
    the sum of exp(x - max), then exp(x - max) / sum or (x - max) - log(sum). Along the
    last axis, one generic writes the exps and sums them (MLAS's order: a row is read
    twice, not three times); along another, that generic would run the exps on the loops
    before the axis only, so they stay a parallel generic of their own."""
    x = op.operand(0).type
    if not is_float(x):
        return None
    rank = x.rank
    axis = normalize_axis(get_int(op.properties, "axis", -1), rank)
    identity = AffineMap.identity(rank)
    reduced = _kept_map(rank, (axis,), False)
    along_axis = _iterators(rank, (axis,))
    acc = accumulator_type(x.element_type)
    log = isinstance(op, nn.LogSoftmaxOp)

    def shifted(b: Builder, a: list) -> Value:
        return b.create(arith.SubFOp, widen(b, a[0]), a[1]).result

    def exp_shifted(b: Builder, a: list) -> Value:
        return b.create(math_ops.ExpOp, shifted(b, a)).result

    def add_exp(b: Builder, a: list) -> list:
        return [_combined(b, arith.AddFOp, a[2], exp_shifted(b, a))]

    def emit(b: Builder, inputs: list, dests: list) -> list:
        (source,), dest = inputs, dests[0]
        sizes = [s for i, s in enumerate(sizes_of(b, source)) if i != axis]
        scratch = empty(b, sizes, acc)  # value semantics: filled twice, anew
        maxima = generic(b, [source], [fill(b, scratch, float("-inf"))], [identity, reduced],
                         along_axis, _combine(arith.MaximumFOp))[0]  # fmt: skip
        if log:
            sums = generic(b, [source, maxima], [fill(b, scratch, 0.0)],
                           [identity, reduced, reduced], along_axis, add_exp)[0]  # fmt: skip

            def log_body(inner: Builder, a: list) -> list:
                logged = inner.create(math_ops.LogOp, a[2]).result
                y = inner.create(arith.SubFOp, shifted(inner, a), logged).result
                return [narrow(inner, y, a[3].type)]

            return [parallel_generic(b, [source, maxima, sums], dest,
                                     [identity, reduced, reduced], log_body)]  # fmt: skip
        target = dest if acc == x.element_type else empty_like(b, source, acc)
        if axis == rank - 1:  # one pass over each row writes the exps and sums them

            def exp_and_sum(inner: Builder, a: list) -> list:
                e = exp_shifted(inner, a)
                return [e, _combined(inner, arith.AddFOp, a[3], e)]

            exps, *sums = generic(b, [source, maxima], [target, fill(b, scratch, 0.0)],
                                  [identity, reduced, identity, reduced], along_axis,
                                  exp_and_sum)  # fmt: skip
        else:  # the exps on every loop in parallel, the sums along the axis after
            exps = parallel_generic(b, [source, maxima], target, [identity, reduced],
                                    lambda inner, a: [exp_shifted(inner, a)])  # fmt: skip
            sums = generic(b, [exps], [fill(b, scratch, 0.0)], [identity, reduced], along_axis,
                           _combine(arith.AddFOp))  # fmt: skip
        if target is dest:
            return [parallel_generic(b, sums, exps, [reduced], _divide_output)]
        return [parallel_generic(b, [exps, *sums], dest, [identity, reduced],
                                 lambda inner, a: [narrow(inner, _over(inner, a[0], a[1]),
                                                          a[2].type)])]  # fmt: skip

    return emit


def _div(b: Builder, x: Value, y: Value) -> Value:
    return b.create(arith.DivFOp, x, y).result


def _over(b: Builder, x: Value, y: Value) -> Value:
    """`x / y` as `x * (1 / y)`: where `y` is a row's statistic, the reciprocal is computed
    once per row (loop-invariant code motion) and the row is multiplied, not divided."""
    one = constant(b, 1.0, y.type)
    return b.create(arith.MulFOp, x, _div(b, one, y)).result


def _divide_output(b: Builder, args: list) -> list:
    return [_over(b, args[1], args[0])]


# --- normalizations ----------------------------------------------------------------------------
def _normalization(x, stats_exprs: tuple, reduced: tuple, vector_maps: list, epsilon: float,
                   stats_sizes: Callable) -> KernelEmitter:  # fmt: skip
    """(x - mean) / sqrt(var + epsilon) * scale + bias, mean and (biased) variance over the
    loops `reduced` into statistics read at `stats_exprs`, in f32 for f16/bf16."""
    rank = x.rank
    identity = AffineMap.identity(rank)
    stats = AffineMap(rank, 0, stats_exprs)
    iterators = _iterators(rank, reduced)
    acc = accumulator_type(x.element_type)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        source, scale, bias = inputs
        count = element_count(b, source, reduced, acc)
        scratch = empty(b, stats_sizes(b, source), acc)
        sums = generic(b, [source], [fill(b, scratch, 0.0)], [identity, stats], iterators,
                       _combine(arith.AddFOp))[0]  # fmt: skip
        mean = parallel_generic(b, [], sums, [], lambda inner, a: [_div(inner, a[0], count)])

        def add_square(inner: Builder, a: list) -> list:
            d = inner.create(arith.SubFOp, widen(inner, a[0]), a[1]).result
            return [_combined(inner, arith.AddFOp, a[2], _square(inner, d))]

        squares = generic(b, [source, mean], [fill(b, scratch, 0.0)], [identity, stats, stats],
                          iterators, add_square)[0]  # fmt: skip
        var = parallel_generic(b, [], squares, [], lambda inner, a: [_div(inner, a[0], count)])

        def normalize(inner: Builder, a: list) -> list:
            value, m, v, s, t, out = a
            centered = inner.create(arith.SubFOp, widen(inner, value), m).result
            spread = inner.create(arith.AddFOp, v, constant(inner, epsilon, acc)).result
            root = inner.create(math_ops.SqrtOp, spread).result
            y = inner.create(arith.MulFOp, _over(inner, centered, root), widen(inner, s)).result
            y = inner.create(arith.AddFOp, y, widen(inner, t)).result
            return [narrow(inner, y, out.type)]

        maps = [identity, stats, stats, *vector_maps]
        return [parallel_generic(b, [source, mean, var, scale, bias], dests[0], maps, normalize)]

    return emit


def _epsilon(op) -> float:
    return get_float(op.properties, "epsilon", 1e-5)


def _layer_norm(op) -> KernelEmitter | None:
    x, scale, bias = (v.type for v in op.operands)
    if not is_float(x):
        return None
    rank = x.rank
    axis = normalize_axis(get_int(op.properties, "axis", -1), rank)
    vector_maps = broadcast_maps_to(x.shape, [scale.shape, bias.shape])
    if vector_maps is None:
        return None
    return _normalization(x, dims(*range(axis)), tuple(range(axis, rank)), vector_maps,
                          _epsilon(op), lambda b, t: sizes_of(b, t)[:axis])  # fmt: skip


def broadcast_maps_to(shape: tuple, shapes: list) -> list | None:
    """Maps reading each of `shapes` broadcast to `shape` (None where run-time sizes decide)."""
    maps = broadcast_maps([shape, *shapes], len(shape))
    return None if maps is None else maps[1:]


def _instance_norm(op) -> KernelEmitter | None:
    """Per (sample, channel) over the spatial dims."""
    x = op.operand(0).type
    if not is_float(x):
        return None
    channel = AffineMap(x.rank, 0, dims(1))
    return _normalization(x, dims(0, 1), tuple(range(2, x.rank)), [channel, channel],
                          _epsilon(op), lambda b, t: sizes_of(b, t)[:2])  # fmt: skip


def _group_norm(op) -> KernelEmitter | None:
    """Per (sample, group) over the group's channels and the spatial dims, on views of x,
    the destination, scale and bias with the channel dim split into [G, C/G]
    (`tensor.expand_shape`, C/G read at run time when C is dynamic): the statistics are
    plain reductions over the view's last dims, with no `floordiv` in an indexing map."""
    x = op.operand(0).type
    if not is_float(x):
        return None
    groups, rank = get_int(op.properties, "num_groups"), x.rank
    channels = x.shape[1]
    view = x.with_shape((x.shape[0], groups, None if channels is None else channels // groups,
                         *x.shape[2:]))  # fmt: skip
    per_channel = AffineMap(rank + 1, 0, dims(1, 2))
    normalize = _normalization(view, dims(0, 1), tuple(range(2, rank + 1)),
                               [per_channel, per_channel], _epsilon(op),
                               lambda b, t: [dim(b, t, 0), groups])  # fmt: skip
    split_channels = [[0], [1, 2], *([i + 1] for i in range(2, rank))]

    def emit(b: Builder, inputs: list, dests: list) -> list:
        source, scale, bias = inputs
        channels = dim(b, source, 1)
        per_group = channels // groups if isinstance(channels, int) else \
            b.create(arith.DivSIOp, channels, index_constant(b, groups)).result  # fmt: skip

        def grouped(t: Value) -> Value:
            if len(t.type.shape) == 1:  # scale, bias: [C] -> [G, C/G]
                return expand_shape(b, t, [[0, 1]], [groups, per_group])
            sizes = sizes_of(b, t)
            return expand_shape(b, t, split_channels, [sizes[0], groups, per_group, *sizes[2:]])

        (y,) = normalize(b, [grouped(source), grouped(scale), grouped(bias)], [grouped(dests[0])])
        return [collapse_shape(b, y, split_channels, dests[0].type)]

    return emit


def _batch_norm(op) -> KernelEmitter | None:
    """(x - mean) * (scale / sqrt(var + epsilon)) + bias, the vectors read at `axis`."""
    x = op.operand(0).type
    if not is_float(x):
        return None
    rank = x.rank
    axis = normalize_axis(get_int(op.properties, "axis", 1), rank)
    vector = AffineMap(rank, 0, dims(axis))
    maps = [AffineMap.identity(rank)] + [vector] * 4
    acc = accumulator_type(x.element_type)
    epsilon = _epsilon(op)

    def body(b: Builder, args: list) -> list:
        value, scale, bias, mean, var = (widen(b, a) for a in args[:5])
        spread = b.create(arith.AddFOp, var, constant(b, epsilon, acc)).result
        inverse = _div(b, scale, b.create(math_ops.SqrtOp, spread).result)
        centered = b.create(arith.SubFOp, value, mean).result
        y = b.create(arith.AddFOp, b.create(arith.MulFOp, centered, inverse).result, bias).result
        return [narrow(b, y, args[5].type)]

    return lambda b, inputs, dests: [parallel_generic(b, inputs, dests[0], maps, body)]


# --- global pools ------------------------------------------------------------------------------
def _global_pool(op) -> KernelEmitter | None:
    """The mean (or maximum) over the spatial dims, kept as 1s."""
    x = op.operand(0).type
    is_max = isinstance(op, conv.GlobalMaxPoolOp)
    if not is_computable(x) or (not is_max and not is_float(x)):
        return None
    rank = x.rank
    spatial = tuple(range(1, rank - 1)) if conv.channels_last(op.properties) else \
        tuple(range(2, rank))  # fmt: skip
    maps = [AffineMap.identity(rank), _kept_map(rank, spatial, True)]
    iterators = _iterators(rank, spatial)
    element = x.element_type
    acc = element if is_max else accumulator_type(element)
    combine, initial = _extreme_ops(element, True) if is_max else _sum_ops(acc)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        start = _accumulator(b, dests[0], acc, initial)
        (total,) = generic(b, inputs, [start], maps, iterators, _combine(combine))
        if is_max:
            return [total]
        count = element_count(b, inputs[0], spatial, acc)
        return [_finish(b, total, dests[0], lambda inner, v: _div(inner, v, count))]

    return emit


RULES: dict[type, Callable] = {
    **dict.fromkeys(
        [
            rd.ReduceSumOp,
            rd.ReduceMeanOp,
            rd.ReduceMaxOp,
            rd.ReduceMinOp,
            rd.ReduceProdOp,
            rd.ReduceL2Op,
            rd.ReduceSumSquareOp,
            rd.ReduceLogSumExpOp,
        ],
        _reduction,
    ),  # fmt: skip
    rd.ArgMaxOp: _arg_reduction,
    rd.ArgMinOp: _arg_reduction,
    nn.SoftmaxOp: _softmax,
    nn.LogSoftmaxOp: _softmax,
    nn.LayerNormOp: _layer_norm,
    nn.BatchNormOp: _batch_norm,
    nn.InstanceNormOp: _instance_norm,
    nn.GroupNormOp: _group_norm,
    conv.GlobalAvgPoolOp: _global_pool,
    conv.GlobalMaxPoolOp: _global_pool,
}
