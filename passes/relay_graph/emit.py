"""Conversion rules as data: a table maps each source op class to a function that emits
its replacement, and one pattern class applies any rule (as JAX's rule tables).

A rule `fn(e, op, operands)` receives an `Emitter` at the op, the op, and its operands
after conversion, each as the list of values it became (a tuple is its fields). It returns
the replacement: one value, or a list of value groups (one group per result, for 1:N
results); or it raises `Unconvertible` with the reason it cannot convert this op. Building
an op whose operands its dialect rejects (a `ValueError` from inference) declines the op too.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mlc.ir.dense import DenseElementsAttr
from mlc.ir.interpreter import numpy_dtype
from mlc.ir.rewrite.conversion import ConversionPattern
from mlc.ir.rewrite.type_converter import TypeConverter
from mlc.ir.types import RankedTensorType
from mlc.ir.values import Value


class Unconvertible(Exception):
    """Raised by a rule for an op it has no faithful translation of."""


class Emitter:
    """Builds the replacement ops before the op being converted."""

    __slots__ = ("rewriter", "op", "created")

    def __init__(self, rewriter, op) -> None:
        self.rewriter = rewriter
        self.op = op
        self.created: set = set()

    def __call__(self, op_class: type, *operands, **props) -> Value:
        """The one result of a new `op_class` op with inferred result type."""
        return self.build(op_class, *operands, **props).results[0]

    def build(self, op_class: type, *operands, **props):
        """A new `op_class` op (for ops with several results)."""
        new = self.rewriter.create(op_class, *operands, loc=self.op.location, **props)
        self.created.add(new)
        return new


def scalar_attr(value, element_type) -> DenseElementsAttr:
    """The value of a rank-0 constant of `element_type`."""
    array = np.array(value, dtype=numpy_dtype(element_type))
    return DenseElementsAttr.from_array(array, RankedTensorType((), element_type))


Rule = Callable[[Emitter, object, list], object]


def single(operands) -> list:
    """The operands of an op whose operands are all tensors (one value each)."""
    return [group[0] for group in operands]


def renamed(target_op: type) -> Rule:
    """The rule of an op that is `target_op` under another name."""

    def rule(e, op, operands):
        return e(target_op, *single(operands))

    rule.__name__ = f"convert_to_{target_op.name}"
    return rule


class RuleConversion(ConversionPattern):
    """Converts ops of one class by its rule. The results take the converted types of the
    original results (so users see no cast); a result whose inferred type contradicts them
    declines the op, as the translation would compute something else."""

    one_to_n = True

    def __init__(self, root: type, rule: Rule, converter: TypeConverter, agrees, reasons: dict):
        super().__init__(root.name, type_converter=converter)
        self.rule = rule
        self.agrees = agrees
        self.reasons = reasons

    def match_and_rewrite(self, op, operands, rewriter) -> bool:
        emitter = Emitter(rewriter, op)
        try:
            replacement = self.rule(emitter, op, operands)
        except (Unconvertible, ValueError) as e:
            self.reasons[op.location] = str(e)
            return False
        if isinstance(replacement, Value):
            replacement = [[replacement]]
        for result, group in zip(op.results, replacement):
            desired = self.type_converter.convert_type_1_to_n(result.type) or ()
            for value, want in zip(group, desired):
                if value.type == want or getattr(value, "op", None) not in emitter.created:
                    continue
                if not self.agrees(want, value.type):  # the two dialects disagree: a quirk
                    self.reasons[op.location] = (  # this rule does not cover
                        f"the translation gives '{value.type}', not '{want}'"
                    )
                    return False
                value.type = want
        rewriter.replace_op_with_multiple(op, replacement)
        return True

    def __repr__(self) -> str:
        return f"<conversion rule {self.rule.__name__} of '{self.root}'>"


def rule_patterns(rules: dict, converter: TypeConverter, agrees, reasons: dict) -> list:
    """One pattern per (op class, rule) of `rules`; why a rule declined an op goes to
    `reasons`, by the op's location."""
    return [RuleConversion(cls, rule, converter, agrees, reasons) for cls, rule in rules.items()]
