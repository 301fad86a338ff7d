"""The table of ONNX operator converters, keyed by (op type, since-version).

A converter is registered for the opset version from which it applies; a node of a model
whose default-domain opset is V uses the converter with the greatest since-version <= V, as
ONNX resolves an operator's schema (`onnx.defs.get_schema(op, V)`). Only the default ONNX
domain is covered.
"""

from __future__ import annotations

from collections.abc import Callable

# The opsets whose semantics the converters follow (onnx 1.23's newest is 28).
MIN_OPSET = 13
MAX_OPSET = 28

Converter = Callable  # fn(node: NodeContext) -> list of outputs (Value | numpy array | None)

CONVERTERS: dict[str, dict[int, Converter]] = {}


def converter(*op_types: str, since: int = MIN_OPSET):
    """Register the decorated function for `op_types` from opset `since` on."""

    def register(fn: Converter) -> Converter:
        for op_type in op_types:
            CONVERTERS.setdefault(op_type, {})[since] = fn
        return fn

    return register


def lookup(op_type: str, opset: int) -> Converter | None:
    """The converter of `op_type` at `opset`, or None when it is not supported there."""
    versions = CONVERTERS.get(op_type)
    if not versions:
        return None
    usable = [v for v in versions if v <= opset]
    return versions[max(usable)] if usable else None


def supported_op_types() -> list[str]:
    """Every op type some opset supports, sorted."""
    return sorted(CONVERTERS)
