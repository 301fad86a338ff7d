"""Relay's element-wise, tuple, constant and basic nn ops, with Relay's names, attributes and
type relations (TVM src/relay/op/tensor/*.cc, src/relay/op/nn/nn.cc).

    %y = relay.add %a, %b : (tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
    %d = relay.nn.dense %x, %w {units = 10 : i64}
           : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
"""

from __future__ import annotations

import math

from mlc.dialects.legacy_relay.base import FLOAT, INT, STRING, RelayOp, attr
from mlc.dialects.legacy_relay.relations import (
    ANY,
    RelationError,
    broadcast,
    expect_tensor,
    normalize_axis,
    shape_str,
    tensor,
)
from mlc.ir.attributes import DenseResourceElementsAttr
from mlc.ir.constraints import Constraint
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.opdef import operand as operand_
from mlc.ir.opdef import opt_prop, prop, result, var_operand
from mlc.ir.traits import ConstantLike, Pure
from mlc.ir.types import FloatType, IntegerType, RankedTensorType, TupleType

BOOL = IntegerType(1)
FUNCTIONAL = "attr-dict `:` functional-type(operands, results)"

# Relay's dtype strings <-> builtin element types
DTYPES = {
    "float16": FloatType("f16"),
    "bfloat16": FloatType("bf16"),
    "float32": FloatType("f32"),
    "float64": FloatType("f64"),
    "bool": BOOL,
    "int8": IntegerType(8),
    "int16": IntegerType(16),
    "int32": IntegerType(32),
    "int64": IntegerType(64),
}  # fmt: skip  (unsigned types are left out: the quantized models that use them are too)


def is_float(t) -> bool:
    return isinstance(t.element_type, FloatType)


# --- element-wise ------------------------------------------------------------------------
class UnaryOp(RelayOp):
    data = operand_()
    out = result()
    assembly_format = "$data " + FUNCTIONAL
    float_only = True

    @classmethod
    def relation(cls, types, props):
        t = expect_tensor(types[0], "data")
        if cls.float_only and not is_float(t):
            raise RelationError(f"expects a float tensor, got '{t}'")
        return [t]


def _unary(name: str, float_only: bool = True) -> type:
    class_name = "".join(w.capitalize() for w in name.replace(".", "_").split("_")) + "Op"
    return type(class_name, (UnaryOp,), {"name": f"relay.{name}", "float_only": float_only})


NegativeOp = _unary("negative", False)
AbsOp = _unary("abs", False)
SignOp = _unary("sign", False)
ExpOp = _unary("exp")
LogOp = _unary("log")
SqrtOp = _unary("sqrt")
RsqrtOp = _unary("rsqrt")
SigmoidOp = _unary("sigmoid")
TanhOp = _unary("tanh")
ErfOp = _unary("erf")
SinOp = _unary("sin")
CosOp = _unary("cos")
FloorOp = _unary("floor")
CeilOp = _unary("ceil")
RoundOp = _unary("round")
ReluOp = _unary("nn.relu", False)
LogicalNotOp = _unary("logical_not", False)


class ClipOp(UnaryOp):
    """`relay.clip` with `a_min` and `a_max` (both required, as in Relay)."""

    name = "relay.clip"
    float_only = False
    a_min = prop(FLOAT)
    a_max = prop(FLOAT)


class CastOp(RelayOp):
    """`relay.cast %x {dtype = "float16"}`: Relay's dtype strings."""

    name = "relay.cast"
    data = operand_()
    out = result()
    dtype = prop(Constraint(lambda a: getattr(a, "value", None) in DTYPES, "Relay dtype string"))
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        t = expect_tensor(types[0], "data")
        return [tensor(t.shape, DTYPES[attr(props, "dtype")])]


class BinaryOp(RelayOp):
    lhs = operand_()
    rhs = operand_()
    out = result()
    assembly_format = "$lhs `,` $rhs " + FUNCTIONAL
    boolean_result = False

    @classmethod
    def relation(cls, types, props):
        a, b = expect_tensor(types[0], "lhs"), expect_tensor(types[1], "rhs")
        if a.element_type != b.element_type:
            raise RelationError(
                f"operands must have the same dtype, got '{a.element_type}' and '{b.element_type}'"
            )
        element = BOOL if cls.boolean_result else a.element_type
        return [tensor(broadcast(a, b), element)]


def _binary(name: str, boolean_result: bool = False) -> type:
    class_name = "".join(w.capitalize() for w in name.split("_")) + "Op"
    return type(class_name, (BinaryOp,), {"name": f"relay.{name}",
                                          "boolean_result": boolean_result})  # fmt: skip


AddOp = _binary("add")
SubtractOp = _binary("subtract")
MultiplyOp = _binary("multiply")
DivideOp = _binary("divide")
FloorDivideOp = _binary("floor_divide")
PowerOp = _binary("power")
MaximumOp = _binary("maximum")
MinimumOp = _binary("minimum")
EqualOp = _binary("equal", True)
NotEqualOp = _binary("not_equal", True)
LessOp = _binary("less", True)
LessEqualOp = _binary("less_equal", True)
GreaterOp = _binary("greater", True)
GreaterEqualOp = _binary("greater_equal", True)
LogicalAndOp = _binary("logical_and")
LogicalOrOp = _binary("logical_or")


class WhereOp(RelayOp):
    """`relay.where %cond, %x, %y`: the three broadcast together (Relay's `WhereRel`)."""

    name = "relay.where"
    condition = operand_()
    x = operand_()
    y = operand_()
    out = result()
    assembly_format = "$condition `,` $x `,` $y " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        c, x, y = (expect_tensor(t) for t in types)
        if c.element_type != BOOL:
            raise RelationError(f"condition must be a bool tensor, got '{c}'")
        if x.element_type != y.element_type:
            raise RelationError(f"x and y must have the same dtype, got '{x}' and '{y}'")
        shape = broadcast(tensor(broadcast(c, x), BOOL), y)
        return [tensor(shape, x.element_type)]


# --- tuples and constants --------------------------------------------------------------
class TupleOp(RelayOp):
    """`relay.tuple %a, %b : (A, B) -> tuple<A, B>`."""

    name = "relay.tuple"
    fields = var_operand()
    out = result()
    assembly_format = "$fields " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        return [TupleType(tuple(types))]


class TupleGetItemOp(RelayOp):
    """`relay.tuple_get_item %t {index = 1 : i64}` (Relay's `TupleGetItem`)."""

    name = "relay.tuple_get_item"
    tuple_ = operand_()
    out = result()
    index = prop(INT)
    assembly_format = "$tuple_ " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        t = types[0]
        if not isinstance(t, TupleType):
            raise RelationError(f"expects a tuple, got '{t}'")
        index = attr(props, "index")
        if not 0 <= index < len(t.types):
            raise RelationError(f"index {index} is out of range for '{t}'")
        return [t.types[index]]


ELEMENTS = Constraint(
    lambda a: (
        isinstance(a, (DenseElementsAttr, DenseResourceElementsAttr))
        and isinstance(a.type, RankedTensorType)
    ),
    "dense or dense_resource tensor attribute",
)


class ConstOp(RelayOp):
    """`%c = relay.const dense<1.0> : tensor<4xf32>` (Relay's `relay.const`)."""

    name = "relay.const"
    value = prop(ELEMENTS)
    out = result()
    traits = (Pure(), ConstantLike())
    assembly_format = "attr-dict $value"

    @classmethod
    def relation(cls, types, props):
        return [props["value"].type]

    def fold(self, operand_constants):
        return [self.properties["value"]]


# --- nn basics -----------------------------------------------------------------------------
class DenseOp(RelayOp):
    """`relay.nn.dense %x, %w`: `x @ w.T` with `w` of shape `[units, in]` (Relay's dense)."""

    name = "relay.nn.dense"
    data = operand_()
    weight = operand_()
    out = result()
    units = opt_prop(INT)
    out_dtype = opt_prop(STRING)
    assembly_format = "$data `,` $weight " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x, w = expect_tensor(types[0], "data"), expect_tensor(types[1], "weight")
        if len(w.shape) != 2 or not x.shape:
            raise RelationError(f"dense takes data of rank >= 1 and a 2-D weight, got "
                                f"{shape_str(x)} and {shape_str(w)}")  # fmt: skip
        units, in_dim = w.shape
        if ANY not in (x.shape[-1], in_dim) and x.shape[-1] != in_dim:
            raise RelationError(
                f"data {shape_str(x)} and weight {shape_str(w)} disagree on the input size"
            )
        declared = attr(props, "units")
        if declared is not None and units not in (ANY, declared):
            raise RelationError(f"units = {declared}, but the weight {shape_str(w)} has {units}")
        element = DTYPES[attr(props, "out_dtype")] if "out_dtype" in props else x.element_type
        return [tensor(tuple(x.shape[:-1]) + (units if units != ANY else declared or ANY,),
                       element)]  # fmt: skip


class BiasAddOp(RelayOp):
    """`relay.nn.bias_add %x, %b {axis = 1}`: adds the 1-D bias along `axis` (default 1)."""

    name = "relay.nn.bias_add"
    data = operand_()
    bias = operand_()
    out = result()
    axis = opt_prop(INT)
    assembly_format = "$data `,` $bias " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x, b = expect_tensor(types[0], "data"), expect_tensor(types[1], "bias")
        axis = normalize_axis(attr(props, "axis", 1), len(x.shape))
        if (
            len(b.shape) != 1
            or ANY not in (b.shape[0], x.shape[axis])
            and (b.shape[0] != x.shape[axis])
        ):
            raise RelationError(
                f"bias {shape_str(b)} does not match axis {axis} of data {shape_str(x)}"
            )
        return [x]


class SoftmaxOp(UnaryOp):
    """`relay.nn.softmax {axis = -1}`."""

    name = "relay.nn.softmax"
    axis = opt_prop(INT)

    @classmethod
    def relation(cls, types, props):
        t = super().relation(types, props)[0]
        normalize_axis(attr(props, "axis", -1), len(t.shape))
        return [t]


class LogSoftmaxOp(SoftmaxOp):
    name = "relay.nn.log_softmax"


class BatchFlattenOp(RelayOp):
    """`relay.nn.batch_flatten`: `[n, d1, d2, ...] -> [n, d1*d2*...]`."""

    name = "relay.nn.batch_flatten"
    data = operand_()
    out = result()
    assembly_format = "$data " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        if not x.shape:
            raise RelationError("batch_flatten needs a batch dimension")
        rest = x.shape[1:]
        size = ANY if ANY in rest else math.prod(rest)
        return [tensor((x.shape[0], size), x.element_type)]


class BatchNormOp(RelayOp):
    """`relay.nn.batch_norm %x, %gamma, %beta, %mean, %var {axis = 1, epsilon = 1e-5}`:
    inference mode; returns Relay's 3-tuple (out, moving_mean, moving_var)."""

    name = "relay.nn.batch_norm"
    data = operand_()
    gamma = operand_()
    beta = operand_()
    moving_mean = operand_()
    moving_var = operand_()
    out = result()
    axis = opt_prop(INT)
    epsilon = opt_prop(FLOAT)
    center = opt_prop(INT)
    scale = opt_prop(INT)
    assembly_format = "$data `,` $gamma `,` $beta `,` $moving_mean `,` $moving_var " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        axis = normalize_axis(attr(props, "axis", 1), len(x.shape))
        channels = x.shape[axis]
        for name, t in zip(("gamma", "beta", "moving_mean", "moving_var"), types[1:]):
            t = expect_tensor(t, name)
            if len(t.shape) != 1 or ANY not in (t.shape[0], channels) and t.shape[0] != channels:
                raise RelationError(
                    f"{name} {shape_str(t)} does not match axis {axis} of data {shape_str(x)}"
                )
        vector = tensor((channels,), x.element_type)
        return [TupleType((x, vector, vector))]


class LayerNormOp(RelayOp):
    """`relay.nn.layer_norm %x, %gamma, %beta {axis = -1, epsilon = 1e-5}`."""

    name = "relay.nn.layer_norm"
    data = operand_()
    gamma = operand_()
    beta = operand_()
    out = result()
    axis = opt_prop(INT)
    epsilon = opt_prop(FLOAT)
    center = opt_prop(INT)
    scale = opt_prop(INT)
    assembly_format = "$data `,` $gamma `,` $beta " + FUNCTIONAL

    @classmethod
    def relation(cls, types, props):
        x = expect_tensor(types[0], "data")
        axis = normalize_axis(attr(props, "axis", -1), len(x.shape))
        for name, t in zip(("gamma", "beta"), types[1:]):
            t = expect_tensor(t, name)
            if (
                len(t.shape) != 1
                or ANY not in (t.shape[0], x.shape[axis])
                and (t.shape[0] != x.shape[axis])
            ):
                raise RelationError(
                    f"{name} {shape_str(t)} does not match axis {axis} of data {shape_str(x)}"
                )
        return [x]


BASIC_OPS = [
    NegativeOp, AbsOp, SignOp, ExpOp, LogOp, SqrtOp, RsqrtOp, SigmoidOp, TanhOp, ErfOp, SinOp,
    CosOp, FloorOp, CeilOp, RoundOp, ReluOp, LogicalNotOp, ClipOp, CastOp, AddOp, SubtractOp,
    MultiplyOp, DivideOp, FloorDivideOp, PowerOp, MaximumOp, MinimumOp, EqualOp, NotEqualOp,
    LessOp, LessEqualOp, GreaterOp, GreaterEqualOp, LogicalAndOp, LogicalOrOp, WhereOp,
    TupleOp, TupleGetItemOp, ConstOp, DenseOp, BiasAddOp, SoftmaxOp, LogSoftmaxOp,
    BatchFlattenOp, BatchNormOp, LayerNormOp,
]  # fmt: skip
