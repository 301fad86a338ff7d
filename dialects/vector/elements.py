"""The vector ops that build vectors from elements and take elements out: broadcast, splat,
extract, insert, extractelement and insertelement, with MLIR 19's syntax, verifiers (and
their messages) and folds. extract's longer fold chain is in `folding`."""

from __future__ import annotations

from mlc.dialects.vector import constants
from mlc.dialects.vector.base import (
    VectorOp,
    producer,
    require,
    require_inferred_type,
)
from mlc.dialects.vector.constraints import (
    DENSE_I64_ARRAY,
    INTEGER_OR_INDEX,
    SCALAR,
    VECTOR,
    dense_i64_array,
    element_type_or_self,
    is_scalar,
    scalable_flags,
    vector_type,
)
from mlc.dialects.vector.syntax import print_attr_dict, split_properties
from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.constraints import INDEX
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.opdef import operand, opt_operand, prop, result, var_operand
from mlc.ir.syntax.dynamic_index_list import (
    parse_dynamic_index_list,
    print_dynamic_index_list,
    resolve_indices,
)
from mlc.ir.traits import Pure
from mlc.ir.types import DYNAMIC, VectorType
from mlc.ir.view_like import dispatch


def broadcast_mismatch(source, target: VectorType) -> str | None:
    """Why `source` does not broadcast to `target`, in MLIR's words, or None when it does
    (MLIR 19's `isBroadcastableTo`): a scalar of the element type does; a vector does when
    its trailing dims equal the target's or are 1. MLIR 19 does not compare scalability."""
    if is_scalar(source) and source == target.element_type:
        return None
    if not isinstance(source, VectorType):
        return "source type is not a vector"
    lead = target.rank - source.rank
    if lead < 0:
        return "source rank higher than destination rank"
    for s, t in zip(source.shape, target.shape[lead:]):
        if s not in (1, t):
            return f"dimension mismatch ({s} vs. {t})"
    return None


class BroadcastOp(VectorOp):
    """`%b = vector.broadcast %s : f32 to vector<4x8xf32>`: duplicates a scalar or a vector
    along new leading dims and stretches unit dims (numpy's broadcasting, leading only)."""

    name = "vector.broadcast"
    source = operand()
    vector = result(VECTOR)
    traits = (Pure(),)
    assembly_format = "$source attr-dict `:` type($source) `to` type($vector)"

    def verify_(self) -> None:
        source, target = self.operand(0).type, self.results[0].type
        require(
            self,
            element_type_or_self(source) == target.element_type,
            "source operand and result have same element type",
        )
        mismatch = broadcast_mismatch(source, target)
        if mismatch is not None:
            raise self.emit_error(mismatch)

    def broadcasted_unit_dims(self) -> set[int]:
        """The result dims that stretch a unit dim of the source (MLIR's
        `computeBroadcastedUnitDims`)."""
        source, target = self.operand(0).type, self.results[0].type
        if not isinstance(source, VectorType):
            return set()
        lead = target.rank - source.rank
        return {
            lead + i for i, (s, t) in enumerate(zip(source.shape, target.shape[lead:])) if s != t
        }

    def fold(self, operand_constants):
        """To its source when nothing changes; a constant scalar or splat to a splat."""
        source = self.operand(0)
        target = self.results[0].type
        if source.type == target:
            return [source]
        return _splat_fold(operand_constants[0], target)


def _splat_fold(constant, target: VectorType):
    """`target` filled with a constant scalar of its element type, or with the value of a
    constant splat; None for other constants."""
    if isinstance(constant, (IntegerAttr, FloatAttr)):
        if constant.type != target.element_type:
            return None
        return [constants.splat(target, constants.element_of(constant))]
    if isinstance(constant, DenseElementsAttr) and constant.is_splat:
        return [constants.splat(target, constant.raw)]
    return None


class SplatOp(VectorOp):
    """`%s = vector.splat %x : vector<4xf32>`: every element set to one scalar."""

    name = "vector.splat"
    input = operand(SCALAR)
    aggregate = result(VECTOR)
    traits = (Pure(),)
    assembly_format = "$input attr-dict `:` type($aggregate)"
    derived_types = {"input": lambda types: [types["aggregate"][0].element_type]}

    def verify_(self) -> None:
        require(
            self,
            self.operand(0).type == self.results[0].type.element_type,
            "operand type matches element type of result",
        )

    def fold(self, operand_constants):
        constant = operand_constants[0]
        if not isinstance(constant, (IntegerAttr, FloatAttr)):
            return None
        return _splat_fold(constant, self.results[0].type)


# --- extract and insert --------------------------------------------------------------------------
def extracted_type(t: VectorType, count: int):
    """What `count` position entries select in `t`: an element, or the trailing sub-vector
    (MLIR's `ExtractOp::inferReturnTypes`, which tolerates too long positions)."""
    if count == t.rank:
        return t.element_type
    n = min(count, t.rank)
    return vector_type(t.shape[n:], t.element_type, scalable_flags(t)[n:])


def _single_element_compatible(a, b) -> bool:
    """Types MLIR takes for one another as an extract's result: equal, or `vector<1xT>`
    and `T` (`ExtractOp::isCompatibleReturnTypes`)."""

    def one(x, y):
        return isinstance(x, VectorType) and x.shape == (1,) and x.element_type == y

    return a == b or one(a, b) or one(b, a)


class PositionOp(VectorOp):
    """Base of vector.extract and vector.insert: a position into a vector, each entry a
    constant (`static_position`) or, where that says `DYNAMIC`, the next index operand
    (MLIR's mixed position), written `[0, %i]`."""

    static_position = prop(DENSE_I64_ARRAY)
    VECTOR_WORD = ""  # how MLIR names the indexed vector in its messages

    @property
    def static(self) -> list[int]:
        return list(self.properties["static_position"].value)

    def has_dynamic_position(self) -> bool:
        return bool(self.dynamic_position)

    def set_position(self, position) -> None:
        """Make the position `position` (ints or index values), in place."""
        static, dynamic = dispatch(position)
        self.set_operands([*self.operands[: self.FIXED_OPERANDS], *dynamic])
        self.properties["static_position"] = dense_i64_array(static)

    def _verify_static_entries(self, t: VectorType) -> None:
        for idx, pos in enumerate(self.static):
            if pos != DYNAMIC and not 0 <= pos < t.shape[idx]:
                raise self.emit_error(
                    f"expected position attribute #{idx + 1} to be a non-negative integer "
                    f"smaller than the corresponding {self.VECTOR_WORD} dimension"
                )

    def _print_position(self, p) -> None:
        print_dynamic_index_list(p, self.dynamic_position, self.static)
        print_attr_dict(p, self, ("static_position",))

    @classmethod
    def _build_parsed(cls, p, pos, refs, types, index_refs, static, attrs, result_type):
        operands = p.resolve_operands(refs, types, pos) + resolve_indices(p, index_refs, pos)
        props = {"static_position": dense_i64_array(static), **split_properties(cls, attrs)}
        return cls.create(operands, [result_type], props, attrs)


class ExtractOp(PositionOp):
    """`%e = vector.extract %v[0, %i] : f32 from vector<2x4xf32>`: the element, or the
    trailing sub-vector, at a position."""

    name = "vector.extract"
    vector = operand(VECTOR)
    dynamic_position = var_operand(INDEX)
    result = result()
    traits = (Pure(),)
    VECTOR_WORD = "vector"
    FIXED_OPERANDS = 1

    @classmethod
    def at(cls, vector, position, loc=None) -> ExtractOp:
        """`vector.extract %vector[position]`; entries are ints or index values."""
        static, dynamic = dispatch(position)
        return cls(vector, dynamic, static_position=dense_i64_array(static), loc=loc)

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [extracted_type(operands[0].type, len(properties["static_position"].value))]

    @classmethod
    def parse(cls, p):
        pos = p.pos
        vector = p.parse_operand()
        index_refs, static = parse_dynamic_index_list(p)
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        result_type = p.parse_type()
        p.parse_keyword("from")
        vector_type_ = p.parse_type()
        return cls._build_parsed(
            p, pos, [vector], [vector_type_], index_refs, static, attrs, result_type
        )

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        self._print_position(p)
        p.write(" : ")
        p.print_type(self.results[0].type)
        p.write(" from ")
        p.print_type(self.operand(0).type)

    def verify_(self) -> None:
        t, result_type = self.operand(0).type, self.results[0].type
        require(
            self,
            element_type_or_self(result_type) == t.element_type,
            "operand and result have same element type",
        )
        if self.static.count(DYNAMIC) != len(self.dynamic_position):
            raise self.emit_error(
                "mismatch between dynamic and static positions (kDynamic marker but no "
                "corresponding dynamic position) -- this can only happen due to an incorrect "
                "fold/rewrite"
            )
        if len(self.static) > t.rank:
            raise self.emit_error("expected position attribute of rank no greater than vector rank")
        self._verify_static_entries(t)
        inferred = extracted_type(t, len(self.static))
        require_inferred_type(self, inferred, _single_element_compatible(inferred, result_type))

    def fold(self, operand_constants):
        from mlc.dialects.vector.folding import fold_extract  # (it imports this module)

        return fold_extract(self, operand_constants)


class InsertOp(PositionOp):
    """`%r = vector.insert %s, %v [0, %i] : f32 into vector<2x4xf32>`: `%v` with the
    element, or trailing sub-vector, at a position replaced by `%s`."""

    name = "vector.insert"
    source = operand()
    dest = operand(VECTOR)
    dynamic_position = var_operand(INDEX)
    result = result(VECTOR)
    traits = (Pure(),)
    VECTOR_WORD = "dest vector"
    FIXED_OPERANDS = 2

    @classmethod
    def parse(cls, p):
        pos = p.pos
        refs = [p.parse_operand()]
        p.expect(",")
        refs.append(p.parse_operand())
        index_refs, static = parse_dynamic_index_list(p)
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("into")
        dest_type = p.parse_type()
        return cls._build_parsed(
            p, pos, refs, [source_type, dest_type], index_refs, static, attrs, dest_type
        )

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operands(self.operands[:2])
        p.write(" ")
        self._print_position(p)
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" into ")
        p.print_type(self.operand(1).type)

    def verify_(self) -> None:
        source, dest = self.operand(0).type, self.operand(1).type
        require(
            self,
            element_type_or_self(source) == element_type_or_self(self.results[0].type),
            "source operand and result have same element type",
        )
        require(self, dest == self.results[0].type, "all of {dest, result} have same type")
        count = len(self.static)
        if count > dest.rank:
            raise self.emit_error(
                "expected position attribute of rank no greater than dest vector rank"
            )
        if isinstance(source, VectorType) and source.rank + count != dest.rank:
            raise self.emit_error(
                "expected position attribute rank + source rank to match dest vector rank"
            )
        if not isinstance(source, VectorType) and count != dest.rank:
            raise self.emit_error("expected position attribute rank to match the dest vector rank")
        self._verify_static_entries(dest)

    def fold(self, operand_constants):
        """An insert of the whole vector is the inserted vector (MLIR 19's `InsertOp::fold`,
        which leaves constant index operands alone)."""
        if not self.static and self.operand(0).type == self.results[0].type:
            return [self.operand(0)]
        return None


# --- extractelement and insertelement ------------------------------------------------------------
def _verify_element_position(op, t: VectorType) -> None:
    """extractelement's and insertelement's position: none for a 0-D vector, one for 1-D."""
    if t.rank == 0:
        if op.position is not None:
            raise op.emit_error("expected position to be empty with 0-D vector")
        return
    if t.rank != 1:
        raise op.emit_error("unexpected >1 vector rank")
    if op.position is None:
        raise op.emit_error("expected position for 1-D vector")


class ExtractElementOp(VectorOp):
    """`%e = vector.extractelement %v[%i : i32] : vector<4xf32>`: one element of a 1-D (or,
    without position, 0-D) vector."""

    name = "vector.extractelement"
    vector = operand(VECTOR)
    position = opt_operand(INTEGER_OR_INDEX)
    result = result()
    traits = (Pure(),)
    assembly_format = (
        "$vector `[` ($position^ `:` type($position))? `]` attr-dict `:` type($vector)"
    )

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type.element_type]

    def verify_(self) -> None:
        t = self.operand(0).type
        require(
            self,
            self.results[0].type == t.element_type,
            "result type matches element type of vector operand",
        )
        _verify_element_position(self, t)

    def fold(self, operand_constants):
        """A splat's or broadcast scalar's value, or an element of a constant, at a
        constant position (MLIR 19 folds nothing with a variable position)."""
        if len(operand_constants) < 2 or type(operand_constants[1]) is not IntegerAttr:
            return None
        spread = producer(self.operand(0), SplatOp, BroadcastOp)
        if spread is not None and not isinstance(spread.operand(0).type, VectorType):
            return [spread.operand(0)]
        vector = operand_constants[0]
        if not isinstance(vector, DenseElementsAttr):
            return None
        values = constants.elements(vector)
        position = operand_constants[1].value
        if not 0 <= position < len(values):
            return None
        return [constants.scalar(self.results[0].type, values[position])]


class InsertElementOp(VectorOp):
    """`%r = vector.insertelement %x, %v[%i : i32] : vector<4xf32>`: `%v` with one element
    replaced."""

    name = "vector.insertelement"
    source = operand()
    dest = operand(VECTOR)
    position = opt_operand(INTEGER_OR_INDEX)
    result = result(VECTOR)
    traits = (Pure(),)
    assembly_format = (
        "$source `,` $dest `[` ($position^ `:` type($position))? `]` attr-dict `:` type($result)"
    )
    derived_types = {"source": lambda types: [types["result"][0].element_type]}
    types_match = (("dest", "result"),)

    def verify_(self) -> None:
        t = self.results[0].type
        require(
            self,
            self.operand(0).type == t.element_type,
            "source operand type matches element type of result",
        )
        require(self, self.operand(1).type == t, "all of {dest, result} have same type")
        _verify_element_position(self, t)

    def fold(self, operand_constants):
        """A constant with one element replaced, at a constant position."""
        if len(operand_constants) < 3:
            return None
        source, dest, position = operand_constants
        chunk = constants.element_of(source)
        if chunk is None or source.type != self.results[0].type.element_type:
            return None
        if not isinstance(dest, DenseElementsAttr) or type(position) is not IntegerAttr:
            return None
        values = constants.elements(dest)
        if not 0 <= position.value < len(values):
            return None
        values[position.value] = chunk
        return [constants.dense(self.results[0].type, values)]
