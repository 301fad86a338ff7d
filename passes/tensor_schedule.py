"""`tensor-tile-contractions`: buffer-form matmul-like `tensor.generic`s as cache-tiled loops
around a register-blocked `vector` micro-kernel, the GotoBLAS/BLIS scheme (and what MLIR's
`transform.structured.tile_using_for` + `pack` + `vectorize` schedules build for linalg).

A contraction `C[b.., i, j] += A[.., i, k] * B[.., k, j]` (one reduction loop `k`, one parallel
loop `i` read by A only, one `j` read by B only, other parallel loops batch loops; maps are
projected permutations, C's innermost dim is `j` with unit stride; f32 or f64; the body a
`mulf` and an `addf`; the inputs in either order) becomes, per batch point:

    Bp[jp, k, 0:NR] = B[k, jp*NR + 0:NR]        packed once, zero-padded, scf.parallel over jp
    scf.parallel ib over row blocks of MC rows (each thread its own packed A buffer):
      for pc in K step KC:
        Ap[q, r, 0:kc] = A[i0 + q*MR + r, pc:pc + kc]  rows past M repeat row M - 1
        for jp in panels:  for q in MR-row blocks of the MC rows:
          MR x NR accumulators (NR/VL vectors per row) loaded from C, or zero on the first
          KC block when C was just zero-filled; over k: NR/VL `vector.load`s of Bp, MR
          scalar loads of Ap `vector.broadcast`, MR*NR/VL `vector.fma`s; then stored to C.

A constant B (a constant global, read plainly: `B[k, j]` or `B[j, k]`) has its panels
packed at compile time (`passes/packed_constants.py`), whatever M: even for a single row,
where B's rows read in place lie N floats apart (2 KiB for 512 columns, two rows per page,
which the hardware prefetcher follows badly) and the panels are one stream each; measured
on Zen 4, the batch-1 MLP with its weights as constants ran 29 us instead of 45. For more
than one but at most `DIRECT_ROW_BLOCKS` blocks of MR rows, the unpacked lowering below
reads those panels in their place (no packed A, no k blocks): on Zen 4 the MLP at batch
64 from ONNX ran 0.42 ms instead of 0.47 and the encoder layer 1.17 instead of 1.43,
compiling in 0.73 s instead of 1.11.

When M is static and fits one row block (M <= MC: an MLP's batch of 64), B is not packed
beforehand: inside each `(ib, column block)` task, for each k block and panel, the KC x NR
block of B is copied into the task's own buffer right before the micro-kernels of all the
row blocks use it.

When there are a few rows only (M static and equal to MR: matrix-vector products, batch-1
layers, B not a constant; or at most `DIRECT_ROW_BLOCKS` blocks of MR rows, where reading
B's panels in place once per row block costs less than packing them at run time), and for
contractions whose maps packing does not handle (several reductions, `oh + kh` indices:
convolutions `C[n, f, oh, ow] += W[f, c, kh, kw] * X[n, c, oh + kh, ow + kw]`, where W
plays A and the image B, read along `ow`), nothing is packed: one `scf.parallel` over the
batch loops, the MR-row blocks and the NR-column panels, each an MR x NR block of
accumulators over all the reduction loops, reading A's scalars and B's rows in place (rows
past M read row M - 1 and are not stored). A `vector.load` of B that straddles two cache
lines costs about two, and half of them do when B's rows start 16 bytes off a 32-byte
boundary (numpy aligns its arrays to 16 bytes; mlc's buffers and constants are 64-byte
aligned), all of them with AVX-512's 64-byte vectors. So with `align-b` (`auto`, the
default: on where vectors are 64 bytes; the first panel's extra loop body makes LLVM's work
about twice as much: on AVX2 an MLP at batch 1 compiled in 0.49 s instead of 0.27 s for
5-10% faster calls on misaligned weights, on Zen 4's AVX-512 in 0.35 s instead of 0.18 s
for 30% faster ones, 41-43 us instead of 56-61), when B is read along j, its rows may all
start equally far from a vector boundary (every static stride but the innermost a whole
number of VL) and a vector more of accumulators per row fits the registers, the panels
start P columns later: P (0 to VL - 1; 0 when no whole panel would follow) is computed at
run time from the address of B's first element (`memref.extract_aligned_pointer_as_index`
plus the offset), all the panels' loads of B are then aligned, and the first panel's block
also computes columns 0 to P - 1, a masked vector more of accumulators in the same loop.

Edges cost nothing inside the k loop: B's packed panels are zero-padded to NR, A's row
blocks padded to MR with copies of row M - 1 whose results are neither loaded from nor
stored to C (`scf.if` per row), and columns past N are masked
(`vector.maskedload`/`maskedstore` on the last panel only); static sizes that fill whole
MR-row blocks or NR-column panels get no such code at all (but for panels shifted by P,
whose last one may be partial). Sizes may be dynamic (`memref.dim`). A `tensor.generic`
that fills C with 0 right before the contraction is folded into it (accumulators start at
zero), and an element-wise one that updates C in place right after it (bias, activation,
residual: `graph-fuse-kernels` leaves them so) is applied to the accumulators as they are
stored the last time (the last KC block; `contraction_epilogue`). The tile sizes come from
`choose_tile_sizes` (the host's vector width, the static shapes) unless given as options.
Other generics are left for `convert-tensor-to-loops`. Run after `bufferize`, before
`convert-tensor-to-loops`.

Deliberate difference from `convert-tensor-to-loops`: the k sum is split in KC blocks and
fused multiply-adds, so float results differ from the interpreter's by rounding.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from mlc.dialects import arith, memref, scf, vector
from mlc.dialects.memref.layout import strides_and_offset
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.vector.memory import last_dim_unit_stride
from mlc.ir.affine import AffineBinaryExpr, AffineDimExpr, AffineExprKind, AffineMap
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.types import DYNAMIC, FloatType, MemRefType, VectorType, i1, i64, index
from mlc.ir.values import Value
from mlc.passes.contraction_epilogue import Epilogue, apply_epilogue, match_epilogue
from mlc.passes.kernel_filter import kernel_generics
from mlc.passes.lower_affine import AffineExpander
from mlc.passes.packed_constants import PackedConstants
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.static_schedule import build_for
from mlc.passes.tensor_to_loops import dims_used

_SLT, _SLE, _SGE, _SGT, _EQ = (
    arith.CMPI_PREDICATES.make(arith.CMPI_PREDICATES.keywords.index(p))
    for p in ("slt", "sle", "sge", "sgt", "eq"))  # fmt: skip

# Up to this many MR-row blocks, B packed at run time is read in place instead, by the SIMD
# registers of the host (`simd_registers`). Measured with B given as an argument, 2 threads:
# - AVX2 (6 x 2 blocks), an MLP's 784-512-512-10 layers: 16 rows (3 blocks) ran 20-25%
#   faster in place and compiled 0.34 s instead of 0.41 s; 32 rows (6 blocks) as fast
#   either way; 64 rows (11 blocks) 5-10% slower in place.
# - AVX-512 (8 x 3 blocks, 48-column panels; Zen 4): in place ran faster up to 512 rows
#   (64 blocks): the MLP at batch 64 0.51 ms instead of 0.82, the encoder layer's 128-row
#   products 1.34 ms instead of 1.75 for the layer, 256 and 512 x 512 x 512 products 16% and
#   12% faster; the 1024^3 product 10% slower. Half of that bound keeps a margin.
DIRECT_ROW_BLOCKS = {16: 4, 32: 32}


# --- tile sizes --------------------------------------------------------------------------------
def _ceildiv(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class TileSizes:
    """Register block MR x NR (NR a multiple of the vector length VL), cache blocks KC (k) and
    MC (rows per parallel block, a multiple of MR), and how many parallel blocks the NR-column
    panels are split into (BLIS's NC loop on threads, for products with few rows)."""

    mr: int
    nr: int
    vl: int
    kc: int
    mc: int
    column_blocks: int = 1


def host_vector_bits() -> int:
    """The widest float SIMD register of the host: 512 with AVX-512F, 256 with AVX, else 128."""
    from mlc.codegen.llvm_backend import host_cpu_features

    features = host_cpu_features()
    return 512 if "avx512f" in features else 256 if "avx" in features else 128


def simd_registers(vector_bits: int) -> int:
    """The SIMD registers of a host with `vector_bits`-wide ones: 32 with AVX-512, else 16."""
    return 32 if vector_bits >= 512 else 16


def choose_tile_sizes(element_bits: int, m: int | None, n: int | None, k: int | None,
                      vector_bits: int, threads: int) -> TileSizes:  # fmt: skip
    """The tile sizes for an M x N x K contraction (None: dynamic). MR x NR/VL accumulators
    plus NR/VL vectors of B and a broadcast fill the SIMD registers: 6 x 2 (BLIS's Haswell
    kernel) with 16 of them, but 4 x 3 when A is packed whatever B is (more than one row
    block and more rows than `DIRECT_ROW_BLOCKS[16]` blocks, see `_PACKED_A_BLOCK`); 32
    registers of AVX-512 allow 8 x 3. A KC x NR panel of B is half of
    a 32 KiB L1 (three quarters with A packed), K split in equal KC blocks (no short last
    one); MC rows of A's KC block stay in L2. The `threads` get row blocks of M, or, when M
    has fewer MC blocks than threads (an MLP's batch of 64 rows), column blocks of the panels
    as BLIS splits its NC loop, whichever leaves the busiest thread fewer register blocks (64
    rows split in 36 + 28 give one thread 6 of the 11 MR-row blocks; two halves of the panels
    split them evenly). The tile sizes are heuristics: any choice computes the same product."""
    if vector_bits >= 512:
        return _tile_sizes(element_bits, m, n, k, vector_bits, threads, (8, 3), 16)
    tiles = _tile_sizes(element_bits, m, n, k, vector_bits, threads, (6, 2), 16)
    if m is not None and m <= max(tiles.mc, DIRECT_ROW_BLOCKS[16] * tiles.mr):
        return tiles  # one row block, or few rows that may read B in place: A not packed
    packed = _tile_sizes(element_bits, m, n, k, vector_bits, threads, *_PACKED_A_BLOCK)
    return packed if m is None or packed.mc < m else tiles


# The register block and the KiB of L1 for B's KC x NR panel with 16 SIMD registers when A
# is packed: A's packed rows are MR streams of KC floats each, read one scalar per row and
# k, next to NR/VL vector loads of B. Measured on the benchmark's 1024^3 matmul (AVX2, 2
# threads, interleaved medians against numpy's OpenBLAS): 6 x 2 with KC = 256 ran at
# 0.90-0.93x numpy's throughput, 4 x 3 (7 loads per 12 FMAs instead of 8) at 0.99-1.06x
# with KC = 256 but 0.91x with the 16 KiB panel's KC = 147. One row block (an MLP's batch of
# 64) runs 6 x 2 faster: with 4 rows, more of the panels are edge blocks.
_PACKED_A_BLOCK = ((4, 3), 24)


def _tile_sizes(element_bits: int, m: int | None, n: int | None, k: int | None,
                vector_bits: int, threads: int, block: tuple[int, int],
                panel_kib: int) -> TileSizes:  # fmt: skip
    """`choose_tile_sizes` with MR x NR/VL = `block` (narrowed for few rows or columns) and
    B's KC x NR panel about `panel_kib` KiB."""
    vl = max(vector_bits // element_bits, 1)
    registers = simd_registers(vector_bits)
    mr, vectors = block
    few_rows = m is not None and m < mr
    if few_rows:  # matrix-vector products: fewer rows, wider panels, a panel per thread
        mr = max(m, 1)
        vectors = min(8, (registers - 2) // mr)  # the accumulators, a row of B, a broadcast
    if n is not None:
        columns = _ceildiv(n, threads) if few_rows else n
        vectors = max(1, min(vectors, _ceildiv(columns, vl)))
    nr = vl * vectors
    kc = max(16, (panel_kib * 1024) // (nr * element_bits // 8))
    if k is not None:
        kc = _ceildiv(k, _ceildiv(k, max(1, min(kc, k))))
    mc = max(mr, (128 // mr) * mr)
    if m is None:
        return TileSizes(mr, nr, vl, kc, mc)
    splits = [_split(m, 1, threads * _ceildiv(m, threads * mc), mr)]  # rows only
    cache_blocks = _ceildiv(m, mc)
    if n is not None and cache_blocks < threads:  # rows per the cache, then columns
        panels = _ceildiv(n, nr)
        per_block = _ceildiv(panels, _ceildiv(threads, cache_blocks))
        column_blocks = _ceildiv(panels, per_block)  # each with panels to do
        rows = max(cache_blocks, _ceildiv(threads, column_blocks))
        splits.append(_split(m, column_blocks, rows, mr))
    panels = _ceildiv(n, nr) if n is not None else threads

    def slowest(split: tuple[int, int]) -> int:
        """Register blocks of the thread that computes the most."""
        rows, columns = split
        per_block = _ceildiv(panels, columns)
        tasks = _ceildiv(m, rows) * _ceildiv(panels, per_block)
        return _ceildiv(tasks, threads) * (rows // mr) * per_block

    mc, column_blocks = min(splits, key=slowest)
    return TileSizes(mr, nr, vl, kc, mc, column_blocks)


def _split(m: int, column_blocks: int, row_blocks: int, mr: int) -> tuple[int, int]:
    """(MC, column blocks) for `row_blocks` blocks of M rows, rounded to MR rows."""
    return max(mr, _ceildiv(_ceildiv(m, row_blocks), mr) * mr), column_blocks


# --- matching ----------------------------------------------------------------------------------
@dataclass
class Contraction:
    """A matched contraction: the loop positions of i, j, the reductions and the batch loops
    (in C's order), each operand's map, and the loop each operand dim reads plainly (None for
    an expression such as `oh + kh`)."""

    op: GenericOp
    a: Value
    b: Value
    c: Value
    maps: list[AffineMap]
    dims: list[list[int | None]]
    i: int
    j: int
    ks: list[int]
    batch: list[int]

    @property
    def k(self) -> int:
        return self.ks[-1]

    def static_size(self, loop: int) -> int | None:
        """The static size of the first operand dim that reads `loop` plainly, if any."""
        for value, dims in zip((self.a, self.b, self.c), self.dims):
            for position, d in enumerate(dims):
                if d == loop and value.type.shape[position] != DYNAMIC:
                    return value.type.shape[position]
        return None

    def packable(self) -> bool:
        """Plain maps and one reduction: the packed (BLIS) lowering applies."""
        return len(self.ks) == 1 and all(None not in d for d in self.dims)

    def b_rows_in_place(self) -> bool:
        """B's rows run along j with unit stride (`B[.., k, j]` or `X[.., oh + kh, ow + kw]`):
        the unpacked lowering reads them as vectors in place."""
        last = self.maps[1].results[-1]
        if last != AffineDimExpr(self.j) and not (
            isinstance(last, AffineBinaryExpr) and last.kind is AffineExprKind.ADD
            and AffineDimExpr(self.j) in (last.lhs, last.rhs)
        ):  # fmt: skip
            return False
        return last_dim_unit_stride(self.b.type)


def _plain_dims(m) -> list[int] | None:
    if not all(isinstance(e, AffineDimExpr) for e in m.results):
        return None
    dims = [e.position for e in m.results]
    return dims if len(set(dims)) == len(dims) else None


def _used(m: AffineMap) -> set[int]:
    return set().union(*(dims_used(e) for e in m.results))


def is_multiply_add(op: GenericOp) -> bool:
    """The body is `acc + x * y` (either operand order of both ops)."""
    block = op.regions[0].blocks[0]
    ops = list(block.ops)
    if len(ops) != 3 or len(block.args) != 3:
        return False
    mul, add, done = ops
    x, y, acc = block.args
    return (
        isinstance(mul, arith.MulFOp) and isinstance(add, arith.AddFOp)
        and {mul.operands[0], mul.operands[1]} == {x, y} and mul.operands[0] is not mul.operands[1]
        and set(add.operands) == {acc, mul.results[0]} and list(done.operands) == [add.results[0]]
    )  # fmt: skip


def match_contraction(op: GenericOp) -> Contraction | None:
    """The contraction `op` computes, or None when this pass does not handle it."""
    if not op.has_buffer_semantics() or len(op.inputs) != 2 or len(op.outputs) != 1:
        return None
    a, b, c = op.operands
    if c is a or c is b:
        return None
    types = [v.type for v in (a, b, c)]
    if not all(isinstance(t, MemRefType) for t in types):
        return None
    element = types[2].element_type
    if not isinstance(element, FloatType) or element.width not in (32, 64):
        return None
    if any(t.element_type != element for t in types) or not is_multiply_add(op):
        return None
    maps = op.maps()
    dc = _plain_dims(maps[2])
    if not dc:  # not plain, or a scalar result (a dot product): no rows, no columns
        return None
    iterators = op.iterators()
    ks = [d for d, it in enumerate(iterators) if it == "reduction"]
    parallel = [d for d, it in enumerate(iterators) if it == "parallel"]
    if not ks or len(parallel) + len(ks) != len(iterators) or sorted(dc) != parallel:
        return None
    if dc[-1] in _used(maps[0]):  # B is the operand along C's rows (conv: the image)
        a, b, maps = b, a, [maps[1], maps[0], maps[2]]
    used_a, used_b = _used(maps[0]), _used(maps[1])
    if any(k not in used_a | used_b for k in ks):
        return None
    # i and j: C's innermost loops that only A, resp. only B, reads (other loops that one
    # side only reads, as `b` of A[b, i, k] * B[k, j], become batch loops)
    only_a = [d for d in dc if d in used_a and d not in used_b]
    j = dc[-1]
    if not only_a or j not in used_b or j in used_a or not last_dim_unit_stride(types[2]):
        return None
    i = only_a[-1]
    batch = [d for d in dc if d not in (i, j)]
    dims = [[e.position if isinstance(e, AffineDimExpr) else None for e in m.results]
            for m in maps]  # fmt: skip
    match = Contraction(op, a, b, c, maps, dims, i, j, ks, batch)
    return match if match.packable() or match.b_rows_in_place() else None


def _zero_fill_of(op: GenericOp, c: Value) -> GenericOp | None:
    """The generic right before `op` when it writes 0 to all of `c` and nothing else."""
    fill = op.prev_op
    if not isinstance(fill, GenericOp) or not fill.has_buffer_semantics():
        return None
    if list(fill.operands) != [c] or any(it != "parallel" for it in fill.iterators()):
        return None
    if _plain_dims(fill.maps()[0]) != list(range(len(fill.iterators()))):
        return None
    block = fill.regions[0].blocks[0]
    yielded = block.last_op.operands[0]
    constant = yielded.owner
    if not isinstance(constant, arith.ConstantOp):
        return None
    value = constant.properties.get("value")
    return fill if isinstance(value, FloatAttr) and value.value == 0.0 else None


# --- emission ----------------------------------------------------------------------------------
class _Emitter:
    """Index arithmetic and loops at a builder."""

    def __init__(self, b: Builder) -> None:
        self.b = b

    def const(self, value: int) -> Value:
        return self.b.create(arith.ConstantOp, IntegerAttr(value, index)).result

    def op(self, op_class, lhs: Value, rhs: Value | int) -> Value:
        if isinstance(rhs, int):
            rhs = self.const(rhs)
        return self.b.create(op_class, lhs, rhs).result

    def add(self, lhs, rhs) -> Value:
        return self.op(arith.AddIOp, lhs, rhs)

    def sub(self, lhs, rhs) -> Value:
        return self.op(arith.SubIOp, lhs, rhs)

    def mul(self, lhs, rhs) -> Value:
        return self.op(arith.MulIOp, lhs, rhs)

    def min(self, lhs, rhs) -> Value:
        return self.op(arith.MinSIOp, lhs, rhs)

    def max(self, lhs, rhs) -> Value:
        return self.op(arith.MaxSIOp, lhs, rhs)

    def ceildiv(self, lhs, rhs: int) -> Value:
        """`lhs` (non-negative) divided by `rhs`, rounded up; `arith.ceildivsi` would need
        `arith-expand` before `convert-arith-to-llvm`."""
        return self.op(arith.DivSIOp, self.add(lhs, rhs - 1), rhs)

    def cmp(self, predicate, lhs, rhs) -> Value:
        if isinstance(rhs, int):
            rhs = self.const(rhs)
        return self.b.create(arith.CmpIOp, lhs, rhs, predicate=predicate).result


def _if(b: Builder, condition: Value | bool, types: list, then_body, else_body=None) -> list[Value]:
    """An `scf.if`; the bodies take an `_Emitter` and return the values to yield. A
    condition known to hold (`True`: static shapes) emits the then-body in place."""
    if condition is True:
        return list(then_body(_Emitter(b)))
    regions = []
    for body in (then_body, else_body):
        if body is None:
            regions.append(Region())
            continue
        block = Block([], [])
        inner = Builder.at_end(block, b.location)
        inner.insert(scf.YieldOp(list(body(_Emitter(inner))), loc=b.location))
        regions.append(Region([block]))
    op = scf.IfOp.create([condition], types, {}, None, regions, location=b.location)
    return list(b.insert(op).results)


def _for(e: _Emitter, lower, upper, step, inits, body) -> list[Value]:
    """`scf.for`; `body(emitter, iv, iter_args)` returns the values to yield."""
    return build_for(e.b, lower, upper, step, inits,
                     lambda b, iv, args: body(_Emitter(b), iv, args))  # fmt: skip


class ContractionLowering:
    """Builds the tiled, vectorized loops of one matched contraction before it and erases it
    (and the zero fill folded into it)."""

    def __init__(self, match: Contraction, tiles: TileSizes, parallel: bool,
                 fill: GenericOp | None, epilogue: Epilogue | None = None,
                 align_b: bool = False) -> None:  # fmt: skip
        self.m, self.t, self.parallel, self.fill = match, tiles, parallel, fill
        self.epilogue, self.align_b = epilogue, align_b
        self.element = match.c.type.element_type
        self.vector_type = VectorType((tiles.vl,), self.element)
        self.mask_type = VectorType((tiles.vl,), i1)
        self.registers = simd_registers(tiles.vl * self.element.width)
        # A few rows (M static, one register block), or maps packing does not handle
        # (convolutions): B's rows read in place
        rows = match.static_size(match.i)
        self.rows = rows
        # static shapes that need no edge code: rows in whole MR blocks, columns in whole
        # NR panels (an MLP's 512 columns in 16-wide panels): no guards, no masks
        self.whole_blocks = rows is not None and rows % tiles.mr == 0
        columns = match.static_size(match.j)
        self.whole_panels = columns is not None and columns % tiles.nr == 0
        depth = match.static_size(match.k)
        self.whole_k_blocks = depth is not None and depth > 0 and depth % tiles.kc == 0
        self.direct = match.b_rows_in_place() and (rows == tiles.mr or not match.packable())
        # one row block: each parallel block packs the KC x NR blocks of B it alone reads,
        # each right before its micro-kernels, into a buffer of its own that stays in L1
        # (B is read once, the packed copy never goes to memory: 7% off an MLP at batch 64
        # with its weights as arguments), and one parallel loop does the whole product
        self.pack_in_task = rows is not None and rows <= tiles.mc
        self.constant_panels = None  # builds B's panels packed at compile time, if constant
        self.bp = None  # B's panels, when packed

    def read_few_rows_in_place(self) -> None:
        """Lower unpacked for at most `DIRECT_ROW_BLOCKS` blocks of MR rows, when B's rows
        can be read in place or B is a constant whose panels are packed at compile time
        (and then read in their place; but for a single row block, whose packed lowering's
        k blocks go through two panels' streams at a time: the batch-1 MLP ran 26 us
        instead of 38 on Zen 4)."""
        blocks = DIRECT_ROW_BLOCKS[self.registers]
        few = self.rows is not None and self.rows <= blocks * self.t.mr
        if self.constant_panels is not None:
            self.direct = few and self.rows > self.t.mr
        else:
            self.direct = self.direct or (few and self.m.b_rows_in_place())

    def lower(self) -> None:
        op = self.m.op
        e = _Emitter(Builder(InsertionPoint.before(self.fill or op), op.location))
        self.sizes = {d: self._loop_size(e, d) for d in range(len(op.iterators()))}
        t = self.t
        M, N, K = self.sizes[self.m.i], self.sizes[self.m.j], self.sizes[self.m.k]
        if self.direct:
            if self.constant_panels is not None:
                self.bp = self.constant_panels(e.b)
            self._direct(e, M, N)
        else:
            self.panels = e.ceildiv(N, t.nr)
            if self.constant_panels is not None:
                self.bp = self.constant_panels(e.b)
                self.pack_in_task = False
                self._batch_nest(e, 0, {}, M, N, K)
            elif self.pack_in_task:
                self._batch_nest(e, 0, {}, M, N, K)
            else:
                packed_b = MemRefType((DYNAMIC, DYNAMIC, t.nr), self.element)
                self.bp = e.b.create(memref.AllocOp, [self.panels, K], memref=packed_b,
                                     alignment=IntegerAttr(64, i64)).result  # fmt: skip
                self._batch_nest(e, 0, {}, M, N, K)
                e.b.create(memref.DeallocOp, self.bp)
        if self.fill is not None:
            self.fill.erase()
        if self.epilogue is not None:
            self.epilogue.op.erase()
        op.erase()

    def _loop_size(self, e: _Emitter, loop: int) -> Value:
        """Static if any operand says so, else `memref.dim` of the first operand dim that
        reads the loop (as `convert-tensor-to-loops` does)."""
        dynamic = None
        for value, dims in zip((self.m.a, self.m.b, self.m.c), self.m.dims):
            for position, d in enumerate(dims):
                if d != loop:
                    continue
                size = value.type.shape[position]
                if size != DYNAMIC:
                    return e.const(size)
                dynamic = dynamic or (value, position)
        value, position = dynamic
        return e.b.create(memref.DimOp, value, e.const(position)).result

    def _indices(self, b: Builder, operand: int, at: dict[int, Value]) -> list[Value]:
        """The operand's indices at the loop values `at` (affine expressions as arith)."""
        dims = self.m.dims[operand]
        if None not in dims:
            return [at[d] for d in dims]
        values = [at.get(d) for d in range(len(self.sizes))]
        expander = AffineExpander(b, values, (), b.location)
        return [at[d] if d is not None else expander.expand(e)
                for d, e in zip(dims, self.m.maps[operand].results)]  # fmt: skip

    def _batch_nest(self, e: _Emitter, depth: int, at: dict, M, N, K) -> None:
        batch = self.m.batch
        if depth == len(batch):
            if not self.pack_in_task and self.constant_panels is None:
                self._pack_b(e, at, N, K)
            self._compute(e, at, M, N, K)
            return
        loop = batch[depth]

        def body(inner: _Emitter, iv, _):
            self._batch_nest(inner, depth + 1, {**at, loop: iv}, M, N, K)
            return []

        _for(e, e.const(0), self.sizes[loop], e.const(1), [], body)

    def _parallel_for(self, e: _Emitter, upper: Value, body) -> None:
        """One loop over [0, upper): `scf.parallel` with the `parallel` option, else `scf.for`."""
        if not self.parallel:
            _for(e, e.const(0), upper, e.const(1), [], lambda b, iv, _: body(b, iv) or [])
            return
        block = Block([index], [e.b.location])
        loop = scf.ParallelOp([e.const(0)], [upper], [e.const(1)], [], result_types=[],
                              regions=[Region([block])], loc=e.b.location)  # fmt: skip
        e.b.insert(loop)
        inner = Builder.at_end(block, e.b.location)
        body(_Emitter(inner), block.args[0])
        inner.insert(scf.ReduceOp([], loc=e.b.location))

    def _zero_vector(self, e: _Emitter) -> Value:
        zero = e.b.create(arith.ConstantOp, FloatAttr(0.0, self.element)).result
        return e.b.create(vector.BroadcastOp, zero, result_types=[self.vector_type]).result

    # --- packing ---------------------------------------------------------------------------
    def _pack_b(self, e: _Emitter, at: dict, N, K) -> None:
        """Bp[jp, k, c] = B[.., k, jp*NR + c] for all the panels, on threads."""

        def panel(pe: _Emitter, jp) -> None:
            self._pack_b_panel(pe, at, N, jp, None, K, lambda kk: (self.bp, [jp, kk]))

        self._parallel_for(e, self.panels, panel)

    def _pack_b_panel(self, e: _Emitter, at: dict, N, jp, k0, kc, destination) -> None:
        """dest[.., kk, c] = B[.., k0 + kk, jp*NR + c] for kk < kc (k0 None: 0), 0 past N, where
        `destination(kk)` is the memref and the indices before `c`; vector loads when B's
        rows are contiguous along j, else scalar loads."""
        t, m = self.t, self.m
        vectorized = m.dims[1][-1] == m.j and last_dim_unit_stride(m.b.type)
        last_column = e.sub(N, 1)
        j0 = e.mul(jp, t.nr)

        def row(re: _Emitter, kk, _) -> list:
            k = kk if k0 is None else re.add(k0, kk)
            packed, prefix = destination(kk)
            if vectorized:
                zero = self._zero_vector(re)
                for v in range(t.nr // t.vl):
                    jv = re.add(j0, v * t.vl)
                    if self.whole_panels:
                        where = self._indices(re.b, 1, {**at, m.k: k, m.j: jv})
                        loaded = re.b.create(vector.LoadOp, m.b, where,
                                             result_types=[self.vector_type]).result
                    else:
                        mask = re.b.create(vector.CreateMaskOp, [re.sub(N, jv)],
                                           result_types=[self.mask_type]).result
                        column = re.min(jv, last_column)
                        where = self._indices(re.b, 1, {**at, m.k: k, m.j: column})
                        loaded = re.b.create(vector.MaskedLoadOp, m.b, where, mask, zero,
                                             result_types=[self.vector_type]).result
                    re.b.create(vector.StoreOp, loaded, packed, [*prefix, re.const(v * t.vl)])
                return []

            def lane(le: _Emitter, c, _) -> list:
                j = le.add(j0, c)
                where = self._indices(le.b, 1, {**at, m.k: k, m.j: le.min(j, last_column)})
                x = le.b.create(memref.LoadOp, m.b, where).result
                zero = le.b.create(arith.ConstantOp, FloatAttr(0.0, self.element)).result
                value = le.b.create(arith.SelectOp, le.cmp(_SLT, j, N), x, zero,
                                    result_types=[self.element]).result  # fmt: skip
                le.b.create(memref.StoreOp, value, packed, [*prefix, c])
                return []

            _for(re, re.const(0), re.const(t.nr), re.const(1), [], lane)
            return []

        _for(e, e.const(0), kc, e.const(1), [], row)

    def _pack_a(self, e: _Emitter, ap, at: dict, i0, rows, pc, kc, M) -> None:
        """Ap[q, r, k] = A[.., i0 + q*MR + r, pc + k]: each row's k block copied whole, rows
        past M repeating row M - 1 (their results are never stored). Vector copies when A's
        rows run along k, so the copy leaves LLVM nothing to vectorize (its interleaving of
        a transposing scalar copy was a third of a matmul kernel's compile time): whole
        vectors, then a masked one for the rest of the block, if any (a masked store costs
        several plain ones on AMD's cores)."""
        t, m = self.t, self.m
        last_row = e.sub(M, 1)
        vectorized = m.dims[0][-1] == m.k and last_dim_unit_stride(m.a.type)

        def row(re: _Emitter, index, _) -> list:
            q = re.b.create(arith.DivUIOp, index, re.const(t.mr)).result
            r = re.b.create(arith.RemUIOp, index, re.const(t.mr)).result
            source = re.add(i0, index)
            if not self.whole_blocks:
                source = re.min(source, last_row)

            def copy(ce: _Emitter, kk, _) -> list:
                where = self._indices(ce.b, 0, {**at, m.i: source, m.k: ce.add(pc, kk)})
                if not vectorized:
                    x = ce.b.create(memref.LoadOp, m.a, where).result
                    ce.b.create(memref.StoreOp, x, ap, [q, r, kk])
                    return []
                x = ce.b.create(vector.LoadOp, m.a, where, result_types=[self.vector_type])
                ce.b.create(vector.StoreOp, x.result, ap, [q, r, kk])
                return []

            if not vectorized:
                _for(re, re.const(0), kc, re.const(1), [], copy)
                return []
            whole = re.mul(re.b.create(arith.DivUIOp, kc, re.const(t.vl)).result, t.vl)
            _for(re, re.const(0), whole, re.const(t.vl), [], copy)
            mask = re.b.create(vector.CreateMaskOp, [re.sub(kc, whole)],
                               result_types=[self.mask_type]).result  # fmt: skip
            where = self._indices(re.b, 0, {**at, m.i: source, m.k: re.add(pc, whole)})
            x = re.b.create(vector.MaskedLoadOp, m.a, where, mask, self._zero_vector(re),
                            result_types=[self.vector_type]).result  # fmt: skip
            re.b.create(vector.MaskedStoreOp, ap, [q, r, whole], mask, x)
            return []

        blocks = e.ceildiv(rows, t.mr)
        _for(e, e.const(0), e.mul(blocks, t.mr), e.const(1), [], row)

    # --- compute ---------------------------------------------------------------------------
    def _compute(self, e: _Emitter, at: dict, M, N, K) -> None:
        t = self.t
        packed_a = MemRefType((t.mc // t.mr, t.mr, t.kc), self.element)
        panel_type = MemRefType((t.kc, t.nr), self.element)

        per_block = e.ceildiv(self.panels, t.column_blocks)

        def block(be: _Emitter, ivs: list) -> None:
            ib, jb = ivs
            first_panel = be.mul(jb, per_block)
            end_panel = be.min(be.add(first_panel, per_block), self.panels)
            i0 = be.mul(ib, t.mc)
            rows = be.min(be.sub(M, i0), t.mc)
            ap = be.b.create(memref.AllocOp, [], memref=packed_a,
                             alignment=IntegerAttr(64, i64)).result  # fmt: skip
            if self.pack_in_task:  # B's panel of the k block, packed right before its use
                bl = be.b.create(memref.AllocOp, [], memref=panel_type,
                                 alignment=IntegerAttr(64, i64)).result  # fmt: skip

            def k_block(ke: _Emitter, pc, _) -> list:
                kc = ke.const(t.kc) if self.whole_k_blocks else ke.min(ke.sub(K, pc), t.kc)
                self._pack_a(ke, ap, at, i0, rows, pc, kc, M)
                first = ke.cmp(_EQ, pc, 0)
                last = ke.cmp(_SGE, ke.add(pc, kc), K)

                def panel(pe: _Emitter, jp, _) -> list:
                    if self.pack_in_task:
                        self._pack_b_panel(pe, at, N, jp, pc, kc, lambda kk: (bl, [kk]))

                        def b_at(ke: _Emitter, kk) -> tuple:
                            return bl, [kk]
                    else:
                        def b_at(ke: _Emitter, kk) -> tuple:
                            return self.bp, [jp, ke.add(pc, kk)]

                    def micro(qe: _Emitter, q, _) -> list:
                        self._micro_kernel(qe, ap, b_at, at, q, jp, i0, kc, (first, last),
                                           M, N)  # fmt: skip
                        return []

                    _for(pe, pe.const(0), pe.ceildiv(rows, t.mr), pe.const(1), [], micro)
                    return []

                _for(ke, first_panel, end_panel, ke.const(1), [], panel)
                return []

            # max(K, 1): with K = 0 one empty block still writes C (zeros when folded)
            _for(be, be.const(0), be.max(K, 1), be.const(t.kc), [], k_block)
            be.b.create(memref.DeallocOp, ap)
            if self.pack_in_task:
                be.b.create(memref.DeallocOp, bl)

        self._parallel_nest(e, [e.ceildiv(M, t.mc), e.const(t.column_blocks)], block)

    def _micro_kernel(self, e: _Emitter, ap, b_at, at, q, jp, i0, kc, first_last, M,
                      N) -> None:  # fmt: skip
        """C[row0:row0+MR, j0:j0+NR] += Ap[q] x Bp[jp] over kc, in MR x NR/VL vectors, B's
        row kk of the block at `b_at(kk)` (a memref and the indices before the column); the
        last k block stores them through the epilogue."""
        t, m = self.t, self.m
        first, last = first_last
        vectors = t.nr // t.vl
        row0 = e.add(i0, e.mul(q, t.mr))
        j0 = e.mul(jp, t.nr)
        full = self.whole_panels or e.cmp(_SGE, N, e.add(j0, t.nr))
        last_column = e.sub(N, 1)
        columns = [e.add(j0, v * t.vl) if v else j0 for v in range(vectors)]
        rows = [e.add(row0, r) if r else row0 for r in range(t.mr)]
        valid = [self.whole_blocks or e.cmp(_SLT, row, M) for row in rows]
        load_c = valid
        if self.fill is not None:
            true = e.b.create(arith.ConstantOp, IntegerAttr(1, i1)).result
            not_first = e.b.create(arith.XOrIOp, first, true).result
            load_c = [not_first if ok is True else e.b.create(arith.AndIOp, ok, not_first).result
                      for ok in valid]  # fmt: skip
        types = [self.vector_type] * vectors

        def c_at(ce: _Emitter, row, column) -> list[Value]:
            return self._indices(ce.b, 2, {**at, m.i: row, m.j: column})

        def masks(ce: _Emitter) -> list[Value]:
            return [ce.b.create(vector.CreateMaskOp, [ce.sub(N, c)],
                                result_types=[self.mask_type]).result for c in columns]  # fmt: skip

        accumulators: list[Value] = []
        for r in range(t.mr):
            def load_full(ce: _Emitter, r=r) -> list:
                return [
                    ce.b.create(vector.LoadOp, m.c, c_at(ce, rows[r], c),
                                result_types=[self.vector_type]).result
                    for c in columns
                ]  # fmt: skip

            def load_masked(ce: _Emitter, r=r) -> list:
                zero = self._zero_vector(ce)
                return [
                    ce.b.create(vector.MaskedLoadOp, m.c, c_at(ce, rows[r], ce.min(c, last_column)),
                                mask, zero, result_types=[self.vector_type]).result
                    for c, mask in zip(columns, masks(ce))
                ]  # fmt: skip

            def load(ce: _Emitter) -> list:
                return _if(ce.b, full, types, load_full, load_masked)

            def zeros(ce: _Emitter) -> list:
                return [self._zero_vector(ce)] * vectors

            accumulators += _if(e.b, load_c[r], types, load, zeros)

        def step(ke: _Emitter, kk, accs) -> list:
            panel, prefix = b_at(ke, kk)
            b_vectors = [
                ke.b.create(vector.LoadOp, panel, [*prefix, ke.const(v * t.vl)],
                            result_types=[self.vector_type]).result
                for v in range(vectors)
            ]  # fmt: skip
            out = []
            for r in range(t.mr):
                a = ke.b.create(memref.LoadOp, ap, [q, ke.const(r), kk]).result
                a = ke.b.create(vector.BroadcastOp, a, result_types=[self.vector_type]).result
                for v in range(vectors):
                    out.append(ke.b.create(vector.FMAOp, a, b_vectors[v],
                                           accs[r * vectors + v]).result)  # fmt: skip
            return out

        accumulators = _for(e, e.const(0), kc, e.const(1), accumulators, step)
        for r in range(t.mr):
            row_accs = accumulators[r * vectors : (r + 1) * vectors]

            def store(se: _Emitter, r=r, row_accs=row_accs) -> list:
                def store_full(fe: _Emitter) -> list:
                    where = [c_at(fe, rows[r], c) for c in columns]
                    values = self._finish(fe, last, where, row_accs, [None] * vectors)
                    for indices, value in zip(where, values):
                        fe.b.create(vector.StoreOp, value, m.c, indices)
                    return []

                def store_masked(me: _Emitter) -> list:
                    where = [c_at(me, rows[r], me.min(c, last_column)) for c in columns]
                    lanes = masks(me)
                    values = self._finish(me, last, where, row_accs, lanes)
                    for indices, mask, value in zip(where, lanes, values):
                        me.b.create(vector.MaskedStoreOp, m.c, indices, mask, value)
                    return []

                _if(se.b, full, [], store_full, store_masked)
                return []

            _if(e.b, valid[r], [], store)

    def _finish(self, e: _Emitter, last: Value | None, where: list, values: list,
                masks: list) -> list[Value]:  # fmt: skip
        """`values` (vectors of C at `where`) through the epilogue, if any: always when
        `last` is None, else when it holds (the last k block)."""
        if self.epilogue is None:
            return values

        def apply(ae: _Emitter) -> list:
            return [apply_epilogue(ae.b, self.epilogue, indices, value, mask)
                    for indices, value, mask in zip(where, values, masks)]  # fmt: skip

        if last is None:
            return apply(e)
        return _if(e.b, last, [v.type for v in values], apply, lambda _: values)

    def _direct(self, e: _Emitter, M, N) -> None:
        """C (+)= A x B reading A and B in place: one `scf.parallel` over the batch loops, the
        MR-row blocks and the NR-column panels, each an MR x NR block of accumulators over
        all the reduction loops. For few rows (matrix-vector products, batch-1 layers), where
        packing would cost more than the product, and for maps packing does not handle
        (convolutions: `X[n, c, oh + kh, ow + kw]`)."""
        m, t = self.m, self.t
        peel = self._aligning_peel(e, N) if self._peels_to_align_b() else None
        panels = e.ceildiv(N if peel is None else e.sub(N, peel), t.nr)
        uppers = [self.sizes[d] for d in m.batch] + [e.ceildiv(M, t.mr), panels]

        def body(be: _Emitter, ivs: list) -> None:
            at = dict(zip(m.batch, ivs))
            self._direct_block(be, at, ivs[-2], ivs[-1], M, N, peel)

        self._parallel_nest(e, uppers, body)

    def _peels_to_align_b(self) -> bool:
        """Whether the first panel's block takes the columns before B's first vector-aligned
        column, so that the other loads of B are aligned: B's rows are read along j
        (`B[.., k, j]`, not `X[.., ow + kw]`) and may all start at the same offset from a
        vector boundary (no static stride but the innermost that is not a whole number of
        vectors: an MLP's 512 columns, not its last layer's 10), and a vector more of
        accumulators per row fits the registers; not for panels packed at compile time,
        which are aligned."""
        t = self.t
        if not self.align_b or self.bp is not None or self.m.dims[1][-1] != self.m.j:
            return False
        if t.mr * (t.nr // t.vl + 1) + 2 > self.registers:
            return False
        strides, _ = strides_and_offset(self.m.b.type)
        return all(s == DYNAMIC or s % t.vl == 0 for s in strides[:-1])

    def _aligning_peel(self, e: _Emitter, N) -> Value:
        """The columns before B's first vector-aligned column (0 to VL - 1, from the address
        of B's first element at run time), or 0 when a whole panel does not follow them
        (a block of its own would cost more than the loads it aligns)."""
        element_bytes = self.element.width // 8
        address = e.b.create(memref.ExtractAlignedPointerAsIndexOp, self.m.b).result
        _, offset = strides_and_offset(self.m.b.type)
        if offset == DYNAMIC:
            dynamic = e.b.create(memref.ExtractStridedMetadataOp, self.m.b).results[1]
            address = e.add(address, e.mul(dynamic, element_bytes))
        elif offset:
            address = e.add(address, offset * element_bytes)
        to_boundary = e.op(arith.AndIOp, e.sub(e.const(0), address), self.t.vl * element_bytes - 1)
        peel = e.op(arith.DivSIOp, to_boundary, element_bytes)
        whole_panel_follows = e.cmp(_SLE, e.add(peel, self.t.nr), N)
        return e.b.create(arith.SelectOp, whole_panel_follows, peel, e.const(0),
                          result_types=[index]).result  # fmt: skip

    def _parallel_nest(self, e: _Emitter, uppers: list, body) -> None:
        """`body(emitter, ivs)` over [0, upper) for each of `uppers`: one `scf.parallel`
        with the `parallel` option, else nested `scf.for`s."""
        if self.parallel:
            count = len(uppers)
            block = Block([index] * count, [e.b.location] * count)
            zeros, ones = [e.const(0)] * count, [e.const(1)] * count
            loop = scf.ParallelOp(zeros, uppers, ones, [], result_types=[],
                                  regions=[Region([block])], loc=e.b.location)  # fmt: skip
            e.b.insert(loop)
            inner = Builder.at_end(block, e.b.location)
            body(_Emitter(inner), list(block.args))
            inner.insert(scf.ReduceOp([], loc=e.b.location))
            return

        def nest(ne: _Emitter, depth: int, ivs: list) -> None:
            if depth == len(uppers):
                body(ne, ivs)
                return
            _for(ne, ne.const(0), uppers[depth], ne.const(1), [],
                 lambda fe, iv, _: nest(fe, depth + 1, [*ivs, iv]) or [])  # fmt: skip

        nest(e, 0, [])

    def _direct_block(self, e: _Emitter, at: dict, q, jp, M, N, peel: Value | None) -> None:
        """C[row0:row0+MR, j0:j0+NR] of one block, j0 = jp*NR (+ the peel): rows past M read
        row M-1 and are not stored; the last panel masks its columns (loads of B too). The
        first panel's block also computes the peel's columns, one more vector of accumulators
        (masked) in the same loop; that panel is whole (see `_aligning_peel`)."""
        t = self.t
        row0 = e.mul(q, t.mr)
        last_row = e.sub(M, 1)
        rows = [e.add(row0, r) if r else row0 for r in range(t.mr)]
        ragged = self.rows is None or self.rows % t.mr != 0
        sources = [e.min(row, last_row) for row in rows] if ragged else rows
        block = _DirectBlock(at, rows, sources, ragged, M, N, jp)
        j0 = e.mul(jp, t.nr) if peel is None else e.add(e.mul(jp, t.nr), peel)
        vectors = t.nr // t.vl
        columns = [e.add(j0, v * t.vl) if v else j0 for v in range(vectors)]
        full = (self.whole_panels and peel is None) or e.cmp(_SGE, N, e.add(j0, t.nr))

        def panel(pe: _Emitter) -> list:
            _if(pe.b, full, [], self._direct_kernel(block, columns, [None] * vectors),
                self._direct_kernel(block, columns, [N] * vectors))  # fmt: skip
            return []

        if peel is None:
            panel(e)
            return
        first = e.op(arith.AndIOp, e.cmp(_EQ, jp, 0), e.cmp(_SGT, peel, 0))
        peeled = self._direct_kernel(block, [e.const(0), *columns], [peel] + [None] * vectors)
        _if(e.b, first, [], peeled, panel)

    def _direct_kernel(self, block: _DirectBlock, columns: list, ends: list):
        """The body (for `_if`) that computes C at `block`'s rows and a vector of columns
        from each of `columns` over all the reduction loops; a vector whose `ends` entry is
        a value has only the lanes before it (masked loads and stores)."""
        t, m = self.t, self.m
        at, rows, sources, M, N = block.at, block.rows, block.sources, block.M, block.N
        vectors = len(columns)

        def body(ke: _Emitter) -> list:
            zero = self._zero_vector(ke)
            masks = [None if end is None else ke.b.create(
                         vector.CreateMaskOp, [ke.sub(end, c)],
                         result_types=[self.mask_type]).result
                     for c, end in zip(columns, ends)]  # fmt: skip
            last_column = ke.sub(N, 1) if any(end is not None for end in ends) else None
            where = [c if end is None else ke.min(c, last_column)
                     for c, end in zip(columns, ends)]  # fmt: skip

            def load(b: Builder, memory, indices, v) -> Value:
                if masks[v] is not None:
                    return b.create(vector.MaskedLoadOp, memory, indices, masks[v], zero,
                                    result_types=[self.vector_type]).result
                return b.create(vector.LoadOp, memory, indices,
                                result_types=[self.vector_type]).result  # fmt: skip

            if self.fill is not None:
                accumulators = [zero] * (t.mr * vectors)
            else:
                accumulators = [
                    load(ke.b, m.c, self._indices(ke.b, 2, {**at, m.i: row, m.j: where[v]}), v)
                    for row in sources for v in range(vectors)
                ]  # fmt: skip

            def b_vector(se: _Emitter, point: dict, v: int) -> Value:
                if self.bp is None:
                    return load(se.b, m.b, self._indices(se.b, 1, {**point, m.j: where[v]}), v)
                return load(se.b, self.bp, [block.panel, point[m.k], se.const(v * t.vl)], v)

            def step(se: _Emitter, point: dict, accs: list) -> list:
                b_vectors = [b_vector(se, point, v) for v in range(vectors)]
                out = []
                for r, row in enumerate(sources):
                    where_a = self._indices(se.b, 0, {**point, m.i: row})
                    a = se.b.create(memref.LoadOp, m.a, where_a).result
                    a = se.b.create(vector.BroadcastOp, a, result_types=[self.vector_type]).result
                    for v in range(vectors):
                        out.append(se.b.create(vector.FMAOp, a, b_vectors[v],
                                               accs[r * vectors + v]).result)  # fmt: skip
                return out

            def reduce(re: _Emitter, depth: int, point: dict, accs: list) -> list:
                if depth == len(m.ks):
                    return step(re, point, accs)
                loop = m.ks[depth]
                return _for(re, re.const(0), self.sizes[loop], re.const(1), accs,
                            lambda fe, iv, args: reduce(fe, depth + 1, {**point, loop: iv},
                                                        args))  # fmt: skip

            accumulators = reduce(ke, 0, dict(at), accumulators)
            for r, row in enumerate(rows):
                def store(se: _Emitter, r=r, row=row) -> list:
                    indices = [self._indices(se.b, 2, {**at, m.i: row, m.j: where[v]})
                               for v in range(vectors)]  # fmt: skip
                    row_accs = accumulators[r * vectors : (r + 1) * vectors]
                    values = self._finish(se, None, indices, row_accs, masks)
                    for v in range(vectors):
                        if masks[v] is not None:
                            se.b.create(vector.MaskedStoreOp, m.c, indices[v], masks[v],
                                        values[v])  # fmt: skip
                        else:
                            se.b.create(vector.StoreOp, values[v], m.c, indices[v])
                    return []

                if block.ragged:
                    _if(ke.b, ke.cmp(_SLT, row, M), [], store)
                else:
                    store(ke)
            return []

        return body


@dataclass
class _DirectBlock:
    """What the kernels of one block of the unpacked lowering share: the batch point `at`,
    the MR rows of C, the rows of A they read (`ragged`: some rows may be past M, which
    read row M - 1 and are not stored) and the sizes M and N."""

    at: dict
    rows: list
    sources: list
    ragged: bool
    M: Value
    N: Value
    panel: Value


def tile_sizes_for(match: Contraction, pass_options: TileContractions) -> TileSizes:
    """The heuristic's sizes for `match`, with the pass's non-zero options in their place."""
    static = match.static_size
    element_bits = match.c.type.element_type.width
    vector_bits = pass_options.vector_bits or host_vector_bits()
    threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    tiles = choose_tile_sizes(element_bits, static(match.i), static(match.j), static(match.k),
                              vector_bits, threads)  # fmt: skip
    mr = pass_options.mr or tiles.mr
    vl = tiles.vl
    nr = _ceildiv(pass_options.nr, vl) * vl if pass_options.nr else tiles.nr
    mc = _ceildiv(pass_options.mc or tiles.mc, mr) * mr
    return TileSizes(mr, nr, vl, pass_options.kc or tiles.kc, mc, tiles.column_blocks)


@register_pass
@dataclass(frozen=True)
class TileContractions(Pass):
    """Lowers buffer-form matmul-like generics to packed, register-blocked vector loops."""

    name = "tensor-tile-contractions"
    summary = (
        "Lower buffer-form matmul-like tensor.generic ops to cache-tiled scf loops around a "
        "register-blocked vector micro-kernel"
    )
    parallel: bool = field(default=True, metadata={
        "help": "run the packing of B and the row blocks as scf.parallel loops"})
    fold_fill: bool = field(default=True, metadata={
        "help": "fold a zero fill of the output right before a contraction into it"})
    pack_constants: bool = field(default=True, metadata={
        "help": "pack a constant B (a constant global) at compile time, not on each call"})
    fuse_epilogue: bool = field(default=True, metadata={
        "help": "apply the element-wise generic that updates the output in place right "
                "after a contraction to the accumulators as they are stored"})
    mr: int = field(default=0, metadata={
        "help": "rows of the register block (0: heuristic)", "min": 0})
    nr: int = field(default=0, metadata={
        "help": "columns of the register block, rounded up to vectors (0: heuristic)", "min": 0})
    kc: int = field(default=0, metadata={"help": "k cache block (0: heuristic)", "min": 0})
    mc: int = field(default=0, metadata={
        "help": "rows per parallel block (0: heuristic)", "min": 0})
    vector_bits: int = field(default=0, metadata={
        "help": "SIMD register width in bits (0: the host's)", "min": 0})
    align_b: Literal["auto", "true", "false"] = field(default="auto", metadata={
        "help": "in products of a few rows, start B's panels at its first vector-aligned "
                "column, found at run time (more code for aligned loads of misaligned B); "
                "auto: where a vector is 64 bytes (AVX-512), as a misaligned one spans two "
                "cache lines"})
    kernels: str = field(default="", metadata={
        "help": "comma list of the functions (shell patterns) to lower, for options per "
                "kernel (see passes/kernel_filter.py); empty: all"})  # fmt: skip

    def run(self, op) -> None:
        generics = kernel_generics(op, self.kernels)
        folded: set[int] = set()
        constants = PackedConstants(op)
        for generic in generics:
            match = None if id(generic) in folded else match_contraction(generic)
            if match is None:
                continue
            fill = _zero_fill_of(generic, match.c) if self.fold_fill else None
            if fill is not None:
                folded.add(id(fill))
            epilogue = match_epilogue(generic, match.c) if self.fuse_epilogue else None
            if epilogue is not None:
                folded.add(id(epilogue.op))
            from mlc.passes.conv_schedule import lower_convolution  # imports this module

            if lower_convolution(match, fill, epilogue, self):
                continue
            tiles = tile_sizes_for(match, self)
            vector_bytes = tiles.vl * match.c.type.element_type.width // 8
            align_b = self.align_b == "true" or (self.align_b == "auto" and vector_bytes >= 64)
            lowering = ContractionLowering(match, tiles, self.parallel, fill, epilogue,
                                           align_b)  # fmt: skip
            if self.pack_constants and match.packable():
                lowering.constant_panels = _constant_panels(match, tiles, constants)
            lowering.read_few_rows_in_place()
            lowering.lower()


def _constant_panels(match: Contraction, tiles: TileSizes, constants: PackedConstants):
    """A builder of B's panels packed at compile time when B is a constant read plainly
    (`B[k, j]` or `B[j, k]`), else None."""
    layouts = {(match.k, match.j): False, (match.j, match.k): True}
    transposed = layouts.get(tuple(match.dims[1]))
    found = constants.constant(match.b) if transposed is not None else None
    if found is None:
        return None
    name, array = found
    return lambda b: constants.panels(b, name, array, tiles.nr, transposed)
