"""Hypothesis strategies for random relay programs, with their own numpy reference.

`relay_programs()` draws a `func.func @main` over f32 arguments of small static shapes whose
body is a random sequence of relay ops, each valid for its operands' shapes by
construction. Every op also records a numpy function written from Relay's definition, so
`RelayProgram.reference(arrays)` evaluates the program independently of the relay
interpreter. The relay <-> graph conversion tests reuse these programs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st


def ttype(shape) -> str:
    return f"tensor<{''.join(f'{d}x' for d in shape)}f32>"


@dataclass
class RelayProgram:
    args: list  # (name, shape)
    lines: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # (name, fn, operand names)
    shapes: dict = field(default_factory=dict)
    result: str = ""

    def text(self) -> str:
        params = ", ".join(f"%{n}: {ttype(s)}" for n, s in self.args)
        out = ttype(self.shapes[self.result])
        body = "\n".join("  " + line for line in self.lines)
        return (f"func.func @main({params}) -> {out} {{\n{body}\n"
                f"  return %{self.result} : {out}\n}}\n")  # fmt: skip

    def reference(self, arrays: list) -> np.ndarray:
        env = {name: a for (name, _), a in zip(self.args, arrays)}
        with np.errstate(all="ignore"):
            for name, fn, operands in self.steps:
                env[name] = np.asarray(fn(*(env[o] for o in operands)), dtype=np.float32)
        return env[self.result]

    def inputs(self, rng) -> list:
        return [rng.standard_normal(s).astype(np.float32) for _, s in self.args]

    def emit(self, name, line, fn, operands, shape) -> None:
        self.lines.append(line)
        self.steps.append((name, fn, operands))
        self.shapes[name] = tuple(shape)


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


UNARY = {
    "relay.nn.relu": lambda x: np.maximum(x, 0),
    "relay.negative": np.negative,
    "relay.abs": np.abs,
    "relay.exp": np.exp,
    "relay.tanh": np.tanh,
    "relay.sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "relay.floor": np.floor,
    "relay.sqrt": np.sqrt,
}
BINARY = {
    "relay.add": np.add,
    "relay.subtract": np.subtract,
    "relay.multiply": np.multiply,
    "relay.divide": np.divide,
    "relay.maximum": np.maximum,
    "relay.minimum": np.minimum,
}
REDUCE = {"relay.sum": np.sum, "relay.mean": np.mean, "relay.max": np.max}

KINDS = ["unary", "binary", "binary_arg", "dense", "softmax", "transpose", "reshape", "reduce",
         "concat", "clip"]  # fmt: skip
SHAPES = st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple)


def _suffix_shape(draw, shape):
    """A shape that broadcasts against `shape`: a suffix of it with some dims set to 1."""
    k = draw(st.integers(0, len(shape)))
    tail = shape[len(shape) - k :]
    return tuple(d if draw(st.booleans()) else 1 for d in tail)


@st.composite
def relay_programs(draw, max_ops: int = 6) -> RelayProgram:
    program = RelayProgram([("x", draw(SHAPES))])
    program.shapes["x"] = program.args[0][1]
    values = ["x"]
    for i in range(draw(st.integers(1, max_ops))):
        name = f"v{i}"
        x = draw(st.sampled_from(values))
        s = program.shapes[x]
        kind = draw(st.sampled_from(KINDS))
        t = ttype(s)
        if kind == "unary":
            op = draw(st.sampled_from(sorted(UNARY)))
            program.emit(name, f"%{name} = {op} %{x} : ({t}) -> {t}", UNARY[op], (x,), s)
        elif kind in ("binary", "binary_arg"):
            op = draw(st.sampled_from(sorted(BINARY)))
            if kind == "binary_arg":  # a new argument that broadcasts against x
                y = f"a{i}"
                program.args.append((y, _suffix_shape(draw, s)))
                program.shapes[y] = program.args[-1][1]
            else:
                y = draw(st.sampled_from([v for v in values if program.shapes[v] == s]))
            out = np.broadcast_shapes(s, program.shapes[y])
            line = f"%{name} = {op} %{x}, %{y} : ({t}, {ttype(program.shapes[y])}) -> {ttype(out)}"
            program.emit(name, line, BINARY[op], (x, y), out)
        elif kind == "dense":
            units = draw(st.integers(1, 4))
            w, b = f"w{i}", f"b{i}"
            program.args += [(w, (units, s[-1])), (b, (units,))]
            program.shapes[w], program.shapes[b] = (units, s[-1]), (units,)
            out = s[:-1] + (units,)
            d = f"d{i}"
            program.emit(d, f"%{d} = relay.nn.dense %{x}, %{w} : ({t}, {ttype((units, s[-1]))}) "
                            f"-> {ttype(out)}", lambda a, w: a @ w.T, (x, w), out)  # fmt: skip
            axis = len(out) - 1
            program.emit(name, f"%{name} = relay.nn.bias_add %{d}, %{b} {{axis = {axis} : i64}} "
                               f": ({ttype(out)}, {ttype((units,))}) -> {ttype(out)}",
                         lambda a, b: a + b, (d, b), out)  # fmt: skip
        elif kind == "softmax":
            axis = draw(st.integers(-len(s), len(s) - 1))
            line = f"%{name} = relay.nn.softmax %{x} {{axis = {axis} : i64}} : ({t}) -> {t}"
            program.emit(name, line, lambda a, axis=axis: _softmax(a, axis), (x,), s)
        elif kind == "transpose":
            perm = draw(st.permutations(range(len(s))))
            out = tuple(s[p] for p in perm)
            program.emit(name, f"%{name} = relay.transpose %{x} {{axes = {list(perm)}}} : ({t}) "
                               f"-> {ttype(out)}", lambda a, p=tuple(perm): np.transpose(a, p),
                         (x,), out)  # fmt: skip
        elif kind == "reshape":
            out = (s[0], int(np.prod(s[1:]))) if len(s) > 1 else (1, s[0])
            code = [0, -1] if len(s) > 1 else [1, -1]
            line = f"%{name} = relay.reshape %{x} {{newshape = {code}}} : ({t}) -> {ttype(out)}"
            program.emit(name, line, lambda a, o=out: a.reshape(o), (x,), out)
        elif kind == "reduce":
            op = draw(st.sampled_from(sorted(REDUCE)))
            axis = draw(st.integers(0, len(s) - 1))
            exclude = draw(st.booleans()) and len(s) > 1
            axes = tuple(a for a in range(len(s)) if (a != axis) == exclude)
            keep = draw(st.booleans()) or len(axes) == len(s)  # every value keeps a dim
            out = tuple(1 if a in axes else d for a, d in enumerate(s)) if keep else tuple(
                d for a, d in enumerate(s) if a not in axes)  # fmt: skip
            attrs = f"axis = [{axis}], keepdims = {int(keep)} : i64, exclude = {int(exclude)} : i64"
            program.emit(name, f"%{name} = {op} %{x} {{{attrs}}} : ({t}) -> {ttype(out)}",
                         lambda a, f=REDUCE[op], ax=axes, k=keep: f(a, axis=ax, keepdims=k),
                         (x,), out)  # fmt: skip
        elif kind == "concat":
            axis = draw(st.integers(0, len(s) - 1))
            out = tuple(2 * d if a == axis else d for a, d in enumerate(s))
            tup = f"tuple<{t}, {t}>"
            program.lines.append(f"%t{i} = relay.tuple %{x}, %{x} : ({t}, {t}) -> {tup}")
            program.emit(name, f"%{name} = relay.concatenate %t{i} {{axis = {axis} : i64}} : "
                               f"({tup}) -> {ttype(out)}",
                         lambda a, ax=axis: np.concatenate([a, a], axis=ax), (x,), out)  # fmt: skip
        else:  # clip
            bounds = "a_min = -0.5 : f32, a_max = 0.5 : f32"
            line = f"%{name} = relay.clip %{x} {{{bounds}}} : ({t}) -> {t}"
            program.emit(name, line, lambda a: np.clip(a, -0.5, 0.5), (x,), s)
        values.append(name)
    program.result = values[-1]
    return program
