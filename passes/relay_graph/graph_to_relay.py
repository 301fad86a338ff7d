"""`convert-graph-to-relay`: graph functions and ops to the legacy_relay dialect.

Every `graph.func` becomes a `func.func` over builtin tensors (symbolic dims become `?`),
its `graph.return`s `func.return`s and the `graph.call`s of it `func.call`s; graph ops
become relay ops by the rules of `graph_rules`. Full mode (the default) fails at the first
graph op without a relay counterpart (`graph.gelu`, `graph.round`, a symbolic reshape
target, ...), leaving the module as it was; `partial=true` leaves such ops in place,
bridged by `builtin.unrealized_conversion_cast`s, with their symbolic dims made `?`. A
function whose unconverted ops need its size variables (a symbolic reshape target) stays
a `graph.func` in partial mode; its other ops are still converted. `graph.dataflow`
regions are inlined: Relay has no dataflow blocks.

`convert-relay-to-graph` (or `graph-infer-shapes` after it) recovers symbolic dims on the
way back: each `?` of an argument becomes a size variable and inference carries it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlc.dialects import func
from mlc.dialects import graph as g
from mlc.dialects.legacy_relay.relations import agrees
from mlc.ir.attributes import ArrayAttr, StringAttr
from mlc.ir.rewrite.conversion import ConversionPattern
from mlc.passes.registry import register_pass
from mlc.passes.relay_graph.common import (
    DialectMigration,
    function_names,
    graph_to_relay_types,
)
from mlc.passes.relay_graph.graph_rules import GRAPH_TO_RELAY


def _symbolic_target(op) -> bool:
    """Whether `op` has a target shape naming size variables and a result not static."""
    shape = op.properties.get("shape")
    return (
        isinstance(shape, ArrayAttr)
        and any(isinstance(d, StringAttr) for d in shape.value)
        and not all(isinstance(t, g.TensorType) and t.is_static for t in op.result_types)
    )


class DataflowInlining(ConversionPattern):
    """A `graph.dataflow` region's ops move before it and its results become what its
    `graph.output` lists: Relay has no dataflow blocks, and the ops are pure anyway."""

    def __init__(self) -> None:
        super().__init__(g.DataflowOp.name)

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        block = op.regions[0].blocks[0]
        output = block.last_op
        rewriter.inline_block_before(block, op)
        rewriter.replace_op(op, list(output.operands))
        rewriter.erase_op(output)
        return True


def forget_size_vars(fn) -> None:
    """Make the symbolic dims of graph values left in `fn` (no longer a graph function) `?`."""
    for op in fn.iter_nested():
        for result in op.results:
            t = result.type
            if isinstance(t, g.TensorType) and t.free_vars:
                result.type = t.with_shape(d if type(d) is int else None for d in t.shape)


@register_pass
@dataclass(frozen=True)
class ConvertGraphToRelay(DialectMigration):
    """Converts graph functions and ops to the legacy_relay dialect (see the module
    docstring)."""

    name = "convert-graph-to-relay"
    summary = "Convert graph functions and ops to the legacy_relay dialect"
    source, target, function_dialect = "graph", "relay", "graph"
    new_ops = (func.FuncOp, func.ReturnOp, func.CallOp)
    exact_calls = True
    rules = GRAPH_TO_RELAY

    def functions_to_convert(self, module) -> set[str]:
        return function_names(module, self._converts)

    def _converts(self, fn) -> bool:
        if not isinstance(fn, g.FuncOp):
            return False
        return not self.partial or not any(_symbolic_target(o) for o in fn.iter_nested())

    def type_converter(self):
        return graph_to_relay_types()

    def result_agrees(self, declared, inferred) -> bool:
        return agrees(declared, inferred)

    def structural_patterns(self, converter) -> list:
        return [DataflowInlining()]

    def finish(self, function) -> None:
        forget_size_vars(function)
