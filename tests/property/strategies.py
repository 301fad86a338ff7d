"""Hypothesis strategies that generate valid MLIR text, as mlir-opt 19 accepts it.

Two families:

- `generic_modules()`: generic-form IR of unregistered ops (parse it with
  `allow_unregistered_dialects=True`): nested regions, multi-block CFG regions with block
  arguments and successors, multi-result ops, properties, trailing locations, comments, and
  every kind of builtin attribute and type (and the llvm dialect's types) in attribute
  dictionaries and value types.
- `func_modules()`: custom-form `func.func` functions over `arith` ops that call each other
  (directly and through `func.constant` + `call_indirect`); no flag needed.

Values are only used where they dominate the use: earlier in the same block, an argument of
the block, or defined before the enclosing op in an enclosing block. Unregistered ops use the
namespaces in `UNREGISTERED_DIALECTS`: mlir-opt 19 registers a `test` dialect (with real
`test.br` and friends), so `test.` would not be unregistered there.

Generation speed matters (the whole suite runs in minutes on 2 cores): every strategy is built
once (module constants or `functools.cache`) and choices among Python values use `_pick`
rather than a fresh `sampled_from` per draw.
"""

from __future__ import annotations

import functools
import itertools
import random
import re
import struct

from hypothesis import strategies as st

UNREGISTERED_DIALECTS = ("foo", "bar", "qux")
OP_NAMES = ("op", "compute", "do_thing", "a.b", "region", "x_1", "Op$2")
TERMINATOR_NAMES = ("br", "cond_br", "switch", "return", "yield")

FLOAT_TYPES = ("f16", "bf16", "f32", "f64")
FLOAT_WIDTH = {"f16": 16, "bf16": 16, "f32": 32, "f64": 64}
SPECIAL_FLOAT_BITS = {
    "f16": (0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7C01, 0x0001, 0x8000, 0x7BFF, 0x0400),
    "bf16": (0x7F80, 0xFF80, 0x7FC0, 0xFFC0, 0x7F81, 0x0001, 0x8000, 0x7F7F, 0x0080),
    "f32": (0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7F800001, 0x00000001,
            0x80000000, 0x7F7FFFFF, 0x00800000),
    "f64": (0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
            0xFFF8000000000000, 0x7FF0000000000001, 0x0000000000000001,
            0x8000000000000000, 0x7FEFFFFFFFFFFFFF, 0x0010000000000000),
}
NICE_FLOATS = (0.0, -0.0, 1.0, -1.5, 0.1, 100.0, 1e-3, 3.0e38, 6.5e-8, 65504.0, 1e300, 0.5)
CMPI_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
CMPF_PREDICATES = ("false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
                   "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true")

IDENTIFIERS = ("a", "b", "x.y", "_", "a$b", "value", "Z9", "sym_name", "loc", "true",
               "dense", "i32", "unit", "f_1.2.3", "z")
STRING_PIECES = ("", "x", "hello world", "a b", r"\n", r"\t", r"\"", r"\\", r"\00", r"\7f",
                 r"\FF", r"\e2\82\AC", r"\1B", "é", "€", "日本", "😀", "{}[]<>()", "#!%^&*",
                 "// not a comment", "'", "-----")


SEEDS = st.integers(0, 2**16)


def _pick(draw, seq):
    """One element of a non-empty sequence (a cheap `sampled_from` for per-draw sequences)."""
    return seq[draw(st.integers(0, len(seq) - 1))]


def _one_in(draw, n: int) -> bool:
    return draw(st.integers(0, n - 1)) == 0


def float_literal(value: float) -> str:
    """A decimal MLIR float literal (always with a `.`, as MLIR's lexer requires)."""
    mantissa, _, exponent = repr(value).partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + ("e" + exponent if exponent else "")


PRINTABLE_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E,
                                       exclude_characters='"\\'), max_size=5)
# Quoted strings mixing plain text, escapes and non-ASCII characters.
STRING_LITERALS = st.lists(st.one_of(st.sampled_from(STRING_PIECES), PRINTABLE_TEXT),
                           max_size=3).map(lambda pieces: '"' + "".join(pieces) + '"')
NONEMPTY_STRING_LITERALS = STRING_LITERALS.filter(lambda s: s != '""')
IDENT_SUFFIXES = st.one_of(st.just(""), st.integers(0, 99).map(str))
BARE_IDS = st.builds(lambda base, suffix: base + suffix, st.sampled_from(IDENTIFIERS),
                     IDENT_SUFFIXES)


# --------------------------------------------------------------------------- types


@st.composite
def _integer_types(draw) -> str:
    width = _pick(draw, (1, 8, 16, 32, 64, 1, 8, 16, 32, 64, 2, 7, 17, 128, 1000))
    if _one_in(draw, 6):
        width = draw(st.integers(1, 300))
    return _pick(draw, ("i", "i", "si", "ui")) + str(width)


INTEGER_TYPES = _integer_types()
SCALAR_TYPES = st.one_of(INTEGER_TYPES, st.just("index"), st.sampled_from(FLOAT_TYPES))
COMPLEX_TYPES = st.one_of(INTEGER_TYPES, st.sampled_from(FLOAT_TYPES)).map(
    lambda t: f"complex<{t}>")
DYNAMIC_SHAPES = st.lists(st.one_of(st.integers(0, 8), st.just("?")), max_size=3)


def shape_prefix(shape) -> str:
    return "".join(f"{d}x" for d in shape)


@st.composite
def _tensor_types(draw) -> str:
    element = draw(COMPLEX_TYPES if _one_in(draw, 4) else SCALAR_TYPES)
    if _one_in(draw, 6):
        return f"tensor<*x{element}>"
    encoding = _pick(draw, ("", "", "", "", ', "enc"', ", #foo.enc<1>"))
    return f"tensor<{shape_prefix(draw(DYNAMIC_SHAPES))}{element}{encoding}>"


@st.composite
def _vector_types(draw) -> str:
    element = draw(SCALAR_TYPES)
    shape = draw(st.lists(st.tuples(st.integers(1, 8), st.booleans()), max_size=3))
    return "vector<" + "".join(f"[{n}]x" if scalable else f"{n}x"
                               for n, scalable in shape) + element + ">"


@st.composite
def _memref_types(draw) -> str:
    element = draw(SCALAR_TYPES) if not _one_in(draw, 5) else _pick(
        draw, ("complex<f32>", "vector<2xf32>", "vector<[4]xi8>"))
    space = _pick(draw, ("", "", "", "", ", 0", ", 1", ", 3", ', "gpu"'))
    if _one_in(draw, 6):
        return f"memref<*x{element}{space}>"
    shape = draw(DYNAMIC_SHAPES)
    layout = _pick(draw, ("none", "none", "strided", "map"))
    if layout == "strided":
        layout_text = ", " + draw(strided_layouts(len(shape)))
    elif layout == "map":
        layout_text = ", " + draw(affine_maps(num_dims=len(shape), min_results=1))
    else:
        layout_text = ""
    return f"memref<{shape_prefix(shape)}{element}{layout_text}{space}>"


OPAQUE_LISTS = st.lists(st.integers(0, 9).map(str), max_size=3).map(
    lambda xs: "[" + ", ".join(xs) + "]")


@functools.cache
def opaque_bodies(depth: int = 2) -> st.SearchStrategy[str]:
    """Balanced dialect-specific bodies `<...>` of opaque attributes and types."""
    atoms = [st.integers(-5, 100).map(str), BARE_IDS, STRING_LITERALS]
    if depth > 0:
        atoms += [opaque_bodies(depth - 1), OPAQUE_LISTS]
    return st.lists(st.one_of(atoms), min_size=1, max_size=3).map(
        lambda parts: "<" + ", ".join(parts) + ">")


@st.composite
def _opaque_types(draw) -> str:
    dialect = _pick(draw, UNREGISTERED_DIALECTS)
    form = _pick(draw, ("bare", "body", "body", "string"))
    if form == "string":
        return f'!{dialect}<"raw {draw(st.integers(0, 99))}">'
    name = draw(BARE_IDS).replace("$", "")
    return f"!{dialect}.{name}" + (draw(opaque_bodies()) if form == "body" else "")


def result_list(types_: list[str]) -> str:
    """The result side of a function type: `i32`, `()`, `(i32, f32)`, `((i32) -> i32)`."""
    if len(types_) == 1 and not types_[0].startswith("("):
        return types_[0]
    return "(" + ", ".join(types_) + ")"


@functools.cache
def function_types(depth: int = 1) -> st.SearchStrategy[str]:
    inner = types(depth - 1)
    return st.builds(lambda ins, outs: "(" + ", ".join(ins) + ") -> " + result_list(outs),
                     st.lists(inner, max_size=3), st.lists(inner, max_size=2))


TENSOR_TYPES = _tensor_types()
VECTOR_TYPES = _vector_types()
MEMREF_TYPES = _memref_types()
OPAQUE_TYPES = _opaque_types()


@functools.cache
def llvm_element_bodies(depth: int = 2) -> st.SearchStrategy[str]:
    """An llvm dialect type that can be an element of a struct or an array, as written inside
    another llvm type (`ptr`, `array<2 x i32>`, `struct<packed (i8, f32)>`)."""
    pointers = st.sampled_from(("ptr", "ptr", "ptr<1>", "ptr<0>"))
    if depth == 0:
        return pointers
    element = llvm_elements(depth - 1)
    return st.one_of(
        pointers,
        st.builds(lambda n, t: f"array<{n} x {t}>", st.integers(0, 4), element),
        st.builds(lambda packed, ts: "struct<" + ("packed " if packed else "")
                  + "(" + ", ".join(ts) + ")>", st.booleans(), st.lists(element, max_size=3)),
    )


@functools.cache
def llvm_elements(depth: int = 2) -> st.SearchStrategy[str]:
    """An element of an llvm aggregate or function: a builtin scalar or vector, or an llvm
    type, nested ones sometimes spelled with the `!llvm.` prefix (MLIR accepts both)."""
    nested = st.deferred(lambda: llvm_element_bodies(depth))
    return st.one_of(SCALAR_TYPES, VECTOR_TYPES, nested, nested.map(lambda b: "!llvm." + b))


LLVM_FUNCTION_BODIES = st.builds(
    lambda result, ps, vararg: f"func<{result} (" + ", ".join(ps + ["..."] * vararg) + ")>",
    st.one_of(st.just("void"), llvm_elements()), st.lists(llvm_elements(), max_size=3),
    st.booleans())
LLVM_TYPES = st.one_of(llvm_element_bodies(), LLVM_FUNCTION_BODIES,
                       st.just("void")).map(lambda body: "!llvm." + body)


@functools.cache
def types(depth: int = 2) -> st.SearchStrategy[str]:
    """Any builtin, llvm or opaque type; `depth` bounds nesting through tuple/function
    types."""
    leaves = [SCALAR_TYPES, SCALAR_TYPES, SCALAR_TYPES, COMPLEX_TYPES, TENSOR_TYPES,
              VECTOR_TYPES, MEMREF_TYPES, OPAQUE_TYPES, LLVM_TYPES, st.just("none")]
    if depth > 0:
        nested = st.deferred(lambda: types(depth - 1))
        leaves.append(st.lists(nested, max_size=3).map(lambda ts: f"tuple<{', '.join(ts)}>"))
        leaves.append(st.deferred(lambda: function_types(depth)))
    return st.one_of(leaves)


# --------------------------------------------------------------------------- attributes


def integer_range(int_type: str) -> tuple[int, int]:
    """Values MLIR accepts for an integer type (signless takes signed and unsigned values)."""
    if int_type == "index":
        return -(2**63), 2**63 - 1
    width = int(int_type.lstrip("siu"))
    if int_type.startswith("si"):
        return -(2 ** (width - 1)), 2 ** (width - 1) - 1
    if int_type.startswith("ui"):
        return 0, 2**width - 1
    return -(2 ** (width - 1)), 2**width - 1


def integer_value(draw, int_type: str) -> int:
    low, high = integer_range(int_type)
    if _one_in(draw, 2):
        return _pick(draw, (low, high, 0, min(1, high), max(-1, low), high // 2))
    return draw(st.integers(low, high))


@st.composite
def _integer_attrs(draw) -> str:
    int_type = draw(INTEGER_TYPES) if not _one_in(draw, 6) else "index"
    value = integer_value(draw, int_type)
    if int_type == "i1" and _one_in(draw, 2):
        return "true" if value else "false"
    literal = hex(value) if value >= 0 and _one_in(draw, 5) else str(value)
    if int_type == "i64" and _one_in(draw, 2):
        return literal
    return f"{literal} : {int_type}"


def float_bits_hex(float_type: str, bits: int) -> str:
    return "0x" + format(bits, f"0{FLOAT_WIDTH[float_type] // 4}X")


FLOAT_VALUES = {16: st.floats(width=16, allow_nan=False, allow_infinity=False),
                32: st.floats(width=32, allow_nan=False, allow_infinity=False),
                64: st.floats(width=64, allow_nan=False, allow_infinity=False)}


def float_value(draw, float_type: str) -> str:
    """A float literal for `float_type`: decimal or hex bits (NaN, inf, subnormals...)."""
    kind = _pick(draw, ("decimal", "decimal", "nice", "special", "bits"))
    width = FLOAT_WIDTH[float_type]
    if kind == "special":
        return float_bits_hex(float_type, _pick(draw, SPECIAL_FLOAT_BITS[float_type]))
    if kind == "bits":
        return float_bits_hex(float_type, draw(st.integers(0, 2**width - 1)))
    if kind == "nice":
        return float_literal(_pick(draw, NICE_FLOATS))
    if float_type == "bf16":
        high_bits = draw(st.integers(0, 0xFFFF))
        if high_bits & 0x7F80 == 0x7F80:  # inf/NaN: no decimal spelling
            high_bits &= 0xBFFF
        return float_literal(struct.unpack("<f", struct.pack("<I", high_bits << 16))[0])
    return float_literal(draw(FLOAT_VALUES[width]))


@st.composite
def _float_attrs(draw) -> str:
    float_type = _pick(draw, FLOAT_TYPES)
    literal = float_value(draw, float_type)
    if float_type == "f64" and not literal.startswith("0x") and _one_in(draw, 2):
        return literal
    return f"{literal} : {float_type}"


SYMBOL_NAMES = st.one_of(BARE_IDS, BARE_IDS, NONEMPTY_STRING_LITERALS).map(lambda s: "@" + s)
SYMBOL_REFS = st.lists(SYMBOL_NAMES, min_size=1, max_size=3).map("::".join)


def element_literal(draw, element: str) -> str:
    """One element of a dense literal of `element` type."""
    if element.startswith("complex<"):
        inner = element[len("complex<"):-1]
        return f"({element_literal(draw, inner)}, {element_literal(draw, inner)})"
    if element in FLOAT_WIDTH:
        return float_value(draw, element)
    if element == "i1":
        return _pick(draw, ("true", "false"))
    return str(integer_value(draw, element))


DENSE_ELEMENTS = ("i1", "i8", "i16", "i32", "i64", "si8", "ui8", "ui32", "index",
                  "f16", "bf16", "f32", "f64", "complex<f32>", "complex<i16>", "complex<f64>")


def _product(shape) -> int:
    total = 1
    for d in shape:
        total *= d
    return total


def nested_literal(shape, element) -> str:
    """`[[a, b], [c, d]]` for `shape`, calling `element()` for each entry."""
    if not shape:
        return element()
    return "[" + ", ".join(nested_literal(shape[1:], element) for _ in range(shape[0])) + "]"


@st.composite
def _dense_attrs(draw) -> str:
    element = _pick(draw, DENSE_ELEMENTS)
    container = "tensor" if element.startswith("complex") else _pick(draw, ("tensor", "vector"))
    if _one_in(draw, 20):
        shape = [draw(st.integers(101, 140))]  # past mlir-opt's hex-printing threshold
    elif container == "vector":
        shape = draw(st.lists(st.integers(1, 3), max_size=3))
    else:
        shape = draw(st.lists(st.integers(0, 4), max_size=3).filter(lambda s: _product(s) <= 24))
    shaped = f"{container}<{shape_prefix(shape)}{element}>"
    if _product(shape) == 0:
        return f"dense<{'[]' if shape == [0] and _one_in(draw, 2) else ''}> : {shaped}"
    if _one_in(draw, 3):
        return f"dense<{element_literal(draw, element)}> : {shaped}"
    if _one_in(draw, 4):  # all equal: printed as a splat
        value = element_literal(draw, element)
        return f"dense<{nested_literal(shape, lambda: value)}> : {shaped}"
    return f"dense<{nested_literal(shape, lambda: element_literal(draw, element))}> : {shaped}"


@st.composite
def _dense_array_attrs(draw) -> str:
    element = _pick(draw, ("i1", "i8", "i16", "i32", "i64", "f32", "f64"))
    values = [element_literal(draw, element) for _ in range(draw(st.integers(0, 4)))]
    if not values:
        return f"array<{element}>"
    return f"array<{element}: {', '.join(values)}>"


def affine_expr(draw, num_dims: int, num_symbols: int, depth: int = 2,
                semi_affine: bool = True) -> str:
    """A fully parenthesized affine expression over `d0..`, `s0..` (MLIR re-simplifies it)."""
    leaves = [f"d{i}" for i in range(num_dims)] + [f"s{i}" for i in range(num_symbols)]
    if depth == 0 or _one_in(draw, 3):
        if leaves and not _one_in(draw, 3):
            return _pick(draw, leaves)
        c = draw(st.integers(-10, 10))
        return f"({c})" if c < 0 else str(c)
    lhs = affine_expr(draw, num_dims, num_symbols, depth - 1, semi_affine)
    kind = _pick(draw, ("+", "-", "*", "c*", "floordiv", "ceildiv", "mod", "neg", "*s"))
    if kind in ("+", "-"):
        return f"({lhs} {kind} {affine_expr(draw, num_dims, num_symbols, depth - 1, semi_affine)})"
    if kind == "neg":
        return f"-({lhs})"
    if kind == "*s" and semi_affine and num_symbols:
        return f"({lhs} * s{draw(st.integers(0, num_symbols - 1))})"
    if kind in ("floordiv", "ceildiv", "mod"):
        return f"({lhs} {kind} {draw(st.integers(1, 9))})"
    c = draw(st.integers(-10, 10))
    c_text = f"({c})" if c < 0 else str(c)
    return f"({c_text} * {lhs})" if kind == "c*" else f"({lhs} * {c_text})"


def _affine_header(num_dims: int, num_symbols: int) -> str:
    header = "(" + ", ".join(f"d{i}" for i in range(num_dims)) + ")"
    if num_symbols:
        header += "[" + ", ".join(f"s{i}" for i in range(num_symbols)) + "]"
    return header


@functools.cache
@st.composite
def affine_maps(draw, num_dims: int | None = None, min_results: int = 0) -> str:
    if num_dims is None:
        num_dims = draw(st.integers(0, 3))
    num_symbols = draw(st.integers(0, 2))
    count = draw(st.integers(min_results, 3))
    results = [affine_expr(draw, num_dims, num_symbols) for _ in range(count)]
    return f"affine_map<{_affine_header(num_dims, num_symbols)} -> ({', '.join(results)})>"


@st.composite
def _affine_sets(draw) -> str:
    num_dims = draw(st.integers(1, 3))
    num_symbols = draw(st.integers(0, 2))
    constraints = []
    for _ in range(draw(st.integers(1, 3))):
        lhs = affine_expr(draw, num_dims, num_symbols, semi_affine=False)
        relation = _pick(draw, (">=", "==", "<="))
        rhs = "0" if _one_in(draw, 2) else affine_expr(draw, num_dims, num_symbols, 1, False)
        constraints.append(f"{lhs} {relation} {rhs}")
    return f"affine_set<{_affine_header(num_dims, num_symbols)} : ({', '.join(constraints)})>"


STRIDES = st.one_of(st.integers(-4, 64).filter(bool).map(str), st.just("?"))
OFFSETS = st.one_of(st.integers(0, 64).map(str), st.just("?"))


@functools.cache
@st.composite
def strided_layouts(draw, rank: int | None = None) -> str:
    if rank is None:
        rank = draw(st.integers(0, 3))
    strides = [draw(STRIDES) for _ in range(rank)]
    text = f"strided<[{', '.join(strides)}]"
    if _one_in(draw, 2):
        text += f", offset: {draw(OFFSETS)}"
    return text + ">"


FILE_LINE_COLS = st.builds(lambda f, line, col: f'"{f}":{line}:{col}',
                           st.sampled_from(("a.mlir", "dir/b.py", "", "x y.c")),
                           st.integers(0, 999), st.integers(0, 99))


@functools.cache
@st.composite
def location_bodies(draw, depth: int = 2, registered: bool = False) -> str:
    """The inside of `loc(...)`: file:line:col, name, callsite, fused, unknown."""
    form = _pick(draw, ("flc", "flc", "name", "unknown", "named", "callsite", "fused",
                        "fused_meta") if depth else ("flc", "name", "unknown"))
    if form == "flc":
        return draw(FILE_LINE_COLS)
    if form == "name":
        return draw(STRING_LITERALS)
    if form == "unknown":
        return "unknown"
    inner = location_bodies(depth - 1, registered)
    if form == "named":
        return f"{draw(STRING_LITERALS)}({draw(inner)})"
    if form == "callsite":
        return f"callsite({draw(inner)} at {draw(inner)})"
    metadata = f"<{draw(attributes(0, registered))}>" if form == "fused_meta" else ""
    return f"fused{metadata}[{', '.join(draw(st.lists(inner, min_size=1, max_size=3)))}]"


@functools.cache
def locations(registered: bool = False) -> st.SearchStrategy[str]:
    """`loc(...)`; `registered` leaves out unregistered-dialect metadata."""
    return st.deferred(lambda: location_bodies(registered=registered).map(
        lambda body: f"loc({body})"))


LOCATIONS = locations()
REGISTERED_LOCATIONS = locations(registered=True)


@st.composite
def _opaque_attrs(draw) -> str:
    dialect = _pick(draw, UNREGISTERED_DIALECTS)
    form = _pick(draw, ("bare", "body", "body", "string"))
    if form == "string":
        return f'#{dialect}<"raw {draw(st.integers(0, 99))}">'
    name = draw(BARE_IDS).replace("$", "")
    return f"#{dialect}.{name}" + (draw(opaque_bodies()) if form == "body" else "")


DICT_KEYS = st.one_of(BARE_IDS, BARE_IDS, NONEMPTY_STRING_LITERALS)
PREFIXED_KEYS = st.builds(lambda d, k: f"{d}.{k}", st.sampled_from(UNREGISTERED_DIALECTS),
                          BARE_IDS)


ESCAPE = re.compile(r'\\([0-9a-fA-F]{2}|.)')
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _key_identity(key: str) -> bytes:
    r"""The name a dictionary key spells: `a`, `"a"` and `"\61"` are one entry."""
    if not key.startswith('"'):
        return key.encode()
    pieces = ESCAPE.split(key[1:-1])
    raw = bytearray()
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            raw += piece.encode()
        elif piece in SIMPLE_ESCAPES:
            raw += SIMPLE_ESCAPES[piece].encode()
        else:
            raw.append(int(piece, 16))
    return bytes(raw)


@functools.cache
@st.composite
def named_attr_lists(draw, depth: int = 1, min_size: int = 0,
                     prefixed: bool = False, registered: bool = False) -> list[str]:
    """`name = value` entries (or a bare `name`, a unit attribute) with unique names."""
    keys = draw(st.lists(PREFIXED_KEYS if prefixed else DICT_KEYS, min_size=min_size,
                         max_size=3, unique_by=_key_identity))
    value = attributes(depth, registered)
    return [k if _one_in(draw, 6) else f"{k} = {draw(value)}" for k in keys]


@functools.cache
def dictionary_attrs(depth: int = 1, min_size: int = 0, prefixed: bool = False,
                     registered: bool = False) -> st.SearchStrategy[str]:
    """`{...}`; `prefixed` gives dialect-prefixed names (as builtin.module requires)."""
    entries = named_attr_lists(depth, min_size, prefixed, registered)
    return entries.map(lambda es: "{" + ", ".join(es) + "}")


INTEGER_ATTRS = _integer_attrs()
FLOAT_ATTRS = _float_attrs()
DENSE_ATTRS = _dense_attrs()
DENSE_ARRAY_ATTRS = _dense_array_attrs()
AFFINE_SETS = _affine_sets()
OPAQUE_ATTRS = _opaque_attrs()
TYPED_STRINGS = st.builds(lambda s, t: f"{s} : {t}", STRING_LITERALS, SCALAR_TYPES)


@functools.cache
def attributes(depth: int = 2, registered: bool = False) -> st.SearchStrategy[str]:
    """Any builtin or opaque attribute; `depth` bounds nesting through arrays/dicts.

    `registered` leaves out what needs `allow_unregistered_dialects` (opaque attributes and
    types, and types that may hold them).
    """
    leaves = [
        INTEGER_ATTRS, INTEGER_ATTRS, FLOAT_ATTRS, FLOAT_ATTRS, STRING_LITERALS,
        st.sampled_from(("true", "false", "unit")), SYMBOL_REFS, DENSE_ATTRS,
        DENSE_ARRAY_ATTRS, st.deferred(lambda: affine_maps()), AFFINE_SETS,
        st.deferred(lambda: strided_layouts()), locations(registered), TYPED_STRINGS,
    ]
    if registered:
        leaves += [SCALAR_TYPES, COMPLEX_TYPES, VECTOR_TYPES]
    else:
        leaves += [st.deferred(lambda: types(1)), OPAQUE_ATTRS]
    if depth > 0:
        nested = st.deferred(lambda: attributes(depth - 1, registered))
        leaves.append(st.lists(nested, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"))
        leaves.append(st.deferred(lambda: dictionary_attrs(depth - 1, registered=registered)))
    return st.one_of(leaves)


# --------------------------------------------------------------------------- generic IR


class _Names:
    """Unique SSA names and block labels in assorted legal spellings.

    The spelling is cosmetic, so it comes from one drawn seed rather than a draw per name
    (each draw costs generation time).
    """

    VALUE_PREFIXES = ("", "", "", "v", "x_", "arg", "a.b", "$t", "-q", "_", "val$")
    BLOCK_PREFIXES = ("bb", "bb", "blk_", "exit.", "B", "-")

    def __init__(self, seed: int) -> None:
        self._counter = itertools.count()
        self._random = random.Random(seed)

    def value(self) -> str:
        return f"%{self._random.choice(self.VALUE_PREFIXES)}{next(self._counter)}"

    def block(self) -> str:
        return f"^{self._random.choice(self.BLOCK_PREFIXES)}{next(self._counter)}"


VALUE_TYPES = types(1)
OP_ATTR_DICTS = dictionary_attrs(depth=1)
PROPERTY_DICTS = dictionary_attrs(depth=1)


class _GenericWriter:
    """Writes generic-form unregistered ops; `visible` lists (use, type) that dominate."""

    def __init__(self, draw, names: _Names) -> None:
        self.draw = draw
        self.names = names

    def op_name(self, names=OP_NAMES) -> str:
        return f'"{_pick(self.draw, UNREGISTERED_DIALECTS)}.{_pick(self.draw, names)}"'

    def operands(self, visible) -> list[tuple[str, str]]:
        if not visible:
            return []
        return [_pick(self.draw, visible) for _ in range(self.draw(st.integers(0, 3)))]

    def results(self) -> tuple[str, list[tuple[str, str]]]:
        """The `%a, %b:2 = ` prefix and the (use, type) pairs it defines."""
        draw = self.draw
        heads, defined = [], []
        for _ in range(_pick(draw, (0, 0, 1, 1, 1, 2))):
            name = self.names.value()
            size = _pick(draw, (1, 1, 2, 3))
            if size == 1 and _one_in(draw, 2):
                heads.append(name)
                defined.append((name, draw(VALUE_TYPES)))
                continue
            heads.append(f"{name}:{size}")
            defined.extend((f"{name}#{i}", draw(VALUE_TYPES)) for i in range(size))
        return (", ".join(heads) + " = " if heads else ""), defined

    def signature(self, operands, results) -> str:
        inputs = ", ".join(t for _, t in operands)
        return f"({inputs}) -> {result_list([t for _, t in results])}"

    def trailing_location(self) -> str:
        return " " + self.draw(LOCATIONS) if _one_in(self.draw, 7) else ""

    def comment(self) -> str:
        return '  // a comment: "}) { %x = ' if _one_in(self.draw, 12) else ""

    def op(self, visible, depth: int, indent: str) -> tuple[str, list[tuple[str, str]]]:
        """One op with optional properties, regions and attributes; returns its results."""
        draw = self.draw
        prefix, results = self.results()
        operands = self.operands(visible)
        text = f"{indent}{prefix}{self.op_name()}({', '.join(n for n, _ in operands)})"
        if _one_in(draw, 4):
            text += f" <{draw(PROPERTY_DICTS)}>"
        if depth > 0:
            count = _pick(draw, (0, 0, 0, 1, 1, 2))
            regions = [self.region(visible, depth - 1, indent + "  ") for _ in range(count)]
            if regions:
                text += " (" + ", ".join(regions) + ")"
        if _one_in(draw, 3):
            text += " " + draw(OP_ATTR_DICTS)
        text += f" : {self.signature(operands, results)}"
        return text + self.trailing_location() + self.comment(), results

    def terminator(self, visible, successors, indent: str) -> str:
        operands = self.operands(visible)
        uses = ", ".join(n for n, _ in operands)
        text = f"{indent}{self.op_name(TERMINATOR_NAMES)}({uses})"
        if successors:
            text += "[" + ", ".join(successors) + "]"
        return text + f" : {self.signature(operands, [])}{self.trailing_location()}"

    def block(self, visible, depth: int, indent: str, label: str | None,
              successors: list[str] | None) -> str:
        """A block; `successors` (None in single-block regions) are the branch targets."""
        draw = self.draw
        args = [(self.names.value(), draw(VALUE_TYPES))
                for _ in range(_pick(draw, (0, 0, 1, 2)))]
        lines = []
        if label is not None or args:
            arg_text = ", ".join(f"{n}: {t}{self.trailing_location()}" for n, t in args)
            head = (label or self.names.block()) + (f"({arg_text})" if args else "")
            lines.append(f"{indent[:-2]}{head}:")
        scope = visible + args
        for _ in range(_pick(draw, (0, 1, 1, 2, 3))):
            text, results = self.op(scope, depth, indent)
            lines.append(text)
            scope = scope + results
        if successors is not None:
            targets = [_pick(draw, successors) for _ in range(draw(st.integers(0, 2)))]
            lines.append(self.terminator(scope, targets if successors else [], indent))
        elif _one_in(draw, 2):
            lines.append(self.terminator(scope, [], indent))
        return "\n".join(lines)

    def region(self, visible, depth: int, indent: str) -> str:
        draw = self.draw
        num_blocks = _pick(draw, (0, 1, 1, 1, 2, 3))
        close = indent[:-2] + "}"
        if num_blocks == 0:
            return "{\n" + close
        if num_blocks == 1:
            label = self.names.block() if _one_in(draw, 4) else None
            body = self.block(visible, depth, indent, label, None)
        else:
            labels = [self.names.block() for _ in range(num_blocks - 1)]
            entry_label = self.names.block() if _one_in(draw, 2) else None
            blocks = [self.block(visible, depth, indent, entry_label, labels)]
            blocks += [self.block(visible, depth, indent, label, labels) for label in labels]
            body = "\n".join(blocks)
        return "{\n" + (body + "\n" if body else "") + close


@st.composite
def _generic_modules(draw, max_depth: int) -> str:
    writer = _GenericWriter(draw, _Names(draw(SEEDS)))
    wrapper = _pick(draw, ("implicit", "generic", "custom", "custom_named"))
    indent = "" if wrapper == "implicit" else "  "
    lines, visible = [], []
    for _ in range(draw(st.integers(0, 3))):
        text, results = writer.op(visible, max_depth, indent)
        lines.append(text)
        visible = visible + results
    if _one_in(draw, 8):
        lines.append(f'{indent}"builtin.module"() ({{\n{indent}^bb0:\n{indent}}}) : () -> ()')
    body = "\n".join(lines) + ("\n" if lines else "")
    if wrapper == "implicit":
        return body
    if wrapper == "generic":
        body = body or "^bb0:\n"  # a generic module's region needs its one block
        props = ' <{sym_name = "m"}>' if _one_in(draw, 2) else ""
        return f'"builtin.module"(){props} ({{\n{body}}}) : () -> ()\n'
    head = "module"
    if wrapper == "custom_named":
        head += f" @{draw(SYMBOL_NAMES)[1:]}"
    if _one_in(draw, 2):
        head += " attributes " + draw(dictionary_attrs(depth=1, min_size=1, prefixed=True))
    return f"{head} {{\n{body}}}\n"


@functools.cache
def generic_modules(max_depth: int = 3) -> st.SearchStrategy[str]:
    """A module of unregistered generic-form ops, in an implicit or explicit module."""
    return _generic_modules(max_depth)


# --------------------------------------------------------------------------- func + arith

INT_TYPES = ("i1", "i8", "i16", "i32", "i64")
SHAPED_TYPES = ("vector<4xi32>", "vector<2x2xf32>", "tensor<3xi16>", "tensor<2x2xf64>",
                "vector<3xi1>", "tensor<2xindex>")
FUNC_TYPES = INT_TYPES + ("index",) + FLOAT_TYPES + SHAPED_TYPES

INT_BINARY = ("addi", "subi", "muli", "divsi", "divui", "remsi", "remui", "andi", "ori",
              "xori", "shli", "shrsi", "shrui", "maxsi", "maxui", "minsi", "minui",
              "ceildivsi", "ceildivui", "floordivsi")
OVERFLOW_OPS = ("addi", "subi", "muli", "shli")
FLOAT_BINARY = ("addf", "subf", "mulf", "divf", "remf", "maximumf", "minimumf",
                "maxnumf", "minnumf")
FASTMATH = ("", "", "", " fastmath<fast>", " fastmath<nnan,ninf>",
            " fastmath<reassoc,contract>", " fastmath<none>", " fastmath<nsz,arcp,afn>")
OVERFLOW = ("", "", "", " overflow<nsw>", " overflow<nuw>", " overflow<nsw, nuw>")


SHAPED = re.compile(r"(vector|tensor)<((?:\d+x)*)(.+)>")


def element_of(type_text: str) -> str:
    match = SHAPED.fullmatch(type_text)
    return match.group(3) if match else type_text


def shape_of(type_text: str) -> list[int]:
    return [int(d) for d in SHAPED.fullmatch(type_text).group(2).split("x")[:-1]]


def with_element(type_text: str, element: str) -> str:
    """`type_text` with its element type replaced (the type itself for scalars)."""
    match = SHAPED.fullmatch(type_text)
    return f"{match.group(1)}<{match.group(2)}{element}>" if match else element


def is_int(type_text: str) -> bool:
    return element_of(type_text) in INT_TYPES


def is_int_or_index(type_text: str) -> bool:
    return is_int(type_text) or element_of(type_text) == "index"


def is_float(type_text: str) -> bool:
    return element_of(type_text) in FLOAT_TYPES


def bit_width(element: str) -> int:
    return FLOAT_WIDTH.get(element) or int(element[1:])


def arith_constant_value(draw, type_text: str) -> str:
    """The attribute of an `arith.constant` of `type_text`."""
    element = element_of(type_text)
    if element == type_text:
        if element == "i1":
            return _pick(draw, ("true", "false", "1 : i1", "0 : i1"))
        if element in FLOAT_WIDTH:
            return f"{float_value(draw, element)} : {element}"
        return f"{integer_value(draw, element)} : {element}"
    shape = shape_of(type_text)
    if _one_in(draw, 2):
        return f"dense<{element_literal(draw, element)}> : {type_text}"
    literal = nested_literal(shape, lambda: element_literal(draw, element))
    return f"dense<{literal}> : {type_text}"


class _FuncWriter:
    """Writes one function body over a pool of typed values."""

    def __init__(self, draw, names: _Names, signatures: dict[str, tuple[list, list]]) -> None:
        self.draw = draw
        self.names = names
        self.signatures = signatures
        self.pool: list[tuple[str, str]] = []
        self.lines: list[str] = []

    def emit(self, text: str) -> None:
        loc = " " + self.draw(REGISTERED_LOCATIONS) if _one_in(self.draw, 10) else ""
        self.lines.append("    " + text + loc)

    def define(self, type_text: str, text: str) -> str:
        name = self.names.value()
        self.emit(f"{name} = {text}")
        self.pool.append((name, type_text))
        return name

    def value_of(self, type_text: str) -> str:
        """An existing value of `type_text`, or a fresh `arith.constant`."""
        candidates = [n for n, t in self.pool if t == type_text]
        if candidates and not _one_in(self.draw, 5):
            return _pick(self.draw, candidates)
        constant = arith_constant_value(self.draw, type_text)
        if _one_in(self.draw, 6):
            return self.define(type_text, f'"arith.constant"() <{{value = {constant}}}> : '
                                          f"() -> {type_text}")
        return self.define(type_text, f"arith.constant {constant}")

    def pick_type(self, predicate) -> str:
        return _pick(self.draw, [t for t in FUNC_TYPES if predicate(t)])

    def binary(self, ops, predicate, flags) -> None:
        draw = self.draw
        type_text = self.pick_type(predicate)
        op = _pick(draw, ops)
        lhs, rhs = self.value_of(type_text), self.value_of(type_text)
        flag = _pick(draw, flags) if flags is FASTMATH or op in OVERFLOW_OPS else ""
        if _one_in(draw, 7):
            self.define(type_text, f'"arith.{op}"({lhs}, {rhs}) : '
                                   f"({type_text}, {type_text}) -> {type_text}")
            return
        self.define(type_text, f"arith.{op} {lhs}, {rhs}{flag} : {type_text}")

    def compare(self) -> None:
        draw = self.draw
        if _one_in(draw, 2):
            type_text = self.pick_type(is_int_or_index)
            pred, op, flag = _pick(draw, CMPI_PREDICATES), "cmpi", ""
        else:
            type_text = self.pick_type(is_float)
            pred, op, flag = _pick(draw, CMPF_PREDICATES), "cmpf", _pick(draw, FASTMATH)
        lhs, rhs = self.value_of(type_text), self.value_of(type_text)
        self.define(with_element(type_text, "i1"),
                    f"arith.{op} {pred}, {lhs}, {rhs}{flag} : {type_text}")

    def select(self) -> None:
        type_text = self.pick_type(lambda t: True)
        cond_type = "i1" if _one_in(self.draw, 2) else with_element(type_text, "i1")
        cond = self.value_of(cond_type)
        lhs, rhs = self.value_of(type_text), self.value_of(type_text)
        suffix = type_text if cond_type == "i1" else f"{cond_type}, {type_text}"
        self.define(type_text, f"arith.select {cond}, {lhs}, {rhs} : {suffix}")

    def cast(self) -> None:
        source = self.pick_type(lambda t: True)
        element = element_of(source)
        options = []
        same_width = [t for t in INT_TYPES + FLOAT_TYPES
                      if element != "index" and bit_width(t) == bit_width(element)]
        if element in INT_TYPES:
            wider = [t for t in INT_TYPES if bit_width(t) > bit_width(element)]
            narrower = [t for t in INT_TYPES if bit_width(t) < bit_width(element)]
            options += [(op, t) for op in ("extsi", "extui") for t in wider]
            options += [("trunci", t) for t in narrower]
            options += [(op, t) for op in ("sitofp", "uitofp") for t in FLOAT_TYPES]
            options += [(op, "index") for op in ("index_cast", "index_castui")]
            options += [("bitcast", t) for t in same_width]
        elif element == "index":
            options += [(op, t) for op in ("index_cast", "index_castui") for t in INT_TYPES]
        else:
            wider = [t for t in FLOAT_TYPES if bit_width(t) > bit_width(element)]
            narrower = [t for t in FLOAT_TYPES if bit_width(t) < bit_width(element)]
            options += [("extf", t) for t in wider] + [("truncf", t) for t in narrower]
            options += [(op, t) for op in ("fptosi", "fptoui") for t in INT_TYPES]
            options += [("bitcast", t) for t in same_width]
        op, target_element = _pick(self.draw, options)
        target = with_element(source, target_element)
        self.define(target, f"arith.{op} {self.value_of(source)} : {source} to {target}")

    def negf(self) -> None:
        type_text = self.pick_type(is_float)
        flag = _pick(self.draw, FASTMATH)
        self.define(type_text, f"arith.negf {self.value_of(type_text)}{flag} : {type_text}")

    def extended(self) -> None:
        draw = self.draw
        type_text = self.pick_type(is_int)
        op = _pick(draw, ("addui_extended", "mulsi_extended", "mului_extended"))
        lhs, rhs = self.value_of(type_text), self.value_of(type_text)
        second = with_element(type_text, "i1") if op == "addui_extended" else type_text
        suffix = f"{type_text}, {second}" if op == "addui_extended" else type_text
        if _one_in(draw, 2):
            name = self.names.value()
            self.emit(f"{name}:2 = arith.{op} {lhs}, {rhs} : {suffix}")
            self.pool += [(f"{name}#0", type_text), (f"{name}#1", second)]
        else:
            first, last = self.names.value(), self.names.value()
            self.emit(f"{first}, {last} = arith.{op} {lhs}, {rhs} : {suffix}")
            self.pool += [(first, type_text), (last, second)]

    def call(self) -> None:
        draw = self.draw
        callee = _pick(draw, sorted(self.signatures))
        inputs, outputs = self.signatures[callee]
        args = ", ".join(self.value_of(t) for t in inputs)
        fn_type = f"({', '.join(inputs)}) -> {result_list(outputs)}"
        if _one_in(draw, 4):
            fn = self.define(fn_type, f"func.constant @{callee} : {fn_type}")
            call = f"func.call_indirect {fn}({args}) : {fn_type}"
        else:
            call = f"{_pick(draw, ('call', 'func.call'))} @{callee}({args}) : {fn_type}"
        if not outputs:
            self.emit(call)
        elif len(outputs) == 1:
            self.define(outputs[0], call)
        else:
            name = self.names.value()
            self.emit(f"{name}:{len(outputs)} = {call}")
            self.pool += [(f"{name}#{i}", t) for i, t in enumerate(outputs)]

    def body(self, outputs: list[str]) -> list[str]:
        actions = (
            lambda: self.binary(INT_BINARY, is_int_or_index, OVERFLOW),
            lambda: self.binary(FLOAT_BINARY, is_float, FASTMATH),
            self.compare, self.select, self.cast, self.negf, self.extended, self.call,
            lambda: self.value_of(self.pick_type(lambda t: True)),
        )
        for _ in range(self.draw(st.integers(0, 10))):
            _pick(self.draw, actions)()
        returned = [self.value_of(t) for t in outputs]
        keyword = _pick(self.draw, ("return", "func.return"))
        if returned:
            self.emit(f"{keyword} {', '.join(returned)} : {', '.join(outputs)}")
        else:
            self.emit(keyword)
        return self.lines


FUNC_INHERENT_NAMES = ("sym_name", "function_type", "sym_visibility", "arg_attrs", "res_attrs")
FUNC_ATTR_DICTS = dictionary_attrs(depth=1, min_size=1, registered=True).filter(
    lambda text: not any(name in text for name in FUNC_INHERENT_NAMES))


def _function_head(draw, name: str, visibility: str, arg_text: str, outputs: list[str]) -> str:
    arrow = ""
    if outputs and _one_in(draw, 9):
        arrow = " -> (" + ", ".join(f"{t} {{foo.res}}" for t in outputs) + ")"
    elif outputs:
        arrow = " -> " + result_list(outputs)
    attributes_text = ""
    if _one_in(draw, 7):
        attributes_text = " attributes " + draw(FUNC_ATTR_DICTS)
    return f"  func.func {visibility}@{name}({arg_text}){arrow}{attributes_text}"


@st.composite
def _func_modules(draw) -> str:
    names = _Names(draw(SEEDS))
    signatures: dict[str, tuple[list, list]] = {}
    declarations = set()
    for i in range(draw(st.integers(1, 4))):
        name = f"f{i}" if not _one_in(draw, 4) else f"fn_{i}.x"
        inputs = [_pick(draw, FUNC_TYPES) for _ in range(draw(st.integers(0, 4)))]
        outputs = [_pick(draw, FUNC_TYPES) for _ in range(draw(st.integers(0, 3)))]
        signatures[name] = (inputs, outputs)
        if i and _one_in(draw, 5):
            declarations.add(name)
    lines = []
    for name, (inputs, outputs) in signatures.items():
        if name in declarations:
            lines.append(_function_head(draw, name, "private ", ", ".join(inputs), outputs))
            continue
        writer = _FuncWriter(draw, names, signatures)
        args = []
        for type_text in inputs:
            arg = names.value()
            writer.pool.append((arg, type_text))
            attr = " {foo.arg = 1 : i32}" if _one_in(draw, 9) else ""
            args.append(f"{arg}: {type_text}{attr}")
        visibility = _pick(draw, ("", "", "public ", "private ", "nested "))
        lines.append(_function_head(draw, name, visibility, ", ".join(args), outputs) + " {")
        lines.extend(writer.body(outputs))
        lines.append("  }")
    body = "\n".join(lines) + "\n"
    if _one_in(draw, 2):
        return body.replace("\n  ", "\n").lstrip(" ")
    return "module {\n" + body + "}\n"


FUNC_MODULES = _func_modules()


def func_modules() -> st.SearchStrategy[str]:
    """A module of custom-form `func.func`s built from `arith` ops, with calls among them."""
    return FUNC_MODULES


def any_modules() -> st.SearchStrategy[str]:
    """Either family; parse with `allow_unregistered_dialects=True`."""
    return st.one_of(generic_modules(), func_modules())
