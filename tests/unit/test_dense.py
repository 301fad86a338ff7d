"""Dense elements attributes: printing and parsing as mlir-opt 19 does, numpy in and out.

Expected texts below were produced by mlir-opt 19; `test_mlir_opt_prints_as_we_do` checks
generated attributes against it directly when it is installed.
"""

from __future__ import annotations

import math
import subprocess

import numpy as np
import pytest
from external_tools import find_mlir_opt
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mlc.ir.context import Context
from mlc.ir.dense import DenseElementsAttr, DenseStringElementsAttr, element_layout
from mlc.ir.syntax.attr_parser import AttrParser
from mlc.ir.syntax.dense_parser import DenseSyntaxError, parse_dense_literal
from mlc.ir.types import (
    DYNAMIC,
    SIGNED,
    SIGNLESS,
    UNSIGNED,
    ComplexType,
    FloatType,
    IndexType,
    IntegerType,
    MemRefType,
    OpaqueType,
    RankedTensorType,
    VectorType,
)

i1, i3, i8, i32, i64 = (IntegerType(w) for w in (1, 3, 8, 32, 64))
ui8, si8 = IntegerType(8, UNSIGNED), IntegerType(8, SIGNED)
index = IndexType()
f16, bf16, f32, f64 = (FloatType(n) for n in ("f16", "bf16", "f32", "f64"))
STRING = OpaqueType("foo", "string")  # `foo` is unregistered in mlir-opt too


def tensor(shape: tuple, element_type) -> RankedTensorType:
    return RankedTensorType(tuple(shape), element_type)


def parse(text: str):
    """`dense<literal> : type` -> attribute, the type read by mlc's type parser."""
    literal, _, type_text = text.rpartition("> : ")
    type = AttrParser(type_text, Context(allow_unregistered_dialects=True)).parse_type()
    return parse_dense_literal(literal.removeprefix("dense<"), type)


# --- printing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("array", "type", "text"),
    [
        (np.zeros((4, 4), np.int32), tensor((4, 4), i32), "dense<0> : tensor<4x4xi32>"),
        ([[1, 2], [3, 4]], tensor((2, 2), i8), "dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>"),
        ([True, False], tensor((2,), i1), "dense<[true, false]> : tensor<2xi1>"),
        (
            [1 + 2j, 1 + 2j],
            tensor((2,), ComplexType(f32)),
            "dense<(1.000000e+00,2.000000e+00)> : tensor<2xcomplex<f32>>",
        ),
        (np.zeros(0, np.float32), tensor((0,), f32), "dense<> : tensor<0xf32>"),
        (5, tensor((), i32), "dense<5> : tensor<i32>"),
        ([255, 1], tensor((2,), ui8), "dense<[255, 1]> : tensor<2xui8>"),
        ([255, 1], tensor((2,), i8), "dense<[-1, 1]> : tensor<2xi8>"),
        (
            [0.1, 3.14159],
            tensor((2,), bf16),
            "dense<[1.000980e-01, 3.140630e+00]> : tensor<2xbf16>",
        ),
        ([0.1, 3.14159], tensor((2,), f16), "dense<[9.997550e-02, 3.140630e+00]> : tensor<2xf16>"),
        ([1.234567, -0.0], tensor((2,), f32), "dense<[1.23456705, -0.000000e+00]> : tensor<2xf32>"),
        ([1e-5, math.inf], tensor((2,), f32), "dense<[9.99999974E-6, 0x7F800000]> : tensor<2xf32>"),
        (
            [[1, 2], [3, 4]],
            VectorType((2, 2), i32, (True, False)),
            "dense<[[1, 2], [3, 4]]> : vector<[2]x2xi32>",
        ),
        ([3, 4, -4], tensor((3,), i3), "dense<[3, -4, -4]> : tensor<3xi3>"),
        ([1, -2], tensor((2,), IntegerType(128)), "dense<[1, -2]> : tensor<2xi128>"),
    ],
)
def test_prints_as_mlir_opt(array, type, text):
    assert str(DenseElementsAttr.from_array(array, type)) == text


def test_strings_print_escaped():
    attr = DenseStringElementsAttr(tensor((2,), STRING), ("a", "\t\n\\é"))
    assert str(attr) == r'dense<["a", "\09\0A\\\C3\A9"]> : tensor<2x!foo.string>'
    assert str(DenseStringElementsAttr(tensor((2,), STRING), ("a", "a"))) == (
        'dense<"a"> : tensor<2x!foo.string>'
    )


def test_more_than_100_elements_print_as_hex():
    ints = DenseElementsAttr.from_array(np.arange(101) % 3, tensor((101,), i3))
    assert str(ints) == 'dense<"0x' + "000102" * 33 + '0001"> : tensor<101xi3>'
    bools = DenseElementsAttr.from_array([True] * 100 + [False] * 3, tensor((103,), i1))
    assert str(bools) == 'dense<"0xFFFFFFFFFFFFFFFFFFFFFFFF0F"> : tensor<103xi1>'
    splat = DenseElementsAttr.from_array(np.ones(200, np.float32), tensor((200,), f32))
    assert str(splat) == "dense<1.000000e+00> : tensor<200xf32>"


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("dense<[[1,1],[1,1]]> : tensor<2x2xi32>", "dense<1> : tensor<2x2xi32>"),
        (
            "dense<[0x7FC00000, 1.5]> : tensor<2xf32>",
            "dense<[0x7FC00000, 1.500000e+00]> : tensor<2xf32>",
        ),
        (
            "dense<[0x0001, 0x8001]> : tensor<2xbf16>",
            "dense<[9.183550e-41, -9.183550e-41]> : tensor<2xbf16>",
        ),
        (
            "dense<1.003906250931322574615478515625> : tensor<2xbf16>",
            "dense<1.007810e+00> : tensor<2xbf16>",
        ),
        (
            "dense<[1.0e40, 1.0e-400]> : tensor<2xf32>",
            "dense<[0x7F800000, 0.000000e+00]> : tensor<2xf32>",
        ),
        ("dense<0x00FF800000> : tensor<2xf32>", "dense<0xFF800000> : tensor<2xf32>"),
        ("dense<- 1.0> : tensor<2xf32>", "dense<-1.000000e+00> : tensor<2xf32>"),
        ("dense<1.e5> : tensor<f32>", "dense<1.000000e+05> : tensor<f32>"),
        ('dense<"0x0100"> : tensor<2xi8>', "dense<[1, 0]> : tensor<2xi8>"),
        ('dense<"0x01"> : tensor<2xi8>', "dense<1> : tensor<2xi8>"),
        ('dense<"0xff07"> : tensor<2xi8>', "dense<[-1, 7]> : tensor<2xi8>"),
        ('dense<"0x0000803F"> : tensor<f32>', "dense<1.000000e+00> : tensor<f32>"),
        ('dense<"0x0100C07F"> : tensor<f32>', "dense<0x7FC00001> : tensor<f32>"),
        ('dense<"0x05"> : tensor<4xi1>', "dense<[true, false, true, false]> : tensor<4xi1>"),
        ('dense<"0x0F"> : tensor<4xi1>', "dense<true> : tensor<4xi1>"),
        ('dense<"0xFF"> : tensor<2x3xi1>', "dense<true> : tensor<2x3xi1>"),
        (
            'dense<"0x01"> : tensor<8xi1>',
            "dense<[true, false, false, false, false, false, false, false]> : tensor<8xi1>",
        ),
        (
            'dense<"0x01020304"> : tensor<2xcomplex<i8>>',
            "dense<[(1,2), (3,4)]> : tensor<2xcomplex<i8>>",
        ),
        ('dense<"0x0102"> : tensor<2xcomplex<i8>>', "dense<(1,2)> : tensor<2xcomplex<i8>>"),
        ('dense<"0x"> : tensor<0xi32>', "dense<> : tensor<0xi32>"),
        ("dense<[]> : tensor<0xi32>", "dense<> : tensor<0xi32>"),
        ("dense<[[]]> : tensor<1x0xi32>", "dense<> : tensor<1x0xi32>"),
        ("dense<1> : tensor<0xi32>", "dense<1> : tensor<0xi32>"),
        ('dense<"0x00"> : tensor<0xi1>', "dense<false> : tensor<0xi1>"),
        ("dense<[1, -1]> : tensor<2xi1>", "dense<true> : tensor<2xi1>"),
        ("dense<[255, -128]> : tensor<2xi8>", "dense<[-1, -128]> : tensor<2xi8>"),
        ("dense<[0xFF, 1]> : tensor<2xui8>", "dense<[255, 1]> : tensor<2xui8>"),
        ("dense<[3, 4, -4]> : tensor<3xi3>", "dense<[3, -4, -4]> : tensor<3xi3>"),
        ('dense<"0xFFFF0000"> : tensor<2xui9>', "dense<[511, 0]> : tensor<2xui9>"),
        (
            "dense<[9223372036854775807, -9223372036854775808]> : tensor<2xindex>",
            "dense<[9223372036854775807, -9223372036854775808]> : tensor<2xindex>",
        ),
        ("dense<[1, // a comment\n 2]> : tensor<2xi32>", "dense<[1, 2]> : tensor<2xi32>"),
        ("dense<[1, - 2, 0x10]> : tensor<3xi32>", "dense<[1, -2, 16]> : tensor<3xi32>"),
        ("dense<(1, 2)> : tensor<complex<i32>>", "dense<(1,2)> : tensor<complex<i32>>"),
        (
            'dense<[["a", "b"]]> : tensor<1x2x!foo.string>',
            'dense<[["a", "b"]]> : tensor<1x2x!foo.string>',
        ),
        ('dense<"0x0102"> : tensor<2x!foo.string>', 'dense<"0x0102"> : tensor<2x!foo.string>'),
        ('dense<"a"> : tensor<0x!foo.string>', 'dense<"a"> : tensor<0x!foo.string>'),
        (
            'dense<["\\22\\n", "x"]> : tensor<2x!foo.string>',
            'dense<["\\22\\0A", "x"]> : tensor<2x!foo.string>',
        ),
        ("dense<5> : vector<i32>", "dense<5> : vector<i32>"),
    ],
)
def test_parses_as_mlir_opt(text, printed):
    assert str(parse(text)) == printed


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("[1, 2]", "inferred shape of elements literal ([2]) does not match type ([3])", 6),
        ("[]", "inferred shape of elements literal ([0]) does not match type ([3])", 2),
        (
            "[[1], [2, 3]]",
            "tensor literal is invalid; ranks are not consistent between elements",
            12,
        ),
        ("[[1, 2], 3]", "tensor literal is invalid; ranks are not consistent between elements", 10),
        ("[1 2]", "expected ']'", 3),
        ("[1,]", "expected element literal of primitive type", 3),
        ("[inf]", "expected element literal of primitive type", 1),
        ("1 2", "expected '>'", 2),
        ("", "parsed zero elements, but type ('tensor<3xi32>') expected at least 1", 0),
        ("4294967296", "integer constant out of range for type", 0),
        ("-2147483649", "integer constant out of range for type", 1),
        ("-0", "integer constant out of range for type", 1),
        ("[1, 4294967296, 3]", "integer constant out of range for type", 4),
        ("true", "expected i1 type for 'true' or 'false' values", 0),
        ("1.5", "expected integer elements, but parsed floating-point", 0),
        ('-"a"', "expected integer or floating point literal", 1),
        ('"abc"', "expected string containing hex digits starting with `0x`", 0),
        ('"0xABC"', "expected string containing hex digits starting with `0x`", 0),
        ('"0x01 02"', "expected string containing hex digits starting with `0x`", 0),
        ('"0x0102"', "elements hex data size is invalid for provided type: 'tensor<3xi32>'", 8),
        ("(1, 2)", "complex element literal is not valid for element type 'i32'", 0),
        ('[1, 2, "x', "expected '\"' in string literal", 7),
        ('"a\\q"', "unknown escape in string literal", 2),
        ("[" * 300 + "1" + "]" * 300, "tensor literal nesting is deeper than 256", 256),
    ],
)
def test_errors_like_mlir(text, message, offset):
    with pytest.raises(DenseSyntaxError) as info:
        parse_dense_literal(text, tensor((3,), i32))
    assert (info.value.message, info.value.offset) == (message, offset)


@pytest.mark.parametrize(
    ("text", "type", "message"),
    [
        ("-1", tensor((2,), ui8), "expected unsigned integer elements, but parsed negative value"),
        ("128", tensor((2,), si8), "integer constant out of range for type"),
        ("2", tensor((2,), i1), "integer constant out of range for type"),
        ("[1, 2]", tensor((2,), f32), "expected floating-point elements, but parsed integer"),
        ("true", tensor((2,), f32), "expected floating-point elements, but parsed integer"),
        (
            "-0x7F800000",
            tensor((2,), f32),
            "hexadecimal float literal should not have a leading minus",
        ),
        ("0x1FF800000", tensor((2,), f32), "hexadecimal float constant out of range for type"),
        (
            "0x10000000000000000",
            tensor((2,), f64),
            "hexadecimal float constant out of range for attribute",
        ),
        (
            "1",
            tensor((2,), ComplexType(i8)),
            "parsed 1 elements, but type ('complex<i8>') expected 2 elements",
        ),
        (
            "[1, 2]",
            tensor((2,), ComplexType(i8)),
            "parsed 2 elements, but type ('tensor<2xcomplex<i8>>') expected 4 elements",
        ),
        ("(1 2)", tensor((), ComplexType(i8)), "expected ',' between complex elements"),
        ("(1, 2]", tensor((), ComplexType(i8)), "expected ')' after complex elements"),
        ("(1, (2, 3))", tensor((), ComplexType(i8)), "expected element literal of primitive type"),
        ('["a", 1]', tensor((2,), STRING), "expected string token, got 1"),
        (
            '"0x0F00"',
            tensor((4,), i1),
            "elements hex data size is invalid for provided type: 'tensor<4xi1>'",
        ),
        ("1", tensor((DYNAMIC,), i32), "elements literal type must have static shape"),
        (
            "1.0",
            tensor((2,), FloatType("f8E4M3FN")),
            "dense elements of type 'f8E4M3FN' are not supported",
        ),
    ],
)
def test_element_errors_like_mlir(text, type, message):
    with pytest.raises(DenseSyntaxError) as info:
        parse_dense_literal(text, type)
    assert info.value.message == message


def test_deep_nesting_is_a_diagnostic_not_a_recursion_error():
    with pytest.raises(DenseSyntaxError):
        parse_dense_literal("[" * 100_000, tensor((1,), i32))
    with pytest.raises(DenseSyntaxError):
        parse_dense_literal("(" * 100_000, tensor((1,), ComplexType(i32)))


# --- values, equality, numpy -----------------------------------------------------------------


def test_splat_equals_the_same_elements_written_out():
    splat = parse("dense<7> : tensor<2x2xi32>")
    full = parse("dense<[[7, 7], [7, 7]]> : tensor<2x2xi32>")
    assert splat == full and hash(splat) == hash(full) and full.is_splat
    assert splat == DenseElementsAttr.from_array(np.full((2, 2), 7), tensor((2, 2), i32))
    assert splat != parse("dense<7> : tensor<4xi32>")


def test_equality_is_on_bit_patterns():
    nan = parse("dense<0x7FC00000> : tensor<2xf32>")
    assert nan == parse("dense<0x7FC00000> : tensor<2xf32>")
    assert nan != parse("dense<0x7FC00001> : tensor<2xf32>")
    assert parse("dense<0.0> : tensor<2xf32>") != parse("dense<-0.0> : tensor<2xf32>")
    assert parse("dense<1> : tensor<0xi32>") != parse("dense<> : tensor<0xi32>")  # as in MLIR


@pytest.mark.parametrize(
    ("text", "dtype", "expected"),
    [
        ("dense<[true, false]> : tensor<2xi1>", np.bool_, [True, False]),
        ("dense<[255, 1]> : tensor<2xui8>", np.uint8, [255, 1]),
        ("dense<[-1, 1]> : tensor<2xsi8>", np.int8, [-1, 1]),
        ("dense<[1, -2]> : tensor<2xindex>", np.int64, [1, -2]),
        ("dense<[1, -2]> : tensor<2xi128>", object, [1, -2]),
        ("dense<[1.5, 2.5]> : tensor<2xbf16>", np.float32, [1.5, 2.5]),
        ("dense<[1.5, 2.5]> : tensor<2xf16>", np.float16, [1.5, 2.5]),
        ("dense<(1.5, 2.5)> : tensor<2xcomplex<f64>>", np.complex128, [1.5 + 2.5j] * 2),
    ],
)
def test_array_has_the_element_dtype(text, dtype, expected):
    array = parse(text).array
    assert array.dtype == dtype and array.tolist() == expected


def test_array_is_read_only_and_shaped_like_the_type():
    splat = parse("dense<7> : tensor<2x2xi32>").array
    assert splat.shape == (2, 2) and splat.tolist() == [[7, 7], [7, 7]]
    full = parse("dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>").array
    for array in (splat, full):
        with pytest.raises(ValueError):
            array[0, 0] = 0
    complex_ints = parse("dense<[(1, 2), (3, 4)]> : tensor<2xcomplex<i8>>").array
    assert complex_ints["real"].tolist() == [1, 3] and complex_ints["imag"].tolist() == [2, 4]
    strings = DenseStringElementsAttr(tensor((1, 2), STRING), ("a", "b")).array
    assert strings.tolist() == [["a", "b"]]


def test_from_array_checks_values_and_shape():
    with pytest.raises(ValueError):
        DenseElementsAttr.from_array([256], tensor((1,), i8))
    with pytest.raises(ValueError):
        DenseElementsAttr.from_array([-1], tensor((1,), ui8))
    with pytest.raises(ValueError):
        DenseElementsAttr.from_array([128], tensor((1,), si8))
    with pytest.raises(TypeError):
        DenseElementsAttr.from_array([1.5], tensor((1,), i32))
    with pytest.raises(ValueError):
        DenseElementsAttr.from_array([1, 2, 3], tensor((2,), i32))
    assert DenseElementsAttr.from_array([255], tensor((1,), i8)).array.tolist() == [-1]
    memref = DenseElementsAttr.from_array([1, 2], MemRefType((2,), i32))
    assert str(memref) == "dense<[1, 2]> : memref<2xi32>"


def test_from_array_rounds_floats_once():
    # Through f32, 1 + 2**-8 + 2**-30 would land on a bf16 tie and round down to 1.0.
    value = 1 + 2**-8 + 2**-30
    assert DenseElementsAttr.from_array([value], tensor((1,), bf16)).array.tolist() == [1.0078125]
    assert DenseElementsAttr.from_array([1e39], tensor((1,), bf16)).array.tolist() == [math.inf]
    assert DenseElementsAttr.from_array([0.1], tensor((1,), f16)).array.dtype == np.float16


# --- properties ------------------------------------------------------------------------------

_INT_TYPES = [
    IntegerType(w, s) for w in (1, 3, 8, 16, 32, 64, 128) for s in (SIGNLESS, SIGNED, UNSIGNED)
]
_FLOAT_TYPES = [f16, bf16, f32, f64]
_SPECIAL_FLOAT_BITS = {  # inf, -inf, qNaN, sNaN, denormals, -0, max, min normal
    "f16": (0x7C00, 0xFC00, 0x7E00, 0x7C01, 0x0001, 0x03FF, 0x8000, 0x7BFF, 0x0400),
    "bf16": (0x7F80, 0xFF80, 0x7FC0, 0x7F81, 0x0001, 0x007F, 0x8000, 0x7F7F, 0x0080),
    "f32": (0x7F800000, 0xFF800000, 0x7FC00000, 0x7F800001, 0x00000001, 0x007FFFFF,
            0x80000000, 0x7F7FFFFF, 0x00800000),
    "f64": (0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0x7FF0000000000001,
            0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x8000000000000000, 0x7FEFFFFFFFFFFFFF,
            0x0010000000000000),
}  # fmt: skip


def _int_bytes(t: IntegerType):
    layout = element_layout(t)
    edges = sorted({layout.low, layout.high, 0, min(1, layout.high), max(-1, layout.low)})
    values = st.one_of(st.sampled_from(edges), st.integers(layout.low, layout.high))
    mask = (1 << layout.width) - 1
    return values.map(lambda v: (v & mask).to_bytes(layout.nbytes, "little"))


def _float_bytes(t: FloatType):
    nbytes = element_layout(t).nbytes
    nice = [0.0, 1.0, -1.5, 0.1, 100.0, 1e-3, 65504.0, 3.0e38, 1e300, 6.0e-8]
    bits = st.one_of(
        st.sampled_from(_SPECIAL_FLOAT_BITS[t.name]),
        st.integers(0, (1 << (8 * nbytes)) - 1),
        st.sampled_from(nice).map(lambda v: int(element_layout(t).encode_bits(np.array([v]))[0])),
    )
    return bits.map(lambda b: b.to_bytes(nbytes, "little"))


def _element_bytes(t):
    if isinstance(t, ComplexType):
        part = _element_bytes(t.element_type)
        return st.tuples(part, part).map(b"".join)
    if isinstance(t, FloatType):
        return _float_bytes(t)
    return _int_bytes(t)


_SHAPES = st.one_of(
    st.lists(st.integers(0, 4), max_size=3).map(tuple),
    st.sampled_from([(101,), (3, 40), (2, 0, 3)]),  # > 100 elements print as hex
)


@st.composite
def dense_attrs(draw, element_types):
    """Numeric dense attributes: edge values, NaN payloads, denormals, splats, hex sizes."""
    element_type = draw(st.sampled_from(element_types))
    shape = draw(_SHAPES)
    vector_ok = shape and 0 not in shape and not isinstance(element_type, ComplexType)
    if vector_ok and draw(st.booleans()):
        scalable = tuple(draw(st.booleans()) for _ in shape)
        type = VectorType(shape, element_type, scalable if any(scalable) else ())
    else:
        type = tensor(shape, element_type)
    splat = draw(st.booleans())
    count = 1 if splat else math.prod(shape)
    elements = draw(st.lists(_element_bytes(element_type), min_size=count, max_size=count))
    return DenseElementsAttr(type, b"".join(elements), splat)


@st.composite
def dense_string_attrs(draw, alphabet):
    shape = draw(st.lists(st.integers(0, 3), max_size=3).map(tuple))
    splat = draw(st.booleans())
    count = 1 if splat else math.prod(shape)
    values = draw(st.lists(st.text(alphabet, max_size=6), min_size=count, max_size=count))
    return DenseStringElementsAttr(tensor(shape, STRING), tuple(values), splat)


_COMPLEX_PARTS = [IntegerType(8), IntegerType(32, UNSIGNED), IntegerType(1), f16, bf16, f32, f64]
_ELEMENT_TYPES = [*_INT_TYPES, index, *_FLOAT_TYPES, *(ComplexType(t) for t in _COMPLEX_PARTS)]
_STRING_ALPHABET = st.characters(codec="utf-8")


@given(st.one_of(dense_attrs(_ELEMENT_TYPES), dense_string_attrs(_STRING_ALPHABET)))
def test_parse_of_print_is_identity(attr):
    reparsed = parse_dense_literal(attr.literal_text(), attr.type)
    assert reparsed == attr and hash(reparsed) == hash(attr) and str(reparsed) == str(attr)


@given(dense_attrs(_ELEMENT_TYPES))
def test_from_array_of_array_is_identity(attr):
    assume(attr.array.size or not attr.is_splat)  # an empty splat has no array to rebuild it from
    assert DenseElementsAttr.from_array(attr.array, attr.type) == attr


# mlir-opt 19 garbles complex<i1> (its bit-packed storage).
_INTEROP_TYPES = [t for t in _ELEMENT_TYPES if t != ComplexType(IntegerType(1))]


@pytest.mark.skipif(find_mlir_opt() is None, reason="mlir-opt 19 is not installed")
@settings(deadline=None)
@given(
    st.lists(
        st.one_of(dense_attrs(_INTEROP_TYPES), dense_string_attrs(_STRING_ALPHABET)),
        min_size=1,
        max_size=20,
    )
)
def test_mlir_opt_prints_as_we_do(attrs):
    ops = "".join(f'"foo.op"() {{a = {a}}} : () -> ()\n' for a in attrs)
    result = subprocess.run(
        [find_mlir_opt(), "--allow-unregistered-dialect", "--mlir-print-op-generic"],
        input=ops,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    printed = [
        line.strip().removeprefix('"foo.op"() {a = ').removesuffix("} : () -> ()")
        for line in result.stdout.splitlines()
        if line.strip().startswith('"foo.op"')
    ]
    assert printed == [str(a) for a in attrs]
