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
layer norm's or a softmax's stages, as one loop over the rows, `fuse-rows`; the outermost
parallel loops on threads, on the calling
thread alone when a loop has less than about 32k ops of work per thread), cleans up and lowers to
llvm (`math.erf` and `math.tanh`, which LLVM has no instruction or libm mapping for, and
`math.exp`, whose libm call would keep LLVM from vectorizing sigmoid and softmax loops,
through MLIR's polynomial approximations; the math functions LLVM has no intrinsic for in
f64, such as `erf`, as libm calls; bf16 arithmetic in f32, its conversions as integer bit
operations). Any other pipeline can be given to
`mlc.compile(module, pipeline=...)` instead.
"""

from __future__ import annotations

from mlc.passes.registry import register_pipeline

LOWER_TO_LLVM = (
    "arith-expand,convert-scf-to-cf,convert-vector-to-llvm,convert-math-to-llvm,"
    "expand-strided-metadata,"
    "lower-affine,convert-arith-to-llvm,finalize-memref-to-llvm,convert-cf-to-llvm,"
    "convert-func-to-llvm,reconcile-unrealized-casts"
)

GRAPH_TO_LOOPS = (
    "convert-relay-to-graph,graph-legalize{fail-on-unsupported=true},graph-fuse-kernels,"
    "bufferize,memory-plan,"
    "tensor-tile-contractions,convert-tensor-to-loops{parallel=true fuse-rows=true},"
    "canonicalize,cse,loop-invariant-code-motion"
)

register_pipeline("lower-to-llvm", LOWER_TO_LLVM,
                  "Lower scf, cf, arith, math, memref, vector and func to the llvm dialect")
register_pipeline("graph-to-loops", GRAPH_TO_LOOPS,
                  "Lower graph (and relay) functions to loops over memrefs")
register_pipeline("graph-to-llvm", "graph-to-loops,"
                  "convert-scf-to-gomp{min-work-per-thread=32768},"
                  "arith-emulate-unsupported-floats,"
                  "math-polynomial-approximation{ops=math.erf,math.tanh,math.exp},"
                  "arith-expand{include-bf16=true},convert-math-to-llvm,convert-math-to-libm,"
                  "lower-to-llvm",
                  "Lower graph (and relay) functions to the llvm dialect: mlc.compile's pipeline")
