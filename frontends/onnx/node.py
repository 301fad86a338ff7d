"""`NodeContext`: what a converter sees of one ONNX node (inputs, attributes, emission).

Converters read inputs as SSA values (`value`), as elements known at import time (`known`,
`ints`), or by type (`type`), read attributes with ONNX's defaults (`attr`), build graph
ops located at the node (`emit`), and report what they cannot express (`fail`), which names
the node, its op type and the model's opset.
"""

from __future__ import annotations

import numpy as np

from mlc.dialects.graph.types import TensorType, numpy_dtype
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.location import NameLoc


class NodeContext:
    """One node being converted by `importer.Importer`."""

    __slots__ = ("importer", "node", "index", "opset", "loc", "_attrs")

    def __init__(self, importer, node, index: int) -> None:
        from onnx import helper

        self.importer = importer
        self.node = node
        self.index = index
        self.opset = importer.opset
        self.loc = NameLoc(node.name or f"{node.op_type}_{index}")
        self._attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}

    # --- diagnostics -----------------------------------------------------------------------
    @property
    def label(self) -> str:
        name = f"'{self.node.name}' (#{self.index})" if self.node.name else f"#{self.index}"
        return f"ONNX node {name} of type '{self.node.op_type}' at opset {self.opset}"

    def fail(self, message: str) -> DiagnosticError:
        """A diagnostic naming the node: `raise nc.fail("...")`."""
        return DiagnosticError(f"{self.label}: {message}", self.loc)

    # --- inputs ------------------------------------------------------------------------------
    @property
    def num_inputs(self) -> int:
        return len(self.node.input)

    def has_input(self, i: int) -> bool:
        return i < len(self.node.input) and bool(self.node.input[i])

    def _name(self, i: int) -> str:
        if not self.has_input(i):
            raise self.fail(f"input #{i} is required")
        name = self.node.input[i]
        if name not in self.importer.entries:
            raise self.fail(f"input #{i} ('{name}') is not defined before the node")
        return name

    def value(self, i: int):
        """Input `i` as an SSA value (None when absent)."""
        if not self.has_input(i):
            return None
        return self.importer.materialize(self._name(i), self.loc)

    def values(self) -> list:
        return [self.value(i) for i in range(self.num_inputs) if self.has_input(i)]

    def type(self, i: int) -> TensorType:
        return self.importer.entries[self._name(i)].type

    def known(self, i: int) -> np.ndarray | None:
        """Input `i`'s elements when known at import time (None when absent or unknown)."""
        if not self.has_input(i):
            return None
        return self.importer.entries[self._name(i)].array

    def ints(self, i: int, what: str, default=None) -> list | None:
        """Input `i` as a list of ints (or symbolic dims), which must be known at import time:
        the graph dialect takes it as an attribute."""
        if not self.has_input(i):
            return default
        array = self.known(i)
        if array is None:
            raise self.fail(
                f"input '{what}' must be known at import time (a constant or computed from "
                "shapes); the graph dialect takes it as an attribute"
            )
        return [d if not isinstance(d, (np.integer, int)) else int(d) for d in array.ravel()]

    def static_ints(self, i: int, what: str, default=None) -> list | None:
        """`ints` that must not be symbolic."""
        values = self.ints(i, what, default)
        if values is not None and any(type(v) is not int for v in values):
            raise self.fail(f"input '{what}' must not depend on symbolic sizes: {values}")
        return values

    def scalar(self, i: int, what: str, default=None):
        if not self.has_input(i):
            return default
        array = self.known(i)
        if array is None:
            raise self.fail(f"input '{what}' must be a constant")
        if array.size != 1:
            raise self.fail(f"input '{what}' must hold one element, got shape {array.shape}")
        return array.ravel()[0]

    # --- attributes --------------------------------------------------------------------------
    def attr(self, name: str, default=None):
        """Attribute `name` as a Python value (str for strings, lists for repeated fields)."""
        value = self._attrs.get(name, default)
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, list) and value and isinstance(value[0], bytes):
            return [v.decode("utf-8", "replace") for v in value]
        return value

    def has_attr(self, name: str) -> bool:
        return name in self._attrs

    def check_attr(self, name: str, allowed, default=None):
        """Attribute `name`, which must be one of `allowed` (else an unsupported-value
        diagnostic)."""
        value = self.attr(name, default)
        if value not in allowed:
            raise self.fail(f"attribute {name}={value!r} is not supported")
        return value

    # --- outputs -----------------------------------------------------------------------------
    @property
    def num_outputs(self) -> int:
        return len(self.node.output)

    def output_used(self, i: int) -> bool:
        return i < len(self.node.output) and bool(self.node.output[i])

    def only_first_output(self) -> None:
        for i in range(1, self.num_outputs):
            if self.output_used(i):
                raise self.fail(f"output #{i} ('{self.node.output[i]}') is not supported")

    # --- emission ----------------------------------------------------------------------------
    def emit_op(self, op_class: type, *operands, **props):
        """Build `op_class` at the node's location (inference errors become diagnostics)."""
        try:
            return self.importer.builder.create(op_class, *operands, loc=self.loc, **props)
        except ValueError as e:
            raise self.fail(f"cannot build '{op_class.name}': {e}") from None

    def emit(self, op_class: type, *operands, **props):
        """The one result of a new `op_class` op."""
        return self.emit_op(op_class, *operands, **props).results[0]

    def constant(self, array, like=None):
        """A `graph.constant` of `array`, in the element type of the tensor type `like`."""
        array = np.asarray(array)
        if like is not None:
            array = array.astype(numpy_dtype(like.element_type))
        return self.importer.constant(np.array(array, order="C"), self.loc)
