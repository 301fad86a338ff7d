"""The base of relay ops: a type relation, checked by the verifier and used by builders.

Attributes are optional properties read with their Relay defaults (`attr`), so a printed op
shows what its author wrote, as Relay's text format omits default attributes.
"""

from __future__ import annotations

from mlc.dialects.legacy_relay.relations import RelationError, agrees
from mlc.ir.attributes import ArrayAttr, FloatAttr, IntegerAttr, StringAttr, TypeAttr
from mlc.ir.constraints import Constraint
from mlc.ir.operation import Operation
from mlc.ir.traits import Pure
from mlc.ir.types import i64

INT = Constraint(lambda a: isinstance(a, IntegerAttr), "integer attribute")
INTS = Constraint(
    lambda a: isinstance(a, ArrayAttr) and all(isinstance(x, IntegerAttr) for x in a.value),
    "array of integer attributes",
)
FLOAT = Constraint(lambda a: isinstance(a, (FloatAttr, IntegerAttr)), "number attribute")
STRING = Constraint(lambda a: isinstance(a, StringAttr), "string attribute")
TYPE = Constraint(lambda a: isinstance(a, TypeAttr), "type attribute")


def attr(props: dict, name: str, default=None):
    """The Python value of attribute `name` (ints, floats, strings, lists of ints, types),
    or `default` when absent."""
    a = props.get(name)
    if a is None:
        return default
    if isinstance(a, ArrayAttr):
        return [x.value for x in a.value]
    if isinstance(a, FloatAttr):
        return float(a.value)
    return a.value


def ints(values) -> ArrayAttr:
    return ArrayAttr(tuple(IntegerAttr(int(v), i64) for v in values))


class RelayOp(Operation):
    """Base of relay ops: `relation(operand_types, properties) -> result types`."""

    traits = (Pure(),)

    @classmethod
    def relation(cls, types: list, props: dict) -> list:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def infer_result_types(cls, operands, properties):
        try:
            return cls.relation([v.type for v in operands], properties)
        except RelationError as e:
            raise ValueError(f"'{cls.name}': {e}") from None

    def verify_(self) -> None:
        try:
            inferred = type(self).relation([v.type for v in self.operands], self.properties)
        except RelationError as e:
            raise self.emit_error(str(e)) from None
        for result, want in zip(self.results, inferred):
            if not agrees(result.type, want):
                raise self.emit_error(
                    f"result #{result.index} has type '{result.type}', but the type relation "
                    f"gives '{want}'"
                )
