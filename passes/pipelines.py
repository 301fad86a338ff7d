"""mlc's named pipelines: the way down from each level, printable and overridable.

    mlc-opt model.mlir -p graph-to-llvm        # what `mlc.compile` runs
    mlc-opt kernel.mlir -p lower-to-llvm       # scf/cf/arith/math/memref/vector/func -> llvm

`lower-to-llvm` is MLIR's `test-lower-to-llvm` order, after `arith-expand` (integer
divisions LLVM has no instruction for). `graph-to-llvm` converts legacy relay
functions (fully: an op without a graph counterpart is an error at that op), legalizes every
graph op to a kernel (an op without a rule is an error at that op), merges chains of
element-wise kernels into one kernel and one loop nest (`graph-fuse-kernels`, so the
tensors between them are never written), bufferizes, lowers the
kernels' generics to loops (matmul-like ones to packed, register-blocked vector loops by
`tensor-tile-contractions`; a kernel's consecutive generics over the same rows, such as a
layer norm's or a softmax's stages, as one loop over the rows, `fuse-rows`; the innermost
loop of element-wise and row-wise generics on vectors of the host's width, `vector-size=0`,
see `passes/generic_vectorize.py`; the outermost parallel loops on threads, on the calling
thread alone when a loop has less than about 32k ops of work per thread), cleans up and lowers to
llvm (`math.erf` and `math.tanh`, which LLVM has no instruction or libm mapping for, and
`math.exp`, whose libm call would keep LLVM from vectorizing sigmoid and softmax loops,
through MLIR's polynomial approximations; integer powers, which LLVM has no instruction
for, as calls of functions the pipeline adds (`convert-math-to-funcs`); the math functions
LLVM has no intrinsic for in f64, such as `erf`, as libm calls; bf16 arithmetic in f32,
its conversions as integer bit operations). Any other pipeline can be given to
`mlc.compile(module, pipeline=...)` instead; `graph_to_llvm(schedules)` is the default one
with schedule passes of one's own run before the default schedule, for options per kernel
(`tensor-tile-contractions{kernels=fused_matmul_kernel mr=4 nr=24}`, see
`passes/kernel_filter.py`).
"""

from __future__ import annotations

from mlc.passes.registry import register_pipeline

_LLVM_TAIL = (
    "expand-strided-metadata,lower-affine,convert-arith-to-llvm,finalize-memref-to-llvm,"
    "convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts"
)
LOWER_TO_LLVM = (
    f"arith-expand,convert-scf-to-cf,convert-vector-to-llvm,convert-math-to-llvm,{_LLVM_TAIL}"
)
# graph-to-llvm's way from loops: lower-to-llvm with its math lowering first (after the
# approximations, so that what LLVM has an intrinsic for is not a libm call), each pass once.
_LOOPS_TO_LLVM = (
    "convert-scf-to-gomp{min-work-per-thread=32768},arith-emulate-unsupported-floats,"
    "math-polynomial-approximation{ops=math.erf,math.tanh,math.exp},convert-math-to-funcs,"
    "arith-expand{include-bf16=true},convert-math-to-llvm,convert-math-to-libm,"
    f"convert-scf-to-cf,convert-vector-to-llvm,{_LLVM_TAIL}"
)


def graph_to_kernels(schedules: str = "") -> str:
    """`graph-to-loops`' passes up to the contraction schedule: they see the whole module
    (packed constants follow a weight from the graph function into its kernels); the
    rest, `KERNEL_TO_LOOPS`, works on each function alone."""
    return (
        "convert-relay-to-graph,graph-legalize{fail-on-unsupported=true},graph-fuse-kernels,"
        f"bufferize,memory-plan,{schedules + ',' if schedules else ''}"
        "tensor-tile-contractions"
    )


KERNEL_TO_LOOPS = (
    "convert-tensor-to-loops{parallel=true fuse-rows=true vector-size=0},"
    "canonicalize,cse,loop-invariant-code-motion"
)


def graph_to_loops(schedules: str = "") -> str:
    """`graph-to-loops`, with `schedules` (passes, e.g. schedule passes restricted to some
    kernels by their `kernels` option, see `passes/kernel_filter.py`) run right before
    the default schedule."""
    return f"{graph_to_kernels(schedules)},{KERNEL_TO_LOOPS}"


def graph_to_llvm(schedules: str = "") -> str:
    """mlc.compile's pipeline, `graph-to-llvm`, with `schedules` as `graph_to_loops` puts
    them: `mlc.compile(module, pipeline=graph_to_llvm(
    "tensor-tile-contractions{kernels=fused_matmul_kernel mr=4 nr=24}"))`."""
    return f"builtin.module({graph_to_loops(schedules)},{_LOOPS_TO_LLVM})"


# graph-to-llvm in two stages: the module stage, then the function stage on each function
# split off with what it references (`passes/split_module.py`); `mlc.compile` lowers the
# parts one by one while LLVM compiles the ones before.
GRAPH_TO_LLVM_STAGES = (
    f"builtin.module({graph_to_kernels()})",
    f"builtin.module({KERNEL_TO_LOOPS},{_LOOPS_TO_LLVM})",
)


register_pipeline("lower-to-llvm", LOWER_TO_LLVM,
                  "Lower scf, cf, arith, math, memref, vector and func to the llvm dialect")
register_pipeline("graph-to-loops", graph_to_loops(),
                  "Lower graph (and relay) functions to loops over memrefs")
register_pipeline("graph-to-llvm", f"graph-to-loops,{_LOOPS_TO_LLVM}",
                  "Lower graph (and relay) functions to the llvm dialect: mlc.compile's pipeline")
