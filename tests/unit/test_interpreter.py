"""The reference interpreter core (`mlc.ir.interpreter`) and the func dialect's rules.

The core is exercised through a small test dialect (`itest`) whose rules are defined here, so
these tests depend on no other dialect's interpreter.
"""

from __future__ import annotations

import math

import ml_dtypes
import numpy as np
import pytest

import mlc
from mlc.dialects import func
from mlc.dialects.func.interpreter import FunctionRef
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.context import Dialect
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.float_format import bits_to_float
from mlc.ir.interpreter import (
    Branch,
    Interpreter,
    InterpreterError,
    StepLimitExceeded,
    UndefinedBehavior,
    Yield,
    attr_to_value,
    impl_for,
    interpret,
    numpy_dtype,
    register_impl,
    to_value,
    wrap_integer,
)
from mlc.ir.opdef import operand, prop, region, result, successor, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.traits import Terminator
from mlc.ir.types import (
    DYNAMIC,
    ComplexType,
    FloatType,
    FunctionType,
    IntegerType,
    RankedTensorType,
    UnrankedTensorType,
    VectorType,
    bf16,
    f16,
    f32,
    f64,
    i1,
    i8,
    i32,
    i64,
    index,
)

i5 = IntegerType(5)
i33 = IntegerType(33)
i128 = IntegerType(128)
ui8 = IntegerType(8, 2)


# --- a test dialect with rules ----------------------------------------------------------------
class ConstOp(Operation):
    name = "itest.const"
    value = prop()
    out = result()


class AddOp(Operation):
    name = "itest.add"
    lhs = operand()
    rhs = operand()
    out = result()


class DivOp(Operation):
    name = "itest.div"
    lhs = operand()
    rhs = operand()
    out = result()


class BrOp(Operation):
    name = "itest.br"
    args = var_operand()
    dest = successor()
    traits = (Terminator(),)


class CondBrOp(Operation):
    name = "itest.cond_br"
    cond = operand()
    then = successor()
    other = successor()
    traits = (Terminator(),)


class RepeatOp(Operation):
    """Runs its body `count` times: `^bb0(%i: index, %acc: T)` yields the next `%acc`."""

    name = "itest.repeat"
    count = operand()
    init = operand()
    out = result()
    body = region()


class YieldOp(Operation):
    name = "itest.yield"
    values = var_operand()
    traits = (Terminator(),)


class WrongOp(Operation):
    """Its rule misbehaves as the `mode` property says."""

    name = "itest.wrong"
    mode = prop()
    outs = var_result()


class NoRuleOp(Operation):
    name = "itest.norule"
    out = result()


ITEST = Dialect(
    "itest", [ConstOp, AddOp, DivOp, BrOp, CondBrOp, RepeatOp, YieldOp, WrongOp, NoRuleOp]
)


@register_impl(ConstOp)
def _const(interp, op, args):
    return [attr_to_value(op.properties["value"])]


@register_impl(AddOp)
def _add(interp, op, args):
    lhs, rhs = args
    return [wrap_integer(int(lhs) + int(rhs), op.results[0].type)]


@register_impl(DivOp)
def _div(interp, op, args):
    lhs, rhs = args
    if rhs == 0:
        raise UndefinedBehavior("division by zero", op)
    return [wrap_integer(int(lhs) // int(rhs), op.results[0].type)]


@register_impl(BrOp)
def _br(interp, op, args):
    return Branch(0, args)


@register_impl(CondBrOp)
def _cond_br(interp, op, args):
    return Branch(0 if args[0] else 1)


@register_impl(RepeatOp)
def _repeat(interp, op, args):
    count, acc = args
    for i in range(int(count)):
        (acc,) = interp.run_region(op.regions[0], [np.int64(i), acc])
    return [acc]


@register_impl(YieldOp)
def _yield(interp, op, args):
    return Yield(args)


@register_impl(WrongOp)
def _wrong(interp, op, args):
    mode = op.properties["mode"].value
    if mode == "dtype":
        return [np.int64(1)]
    if mode == "count":
        return []
    if mode == "crash":
        return [1 // 0]
    return Branch(3)


def load(text: str, filename: str = "<string>"):
    ctx = mlc.Context()
    ctx.load_dialect(ITEST)
    return mlc.parse(text, ctx, filename=filename)


# --- value representation ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "type_, dtype",
    [
        (i1, np.bool_), (i5, np.int8), (i8, np.int8), (IntegerType(9), np.int16),
        (i33, np.int64), (i64, np.int64), (i128, object), (index, np.int64),
        (f16, np.float16), (bf16, ml_dtypes.bfloat16), (f32, np.float32), (f64, np.float64),
    ],
)  # fmt: skip
def test_numpy_dtype_follows_the_project_wide_representation(type_, dtype):
    assert numpy_dtype(type_) == np.dtype(dtype)


@pytest.mark.parametrize("type_", [FloatType("f8E4M3FN"), ComplexType(f32), IntegerType(0)])
def test_types_without_representation_are_a_type_error(type_):
    with pytest.raises(TypeError, match="no value representation"):
        numpy_dtype(type_)


def test_wrap_integer_reduces_modulo_the_width_and_sign_extends():
    assert wrap_integer(16, i5) == -16 and type(wrap_integer(16, i5)) is np.int8
    assert wrap_integer(255, i8) == -1
    assert wrap_integer(np.array([31, 32, -17], np.int8), i5).tolist() == [-1, 0, 15]
    assert wrap_integer(np.uint64(2**64 - 1), i64) == -1
    assert wrap_integer(3, i1) is np.True_ and wrap_integer(2, i1) is np.False_
    assert wrap_integer(2**127, i128) == -(2**127) and type(wrap_integer(1, i128)) is int
    assert wrap_integer(2**70 + 5, i33) == 5
    assert wrap_integer(np.array([2**40, -1], np.int64), VectorType((2,), i32)).tolist() == [0, -1]
    with pytest.raises(TypeError):
        wrap_integer(1.5, i32)


def test_to_value_converts_python_numbers_and_checks_numpy_input():
    assert to_value(255, i8) == -1 and type(to_value(255, i8)) is np.int8
    assert to_value(-16, i5) == -16 and to_value(31, i5) == -1
    assert to_value(True, i1) is np.True_
    assert to_value(1.0, f32) == np.float32(1.0) and type(to_value(1, f64)) is np.float64
    assert to_value(1e300, f32) == np.inf
    assert type(to_value(0.5, bf16)) is ml_dtypes.bfloat16
    assert to_value(2**100, i128) == 2**100
    vector = to_value([[1, 2], [3, -4]], VectorType((2, 2), i32))
    assert vector.dtype == np.int32 and vector.tolist() == [[1, 2], [3, -4]]
    source = np.arange(3, dtype=np.float32)
    copied = to_value(source, RankedTensorType((DYNAMIC,), f32))
    assert copied is not source and copied.tolist() == [0, 1, 2]
    assert to_value(np.zeros((2, 5), np.int8), UnrankedTensorType(i8)).shape == (2, 5)
    marker = object()
    assert to_value(marker, FunctionType((), ())) is marker  # a dialect's value: passed through


@pytest.mark.parametrize(
    "x, type_, error, message",
    [
        (np.int64(1), i32, TypeError, "expected a numpy.int32 scalar for 'i32'"),
        (1.5, i32, TypeError, "expected integers"),
        (256, i8, ValueError, "out of range"),
        (-17, i5, ValueError, "out of range"),
        (2**63, index, ValueError, "out of range"),
        (np.int8(20), i5, ValueError, "out of range of 5 bits"),
        ("x", f32, TypeError, "expected real numbers"),
        (np.zeros(3, np.float32), f32, ValueError, "expected a scalar"),
        (np.zeros(3, np.float32), VectorType((4,), f32), ValueError, r"shape \(4,\)"),
        (np.zeros(4, np.float64), VectorType((4,), f32), TypeError, "float32"),
    ],
)
def test_to_value_rejects_wrong_input_with_a_clear_message(x, type_, error, message):
    with pytest.raises(error, match=message):
        to_value(x, type_)


def _f32_bits(value) -> int:
    return int(np.asarray(value, np.float32).view(np.uint32))


def test_attr_to_value_is_bit_exact():
    assert attr_to_value(IntegerAttr(1, i1)) is np.True_
    assert attr_to_value(IntegerAttr(255, i8)) == -1
    assert (
        attr_to_value(IntegerAttr(-3, index)) == -3
        and type(attr_to_value(IntegerAttr(0, index))) is np.int64
    )
    nan = attr_to_value(FloatAttr(bits_to_float(0x7F800001, f32), f32))  # signaling, payload 1
    assert type(nan) is np.float32 and _f32_bits(nan) == 0x7F800001
    negative_zero = attr_to_value(FloatAttr(-0.0, f16))
    assert type(negative_zero) is np.float16 and math.copysign(1, negative_zero) == -1
    bf16_nan = attr_to_value(FloatAttr(bits_to_float(0xFFC1, bf16), bf16))
    assert np.asarray(bf16_nan).view(np.uint16) == 0xFFC1


def test_attr_to_value_of_dense_elements():
    splat = attr_to_value(DenseElementsAttr.from_array(np.int32(7), VectorType((2, 3), i32)))
    assert splat.dtype == np.int32 and splat.shape == (2, 3) and (splat == 7).all()
    splat[0, 0] = 1  # values are fresh arrays, not views of the attribute
    odd = attr_to_value(DenseElementsAttr.from_array(np.array([-16, 15, 1]), VectorType((3,), i5)))
    assert odd.dtype == np.int8 and odd.tolist() == [-16, 15, 1]
    unsigned = attr_to_value(
        DenseElementsAttr.from_array(np.array([255, 1]), VectorType((2,), ui8))
    )
    assert unsigned.dtype == np.int8 and unsigned.tolist() == [-1, 1]
    halves = np.array([1.5, -0.0, np.inf], ml_dtypes.bfloat16)
    bf = attr_to_value(
        DenseElementsAttr.from_array(halves.astype(np.float32), VectorType((3,), bf16))
    )
    assert (
        bf.dtype == ml_dtypes.bfloat16
        and bf.view(np.uint16).tolist() == halves.view(np.uint16).tolist()
    )
    bf_splat = attr_to_value(
        DenseElementsAttr.from_array(np.float32(2), RankedTensorType((2,), bf16))
    )
    assert bf_splat.dtype == ml_dtypes.bfloat16 and bf_splat.tolist() == [2, 2]
    with pytest.raises(TypeError):
        attr_to_value(func.FuncOp("f", FunctionType((), ())).properties["sym_name"])


# --- running IR ---------------------------------------------------------------------------------
CALLS = """
func.func @add(%a: i32, %b: i32) -> i32 {
  %0 = "itest.add"(%a, %b) : (i32, i32) -> i32
  return %0 : i32
}
func.func @both(%a: i32, %b: i32) -> (i32, i32, (i32, i32) -> i32) {
  %0 = call @add(%a, %b) : (i32, i32) -> i32
  %f = func.constant @add : (i32, i32) -> i32
  %1 = func.call_indirect %f(%0, %b) : (i32, i32) -> i32
  return %0, %1, %f : i32, i32, (i32, i32) -> i32
}
func.func @apply(%f: (i32, i32) -> i32, %a: i32) -> i32 {
  %0 = func.call_indirect %f(%a, %a) : (i32, i32) -> i32
  return %0 : i32
}
func.func private @external(i32) -> i32
%global = "itest.norule"() {sym_name = "not_a_function"} : () -> i32
func.func @calls_external(%a: i32) -> i32 {
  %0 = call @external(%a) : (i32) -> i32
  return %0 : i32
}
func.func @forever(%a: i32) -> i32 {
  %0 = call @forever(%a) : (i32) -> i32
  return %0 : i32
}
"""


def test_func_call_constant_and_call_indirect():
    module = load(CALLS)
    interp = Interpreter(module)
    assert interp.call("add", 2**31 - 1, np.int32(1)) == (np.int32(-(2**31)),)
    first, second, ref = interp.call("both", 3, 4)
    assert (first, second) == (7, 11) and type(second) is np.int32
    assert isinstance(ref, FunctionRef) and repr(ref) == "FunctionRef(@add)"
    assert ref == interp.call("both", 0, 0)[2]
    assert interp.call("apply", ref, 5) == (10,)


def test_wrong_calls_from_python_are_python_errors():
    interp = Interpreter(load(CALLS))
    with pytest.raises(ValueError, match="no symbol named '@nope'"):
        interp.call("nope")
    with pytest.raises(TypeError, match="@add takes 2 arguments, got 1"):
        interp.call("add", 1)
    with pytest.raises(TypeError, match=r"@add argument #1: expected a numpy.int32 scalar"):
        interp.call("add", 1, np.float32(1))
    with pytest.raises(ValueError, match="'@not_a_function' is a 'itest.norule', not a function"):
        interp.call("not_a_function")
    with pytest.raises(InterpreterError, match="cannot call external function '@external'"):
        interp.call("external", 1)


def test_calling_an_external_function_from_ir_is_reported_at_the_callee():
    with pytest.raises(InterpreterError, match="cannot call external function '@external'"):
        interpret(load(CALLS), "calls_external", 1)


def test_unbounded_recursion_is_a_diagnostic():
    with pytest.raises(InterpreterError, match="nest deeper than 150 levels"):
        interpret(load(CALLS), "forever", 1)


LOOPS = """
func.func @sum_below(%n: index) -> i64 {
  %zero = "itest.const"() <{value = 0 : i64}> : () -> i64
  %0 = "itest.repeat"(%n, %zero) ({
  ^bb0(%i: index, %acc: i64):
    %next = "itest.add"(%acc, %i) : (i64, index) -> i64
    "itest.yield"(%next) : (i64) -> ()
  }) : (index, i64) -> i64
  return %0 : i64
}
func.func @countdown(%n: i8) -> i8 {
  %zero = "itest.const"() <{value = 0 : i8}> : () -> i8
  %minus_one = "itest.const"() <{value = -1 : i8}> : () -> i8
  %false = "itest.const"() <{value = false}> : () -> i1
  "itest.br"(%n, %zero)[^loop] : (i8, i8) -> ()
^loop(%i: i8, %steps: i8):
  %done = "itest.div"(%zero, %i) : (i8, i8) -> i1
  "itest.cond_br"(%false)[^exit, ^body] : (i1) -> ()
^body:
  %next = "itest.add"(%i, %minus_one) : (i8, i8) -> i8
  %one = "itest.const"() <{value = 1 : i8}> : () -> i8
  %steps1 = "itest.add"(%steps, %one) : (i8, i8) -> i8
  "itest.br"(%next, %steps1)[^loop] : (i8, i8) -> ()
^exit:
  return %steps : i8
}
func.func @spin() {
  %true = "itest.const"() <{value = true}> : () -> i1
  "itest.br"()[^spin] : () -> ()
^spin:
  "itest.cond_br"(%true)[^spin, ^spin] : (i1) -> ()
}
"""


def test_region_ops_call_back_into_the_interpreter():
    assert interpret(load(LOOPS), "sum_below", 5) == (10,)


def test_branches_follow_successors_until_undefined_behavior():
    with pytest.raises(UndefinedBehavior) as info:
        interpret(load(LOOPS, "loops.mlir"), "countdown", 3)
    err = info.value
    assert err.reason == "division by zero" and err.op.name == "itest.div"
    assert str(err).startswith("loops.mlir:17:11: error: 'itest.div' op undefined behavior: ")


def test_the_step_limit_stops_infinite_loops():
    with pytest.raises(StepLimitExceeded, match="step limit of 1000 ops exceeded"):
        Interpreter(load(LOOPS), max_steps=1000).call("spin")


@pytest.mark.parametrize(
    "mode, message",
    [
        ("dtype", r"result #0 of type 'i32': expected a numpy.int32 scalar, got a numpy.int64"),
        ("count", "implementation returned 0 values for 1 results"),
        ("crash", "interpreter implementation failed: ZeroDivisionError"),
        ("branch", "has no successor #3"),
    ],
)
def test_misbehaving_rules_are_reported_at_their_op(mode, message):
    module = load(f"""
    func.func @f() -> i32 {{
      %0 = "itest.wrong"() <{{mode = "{mode}"}}> : () -> i32
      return %0 : i32
    }}""")
    with pytest.raises(InterpreterError, match=message) as info:
        interpret(module, "f")
    assert info.value.op.name == "itest.wrong"


def test_type_checks_can_be_turned_off():
    module = load("""
    func.func @f() -> i32 {
      %0 = "itest.wrong"() <{mode = "dtype"}> : () -> i32
      return %0 : i32
    }""")
    assert interpret(module, "f", check_types=False) == (1,)


def test_ops_without_rules_name_the_op_and_its_location():
    module = load(
        'func.func @f() -> i32 {\n  %0 = "itest.norule"() : () -> i32\n  return %0 : i32\n}',
        "rules.mlir",
    )
    with pytest.raises(InterpreterError) as info:
        interpret(module, "f")
    assert str(info.value).startswith(
        "rules.mlir:2:8: error: 'itest.norule' op has no interpreter implementation (is the "
        "'itest' dialect's interpreter module imported?)"
    )
    assert impl_for(NoRuleOp) is None and impl_for(AddOp) is _add


def test_a_class_gets_one_rule():
    with pytest.raises(ValueError, match="'itest.add' already has an interpreter implementation"):
        register_impl(AddOp)(lambda interp, op, args: args)


def test_a_thousand_ops_run_quickly():
    lines = ["func.func @f(%x: i64) -> i64 {"]
    previous = "%x"
    for i in range(1000):
        lines.append(f'  %v{i} = "itest.add"({previous}, %x) : (i64, i64) -> i64')
        previous = f"%v{i}"
    lines += [f"  return {previous} : i64", "}"]
    assert interpret(load("\n".join(lines)), "f", 3) == (3003,)
