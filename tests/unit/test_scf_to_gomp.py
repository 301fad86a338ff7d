"""Parallel loops really run on several threads, without the GIL, and a host without an
OpenMP runtime gets a diagnostic (`convert-scf-to-gomp` and `mlc.codegen.openmp_runtime`).

No test measures time: parallelism is seen in the thread numbers and OS thread ids the
iterations record, and the GIL's release in a handshake between the native threads and a
Python thread that can only complete while native code is running.
"""

from __future__ import annotations

import ctypes
import functools
import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from parallel_loops import LOWERING, compile_parallel, lower_parallel, signatures

import mlc
from mlc.codegen import emit_object, link_shared_library, load_shared_library, openmp_runtime
from mlc.ir.diagnostics import DiagnosticError

THREAD_IDS = """
llvm.func @omp_get_thread_num() -> i32
llvm.func @gettid() -> i32
func.func @thread_ids(%team: memref<?xi32>, %os: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %team, %c0 : memref<?xi32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %t = llvm.call @omp_get_thread_num() : () -> i32
    memref.store %t, %team[%i] : memref<?xi32>
    %tid = llvm.call @gettid() : () -> i32
    memref.store %tid, %os[%i] : memref<?xi32>
  }
  return
}
"""

# The dimensions are collapsed before the iterations are divided (as MLIR's OpenMP
# translation does): a loop of 2 rows still occupies a team of 4.
THREAD_IDS_2D = """
llvm.func @omp_get_thread_num() -> i32
func.func @thread_ids_2d(%team: memref<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %team, %c0 : memref<?x?xi32>
  %m = memref.dim %team, %c1 : memref<?x?xi32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %m) step (%c1, %c1) {
    %t = llvm.call @omp_get_thread_num() : () -> i32
    memref.store %t, %team[%i, %j] : memref<?x?xi32>
  }
  return
}
"""

# Each iteration announces itself in flags[0], then spins (atomic reads, at most %spins
# times) until flags[1] is set, and records what it saw. Only a Python thread running while
# the native call is in progress can set flags[1] after seeing flags[0].
HANDSHAKE = """
func.func @handshake(%flags: memref<2xi64>, %seen: memref<?xi64>, %spins: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %n = memref.dim %seen, %c0 : memref<?xi64>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %old = memref.atomic_rmw assign %one, %flags[%c0] : (i64, memref<2xi64>) -> i64
    %k = scf.while (%count = %c0) : (index) -> index {
      %go = memref.atomic_rmw addi %zero, %flags[%c1] : (i64, memref<2xi64>) -> i64
      %waiting = arith.cmpi eq, %go, %zero : i64
      %left = arith.cmpi slt, %count, %spins : index
      %more = arith.andi %waiting, %left : i1
      scf.condition(%more) %count : index
    } do {
    ^bb0(%count: index):
      %next = arith.addi %count, %c1 : index
      scf.yield %next : index
    }
    %go = memref.atomic_rmw addi %zero, %flags[%c1] : (i64, memref<2xi64>) -> i64
    memref.store %go, %seen[%i] : memref<?xi64>
  }
  return
}
"""

SUM = """
func.func @sum(%x: memref<?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %r = scf.parallel (%i) = (%c0) to (%n) step (%c1) init (%zero) -> f32 {
    %v = memref.load %x[%i] : memref<?xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}
"""


@functools.cache
def thread_ids_compiled(num_threads: int):
    return compile_parallel(THREAD_IDS, num_threads=num_threads)


def test_iterations_run_on_every_thread_of_the_team() -> None:
    exe = thread_ids_compiled(4)
    team, os_ids = np.full(64, -1, np.int32), np.zeros(64, np.int32)
    exe.thread_ids(team, os_ids)
    # static chunks: 16 iterations per thread, in order
    np.testing.assert_array_equal(team, np.repeat(np.arange(4, dtype=np.int32), 16))
    assert len(set(os_ids.tolist())) == 4  # four OS threads
    assert threading.get_native_id() in set(os_ids.tolist())  # the caller takes part
    # 10 iterations among 4 threads: 3, 3, 2, 2, as libgomp divides schedule(static)
    team, os_ids = np.full(10, -1, np.int32), np.zeros(10, np.int32)
    exe.thread_ids(team, os_ids)
    np.testing.assert_array_equal(team, [0, 0, 0, 1, 1, 1, 2, 2, 3, 3])


def test_small_loops_run_on_fewer_threads_with_min_work_per_thread() -> None:
    """An iteration of THREAD_IDS costs 5 ops: with 60 ops of work per thread asked for,
    10 iterations run on the caller alone, 25 on 2 threads, 64 on the whole team."""
    exe = compile_parallel(THREAD_IDS, num_threads=4, min_work=60)
    for n, threads in ((10, 1), (25, 2), (64, 4)):
        team, os_ids = np.full(n, -1, np.int32), np.zeros(n, np.int32)
        exe.thread_ids(team, os_ids)
        assert sorted(set(team.tolist())) == list(range(threads))
        if threads == 1:
            assert set(os_ids.tolist()) == {threading.get_native_id()}


def test_collapsed_dimensions_are_divided_among_the_team() -> None:
    exe = compile_parallel(THREAD_IDS_2D, num_threads=4)
    team = np.full((2, 6), -1, np.int32)
    exe.thread_ids_2d(team)
    np.testing.assert_array_equal(team, [[0, 0, 0, 1, 1, 1], [2, 2, 2, 3, 3, 3]])


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs at least 2 cores")
def test_default_team_uses_several_threads() -> None:
    exe = thread_ids_compiled(0)
    team, os_ids = np.full(256, -1, np.int32), np.zeros(256, np.int32)
    exe.thread_ids(team, os_ids)
    assert len(set(team.tolist())) > 1
    assert len(set(os_ids.tolist())) > 1


def test_default_team_follows_the_runtime_setting() -> None:
    """Without `num-threads` the team has the runtime's size: `OMP_NUM_THREADS`, or what
    `omp_set_num_threads` set (for the calling thread)."""
    exe = thread_ids_compiled(0)
    runtime = ctypes.CDLL(None)
    before = runtime.omp_get_max_threads()
    runtime.omp_set_num_threads(3)
    try:
        team, os_ids = np.full(30, -1, np.int32), np.zeros(30, np.int32)
        exe.thread_ids(team, os_ids)
    finally:
        runtime.omp_set_num_threads(before)
    np.testing.assert_array_equal(team, np.repeat(np.arange(3, dtype=np.int32), 10))


def test_native_threads_run_while_python_runs() -> None:
    exe = compile_parallel(HANDSHAKE, num_threads=2)
    flags, seen = np.zeros(2, np.int64), np.zeros(8, np.int64)
    call_returned = threading.Event()

    def answer() -> None:  # runs only while the caller does not hold the GIL
        while flags[0] == 0 and not call_returned.is_set():
            pass
        if not call_returned.is_set():
            flags[1] = 1

    helper = threading.Thread(target=answer)
    helper.start()
    try:
        exe.handshake(flags, seen, 10**9)
    finally:
        call_returned.set()
        helper.join()
    np.testing.assert_array_equal(seen, np.ones(8, np.int64))


def test_reductions_are_reproducible() -> None:
    exe = compile_parallel(SUM, num_threads=3)
    x = np.random.default_rng(0).standard_normal(10_001).astype(np.float32)
    results = {exe.sum(x).tobytes() for _ in range(5)}
    assert len(results) == 1
    np.testing.assert_allclose(exe.sum(x), x.astype(np.float64).sum(), rtol=1e-4)


def test_shared_library_links_the_runtime(tmp_path) -> None:
    module = lower_parallel(SUM, num_threads=2)
    library = link_shared_library([emit_object(module, str(tmp_path / "sum.o"))],
                                  str(tmp_path / "libsum.so"), openmp=True)  # fmt: skip
    exe = load_shared_library(library, module, signatures(mlc.parse(SUM)))
    x = np.arange(100, dtype=np.float32)
    assert exe.sum(x) == np.float32(4950)


def test_process_exits_cleanly_while_threads_spin() -> None:
    """With `OMP_WAIT_POLICY=active` a team's threads spin in the runtime's code after a
    parallel region: the runtime must stay mapped while the process exits (LLVM closes the
    libraries it opened then). The region runs `strlen` on every thread of the team."""
    script = (
        "import ctypes\n"
        "from mlc.codegen import openmp_runtime\n"
        "openmp_runtime.load_openmp_runtime()\n"
        "process = ctypes.CDLL(None)\n"
        "process.GOMP_parallel.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint,"
        " ctypes.c_uint]\n"
        "process.GOMP_parallel(ctypes.cast(process.strlen, ctypes.c_void_p), b'team', 2, 0)\n"
    )
    env = {**os.environ, "OMP_WAIT_POLICY": "active"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("given, expected", [(None, str(openmp_runtime.SPIN_ROUNDS)),
                                             ("30", "30")])
def test_idle_workers_spin_briefly_unless_the_environment_says(given, expected) -> None:
    """The runtime reads `GOMP_SPINCOUNT` when it is loaded: mlc's default, or the user's."""
    script = (
        "import os\n"
        "from mlc.codegen import openmp_runtime\n"
        "openmp_runtime.load_openmp_runtime()\n"
        "print(os.environ['GOMP_SPINCOUNT'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "GOMP_SPINCOUNT"}
    if given is not None:
        env["GOMP_SPINCOUNT"] = given
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [expected]


def test_host_without_openmp_runtime_is_a_diagnostic(monkeypatch) -> None:
    monkeypatch.setattr(openmp_runtime, "_find_runtime", lambda: None)
    with pytest.raises(DiagnosticError, match="neither libgomp nor libomp is installed"):
        compile_parallel(SUM)


def test_loops_stay_sequential_without_the_pass() -> None:
    module = mlc.parse(SUM)
    mlc.PassManager.parse(f"builtin.module({LOWERING})").run(module)
    assert "GOMP_parallel" not in str(module)


def test_negative_thread_count_is_rejected() -> None:
    with pytest.raises(DiagnosticError, match="num-threads must be 0 or positive, not -2"):
        lower_parallel(SUM, num_threads=-2)
    with pytest.raises(DiagnosticError,
                       match="min-work-per-thread must be 0 or positive, not -1"):  # fmt: skip
        lower_parallel(SUM, min_work=-1)
