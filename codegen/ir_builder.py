"""An instruction builder with LLVM's IRBuilder behaviour: constant operands fold (see
`llvm_folder`), fast-math flags apply to the floating-point operations built while they are
set, and loads, stores and allocas without an explicit alignment get the data layout's.

Each `create_*` method returns the value standing for the result: a constant when the
folder computed one, else the new instruction, appended to the current block.
"""

from __future__ import annotations

from mlc.codegen.llvm_folder import Folder
from mlc.codegen.llvm_module import BasicBlock
from mlc.codegen.llvm_types import DataLayout, is_fp, type_text
from mlc.codegen.llvm_values import Constant, ConstInt, Instruction, Phi, Poison, aggregate
from mlc.dialects.llvm.types import VOID, LLVMArrayType
from mlc.ir.types import VectorType, i32

FASTMATH_ORDER = ("reassoc", "nnan", "ninf", "nsz", "arcp", "contract", "afn")


def fastmath_text(flags) -> str:
    """` fast` or the flags in LLVM's printing order, each with a leading space."""
    if len(flags) == len(FASTMATH_ORDER):
        return " fast"
    return "".join(" " + f for f in FASTMATH_ORDER if f in flags)


def _is_fp_math(t) -> bool:
    """Whether an instruction of result type `t` is an `FPMathOperator` (carries fast-math
    flags): floating-point scalars and vectors, and arrays of them."""
    while isinstance(t, LLVMArrayType):
        t = t.element_type
    if isinstance(t, VectorType):
        t = t.element_type
    return is_fp(t)


class NotConstant(ValueError):
    """An instruction was needed where only a constant may stand (a global initializer)."""


class IRBuilder:
    """Builds instructions at the end of `block` (None: only constants may result, as in a
    global initializer)."""

    def __init__(self, folder: Folder, layout: DataLayout) -> None:
        self.folder = folder
        self.layout = layout
        self.block: BasicBlock | None = None
        self.fastmath: frozenset = frozenset()

    def _insert(self, t, parts: list, metadata: list | None = None) -> Instruction:
        if self.block is None:
            raise NotConstant("unemittable constant value")
        inst = Instruction(t, parts, metadata)
        self.block.instructions.append(inst)
        return inst

    def _fmf(self, t) -> str:
        return fastmath_text(self.fastmath) if self.fastmath and _is_fp_math(t) else ""

    # --- arithmetic ------------------------------------------------------------------------
    def create_binop(self, op: str, lhs, rhs, flags: tuple = ()):
        """`add nuw nsw i32 %a, %b` and the other integer operators; `flags` in LLVM's
        printing order."""
        folded = self.folder.binop(op, lhs, rhs, flags)
        if folded is not None:
            return folded
        prefix = "".join(f + " " for f in flags)
        return self._insert(lhs.type, [f"{op} {prefix}{type_text(lhs.type)} ", lhs, ", ", rhs])

    def create_fbinop(self, op: str, lhs, rhs):
        """`fadd fast float %a, %b` (the builder's fast-math flags)."""
        folded = self.folder.binop(op, lhs, rhs)
        if folded is not None:
            return folded
        t = lhs.type
        return self._insert(t, [f"{op}{self._fmf(t)} {type_text(t)} ", lhs, ", ", rhs])

    def create_fneg(self, value):
        folded = self.folder.fneg(value)
        if folded is not None:
            return folded
        t = value.type
        return self._insert(t, [f"fneg{self._fmf(t)} {type_text(t)} ", value])

    def create_cast(self, op: str, value, dest):
        if value.type == dest:  # IRBuilder::CreateCast's shortcut
            return value
        folded = self.folder.cast(op, value, dest)
        if folded is not None:
            return folded
        return self._insert(dest, [f"{op} {type_text(value.type)} ", value,
                                   f" to {type_text(dest)}"])  # fmt: skip

    def create_cmp(self, kind: str, predicate: str, lhs, rhs, result_type):
        folded = self.folder.compare(kind, predicate, lhs, rhs)
        if folded is not None:
            return folded
        fmf = fastmath_text(self.fastmath) if kind == "fcmp" else ""
        return self._insert(result_type, [f"{kind}{fmf} {predicate} {type_text(lhs.type)} ",
                                          lhs, ", ", rhs])  # fmt: skip

    def create_select(self, cond, true_value, false_value):
        folded = self.folder.select(cond, true_value, false_value)
        if folded is not None:
            return folded
        t = true_value.type
        return self._insert(t, [f"select{self._fmf(t)} {type_text(cond.type)} ", cond, ", ",
                                _typed(true_value), ", ", _typed(false_value)])  # fmt: skip

    def create_freeze(self, value):
        return self._insert(value.type, [f"freeze {type_text(value.type)} ", value])

    # --- memory ----------------------------------------------------------------------------
    def create_alloca(self, element_type, size, alignment, inalloca: bool, result_type):
        """`alloca T, i64 %n, align A[, addrspace(S)]`; the size is left out when it is
        `i32 1`, the alignment defaults to the type's preferred one."""
        align = alignment or self.layout.pref_align(element_type)
        keyword = "alloca inalloca " if inalloca else "alloca "
        parts = [keyword + type_text(element_type)]
        if not (isinstance(size, ConstInt) and size.type == i32 and size.value == 1):
            parts += [", ", _typed(size)]
        parts.append(f", align {align}")
        if result_type.address_space:
            parts.append(f", addrspace({result_type.address_space})")
        return self._insert(result_type, parts)

    def create_load(self, t, address, *, alignment=None, volatile=False, ordering="",
                    syncscope=None, metadata=None):  # fmt: skip
        head = "load" + (" atomic" if ordering else "") + (" volatile" if volatile else "")
        parts = [f"{head} {type_text(t)}, ", _typed(address)]
        parts.append(_atomic_text(ordering, syncscope))
        parts.append(f", align {alignment or self.layout.abi_align(t)}")
        return self._insert(t, parts, metadata)

    def create_store(self, value, address, *, alignment=None, volatile=False, ordering="",
                     syncscope=None, metadata=None):  # fmt: skip
        head = "store" + (" atomic" if ordering else "") + (" volatile" if volatile else "")
        parts = [head + " ", _typed(value), ", ", _typed(address)]
        parts.append(_atomic_text(ordering, syncscope))
        parts.append(f", align {alignment or self.layout.abi_align(value.type)}")
        return self._insert(VOID, parts, metadata)

    def create_atomicrmw(self, operation: str, address, value, ordering: str, *,
                         syncscope=None, alignment=None, volatile=False):  # fmt: skip
        """`atomicrmw [volatile] op ptr %p, T %v [syncscope(..)] ordering, align N`; the
        alignment defaults to the value's store size (IRBuilder::CreateAtomicRMW)."""
        head = "atomicrmw volatile " if volatile else "atomicrmw "
        align = alignment or self.layout.store_size(value.type)
        return self._insert(value.type, [head + operation + " ", _typed(address), ", ",
                                         _typed(value), _atomic_text(ordering, syncscope),
                                         f", align {align}"])  # fmt: skip

    def create_gep(self, source_type, base, indices: list, inbounds: bool, result_type):
        folded = self.folder.gep(source_type, base, indices, inbounds, result_type)
        if folded is not None:
            return folded
        keyword = "getelementptr inbounds " if inbounds else "getelementptr "
        parts = [keyword + type_text(source_type) + ", ", _typed(base)]
        for index in indices:
            parts += [", ", _typed(index)]
        return self._insert(result_type, parts)

    # --- aggregates and vectors --------------------------------------------------------------
    def create_extract_value(self, aggregate_value, position: tuple, result_type):
        folded = self.folder.extract_value(aggregate_value, position)
        if folded is not None:
            return folded
        path = "".join(f", {i}" for i in position)
        return self._insert(result_type, ["extractvalue ", _typed(aggregate_value), path])

    def create_insert_value(self, aggregate_value, value, position: tuple):
        folded = self.folder.insert_value(aggregate_value, value, position)
        if folded is not None:
            return folded
        path = "".join(f", {i}" for i in position)
        return self._insert(aggregate_value.type, ["insertvalue ", _typed(aggregate_value),
                                                   ", ", _typed(value), path])  # fmt: skip

    def create_extract_element(self, vector, index):
        folded = self.folder.extract_element(vector, index)
        if folded is not None:
            return folded
        return self._insert(vector.type.element_type,
                            ["extractelement ", _typed(vector), ", ", _typed(index)])  # fmt: skip

    def create_insert_element(self, vector, value, index):
        folded = self.folder.insert_element(vector, value, index)
        if folded is not None:
            return folded
        return self._insert(vector.type, ["insertelement ", _typed(vector), ", ",
                                          _typed(value), ", ", _typed(index)])  # fmt: skip

    def create_shuffle(self, v1, v2, mask: tuple):
        """`shufflevector`; the mask is an `<N x i32>` constant with `poison` for -1."""
        mask_type = VectorType((len(mask),), i32, v1.type.scalable)  # <vscale x N x i32>
        mask_constant = aggregate(
            mask_type, [Poison(i32) if m == -1 else ConstInt(i32, m & 0xFFFFFFFF) for m in mask]
        )
        folded = self.folder.shuffle(v1, v2, mask, mask_constant)
        if folded is not None:
            return folded
        src = v1.type
        result_type = VectorType((len(mask),), src.element_type, src.scalable)
        return self._insert(result_type, ["shufflevector ", _typed(v1), ", ", _typed(v2),
                                          ", ", _typed(mask_constant)])  # fmt: skip

    # --- calls and control flow ------------------------------------------------------------
    def create_call(self, callee, ftype, args: list, *, cconv: str = "", tail: str = "",
                    attributes: tuple = (), metadata=None):  # fmt: skip
        """`[tail ]call [fmf] [cc] T @f(args) [#N]`; a variadic callee prints its whole
        type; `attributes` are call-site function attributes."""
        result = ftype.result
        head = (tail + " " if tail else "") + "call" + self._fmf(result)
        if cconv:
            head += " " + cconv
        shown = type_text(ftype) if ftype.vararg else type_text(result)
        parts = [f"{head} {shown} ", callee, "("]
        for i, arg in enumerate(args):
            if i:
                parts.append(", ")
            parts.append(_typed(arg))
        parts.append(")")
        call = self._insert(result, parts, metadata)
        call.attributes = attributes
        return call

    def create_phi(self, t) -> Phi:
        phi = Phi(t)
        self.block.instructions.append(phi)
        return phi

    def create_br(self, dest: BasicBlock):
        return self._insert(VOID, ["br label ", dest])

    def create_cond_br(self, cond, true_dest, false_dest, metadata=None):
        return self._insert(VOID, ["br ", _typed(cond), ", label ", true_dest, ", label ",
                                   false_dest], metadata)  # fmt: skip

    def create_switch(self, value, default, cases: list, metadata=None):
        """`switch i32 %v, label %d [ i32 1, label %a ... ]`; `cases` are (constant, block)."""
        parts = ["switch ", _typed(value), ", label ", default, " ["]
        for constant, dest in cases:
            parts += ["\n    ", _typed(constant), ", label ", dest]
        parts.append("\n  ]")
        return self._insert(VOID, parts, metadata)

    def create_ret(self, value=None):
        if value is None:
            return self._insert(VOID, ["ret void"])
        return self._insert(VOID, ["ret ", _typed(value)])

    def create_unreachable(self):
        return self._insert(VOID, ["unreachable"])


class _Typed:
    """A part printing as `T v` once `v` is numbered."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def ref(self) -> str:
        v = self.value
        return f"{type_text(v.type)} {v.ref()}"


def _typed(value):
    return value.typed() if isinstance(value, Constant) else _Typed(value)


def _atomic_text(ordering: str, syncscope: str | None) -> str:
    if not ordering:
        return ""
    scope = f' syncscope("{syncscope}")' if syncscope is not None else ""
    return f"{scope} {ordering}"
