"""Hypothesis strategies for random graph-dialect programs, with their own numpy reference.

A program is a `graph.func @main<n, m>` over arguments whose dims are small constants and
the size variables `n` and `m`; its body is a random sequence of element-wise ops whose
operands broadcast by construction. Each generated op also records a numpy function, so
the program can be evaluated directly, independently of `dialects/graph/interpreter.py`:
`GraphProgram.reference(args)`.

The text is written by hand (not through the builder), so parsing, inference of every
result type and verification are exercised too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

SIZE_VARS = ("n", "m")

_erf = np.vectorize(math.erf, otypes=[np.float64])

# op name -> numpy definition, written from ONNX's operator documentation
FLOAT_UNARY = {
    "neg": lambda x: -x,
    "abs": np.abs,
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "relu": lambda x: np.maximum(x, 0),  # NaN propagates, as in ONNX Relu and PyTorch
    "erf": _erf,
    "gelu": lambda x: x * 0.5 * (1 + _erf(x / math.sqrt(2))),
    "sin": np.sin,
    "cos": np.cos,
    "floor": np.floor,
    "ceil": np.ceil,
    "round": np.rint,
    "sign": np.sign,
    "softplus": lambda x: np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0),
}
FLOAT_BINARY = {
    "add": np.add,
    "sub": np.subtract,
    "mul": np.multiply,
    "div": np.divide,
    "maximum": np.maximum,
    "minimum": np.minimum,
}
COMPARE = {
    "less": np.less,
    "greater_equal": np.greater_equal,
    "equal": np.equal,
}


@dataclass
class GraphProgram:
    args: list  # (name, shape) of each argument, dims as ints or size-variable names
    lines: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # (result name, fn, operand names)
    values: dict = field(default_factory=dict)  # name -> (shape, element)
    result: str = ""

    def text(self) -> str:
        params = ", ".join(f"%{n}: {_type(s, 'f32')}" for n, s in self.args)
        shape, element = self.values[self.result]
        out = _type(shape, element)
        body = "\n".join("  " + line for line in self.lines)
        return (
            f"graph.func @main<{', '.join(SIZE_VARS)}>({params}) -> {out} {{\n{body}\n"
            f"  graph.return %{self.result} : {out}\n}}\n"
        )

    def reference(self, arrays: list) -> np.ndarray:
        env = {name: a for (name, _), a in zip(self.args, arrays)}
        with np.errstate(all="ignore"):
            for name, fn, operands in self.steps:
                env[name] = fn(*(env[o] for o in operands))
        return env[self.result]

    def concrete_shape(self, shape, bindings: dict) -> tuple:
        return tuple(bindings[d] if isinstance(d, str) else d for d in shape)

    def random_inputs(self, bindings: dict, rng: np.random.Generator) -> list:
        """Standard-normal f32 arguments for one binding of the size variables."""
        return [
            rng.standard_normal(self.concrete_shape(shape, bindings)).astype(np.float32)
            for _, shape in self.args
        ]


def _type(shape, element: str) -> str:
    return f"!graph.tensor<[{', '.join(str(d) for d in shape)}], {element}>"


def _broadcast(a: tuple, b: tuple) -> tuple | None:
    """numpy's rule, on dims that are ints or variable names (a name only meets itself or 1)."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        else:
            return None
    return tuple(reversed(out))


DIMS = st.sampled_from([1, 2, 3, "n", "m"])
SHAPES = st.lists(DIMS, min_size=0, max_size=3).map(tuple)


@st.composite
def graph_programs(draw, max_ops: int = 8) -> GraphProgram:
    """A random element-wise program over f32 tensors whose shapes mention n and m."""
    shapes = draw(st.lists(SHAPES, min_size=1, max_size=3))
    shapes[0] = ("n", "m") + shapes[0][2:]  # every size variable is bound by an argument
    program = GraphProgram([(f"a{i}", s) for i, s in enumerate(shapes)])
    for name, shape in program.args:
        program.values[name] = (shape, "f32")
    floats = [name for name, _ in program.args]
    for i in range(draw(st.integers(1, max_ops))):
        name = f"v{i}"
        kind = draw(st.sampled_from(KINDS))
        if kind in STRUCTURAL:
            x = draw(st.sampled_from(floats))
            shape = STRUCTURAL[kind](draw, program, name, x, i)
            if shape is None:
                continue
            program.values[name] = (shape, "f32")
            floats.append(name)
            continue
        if kind == "constant":  # identities and scalars, for the folders and patterns
            shape = draw(st.sampled_from([(), (1,), (3,), (2, 1)]))
            value = draw(st.sampled_from([0.0, 1.0, -2.5, 0.75]))
            dims = "".join(f"{d}x" for d in shape)
            program.lines.append(f"%{name} = graph.constant dense<{value!r}> : tensor<{dims}f32>")
            program.steps.append((name, lambda v=value, s=shape: np.full(s, v, np.float32), ()))
            program.values[name] = (shape, "f32")
            floats.append(name)
            continue
        x = draw(st.sampled_from(floats))
        sx = program.values[x][0]
        if kind == "unary":
            op = draw(st.sampled_from(sorted(FLOAT_UNARY)))
            program.lines.append(f"%{name} = graph.{op} %{x} : ({_type(sx, 'f32')})")
            program.steps.append((name, FLOAT_UNARY[op], (x,)))
            shape = sx
        else:
            partners = [v for v in floats if _broadcast(sx, program.values[v][0]) is not None]
            y = draw(st.sampled_from(partners))
            sy = program.values[y][0]
            shape = _broadcast(sx, sy)
            types = f"({_type(sx, 'f32')}, {_type(sy, 'f32')})"
            if kind == "binary":
                op = draw(st.sampled_from(sorted(FLOAT_BINARY)))
                program.lines.append(f"%{name} = graph.{op} %{x}, %{y} : {types}")
                program.steps.append((name, FLOAT_BINARY[op], (x, y)))
            else:  # where(compare(x, y), x, y): a boolean intermediate
                op = draw(st.sampled_from(sorted(COMPARE)))
                cond = f"c{i}"
                program.lines.append(f"%{cond} = graph.{op} %{x}, %{y} : {types}")
                program.steps.append((cond, COMPARE[op], (x, y)))
                program.values[cond] = (shape, "i1")
                program.lines.append(
                    f"%{name} = graph.where %{cond}, %{x}, %{y} : "
                    f"({_type(shape, 'i1')}, {_type(sx, 'f32')}, {_type(sy, 'f32')})"
                )
                program.steps.append((name, np.where, (cond, x, y)))
        program.values[name] = (shape, "f32")
        floats.append(name)
    program.result = floats[-1]
    return program


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _emit(program, name, line, fn, operands) -> None:
    program.lines.append(line)
    program.steps.append((name, fn, operands))


def _matmul(draw, program, name, x, i):
    """`x @ w` with a new static weight argument: `[.., k] x [k, u]`."""
    sx = program.values[x][0]
    if not sx or not isinstance(sx[-1], int):
        return None
    units = draw(st.integers(1, 3))
    w = f"w{i}"
    program.args.append((w, (sx[-1], units)))
    program.values[w] = ((sx[-1], units), "f32")
    out = sx[:-1] + (units,)
    _emit(program, name, f"%{name} = graph.matmul %{x}, %{w} : ({_type(sx, 'f32')}, "
                         f"{_type((sx[-1], units), 'f32')})", np.matmul, (x, w))  # fmt: skip
    return out


def _transpose(draw, program, name, x, i):
    sx = program.values[x][0]
    perm = draw(st.permutations(range(len(sx))))
    _emit(program, name, f"%{name} = graph.transpose %{x} {{perm = {list(perm)}}} : "
                         f"({_type(sx, 'f32')})", lambda a, p=tuple(perm): np.transpose(a, p),
          (x,))  # fmt: skip
    return tuple(sx[p] for p in perm)


def _reduce(draw, program, name, x, i):
    sx = program.values[x][0]
    if not sx:
        return None
    op, fn = draw(st.sampled_from([("reduce_sum", np.sum), ("reduce_mean", np.mean),
                                   ("reduce_max", np.max)]))  # fmt: skip
    axes = sorted(draw(st.sets(st.integers(0, len(sx) - 1), min_size=1)))
    keep = draw(st.booleans())
    out = tuple(1 if a in axes else d for a, d in enumerate(sx)) if keep else tuple(
        d for a, d in enumerate(sx) if a not in axes)  # fmt: skip
    attrs = f"axes = {axes}, keepdims = {'true' if keep else 'false'}"
    _emit(program, name, f"%{name} = graph.{op} %{x} {{{attrs}}} : ({_type(sx, 'f32')})",
          lambda a, f=fn, ax=tuple(axes), k=keep: f(a, axis=ax, keepdims=k), (x,))  # fmt: skip
    return out


def _softmax_op(draw, program, name, x, i):
    sx = program.values[x][0]
    if not sx:
        return None
    axis = draw(st.integers(-len(sx), len(sx) - 1))
    line = f"%{name} = graph.softmax %{x} {{axis = {axis} : i64}} : ({_type(sx, 'f32')})"
    _emit(program, name, line, lambda a, ax=axis: _softmax(a, ax), (x,))
    return sx


def _concat(draw, program, name, x, i):
    sx = program.values[x][0]
    if not sx:
        return None
    axis = draw(st.integers(0, len(sx) - 1))
    t = _type(sx, "f32")
    _emit(program, name, f"%{name} = graph.concat %{x}, %{x} {{axis = {axis} : i64}} : ({t}, {t})",
          lambda a, ax=axis: np.concatenate([a, a], axis=ax), (x,))  # fmt: skip
    d = sx[axis]
    return sx[:axis] + (f"{d}*2" if isinstance(d, str) else 2 * d,) + sx[axis + 1 :]


def _flatten(draw, program, name, x, i):
    """`reshape` to `[first dim, -1]`, whose inferred size is symbolic when dims are."""
    sx = program.values[x][0]
    if len(sx) < 2:
        return None
    rest = sx[1:]
    if any(isinstance(d, str) for d in rest):
        return None  # a product of size variables: kept out of the reference shapes
    size = int(np.prod(rest))
    line = f"%{name} = graph.reshape %{x} {{shape = [0, -1]}} : ({_type(sx, 'f32')})"
    _emit(program, name, line, lambda a: a.reshape(a.shape[0], -1), (x,))
    return (sx[0], size)


STRUCTURAL = {"matmul": _matmul, "transpose": _transpose, "reduce": _reduce,
              "softmax": _softmax_op, "concat": _concat, "flatten": _flatten}  # fmt: skip
KINDS = ["unary", "binary", "binary", "compare_where", "constant", *STRUCTURAL]

BINDINGS = st.fixed_dictionaries({v: st.integers(1, 4) for v in SIZE_VARS})
