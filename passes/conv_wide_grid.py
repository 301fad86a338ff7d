"""Direct convolutions of images whose rows are shorter than a vector: `conv_schedule`'s
register blocks on a grid along the image's plane (ResNet's 7 x 7 stages with AVX-512).

`conv_schedule` puts a vector's lanes on C's rows. A row of Wo < VL outputs would leave
lanes idle in every FMA (the unpacked lowering, one masked vector per row, ran a 3x3 conv
512 -> 512 on 7 x 7 at 98 GFLOP/s: 7 of 16 lanes useful). Here vectors run along the
padded image as it lies in memory, a plane of rows of S columns (`graph-legalize` leaves
rows this short unaligned, see `graph_kernels/linalg.py`): position `p = oh*S + ow` for
the output's oh and ow, the S - Wo positions past each row's end computed for nothing (7
of 9 useful at 7 x 7). A window point reads the image at `p + kh*d*S + kw*e` for all of a
vector's lanes at once: one plain vector load, however many rows the vector spans.

    scratch = alloc [batch..., F, Ho*S]
    scf.parallel (t, fb) over tiles of NV vectors x blocks of MR output channels:
      vector v of the tile: position t*NV + v of the (batch loops..., vectors) grid, its
        start `min(u*VL, last)` in the plane (the last one moved left so that its reads
        end in the image's plane, recomputing a few positions with the same sums)
      the accumulators over c, kh, kw as in `conv_schedule`, stored whole to the scratch
    scf.parallel (batch..., f, oh): C[.., f, oh, 0:Wo] = epilogue(scratch[.., f, oh*S:])
      as one masked vector per row

The register block is the one computing the fewest vectors (padded channels times padded
positions): a 7 x 7 image takes 4 vectors of 16, which 6 x 4 computes once and 8 x 3
would compute 6 times over two tiles.

Measured on Zen 4 (AVX-512, 2 threads), a 3x3 conv 512 -> 512 on 7 x 7 with bias and relu:
1.42 ms (163 GFLOP/s) instead of 2.42 (95). onnxruntime runs it in 1.00 ms: its kernels
vectorize along the output channels (NCHWc), which wastes no lanes on any image; that,
with the weights packed along f, is the way past the 7-of-9 bound here.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import arith, memref, vector
from mlc.dialects.memref.layout import strides_and_offset
from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.attributes import IntegerAttr
from mlc.ir.types import DYNAMIC, MemRefType, i64
from mlc.ir.values import Value
from mlc.passes.buffers import collapse_trailing
from mlc.passes.contraction_epilogue import Epilogue, apply_epilogue
from mlc.passes.conv_schedule import (
    ConvolutionLowering,
    ConvTiles,
    _VectorAt,
    direct_form,
    innermost_window,
    register_blocks,
    with_options,
)
from mlc.passes.tensor_schedule import Contraction, _Emitter


@dataclass(frozen=True)
class Plane:
    """The image's plane as the wide grid sees it (static sizes, in elements)."""

    stride: int  # S: the image's row length
    used: int  # the positions the output needs: (Ho - 1) * S + Wo
    last_start: int  # the largest vector start whose reads stay in the image's plane
    size: int  # the scratch's plane: Ho * S, or more for the last vector's store


def wide_plane(match: Contraction, fill: GenericOp | None, vl: int) -> Plane | None:
    """The plane of the wide grid when it applies to `match`, else None: a direct
    convolution (`direct_form`) at unit stride along the image's rows too, static sizes,
    the image's rows contiguous and shorter than a vector."""
    rows = match.dims[2][-2] if len(match.dims[2]) > 2 else None
    if not direct_form(match, fill) or rows is None or rows not in match.batch:
        return None
    row_expr, column_expr = match.maps[1].results[-2:]
    if not innermost_window(row_expr, rows, match.ks):
        return None
    image = match.b.type
    height, stride = image.shape[-2:]
    strides, _ = strides_and_offset(image)
    window = [match.static_size(k) for k in match.ks]
    out_rows, width = match.static_size(rows), match.static_size(match.j)
    if None in (out_rows, width, *window) or DYNAMIC in (height, stride) or stride >= vl:
        return None
    if strides[-1] != 1 or strides[-2] != stride:
        return None
    point = [0] * len(match.op.iterators())  # the window's farthest point at oh = ow = 0
    for k, size in zip(match.ks, window):
        point[k] = size - 1
    farthest = row_expr.evaluate(point) * stride + column_expr.evaluate(point)
    last_start = height * stride - vl - farthest
    if last_start < 0:
        return None
    size = max(out_rows * stride, last_start + vl)
    return Plane(stride, (out_rows - 1) * stride + width, last_start, size)


def _fewest_vectors(match: Contraction, vector_bits: int, vl: int, plane: Plane) -> ConvTiles:
    """The register block computing the fewest vectors (module doc)."""
    positions = -(-plane.used // vl)
    for d in match.batch:
        if d != match.dims[2][-2]:
            positions *= match.static_size(d) or 1
    channels = match.static_size(match.i) or 1

    def work(block: tuple[int, int]) -> tuple[int, int]:
        mr, nv = block
        return -(-positions // nv) * nv * -(-channels // mr) * mr, -mr

    return ConvTiles(*min(register_blocks(vector_bits), key=work), vl)


def lower_wide_grid(match: Contraction, fill: GenericOp | None, epilogue: Epilogue | None,
                    options, vector_bits: int) -> bool:  # fmt: skip
    """Lower `match` on the wide grid if it applies (`wide_plane`); False leaves it alone.
    `options` as for `conv_schedule.lower_convolution`."""
    vl = max(vector_bits // match.c.type.element_type.width, 1)
    plane = wide_plane(match, fill, vl)
    if plane is None:
        return False
    tiles = with_options(_fewest_vectors(match, vector_bits, vl, plane), options)
    WideGridConvolution(match, tiles, options.parallel, fill, epilogue, plane).lower()
    return True


class WideGridConvolution(ConvolutionLowering):
    """The wide grid's lowering of one convolution (module doc): `ConvolutionLowering`'s
    tiles and register blocks, with vectors placed, read and stored along the plane."""

    def __init__(self, match: Contraction, tiles: ConvTiles, parallel: bool, fill: GenericOp,
                 epilogue: Epilogue | None, plane: Plane) -> None:  # fmt: skip
        super().__init__(match, tiles, parallel, fill, epilogue)
        self.plane = plane

    def _compute(self, e: _Emitter, blocks, F) -> None:
        self.rows_loop = self.m.dims[2][-2]
        self.image = collapse_trailing(e.b, self.m.b, 2)
        self.scratch = self._scratch(e)
        self.last_start = e.const(self.plane.last_start)
        self._tiles(e, blocks, F, e.const(-(-self.plane.used // self.ct.vl)))
        self._copy_out(e)
        e.b.create(memref.DeallocOp, self.scratch)

    def _scratch(self, e: _Emitter) -> Value:
        """C's sums before the epilogue: C's shape with its rows and columns one plane."""
        c = self.m.c
        shape = (*c.type.shape[:-2], self.plane.size)
        sizes = [e.b.create(memref.DimOp, c, e.const(d)).result
                 for d, size in enumerate(shape[:-1]) if size == DYNAMIC]  # fmt: skip
        return e.b.create(memref.AllocOp, sizes, memref=MemRefType(shape, self.element),
                          alignment=IntegerAttr(64, i64)).result  # fmt: skip

    def _vector_at(self, e: _Emitter, p, per_image) -> _VectorAt:
        """Vector position `p`: the batch loops' values and its start in the plane, standing
        for ow with oh at 0 (the image's indices at them are the plane's row and column)."""
        start = e.min(e.mul(e.op(arith.RemSIOp, p, per_image), self.ct.vl), self.last_start)
        at = {self.rows_loop: e.const(0), self.m.j: start}
        self._decode_grid(e, e.op(arith.DivSIOp, p, per_image), at)
        return _VectorAt(at, start=start)

    def _image_vector(self, e: _Emitter, at: dict, v: _VectorAt, zero: Value) -> Value:
        *outer, row, column = self._indices(e.b, 1, {**at, **v.at})
        flat = e.add(e.mul(row, self.plane.stride), column)
        return e.b.create(vector.LoadOp, self.image, [*outer, flat],
                          result_types=[self.vector_type]).result  # fmt: skip

    def _store(self, e: _Emitter, f: Value, vectors: list[_VectorAt], row: list[Value]) -> list:
        for v, value in zip(vectors, row):
            outer = self._indices(e.b, 2, {**v.at, self.m.i: f})[:-2]
            e.b.create(vector.StoreOp, value, self.scratch, [*outer, v.start])
        return []

    def _copy_out(self, e: _Emitter) -> None:
        """C's rows from the scratch through the epilogue, one masked vector each."""
        m = self.m
        loops = [*self._grid_loops(), m.i, self.rows_loop]

        def row(be: _Emitter, ivs: list) -> None:
            indices = self._indices(be.b, 2, {**dict(zip(loops, ivs)), m.j: be.const(0)})
            mask = be.b.create(vector.CreateMaskOp, [be.const(self.width)],
                               result_types=[self.mask_type]).result  # fmt: skip
            start = be.mul(indices[-2], self.plane.stride)
            x = be.b.create(vector.MaskedLoadOp, self.scratch, [*indices[:-2], start], mask,
                            self._zero_vector(be), result_types=[self.vector_type]).result
            if self.epilogue is not None:
                x = apply_epilogue(be.b, self.epilogue, indices, x, mask)
            be.b.create(vector.MaskedStoreOp, m.c, indices, mask, x)

        self._parallel_nest(e, [self.sizes[d] for d in loops], row)
