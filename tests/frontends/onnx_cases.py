"""ONNX's backend node test cases and how to check mlc against them, shared by the
interpreted (`test_onnx_node_cases.py`) and compiled (`test_onnx_compiled_cases.py`) tests.

The cases come from the installed onnx package (`collect_testcases` builds each case's
model, inputs and expected outputs; recent wheels ship no data files). A case runs when the
frontend supports its operators (at the case's opset, 13 or newer); the ones expected to fail
are listed in `EXPECTED_FAILURES` with the reason.

The graph dialect takes shapes, axes, pads, repeats, scales and slice bounds as attributes,
so the frontend needs those inputs known at import time; many node cases feed them as graph
inputs. `freeze` turns such inputs into initializers holding the case's values, as a user
would with a model whose shapes are fixed.
"""

from __future__ import annotations

import re
import warnings

import ml_dtypes
import numpy as np
import onnx
from onnx import numpy_helper

from mlc.frontends.onnx import supported_op_types

# inputs (by position) that the graph dialect takes as attributes
ATTRIBUTE_INPUTS = {
    "Reshape": {1}, "Slice": {1, 2, 3, 4}, "Split": {1}, "Squeeze": {1}, "Unsqueeze": {1},
    "Tile": {1}, "Expand": {1}, "Pad": {1, 2, 3}, "ConstantOfShape": {0}, "Range": {0, 1, 2},
    "Resize": {1, 2, 3}, "Dropout": {1, 2}, "ReduceSum": {1}, "ReduceMean": {1},
    "ReduceMax": {1}, "ReduceMin": {1}, "ReduceProd": {1}, "ReduceL1": {1}, "ReduceL2": {1},
    "ReduceLogSum": {1}, "ReduceLogSumExp": {1}, "ReduceSumSquare": {1},
}  # fmt: skip

# (regular expression matching case names, reason): supported operators whose cases fail
EXPECTED_FAILURES = [
    (
        r"test_cast(like)?_.*(FLOAT8|FLOAT4|INT4|UINT4|INT2|UINT2|e8m0|E8M0)",
        "float8, float4, int4/uint4 and int2/uint2 are not graph element types",
    ),
    (r"test_(cast(like)?_.*STRING|equal_string)", "string tensors are not graph tensors"),
    (r"test_identity_(sequence|opt)", "sequence and optional values are not graph tensors"),
    (r"test_resize_.*cubic", "Resize mode 'cubic' is not supported"),
    (r"test_resize_tf_crop_and_resize", "Resize tf_crop_and_resize (roi, extrapolation)"),
    (r"test_resize_downsample_.*_linear_antialias", "Resize antialias is not supported"),
    (r"test_training_dropout", "Dropout in training mode is not supported (inference)"),
    (r"test_batchnorm_.*training_mode", "BatchNormalization training_mode is not supported"),
    (r"test_maxpool_with_argmax", "graph.max_pool has no Indices output"),
    (
        r"test_mod_.*float.*fmod_0|test_mod_float_edge_cases_fmod_0",
        "graph.mod rejects floats without fmod (ONNX leaves float Mod with fmod=0 undefined, "
        "the reference uses numpy's mod)",
    ),
    (r"test_einsum_batch_diagonal", "Einsum diagonals (repeated letters) are not supported"),
    (
        r"test_convtranspose_output_shape$",
        "output_shape larger than the full output needs negative pads, which graph ops lack",
    ),
    (
        r"test_(blackman|hamming|hann)window(_symmetric)?_expanded",
        "Range of a run-time size: the graph dialect has no range op",
    ),
    (
        r"test_center_crop_pad_.*_expanded",
        "Pad of run-time pads (computed with float arithmetic) needs pads known at import",
    ),
    (r"test_range_bfloat16_type_positive_delta", "bf16 constants of Range are not folded"),
]

FLOAT_TOLERANCES = {np.dtype(np.float16): 1e-2, np.dtype(ml_dtypes.bfloat16): 2e-2,
                    np.dtype(np.float32): 1e-4, np.dtype(np.float64): 1e-7}  # fmt: skip


def _collect() -> dict:
    from onnx.backend.test.case.node import collect_testcases

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return {c.name: c for c in collect_testcases(None) if c.model is not None}


def _opset(model) -> int:
    return next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)


def _supported(case, op_types: set) -> bool:
    nodes = case.model.graph.node
    return _opset(case.model) >= 13 and all(
        n.domain in ("", "ai.onnx") and n.op_type in op_types for n in nodes
    )


CASES = _collect()
SUPPORTED_OPS = set(supported_op_types())
SUPPORTED = sorted(name for name, c in CASES.items() if _supported(c, SUPPORTED_OPS))


def expected_failure(name: str) -> str | None:
    """Why case `name` is expected to fail, or None."""
    for pattern, reason in EXPECTED_FAILURES:
        if re.search(pattern, name):
            return reason
    return None


def as_array(x) -> np.ndarray:
    """A case's input or output (a TensorProto or an array) as a numpy array."""
    return numpy_helper.to_array(x) if hasattr(x, "data_type") else np.asarray(x)


def freeze(model, inputs: list) -> tuple:
    """The model with its attribute-like graph inputs made initializers of `inputs`' values,
    and the remaining inputs."""
    names = set()
    for node in model.graph.node:
        for i in ATTRIBUTE_INPUTS.get(node.op_type, ()):
            if i < len(node.input) and node.input[i]:
                names.add(node.input[i])
    if not names & {i.name for i in model.graph.input}:
        return model, inputs
    frozen = onnx.ModelProto()
    frozen.CopyFrom(model)
    del frozen.graph.input[:]
    rest = []
    for info, value in zip(model.graph.input, inputs):
        if info.name in names:
            frozen.graph.initializer.append(numpy_helper.from_array(value, info.name))
        else:
            frozen.graph.input.append(info)
            rest.append(value)
    return frozen, rest


def check_output(got: np.ndarray, want: np.ndarray, case) -> None:
    """`got` equals the stored output `want` (within the element type's tolerance)."""
    assert got.shape == want.shape, f"shape {got.shape}, expected {want.shape}"
    assert got.dtype == want.dtype, f"dtype {got.dtype}, expected {want.dtype}"
    tolerance = FLOAT_TOLERANCES.get(want.dtype)
    if tolerance is None:
        np.testing.assert_array_equal(got, want)
        return
    rtol = max(tolerance, case.rtol)
    atol = max(tolerance / 10, case.atol)
    np.testing.assert_allclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol,
                               atol=atol, equal_nan=True)  # fmt: skip
