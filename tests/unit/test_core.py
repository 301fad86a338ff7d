"""The IR core through its Python API: values and use lists, blocks, ops, builders, verifier,
symbol tables and diagnostics."""

from __future__ import annotations

import gc

import pytest

import mlc
from mlc.dialects import arith, func
from mlc.ir.attributes import IntegerAttr, StringAttr
from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder, InsertionPoint
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.diagnostics import SourceManager
from mlc.ir.location import FileLineColLoc
from mlc.ir.symbol_table import SymbolTable
from mlc.ir.types import FunctionType, f32, i1, i32, i64


def make_func(name: str = "f", inputs=(i32, i32), results=(i32,)):
    fn = func.FuncOp(name, FunctionType(tuple(inputs), tuple(results)))
    return fn, Builder.at_end(fn.entry_block)


def test_builder_builds_verifiable_ir_that_prints_like_mlir():
    fn, b = make_func()
    x, y = fn.args
    add = b.create(arith.AddIOp, x, y)
    cmp = b.create(arith.CmpIOp, add.result, y, predicate=arith.CMPI_PREDICATES.make(2))
    sel = b.create(arith.SelectOp, cmp.result, add.result, y, result_types=[i32])
    b.create(func.ReturnOp, [sel.result])
    module = ModuleOp([fn])
    mlc.verify(module)
    assert add.result.type == i32  # SameOperandsAndResultType
    assert cmp.result.type == i1  # InferTypeOpInterface
    assert str(module) == (
        "module {\n"
        "  func.func @f(%arg0: i32, %arg1: i32) -> i32 {\n"
        "    %0 = arith.addi %arg0, %arg1 : i32\n"
        "    %1 = arith.cmpi slt, %0, %arg1 : i32\n"
        "    %2 = arith.select %1, %0, %arg1 : i32\n"
        "    return %2 : i32\n"
        "  }\n"
        "}\n\n"
    )


def test_use_lists_track_every_use_and_rewrites():
    fn, b = make_func()
    x, y = fn.args
    a = b.create(arith.AddIOp, x, x, result_types=[i32])
    m = b.create(arith.MulIOp, a.result, x, result_types=[i32])
    assert [u.owner for u in x.uses] == [m, a, a]  # newest first, as MLIR's use lists
    assert a.result.has_one_use()
    x.replace_all_uses_with(y)
    assert not x.has_uses()
    assert a.operands == [y, y] and m.operand(1) is y
    m.set_operand(0, y)
    assert not a.result.has_uses()
    a.erase()
    assert list(fn.entry_block.ops) == [m]
    assert sum(1 for _ in y.uses) == 2


def test_erasing_an_op_with_uses_is_refused():
    fn, b = make_func()
    a = b.create(arith.AddIOp, *fn.args, result_types=[i32])
    b.create(arith.MulIOp, a.result, a.result, result_types=[i32])
    with pytest.raises(ValueError, match="still has uses"):
        a.erase()


def test_an_erased_op_is_freed_without_the_cyclic_collector():
    fn, b = make_func()
    a = b.create(arith.AddIOp, *fn.args, result_types=[i32])
    loop = b.create(arith.MulIOp, a.result, a.result, result_types=[i32])
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        loop.erase()
        a.erase()
        assert (a.results, a.operands) == ([], [])
        del a, loop
        assert gc.collect() == 0
    finally:
        if collecting:
            gc.enable()


def test_block_list_insert_move_and_order():
    block = Block([i32])
    ops = [arith.ConstantOp(IntegerAttr(i, i32)) for i in range(4)]
    for op in ops:
        block.append(op)
    ops[3].move_before(ops[0])
    ops[1].move_after(ops[2])
    assert [op.properties["value"].value for op in block] == [3, 0, 2, 1]
    assert ops[3].is_before_in_block(ops[1])
    assert not ops[1].is_before_in_block(ops[0])
    ops[2].detach()
    assert len(block) == 3 and ops[2].parent is None
    b = Builder(InsertionPoint.at_start(block))
    first = b.create(arith.ConstantOp, IntegerAttr(9, i32))
    assert block.first_op is first and first.is_before_in_block(ops[3])


def test_clone_remaps_values_inside_and_keeps_outside_uses():
    fn, b = make_func()
    x, y = fn.args
    a = b.create(arith.AddIOp, x, y, result_types=[i32])
    b.create(func.ReturnOp, [a.result])
    copy = fn.clone()
    assert copy.entry_block is not fn.entry_block
    new_add = copy.entry_block.first_op
    assert new_add.operands == copy.args
    assert copy.entry_block.last_op.operand(0) is new_add.result
    assert str(copy) == str(fn)


def test_verifier_reports_mlir_messages_with_locations():
    text = "func.func @f(%a: i32) -> i64 {\n  return %a : i32\n}\n"
    with pytest.raises(mlc.DiagnosticError) as err:
        mlc.parse(text, filename="x.mlir")
    diag = err.value.diagnostic
    assert diag.message == (
        "type of return operand 0 ('i32') doesn't match function result type ('i64') in function @f"
    )
    assert diag.location == FileLineColLoc("x.mlir", 2, 3)


def test_diagnostic_renders_source_line_and_caret():
    sources = SourceManager()
    text = "func.func @f() {\n  %0 = arith.addi : i32\n}\n"
    sources.add("in.mlir", text)
    with pytest.raises(mlc.DiagnosticError) as err:
        mlc.parse(text, filename="in.mlir")
    rendered = err.value.diagnostic.render(sources)
    assert rendered == (
        "in.mlir:2:18: error: expected SSA operand\n  %0 = arith.addi : i32\n                 ^"
    )


def test_symbol_table_lookup_and_uniqueness():
    f1, _ = make_func("a")
    f2, _ = make_func("b")
    module = ModuleOp([f1, f2])
    table = SymbolTable(module)
    assert table.lookup("b") is f2
    f3, _ = make_func("a")
    with pytest.raises(ValueError, match="already exists"):
        table.insert(f3)


def test_op_definition_accessors_and_builder_checks():
    fn, b = make_func(inputs=(i32, i32, i1))
    x, y, c = fn.args
    sel = b.create(arith.SelectOp, c, x, y, result_types=[i32])
    assert sel.condition is c and sel.true_value is x and sel.false_value is y
    assert arith.AddIOp.definition.props_by_name["overflowFlags"].default == arith.NO_OVERFLOW
    with pytest.raises(TypeError, match="missing operand"):
        arith.AddIOp(x)
    cast = arith.ExtSIOp(x, out=i64)
    assert cast.out.type == i64 and cast.in_ is x


def test_unregistered_ops_need_the_flag():
    text = '"foo.bar"() : () -> ()'
    with pytest.raises(mlc.DiagnosticError, match="unregistered dialect"):
        mlc.parse(text)
    module = mlc.parse(text, mlc.Context(allow_unregistered_dialects=True))
    assert next(module.ops).name == "foo.bar"


def test_deep_nesting_is_a_diagnostic_not_a_crash():
    depth = 5000
    text = '"t.op"() {a = ' + "[" * depth + "]" * depth + "} : () -> ()"
    with pytest.raises(mlc.DiagnosticError, match="nesting too deep"):
        mlc.parse(text, mlc.Context(True))
    regions = '"t.r"() ({' * depth + "}) : () -> ()" * depth
    with pytest.raises(mlc.DiagnosticError, match="nesting too deep"):
        mlc.parse(regions, mlc.Context(True))


def test_properties_and_attributes_are_separate():
    module = mlc.parse(
        'func.func @f(%a: i32) {\n  %0 = arith.addi %a, %a {tag = "x"} : i32\n  return\n}'
    )
    add = next(next(module.ops).entry_block.ops)
    assert set(add.properties) == {"overflowFlags"}
    assert add.attributes == {"tag": StringAttr("x")}
    assert add.get_attr("tag") == StringAttr("x")
    assert '"arith.addi"(%arg0, %arg0) <{overflowFlags = #arith.overflow<none>}> {tag = "x"}' in (
        module.print(generic=True)
    )


def test_attributes_sort_by_the_bytes_of_their_names_as_in_mlir():
    """A name that is not UTF-8 (byte FF) sorts after a four-byte character (F0...) by its
    bytes, as MLIR sorts, though its surrogate escape sorts first as text."""
    text = '"foo.op"() {"\\FF\\0A", "\\F0\\9F\\98\\80" = 1 : i32, a} : () -> ()'
    module = mlc.parse(text, mlc.Context(allow_unregistered_dialects=True))
    printed = str(module)
    assert '{a, "\\F0\\9F\\98\\80" = 1 : i32, "\\FF\\0A"}' in printed
    nested = mlc.parse(
        '"foo.op"() {d = {"\\FF", "\\F0\\9F\\98\\80"}} : () -> ()',
        mlc.Context(allow_unregistered_dialects=True),
    )
    assert '{d = {"\\F0\\9F\\98\\80", "\\FF"}}' in str(nested)


def test_regions_blocks_and_successors_api():
    region = Region([Block(), Block([f32])])
    entry, exit_ = region.blocks
    assert entry.is_entry_block() and not exit_.is_entry_block()
    assert region.is_ancestor_of(region)
    op = mlc.Operation.create(successors=[exit_], name=None)
    assert exit_.has_one_use() and op.successors == [exit_]
