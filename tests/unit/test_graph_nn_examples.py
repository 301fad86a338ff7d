"""examples/cnn.mlir and examples/mlp.mlir parse, verify, and interpret to what an
independent numpy evaluation of the same networks gives, at several batch sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from graph_nn_reference import channel, conv, pool
from scipy import special

import mlc

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _weights(rng, *shapes):
    return [rng.standard_normal(s).astype(np.float32) * 0.5 for s in shapes]


def _cnn_reference(x, w1, b1, w2, scale, bias, mean, var, w3, b3, fc_w, fc_b):
    same = dict(strides=[1, 1], pads=[1, 1, 1, 1], dilations=[1, 1])
    relu = lambda a: np.maximum(a, 0)  # noqa: E731
    r1 = relu(conv(x, w1, **same) + channel(b1, 4))
    p1 = pool(r1, "max", [2, 2], [2, 2], [0, 0, 0, 0], [1, 1])
    n2 = (conv(p1, w2, **same) - channel(mean, 4)) / np.sqrt(channel(var, 4) + 1e-5)
    r2 = relu(n2 * channel(scale, 4) + channel(bias, 4))
    r3 = relu(conv(r2, w3, **same) + channel(b3, 4) + p1)
    features = r3.mean(axis=(2, 3))
    return special.softmax(features @ fc_w.T.astype(np.float64) + fc_b, axis=1)


@pytest.mark.parametrize("batch", [1, 2])
def test_cnn_example(batch):
    module = mlc.parse_file(str(EXAMPLES / "cnn.mlir"))
    rng = np.random.default_rng(batch)
    (x,) = _weights(rng, (batch, 3, 16, 16))
    w1, b1, w2 = _weights(rng, (8, 3, 3, 3), (8,), (8, 8, 3, 3))
    scale, bias, mean = _weights(rng, (8,), (8,), (8,))
    var = rng.uniform(0.5, 1.5, 8).astype(np.float32)
    w3, b3, fc_w, fc_b = _weights(rng, (8, 8, 3, 3), (8,), (10, 8), (10,))
    args = [x, w1, b1, w2, scale, bias, mean, var, w3, b3, fc_w, fc_b]
    (got,) = mlc.interpret(module, "main", *args)
    assert got.dtype == np.float32 and got.shape == (batch, 10)
    np.testing.assert_allclose(got, _cnn_reference(*args), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("batch", [1, 5])
def test_mlp_example(batch):
    module = mlc.parse_file(str(EXAMPLES / "mlp.mlir"))
    rng = np.random.default_rng(batch)
    x, w1, b1, w2, b2 = _weights(rng, (batch, 32), (64, 32), (64,), (10, 64), (10,))
    (got,) = mlc.interpret(module, "main", x, w1, b1, w2, b2)
    h = x.astype(np.float64) @ w1.T + b1
    a = 0.5 * h * (1 + special.erf(h / np.sqrt(2)))
    logits = a @ w2.T + b2
    want = logits - special.logsumexp(logits, axis=1, keepdims=True)
    assert got.dtype == np.float32 and got.shape == (batch, 10)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_example_batch_size_is_checked():
    module = mlc.parse_file(str(EXAMPLES / "mlp.mlir"))
    x, w1, b1, w2, b2 = _weights(np.random.default_rng(0), (2, 31), (64, 32), (64,), (10, 64),
                                 (10,))  # fmt: skip
    with pytest.raises(ValueError, match=r"argument #0.*shape \(2, 31\)"):
        mlc.interpret(module, "main", x, w1, b1, w2, b2)
