"""The vector ops that move vectors between memory and registers along the innermost
dims: load, store, maskedload and maskedstore, and type_cast, which views a memref as a
memref of vectors; MLIR 19's syntax, verifiers, folds and memory effects. The transfers
(n-D, permuted, padded, masked) are in `transfer`."""

from __future__ import annotations

from mlc.dialects.memref.layout import identity_strides, strides_and_offset
from mlc.dialects.memref.ops import fold_memref_cast
from mlc.dialects.vector.base import VectorOp
from mlc.dialects.vector.constraints import (
    BOOL,
    BOOL_VECTOR_1D,
    MEMREF,
    STATIC_MEMREF,
    VECTOR,
    VECTOR_1D,
    element_type_or_self,
)
from mlc.ir.constraints import INDEX
from mlc.ir.opdef import operand, opt_prop, result, var_operand
from mlc.ir.traits import MemoryEffects, Pure
from mlc.ir.types import MemRefType, VectorType, index


def last_dim_unit_stride(t: MemRefType) -> bool:
    """The innermost dim of `t` is contiguous (MLIR's `isLastMemrefDimUnitStride`)."""
    layout = strides_and_offset(t)
    return layout is not None and (not layout[0] or layout[0][-1] == 1)


class _LoadStoreOp(VectorOp):
    """Base of vector.load and vector.store: a vector at `%base[%indices]`, whose elements
    run along the innermost memref dim."""

    VALUE_WORD = ""  # how MLIR names the vector in its messages

    def _verify_access(self, vector: VectorType, memref: MemRefType) -> None:
        if not last_dim_unit_stride(memref):
            raise self.emit_error("most minor memref dim must have unit stride")
        element = memref.element_type
        if isinstance(element, VectorType):
            if element != vector:
                raise self.emit_error(
                    f"base memref and {self.VALUE_WORD} vector types should match"
                )
            element = element.element_type
        if vector.element_type != element:
            raise self.emit_error(self.ELEMENT_MESSAGE)
        if len(self.indices) != memref.rank:
            raise self.emit_error(f"requires {memref.rank} indices")

    def fold(self, operand_constants):
        return list(self.results) if fold_memref_cast(self) else None


class LoadOp(_LoadStoreOp):
    """`%v = vector.load %m[%i, %j] : memref<?x?xf32>, vector<8xf32>`."""

    name = "vector.load"
    base = operand(MEMREF)
    indices = var_operand(INDEX)
    nontemporal = opt_prop(BOOL)
    result = result(VECTOR)
    traits = (MemoryEffects("read"),)
    assembly_format = "$base `[` $indices `]` attr-dict `:` type($base) `,` type($result)"
    derived_types = {"indices": index}
    VALUE_WORD = "result"
    ELEMENT_MESSAGE = "base and result element types should match"

    def verify_(self) -> None:
        self._verify_access(self.results[0].type, self.operand(0).type)


class StoreOp(_LoadStoreOp):
    """`vector.store %v, %m[%i, %j] : memref<?x?xf32>, vector<8xf32>`."""

    name = "vector.store"
    value_to_store = operand(VECTOR)
    base = operand(MEMREF)
    indices = var_operand(INDEX)
    nontemporal = opt_prop(BOOL)
    traits = (MemoryEffects("write"),)
    assembly_format = (
        "$value_to_store `,` $base `[` $indices `]` attr-dict `:` type($base) `,` "
        "type($value_to_store)"
    )
    derived_types = {"indices": index}
    VALUE_WORD = "valueToStore"
    ELEMENT_MESSAGE = "base and valueToStore element type should match"

    def verify_(self) -> None:
        self._verify_access(self.operand(0).type, self.operand(1).type)

    def fold(self, operand_constants):
        return [] if fold_memref_cast(self) else None


class _MaskedOp(VectorOp):
    """Base of maskedload and maskedstore: 1-D vectors at `%base[%indices]`, elements off in
    the mask are neither read nor written."""

    def _verify_masked(self, vector: VectorType, word: str) -> None:
        memref = self.base.type
        if vector.element_type != memref.element_type:
            raise self.emit_error(f"base and {word} element type should match")
        if len(self.indices) != memref.rank:
            raise self.emit_error(f"requires {memref.rank} indices")
        if vector.shape[0] != self.mask.type.shape[0]:
            raise self.emit_error(f"expected {word} dim to match mask dim")


class MaskedLoadOp(_MaskedOp):
    """`%v = vector.maskedload %m[%i], %mask, %pass : memref<?xf32>, vector<8xi1>,
    vector<8xf32> into vector<8xf32>`: elements off in the mask come from `%pass`."""

    name = "vector.maskedload"
    base = operand(MEMREF)
    indices = var_operand(INDEX)
    mask = operand(BOOL_VECTOR_1D)
    pass_thru = operand(VECTOR_1D)
    result = result(VECTOR_1D)
    traits = (MemoryEffects("read"),)
    assembly_format = (
        "$base `[` $indices `]` `,` $mask `,` $pass_thru attr-dict `:` type($base) `,` "
        "type($mask) `,` type($pass_thru) `into` type($result)"
    )
    derived_types = {"indices": index}

    def verify_(self) -> None:
        t = self.results[0].type
        self._verify_masked(t, "result")
        if self.pass_thru.type != t:
            raise self.emit_error("expected pass_thru of same type as result type")

    def fold(self, operand_constants):
        return list(self.results) if fold_memref_cast(self) else None


class MaskedStoreOp(_MaskedOp):
    """`vector.maskedstore %m[%i], %mask, %v : memref<?xf32>, vector<8xi1>, vector<8xf32>`."""

    name = "vector.maskedstore"
    base = operand(MEMREF)
    indices = var_operand(INDEX)
    mask = operand(BOOL_VECTOR_1D)
    value_to_store = operand(VECTOR_1D)
    traits = (MemoryEffects("write"),)
    assembly_format = (
        "$base `[` $indices `]` `,` $mask `,` $value_to_store attr-dict `:` type($base) `,` "
        "type($mask) `,` type($value_to_store)"
    )
    derived_types = {"indices": index}

    def verify_(self) -> None:
        self._verify_masked(self.value_to_store.type, "valueToStore")

    def fold(self, operand_constants):
        return [] if fold_memref_cast(self) else None


# --- type_cast -----------------------------------------------------------------------------------
def _vector_shape(t: MemRefType) -> tuple:
    """The memref's shape followed by its vector element's (MLIR's `extractShape`)."""
    element = t.element_type
    return (*t.shape, *(element.shape if isinstance(element, VectorType) else ()))


class TypeCastOp(VectorOp):
    """`%v = vector.type_cast %m : memref<8x8xf32> to memref<vector<8x8xf32>>`: views a
    static, contiguous memref as a memref of one vector (or of vectors of its inner dims)."""

    name = "vector.type_cast"
    memref = operand(STATIC_MEMREF)
    result = result(MEMREF)
    traits = (Pure(),)
    assembly_format = "$memref attr-dict `:` type($memref) `to` type($result)"

    def verify_(self) -> None:
        source, target = self.operand(0).type, self.results[0].type
        layout = strides_and_offset(source)
        if layout != (identity_strides(source.shape), 0):
            raise self.emit_error("expects operand to be a memref with identity layout")
        if target.layout is not None:
            raise self.emit_error("expects result to be a memref with identity layout")
        if source.memory_space != target.memory_space:
            raise self.emit_error("expects result in same memory space")
        scalar = element_type_or_self(element_type_or_self(source))
        if scalar != element_type_or_self(element_type_or_self(target)):
            raise self.emit_error(
                f"expects result and operand with same underlying scalar type: '{target}'"
            )
        if _vector_shape(source) != _vector_shape(target):
            raise self.emit_error(
                f"expects concatenated result and operand shapes to be equal: '{target}'"
            )


__all__ = [
    "LoadOp", "StoreOp", "MaskedLoadOp", "MaskedStoreOp", "TypeCastOp", "last_dim_unit_stride",
]  # fmt: skip
