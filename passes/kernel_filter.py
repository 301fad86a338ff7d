"""`kernels=`: the per-kernel override of the schedule passes' options.

`tensor-tile-contractions` and `convert-tensor-to-loops` choose a schedule for every
generic from heuristics. Their `kernels` option, and `tensor-interchange`'s (a comma list
of function names, shell patterns allowed), makes a run apply to the generics of those
functions only, so that a pipeline runs a pass twice: first on the named kernels with the
options given, then on the rest with the defaults (the first run leaves no generic behind
in the kernels it lowered):

    tensor-tile-contractions{kernels=fused_matmul_add_relu_kernel mr=4 nr=24},
    tensor-tile-contractions

The kernel names are those `graph-fuse-kernels` gives (`mlc-opt model.mlir -p
graph-legalize,graph-fuse-kernels` shows them); `pipelines.graph_to_llvm(schedules=...)`
puts such runs into mlc.compile's pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase

from mlc.dialects.tensor.generic import GenericOp
from mlc.ir.symbol_table import symbol_name


def kernel_filter(patterns: str) -> Callable[[object], bool]:
    """Whether an op is in a function whose name matches one of the comma-separated
    `patterns` (every op when there are none)."""
    names = [p.strip() for p in patterns.split(",") if p.strip()]
    if not names:
        return lambda op: True

    def selected(op) -> bool:
        parent = op.parent_op
        while parent is not None:
            name = symbol_name(parent)
            if name is not None:
                return any(fnmatchcase(name, pattern) for pattern in names)
            parent = parent.parent_op
        return False

    return selected


def kernel_generics(op, patterns: str) -> list[GenericOp]:
    """The `tensor.generic`s nested in `op` that are in the functions `patterns` names
    (all of them when it names none), in walk order: what a schedule pass's run lowers."""
    selected = kernel_filter(patterns)
    generics: list[GenericOp] = []
    op.walk(lambda o: generics.append(o) if isinstance(o, GenericOp) and selected(o) else None)
    return generics
