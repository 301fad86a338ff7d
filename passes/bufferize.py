"""`bufferize`: tensors become memrefs, in destination-passing style, in place where safe.

Two levels, as Relax lowers `call_tir` and TIR buffers separately:
- every kernel that `graph.call_dps` calls (a `func.func` over tensors whose last
  parameters are its destinations) writes its destinations and returns nothing
  (`bufferize_kernels`);
- every `graph.func` becomes a `func.func` over memrefs that allocates each call's
  destinations, frees intermediates after their last use and returns the buffers of its
  results, with its size variables as leading `index` parameters (`bufferize_graph`).

A `func.func` over tensors that no `graph.call_dps` calls has no destinations to write and
is refused with a diagnostic, as are tensor ops without a bufferization rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import func
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.graph.function import FuncOp as GraphFuncOp
from mlc.ir.types import RankedTensorType
from mlc.passes.bufferize_graph import lower_graph_function
from mlc.passes.bufferize_kernels import KernelBufferizer
from mlc.passes.buffers import ConstantGlobals
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


def _has_tensors(f: func.FuncOp) -> bool:
    t = f.type
    return any(isinstance(x, RankedTensorType) for x in (*t.inputs, *t.results))


@register_pass
@dataclass(frozen=True)
class Bufferize(Pass):
    """Tensors to memrefs: kernels write their destinations, graph functions allocate."""

    name = "bufferize"
    summary = "Bufferize graph functions and their destination-passing tensor kernels"
    anchor = "builtin.module"

    def run(self, op) -> None:
        body = op.regions[0].blocks[0]
        destinations: dict[str, int] = {}
        op.walk(lambda o: destinations.__setitem__(
            o.properties["callee"].root, len(o.results)) if isinstance(o, CallDpsOp) else None)
        kernels, graph_functions = [], []
        for f in body.ops:
            if isinstance(f, GraphFuncOp):
                graph_functions.append(f)
            elif isinstance(f, func.FuncOp) and not f.is_declaration() and _has_tensors(f):
                name = f.properties["sym_name"].value
                if name not in destinations:
                    raise f.emit_error(
                        "cannot be bufferized: a function over tensors must be a kernel "
                        "that graph.call_dps calls (its destinations are its last parameters)"
                    )
                kernels.append((f, destinations[name]))
        globals_ = ConstantGlobals(op)
        for kernel, outputs in kernels:
            KernelBufferizer(kernel, outputs, globals_).run()
        for gf in graph_functions:
            lower_graph_function(gf, globals_)
