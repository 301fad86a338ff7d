"""The ONNX frontend: `from_onnx(model)` imports an ONNX model into the graph dialect.

    module = mlc.frontends.onnx.from_onnx("model.onnx", shapes={"input": (1, 3, 224, 224)})
    mlc.interpret(module, "main", x)

The `onnx` package is imported on the first call, so `import mlc` does not need it. See
docs/onnx.md for the mapping of operators onto graph ops.
"""

from __future__ import annotations


def from_onnx(model, shapes=None, keep_params_in_input: bool = False):
    """Import `model` (an `onnx.ModelProto` or a path) into a verified graph-dialect module
    whose `@main` takes the graph inputs and returns the graph outputs.

    `shapes` maps input names to shapes overriding the model's (ints, size-variable names,
    or None for a fresh variable); with `keep_params_in_input` the float initializers
    become trailing arguments of `@main` instead of constants. Unsupported operators,
    attribute values and unreadable models raise `mlc.DiagnosticError`."""
    from mlc.frontends.onnx.importer import from_onnx as run

    return run(model, shapes, keep_params_in_input)


def supported_op_types() -> list[str]:
    """The ONNX operator types the frontend converts (in some opset from 13 on)."""
    from mlc.frontends.onnx.importer import load_converters
    from mlc.frontends.onnx.registry import supported_op_types as names

    load_converters()
    return names()


__all__ = ["from_onnx", "supported_op_types"]
