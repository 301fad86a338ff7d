"""`convert-tensor-to-loops{vector-size=N unroll=U}`: the innermost loop of an element-wise or
row-wise buffer-form `tensor.generic` as vector ops, as MLIR's linalg vectorizer
(`vectorizeAsLinalgGeneric`) builds them for the subset it handles, strip-mined and unrolled.

Which generics (`plan_vector_loop`; any other keeps its scalar loops, unchanged):
- each operand's map reads the innermost loop as its last result only, with a unit-stride
  last memref dim (a vector along the loop), or not at all (loaded once before the loop and
  broadcast: a row's mean, a bias along the rows);
- an output that does not read the loop is a reduction over it: its body value has one use,
  `acc = combine(acc, x)`, with `combine` an `arith` op that `vector.reduction` has a kind
  for (addf, mulf, maximumf, minimumf, maxnumf, minnumf, addi, muli, andi, ori, xori, max/min
  si/ui);
- the body is element-wise on vectors (`vector_bodies.is_elementwise`), its operands f32,
  f64 or i8 to i64 in memory;
- no input overlaps an output (`row_fusion.overlap`) but as the same buffer read at the
  same map (an in-place update), and the outputs are distinct.

The loop over n (static, or a `memref.dim`) runs in three parts, with VL = `vector-size`
lanes (0: the host's SIMD width, `host_vector_bits()`, over the widest operand element) and
U = `unroll` vectors per iteration (0: `choose_unroll`):
- a main loop to n - n % (VL*U), step VL*U, each iteration U independent vectors: loads
  (`vector.load`), the body cloned on vectors, stores (`vector.store`); a reduction carries
  U vector accumulators, which start at the combiner's neutral element, so that U chains
  of `combine` run at once;
- a tail loop to n, step VL, on masks (`vector.create_mask` of n - i,
  `vector.maskedload`/`maskedstore`; a reduction's accumulator lanes past n kept by an
  `arith.select`);
- the accumulators combined, and `vector.reduction` of them into the carried scalar.
Static sizes leave out the parts that run no iteration.

With `vector-size=0` (the host's width: what `graph-to-loops` runs), a reduction whose body
holds a math function (softmax's exp-and-sum) keeps its scalar loop: LLVM's loop vectorizer
makes it 5-10% faster than these vectors (the polynomial's constants and temporaries spill
the 16 registers of AVX2 once LLVM unrolls the loop again), while element-wise bodies with
one, and cheap reductions, run as fast or faster here (`max(x*a+b, 0) * sigmoid(x)`: 17%).

Outer loops are `convert-tensor-to-loops`' own (`parallel`, `fuse-rows`). With `parallel`,
a generic alone in its nest whose every loop would run in the `scf.parallel` (all-parallel
element-wise ones) keeps its innermost loop out of it when the other loops give at least
`row_fusion.MIN_ROWS` rows (or a run-time count), so that the loop is the vector loop;
with fewer rows (and for one loop), the loop stays scalar in the `scf.parallel`, whose
per-thread share `convert-scf-to-gomp` leaves to LLVM's loop vectorizer.

Deliberate difference from the scalar loops: a float reduction adds (multiplies) in VL*U
interleaved partial sums, combined at the end, so its result differs from the
interpreter's by rounding, as the contraction schedule's does (`graph-legalize` marks its
reductions `fastmath<reassoc>`; the flags go to `vector.reduction`). Min/max and integer
reductions are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mlc.dialects import arith, vector
from mlc.dialects.tensor.generic import GenericOp
from mlc.dialects.vector.attributes import CombiningKindAttr
from mlc.dialects.vector.memory import last_dim_unit_stride
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.types import FloatType, IntegerType, VectorType, i1
from mlc.ir.values import OpResult, Value
from mlc.passes.row_fusion import DISJOINT, MIN_ROWS, SAME, RowGroup, loop_size_keys, overlap
from mlc.passes.static_schedule import build_for
from mlc.passes.tensor_schedule import host_vector_bits
from mlc.passes.vector_bodies import clone_on_vectors, is_elementwise, reads_along, splat


def _int_min(width: int) -> int:
    return -(1 << (width - 1))


# combiner -> (vector.reduction kind, its neutral element: a float, or of an integer width)
COMBINERS = {
    arith.AddFOp: ("add", -0.0), arith.MulFOp: ("mul", 1.0),
    arith.MaximumFOp: ("maximumf", -math.inf), arith.MinimumFOp: ("minimumf", math.inf),
    arith.MaxNumFOp: ("maxnumf", math.nan), arith.MinNumFOp: ("minnumf", math.nan),
    arith.AddIOp: ("add", lambda w: 0), arith.MulIOp: ("mul", lambda w: 1),
    arith.AndIOp: ("and", lambda w: -1), arith.OrIOp: ("or", lambda w: 0),
    arith.XOrIOp: ("xor", lambda w: 0),
    arith.MaxSIOp: ("maxsi", _int_min), arith.MinSIOp: ("minsi", lambda w: -_int_min(w) - 1),
    arith.MaxUIOp: ("maxui", lambda w: 0), arith.MinUIOp: ("minui", lambda w: -1),
}  # fmt: skip


@dataclass(frozen=True)
class VectorPlan:
    """How a generic's innermost loop runs on vectors: `lanes` per vector, `unroll` vectors
    per iteration, and the combining op of each reduction output (by output position)."""

    lanes: int
    unroll: int
    combiners: dict[int, Operation]

    def loop(self, lowering) -> VectorLoop:
        """The builder of the loop for `lowering`, a `GenericLowering`."""
        return VectorLoop(lowering, self)


def _vector_element(t) -> bool:
    if isinstance(t, FloatType):
        return t.width in (32, 64)
    return isinstance(t, IntegerType) and t.width in (8, 16, 32, 64)


def _combiner(op: GenericOp, output: int) -> Operation | None:
    """The op that yields `acc = combine(acc, x)` for `output`, its accumulator argument's
    only use, its result used by the yield alone; None when the body is not of that form."""
    block = op.regions[0].blocks[0]
    acc = block.args[len(op.inputs) + output]
    result = block.last_op.operand(output)
    combine = result.op if isinstance(result, OpResult) else None
    if type(combine) not in COMBINERS or not acc.has_one_use() or not result.has_one_use():
        return None
    lhs, rhs = combine.operands
    return combine if acc in (lhs, rhs) and lhs is not rhs else None


def _independent(op: GenericOp, along: list[bool]) -> bool:
    """No input overlaps an output but as the same buffer at the same map along the loop,
    and no two outputs overlap."""
    n_in, maps = len(op.inputs), op.maps()
    outputs = list(enumerate(op.outputs, n_in))
    for k, value in enumerate(op.inputs):
        for o, out in outputs:
            relation = overlap(value, out)
            if relation == DISJOINT:
                continue
            if relation != SAME or maps[k] != maps[o] or not along[k]:
                return False
    return all(overlap(a, b) == DISJOINT for i, (_, a) in enumerate(outputs)
               for _, b in outputs[i + 1 :])  # fmt: skip


def static_loop_size(op: GenericOp, loop: int) -> int | None:
    """The loop's size when an operand dim that reads it plainly is static."""
    sizes = [k for k in loop_size_keys(op, loop) if isinstance(k, int)]
    return sizes[0] if sizes else None


# math ops that are one instruction or a few on x86; the others become a polynomial
# (`math-polynomial-approximation`) or a libm call per lane
CHEAP_MATH = frozenset(("math.sqrt", "math.rsqrt", "math.fma", "math.absf", "math.absi",
                        "math.floor", "math.ceil", "math.copysign", "math.roundeven"))  # fmt: skip
POLYNOMIAL_COST = 16


def body_cost(block) -> int:
    """The body's ops, each math function (exp, tanh, ...) counted as the ~16 its polynomial
    takes."""
    ops = [op for op in block.ops if op is not block.last_op]
    return sum(POLYNOMIAL_COST if op.name.startswith("math.") and op.name not in CHEAP_MATH
               else 1 for op in ops)  # fmt: skip


def choose_unroll(lanes: int, reduces: bool, cost: int, size: int | None) -> int:
    """Vectors per main-loop iteration. A reduction with a short body (a row's sum, max,
    squared deviations) runs 4 accumulator chains, hiding a vector add's latency, a longer
    one 2; an element-wise body 2, or 1 with a math function (its polynomial is
    independent work enough, and more copies of it spill the 16 registers of AVX2). Never
    more vectors than a static loop holds."""
    if reduces:
        unroll = 4 if cost <= 8 else 2 if cost < POLYNOMIAL_COST else 1
    else:
        unroll = 2 if cost < POLYNOMIAL_COST else 1
    if size is not None:
        unroll = max(1, min(unroll, size // lanes))
    return unroll


def plan_vector_loop(op: GenericOp, rows: int, vector_size: int, unroll: int) -> VectorPlan | None:
    """How `op`'s innermost loop vectorizes when its first `rows` loops are shared with other
    generics (module doc), or None: it keeps its scalar loop. `vector_size` and `unroll`
    are the pass options (0: chosen here)."""
    loops = len(op.iterators())
    if loops <= rows:
        return None
    inner = loops - 1
    block = op.regions[0].blocks[0]
    if not is_elementwise(block):
        return None
    along = []
    for value, m in zip(op.operands, op.maps()):
        t = value.type
        reads = reads_along(m, inner)
        if not _vector_element(t.element_type) or reads is None:
            return None
        if reads and not last_dim_unit_stride(t):
            return None
        along.append(reads)
    combiners = {}
    for o in range(len(op.outputs)):
        if along[len(op.inputs) + o]:
            continue
        combiner = _combiner(op, o)
        if combiner is None:
            return None
        combiners[o] = combiner
    if not _independent(op, along):
        return None
    cost = body_cost(block)
    if vector_size == 0 and combiners and cost >= POLYNOMIAL_COST:
        return None  # LLVM's loop vectorizer does better (`choose_unroll`)
    widest = max(v.type.element_type.width for v in op.operands)
    lanes = vector_size or max(host_vector_bits() // widest, 1)
    unroll = unroll or choose_unroll(lanes, bool(combiners), cost,
                                     static_loop_size(op, inner))  # fmt: skip
    return VectorPlan(lanes, unroll, combiners)


def vector_plans(group: RowGroup, rows: int, vector_size: int, unroll: int
                 ) -> tuple[int, dict]:  # fmt: skip
    """The rows `convert-tensor-to-loops` shares for `group` (`vector_rows`), and the plan
    of each of its generics that vectorizes."""
    rows = vector_rows(group, rows, vector_size)
    plans = {g: plan_vector_loop(g, rows, vector_size, unroll) for g in group.generics}
    return rows, {g: plan for g, plan in plans.items() if plan is not None}


def vector_rows(group: RowGroup, rows: int, vector_size: int) -> int:
    """The rows to share for `group` so that a lone generic whose every loop is a row (in
    the `scf.parallel`: a lone generic shares rows with `parallel` only) keeps its innermost
    loop to vectorize: one fewer when the others give `MIN_ROWS` or a run-time count
    (module doc), else `rows`."""
    if len(group.generics) != 1 or rows == 0:
        return rows
    op = group.generics[0]
    if rows < len(op.iterators()) or plan_vector_loop(op, rows - 1, vector_size, 1) is None:
        return rows
    count = 1
    for loop in range(rows - 1):
        size = static_loop_size(op, loop)
        if size is None:
            return rows - 1
        count *= size
    return rows - 1 if count >= MIN_ROWS else rows


class VectorLoop:
    """Builds a generic's innermost loop on vectors for its `GenericLowering` (whose
    rewriter, sizes, operands, maps and `indices` it uses) as `plan` says."""

    def __init__(self, lowering, plan: VectorPlan) -> None:
        self.lowering, self.plan = lowering, plan
        self.rewriter = lowering.rewriter
        self.block = lowering.op.regions[0].blocks[0]
        self.n_in = lowering.n_in

    def emit(self, ivs: list, carried: dict[int, Value], loaded: dict[int, Value]) -> dict:
        """The innermost loop at the insertion point for the outer indices `ivs`; `carried`
        and `loaded` as `GenericLowering._emit` has them (the reduction outputs' scalars,
        the broadcast inputs' elements). Returns the carried outputs' values after it."""
        r, plan, constant = self.rewriter, self.plan, self.lowering.constant
        n = self.lowering.sizes[-1]
        static = constant_int(n)
        step = plan.lanes * plan.unroll
        fixed = {self.block.args[k]: splat(r, v, plan.lanes) for k, v in loaded.items()}
        order = sorted(plan.combiners)
        accs = {o: [self._neutral(o)] * plan.unroll for o in order}
        if static is not None:
            main_end = constant(static - static % step)
        else:
            main_end = r.insert(arith.SubIOp(n, r.insert(arith.RemUIOp(n, constant(step)))
                                             .results[0])).results[0]  # fmt: skip
        if static is None or static >= step:
            def main(iv: Value, values: list) -> list:
                grouped = self._grouped(order, values, plan.unroll)
                for u in range(plan.unroll):
                    at = r.insert(arith.AddIOp(iv, constant(u * plan.lanes))).results[0] \
                        if u else iv  # fmt: skip
                    new = self._point([*ivs, at], fixed, {o: grouped[o][u] for o in order})
                    for o in order:
                        grouped[o][u] = new[o]
                return [v for o in order for v in grouped[o]]

            flat = self._loop(constant(0), main_end, constant(step),
                              [v for o in order for v in accs[o]], main)
            accs = self._grouped(order, flat, plan.unroll)
        partial = {o: self._combine_all(o, accs[o]) for o in order}
        if static is None or static % step:
            def tail(iv: Value, values: list) -> list:
                remaining = r.insert(arith.SubIOp(n, iv)).results[0]
                mask_type = VectorType((plan.lanes,), i1)
                mask = r.insert(vector.CreateMaskOp([remaining], result_types=[mask_type]))
                new = self._point([*ivs, iv], fixed, dict(zip(order, values)), mask.results[0])
                return [new[o] for o in order]

            values = self._loop(main_end, n, constant(plan.lanes),
                                [partial[o] for o in order], tail)  # fmt: skip
            partial = dict(zip(order, values))
        return {o: self._reduce(o, partial[o], carried[o]) for o in order}

    def _loop(self, lower: Value, upper: Value, step: Value, inits: list, body) -> list:
        """An `scf.for` whose body `body(iv, values)` builds at the rewriter."""

        def build(b, iv, values):
            with self.rewriter.at(b.insertion_point):
                return body(iv, values)

        return build_for(self.rewriter, lower, upper, step, inits, build)

    @staticmethod
    def _grouped(order: list, flat: list, unroll: int) -> dict[int, list]:
        return {o: list(flat[i * unroll : (i + 1) * unroll]) for i, o in enumerate(order)}

    def _point(self, at: list, fixed: dict, accs: dict[int, Value], mask: Value | None = None):
        """One vector of the loop at indices `at` (masked by `mask`): loads, the body on
        vectors, stores; returns each reduction's new accumulator."""
        r, lanes = self.rewriter, self.plan.lanes
        mapping = dict(fixed)
        for k, arg in enumerate(self.block.args):
            o = k - self.n_in
            if o in accs:
                mapping[arg] = accs[o]
            elif arg not in mapping and arg.has_uses():
                mapping[arg] = self._load(k, at, mask)
        yielded = clone_on_vectors(r, self.block, mapping, lanes)
        new = {}
        for o, value in enumerate(yielded):
            if o not in accs:
                self._store(value, self.n_in + o, at, mask)
            elif mask is None:
                new[o] = value
            else:  # lanes past the end keep their accumulator
                select = arith.SelectOp(mask, value, accs[o], result_types=[value.type])
                new[o] = r.insert(select).results[0]
        return new

    def _vector_type(self, k: int) -> VectorType:
        element = self.lowering.operands[k].type.element_type
        return VectorType((self.plan.lanes,), element)

    def _load(self, k: int, at: list, mask: Value | None) -> Value:
        r, t = self.rewriter, self._vector_type(k)
        memory, indices = self.lowering.operands[k], self.lowering.indices(k, at)
        if mask is None:
            return r.insert(vector.LoadOp(memory, indices, result_types=[t])).results[0]
        zero = FloatAttr(0.0, t.element_type) if isinstance(t.element_type, FloatType) \
            else IntegerAttr(0, t.element_type)  # fmt: skip
        passthru = splat(r, r.insert(arith.ConstantOp(zero)).results[0], t.shape[0])
        load = vector.MaskedLoadOp(memory, indices, mask, passthru, result_types=[t])
        return r.insert(load).results[0]

    def _store(self, value: Value, k: int, at: list, mask: Value | None) -> None:
        memory, indices = self.lowering.operands[k], self.lowering.indices(k, at)
        if mask is None:
            self.rewriter.insert(vector.StoreOp(value, memory, indices))
        else:
            self.rewriter.insert(vector.MaskedStoreOp(memory, indices, mask, value))

    def _neutral(self, output: int) -> Value:
        """A vector of the combiner's neutral element, for a reduction's accumulators."""
        element = self.lowering.operands[self.n_in + output].type.element_type
        neutral = COMBINERS[type(self.plan.combiners[output])][1]
        attr = FloatAttr(neutral, element) if isinstance(element, FloatType) \
            else IntegerAttr(neutral(element.width), element)  # fmt: skip
        scalar = self.rewriter.insert(arith.ConstantOp(attr)).results[0]
        return splat(self.rewriter, scalar, self.plan.lanes)

    def _combine(self, output: int, lhs: Value, rhs: Value) -> Value:
        """`lhs combine rhs` on vectors, with the combiner's flags."""
        combine = self.plan.combiners[output]
        acc = self.block.args[self.n_in + output]
        x = combine.operand(1) if combine.operand(0) is acc else combine.operand(0)
        clone = self.rewriter.insert(combine.clone({acc: lhs, x: rhs}))
        clone.results[0].type = lhs.type
        return clone.results[0]

    def _combine_all(self, output: int, accs: list[Value]) -> Value:
        """The accumulators combined pairwise into one."""
        while len(accs) > 1:
            pairs = [self._combine(output, a, b) for a, b in zip(accs[::2], accs[1::2])]
            accs = pairs + accs[len(pairs) * 2 :]
        return accs[0]

    def _reduce(self, output: int, acc: Value, carried: Value) -> Value:
        """`vector.reduction` of the accumulator lanes into the carried scalar."""
        combine = self.plan.combiners[output]
        kind = CombiningKindAttr(COMBINERS[type(combine)][0])
        extra = {"fastmath": combine.properties["fastmath"]} \
            if "fastmath" in combine.properties else {}  # fmt: skip
        reduction = vector.ReductionOp(acc, carried, kind=kind, result_types=[carried.type],
                                       **extra)  # fmt: skip
        return self.rewriter.insert(reduction).results[0]

