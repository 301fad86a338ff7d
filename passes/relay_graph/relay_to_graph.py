"""`convert-relay-to-graph`: relay functions and ops to the graph dialect.

A *relay function* is a `func.func` over tensors and tuples whose body holds relay ops (or
graph ops, as a partial conversion leaves them) and nothing but relay, graph,
`func.return`/`func.call` and casts; it becomes a
`graph.func` (tuple arguments and results become their fields), and so does a function
whose only such ops are calls of relay functions; its returns
`graph.return`s, and every `func.call` of it (from anywhere) a `graph.call`. Relay ops
elsewhere are converted in place. Full mode (the default) fails at the first relay op no
rule converts, leaving the module as it was; `partial=true` leaves such ops in place,
bridged by `builtin.unrealized_conversion_cast`s, and the module still verifies and
interprets.

Afterwards each `?` dim of a converted function's arguments becomes a size variable of its
own (`n0`, `n1`, ...: two `?`s are not known to be equal), and `graph-infer-shapes` carries
them to the results, so a Relay `tensor<?x784xf32>` model gives `[n0, 10]` outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from mlc.dialects import graph as g
from mlc.dialects import legacy_relay as r
from mlc.dialects.graph.base import result_type_agrees
from mlc.dialects.graph.function import SIZE_VARS
from mlc.dialects.graph.infer_shapes import infer_shapes
from mlc.dialects.legacy_relay.base import attr
from mlc.ir.attributes import ArrayAttr, StringAttr, TypeAttr
from mlc.ir.builtin_ops import UnrealizedConversionCastOp
from mlc.ir.rewrite import reconcile_unrealized_casts
from mlc.ir.rewrite.conversion import ConversionPattern
from mlc.ir.types import FunctionType, RankedTensorType, TupleType
from mlc.ir.values import BlockArgument, OpResult
from mlc.passes.registry import register_pass
from mlc.passes.relay_graph.common import (
    DialectMigration,
    function_names,
    relay_to_graph_types,
)
from mlc.passes.relay_graph.relay_rules import RELAY_TO_GRAPH

_BRIDGES = ("func.return", "func.call", UnrealizedConversionCastOp.name)


def is_relay_function(fn, relay_callees=frozenset()) -> bool:
    """Whether `fn` is a relay function (see the module docstring), counting calls of
    `relay_callees` as relay ops."""
    if fn.name != "func.func" or fn.is_declaration():
        return False
    ftype = fn.type
    if not all(isinstance(t, (RankedTensorType, TupleType, g.TensorType))
               for t in ftype.inputs + ftype.results):  # fmt: skip
        return False
    ops = list(fn.iter_nested())
    if not all(o.name.startswith(("relay.", "graph.")) or o.name in _BRIDGES for o in ops):
        return False
    return any(
        o.name.startswith(("relay.", "graph."))
        or o.name == "func.call"
        and o.properties["callee"].root in relay_callees
        for o in ops
    )


def relay_functions(module) -> set[str]:
    """The relay functions of `module`, with those calling them (to a fixed point)."""
    found: set[str] = set()
    while True:
        more = function_names(module, partial(_calls_into, frozenset(found)))
        if not more:
            return found
        found |= more


def _calls_into(known: frozenset, fn) -> bool:
    return fn.sym_name.value not in known and is_relay_function(fn, known)


class DenseBiasToLinear(ConversionPattern):
    """`nn.dense` whose one user is an `nn.bias_add` on the last axis is one `graph.linear`
    (`x @ w^T + b`, the form graph's fusion looks for), when the bias is defined before the
    dense so the linear can take its place."""

    def __init__(self, converter) -> None:
        super().__init__(r.DenseOp.name, benefit=2, type_converter=converter)

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        if "out_dtype" in op.properties or not op.results[0].has_one_use():
            return False
        (user,) = op.results[0].users
        if user.name != r.BiasAddOp.name or user.operands[0] is not op.results[0]:
            return False
        rank = len(user.results[0].type.shape)
        if attr(user.properties, "axis", 1) % rank != rank - 1:
            return False
        (bias,) = rewriter.remap_values([user.operands[1]], self.type_converter)[0]
        if not _available_at(bias, op):
            return False
        x, w = operands
        linear = rewriter.create(g.LinearOp, x, w, bias, loc=user.location)
        want = self.type_converter.convert_type(user.results[0].type)
        if not result_type_agrees(want, linear.results[0].type):
            return False
        linear.results[0].type = want
        rewriter.replace_op(user, linear)
        rewriter.erase_op(op)
        return True


def _available_at(value, op) -> bool:
    """Whether `value` dominates `op`: defined in `op`'s block or an enclosing one, as an
    argument or by an op before (the op holding) `op`."""
    block = value.block if isinstance(value, BlockArgument) else value.op.parent
    current = op
    while current is not None:
        if current.parent is block:
            return isinstance(value, BlockArgument) or value.op.is_before_in_block(current)
        current = current.parent_op
    return False


def skip_cast_chains(fn: g.FuncOp) -> None:
    """Let graph ops use the graph value a chain of casts started from (graph -> builtin
    tensor -> ... -> graph, as partial conversions and calls leave them) when its type
    agrees with the chain's end: the casts change no value, and graph ops take a more
    precise operand as well."""
    for cast in [o for o in fn.iter_nested() if isinstance(o, UnrealizedConversionCastOp)]:
        if len(cast.operands) != 1 or len(cast.results) != 1:
            continue
        result, origin = cast.results[0], cast.operands[0]
        while isinstance(origin, OpResult) and isinstance(origin.op, UnrealizedConversionCastOp):
            if len(origin.op.operands) != 1:
                break
            origin = origin.op.operands[0]
        if not isinstance(result.type, g.TensorType) or not isinstance(origin.type, g.TensorType):
            continue
        if result_type_agrees(result.type, origin.type) and all(
            user.name.startswith("graph.") for user in result.users
        ):
            result.replace_all_uses_with(origin)
    casts = [o for o in fn.iter_nested() if isinstance(o, UnrealizedConversionCastOp)]
    reconcile_unrealized_casts(casts)


def bind_unknown_dims(fn: g.FuncOp) -> None:
    """Give each `?` dim of `fn`'s arguments a size variable of its own (`n0`, `n1`, ...)."""
    names: list[str] = []
    for arg in fn.entry_block.args:
        t = arg.type
        if not isinstance(t, g.TensorType) or None not in t.shape:
            continue
        shape = []
        for d in t.shape:
            if d is None:
                names.append(f"n{len(names)}")
                d = g.var(names[-1])
            shape.append(d)
        arg.type = t.with_shape(shape)
    if not names:
        return
    inputs = tuple(a.type for a in fn.entry_block.args)
    fn.properties["function_type"] = TypeAttr(FunctionType(inputs, fn.type.results))
    fn.properties[SIZE_VARS] = ArrayAttr(tuple(StringAttr(n) for n in names))


@register_pass
@dataclass(frozen=True)
class ConvertRelayToGraph(DialectMigration):
    """Converts relay functions and ops to the graph dialect (see the module docstring)."""

    name = "convert-relay-to-graph"
    summary = "Convert legacy_relay functions and ops to the graph dialect"
    source, target, function_dialect = "relay", "graph", "func"
    new_ops = (g.FuncOp, g.ReturnOp, g.CallOp)
    rules = RELAY_TO_GRAPH

    def functions_to_convert(self, module) -> set[str]:
        return relay_functions(module)

    def type_converter(self):
        return relay_to_graph_types()

    def result_agrees(self, declared, inferred) -> bool:
        return result_type_agrees(declared, inferred)

    def structural_patterns(self, converter) -> list:
        return [DenseBiasToLinear(converter)]

    def finish(self, function) -> None:
        skip_cast_chains(function)
        bind_unknown_dims(function)

    def run(self, op) -> set[str]:
        converted = super().run(op)
        if converted:  # carry the new size variables through the module
            infer_shapes(op)
        return converted
