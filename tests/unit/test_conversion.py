"""Dialect conversion, specified on toy dialects declared here: `hi` ops are converted to
`mid` and `lo` ops. Covers the target's legality rules, the type converter, partial / full /
analysis conversion, patterns whose results need further legalization and the cost model,
type and signature conversion (1:1, 1:N, 1:0) with materializations, nested regions,
folding, and undoing everything on failure."""

from __future__ import annotations

import sys

import pytest

import mlc
from mlc.dialects.func import FuncOp, ReturnOp
from mlc.ir.attributes import IntegerAttr, StringAttr, TypeAttr, UnitAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.builtin_ops import ModuleOp, UnrealizedConversionCastOp
from mlc.ir.context import Dialect
from mlc.ir.opdef import operand, opt_operand, prop, region, result, var_operand, var_result
from mlc.ir.operation import Operation
from mlc.ir.rewrite import (
    ConversionPattern,
    ConversionTarget,
    LegalizationAction,
    OpConversionPattern,
    RewritePattern,
    SignatureConversion,
    TypeConverter,
    apply_analysis_conversion,
    apply_full_conversion,
    apply_partial_conversion,
    conversion_pattern,
    reconcile_unrealized_casts,
    register_constant_materializer,
)
from mlc.ir.traits import ConstantLike, NoTerminator, Pure, SameOperandsAndResultType
from mlc.ir.types import FunctionType, IntegerType, i32

i16, i64 = IntegerType(16), IntegerType(64)


# --- toy dialects ----------------------------------------------------------------------------
class HiConstOp(Operation):
    name = "hi.const"
    value = prop(IntegerAttr)
    out = result()
    traits = (Pure(), ConstantLike())

    def fold(self, operand_constants):
        return [self.value]


class HiAddOp(Operation):
    """Folds when both operands are constants."""

    name = "hi.add"
    lhs = operand()
    rhs = operand()
    out = result()
    traits = (Pure(), SameOperandsAndResultType())

    def fold(self, operand_constants):
        a, b = operand_constants
        if a is None or b is None:
            return None
        return [IntegerAttr(a.value + b.value, self.out.type)]


class HiNegOp(Operation):
    name = "hi.neg"
    arg = operand()
    out = result()
    traits = (Pure(), SameOperandsAndResultType())


class HiSelectOp(Operation):
    """An op with an optional and a variadic operand group, for the adaptor."""

    name = "hi.select"
    cond = operand()
    fallback = opt_operand()
    choices = var_operand()
    out = result()
    traits = (Pure(),)


class HiSwapOp(Operation):
    """Folds in place: moves a constant operand to the right, as commutative ops do."""

    name = "hi.swap"
    lhs = operand()
    rhs = operand()

    def fold(self, operand_constants):
        if operand_constants[0] is None or operand_constants[1] is not None:
            return None
        self.set_operands([self.rhs, self.lhs])
        return []


class HiScopeOp(Operation):
    name = "hi.scope"
    body = region()
    traits = (NoTerminator(),)


class HiSinkOp(Operation):
    name = "hi.sink"
    args = var_operand()


class MidAddOp(Operation):
    name = "mid.add"
    lhs = operand()
    rhs = operand()
    out = result()
    traits = (Pure(), SameOperandsAndResultType())


class LoAddOp(Operation):
    name = "lo.add"
    lhs = operand()
    rhs = operand()
    out = result()
    traits = (Pure(), SameOperandsAndResultType())


class LoConstOp(Operation):
    name = "lo.const"
    value = prop(IntegerAttr)
    out = result()
    traits = (Pure(), ConstantLike())


class LoNegOp(Operation):
    name = "lo.neg"
    arg = operand()
    out = result()


class LoScopeOp(Operation):
    name = "lo.scope"
    body = region()
    traits = (NoTerminator(),)


class LoSinkOp(Operation):
    name = "lo.sink"
    args = var_operand()


class LoSplitOp(Operation):
    """One value to its halves (the 1:N type conversion's target materialization)."""

    name = "lo.split"
    arg = operand()
    outs = var_result()


class LoJoinOp(Operation):
    """Values back to one (a source materialization)."""

    name = "lo.join"
    args = var_operand()
    out = result()


HI = Dialect("hi", [HiConstOp, HiAddOp, HiNegOp, HiSelectOp, HiSwapOp, HiScopeOp, HiSinkOp])
MID = Dialect("mid", [MidAddOp])
LO = Dialect("lo", [LoAddOp, LoConstOp, LoNegOp, LoScopeOp, LoSinkOp, LoSplitOp, LoJoinOp])
register_constant_materializer(
    "hi", lambda value, type_, loc: HiConstOp.create((), [type_], {"value": value}, location=loc)
)


def context() -> mlc.Context:
    ctx = mlc.Context()
    for dialect in (HI, MID, LO):
        ctx.register_dialect(dialect.name, lambda d=dialect: d)
    return ctx


def parse(text: str):
    return mlc.parse(text, context(), filename="test.mlir")


def lowered_target(*legal_dialects: str) -> ConversionTarget:
    """`lo`, `func` and `builtin` are legal, `hi` is illegal."""
    target = ConversionTarget()
    target.add_legal_dialect("lo", "func", "builtin", *legal_dialects)
    target.add_illegal_dialect("hi")
    return target


def add_target() -> ConversionTarget:
    """Only `hi.add` is illegal; `lo` is legal."""
    target = ConversionTarget()
    target.add_legal_dialect("lo")
    target.add_illegal_op(HiAddOp)
    return target


def names(op: Operation) -> list[str]:
    return [o.name for o in op.iter_nested()]


ADD_FUNC = """
func.func @f(%a: i32, %b: i32) -> i32 {
  %0 = "hi.add"(%a, %b) : (i32, i32) -> i32
  %1 = "hi.neg"(%0) : (i32) -> i32
  return %1 : i32
}
"""


@conversion_pattern(HiAddOp)
def add_to_lo(op, adaptor, rewriter):
    rewriter.replace_op(op, rewriter.create(LoAddOp, adaptor.lhs, adaptor.rhs))
    return True


@conversion_pattern(HiNegOp)
def neg_to_lo(op, adaptor, rewriter):
    rewriter.replace_op(op, rewriter.create(LoNegOp, adaptor.arg, out=adaptor.arg.type))
    return True


def with_converter(pattern, converter: TypeConverter, one_to_n: bool = False):
    """The function pattern `pattern`, with a type converter."""
    return conversion_pattern(pattern.root, type_converter=converter, one_to_n=one_to_n)(pattern.fn)


# --- the target ------------------------------------------------------------------------------
def test_target_legality_by_op_dialect_and_callback():
    module = parse(ADD_FUNC)
    add, neg, ret = (o for o in module.iter_nested() if o.name != "func.func")
    target = ConversionTarget()
    assert target.is_legal(add) is None and not target.is_illegal(add)  # unknown
    target.add_illegal_dialect(HI)
    assert target.is_illegal(add) and target.get_op_action("hi.neg") is LegalizationAction.ILLEGAL
    target.add_legal_op(HiNegOp)  # an op's own action beats its dialect's
    assert target.is_legal(neg) is not None and target.is_illegal(add)
    target.add_dynamically_legal_op("hi.add", lambda op: op.get_attr("ok") is not None)
    assert target.is_legal(add) is None and target.is_illegal(add)
    add.attributes["ok"] = UnitAttr()
    assert target.is_legal(add) is not None and not target.is_illegal(add)
    # a later callback is asked first; None defers to the earlier one
    target.add_dynamically_legal_op(HiAddOp, lambda op: False if "veto" in op.attributes else None)
    assert target.is_legal(add) is not None
    add.attributes["veto"] = UnitAttr()
    assert target.is_legal(add) is None
    assert target.is_legal(ret) is None
    target.mark_unknown_op_dynamically_legal(lambda op: op.name == "func.return")
    assert target.is_legal(ret) is not None
    assert target.get_op_action(ReturnOp) is LegalizationAction.DYNAMIC


def test_dynamically_legal_dialect_and_undecided_callback():
    module = parse(ADD_FUNC)
    add = next(o for o in module.iter_nested() if o.name == "hi.add")
    target = ConversionTarget()
    target.add_dynamically_legal_dialect("hi", lambda op: None)  # no opinion: not legal
    assert target.is_legal(add) is None and not target.is_illegal(add)


def test_recursively_legal_op_keeps_its_insides():
    text = """
        "hi.scope"() ({
          "hi.sink"() : () -> ()
        }) {ATTRS} : () -> ()
    """
    target = lowered_target()
    target.add_dynamically_legal_op(HiScopeOp, lambda op: True)
    with pytest.raises(ValueError, match="legal before recursively legal"):
        target.mark_op_recursively_legal(HiSinkOp)
    target.mark_op_recursively_legal(HiScopeOp, lambda op: "keep" in op.attributes)
    module = parse(text.replace("ATTRS", "keep"))
    scope = module.regions[0].blocks[0].first_op
    assert apply_analysis_conversion(module, target, []) == {module, scope}
    apply_partial_conversion(module, target, [])  # the illegal hi.sink inside is left alone
    module = parse(text.replace("ATTRS", "other"))
    with pytest.raises(mlc.DiagnosticError, match="'hi.sink' that was explicitly marked"):
        apply_partial_conversion(module, target, [])


def test_op_names_are_checked():
    with pytest.raises(TypeError, match="op name or a registered op class"):
        ConversionTarget().add_legal_op(Operation)


# --- the type converter --------------------------------------------------------------------
def test_type_converter_callbacks_latest_first_and_cached():
    calls = []
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)  # fallback: everything else is legal

    @converter.add_conversion
    def widen(t):
        calls.append(t)
        if t == i16:
            return False  # refuse: the fallback is not asked
        return i64 if t == i32 else None

    assert converter.convert_type(i32) == i64 and converter.convert_type(i64) == i64
    assert converter.convert_type(i16) is None and converter.convert_types([i32, i16]) is None
    assert converter.convert_type(i32) == i64
    assert calls == [i32, i64, i16]  # one call per type
    converter.add_conversion(lambda t: [i32, i32] if t == i64 else None)  # 1:N
    assert converter.convert_type_1_to_n(i64) == (i32, i32)
    assert converter.convert_type(i64) is None  # not 1:1
    assert converter.convert_types([i64, i32]) == [i32, i32, i64]
    converter.add_conversion(lambda t: [] if t == IntegerType(1) else None)  # 1:0
    assert converter.convert_types([IntegerType(1)]) == []


def test_type_converter_legality_and_signatures():
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)
    converter.add_conversion(lambda t: [i32, i32] if t == i64 else None)
    converter.add_conversion(lambda t: [] if t == i16 else None)
    assert converter.is_legal(i32) and not converter.is_legal(i64)
    assert converter.is_signature_legal(FunctionType((i32,), (i32,)))
    assert not converter.is_signature_legal(FunctionType((i32,), (i64,)))
    module = parse(ADD_FUNC)
    func = module.regions[0].blocks[0].first_op
    assert converter.is_legal(func.regions[0]) and converter.is_legal(
        func.regions[0].blocks[0].first_op
    )
    conversion = converter.convert_signature([i64, i16, i32])
    assert conversion.converted_types == [i32, i32, i32]
    assert (conversion.input_mapping(0).input_no, conversion.input_mapping(0).size) == (0, 2)
    assert conversion.input_mapping(1) is None  # dropped
    assert (conversion.input_mapping(2).input_no, conversion.input_mapping(2).size) == (2, 1)
    with pytest.raises(ValueError, match="already been remapped"):
        conversion.add_inputs(0, [i32])


# --- drivers -----------------------------------------------------------------------------------
def test_full_conversion_replaces_ops_and_verifies():
    module = parse(ADD_FUNC)
    apply_full_conversion(module, lowered_target(), [add_to_lo, neg_to_lo])
    mlc.verify(module)
    assert names(module) == ["func.func", "lo.add", "lo.neg", "func.return"]
    ret = module.regions[0].blocks[0].first_op.regions[0].blocks[0].last_op
    assert ret.operands[0].op.name == "lo.neg"


def test_full_conversion_failure_names_the_op_and_changes_nothing():
    module = parse(ADD_FUNC)
    before = module.print(debuginfo=True)
    with pytest.raises(mlc.DiagnosticError) as error:
        apply_full_conversion(module, lowered_target(), [add_to_lo])
    assert str(error.value) == "test.mlir:4:8: error: failed to legalize operation 'hi.neg'"
    assert module.print(debuginfo=True) == before


def test_partial_conversion_leaves_unknown_ops_but_not_illegal_ones():
    module = parse(ADD_FUNC)
    target = ConversionTarget()
    target.add_legal_dialect("lo")
    apply_partial_conversion(module, target, [add_to_lo])  # hi.neg is unknown: it stays
    assert names(module) == ["func.func", "lo.add", "hi.neg", "func.return"]
    module = parse(ADD_FUNC)
    before = module.print()
    target.add_illegal_op(HiNegOp)
    with pytest.raises(mlc.DiagnosticError) as error:
        apply_partial_conversion(module, target, [add_to_lo])
    assert error.value.diagnostic.message == (
        "failed to legalize operation 'hi.neg' that was explicitly marked illegal"
    )
    assert module.print() == before


def test_analysis_conversion_reports_legalizable_ops_and_changes_nothing():
    module = parse(ADD_FUNC)
    before = module.print()
    legalizable = apply_analysis_conversion(module, lowered_target(), [add_to_lo])
    assert sorted(op.name for op in legalizable) == [
        "builtin.module", "func.func", "func.return", "hi.add",
    ]  # fmt: skip
    assert module.print() == before


def test_created_ops_are_legalized_in_turn():
    """hi.add -> mid.add -> lo.add: the first pattern only succeeds because the second one
    legalizes what it created."""

    @conversion_pattern(HiAddOp, generated_ops=[MidAddOp])
    def add_to_mid(op, adaptor, rewriter):
        rewriter.replace_op(op, rewriter.create(MidAddOp, adaptor.lhs, adaptor.rhs))
        return True

    @conversion_pattern(MidAddOp, generated_ops=[LoAddOp])
    def mid_to_lo(op, adaptor, rewriter):
        rewriter.replace_op(op, rewriter.create(LoAddOp, adaptor.lhs, adaptor.rhs))
        return True

    module = parse(ADD_FUNC)
    target = lowered_target()
    target.add_illegal_dialect("mid")
    apply_full_conversion(module, target, [add_to_mid, mid_to_lo, neg_to_lo])
    assert names(module) == ["func.func", "lo.add", "lo.neg", "func.return"]
    mlc.verify(module)
    module = parse(ADD_FUNC)
    with pytest.raises(mlc.DiagnosticError, match="'hi.add' that was explicitly marked"):
        apply_partial_conversion(module, target, [add_to_mid, neg_to_lo])  # mid.add: stuck


def test_cost_model_prefers_shallow_legalizations_then_benefit():
    applied = []

    def make(label, generated, benefit):
        @conversion_pattern(HiAddOp, benefit=benefit, generated_ops=generated)
        def fn(op, adaptor, rewriter):
            applied.append(label)
            new_class = MidAddOp if generated == [MidAddOp] else LoAddOp
            rewriter.replace_op(op, rewriter.create(new_class, adaptor.lhs, adaptor.rhs))
            return True

        return fn

    @conversion_pattern(MidAddOp, generated_ops=[LoAddOp])
    def mid_to_lo(op, adaptor, rewriter):
        rewriter.replace_op(op, rewriter.create(LoAddOp, adaptor.lhs, adaptor.rhs))
        return True

    target = lowered_target()
    target.add_illegal_dialect("mid")
    deep = make("deep", [MidAddOp], benefit=10)
    direct = make("direct", [LoAddOp], benefit=1)
    apply_partial_conversion(parse(ADD_FUNC), target, [deep, direct, mid_to_lo, neg_to_lo])
    assert applied == ["direct"]  # depth 1 beats depth 2, whatever the benefit
    applied.clear()
    direct_too = make("direct, higher benefit", [LoAddOp], benefit=2)
    apply_partial_conversion(
        parse(ADD_FUNC), target, [deep, direct, direct_too, mid_to_lo, neg_to_lo]
    )
    assert applied == ["direct, higher benefit"]
    applied.clear()
    # without a way to legalize mid.add, `deep` is dropped before it is ever tried
    apply_partial_conversion(parse(ADD_FUNC), target, [deep, direct, neg_to_lo])
    assert applied == ["direct"]


def test_failed_pattern_is_undone_and_the_next_one_tried():
    @conversion_pattern(HiAddOp, benefit=2)
    def half_done(op, adaptor, rewriter):
        rewriter.create(LoSinkOp, [adaptor.lhs])
        rewriter.modify_op_in_place(op, lambda: op.attributes.update(touched=UnitAttr()))
        return False

    module = parse(ADD_FUNC)
    apply_partial_conversion(module, lowered_target(), [half_done, add_to_lo, neg_to_lo])
    assert names(module) == ["func.func", "lo.add", "lo.neg", "func.return"]
    assert not any("touched" in op.attributes for op in module.iter_nested())


def test_pattern_does_not_recurse_into_its_own_results():
    @conversion_pattern(HiNegOp)
    def neg_twice(op, adaptor, rewriter):  # creates the op it converts: would never end
        inner = rewriter.create(HiNegOp, adaptor.arg)
        rewriter.replace_op(op, rewriter.create(HiNegOp, inner.out))
        return True

    module = parse(ADD_FUNC)
    before = module.print()
    with pytest.raises(mlc.DiagnosticError, match="failed to legalize operation 'hi.neg'"):
        apply_full_conversion(module, lowered_target(), [add_to_lo, neg_twice])
    assert module.print() == before


def test_pattern_that_claims_success_without_a_change_is_an_error():
    @conversion_pattern(HiNegOp)
    def lazy(op, adaptor, rewriter):
        return True

    module = parse(ADD_FUNC)
    before = module.print()
    with pytest.raises(ValueError, match="without replacing, erasing or modifying 'hi.neg'"):
        apply_partial_conversion(module, lowered_target(), [add_to_lo, lazy])
    assert module.print() == before


def test_exception_in_a_pattern_undoes_the_conversion():
    @conversion_pattern(HiNegOp)
    def broken(op, adaptor, rewriter):
        rewriter.create(LoSinkOp, [adaptor.arg])
        raise RuntimeError("bug in a pattern")

    module = parse(ADD_FUNC)
    before = module.print()
    with pytest.raises(RuntimeError, match="bug in a pattern"):
        apply_partial_conversion(module, lowered_target(), [add_to_lo, broken])
    assert module.print() == before


@conversion_pattern(HiAddOp)
def erase_add(op, adaptor, rewriter):
    rewriter.erase_op(op)
    return True


def test_erased_op_with_a_live_user_fails():
    module = parse(ADD_FUNC)
    before = module.print()
    with pytest.raises(mlc.DiagnosticError) as error:
        apply_partial_conversion(module, add_target(), [erase_add])
    assert (
        error.value.diagnostic.message == "failed to legalize operation 'hi.add' marked as erased"
    )
    assert error.value.diagnostic.notes[0].message == "found live user of result #0: 'hi.neg'"
    assert module.print() == before


def test_erased_op_used_through_a_replacement_fails():
    """hi.neg is replaced by its operand, the result of the erased hi.add: func.return would
    end up using it."""

    @conversion_pattern(HiNegOp)
    def forward(op, adaptor, rewriter):
        rewriter.replace_op(op, [adaptor.arg])
        return True

    module = parse(ADD_FUNC)
    with pytest.raises(mlc.DiagnosticError) as error:
        apply_partial_conversion(module, add_target(), [erase_add, forward])
    assert (
        error.value.diagnostic.message == "failed to legalize operation 'hi.add' marked as erased"
    )
    assert error.value.diagnostic.notes[0].message == "found live user of result #0: 'func.return'"


def test_dead_users_do_not_keep_an_erased_op():
    @conversion_pattern(HiNegOp)
    def neg_to_constant(op, adaptor, rewriter):
        const = rewriter.create(LoConstOp, value=IntegerAttr(0, i32), out=i32)
        rewriter.replace_op(op, const)
        return True

    module = parse(ADD_FUNC)
    apply_full_conversion(module, lowered_target(), [erase_add, neg_to_constant])
    mlc.verify(module)
    assert names(module) == ["func.func", "lo.const", "func.return"]


def test_plain_rewrite_patterns_take_part():
    class NegToLo(RewritePattern):
        root = HiNegOp

        def match_and_rewrite(self, op, rewriter):
            rewriter.replace_op(op, rewriter.create(LoNegOp, op.arg, out=op.out.type))
            return True

    module = parse(ADD_FUNC)
    apply_full_conversion(module, lowered_target(), [add_to_lo, NegToLo()])
    mlc.verify(module)
    neg = next(o for o in module.iter_nested() if o.name == "lo.neg")
    assert neg.operands[0].op.name == "lo.add"  # the stale operand was redirected at commit


def test_folding_comes_before_patterns():
    module = parse(
        """
        func.func @f() -> i32 {
          %a = "hi.const"() <{value = 2 : i32}> : () -> i32
          %b = "hi.const"() <{value = 3 : i32}> : () -> i32
          %s = "hi.add"(%a, %b) : (i32, i32) -> i32
          return %s : i32
        }
        """
    )
    target = lowered_target()
    target.add_legal_op(HiConstOp)
    apply_full_conversion(module, target, [])
    constants = [o for o in module.iter_nested() if o.name == "hi.const"]
    ret = next(o for o in module.iter_nested() if o.name == "func.return")
    assert ret.operands[0].op.value == IntegerAttr(5, i32)
    assert len(constants) == 3 and "hi.add" not in names(module)


def test_op_adaptor_names_operand_groups():
    seen = {}

    @conversion_pattern(HiSelectOp)
    def select(op, adaptor, rewriter):
        seen.update(cond=adaptor.cond, fallback=adaptor.fallback, choices=adaptor.choices)
        with pytest.raises(AttributeError, match="no operand named 'nope'"):
            _ = adaptor.nope
        rewriter.replace_op(op, [adaptor.operands[-1]])
        return True

    module = parse(
        """
        func.func @f(%a: i32, %b: i32) -> i32 {
          %0 = "hi.select"(%a, %b, %a) <{operandSegmentSizes = array<i32: 1, 0, 2>}>
              : (i32, i32, i32) -> i32
          return %0 : i32
        }
        """
    )
    args = module.regions[0].blocks[0].first_op.regions[0].blocks[0].args
    apply_partial_conversion(module, lowered_target(), [select])
    assert seen == {"cond": args[0], "fallback": None, "choices": [args[1], args[0]]}


def test_conversion_pattern_subclass_gets_an_operand_list():
    class AddAsList(ConversionPattern):
        root = "hi.add"

        def match_and_rewrite(self, op, operands, rewriter):
            assert isinstance(operands, list) and len(operands) == 2
            rewriter.replace_op(op, rewriter.create(LoAddOp, *operands))
            return True

    module = parse(ADD_FUNC)
    apply_partial_conversion(module, add_target(), [AddAsList()])
    assert "lo.add" in names(module)


# --- type conversion -----------------------------------------------------------------------
def widening_converter() -> TypeConverter:
    """i32 -> i64; everything else is legal."""
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)
    converter.add_conversion(lambda t: i64 if t == i32 else None)
    return converter


class FuncSignature(OpConversionPattern):
    """Converts a function's signature and its blocks' arguments (MLIR's
    `populateFunctionOpInterfaceTypeConversionPattern`)."""

    root = FuncOp

    def match_and_rewrite(self, op, adaptor, rewriter):
        converter = self.type_converter
        inputs = converter.convert_signature(list(op.type.inputs))
        results = converter.convert_types(op.type.results)
        if inputs is None or results is None:
            return False
        if not rewriter.convert_region_types(op.regions[0], converter, inputs):
            return False
        new_type = FunctionType(tuple(inputs.converted_types), tuple(results))
        rewriter.modify_op_in_place(
            op, lambda: op.properties.update(function_type=TypeAttr(new_type))
        )
        return True


class ReturnTypes(OpConversionPattern):
    root = ReturnOp

    def match_and_rewrite(self, op, adaptor, rewriter):
        rewriter.replace_op(op, rewriter.create(ReturnOp, adaptor.operands))
        return True


def type_conversion_target(converter: TypeConverter) -> ConversionTarget:
    target = lowered_target()
    target.add_dynamically_legal_op(
        FuncOp,
        lambda op: converter.is_signature_legal(op.type) and converter.is_legal(op.regions[0]),
    )
    target.add_dynamically_legal_op(ReturnOp, converter.is_legal)
    target.add_dynamically_legal_dialect("lo", converter.is_legal)
    return target


def test_signature_conversion_of_block_arguments():
    converter = widening_converter()
    patterns = [
        FuncSignature(type_converter=converter),
        ReturnTypes(type_converter=converter),
        with_converter(add_to_lo, converter),
        with_converter(neg_to_lo, converter),
    ]
    module = parse(ADD_FUNC)
    apply_full_conversion(module, type_conversion_target(converter), patterns)
    mlc.verify(module)
    assert str(module) == (
        "module {\n"
        "  func.func @f(%arg0: i64, %arg1: i64) -> i64 {\n"
        '    %0 = "lo.add"(%arg0, %arg1) : (i64, i64) -> i64\n'
        '    %1 = "lo.neg"(%0) : (i64) -> i64\n'
        "    return %1 : i64\n"
        "  }\n"
        "}\n\n"
    )


def test_unconverted_users_get_source_materializations():
    """A partial conversion changes types under ops it leaves alone: the mismatches are
    bridged by casts, or by the converter's own materializations."""
    converter = widening_converter()
    add = with_converter(add_to_lo, converter)
    module = parse(ADD_FUNC)
    target = ConversionTarget()
    target.add_legal_dialect("lo")
    apply_partial_conversion(module, target, [add])
    mlc.verify(module)
    assert names(module) == [
        "func.func", "builtin.unrealized_conversion_cast", "builtin.unrealized_conversion_cast",
        "lo.add", "builtin.unrealized_conversion_cast", "hi.neg", "func.return",
    ]  # fmt: skip

    converter.add_source_materialization(
        lambda builder, type_, inputs, loc: builder.create(LoJoinOp, inputs, out=type_).out
    )
    converter.add_target_materialization(
        lambda builder, type_, inputs, loc: builder.create(LoSplitOp, inputs[0], outs=[type_]).outs[
            0
        ]
    )
    module = parse(ADD_FUNC)
    apply_partial_conversion(module, target, [add])
    mlc.verify(module)
    assert names(module) == [
        "func.func", "lo.split", "lo.split", "lo.add", "lo.join", "hi.neg", "func.return",
    ]  # fmt: skip


def test_one_to_n_conversion_of_arguments_and_operands():
    """i64 splits into two i32 halves: block arguments, operands and results."""
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)
    converter.add_conversion(lambda t: [i32, i32] if t == i64 else None)

    @conversion_pattern(HiAddOp, type_converter=converter, one_to_n=True)
    def add_halves(op, adaptor, rewriter):
        (lo_a, hi_a), (lo_b, hi_b) = adaptor.lhs, adaptor.rhs
        low = rewriter.create(LoAddOp, lo_a, lo_b)
        high = rewriter.create(LoAddOp, hi_a, hi_b)
        rewriter.replace_op_with_multiple(op, [[low.out, high.out]])
        return True

    @conversion_pattern(ReturnOp, type_converter=converter, one_to_n=True)
    def return_halves(op, adaptor, rewriter):
        rewriter.replace_op(
            op, rewriter.create(ReturnOp, [v for group in adaptor.operands for v in group])
        )
        return True

    module = parse(
        """
        func.func @f(%a: i64, %b: i64) -> i64 {
          %0 = "hi.add"(%a, %b) : (i64, i64) -> i64
          "hi.sink"(%0) : (i64) -> ()
          return %0 : i64
        }
        """
    )
    target = type_conversion_target(converter)
    target.add_legal_op(HiSinkOp)  # keeps using the original i64: a source materialization
    apply_full_conversion(
        module, target, [FuncSignature(type_converter=converter), add_halves, return_halves]
    )
    mlc.verify(module)
    assert str(module) == (
        "module {\n"
        "  func.func @f(%arg0: i32, %arg1: i32, %arg2: i32, %arg3: i32) -> (i32, i32) {\n"
        '    %0 = "lo.add"(%arg0, %arg2) : (i32, i32) -> i32\n'
        '    %1 = "lo.add"(%arg1, %arg3) : (i32, i32) -> i32\n'
        "    %2 = builtin.unrealized_conversion_cast %0, %1 : i32, i32 to i64\n"
        '    "hi.sink"(%2) : (i64) -> ()\n'
        "    return %0, %1 : i32, i32\n"
        "  }\n"
        "}\n\n"
    )


def test_one_to_one_pattern_rejects_one_to_n_operands():
    converter = TypeConverter()
    converter.add_conversion(lambda t: [i32, i32] if t == i64 else t)
    add = with_converter(add_to_lo, converter)
    module = parse('func.func @f(%a: i64) {\n "hi.add"(%a, %a) : (i64, i64) -> i64\n return\n}')
    before = module.print()
    with pytest.raises(ValueError, match="does not support 1:N conversion"):
        apply_partial_conversion(module, lowered_target(), [add])
    assert module.print() == before


def test_dropped_argument_gets_a_placeholder_only_while_used():
    converter = TypeConverter()
    converter.add_conversion(lambda t: t)
    converter.add_conversion(lambda t: [] if t == i16 else None)
    text = """
        func.func @f(%a: i16, %b: i32) -> i32 {
          "hi.sink"(%USED) : (i16) -> ()
          return %b : i32
        }
    """
    target = type_conversion_target(converter)
    target.add_legal_op(HiSinkOp)
    module = parse(text.replace('"hi.sink"(%USED) : (i16) -> ()', ""))
    apply_full_conversion(module, target, [FuncSignature(type_converter=converter)])
    assert "func.func @f(%arg0: i32) -> i32" in str(module)
    assert "unrealized_conversion_cast" not in str(module)
    module = parse(text.replace("%USED", "%a"))
    apply_full_conversion(module, target, [FuncSignature(type_converter=converter)])
    mlc.verify(module)
    assert "%0 = builtin.unrealized_conversion_cast to i16" in str(module)


def test_signature_conversion_with_a_replacement_value_and_argument_materialization():
    converter = widening_converter()
    converter.add_argument_materialization(
        lambda builder, type_, inputs, loc: builder.create(LoJoinOp, inputs, out=type_).out
    )

    class ScopeWithArgument(OpConversionPattern):
        """hi.scope whose block takes (i32, i32): the first argument becomes the enclosing
        function's argument, the second is widened."""

        root = HiScopeOp

        def match_and_rewrite(self, op, adaptor, rewriter):
            outer = op.parent.args[0]
            conversion = SignatureConversion(2)
            conversion.remap_input(0, outer)
            conversion.add_inputs(1, [i64])
            new_block = rewriter.apply_signature_conversion(
                op.regions[0].blocks[0], conversion, converter
            )
            assert [a.type for a in new_block.args] == [i64]
            new = rewriter.create(LoScopeOp, regions=[Region()])
            rewriter.inline_region_before(op.regions[0], new.regions[0])
            rewriter.erase_op(op)
            return True

    module = parse(
        """
        func.func @f(%x: i32) {
          "hi.scope"() ({
          ^bb0(%a: i32, %b: i32):
            "lo.sink"(%a, %b) : (i32, i32) -> ()
          }) : () -> ()
          return
        }
        """
    )
    apply_partial_conversion(module, lowered_target(), [ScopeWithArgument()])
    mlc.verify(module)
    text = str(module)
    assert '"lo.scope"() ({\n    ^bb0(%arg1: i64):' in text
    assert '%0 = "lo.join"(%arg1) : (i64) -> i32' in text
    assert '"lo.sink"(%arg0, %0) : (i32, i32) -> ()' in text


def test_in_place_changes_to_other_ops_are_undone():
    """hi.neg's pattern renames the function and changes its own operand; both are undone
    when the conversion fails (here: the renamed function is illegal, and stays so)."""
    module = parse(ADD_FUNC)
    func = module.regions[0].blocks[0].first_op

    @conversion_pattern(HiNegOp)
    def rename(op, adaptor, rewriter):
        rewriter.modify_op_in_place(func, lambda: func.properties.update(sym_name=StringAttr("g")))
        rewriter.modify_op_in_place(
            op, lambda: op.set_operand(0, func.regions[0].blocks[0].args[1])
        )
        return True

    target = lowered_target()
    target.add_dynamically_legal_op(FuncOp, lambda op: op.properties["sym_name"].value == "f")
    before = module.print()
    with pytest.raises(mlc.DiagnosticError, match="failed to legalize operation 'hi.neg'"):
        apply_full_conversion(module, target, [add_to_lo, rename])
    assert module.print() == before


def test_rewriter_api_changes_are_undone_with_the_pattern():
    """Ops moved, blocks created and erased, a remapped value materialized: all gone when
    the pattern gives up, and the next pattern sees the IR as it was."""
    module = parse(NESTED)
    func_arg = module.regions[0].blocks[0].first_op.regions[0].blocks[0].args[0]
    seen = []

    @conversion_pattern(HiScopeOp, benefit=2, type_converter=widening_converter())
    def busy(op, adaptor, rewriter):
        body = op.regions[0]
        rewriter.move_op_after(body.blocks[0].first_op, body.blocks[0].last_op)
        block = rewriter.create_block(body, None, [i32])
        rewriter.create(LoSinkOp, [block.args[0]])
        rewriter.erase_block(body.blocks[0])
        seen.append(rewriter.get_remapped_value(func_arg).type)
        return False

    before = module.print(debuginfo=True)
    patterns = [busy, scope_to_lo, sink_to_lo, add_to_lo, neg_to_lo]
    apply_full_conversion(module, lowered_target(), patterns)
    assert seen == [i64, i64]  # one attempt per hi.scope
    mlc.verify(module)
    assert names(module) == [
        "func.func", "lo.scope", "lo.neg", "lo.scope", "lo.add", "lo.sink", "func.return",
    ]  # fmt: skip
    module = parse(NESTED)
    func_arg = module.regions[0].blocks[0].first_op.regions[0].blocks[0].args[0]
    with pytest.raises(mlc.DiagnosticError, match="'hi.scope'"):
        apply_full_conversion(module, lowered_target(), [busy])
    assert module.print(debuginfo=True) == before


def test_in_place_fold_legalizes_or_is_undone():
    text = """
        func.func @f(%a: i32) {
          %c = "hi.const"() <{value = 1 : i32}> : () -> i32
          "hi.swap"(%c, %a) : (i32, i32) -> ()
          return
        }
    """
    target = lowered_target()
    target.add_legal_op(HiConstOp)
    module = parse(text)
    before = module.print()
    with pytest.raises(mlc.DiagnosticError, match="'hi.swap'"):
        apply_full_conversion(module, target, [])  # folded in place, but still illegal
    assert module.print() == before
    # legal once the constant is on the right
    target.add_dynamically_legal_op(HiSwapOp, lambda op: isinstance(op.rhs.owner, HiConstOp))
    apply_full_conversion(module, target, [])
    assert '"hi.swap"(%arg0, %0) : (i32, i32) -> ()' in str(module)


# --- regions -----------------------------------------------------------------------------------
NESTED = """
func.func @f(%a: i32) {
  "hi.scope"() ({
    %0 = "hi.neg"(%a) : (i32) -> i32
    "hi.scope"() ({
      %1 = "hi.add"(%0, %a) : (i32, i32) -> i32
      "hi.sink"(%1) : (i32) -> ()
    }) : () -> ()
  }) : () -> ()
  return
}
"""


@conversion_pattern(HiScopeOp)
def scope_to_lo(op, adaptor, rewriter):
    """Moves the body into a new op: the ops inside are converted afterwards."""
    new = rewriter.create(LoScopeOp, regions=[Region()])
    rewriter.inline_region_before(op.regions[0], new.regions[0])
    rewriter.replace_op(op, new)
    return True


@conversion_pattern(HiSinkOp)
def sink_to_lo(op, adaptor, rewriter):
    rewriter.replace_op(op, rewriter.create(LoSinkOp, adaptor.args))
    return True


def test_nested_regions_are_converted_parents_first():
    module = parse(NESTED)
    apply_full_conversion(module, lowered_target(), [scope_to_lo, sink_to_lo, add_to_lo, neg_to_lo])
    mlc.verify(module)
    assert names(module) == [
        "func.func", "lo.scope", "lo.neg", "lo.scope", "lo.add", "lo.sink", "func.return",
    ]  # fmt: skip


def test_failure_deep_inside_undoes_moved_regions():
    module = parse(NESTED)
    before = module.print(debuginfo=True)
    with pytest.raises(mlc.DiagnosticError, match="'hi.sink'"):
        apply_full_conversion(module, lowered_target(), [scope_to_lo, add_to_lo, neg_to_lo])
    assert module.print(debuginfo=True) == before


def test_erasing_a_parent_skips_its_insides():
    @conversion_pattern(HiScopeOp)
    def drop_scope(op, adaptor, rewriter):
        rewriter.erase_op(op)
        return True

    module = parse(NESTED)
    apply_full_conversion(module, lowered_target(), [drop_scope])
    assert names(module) == ["func.func", "func.return"]


def test_inline_block_before_replaces_arguments():
    @conversion_pattern(HiScopeOp)
    def inline_scope(op, adaptor, rewriter):
        block = op.regions[0].blocks[0]
        rewriter.inline_block_before(block, op, [op.parent.args[0]])
        rewriter.erase_op(op)
        return True

    module = parse(
        """
        func.func @f(%x: i32) {
          "hi.scope"() ({
          ^bb0(%a: i32):
            "lo.sink"(%a) : (i32) -> ()
          }) : () -> ()
          return
        }
        """
    )
    apply_full_conversion(module, lowered_target(), [inline_scope])
    mlc.verify(module)
    assert names(module) == ["func.func", "lo.sink", "func.return"]
    assert '"lo.sink"(%arg0) : (i32) -> ()' in str(module)


# --- scale ---------------------------------------------------------------------------------------
def test_deep_nesting_does_not_recurse():
    depth = sys.getrecursionlimit() + 200
    module = ModuleOp()
    block = module.regions[0].blocks[0]
    for _ in range(depth):
        inner = HiScopeOp.create(regions=[Region([Block()])])
        block.append(inner)
        block = inner.regions[0].blocks[0]
    Builder.at_end(block).create(HiSinkOp, [])
    before = [(op, op.parent) for op in module.iter_nested()]  # the printer would recurse
    target = lowered_target()
    with pytest.raises(mlc.DiagnosticError, match="'hi.sink'"):
        apply_full_conversion(module, target, [scope_to_lo])
    assert [(op, op.parent) for op in module.iter_nested()] == before
    apply_full_conversion(module, target, [scope_to_lo, sink_to_lo])
    assert sum(1 for _ in module.iter_nested()) == depth + 1
    assert all(op.name.startswith("lo.") for op in module.iter_nested())


# --- reconciling casts -------------------------------------------------------------------------
def test_reconcile_returns_the_casts_left():
    module = parse(
        """
        func.func @f(%a: i64) -> (i64, i16) {
          %0 = builtin.unrealized_conversion_cast %a : i64 to i32
          %1 = builtin.unrealized_conversion_cast %0 : i32 to i64
          %2 = builtin.unrealized_conversion_cast %0 : i32 to i16
          return %1, %2 : i64, i16
        }
        """
    )
    casts = [o for o in module.iter_nested() if isinstance(o, UnrealizedConversionCastOp)]
    assert reconcile_unrealized_casts(casts) == [casts[0], casts[2]]
    ret = next(o for o in module.iter_nested() if o.name == "func.return")
    assert ret.operands[0] is module.regions[0].blocks[0].first_op.regions[0].blocks[0].args[0]
