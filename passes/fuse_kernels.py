"""`graph-fuse-kernels`: chains of element-wise kernels become one kernel, the tensors between
them never built, element-wise kernels after a matmul or convolution become its epilogue,
and row-wise kernels (normalizations) merge into one loop over their rows (Relax's
`FuseOps` + `FuseTIR`, with MLIR's elementwise fusion inside).

After `graph-legalize` every graph op is a `graph.call_dps` of its own kernel, so
`relu(x * a + b)` writes and reads a full tensor per op. This pass merges a producer call
into its consumer call when

- the producer's kernel is element-wise (`is_elementwise_kernel`): one `tensor.generic`
  whose loops are all parallel and whose result the kernel returns, next to scalar and
  index ops (constants, `tensor.dim`, `tensor.empty`). Unary and binary ops, comparisons,
  `where`, `cast`, `clip`, broadcasts, transposes, batch_norm at inference qualify;
- its one result is used by one `graph.call_dps` in the same block and by nothing else (a
  value returned, or read by two calls, stays materialized: fusing would compute it twice;
  once those calls have merged into one, it has one reader again);
- inside the merged kernel, `tensor-fuse-elementwise-ops` (`fuse_generics`) fuses the
  producer's generic into the generic reading it, so nothing of the producer's tensor is
  left (a consumer that reads it through a broadcast or as a matmul operand would
  recompute each element many times: then the calls stay apart).

A contraction kernel (a matmul, linear or convolution: its result is a multiply-accumulate
`tensor.generic`'s, `contraction_epilogue`) merges the same way into an element-wise consumer
that reads the contraction's result at the consumer's own output indices (bias, activation,
residual add): that generic is then the contraction's **epilogue**, and the merged kernel a
contraction kernel again, so a chain `matmul -> add -> relu` becomes one kernel whose
epilogue computes `relu(acc + bias)`. Every kernel so shaped (`graph-legalize`'s linear and
gemm too) is finally rewritten so that the epilogue reads the contraction's result as its
own output's old value, in place (`write_epilogue_in_place`): bufferization then keeps the
product in the destination, with no scratch buffer and no copy, and `tensor-tile-contractions`
applies the epilogue to the accumulators in registers as it stores them.

Row-wise kernels merge without fusing their generics (`row_wise_pair`). A kernel is
row-wise over its first `r` loops (`row_loops`) when each of its generics runs them as
parallel loops over the leading `r` dims of the kernel's result, and writes, and reads of
what the kernel computed, only at them: layer norm, softmax, log_softmax, row reductions,
rms-norm-like kernels, element-wise kernels (a contraction is not: `tensor-tile-contractions`
tiles its rows). A producer merges into its consumer, under the same rules of one user in
the same block, when both are row-wise over some same leading loops and every generic of
the consumer reads the producer's result at those rows. The merged kernel holds the
producer's generics then the consumer's, the producer's result a `tensor.empty` of the
kernel (generic fusion still applies where it can): `convert-tensor-to-loops{fuse-rows}`
runs all of them as one loop over the rows, in which that tensor needs one row at a time
(see `row_fusion`), so `softmax(layer_norm(x))` no longer writes and reads the normalized
tensor in memory. Nothing runs twice: each generic is kept once.

The merged kernel (`fused_<ops>_kernel`, private) takes the producer's inputs and the
consumer's other inputs, each graph value once, then the consumer's destinations; the
producer's destination becomes a `tensor.empty` sized from the dims of those parameters
with the same symbolic size. Merging repeats to a fixed point, so a chain (or a tree whose
every intermediate has one user) becomes one kernel with one generic; identical merged
kernels are shared, and kernels left without callers are erased.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import func
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.graph.function import FuncOp as GraphFuncOp
from mlc.dialects.graph.types import TensorType
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.tensor.ops import DimOp as TensorDimOp
from mlc.dialects.tensor.ops import EmptyOp
from mlc.ir.affine import AffineDimExpr, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, StringAttr, SymbolRefAttr
from mlc.ir.builder import Builder
from mlc.ir.effects import is_trivially_dead, would_be_trivially_dead
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import DYNAMIC, FunctionType, RankedTensorType, i32
from mlc.ir.values import OpResult
from mlc.passes.fuse_generics import fuse_elementwise_generics
from mlc.passes.graph_kernels.builders import dim, empty, index_constant
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.symbol_dce import symbol_refs, visibility
from mlc.passes.tensor_schedule import is_multiply_add


# --- which kernels --------------------------------------------------------------------------------
def is_elementwise_kernel(kernel) -> bool:
    """A defined kernel with one result, computed by one all-parallel tensor-form generic
    that it returns; its other ops compute scalars or indices, or are `tensor.empty`."""
    if not isinstance(kernel, func.FuncOp) or kernel.is_declaration():
        return False
    if len(kernel.type.results) != 1 or len(kernel.regions[0].blocks) != 1:
        return False
    generics = [op for op in kernel.entry_block.ops if isinstance(op, GenericOp)]
    if len(generics) != 1 or generics[0].has_buffer_semantics():
        return False
    (generic,) = generics
    if any(it != "parallel" for it in generic.iterators()):
        return False
    returned = kernel.entry_block.last_op
    if not isinstance(returned, func.ReturnOp) or returned.operands != generic.results:
        return False
    others = (op for op in kernel.entry_block.ops if op is not generic and op is not returned)
    return all(_is_scalar_or_index_op(op) for op in others)


def _is_scalar_or_index_op(op) -> bool:
    """`tensor.empty`, or an op without regions or tensor results whose only effect is its
    results (a constant, `tensor.dim`, index arithmetic)."""
    if isinstance(op, EmptyOp):
        return True
    no_tensors = not any(isinstance(t, RankedTensorType) for t in op.result_types)
    return not op.regions and no_tensors and would_be_trivially_dead(op)


def contraction_epilogue(kernel) -> tuple[GenericOp, GenericOp | None] | None:
    """(contraction, epilogue) when `kernel` returns the result of a multiply-accumulate
    generic (the contraction; epilogue None), or of an all-parallel generic (the epilogue)
    that is the contraction result's one user and reads it at its own output indices."""
    if not isinstance(kernel, func.FuncOp) or kernel.is_declaration():
        return None
    if len(kernel.type.results) != 1 or len(kernel.regions[0].blocks) != 1:
        return None
    returned = kernel.entry_block.last_op
    if not isinstance(returned, func.ReturnOp):
        return None
    last = _generic_defining(returned.operand(0))
    if last is None:
        return None
    if _is_contraction(last):
        return last, None
    if any(it != "parallel" for it in last.iterators()):
        return None
    maps = last.maps()
    for k, value in enumerate(last.inputs):
        contraction = _generic_defining(value)
        if contraction is not None and _is_contraction(contraction) and value.has_one_use():
            same_indices = maps[k] == maps[-1] and value.type == last.result_types[0]
            return (contraction, last) if same_indices else None
    return None


def _generic_defining(value) -> GenericOp | None:
    """The tensor-form generic with one result that defines `value`, if one does."""
    owner = value.owner if isinstance(value, OpResult) else None
    if not isinstance(owner, GenericOp) or owner.has_buffer_semantics():
        return None
    return owner if len(owner.results) == 1 else None


def _is_contraction(generic: GenericOp) -> bool:
    """Two inputs multiplied and summed over at least one reduction loop."""
    reduces = any(it == "reduction" for it in generic.iterators())
    return reduces and len(generic.inputs) == 2 and is_multiply_add(generic)


# --- row-wise kernels ----------------------------------------------------------------------------
def row_loops(kernel) -> int:
    """How many leading loops every generic of `kernel` runs over the leading dims of its
    result, one row per iteration (`row_fusion`'s rows, seen on tensors); 0 when `kernel`
    is not row-wise. Besides its generics (no contraction: `tensor-tile-contractions` tiles
    those rows instead), it holds only scalar and index ops, and returns a generic's result."""
    if not isinstance(kernel, func.FuncOp) or kernel.is_declaration():
        return 0
    if len(kernel.type.results) != 1 or len(kernel.regions[0].blocks) != 1:
        return 0
    returned = kernel.entry_block.last_op
    if not isinstance(returned, func.ReturnOp) or _generic_defining(returned.operand(0)) is None:
        return 0
    result = returned.operand(0).type
    rows = len(result.shape)
    for op in kernel.entry_block.ops:
        if isinstance(op, GenericOp):
            rows = min(rows, _generic_rows(op, result))
        elif op is not returned and not _is_scalar_or_index_op(op):
            return 0
    return rows


def _generic_rows(generic: GenericOp, result: RankedTensorType) -> int:
    """The leading loops of a tensor-form generic that are parallel and read as the same
    leading dims by its outputs (sized as `result` there) and by the inputs the kernel
    computed (its parameters may be read anyhow)."""
    if generic.has_buffer_semantics() or _is_contraction(generic):
        return 0
    n_in = len(generic.inputs)
    maps = generic.maps()
    local = [m for v, m in zip(generic.inputs, maps) if isinstance(v, OpResult)]
    local += maps[n_in:]
    rows = 0
    for d, iterator in enumerate(generic.iterators()):
        if iterator != "parallel" or not all(_reads_row(m, d) for m in local):
            break
        if any(d >= len(result.shape) or v.type.shape[d] != result.shape[d]
               for v in generic.outputs):  # fmt: skip
            break
        rows += 1
    return rows


def _reads_row(m, d: int) -> bool:
    """`m` reads loop `d` as its result `d`."""
    return len(m.results) > d and m.results[d] == AffineDimExpr(d)


def reads_at_rows(parameter, rows: int) -> bool:
    """Every generic reading the kernel parameter `parameter` reads it at its first `rows`
    loops, as its leading dims; its other uses only ask its sizes."""
    for use in parameter.uses:
        op = use.owner
        if isinstance(op, TensorDimOp):
            continue
        if not isinstance(op, GenericOp) or use.index >= len(op.inputs):
            return False
        if not all(_reads_row(op.maps()[use.index], d) for d in range(rows)):
            return False
    return True


def row_wise_pair(producer: CallDpsOp, consumer: CallDpsOp, kp, kc) -> bool:
    """Both kernels are row-wise over some same leading loops (at least one), and
    `consumer`'s kernel reads `producer`'s result at those rows only."""
    rows = min(row_loops(kp), row_loops(kc))
    value = producer.results[0]
    reads = [kc.args[i] for i, v in enumerate(consumer.operands) if v is value] if rows else []
    while rows and not all(reads_at_rows(a, rows) for a in reads):
        rows -= 1  # a broadcast along the inner rows still reads at the outer ones
    return rows > 0


def sole_consumer(call: CallDpsOp) -> CallDpsOp | None:
    """The one `graph.call_dps` in `call`'s block that uses its one result, if nothing else
    does (it may pass the value more than once)."""
    if len(call.results) != 1:
        return None
    users = {id(u): u for u in call.results[0].users}
    if len(users) != 1:
        return None
    (user,) = users.values()
    if not isinstance(user, CallDpsOp) or user.parent is not call.parent:
        return None
    return user


# --- merging two kernels -----------------------------------------------------------------------
@dataclass
class MergedKernel:
    """A merged kernel not yet in the module, and the graph values its call passes."""

    kernel: func.FuncOp
    operands: list


def merge(producer: CallDpsOp, consumer: CallDpsOp, kp: func.FuncOp, kc: func.FuncOp,
          row_wise: bool = False) -> MergedKernel | None:  # fmt: skip
    """The kernel computing `consumer`'s results with `producer`'s kernel inlined and its
    generic fused away (or, a contraction's, read by an epilogue); None where the
    producer's tensor would remain otherwise, unless the kernels are `row_wise` (then it
    remains, a kernel-local tensor written and read row by row)."""
    value = producer.results[0]
    params = _Parameters()
    p_params = [params.index(v, kp.args[j].type) for j, v in enumerate(producer.operands)]
    reads = [i for i, v in enumerate(consumer.operands) if v is value]
    c_params = {i: params.index(v, kc.args[i].type)
                for i, v in enumerate(consumer.operands) if v is not value}  # fmt: skip
    count = len(consumer.operands)
    dests = [a.type for a in kc.args[count:]]
    signature = FunctionType((*params.types, *dests), tuple(kc.type.results))
    kernel = func.FuncOp("fused_kernel", signature, visibility="private",
                         loc=consumer.location)  # fmt: skip
    args = list(kernel.args)
    sized_by = [(v.type, args[i]) for i, v in enumerate(params.values)]
    sized_by += [(t, args[len(params.values) + j]) for j, t in enumerate(consumer.result_types)]
    b = Builder.at_end(kernel.entry_block, producer.location)
    scratch = _sized_like(b, value.type, kp.args[len(p_params)].type, sized_by)
    if scratch is None:
        return None
    mapping = {kp.args[j]: args[p] for j, p in enumerate(p_params)}
    mapping[kp.args[len(p_params)]] = scratch
    produced = _inline_body(kernel, kp, mapping, returns=False)
    if any(kc.args[i].type != produced.type for i in reads):
        return _discard(kernel)
    mapping = {kc.args[i]: args[p] for i, p in c_params.items()}
    mapping |= dict.fromkeys((kc.args[i] for i in reads), produced)
    mapping |= {a: args[len(params.values) + j] for j, a in enumerate(kc.args[count:])}
    _inline_body(kernel, kc, mapping, returns=True)
    fuse_elementwise_generics(kernel)
    _erase_dead_ops(kernel)
    kept = row_wise or _is_epilogue_of(kernel, produced)
    if scratch.owner.parent is not None and not kept:
        return _discard(kernel)
    return MergedKernel(kernel, params.values)


def _is_epilogue_of(kernel: func.FuncOp, product) -> bool:
    """Whether `kernel` returns an epilogue applied to `product`, a contraction's result."""
    found = contraction_epilogue(kernel)
    return found is not None and found[1] is not None and found[0].results[0] is product


def _discard(kernel: func.FuncOp) -> None:
    """Drop a trial kernel, unlinking its uses so no value it read counts them."""
    kernel.drop_all_references()


class _Parameters:
    """The merged kernel's inputs: each (graph value, parameter type) once, in the order
    first asked for (the producer's inputs, then the consumer's others)."""

    def __init__(self) -> None:
        self.values: list = []
        self.types: list = []

    def index(self, value, t) -> int:
        for i, (v, known) in enumerate(zip(self.values, self.types)):
            if v is value and known == t:
                return i
        self.values.append(value)
        self.types.append(t)
        return len(self.values) - 1


def _sized_like(b: Builder, graph_type: TensorType, builtin: RankedTensorType,
                sized_by: list):  # fmt: skip
    """A `tensor.empty` of type `builtin`, each `?` dim read from a parameter whose graph
    type has the same symbolic size there; None if no parameter has."""
    sizes: list = []
    for axis, size in enumerate(builtin.shape):
        wanted = graph_type.shape[axis]
        if size != DYNAMIC:
            sizes.append(size)
        elif type(wanted) is int:
            sizes.append(index_constant(b, wanted))
        elif wanted is None:
            return None
        else:
            found = _parameter_with_dim(sized_by, wanted)
            if found is None:
                return None
            sizes.append(dim(b, *found))
    return empty(b, sizes, builtin.element_type)


def _parameter_with_dim(sized_by: list, wanted) -> tuple | None:
    """(parameter, axis) of the first (graph type, parameter) whose type has dim `wanted`."""
    for graph_type, arg in sized_by:
        for axis, d in enumerate(graph_type.shape):
            if type(d) is not int and d is not None and d == wanted:
                return arg, axis
    return None


def _inline_body(kernel: func.FuncOp, callee: func.FuncOp, mapping: dict, returns: bool):
    """Clone `callee`'s body to the end of `kernel` with its parameters mapped. With
    `returns`, its `func.return` too; without, the (one) value it returns, mapped."""
    for op in callee.entry_block.ops:
        if isinstance(op, func.ReturnOp) and not returns:
            return mapping.get(op.operand(0), op.operand(0))
        kernel.entry_block.append(op.clone(mapping))
    return None


def write_epilogue_in_place(kernel) -> bool:
    """Make a contraction kernel's epilogue read the product as its output's old value and
    the contraction accumulate into the epilogue's destination (replacing the scratch
    `tensor.empty` it had), so bufferization writes both in one buffer; whether it did.
    Only where the epilogue does not read its output already and the types agree."""
    found = contraction_epilogue(kernel)
    if found is None or found[1] is None:
        return False
    contraction, epilogue = found
    product, destination = contraction.results[0], epilogue.outputs[0]
    block = epilogue.regions[0].blocks[0]
    if block.args[-1].has_uses() or product.type != destination.type:
        return False
    scratch = _destination_root(contraction)
    if isinstance(scratch.owner, EmptyOp) and scratch.has_one_use():
        scratch.replace_all_uses_with(destination)
        scratch.owner.erase()
    k = list(epilogue.inputs).index(product)
    block.args[k].replace_all_uses_with(block.args[-1])
    block.erase_argument(k)
    maps = [m for i, m in enumerate(epilogue.maps()) if i != k]
    inputs = [v for i, v in enumerate(epilogue.inputs) if i != k]
    epilogue.set_operands([*inputs, product])
    epilogue.properties["indexing_maps"] = ArrayAttr(tuple(AffineMapAttr(m) for m in maps))
    epilogue.properties["operandSegmentSizes"] = DenseArrayAttr(i32, (len(inputs), 1))
    _erase_dead_ops(kernel)  # the scratch's sizes
    return True


def _destination_root(contraction: GenericOp):
    """The tensor the contraction's output starts from, looking through the fills (generics
    with no inputs whose body ignores the output's old value) before it."""
    value = contraction.outputs[0]
    while (fill := _generic_defining(value)) is not None and not fill.inputs:
        if fill.regions[0].blocks[0].args[-1].has_uses():
            break
        value = fill.outputs[0]
    return value


def _erase_dead_ops(kernel: func.FuncOp) -> None:
    """Erase the ops of `kernel`'s body whose results are unused and that have no effect."""
    for op in kernel.entry_block.reversed_ops():
        if is_trivially_dead(op):
            op.erase()


# --- the pass ------------------------------------------------------------------------------------
class FusedKernels:
    """The merged kernels of one module, named after the ops they fuse; kernels whose
    bodies print the same are one."""

    def __init__(self, module, epilogues: bool = True) -> None:
        self.symbols = SymbolTable(module)
        self.epilogues = epilogues
        self.by_body: dict[str, str] = {}
        self.replaced: set[str] = set()

    def kernel(self, call: CallDpsOp):
        return self.symbols.lookup(call.properties["callee"].root)

    def add(self, merged: func.FuncOp, stem: str) -> str:
        """The name of a kernel equal to `merged` (inserting it, named after `stem`, if new)."""
        body = merged.print(generic=True)
        name = self.by_body.get(body)
        if name is None:
            name = self.symbols.fresh_name(f"fused_{stem[:48]}_kernel")
            merged.properties["sym_name"] = StringAttr(name)
            self.symbols.insert(merged)
            self.by_body[body] = name
        return name

    def erase_unused(self, module) -> None:
        """Erase the private kernels that lost their last caller to a merge."""
        used: set[str] = set()
        module.walk(lambda op: used.update(
            r.root for v in (*op.properties.values(), *op.attributes.values())
            for r in symbol_refs(v)))  # fmt: skip
        for name in sorted(self.replaced - used):
            kernel = self.symbols.lookup(name)
            if kernel is not None and visibility(kernel) == "private":
                self.symbols.erase(kernel)


def kernel_stem(name: str) -> str:
    """The op names in a kernel's name: `add_kernel_1` -> `add`, `fused_mul_add_kernel`
    -> `mul_add`."""
    stem = name.removeprefix("fused_")
    return stem[: stem.rfind("_kernel")] if "_kernel" in stem else stem


def _symbol(kernel) -> str:
    return kernel.properties["sym_name"].value


def try_merge(call: CallDpsOp, kernels: FusedKernels) -> CallDpsOp | None:
    """Merge `call` into its sole consumer if the rules allow (module doc); the call of
    the merged kernel, which replaces both, or None."""
    consumer = sole_consumer(call)
    if consumer is None:
        return None
    kp, kc = kernels.kernel(call), kernels.kernel(consumer)
    if not isinstance(kc, func.FuncOp) or kc.is_declaration():
        return None
    contraction = kernels.epilogues and contraction_epilogue(kp) is not None
    row_wise = row_wise_pair(call, consumer, kp, kc)
    if not (is_elementwise_kernel(kp) or contraction or row_wise):
        return None
    if not all(isinstance(v.type, TensorType) for v in (*call.operands, *consumer.operands)):
        return None
    merged = merge(call, consumer, kp, kc, row_wise)
    if merged is None:
        return None
    name = kernels.add(merged.kernel, f"{kernel_stem(_symbol(kp))}_{kernel_stem(_symbol(kc))}")
    callee = {"callee": SymbolRefAttr(name)}
    fused = CallDpsOp.create(merged.operands, consumer.result_types, callee,
                             location=consumer.location)  # fmt: skip
    consumer.parent.insert_before(fused, consumer)
    for old, new in zip(consumer.results, fused.results):
        old.replace_all_uses_with(new)
    kernels.replaced |= {_symbol(kp), _symbol(kc)}
    consumer.erase()
    call.erase()
    return fused


@register_pass
@dataclass(frozen=True)
class GraphFuseKernels(Pass):
    """Merges chains of element-wise kernel calls into one kernel each, into the
    contraction kernel before them as its epilogue, and chains of row-wise kernels."""

    name = "graph-fuse-kernels"
    summary = (
        "Fuse chains of element-wise graph.call_dps kernels into one kernel, into a "
        "matmul's or convolution's kernel as its epilogue, and chains of row-wise kernels "
        "(layer norm, softmax) into one kernel"
    )
    anchor = "builtin.module"
    epilogues: bool = field(default=True, metadata={
        "help": "merge element-wise kernels into the contraction kernel before them"})

    def run(self, op) -> None:
        kernels = FusedKernels(op, self.epilogues)
        blocks: dict = {}
        for function in op.regions[0].blocks[0].ops:
            if isinstance(function, GraphFuncOp):
                function.walk(lambda o: blocks.setdefault(id(o.parent), o.parent)
                              if isinstance(o, CallDpsOp) else None)  # fmt: skip
        for block in blocks.values():
            while _sweep(block, kernels):
                pass
        kernels.erase_unused(op)
        if not self.epilogues:
            return
        called = {call.properties["callee"].root for block in blocks.values()
                  for call in block.ops if isinstance(call, CallDpsOp)}  # fmt: skip
        for name in sorted(called):
            write_epilogue_in_place(kernels.symbols.lookup(name))


def _sweep(block, kernels: FusedKernels) -> bool:
    """Try each call of `block` in order as a producer; after a merge, go on from the op
    that followed the producer, so the merged call (where the consumer was) is tried next
    in its turn. Whether anything merged."""
    merged = False
    op = block.first_op
    while op is not None:
        following = op.next_op
        fused = try_merge(op, kernels) if isinstance(op, CallDpsOp) else None
        if fused is not None:
            merged = True
            if following is not None and following.parent is None:  # it was the consumer
                following = fused
        op = following
    return merged
