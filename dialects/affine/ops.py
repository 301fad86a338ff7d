"""`affine.apply`, `affine.min` and `affine.max`: index arithmetic as affine maps of dims and
symbols, with MLIR 19's syntax (`affine.apply #map(%d)[%s]`), verifiers and folds.

These are the affine ops the memref view lowering (`expand-strided-metadata`) produces; the
loop and memory ops of MLIR's affine dialect (`affine.for`, `affine.load`, ...) are not here.
"""

from __future__ import annotations

from mlc.ir.affine import AffineDimExpr, AffineMap, AffineMapAttr, AffineSymbolExpr
from mlc.ir.attributes import IntegerAttr
from mlc.ir.constraints import INDEX, isa
from mlc.ir.opdef import prop, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.traits import Pure
from mlc.ir.types import index

AFFINE_MAP = isa(AffineMapAttr, description="AffineMap attribute")


class AffineMapOp(Operation):
    """An op of one affine map over index operands, dims first, then symbols."""

    map_operands = var_operand(INDEX)
    map = prop(AFFINE_MAP)
    result = result(INDEX)
    traits = (Pure(),)

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.affine.canonicalization import PATTERNS  # patterns build these ops

        return PATTERNS.get(cls, ())

    @property
    def affine_map(self) -> AffineMap:
        return self.properties["map"].value

    @classmethod
    def build(cls, affine_map: AffineMap, operands, loc=None) -> AffineMapOp:
        """The op of `affine_map` on `operands` (dims, then symbols)."""
        return cls(list(operands), map=AffineMapAttr(affine_map), result=index, loc=loc)

    @classmethod
    def parse(cls, p):
        """`#map(%dims)[%symbols] attr-dict` (MLIR's `parseDimAndSymbolList`)."""
        pos = p.pos
        attr = p.parse_attribute()
        if not isinstance(attr, AffineMapAttr):
            raise p.error("expected affine map attribute", pos)
        p.expect("(")
        dims = p.parse_operand_list()
        p.expect(")")
        symbols = []
        if p.consume_if("["):
            symbols = p.parse_operand_list()
            p.expect("]")
        attrs = p.parse_optional_attr_dict()
        refs = dims + symbols
        operands = p.resolve_operands(refs, [index] * len(refs), pos)
        if len(dims) != attr.value.num_dims or len(symbols) != attr.value.num_symbols:
            raise p.error("dimension or symbol index mismatch", pos)
        props = {"map": attrs.pop("map", attr)}
        return cls.create(operands, [index], props, attrs)

    def print_custom(self, p) -> None:
        m = self.affine_map
        operands = list(self.operands)
        p.write(" ")
        p.print_attribute(self.properties["map"])
        p.write("(")
        p.print_operands(operands[: m.num_dims])
        p.write(")")
        if m.num_symbols:
            p.write("[")
            p.print_operands(operands[m.num_dims :])
            p.write("]")
        p.print_optional_attr_dict(self.attributes)

    def verify_(self) -> None:
        m = self.affine_map
        if len(self.operands) != m.num_dims + m.num_symbols:
            raise self.emit_error(
                "operand count and affine map dimension and symbol count must match"
            )

    def evaluate(self, values) -> tuple[int, ...]:
        """The map's results for integer operands."""
        dims = self.affine_map.num_dims
        return self.affine_map.evaluate(values[:dims], values[dims:])


def _single_input(m: AffineMap) -> int | None:
    """The operand position a single-result map just forwards (`(d0) -> (d0)`, `()[s0] ->
    (s0)`), else None."""
    if m.num_results != 1:
        return None
    expr = m.results[0]
    if isinstance(expr, AffineDimExpr):
        return expr.position
    if isinstance(expr, AffineSymbolExpr):
        return m.num_dims + expr.position
    return None


def _constant_results(m: AffineMap, operand_constants) -> tuple[int, ...] | None:
    """The map's results when every operand is an integer constant and every result folds
    (no division by zero), else None."""
    values = []
    for attr in operand_constants:
        if type(attr) is not IntegerAttr:
            return None
        values.append(attr.value)
    try:
        return m.evaluate(values[: m.num_dims], values[m.num_dims :])
    except (ZeroDivisionError, ValueError):
        return None


class _FoldingMapOp(AffineMapOp):
    """An affine op whose value is `pick` of its map's results."""

    @staticmethod
    def pick(results: tuple[int, ...]) -> int:
        raise NotImplementedError

    forwards = False  # whether a map that is one dim or symbol folds to that operand

    @classmethod
    def fold_map(cls, m: AffineMap, operands, operand_constants):
        """The forwarded operand (see `forwards`); the picked constant when every operand is
        constant; else None (MLIR 19's `AffineApplyOp::fold`, and `foldMinMaxOp` without its
        in-place partial folding)."""
        forwarded = _single_input(m) if cls.forwards else None
        if forwarded is not None:
            return operands[forwarded]
        results = _constant_results(m, operand_constants)
        return None if results is None else IntegerAttr(cls.pick(results), index)

    def fold(self, operand_constants):
        folded = self.fold_map(self.affine_map, list(self.operands), operand_constants)
        return None if folded is None else [folded]


class ApplyOp(_FoldingMapOp):
    """`%r = affine.apply #map(%d0)[%s0]`: the one result of the map."""

    name = "affine.apply"
    forwards = True

    @staticmethod
    def pick(results: tuple[int, ...]) -> int:
        return results[0]

    def verify_(self) -> None:
        super().verify_()
        if self.affine_map.num_results != 1:
            raise self.emit_error("mapping must produce one value")


class _MinMaxOp(_FoldingMapOp):
    def verify_(self) -> None:
        super().verify_()
        if self.affine_map.num_results == 0:
            raise self.emit_error("affine map expect at least one result")


class MinOp(_MinMaxOp):
    """`%r = affine.min #map(%d0)[%s0]`: the smallest result of the map."""

    name = "affine.min"
    pick = staticmethod(min)


class MaxOp(_MinMaxOp):
    """`%r = affine.max #map(%d0)[%s0]`: the largest result of the map."""

    name = "affine.max"
    pick = staticmethod(max)


ALL_OPS = [ApplyOp, MaxOp, MinOp]
