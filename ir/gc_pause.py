"""`gc_paused()`: no cyclic garbage collection while a phase builds or rewrites IR.

Operations, blocks and regions point at each other, so every op built is tracked by the
cyclic collector, and a pass that creates thousands of ops triggers collections of the
whole heap again and again: 15-25% of a model's pass pipeline went to them. The phases
that build IR (parsing, a dialect conversion, a pass pipeline, translation to LLVM IR) run
with collection paused; the cycles they drop are collected by the next collection after
them. Nested pauses are free: only the outermost re-enables collection, and only if it
was enabled (the command-line tools disable it for good).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
