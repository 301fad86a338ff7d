"""`graph-legalize` preserves semantics: generated graph programs, legalized, verify, keep
no op the pass lowers, and compute what the graph interpreter computes on the original."""

from __future__ import annotations

import numpy as np
from graph_programs import BINDINGS, graph_programs
from hypothesis import given, settings
from hypothesis import strategies as st

import mlc
from mlc.dialects.graph.types import numpy_dtype
from mlc.ir.types import bf16
from mlc.passes.graph_kernels import RULES


def _parse(text: str):
    module = mlc.parse(text, mlc.Context())
    mlc.verify(module)
    return module


def _legalize(module) -> None:
    mlc.PassManager.parse("builtin.module(graph-legalize)", mlc.Context()).run(module)
    mlc.verify(module)


@settings(deadline=None)  # parses, legalizes and interprets per example
@given(graph_programs(), st.lists(BINDINGS, min_size=1, max_size=2), st.integers(0, 2**32 - 1))
def test_legalized_programs_compute_what_the_graph_interpreter_computes(
    program, bindings_list, seed
):
    original = _parse(program.text())
    legalized = _parse(program.text())
    _legalize(legalized)
    left = []
    legalized.walk(lambda op: left.append(op.name) if type(op) in RULES else None)
    assert not left, f"ops a rule lowers are left: {left}"
    rng = np.random.default_rng(seed)
    for bindings in bindings_list:
        arrays = program.random_inputs(bindings, rng)
        (want,) = mlc.interpret(original, "main", *arrays)
        (got,) = mlc.interpret(legalized, "main", *arrays)
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, equal_nan=True)


ELEMENTS = {
    "f16": np.float16,
    "f32": np.float32,
    "f64": np.float64,
    "i32": np.int32,
    "i64": np.int64,
    "i1": np.bool_,
    "ui8": np.uint8,
    "ui32": np.uint32,
}
FLOAT_UNARY = ["exp", "log", "sqrt", "tanh", "erf", "floor", "ceil", "abs", "neg", "relu",
               "sigmoid"]  # fmt: skip
BINARY = ["add", "sub", "mul", "div", "maximum", "minimum"]
COMPARE = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]
DIMS = st.sampled_from([1, 2, 3, "n"])


def _type(shape, element: str) -> str:
    return f"!graph.tensor<[{', '.join(map(str, shape))}], {element}>"


@st.composite
def _broadcast_pairs(draw):
    """Two shapes that broadcast by numpy's rule, one of them binding `n`."""
    out = draw(st.lists(DIMS, min_size=1, max_size=3))
    out[0] = "n"
    one = ["n"] + [d if draw(st.booleans()) else 1 for d in out[1:]]
    other = [d if draw(st.booleans()) else 1 for d in out][draw(st.integers(0, len(out))) :]
    return out, one, other


@st.composite
def _single_op_programs(draw):
    """(the op's line, its operand shapes over `n`, their element types): one op the pass
    lowers, on element types and shapes `graph_programs` does not reach (integers, casts,
    1-D and batched matmuls)."""
    kinds = ["float_unary", "int_unary", "binary", "compare", "cast", "matmul", "reshape"]
    kind = draw(st.sampled_from(kinds))
    if kind == "reshape":
        return draw(_regrouping_reshapes())
    if kind == "matmul":  # a 1-D lhs, a 1-D rhs, or broadcast batch dims
        element = draw(st.sampled_from(["f32", "f64", "i32"]))
        k, units = draw(DIMS), draw(st.sampled_from([1, 3]))
        batch = draw(st.lists(st.sampled_from([1, 2]), max_size=2))
        rhs_batch = [d if draw(st.booleans()) else 1 for d in batch]
        shapes = draw(st.sampled_from([
            (["n"], [*rhs_batch, "n", units]),
            ([*batch, "n", k], [k]),
            ([*batch, "n", k], [*rhs_batch, k, units]),
        ]))  # fmt: skip
        types = ", ".join(_type(shape, element) for shape in shapes)
        line = f"%r = graph.matmul %x, %y : ({types})"
        return line, list(shapes), [element, element]
    out, one, other = draw(_broadcast_pairs())
    if kind == "cast":
        signed = [e for e in ELEMENTS if not e.startswith("ui")]  # `_unsigned_ops` has those
        source, target = draw(st.sampled_from(signed)), draw(st.sampled_from(signed))
        return f"%r = graph.cast %x {{to = {target}}} : ({_type(out, source)})", [out], [source]
    if kind.endswith("unary"):
        floats = kind == "float_unary"
        op = draw(st.sampled_from(FLOAT_UNARY if floats else ["neg", "abs", "relu"]))
        element = draw(st.sampled_from(["f16", "f64"] if floats else ["i32", "i64"]))
        return f"%r = graph.{op} %x : ({_type(out, element)})", [out], [element]
    element = draw(st.sampled_from(["f16", "f32", "f64", "i32", "i64"]))
    op = draw(st.sampled_from(BINARY if kind == "binary" else COMPARE))
    line = f"%r = graph.{op} %x, %y : ({_type(one, element)}, {_type(other, element)})"
    return line, [one, other], [element, element]


@st.composite
def _regrouping_reshapes(draw):
    """A reshape that merges (or splits) consecutive dims of a shape holding `n` once."""
    dims = ["n", *draw(st.lists(st.sampled_from([1, 2, 3]), max_size=3))]
    dims = draw(st.permutations(dims))
    cuts = sorted(draw(st.sets(st.integers(1, len(dims) - 1))) if len(dims) > 1 else [])
    bounds = [0, *cuts, len(dims)]
    merged = [_product(dims[a:b]) for a, b in zip(bounds, bounds[1:])]
    source, target = (dims, merged) if draw(st.booleans()) else (merged, dims)
    codes = ", ".join(f'"{d}"' if isinstance(d, str) else str(d) for d in target)
    line = f"%r = graph.reshape %x {{shape = [{codes}]}} : ({_type(source, 'f32')})"
    return line, [source], ["f32"]


def _product(dims: list):
    """The size of merged dims: an int, or `n` times one (`n*6`)."""
    static = int(np.prod([d for d in dims if d != "n"]))
    if "n" not in dims:
        return static
    return "n" if static == 1 else f"n*{static}"


def _function(line: str, shapes: list, elements: list) -> str:
    """`@main<n>` around the op's line, its result type read from a first parse."""
    names = ["x", "y"][: len(shapes)]
    params = ", ".join(f"%{v}: {_type(s, e)}" for v, s, e in zip(names, shapes, elements))
    probe = _parse(f"graph.func @main<n>({params}) {{\n  {line}\n  graph.return\n}}\n")
    result = probe.body.blocks[0].first_op.entry_block.first_op.results[0].type
    return (f"graph.func @main<n>({params}) -> {result} {{\n  {line}\n"
            f"  graph.return %r : {result}\n}}\n")  # fmt: skip


def _size(dim, n: int) -> int:
    """The size of a dim `3`, `n`, `n*6` or `n+2` when `n` is bound to `n`."""
    if isinstance(dim, int):
        return dim
    if "+" in dim:
        return n + int(dim.split("+")[1])
    return n * int(dim.removeprefix("n").removeprefix("*") or 1)


def _array(rng, shape, n: int, element: str) -> np.ndarray:
    """Small values; integers without zeros (divisors) and floats that cast exactly enough."""
    concrete = tuple(_size(d, n) for d in shape)
    if element == "i1":
        return rng.integers(0, 2, concrete).astype(np.bool_)
    if element.startswith("ui"):
        return rng.integers(1, 10, concrete).astype(ELEMENTS[element])
    if element.startswith("i"):
        values = rng.integers(1, 10, concrete) * rng.choice([-1, 1], concrete)
        return values.astype(ELEMENTS[element])
    return (rng.standard_normal(concrete) * 4).astype(ELEMENTS[element])


@settings(deadline=None)
@given(_single_op_programs(), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_legalized_ops_on_other_element_types_and_shapes(case, n, seed):
    line, shapes, elements = case
    text = _function(line, shapes, elements)
    original, legalized = _parse(text), _parse(text)
    _legalize(legalized)
    assert "graph.call_dps" in legalized.print(generic=True)
    rng = np.random.default_rng(seed)
    arrays = [_array(rng, s, n, e) for s, e in zip(shapes, elements)]
    (want,) = mlc.interpret(original, "main", *arrays)
    (got,) = mlc.interpret(legalized, "main", *arrays)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


# --- every other graph op: one op per program, random shapes and attributes ----------------------
class Input:
    """An operand of a generated op: its graph dims (ints and `n`), element type, and for
    index operands the exclusive bound of its (possibly negative) values."""

    def __init__(self, shape, element: str, bound: int | None = None,
                 nonnegative: bool = False) -> None:  # fmt: skip
        self.shape, self.element, self.bound = list(shape), element, bound
        self.nonnegative = nonnegative  # floats cast to unsigned ones: in range

    def __repr__(self) -> str:
        return f"Input({self.shape}, {self.element!r}, bound={self.bound})"

    def array(self, rng, n: int) -> np.ndarray:
        if self.element == "bf16":
            return _array(rng, self.shape, n, "f32").astype(numpy_dtype(bf16))
        if self.nonnegative:
            return np.abs(_array(rng, self.shape, n, self.element))
        if self.bound is None:
            return _array(rng, self.shape, n, self.element)
        concrete = tuple(_size(d, n) for d in self.shape)
        bound = _size(self.bound, n) if isinstance(self.bound, str) else self.bound
        return rng.integers(-bound, bound, concrete).astype(ELEMENTS[self.element])


def _attrs(**values) -> str:
    """An attribute dictionary; lists of ints, bools, floats as f32, strings quoted."""
    parts = []
    for key, v in values.items():
        if v is None:
            continue
        if isinstance(v, bool):
            text = "true" if v else "false"
        elif isinstance(v, float):
            text = f"{v!r} : f32"
        elif isinstance(v, str):
            text = f'"{v}"'
        elif isinstance(v, list):
            text = "[" + ", ".join(f'"{d}"' if isinstance(d, str) else str(d) for d in v) + "]"
        else:
            text = str(v)
        parts.append(f"{key} = {text}")
    return " {" + ", ".join(parts) + "}" if parts else ""


def _line(op: str, inputs: list, attrs: str = "", results: int = 1) -> str:
    names = ", ".join(f"%{v}" for v in ["x", "y", "z", "u", "v"][: len(inputs)])
    types = ", ".join(_type(i.shape, i.element) for i in inputs)
    target = "%r" if results == 1 else f"%r:{results}"
    return f"{target} = graph.{op} {names}{attrs} : ({types})"


SHAPES = st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=3).map(lambda s: ["n", *s])
FLOATS = st.sampled_from(["f32", "f64"])
UNARY_MORE = ["sign", "rsqrt", "reciprocal", "sin", "cos", "tan", "round", "softplus",
              "hard_swish", "gelu", "leaky_relu", "elu", "selu", "hard_sigmoid",
              "clip"]  # fmt: skip
REDUCTIONS = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod",
              "reduce_l2", "reduce_sum_square", "reduce_log_sum_exp"]  # fmt: skip


@st.composite
def _elementwise_ops(draw):
    shape = draw(SHAPES)
    kind = draw(st.sampled_from(["unary", "int_unary", "logic", "mod", "pow", "cast"]))
    if kind == "cast":  # the half floats, the one pair the other cast test leaves out
        source, target = draw(st.permutations(["f16", "bf16", "f32"]))[:2]
        x = Input(shape, source)
        return _line("cast", [x], f" {{to = {target}}}"), [x]
    if kind == "unary":
        op, x = draw(st.sampled_from(UNARY_MORE)), Input(shape, draw(FLOATS))
        attrs = {"gelu": _attrs(approximate=draw(st.sampled_from(["none", "tanh"]))),
                 "clip": _attrs(min=-1.5, max=draw(st.sampled_from([None, 2.0]))),
                 "leaky_relu": _attrs(alpha=0.5), "elu": _attrs(alpha=0.7)}.get(op, "")  # fmt: skip
        return _line(op, [x], attrs), [x]
    if kind == "int_unary":
        op, x = draw(st.sampled_from(["sign", "clip"])), Input(shape, "i32")
        return _line(op, [x], _attrs(min=-3.5, max=4.0) if op == "clip" else ""), [x]
    if kind == "logic":
        x, y = Input(shape, "i1"), Input(shape[draw(st.integers(0, len(shape) - 1)) :], "i1")
        op = draw(st.sampled_from(["and", "or", "xor", "not"]))
        return (_line(op, [x]), [x]) if op == "not" else (_line(op, [x, y]), [x, y])
    if kind == "mod":
        element = draw(st.sampled_from(["f32", "i32", "i64"]))
        fmod = element == "f32" or draw(st.booleans())
        x, y = Input(shape, element), Input(shape[-1:], element)
        return _line("mod", [x, y], _attrs(fmod=fmod)), [x, y]
    base = draw(st.sampled_from(["f32", "f64", "i32", "i64"]))
    if base.startswith("i"):  # integer powers (math.ipowi): numpy refuses negative exponents
        x, y = Input(shape, base), Input(shape[-1:], "i32", nonnegative=True)
    else:
        x, y = Input(shape, base), Input(shape[-1:], draw(st.sampled_from(["f32", "i32"])))
    return _line("pow", [x, y]), [x, y]


UNSIGNED = st.sampled_from(["ui8", "ui32"])


@st.composite
def _unsigned_ops(draw):
    """An op on unsigned elements (values 1 to 9; sums, differences and products wrap):
    the kernels take them as signless integers with the unsigned arith ops."""
    shape, element = draw(SHAPES), draw(UNSIGNED)
    x, y = Input(shape, element), Input(shape[draw(st.integers(0, len(shape) - 1)) :], element)
    kind = draw(st.sampled_from(["binary", "compare", "mod", "unary", "where", "cast_from",
                                 "cast_to", "reduce", "arg", "pad", "pow"]))  # fmt: skip
    if kind in ("binary", "compare"):
        return _line(draw(st.sampled_from(BINARY if kind == "binary" else COMPARE)), [x, y]), \
            [x, y]  # fmt: skip
    if kind == "pow":  # the exponent unsigned too, or a float converted to the base's type
        exponent = Input(y.shape, draw(st.sampled_from([element, "f32"])), nonnegative=True)
        return _line("pow", [x, exponent]), [x, exponent]
    if kind == "mod":
        return _line("mod", [x, y], _attrs(fmod=draw(st.booleans()))), [x, y]
    if kind == "unary":
        op = draw(st.sampled_from(["neg", "abs", "relu", "sign", "clip"]))
        return _line(op, [x], _attrs(min=2.5, max=draw(st.sampled_from([None, 7.0])))
                     if op == "clip" else ""), [x]  # fmt: skip
    if kind == "where":
        condition = Input(shape, "i1")
        return _line("where", [condition, x, y]), [condition, x, y]
    if kind == "cast_from":
        target = draw(st.sampled_from(["f32", "f16", "i1", "i8", "i32", "i64", "ui8", "ui32"]))
        return _line("cast", [x], f" {{to = {target}}}"), [x]
    if kind == "cast_to":
        source = Input(shape, draw(st.sampled_from(["f32", "f64", "i1", "i32", "ui8", "ui32"])),
                       nonnegative=True)  # fmt: skip
        return _line("cast", [source], f" {{to = {element}}}"), [source]
    rank = len(shape)
    if kind == "reduce":
        op = draw(st.sampled_from(["reduce_sum", "reduce_max", "reduce_min", "reduce_prod",
                                   "reduce_sum_square"]))  # fmt: skip
        axes = draw(st.lists(st.integers(0, rank - 1), max_size=rank, unique=True))
        return _line(op, [x], _attrs(axes=axes or None, keepdims=draw(st.booleans()))), [x]
    if kind == "arg":
        attrs = _attrs(axis=draw(st.integers(-rank, rank - 1)), keepdims=draw(st.booleans()),
                       select_last_index=draw(st.booleans()))  # fmt: skip
        return _line(draw(st.sampled_from(["argmax", "argmin"])), [x], attrs), [x]
    pads = [draw(st.integers(0, 2)) for _ in range(2 * rank)]
    return _line("pad", [x], _attrs(pads=pads, mode="constant", value=3.0)), [x]


@st.composite
def _reduction_ops(draw):
    shape = draw(SHAPES)
    kind = draw(st.sampled_from(["reduce", "arg", "softmax", "global_pool"]))
    rank = len(shape)
    if kind == "reduce":
        op = draw(st.sampled_from(REDUCTIONS))
        floats_only = op in ("reduce_mean", "reduce_l2", "reduce_log_sum_exp")
        element = draw(
            st.sampled_from(["f16", "bf16", "f32", "f64"] + ([] if floats_only else ["i32"]))
        )
        axes = draw(
            st.lists(st.integers(-rank, rank - 1), max_size=rank, unique_by=lambda a: a % rank)
        )
        x = Input(shape, element)
        return _line(op, [x], _attrs(axes=axes or None, keepdims=draw(st.booleans()))), [x]
    if kind == "arg":
        x = Input(shape, draw(st.sampled_from(["f32", "i32"])))
        attrs = _attrs(axis=draw(st.integers(-rank, rank - 1)), keepdims=draw(st.booleans()),
                       select_last_index=draw(st.booleans()))  # fmt: skip
        return _line(draw(st.sampled_from(["argmax", "argmin"])), [x], attrs), [x]
    if kind == "softmax":
        x = Input(shape, draw(st.sampled_from(["f16", "bf16", "f32", "f64"])))
        op = draw(st.sampled_from(["softmax", "log_softmax"]))
        return _line(op, [x], _attrs(axis=draw(st.integers(-rank, rank - 1)))), [x]
    x = Input([*shape, 2] if rank < 3 else shape, draw(st.sampled_from(["f16", "f32"])))
    op = draw(st.sampled_from(["global_avg_pool", "global_max_pool"]))
    layout = draw(st.sampled_from([None, ["NWC", "NHWC", "NDHWC"][len(x.shape) - 3]]))
    return _line(op, [x], _attrs(data_format=layout)), [x]


@st.composite
def _nn_ops(draw):
    kind = draw(st.sampled_from(["matmul", "gemm", "linear", "bias_add", "layer_norm",
                                 "batch_norm", "instance_norm", "group_norm"]))  # fmt: skip
    contraction = kind in ("matmul", "gemm", "linear", "bias_add")  # integers too
    element = draw(st.sampled_from(["f16", "f32", "i32", "ui8"] if contraction else
                                   ["f16", "f32"]))  # fmt: skip
    k, units = draw(st.sampled_from([1, 3])), draw(st.sampled_from([2, 3]))
    if kind == "matmul":
        x, w = Input(["n", k], element), Input([k, units], element)
        return _line("matmul", [x, w]), [x, w]
    if kind == "gemm":
        trans_a, trans_b = draw(st.booleans()), draw(st.booleans())
        a = Input([k, "n"] if trans_a else ["n", k], element)
        b = Input([units, k] if trans_b else [k, units], element)
        c = Input(draw(st.sampled_from([[units], [1, units], []])), element)
        alpha, beta = draw(st.sampled_from([1.0, 0.5])), draw(st.sampled_from([1.0, 2.0]))
        attrs = _attrs(alpha=alpha, beta=beta, transA=trans_a, transB=trans_b)
        return _line("gemm", [a, b, c], attrs), [a, b, c]
    if kind == "linear":
        x, w, b = Input([2, "n", k], element), Input([units, k], element), Input([units], element)
        return _line("linear", [x, w, b]), [x, w, b]
    shape = ["n", 4, draw(st.sampled_from([1, 3]))]
    if kind == "bias_add":
        x, b = Input(shape, element), Input([4], element)
        return _line("bias_add", [x, b]), [x, b]
    if kind == "layer_norm":
        axis = draw(st.integers(1, 2))
        x = Input(shape, element)
        scale, bias = Input(shape[axis:], element), Input(shape[-1:], element)
        return _line("layer_norm", [x, scale, bias], _attrs(axis=axis, epsilon=1e-3)), [
            x,
            scale,
            bias,
        ]
    if kind == "batch_norm":
        x = Input(shape, element)
        vectors = [Input([4], element) for _ in range(4)]  # a negative variance gives NaN
        return _line("batch_norm", [x, *vectors]), [x, *vectors]
    x, scale, bias = Input(shape, element), Input([4], element), Input([4], element)
    attrs = _attrs(num_groups=draw(st.sampled_from([1, 2, 4]))) if kind == "group_norm" else ""
    return _line(kind, [x, scale, bias], attrs), [x, scale, bias]


@st.composite
def _window_ops(draw):
    """conv, conv_transpose, max/avg pool with 1 or 2 spatial dims (the batch `n`, the last
    spatial size static or `n+k`), random strides, pads, dilations, groups and layouts."""
    spatial = draw(st.integers(1, 2))
    kernel = [draw(st.integers(1, 3)) for _ in range(spatial)]
    strides = [draw(st.integers(1, 2)) for _ in range(spatial)]
    dilations = [draw(st.integers(1, 2)) for _ in range(spatial)]
    pads = [draw(st.integers(0, k - 1)) for k in kernel * 2]
    sizes: list = [draw(st.integers(3, 6)) + (k - 1) * d for k, d in zip(kernel, dilations)]
    if draw(st.booleans()):  # a symbolic spatial size, at least the static one drawn
        sizes[-1] = f"n+{sizes[-1] - 1}"
    last = draw(st.booleans())
    layout = ["NWC", "NHWC"][spatial - 1] if last else None
    element = draw(st.sampled_from(["f16", "f32"]))
    kind = draw(st.sampled_from(["conv", "conv_transpose", "max_pool", "avg_pool"]))
    if kind.endswith("pool"):
        channels = 2
        x = Input(["n", *sizes, channels] if last else ["n", channels, *sizes], element)
        attrs = dict(kernel_shape=kernel, strides=strides, pads=pads, data_format=layout,
                     ceil_mode=draw(st.booleans()))  # fmt: skip
        if kind == "avg_pool":
            attrs["count_include_pad"] = draw(st.booleans())
        else:
            attrs["dilations"] = dilations
        return _line(kind, [x], _attrs(**attrs)), [x]
    group = draw(st.sampled_from([1, 2]))
    c_in, c_out = 2 * group, 2 * group
    x = Input(["n", *sizes, c_in] if last else ["n", c_in, *sizes], element)
    if kind == "conv":
        w = Input(
            [*kernel, c_in // group, c_out] if last else [c_out, c_in // group, *kernel], element
        )
    else:
        per_group = c_out // group
        w = Input([*kernel, per_group, c_in] if last else [c_in, per_group, *kernel], element)
    attrs = dict(strides=strides, pads=pads, dilations=dilations, data_format=layout)
    if group != 1:
        attrs["group"] = group
    if kind == "conv_transpose":
        attrs["output_padding"] = [draw(st.integers(0, s - 1)) for s in strides]
    return _line(kind, [x, w], _attrs(**attrs)), [x, w]


@st.composite
def _data_movement_ops(draw):
    shape = draw(SHAPES)
    rank = len(shape)
    x = Input(shape, draw(st.sampled_from(["f32", "i32"])))
    kind = draw(st.sampled_from(["expand_dims", "squeeze", "flatten", "broadcast_to", "tile",
                                 "concat", "split", "slice", "gather", "gather_elements",
                                 "pad", "reshape"]))  # fmt: skip
    if kind == "expand_dims":
        return _line(kind, [x], _attrs(axes=[draw(st.integers(-rank - 1, rank))])), [x]
    if kind == "squeeze":
        x = Input([*shape, 1], x.element)
        return _line(kind, [x], _attrs(axes=[rank])), [x]
    if kind == "flatten":
        return _line(kind, [x], _attrs(axis=draw(st.integers(0, rank)))), [x]
    if kind == "broadcast_to":
        x = Input([1 if i else "n" for i in range(rank)], x.element)
        return _line(kind, [x], _attrs(shape=[2, *shape])), [x]
    if kind == "tile":
        repeats = [draw(st.integers(1, 3)) for _ in range(rank)]
        return _line(kind, [x], _attrs(repeats=repeats)), [x]
    if kind == "concat":
        axis = draw(st.integers(-rank, rank - 1))
        others = [list(shape) for _ in range(draw(st.integers(1, 2)))]
        for other in others:
            other[axis] = draw(st.sampled_from([1, 2, "n"]))
        inputs = [x] + [Input(s, x.element) for s in others]
        return _line(kind, inputs, _attrs(axis=axis)), inputs
    if kind == "split":
        axis = draw(st.integers(1, rank - 1)) if rank > 1 else 0
        if axis == 0:
            return _line(kind, [x], _attrs(axis=0, num_outputs=2), 2), [x]
        size = shape[axis]
        cut = draw(st.integers(0, size))
        return _line(kind, [x], _attrs(axis=axis, split=[cut, size - cut]), 2), [x]
    if kind == "slice":
        axes = draw(st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank, unique=True))
        bound = st.sampled_from([-5, -2, -1, 0, 1, 2, 5, 2**62])
        steps = [draw(st.sampled_from([1, 2, -1, -2])) for _ in axes]
        starts, ends = [draw(bound) for _ in axes], [draw(bound) for _ in axes]
        ends = [-(2**62) if s < 0 and e == 2**62 else e for s, e in zip(steps, ends)]
        return _line(kind, [x], _attrs(starts=starts, ends=ends, axes=axes, steps=steps)), [x]
    if kind == "gather":
        axis = draw(st.integers(0, rank - 1))
        indices = Input(draw(st.lists(st.sampled_from([1, 2]), max_size=2)), "i64", shape[axis])
        return _line(kind, [x, indices], _attrs(axis=axis)), [x, indices]
    if kind == "gather_elements":
        axis = draw(st.integers(0, rank - 1))
        index_shape = [
            d if i != axis else draw(st.sampled_from([1, 3])) for i, d in enumerate(shape)
        ]
        indices = Input(index_shape, "i32", shape[axis])
        return _line(kind, [x, indices], _attrs(axis=axis)), [x, indices]
    if kind == "pad":
        mode = draw(st.sampled_from(["constant", "reflect", "edge", "wrap"]))
        low = -1 if mode == "constant" else 0  # negative counts crop, in constant mode only
        pads = [draw(st.integers(low, 2)) for _ in range(2 * rank)]
        for axis, size in enumerate(shape):  # never crop a symbolic size (`n` may be 1)
            ends = (axis, axis + rank)  # nor all of a static one
            cropped = -sum(min(pads[end], 0) for end in ends)
            if not isinstance(size, int) or cropped >= size:
                for end in ends:
                    pads[end] = max(pads[end], 0)
        return _line(kind, [x], _attrs(pads=pads, mode=mode, value=1.5)), [x]
    target = draw(st.sampled_from([[-1], [_product(shape)], shape[::-1], [*shape[1:], -1]]))
    return _line(kind, [x], _attrs(shape=target)), [x]  # regrouping or not


def _check_legalized_op(line: str, inputs: list, n: int, seed: int) -> None:
    shapes, elements = [i.shape for i in inputs], [i.element for i in inputs]
    text = _multi_result_function(line, shapes, elements)
    original, legalized = _parse(text), _parse(text)
    mlc.PassManager.parse("builtin.module(graph-legalize{fail-on-unsupported=true})",
                          mlc.Context()).run(legalized)  # fmt: skip
    mlc.verify(legalized)
    rng = np.random.default_rng(seed)
    arrays = [i.array(rng, n) for i in inputs]
    want = mlc.interpret(original, "main", *arrays)
    got = mlc.interpret(legalized, "main", *arrays)
    assert_close_results(want, got, elements)


def assert_close_results(want, got, elements: list) -> None:
    """Results equal in dtype and shape, values within the tolerance of the narrowest float
    of `elements`. Sums run in another order than numpy's (pairwise, einsum): cancellation
    makes the error relative to the largest magnitude, not to each element."""
    rtol = {"f16": 2e-3, "bf16": 2e-2}.get(next((e for e in elements if "16" in e), ""), 1e-5)
    for w, g in zip(want, got):
        assert g.dtype == w.dtype and g.shape == w.shape
        wide = w.astype(np.float64)
        finite = np.abs(wide[np.isfinite(wide)])
        atol = rtol * max(1.0, float(finite.max()) if finite.size else 1.0)
        np.testing.assert_allclose(g.astype(np.float64), wide, rtol=rtol, atol=atol,
                                   equal_nan=True)  # fmt: skip


def _multi_result_function(line: str, shapes: list, elements: list, name: str = "main") -> str:
    """`_function` for ops with one or more results."""
    names = ["x", "y", "z", "u", "v"][: len(shapes)]
    params = ", ".join(f"%{v}: {_type(s, e)}" for v, s, e in zip(names, shapes, elements))
    probe = _parse(f"graph.func @main<n>({params}) {{\n  {line}\n  graph.return\n}}\n")
    op = probe.body.blocks[0].first_op.entry_block.first_op
    types = [str(r.type) for r in op.results]
    values = "%r" if len(types) == 1 else ", ".join(f"%r#{i}" for i in range(len(types)))
    results = ", ".join(types)
    return (f"graph.func @{name}<n>({params}) -> ({results}) {{\n  {line}\n"
            f"  graph.return {values} : {results}\n}}\n")  # fmt: skip


@settings(deadline=None)
@given(st.one_of(_elementwise_ops(), _reduction_ops(), _nn_ops(), _window_ops(),
                 _data_movement_ops()), st.integers(1, 3), st.integers(0, 2**32 - 1))  # fmt: skip
def test_every_graph_op_legalizes_to_what_the_interpreter_computes(case, n, seed):
    line, inputs = case
    _check_legalized_op(line, inputs, n, seed)


@settings(deadline=None)
@given(_unsigned_ops(), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_ops_on_unsigned_elements_legalize_to_what_the_interpreter_computes(case, n, seed):
    line, inputs = case
    _check_legalized_op(line, inputs, n, seed)
