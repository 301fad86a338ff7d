"""Small models compiled by mlc next to numpy and onnxruntime, float32, on this machine's cores.

Each workload is built twice: as graph-dialect text (weights as arguments of `@main`) and as an
ONNX model made with `onnx.helper` (weights as initializers, which mlc's importer turns into
constants). Both go through `mlc.compile(module, opt_level=3)` (the `graph-to-llvm` pipeline:
matmuls by `tensor-tile-contractions`, the outermost parallel loops on the OpenMP runtime's
threads); the ONNX model also runs in onnxruntime (`intra_op_num_threads` = the cores), and
where it is natural numpy computes the same thing (OpenBLAS on its default threads).

- `matmul`: 1024 x 1024 x 1024;
- `elementwise`: `max(x * a + b, 0) * sigmoid(x)` on 4096 x 4096 (`a`, `b` rows of 4096);
- `mlp-b64`, `mlp-b1`: 784-512-512-10 with relu and a softmax, batch 64 and 1;
- `resnet-block`: a ResNet basic block on 1 x 64 x 56 x 56 (NCHW): two 3x3 convolutions
  64 -> 64 with bias, relu, the residual added before the last relu;
- `layernorm-softmax`: `softmax(layer_norm(x))` over the last axis of 2048 x 1024;
- `encoder-layer`: a single-head transformer encoder layer (attention, residuals, two layer
  norms, a relu feed-forward block 256 -> 1024 -> 256) on a sequence of 128.

Every output is checked against the first peer that computes it (numpy, else onnxruntime).

The peers are measured interleaved, so that all of them see the same machine: in each of
`--repeat` rounds every peer (in an order that rotates from round to round) runs one
untimed call, which wakes its thread pool after the other runtimes ran, then a block of
timed calls lasting at least `--block-ms`; the round's time of a peer is its block's
median call. The table gives each peer's median round time, and its ratio to numpy and to
onnxruntime (above 1.00x is slower) as the median of the per-round ratios: each ratio
compares blocks run within a fraction of a second of each other. On this loaded 2-core host
peers measured one after another (a burst of calls each) swung 2-4x between runs; the
per-round ratios are what stays put. mlc's compile time is also given (the median of
`COMPILES`), after its one-time start-up in the process (printed first, see `start_up`). A
workload mlc cannot compile prints `unsupported: <diagnostic>` in its row. The peers run in
one process, each with its own thread pool, all under the C heap settings that loading an mlc
model makes (`mlc.codegen.heap`: freed large blocks are reused, which spares numpy's
results page faults too). Not a test: nothing asserts on a time.

    python bench/bench_models.py
    python bench/bench_models.py --quick                 # 3 rounds
    python bench/bench_models.py --only matmul,mlp-b1 --repeat 20 --block-ms 100
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import mlc
from mlc.codegen.heap import keep_freed_memory

F32 = "f32"


@dataclass
class Workload:
    """A model as graph text (weights among the arguments) and as an ONNX model (weights as
    initializers), its inputs and weights, and numpy's way to compute it (or None)."""

    name: str
    graph_text: str
    onnx_model: onnx.ModelProto
    inputs: list[np.ndarray]
    weights: list[np.ndarray]
    numpy: Callable | None = None
    flops: float = 0.0
    notes: list[str] = field(default_factory=list)


def tensor_type(shape) -> str:
    return f"!graph.tensor<[{', '.join(map(str, shape))}], f32>"


def graph_function(arguments: dict[str, tuple], body: list[str], result: tuple) -> str:
    """`graph.func @main` over named f32 arguments; `body` lines end in `%out`."""
    params = ", ".join(f"%{name}: {tensor_type(shape)}" for name, shape in arguments.items())
    lines = "\n".join(f"  {line}" for line in body)
    return (
        f"graph.func @main({params}) -> {tensor_type(result)} {{\n{lines}\n"
        f"  graph.return %out : {tensor_type(result)}\n}}\n"
    )


def onnx_model(nodes, inputs: dict[str, tuple], output: tuple, weights: dict[str, np.ndarray]):
    graph = helper.make_graph(
        nodes, "bench",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs.items()],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, output)],
        [numpy_helper.from_array(w, n) for n, w in weights.items()],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # onnxruntime reads IR versions up to its own
    onnx.checker.check_model(model)
    return model


def random(rng, *shape, scale: float = 1.0) -> np.ndarray:
    return (rng.standard_normal(shape) * scale).astype(np.float32)


# --- workloads ---------------------------------------------------------------------------------
def matmul(rng, n: int = 1024) -> Workload:
    a, b = random(rng, n, n), random(rng, n, n)
    text = graph_function({"a": (n, n), "b": (n, n)},
                          [f"%out = graph.matmul %a, %b : ({tensor_type((n, n))}, "
                           f"{tensor_type((n, n))})"], (n, n))  # fmt: skip
    model = onnx_model([helper.make_node("MatMul", ["a", "b"], ["out"])],
                       {"a": (n, n), "b": (n, n)}, (n, n), {})  # fmt: skip
    return Workload("matmul", text, model, [a, b], [], lambda a, b: a @ b, 2.0 * n**3)


def elementwise(rng, n: int = 4096) -> Workload:
    x, a, b = random(rng, n, n), random(rng, n), random(rng, n)
    t, row = tensor_type((n, n)), tensor_type((n,))
    body = [
        f"%0 = graph.mul %x, %a : ({t}, {row})",
        f"%1 = graph.add %0, %b : ({t}, {row})",
        f"%2 = graph.relu %1 : ({t})",
        f"%3 = graph.sigmoid %x : ({t})",
        f"%out = graph.mul %2, %3 : ({t}, {t})",
    ]
    text = graph_function({"x": (n, n), "a": (n,), "b": (n,)}, body, (n, n))
    nodes = [
        helper.make_node("Mul", ["x", "a"], ["t0"]),
        helper.make_node("Add", ["t0", "b"], ["t1"]),
        helper.make_node("Relu", ["t1"], ["t2"]),
        helper.make_node("Sigmoid", ["x"], ["t3"]),
        helper.make_node("Mul", ["t2", "t3"], ["out"]),
    ]
    model = onnx_model(nodes, {"x": (n, n), "a": (n,), "b": (n,)}, (n, n), {})

    def reference(x, a, b):
        return np.maximum(x * a + b, 0) * (1 / (1 + np.exp(-x)))

    return Workload("elementwise", text, model, [x, a, b], [], reference)


def mlp(rng, batch: int) -> Workload:
    sizes = [784, 512, 512, 10]
    weights = {}
    for layer, (k, n) in enumerate(zip(sizes, sizes[1:])):
        weights[f"w{layer}"] = random(rng, k, n, scale=1 / np.sqrt(k))
        weights[f"b{layer}"] = random(rng, n, scale=0.1)
    x = random(rng, batch, sizes[0])
    body, nodes, value = [], [], "x"
    for layer, (k, n) in enumerate(zip(sizes, sizes[1:])):
        w, b, last = f"w{layer}", f"b{layer}", layer == len(sizes) - 2
        h, y = (batch, k), (batch, n)
        body += [
            f"%m{layer} = graph.matmul %{value}, %{w} : ({tensor_type(h)}, {tensor_type((k, n))})",
            f"%a{layer} = graph.add %m{layer}, %{b} : ({tensor_type(y)}, {tensor_type((n,))})",
        ]
        nodes += [helper.make_node("MatMul", [value, w], [f"m{layer}"]),
                  helper.make_node("Add", [f"m{layer}", b], [f"a{layer}"])]  # fmt: skip
        if last:
            body.append(f"%out = graph.softmax %a{layer} {{axis = 1 : i64}} : ({tensor_type(y)})")
            nodes.append(helper.make_node("Softmax", [f"a{layer}"], ["out"], axis=1))
        else:
            body.append(f"%r{layer} = graph.relu %a{layer} : ({tensor_type(y)})")
            nodes.append(helper.make_node("Relu", [f"a{layer}"], [f"r{layer}"]))
            value = f"r{layer}"
    arguments = {"x": x.shape, **{name: w.shape for name, w in weights.items()}}
    text = graph_function(arguments, body, (batch, sizes[-1]))
    model = onnx_model(nodes, {"x": x.shape}, (batch, sizes[-1]), weights)

    def reference(x, *params):
        h = x
        for layer in range(len(sizes) - 1):
            h = h @ params[2 * layer] + params[2 * layer + 1]
            if layer < len(sizes) - 2:
                h = np.maximum(h, 0)
        e = np.exp(h - h.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    flops = 2.0 * batch * sum(k * n for k, n in zip(sizes, sizes[1:]))
    return Workload(f"mlp-b{batch}", text, model, [x], list(weights.values()), reference, flops)


def resnet_block(rng, channels: int = 64, size: int = 56) -> Workload:
    shape, kernel = (1, channels, size, size), (channels, channels, 3, 3)
    weights = {
        "w1": random(rng, *kernel, scale=0.05), "c1": random(rng, channels, scale=0.1),
        "w2": random(rng, *kernel, scale=0.05), "c2": random(rng, channels, scale=0.1),
    }  # fmt: skip
    x = random(rng, *shape)
    t, k, c = tensor_type(shape), tensor_type(kernel), tensor_type((channels,))
    conv = "{dilations = [1, 1], pads = [1, 1, 1, 1], strides = [1, 1]}"
    body = [
        f"%0 = graph.conv %x, %w1 {conv} : ({t}, {k})",
        f"%1 = graph.bias_add %0, %c1 : ({t}, {c})",
        f"%2 = graph.relu %1 : ({t})",
        f"%3 = graph.conv %2, %w2 {conv} : ({t}, {k})",
        f"%4 = graph.bias_add %3, %c2 : ({t}, {c})",
        f"%5 = graph.add %4, %x : ({t}, {t})",
        f"%out = graph.relu %5 : ({t})",
    ]
    arguments = {"x": shape, **{name: w.shape for name, w in weights.items()}}
    text = graph_function(arguments, body, shape)
    conv_attributes = {"pads": [1, 1, 1, 1], "kernel_shape": [3, 3]}
    nodes = [
        helper.make_node("Conv", ["x", "w1", "c1"], ["t0"], **conv_attributes),
        helper.make_node("Relu", ["t0"], ["t1"]),
        helper.make_node("Conv", ["t1", "w2", "c2"], ["t2"], **conv_attributes),
        helper.make_node("Add", ["t2", "x"], ["t3"]),
        helper.make_node("Relu", ["t3"], ["out"]),
    ]
    model = onnx_model(nodes, {"x": shape}, shape, weights)
    flops = 2 * 2.0 * channels * channels * 9 * size * size
    return Workload("resnet-block", text, model, [x], list(weights.values()), None, flops)


def layernorm_softmax(rng, rows: int = 2048, columns: int = 1024) -> Workload:
    x = random(rng, rows, columns)
    weights = {"g": random(rng, columns), "b": random(rng, columns, scale=0.1)}
    t, v = tensor_type((rows, columns)), tensor_type((columns,))
    body = [
        f"%0 = graph.layer_norm %x, %g, %b {{epsilon = 1.0e-5 : f64}} : ({t}, {v}, {v})",
        f"%out = graph.softmax %0 : ({t})",
    ]
    text = graph_function({"x": x.shape, "g": (columns,), "b": (columns,)}, body, x.shape)
    nodes = [
        helper.make_node("LayerNormalization", ["x", "g", "b"], ["t0"], axis=-1, epsilon=1e-5),
        helper.make_node("Softmax", ["t0"], ["out"], axis=-1),
    ]
    model = onnx_model(nodes, {"x": x.shape}, x.shape, weights)

    def reference(x, g, b):
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        y = (x - mean) / np.sqrt(var + 1e-5) * g + b
        e = np.exp(y - y.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    return Workload("layernorm-softmax", text, model, [x], list(weights.values()), reference)


def encoder_layer(rng, seq: int = 128, d: int = 256, ff: int = 1024) -> Workload:
    """A single-head transformer encoder layer: self-attention, residual and layer norm, then
    a relu feed-forward block, residual and layer norm."""
    x = random(rng, seq, d)
    w = {name: random(rng, d, d, scale=d**-0.5) for name in ("wq", "wk", "wv", "wo")}
    w |= {"g1": random(rng, d), "b1": random(rng, d, scale=0.1),
          "w1": random(rng, d, ff, scale=d**-0.5), "c1": random(rng, ff, scale=0.1),
          "w2": random(rng, ff, d, scale=ff**-0.5), "c2": random(rng, d, scale=0.1),
          "g2": random(rng, d), "b2": random(rng, d, scale=0.1),
          "scale": np.float32(d**-0.5).reshape(())}  # fmt: skip
    sd, dd, ss, v = (tensor_type(s) for s in ((seq, d), (d, d), (seq, seq), (d,)))
    sf, df, fd, f = (tensor_type(s) for s in ((seq, ff), (d, ff), (ff, d), (ff,)))
    eps = "{epsilon = 1.0e-5 : f64}"
    body = [
        f"%q = graph.matmul %x, %wq : ({sd}, {dd})",
        f"%k = graph.matmul %x, %wk : ({sd}, {dd})",
        f"%v = graph.matmul %x, %wv : ({sd}, {dd})",
        f"%kt = graph.transpose %k {{perm = [1, 0]}} : ({sd})",
        f"%s = graph.matmul %q, %kt : ({sd}, {tensor_type((d, seq))})",
        f"%ss = graph.mul %s, %scale : ({ss}, {tensor_type(())})",
        f"%p = graph.softmax %ss : ({ss})",
        f"%a = graph.matmul %p, %v : ({ss}, {sd})",
        f"%o = graph.matmul %a, %wo : ({sd}, {dd})",
        f"%r1 = graph.add %o, %x : ({sd}, {sd})",
        f"%n1 = graph.layer_norm %r1, %g1, %b1 {eps} : ({sd}, {v}, {v})",
        f"%h = graph.matmul %n1, %w1 : ({sd}, {df})",
        f"%hb = graph.add %h, %c1 : ({sf}, {f})",
        f"%hr = graph.relu %hb : ({sf})",
        f"%y = graph.matmul %hr, %w2 : ({sf}, {fd})",
        f"%yb = graph.add %y, %c2 : ({sd}, {v})",
        f"%r2 = graph.add %yb, %n1 : ({sd}, {sd})",
        f"%out = graph.layer_norm %r2, %g2, %b2 {eps} : ({sd}, {v}, {v})",
    ]
    text = graph_function({"x": x.shape, **{n: a.shape for n, a in w.items()}}, body, x.shape)
    node = helper.make_node
    nodes = [
        node("MatMul", ["x", "wq"], ["q"]), node("MatMul", ["x", "wk"], ["k"]),
        node("MatMul", ["x", "wv"], ["v"]), node("Transpose", ["k"], ["kt"], perm=[1, 0]),
        node("MatMul", ["q", "kt"], ["s"]), node("Mul", ["s", "scale"], ["ss"]),
        node("Softmax", ["ss"], ["p"], axis=-1), node("MatMul", ["p", "v"], ["a"]),
        node("MatMul", ["a", "wo"], ["o"]), node("Add", ["o", "x"], ["r1"]),
        node("LayerNormalization", ["r1", "g1", "b1"], ["n1"], axis=-1, epsilon=1e-5),
        node("MatMul", ["n1", "w1"], ["h"]), node("Add", ["h", "c1"], ["hb"]),
        node("Relu", ["hb"], ["hr"]), node("MatMul", ["hr", "w2"], ["y"]),
        node("Add", ["y", "c2"], ["yb"]), node("Add", ["yb", "n1"], ["r2"]),
        node("LayerNormalization", ["r2", "g2", "b2"], ["out"], axis=-1, epsilon=1e-5),
    ]  # fmt: skip
    model = onnx_model(nodes, {"x": x.shape}, x.shape, w)

    def layer_norm(t, g, b):
        mean = t.mean(axis=-1, keepdims=True)
        return (t - mean) / np.sqrt(t.var(axis=-1, keepdims=True) + 1e-5) * g + b

    def reference(x, wq, wk, wv, wo, g1, b1, w1, c1, w2, c2, g2, b2, scale):
        s = (x @ wq) @ (x @ wk).T * scale
        e = np.exp(s - s.max(axis=-1, keepdims=True))
        n1 = layer_norm((e / e.sum(axis=-1, keepdims=True)) @ (x @ wv) @ wo + x, g1, b1)
        return layer_norm(np.maximum(n1 @ w1 + c1, 0) @ w2 + c2 + n1, g2, b2)

    flops = 2.0 * seq * d * d * 4 + 2.0 * seq * seq * d * 2 + 2.0 * seq * d * ff * 2
    return Workload("encoder-layer", text, model, [x], list(w.values()), reference, flops)


WORKLOADS = {
    "matmul": matmul,
    "elementwise": elementwise,
    "mlp-b64": lambda rng: mlp(rng, 64),
    "mlp-b1": lambda rng: mlp(rng, 1),
    "resnet-block": resnet_block,
    "layernorm-softmax": layernorm_softmax,
    "encoder-layer": encoder_layer,
}


# --- peers -------------------------------------------------------------------------------------
SETTLE_S = 0.2
"""A pause before each timed stretch: the threads another runtime left spinning (OpenBLAS's
spin for about 0.1 s) go to sleep instead of taking a core from the next peer."""
COMPILES = 5
"""Compiles of each mlc row; the compile column gives their median. One compile, timed once,
measured 0.40-0.67 s for the ResNet block in runs minutes apart on this 2-core host."""


@dataclass
class Row:
    """A peer's way to run the workload (`call`, None when it cannot), its output, and the
    time of each round (the median call of its block)."""

    peer: str
    call: Callable | None = None
    compile_s: float | None = None
    error: str = ""
    output: np.ndarray | None = None
    rounds_s: list[float] = field(default_factory=list)

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.rounds_s) if self.rounds_s else None


def ready(peer: str, call: Callable, compile_s: float | None = None) -> Row:
    """A row whose first (warm-up) call gives the output: first-touch pages, thread pools."""
    return Row(peer, call, compile_s, output=np.asarray(call()))


def first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def run_mlc(peer: str, build: Callable, args: list) -> Row:
    """Compile the module `build()` returns (`COMPILES` times, timed), to call `@main` on
    `args`."""
    try:
        module = build()
        times = []
        for _ in range(COMPILES):
            exe = None  # the previous executable freed before the timing
            time.sleep(SETTLE_S)  # both cores free for the compile's two threads
            start = time.perf_counter()
            exe = mlc.compile(module, opt_level=3)  # compiles a copy
            times.append(time.perf_counter() - start)
    except mlc.DiagnosticError as e:
        return Row(peer, error=f"unsupported: {first_line(e)}")
    return ready(peer, lambda: exe.main(*args), statistics.median(times))


def run_onnxruntime(workload: Workload, threads: int) -> Row:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    start = time.perf_counter()
    session = ort.InferenceSession(workload.onnx_model.SerializeToString(), options,
                                   providers=["CPUExecutionProvider"])  # fmt: skip
    compile_s = time.perf_counter() - start
    names = [i.name for i in session.get_inputs()]
    feeds = dict(zip(names, workload.inputs))
    return ready("onnxruntime", lambda: session.run(None, feeds)[0], compile_s)


def start_up() -> float:
    """mlc's one-time cost in a process, which the compile column leaves out as it leaves
    out onnxruntime's (whose kernels load with `import onnxruntime`): the first compile
    imports the pipeline's passes and the ONNX importer and initializes LLVM. Measured as
    the first compiles of the batch-1 MLP, both routes, less the same compiles again."""
    workload = mlp(np.random.default_rng(0), 1)
    builds = [lambda: mlc.parse(workload.graph_text),
              lambda: mlc.frontends.onnx.from_onnx(workload.onnx_model)]  # fmt: skip
    times = []
    for _ in range(2):
        start = time.perf_counter()
        for build in builds:
            mlc.compile(build(), opt_level=3)
        times.append(time.perf_counter() - start)
    return times[0] - times[1]


def peers_of(workload: Workload, threads: int) -> list[Row]:
    rows = []
    if workload.numpy is not None:
        arguments = workload.inputs + workload.weights
        rows.append(ready("numpy", lambda: workload.numpy(*arguments)))
    rows.append(run_onnxruntime(workload, threads))
    rows.append(run_mlc("mlc (graph text)", lambda: mlc.parse(workload.graph_text),
                        workload.inputs + workload.weights))  # fmt: skip
    rows.append(run_mlc("mlc (onnx)", lambda: mlc.frontends.onnx.from_onnx(workload.onnx_model),
                        workload.inputs))  # fmt: skip
    return rows


def measure(rows: list[Row], rounds: int, block_s: float, settle_s: float = SETTLE_S,
            clock=time.perf_counter) -> None:  # fmt: skip
    """`rounds` rounds of interleaved blocks (module docstring): each runnable row gets one
    time per round, the median call of a block of at least `block_s` seconds that follows
    one untimed call."""
    runnable = [row for row in rows if row.call is not None]
    for k in range(rounds):
        shift = k % len(runnable) if runnable else 0
        for row in runnable[shift:] + runnable[:shift]:
            time.sleep(settle_s)  # the threads the last peer left spinning go to sleep
            row.call()
            times: list[float] = []
            end = clock() + block_s
            while True:
                start = clock()
                row.call()
                stop = clock()
                times.append(stop - start)
                if stop >= end:
                    break
            row.rounds_s.append(statistics.median(times))


def check(rows: list[Row]) -> None:
    """Mark the rows whose output differs from the reference (the first row)."""
    reference = rows[0].output
    for row in rows[1:]:
        if row.output is None:
            continue
        if not np.allclose(row.output, reference, rtol=2e-3, atol=2e-4):
            worst = float(np.max(np.abs(row.output - reference)))
            row.error = f"WRONG: max |difference| {worst:.3g}"


def ratio(row: Row, peer: Row | None) -> str:
    """The median of the per-round ratios of `row`'s time to `peer`'s."""
    if not row.rounds_s or peer is None or not peer.rounds_s or row is peer:
        return "-"
    return f"{statistics.median(a / b for a, b in zip(row.rounds_s, peer.rounds_s)):.2f}x"


def report(workload: Workload, rows: list[Row]) -> None:
    by_peer = {row.peer: row for row in rows}
    numpy_row, ort_row = by_peer.get("numpy"), by_peer.get("onnxruntime")
    for row in rows:
        if row.median_s is None:
            print(f"| {workload.name} | {row.peer} | {row.error} | | | |")
            continue
        speed = f" ({workload.flops / row.median_s / 1e9:.0f} GFLOP/s)" if workload.flops else ""
        compile_text = f"{row.compile_s:.2f} s" if row.compile_s is not None else "-"
        note = f" {row.error}" if row.error else ""
        print(f"| {workload.name} | {row.peer} | {row.median_s * 1e3:.2f} ms{speed}{note} | "
              f"{ratio(row, numpy_row)} | {ratio(row, ort_row)} | {compile_text} |",
              flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    parser.add_argument("--repeat", type=int, default=10,
                        help="rounds of interleaved blocks (median)")  # fmt: skip
    parser.add_argument("--block-ms", type=float, default=30.0,
                        help="least time of a peer's block of timed calls")  # fmt: skip
    parser.add_argument("--only", default="",
                        help="comma list of workloads: " + ", ".join(WORKLOADS))  # fmt: skip
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                        help="onnxruntime's intra-op threads (mlc and numpy use their runtime's "
                             "default: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS)")  # fmt: skip
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(WORKLOADS)
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; known: {', '.join(WORKLOADS)}")
    repeat = 3 if args.quick else args.repeat
    keep_freed_memory()  # what loading mlc's first model does, set before any peer runs
    print(f"float32, {args.threads} cores, {repeat} rounds of interleaved blocks of at least "
          f"{args.block_ms:g} ms; medians; ratios above 1.00x: slower; mlc's one-time start-up "
          f"(its first compile in the process), not in the compile column: "
          f"{start_up():.2f} s\n")  # fmt: skip
    print("| workload | peer | median | vs numpy | vs onnxruntime | compile |")
    print("|---|---|---|---|---|---|")
    rng = np.random.default_rng(0)
    for name in names:
        workload = WORKLOADS[name](rng)
        rows = peers_of(workload, args.threads)
        measure(rows, repeat, args.block_ms / 1e3)
        check(rows)
        report(workload, rows)


if __name__ == "__main__":
    main()
