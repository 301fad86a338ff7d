"""Direct convolutions for `tensor-tile-contractions`: the output computed in MR x NV-vector
register blocks over all input channels, the image's rows and the weights read in place.

A convolution generic `C[n, f, oh, ow] = sum W[f, c, kh, kw] * X[n, c, oh*s + kh*d, ow + kw*e]`
right after a zero fill of C (the form `graph-legalize` gives ONNX Conv, the input padded
beforehand) becomes:

    scf.parallel (t, fb) over tiles of NV vectors x blocks of MR output channels:
      vector v of the tile: position p = t*NV + v of the (batch loops..., ow / VL) grid,
        decoded to n, oh and ow0 = min(u*VL, Wo - VL) (or of a flat grid, see below)
      MR x NV accumulators, zero; for c, kh, kw: NV `vector.load`s of X's rows at
        (n, c, oh*s + kh*d, ow0 + kw*e), MR scalars W[fb*MR + r, c, kh, kw] broadcast,
        MR*NV `vector.fma`s
      stored to C through the epilogue, if any (rows past F skipped)

Deliberate choices, each measured on the ResNet block's 64 -> 64 3x3 conv on 56 x 56:
- Vectors, not rows, are the unit of the ow tiling: a row of Wo = 56 is 7 vectors of 8 with
  nothing masked, and a tile's vectors may run into the next row (or batch), so no width
  wastes lanes. When VL does not divide Wo (56 with AVX-512's 16 lanes), C's rows follow
  each other in memory and its row loop is a batch loop, the vectors run on across rows
  (a flat grid of ceil(Ho*Wo / VL) vectors per image, `_flat_rows_loop`): a vector's first
  Wo - ow0 lanes are row oh's, the rest row oh + 1's first columns, each part read from the
  image by a masked load (the second at column ow0 - Wo of the next row, merged into the
  first; the padded image's rows are longer than C's). C, and the epilogue's inputs along
  its rows, are seen through views with rows and columns collapsed into one dim
  (`memref.collapse_shape`), so each vector is stored, and its epilogue applied, once and
  whole; only when an epilogue input is laid out otherwise is it stored in two masked parts.
  Measured on the ResNet block (Zen 4, AVX-512, 2 threads): 2.18-2.26 ms instead of
  2.43-2.48 with 4 vectors of 16 per row of 56 (3.5 of them useful), onnxruntime 2.22;
  VL = 8 instead ran 2.43. Storing whole vectors halved the epilogue's code: the block compiles
  in 0.38-0.42 s instead of 0.45-0.49. Reading the image and the weights through flat views
  too (one add per load instead of the index linearization) saved LLVM as much time as it
  cost the Python passes, and was left out. So was a grid over the image's rows (rows of
  58 unaligned, positions `oh * 58 + ow`, 2 of 58 computed for nothing): one plain load per
  vector and window point, but each vector stored in two masked parts; it compiled in the
  same time and ran 3.7% slower (2.13 against 2.06 ms). Otherwise (and for the last vector
  of each image) the vector is moved left to end at the row's (the image's) end, recomputing
  a few columns with the same sums: stores are idempotent because the accumulators start
  at zero (hence the zero fill is required) and the tile's last positions clamp to the
  grid's last one for the same reason.
- MR and NV are picked for the fewest padded output channels among register blocks that
  fit the SIMD registers (MR*NV accumulators + NV image vectors + a broadcast): F = 64 takes
  4 x 3 vectors, F = 48 takes 6 x 2; with AVX-512's 32 registers F = 64 takes 8 x 3 (4 x 6
  and 6 x 4 ran 10-25% slower on Zen 4).
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
- The window's loops stay loops: LLVM unrolls the innermost (kw of a 3x3 window) itself.
  Unrolling them here while the window has at most 32 points (the first version) ran no
  faster and made the lowering, and LLVM, handle 9 copies of the MR*NV FMAs: the ResNet
  block compiled in 0.43 s instead of 0.31 (medians of 8, interleaved), and ran 2.12
  against 2.13 ms. A 5x5 conv (32 channels, 32 x 32, batch 8) ran 3.97 ms unrolled and
  2.07 rolled.

An output width below one vector goes to `conv_wide_grid` (vectors along the image's plane)
when its image's rows are shorter than a vector too, with static sizes and unit stride along
them. Not handled here, left to the unpacked lowering of `tensor-tile-contractions` (or, for
strided widths, which that does not read in place either, to `convert-tensor-to-loops`): no
zero fill to fold, an output width that is dynamic or below one vector otherwise, image maps
whose innermost index is not `ow + (window terms)`, grouped convolutions (the image's channel
depends on f) and weights read at anything but plain loop indices.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import arith, memref, vector
from mlc.dialects.memref.layout import strides_and_offset
from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.affine import AffineBinaryExpr, AffineDimExpr, AffineExprKind
from mlc.ir.attributes import IntegerAttr
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.types import i1
from mlc.ir.values import Value
from mlc.passes.buffers import collapse_trailing
from mlc.passes.contraction_epilogue import Epilogue, apply_epilogue, collapse_rows
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


@dataclass(frozen=True)
class ConvTiles:
    """A register block of MR output channels x NV vectors of VL outputs along ow."""

    mr: int
    nv: int
    vl: int


def register_blocks(vector_bits: int) -> list[tuple[int, int]]:
    """The (MR, NV) blocks that fit the SIMD registers, the most rows first."""
    return [(8, 3), (6, 4), (4, 6)] if vector_bits >= 512 else [(6, 2), (4, 3)]


def choose_conv_tiles(channels: int | None, vector_bits: int, element_bits: int) -> ConvTiles:
    """The register block with the fewest padded channels (then the most rows) among those
    whose MR*NV accumulators, NV image vectors and one broadcast fit 16 SIMD registers (32
    with AVX-512)."""
    vl = max(vector_bits // element_bits, 1)
    blocks = register_blocks(vector_bits)
    if channels is None:
        return ConvTiles(*blocks[0], vl)

    def waste(block: tuple[int, int]) -> tuple[int, int]:
        mr = block[0]
        return (-channels) % mr, -mr

    return ConvTiles(*min(blocks, key=waste), vl)


def with_options(tiles: ConvTiles, options) -> ConvTiles:
    """`tiles` with the pass options' non-zero `mr` and `nr` (rounded up to whole vectors)
    in place of the heuristic's."""
    nv = -(-options.nr // tiles.vl) if options.nr else tiles.nv
    return ConvTiles(options.mr or tiles.mr, nv, tiles.vl)


def innermost_window(expr, j: int, ks: list[int]) -> bool:
    """`expr` is `ow + g(window loops)` with ow the loop `j`."""
    if expr == AffineDimExpr(j):
        return True
    if not isinstance(expr, AffineBinaryExpr) or expr.kind is not AffineExprKind.ADD:
        return False
    for ow, rest in ((expr.lhs, expr.rhs), (expr.rhs, expr.lhs)):
        if ow == AffineDimExpr(j) and dims_used(rest) <= set(ks):
            return True
    return False


def direct_form(match: Contraction, fill: GenericOp | None) -> bool:
    """`match` after a zero fill reads the weights at plain loops (f and the reductions)
    and the image at the batch loops and `ow + (window terms)` along its rows, not at f."""
    if fill is None or match.packable() or None in match.dims[0]:
        return False
    used_w = set(match.dims[0])
    used_x = set().union(*(dims_used(e) for e in match.maps[1].results))
    if used_w != {match.i, *match.ks} or match.i in used_x:
        return False
    if any(d not in used_x for d in match.batch):
        return False
    return innermost_window(match.maps[1].results[-1], match.j, match.ks)


def is_direct_convolution(match: Contraction, fill: GenericOp | None, vl: int) -> bool:
    """`match` is a convolution this module lowers (see the module docstring)."""
    width = match.static_size(match.j)
    return direct_form(match, fill) and width is not None and width >= vl


@dataclass
class _VectorAt:
    """A vector position of the grid: the loop values of its first lane and, in a flat grid
    (vectors running on across C's rows), those of the next row's part with the masks of
    the lanes in each row."""

    at: dict
    then: dict | None = None
    in_row: Value | None = None
    next_row: Value | None = None
    # lane 0's position: in C's collapsed rows (flat grid), in the image's plane (wide grid)
    start: Value | None = None


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
        channels = m.static_size(m.i)
        self.ragged = channels is None or channels % ct.mr != 0  # a last block past F
        F = self.sizes[m.i]
        self._compute(e, e.ceildiv(F, ct.mr), F)
        self.fill.erase()
        if self.epilogue is not None:
            self.epilogue.op.erase()
        op.erase()

    def _nest(self, e: _Emitter, loops: list[int], at: dict, inits: list, body) -> list:
        """Loops over `loops` (outermost first) carrying `inits`; `body(e, at, args)`."""
        if not loops:
            return body(e, at, inits)
        loop, rest = loops[0], loops[1:]
        return _for(e, e.const(0), self.sizes[loop], e.const(1), inits,
                    lambda fe, iv, args: self._nest(fe, rest, {**at, loop: iv}, args, body))

    # --- compute ---------------------------------------------------------------------------
    def _compute(self, e: _Emitter, blocks, F) -> None:
        ct = self.ct
        self.rows_loop = self._flat_rows_loop()
        self.rows_view = self.rows_epilogue = None
        if self.rows_loop is None:
            per_image = e.const(-(-self.width // ct.vl))
        else:
            plane = e.mul(self.sizes[self.rows_loop], self.width)
            self.last_start = e.sub(plane, ct.vl)
            per_image = e.ceildiv(plane, ct.vl)
            self.rows_view, self.rows_epilogue = self._collapse_rows(e)
        self._tiles(e, blocks, F, per_image)

    def _tiles(self, e: _Emitter, blocks, F, per_image) -> None:
        """The parallel loop over the grid's tiles (`per_image` vectors per point of the
        grid's batch loops) and the `blocks` of output channels."""
        positions = per_image
        for d in self._grid_loops():
            positions = e.mul(positions, self.sizes[d])
        tiles = e.ceildiv(positions, self.ct.nv)
        self._parallel_nest(e, [tiles, blocks],
                            lambda be, ivs: self._tile(be, *ivs, positions, per_image, F))

    def _flat_rows_loop(self) -> int | None:
        """The loop of C's rows (its dim before the width) when vectors run on across rows:
        VL does not divide the width (a row of 56 would take 4 vectors of 16 for 3.5), C's
        rows follow each other in memory (its stride there is the width) and its
        epilogue's inputs are read along C's rows or not at all, as `match_epilogue`
        ensures. Else None: each row starts a vector."""
        m = self.m
        rows = m.dims[2][-2]  # C has at least the dims of i and j
        if self.width % self.ct.vl == 0 or rows not in m.batch:
            return None
        strides, _ = strides_and_offset(m.c.type)
        return rows if strides[-1] == 1 and strides[-2] == self.width else None

    def _collapse_rows(self, e: _Emitter) -> tuple:
        """In a flat grid, C's view with its rows and columns as one dim and the epilogue
        over it (its inputs along C's rows seen likewise), so that a vector running on into
        the next row is stored (and its epilogue read) whole; (None, None) when an input of
        the epilogue does not allow it (each vector is then stored in two masked parts)."""
        epilogue = None
        if self.epilogue is not None:
            epilogue = collapse_rows(e.b, self.epilogue, self.m.c.type.rank, self.width)
            if epilogue is None:
                return None, None
        return collapse_trailing(e.b, self.m.c, 2), epilogue

    def _grid_loops(self) -> list[int]:
        """The batch loops whose points each hold a grid of vector positions."""
        return [d for d in self.m.batch if d != self.rows_loop]

    def _vector_at(self, e: _Emitter, p, per_image) -> _VectorAt:
        """Where vector position `p` of the grid is: the batch loops' values and ow0 (with
        the continuation in the next row, flat grids only)."""
        m, vl, width = self.m, self.ct.vl, self.width
        image = e.op(arith.RemSIOp, p, per_image)
        if self.rows_loop is None:
            at = {m.j: e.min(e.mul(image, vl), width - vl)}
        else:
            start = e.min(e.mul(image, vl), self.last_start)
            at = {self.rows_loop: e.op(arith.DivSIOp, start, width),
                  m.j: e.op(arith.RemSIOp, start, width)}  # fmt: skip
        self._decode_grid(e, e.op(arith.DivSIOp, p, per_image), at)
        if self.rows_loop is None:
            return _VectorAt(at)
        return self._continued(e, at, start)

    def _decode_grid(self, e: _Emitter, rest: Value, at: dict) -> None:
        """The batch loops' values of grid point `rest` (an image's index) into `at`."""
        grid = self._grid_loops()
        for n, d in enumerate(reversed(grid)):
            outermost = n == len(grid) - 1
            at[d] = rest if outermost else e.op(arith.RemSIOp, rest, self.sizes[d])
            if not outermost:
                rest = e.op(arith.DivSIOp, rest, self.sizes[d])

    def _continued(self, e: _Emitter, at: dict, start: Value) -> _VectorAt:
        """A flat grid's vector at `at`: its first `width - ow0` lanes in row oh, the rest
        (if any) at the start of row oh + 1, read and written as that row's columns from
        ow0 - width on (masked; the row is clamped to the last for vectors that stop in
        their row, whose second mask is empty)."""
        m, rows = self.m, self.rows_loop
        in_row = e.b.create(vector.CreateMaskOp, [e.sub(e.const(self.width), at[m.j])],
                            result_types=[self.mask_type]).result  # fmt: skip
        true = e.b.create(arith.ConstantOp, IntegerAttr(1, i1)).result
        all_lanes = e.b.create(vector.BroadcastOp, true, result_types=[self.mask_type]).result
        next_row = e.b.create(arith.XOrIOp, in_row, all_lanes).result
        last_row = e.sub(self.sizes[rows], 1)
        then = {**at, rows: e.min(e.add(at[rows], 1), last_row), m.j: e.sub(at[m.j], self.width)}
        return _VectorAt(at, then, in_row, next_row, start)

    def _tile(self, e: _Emitter, t, fb, positions, per_image, F) -> None:
        """One MR x NV block: the accumulators over all reduction loops, then stored. Rows
        past F read W's last row (their sums are not stored)."""
        m, ct = self.m, self.ct
        last = e.sub(positions, 1)
        vectors = [self._vector_at(e, e.min(e.add(e.mul(t, ct.nv), v), last), per_image)
                   for v in range(ct.nv)]  # fmt: skip
        f0 = e.mul(fb, ct.mr)
        channels = [e.add(f0, r) if r else f0 for r in range(ct.mr)]
        last_channel = e.sub(F, 1)
        sources = [e.min(f, last_channel) for f in channels] if self.ragged else channels
        zero = self._zero_vector(e)

        def step(se: _Emitter, at: dict, accs: list) -> list:
            rows = [self._image_vector(se, at, v, zero) for v in vectors]
            out = []
            for r, f in enumerate(sources):
                w = se.b.create(memref.LoadOp, m.a, self._indices(se.b, 0, {**at, m.i: f})).result
                w = se.b.create(vector.BroadcastOp, w, result_types=[self.vector_type]).result
                out += [se.b.create(vector.FMAOp, w, x, accs[r * ct.nv + v]).result
                        for v, x in enumerate(rows)]  # fmt: skip
            return out

        accs = self._nest(e, m.ks, {}, [zero] * (ct.mr * ct.nv), step)
        for r, f in enumerate(channels):
            row = accs[r * ct.nv : (r + 1) * ct.nv]
            if self.ragged:
                _if(e.b, e.cmp(_SLT, f, F), [],
                    lambda se, f=f, row=row: self._store(se, f, vectors, row))  # fmt: skip
            else:
                self._store(e, f, vectors, row)

    def _image_vector(self, e: _Emitter, at: dict, v: _VectorAt, zero: Value) -> Value:
        """The image's vector for vector position `v` at the reduction loops' values `at`:
        one load, or in a flat grid two masked ones merged."""
        m = self.m
        if v.then is None:
            return e.b.create(vector.LoadOp, m.b, self._indices(e.b, 1, {**at, **v.at}),
                              result_types=[self.vector_type]).result  # fmt: skip
        x = zero
        for where, mask in ((v.at, v.in_row), (v.then, v.next_row)):
            x = e.b.create(vector.MaskedLoadOp, m.b, self._indices(e.b, 1, {**at, **where}),
                           mask, x, result_types=[self.vector_type]).result  # fmt: skip
        return x

    def _store(self, e: _Emitter, f: Value, vectors: list[_VectorAt], row: list[Value]) -> list:
        """Channel f's accumulators `row` stored to C through the epilogue: whole vectors
        (through `rows_view` in a flat grid that has one), else each part of a vector
        running on into the next row masked."""
        m = self.m
        if self.rows_view is not None:
            stores = [(self.rows_view, self.rows_epilogue,
                       [*self._indices(e.b, 2, {**v.at, m.i: f})[:-2], v.start], None, value)
                      for v, value in zip(vectors, row)]  # fmt: skip
        else:
            parts = [(v.at, v.in_row) for v in vectors]
            if self.rows_loop is not None:
                parts += [(v.then, v.next_row) for v in vectors]
                row = row + row
            stores = [(m.c, self.epilogue, self._indices(e.b, 2, {**at, m.i: f}), mask, value)
                      for (at, mask), value in zip(parts, row)]  # fmt: skip
        for memory, epilogue, indices, mask, value in stores:
            if epilogue is not None:
                value = apply_epilogue(e.b, epilogue, indices, value, mask)
            if mask is None:
                e.b.create(vector.StoreOp, value, memory, indices)
            else:
                e.b.create(vector.MaskedStoreOp, memory, indices, mask, value)
        return []


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
    if not is_direct_convolution(match, fill, tiles.vl):
        from mlc.passes.conv_wide_grid import lower_wide_grid  # imports this module

        return lower_wide_grid(match, fill, epilogue, options, vector_bits)
    ConvolutionLowering(match, with_options(tiles, options), options.parallel, fill,
                        epilogue).lower()  # fmt: skip
    return True
