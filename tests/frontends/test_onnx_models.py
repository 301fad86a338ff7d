"""Whole models built with onnx.helper, imported by mlc and interpreted: the results equal
onnxruntime's, for a static batch and for a symbolic (`dim_param`) one, interpreted and
compiled by `mlc.compile`."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import mlc  # noqa: E402
from mlc.dialects.graph.symbolic import var  # noqa: E402

OPSET = 17
RNG = np.random.default_rng(0)


def weight(name: str, *shape, scale: float = 0.2):
    return numpy_helper.from_array((RNG.standard_normal(shape) * scale).astype(np.float32), name)


def ints(name: str, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def make_model(nodes, inputs, outputs, initializers, opset: int = OPSET):
    graph = helper.make_graph(nodes, "model", inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def mlp(batch):
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["h"]),
        helper.make_node("Add", ["h", "b1"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["a1"]),
        helper.make_node("Gemm", ["a1", "w2", "b2"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["y"], axis=-1),
    ]
    inits = [weight("w1", 16, 32), weight("b1", 32), weight("w2", 10, 32), weight("b2", 10)]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 16])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, 10])
    return make_model(nodes, [x], [y], inits), {"x": (16,)}


def resnet_block(batch):
    """conv+bn+relu, conv+bn, residual add, relu, global pool, flatten, gemm."""
    c = 8
    nodes = [
        helper.make_node("Conv", ["x", "w0", "b0"], ["stem"], kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["stem"], ["s"]),
        helper.make_node("Conv", ["s", "w1"], ["c1"], kernel_shape=[3, 3], auto_pad="SAME_UPPER"),
        helper.make_node("BatchNormalization", ["c1", "g1", "be1", "m1", "v1"], ["n1"]),
        helper.make_node("Relu", ["n1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c2", "g2", "be2", "m2", "v2"], ["n2"],
                         epsilon=1e-3),
        helper.make_node("Add", ["n2", "s"], ["res"]),
        helper.make_node("Relu", ["res"], ["r2"]),
        helper.make_node("MaxPool", ["r2"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("GlobalAveragePool", ["p"], ["g"]),
        helper.make_node("Flatten", ["g"], ["f"]),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["y"], transB=1, alpha=0.5, beta=2.0),
    ]  # fmt: skip
    inits = [weight("w0", c, 3, 3, 3), weight("b0", c), weight("w1", c, c, 3, 3),
             weight("w2", c, c, 3, 3), weight("wf", 5, c), weight("bf", 5)]  # fmt: skip
    for i in (1, 2):
        inits += [weight(f"g{i}", c, scale=1.0), weight(f"be{i}", c), weight(f"m{i}", c)]
        inits.append(numpy_helper.from_array(RNG.uniform(0.5, 1.5, c).astype(np.float32),
                                             f"v{i}"))  # fmt: skip
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, 3, 8, 8])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, 5])
    return make_model(nodes, [x], [y], inits), {"x": (3, 8, 8)}


def encoder_layer(batch):
    """Self-attention (2 heads) + residual + LayerNormalization, then a Gelu (Erf form)
    feed-forward + residual + LayerNormalization; the head split is a Reshape whose shape is
    computed from Shape, so a symbolic batch goes through the shape computation."""
    seq, d, heads = 4, 8, 2
    hd = d // heads
    nodes = []

    def proj(name: str, src: str):
        nodes.append(helper.make_node("MatMul", [src, f"w{name}"], [f"{name}0"]))
        nodes.append(helper.make_node("Add", [f"{name}0", f"b{name}"], [f"{name}1"]))
        nodes.append(helper.make_node("Reshape", [f"{name}1", "heads_shape"], [f"{name}2"]))
        nodes.append(helper.make_node("Transpose", [f"{name}2"], [f"{name}h"],
                                      perm=[0, 2, 1, 3]))  # fmt: skip

    nodes += [
        helper.make_node("Shape", ["x"], ["xs"]),
        helper.make_node("Gather", ["xs", "zero"], ["b"], axis=0),
        helper.make_node("Unsqueeze", ["b", "axis0"], ["b1"]),
        helper.make_node("Concat", ["b1", "tail"], ["heads_shape"], axis=0),
    ]
    for name in "qkv":
        proj(name, "x")
    nodes += [
        helper.make_node("Transpose", ["kh"], ["kt"], perm=[0, 1, 3, 2]),
        helper.make_node("MatMul", ["qh", "kt"], ["scores0"]),
        helper.make_node("Div", ["scores0", "scale"], ["scores"]),
        helper.make_node("Softmax", ["scores"], ["attn"], axis=-1),
        helper.make_node("MatMul", ["attn", "vh"], ["ctx0"]),
        helper.make_node("Transpose", ["ctx0"], ["ctx1"], perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["ctx1", "merge_shape"], ["ctx"]),
        helper.make_node("MatMul", ["ctx", "wo"], ["o0"]),
        helper.make_node("Add", ["o0", "x"], ["res1"]),
        helper.make_node("LayerNormalization", ["res1", "ln1_g", "ln1_b"], ["h1"], axis=-1),
        helper.make_node("MatMul", ["h1", "wf1"], ["f0"]),
        helper.make_node("Div", ["f0", "sqrt2"], ["f1"]),
        helper.make_node("Erf", ["f1"], ["f2"]),
        helper.make_node("Add", ["f2", "one"], ["f3"]),
        helper.make_node("Mul", ["f0", "f3"], ["f4"]),
        helper.make_node("Mul", ["f4", "half"], ["gelu"]),
        helper.make_node("MatMul", ["gelu", "wf2"], ["f5"]),
        helper.make_node("Add", ["f5", "h1"], ["res2"]),
        helper.make_node("LayerNormalization", ["res2", "ln2_g", "ln2_b"], ["y"], epsilon=1e-6),
    ]

    def scalar(name, value):
        return numpy_helper.from_array(np.array(value, np.float32), name)

    inits = [ints("zero", 0), ints("axis0", [0]), ints("tail", [seq, heads, hd]),
             ints("merge_shape", [0, 0, d]), scalar("scale", np.sqrt(hd)),
             scalar("sqrt2", np.sqrt(2)), scalar("one", 1.0), scalar("half", 0.5),
             weight("wo", d, d), weight("wf1", d, 16), weight("wf2", 16, d)]  # fmt: skip
    for name in "qkv":
        inits += [weight(f"w{name}", d, d), weight(f"b{name}", d)]
    for name in ("ln1", "ln2"):
        inits += [weight(f"{name}_g", d, scale=1.0), weight(f"{name}_b", d)]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, seq, d])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [batch, seq, d])
    return make_model(nodes, [x], [y], inits), {"x": (seq, d)}


MODELS = {"mlp": mlp, "resnet_block": resnet_block, "encoder_layer": encoder_layer}


def onnxruntime_run(model, feeds: dict) -> list:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


@pytest.mark.parametrize("batch", [2, "batch_size"], ids=["static", "symbolic"])
@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_matches_onnxruntime(name: str, batch) -> None:
    model, inner = MODELS[name](batch)
    module = mlc.frontends.onnx.from_onnx(model)
    main = next(iter(module.ops))
    if isinstance(batch, str):
        assert main.size_vars == ("batch_size",)
        assert main.type.inputs[0].shape[0] == var("batch_size")
        assert main.type.results[0].shape[0] == var("batch_size")
    main_compiled = mlc.compile(module)["main"]
    for n in [2] if isinstance(batch, int) else [1, 3]:
        x = RNG.standard_normal((n, *inner["x"])).astype(np.float32)
        (want,) = onnxruntime_run(model, {"x": x})
        (got,) = mlc.interpret(module, "main", x)
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(main_compiled(x), want, rtol=1e-4, atol=1e-5)


def test_module_prints_and_parses_back() -> None:
    model, _ = mlp("n")
    module = mlc.frontends.onnx.from_onnx(model)
    again = mlc.parse(str(module))
    x = RNG.standard_normal((3, 16)).astype(np.float32)
    np.testing.assert_array_equal(mlc.interpret(module, "main", x)[0],
                                  mlc.interpret(again, "main", x)[0])  # fmt: skip


def test_shapes_override_and_params_in_input() -> None:
    model, _ = mlp("n")
    module = mlc.frontends.onnx.from_onnx(model, shapes={"x": (4, 16)})
    main = next(iter(module.ops))
    assert main.size_vars == ()
    assert main.type.inputs[0].shape == (4, 16)
    with_params = mlc.frontends.onnx.from_onnx(model, keep_params_in_input=True)
    main = next(iter(with_params.ops))
    assert [t.shape for t in main.type.inputs[1:]] == [(16, 32), (32,), (10, 32), (10,)]
    x = RNG.standard_normal((2, 16)).astype(np.float32)
    params = [numpy_helper.to_array(t) for t in model.graph.initializer]
    np.testing.assert_allclose(mlc.interpret(with_params, "main", x, *params)[0],
                               onnxruntime_run(model, {"x": x})[0], rtol=1e-5)  # fmt: skip


def test_dim_params_are_sanitised_and_unnamed_dims_get_fresh_names() -> None:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch-size", None])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch-size", None])
    model = make_model([helper.make_node("Relu", ["x"], ["y"])], [x], [y], [])
    main = next(iter(mlc.frontends.onnx.from_onnx(model).ops))
    assert main.size_vars == ("batch_size", "d0")


def test_model_from_path(tmp_path) -> None:
    model, _ = mlp(2)
    path = tmp_path / "mlp.onnx"
    onnx.save(model, str(path))
    module = mlc.frontends.onnx.from_onnx(str(path))
    x = RNG.standard_normal((2, 16)).astype(np.float32)
    np.testing.assert_allclose(mlc.interpret(module, "main", x)[0],
                               onnxruntime_run(model, {"x": x})[0], rtol=1e-5)  # fmt: skip
