"""The translation rule of every llvm dialect op, in a table keyed by op class (JAX style).

A rule `fn(cx, op)` reads the op's operands as LLVM values (`cx.lookup`), builds with
`cx.builder` and maps the op's results (`cx.map`). What each op becomes follows MLIR 19's
`LLVMToLLVMIRTranslation` and the ODS `llvmBuilder`s: constant GEP indices are `i32`,
loads and stores without an alignment take the type's ABI alignment, `nontemporal` and
`invariant` become metadata, shuffle mask entries of -1 are `poison`, branch weights are
`!prof` metadata.
"""

from __future__ import annotations

from collections.abc import Callable

from mlc.codegen.llvm_module import CCONV_KEYWORDS
from mlc.codegen.llvm_values import ConstInt, GlobalRef, Poison, Undef, null_value
from mlc.codegen.translate_intrinsics import INTRINSICS, call_arguments, declaration_type
from mlc.dialects.llvm import aggregates, arithmetic, constants, control_flow, memory
from mlc.dialects.llvm import symbol_ops as symbols
from mlc.dialects.llvm.attributes import (
    ATOMIC_BIN_OPS,
    ATOMIC_ORDERING,
    FCMP_PREDICATES,
    ICMP_PREDICATES,
)
from mlc.dialects.llvm.types import VOID, LLVMFunctionType, LLVMPointerType
from mlc.ir.types import i32

RULES: dict[type, Callable] = {}


def rule(*op_classes):
    """Register the decorated function as the rule of `op_classes`."""

    def register(fn):
        for cls in op_classes:
            RULES[cls] = fn
        return fn

    return register


def _opcode(op) -> str:
    return op.name.removeprefix("llvm.")


# --- arithmetic ------------------------------------------------------------------------------
@rule(arithmetic.AddOp, arithmetic.SubOp, arithmetic.MulOp, arithmetic.ShlOp)
def _overflow_binop(cx, op):
    flags = op.properties["overflowFlags"].flags
    ordered = tuple(f for f in ("nuw", "nsw") if f in flags)
    cx.map(op.results[0], cx.builder.create_binop(_opcode(op), *cx.operands(op), ordered))


@rule(arithmetic.UDivOp, arithmetic.SDivOp, arithmetic.URemOp, arithmetic.SRemOp,
      arithmetic.AndOp, arithmetic.OrOp, arithmetic.XOrOp, arithmetic.LShrOp,
      arithmetic.AShrOp)  # fmt: skip
def _binop(cx, op):
    cx.map(op.results[0], cx.builder.create_binop(_opcode(op), *cx.operands(op)))


@rule(arithmetic.FAddOp, arithmetic.FSubOp, arithmetic.FMulOp, arithmetic.FDivOp,
      arithmetic.FRemOp)  # fmt: skip
def _float_binop(cx, op):
    cx.map(op.results[0], cx.builder.create_fbinop(_opcode(op), *cx.operands(op)))


@rule(arithmetic.FNegOp)
def _fneg(cx, op):
    cx.map(op.results[0], cx.builder.create_fneg(cx.lookup(op.operand(0))))


@rule(arithmetic.ICmpOp, arithmetic.FCmpOp)
def _compare(cx, op):
    kind = _opcode(op)
    predicates = ICMP_PREDICATES if kind == "icmp" else FCMP_PREDICATES
    predicate = predicates.keywords[op.properties["predicate"].value].lstrip("_")
    lhs, rhs = cx.operands(op)
    cx.map(op.results[0], cx.builder.create_cmp(kind, predicate, lhs, rhs, op.results[0].type))


@rule(arithmetic.SelectOp)
def _select(cx, op):
    cx.map(op.results[0], cx.builder.create_select(*cx.operands(op)))


@rule(arithmetic.TruncOp, arithmetic.ZExtOp, arithmetic.SExtOp, arithmetic.FPTruncOp,
      arithmetic.FPExtOp, arithmetic.FPToSIOp, arithmetic.FPToUIOp, arithmetic.SIToFPOp,
      arithmetic.UIToFPOp, arithmetic.PtrToIntOp, arithmetic.IntToPtrOp,
      arithmetic.AddrSpaceCastOp, arithmetic.BitcastOp)  # fmt: skip
def _cast(cx, op):
    value = cx.lookup(op.operand(0))
    cx.map(op.results[0], cx.builder.create_cast(_opcode(op), value, op.results[0].type))


@rule(arithmetic.FreezeOp)
def _freeze(cx, op):
    cx.map(op.results[0], cx.builder.create_freeze(cx.lookup(op.operand(0))))


# --- constants and addresses -----------------------------------------------------------------
@rule(constants.ConstantOp)
def _constant(cx, op):
    t = op.results[0].type
    cx.map(op.results[0], cx.constant(t, op.properties["value"]))


@rule(constants.UndefOp)
def _undef(cx, op):
    cx.map(op.results[0], Undef(op.results[0].type))


@rule(constants.PoisonOp)
def _poison(cx, op):
    cx.map(op.results[0], Poison(op.results[0].type))


@rule(constants.ZeroOp)
def _zero(cx, op):
    cx.map(op.results[0], null_value(op.results[0].type))


@rule(symbols.AddressOfOp)
def _address_of(cx, op):
    address = cx.module.symbol(op.properties["global_name"].root, op.location)
    cx.map(op.results[0], GlobalRef(op.results[0].type, address.name))


# --- memory ----------------------------------------------------------------------------------
@rule(memory.AllocaOp)
def _alloca(cx, op):
    props = op.properties
    element = cx.convert_type(props["elem_type"].value)
    alignment = props["alignment"].value if "alignment" in props else None
    pointer = cx.builder.create_alloca(element, cx.lookup(op.operand(0)), alignment,
                                       "inalloca" in props, op.results[0].type)  # fmt: skip
    cx.map(op.results[0], pointer)


def _access(op) -> dict:
    """The keyword arguments of a load or store: alignment, volatility, atomic ordering,
    sync scope (`""` is the system scope, which prints as nothing) and metadata."""
    props = op.properties
    ordering = ATOMIC_ORDERING.keywords[props["ordering"].value]
    scope = props["syncscope"].value if "syncscope" in props else None
    metadata = []
    if "nontemporal" in props:
        metadata.append(("nontemporal", "!{i32 1}"))
    if "invariant" in props:
        metadata.append(("invariant.load", "!{}"))
    return {
        "alignment": props["alignment"].value if "alignment" in props else None,
        "volatile": "volatile_" in props,
        "ordering": "" if ordering == "not_atomic" else ordering,
        "syncscope": scope or None,
        "metadata": metadata,
    }


@rule(memory.LoadOp)
def _load(cx, op):
    loaded = cx.builder.create_load(op.results[0].type, cx.lookup(op.operand(0)), **_access(op))
    cx.map(op.results[0], loaded)


@rule(memory.StoreOp)
def _store(cx, op):
    value, address = cx.operands(op)
    cx.builder.create_store(value, address, **_access(op))


@rule(memory.GEPOp)
def _gep(cx, op):
    source = cx.convert_type(op.properties["elem_type"].value)
    indices = [ConstInt(i32, i & 0xFFFFFFFF) if isinstance(i, int) else cx.lookup(i)
               for i in op.indices()]  # fmt: skip
    address = cx.builder.create_gep(source, cx.lookup(op.operand(0)), indices,
                                    "inbounds" in op.properties, op.results[0].type)  # fmt: skip
    cx.map(op.results[0], address)


_ATOMIC_OPERATIONS = {"_and": "and", "_or": "or", "_xor": "xor"}


@rule(memory.AtomicRMWOp)
def _atomicrmw(cx, op):
    props = op.properties
    operation = ATOMIC_BIN_OPS.keywords[props["bin_op"].value]
    address, value = cx.operands(op)
    old = cx.builder.create_atomicrmw(
        _ATOMIC_OPERATIONS.get(operation, operation), address, value,
        ATOMIC_ORDERING.keywords[props["ordering"].value],
        syncscope=props["syncscope"].value if "syncscope" in props else None,
        alignment=props["alignment"].value if "alignment" in props else None,
        volatile="volatile_" in props,
    )  # fmt: skip
    cx.map(op.results[0], old)


# --- aggregates and vectors ------------------------------------------------------------------
@rule(aggregates.ExtractValueOp)
def _extract_value(cx, op):
    position = tuple(op.properties["position"].value)
    value = cx.builder.create_extract_value(cx.lookup(op.operand(0)), position,
                                            op.results[0].type)  # fmt: skip
    cx.map(op.results[0], value)


@rule(aggregates.InsertValueOp)
def _insert_value(cx, op):
    container, value = cx.operands(op)
    position = tuple(op.properties["position"].value)
    cx.map(op.results[0], cx.builder.create_insert_value(container, value, position))


@rule(aggregates.ExtractElementOp)
def _extract_element(cx, op):
    cx.map(op.results[0], cx.builder.create_extract_element(*cx.operands(op)))


@rule(aggregates.InsertElementOp)
def _insert_element(cx, op):
    vector, value, position = cx.operands(op)
    cx.map(op.results[0], cx.builder.create_insert_element(vector, value, position))


@rule(aggregates.ShuffleVectorOp)
def _shuffle(cx, op):
    v1, v2 = cx.operands(op)
    cx.map(op.results[0], cx.builder.create_shuffle(v1, v2, tuple(op.properties["mask"].value)))


# --- calls -----------------------------------------------------------------------------------
_TAIL_KEYWORDS = {"none": "", "tail": "tail", "musttail": "musttail", "notail": "notail"}


@rule(symbols.CallOp)
def _call(cx, op):
    props = op.properties
    operands = cx.operands(op)
    callee = props.get("callee")
    if callee is not None:
        function = cx.module.module.functions[callee.root]
        target, ftype, args = GlobalRef(LLVMPointerType(0), callee.root), function.type, operands
    else:
        target, args = operands[0], operands[1:]
        declared = props.get("var_callee_type")
        result = op.results[0].type if op.results else VOID
        ftype = (
            declared.value
            if declared is not None
            else LLVMFunctionType(result, tuple(a.type for a in args))
        )
    call = cx.builder.create_call(target, ftype, args, cconv=CCONV_KEYWORDS[props["CConv"].value],
                                  tail=_TAIL_KEYWORDS[props["TailCallKind"].value])  # fmt: skip
    if op.results:
        cx.map(op.results[0], call)


def _intrinsic(cx, op):
    """A `llvm.intr.*` op: a call to the intrinsic, declared on first use."""
    intrinsic = INTRINSICS[type(op)]
    args = call_arguments(op, intrinsic, cx.operands(op))
    result_type = op.results[0].type if op.results else VOID
    name = intrinsic.declared_name(result_type, [a.type for a in args])
    ftype = declaration_type(op, args)
    cx.module.declare_intrinsic(name, ftype, intrinsic)
    call = cx.builder.create_call(GlobalRef(LLVMPointerType(0), name), ftype, args,
                                  attributes=intrinsic.call_attributes)  # fmt: skip
    if op.results:
        cx.map(op.results[0], call)


for _cls in INTRINSICS:
    RULES[_cls] = _intrinsic


# --- terminators -----------------------------------------------------------------------------
def _weights(op) -> list:
    weights = op.properties.get("branch_weights")
    if weights is None or not weights.value:
        return []
    values = ", ".join(f"i32 {w & 0xFFFFFFFF}" for w in weights.value)
    return [("prof", f'!{{!"branch_weights", {values}}}')]


@rule(control_flow.BrOp)
def _br(cx, op):
    cx.builder.create_br(cx.successors[0])


@rule(control_flow.CondBrOp)
def _cond_br(cx, op):
    true_dest, false_dest = cx.successors
    cx.builder.create_cond_br(cx.lookup(op.operand(0)), true_dest, false_dest, _weights(op))


@rule(control_flow.SwitchOp)
def _switch(cx, op):
    flag = cx.lookup(op.operand(0))
    values = op.properties.get("case_values")
    cases = []
    if values is not None:
        t = flag.type
        for value, dest in zip(values.array.tolist(), cx.successors[1:]):
            cases.append((ConstInt(t, int(value) & ((1 << t.width) - 1)), dest))
    cx.builder.create_switch(flag, cx.successors[0], cases, _weights(op))


@rule(control_flow.ReturnOp)
def _return(cx, op):
    cx.builder.create_ret(cx.lookup(op.operand(0)) if op.operands else None)


@rule(control_flow.UnreachableOp)
def _unreachable(cx, op):
    cx.builder.create_unreachable()
