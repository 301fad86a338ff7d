"""Elementwise `scf.parallel` loops compiled sequentially (`convert-scf-to-cf` alone) and on
the OpenMP runtime's threads (`convert-scf-to-gomp` first), side by side with numpy.

Two kernels over float32 vectors: `axpy` (y = a*x + y, bound by memory bandwidth) and
`exp` (y = exp(x) * a, bound by compute). Each is compiled at O3 and called on arrays of
each size; the best of `--repeat` calls is kept. Prints milliseconds and the speedup of the
parallel code over the sequential one (and over numpy). Not a test: nothing asserts on time.

    python bench/bench_parallel_loops.py
    python bench/bench_parallel_loops.py --sizes 1M,16M --repeat 5 --threads 2
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

import mlc
from mlc.codegen import compile_module

KERNELS = """
func.func @axpy(%x: memref<?xf32>, %y: memref<?xf32>, %a: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %xi = memref.load %x[%i] : memref<?xf32>
    %yi = memref.load %y[%i] : memref<?xf32>
    %ax = arith.mulf %a, %xi : f32
    %r = arith.addf %ax, %yi : f32
    memref.store %r, %y[%i] : memref<?xf32>
  }
  return
}

func.func @exp(%x: memref<?xf32>, %y: memref<?xf32>, %a: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %xi = memref.load %x[%i] : memref<?xf32>
    %e = math.exp %xi : f32
    %r = arith.mulf %e, %a : f32
    memref.store %r, %y[%i] : memref<?xf32>
  }
  return
}
"""
LOWERING = (
    "convert-scf-to-cf,convert-math-to-llvm,convert-arith-to-llvm,finalize-memref-to-llvm,"
    "convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts"
)
NUMPY = {
    "axpy": lambda x, y, a: np.add(a * x, y, out=y),
    "exp": lambda x, y, a: np.multiply(np.exp(x), a, out=y),
}


def compiled(parallel: bool, threads: int):
    module = mlc.parse(KERNELS)
    sources = {op.properties["sym_name"].value: op.type for op in module.regions[0].blocks[0].ops}
    first = f"convert-scf-to-gomp{{num-threads={threads}}}," if parallel else ""
    mlc.PassManager.parse(f"builtin.module({first}{LOWERING})").run(module)
    return compile_module(module, opt_level=3, signatures=sources)


def best_ms(function, args: tuple, repeat: int) -> float:
    """The fastest of `repeat` calls of `function(*args)`, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times) * 1e3


def parse_size(text: str) -> int:
    scale = {"k": 10**3, "M": 10**6}.get(text[-1], 1)
    return int(text[:-1] if text[-1] in "kM" else text) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M,8M", help="vector lengths, e.g. 1M,16M")
    parser.add_argument("--repeat", type=int, default=7, help="keep the best of N calls")
    parser.add_argument("--threads", type=int, default=0,
                        help="team size (0: the runtime's default, OMP_NUM_THREADS)")  # fmt: skip
    args = parser.parse_args()
    sequential, parallel = compiled(False, args.threads), compiled(True, args.threads)
    print(f"{os.cpu_count()} cores; threads: {args.threads or 'runtime default'}")
    print(f"{'kernel':<6} {'size':>9} {'sequential':>11} {'parallel':>9} {'numpy':>8} "
          f"{'par/seq speedup':>16} {'par/numpy':>10}")  # fmt: skip
    rng = np.random.default_rng(0)
    for name in ("axpy", "exp"):
        for size in map(parse_size, args.sizes.split(",")):
            x = rng.standard_normal(size).astype(np.float32)
            y = np.zeros(size, np.float32)
            operands = (x, y, np.float32(0.5))
            seq = best_ms(sequential[name], operands, args.repeat)
            par = best_ms(parallel[name], operands, args.repeat)
            ref = best_ms(NUMPY[name], operands, args.repeat)
            print(f"{name:<6} {size:>9} {seq:>9.2f}ms {par:>7.2f}ms {ref:>6.2f}ms "
                  f"{seq / par:>15.2f}x {ref / par:>9.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
