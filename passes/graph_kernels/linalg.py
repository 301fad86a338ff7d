"""Contraction and window kernels: matmul, gemm, linear, bias_add, conv, conv_transpose,
max/avg pooling.

Each is a `tensor.generic` with reduction loops, as linalg's named ops generalize: products
of f16/bf16 accumulate in an f32 scratch tensor and round once into the destination
(ONNX's stash type, the graph interpreter's `accumulation_dtype`). Window ops read a
`tensor.pad`ded input at `out * stride + k * dilation`; a pool's window loops are read from
a `tensor.empty` of the kernel's shape (linalg's pooling ops' fake window operand). Layouts
only permute the indexing maps' results.
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.dialects import arith
from mlc.dialects.graph import conv, nn
from mlc.dialects.graph.base import get_bool, get_float, get_int, is_bool, is_float
from mlc.dialects.graph.shapes import normalize_axis
from mlc.ir.affine import AffineDimExpr, AffineExpr, AffineMap
from mlc.ir.builder import Builder
from mlc.ir.types import FloatType, f64
from mlc.ir.values import Value
from mlc.passes.graph_kernels.builders import (
    KernelEmitter,
    accumulator_type,
    add,
    broadcast_maps,
    constant,
    convert_into,
    dims,
    empty,
    empty_like,
    extract_slice,
    fill,
    generic,
    insert_slice,
    is_computable,
    is_unsigned,
    lowest,
    mul,
    narrow,
    pad,
    parallel_generic,
    sizes_of,
    sub,
    widen,
)
from mlc.passes.graph_kernels.elementwise import converter


def _numeric(t) -> bool:
    """Elements the contractions take: floats and integers, unsigned ones included
    (products and sums wrap alike in two's complement), not `i1`."""
    return is_computable(t) and not is_bool(t)


def _ops(element) -> tuple:
    """(multiply, add, zero) of an accumulator type."""
    if isinstance(element, FloatType):
        return arith.MulFOp, arith.AddFOp, 0.0
    return arith.MulIOp, arith.AddIOp, 0


def _multiply_accumulate(element) -> Callable:
    """A contraction body: acc + widen(x) * widen(y)."""
    mul, add, _ = _ops(element)

    def body(b: Builder, args: list) -> list:
        x, y, acc = widen(b, args[0]), widen(b, args[1]), args[-1]
        return [b.create(add, acc, b.create(mul, x, y).result).result]

    return body


def _accumulate(b: Builder, dest: Value) -> Value:
    """A zeroed accumulator for `dest`: `dest` itself, or an f32 scratch for f16/bf16."""
    element = dest.type.element_type
    acc = accumulator_type(element)
    target = dest if acc == element else empty_like(b, dest, acc)
    return fill(b, target, _ops(acc)[2])


def _contract(inputs: list, maps: list, iterators: list, dest: Value, b: Builder) -> Value:
    """sum over the reduction loops of inputs[0] * inputs[1], rounded into `dest`."""
    acc = _accumulate(b, dest)
    body = _multiply_accumulate(acc.type.element_type)
    (total,) = generic(b, inputs, [acc], maps, iterators, body)
    return total if total.type == dest.type else convert_into(b, total, dest)


# --- matmul family -----------------------------------------------------------------------------
def _matmul_maps(a, w, out_rank: int, transpose_w: bool = False) -> list | None:
    """numpy matmul's maps over loops (batch..., m, n, k): a 1-D operand has no m (or n)."""
    batch_rank = out_rank - (a.rank >= 2) - (w.rank >= 2)
    batch = broadcast_maps([a.shape[:-2], w.shape[:-2]], batch_rank)
    if batch is None:
        return None
    loops = out_rank + 1
    k = AffineDimExpr(out_rank)
    rows = (AffineDimExpr(batch_rank),) if a.rank >= 2 else ()
    cols = (AffineDimExpr(out_rank - 1),) if w.rank >= 2 else ()
    w_dims = (*cols, k) if transpose_w else (k, *cols)
    return [
        AffineMap(loops, 0, (*batch[0].results, *rows, k)),
        AffineMap(loops, 0, (*batch[1].results, *w_dims)),
        AffineMap(loops, 0, dims(*range(out_rank))),
    ]


def _matmul(op) -> KernelEmitter | None:
    """numpy's matmul: batch dims broadcast, a 1-D operand has no m (or n) loop, and a
    reduction loop over k accumulates into a zero-filled destination."""
    a, w = (v.type for v in op.operands)
    if not _numeric(a):
        return None
    out_rank = len(op.result_types[0].shape)
    maps = _matmul_maps(a, w, out_rank)
    if maps is None:
        return None
    iterators = ["parallel"] * out_rank + ["reduction"]
    return lambda b, inputs, dests: [_contract(inputs, maps, iterators, dests[0], b)]


def _gemm(op) -> KernelEmitter | None:
    """ONNX Gemm: the product (transposes in the maps), then alpha * it + beta * C with C
    broadcast to [M, N], in the accumulator type; an integer gemm with a scale other than 1
    scales in float64 and truncates (`_scaled_in_float64`)."""
    a, w, c = (v.type for v in op.operands)
    if not _numeric(a):
        return None
    alpha, beta = get_float(op.properties, "alpha", 1.0), get_float(op.properties, "beta", 1.0)
    scaled_integers = not is_float(a) and (alpha != 1 or beta != 1)
    scale = _scaled_in_float64(alpha, beta, a.element_type) if scaled_integers else \
        _scale_add(alpha, beta)  # fmt: skip
    c_maps = broadcast_maps([c.shape, op.result_types[0].shape], 2)
    if c_maps is None:
        return None
    m, n, k = dims(0, 1, 2)
    a_map = (k, m) if get_bool(op.properties, "transA") else (m, k)
    w_map = (n, k) if get_bool(op.properties, "transB") else (k, n)
    maps = [AffineMap(3, 0, a_map), AffineMap(3, 0, w_map), AffineMap(3, 0, (m, n))]
    iterators = ["parallel", "parallel", "reduction"]

    def emit(b: Builder, inputs: list, dests: list) -> list:
        dest = dests[0]
        body = _multiply_accumulate(accumulator_type(dest.type.element_type))
        product = generic(b, inputs[:2], [_accumulate(b, dest)], maps, iterators, body)[0]
        c_read = [AffineMap.identity(2), c_maps[0]]
        return [parallel_generic(b, [product, inputs[2]], dest, c_read, scale)]

    return emit


def _scale_add(alpha: float, beta: float) -> Callable:
    """alpha * p + beta * c (factors of 1 left out, as the interpreter does), rounded."""

    def body(b: Builder, args: list) -> list:
        p, c, out = args[0], widen(b, args[1]), args[2]
        mul, add, _ = _ops(p.type)
        if alpha != 1:
            p = b.create(mul, constant(b, alpha, p.type), p).result
        if beta != 1:
            c = b.create(mul, constant(b, beta, c.type), c).result
        return [narrow(b, b.create(add, p, c).result, out.type)]

    return body


def _scaled_in_float64(alpha: float, beta: float, element) -> Callable:
    """alpha * p + beta * c of integers (graph `element`, unsigned or not) in float64,
    truncated back toward zero: numpy's arithmetic in the interpreter (and ONNX's). Out of
    the element's range the result is undefined, as for `cast`."""
    to_float, to_integer = converter(element, f64), converter(f64, element)

    def body(b: Builder, args: list) -> list:
        p, c = to_float(b, args[0]), to_float(b, args[1])
        if alpha != 1:
            p = b.create(arith.MulFOp, constant(b, alpha, f64), p).result
        if beta != 1:
            c = b.create(arith.MulFOp, constant(b, beta, f64), c).result
        return [to_integer(b, b.create(arith.AddFOp, p, c).result)]

    return body


def _linear(op) -> KernelEmitter | None:
    """x @ w^T (w read transposed by its map), then + b along the last dim."""
    x, w, _ = (v.type for v in op.operands)
    if not _numeric(x):
        return None
    out_rank = len(op.result_types[0].shape)
    maps = _matmul_maps(x, w, out_rank, transpose_w=True)
    iterators = ["parallel"] * out_rank + ["reduction"]
    identity = AffineMap.identity(out_rank)
    last = AffineMap(out_rank, 0, dims(out_rank - 1))

    def emit(b: Builder, inputs: list, dests: list) -> list:
        dest = dests[0]
        acc = accumulator_type(dest.type.element_type)
        product = generic(b, inputs[:2], [_accumulate(b, dest)], maps, iterators,
                          _multiply_accumulate(acc))[0]  # fmt: skip
        return [parallel_generic(b, [product, inputs[2]], dest, [identity, last],
                                 _scale_add(1.0, 1.0))]  # fmt: skip

    return emit


def _bias_add(op) -> KernelEmitter | None:
    """x + b with the vector b read at the loop of `axis`."""
    x = op.operand(0).type
    if not _numeric(x):
        return None
    rank = x.rank
    axis = normalize_axis(get_int(op.properties, "axis", 1), rank)
    maps = [AffineMap.identity(rank), AffineMap(rank, 0, dims(axis))]
    add = arith.AddFOp if is_float(x) else arith.AddIOp

    def body(b: Builder, args: list) -> list:
        return [b.create(add, args[0], args[1]).result]

    return lambda b, inputs, dests: [parallel_generic(b, inputs, dests[0], maps, body)]


# --- windows -----------------------------------------------------------------------------------
def _activation_layout(rank: int, last: bool) -> Callable:
    """(batch, channel, spatial exprs) -> the physical order of the op's layout."""
    if last:
        return lambda n, c, spatial: (n, *spatial, c)
    return lambda n, c, spatial: (n, c, *spatial)


def _spatial_positions(rank: int, last: bool) -> list[int]:
    return list(range(1, rank - 1)) if last else list(range(2, rank))


def _padded(b: Builder, x: Value, last: bool, low: list, high: list, value) -> Value:
    """`x` padded on its spatial dims only."""
    rank = len(x.type.shape)
    full_low, full_high = [0] * rank, [0] * rank
    for i, axis in enumerate(_spatial_positions(rank, last)):
        full_low[axis], full_high[axis] = low[i], high[i]
    return pad(b, x, full_low, full_high, value)


ROW_ALIGNMENT = 8
"""Elements per padded input row multiple (a 32-byte vector of f32)."""


def _conv(op) -> KernelEmitter | None:
    """ONNX Conv over loops (n, o, out..., c, k...): the input read at channel
    `(o floordiv O/G) * C/G + c` and position `out * stride + k * dilation` of its padded
    spatial dims, the weight at (o, c, k...).

    Two layouts of the padded input serve `tensor-tile-contractions`, which loads the
    input's rows as vectors along the output width (channels first, static width):
    - its rows get extra zero columns up to a multiple of ROW_ALIGNMENT elements, so that
      the vector loads start aligned (5% faster on the ResNet block's 56 + 2 -> 64 columns),
      unless they are shorter than two such multiples: vectors then run on across rows
      (`conv_schedule`'s wide grid), and every column added would be computed for nothing;
    - with a stride s > 1 along the width (group 1), the rows are split into s phases,
      `X[.., w*s + p]` at `Xs[.., p, .., w]`, and read at phase `(k*d) mod s`, column
      `out + (k*d) floordiv s`: unit stride along the output width again, so the direct
      convolution applies (a stride-2 3x3 conv 64 -> 128 on 56 x 56 ran as scalar loops
      at 2 GFLOP/s), for one more copy of the input."""
    x, w = (v.type for v in op.operands)
    if not is_float(x):
        return None
    rank, spatial = x.rank, x.rank - 2
    last = conv.channels_last(op.properties)
    kernel_sizes = w.shape[:-2] if last else w.shape[2:]
    if None in kernel_sizes:
        return None
    kernel, strides, pads, dilations = conv.window_attrs(op.properties, spatial, kernel_sizes)
    group = get_int(op.properties, "group", 1)
    outs, per_group = (w.shape[-1], w.shape[-2]) if last else (w.shape[0], w.shape[1])
    if group != 1 and (outs is None or per_group is None):
        return None
    loops = 3 + 2 * spatial
    n, o, c = AffineDimExpr(0), AffineDimExpr(1), AffineDimExpr(2 + spatial)
    out = dims(*range(2, 2 + spatial))
    ks = dims(*range(3 + spatial, loops))
    channel = c if group == 1 else o.floordiv(outs // group) * per_group + c
    at = [out[i] * strides[i] + ks[i] * dilations[i] for i in range(spatial)]
    low, high = list(pads[:spatial]), list(pads[spatial:])
    width, stride = x.shape[-1], strides[-1]
    rows = not last and isinstance(width, int)  # rows loaded as vectors: laid out for that
    phases = stride if rows and stride > 1 and group == 1 else 1
    if rows and (phases > 1 or stride == 1 and any(pads)):
        padded_width = width + low[-1] + high[-1]
        phase_width = -(-padded_width // phases)
        if phase_width >= 2 * ROW_ALIGNMENT:
            phase_width += -phase_width % ROW_ALIGNMENT
        high[-1] += phase_width * phases - padded_width
    if phases > 1:
        offset = ks[-1] * dilations[-1]
        at = [offset % phases, *at[:-1], out[-1] + offset.floordiv(phases)]
    layout = _activation_layout(rank, last)
    w_results = (*ks, c, o) if last else (o, c, *ks)
    maps = [
        AffineMap(loops, 0, layout(n, channel, at)),
        AffineMap(loops, 0, w_results),
        AffineMap(loops, 0, layout(n, o, out)),
    ]
    iterators = ["parallel"] * (2 + spatial) + ["reduction"] * (1 + spatial)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        image = inputs[0]
        if any(low) or any(high):
            image = _padded(b, image, last, low, high, 0.0)
        if phases > 1:
            image = _width_phases(b, image, phases)
        return [_contract([image, inputs[1]], maps, iterators, dests[0], b)]

    return emit


def _width_phases(b: Builder, x: Value, phases: int) -> Value:
    """`Xs[n, c, p, spatial.., w] = X[n, c, spatial.., w * phases + p]` (channels first; the
    width a multiple of `phases`)."""
    rank = len(x.type.shape)
    sizes = sizes_of(b, x)
    width = sizes[-1] // phases
    split = empty(b, [*sizes[:2], phases, *sizes[2:-1], width], x.type.element_type)
    loops = dims(*range(rank + 1))
    n, c, p, rest, w = loops[0], loops[1], loops[2], loops[3:-1], loops[-1]
    read = AffineMap(rank + 1, 0, (n, c, *rest, w * phases + p))
    return parallel_generic(b, [x], split, [read], lambda _, args: [args[0]])


def _conv_transpose(op) -> KernelEmitter | None:
    """ONNX ConvTranspose as a convolution: the input spread out by the strides (an
    `insert_slice` with strides into zeros), padded by `dilation * (k - 1) - pad` (cropped
    where that is negative), convolved with the flipped kernel, its two channel dims
    swapped. With G groups, output channel o reads input channel `(o floordiv O/G) * C/G + c`
    and weight `[that, o mod O/G, k...]`; the loops c and k are read from a `tensor.empty`
    of shape [C/G, k...] (a static C/G and O/G)."""
    x, w = (v.type for v in op.operands)
    if not is_float(x):
        return None
    group = get_int(op.properties, "group", 1)
    last = conv.channels_last(op.properties)
    in_channels, per_group = (w.shape[-1], w.shape[-2]) if last else w.shape[:2]  # HWOI, IOHW
    if group != 1 and (in_channels is None or per_group is None):
        return None
    rank, spatial = x.rank, x.rank - 2
    kernel_sizes = w.shape[:-2] if last else w.shape[2:]
    if None in kernel_sizes:
        return None
    kernel, strides, pads, dilations = conv.window_attrs(op.properties, spatial, kernel_sizes)
    extra = conv.int_list(op.properties, "output_padding", spatial, 0, minimum=0)
    loops = 3 + 2 * spatial
    n, o, c = AffineDimExpr(0), AffineDimExpr(1), AffineDimExpr(2 + spatial)
    out = dims(*range(2, 2 + spatial))
    ks = dims(*range(3 + spatial, loops))
    at = [out[i] + ks[i] * dilations[i] for i in range(spatial)]
    flipped = [(kernel[i] - 1) - ks[i] for i in range(spatial)]
    layout = _activation_layout(rank, last)
    channel, m = c, o
    if group != 1:
        channel = o.floordiv(per_group) * (in_channels // group) + c
        m = o % per_group
    w_results = (*flipped, m, channel) if last else (channel, m, *flipped)
    window_shape = list(kernel) if group == 1 else [in_channels // group, *kernel]
    maps = [
        AffineMap(loops, 0, layout(n, channel, at)),
        AffineMap(loops, 0, w_results),
        AffineMap(loops, 0, ks if group == 1 else (c, *ks)),  # loops no operand reads plainly
        AffineMap(loops, 0, layout(n, o, out)),
    ]
    iterators = ["parallel"] * (2 + spatial) + ["reduction"] * (1 + spatial)
    positions = _spatial_positions(rank, last)

    def emit(b: Builder, inputs: list, dests: list) -> list:
        source = inputs[0]
        sizes = sizes_of(b, source)
        spread = list(sizes)
        for i, axis in enumerate(positions):
            spread[axis] = add(b, mul(b, sub(b, sizes[axis], 1), strides[i]), 1)
        zeros = fill(b, empty(b, spread, source.type.element_type), 0.0)
        offsets, steps = [0] * rank, [1] * rank
        for i, axis in enumerate(positions):
            steps[axis] = strides[i]
        spread_x = insert_slice(b, source, zeros, offsets, steps)
        low = [dilations[i] * (kernel[i] - 1) - pads[i] for i in range(spatial)]
        high = [dilations[i] * (kernel[i] - 1) - pads[spatial + i] + extra[i]
                for i in range(spatial)]  # fmt: skip
        padded = _padded(b, spread_x, last, [max(v, 0) for v in low], [max(v, 0) for v in high],
                         0.0)  # fmt: skip
        if any(v < 0 for v in low + high):
            padded = _crop(b, padded, positions, [max(-v, 0) for v in low],
                           [max(-v, 0) for v in high])  # fmt: skip
        window = empty(b, window_shape, x.element_type)
        return [_contract([padded, inputs[1], window], maps, iterators, dests[0], b)]

    return emit


def _crop(b: Builder, t: Value, positions: list, low: list, high: list) -> Value:
    """`t` without `low`/`high` elements at the spatial `positions`."""
    rank = len(t.type.shape)
    sizes = sizes_of(b, t)
    offsets = [0] * rank
    for i, axis in enumerate(positions):
        offsets[axis] = low[i]
        sizes[axis] = sub(b, sub(b, sizes[axis], low[i]), high[i])
    return extract_slice(b, t, offsets, sizes, [1] * rank)


def _pool(op) -> KernelEmitter | None:
    """max_pool / avg_pool over loops (n, c, out..., k...), the window loops read from a
    `tensor.empty` of the kernel's shape. With `ceil_mode` the input is padded by
    `stride - 1` more at the end, enough for the last window. avg_pool divides by a count
    summed alike from a tensor of ones padded with 1s (`count_include_pad`) or 0s."""
    x = op.operand(0).type
    is_max = isinstance(op, conv.MaxPoolOp)
    if not is_computable(x) or (not is_max and not is_float(x)):
        return None
    rank, spatial = x.rank, x.rank - 2
    last = conv.channels_last(op.properties)
    kernel, strides, pads, dilations = conv.window_attrs(op.properties, spatial)
    ceil_extra = [s - 1 if get_bool(op.properties, "ceil_mode") else 0 for s in strides]
    loops = 2 + 2 * spatial
    n, c = AffineDimExpr(0), AffineDimExpr(1)
    out = dims(*range(2, 2 + spatial))
    ks = dims(*range(2 + spatial, loops))
    at: list[AffineExpr] = [out[i] * strides[i] + ks[i] * dilations[i] for i in range(spatial)]
    layout = _activation_layout(rank, last)
    x_map = AffineMap(loops, 0, layout(n, c, at))
    window_map = AffineMap(loops, 0, ks)
    out_map = AffineMap(loops, 0, layout(n, c, out))
    iterators = ["parallel"] * (2 + spatial) + ["reduction"] * spatial
    low = list(pads[:spatial])
    high = [pads[spatial + i] + ceil_extra[i] for i in range(spatial)]

    def emit_max(b: Builder, inputs: list, dests: list) -> list:
        element = x.element_type
        padded = _padded(b, inputs[0], last, low, high, lowest(element))
        window = empty(b, list(kernel), element)
        start = fill(b, dests[0], lowest(element))
        maximum = arith.MaximumFOp if is_float(x) else \
            arith.MaxUIOp if is_unsigned(x) else arith.MaxSIOp  # fmt: skip
        body = lambda inner, a: [inner.create(maximum, a[2], a[0]).result]  # noqa: E731
        return generic(b, [padded, window], [start], [x_map, window_map, out_map], iterators, body)

    def emit_avg(b: Builder, inputs: list, dests: list) -> list:
        dest = dests[0]
        acc = accumulator_type(x.element_type)
        padded = _padded(b, inputs[0], last, low, high, 0.0)
        sizes = sizes_of(b, inputs[0])
        ones = fill(b, empty(b, [sizes[i] for i in _spatial_positions(rank, last)], acc), 1.0)
        inside = 1.0 if get_bool(op.properties, "count_include_pad") else 0.0
        cells = pad(b, pad(b, ones, low, list(pads[spatial:]), inside), [0] * spatial,
                    ceil_extra, 0.0)  # fmt: skip
        window = empty(b, list(kernel), acc)
        total = fill(b, empty_like(b, dest, acc), 0.0)
        count = fill(b, empty_like(b, dest, acc), 0.0)
        maps = [x_map, AffineMap(loops, 0, tuple(at)), window_map, out_map, out_map]

        def body(inner: Builder, a: list) -> list:
            s = inner.create(arith.AddFOp, a[3], widen(inner, a[0])).result
            return [s, inner.create(arith.AddFOp, a[4], a[1]).result]

        sums, counts = generic(b, [padded, cells, window], [total, count], maps, iterators, body)
        identity = AffineMap.identity(rank)

        def divide(inner: Builder, a: list) -> list:
            q = inner.create(arith.DivFOp, a[0], a[1]).result
            return [narrow(inner, q, a[2].type)]

        return [parallel_generic(b, [sums, counts], dest, [identity, identity], divide)]

    return emit_max if is_max else emit_avg


RULES: dict[type, Callable] = {
    nn.MatMulOp: _matmul,
    nn.GemmOp: _gemm,
    nn.LinearOp: _linear,
    nn.BiasAddOp: _bias_add,
    conv.ConvOp: _conv,
    conv.ConvTransposeOp: _conv_transpose,
    conv.MaxPoolOp: _pool,
    conv.AvgPoolOp: _pool,
}
