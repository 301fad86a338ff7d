"""Bufferizing a destination-passing kernel: a `func.func` over tensors whose last
parameters are the destinations it returns (what `graph-legalize` emits for
`graph.call_dps`) becomes a function over memrefs that writes its destinations and returns
nothing.

Each tensor value gets a buffer. Ops that only read or view (dim, extract, extract_slice,
collapse/expand_shape) read or view their operands' buffers; ops that write a tensor
(`tensor.generic`'s outputs, insert, insert_slice, pad) write the buffer of their
destination operand **in place when that is safe**, as One-Shot Bufferize decides it: the
buffer is writable (a destination parameter or an allocation, never an input parameter or
a constant) and no tensor held in it is read after the write. Otherwise the write goes to a
fresh copy. A generic whose body never reads an output skips copying the old contents.
`tensor.empty` allocates; allocations are freed before the return, after the returned
tensors are copied into the destinations they are not already in.

`tensor.generate` allocates and fills its buffer with a loop nest running its body.

Decisions: kernels are straight-line code (one block; loops live inside generics and
generates), which is what makes positions in the block a sufficient liveness; tensor ops of
other dialects are refused with a diagnostic at the op.
"""

from __future__ import annotations

from mlc.dialects import arith, func
from mlc.dialects.memref import layout
from mlc.dialects.memref.ops import CastOp as MemRefCastOp
from mlc.dialects.memref.ops import DimOp as MemRefDimOp
from mlc.dialects.memref.ops import LoadOp, StoreOp
from mlc.dialects.memref.views import CollapseShapeOp as MemRefCollapseOp
from mlc.dialects.memref.views import ExpandShapeOp as MemRefExpandOp
from mlc.dialects.tensor import ops as t
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.tensor.pad import PadOp
from mlc.dialects.tensor.reshape import CollapseShapeOp, ExpandShapeOp, groups_of
from mlc.dialects.tensor.slices import ExtractSliceOp, InsertSliceOp
from mlc.ir.affine import AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, StringAttr, TypeAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.types import DYNAMIC, FunctionType, MemRefType, RankedTensorType, i32, index
from mlc.passes.buffers import (
    ConstantGlobals,
    alloc,
    alloc_like,
    copy,
    dealloc,
    dim,
    index_constant,
    memref_type,
    subview,
)
from mlc.passes.static_schedule import build_for


def is_tensor(v) -> bool:
    return isinstance(v.type, RankedTensorType)


def bufferize_declaration(declaration: func.FuncOp) -> None:
    """An external kernel `(inputs..., destinations...) -> destinations` (a declaration
    `graph.call_dps` calls; its verifier has checked that the results are the
    destinations) becomes `(memrefs...) -> ()`: the library function writes the destination
    buffers it is passed, as a defined kernel does once bufferized. Its attributes stay
    (`llvm.emit_c_interface` selects MLIR's C interface); result attributes go with the
    results."""
    inputs = tuple(memref_type(t) if isinstance(t, RankedTensorType) else t
                   for t in declaration.type.inputs)  # fmt: skip
    declaration.properties["function_type"] = TypeAttr(FunctionType(inputs, ()))
    declaration.properties.pop("res_attrs", None)


class KernelBufferizer:
    """Bufferizes one kernel in place (see the module docstring)."""

    def __init__(self, kernel: func.FuncOp, outputs: int, globals_: ConstantGlobals) -> None:
        self.kernel = kernel
        self.block = kernel.entry_block
        self.globals = globals_
        params = list(self.block.args)
        self.destinations = params[len(params) - outputs :]
        self.root: dict = {}  # buffer value -> the buffer it views (itself for roots)
        self.writable: set = set()  # root buffers the kernel may write
        self.live_until: dict = {}  # root buffer -> last position a tensor in it is read
        self.allocations: list = []
        ops = list(self.block.ops)
        self.position = {op: i for i, op in enumerate(ops)}
        self.last_use = {}
        for op in ops:
            for r in op.results:
                self.last_use[r] = self._last_use(r)
        for arg in params:
            self.last_use[arg] = self._last_use(arg)

    def _last_use(self, value) -> int:
        """The position of the last op that reads `value`'s elements. A `tensor.dim` reads
        only its shape, which a write in place leaves as it is (one-shot bufferization's
        `bufferizesToMemoryRead` is false for it too)."""
        last = -1
        for use in value.uses:
            owner = use.owner
            if type(owner) is t.DimOp:
                continue
            while owner.parent is not self.block:
                owner = owner.parent_op
            last = max(last, self.position[owner])
        return last

    # --- buffers -------------------------------------------------------------------------
    def _hold(self, tensor, buffer, root=None, writable=False) -> None:
        """`tensor` now lives in `buffer` (a view of `root`); its readers read the buffer."""
        root = self.root.get(buffer, buffer) if root is None else root
        self.root[buffer] = root
        if writable:
            self.writable.add(root)
        self.live_until[root] = max(self.live_until.get(root, -1), self.last_use[tensor])
        tensor.replace_all_uses_with(buffer)

    def _writable_copy(self, b: Builder, buffer, position: int, reads_old: bool, reads=()):
        """`buffer` itself when writing it at `position` is safe, else a fresh copy. Not
        safe either when the writing op also reads `reads` from the same memory (a
        transpose written over its own input)."""
        root = self.root.get(buffer, buffer)
        aliased = any(self.root.get(v, v) is root for v in reads)
        if root in self.writable and self.live_until.get(root, -1) <= position and not aliased:
            return buffer
        fresh = alloc_like(b, buffer.type, buffer)
        self.allocations.append(fresh)
        self.root[fresh] = fresh
        self.writable.add(fresh)
        if reads_old:
            copy(b, buffer, fresh)
        return fresh

    # --- the walk ------------------------------------------------------------------------
    def run(self) -> None:
        for arg in self.block.args:
            if is_tensor(arg):
                arg.type = memref_type(arg.type)
                self.root[arg] = arg
                self.live_until[arg] = self.last_use[arg]
                if arg in self.destinations:
                    self.writable.add(arg)
        erased = []
        for op in list(self.block.ops):
            rule = RULES.get(type(op))
            tensor_typed = any(map(is_tensor, op.operands)) or any(map(is_tensor, op.results))
            if rule is None and isinstance(op, arith.ConstantOp) and tensor_typed:
                rule = KernelBufferizer._constant
            if rule is None:
                if tensor_typed:
                    raise op.emit_error("cannot be bufferized (no rule for tensors)")
                continue
            rule(self, Builder.before(op, op.location), op)
            erased.append(op)
        for op in reversed(erased):
            op.erase()
        inputs = [a.type for a in self.block.args]
        self.kernel.properties["function_type"] = TypeAttr(FunctionType(tuple(inputs), ()))

    def _constant(self, b: Builder, op) -> None:
        value = op.properties["value"]
        if not isinstance(value, DenseElementsAttr):
            raise op.emit_error("cannot be bufferized (a tensor constant must be dense)")
        self._hold(op.results[0], self.globals.get(b, value))

    def _empty(self, b: Builder, op) -> None:
        buffer = alloc(b, memref_type(op.results[0].type), list(op.operands))
        self.allocations.append(buffer)
        self._hold(op.results[0], buffer, buffer, writable=True)

    def _dim(self, b: Builder, op) -> None:
        new = b.insert(MemRefDimOp.create(list(op.operands), [index]))
        op.results[0].replace_all_uses_with(new.results[0])

    def _extract(self, b: Builder, op) -> None:
        new = b.insert(LoadOp.create(list(op.operands), [op.results[0].type]))
        op.results[0].replace_all_uses_with(new.results[0])

    def _insert(self, b: Builder, op) -> None:
        value, dest, *indices = op.operands
        buffer = self._writable_copy(b, dest, self.position[op], reads_old=True)
        b.insert(StoreOp.create([value, buffer, *indices], []))
        self._hold(op.results[0], buffer)

    def _generic(self, b: Builder, op) -> None:
        block = op.regions[0].blocks[0]
        n_in = len(op.inputs)
        outs = []
        for k, out in enumerate(op.outputs):
            reads_old = bool(list(block.args[n_in + k].uses))
            outs.append(self._writable_copy(b, out, self.position[op], reads_old, op.inputs))
        props = dict(op.properties)
        new = GenericOp.create([*op.inputs, *outs], [], props, dict(op.attributes) or None,
                               [Region()])  # fmt: skip
        new.regions[0].take_body(op.regions[0])
        b.insert(new)
        for result, buffer in zip(op.results, outs):
            self._hold(result, buffer)

    def _extract_slice(self, b: Builder, op) -> None:
        source = op.operand(0)
        view = subview(b, source, op.mixed("offsets"), op.mixed("sizes"), op.mixed("strides"),
                       op.results[0].type.shape)  # fmt: skip
        self._hold(op.results[0], view, self.root[source])

    def _insert_slice(self, b: Builder, op) -> None:
        source, dest = op.operand(0), op.operand(1)
        buffer = self._writable_copy(b, dest, self.position[op], True, [source])
        view = subview(b, buffer, op.mixed("offsets"), op.mixed("sizes"), op.mixed("strides"),
                       source.type.shape)  # fmt: skip
        copy(b, source, view)
        self._hold(op.results[0], buffer)

    def _reshape(self, b: Builder, op) -> None:
        source = self._contiguous(b, op.operand(0))
        reassociation = groups_of(op)
        if isinstance(op, CollapseShapeOp):
            result_type = layout.collapsed_type(source.type, reassociation)
            new = MemRefCollapseOp.create([source], [result_type], dict(op.properties))
        else:
            shape = op.results[0].type.shape
            result_type = layout.expanded_type(source.type, shape, reassociation)
            new = MemRefExpandOp.create([source, *op.operands[1:]], [result_type],
                                        dict(op.properties))  # fmt: skip
        self._hold(op.results[0], b.insert(new).results[0], self.root[source])

    def _contiguous(self, b: Builder, buffer):
        """`buffer`, or an identity-layout copy when it is a strided view (reshapes of
        views may not be expressible as views)."""
        if buffer.type.layout is None:
            return buffer
        fresh = alloc_like(b, buffer.type, buffer)
        self.allocations.append(fresh)
        self.root[fresh] = fresh
        copy(b, buffer, fresh)
        return fresh

    def _cast(self, b: Builder, op) -> None:
        new = MemRefCastOp.create([op.operand(0)], [memref_type(op.results[0].type)])
        self._hold(op.results[0], b.insert(new).results[0], self.root[op.operand(0)])

    def _pad(self, b: Builder, op) -> None:
        source = op.operand(0)
        low = op.properties["static_low"].value
        n_low = sum(1 for v in low if v == DYNAMIC)
        low_values = iter(op.operands[1 : 1 + n_low])
        high_values = iter(op.operands[1 + n_low :])
        low_mixed = [next(low_values) if v == DYNAMIC else v for v in low]
        high_mixed = [next(high_values) if v == DYNAMIC else v
                      for v in op.properties["static_high"].value]  # fmt: skip
        t = memref_type(op.results[0].type)
        sizes = []
        for i, d in enumerate(t.shape):
            if d == DYNAMIC:
                total = dim(b, source, i)
                for extra in (low_mixed[i], high_mixed[i]):
                    value = extra if not isinstance(extra, int) else index_constant(b, extra)
                    total = b.insert(arith.AddIOp.create([total, value], [index])).results[0]
                sizes.append(total)
        buffer = alloc(b, t, sizes)
        self.allocations.append(buffer)
        self.root[buffer] = buffer
        self.writable.add(buffer)
        _fill_from_region(b, buffer, op)
        # the shifted copy's loops take their sizes from any operand reading them plainly:
        # only where the target is no larger than the source along unshifted dims
        if all(isinstance(v, int) and (v or h == 0) for v, h in zip(low_mixed, high_mixed)):
            _copy_shifted(b, source, buffer, low_mixed)
        else:
            view = subview(b, buffer, low_mixed, [dim(b, source, i) for i in range(len(t.shape))],
                           [1] * len(t.shape), source.type.shape)  # fmt: skip
            _copy_elements(b, source, view)
        self._hold(op.results[0], buffer, buffer)

    def _splat(self, b: Builder, op) -> None:
        value, *sizes = op.operands
        buffer = alloc(b, memref_type(op.results[0].type), sizes)
        self.allocations.append(buffer)
        _fill(b, buffer, value)
        self._hold(op.results[0], buffer, buffer, writable=True)

    def _from_elements(self, b: Builder, op) -> None:
        t = memref_type(op.results[0].type)
        buffer = alloc(b, t, [])
        self.allocations.append(buffer)
        for flat, value in enumerate(op.operands):
            indices, rest = [], flat
            for size in reversed(t.shape):
                indices.append(index_constant(b, rest % size))
                rest //= size
            b.insert(StoreOp.create([value, buffer, *reversed(indices)], []))
        self._hold(op.results[0], buffer, buffer, writable=True)

    def _generate(self, b: Builder, op) -> None:
        """A loop nest over the result's elements running the body at each index."""
        t = memref_type(op.results[0].type)
        buffer = alloc(b, t, list(op.operands))
        self.allocations.append(buffer)
        body = op.regions[0].blocks[0]
        zero, one = index_constant(b, 0), index_constant(b, 1)
        uppers = [dim(b, buffer, i) for i in range(len(t.shape))]

        def nest(inner: Builder, ivs: list) -> list:
            if len(ivs) < len(uppers):
                build_for(inner, zero, uppers[len(ivs)], one, [],
                          lambda ib, iv, _: nest(ib, [*ivs, iv]))  # fmt: skip
                return []
            mapping = dict(zip(body.args, ivs))
            cloned = [inner.insert(inner_op.clone(mapping)) for inner_op in list(body.ops)[:-1]]
            (value,) = body.last_op.operands
            inner.insert(StoreOp.create([mapping.get(value, value), buffer, *ivs], []))
            for inner_op in cloned:
                _reads_buffers(inner_op)
            return []

        nest(b, [])
        self._hold(op.results[0], buffer, buffer, writable=True)

    def _rank(self, b: Builder, op) -> None:
        rank = index_constant(b, len(op.operand(0).type.shape))
        op.results[0].replace_all_uses_with(rank)

    def _return(self, b: Builder, op) -> None:
        for value, destination in zip(op.operands, self.destinations):
            if value is not destination:
                copy(b, value, destination)
        for buffer in self.allocations:
            dealloc(b, buffer)
        b.insert(func.ReturnOp([]))


def _reads_buffers(op) -> None:
    """`tensor.extract`/`tensor.dim` in `op` (a body op cloned into a loop nest) of tensors
    that now live in buffers become `memref.load`/`memref.dim`."""
    found = []
    op.walk(lambda o: found.append(o) if type(o) in (t.ExtractOp, t.DimOp)
            and isinstance(o.operand(0).type, MemRefType) else None)  # fmt: skip
    for o in found:
        kind = LoadOp if type(o) is t.ExtractOp else MemRefDimOp
        new = Builder.before(o, o.location).insert(
            kind.create(list(o.operands), [o.results[0].type]))
        o.results[0].replace_all_uses_with(new.results[0])
        o.erase()


def _fill(b: Builder, buffer, value) -> None:
    """Every element of `buffer` set to `value`: a buffer-form generic without inputs."""
    _elementwise_into(b, [], buffer, lambda args: value)


def _copy_elements(b: Builder, source, target) -> None:
    """`source` copied into `target` by a buffer-form generic, which becomes vectorizable
    parallel loops, where `memref.copy` between strided views is the runtime's
    element-by-element `memrefCopy` (a padded convolution input's copy took as long as
    the convolution)."""
    _elementwise_into(b, [source], target, lambda args: args[0])


def _copy_shifted(b: Builder, source, target, offsets: list[int]) -> None:
    """`target[i + offsets] = source[i]`: a generic over the source whose output map adds
    the offsets, so that it writes the padded buffer itself, not a view of it."""
    rank = len(source.type.shape)
    block = Block([source.type.element_type, target.type.element_type])
    Builder.at_end(block).insert(t.YieldOp.create([block.args[0]], []))
    shifted = AffineMap(rank, 0, tuple(AffineDimExpr(i) + o if o else AffineDimExpr(i)
                                       for i, o in enumerate(offsets)))  # fmt: skip
    props = {
        "indexing_maps": ArrayAttr((AffineMapAttr(AffineMap.identity(rank)),
                                    AffineMapAttr(shifted))),
        "iterator_types": ArrayAttr(tuple(StringAttr("parallel") for _ in range(rank))),
        "operandSegmentSizes": DenseArrayAttr(i32, (1, 1)),
    }
    b.insert(GenericOp.create([source, target], [], props, None, [Region([block])]))


def _elementwise_into(b: Builder, inputs: list, buffer, body) -> None:
    """A buffer-form all-parallel generic with identity maps writing `body(block args)`."""
    rank = len(buffer.type.shape)
    block = Block([v.type.element_type for v in (*inputs, buffer)])
    Builder.at_end(block).insert(t.YieldOp.create([body(list(block.args))], []))
    props = {
        "indexing_maps": ArrayAttr(
            tuple(AffineMapAttr(AffineMap.identity(rank)) for _ in range(len(inputs) + 1))),
        "iterator_types": ArrayAttr(tuple(StringAttr("parallel") for _ in range(rank))),
        "operandSegmentSizes": DenseArrayAttr(i32, (len(inputs), 1)),
    }
    b.insert(GenericOp.create([*inputs, buffer], [], props, None, [Region([block])]))


def _fill_from_region(b: Builder, buffer, op: PadOp) -> None:
    """Fill with the value `tensor.pad`'s region yields, which must not depend on the
    position (the region's index arguments): its ops are moved out before the fill."""
    block = op.regions[0].blocks[0]
    if any(list(arg.uses) for arg in block.args):
        raise op.emit_error("cannot be bufferized: the padding value depends on the position")
    (value,) = block.last_op.operands
    for inner in list(block.ops)[:-1]:
        inner.detach()
        b.insert(inner)
    _fill(b, buffer, value)


RULES = {
    t.EmptyOp: KernelBufferizer._empty,
    t.DimOp: KernelBufferizer._dim,
    t.ExtractOp: KernelBufferizer._extract,
    t.InsertOp: KernelBufferizer._insert,
    t.CastOp: KernelBufferizer._cast,
    t.SplatOp: KernelBufferizer._splat,
    t.FromElementsOp: KernelBufferizer._from_elements,
    t.RankOp: KernelBufferizer._rank,
    t.GenerateOp: KernelBufferizer._generate,
    GenericOp: KernelBufferizer._generic,
    ExtractSliceOp: KernelBufferizer._extract_slice,
    InsertSliceOp: KernelBufferizer._insert_slice,
    CollapseShapeOp: KernelBufferizer._reshape,
    ExpandShapeOp: KernelBufferizer._reshape,
    PadOp: KernelBufferizer._pad,
    func.ReturnOp: KernelBufferizer._return,
}
"""Op class -> how it bufferizes (called with the bufferizer, a builder before the op and
the op; the op is erased afterwards)."""
