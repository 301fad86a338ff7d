"""The base of graph ops: shape inference (MLIR's InferTypeOpInterface) and its checks.

Every graph op class implements `infer(operand_types, properties) -> [result types]`,
raising `ShapeError` for operands it cannot accept. From it:
- the builder computes result types when none are given (`graph.AddOp(a, b)`);
- the verifier rejects operands the op cannot accept, and result types that contradict the
  inferred ones, with a diagnostic naming both types. A declared result may be *less*
  precise than inferred (a `?` where inference knows the size): `graph-infer-shapes`
  refines it; it may not be more precise unless the inferred dim is `?`.
"""

from __future__ import annotations

from mlc.dialects.graph.shapes import ShapeError
from mlc.dialects.graph.types import TensorType
from mlc.ir.attributes import ArrayAttr, FloatAttr, IntegerAttr, StringAttr
from mlc.ir.constraints import Constraint
from mlc.ir.opdef import SINGLE
from mlc.ir.operation import Operation
from mlc.ir.types import FloatType, IntegerType, i64

GRAPH_TENSOR = Constraint(lambda t: isinstance(t, TensorType), "graph tensor")


class GraphOp(Operation):
    """Base of graph ops with inferred result types."""

    @classmethod
    def infer(cls, operand_types: list, properties: dict) -> list:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def infer_result_types(cls, operands, properties):
        try:
            return cls.infer([v.type for v in operands], properties)
        except ShapeError as e:
            raise ValueError(f"'{cls.name}': {e}") from None

    @classmethod
    def get_canonicalization_patterns(cls):
        from mlc.dialects.graph.canonicalization import PATTERNS

        return PATTERNS.get(cls, ())

    def fold(self, operand_constants):
        from mlc.dialects.graph.folding import fold_with_interpreter

        return fold_with_interpreter(self, operand_constants)

    def inferred_types(self) -> list:
        """The result types inference gives for the current operands (ShapeError if none)."""
        return type(self).infer([v.type for v in self.operands], self.properties)

    # --- syntax: `graph.add %a, %b {attrs} : (A, B) -> R`, `-> R` elided when inferred ---
    @classmethod
    def parse(cls, p):
        start = p.pos
        refs = p.parse_operand_list()
        attrs = p.parse_optional_attr_dict()
        p.expect(":")
        p.expect("(")
        types = p.parse_comma_list(p.parse_type, ")")
        operands = p.resolve_operands(refs, types)
        defined = cls.definition.operands
        if all(d.kind == SINGLE for d in defined) and len(operands) != len(defined):
            raise p.error(  # before inference, which unpacks the operand types
                f"'{cls.name}' op expected {len(defined)} operands, but found {len(operands)}",
                start,
            )
        props = {}
        for d in cls.definition.props:
            value = attrs.pop(d.attr_name, None)
            if value is None:
                value = d.default
            if value is not None:
                if not d.constraint(value):  # inference below relies on well-formed props
                    raise p.error(
                        f"'{cls.name}' op attribute '{d.attr_name}' failed to satisfy "
                        f"constraint: {d.constraint.description}",
                        start,
                    )
                props[d.attr_name] = value
            elif not d.optional:
                raise p.error(f"'{cls.name}' op requires the '{d.attr_name}' attribute", start)
        if p.consume_if("->"):
            results = p.parse_function_result_types()
        else:
            try:
                results = cls.infer(types, props)
            except ShapeError as e:
                raise p.error(f"'{cls.name}' op {e}", start) from None
        return cls.create(operands, results, props, attrs)

    def print_custom(self, p) -> None:
        if self.operands:
            p.write(" ")
            p.print_operands(self.operands)
        shown = {k: v for k, v in self.properties.items() if v != _default(type(self), k)}
        shown.update(self.attributes)
        p.print_optional_attr_dict(shown)
        p.write(" : (")
        p.print_type_list([v.type for v in self.operands])
        p.write(")")
        try:
            elide = self.inferred_types() == self.result_types
        except ShapeError:
            elide = False
        if not elide:
            p.write(" -> ")
            many = len(self.results) != 1
            p.write("(" if many else "")
            p.print_type_list(self.result_types)
            p.write(")" if many else "")

    def verify_(self) -> None:
        try:
            inferred = self.inferred_types()
        except ShapeError as e:
            raise self.emit_error(str(e)) from None
        for result, want in zip(self.results, inferred):
            if not result_type_agrees(result.type, want):
                raise self.emit_error(
                    f"result #{result.index} has type '{result.type}', but the operands give "
                    f"'{want}'"
                )


def _default(cls, name: str):
    for d in cls.definition.props:
        if d.attr_name == name:
            return d.default
    return None


def result_type_agrees(declared, inferred) -> bool:
    """A declared result type is consistent with the inferred one: same element type and
    rank, and no dim that contradicts a known inferred dim."""
    if not isinstance(declared, TensorType) or not isinstance(inferred, TensorType):
        return declared == inferred
    if declared.element_type != inferred.element_type or declared.rank != inferred.rank:
        return False
    return all(d is None or w is None or d == w for d, w in zip(declared.shape, inferred.shape))


def is_float(t) -> bool:
    return isinstance(t.element_type, FloatType)


def is_bool(t) -> bool:
    e = t.element_type
    return isinstance(e, IntegerType) and e.width == 1


def is_integer(t) -> bool:
    e = t.element_type
    return isinstance(e, IntegerType) and e.width > 1


# --- attribute helpers: ONNX-named properties as Python values --------------------------------
def int_attr(value: int) -> IntegerAttr:
    return IntegerAttr(value, i64)


def ints_attr(values) -> ArrayAttr:
    return ArrayAttr(tuple(IntegerAttr(int(v), i64) for v in values))


def get_int(props: dict, name: str, default: int | None = None) -> int | None:
    attr = props.get(name)
    return default if attr is None else attr.value


def get_ints(props: dict, name: str, default=None) -> tuple | None:
    attr = props.get(name)
    return default if attr is None else tuple(a.value for a in attr.value)


def get_float(props: dict, name: str, default: float | None = None) -> float | None:
    attr = props.get(name)
    return default if attr is None else float(attr.value)


def get_str(props: dict, name: str, default: str | None = None) -> str | None:
    attr = props.get(name)
    return default if attr is None else attr.value


def get_bool(props: dict, name: str, default: bool = False) -> bool:
    attr = props.get(name)
    if attr is None:
        return default
    return bool(attr.value)


INT_ATTR = Constraint(lambda a: isinstance(a, IntegerAttr), "integer attribute")
INTS_ATTR = Constraint(
    lambda a: isinstance(a, ArrayAttr) and all(isinstance(x, IntegerAttr) for x in a.value),
    "array of integer attributes",
)
FLOAT_ATTR = Constraint(lambda a: isinstance(a, FloatAttr), "float attribute")
STR_ATTR = Constraint(lambda a: isinstance(a, StringAttr), "string attribute")
