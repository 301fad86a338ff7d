"""`graph-legalize`: graph ops -> tensor-level kernels called with `graph.call_dps`.

Each graph op a rule of `graph_kernels` lowers is replaced by a `graph.call_dps` of a private
`func.func` over builtin tensors (symbolic dims become `?`) that computes it in
destination-passing style, as Relax's `LegalizeOps` turns high-level ops into `call_tir`s of
TIR functions. Ops of the same class, operand and result types and attributes share one kernel.
Kernels are named `<op>_kernel` (`@pow_kernel`), never after the op alone: a function named
`pow` or `exp` would shadow the C library function LLVM calls for `math.powf` or `math.exp`,
and the kernel would call itself. Ops no rule lowers stay (the pass is partial), unless
`fail-on-unsupported` makes the first of them an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlc.dialects import func
from mlc.dialects.graph.call_dps import CallDpsOp, builtin_tensor_type
from mlc.dialects.graph.function import FuncOp as GraphFuncOp
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import StringAttr, SymbolRefAttr
from mlc.ir.builder import Builder
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import FunctionType
from mlc.passes.graph_kernels import NOT_LOWERED, RULES
from mlc.passes.pass_base import Pass
from mlc.passes.registry import register_pass


class KernelCache:
    """The kernels made so far in one module. Ops with equal names, types and attributes
    share a kernel without building it again; ops whose kernels come out the same (an `add`
    on `[n, 4]` and one on `[m, 4]`: both `tensor<?x4xf32>`) share it too."""

    def __init__(self, module) -> None:
        self.symbols = SymbolTable(module)
        self.by_key: dict = {}
        self.by_body: dict[str, str] = {}

    def kernel_for(self, op, emit) -> str:
        """The name of the kernel computing `op` by `emit`, made on first request."""
        key = (op.name, tuple(v.type for v in op.operands), tuple(op.result_types),
               tuple(sorted(op.properties.items())))  # fmt: skip
        name = self.by_key.get(key)
        if name is None:
            stem = op.name.removeprefix("graph.") + "_kernel"
            kernel = _build_kernel(stem, op, emit)
            body = kernel.print(generic=True)
            name = self.by_body.get(body)
            if name is None:
                name = self.symbols.fresh_name(stem)
                kernel.properties["sym_name"] = StringAttr(name)
                self.symbols.insert(kernel)
                self.by_body[body] = name
            self.by_key[key] = name
        return name


def _build_kernel(name: str, op, emit) -> func.FuncOp:
    """`func.func private @name(inputs..., destinations...) -> destinations`."""
    inputs = [builtin_tensor_type(v.type) for v in op.operands]
    outputs = [builtin_tensor_type(t) for t in op.result_types]
    kernel = func.FuncOp(name, FunctionType((*inputs, *outputs), tuple(outputs)),
                         visibility="private", loc=op.location)  # fmt: skip
    args = list(kernel.args)
    b = Builder.at_end(kernel.entry_block, op.location)
    results = emit(b, args[: len(inputs)], args[len(inputs) :])
    b.insert(func.ReturnOp(results))
    return kernel


def _is_graph_typed(op) -> bool:
    types = [v.type for v in op.operands] + op.result_types
    return all(isinstance(t, TensorType) for t in types)


@register_pass
@dataclass(frozen=True)
class GraphLegalize(Pass):
    """Lowers graph ops to tensor-level functions called with `graph.call_dps`."""

    name = "graph-legalize"
    summary = "Lower graph ops to tensor-level kernels called with graph.call_dps"
    anchor = "builtin.module"
    fail_on_unsupported: bool = field(
        default=False,
        metadata={"help": "Fail at the first graph op that no rule lowers"},
    )

    def run(self, op) -> None:
        """Decides every op's kernel first, so a failure leaves the module unchanged."""
        functions = [f for f in op.regions[0].blocks[0].ops if isinstance(f, GraphFuncOp)]
        graph_ops = []
        for function in functions:
            function.walk(lambda o: graph_ops.append(o) if o.name.startswith("graph.") else None)
        lowered = []
        for graph_op in graph_ops:
            rule = RULES.get(type(graph_op))
            emit = rule(graph_op) if rule is not None and _is_graph_typed(graph_op) else None
            if emit is not None:
                lowered.append((graph_op, emit))
            elif self.fail_on_unsupported and graph_op.name not in NOT_LOWERED:
                raise graph_op.emit_error(_unsupported_message(rule))
        cache = KernelCache(op)
        for graph_op, emit in lowered:
            _replace_by_call(graph_op, cache.kernel_for(graph_op, emit))


def _replace_by_call(op, kernel: str) -> None:
    """`op` becomes `graph.call_dps @kernel` of its operands, with its result types."""
    call = CallDpsOp.create(op.operands, op.result_types, {"callee": SymbolRefAttr(kernel)},
                            location=op.location)  # fmt: skip
    op.parent.insert_before(call, op)
    for old, new in zip(op.results, call.results):
        old.replace_all_uses_with(new)
    op.erase()


def _unsupported_message(rule) -> str:
    """What follows "'graph.x' op " in the diagnostic."""
    if rule is None:
        return "has no legalization to the tensor level yet"
    return (
        "is not legalized for these operand types and attributes (supported: float and "
        "integer elements, unsigned ones by some ops; broadcasts decided by the static "
        "shapes; see docs/graph.md)"
    )
