"""Memory ops of the llvm dialect: `llvm.alloca`, `llvm.load`, `llvm.store`,
`llvm.getelementptr`, `llvm.atomicrmw` (MLIR 19's syntax and checks, LLVMDialect.cpp)."""

from __future__ import annotations

from mlc.dialects.llvm.attributes import ATOMIC_BIN_OPS, ATOMIC_ORDERING, NOT_ATOMIC
from mlc.dialects.llvm.constraints import (
    I32_ARRAY,
    I64_ATTR,
    INT,
    INT_LIKE,
    PTR,
    PTR_LIKE,
    SIZED,
    TYPE_ATTR,
)
from mlc.dialects.llvm.syntax import print_op_attrs, split_attributes
from mlc.dialects.llvm.types import (
    LLVMArrayType,
    LLVMPointerType,
    LLVMStructType,
    is_float,
    is_signless_integer,
)
from mlc.ir.attributes import UNIT, DenseArrayAttr, IntegerAttr, StringAttr, TypeAttr, UnitAttr
from mlc.ir.opdef import operand, opt_prop, prop, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.traits import MemoryEffects, Pure
from mlc.ir.types import IntegerType, VectorType, i32


class AllocaOp(Operation):
    """`%p = llvm.alloca %n x f32 {alignment = 16 : i64} : (i64) -> !llvm.ptr`."""

    name = "llvm.alloca"
    arraySize = operand(INT)
    res = result(PTR)
    alignment = opt_prop(I64_ATTR)
    elem_type = prop(TYPE_ATTR)
    inalloca = opt_prop(UnitAttr)
    traits = (MemoryEffects("allocate"),)

    @classmethod
    def parse(cls, p):
        props = {}
        if p.parse_optional_keyword("inalloca"):
            props["inalloca"] = UNIT
        size = p.parse_operand()
        p.parse_keyword("x")
        elem_type = p.parse_type()
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        alignment = props.get("alignment")
        if alignment is not None:
            if not isinstance(alignment, IntegerAttr):
                raise p.error("expected integer alignment")
            if alignment.value == 0:
                del props["alignment"]
        p.expect(":")
        type_pos = p.pos
        ftype = p.parse_type()
        if (
            getattr(ftype, "inputs", None) is None
            or len(ftype.inputs) != 1
            or len(ftype.results) != 1
        ):
            raise p.error(
                "expected trailing function type with one argument and one result", type_pos
            )
        props["elem_type"] = TypeAttr(elem_type)
        return cls.create([p.resolve(size, ftype.inputs[0])], ftype.results, props, attrs)

    def print_custom(self, p) -> None:
        if "inalloca" in self.properties:
            p.write(" inalloca")
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write(" x ")
        p.print_type(self.properties["elem_type"].value)
        elided = ["elem_type", "inalloca"]
        alignment = self.properties.get("alignment")
        if alignment is None or not alignment.value:
            elided.append("alignment")
        print_op_attrs(p, self, elided)
        p.write(" : (")
        p.print_type(self.operand(0).type)
        p.write(") -> ")
        p.print_type(self.results[0].type)


class MemAccessOp(Operation):
    """llvm.load/llvm.store: `volatile`, the operands, `atomic [syncscope("s")] <ordering>`,
    `invariant` (loads), then the attribute dictionary (alignment, nontemporal, ...).

    Effects are per class here (`ir.effects` reads traits): a load reads and a store writes.
    MLIR adds a read-write effect for volatile and atomic (monotonic or stronger) accesses;
    that is not modelled, so an unused volatile load counts as dead."""

    alignment = opt_prop(I64_ATTR)
    volatile_ = opt_prop(UnitAttr)
    nontemporal = opt_prop(UnitAttr)
    ordering = prop(ATOMIC_ORDERING, default=NOT_ATOMIC)
    syncscope = opt_prop(StringAttr)
    unsupported_orderings = ()
    trailing_keywords = ()  # unit properties spelled as keywords after the atomic ordering
    _ELIDED = ("volatile_", "ordering", "syncscope")

    @classmethod
    def _parse_head(cls, p, count: int) -> tuple[list, dict]:
        """`[volatile] %a, ... [atomic [syncscope(...)] ordering]`: operands and properties."""
        props = {}
        if p.parse_optional_keyword("volatile"):
            props["volatile_"] = UNIT
        refs = [p.parse_operand()]
        for _ in range(count - 1):
            p.expect(",")
            refs.append(p.parse_operand())
        if p.parse_optional_keyword("atomic"):
            if p.parse_optional_keyword("syncscope"):
                p.expect("(")
                props["syncscope"] = StringAttr(p.parse_string())
                p.expect(")")
            pos = p.pos
            names = ATOMIC_ORDERING.keywords
            word = p.text if p.kind == "bare" else ""
            if word not in names:
                known = ", ".join(k for k in names if k is not None)
                raise p.error(
                    "expected string or keyword containing one of the following enum values "
                    f"for attribute 'ordering' [{known}]",
                    pos,
                )
            p.advance()
            props["ordering"] = ATOMIC_ORDERING.make(names.index(word))
        for keyword in cls.trailing_keywords:
            if p.parse_optional_keyword(keyword):
                props[keyword] = UNIT
        return refs, props

    def _print_head(self, p, values) -> None:
        props = self.properties
        if "volatile_" in props:
            p.write(" volatile")
        p.write(" ")
        p.print_operands(values)
        ordering = props.get("ordering", NOT_ATOMIC)
        if ordering != NOT_ATOMIC:
            p.write(" atomic")
            if "syncscope" in props:
                p.write(" syncscope(")
                p.print_attribute(props["syncscope"])
                p.write(")")
            p.write(" " + ATOMIC_ORDERING.keywords[ordering.value])
        for keyword in self.trailing_keywords:
            if keyword in props:
                p.write(" " + keyword)
        print_op_attrs(p, self, self._ELIDED + self.trailing_keywords)
        p.write(" : ")

    def _verify_access(self, value_type) -> None:
        """MLIR's `verifyAtomicMemOp`."""
        ordering = self.properties.get("ordering", NOT_ATOMIC).value
        if ordering == NOT_ATOMIC.value:
            if "syncscope" in self.properties:
                raise self.emit_error("expected syncscope to be null for non-atomic access")
            return
        if not _atomic_compatible(value_type):
            raise self.emit_error(f"unsupported type '{value_type}' for atomic access")
        name = ATOMIC_ORDERING.keywords[ordering]
        if name in self.unsupported_orderings:
            raise self.emit_error(f"unsupported ordering '{name}'")
        if "alignment" not in self.properties:
            raise self.emit_error("expected alignment for atomic access")


def _atomic_compatible(t) -> bool:
    """Integers, floats and pointers of a power-of-two size of at least 8 bits."""
    if isinstance(t, LLVMPointerType):
        return True
    if not (is_signless_integer(t) or is_float(t)):
        return False
    width = t.width
    return width >= 8 and width & (width - 1) == 0


class LoadOp(MemAccessOp):
    """`%v = llvm.load %p {alignment = 4 : i64} : !llvm.ptr -> f32`."""

    name = "llvm.load"
    addr = operand(PTR)
    res = result(SIZED)
    invariant = opt_prop(UnitAttr)
    traits = (MemoryEffects("read"),)
    unsupported_orderings = ("release", "acq_rel")
    trailing_keywords = ("invariant",)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs, props = cls._parse_head(p, 1)
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        addr_type = p.parse_colon_type()
        p.expect("->")
        t = p.parse_type()
        operands = p.resolve_operands(refs, [addr_type], pos)
        return cls.create(operands, [t], cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        self._print_head(p, self.operands)
        p.print_type(self.operand(0).type)
        p.write(" -> ")
        p.print_type(self.results[0].type)

    def verify_(self) -> None:
        self._verify_access(self.results[0].type)


class StoreOp(MemAccessOp):
    """`llvm.store %v, %p {alignment = 4 : i64} : f32, !llvm.ptr`."""

    name = "llvm.store"
    value = operand(SIZED)
    addr = operand(PTR)
    traits = (MemoryEffects("write"),)
    unsupported_orderings = ("acquire", "acq_rel")

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs, props = cls._parse_head(p, 2)
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        value_type = p.parse_colon_type()
        p.expect(",")
        addr_type = p.parse_type()
        operands = p.resolve_operands(refs, [value_type, addr_type], pos)
        return cls.create(operands, [], cls.definition.fill_defaults(props), attrs)

    def print_custom(self, p) -> None:
        self._print_head(p, self.operands)
        p.print_type_list([self.operand(0).type, self.operand(1).type])

    def verify_(self) -> None:
        self._verify_access(self.operand(0).type)


GEP_DYNAMIC_INDEX = -(2**31)
"""A `rawConstantIndices` entry taking the next dynamic index (MLIR's `kDynamicIndex`)."""


class GEPOp(Operation):
    """`%q = llvm.getelementptr inbounds %p[0, 1, %i] : (!llvm.ptr, i64) -> !llvm.ptr, T`:
    constant indices are stored in `rawConstantIndices`, dynamic ones are operands."""

    name = "llvm.getelementptr"
    base = operand(PTR_LIKE)
    dynamicIndices = var_operand(INT_LIKE)
    res = result(PTR_LIKE)
    rawConstantIndices = prop(I32_ARRAY)
    elem_type = prop(TYPE_ATTR)
    inbounds = opt_prop(UnitAttr)
    traits = (Pure(),)

    @classmethod
    def parse(cls, p):
        props = {}
        if p.parse_optional_keyword("inbounds"):
            props["inbounds"] = UNIT
        pos = p.pos
        refs = [p.parse_operand()]
        raw = []

        def index():
            if p.kind == "percent":
                refs.append(p.parse_operand())
                raw.append(GEP_DYNAMIC_INDEX)
            else:
                raw.append(p.parse_int_literal("SSA operand"))

        p.expect("[")
        p.parse_comma_list(index, "]")
        props["rawConstantIndices"] = DenseArrayAttr(i32, tuple(raw))
        props, attrs = split_attributes(cls, p.parse_optional_attr_dict(), props)
        p.expect(":")
        ftype = p.parse_function_type()
        p.expect(",")
        props["elem_type"] = TypeAttr(p.parse_type())
        operands = p.resolve_operands(refs, list(ftype.inputs), pos)
        return cls.create(operands, list(ftype.results), props, attrs)

    def print_custom(self, p) -> None:
        if "inbounds" in self.properties:
            p.write(" inbounds")
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write("[")
        dynamic = iter(self.operands[1:])
        for i, raw in enumerate(self.properties["rawConstantIndices"].value):
            if i:
                p.write(", ")
            if raw == GEP_DYNAMIC_INDEX:
                p.print_operand(next(dynamic))
            else:
                p.write(str(raw))
        p.write("]")
        print_op_attrs(p, self, ("rawConstantIndices", "elem_type", "inbounds"))
        p.write(" : (")
        p.print_type_list([v.type for v in self.operands])
        p.write(") -> ")
        p.print_type(self.results[0].type)
        p.write(", ")
        p.print_type(self.properties["elem_type"].value)

    def indices(self) -> list:
        """Each index: an `int` or the dynamic index value (MLIR's `GEPIndicesAdaptor`)."""
        dynamic = iter(self.operands[1:])
        return [
            next(dynamic) if raw == GEP_DYNAMIC_INDEX else raw
            for raw in self.properties["rawConstantIndices"].value
        ]

    def verify_(self) -> None:
        raw = self.properties["rawConstantIndices"].value
        if raw.count(GEP_DYNAMIC_INDEX) != len(self.operands) - 1:
            raise self.emit_error(
                "expected as many dynamic indices as specified in 'rawConstantIndices'"
            )
        indices = self.indices()
        t = self.properties["elem_type"].value
        for position in range(1, len(indices)):
            if isinstance(t, LLVMStructType):
                index = indices[position]
                if not isinstance(index, int):
                    raise self.emit_error(
                        f"expected index {position} indexing a struct to be constant"
                    )
                if not 0 <= index < len(t.body or ()):
                    raise self.emit_error(f"index {position} indexing a struct is out of bounds")
                t = t.body[index]
            elif isinstance(t, (LLVMArrayType, VectorType)):
                t = t.element_type
            else:
                raise self.emit_error(f"type '{t}' cannot be indexed (index #{position})")


_FLOAT_BIN_OPS = frozenset(("fadd", "fsub", "fmax", "fmin"))


class AtomicRMWOp(Operation):
    """`%old = llvm.atomicrmw fadd %p, %v acq_rel : !llvm.ptr, f32`: applies `bin_op` to the
    value at `%p` and `%v` atomically; the result is the value before. Effects are unknown,
    as MLIR declares none."""

    name = "llvm.atomicrmw"
    ptr = operand(PTR)
    val = operand(SIZED)
    res = result(SIZED)
    bin_op = prop(ATOMIC_BIN_OPS)
    ordering = prop(ATOMIC_ORDERING)
    syncscope = opt_prop(StringAttr)
    alignment = opt_prop(I64_ATTR)
    volatile_ = opt_prop(UnitAttr)
    assembly_format = (
        "(`volatile` $volatile_^)? $bin_op $ptr `,` $val (`syncscope` `(` $syncscope^ `)`)? "
        "$ordering attr-dict `:` qualified(type($ptr)) `,` type($val)"
    )

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[1].type]

    def verify_(self) -> None:
        """MLIR 19's checks of the value type for the operation, and of the ordering."""
        t = self.operand(1).type
        kind = ATOMIC_BIN_OPS.keywords[self.properties["bin_op"].value]
        if kind in _FLOAT_BIN_OPS:
            if not is_float(t.element_type if isinstance(t, VectorType) else t):
                raise self.emit_error("expected LLVM IR floating point type")
        elif kind == "xchg":
            if not _atomic_compatible(t):
                raise self.emit_error("unexpected LLVM IR type for 'xchg' bin_op")
        elif not (isinstance(t, IntegerType) and t.width in (8, 16, 32, 64)):
            raise self.emit_error("expected LLVM IR integer type")
        if self.properties["ordering"].value < ATOMIC_ORDERING.keywords.index("monotonic"):
            raise self.emit_error("expected at least 'monotonic' ordering")
