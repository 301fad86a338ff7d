"""Element-wise graph ops: unary, binary with numpy broadcasting, where, cast, clip.

Semantics are numpy's and ONNX's (see `interpreter` for each op's exact definition).
Element kinds an op accepts: `float` (f16/bf16/f32/f64), `numeric` (floats and integers,
not booleans), `bool` (`i1`), `any`.
"""

from __future__ import annotations

from mlc.dialects.graph.base import (
    FLOAT_ATTR,
    GRAPH_TENSOR,
    GraphOp,
    get_bool,
    is_bool,
    is_float,
)
from mlc.dialects.graph.shapes import ShapeError, broadcast_shapes
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import FloatAttr, IntegerAttr, StringAttr, TypeAttr, bool_attr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import operand, opt_prop, prop, result
from mlc.ir.traits import Commutative, Pure
from mlc.ir.types import FloatType, IntegerType, f32

_KIND_CHECKS = {
    "float": (is_float, "a float"),
    "numeric": (lambda t: not is_bool(t), "a numeric (not boolean)"),
    "bool": (is_bool, "a boolean (i1)"),
    "any": (lambda t: True, "any"),
}


def check_kind(kind: str, t: TensorType, what: str = "operand") -> None:
    ok, description = _KIND_CHECKS[kind]
    if not ok(t):
        raise ShapeError(f"{what} must have {description} element type, got '{t}'")


class UnaryOp(GraphOp):
    """`%y = graph.exp %x : (!graph.tensor<[n, 4], f32>)`: same shape and element type."""

    x = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    traits = (Pure(),)
    kind = "float"

    @classmethod
    def infer(cls, types, props):
        check_kind(cls.kind, types[0])
        return [types[0]]


def _unary(op_name: str, class_name: str, kind: str = "float", doc: str = "") -> type:
    return type(class_name, (UnaryOp,), {"name": op_name, "kind": kind, "__doc__": doc})


NegOp = _unary("graph.neg", "NegOp", "numeric")
AbsOp = _unary("graph.abs", "AbsOp", "numeric")
SignOp = _unary("graph.sign", "SignOp", "numeric")
ReluOp = _unary("graph.relu", "ReluOp", "numeric")
ExpOp = _unary("graph.exp", "ExpOp")
LogOp = _unary("graph.log", "LogOp")
SqrtOp = _unary("graph.sqrt", "SqrtOp")
RsqrtOp = _unary("graph.rsqrt", "RsqrtOp", doc="1 / sqrt(x)")
ReciprocalOp = _unary("graph.reciprocal", "ReciprocalOp")
TanhOp = _unary("graph.tanh", "TanhOp")
SigmoidOp = _unary("graph.sigmoid", "SigmoidOp")
ErfOp = _unary("graph.erf", "ErfOp")
SinOp = _unary("graph.sin", "SinOp")
CosOp = _unary("graph.cos", "CosOp")
TanOp = _unary("graph.tan", "TanOp")
FloorOp = _unary("graph.floor", "FloorOp")
CeilOp = _unary("graph.ceil", "CeilOp")
RoundOp = _unary("graph.round", "RoundOp", doc="Rounds half to even, as ONNX Round.")
SoftplusOp = _unary("graph.softplus", "SoftplusOp", doc="log(1 + exp(x))")
HardSwishOp = _unary("graph.hard_swish", "HardSwishOp", doc="x * max(0, min(1, x/6 + 1/2))")
NotOp = _unary("graph.not", "NotOp", "bool")


def _float_prop(default: float):
    return prop(FLOAT_ATTR, default=FloatAttr(default, f32))


class GeluOp(UnaryOp):
    """x * Phi(x); `approximate = "tanh"` uses the tanh form (ONNX Gelu-20)."""

    name = "graph.gelu"
    approximate = prop(
        Constraint(
            lambda a: isinstance(a, StringAttr) and a.value in ("none", "tanh"), "'none' or 'tanh'"
        ),  # fmt: skip
        default=StringAttr("none"),
    )


class LeakyReluOp(UnaryOp):
    name = "graph.leaky_relu"
    alpha = _float_prop(0.01)


class EluOp(UnaryOp):
    name = "graph.elu"
    alpha = _float_prop(1.0)


class SeluOp(UnaryOp):
    name = "graph.selu"
    alpha = _float_prop(1.6732632423543772)
    gamma = _float_prop(1.0507009873554805)


class HardSigmoidOp(UnaryOp):
    """max(0, min(1, alpha * x + beta))."""

    name = "graph.hard_sigmoid"
    alpha = _float_prop(0.2)
    beta = _float_prop(0.5)


class ClipOp(UnaryOp):
    """min(max(x, min), max); an absent bound does not clip (ONNX Clip with constant
    bounds; bounds that are tensors are `maximum`/`minimum`)."""

    name = "graph.clip"
    kind = "numeric"
    min = opt_prop(FLOAT_ATTR)
    max = opt_prop(FLOAT_ATTR)


class BinaryOp(GraphOp):
    """`%z = graph.add %a, %b : (A, B)`: numpy broadcasting, same element types."""

    lhs = operand(GRAPH_TENSOR)
    rhs = operand(GRAPH_TENSOR)
    out = result(GRAPH_TENSOR)
    traits = (Pure(),)
    kind = "numeric"
    result_element = None  # None: the operands' element type; else this type (comparisons)

    @classmethod
    def infer(cls, types, props):
        a, b = types
        check_kind(cls.kind, a, "lhs")
        if a.element_type != b.element_type and not cls.mixed_elements():
            raise ShapeError(f"operands must have the same element type, got '{a}' and '{b}'")
        check_kind(cls.kind, b, "rhs")
        element = cls.result_element or a.element_type
        return [TensorType(broadcast_shapes(a.shape, b.shape), element)]

    @classmethod
    def mixed_elements(cls) -> bool:
        return False


def _binary(op_name: str, class_name: str, kind: str = "numeric", commutative=False,
            result_element=None, doc: str = "") -> type:  # fmt: skip
    traits = (Pure(), Commutative()) if commutative else (Pure(),)
    return type(class_name, (BinaryOp,), {
        "name": op_name, "kind": kind, "traits": traits, "result_element": result_element,
        "__doc__": doc,
    })  # fmt: skip


I1 = IntegerType(1)
AddOp = _binary("graph.add", "AddOp", commutative=True)
SubOp = _binary("graph.sub", "SubOp")
MulOp = _binary("graph.mul", "MulOp", commutative=True)
DivOp = _binary("graph.div", "DivOp", doc="Integer division truncates toward zero (ONNX Div).")
MaximumOp = _binary("graph.maximum", "MaximumOp", commutative=True)
MinimumOp = _binary("graph.minimum", "MinimumOp", commutative=True)
EqualOp = _binary("graph.equal", "EqualOp", "any", True, I1)
NotEqualOp = _binary("graph.not_equal", "NotEqualOp", "any", True, I1)
LessOp = _binary("graph.less", "LessOp", result_element=I1)
LessEqualOp = _binary("graph.less_equal", "LessEqualOp", result_element=I1)
GreaterOp = _binary("graph.greater", "GreaterOp", result_element=I1)
GreaterEqualOp = _binary("graph.greater_equal", "GreaterEqualOp", result_element=I1)
AndOp = _binary("graph.and", "AndOp", "bool", True)
OrOp = _binary("graph.or", "OrOp", "bool", True)
XorOp = _binary("graph.xor", "XorOp", "bool", True)


class ModOp(BinaryOp):
    """ONNX Mod: with `fmod = false` the result takes the divisor's sign (Python's `%`,
    integers only); with `fmod = true` the dividend's (C's fmod, required for floats)."""

    name = "graph.mod"
    fmod = prop(
        Constraint(lambda a: isinstance(a, IntegerAttr) and a.type == I1, "bool attribute"),
        default=bool_attr(False),
    )

    @classmethod
    def infer(cls, types, props):
        if is_float(types[0]) and not get_bool(props, "fmod"):
            raise ShapeError(f"float operands need 'fmod = true', got '{types[0]}'")
        return super().infer(types, props)


class PowOp(BinaryOp):
    """`lhs ** rhs` with the element type of `lhs`; the exponent may be of another numeric
    element type (ONNX Pow)."""

    name = "graph.pow"

    @classmethod
    def mixed_elements(cls) -> bool:
        return True


class WhereOp(GraphOp):
    """`graph.where %cond, %x, %y`: x where cond, else y; the three broadcast together."""

    name = "graph.where"
    condition = operand(GRAPH_TENSOR)
    x = operand(GRAPH_TENSOR)
    y = operand(GRAPH_TENSOR)
    out = result(GRAPH_TENSOR)
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        c, a, b = types
        check_kind("bool", c, "condition")
        if a.element_type != b.element_type:
            raise ShapeError(f"x and y must have the same element type, got '{a}' and '{b}'")
        return [TensorType(broadcast_shapes(c.shape, a.shape, b.shape), a.element_type)]


class CastOp(GraphOp):
    """`graph.cast %x {to = f16}`: converts elements as ONNX Cast does (floats to integers
    truncate toward zero; to `i1`, nonzero is true)."""

    name = "graph.cast"
    x = operand(GRAPH_TENSOR)
    y = result(GRAPH_TENSOR)
    to = prop(Constraint(
        lambda a: isinstance(a, TypeAttr) and isinstance(a.value, (FloatType, IntegerType)),
        "integer or float type attribute",
    ))  # fmt: skip
    traits = (Pure(),)

    @classmethod
    def infer(cls, types, props):
        return [types[0].with_element_type(props["to"].value)]


ELEMENTWISE_OPS = [
    NegOp, AbsOp, SignOp, ReluOp, ExpOp, LogOp, SqrtOp, RsqrtOp, ReciprocalOp, TanhOp,
    SigmoidOp, ErfOp, SinOp, CosOp, TanOp, FloorOp, CeilOp, RoundOp, SoftplusOp, HardSwishOp,
    NotOp, GeluOp, LeakyReluOp, EluOp, SeluOp, HardSigmoidOp, ClipOp, AddOp, SubOp, MulOp,
    DivOp, MaximumOp, MinimumOp, EqualOp, NotEqualOp, LessOp, LessEqualOp, GreaterOp,
    GreaterEqualOp, AndOp, OrOp, XorOp, ModOp, PowOp, WhereOp, CastOp,
]  # fmt: skip
