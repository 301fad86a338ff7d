"""Keep freed memory in the C heap, so that a model's large results do not page-fault anew on
every call.

Compiled code allocates each result with `malloc`, and the numpy array wrapping it `free`s
it (see `runtime`). glibc serves a large block (over 128 KiB, or over 32 MiB once its
dynamic threshold has grown) with a fresh `mmap` and returns it with `munmap` when freed,
so a 64 MiB result costs 16384 page faults (the kernel zeroing each page) on every call:
an element-wise kernel over 4096 x 4096 floats took 28 ms that way, 8.9 ms without them.
onnxruntime (its arena) and TVM (its pooled allocator) avoid this by reusing memory; here
glibc is told to do it: blocks under 1 GiB come from the heap, and the heap is not trimmed,
so a freed result's pages serve the next call. The price is that the process keeps its
peak heap, as those arenas do. This is process-wide (numpy's arrays benefit too) and is
set once, when the first compiled module is loaded; `MLC_KEEP_FREED_MEMORY=0` in the
environment leaves the C heap as it is. Only glibc has these knobs; elsewhere nothing
changes.
"""

from __future__ import annotations

import ctypes
import functools
import os

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD = 1 << 30
_TRIM_THRESHOLD = (1 << 31) - 1


@functools.cache
def keep_freed_memory() -> bool:
    """Set glibc's thresholds (once); whether they were set."""
    if os.environ.get("MLC_KEEP_FREED_MEMORY", "1") == "0":
        return False
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "gnu_get_libc_version"):
        return False
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
                and libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD))  # fmt: skip
