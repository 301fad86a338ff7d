"""Relay's element-wise, tuple and basic nn ops compute what Relay defines (each expected
value is written here from Relay's definition, not from the interpreter)."""

from __future__ import annotations

import numpy as np
import pytest

import mlc


def run(body: str, args: list, arg_types: list[str], result_types: list[str]):
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(arg_types))
    text = (f"func.func @f({params}) -> ({', '.join(result_types)}) {{\n{body}\n}}")  # fmt: skip
    return mlc.interpret(mlc.parse(text, mlc.Context()), "f", *args)


def test_dense_multiplies_by_the_transposed_weight_and_bias_add_uses_axis():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5)).astype(np.float32)
    w = rng.standard_normal((4, 5)).astype(np.float32)
    b = rng.standard_normal(3).astype(np.float32)
    (got,) = run(
        "%0 = relay.nn.dense %a0, %a1 : (tensor<2x3x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4xf32>\n"
        "%1 = relay.nn.bias_add %0, %a2 : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>\n"
        "return %1 : tensor<2x3x4xf32>",
        [x, w, b], ["tensor<2x3x5xf32>", "tensor<4x5xf32>", "tensor<3xf32>"],
        ["tensor<2x3x4xf32>"],
    )  # fmt: skip
    want = np.einsum("bik,uk->biu", x, w) + b[None, :, None]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_integer_divide_truncates_and_floor_divide_floors():
    a = np.array([7, -7, 7, -7], np.int32)
    b = np.array([2, 2, -2, -2], np.int32)
    t = "tensor<4xi32>"
    got = run(
        f"%0 = relay.divide %a0, %a1 : ({t}, {t}) -> {t}\n"
        f"%1 = relay.floor_divide %a0, %a1 : ({t}, {t}) -> {t}\n"
        f"return %0, %1 : {t}, {t}",
        [a, b], [t, t], [t, t],
    )  # fmt: skip
    np.testing.assert_array_equal(got[0], [3, -3, -3, 3])
    np.testing.assert_array_equal(got[1], [3, -4, -4, 3])


def test_round_is_half_away_from_zero_and_relu_keeps_nan():
    x = np.array([0.5, 1.5, 2.5, -0.5, -2.5, np.nan], np.float32)
    t = "tensor<6xf32>"
    got = run(
        f"%0 = relay.round %a0 : ({t}) -> {t}\n%1 = relay.nn.relu %a0 : ({t}) -> {t}\n"
        f"return %0, %1 : {t}, {t}",
        [x], [t], [t, t],
    )  # fmt: skip
    np.testing.assert_array_equal(got[0], [1, 2, 3, -1, -3, np.nan])
    np.testing.assert_array_equal(got[1], [0.5, 1.5, 2.5, 0, 0, np.nan])


def test_batch_norm_returns_the_normalized_data_and_the_moving_statistics():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 2, 2)).astype(np.float32)
    g, b, m = (rng.standard_normal(3).astype(np.float32) for _ in range(3))
    v = rng.random(3).astype(np.float32) + 0.5
    vec, data = "tensor<3xf32>", "tensor<2x3x2x2xf32>"
    tup = f"tuple<{data}, {vec}, {vec}>"
    got = run(
        f"%t = relay.nn.batch_norm %a0, %a1, %a2, %a3, %a4 {{epsilon = 1.0e-3 : f32}} : "
        f"({data}, {vec}, {vec}, {vec}, {vec}) -> {tup}\n"
        f"%0 = relay.tuple_get_item %t {{index = 0 : i64}} : ({tup}) -> {data}\n"
        f"%1 = relay.tuple_get_item %t {{index = 2 : i64}} : ({tup}) -> {vec}\n"
        f"return %0, %1 : {data}, {vec}",
        [x, g, b, m, v], [data, vec, vec, vec, vec], [data, vec],
    )  # fmt: skip
    c = (slice(None), None, None)
    want = (x - m[c]) / np.sqrt(v[c] + 1e-3) * g[c] + b[c]
    np.testing.assert_allclose(got[0], want, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(got[1], v)


@pytest.mark.parametrize("axis", [-1, 1])
def test_layer_norm_and_softmax_along_an_axis(axis):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 4)).astype(np.float32)
    g = rng.standard_normal(x.shape[axis]).astype(np.float32)
    b = rng.standard_normal(x.shape[axis]).astype(np.float32)
    t, v = "tensor<2x4xf32>", "tensor<4xf32>"
    got = run(
        f"%0 = relay.nn.layer_norm %a0, %a1, %a2 {{axis = {axis} : i64}} : ({t}, {v}, {v}) -> {t}\n"
        f"%1 = relay.nn.softmax %a0 {{axis = {axis} : i64}} : ({t}) -> {t}\n"
        f"return %0, %1 : {t}, {t}",
        [x, g, b], [t, v, v], [t, t],
    )  # fmt: skip
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    np.testing.assert_allclose(got[0], (x - mean) / np.sqrt(var + 1e-5) * g + b, rtol=1e-4,
                               atol=1e-5)  # fmt: skip
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    np.testing.assert_allclose(got[1], e / e.sum(axis=-1, keepdims=True), rtol=1e-5)
