"""Tensor-level kernels for graph ops: the per-op rules of `graph-legalize`.

Each rule takes a graph op and returns a `KernelEmitter` (or None when the op's types or
attributes are outside what it lowers). An emitter fills the body of a destination-passing
`func.func` over builtin tensors: given the inputs and the destinations, it builds
`tensor.generic`s (scalar bodies in arith/math) and MLIR's tensor ops, and returns the
tensors the function returns. Rules are a table keyed by op class (JAX's per-primitive
lowering rules), assembled from one module per family: `elementwise`, `linalg` (matmul,
conv, pools), `reductions` (reductions, softmax, normalizations) and `data_movement`.
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.passes.graph_kernels import data_movement, elementwise, linalg, reductions
from mlc.passes.graph_kernels.builders import (
    KernelEmitter,
    ScalarBody,
    broadcast_maps,
    constant,
    fill,
    generic,
)
from mlc.passes.graph_kernels.data_movement import reassociation

RULES: dict[type, Callable] = {
    **elementwise.RULES,
    **linalg.RULES,
    **reductions.RULES,
    **data_movement.RULES,
}
"""Graph op class -> rule (op -> KernelEmitter, or None where the op is outside the rule)."""

NOT_LOWERED: dict[str, str] = {
    "graph.func": "a function: its body is legalized op by op",
    "graph.return": "a terminator of graph functions",
    "graph.call": "a call between graph functions; the callee is legalized instead",
    "graph.call_dps": "already the call of a tensor-level kernel (what legalization makes)",
    "graph.constant": "a value, not a computation: it stays the kernels' operand",
    "graph.dataflow": "a region of graph ops, legalized op by op",
    "graph.output": "the terminator of a dataflow region",
}
"""Graph ops that stay at the graph level, with the reason (the pass skips them)."""

__all__ = [
    "RULES", "NOT_LOWERED", "KernelEmitter", "ScalarBody", "broadcast_maps", "constant",
    "fill", "generic", "reassociation",
]  # fmt: skip
