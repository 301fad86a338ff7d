"""`tensor-fuse-elementwise-ops`: a parallel `tensor.generic` fused into the generic that
reads its result, as MLIR's `linalg-fuse-elementwise-ops` fuses `linalg.generic`s on tensors.

The consumer keeps its loops and outputs; the producer's inputs become consumer inputs, each
read at its producer map composed with the inverse of the producer's output map and with the
consumer's map of the fused operand; the producer's body is inlined ahead of the
consumer's, its yielded element standing for the operand's. When the producer had no other
user it is gone, and the tensor between the two is never built.

What fuses (`fusable_producer`) is MLIR's `areElementwiseOpsFusable`, made stricter
wherever MLIR would compute an element twice:

- the producer is a tensor-form generic with one result, every loop parallel, an output
  map that is a permutation, and a body that does not read its output's old value;
- its result has exactly one use, this input of the consumer (MLIR also fuses a producer
  with several users and keeps it for the others; here it stays materialized, once);
- the consumer reads it injectively: every consumer loop is a plain dim of the operand's
  map, its other results are constants (a broadcast or a matmul operand reads an element
  many times, and fusing would recompute it at each read);
- every loop of the fused op is still read as a plain dim by some operand (the loop sizes
  come from the operands).

Reductions qualify as consumers (an `exp` feeding a sum): each element still enters the
accumulator once, in the consumer's loop order. Fusion performs the same scalar operations
in the same types as before, so results are unchanged, bit for bit in the interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects.arith import ConstantOp
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.tensor.ops import DimOp, EmptyOp
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.effects import is_trivially_dead
from mlc.ir.types import DYNAMIC, i32
from mlc.ir.values import OpResult
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


# --- maps --------------------------------------------------------------------------------------
def is_injective_read(m: AffineMap) -> bool:
    """Each loop of `m`'s domain is one of its results as a plain dim, and the other results
    are constants: no two iterations read the same element."""
    dims = [e.position for e in m.results if isinstance(e, AffineDimExpr)]
    plain = all(isinstance(e, AffineDimExpr | AffineConstantExpr) for e in m.results)
    return plain and sorted(set(dims)) == list(range(m.num_dims))


def inverse_permutation(m: AffineMap) -> AffineMap:
    """The inverse of a permutation map (MLIR's `inversePermutation`)."""
    results = [AffineDimExpr(0)] * m.num_dims
    for index, expr in enumerate(m.results):
        results[expr.position] = AffineDimExpr(index)
    return AffineMap(m.num_results, 0, tuple(results))


def covers_loops(maps: list[AffineMap], loops: int) -> bool:
    """Every loop is read as a plain dim by some map (how a generic knows its loop sizes)."""
    seen = {e.position for m in maps for e in m.results if isinstance(e, AffineDimExpr)}
    return len(seen) == loops


def _fused_maps(producer: GenericOp, consumer: GenericOp, k: int) -> list[AffineMap]:
    """The consumer's maps (inputs, then outputs) with input `k`'s replaced by the producer's
    input maps, each composed with (inverse output map) o (the consumer's map of input `k`)."""
    p_maps, c_maps = producer.maps(), consumer.maps()
    count = len(producer.inputs)
    to_producer_loops = inverse_permutation(p_maps[count]).compose(c_maps[k])
    spliced = [m.compose(to_producer_loops) for m in p_maps[:count]]
    return [*c_maps[:k], *spliced, *c_maps[k + 1 :]]


# --- the rule ----------------------------------------------------------------------------------
def fusable_producer(consumer: GenericOp, k: int) -> GenericOp | None:
    """The generic that input `k` of `consumer` can be fused with, or None (module doc)."""
    value = consumer.inputs[k]
    producer = value.owner if isinstance(value, OpResult) else None
    if not isinstance(producer, GenericOp) or producer.parent is not consumer.parent:
        return None
    if consumer.has_buffer_semantics() or producer.has_buffer_semantics():
        return None
    if len(producer.results) != 1 or not value.has_one_use():
        return None
    if any(it != "parallel" for it in producer.iterators()):
        return None
    reads_old_output = producer.regions[0].blocks[0].args[-1].has_uses()
    if not producer.maps()[-1].is_permutation() or reads_old_output:
        return None
    if not is_injective_read(consumer.maps()[k]):
        return None
    if not covers_loops(_fused_maps(producer, consumer, k), len(consumer.iterators())):
        return None
    return producer


# --- the rewrite -------------------------------------------------------------------------------
def fuse(producer: GenericOp, consumer: GenericOp, k: int) -> GenericOp:
    """The generic computing `consumer` with `producer` (the definer of its input `k`)
    inlined; it replaces `consumer`, and `producer` is erased when left unused."""
    p_inputs, c_inputs = list(producer.inputs), list(consumer.inputs)
    outputs = list(consumer.outputs)
    inputs = [*c_inputs[:k], *p_inputs, *c_inputs[k + 1 :]]
    maps = _fused_maps(producer, consumer, k)
    block = Block([v.type.element_type for v in (*inputs, *outputs)])
    args = list(block.args)
    p_block, c_block = producer.regions[0].blocks[0], consumer.regions[0].blocks[0]
    mapping: dict = dict(zip(p_block.args[: len(p_inputs)], args[k : k + len(p_inputs)]))
    for op in p_block.ops:
        if op is p_block.last_op:
            element = mapping.get(op.operand(0), op.operand(0))
            break
        block.append(op.clone(mapping))
    shift = len(p_inputs) - 1
    mapping = {a: args[i if i < k else i + shift] for i, a in enumerate(c_block.args) if i != k}
    mapping[c_block.args[k]] = element
    for op in c_block.ops:
        block.append(op.clone(mapping))
    fused = _generic(consumer, inputs, outputs, maps, block)
    consumer.parent.insert_before(fused, consumer)
    for old, new in zip(consumer.results, fused.results):
        old.replace_all_uses_with(new)
    consumer.erase()
    erase_if_dead(producer)
    return fused


def _generic(like: GenericOp, inputs: list, outputs: list, maps: list, block: Block):
    """A generic with `like`'s iterators, attributes and location over a new body."""
    props = {
        "indexing_maps": ArrayAttr(tuple(AffineMapAttr(m) for m in maps)),
        "iterator_types": like.properties["iterator_types"],
        "operandSegmentSizes": DenseArrayAttr(i32, (len(inputs), len(outputs))),
    }
    return GenericOp.create([*inputs, *outputs], like.result_types, props,
                            dict(like.attributes), [Region([block])],
                            location=like.location)  # fmt: skip


def erase_if_dead(op) -> None:
    """Erase `op` if trivially dead, then the definers of its operands that it kept alive."""
    if op.parent is None or not is_trivially_dead(op):
        return
    definers = [v.owner for v in op.operands if isinstance(v, OpResult)]
    op.erase()
    for definer in definers:
        erase_if_dead(definer)


def drop_redundant_inputs(generic: GenericOp) -> None:
    """Merge inputs that are the same value read at the same map, then drop inputs the body
    never reads, keeping each loop read as a plain dim (MLIR's dedup canonicalization)."""
    block = generic.regions[0].blocks[0]
    maps, count = generic.maps(), len(generic.inputs)
    operands = generic.operands
    first: dict = {}
    keep = []
    for i in range(count):
        key = (operands[i], maps[i])
        if key in first:
            block.args[i].replace_all_uses_with(block.args[first[key]])
            continue
        first[key] = i
        keep.append(i)
    for i in list(reversed(keep)):
        rest = [maps[j] for j in range(len(maps)) if j != i and (j in keep or j >= count)]
        if not block.args[i].has_uses() and covers_loops(rest, len(generic.iterators())):
            keep.remove(i)
    if len(keep) == count:
        return
    for i in reversed(range(count)):
        if i not in keep:
            block.erase_argument(i)
    kept = [*keep, *range(count, len(operands))]
    generic.set_operands([operands[i] for i in kept])
    generic.properties["indexing_maps"] = ArrayAttr(tuple(AffineMapAttr(maps[i]) for i in kept))
    segments = (len(keep), len(operands) - count)
    generic.properties["operandSegmentSizes"] = DenseArrayAttr(i32, segments)


def forward_dims(root) -> None:
    """`tensor.dim` of a generic's result reads its output operand instead, and of a
    `tensor.empty` is the size it was made with (MLIR's `DimOfDestStyleOp` and
    `FoldEmptyTensorWithDimOp`): a size read no longer counts as a use of the tensor."""
    dims = []
    root.walk(lambda op: dims.append(op) if isinstance(op, DimOp) else None)
    for op in dims:
        source = op.operand(0)
        if isinstance(source, OpResult) and isinstance(source.owner, GenericOp):
            op.set_operand(0, source.owner.outputs[source.index])
        size = _empty_size(op)
        if size is not None:
            op.result.replace_all_uses_with(size)
            erase_if_dead(op)


def _empty_size(op: DimOp):
    """The dynamic size operand of the `tensor.empty` dim `op` reads, if it is one."""
    source, axis = op.operand(0), op.operand(1)
    if not (isinstance(source, OpResult) and isinstance(source.owner, EmptyOp)):
        return None
    constant = axis.owner if isinstance(axis, OpResult) else None
    if not isinstance(constant, ConstantOp) or not isinstance(constant.value, IntegerAttr):
        return None
    shape = source.type.shape
    position = constant.value.value
    if not 0 <= position < len(shape) or shape[position] != DYNAMIC:
        return None
    return source.owner.operands[sum(1 for d in shape[:position] if d == DYNAMIC)]


def fuse_elementwise_generics(root) -> int:
    """Fuse every fusable producer into its consumer in the blocks nested in `root`, in
    block order so a chain collapses in one sweep; the number of fusions."""
    forward_dims(root)
    generics = []
    root.walk(lambda op: generics.append(op) if isinstance(op, GenericOp) else None)
    fusions = 0
    for consumer in generics:
        while consumer.parent is not None and not consumer.has_buffer_semantics():
            drop_redundant_inputs(consumer)
            found = next(((p, k) for k in range(len(consumer.inputs))
                          if (p := fusable_producer(consumer, k)) is not None), None)  # fmt: skip
            if found is None:
                break
            consumer = fuse(found[0], consumer, found[1])
            fusions += 1
    return fusions


@register_pass
@dataclass(frozen=True)
class TensorFuseElementwiseOps(Pass):
    """Fuses parallel `tensor.generic`s into the generics reading their results."""

    name = "tensor-fuse-elementwise-ops"
    summary = "Fuse elementwise tensor.generic producers into their consumers"

    def run(self, op) -> None:
        fuse_elementwise_generics(op)
