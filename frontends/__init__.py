"""Model importers into the graph dialect: `mlc.frontends.onnx.from_onnx(model)`.

Each frontend imports its model library lazily, so `import mlc` needs none of them."""

from mlc.frontends import onnx

__all__ = ["onnx"]
