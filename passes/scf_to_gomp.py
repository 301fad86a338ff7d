"""`convert-scf-to-gomp`: outermost `scf.parallel` loops run on a thread team of the OpenMP
runtime, through the GNU OpenMP ABI (`GOMP_parallel`) that gcc's libgomp and LLVM's libomp
both export. mlc's counterpart of MLIR's `convert-scf-to-openmp`.

MLIR turns the loop into `omp.parallel { omp.wsloop { omp.loop_nest ... } }` and leaves the
outlining of the region and the division of the iterations to the translation to LLVM IR
(`__kmpc_fork_call`, `__kmpc_for_static_init`, libomp only). mlc does both here, at the scf
level, so that the usual lowering (`convert-scf-to-cf`, ..., `convert-func-to-llvm`,
`reconcile-unrealized-casts`) applies unchanged afterwards:

- the loop's body moves to a private function `@<caller>_parallel(%data: !llvm.ptr)`
  (`_parallel_1`, ... for the next loops), placed before the caller. Each thread of the
  team takes its share of the iterations, all dimensions collapsed, as `schedule(static)`
  divides them (`static_schedule`), from `omp_get_thread_num`/`omp_get_num_threads`, and
  runs it as sequential `scf.for`s; an `scf.parallel` nested in the body stays a
  (sequential) loop of the outlined function. Static shares keep each thread on the same
  data from one loop to the next, in its own L2. Chunks taken from the runtime as threads
  come (`GOMP_parallel_loop_dynamic`, 1-16 per thread) were measured on Zen 4 with 2
  threads: no faster on an idle machine (ResNet block, MLP at batch 64), 3-13% slower for
  layer norm + softmax (loops over the same rows), and erratic beside a busy process.
  Values the loop uses from above are passed in a struct at `%data` (memrefs as their
  descriptors); those of constant-like ops are cloned into the function instead.
- the loop becomes stores into that struct (an `llvm.alloca` at the caller's entry) and
  `GOMP_parallel(@fn, %data, T, 0)`, the calling thread taking part and returning when the
  team is done. T is the `num-threads` option, or when 0 `omp_get_max_threads()`: the
  runtime's default, `OMP_NUM_THREADS` or the number of cores.
- with `min-work-per-thread=W` (0, the default, turns it off), T is also capped at
  max(1, work / W), where work is the loop's iterations (known at run time) times a static
  estimate of an iteration's cost: its element operations (an op counts one, a vector op its
  lanes), those of nested loops times their trip counts (16 when not constant). A small loop
  then runs on the calling thread alone: waking a team costs microseconds, and on a busy
  machine a woken thread can wait milliseconds for a core while the caller waits for it at
  the join (OpenMP's `if` clause and onnxruntime's cost-based `TryParallelFor` make the same
  choice). `graph-to-llvm` sets it.
- reductions (`scf.reduce`): each thread folds its iterations into a partial, starting from
  its first iteration's value, and stores it with a "has a value" flag in its slot of a
  heap buffer of T entries. After the join the caller folds the init value and then the
  partials of the threads that ran iterations, in thread order: the result is reproducible
  for a given thread count and equals the sequential one for associative combiners.

A bufferized `scf.forall` becomes an `scf.parallel` first (as in `convert-scf-to-cf`). A loop
stays as it is, for `convert-scf-to-cf` to run sequentially, when it has no dimensions, a
reduction's combiner uses values of the loop body (MLIR's conversion needs the same), or a
reduced or captured type has no memref element or LLVM form. The generated code calls the
OpenMP runtime: `mlc.codegen` loads libgomp (or libomp) into the JIT and fails with a
diagnostic when the host has none. No default pipeline includes this pass: add it before
`convert-scf-to-cf`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from mlc.dialects import arith, func, memref, scf
from mlc.dialects.llvm import PTR, LLVMFuncOp
from mlc.dialects.llvm.types import VOID, LLVMStructType
from mlc.dialects.scf.parallel_canonicalization import constant_trip_count
from mlc.ir.attributes import IntegerAttr, SymbolRefAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.rewrite import ConversionTarget, apply_partial_conversion
from mlc.ir.symbol_table import SymbolTable, symbol_name
from mlc.ir.traits import IsolatedFromAbove
from mlc.ir.types import (
    DYNAMIC,
    ComplexType,
    FloatType,
    FunctionType,
    IndexType,
    IntegerType,
    MemRefType,
    VectorType,
    i1,
    i32,
    i64,
    index,
)
from mlc.ir.values import Value
from mlc.passes.parallel_outlining import (
    combiner_is_closed,
    inline_combiner,
    is_sinkable_constant,
    values_from_above,
)
from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.registry import register_pass
from mlc.passes.scf_to_cf import ForallLowering
from mlc.passes.static_schedule import (
    build_for,
    build_thread_share,
    constant_bool,
    constant_index,
    trip_count,
)
from mlc.passes.to_llvm import build
from mlc.passes.to_llvm.pattern import FunctionDeclarations, symbol_table_of
from mlc.passes.to_llvm.type_converter import LLVMTypeConverter

# The entry points of the OpenMP runtime the generated code calls: (params, result).
RUNTIME_FUNCTIONS = {
    "GOMP_parallel": ((PTR, PTR, i32, i32), None),
    "omp_get_thread_num": ((), i32),
    "omp_get_num_threads": ((), i32),
    "omp_get_max_threads": ((), i32),
}
_REDUCIBLE = (IntegerType, IndexType, FloatType, VectorType, ComplexType)


@register_pass
@dataclass(frozen=True)
class SCFToGOMP(Pass):
    """Runs each outermost `scf.parallel` on the OpenMP runtime's threads (module
    docstring)."""

    name = "convert-scf-to-gomp"
    summary = (
        "Run outermost scf.parallel loops on OpenMP runtime threads (GOMP_parallel), "
        "mlc's convert-scf-to-openmp"
    )
    anchor = "builtin.module"  # it adds functions to the module, as MLIR's is a module pass
    num_threads: int = field(
        default=0,
        metadata={"help": "Number of threads to use (0: the runtime's default, OMP_NUM_THREADS)",
                  "min": 0},
    )
    min_work_per_thread: int = field(
        default=0,
        metadata={"help": "Use fewer threads (down to the caller alone) when the loop's "
                          "estimated ops per thread would fall below this (0: off)",
                  "min": 0},
    )

    def run(self, op) -> None:
        _forall_to_parallel(op)
        loops = [o for o in op.iter_nested()
                 if isinstance(o, scf.ParallelOp) and not _inside_parallel(o)]  # fmt: skip
        declarations = FunctionDeclarations()
        for loop in loops:
            if _can_outline(loop):
                _LoopOutliner(loop, self.num_threads, self.min_work_per_thread,
                              declarations).run()


def _forall_to_parallel(op) -> None:
    """Bufferized `scf.forall`s become `scf.parallel`s (`convert-scf-to-cf`'s pattern)."""
    target = ConversionTarget()
    target.add_dynamically_legal_op([scf.ForallOp], lambda o: bool(o.outputs))
    target.mark_unknown_op_dynamically_legal(lambda _: True)
    apply_partial_conversion(op, target, [ForallLowering()])


def _inside_parallel(op) -> bool:
    parent = op.parent_op
    while parent is not None:
        if isinstance(parent, scf.ParallelOp):
            return True
        parent = parent.parent_op
    return False


_CONVERTER = LLVMTypeConverter()


def _can_outline(loop) -> bool:
    """Whether the loop fits the scheme (module docstring); others stay sequential."""
    reduce = loop.regions[0].blocks[0].terminator
    return (
        bool(loop.induction_vars)
        and _enclosing_function(loop) is not None
        and all(isinstance(r.type, _REDUCIBLE) for r in loop.results)
        and all(combiner_is_closed(region, loop) for region in reduce.regions)
        and all(_CONVERTER.convert_type(v.type) is not None for v in values_from_above(loop))
    )


def _enclosing_function(op):
    """The nearest isolated-from-above ancestor, when it is a symbol in a symbol table."""
    parent = op.parent_op
    while parent is not None and not parent.has_trait(IsolatedFromAbove):
        parent = parent.parent_op
    if parent is None or symbol_name(parent) is None or symbol_table_of(parent) is None:
        return None
    return parent


class _LoopOutliner:
    """Rewrites one `scf.parallel` into an outlined function and its call (module
    docstring). The caller's side is built first, before the loop, while the loop's
    combiners still use the caller's values; then the body moves to the new function."""

    def __init__(self, loop, num_threads: int, min_work: int,
                 declarations: FunctionDeclarations) -> None:  # fmt: skip
        self.loop = loop
        self.num_threads = num_threads
        self.min_work = min_work
        self.declarations = declarations
        self.caller = _enclosing_function(loop)
        self.b = Builder.before(loop, loop.location)

    def run(self) -> None:
        loop, b = self.loop, self.b
        _check_runtime_symbols(symbol_table_of(self.caller))
        threads = self._team_size()
        buffers, count = [], None
        if loop.results:
            count = b.create(arith.IndexCastOp, threads, out=index).result
            buffers = self._partial_buffers(count)
        captured = values_from_above(loop)
        passed = [v for v in captured if not is_sinkable_constant(v)] + buffers
        fields = tuple(_CONVERTER.convert_type(v.type) for v in passed)
        data = self._pack(passed, fields)
        name = self._unique_name()
        function_type = FunctionType((PTR,), ())
        function = b.insert(
            func.ConstantOp.create((), [function_type], {"value": SymbolRefAttr(name)})
        ).results[0]
        zero = b.create(arith.ConstantOp, IntegerAttr(0, i32)).result
        self._call("GOMP_parallel", [_cast(b, function, PTR), data, threads, zero])
        results = self._combine_partials(count, buffers) if buffers else []
        for buffer in buffers:
            b.create(memref.DeallocOp, buffer)
        outlined = func.FuncOp(name, function_type, visibility="private", loc=loop.location)
        self.caller.parent.insert_before(outlined, self.caller)
        self._fill_outlined(outlined, captured, passed, fields, buffers)
        for old, new in zip(loop.results, results):
            old.replace_all_uses_with(new)
        loop.erase()

    # --- the caller's side -------------------------------------------------------------------
    def _team_size(self) -> Value:
        """The number of threads asked for, an `i32`: the option, or the runtime's default,
        capped by the loop's work when `min-work-per-thread` is set."""
        b = self.b
        if self.num_threads:
            threads = b.create(arith.ConstantOp, IntegerAttr(self.num_threads, i32)).result
        else:
            threads = self._call("omp_get_max_threads", [])[0]
        if not self.min_work:
            return threads
        loop = self.loop
        work = constant_index(b, _iteration_cost(loop.regions[0].blocks[0]))
        for bounds in zip(loop.lowerBound, loop.upperBound, loop.step):
            work = b.create(arith.MulIOp, work, trip_count(b, *bounds)).result
        useful = b.create(arith.DivUIOp, work, constant_index(b, self.min_work)).result
        useful = b.create(arith.MaxSIOp, useful, constant_index(b, 1)).result
        most = b.create(arith.IndexCastOp, threads, out=index).result
        capped = b.create(arith.MinSIOp, useful, most).result
        return b.create(arith.IndexCastOp, capped, out=i32).result

    def _partial_buffers(self, count: Value) -> list[Value]:
        """One heap buffer of `count` partials per reduction, then their flags, all false
        (a team may have fewer threads than asked for: their slots stay unset)."""
        b = self.b
        buffers = [
            b.create(memref.AllocOp, [count], memref=MemRefType((DYNAMIC,), r.type)).result
            for r in self.loop.results
        ]
        flags = b.create(memref.AllocOp, [count], memref=MemRefType((DYNAMIC,), i1)).result

        def clear(inner: Builder, slot: Value, _) -> list:
            inner.create(memref.StoreOp, constant_bool(inner, False), flags, [slot])
            return []

        build_for(b, constant_index(b, 0), count, constant_index(b, 1), [], clear)
        return [*buffers, flags]

    def _pack(self, passed: list[Value], fields: tuple) -> Value:
        """A pointer to a struct of the passed values, allocated at the caller's entry."""
        b = self.b
        if not passed:
            return build.null_pointer(b)
        struct = LLVMStructType(fields)
        entry = Builder(InsertionPoint.at_start(self.caller.regions[0].blocks[0]),
                        self.loop.location)  # fmt: skip
        data = build.alloca(entry, struct, build.constant(entry, IntegerAttr(1, i64), i64))
        for i, (value, t) in enumerate(zip(passed, fields)):
            converted = value if value.type == t else _cast(b, value, t)
            build.store(b, converted, build.gep(b, data, struct, [0, i]))
        return data

    def _combine_partials(self, count: Value, buffers: list[Value]) -> list[Value]:
        """The loop's results: its init values, then each thread's partial if it has one,
        folded in thread order by the combiners."""
        b, loop = self.b, self.loop
        *partials, flags = buffers
        reduce = loop.regions[0].blocks[0].terminator
        types = [r.type for r in loop.results]

        def fold(inner: Builder, slot: Value, accumulated: list) -> list:
            has_partial = inner.create(memref.LoadOp, flags, [slot]).result
            branch = scf.IfOp.create([has_partial], types, {}, None,
                                     [Region([Block()]), Region([Block()])],
                                     location=inner.location)  # fmt: skip
            inner.insert(branch)
            then = Builder.at_end(branch.regions[0].blocks[0], inner.location)
            combined = []
            for region, acc, buffer in zip(reduce.regions, accumulated, partials):
                partial = then.create(memref.LoadOp, buffer, [slot]).result
                combined.append(inline_combiner(then, region, acc, partial))
            then.insert(scf.YieldOp(combined, loc=inner.location))
            otherwise = Builder.at_end(branch.regions[1].blocks[0], inner.location)
            otherwise.insert(scf.YieldOp(list(accumulated), loc=inner.location))
            return list(branch.results)

        return build_for(b, constant_index(b, 0), count, constant_index(b, 1),
                         list(loop.initVals), fold)  # fmt: skip

    def _unique_name(self) -> str:
        """`<caller>_parallel`, numbered when the module has that symbol already."""
        table = SymbolTable(symbol_table_of(self.caller))
        base = f"{symbol_name(self.caller)}_parallel"
        name, n = base, 0
        while table.lookup(name) is not None:
            n += 1
            name = f"{base}_{n}"
        return name

    def _call(self, callee: str, args: list[Value], b: Builder | None = None) -> list[Value]:
        """A call of an OpenMP runtime function, declared in the module if needed."""
        b = b or self.b
        params, result = RUNTIME_FUNCTIONS[callee]
        self.declarations.get(b, self.caller, callee, params, VOID if result is None else result)
        return build.call(b, callee, args, result)

    # --- the threads' side -------------------------------------------------------------------
    def _fill_outlined(self, outlined, captured, passed, fields, buffers) -> None:
        """The outlined function's body: unpack the values, find this thread's chunk, run
        it as a loop nest, store the partials."""
        loop = self.loop
        fb = Builder.at_end(outlined.entry_block, loop.location)
        mapping = self._unpack(fb, outlined.entry_block.args[0], passed, fields)
        for value in captured:
            if is_sinkable_constant(value):
                mapping[value] = fb.insert(value.owner.clone()).results[value.index]
            _replace_uses_inside(value, mapping[value], loop)
        thread = self._thread_query(fb, "omp_get_thread_num")
        team = self._thread_query(fb, "omp_get_num_threads")
        lower, upper, step = (
            [mapping[v] for v in group] for group in (loop.lowerBound, loop.upperBound, loop.step)
        )
        inits = [mapping[v] for v in loop.initVals]
        if loop.results:
            inits.append(constant_bool(fb, False))  # no partial yet
        folded = build_thread_share(fb, lower, upper, step, thread, team, inits,
                                    self._thread_body)  # fmt: skip
        for value, buffer in zip(folded, buffers):
            fb.create(memref.StoreOp, value, mapping[buffer], [thread])
        fb.insert(func.ReturnOp([], loc=loop.location))

    def _unpack(self, fb: Builder, data: Value, passed, fields) -> dict:
        """The passed values read back from the struct at `data`, by caller value."""
        if not passed:
            return {}
        struct = LLVMStructType(fields)
        mapping = {}
        for i, (value, t) in enumerate(zip(passed, fields)):
            loaded = build.load(fb, t, build.gep(fb, data, struct, [0, i]))
            mapping[value] = loaded if value.type == t else _cast(fb, loaded, value.type)
        return mapping

    def _thread_query(self, fb: Builder, callee: str) -> Value:
        number = self._call(callee, [], fb)[0]
        return fb.create(arith.IndexCastOp, number, out=index).result

    def _thread_body(self, inner: Builder, ivs: list, accumulated: list) -> list:
        """The innermost loop's block: the loop's body on `ivs`, then each reduced value
        folded into its partial (or taken as it when `accumulated[-1]`, "has a value", is
        false)."""
        body = self.loop.regions[0].blocks[0]
        reduce = body.terminator
        for old, new in zip(body.args, ivs):
            old.replace_all_uses_with(new)
        for op in list(body.ops)[:-1]:
            inner.insert(op.detach())
        if not self.loop.results:
            return []
        has_value = accumulated[-1]
        folded = []
        for region, acc, value in zip(reduce.regions, accumulated, reduce.operands):
            combined = inline_combiner(inner, region, acc, value)
            folded.append(inner.create(arith.SelectOp, has_value, combined, value,
                                       result=value.type).result)  # fmt: skip
        return [*folded, constant_bool(inner, True)]


_UNKNOWN_TRIPS = 16  # the trip count assumed for a nested loop whose bounds are not constant


def _iteration_cost(block: Block) -> int:
    """A static estimate of the element operations one run of `block` executes: each op
    counts the elements of its widest vector operand or result (one without vectors), a
    nested loop its body times its trip count, another op with regions its costliest one.
    Vector ops count their lanes so that a vectorized loop weighs what its scalar form
    would: counted one each, a matrix-vector product's 512 x 512 loop of 16-lane FMAs
    (1 MiB of weights) looked like 40000 ops and ran on one thread, in 13.9 us instead of
    6.8 on two (Zen 4, `min-work-per-thread=32768`)."""
    cost = 0
    for op in block.ops:
        cost += _elements(op)
        if not op.regions:
            continue
        inner = max((_iteration_cost(b) for r in op.regions for b in r.blocks), default=0)
        if isinstance(op, (scf.ForOp, scf.ParallelOp)):
            for bounds in zip(*_loop_bounds(op)):
                inner *= _static_trips(*bounds)
        cost += inner
    return cost


def _elements(op) -> int:
    """The elements `op` works on: the lanes of its widest vector operand or result, else 1."""
    widest = 1
    for value in (*op.operands, *op.results):
        if isinstance(value.type, VectorType):
            widest = max(widest, math.prod(value.type.shape))
    return widest


def _loop_bounds(op) -> tuple:
    if isinstance(op, scf.ForOp):
        return [op.lowerBound], [op.upperBound], [op.step]
    return op.lowerBound, op.upperBound, op.step


def _static_trips(lower: Value, upper: Value, step: Value) -> int:
    trips = constant_trip_count(lower, upper, step)
    return _UNKNOWN_TRIPS if trips is None else max(trips, 0)


def _check_runtime_symbols(table) -> None:
    """The runtime's functions can be declared: their names are free or `llvm.func`s."""
    symbols = SymbolTable(table)
    for name in RUNTIME_FUNCTIONS:
        found = symbols.lookup(name)
        if found is not None and not isinstance(found, LLVMFuncOp):
            raise PassFailure(
                f"'@{name}' is a '{found.name}', but the OpenMP runtime's function of that "
                "name is needed",
                found.location,
            )


def _replace_uses_inside(value: Value, new: Value, loop) -> None:
    """Uses of `value` by ops nested in `loop` (not by the loop itself) now use `new`."""
    for use in list(value.uses):
        if use.owner is not loop and loop.is_ancestor(use.owner):
            use.set(new)


def _cast(b: Builder, value: Value, t) -> Value:
    return b.insert(UnrealizedConversionCastOp.create([value], [t])).results[0]
