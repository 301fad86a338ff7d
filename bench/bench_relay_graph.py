"""The same models written in relay and in graph, compiled by `mlc.compile`, side by side.

A model written in the legacy relay dialect reaches native code through the graph dialect:
`graph-to-llvm` starts with `convert-relay-to-graph`. So a model and its relay twin should give
equal results in equal run time, and the relay one should cost only the conversion more to
compile. This benchmark checks that on two float32 models, weights as arguments of `@main` and
a batch dim that is dynamic in both (`?` in relay, the size variable `n` in graph):

- `mlp`: 784-512-512-10, dense + bias + relu twice, then dense + bias and a softmax (relay's
  `nn.dense` + `nn.bias_add`, graph's `graph.linear`), batch 64;
- `cnn`: two 3x3 convolutions with bias and relu (3 -> 32 -> 64 channels, NCHW, the first
  followed by a 2x2 max pool) on 32 x 32 images, global average pool, flatten, dense + bias
  and a softmax, batch 8.

Both twins are compiled, in turn, `--compiles` times (compile time: the best `mlc.compile`,
parse excluded, after a warm-up compile has paid the process's one-off costs; the relay
column also gives the part spent in `convert-relay-to-graph`), their outputs compared
(`np.testing`, float32 tolerance), then called alternately, one call of each per round after
one warm-up call each, so that the load of a shared machine weighs on both alike. The table
gives compile times and median run times, and each relay / graph ratio (1.00x: equal). Not a
test: nothing asserts on a time.

    python bench/bench_relay_graph.py
    python bench/bench_relay_graph.py --repeat 50 --only mlp --threads 1
    python bench/bench_relay_graph.py --tiny        # tiny sizes, 2 rounds, 1 compile: a smoke run
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass

import numpy as np

import mlc


@dataclass
class Model:
    """One model as relay text and as graph text over the same arguments."""

    name: str
    relay_text: str
    graph_text: str
    arguments: list[np.ndarray]


def relay_type(shape) -> str:
    """`tensor<?x784xf32>`: None is a dynamic dim."""
    return "tensor<" + "".join("?x" if d is None else f"{d}x" for d in shape) + "f32>"


def graph_type(shape) -> str:
    """`!graph.tensor<[n, 784], f32>`: None is the size variable `n`."""
    return "!graph.tensor<[" + ", ".join("n" if d is None else str(d) for d in shape) + "], f32>"


def function(dialect: str, parameters: dict, body: list[str], result: str, result_shape) -> str:
    """`@main` of either dialect over named f32 parameters; `body` computes `%<result>`."""
    spell = relay_type if dialect == "relay" else graph_type
    params = ", ".join(f"%{name}: {spell(shape)}" for name, shape in parameters.items())
    lines = "".join(f"  {line}\n" for line in body)
    if dialect == "relay":
        return (f"func.func @main({params}) -> {spell(result_shape)} {{\n{lines}"
                f"  return %{result} : {spell(result_shape)}\n}}\n")  # fmt: skip
    return (f"graph.func @main<n>({params}) -> {spell(result_shape)} {{\n{lines}"
            f"  graph.return %{result} : {spell(result_shape)}\n}}\n")  # fmt: skip


class Relay:
    """Relay ops as text lines, each result named by a counter and its shape remembered:
    relay spells every op's result type."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.shapes: dict[str, tuple] = {}
        self.count = 0

    def op(self, name: str, operands: list[str], shape: tuple, attributes: str = "") -> str:
        result = f"v{self.count}"
        self.count += 1
        types = ", ".join(relay_type(self.shapes[v]) for v in operands)
        attrs = f" {{{attributes}}}" if attributes else ""
        self.lines.append(f"%{result} = relay.{name} {', '.join('%' + v for v in operands)}"
                          f"{attrs} : ({types}) -> {relay_type(shape)}")  # fmt: skip
        self.shapes[result] = shape
        return result


def random(rng, shape, scale: float = 1.0) -> np.ndarray:
    """Normal float32 values times `scale` (1 / sqrt(fan-in) keeps activations near 1)."""
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def dense_layers(rng, sizes: list[int], batch: int):
    """The MLP's parameters (`x`, then `w<i>` [out, in] and `b<i>` per layer) and arrays."""
    parameters = {"x": (None, sizes[0])}
    arrays = [random(rng, (batch, sizes[0]))]
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:]), 1):
        parameters[f"w{i}"], parameters[f"b{i}"] = (fan_out, fan_in), (fan_out,)
        arrays += [random(rng, (fan_out, fan_in), fan_in**-0.5), random(rng, fan_out, 0.1)]
    return parameters, arrays


def parameters_of(parameters: dict, layer: int) -> list[tuple]:
    """The shapes of dense layer `layer`'s weight and bias."""
    return [parameters[f"w{layer}"], parameters[f"b{layer}"]]


def mlp(rng, batch: int, sizes: list[int]) -> Model:
    parameters, arrays = dense_layers(rng, sizes, batch)
    layers = len(sizes) - 1
    relay, value = Relay(), "x"
    relay.shapes.update(parameters)
    graph, g = [], "x"
    for i in range(1, layers + 1):
        shape, t = (None, sizes[i]), graph_type((None, sizes[i]))
        value = relay.op("nn.dense", [value, f"w{i}"], shape, f"units = {sizes[i]} : i64")
        value = relay.op("nn.bias_add", [value, f"b{i}"], shape, "axis = -1 : i64")
        types = [graph_type(s) for s in ((None, sizes[i - 1]), *parameters_of(parameters, i))]
        graph.append(f"%l{i} = graph.linear %{g}, %w{i}, %b{i} : ({', '.join(types)})")
        g = f"l{i}"
        if i < layers:
            value = relay.op("nn.relu", [value], shape)
            graph.append(f"%r{i} = graph.relu %{g} : ({t})")
            g = f"r{i}"
    out = (None, sizes[-1])
    value = relay.op("nn.softmax", [value], out)
    graph.append(f"%out = graph.softmax %{g} {{axis = -1 : i64}} : ({graph_type(out)})")
    return Model(f"mlp {'-'.join(map(str, sizes))} b{batch}",
                 function("relay", parameters, relay.lines, value, out),
                 function("graph", parameters, graph, "out", out), arrays)  # fmt: skip


def cnn(rng, batch: int, channels: tuple[int, int, int], image: int, classes: int = 10) -> Model:
    c0, c1, c2 = channels
    half = image // 2
    parameters = {"x": (None, c0, image, image), "k1": (c1, c0, 3, 3), "c1": (c1,),
                  "k2": (c2, c1, 3, 3), "c2": (c2,), "wf": (classes, c2), "bf": (classes,)}
    arrays = [random(rng, (batch, c0, image, image))]
    for shape in list(parameters.values())[1:]:
        arrays.append(random(rng, shape, 0.1 if len(shape) == 1 else np.prod(shape[1:]) ** -0.5))
    s1, p1, s2 = (None, c1, image, image), (None, c1, half, half), (None, c2, half, half)
    pooled, flat, out = (None, c2, 1, 1), (None, c2), (None, classes)
    relay = Relay()
    relay.shapes.update(parameters)
    conv = "padding = [1, 1], kernel_size = [3, 3], channels = {} : i64"
    v = relay.op("nn.conv2d", ["x", "k1"], s1, conv.format(c1))
    v = relay.op("nn.relu", [relay.op("nn.bias_add", [v, "c1"], s1)], s1)
    v = relay.op("nn.max_pool2d", [v], p1, "pool_size = [2, 2], strides = [2, 2]")
    v = relay.op("nn.conv2d", [v, "k2"], s2, conv.format(c2))
    v = relay.op("nn.relu", [relay.op("nn.bias_add", [v, "c2"], s2)], s2)
    v = relay.op("nn.batch_flatten", [relay.op("nn.global_avg_pool2d", [v], pooled)], flat)
    v = relay.op("nn.bias_add", [relay.op("nn.dense", [v, "wf"], out), "bf"], out,
                 "axis = -1 : i64")  # fmt: skip
    v = relay.op("nn.softmax", [v], out)
    t = {name: graph_type(shape) for name, shape in parameters.items()}
    graph = [
        f"%0 = graph.conv %x, %k1 {{pads = [1, 1, 1, 1]}} : ({t['x']}, {t['k1']})",
        f"%1 = graph.bias_add %0, %c1 : ({graph_type(s1)}, {t['c1']})",
        f"%2 = graph.relu %1 : ({graph_type(s1)})",
        f"%3 = graph.max_pool %2 {{kernel_shape = [2, 2], strides = [2, 2]}} : ({graph_type(s1)})",
        f"%4 = graph.conv %3, %k2 {{pads = [1, 1, 1, 1]}} : ({graph_type(p1)}, {t['k2']})",
        f"%5 = graph.bias_add %4, %c2 : ({graph_type(s2)}, {t['c2']})",
        f"%6 = graph.relu %5 : ({graph_type(s2)})",
        f"%7 = graph.global_avg_pool %6 : ({graph_type(s2)})",
        f"%8 = graph.flatten %7 : ({graph_type(pooled)})",
        f"%9 = graph.linear %8, %wf, %bf : ({graph_type(flat)}, {t['wf']}, {t['bf']})",
        f"%out = graph.softmax %9 {{axis = -1 : i64}} : ({graph_type(out)})",
    ]
    return Model(f"cnn {c0}-{c1}-{c2} {image}x{image} b{batch}",
                 function("relay", parameters, relay.lines, v, out),
                 function("graph", parameters, graph, "out", out), arrays)  # fmt: skip


def models(rng, tiny: bool) -> dict[str, Model]:
    if tiny:
        return {"mlp": mlp(rng, 2, [16, 8, 8, 4]), "cnn": cnn(rng, 1, (3, 4, 8), 8, 4)}
    return {"mlp": mlp(rng, 64, [784, 512, 512, 10]), "cnn": cnn(rng, 8, (3, 32, 64), 32)}


# --- measuring ---------------------------------------------------------------------------------
def best_compiles(texts: list[str], repeat: int) -> tuple[list, list[float]]:
    """Each text's executable and its best `mlc.compile` time (parse excluded) over `repeat`
    rounds, the texts compiled in turn in each round."""
    modules = [mlc.parse(text) for text in texts]
    best = [float("inf")] * len(texts)
    executables: list = [None] * len(texts)
    for _ in range(repeat):
        for i, module in enumerate(modules):
            start = time.perf_counter()
            executables[i] = mlc.compile(module)
            best[i] = min(best[i], time.perf_counter() - start)
    return executables, best


def conversion_seconds(text: str) -> float:
    """The time `convert-relay-to-graph` alone takes on the parsed `text`."""
    module = mlc.parse(text)
    pipeline = mlc.PassManager.parse("builtin.module(convert-relay-to-graph)")
    start = time.perf_counter()
    pipeline.run(module)
    return time.perf_counter() - start


def interleaved_medians(functions: list, arguments: list, rounds: int) -> list[float]:
    """The median seconds per call of each function, called in turn once per round after a
    warm-up call each (first-touch pages, the thread pool)."""
    for f in functions:
        f(*arguments)
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(rounds):
        for f, spent in zip(functions, times):
            start = time.perf_counter()
            f(*arguments)
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def warm_up() -> None:
    """Pay the process's one-off costs (LLVM's initialization, modules imported on first
    use) before any compile is timed, so that they do not land on whichever twin is first."""
    twins = mlp(np.random.default_rng(0), 1, [2, 2])
    for text in (twins.graph_text, twins.relay_text):
        mlc.compile(mlc.parse(text)).main(*twins.arguments)


def run(model: Model, rounds: int, compiles: int) -> str:
    """The table row of `model`, after checking that both twins compute the same."""
    (graph, relay), (graph_compile, relay_compile) = best_compiles(
        [model.graph_text, model.relay_text], compiles)
    conversion = conversion_seconds(model.relay_text)
    from_graph, from_relay = graph.main(*model.arguments), relay.main(*model.arguments)
    np.testing.assert_allclose(from_relay, from_graph, rtol=1e-5, atol=1e-6)
    difference = float(np.max(np.abs(from_relay - from_graph)))
    graph_s, relay_s = interleaved_medians([graph.main, relay.main], model.arguments, rounds)
    return (f"| {model.name} | {graph_compile:.2f} s | {relay_compile:.2f} s "
            f"({conversion * 1e3:.0f} ms) | {relay_compile / graph_compile:.2f}x | "
            f"{graph_s * 1e3:.3f} ms | {relay_s * 1e3:.3f} ms | {relay_s / graph_s:.2f}x | "
            f"{difference:.1e} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="rounds of calls (median)")
    parser.add_argument("--compiles", type=int, default=3, help="compiles per twin (best)")
    parser.add_argument("--only", default="", help="comma-separated models: mlp, cnn")
    parser.add_argument("--threads", type=int, default=None,
                        help="OpenMP threads of the parallel loops (OMP_NUM_THREADS)")  # fmt: skip
    parser.add_argument("--tiny", action="store_true", help="tiny sizes, 2 rounds, 1 compile")
    args = parser.parse_args()
    rounds, compiles = (2, 1) if args.tiny else (args.repeat, args.compiles)
    chosen = models(np.random.default_rng(0), args.tiny)
    names = [n for n in args.only.split(",") if n] or list(chosen)
    unknown = sorted(set(names) - set(chosen))
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; choose among {', '.join(chosen)}")
    if args.threads is not None:  # read when the OpenMP runtime loads, at the first compile
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
    threads = os.environ.get("OMP_NUM_THREADS", "the OpenMP runtime's default")
    print(f"float32, mlc.compile at O3 (best of {compiles}), threads: {threads}, median of "
          f"{rounds} interleaved calls; ratio = relay / graph\n")  # fmt: skip
    print("| model | graph compile | relay compile (conversion) | ratio | graph run | "
          "relay run | ratio | max abs diff |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    warm_up()
    for name in names:
        print(run(chosen[name], rounds, compiles), flush=True)


if __name__ == "__main__":
    main()
