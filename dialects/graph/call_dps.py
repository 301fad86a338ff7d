"""`graph.call_dps`: call a lower-level function in destination-passing style (Relax's
`call_tir` / `call_dps_packed`), the graph dialect's way down to kernels.

    %y = graph.call_dps @add_kernel(%a, %b) : (!graph.tensor<[n, 4], f32>, !graph.tensor<[4], f32>)
           -> !graph.tensor<[n, 4], f32>

The callee works on builtin tensors and takes one more argument per result: the
destination it writes, which it returns (`func.func @add_kernel(%a: tensor<?x4xf32>,
%b: tensor<4xf32>, %out: tensor<?x4xf32>) -> tensor<?x4xf32>`). Graph types map to builtin
ones dim by dim, symbolic dims becoming `?`, and unsigned elements to signless ones of their
width (`ui8` is `i8` below the graph level, as MLIR's arith computes on signless integers
only: the kernel of an op on unsigned elements picks the unsigned arith ops, `divui`,
`cmpi ult`, `uitofp`, ...; the bits are the same). Result types are given, not inferred: only the
graph level knows them. The callee may be defined later by lowering (the tensor dialect),
or be external (a declaration resolved at link time), which is how a subgraph is offloaded
to a library.
"""

from __future__ import annotations

from mlc.dialects.func import FLAT_SYMBOL_REF
from mlc.dialects.graph.types import TensorType
from mlc.ir.opdef import prop, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import CallableOpInterface, CallOpInterface, Pure, get_trait
from mlc.ir.types import DYNAMIC, UNSIGNED, IntegerType, RankedTensorType


def signless_element(element):
    """The element type the tensor level holds a graph element as: `uiN` as `iN` (module
    docstring), others as they are."""
    if type(element) is IntegerType and element.signedness == UNSIGNED:
        return IntegerType(element.width)
    return element


def builtin_tensor_type(t: TensorType, keep_sign: bool = False) -> RankedTensorType:
    """The builtin tensor type standing for a graph tensor at the tensor level: its
    `signless_element`, or with `keep_sign` the element as it is (the element type numpy
    callers see)."""
    shape = tuple(d if type(d) is int else DYNAMIC for d in t.shape)
    element = t.element_type
    return RankedTensorType(shape, element if keep_sign else signless_element(element))


class DestinationPassingCall(CallOpInterface):
    def callable_for_callee(self, op):
        return op.properties["callee"]

    def set_callee_from_callable(self, op, callee) -> None:
        op.properties["callee"] = callee

    def arg_operands(self, op) -> list:
        return op.operands


class CallDpsOp(Operation):
    name = "graph.call_dps"
    callee = prop(FLAT_SYMBOL_REF)
    args = var_operand()
    outs = var_result()
    traits = (Pure(), DestinationPassingCall())
    assembly_format = "$callee `(` $args `)` attr-dict `:` functional-type($args, results)"

    def verify_(self) -> None:
        for i, t in enumerate(self.result_types):
            if not isinstance(t, TensorType):
                raise self.emit_error(f"result #{i} must be a graph tensor, got '{t}'")

    def verify_symbol_uses(self, tables) -> None:
        ref = self.properties["callee"]
        fn = tables.lookup_nearest(self, ref)
        callable_ = None if fn is None else get_trait(fn, CallableOpInterface)
        if callable_ is None:
            raise self.emit_error(f"'{ref.root}' does not reference a valid function")
        params = callable_.argument_types(fn)
        results = callable_.result_types(fn)
        graph_types = [v.type for v in self.operands] + self.result_types
        if len(params) != len(graph_types):
            raise self.emit_error(
                f"@{ref.root} takes {len(params)} arguments, but {len(self.operands)} inputs "
                f"and {len(self.results)} destinations are passed"
            )
        for i, (param, t) in enumerate(zip(params, graph_types)):
            want = builtin_tensor_type(t) if isinstance(t, TensorType) else t
            if not _compatible(param, want):
                what = "argument" if i < len(self.operands) else "destination"
                raise self.emit_error(
                    f"{what} '{t}' is passed as '{want}', but @{ref.root} takes '{param}'"
                )
        outs = [builtin_tensor_type(t) for t in self.result_types]
        if len(results) != len(outs) or not all(map(_compatible, results, outs)):
            raise self.emit_error(
                f"@{ref.root} must return its destinations ({', '.join(map(str, outs))}), "
                f"but returns {', '.join(map(str, results)) or 'nothing'}"
            )


def _compatible(param, want) -> bool:
    """Same type, up to `?` on either side of a dim."""
    if not (isinstance(param, RankedTensorType) and isinstance(want, RankedTensorType)):
        return param == want
    return (
        param.element_type == want.element_type
        and len(param.shape) == len(want.shape)
        and all(a == b or DYNAMIC in (a, b) for a, b in zip(param.shape, want.shape))
    )
