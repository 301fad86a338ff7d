"""The vector ops that do arithmetic: fma, and those that combine elements with a
`#vector.kind`: reduction, multi_reduction, contract and outerproduct, with MLIR 19's
syntax, verifiers and folds.

A contraction is described as linalg describes a generic op: `indexing_maps` send the
iteration space to each operand's dims, and `iterator_types` tell which iterators are
`parallel` (free or batch dims, kept in the result) and which are `reduction` (contracted).
"""

from __future__ import annotations

from mlc.dialects.arith.attributes import NO_FASTMATH, FastMathFlagsAttr
from mlc.dialects.vector.attributes import ADD, CombiningKindAttr, IteratorTypeAttr
from mlc.dialects.vector.base import VectorOp, require
from mlc.dialects.vector.constraints import (
    FLOAT_VECTOR,
    I64_ARRAY,
    NONZERO_RANK_VECTOR,
    VECTOR,
    element_type_or_self,
    i64_list,
    scalable_flags,
    vector_type,
)
from mlc.dialects.vector.syntax import op_error, print_attr_dict, split_properties
from mlc.ir.affine import AffineDimExpr, AffineMapAttr
from mlc.ir.attributes import ArrayAttr, DictionaryAttr, StringAttr
from mlc.ir.constraints import Constraint, isa
from mlc.ir.opdef import operand, opt_operand, prop, result
from mlc.ir.traits import Pure
from mlc.ir.types import IntegerType, VectorType, i1

KIND = isa(
    CombiningKindAttr, description="Kind of combining function for contractions and reductions"
)
ITERATOR_TYPES = Constraint(
    lambda a: isinstance(a, ArrayAttr) and all(isinstance(t, IteratorTypeAttr) for t in a),
    "Iterator type should be an enum.",
)
ARRAY = isa(ArrayAttr, description="array attribute")


class FMAOp(VectorOp):
    """`%r = vector.fma %a, %b, %c : vector<4xf32>`: `a * b + c` per element, rounded once
    (LLVM's `fmuladd`, which may also round twice)."""

    name = "vector.fma"
    lhs = operand(FLOAT_VECTOR)
    rhs = operand(FLOAT_VECTOR)
    acc = operand(FLOAT_VECTOR)
    result = result(FLOAT_VECTOR)
    traits = (Pure(),)
    assembly_format = "$lhs `,` $rhs `,` $acc attr-dict `:` type($lhs)"
    types_match = (("lhs", "rhs", "acc"),)

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type]

    def verify_(self) -> None:
        types = {v.type for v in (*self.operands, self.results[0])}
        require(self, len(types) == 1, "all of {lhs, rhs, acc, result} have same type")


class ReductionOp(VectorOp):
    """`%r = vector.reduction <add>, %v, %acc : vector<16xf32> into f32`: combines the
    elements of a 1-D (or 0-D) vector, and the optional accumulator, into a scalar."""

    name = "vector.reduction"
    kind = prop(KIND)
    vector = operand(VECTOR)
    acc = opt_operand()
    fastmath = prop(isa(FastMathFlagsAttr), default=NO_FASTMATH)
    dest = result()
    traits = (Pure(),)
    assembly_format = (
        "$kind `,` $vector (`,` $acc^)? (`fastmath` `` $fastmath^)? attr-dict `:` type($vector) "
        "`into` type($dest)"
    )
    types_match = (("acc", "dest"),)

    @classmethod
    def infer_result_types(cls, operands, properties):
        return [operands[0].type.element_type]

    def verify_(self) -> None:
        t, dest = self.operand(0).type, self.results[0].type
        require(
            self,
            element_type_or_self(dest) == t.element_type,
            "source operand and result have same element type",
        )
        if self.acc is not None:
            require(self, self.acc.type == dest, "dest and acc have the same type")
        if t.rank > 1:
            raise self.emit_error(f"unsupported reduction rank: {t.rank}")
        kind = self.properties["kind"]
        if not kind.supports(dest):
            raise self.emit_error(f"unsupported reduction type ''{dest}'' for kind '{kind.value}'")


def reduced_type(source: VectorType, dims) -> object:
    """What reducing `dims` of `source` leaves: the other dims, or the element type when
    none is left (MLIR's `MultiDimReductionOp` result; out-of-range dims are ignored, as
    there)."""
    keep = [i for i in range(source.rank) if i not in dims]
    if not keep:
        return source.element_type
    flags = scalable_flags(source)
    return vector_type(
        [source.shape[i] for i in keep], source.element_type, [flags[i] for i in keep]
    )


class MultiDimReductionOp(VectorOp):
    """`%r = vector.multi_reduction <add>, %v, %acc [1, 3] : vector<4x8x16x32xf32> to
    vector<4x16xf32>`: combines the elements along the reduction dims, starting from
    `%acc`."""

    name = "vector.multi_reduction"
    kind = prop(KIND)
    source = operand(NONZERO_RANK_VECTOR)
    acc = operand()
    reduction_dims = prop(I64_ARRAY)
    dest = result()
    traits = (Pure(),)
    assembly_format = (
        "$kind `,` $source `,` $acc attr-dict $reduction_dims `:` type($source) `to` type($dest)"
    )
    types_match = (("acc", "dest"),)

    def dims(self) -> list[int]:
        return i64_list(self.properties["reduction_dims"])

    def verify_(self) -> None:
        source, dest = self.operand(0).type, self.results[0].type
        require(self, self.operand(1).type == dest, "all of {dest, acc} have same type")
        require(
            self,
            element_type_or_self(dest) == source.element_type,
            "source operand and result have same element type",
        )
        if dest != reduced_type(source, self.dims()):
            raise self.emit_error(
                f"destination type '{dest}' is incompatible with source type '{source}'"
            )

    def fold(self, operand_constants):
        """Reducing no dim of a 1-D vector returns it (MLIR's fold, which ignores the
        accumulator)."""
        source = self.operand(0)
        if source.type.rank == 1 and 0 not in self.dims():
            return [source]
        return None


# --- contract ------------------------------------------------------------------------------------
def _result_index(map_, expr) -> int:
    return next((i for i, e in enumerate(map_.results) if e == expr), -1)


class ContractionOp(VectorOp):
    """`%r = vector.contract {indexing_maps = [...], iterator_types = ["parallel",
    "parallel", "reduction"]} %a, %b, %acc : vector<4x3xf32>, vector<3x7xf32> into
    vector<4x7xf32>`: multiplies `%a` and `%b` elementwise over the iteration space and
    combines the products along the reduction iterators into `%acc` (a matmul here)."""

    name = "vector.contract"
    lhs = operand(NONZERO_RANK_VECTOR)
    rhs = operand(NONZERO_RANK_VECTOR)
    acc = operand()
    indexing_maps = prop(ARRAY)
    iterator_types = prop(ITERATOR_TYPES)
    kind = prop(KIND, default=ADD)
    result = result()
    traits = (Pure(),)
    _TRAIT_ATTRS = ("indexing_maps", "iterator_types", "kind")

    def maps(self) -> list:
        return [m.value for m in self.properties["indexing_maps"]]

    def iterators(self) -> list[str]:
        return [t.value for t in self.properties["iterator_types"]]

    @classmethod
    def parse(cls, p):
        start = p.pos
        trait = p.parse_attribute()
        if not isinstance(trait, DictionaryAttr):
            raise p.error("expected dictionary attribute", start)
        refs = [p.parse_operand()]
        for _ in range(2):
            p.expect(",")
            refs.append(p.parse_operand())
        masks = []
        while p.consume_if(","):
            masks.append(p.parse_operand())
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        types = [p.parse_type()]
        p.expect(",")
        types.append(p.parse_type())
        p.parse_keyword("into")
        result_type = p.parse_type()
        attrs.update(trait.as_dict())
        iterators = attrs.get("iterator_types")
        if isinstance(iterators, ArrayAttr):
            attrs["iterator_types"] = ArrayAttr(
                tuple(_iterator_type(p, it, start) for it in iterators)
            )
        attrs.setdefault("kind", ADD)
        operand_types = [*types, result_type]
        if masks:  # MLIR 19 still parses them, then the verifier rejects the extra operands
            if len(masks) != 2:
                raise op_error(p, cls, "expected zero or exactly 2 vector mask operands")
            operand_types += [_mask_of(t) for t in types]
        operands = p.resolve_operands(refs + masks, operand_types, start)
        props = split_properties(cls, attrs)
        return cls.create(operands, [result_type], props, attrs)

    def print_custom(self, p) -> None:
        props = self.properties
        trait = {k: props[k] for k in self._TRAIT_ATTRS if k in props}
        if "iterator_types" in trait:
            trait["iterator_types"] = ArrayAttr(tuple(StringAttr(t) for t in self.iterators()))
        p.write(" ")
        p.print_attr_dict_body(sorted(trait.items()))
        p.write(" ")
        p.print_operands(self.operands)
        print_attr_dict(p, self, self._TRAIT_ATTRS)
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(", ")
        p.print_type(self.operand(1).type)
        p.write(" into ")
        p.print_type(self.results[0].type)

    def dim_map(self, iterator: str) -> list[tuple[int, int]]:
        """The (lhs dim, rhs dim) pairs of the iterators of kind `iterator` that both sides
        use: contracting dims for `reduction`, batch dims for `parallel` (MLIR's
        `getContractingDimMap` / `getBatchDimMap`)."""
        lhs_map, rhs_map = self.maps()[:2]
        pairs = []
        for i, kind in enumerate(self.iterators()):
            if kind != iterator:
                continue
            lhs_dim = _result_index(lhs_map, AffineDimExpr(i))
            rhs_dim = _result_index(rhs_map, AffineDimExpr(i))
            if lhs_dim >= 0 and rhs_dim >= 0:
                pairs.append((lhs_dim, rhs_dim))
        return pairs

    def iteration_bounds(self) -> list[int]:
        """The size of each iterator, from the operand dims it indexes."""
        bounds = [0] * len(self.iterators())
        for map_, value in zip(self.maps(), self.operands):
            shape = value.type.shape if isinstance(value.type, VectorType) else ()
            for expr, size in zip(map_.results, shape):
                bounds[expr.position] = size
        return bounds

    def verify_(self) -> None:
        lhs, rhs = self.operand(0).type, self.operand(1).type
        acc, res = self.operand(2).type, self.results[0].type
        require(self, lhs.element_type == rhs.element_type, "lhs and rhs have same element type")
        require(
            self,
            element_type_or_self(acc) == element_type_or_self(res),
            "third operand acc and result have same element type",
        )
        if isinstance(lhs.element_type, IntegerType) and not lhs.element_type.is_signless:
            raise self.emit_error("only supports signless integer types")
        maps = self.properties["indexing_maps"]
        if len(maps) != 3 or not all(isinstance(m, AffineMapAttr) for m in maps):
            raise self.emit_error("expected an indexing map for each vector operand")
        num_iterators = len(self.iterators())
        for index, map_ in enumerate(self.maps()):
            if map_.num_symbols:
                raise self.emit_error(f"expected indexing map {index} to have no symbols")
            t = self.operand(index).type
            rank = t.rank if isinstance(t, VectorType) else 0
            if map_.num_dims != num_iterators:
                raise self.emit_error(
                    f"expected indexing map {index} to have {num_iterators} number of inputs"
                )
            if map_.num_results != rank:
                raise self.emit_error(
                    f"expected indexing map {index} to have {rank} number of outputs"
                )
            if not _is_projected_permutation(map_):
                raise self.emit_error(
                    f"expected indexing map {index} to be a projected permutation of its inputs"
                )
        contracting, batch = self.dim_map("reduction"), self.dim_map("parallel")
        if not contracting:
            raise self.emit_error("expected at least one contracting dimension pair")
        if not _valid_dim_map(lhs, rhs, contracting):
            raise self.emit_error("invalid contracting dimension map")
        if not _valid_dim_map(lhs, rhs, batch):
            raise self.emit_error("invalid batch dimension map")
        self._verify_output_shape(lhs, rhs, acc, res, contracting, batch)
        if not self.properties.get("kind", ADD).supports(element_type_or_self(res)):
            raise self.emit_error("unsupported contraction type")

    def _verify_output_shape(self, lhs, rhs, acc, res, contracting, batch) -> None:
        """MLIR's `verifyOutputShape`: the result has the free and batch dims of the lhs,
        then the free dims of the rhs (a scalar when there are none), in the order the
        result map says."""
        lhs_contracting = {a for a, _ in contracting}
        rhs_skipped = {b for _, b in contracting} | {b for _, b in batch}
        expected_dims = [d for i, d in enumerate(lhs.shape) if i not in lhs_contracting]
        expected_dims += [d for i, d in enumerate(rhs.shape) if i not in rhs_skipped]
        if not expected_dims:
            if isinstance(res, VectorType) or isinstance(acc, VectorType):
                raise self.emit_error("invalid accumulator/result vector shape")
            return
        if not (isinstance(res, VectorType) and isinstance(acc, VectorType)):
            raise self.emit_error("invalid accumulator/result vector shape")
        lhs_map, rhs_map, res_map = self.maps()
        used = {e.position for m in (lhs_map, rhs_map) for e in m.results}
        if len(used) != lhs_map.num_dims:
            raise self.emit_error("expected all dimensions to be either a LHS or a RHS dimension")
        extents = [None] * lhs_map.num_dims
        for t, map_ in ((lhs, lhs_map), (rhs, rhs_map)):
            for expr, size in zip(map_.results, t.shape):
                if extents[expr.position] is None:
                    extents[expr.position] = size
        shape = [extents[e.position] for e in res_map.results]
        expected = vector_type(shape, res.element_type, scalable_flags(res))
        if res != expected or acc != expected:
            raise self.emit_error(
                f"invalid accumulator/result vector shape, expected: '{expected}'"
            )


def _iterator_type(p, attr, pos) -> IteratorTypeAttr:
    """An iterator type of the custom form: its name as a string (MLIR accepts the enum
    attribute too)."""
    if isinstance(attr, IteratorTypeAttr):
        return attr
    name = attr.value if isinstance(attr, StringAttr) else str(attr)
    if name not in IteratorTypeAttr.CASES:
        raise op_error(p, ContractionOp, f"unexpected iterator_type ({name})", pos)
    return IteratorTypeAttr(name)


def _mask_of(t):
    """The i1 vector shaped as `t` (an i1 for a non-vector, which the verifier rejects)."""
    return vector_type(t.shape, i1, scalable_flags(t)) if isinstance(t, VectorType) else i1


def _is_projected_permutation(map_) -> bool:
    """Each result a distinct dim (MLIR's `isProjectedPermutation` without zeros)."""
    seen = set()
    for expr in map_.results:
        if not isinstance(expr, AffineDimExpr) or expr.position in seen:
            return False
        seen.add(expr.position)
    return True


def _valid_dim_map(lhs: VectorType, rhs: VectorType, pairs) -> bool:
    return all(
        0 <= a < lhs.rank and 0 <= b < rhs.rank and lhs.shape[a] == rhs.shape[b] for a, b in pairs
    )


# --- outerproduct --------------------------------------------------------------------------------
class OuterProductOp(VectorOp):
    """`%r = vector.outerproduct %a, %b, %acc : vector<4xf32>, vector<8xf32>`: the 4x8 matrix
    of products, combined with `%acc` by `kind`; with a scalar `%b`, an AXPY (`a * b`
    per element)."""

    name = "vector.outerproduct"
    lhs = operand(NONZERO_RANK_VECTOR)
    rhs = operand()
    acc = opt_operand(NONZERO_RANK_VECTOR)
    kind = prop(KIND, default=ADD)
    result = result(VECTOR)
    traits = (Pure(),)

    @classmethod
    def parse(cls, p):
        start = p.pos
        refs = p.parse_operand_list()
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        lhs = p.parse_type()
        p.expect(",")
        rhs = p.parse_type()
        if len(refs) < 2:
            raise op_error(p, cls, "expected at least 2 operands")
        if not isinstance(lhs, VectorType):
            raise op_error(p, cls, "expected vector type for operand #1")
        lhs_flags = scalable_flags(lhs)
        if isinstance(rhs, VectorType):
            shape, flags = (lhs.shape[0], rhs.shape[0]), (lhs_flags[0], scalable_flags(rhs)[0])
        else:
            shape, flags = (lhs.shape[0],), (lhs_flags[0],)
        result_type = vector_type(shape, lhs.element_type, flags)
        operands = p.resolve_operands(refs[:3], [lhs, rhs, result_type][: len(refs)], start)
        attrs.setdefault("kind", ADD)
        return cls.create(operands, [result_type], split_properties(cls, attrs), attrs)

    def print_custom(self, p) -> None:
        """MLIR prints the attributes only with an accumulator (so `kind` is lost without)."""
        p.write(" ")
        p.print_operands(self.operands[:2])
        if self.acc is not None:
            p.write(", ")
            p.print_operand(self.acc)
            print_attr_dict(p, self)
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(", ")
        p.print_type(self.operand(1).type)

    def verify_(self) -> None:
        lhs, rhs, res = self.operand(0).type, self.operand(1).type, self.results[0].type
        require(
            self,
            lhs.element_type == res.element_type,
            "lhs operand and result have same element type",
        )
        require(
            self,
            element_type_or_self(rhs) == res.element_type,
            "rhs operand and result have same element type",
        )
        if lhs.rank != 1:
            raise self.emit_error("expected 1-d vector for operand #1")
        if isinstance(rhs, VectorType):
            if rhs.rank != 1:
                raise self.emit_error("expected 1-d vector for operand #2")
            if res.rank != 2:
                raise self.emit_error("expected 2-d vector result")
            if lhs.shape[0] != res.shape[0]:
                raise self.emit_error("expected #1 operand dim to match result dim #1")
            if rhs.shape[0] != res.shape[1]:
                raise self.emit_error("expected #2 operand dim to match result dim #2")
            if lhs.scalable and not rhs.scalable:
                raise self.emit_error("expected either both or only #2 operand dim to be scalable")
        else:
            if res.rank != 1:
                raise self.emit_error("expected 1-d vector result")
            if lhs.shape[0] != res.shape[0]:
                raise self.emit_error("expected #1 operand dim to match result dim #1")
        if self.acc is not None and self.acc.type != res:
            raise self.emit_error("expected operand #3 of same type as result type")
        if not self.properties.get("kind", ADD).supports(res.element_type):
            raise self.emit_error("unsupported outerproduct type")


__all__ = [
    "ReductionOp", "MultiDimReductionOp", "ContractionOp", "OuterProductOp", "KIND",
    "reduced_type", "FMAOp",
]  # fmt: skip
