"""Element-wise epilogues of contractions, applied to the accumulators in registers.

After `graph-fuse-kernels` and `bufferize`, a matmul or convolution followed by a bias, an
activation or a residual add is a contraction generic writing C, then an element-wise
generic that reads C's old value as its output and writes C in place (the epilogue):

    tensor.generic ins(%a, %b) outs(%c) {mulf, addf}                        // C = A x B
    tensor.generic ins(%bias, %residual) outs(%c) {^bb0(%x, %r, %acc): ...}  // C = f(C, ..)

A schedule that keeps C's elements in registers (`tensor-tile-contractions`; a convolution
schedule likewise) applies the epilogue to them as it stores them for the last time, and
the second pass over C never happens. How a schedule uses this module:

    epilogue = match_epilogue(contraction_op, c)   # None: lower the next generic as usual
    ...                                            # when storing a vector (or scalar) of C
    value = apply_epilogue(builder, epilogue, c_indices, value, mask)
    store value at c_indices
    ...
    epilogue.op.erase()                            # once the contraction is lowered

`c_indices` are C's indices of the value's first lane; a vector runs along C's last dim,
and `mask` (an `i1` vector, or None) marks its lanes inside C, as for a masked store: the
other inputs are then read with masked loads at the same (clamped) indices. The store must
be guarded as the schedule guards C's (rows past M): the epilogue reads its inputs where C
is written. Decisions: an input the epilogue reads along C's last dim must be contiguous
there (a vector load), any other input is read once per vector and broadcast; the inputs
have C's element type; the body holds arith and math ops with vector forms only
(`vector_bodies.is_elementwise`), so it is cloned on vectors as it is, and its float results
equal the separate loop's bit for bit. A schedule whose vectors run on from one row of C
into the next (the flat grid of `conv_schedule`) applies `collapse_rows`' epilogue instead,
with C's indices over a view of C whose last two dims are one.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import arith, memref, vector
from mlc.dialects.memref.layout import strides_and_offset
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.vector.memory import last_dim_unit_stride
from mlc.ir.affine import AffineDimExpr, AffineMap
from mlc.ir.attributes import FloatAttr
from mlc.ir.builder import Builder
from mlc.ir.types import MemRefType, VectorType
from mlc.ir.values import Value
from mlc.passes.buffers import collapse_trailing
from mlc.passes.fuse_generics import inverse_permutation
from mlc.passes.lower_affine import AffineExpander
from mlc.passes.tensor_to_loops import dims_used
from mlc.passes.vector_bodies import clone_on_vectors, is_elementwise, reads_along, splat


@dataclass(frozen=True)
class Epilogue:
    """A matched epilogue generic and each input's map over C's dims (the epilogue's maps
    composed with the inverse of its output map), with whether it runs along C's last dim;
    `inputs` are the memrefs read (the generic's, or views of them: `collapse_rows`)."""

    op: GenericOp
    reads: tuple[AffineMap, ...]
    along_rows: tuple[bool, ...]
    inputs: tuple[Value, ...]


def match_epilogue(contraction: GenericOp, c: Value) -> Epilogue | None:
    """The epilogue of `contraction`, which writes the buffer `c`: the generic right after
    it, all-parallel, writing `c` alone in place through a permutation map, with inputs of
    C's element type that are not `c`, read along C's last dim contiguously or not at all,
    and a body of arith and math ops on scalars."""
    op = contraction.next_op
    if not isinstance(op, GenericOp) or not op.has_buffer_semantics():
        return None
    if list(op.outputs) != [c] or any(it != "parallel" for it in op.iterators()):
        return None
    maps = op.maps()
    out_map = maps[-1]
    if not out_map.is_permutation() or out_map.num_dims != len(c.type.shape):
        return None
    to_c = inverse_permutation(out_map)
    last = len(c.type.shape) - 1
    reads, along_rows = [], []
    for value, m in zip(op.inputs, maps):
        t = value.type
        if value is c or not isinstance(t, MemRefType) or t.element_type != c.type.element_type:
            return None
        read = m.compose(to_c)
        along = reads_along(read, last)
        if along is None or (along and not last_dim_unit_stride(t)):
            return None
        reads.append(read)
        along_rows.append(along)
    if not is_elementwise(op.regions[0].blocks[0]):
        return None
    return Epilogue(op, tuple(reads), tuple(along_rows), tuple(op.inputs))


def collapse_rows(b: Builder, epilogue: Epilogue, rank: int, width: int) -> Epilogue | None:
    """`epilogue` over a C of `rank` dims with its last two, rows of `width` elements that
    follow each other in memory, collapsed into one, so that a vector may run on from one
    row into the next: each input read along the rows is read through a view with its last
    two dims collapsed likewise (built at `b`), which it must read at C's row and column
    and lay out as C does; the others must not depend on C's rows or columns. None when an
    input does not allow it."""
    rows, row_and_column = {rank - 2, rank - 1}, (AffineDimExpr(rank - 2), AffineDimExpr(rank - 1))
    outers = []
    for source, read, along in zip(epilogue.inputs, epilogue.reads, epilogue.along_rows):
        outer = read.results[:-2] if along else read.results
        if any(dims_used(e) & rows for e in outer):
            return None
        if along:
            strided = strides_and_offset(source.type)
            if read.results[-2:] != row_and_column or strided is None:
                return None
            if source.type.shape[-1] != width or strided[0][-2:] != [width, 1]:
                return None
            outer = (*outer, AffineDimExpr(rank - 2))
        outers.append(AffineMap(rank - 1, 0, outer))
    inputs = [collapse_trailing(b, source, 2) if along else source
              for source, along in zip(epilogue.inputs, epilogue.along_rows)]  # fmt: skip
    return Epilogue(epilogue.op, tuple(outers), epilogue.along_rows, tuple(inputs))


def apply_epilogue(b: Builder, epilogue: Epilogue, c_indices: list[Value], value: Value,
                   mask: Value | None = None) -> Value:  # fmt: skip
    """The epilogue's result for `value`, C's vector (or scalar) at `c_indices` (module
    doc), computed at `b`."""
    shaped = isinstance(value.type, VectorType)
    lanes = value.type.shape[0] if shaped else 1
    block = epilogue.op.regions[0].blocks[0]
    mapping: dict = {block.args[-1]: value}
    expander = AffineExpander(b, c_indices, (), b.location)
    for arg, source, read, along in zip(block.args, epilogue.inputs, epilogue.reads,
                                        epilogue.along_rows):  # fmt: skip
        indices = [expander.expand(e) for e in read.results]
        mapping[arg] = _read(b, source, indices, value.type if along else None, mask)
        if shaped and not along:
            mapping[arg] = splat(b, mapping[arg], lanes)
    if shaped:
        return clone_on_vectors(b, block, mapping, lanes)[0]
    for op in block.ops:
        if op is block.last_op:
            break
        b.insert(op.clone(mapping))
    result = block.last_op.operand(0)
    return mapping.get(result, result)


def _read(b: Builder, source: Value, indices: list[Value], vector_type, mask) -> Value:
    """A scalar load, or a vector load along the last dim (masked with `mask`)."""
    if vector_type is None:
        return b.create(memref.LoadOp, source, indices).result
    if mask is None:
        return b.create(vector.LoadOp, source, indices, result_types=[vector_type]).result
    zero = b.create(arith.ConstantOp, FloatAttr(0.0, vector_type.element_type)).result
    passthru = b.create(vector.BroadcastOp, zero, result_types=[vector_type]).result
    return b.create(vector.MaskedLoadOp, source, indices, mask, passthru,
                    result_types=[vector_type]).result  # fmt: skip
