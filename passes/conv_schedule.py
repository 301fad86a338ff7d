"""Direct convolutions for `tensor-tile-contractions`: the output computed in MR x NV-vector
register blocks over all input channels, the image's rows and the weights read in place.

A convolution generic `C[n, f, oh, ow] = sum W[f, c, kh, kw] * X[n, c, oh*s + kh*d, ow + kw*e]`
right after a zero fill of C (the form `graph-legalize` gives ONNX Conv, the input padded
beforehand) becomes:

    scf.parallel (t, fb) over tiles of NV vectors x blocks of MR output channels:
      vector v of the tile: position p = t*NV + v of the (batch loops..., ow / VL) grid,
        decoded to n, oh and ow0 = min(u*VL, Wo - VL)
      MR x NV accumulators, zero; for c: (kh, kw unrolled) NV `vector.load`s of X's rows at
        (n, c, oh*s + kh*d, ow0 + kw*e), MR scalars W[fb*MR + r, c, kh, kw] broadcast,
        MR*NV `vector.fma`s
      stored to C through the epilogue, if any (rows past F skipped)

Deliberate choices, each measured on the ResNet block's 64 -> 64 3x3 conv on 56 x 56:
- Vectors, not rows, are the unit of the ow tiling: a row of Wo = 56 is 7 vectors of 8 with
  nothing masked, and a tile's vectors may run into the next row (or batch), so no width
  wastes lanes. When VL does not divide Wo the row's last vector is moved left to end at
  Wo, recomputing a few columns with the same sums: stores are idempotent because the
  accumulators start at zero (hence the zero fill is required) and the tile's last
  positions clamp to the grid's last one for the same reason.
- MR and NV are picked for the fewest padded output channels among register blocks that
  fit the SIMD registers (MR*NV accumulators + NV image vectors + a broadcast): F = 64 takes
  4 x 3 vectors, F = 48 takes 6 x 2.
- The tile index is the outer parallel dimension, the channel blocks the inner one, so a
  thread's share is a band of output rows for all channels: it reads all the weights
  (C*KH*KW*F floats, 147 KiB here) from its L2 and only its half of the image (950 KiB
  padded, more than one core's 512 KiB L2). On one thread both orders measure the same.
- No cache blocking of the input channels (the brief's KC): the accumulators stay in
  registers over all of c. Making every image load hit L1 (its channel index pinned to 0,
  a measurement hack) left the time unchanged (2.63 vs 2.61 ms on one thread; 256
  channels on 14 x 14 too), and 97% of the samples fall in the FMA loop, which runs at
  about 90% of the FMA units' peak.
- The weights are not packed: the MR rows' scalars are MR sequential streams (9 floats per
  channel of a 3x3 window), which the prefetchers follow and L1 holds. Packing them into
  [F/MR][C*KH*KW][MR] panels once per call (the first version) measured the same or up to
  4% slower (2.95-3.00 vs 2.82-2.87 ms on one thread), and cost a parallel loop: with the
  OpenMP runtime's short spin, each parallel loop wakes a sleeping worker.
- The epilogue `graph-fuse-kernels` leaves after the convolution (bias, residual add, relu:
  `contraction_epilogue`) is applied to the accumulators as they are stored, so the output
  is written once.
- Trailing reduction loops with static sizes are unrolled while their product stays <= 32
  (a 3x3 window: 9 steps of MR*NV FMAs per channel), so the kernel's addresses are
  constant offsets from per-channel bases.

Not handled here, left to the unpacked lowering of `tensor-tile-contractions` (or, for
strided widths, which that does not read in place either, to `convert-tensor-to-loops`): no
zero fill to fold, an output width that is dynamic or below one vector, image maps whose
innermost index is not `ow + (window terms)`, grouped convolutions (the image's channel
depends on f) and weights read at anything but plain loop indices.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from mlc.dialects import arith, memref, vector
from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.affine import AffineBinaryExpr, AffineDimExpr, AffineExprKind
from mlc.ir.builder import Builder, InsertionPoint
from mlc.passes.contraction_epilogue import Epilogue
from mlc.passes.tensor_schedule import (
    _SLT,
    Contraction,
    ContractionLowering,
    TileSizes,
    _Emitter,
    _for,
    _if,
    host_vector_bits,
)
from mlc.passes.tensor_to_loops import dims_used

UNROLL_LIMIT = 32
"""Largest product of unrolled trailing reduction loops (a 3x3 or 5x5 window)."""


@dataclass(frozen=True)
class ConvTiles:
    """A register block of MR output channels x NV vectors of VL outputs along ow."""

    mr: int
    nv: int
    vl: int


def choose_conv_tiles(channels: int | None, vector_bits: int, element_bits: int) -> ConvTiles:
    """The register block with the fewest padded channels (then the most rows) among those
    whose MR*NV accumulators, NV image vectors and one broadcast fit 16 SIMD registers (32
    with AVX-512)."""
    vl = max(vector_bits // element_bits, 1)
    blocks = [(8, 3), (6, 4), (4, 6)] if vector_bits >= 512 else [(6, 2), (4, 3)]
    if channels is None:
        return ConvTiles(*blocks[0], vl)

    def waste(block: tuple[int, int]) -> tuple[int, int]:
        mr = block[0]
        return (-channels) % mr, -mr

    return ConvTiles(*min(blocks, key=waste), vl)


def _innermost_window(expr, j: int, ks: list[int]) -> bool:
    """`expr` is `ow + g(window loops)` with ow the loop `j`."""
    if expr == AffineDimExpr(j):
        return True
    if not isinstance(expr, AffineBinaryExpr) or expr.kind is not AffineExprKind.ADD:
        return False
    for ow, rest in ((expr.lhs, expr.rhs), (expr.rhs, expr.lhs)):
        if ow == AffineDimExpr(j) and dims_used(rest) <= set(ks):
            return True
    return False


def is_direct_convolution(match: Contraction, fill: GenericOp | None, vl: int) -> bool:
    """`match` is a convolution this module lowers (see the module docstring)."""
    if fill is None or match.packable() or None in match.dims[0]:
        return False
    used_w = set(match.dims[0])
    used_x = set().union(*(dims_used(e) for e in match.maps[1].results))
    if used_w != {match.i, *match.ks} or match.i in used_x:
        return False
    if any(d not in used_x for d in match.batch):
        return False
    if not _innermost_window(match.maps[1].results[-1], match.j, match.ks):
        return False
    width = match.static_size(match.j)
    return width is not None and width >= vl


class ConvolutionLowering(ContractionLowering):
    """The register-blocked direct convolution of one matched convolution, built before its
    zero fill; the fill, the generic and its epilogue are erased."""

    def __init__(self, match: Contraction, tiles: ConvTiles, parallel: bool, fill: GenericOp,
                 epilogue: Epilogue | None) -> None:  # fmt: skip
        super().__init__(match, TileSizes(tiles.mr, tiles.vl * tiles.nv, tiles.vl, 1, tiles.mr),
                         parallel, fill, epilogue)  # fmt: skip
        self.ct = tiles

    def lower(self) -> None:
        m, ct = self.m, self.ct
        op = m.op
        e = _Emitter(Builder(InsertionPoint.before(self.fill), op.location))
        self.sizes = {d: self._loop_size(e, d) for d in range(len(op.iterators()))}
        self.width = m.static_size(m.j)
        self.unrolled = self._unrolled_loops()
        self.looped = [k for k in m.ks if k not in self.unrolled]
        channels = m.static_size(m.i)
        self.ragged = channels is None or channels % ct.mr != 0  # a last block past F
        F = self.sizes[m.i]
        self._compute(e, e.ceildiv(F, ct.mr), F)
        self.fill.erase()
        if self.epilogue is not None:
            self.epilogue.op.erase()
        op.erase()

    def _unrolled_loops(self) -> list[int]:
        """The trailing reduction loops with static sizes whose product stays within
        UNROLL_LIMIT (the first reduction loop always stays a loop)."""
        unrolled: list[int] = []
        product = 1
        for k in reversed(self.m.ks[1:]):
            size = self.m.static_size(k)
            if size is None or product * size > UNROLL_LIMIT:
                break
            product *= size
            unrolled.insert(0, k)
        return unrolled

    def _nest(self, e: _Emitter, loops: list[int], at: dict, inits: list, body) -> list:
        """Loops over `loops` (outermost first) carrying `inits`; `body(e, at, args)`."""
        if not loops:
            return body(e, at, inits)
        loop, rest = loops[0], loops[1:]
        return _for(e, e.const(0), self.sizes[loop], e.const(1), inits,
                    lambda fe, iv, args: self._nest(fe, rest, {**at, loop: iv}, args, body))

    # --- compute ---------------------------------------------------------------------------
    def _compute(self, e: _Emitter, blocks, F) -> None:
        m, ct = self.m, self.ct
        per_row = -(-self.width // ct.vl)
        positions = e.const(per_row)
        for d in m.batch:
            positions = e.mul(positions, self.sizes[d])
        tiles = e.ceildiv(positions, ct.nv)
        self._parallel_nest(e, [tiles, blocks],
                            lambda be, ivs: self._tile(be, *ivs, positions, per_row, F))

    def _vector_at(self, e: _Emitter, p, per_row: int) -> dict:
        """The batch loops' values and ow0 of vector position `p` of the grid."""
        m, vl = self.m, self.ct.vl
        at = {m.j: e.min(e.mul(e.op(arith.RemSIOp, p, per_row), vl), self.width - vl)}
        rest = e.op(arith.DivSIOp, p, per_row)
        for n, d in enumerate(reversed(m.batch)):
            outermost = n == len(m.batch) - 1
            at[d] = rest if outermost else e.op(arith.RemSIOp, rest, self.sizes[d])
            if not outermost:
                rest = e.op(arith.DivSIOp, rest, self.sizes[d])
        return at

    def _tile(self, e: _Emitter, t, fb, positions, per_row: int, F) -> None:
        """One MR x NV block: the accumulators over all reduction loops, then stored. Rows
        past F read W's last row (their sums are not stored)."""
        m, ct = self.m, self.ct
        last = e.sub(positions, 1)
        vectors = [self._vector_at(e, e.min(e.add(e.mul(t, ct.nv), v), last), per_row)
                   for v in range(ct.nv)]  # fmt: skip
        f0 = e.mul(fb, ct.mr)
        channels = [e.add(f0, r) if r else f0 for r in range(ct.mr)]
        last_channel = e.sub(F, 1)
        sources = [e.min(f, last_channel) for f in channels] if self.ragged else channels
        zero = self._zero_vector(e)
        window = [range(self.m.static_size(k)) for k in self.unrolled]
        unrolled_points = list(itertools.product(*window))

        def step(se: _Emitter, at: dict, accs: list) -> list:
            for point in unrolled_points:
                at_point = {**at, **{k: se.const(v) for k, v in zip(self.unrolled, point)}}
                rows = [se.b.create(vector.LoadOp, m.b, self._indices(se.b, 1, {**at_point, **v}),
                                    result_types=[self.vector_type]).result
                        for v in vectors]  # fmt: skip
                out = []
                for r, f in enumerate(sources):
                    where = self._indices(se.b, 0, {**at_point, m.i: f})
                    w = se.b.create(memref.LoadOp, m.a, where).result
                    w = se.b.create(vector.BroadcastOp, w, result_types=[self.vector_type]).result
                    out += [se.b.create(vector.FMAOp, w, x, accs[r * ct.nv + v]).result
                            for v, x in enumerate(rows)]  # fmt: skip
                accs = out
            return accs

        accs = self._nest(e, self.looped, {}, [zero] * (ct.mr * ct.nv), step)
        for r, f in enumerate(channels):

            def store(se: _Emitter, r=r, f=f) -> list:
                where = [self._indices(se.b, 2, {**at, m.i: f}) for at in vectors]
                row = accs[r * ct.nv : (r + 1) * ct.nv]
                for indices, value in zip(where, self._finish(se, None, where, row,
                                                              [None] * ct.nv)):  # fmt: skip
                    se.b.create(vector.StoreOp, value, m.c, indices)
                return []

            if self.ragged:
                _if(e.b, e.cmp(_SLT, f, F), [], store)
            else:
                store(e)


def lower_convolution(match: Contraction, fill: GenericOp | None, epilogue: Epilogue | None,
                      options) -> bool:  # fmt: skip
    """Lower `match` (and its epilogue, applied to the accumulators as they are stored) as
    a register-blocked direct convolution when it is one this module handles; False leaves
    it alone.
    `options`: the `tensor-tile-contractions` pass (its non-zero `mr`, `nr` and
    `vector_bits` replace the heuristic's)."""
    element_bits = match.c.type.element_type.width
    vector_bits = options.vector_bits or host_vector_bits()
    tiles = choose_conv_tiles(match.static_size(match.i), vector_bits, element_bits)
    nv = -(-options.nr // tiles.vl) if options.nr else tiles.nv
    tiles = ConvTiles(options.mr or tiles.mr, nv, tiles.vl)
    if not is_direct_convolution(match, fill, tiles.vl):
        return False
    ConvolutionLowering(match, tiles, options.parallel, fill, epilogue).lower()
    return True
