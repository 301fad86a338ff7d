"""The OpenMP runtime that compiled parallel loops call (`convert-scf-to-gomp` emits calls
of `GOMP_parallel` and `omp_get_*`).

gcc's libgomp has these entry points, and so has LLVM's libomp (its GNU compatibility
layer), so either serves. The runtime is loaded into the process with global symbols, once
and for good: the JIT resolves the calls against it, and a shared library linked without
`-fopenmp` finds it when loaded. A host with neither gets an `OpenMPRuntimeMissing`
diagnostic naming what to install, at compile (or load) time, not an unresolved symbol.

Idle threads wait for the next parallel loop by spinning for a while, then sleeping
(`GOMP_SPINCOUNT`, libomp's `KMP_BLOCKTIME`, set before the runtime is loaded unless the
environment sets them): 100000 rounds, a third of libgomp's default; libomp's 200 ms become
1 ms. Measured on an idle 2-core machine, a model's consecutive loops need workers that
are still spinning (MLP b64 0.65 ms, ResNet block 2.5 ms with 100000 rounds; 0.74 and
5.6 ms with 1000, each loop waking a sleeping worker). On a machine whose cores are all
busy with other processes, spinning works against it: a preempted spinning worker waits
for a time slice while the caller waits for it at the join (MLP b64 up to 84-94 ms per
call); there `GOMP_SPINCOUNT=1000` (1.7 ms) or `OMP_WAIT_POLICY=passive` is the setting
to use.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

from mlc.ir.diagnostics import DiagnosticError

# Names of the runtime's entry points: the GNU ABI (`GOMP_parallel`) and the user API.
OPENMP_SYMBOL_PREFIXES = ("GOMP_", "omp_")
# Library names for `ctypes.util.find_library`, preferred first.
OPENMP_LIBRARIES = ("gomp", "omp")
# How long an idle worker spins before it sleeps (module docstring), per runtime.
SPIN_ROUNDS = 100000
WAIT_SETTINGS = {"GOMP_SPINCOUNT": str(SPIN_ROUNDS), "KMP_BLOCKTIME": "1"}


class OpenMPRuntimeMissing(DiagnosticError):
    """The module calls the OpenMP runtime and this host has none."""


def calls_openmp(symbols) -> bool:
    """Whether any of the external symbol names is an OpenMP runtime entry point."""
    return any(name.startswith(OPENMP_SYMBOL_PREFIXES) for name in symbols)


@functools.cache
def _find_runtime() -> str | None:
    for name in OPENMP_LIBRARIES:
        found = ctypes.util.find_library(name)
        if found:
            return found
    return None


def load_openmp_runtime(location=None) -> str:
    """Load libgomp (or libomp) with global symbols, once; returns its name. Raises
    `OpenMPRuntimeMissing` when the host has neither."""
    library = _find_runtime()
    if library is None:
        raise OpenMPRuntimeMissing(
            "the module runs parallel loops on the OpenMP runtime (convert-scf-to-gomp), but "
            "neither libgomp nor libomp is installed (Debian: libgomp1); install one, or "
            "compile without convert-scf-to-gomp to run the loops sequentially",
            location,
        )
    try:
        _load_global(library)
    except RuntimeError as e:
        raise OpenMPRuntimeMissing(f"cannot load the OpenMP runtime {library}: {e}",
                                   location) from None  # fmt: skip
    return library


@functools.cache
def _load_global(library: str) -> None:
    """Open `library` so that it is never unloaded: LLVM closes the libraries it opened when
    the process exits, and an idle team's threads may still be spinning in the runtime's
    code then (always with `OMP_WAIT_POLICY=active`): unmapped under them, they crash."""
    import llvmlite.binding as llvm

    for name, value in WAIT_SETTINGS.items():  # read by the runtime when it is loaded
        os.environ.setdefault(name, value)
    try:
        ctypes.CDLL(library, mode=os.RTLD_GLOBAL | os.RTLD_NODELETE)
    except OSError as e:
        raise RuntimeError(str(e)) from None
    llvm.load_library_permanently(library)  # where the JIT looks symbols up
