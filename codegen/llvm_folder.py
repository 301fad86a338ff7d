"""Constant folding as LLVM 19's `IRBuilder<ConstantFolder>` does it while mlir-translate
builds instructions.

An instruction whose operands are all constants becomes a constant when LLVM's
target-independent folder (ConstantFold.cpp, no data layout) can compute it, or a constant
*expression* for the opcodes LLVM still keeps as expressions (`add`, `sub`, `mul`, `xor`,
`trunc`, `ptrtoint`, `inttoptr`, `bitcast`, `addrspacecast`, `getelementptr`,
`extractelement`, `insertelement`, `shufflevector`); otherwise the builder emits the
instruction. Reproducing this is what makes the text match mlir-translate's: the same values
disappear into constants and the same numbering follows.

Deliberate gaps, each of which leaves an instruction (same semantics) where LLVM would fold:
arithmetic and conversions on x86_fp80/fp128, comparisons between distinct globals, and
cast pairs other than trunc/zext/sext/bitcast chains, `trunc (ptrtoint)` and
`ptrtoint (inttoptr)`. `Folder.binop_expressions` is the set of
binary opcodes that may form expressions; LLVM 20 dropped `mul`, so the JIT's translation
(for llvmlite's newer LLVM) passes a smaller set.
"""

from __future__ import annotations

from mlc.codegen.llvm_scalar_folds import (
    INT_DIV_REM,
    binop_identity,
    eliminable_cast_pair,
    float_compare,
    fold_constant_rhs,
    fold_floats,
    fold_ints,
    fold_scalar_cast,
    fold_undef,
    int_compare,
    not_poison,
)
from mlc.codegen.llvm_types import FLOAT_BITS, is_fp
from mlc.codegen.llvm_values import (
    CAST_OPCODES,
    ConstAggregate,
    Constant,
    ConstData,
    ConstExpr,
    ConstFP,
    ConstInt,
    ConstNull,
    ConstZero,
    GlobalRef,
    Poison,
    Undef,
    aggregate,
    all_ones,
    element_count,
    is_all_ones,
    null_value,
    splat,
    splat_value,
)
from mlc.ir.types import VectorType, i1, i32

LLVM19_BINOP_EXPRESSIONS = frozenset(("add", "sub", "mul", "xor"))
CAST_EXPRESSIONS = frozenset(("trunc", "ptrtoint", "inttoptr", "bitcast", "addrspacecast"))
COMMUTATIVE = frozenset(("add", "mul", "and", "or", "xor", "fadd", "fmul"))
ASSOCIATIVE = frozenset(("add", "mul", "and", "or", "xor"))


def _scalable(t) -> bool:
    return any(t.scalable)


def _vector_elements(c: Constant, count: int) -> list:
    """Each lane of a constant vector, as LLVM's `getExtractElement` with a constant index
    would give it (None for a lane it cannot see into)."""
    return [c.aggregate_element(i) for i in range(count)]


class Folder:
    """The folding rules. `extern_weak` names the globals whose address may be null;
    `global_alignment(name)` is the alignment LLVM knows a global's address to have (for
    `and (ptrtoint @g), mask`)."""

    def __init__(self, binop_expressions=LLVM19_BINOP_EXPRESSIONS, extern_weak=(),
                 global_alignment=lambda name: 1) -> None:  # fmt: skip
        self.binop_expressions = frozenset(binop_expressions)
        self.extern_weak = frozenset(extern_weak)
        self.global_alignment = global_alignment

    # --- binary operators ----------------------------------------------------------------
    def binop(self, op: str, lhs, rhs, flags: tuple = ()):
        """IRBuilder's `FoldBinOp`: a constant, or None for an instruction."""
        if not (isinstance(lhs, Constant) and isinstance(rhs, Constant)):
            return None
        if op in self.binop_expressions:
            return self.binop_expr(op, lhs, rhs, flags)
        return self.fold_binop(op, lhs, rhs)

    def binop_expr(self, op: str, lhs: Constant, rhs: Constant, flags: tuple = ()) -> Constant:
        """`ConstantExpr::get`: folded if possible, else an expression."""
        folded = self.fold_binop(op, lhs, rhs)
        return folded if folded is not None else ConstExpr(lhs.type, op, (lhs, rhs), flags)

    def _binop_any(self, op: str, lhs: Constant, rhs: Constant):
        """Fold, or build the expression when `op` may form one."""
        if op in self.binop_expressions:
            return self.binop_expr(op, lhs, rhs)
        return self.fold_binop(op, lhs, rhs)

    def fold_binop(self, op: str, c1: Constant, c2: Constant):
        """LLVM's `ConstantFoldBinaryInstruction`."""
        t = c1.type
        identity = binop_identity(op, t, rhs_only=False)
        if identity is not None:
            if c1 == identity:
                return c2
            if c2 == identity:
                return c1
        else:
            identity = binop_identity(op, t, rhs_only=True)
            if identity is not None and c2 == identity:
                return c1
        if isinstance(c1, Poison) or isinstance(c2, Poison):
            return Poison(t)
        if not isinstance(t, VectorType) and (isinstance(c1, Undef) or isinstance(c2, Undef)):
            return fold_undef(op, c1, c2)
        if isinstance(c2, ConstInt):
            folded = fold_constant_rhs(op, c1, c2)
            if folded is not None:
                return folded
            if op == "and" and self._clears_aligned_address(c1, c2):
                return null_value(t)
        elif isinstance(c1, ConstInt) and op in COMMUTATIVE:
            return self._binop_any(op, c2, c1)
        if isinstance(c1, ConstInt) and isinstance(c2, ConstInt):
            return fold_ints(op, c1, c2)
        if isinstance(c1, ConstFP) and isinstance(c2, ConstFP):
            return fold_floats(op, c1, c2)
        if isinstance(t, VectorType):
            return self._fold_vector_binop(op, c1, c2)
        if isinstance(c1, ConstExpr):
            if op in ASSOCIATIVE and c1.opcode == op:
                inner = self._binop_any(op, c1.operands[1], c2)
                if inner is not None and not (isinstance(inner, ConstExpr) and inner.opcode == op):
                    return self._binop_any(op, c1.operands[0], inner)
        elif isinstance(c2, ConstExpr) and op in COMMUTATIVE:
            return self.fold_binop(op, c2, c1)
        if t == i1:
            return _fold_bool(op, c1, c2, self)
        return None

    def _clears_aligned_address(self, c1: Constant, mask: ConstInt) -> bool:
        """`and (ptrtoint @g), mask` is 0 when the mask only keeps bits the global's
        alignment makes zero (ConstantFold's rule for globals)."""
        if not (isinstance(c1, ConstExpr) and c1.opcode == "ptrtoint"):
            return False
        address = c1.operands[0]
        if not isinstance(address, GlobalRef):
            return False
        align = self.global_alignment(address.name)
        if align <= 1:
            return False
        low_bits = min(mask.type.width, align.bit_length() - 1)
        return mask.value & ((1 << low_bits) - 1) == mask.value

    def _fold_vector_binop(self, op: str, c1: Constant, c2: Constant):
        t = c1.type
        s2 = splat_value(c2)
        if s2 is not None:
            if op in INT_DIV_REM and s2.is_null():
                return Poison(t)
            s1 = splat_value(c1)
            if s1 is not None:
                folded = self._binop_any(op, s1, s2)
                return None if folded is None else splat(t, folded)
        if _scalable(t):
            return None
        count = t.shape[0]
        result = []
        for a, b in zip(_vector_elements(c1, count), _vector_elements(c2, count)):
            if a is None or b is None:
                return None
            if op in INT_DIV_REM and b.is_null():
                return Poison(t)
            folded = self._binop_any(op, a, b)
            if folded is None:
                return None
            result.append(folded)
        return aggregate(t, result)

    def fneg(self, c):
        """LLVM's `ConstantFoldUnaryInstruction` for `fneg` (a sign-bit flip)."""
        if not isinstance(c, Constant):
            return None
        if isinstance(c, Undef):
            return c
        if isinstance(c, ConstFP):
            return ConstFP(c.type, c.bits ^ (1 << (FLOAT_BITS[c.type.name] - 1)))
        if isinstance(c.type, VectorType) and not _scalable(c.type):
            lanes = _vector_elements(c, c.type.shape[0])
            negated = [self.fneg(x) if x is not None else None for x in lanes]
            return None if None in negated else aggregate(c.type, negated)
        return None

    # --- casts ---------------------------------------------------------------------------
    def cast(self, op: str, value, dest):
        """IRBuilder's `FoldCast`."""
        if not isinstance(value, Constant):
            return None
        if op in CAST_EXPRESSIONS:
            return self.cast_expr(op, value, dest)
        return self.fold_cast(op, value, dest)

    def cast_expr(self, op: str, value: Constant, dest) -> Constant:
        folded = self.fold_cast(op, value, dest)
        return folded if folded is not None else ConstExpr(dest, op, (value,))

    def _cast_any(self, op: str, value: Constant, dest):
        return (
            self.cast_expr(op, value, dest)
            if op in CAST_EXPRESSIONS
            else self.fold_cast(op, value, dest)
        )

    def fold_cast(self, op: str, c: Constant, dest):
        """LLVM's `ConstantFoldCastInstruction`."""
        if isinstance(c, Poison):
            return Poison(dest)
        if isinstance(c, Undef):
            if op in ("zext", "sext", "uitofp", "sitofp"):
                return null_value(dest)
            return Undef(dest)
        if c.is_null() and op != "addrspacecast":
            return null_value(dest)
        if isinstance(c, ConstExpr) and c.opcode in CAST_OPCODES:
            combined = eliminable_cast_pair(c, op, dest)
            if combined == "noop":
                return c.operands[0]
            if combined is not None:
                return self._cast_any(combined, c.operands[0], dest)
        if isinstance(dest, VectorType) and isinstance(c, (ConstAggregate, ConstData)):
            # lane by lane; a bitcast only when lanes line up
            if _scalable(dest) or (op == "bitcast" and dest.shape != c.type.shape):
                return None
            lanes = _vector_elements(c, c.type.shape[0])
            cast = [self._cast_any(op, x, dest.element_type) if x is not None else None
                    for x in lanes]  # fmt: skip
            return None if None in cast else aggregate(dest, cast)
        return fold_scalar_cast(op, c, dest)

    # --- comparisons and select ----------------------------------------------------------
    def compare(self, kind: str, predicate: str, lhs, rhs):
        """IRBuilder's `FoldCmp` (`kind` is "icmp" or "fcmp")."""
        if not (isinstance(lhs, Constant) and isinstance(rhs, Constant)):
            return None
        return self.fold_compare(kind, predicate, lhs, rhs)

    def fold_compare(self, kind: str, pred: str, c1: Constant, c2: Constant):
        """LLVM's `ConstantFoldCompareInstruction`."""
        t = c1.type
        result_type = VectorType(t.shape, i1, t.scalable) if isinstance(t, VectorType) else i1
        if pred == "false":
            return null_value(result_type)
        if pred == "true":
            return all_ones(result_type)
        if isinstance(c1, Poison) or isinstance(c2, Poison):
            return Poison(result_type)
        if isinstance(c1, Undef) or isinstance(c2, Undef):
            if kind == "icmp" and (pred in ("eq", "ne") or c1 == c2):
                return Undef(result_type)
            if kind == "icmp":
                return _bool(result_type, pred in ("eq", "uge", "ule", "sge", "sle"))
            return _bool(result_type, pred.startswith("u"))
        if kind == "icmp" and c2.is_null():
            if pred == "uge":
                return all_ones(result_type)
            if pred == "ult":
                return null_value(result_type)
        if t == i1 and pred in ("eq", "ne"):
            if pred == "ne":
                return self._binop_any("xor", c1, c2)
            if isinstance(c2, ConstInt):
                return self._binop_any("xor", c1, self._binop_any("xor", c2, all_ones(i1)))
            return self._binop_any("xor", self._binop_any("xor", c1, all_ones(i1)), c2)
        if isinstance(c1, ConstInt) and isinstance(c2, ConstInt):
            return ConstInt(i1, int(int_compare(pred, c1, c2)))
        if isinstance(c1, ConstFP) and isinstance(c2, ConstFP):
            return ConstInt(i1, int(float_compare(pred, c1.value, c2.value)))
        if isinstance(t, VectorType):
            return self._fold_vector_compare(kind, pred, c1, c2, result_type)
        if is_fp(t):
            if c1 == c2 and pred in ("one", "ueq"):
                return ConstInt(i1, int(pred == "ueq"))
            return None
        relation = self._relation(c1, c2)
        if relation is not None:
            known = _RELATION_RESULTS[relation].get(pred)
            if known is not None:
                return ConstInt(i1, int(known))
        if (not isinstance(c1, ConstExpr) and isinstance(c2, ConstExpr)) or (
            c1.is_null() and not c2.is_null()
        ):
            return self.fold_compare(kind, _SWAPPED[pred], c2, c1)
        return None

    def _fold_vector_compare(self, kind, pred, c1, c2, result_type):
        s1, s2 = splat_value(c1), splat_value(c2)
        if s1 is not None and s2 is not None:
            lane = self.fold_compare(kind, pred, s1, s2)
            if lane is not None:
                return splat(result_type, lane)
        if _scalable(c1.type):
            return None
        lanes = []
        count = c1.type.shape[0]
        for a, b in zip(_vector_elements(c1, count), _vector_elements(c2, count)):
            lane = None if a is None or b is None else self.fold_compare(kind, pred, a, b)
            if lane is None:
                return None
            lanes.append(lane)
        return aggregate(result_type, lanes)

    def _relation(self, c1: Constant, c2: Constant):
        """The part of LLVM's `evaluateICmpRelation` mlc reproduces: identical constants are
        equal, a global that is not `extern_weak` lies above null."""
        if c1 == c2:
            return "eq"
        if isinstance(c1, GlobalRef) and isinstance(c2, ConstNull):
            if c1.type.address_space == 0 and c1.name not in self.extern_weak:
                return "ugt"
        return None

    def select(self, cond, true_value, false_value):
        """IRBuilder's `FoldSelect` (LLVM's `ConstantFoldSelectInstruction`)."""
        if not all(isinstance(v, Constant) for v in (cond, true_value, false_value)):
            return None
        if cond.is_null():
            return false_value
        if is_all_ones(cond):
            return true_value
        if isinstance(cond, ConstAggregate):
            folded = self._select_lanes(cond, true_value, false_value)
            if folded is not None:
                return folded
        if isinstance(cond, Poison):
            return Poison(true_value.type)
        if isinstance(cond, Undef):
            return true_value if isinstance(true_value, Undef) else false_value
        if true_value == false_value:
            return true_value
        if isinstance(true_value, Poison):
            return false_value
        if isinstance(false_value, Poison):
            return true_value
        if isinstance(true_value, Undef) and not_poison(false_value):
            return false_value
        if isinstance(false_value, Undef) and not_poison(true_value):
            return true_value
        return None

    def _select_lanes(self, cond: ConstAggregate, true_value, false_value):
        count = len(cond.elements)
        lanes = []
        for c, a, b in zip(cond.elements, _vector_elements(true_value, count),
                           _vector_elements(false_value, count)):  # fmt: skip
            if a is None or b is None:
                return None
            if isinstance(c, Poison):
                lanes.append(Poison(a.type))
            elif a == b:
                lanes.append(a)
            elif isinstance(c, Undef):
                lanes.append(a if isinstance(a, Undef) else b)
            elif isinstance(c, ConstInt):
                lanes.append(b if c.is_null() else a)
            else:
                return None
        return aggregate(true_value.type, lanes)

    # --- addresses and aggregates --------------------------------------------------------
    def gep(self, source_type, base, indices: list, inbounds: bool, result_type):
        """IRBuilder's `FoldGEP`: all-constant GEPs become expressions; all-zero indices
        fold to the base (LLVM's `ConstantFoldGetElementPtr`)."""
        if not isinstance(base, Constant) or not all(isinstance(i, Constant) for i in indices):
            return None
        if not indices:
            return base
        if isinstance(base, Poison):
            return Poison(result_type)
        if isinstance(base, Undef):
            return Undef(result_type)
        if all(i.is_null() or isinstance(i, Undef) for i in indices):
            if isinstance(result_type, VectorType) and not isinstance(base.type, VectorType):
                return splat(result_type, base)
            return base
        return ConstExpr(result_type, "getelementptr", (base, *indices), (source_type, inbounds))

    def extract_value(self, agg, position):
        """LLVM's `ConstantFoldExtractValueInstruction`."""
        if not isinstance(agg, Constant):
            return None
        for index in position:
            agg = agg.aggregate_element(index)
            if agg is None:
                return None
        return agg

    def insert_value(self, agg, value, position):
        """LLVM's `ConstantFoldInsertValueInstruction`: the aggregate rebuilt element by
        element."""
        if not (isinstance(agg, Constant) and isinstance(value, Constant)):
            return None
        if not position:
            return value
        t = agg.type
        elements = []
        for i in range(element_count(t)):
            element = agg.aggregate_element(i)
            if element is None:
                return None
            if i == position[0]:
                element = self.insert_value(element, value, position[1:])
                if element is None:
                    return None
            elements.append(element)
        return aggregate(t, elements)

    def extract_element(self, vector, index):
        """IRBuilder's `FoldExtractElement` (`ConstantExpr::getExtractElement`)."""
        if not (isinstance(vector, Constant) and isinstance(index, Constant)):
            return None
        return self.extract_element_expr(vector, index)

    def extract_element_expr(self, vector: Constant, index: Constant) -> Constant:
        folded = self._fold_extract_element(vector, index)
        if folded is not None:
            return folded
        return ConstExpr(vector.type.element_type, "extractelement", (vector, index))

    @staticmethod
    def _fold_extract_element(vector: Constant, index: Constant):
        element = vector.type.element_type
        if isinstance(vector, Poison) or isinstance(index, Undef):
            return Poison(element)
        if isinstance(vector, Undef):
            return Undef(element)
        if not isinstance(index, ConstInt):
            return None
        if not _scalable(vector.type) and index.value >= vector.type.shape[0]:
            return Poison(element)
        lane = vector.aggregate_element(index.value)
        if lane is not None:
            return lane
        return splat_value(vector) if index.value < vector.type.shape[0] else None

    def insert_element(self, vector, value, index):
        """IRBuilder's `FoldInsertElement`."""
        if not all(isinstance(v, Constant) for v in (vector, value, index)):
            return None
        t = vector.type
        if isinstance(index, Undef):
            return Poison(t)
        if isinstance(vector, ConstZero) and value.is_null():
            return vector
        if not isinstance(index, ConstInt) or _scalable(t):
            return ConstExpr(t, "insertelement", (vector, value, index))
        if index.value >= t.shape[0]:
            return Poison(t)
        lanes = [value if i == index.value
                 else self.extract_element_expr(vector, ConstInt(i32, i))
                 for i in range(t.shape[0])]  # fmt: skip
        return aggregate(t, lanes)

    def shuffle(self, v1, v2, mask: tuple, mask_constant: Constant):
        """IRBuilder's `FoldShuffleVector` (LLVM's `ConstantFoldShuffleVectorInstruction`)."""
        if not (isinstance(v1, Constant) and isinstance(v2, Constant)):
            return None
        src = v1.type
        result_type = VectorType((len(mask),), src.element_type, (True,) if _scalable(src) else ())
        if all(m == -1 for m in mask):
            return Poison(result_type)
        if all(m == 0 for m in mask):
            first = self.extract_element_expr(v1, ConstInt(i32, 0))
            if first.is_null():
                return ConstZero(result_type)
            if not _scalable(src):
                return splat(result_type, first)
        if _scalable(src):
            return ConstExpr(result_type, "shufflevector", (v1, v2, mask_constant))
        n = src.shape[0]
        lanes = []
        for m in mask:
            if m == -1 or m >= 2 * n:
                lanes.append(Undef(src.element_type))
            elif m >= n:
                lanes.append(self.extract_element_expr(v2, ConstInt(i32, m - n)))
            else:
                lanes.append(self.extract_element_expr(v1, ConstInt(i32, m)))
        return aggregate(result_type, lanes)


# --- rules that need the folder ---------------------------------------------------------------
def _fold_bool(op: str, c1: Constant, c2: Constant, folder: Folder):
    """`i1` arithmetic that only has one defined meaning."""
    if op in ("add", "sub"):
        return folder._binop_any("xor", c1, c2)
    if op in ("shl", "lshr", "ashr", "sdiv", "udiv"):
        return c1
    if op in ("urem", "srem"):
        return ConstInt(i1, 0)
    return None


def _bool(t, value: bool) -> Constant:
    return all_ones(t) if value else null_value(t)


_SWAPPED = {"eq": "eq", "ne": "ne", "ugt": "ult", "uge": "ule", "ult": "ugt", "ule": "uge",
            "sgt": "slt", "sge": "sle", "slt": "sgt", "sle": "sge"}  # fmt: skip

# For a known relation, the predicates it decides (LLVM's table after evaluateICmpRelation).
_RELATION_RESULTS = {
    "eq": {"eq": True, "ne": False, "ugt": False, "ult": False, "uge": True, "ule": True,
           "sgt": False, "slt": False, "sge": True, "sle": True},
    "ugt": {"eq": False, "ne": True, "ugt": True, "uge": True, "ult": False, "ule": False},
}  # fmt: skip
