"""Building memref code for bufferization: allocations sized from SSA values, copies,
views and constant globals. Shared by the kernel and the graph-function halves of
`bufferize`."""

from __future__ import annotations

from mlc.dialects import arith
from mlc.dialects.memref import layout
from mlc.dialects.memref.ops import (
    AllocOp,
    CopyOp,
    DeallocOp,
    DimOp,
    GetGlobalOp,
    GlobalOp,
)
from mlc.dialects.memref.views import CollapseShapeOp, SubViewOp, reassociation_attr
from mlc.ir.attributes import (
    DenseArrayAttr,
    IntegerAttr,
    StringAttr,
    SymbolRefAttr,
    TypeAttr,
    UnitAttr,
)
from mlc.ir.builder import Builder
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import DYNAMIC, MemRefType, RankedTensorType, i32, i64, index
from mlc.ir.view_like import dispatch


def memref_type(t: RankedTensorType) -> MemRefType:
    """The identity-layout memref a tensor of type `t` bufferizes to."""
    return MemRefType(tuple(t.shape), t.element_type)


def index_constant(b: Builder, value: int):
    op = arith.ConstantOp.create((), [index], {"value": IntegerAttr(value, index)})
    return b.insert(op).results[0]


def alloc(b: Builder, t: MemRefType, dynamic_sizes: list):
    """`memref.alloc` of `t`, one size value per `?` dim, aligned for vector loads."""
    props = {
        "operandSegmentSizes": DenseArrayAttr(i32, (len(dynamic_sizes), 0)),
        "alignment": IntegerAttr(64, i64),
    }
    return b.insert(AllocOp.create(dynamic_sizes, [t], props)).results[0]


def dim(b: Builder, buffer, axis: int):
    """The size of `buffer` along `axis`: a constant when static."""
    size = buffer.type.shape[axis]
    if size != DYNAMIC:
        return index_constant(b, size)
    return b.insert(DimOp.create([buffer, index_constant(b, axis)], [index])).results[0]


def alloc_like(b: Builder, t: MemRefType, like) -> object:
    """A fresh identity-layout buffer of `t` whose `?` sizes are those of buffer `like`."""
    t = MemRefType(tuple(t.shape), t.element_type)
    sizes = [dim(b, like, i) for i, d in enumerate(t.shape) if d == DYNAMIC]
    return alloc(b, t, sizes)


def copy(b: Builder, source, target) -> None:
    b.insert(CopyOp.create([source, target], []))


def dealloc(b: Builder, buffer) -> None:
    b.insert(DeallocOp.create([buffer], []))


def subview(b: Builder, source, offsets: list, sizes: list, strides: list, result_shape):
    """`memref.subview` of mixed (int or index value) lists; unit dims that `result_shape`
    drops are dropped from the result type (a rank-reducing slice)."""
    lists = [dispatch(m) for m in (offsets, sizes, strides)]
    statics = [s for s, _ in lists]
    full = layout.subview_type(source.type, *statics)
    result_type = full
    if len(result_shape) != len(full.shape):
        dropped = layout.rank_reduction_mask(full.shape, tuple(result_shape))
        kept = [i for i in range(len(full.shape)) if i not in dropped]
        strides_all, offset = layout.strides_and_offset(full)
        result_type = layout.strided_type(
            [full.shape[i] for i in kept], full, [strides_all[i] for i in kept], offset
        )
    props = {
        "operandSegmentSizes": DenseArrayAttr(i32, (1, *(len(v) for _, v in lists))),
        "static_offsets": DenseArrayAttr(i64, tuple(statics[0])),
        "static_sizes": DenseArrayAttr(i64, tuple(statics[1])),
        "static_strides": DenseArrayAttr(i64, tuple(statics[2])),
    }
    operands = [source, *lists[0][1], *lists[1][1], *lists[2][1]]
    return b.insert(SubViewOp.create(operands, [result_type], props)).results[0]


class ConstantGlobals:
    """Private constant `memref.global`s for a module's tensor constants, one per distinct
    value, named `__constant_<n>` (MLIR's bufferization names them alike)."""

    def __init__(self, module) -> None:
        self.module = module
        self.symbols = SymbolTable(module)
        self.by_value: dict = {}

    def get(self, b: Builder, value) -> object:
        """`memref.get_global` of the global holding elements attribute `value`."""
        t = memref_type(value.type)
        name = self.by_value.get(value)
        if name is None:
            name, n = "__constant", 0
            while self.symbols.lookup(name) is not None:
                n += 1
                name = f"__constant_{n}"
            props = {
                "sym_name": StringAttr(name),
                "sym_visibility": StringAttr("private"),
                "type": TypeAttr(t),
                "initial_value": value,
                "constant": UnitAttr(),
                "alignment": IntegerAttr(64, i64),
            }
            glob = GlobalOp.create((), (), props)
            first = self.module.regions[0].blocks[0].first_op
            self.symbols.insert(glob)
            if first is not None:  # globals first, as MLIR's bufferization places them
                glob.move_before(first)
            self.by_value[value] = name
        return b.insert(GetGlobalOp.create((), [t], {"name": SymbolRefAttr(name)})).results[0]


def collapse_trailing(b: Builder, source, count: int):
    """A view of `source` with its last `count` dims collapsed into one, or None when they
    are not contiguous in memory (`memref.collapse_shape`)."""
    rank = source.type.rank
    groups = [[d] for d in range(rank - count)] + [list(range(rank - count, rank))]
    result_type = layout.collapsed_type(source.type, groups)
    if result_type is None:
        return None
    properties = {"reassociation": reassociation_attr(groups)}
    op = CollapseShapeOp.create([source], [result_type], properties, location=b.location)
    return b.insert(op).results[0]
