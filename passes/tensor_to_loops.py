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
  stores it at every point. An input read the same way (a row's mean under the loop over the
  row) is loaded once before those loops. This assumes, as linalg's buffer semantics does,
  that outputs do not alias the other operands; an output passed twice as the same SSA
  value, or also as an input, is not carried, and such an input is not hoisted.
- With `parallel`, only the outermost run of parallel loops that every output map reads as a
  plain dim becomes one `scf.parallel` (the part `convert-scf-to-gomp` turns into threads);
  the loops inside stay `scf.for`. A parallel loop some output does not index would make the
  threads race on that output, so it and the loops after it stay sequential.
- With `fuse-rows`, consecutive generics that may share their outer parallel loops (see
  `row_fusion`) become one nest: those loops once, each generic's remaining loops inside
  them, in order, so that a normalization's stages read a row while it is in cache; a
  function-local buffer the group reads and writes only at the rows is replaced by one
  row-sized buffer per row (`row_fusion.RowBuffers`).
- With `vector-size` other than 1 (0: the host's SIMD width), the innermost loop of an
  element-wise or row-wise generic runs on vectors of that many lanes, `unroll` of them per
  iteration, a masked tail after them; reductions along it in vector accumulators (see
  `generic_vectorize`, which also says which generics qualify and how float reductions
  then differ). The other generics keep the scalar loops above.
- A `tensor.generic` on tensors fails the pass with a diagnostic at the op (run `bufferize`
  first); MLIR's pattern leaves such ops in place.
"""

from __future__ import annotations

from collections.abc import Callable
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
from mlc.passes.kernel_filter import kernel_generics
from mlc.passes.lower_affine import AffineExpander
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass
from mlc.passes.row_fusion import RowBuffers, RowGroup, parallel_prefix, row_groups


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


class _IndexExpander(AffineExpander):
    """`lower-affine`'s expansion, with its constants taken from the nest's hoisted ones."""

    def __init__(self, rewriter, dims, loc, constant) -> None:
        super().__init__(rewriter, dims, (), loc)
        self._constant = constant

    def constant(self, value: int) -> Value:
        return self._constant(value)


class _Constants:
    """The `index` constants of one nest, each built once, together before it."""

    def __init__(self, rewriter: PatternRewriter, loc) -> None:
        self.rewriter, self.loc = rewriter, loc
        self._values: dict[int, Value] = {}
        self._last = None

    def __call__(self, value: int) -> Value:
        if value not in self._values:
            const = arith.ConstantOp(IntegerAttr(value, index), loc=self.loc)
            if self._last is None:
                self.rewriter.insert(const)
            else:
                with self.rewriter.at(InsertionPoint.after(self._last)):
                    self.rewriter.insert(const)
            self._last = const
            self._values[value] = const.results[0]
        return self._values[value]


class GenericLowering:
    """Builds the loops of one buffer-form `tensor.generic` from depth `rows` on (the loops
    before it are built by `lower_group`); its sizes are computed at the rewriter's
    insertion point, before the nest. An operand in `row_buffers` is accessed in the row
    buffer it maps to instead, at its indices after the rows."""

    def __init__(self, op: GenericOp, rewriter: PatternRewriter, constants: _Constants,
                 rows: int, row_buffers: dict, vector_plan=None) -> None:  # fmt: skip
        self.op, self.rewriter, self.loc = op, rewriter, op.location
        self.n_in = len(op.inputs)
        self.operands = list(op.operands)
        self.maps = op.maps()
        self.num_loops = len(op.iterators())
        self.constant = constants
        outputs = self.operands[self.n_in :]
        self.carry_depth = [
            invariant_from(m) if outputs.count(v) == 1 and v not in op.inputs else self.num_loops
            for v, m in zip(outputs, self.maps[self.n_in :])
        ]
        args = op.regions[0].blocks[0].args
        self.load_depth = [
            max(invariant_from(m), rows) if v not in outputs and args[k].has_uses()
            else self.num_loops
            for k, (v, m) in enumerate(zip(op.inputs, self.maps))
        ]  # fmt: skip
        self.zero, self.one = self.constant(0), self.constant(1)
        self.sizes = [self._loop_size(d) for d in range(self.num_loops)]
        for k, value in enumerate(self.operands):
            if value in row_buffers:  # one row of it: drop the rows from its indices
                m = self.maps[k]
                self.operands[k] = row_buffers[value]
                self.maps[k] = AffineMap(m.num_dims, m.num_symbols, m.results[rows:])
        self.vector_loop = vector_plan.loop(self) if vector_plan is not None else None

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

    def indices(self, k: int, ivs: list) -> list:
        """Operand `k`'s indices at the loop indices `ivs`, at the insertion point."""
        expander = _IndexExpander(self.rewriter, ivs, self.loc, self.constant)
        return [expander.expand(e) for e in self.maps[k].results]

    def _load(self, k: int, ivs: list) -> Value:
        load = memref.LoadOp(self.operands[k], self.indices(k, ivs), loc=self.loc)
        return self.rewriter.insert(load).results[0]

    def _store(self, value: Value, k: int, ivs: list) -> None:
        indices = self.indices(k, ivs)
        self.rewriter.insert(memref.StoreOp(value, self.operands[k], indices, loc=self.loc))

    def emit(self, rows: int, ivs: list) -> None:
        """The loops from depth `rows` on, at the insertion point, for the row `ivs`."""
        self._emit(rows, ivs, {}, {})

    def _emit(self, depth: int, ivs: list, carried: dict[int, Value],
              loaded: dict[int, Value]) -> dict[int, Value]:  # fmt: skip
        """Loops `depth..` at the insertion point; `carried` maps outputs to their values in
        registers, `loaded` inputs to the elements loaded before the loops. Returns the
        values the carried outputs hold after the loops."""
        hoisted = [o for o, d in enumerate(self.carry_depth) if d == depth < self.num_loops]
        for o in hoisted:
            carried[o] = self._load(self.n_in + o, ivs)
        for k, d in enumerate(self.load_depth):
            if d == depth < self.num_loops:
                loaded = {**loaded, k: self._load(k, ivs)}
        if depth == self.num_loops:
            carried = self._emit_body(ivs, carried, loaded)
        elif depth == self.num_loops - 1 and self.vector_loop is not None:
            carried = self.vector_loop.emit(ivs, carried, loaded)
        else:
            order = sorted(carried)
            inits = [carried[o] for o in order]

            def inner(iv: Value, values: list) -> list:
                after = self._emit(depth + 1, [*ivs, iv], dict(zip(order, values)), loaded)
                return [after[o] for o in order]

            carried = dict(zip(order, _for(self.rewriter, self.loc, self.zero,
                                           self.sizes[depth], self.one, inits, inner)))  # fmt: skip
        for o in hoisted:
            self._store(carried.pop(o), self.n_in + o, ivs)
        return carried

    def _emit_body(self, ivs: list, carried: dict[int, Value],
                   loaded: dict[int, Value]) -> dict[int, Value]:  # fmt: skip
        """One point of the domain: load the elements the body reads, clone the body, store
        the outputs that are not carried; returns the new values of the carried ones."""
        block = self.op.regions[0].blocks[0]
        mapping: dict = {}
        for k, arg in enumerate(block.args):
            o = k - self.n_in
            if o in carried:
                mapping[arg] = carried[o]
            elif k in loaded:
                mapping[arg] = loaded[k]
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


def _for(rewriter: PatternRewriter, loc, lower: Value, upper: Value, step: Value, inits: list,
         body: Callable[[Value, list], list]) -> list:  # fmt: skip
    """An `scf.for` at the insertion point carrying `inits`; `body(iv, values)` builds its
    body and returns what it yields. Returns the loop's results."""
    types = [v.type for v in inits]
    block = Block([index, *types], [loc] * (1 + len(types)))
    loop = scf.ForOp.create([lower, upper, step, *inits], types, {}, None, [Region([block])],
                            location=loc)  # fmt: skip
    rewriter.insert(loop)
    with rewriter.at(InsertionPoint.at_end(block)):
        yielded = body(block.args[0], list(block.args[1:]))
        rewriter.insert(scf.YieldOp(yielded, loc=loc))
    return list(loop.results)


def lower_group(group: RowGroup, rows: int, parallel: bool, vector_plans: dict | None = None
                ) -> None:  # fmt: skip
    """The group's generics as one nest: its first `rows` loops (an `scf.parallel` with
    `parallel`) around each generic's remaining loops, in order, the innermost loop of those
    in `vector_plans` (by op) on vectors (`generic_vectorize`); then the generics go."""
    first = group.generics[0]
    for op in group.hoist:
        op.move_before(first)
    for op in reversed(group.sink):
        op.move_after(group.generics[-1])
    rewriter = PatternRewriter(insertion_point=InsertionPoint.before(first))
    constants = _Constants(rewriter, first.location)
    buffers = RowBuffers(group, rows, first.location)
    local = buffers.replacements()
    plans = vector_plans or {}
    lowerings = [GenericLowering(g, rewriter, constants, rows, local, plans.get(g))
                 for g in group.generics]  # fmt: skip
    loc, sizes = first.location, lowerings[0].sizes[:rows]
    zero, one = constants(0), constants(1)

    def emit_rows(ivs: list) -> None:
        for lowering in lowerings:
            lowering.emit(rows, ivs)

    if rows and parallel:
        body = Block([index] * rows, [loc] * rows)
        loop = scf.ParallelOp([zero] * rows, sizes, [one] * rows, [], result_types=[],
                              regions=[Region([body])], loc=loc)  # fmt: skip
        rewriter.insert(loop)
        with rewriter.at(InsertionPoint.at_end(body)):
            buffers.allocate(rewriter)  # per iteration: the rows run at once
            emit_rows(list(body.args))
            buffers.free(rewriter)
            rewriter.insert(scf.ReduceOp([], loc=loc))
    else:
        def nest(depth: int, ivs: list) -> list:
            if depth == rows:
                emit_rows(ivs)
            else:
                _for(rewriter, loc, zero, sizes[depth], one, [],
                     lambda iv, _: nest(depth + 1, [*ivs, iv]))  # fmt: skip
            return []  # what the enclosing loop yields

        buffers.allocate(rewriter)  # once: the rows run in order
        nest(0, [])
        buffers.free(rewriter)
    for generic in group.generics:
        rewriter.erase_op(generic)
    buffers.erase_whole(rewriter)


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

    fuse_rows: bool = field(
        default=False,
        metadata={
            "help": "run consecutive generics that share their outer parallel loops (rows) "
            "as one nest over the rows (see passes/row_fusion.py)"
        },
    )
    vector_size: int = field(
        default=1,
        metadata={
            "help": "lanes of the vectors the innermost loop of element-wise and row-wise "
            "generics runs on (see passes/generic_vectorize.py); 0: the host's SIMD width; "
            "1: scalar loops",
            "min": 0,
        },
    )
    unroll: int = field(
        default=0,
        metadata={"help": "vectors per iteration of a vectorized innermost loop (0: heuristic)",
                  "min": 0},
    )
    kernels: str = field(
        default="",
        metadata={
            "help": "comma list of the functions (shell patterns) to lower, for options per "
            "kernel (see passes/kernel_filter.py); empty: all"
        },
    )

    def run(self, op) -> None:
        generics = kernel_generics(op, self.kernels)
        for generic in generics:
            if not generic.has_buffer_semantics():
                raise generic.emit_error(
                    "on tensors cannot be lowered to loops: run bufferize first"
                )
        blocks = list(dict.fromkeys(g.parent for g in generics))
        for block in blocks:
            for group in self._groups(block):
                fused = len(group.generics) > 1
                rows = group.rows if fused or self.parallel else 0
                plans = None
                if self.vector_size != 1:
                    from mlc.passes.generic_vectorize import vector_plans  # imports this module

                    rows, plans = vector_plans(group, rows, self.vector_size, self.unroll)
                lower_group(group, rows, self.parallel, plans)

    def _groups(self, block) -> list[RowGroup]:
        if self.fuse_rows:
            return row_groups(block, self.parallel)
        return [RowGroup([g], parallel_prefix(g)) for g in block.ops if isinstance(g, GenericOp)]
