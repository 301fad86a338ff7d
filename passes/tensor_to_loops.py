"""`convert-tensor-to-loops`: buffer-form `tensor.generic` as a nest of `scf.for` loops over
`memref.load`/`memref.store` (MLIR's `convert-linalg-to-loops`, and with `parallel`
`convert-linalg-to-parallel-loops`, mlir/lib/Dialect/Linalg/Transforms/Loops.cpp).

Loop `d` runs from 0 to its size, an `arith.constant` or a `memref.dim` of the first operand
dim that reads it as a plain loop index (`GenericOp.loop_sizes`), computed before the nest.
The loops nest in the op's order, loop 0 outermost, so the domain runs in the row-major
order the interpreter runs it in, and float reductions add in the same order. The innermost
body loads each input at its indexing map of the induction variables (affine expressions
become arith on `index`, as `lower-affine` expands them), loads each output's current
element, inlines the op's body and stores what it yields.

Deliberate differences from MLIR's pass:
- An output whose map reads none of the innermost loops from some depth on (a reduction's
  accumulator, e.g. matmul's `C[i, j]` under the `k` loop) is loaded once before those loops,
  carried through their `scf.for` `iter_args` and stored once after them; MLIR loads and
  stores it at every point. This assumes, as linalg's buffer semantics does, that outputs do
  not alias the other operands; an output passed twice as the same SSA value is not carried.
- With `parallel`, only the outermost run of parallel loops that every output map reads as a
  plain dim becomes one `scf.parallel` (the part `convert-scf-to-gomp` turns into threads);
  the loops inside stay `scf.for`. A parallel loop some output does not index would make the
  threads race on that output, so it and the loops after it stay sequential.
- A `tensor.generic` on tensors fails the pass with a diagnostic at the op (run `bufferize`
  first); MLIR's pattern leaves such ops in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import arith, memref, scf
from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.affine import AffineBinaryExpr, AffineDimExpr, AffineExpr, AffineMap
from mlc.ir.attributes import IntegerAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import InsertionPoint
from mlc.ir.rewrite.pattern import PatternRewriter
from mlc.ir.types import DYNAMIC, index
from mlc.ir.values import Value
from mlc.passes.lower_affine import AffineExpander
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


def dims_used(expr: AffineExpr) -> set[int]:
    """The positions of the loop indices `expr` reads."""
    if isinstance(expr, AffineDimExpr):
        return {expr.position}
    if isinstance(expr, AffineBinaryExpr):
        return dims_used(expr.lhs) | dims_used(expr.rhs)
    return set()


def invariant_from(m: AffineMap) -> int:
    """The smallest depth from which on `m` reads none of the loops: the element it names
    stays the same inside those loops."""
    used = set().union(*(dims_used(e) for e in m.results))
    return max(used) + 1 if used else 0


def parallel_prefix(op: GenericOp) -> int:
    """How many outermost loops may run as one `scf.parallel`: parallel loops that every
    output map reads as a plain dim, so that no two iterations write the same element."""
    out_maps = op.maps()[len(op.inputs) :]
    count = 0
    for d, iterator in enumerate(op.iterators()):
        plain = AffineDimExpr(d)
        if iterator != "parallel" or any(plain not in m.results for m in out_maps):
            break
        count += 1
    return count


class _IndexExpander(AffineExpander):
    """`lower-affine`'s expansion, with its constants taken from the nest's hoisted ones."""

    def __init__(self, rewriter, dims, loc, constant) -> None:
        super().__init__(rewriter, dims, (), loc)
        self._constant = constant

    def constant(self, value: int) -> Value:
        return self._constant(value)


class GenericLowering:
    """Builds the loop nest of one buffer-form `tensor.generic` before it, then erases it."""

    def __init__(self, op: GenericOp, rewriter: PatternRewriter, parallel: bool) -> None:
        self.op, self.rewriter, self.loc = op, rewriter, op.location
        self.n_in = len(op.inputs)
        self.operands = list(op.operands)
        self.maps = op.maps()
        self.num_loops = len(op.iterators())
        self.parallel_loops = parallel_prefix(op) if parallel else 0
        self._constants: dict[int, Value] = {}
        self._last_constant = None  # constants stay together, before the nest
        outputs = self.operands[self.n_in :]
        self.carry_depth = [
            invariant_from(m) if outputs.count(v) == 1 and v not in op.inputs else self.num_loops
            for v, m in zip(outputs, self.maps[self.n_in :])
        ]
        self.zero, self.one = self.constant(0), self.constant(1)
        self.sizes = [self._loop_size(d) for d in range(self.num_loops)]

    def constant(self, value: int) -> Value:
        """An `index` constant, built once, before the nest."""
        if value not in self._constants:
            const = arith.ConstantOp(IntegerAttr(value, index), loc=self.loc)
            if self._last_constant is None:
                self.rewriter.insert(const)
            else:
                with self.rewriter.at(InsertionPoint.after(self._last_constant)):
                    self.rewriter.insert(const)
            self._last_constant = const
            self._constants[value] = const.results[0]
        return self._constants[value]

    def _loop_size(self, loop: int) -> Value:
        """The loop's size: static if any operand says so, else `memref.dim` of the first
        operand dim that reads the loop plainly (the choice of `GenericOp.loop_sizes`)."""
        plain = AffineDimExpr(loop)
        dynamic = None
        for value, m in zip(self.operands, self.maps):
            for dim, expr in enumerate(m.results):
                if expr != plain:
                    continue
                if value.type.shape[dim] != DYNAMIC:
                    return self.constant(value.type.shape[dim])
                dynamic = dynamic or (value, dim)
        source, dim = dynamic
        op = memref.DimOp(source, self.constant(dim), loc=self.loc)
        return self.rewriter.insert(op).results[0]

    def _indices(self, k: int, ivs: list) -> list:
        expander = _IndexExpander(self.rewriter, ivs, self.loc, self.constant)
        return [expander.expand(e) for e in self.maps[k].results]

    def _load(self, k: int, ivs: list) -> Value:
        load = memref.LoadOp(self.operands[k], self._indices(k, ivs), loc=self.loc)
        return self.rewriter.insert(load).results[0]

    def _store(self, value: Value, k: int, ivs: list) -> None:
        indices = self._indices(k, ivs)
        self.rewriter.insert(memref.StoreOp(value, self.operands[k], indices, loc=self.loc))

    def _carried_at(self, depth: int) -> list[int]:
        """The outputs loaded before loop `depth` and stored after it."""
        return [o for o, d in enumerate(self.carry_depth) if d == depth < self.num_loops]

    def lower(self) -> None:
        count = self.parallel_loops
        if not count:
            self._emit(0, [], {})
        else:
            body = Block([index] * count, [self.loc] * count)
            loop = scf.ParallelOp(
                [self.zero] * count, self.sizes[:count], [self.one] * count, [],
                result_types=[], regions=[Region([body])], loc=self.loc,
            )  # fmt: skip
            self.rewriter.insert(loop)
            with self.rewriter.at(InsertionPoint.at_end(body)):
                self._emit(count, list(body.args), {})
                self.rewriter.insert(scf.ReduceOp([], loc=self.loc))
        self.rewriter.erase_op(self.op)

    def _emit(self, depth: int, ivs: list, carried: dict[int, Value]) -> dict[int, Value]:
        """Loops `depth..` at the insertion point; `carried` maps outputs to their values in
        registers. Returns the values the carried outputs hold after the loops."""
        hoisted = self._carried_at(depth)
        for o in hoisted:
            carried[o] = self._load(self.n_in + o, ivs)
        if depth == self.num_loops:
            carried = self._emit_body(ivs, carried)
        else:
            order = sorted(carried)
            types = [carried[o].type for o in order]
            body = Block([index, *types], [self.loc] * (1 + len(types)))
            operands = [self.zero, self.sizes[depth], self.one, *(carried[o] for o in order)]
            loop = scf.ForOp.create(operands, types, {}, None, [Region([body])], location=self.loc)
            self.rewriter.insert(loop)
            with self.rewriter.at(InsertionPoint.at_end(body)):
                inner = self._emit(depth + 1, [*ivs, body.args[0]], dict(zip(order, body.args[1:])))
                self.rewriter.insert(scf.YieldOp([inner[o] for o in order], loc=self.loc))
            carried = dict(zip(order, loop.results))
        for o in hoisted:
            self._store(carried.pop(o), self.n_in + o, ivs)
        return carried

    def _emit_body(self, ivs: list, carried: dict[int, Value]) -> dict[int, Value]:
        """One point of the domain: load the elements the body reads, clone the body, store
        the outputs that are not carried; returns the new values of the carried ones."""
        block = self.op.regions[0].blocks[0]
        mapping: dict = {}
        for k, arg in enumerate(block.args):
            o = k - self.n_in
            if o in carried:
                mapping[arg] = carried[o]
            elif arg.has_uses():
                mapping[arg] = self._load(k, ivs)
        for inner in block.ops:
            if inner is block.last_op:
                break
            self.rewriter.insert(inner.clone(mapping))
        yielded = [mapping.get(v, v) for v in block.last_op.operands]
        for o, value in enumerate(yielded):
            if o not in carried:
                self._store(value, self.n_in + o, ivs)
        return {o: yielded[o] for o in carried}


@register_pass
@dataclass(frozen=True)
class ConvertTensorToLoops(Pass):
    """Lowers buffer-form `tensor.generic` ops to loop nests."""

    name = "convert-tensor-to-loops"
    summary = "Convert buffer-form tensor.generic ops to scf loops over memref loads and stores"
    parallel: bool = field(
        default=False,
        metadata={
            "help": "run the outermost parallel loops as one scf.parallel "
            "(convert-linalg-to-parallel-loops)"
        },
    )

    def run(self, op) -> None:
        generics: list[GenericOp] = []
        op.walk(lambda o: generics.append(o) if isinstance(o, GenericOp) else None)
        for generic in generics:
            if not generic.has_buffer_semantics():
                raise generic.emit_error(
                    "on tensors cannot be lowered to loops: run bufferize first"
                )
        for generic in generics:
            rewriter = PatternRewriter(insertion_point=InsertionPoint.before(generic))
            GenericLowering(generic, rewriter, self.parallel).lower()
