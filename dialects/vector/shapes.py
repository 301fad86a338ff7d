"""The vector ops that rearrange elements: shuffle, interleave, shape_cast, transpose and
bitcast, with MLIR 19's syntax, verifiers (and their messages) and folds."""

from __future__ import annotations

from mlc.dialects.vector import constants
from mlc.dialects.vector.base import VectorOp, bit_width, producer, require, require_inferred_type
from mlc.dialects.vector.constraints import (
    DENSE_I64_ARRAY,
    FIXED_VECTOR,
    I64_ARRAY,
    VECTOR,
    dense_i64_array,
    i64_list,
    scalable_flags,
    vector_type,
)
from mlc.dialects.vector.elements import BroadcastOp
from mlc.dialects.vector.syntax import (
    int_list_text,
    parse_int_list,
    print_attr_dict,
    split_properties,
)
from mlc.ir.dense import DenseElementsAttr, element_layout
from mlc.ir.opdef import operand, prop, result
from mlc.ir.traits import Pure
from mlc.ir.types import FloatType, IntegerType, VectorType


def shuffle_type(v1: VectorType, mask_length: int) -> VectorType:
    """The result of shuffling `v1`-typed vectors: the mask picks leading dims (MLIR's
    `ShuffleOp::inferReturnTypes`)."""
    return vector_type((max(1, mask_length), *v1.shape[1:]), v1.element_type)


class ShuffleOp(VectorOp):
    """`%r = vector.shuffle %a, %b [0, 4, 1, 5] : vector<4xf32>, vector<4xf32>`: picks leading
    slices of the concatenation of `%a` and `%b` (a 0-D operand counts as one slice)."""

    name = "vector.shuffle"
    v1 = operand(FIXED_VECTOR)
    v2 = operand(FIXED_VECTOR)
    mask = prop(I64_ARRAY)
    result = result(VECTOR)
    traits = (Pure(),)
    assembly_format = "$v1 `,` $v2 $mask attr-dict `:` type($v1) `,` type($v2)"

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [shuffle_type(operands[0].type, len(properties["mask"]))]

    def mask_values(self) -> list[int]:
        return i64_list(self.properties["mask"])

    def verify_(self) -> None:
        v1, v2, t = self.operand(0).type, self.operand(1).type, self.results[0].type
        require(
            self,
            v1.element_type == t.element_type,
            "first operand v1 and result have same element type",
        )
        require(
            self,
            v2.element_type == t.element_type,
            "second operand v2 and result have same element type",
        )
        mask = self.mask_values()
        zero_d = v1.rank == 0 and v2.rank == 0 and t.rank == 1
        if not zero_d and not (v1.rank == t.rank and v2.rank == t.rank):
            raise self.emit_error("rank mismatch")
        for r in range(1, v1.rank):
            if not t.shape[r] == v1.shape[r] == v2.shape[r]:
                raise self.emit_error("dimension mismatch")
        if not mask:
            raise self.emit_error("invalid mask length")
        if len(mask) != t.shape[0]:
            raise self.emit_error("mask length mismatch")
        size = (v1.shape[0] if v1.rank else 1) + (v2.shape[0] if v2.rank else 1)
        for i, m in enumerate(mask):
            if not 0 <= m < size:
                raise self.emit_error(f"mask index #{i + 1} out of range")
        require_inferred_type(self, shuffle_type(v1, len(mask)))

    def fold(self, operand_constants):
        """`%a` or `%b` when the mask takes it whole, in order; a 1-D shuffle of constants
        (MLIR's `ShuffleOp::fold`)."""
        v1, v2 = self.operand(0), self.operand(1)
        if v1.type.rank == 0:
            return None
        mask = self.mask_values()
        size1 = v1.type.shape[0]
        if mask == list(range(size1)):
            return [v1]
        if mask == list(range(size1, size1 + v2.type.shape[0])):
            return [v2]
        a, b = operand_constants
        if not (isinstance(a, DenseElementsAttr) and isinstance(b, DenseElementsAttr)):
            return None
        if v1.type.rank != 1:
            return None
        pool = constants.elements(a) + constants.elements(b)
        return [constants.dense(self.results[0].type, [pool[m] for m in mask])]


def interleaved_type(t: VectorType) -> VectorType:
    """`t` with its trailing dim doubled (a 0-D `t` gives two elements)."""
    if t.rank == 0:
        return vector_type((2,), t.element_type)
    return vector_type((*t.shape[:-1], 2 * t.shape[-1]), t.element_type, scalable_flags(t))


class InterleaveOp(VectorOp):
    """`%r = vector.interleave %a, %b : vector<4xf32> -> vector<8xf32>`: alternates the
    elements of `%a` and `%b` along the trailing dim."""

    name = "vector.interleave"
    lhs = operand(VECTOR)
    rhs = operand(VECTOR)
    result = result(VECTOR)
    traits = (Pure(),)
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs) `->` type($result)"
    types_match = (("lhs", "rhs"),)

    def verify_(self) -> None:
        lhs = self.operand(0).type
        require(self, lhs == self.operand(1).type, "all of {lhs, rhs} have same type")
        require(
            self,
            self.results[0].type == interleaved_type(lhs),
            "type of 'result' is double the width of the inputs",
        )


def is_valid_shape_cast(a, b) -> bool:
    """Each dim of the lower-rank shape `a` is the product of a contiguous run of dims of
    `b`, trailing unit dims going along (MLIR's `isValidShapeCast`)."""
    if not a and all(d == 1 for d in b):
        return True
    i = j = 0
    while i < len(a) and j < len(b):
        dim_b = 1
        while dim_b < a[i] and j < len(b):
            dim_b *= b[j]
            j += 1
        if a[i] != dim_b:
            break
        i += 1
        if i < len(a) and all(d == 1 for d in a[i:]):
            i = len(a)
        if j < len(b) and all(d == 1 for d in b[j:]):
            j = len(b)
    return i == len(a) and j == len(b)


def shape_cast_valid(source: VectorType, target: VectorType) -> bool:
    """A shape_cast between these shapes is allowed: a shape is split or merged, never
    reordered; equal ranks need nothing more than equal element counts."""
    if source.rank < target.rank:
        return is_valid_shape_cast(source.shape, target.shape)
    if source.rank > target.rank:
        return is_valid_shape_cast(target.shape, source.shape)
    return True


class ShapeCastOp(VectorOp):
    """`%r = vector.shape_cast %v : vector<2x4xf32> to vector<8xf32>`: the same elements in
    row-major order, reshaped by splitting or merging dims."""

    name = "vector.shape_cast"
    source = operand(VECTOR)
    result = result(VECTOR)
    traits = (Pure(),)
    assembly_format = "$source attr-dict `:` type($source) `to` type($result)"

    def verify_(self) -> None:
        source, target = self.operand(0).type, self.results[0].type
        if source.element_type != target.element_type:
            raise self.emit_error("source/result vectors must have same element type")
        if source.num_elements() != target.num_elements():
            raise self.emit_error("source/result number of elements must match")
        if not shape_cast_valid(source, target):
            raise self.emit_error("invalid shape cast")

    def fold(self, operand_constants):
        """No-op casts, cast(cast(x)) to one cast of x where that is a valid cast, and
        shape_cast(broadcast(x)) back to x (MLIR's `ShapeCastOp::fold`)."""
        source, target = self.operand(0), self.results[0].type
        if source.type == target:
            return [source]
        inner = producer(source, ShapeCastOp)
        if inner is not None:
            original = inner.operand(0)
            if original.type == target:
                return [original]
            if original.type.rank == target.rank or not shape_cast_valid(original.type, target):
                return None
            self.set_operand(0, original)
            return list(self.results)
        broadcast = producer(source, BroadcastOp)
        if broadcast is not None and broadcast.operand(0).type == target:
            return [broadcast.operand(0)]
        return None


def is_identity_permutation(permutation) -> bool:
    return all(p == i for i, p in enumerate(permutation))


class TransposeOp(VectorOp):
    """`%r = vector.transpose %v, [1, 0] : vector<2x4xf32> to vector<4x2xf32>`: result dim `i`
    is source dim `permutation[i]`."""

    name = "vector.transpose"
    vector = operand(VECTOR)
    permutation = prop(DENSE_I64_ARRAY)
    result = result(VECTOR)
    traits = (Pure(),)

    @classmethod
    def of(cls, vector, permutation, loc=None) -> TransposeOp:
        """The transpose of `vector` by `permutation`, its result type inferred."""
        t = vector.type
        flags = scalable_flags(t)
        result_type = vector_type(
            [t.shape[p] for p in permutation], t.element_type, [flags[p] for p in permutation]
        )
        return cls(vector, permutation=dense_i64_array(permutation), result=result_type, loc=loc)

    @property
    def perm(self) -> list[int]:
        return list(self.properties["permutation"].value)

    @classmethod
    def parse(cls, p):
        pos = p.pos
        ref = p.parse_operand()
        p.expect(",")
        permutation = parse_int_list(p)
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("to")
        result_type = p.parse_type()
        props = {"permutation": dense_i64_array(permutation), **split_properties(cls, attrs)}
        operands = p.resolve_operands([ref], [source_type], pos)
        return cls.create(operands, [result_type], props, attrs)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write(", " + int_list_text(self.perm))
        print_attr_dict(p, self, ("permutation",))
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" to ")
        p.print_type(self.results[0].type)

    def verify_(self) -> None:
        source, target = self.operand(0).type, self.results[0].type
        require(
            self,
            source.element_type == target.element_type,
            "operand and result have same element type",
        )
        if source.rank != target.rank:
            raise self.emit_error(f"vector result rank mismatch: {target.rank}")
        perm = self.perm
        if len(perm) != target.rank:
            raise self.emit_error(f"transposition length mismatch: {len(perm)}")
        seen = set()
        for i, p in enumerate(perm):
            if not 0 <= p < target.rank:
                raise self.emit_error(f"transposition index out of range: {p}")
            if p in seen:
                raise self.emit_error(f"duplicate position index: {p}")
            seen.add(p)
            if target.shape[i] != source.shape[p]:
                raise self.emit_error(f"dimension size mismatch at: {p}")

    def fold(self, operand_constants):
        """A splat constant takes the new shape; the identity permutation is a no-op."""
        constant = operand_constants[0]
        if isinstance(constant, DenseElementsAttr) and constant.is_splat:
            return [constants.splat(self.results[0].type, constant.raw)]
        if is_identity_permutation(self.perm):
            return [self.operand(0)]
        return None


class BitCastOp(VectorOp):
    """`%r = vector.bitcast %v : vector<4xf32> to vector<8xf16>`: the bits of each
    trailing 1-D vector reinterpreted; only the trailing dim may change."""

    name = "vector.bitcast"
    source = operand(VECTOR)
    result = result(VECTOR)
    traits = (Pure(),)
    assembly_format = "$source attr-dict `:` type($source) `to` type($result)"

    def verify_(self) -> None:
        source, target = self.operand(0).type, self.results[0].type
        require(self, source.rank == target.rank, "all of {source, result} have same rank")
        for i in range(source.rank - 1):
            if source.shape[i] != target.shape[i]:
                raise self.emit_error(f"dimension size mismatch at: {i}")
        source_bits = bit_width(source.element_type)
        target_bits = bit_width(target.element_type)
        if source.rank == 0:
            if source_bits != target_bits:
                raise self.emit_error(
                    "source/result bitwidth of the 0-D vector element types must be equal"
                )
        elif source_bits * source.shape[-1] != target_bits * target.shape[-1]:
            raise self.emit_error("source/result bitwidth of the minor 1-D vectors must be equal")

    def fold(self, operand_constants):
        """No-op casts; bitcast(bitcast(x)) to one cast of x; a splat of f16 to f32 or of
        an integer to a wider integer (the narrow pattern repeated), as MLIR folds them."""
        source, target = self.operand(0), self.results[0].type
        if source.type == target:
            return [source]
        inner = producer(source, BitCastOp)
        if inner is not None:
            if inner.operand(0).type == target:
                return [inner.operand(0)]
            self.set_operand(0, inner.operand(0))
            return list(self.results)
        constant = operand_constants[0]
        if not (isinstance(constant, DenseElementsAttr) and constant.is_splat):
            return None
        src, dst = source.type.element_type, target.element_type
        if src == FloatType("f16") and dst == FloatType("f32"):
            return [constants.splat(target, constant.raw * 2)]
        if isinstance(src, IntegerType) and isinstance(dst, IntegerType):
            if dst.width > src.width and dst.width % src.width == 0:
                return [_repeated_bits_splat(constant, src.width, dst.width, target)]
        return None


def _repeated_bits_splat(constant, src_width: int, dst_width: int, target) -> DenseElementsAttr:
    """A splat of `target` whose element repeats the `src_width`-bit pattern of `constant`."""
    narrow = int.from_bytes(constant.raw, "little") & ((1 << src_width) - 1)
    wide = 0
    for _ in range(dst_width // src_width):
        wide = wide << src_width | narrow
    return constants.splat(
        target, wide.to_bytes(element_layout(target.element_type).nbytes, "little")
    )
