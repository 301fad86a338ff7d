"""The rewrite hot paths decide some things once per op class (how to read a constant, whether
an unused op may go, an op's fold hook and patterns): those decisions must never go stale when
one op changes, nor mix up ops that share a class."""

from __future__ import annotations

import mlc
from mlc.dialects import arith
from mlc.ir.attributes import IntegerAttr
from mlc.ir.effects import is_trivially_dead, would_be_trivially_dead
from mlc.ir.rewrite import RewritePattern, apply_patterns_greedily
from mlc.ir.rewrite.folding import constant_value, operand_constants
from mlc.ir.types import i32, i64


def _ops(module, name: str) -> list:
    return [op for op in module.iter_nested() if op.name == name]


def test_constant_value_reads_the_current_value_of_each_constant():
    a, b = arith.ConstantOp(IntegerAttr(1, i32)), arith.ConstantOp(IntegerAttr(2, i64))
    assert constant_value(a) == IntegerAttr(1, i32)
    assert constant_value(b) == IntegerAttr(2, i64)
    a.properties["value"] = IntegerAttr(7, i32)  # a rewrite may change a constant in place
    assert constant_value(a) == IntegerAttr(7, i32)
    assert constant_value(b) == IntegerAttr(2, i64)


def test_constant_value_of_a_folding_constant_and_of_other_ops():
    module = mlc.parse(
        """
        func.func @f(%x: i64) -> i64 {
          %c = llvm.mlir.constant(5 : i64) : i64
          %s = arith.addi %x, %c : i64
          return %s : i64
        }
        """
    )
    (const,) = _ops(module, "llvm.mlir.constant")
    (add,) = _ops(module, "arith.addi")
    assert constant_value(const) == IntegerAttr(5, i64)  # what it folds to
    assert constant_value(add) is None
    assert operand_constants(add) == [None, IntegerAttr(5, i64)]


def test_removability_of_ops_whose_effects_depend_on_their_body():
    module = mlc.parse(
        """
        func.func @f(%n: index, %m: memref<4xi32>, %v: i32) {
          %c0 = arith.constant 0 : index
          %c1 = arith.constant 1 : index
          scf.for %i = %c0 to %n step %c1 {
            %t = arith.addi %v, %v : i32
          }
          scf.for %i = %c0 to %n step %c1 {
            memref.store %v, %m[%c0] : memref<4xi32>
          }
          return
        }
        """
    )
    pure_loop, storing_loop = _ops(module, "scf.for")
    assert is_trivially_dead(pure_loop)
    assert not is_trivially_dead(storing_loop)  # same class, other answer
    (ret,) = _ops(module, "func.return")
    assert not would_be_trivially_dead(ret)
    unused_add = _ops(module, "arith.addi")[0]
    assert is_trivially_dead(unused_add)


def test_removability_by_class_follows_declared_effects():
    from mlc.dialects.func import FuncOp
    from mlc.dialects.memref import AllocOp, LoadOp, StoreOp
    from mlc.dialects.scf import ForOp
    from mlc.ir.effects import removable_by_class

    assert removable_by_class(LoadOp) is True  # reads only
    assert removable_by_class(AllocOp) is True  # allocates only
    assert removable_by_class(StoreOp) is False  # writes
    assert removable_by_class(FuncOp) is False  # says nothing: any effect
    assert removable_by_class(ForOp) is None  # its body decides


def test_unregistered_ops_of_one_class_keep_their_own_patterns():
    module = mlc.parse(
        """
        func.func @f(%x: i32) -> (i32, i32) {
          %a = "test.first"(%x) : (i32) -> i32
          %b = "test.second"(%x) : (i32) -> i32
          return %a, %b : i32, i32
        }
        """,
        mlc.Context(allow_unregistered_dialects=True),
    )
    renamed: list[str] = []

    class Rename(RewritePattern):
        """Tags an op it has not seen yet, recording which pattern did it."""

        def match_and_rewrite(self, op, rewriter) -> bool:
            if "seen" in op.attributes:
                return False
            rewriter.modify_op_in_place(op, lambda: op.attributes.update(seen=IntegerAttr(1, i32)))
            renamed.append(f"{self.root}->{op.name}")
            return True

    result = apply_patterns_greedily(module, [Rename("test.first"), Rename("test.second")])
    assert result.converged
    assert sorted(renamed) == ["test.first->test.first", "test.second->test.second"]


def test_folding_can_be_turned_off_per_driver():
    text = """
        func.func @f() -> i32 {
          %a = arith.constant 1 : i32
          %b = arith.constant 2 : i32
          %s = arith.addi %a, %b : i32
          return %s : i32
        }
        """
    unfolded = mlc.parse(text)
    apply_patterns_greedily(unfolded, [], fold=False)
    assert len(_ops(unfolded, "arith.addi")) == 1
    folded = mlc.parse(text)
    apply_patterns_greedily(folded, [])
    assert not _ops(folded, "arith.addi")
    (const,) = _ops(folded, "arith.constant")
    assert constant_value(const) == IntegerAttr(3, i32)
