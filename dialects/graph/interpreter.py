"""Reference interpreter of the graph dialect, on numpy (see `mlc.ir.interpreter`).

Values are numpy arrays of the element type's dtype (`numpy_dtype`: `ui8` is `uint8`, `i1`
is `bool`; a scalar tensor is a 0-d array). Calling a `graph.func` binds its size variables
from the argument shapes and checks every argument and result shape against its type, so
a wrong input or a wrong kernel fails at the function boundary with the names of the sizes.
Float kernels compute in the element type (numpy's f16 and bf16 arithmetic rounds each
operation); transcendental functions use numpy/scipy and are as accurate as they are.

Each op's numpy definition is its semantics: the lowering and conversion tests compare
compiled code and converted IR with what this module computes.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.graph import elementwise as ew
from mlc.dialects.graph.call_dps import CallDpsOp
from mlc.dialects.graph.constant import ConstantOp
from mlc.dialects.graph.dataflow import DataflowOp, OutputOp
from mlc.dialects.graph.function import CallOp, FuncOp, ReturnOp
from mlc.dialects.graph.symbolic import bind, evaluate
from mlc.dialects.graph.types import TensorType, numpy_dtype
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import (
    InterpreterError,
    Yield,
    attr_to_value,
    register_impl,
    value_spec,
)
from mlc.ir.traits import CallableOpInterface, get_trait


def erf(x):
    """scipy's erf, imported on first use: scipy costs a third of a second at start-up."""
    from scipy.special import erf as scipy_erf

    return scipy_erf(x)


def expit(x):
    """scipy's logistic function, imported on first use (see `erf`)."""
    from scipy.special import expit as scipy_expit

    return scipy_expit(x)


# --- functions -----------------------------------------------------------------------------
def bind_sizes(op, types, values, what: str) -> dict:
    """Size variables of `op` bound from the shapes of `values` (checked against `types`).
    All dims bind together: `[n, s*h]` binds once `[s]` and `[h]` have, in any order."""
    dims, sizes = [], []
    for i, (t, v) in enumerate(zip(types, values)):
        if not isinstance(t, TensorType):
            continue
        shape = np.shape(v)
        if len(shape) != t.rank:
            raise InterpreterError(f"{what} #{i} has shape {shape}, but its type is '{t}'", op)
        dims += t.shape
        sizes += shape
    bindings: dict = {}
    problems = bind(dims, sizes, bindings)
    if problems:
        shapes = ", ".join(str(np.shape(v)) for v in values)
        raise InterpreterError(
            f"{what} shapes {shapes} do not fit the types "
            f"{', '.join(map(str, types))}: {problems[0]}",
            op,
        )
    return bindings


def check_shapes(op, types, values, bindings: dict, what: str) -> None:
    for i, (t, v) in enumerate(zip(types, values)):
        if not isinstance(t, TensorType):
            continue
        want = tuple(None if d is None else evaluate(d, bindings) for d in t.shape)
        got = np.shape(v)
        if len(got) != len(want) or any(w is not None and w != g for w, g in zip(want, got)):
            raise InterpreterError(f"{what} #{i} has shape {got}, but its type is '{t}'", op)


@register_impl(FuncOp)
def _func(interp, op, args):
    if op.is_declaration():
        name = op.properties["sym_name"].value
        raise InterpreterError(f"cannot call external function '@{name}': it has no body", op)
    ftype = op.type
    args = [_as_array(a, t) for a, t in zip(args, ftype.inputs)]
    bindings = bind_sizes(op, ftype.inputs, args, "argument")
    results = interp.call_region(op.regions[0], args)
    check_shapes(op, ftype.results, results, bindings, "result")
    return results


def _as_array(value, t):
    """Graph arguments as arrays of the element dtype (0-d for scalars), as the checks and
    kernels expect; the core interpreter hands scalars over as numpy scalars."""
    if isinstance(t, TensorType) and not isinstance(value, np.ndarray):
        return np.asarray(value, dtype=numpy_dtype(t.element_type))
    return value


@register_impl(ReturnOp)
def _return(interp, op, args):
    return Yield(args)


@register_impl(CallOp)
def _call(interp, op, args):
    callee = interp.lookup_symbol(op, op.properties["callee"])
    if callee is None:
        raise InterpreterError(f"'@{op.properties['callee'].root}' is not defined", op)
    return interp.invoke(callee, args)


@register_impl(DataflowOp)
def _dataflow(interp, op, args):
    return interp.run_region(op.regions[0], [])


@register_impl(OutputOp)
def _output(interp, op, args):
    return Yield(args)


@register_impl(CallDpsOp)
def _call_dps(interp, op, args):
    """Allocate the destinations (sizes bound from the inputs' shapes), call the callee on
    builtin-tensor values, and hand back what it returns."""
    callee = interp.lookup_symbol(op, op.properties["callee"])
    if callee is None:
        raise InterpreterError(f"'@{op.properties['callee'].root}' is not defined", op)
    bindings = bind_sizes(op, [v.type for v in op.operands], args, "operand")
    destinations = []
    for i, t in enumerate(op.result_types):
        try:
            shape = tuple(evaluate(d, bindings) for d in t.shape)
        except (KeyError, ValueError):
            raise InterpreterError(
                f"result #{i} '{t}' has a size the inputs' shapes do not determine", op
            ) from None
        destinations.append(np.zeros(shape, numpy_dtype(t.element_type)))
    params = get_trait(callee, CallableOpInterface).argument_types(callee)
    values = [_to_core(a, t) for a, t in zip(args + destinations, params)]
    results = interp.invoke(callee, values)
    return [
        np.asarray(r).astype(numpy_dtype(t.element_type)) for r, t in zip(results, op.result_types)
    ]


def _to_core(array, t):
    """A graph array as the core interpreter's value of builtin type `t` (its storage dtype:
    `ui8` lives in `int8` there)."""
    spec = value_spec(t)
    return array if spec is None else np.asarray(array).astype(spec.dtype)


@register_impl(ConstantOp)
def _constant(interp, op, args):
    value = op.properties["value"]
    if not isinstance(value, DenseElementsAttr):
        try:
            value = DenseElementsAttr.from_resource(value, interp.resources)
        except KeyError:
            raise InterpreterError(
                f"no blob for dense_resource<{value.handle}>: pass the parse's "
                "`ctx.resources` to the interpreter",
                op,
            ) from None
        except ValueError as e:
            raise InterpreterError(f"dense_resource<{value.handle}>: {e}", op) from None
    array = np.asarray(attr_to_value(value))
    return [array.astype(numpy_dtype(op.results[0].type.element_type))]


# --- element-wise kernels -----------------------------------------------------------------
def _typed(op, array):
    """`array` as the result's dtype (numpy promotes f16 scalars and bools in places)."""
    return np.asarray(array).astype(numpy_dtype(op.results[0].type.element_type), copy=False)


def _prop(op, name: str, default=None):
    attr = op.properties.get(name)
    if attr is None:
        attr = getattr(type(op), name).default
    return default if attr is None else attr.value


def _gelu(op, x):
    if _prop(op, "approximate") == "tanh":
        inner = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1 + np.tanh(inner))
    return 0.5 * x * (1 + erf(x / np.sqrt(2)))


def _sign(op, x):
    return np.sign(x)


UNARY = {
    ew.NegOp: lambda op, x: -x,
    ew.AbsOp: lambda op, x: np.abs(x),
    ew.SignOp: _sign,
    ew.ReluOp: lambda op, x: np.maximum(x, 0),
    ew.ExpOp: lambda op, x: np.exp(x),
    ew.LogOp: lambda op, x: np.log(x),
    ew.SqrtOp: lambda op, x: np.sqrt(x),
    ew.RsqrtOp: lambda op, x: 1 / np.sqrt(x),
    ew.ReciprocalOp: lambda op, x: 1 / x,
    ew.TanhOp: lambda op, x: np.tanh(x),
    ew.SigmoidOp: lambda op, x: expit(x),
    ew.ErfOp: lambda op, x: erf(x),
    ew.SinOp: lambda op, x: np.sin(x),
    ew.CosOp: lambda op, x: np.cos(x),
    ew.TanOp: lambda op, x: np.tan(x),
    ew.FloorOp: lambda op, x: np.floor(x),
    ew.CeilOp: lambda op, x: np.ceil(x),
    ew.RoundOp: lambda op, x: np.round(x),
    ew.SoftplusOp: lambda op, x: np.logaddexp(0, x),
    ew.HardSwishOp: lambda op, x: x * np.clip(x / 6 + 0.5, 0, 1),
    ew.NotOp: lambda op, x: np.logical_not(x),
    ew.GeluOp: _gelu,
    ew.LeakyReluOp: lambda op, x: np.where(x < 0, _prop(op, "alpha") * x, x),
    ew.EluOp: lambda op, x: np.where(x < 0, _prop(op, "alpha") * np.expm1(x), x),
    ew.SeluOp: lambda op, x: (
        _prop(op, "gamma") * np.where(x <= 0, _prop(op, "alpha") * np.expm1(x), x)
    ),
    ew.HardSigmoidOp: lambda op, x: np.clip(_prop(op, "alpha") * x + _prop(op, "beta"), 0, 1),
    ew.ClipOp: lambda op, x: _clip(op, x),
}


def _clip(op, x):
    low, high = _prop(op, "min"), _prop(op, "max")
    out = x
    if low is not None:
        out = np.maximum(out, np.asarray(low).astype(x.dtype))
    if high is not None:
        out = np.minimum(out, np.asarray(high).astype(x.dtype))
    return out


def _div(op, a, b):
    if a.dtype.kind in "iu":
        if np.any(b == 0):
            raise InterpreterError("integer division by zero", op)
        quotient = np.abs(a) // np.abs(b)  # truncation toward zero, as ONNX Div
        return np.where((a < 0) != (b < 0), -quotient, quotient)
    return a / b


def _mod(op, a, b):
    if a.dtype.kind in "iu" and np.any(b == 0):
        raise InterpreterError("integer modulo by zero", op)
    return np.fmod(a, b) if _prop(op, "fmod") else np.mod(a, b)


def _pow(op, a, b):
    if a.dtype.kind in "iu":
        if b.dtype.kind in "iu" and np.any(b < 0):
            raise InterpreterError("integer power with a negative exponent", op)
        return np.power(a, b.astype(a.dtype))
    return np.power(a, b.astype(a.dtype))


BINARY = {
    ew.AddOp: lambda op, a, b: a + b,
    ew.SubOp: lambda op, a, b: a - b,
    ew.MulOp: lambda op, a, b: a * b,
    ew.DivOp: _div,
    ew.MaximumOp: lambda op, a, b: np.maximum(a, b),
    ew.MinimumOp: lambda op, a, b: np.minimum(a, b),
    ew.EqualOp: lambda op, a, b: a == b,
    ew.NotEqualOp: lambda op, a, b: a != b,
    ew.LessOp: lambda op, a, b: a < b,
    ew.LessEqualOp: lambda op, a, b: a <= b,
    ew.GreaterOp: lambda op, a, b: a > b,
    ew.GreaterEqualOp: lambda op, a, b: a >= b,
    ew.AndOp: lambda op, a, b: np.logical_and(a, b),
    ew.OrOp: lambda op, a, b: np.logical_or(a, b),
    ew.XorOp: lambda op, a, b: np.logical_xor(a, b),
    ew.ModOp: _mod,
    ew.PowOp: _pow,
}


def _unary_rule(kernel):
    def rule(interp, op, args):
        with np.errstate(all="ignore"):  # NaN and infinity are values here, as in IEEE
            return [_typed(op, kernel(op, args[0]))]

    return rule


def _binary_rule(kernel):
    def rule(interp, op, args):
        with np.errstate(all="ignore"):
            return [_typed(op, kernel(op, args[0], args[1]))]

    return rule


for _cls, _kernel in UNARY.items():
    register_impl(_cls)(_unary_rule(_kernel))
for _cls, _kernel in BINARY.items():
    register_impl(_cls)(_binary_rule(_kernel))


@register_impl(ew.WhereOp)
def _where(interp, op, args):
    return [_typed(op, np.where(*args))]


@register_impl(ew.CastOp)
def _cast(interp, op, args):
    x = args[0]
    dtype = numpy_dtype(op.results[0].type.element_type)
    with np.errstate(all="ignore"):
        if x.dtype.kind == "f" and dtype.kind in "iu":
            x = np.trunc(x)
        return [x.astype(dtype)]
