"""What the ONNX frontend says about models it cannot import: a located `DiagnosticError`
naming the node (name or index), its op type and the opset; `mlc-translate --import-onnx`
prints it and exits 1 without a traceback."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import mlc  # noqa: E402
from mlc.frontends.onnx import from_onnx  # noqa: E402


def one_node_model(node, opset: int = 17, inputs=None, initializers=()):
    inputs = inputs or [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4, 4])]
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    graph = helper.make_graph([node], "g", inputs, [y], list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def diagnostic(model) -> str:
    with pytest.raises(mlc.DiagnosticError) as info:
        from_onnx(model)
    return str(info.value)


def test_unsupported_operator_names_node_op_type_and_opset() -> None:
    model = one_node_model(helper.make_node("NonZero", ["x"], ["y"], name="nz"))
    text = diagnostic(model)
    assert "ONNX node 'nz' (#0) of type 'NonZero' at opset 17: unsupported operator" in text
    assert text.startswith('loc("nz"): error:')


def test_unnamed_node_is_named_by_index() -> None:
    relu = helper.make_node("Relu", ["x"], ["r"])
    nodes = [relu, helper.make_node("TopK", ["r", "k"], ["y", "i"])]
    k = numpy_helper.from_array(np.array([1], dtype="int64"), "k")
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, None)
    graph = helper.make_graph(nodes, "g", [x], [y], [k])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 19)])
    assert "ONNX node #1 of type 'TopK' at opset 19: unsupported operator" in diagnostic(model)


def test_unsupported_attribute_value() -> None:
    scales = numpy_helper.from_array(np.array([1, 1, 2, 2], "float32"), "s")
    node = helper.make_node("Resize", ["x", "", "s"], ["y"], name="up", mode="cubic")
    text = diagnostic(one_node_model(node, 19, initializers=[scales]))
    assert "ONNX node 'up' (#0) of type 'Resize' at opset 19" in text
    assert "attribute mode='cubic' is not supported" in text


def test_training_mode_is_rejected() -> None:
    node = helper.make_node("Dropout", ["x", "", "t"], ["y"], name="drop")
    t = numpy_helper.from_array(np.array(True), "t")
    text = diagnostic(one_node_model(node, 17, initializers=[t]))
    assert "'drop' (#0) of type 'Dropout' at opset 17: training_mode = true" in text


def test_attribute_input_that_is_not_known() -> None:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 6])
    shape = helper.make_tensor_value_info("shape", TensorProto.INT64, [2])
    node = helper.make_node("Reshape", ["x", "shape"], ["y"], name="r")
    text = diagnostic(one_node_model(node, 17, inputs=[x, shape]))
    assert "ONNX node 'r' (#0) of type 'Reshape' at opset 17: input 'shape' must be known" in text


def test_other_domains_and_old_opsets() -> None:
    node = helper.make_node("FusedGemm", ["x"], ["y"], domain="com.microsoft", name="f")
    model = one_node_model(node)
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    assert "of type 'FusedGemm' at opset 17: operators of domain 'com.microsoft'" in (
        diagnostic(model)
    )
    old = one_node_model(helper.make_node("Relu", ["x"], ["y"]), opset=11)
    assert "opset 11 is not supported (the ONNX frontend covers opsets 13 to" in diagnostic(old)


def test_unsupported_element_type() -> None:
    x = helper.make_tensor_value_info("x", TensorProto.STRING, [2])
    model = one_node_model(helper.make_node("Identity", ["x"], ["y"]), inputs=[x])
    assert "graph input 'x': element type STRING is not supported" in diagnostic(model)


def test_bad_paths(tmp_path) -> None:
    missing = tmp_path / "missing.onnx"
    with pytest.raises(mlc.DiagnosticError, match="cannot open the ONNX model"):
        from_onnx(str(missing))
    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"\xff\xfenot a protobuf at all")
    with pytest.raises(mlc.DiagnosticError) as info:
        from_onnx(str(garbage))
    assert str(info.value).startswith(f"{garbage}:1:1: error: ")


def mlc_translate(*args: str) -> subprocess.CompletedProcess:
    code = "from mlc.tools.mlc_translate import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_mlc_translate_imports_onnx(tmp_path) -> None:
    path = tmp_path / "relu.onnx"
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 4])
    onnx.save(one_node_model(helper.make_node("Relu", ["x"], ["y"]), inputs=[x]), str(path))
    run = mlc_translate("--import-onnx", str(path))
    assert run.returncode == 0, run.stderr
    assert "graph.func @main<n>(%arg0: !graph.tensor<[n, 4], f32>)" in run.stdout
    assert "relu %arg0" in run.stdout


@pytest.mark.parametrize("content", [b"\x08\x01garbage\x00\xff", None], ids=["bad", "missing"])
def test_mlc_translate_bad_model_exits_1_without_traceback(tmp_path, content) -> None:
    path = tmp_path / "model.onnx"
    if content is not None:
        path.write_bytes(content)
    run = mlc_translate("--import-onnx", str(path))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"{path}:1:1: error: cannot " in run.stderr


def test_mlc_translate_unsupported_op_names_the_node(tmp_path) -> None:
    path = tmp_path / "nz.onnx"
    onnx.save(one_node_model(helper.make_node("NonZero", ["x"], ["y"], name="nz")), str(path))
    run = mlc_translate("--import-onnx", str(path))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "ONNX node 'nz' (#0) of type 'NonZero' at opset 17" in run.stderr
