"""The memref ops that allocate, access and describe buffers: alloc, alloca, dealloc, load,
store, copy, atomic_rmw, cast, dim, rank, extract_aligned_pointer_as_index, global, get_global
and assume_alignment, with
MLIR 19's syntax, verifiers (and their messages) and folds. The view ops are in `views`.

Canonicalization patterns live in `canonicalize`, keyed by op class (`PATTERNS`).
"""

from __future__ import annotations

from mlc.dialects.memref.layout import is_strided, strides_and_offset
from mlc.ir.attributes import (
    DenseArrayAttr,
    IntegerAttr,
    StridedLayoutAttr,
    StringAttr,
    SymbolRefAttr,
    TypeAttr,
    UnitAttr,
)
from mlc.ir.constraints import (
    ANY_TYPE,
    INDEX,
    Constraint,
    EnumConstraint,
    TypedAttrConstraint,
    isa,
)
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.opdef import operand, opt_prop, prop, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.rewrite.folding import constant_int
from mlc.ir.traits import AutomaticAllocationScope, MemoryEffects, NoMemoryEffect, Pure, Symbol
from mlc.ir.types import (
    DYNAMIC,
    FloatType,
    IndexType,
    IntegerType,
    MemRefType,
    RankedTensorType,
    UnrankedMemRefType,
    i1,
    i32,
    i64,
    index,
)
from mlc.ir.values import OpResult

# --- constraints, with ODS's descriptions --------------------------------------------------------
MEMREF = isa(MemRefType, description="memref of any type values")
ANY_MEMREF = isa(
    MemRefType, UnrankedMemRefType, description="ranked or unranked memref of any type values"
)
STRIDED_MEMREF = Constraint(is_strided, "strided memref of any type values")
I64_ARRAY = Constraint(
    lambda a: isinstance(a, DenseArrayAttr) and a.element_type == i64, "i64 dense array attribute"
)
BOOL_ATTR = Constraint(lambda a: isinstance(a, IntegerAttr) and a.type == i1, "bool attribute")


def _signless_int_or_float(t) -> bool:
    return isinstance(t, FloatType) or (isinstance(t, IntegerType) and t.is_signless)


ATOMIC_RMW_KINDS = EnumConstraint(
    ("addf", "addi", "assign", "maximumf", "maxs", "maxu", "minimumf", "mins", "minu",
     "mulf", "muli", "ori", "andi", "maxnumf", "minnumf"),
    "allowed 64-bit signless integer cases: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14",
)  # fmt: skip
"""arith's `AtomicRMWKind` (MLIR declares it in arith; only memref.atomic_rmw uses it here)."""


def dynamic_dim_index(t: MemRefType, dim: int) -> int:
    """Which dynamic size operand of an alloc or view gives dim `dim` (MLIR's
    `getDynamicDimIndex`)."""
    return sum(1 for d in t.shape[:dim] if d == DYNAMIC)


def fold_memref_cast(op: Operation, inner=None) -> bool:
    """Make `op` use the sources of the ranked `memref.cast`s it uses instead of the casts,
    except for operand value `inner` (a stored value); True if any changed (MLIR's
    `foldMemRefCast`)."""
    folded = False
    for use in op.op_operands:
        value = use.value
        if value is inner or not isinstance(value, OpResult) or type(value.op) is not CastOp:
            continue
        source = value.op.operand(0)
        if isinstance(source.type, MemRefType):
            use.set(source)
            folded = True
    return folded


class MemRefOp(Operation):
    """Base of the memref ops: their canonicalization patterns come from one table."""

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.memref.canonicalize import PATTERNS  # patterns build these ops

        return PATTERNS.get(cls, ())


# --- allocation ----------------------------------------------------------------------------------
class AllocLikeOp(MemRefOp):
    """`%m = memref.alloc(%d)[%s] {alignment = 16 : i64} : memref<4x?xf32, #map>`: operands
    give the dynamic sizes, then the symbols of the layout map."""

    dynamic_sizes = var_operand(INDEX)
    symbol_operands = var_operand(INDEX)
    alignment = opt_prop(
        TypedAttrConstraint(
            i64, "64-bit signless integer attribute whose minimum value is 0", lambda v: v >= 0
        )
    )
    memref = result(MEMREF)
    assembly_format = (
        "`(`$dynamic_sizes`)` (`` `[` $symbol_operands^ `]`)? attr-dict `:` type($memref)"
    )
    derived_types = {"dynamic_sizes": index, "symbol_operands": index}

    def verify_(self) -> None:
        t = self.results[0].type
        if len(self.dynamic_sizes) != sum(1 for d in t.shape if d == DYNAMIC):
            raise self.emit_error(
                "dimension operand count does not equal memref dynamic dimension count"
            )
        symbols = layout_symbol_count(t)
        if len(self.symbol_operands) != symbols:
            raise self.emit_error(
                "symbol operand count does not equal memref symbol count: expected "
                f"{symbols}, got {len(self.symbol_operands)}"
            )


def layout_symbol_count(t: MemRefType) -> int:
    """The symbols of a layout's affine map: an affine map's own, one per dynamic stride or
    offset for a strided layout (MLIR's `makeStridedLinearLayoutMap`), none for identity."""
    layout = t.layout
    if layout is None:
        return 0
    if isinstance(layout, StridedLayoutAttr):
        return sum(1 for v in (*layout.strides, layout.offset) if v == DYNAMIC)
    return layout.value.num_symbols


class AllocOp(AllocLikeOp):
    name = "memref.alloc"
    traits = (MemoryEffects("allocate"),)

    def asm_result_name(self) -> str:
        return "alloc"


class AllocaOp(AllocLikeOp):
    """Stack allocation, freed when control leaves the nearest AutomaticAllocationScope."""

    name = "memref.alloca"
    traits = (MemoryEffects("allocate"),)

    def asm_result_name(self) -> str:
        return "alloca"

    def verify_(self) -> None:
        scope = self.parent_op
        while scope is not None and not scope.has_trait(AutomaticAllocationScope):
            scope = scope.parent_op
        if scope is None:
            raise self.emit_error("requires an ancestor op with AutomaticAllocationScope trait")
        super().verify_()


class DeallocOp(MemRefOp):
    name = "memref.dealloc"
    memref = operand(ANY_MEMREF)
    traits = (MemoryEffects("free"),)
    assembly_format = "$memref attr-dict `:` type($memref)"

    def fold(self, operand_constants):
        return [] if fold_memref_cast(self) else None


# --- access --------------------------------------------------------------------------------------
class LoadOp(MemRefOp):
    """`%v = memref.load %m[%i, %j] : memref<4x?xf32>`."""

    name = "memref.load"
    memref = operand(MEMREF)
    indices = var_operand(INDEX)
    nontemporal = opt_prop(BOOL_ATTR)
    result = result(ANY_TYPE)
    traits = (MemoryEffects("read"),)
    assembly_format = "$memref `[` $indices `]` attr-dict `:` type($memref)"
    derived_types = {"indices": index}

    @classmethod
    def infer_result_types(cls, operands, properties):
        t = operands[0].type
        if not isinstance(t, MemRefType):
            raise ValueError("invalid kind of type specified")
        return [t.element_type]

    def verify_(self) -> None:
        t = self.operand(0).type
        if self.results[0].type != t.element_type:
            raise self.emit_error(
                "failed to verify that result type matches element type of 'memref'"
            )
        if len(self.indices) != t.rank:
            raise self.emit_error(
                f"incorrect number of indices for load, expected {t.rank} but got "
                f"{len(self.indices)}"
            )

    def fold(self, operand_constants):
        return list(self.results) if fold_memref_cast(self) else None


class StoreOp(MemRefOp):
    """`memref.store %v, %m[%i] : memref<4xf32>`."""

    name = "memref.store"
    value = operand(ANY_TYPE)
    memref = operand(MEMREF)
    indices = var_operand(INDEX)
    nontemporal = opt_prop(BOOL_ATTR)
    traits = (MemoryEffects("write"),)
    assembly_format = "$value `,` $memref `[` $indices `]` attr-dict `:` type($memref)"
    derived_types = {"value": lambda types: [types["memref"][0].element_type], "indices": index}

    def verify_(self) -> None:
        t = self.operand(1).type
        if self.operand(0).type != t.element_type:
            raise self.emit_error(
                "failed to verify that type of 'value' matches element type of 'memref'"
            )
        if len(self.indices) != t.rank:
            raise self.emit_error("store index operand count not equal to memref rank")

    def fold(self, operand_constants):
        return [] if fold_memref_cast(self, inner=self.operand(0)) else None


class AtomicRMWOp(MemRefOp):
    """`%old = memref.atomic_rmw addf %v, %m[%i] : (f32, memref<4xf32>) -> f32`: applies
    `kind` to the stored element and `%v` atomically; the result is the element before
    (LLVM's `atomicrmw`, which MLIR lowers it to). MLIR declares no memory effects for it,
    so they are unknown here too."""

    name = "memref.atomic_rmw"
    kind = prop(ATOMIC_RMW_KINDS)
    value = operand(Constraint(_signless_int_or_float, "signless integer or floating-point"))
    memref = operand(
        Constraint(
            lambda t: isinstance(t, MemRefType) and _signless_int_or_float(t.element_type),
            "memref of signless integer or floating-point values",
        )
    )
    indices = var_operand(INDEX)
    result = result(Constraint(_signless_int_or_float, "signless integer or floating-point"))
    assembly_format = (
        "$kind $value `,` $memref `[` $indices `]` attr-dict `:` `(` type($value) `,` "
        "type($memref) `)` `->` type($result)"
    )
    derived_types = {"indices": index}

    def verify_(self) -> None:
        value, t = self.operand(0).type, self.operand(1).type
        if value != t.element_type:
            raise self.emit_error("failed to verify that value type matches element type of memref")
        if value != self.results[0].type:
            raise self.emit_error("failed to verify that all of {value, result} have same type")
        if len(self.indices) != t.rank:
            raise self.emit_error("expects the number of subscripts to be equal to memref rank")
        kind = ATOMIC_RMW_KINDS.keywords[self.properties["kind"].value]
        if kind in ("addf", "maximumf", "minimumf", "mulf") and not isinstance(value, FloatType):
            raise self.emit_error(f"with kind '{kind}' expects a floating-point type")
        if kind in ("addi", "maxs", "maxu", "mins", "minu", "muli", "ori", "andi") and not (
            isinstance(value, IntegerType)
        ):
            raise self.emit_error(f"with kind '{kind}' expects an integer type")

    def fold(self, operand_constants):
        return list(self.results) if fold_memref_cast(self, inner=self.operand(0)) else None


class CopyOp(MemRefOp):
    """`memref.copy %a, %b : memref<4xf32> to memref<4xf32, strided<[1], offset: ?>>`:
    the same element type and shape, any layouts."""

    name = "memref.copy"
    source = operand(ANY_MEMREF)
    target = operand(ANY_MEMREF)
    traits = (MemoryEffects("read", "write"),)
    assembly_format = "$source `,` $target attr-dict `:` type($source) `to` type($target)"

    def verify_(self) -> None:
        a, b = self.operand(0).type, self.operand(1).type
        if a.element_type != b.element_type:
            raise self.emit_error("requires the same element type for all operands")
        if (
            isinstance(a, MemRefType)
            and isinstance(b, MemRefType)
            and not _compatible_shapes(a.shape, b.shape)
        ):
            raise self.emit_error("requires the same shape for all operands")

    def fold(self, operand_constants):
        """copy(cast(x)) -> copy(x) for casts that only forget static information."""
        folded = False
        for use in self.op_operands:
            cast = use.value.op if isinstance(use.value, OpResult) else None
            if type(cast) is CastOp and cast.can_fold_into_consumer():
                use.set(cast.operand(0))
                folded = True
        return [] if folded else None


def _compatible_shapes(a, b) -> bool:
    """MLIR's `verifyCompatibleShape`: equal ranks, static sizes equal where both are."""
    return len(a) == len(b) and all(x == y or DYNAMIC in (x, y) for x, y in zip(a, b))


class AssumeAlignmentOp(MemRefOp):
    """`memref.assume_alignment %m, 16 : memref<4xf32>`: the buffer is 16-byte aligned."""

    name = "memref.assume_alignment"
    memref = operand(MEMREF)
    alignment = prop(
        TypedAttrConstraint(
            i32, "32-bit signless integer attribute whose value is positive", lambda v: v > 0
        )
    )
    assembly_format = "$memref `,` $alignment attr-dict `:` type($memref)"

    def verify_(self) -> None:
        alignment = self.properties["alignment"].value
        if alignment & (alignment - 1):
            raise self.emit_error("alignment must be power of 2")


# --- casts and shape queries --------------------------------------------------------------------
def cast_compatible(a, b) -> bool:
    """MLIR's `memref::CastOp::areCastCompatible`: same element type and memory space; for
    ranked types the same rank, equal static sizes, and strides and offsets that agree where
    both are static; ranked to unranked and back, but not unranked to unranked."""
    ranked_a, ranked_b = isinstance(a, MemRefType), isinstance(b, MemRefType)
    if a.element_type != b.element_type or a.memory_space != b.memory_space:
        return False
    if not (ranked_a and ranked_b):
        return ranked_a or ranked_b
    if a.layout != b.layout:
        la, lb = strides_and_offset(a), strides_and_offset(b)
        if la is None or lb is None or len(la[0]) != len(lb[0]):
            return False
        for x, y in zip((*la[0], la[1]), (*lb[0], lb[1])):
            if x != y and DYNAMIC not in (x, y):
                return False
    return _compatible_shapes(a.shape, b.shape)


class CastOp(MemRefOp):
    """`%c = memref.cast %m : memref<4xf32> to memref<?xf32>`: trades static for dynamic
    sizes, strides or offset (or back, as a runtime assertion), or ranked for unranked."""

    name = "memref.cast"
    source = operand(ANY_MEMREF)
    dest = result(ANY_MEMREF)
    traits = (Pure(),)
    assembly_format = "$source attr-dict `:` type($source) `to` type($dest)"

    def asm_result_name(self) -> str:
        return "cast"

    def verify_(self) -> None:
        a, b = self.operand(0).type, self.results[0].type
        if not cast_compatible(a, b):
            raise self.emit_error(f"operand type '{a}' and result type '{b}' are cast incompatible")

    def fold(self, operand_constants):
        """cast(cast(x)) -> cast(x) (MLIR's `foldMemRefCast`), then an identity cast is its
        operand (the `CastOpInterface` fold)."""
        folded = fold_memref_cast(self)
        if self.operand(0).type == self.results[0].type:
            return [self.operand(0)]
        return list(self.results) if folded else None

    def can_fold_into_consumer(self) -> bool:
        """The cast only makes sizes, strides or offset more dynamic, so a consumer may use
        its source instead (MLIR's `CastOp::canFoldIntoConsumerOp`)."""
        a, b = self.operand(0).type, self.results[0].type
        if not (isinstance(a, MemRefType) and isinstance(b, MemRefType)):
            return False
        if a.element_type != b.element_type or a.rank != b.rank:
            return False
        la, lb = strides_and_offset(a), strides_and_offset(b)
        if la is None or lb is None:
            return False
        pairs = zip((*a.shape, la[1], *la[0]), (*b.shape, lb[1], *lb[0]))
        return not any(x != y and x == DYNAMIC for x, y in pairs)


class DimOp(MemRefOp):
    """`%d = memref.dim %m, %i : memref<4x?xf32>`: the size of dimension `%i`."""

    name = "memref.dim"
    source = operand(
        Constraint(
            lambda t: (
                isinstance(t, UnrankedMemRefType) or (isinstance(t, MemRefType) and t.rank > 0)
            ),
            "unranked.memref of any type values or non-0-ranked.memref of any type values",
        )
    )
    index = operand(INDEX)
    result = result(INDEX)
    traits = (NoMemoryEffect(),)
    assembly_format = "attr-dict $source `,` $index `:` type($source)"
    derived_types = {"index": IndexType()}  # (`index` is the operand in this class body)

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [index]

    def asm_result_name(self) -> str:
        return "dim"

    def is_speculatable(self) -> bool:
        """Only a constant index within a ranked source cannot be out of bounds (MLIR's
        `DimOp::getSpeculatability`)."""
        i, t = constant_int(self.operand(1)), self.operand(0).type
        return i is not None and isinstance(t, MemRefType) and i < t.rank

    def fold(self, operand_constants):
        """A static size; the size operand of the alloc, alloca, view or subview that made
        the memref; else dim(cast(x)) -> dim(x) (MLIR's `DimOp::fold`)."""
        attr, t = operand_constants[1], self.operand(0).type
        if type(attr) is not IntegerAttr or not isinstance(t, MemRefType):
            return None
        dim = attr.value
        if not 0 <= dim < t.rank:
            return None  # out of bounds: undefined behaviour, but valid IR
        if t.shape[dim] != DYNAMIC:
            return [IntegerAttr(t.shape[dim], index)]
        source = self.operand(0)
        owner = source.op if isinstance(source, OpResult) else None
        size = _dynamic_size_of(owner, t, dim)
        if size is not None:
            return [IntegerAttr(size, index) if isinstance(size, int) else size]
        return list(self.results) if fold_memref_cast(self) else None


def _dynamic_size_of(owner, t: MemRefType, dim: int):
    """The SSA value that gave dynamic dim `dim` of `owner`'s result, or None."""
    from mlc.dialects.memref.views import SubViewOp, ViewOp

    if type(owner) in (AllocOp, AllocaOp):
        return owner.dynamic_sizes[dynamic_dim_index(t, dim)]
    if type(owner) is ViewOp:
        return owner.sizes[dynamic_dim_index(t, dim)]
    if type(owner) is SubViewOp:
        dropped = owner.dropped_dims()
        kept = [i for i in range(owner.operand(0).type.rank) if i not in dropped]
        return owner.mixed_sizes()[kept[dim]]
    return None


class RankOp(MemRefOp):
    name = "memref.rank"
    memref = operand(ANY_MEMREF)
    result = result(INDEX)
    traits = (Pure(),)
    assembly_format = "$memref attr-dict `:` type($memref)"

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [index]

    def fold(self, operand_constants):
        t = self.operand(0).type
        return [IntegerAttr(t.rank, index)] if isinstance(t, MemRefType) else None


class ExtractAlignedPointerAsIndexOp(MemRefOp):
    """`%p = memref.extract_aligned_pointer_as_index %m : memref<4x?xf32> -> index`: the
    address of the descriptor's aligned pointer, to which the offset adds elements (for
    code that adapts to how its data is aligned)."""

    name = "memref.extract_aligned_pointer_as_index"
    source = operand(ANY_MEMREF)
    aligned_pointer = result(INDEX)
    traits = (Pure(),)
    assembly_format = "$source `:` type($source) `->` type(results) attr-dict"

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [index]

    def asm_result_name(self) -> list:
        return ["intptr"]


# --- globals -------------------------------------------------------------------------------------
def _tensor_of(t: MemRefType) -> RankedTensorType:
    return RankedTensorType(t.shape, t.element_type)


class GlobalOp(MemRefOp):
    """`memref.global "private" constant @g : memref<2xf32> = dense<[1.0, 2.0]>`: a buffer
    living as long as the program; `= uninitialized` leaves it uninitialized, no initializer
    declares a global defined elsewhere."""

    name = "memref.global"
    sym_name = prop(StringAttr)
    sym_visibility = opt_prop(StringAttr)
    type = prop(
        Constraint(
            lambda a: isinstance(a, TypeAttr) and isinstance(a.value, MemRefType),
            "memref type attribute",
        )
    )
    initial_value = opt_prop()
    constant = opt_prop(UnitAttr)
    alignment = opt_prop(TypedAttrConstraint(i64, "64-bit signless integer attribute"))
    traits = (Symbol(),)

    @classmethod
    def parse(cls, p):
        start = p.pos
        props = {}
        if p.kind == "string":
            props["sym_visibility"] = StringAttr(p.parse_string())
        if p.parse_optional_keyword("constant"):
            props["constant"] = UnitAttr()
        props["sym_name"] = StringAttr(p.parse_symbol_name())
        p.expect(":")
        t = p.parse_type()
        if not isinstance(t, MemRefType) or not t.has_static_shape():
            raise p.error(f"type should be static shaped memref, but got '{t}'", start)
        props["type"] = TypeAttr(t)
        if p.consume_if("="):
            if p.parse_optional_keyword("uninitialized"):
                props["initial_value"] = UnitAttr()
            else:
                value = p.parse_attribute(_tensor_of(t))
                if not _is_elements(value):
                    raise p.error("initial value should be a unit or elements attribute", start)
                props["initial_value"] = value
        attrs = p.parse_optional_attr_dict()
        for key in ("alignment", "sym_visibility", "constant", "initial_value"):
            if key in attrs:
                props[key] = attrs.pop(key)
        return cls.create((), (), props, attrs)

    def print_custom(self, p) -> None:
        props = self.properties
        visibility = props.get("sym_visibility")
        if visibility is not None:
            p.write(" ")
            p.print_attribute(visibility)
        if "constant" in props:
            p.write(" constant")
        p.write(" ")
        p.print_symbol_name(props["sym_name"].value)
        p.write(" : ")
        p.print_type(props["type"].value)
        value = props.get("initial_value")
        if value is not None:
            p.write(" = ")
            if type(value) is UnitAttr:
                p.write("uninitialized")
            elif type(value) is DenseElementsAttr:
                p.write("dense<" + value.literal_text() + ">")  # the type is the global's
            else:
                p.print_attribute(value)
        p.print_optional_attr_dict(
            {**props, **self.attributes},
            ("sym_name", "sym_visibility", "constant", "type", "initial_value"),
        )

    def verify_(self) -> None:
        t = self.properties["type"].value
        if not t.has_static_shape():
            raise self.emit_error(f"type should be static shaped memref, but got '{t}'")
        value = self.properties.get("initial_value")
        if value is not None and type(value) is not UnitAttr:
            if not _is_elements(value):
                raise self.emit_error(
                    f"initial value should be a unit or elements attribute, but got {value}"
                )
            if value.type != _tensor_of(t):
                raise self.emit_error(
                    f"initial value expected to be of type '{_tensor_of(t)}', but was of type "
                    f"'{value.type}'"
                )
        alignment = self.properties.get("alignment")
        if alignment is not None and alignment.value & (alignment.value - 1):
            raise self.emit_error(
                f"alignment attribute value {alignment.value} is not a power of 2",
                op_prefix=False,
            )

    def is_external(self) -> bool:
        return "initial_value" not in self.properties

    def constant_value(self) -> DenseElementsAttr | None:
        """The initializer of a constant global (MLIR's `getConstantInitValue`)."""
        value = self.properties.get("initial_value")
        return value if "constant" in self.properties and _is_elements(value) else None


def _is_elements(value) -> bool:
    from mlc.ir.attributes import DenseResourceElementsAttr

    return isinstance(value, (DenseElementsAttr, DenseResourceElementsAttr))


class GetGlobalOp(MemRefOp):
    """`%g = memref.get_global @g : memref<2xf32>`: the buffer of a `memref.global`."""

    name = "memref.get_global"
    global_name = prop(
        Constraint(
            lambda a: isinstance(a, SymbolRefAttr) and not a.nested,
            "flat symbol reference attribute",
        ),
        name="name",
    )
    result = result(MEMREF)
    traits = (Pure(),)
    assembly_format = "$name `:` type($result) attr-dict"

    def verify_symbol_uses(self, tables) -> None:
        ref = self.properties["name"]
        target = tables.lookup_nearest(self, ref)
        if type(target) is not GlobalOp:
            raise self.emit_error(f"'{ref.root}' does not reference a valid global memref")
        t, declared = self.results[0].type, target.properties["type"].value
        if t != declared:
            raise self.emit_error(
                f"result type '{t}' does not match type '{declared}' of the global memref "
                f"@{ref.root}"
            )


__all__ = [
    "MEMREF", "ANY_MEMREF", "STRIDED_MEMREF", "I64_ARRAY", "ATOMIC_RMW_KINDS", "MemRefOp",
    "AllocLikeOp", "AllocOp", "AllocaOp", "DeallocOp", "LoadOp", "StoreOp", "AtomicRMWOp",
    "CopyOp", "AssumeAlignmentOp", "CastOp", "DimOp", "RankOp", "GlobalOp", "GetGlobalOp",
    "cast_compatible", "constant_int", "dynamic_dim_index", "fold_memref_cast",
]  # fmt: skip
