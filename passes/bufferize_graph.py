"""Bufferizing a graph function: `graph.func @f<n>(tensors) -> tensors` whose body is
`graph.call_dps`es of kernels (after `graph-legalize`) becomes

    func.func @f(%n: index, %x: memref<?x4xf32>, ...) -> memref<?x8xf32>

Size variables become leading `index` parameters: the caller binds them from the input
shapes (the runtime does, before entering native code, and checks every input against
them), so no size has to be solved for in the IR; a symbolic dim is computed from them with
index arithmetic. Each `graph.call_dps` allocates its destinations and calls the kernel on
memrefs; constants become private `memref.global`s; `graph.dataflow` regions are inlined.
A result is returned in the buffer a call allocated (the caller owns and frees it), or a
fresh copy when it is an input, a constant or returned twice. Every other allocation is
freed right after its last use, in program order (Relax's `KillAfterLastUse`). A buffer is
`memref.cast` to the callee's parameter type where they differ: an external kernel may be
declared once with `?` dims and called on static shapes, as `graph.call_dps` allows.

The function keeps its graph signature in discardable attributes, which later lowering
carries to the llvm function: `mlc.graph_type` (the graph function type) and
`mlc.size_vars`, and `mlc.source_type`, the memref signature the runtime calls it with
(the function's, but for unsigned elements, which the function takes as signless ones).
"""

from __future__ import annotations

from mlc.dialects import arith, func
from mlc.dialects.graph.call_dps import CallDpsOp, builtin_tensor_type, signless_element
from mlc.dialects.graph.constant import ConstantOp
from mlc.dialects.graph.dataflow import DataflowOp, OutputOp
from mlc.dialects.graph.function import FuncOp as GraphFuncOp
from mlc.dialects.graph.function import ReturnOp
from mlc.dialects.graph.symbolic import Compound
from mlc.dialects.graph.types import TensorType
from mlc.dialects.memref.ops import CastOp as MemRefCastOp
from mlc.ir.attributes import ArrayAttr, DenseResourceElementsAttr, StringAttr, TypeAttr
from mlc.ir.builder import Builder
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import FunctionType, RankedTensorType, index
from mlc.passes.buffers import ConstantGlobals, alloc, copy, dealloc, index_constant, memref_type

GRAPH_TYPE_ATTR = "mlc.graph_type"
SIZE_VARS_ATTR = "mlc.size_vars"
SOURCE_TYPE_ATTR = "mlc.source_type"


def lower_graph_function(gf: GraphFuncOp, globals_: ConstantGlobals) -> func.FuncOp:
    """The `func.func` that replaces `gf` (see the module docstring); `gf` is erased."""
    return _GraphLowering(gf, globals_).run()


def _signature(gtype, size_vars: list, keep_sign: bool) -> FunctionType:
    """The memref signature of graph function type `gtype`: the function's own (signless
    elements), or with `keep_sign` the one the runtime calls it with (`ui8` arrays)."""
    def buffers(types) -> list:
        return [memref_type(builtin_tensor_type(t, keep_sign)) for t in types]

    return FunctionType((*[index] * len(size_vars), *buffers(gtype.inputs)),
                        tuple(buffers(gtype.results)))  # fmt: skip


def signless_elements(value):
    """A constant's elements attribute with unsigned elements retyped signless (the same
    bytes), as the tensor level takes them (`builtin_tensor_type`)."""
    t = value.type
    element = signless_element(t.element_type)
    if element == t.element_type:
        return value
    signless = RankedTensorType(t.shape, element)
    if isinstance(value, DenseResourceElementsAttr):
        return DenseResourceElementsAttr(value.handle, signless)
    return DenseElementsAttr(signless, value.raw, value.is_splat)


class _GraphLowering:
    def __init__(self, gf: GraphFuncOp, globals_: ConstantGlobals) -> None:
        self.gf = gf
        self.globals = globals_
        self.buffer: dict = {}  # graph value -> memref value
        self.owned: dict = {}  # buffers this function allocated, in order (deallocs follow it)
        self.sizes: dict = {}  # size variable or dim expression -> index value
        self.symbols = SymbolTable(gf.parent_op)

    def run(self) -> func.FuncOp:
        gf = self.gf
        gtype = gf.type
        for i, t in enumerate([*gtype.inputs, *gtype.results]):
            if not isinstance(t, TensorType):
                raise gf.emit_error(f"cannot be bufferized: type #{i} '{t}' is not a tensor")
        size_vars = gf.size_vars
        ftype, source = (_signature(gtype, size_vars, keep_sign) for keep_sign in (False, True))
        visibility = gf.properties.get("sym_visibility")
        new = func.FuncOp(gf.properties["sym_name"].value, ftype,
                          visibility=visibility.value if visibility else None,
                          loc=gf.location)  # fmt: skip
        for key, value in gf.attributes.items():
            new.attributes[key] = value
        new.attributes[GRAPH_TYPE_ATTR] = TypeAttr(gtype)
        new.attributes[SIZE_VARS_ATTR] = ArrayAttr(tuple(StringAttr(v) for v in size_vars))
        new.attributes[SOURCE_TYPE_ATTR] = TypeAttr(source)
        args = list(new.args)
        self.sizes = dict(zip(size_vars, args))
        for old, arg in zip(gf.args, args[len(size_vars) :]):
            self.buffer[old] = arg
        b = Builder.at_end(new.entry_block, gf.location)
        self._lower_block(b, gf.entry_block)
        _free_after_last_use(new, self.owned)
        gf.parent.insert_before(new, gf)
        gf.erase()
        return new

    def _lower_block(self, b: Builder, block) -> list:
        """Lower `block`'s ops; the values its terminator gives out, as buffers."""
        for op in block.ops:
            b.location = op.location
            if isinstance(op, CallDpsOp):
                self._call(b, op)
            elif isinstance(op, ConstantOp):
                value = signless_elements(op.properties["value"])
                self.buffer[op.results[0]] = self.globals.get(b, value)
            elif isinstance(op, DataflowOp):
                outs = self._lower_block(b, op.regions[0].blocks[0])
                self.buffer.update(zip(op.results, outs))
            elif isinstance(op, OutputOp):
                return [self.buffer[v] for v in op.operands]
            elif isinstance(op, ReturnOp):
                self._return(b, op)
            else:
                raise op.emit_error(
                    "cannot be bufferized: only graph.call_dps, graph.constant and "
                    "graph.dataflow are (run graph-legalize first)"
                )
        return []

    def _call(self, b: Builder, op: CallDpsOp) -> None:
        outs = [self._allocate(b, op, t) for t in op.result_types]
        args = [self.buffer[v] for v in op.operands]
        callee = op.properties["callee"]
        params = self.symbols.lookup(callee.root).type.inputs
        operands = [_cast(b, buffer, t) for buffer, t in zip([*args, *outs], params)]
        b.insert(func.CallOp.create(operands, [], {"callee": callee}))
        self.buffer.update(zip(op.results, outs))

    def _allocate(self, b: Builder, op, t: TensorType):
        sizes = []
        for d in t.shape:
            if d is None:
                raise op.emit_error(f"cannot be bufferized: result type '{t}' has an unknown "
                                    "dim '?' (its size is known only after the call)")  # fmt: skip
            if type(d) is not int:
                sizes.append(self._size(b, d))
        buffer = alloc(b, memref_type(builtin_tensor_type(t)), sizes)
        self.owned[buffer] = None
        return buffer

    def _size(self, b: Builder, d):
        """An index value of symbolic dim `d` (each distinct expression built once)."""
        if type(d) is int:
            return index_constant(b, d)
        if isinstance(d, str):
            return self.sizes[d]
        value = self.sizes.get(d)
        if value is not None:
            return value
        if isinstance(d, Compound):
            value = self._compound(b, d)
        else:
            value = None
            for monomial, coefficient in d.terms:
                term = index_constant(b, coefficient) if coefficient != 1 or not monomial else None
                for atom in monomial:
                    factor = self._size(b, atom)
                    term = factor if term is None else _binary(b, arith.MulIOp, term, factor)
                value = term if value is None else _binary(b, arith.AddIOp, value, term)
        self.sizes[d] = value
        return value

    def _compound(self, b: Builder, atom: Compound):
        x, y = (self._size(b, a) for a in atom.args)
        if atom.op == "floordiv":
            return _binary(b, arith.FloorDivSIOp, x, y)
        if atom.op == "mod":  # floor modulo: x - (x floordiv y) * y
            quotient = _binary(b, arith.FloorDivSIOp, x, y)
            return _binary(b, arith.SubIOp, x, _binary(b, arith.MulIOp, quotient, y))
        return _binary(b, arith.MinSIOp if atom.op == "min" else arith.MaxSIOp, x, y)

    def _return(self, b: Builder, op) -> None:
        returned = []
        for v in op.operands:
            buffer = self.buffer[v]
            if buffer not in self.owned or buffer in returned:
                fresh = self._allocate(b, op, v.type)
                copy(b, buffer, fresh)
                buffer = fresh
            returned.append(buffer)
        for buffer in returned:
            self.owned.pop(buffer, None)
        b.insert(func.ReturnOp(returned))


def _cast(b: Builder, buffer, t):
    """`buffer` as type `t`: itself, or a `memref.cast` (static and `?` dims traded)."""
    if buffer.type == t:
        return buffer
    return b.insert(MemRefCastOp.create([buffer], [t])).results[0]


def _binary(b: Builder, op_class, x, y):
    return b.insert(op_class.create([x, y], [index])).results[0]


def _free_after_last_use(function: func.FuncOp, buffers) -> None:
    """`memref.dealloc` of each of `buffers` after the last op of the body that uses it,
    directly or through a `memref.cast`."""
    block = function.entry_block
    position = {op: i for i, op in enumerate(block.ops)}
    for buffer in buffers:
        last = buffer.op
        users = [use.owner for use in buffer.uses]
        for user in users:
            if isinstance(user, MemRefCastOp):
                users.extend(use.owner for use in user.results[0].uses)
            if position[user] > position[last]:
                last = user
        dealloc(Builder.before(last.next_op), buffer)

