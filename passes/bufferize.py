"""`bufferize`: tensors become memrefs, in destination-passing style, in place where safe.

Two levels, as Relax lowers `call_tir` and TIR buffers separately:
- every kernel that `graph.call_dps` calls (a `func.func` over tensors whose last
  parameters are its destinations) writes its destinations and returns nothing
  (`bufferize_kernels`);
- every `graph.func` becomes a `func.func` over memrefs that allocates each call's
  destinations, frees intermediates after their last use and returns the buffers of its
  results, with its size variables as leading `index` parameters (`bufferize_graph`).

A kernel may also be external, a `func.func private` declaration with no body resolved
at link time (Relax's `call_dps_packed`, BYOC's offloaded subgraph): its signature becomes
`(memref inputs..., memref destinations...) -> ()` with its attributes kept, so the library
function writes the buffers the caller allocated, as a defined kernel does
(`bufferize_declaration`).

A `func.func` over tensors that no `graph.call_dps` calls has no destinations to write and
is refused with a diagnostic, as is a `func.call` of a declaration over tensors (it passes
no destinations) and tensor ops without a bufferization rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import func
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.graph.function import FuncOp as GraphFuncOp
from mlc.ir.types import RankedTensorType
from mlc.passes.bufferize_graph import lower_graph_function
from mlc.passes.bufferize_kernels import KernelBufferizer, bufferize_declaration
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
        """Checks every function first, so a refused module is left unchanged."""
        body = op.regions[0].blocks[0]
        destinations: dict[str, int] = {}
        plain_calls: dict[str, func.CallOp] = {}

        def note_call(o) -> None:
            if isinstance(o, CallDpsOp):
                destinations[o.properties["callee"].root] = len(o.results)
            elif isinstance(o, func.CallOp):
                plain_calls.setdefault(o.properties["callee"].root, o)

        op.walk(note_call)
        kernels, externals, graph_functions = [], [], []
        for f in body.ops:
            if isinstance(f, GraphFuncOp):
                graph_functions.append(f)
            elif isinstance(f, func.FuncOp) and _has_tensors(f):
                name = f.properties["sym_name"].value
                if f.is_declaration():
                    call = plain_calls.get(name)
                    if call is not None:
                        raise call.emit_error(
                            f"cannot be bufferized: @{name} is an external function over "
                            "tensors; only graph.call_dps calls one (it passes the "
                            "destinations the function writes)"
                        )
                    if name in destinations:
                        externals.append(f)
                    continue
                if name not in destinations:
                    raise f.emit_error(
                        "cannot be bufferized: a function over tensors must be a kernel "
                        "that graph.call_dps calls (its destinations are its last parameters)"
                    )
                kernels.append((f, destinations[name]))
        globals_ = ConstantGlobals(op)
        for kernel, outputs in kernels:
            KernelBufferizer(kernel, outputs, globals_).run()
        for declaration in externals:
            bufferize_declaration(declaration)
        for gf in graph_functions:
            lower_graph_function(gf, globals_)
