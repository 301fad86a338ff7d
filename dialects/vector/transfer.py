"""vector.transfer_read and vector.transfer_write: n-D vectors read from or written to a
memref or a tensor through a permutation map, with padding, in-bounds flags and masks;
MLIR 19's syntax, verifiers, folds and memory effects.

The `permutation_map` sends the source's dims to the vector's: result `i` of the map says
which source dim vector dim `i` walks (or, for the constant 0, that it repeats one element:
a broadcast). Dims marked `in_bounds` must stay inside the source; the others may run off
its end (reads give the padding there, writes drop those elements). A mask turns off
elements, with the same effect.
"""

from __future__ import annotations

from mlc.dialects.memref.ops import fold_memref_cast
from mlc.dialects.vector.base import VectorOp, bit_width, producer
from mlc.dialects.vector.constraints import (
    AFFINE_MAP,
    BOOL_ARRAY,
    BOOL_VECTOR,
    RANKED_TENSOR,
    SHAPED,
    VECTOR,
    is_scalar,
    scalable_flags,
    vector_type,
)
from mlc.dialects.vector.masks import ALL_TRUE, mask_format
from mlc.dialects.vector.syntax import op_error, print_attr_dict, split_properties
from mlc.ir.affine import AffineConstantExpr, AffineDimExpr, AffineMap, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DenseArrayAttr, bool_attr
from mlc.ir.constraints import INDEX
from mlc.ir.opdef import operand, opt_operand, opt_result, prop, result, var_operand
from mlc.ir.rewrite.folding import constant_value
from mlc.ir.types import MemRefType, RankedTensorType, VectorType, i1, i32, index
from mlc.ir.values import OpResult


def minor_identity(num_dims: int, num_results: int) -> AffineMap:
    """`(d0, ..., dn) -> (d(n-k+1), ..., dn)`: the innermost `num_results` dims in order."""
    first = max(num_dims - num_results, 0)
    return AffineMap(num_dims, 0, tuple(AffineDimExpr(d) for d in range(first, num_dims)))


def is_minor_identity(map_: AffineMap) -> bool:
    """`map_` is `minor_identity` of its dims and results (MLIR's `isMinorIdentity`)."""
    return map_.num_dims >= map_.num_results and map_ == minor_identity(
        map_.num_dims, map_.num_results
    )


def transfer_minor_identity(shaped, vector: VectorType) -> AffineMap:
    """The default permutation map of a transfer (MLIR's `getTransferMinorIdentityMap`): the
    vector walks the innermost source dims; a vector element type takes some of the
    vector's dims; a 0-D source read as `vector<1xT>` broadcasts (`() -> (0)`)."""
    element = shaped.element_type
    element_rank = element.rank if isinstance(element, VectorType) else 0
    if shaped.rank == 0 and vector.shape == (1,):
        return AffineMap.constant(0)
    return minor_identity(shaped.rank, vector.rank - element_rank)


def mask_type(vector: VectorType, map_: AffineMap) -> VectorType:
    """The type of a transfer's mask (MLIR's `inferTransferOpMaskType`): one dim per source
    dim the vector walks, in source order, sized as the vector dim walking it; broadcast
    dims have none; an empty shape becomes `vector<1xi1>`."""
    flags = scalable_flags(vector)
    walked = sorted(
        (e.position, i) for i, e in enumerate(map_.results) if isinstance(e, AffineDimExpr)
    )
    shape = [vector.shape[i] for _, i in walked] or [1]
    return vector_type(shape, i1, [flags[i] for _, i in walked])


def _map_error(map_: AffineMap) -> str | None:
    """Why `map_` is not a transfer's permutation map (MLIR's `verifyPermutationMap`): each
    result a distinct dim, or the constant 0."""
    seen = set()
    for expr in map_.results:
        if isinstance(expr, AffineConstantExpr) and expr.value == 0:
            continue
        if not isinstance(expr, AffineDimExpr):
            return (
                "requires a projected permutation_map (at most one dim or the zero constant "
                "can appear in each result)"
            )
        if expr.position in seen:
            return (
                "requires a permutation_map that is a permutation (found one dim used more "
                "than once)"
            )
        seen.add(expr.position)
    return None


class TransferOp(VectorOp):
    """Base of transfer_read and transfer_write (MLIR's `VectorTransferOpInterface`)."""

    permutation_map = prop(AFFINE_MAP)
    in_bounds = prop(BOOL_ARRAY)

    @property
    def map(self) -> AffineMap:
        return self.properties["permutation_map"].value

    def in_bounds_values(self) -> list[bool]:
        return [bool(b.value) for b in self.properties["in_bounds"]]

    def is_broadcast_dim(self, i: int) -> bool:
        expr = self.map.results[i]
        return isinstance(expr, AffineConstantExpr) and expr.value == 0

    def is_dim_in_bounds(self, i: int) -> bool:
        return self.is_broadcast_dim(i) or self.in_bounds_values()[i]

    def has_out_of_bounds_dim(self) -> bool:
        return not all(self.is_dim_in_bounds(i) for i in range(self.map.num_results))

    def get_effects(self) -> frozenset:
        """Memory effects only on memrefs: a transfer on a tensor is a value computation
        (MLIR's `getEffects`)."""
        return self.EFFECTS if isinstance(self.source.type, MemRefType) else frozenset()

    def is_speculatable(self) -> bool:
        return isinstance(self.source.type, RankedTensorType)

    def _verify_transfer(self, shaped, vector: VectorType) -> None:
        """The checks transfer_read and transfer_write share (MLIR's `verifyTransferOp`)."""
        map_, mask = self.map, self.mask
        if "masked" in self.attributes:
            raise self.emit_error("masked attribute has been removed. Use in_bounds instead.")
        if not isinstance(shaped, (MemRefType, RankedTensorType)):
            raise self.emit_error("requires source to be a memref or ranked tensor type")
        element = shaped.element_type
        if isinstance(element, VectorType):
            source_bits = bit_width(element.element_type) * element.shape[-1]
            vector_bits = bit_width(vector.element_type) * vector.shape[-1]
            if vector_bits % source_bits:
                raise self.emit_error(
                    "requires the bitwidth of the minor 1-D vector to be an integral multiple "
                    "of the bitwidth of the minor 1-D vector of the source"
                )
            if element.rank > vector.rank:
                raise self.emit_error(
                    "requires source vector element and vector result ranks to match."
                )
            if map_.num_results != vector.rank - element.rank:
                raise self.emit_error(
                    "requires a permutation_map with result dims of the same rank as the "
                    "vector type"
                )
            if mask is not None:
                raise self.emit_error("does not support masks with vector element type")
        else:
            minor = vector.shape[-1] if vector.rank else 1
            if (bit_width(vector.element_type) * minor) % bit_width(element):
                raise self.emit_error(
                    "requires the bitwidth of the minor 1-D vector to be an integral multiple "
                    "of the bitwidth of the source element type"
                )
            if map_.num_results != vector.rank:
                raise self.emit_error(
                    "requires a permutation_map with result dims of the same rank as the "
                    "vector type"
                )
        if map_.num_symbols:
            raise self.emit_error("requires permutation_map without symbols")
        if map_.num_dims != shaped.rank:
            raise self.emit_error(
                "requires a permutation_map with input dims of the same rank as the source type"
            )
        if mask is not None:
            inferred = mask_type(vector, map_)
            if mask.type != inferred:
                raise self.emit_error(
                    f"inferred mask type ('{inferred}') and mask operand type ('{mask.type}') "
                    "don't match"
                )
        in_bounds = self.properties["in_bounds"]
        if map_.num_results != len(in_bounds):
            raise self.emit_error(
                "expects the in_bounds attr of same rank as permutation_map results: "
                f"{AffineMapAttr(map_)} vs inBounds of size: {len(in_bounds)}"
            )
        for i, flag in enumerate(self.in_bounds_values()):
            if isinstance(map_.results[i], AffineConstantExpr) and not flag:
                raise self.emit_error("requires broadcast dimensions to be in-bounds")

    def _verify_indices(self, shaped) -> None:
        rank = shaped.rank if hasattr(shaped, "shape") else 0
        if len(self.indices) != rank:
            raise self.emit_error(f"requires {rank} indices")

    def _verify_map(self) -> None:
        error = _map_error(self.map)
        if error is not None:
            raise self.emit_error(error)

    def _print_attrs(self, p) -> None:
        elided = ["operandSegmentSizes"]
        if is_minor_identity(self.map):
            elided.append("permutation_map")
        if not any(self.in_bounds_values()):
            elided.append("in_bounds")
        print_attr_dict(p, self, elided)

    @classmethod
    def _parse_attrs_and_types(cls, p):
        """`attr-dict : type, type`: the attributes, the two types, and where the types
        start (MLIR reports type errors there)."""
        attrs = p.parse_optional_attr_dict()
        types_pos = p.pos
        types = p.parse_colon_type_list()
        if len(types) != 2:
            raise op_error(p, cls, "requires two types", types_pos)
        return attrs, types, types_pos

    def _fold_common(self) -> bool:
        """In-place folds of every transfer: in-bounds dims proven so, an all-true mask
        dropped, memref casts looked through."""
        changed = self._fold_in_bounds()
        if self.mask is not None and mask_format(self.mask) == ALL_TRUE:
            self.set_operands([v for v in self.operands if v is not self.mask])
            sizes = list(self.properties["operandSegmentSizes"].value)
            sizes[-1] = 0
            self.properties["operandSegmentSizes"] = DenseArrayAttr(i32, tuple(sizes))
            changed = True
        return fold_memref_cast(self) or changed

    def _fold_in_bounds(self) -> bool:
        """Mark in bounds the dims whose constant index plus vector size fits a static source
        dim (MLIR's `foldTransferInBoundsAttribute`)."""
        vector = self.transferred_type
        if vector.rank == 0:
            return False
        shaped = self.source.type
        flags, changed = [], False
        for i, expr in enumerate(self.map.results):
            if self.is_dim_in_bounds(i):
                flags.append(True)
                continue
            index_value = self.indices[expr.position]
            constant = constant_value(index_value.op) if isinstance(index_value, OpResult) else None
            size = shaped.shape[expr.position]
            fits = constant is not None and size >= 0 and constant.value + vector.shape[i] <= size
            flags.append(fits)
            changed |= fits
        if changed:
            self.properties["in_bounds"] = ArrayAttr(tuple(bool_attr(f) for f in flags))
        return changed


def _segment_sizes(*counts) -> DenseArrayAttr:
    return DenseArrayAttr(i32, tuple(counts))


class TransferReadOp(TransferOp):
    """`%v = vector.transfer_read %m[%i, %j], %pad {permutation_map = ..., in_bounds = [...]}
    : memref<?x?xf32>, vector<4x8xf32>`, optionally masked (`%m[...], %pad, %mask`)."""

    name = "vector.transfer_read"
    source = operand(SHAPED)
    indices = var_operand(INDEX)
    padding = operand()
    mask = opt_operand(BOOL_VECTOR)
    vector = result(VECTOR)
    EFFECTS = frozenset(("read",))

    @property
    def transferred_type(self) -> VectorType:
        return self.results[0].type

    @classmethod
    def parse(cls, p):
        start = p.pos
        source = p.parse_operand()
        p.expect("[")
        indices = p.parse_operand_list()
        p.expect("]")
        p.expect(",")
        padding = p.parse_operand()
        mask, mask_pos = None, None
        if p.consume_if(","):
            mask_pos = p.pos
            mask = p.parse_operand()
        attrs, (shaped, vector), types_pos = cls._parse_attrs_and_types(p)
        if not isinstance(shaped, (MemRefType, RankedTensorType)):
            raise op_error(p, cls, "requires memref or ranked tensor type", types_pos)
        if not isinstance(vector, VectorType):
            raise op_error(p, cls, "requires vector type", types_pos)
        map_ = _default_map(attrs, shaped, vector)
        attrs.setdefault("in_bounds", _all_false(map_.num_results))
        operands = p.resolve_operands(
            [source, *indices, padding],
            [shaped, *[index] * len(indices), shaped.element_type],
            start,
        )
        if mask is not None:
            operands.append(_resolve_mask(p, cls, mask, mask_pos, shaped, vector, map_, types_pos))
        props = split_properties(cls, attrs)
        props["operandSegmentSizes"] = _segment_sizes(1, len(indices), 1, int(mask is not None))
        return cls.create(operands, [vector], props, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.source)
        p.write("[")
        p.print_operands(self.indices)
        p.write("], ")
        p.print_operand(self.padding)
        if self.mask is not None:
            p.write(", ")
            p.print_operand(self.mask)
        self._print_attrs(p)
        p.write(" : ")
        p.print_type(self.source.type)
        p.write(", ")
        p.print_type(self.results[0].type)

    def verify_(self) -> None:
        shaped, vector = self.source.type, self.results[0].type
        self._verify_indices(shaped)
        self._verify_transfer(shaped, vector)
        padding = self.padding.type
        element = shaped.element_type
        if isinstance(element, VectorType):
            if element != padding:
                raise self.emit_error("requires source element type and padding type to match.")
        else:
            if not is_scalar(padding):
                raise self.emit_error("requires valid padding vector elemental type")
            if padding != element:
                raise self.emit_error(
                    "requires formal padding and source of the same elemental type"
                )
        self._verify_map()

    def fold(self, operand_constants):
        """A read of what a transfer_write of a tensor just wrote is that vector; otherwise
        the in-place folds of every transfer (MLIR's `TransferReadOp::fold`)."""
        written = self._read_after_write()
        if written is not None:
            return [written]
        return list(self.results) if self._fold_common() else None

    def _read_after_write(self):
        """The vector a chain of tensor transfer_writes stored exactly where this reads,
        skipping writes to provably other places (MLIR's `foldRAW`)."""
        if not isinstance(self.source.type, RankedTensorType):
            return None
        write = producer(self.source, TransferWriteOp)
        while write is not None:
            if _same_value_raw(write, self):
                return write.vector
            if not disjoint_transfers(write, self):
                return None
            write = producer(write.source, TransferWriteOp)
        return None


class TransferWriteOp(TransferOp):
    """`vector.transfer_write %v, %m[%i, %j] {...} : vector<4x8xf32>, memref<?x?xf32>`; on a
    tensor it returns the updated tensor (`%t2 = vector.transfer_write ... : ...,
    tensor<...>`). Broadcast dims are not allowed."""

    name = "vector.transfer_write"
    vector = operand(VECTOR)
    source = operand(SHAPED)
    indices = var_operand(INDEX)
    mask = opt_operand(BOOL_VECTOR)
    result = opt_result(RANKED_TENSOR)
    EFFECTS = frozenset(("write",))

    @property
    def transferred_type(self) -> VectorType:
        return self.vector.type

    @classmethod
    def parse(cls, p):
        start = p.pos
        vector_ref = p.parse_operand()
        p.expect(",")
        source = p.parse_operand()
        p.expect("[")
        indices = p.parse_operand_list()
        p.expect("]")
        mask, mask_pos = None, None
        if p.consume_if(","):
            mask_pos = p.pos
            mask = p.parse_operand()
        attrs, (vector, shaped), types_pos = cls._parse_attrs_and_types(p)
        if not isinstance(vector, VectorType):
            raise op_error(p, cls, "requires vector type", types_pos)
        if not isinstance(shaped, (MemRefType, RankedTensorType)):
            raise op_error(p, cls, "requires memref or ranked tensor type", types_pos)
        map_ = _default_map(attrs, shaped, vector)
        attrs.setdefault("in_bounds", _all_false(map_.num_results))
        operands = p.resolve_operands(
            [vector_ref, source, *indices], [vector, shaped, *[index] * len(indices)], start
        )
        if mask is not None:
            operands.append(_resolve_mask(p, cls, mask, mask_pos, shaped, vector, map_, types_pos))
        props = split_properties(cls, attrs)
        props["operandSegmentSizes"] = _segment_sizes(1, 1, len(indices), int(mask is not None))
        results = [shaped] if isinstance(shaped, RankedTensorType) else []
        return cls.create(operands, results, props, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operands([self.vector, self.source])
        p.write("[")
        p.print_operands(self.indices)
        p.write("]")
        if self.mask is not None:
            p.write(", ")
            p.print_operand(self.mask)
        self._print_attrs(p)
        p.write(" : ")
        p.print_type(self.vector.type)
        p.write(", ")
        p.print_type(self.source.type)

    def verify_(self) -> None:
        vector, shaped = self.vector.type, self.source.type
        tensor_results = len(self.results)
        tensor_outputs = int(isinstance(shaped, RankedTensorType))
        if tensor_results != tensor_outputs:
            raise self.emit_error(
                f"expected the number of tensor results ({tensor_results}) to be equal to the "
                f"number of output tensors ({tensor_outputs})"
            )
        if tensor_results and self.results[0].type != shaped:
            raise self.emit_error(
                f"expected type of operand #1 ('{shaped}') to match type of corresponding "
                f"result ('{self.results[0].type}')"
            )
        self._verify_indices(shaped)
        if any(self.is_broadcast_dim(i) for i in range(self.map.num_results)):
            raise self.emit_error("should not have broadcast dimensions")
        self._verify_transfer(shaped, vector)
        self._verify_map()

    def fold(self, operand_constants):
        """Writing back what was just read from the same tensor is that tensor (MLIR's
        `foldReadInitWrite` and `foldWAR`); otherwise the in-place folds of every transfer."""
        unchanged = self._write_of_read()
        if unchanged is not None:
            return [unchanged]
        if not self._fold_common():
            return None
        return list(self.results)

    def _write_of_read(self):
        if not isinstance(self.source.type, RankedTensorType):
            return None
        read = getattr(self.vector, "op", None)
        if type(read) is not TransferReadOp:
            return None
        if _read_whole_init(read, self) or _same_value_war(read, self):
            return read.source
        return None


def _default_map(attrs: dict, shaped, vector: VectorType) -> AffineMap:
    """The parsed permutation map, or the default one, which the op then carries."""
    given = attrs.get("permutation_map")
    if isinstance(given, AffineMapAttr):
        return given.value
    map_ = transfer_minor_identity(shaped, vector)
    attrs["permutation_map"] = AffineMapAttr(map_)
    return map_


def _all_false(count: int) -> ArrayAttr:
    return ArrayAttr(tuple(bool_attr(False) for _ in range(count)))


def _resolve_mask(p, cls, mask, mask_pos, shaped, vector, map_, types_pos):
    """The mask operand, of the type the vector and the map imply."""
    if isinstance(shaped.element_type, VectorType):
        raise op_error(p, cls, "does not support masks with vector element type", mask_pos)
    if vector.rank != map_.num_results:
        raise op_error(
            p,
            cls,
            "expected the same rank for the vector and the results of the permutation map",
            types_pos,
        )
    return p.resolve_operands([mask], [mask_type(vector, map_)], mask_pos)[0]


def _index_constant(value):
    attr = constant_value(value.op) if isinstance(value, OpResult) else None
    return attr.value if attr is not None and hasattr(attr, "value") else None


def _same_value_raw(write: TransferWriteOp, read: TransferReadOp) -> bool:
    """The read gets exactly the written vector (MLIR's `checkSameValueRAW`)."""
    return (
        not write.has_out_of_bounds_dim()
        and write.mask is None
        and read.mask is None
        and list(write.indices) == list(read.indices)
        and write.transferred_type == read.transferred_type
        and write.map == read.map
    )


def _same_value_war(read: TransferReadOp, write: TransferWriteOp) -> bool:
    """The write stores back what the read loaded from the same place (`checkSameValueWAR`)."""
    return (
        read.source is write.source
        and list(read.indices) == list(write.indices)
        and read.map == write.map
        and read.transferred_type == write.transferred_type
        and read.mask is None
        and write.mask is None
    )


def _read_whole_init(read: TransferReadOp, write: TransferWriteOp) -> bool:
    """The write stores a whole in-bounds read of a tensor of its own type at zero indices
    (MLIR's `foldReadInitWrite`)."""
    tensor = write.source.type
    if write.transferred_type.rank == 0 or read.transferred_type.rank == 0:
        return False
    if not (is_minor_identity(read.map) and is_minor_identity(write.map)):
        return False
    if read.transferred_type.rank != write.transferred_type.rank:
        return False
    if read.has_out_of_bounds_dim() or write.has_out_of_bounds_dim():
        return False
    if read.source.type != tensor or read.transferred_type != write.transferred_type:
        return False
    if read.transferred_type.shape != tensor.shape:
        return False
    return all(_index_constant(v) == 0 for v in (*read.indices, *write.indices))


def disjoint_transfers(a: TransferOp, b: TransferOp) -> bool:
    """Two transfers of one vector type provably touch different elements: some constant
    index differs in a leading dim, or by at least the vector size in a vector dim (MLIR's
    `isDisjointTransferIndices`, without value bounds)."""
    if a.transferred_type != b.transferred_type:
        return False
    leading = a.source.type.rank - a.transferred_type.rank
    for i, (x, y) in enumerate(zip(a.indices, b.indices)):
        cx, cy = _index_constant(x), _index_constant(y)
        if cx is None or cy is None:
            continue
        if i < leading:
            if cx != cy:
                return True
        elif abs(cx - cy) >= a.transferred_type.shape[i - leading]:
            return True
    return False


__all__ = [
    "TransferOp", "TransferReadOp", "TransferWriteOp", "mask_type", "transfer_minor_identity",
    "minor_identity", "is_minor_identity", "disjoint_transfers",
]  # fmt: skip
