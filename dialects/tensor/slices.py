"""`tensor.extract_slice` and `tensor.insert_slice`: a strided window of a tensor, read out or
written in (a new tensor), with MLIR 19's syntax and checks. Offsets, sizes and strides are
mixed static/dynamic lists (`ir.view_like`); a slice may drop unit dims (rank reduction).

    %s = tensor.extract_slice %t[%i, 0] [1, 2] [1, 2] : tensor<?x4xf32> to tensor<2xf32>
    %r = tensor.insert_slice %u into %t[%i, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<?x4xf32>
"""

from __future__ import annotations

from mlc.dialects.tensor.ops import TENSOR
from mlc.ir.attributes import DenseArrayAttr
from mlc.ir.constraints import INDEX, Constraint
from mlc.ir.opdef import operand, prop, result, var_operand
from mlc.ir.operation import Operation
from mlc.ir.syntax.dynamic_index_list import (
    parse_dynamic_index_list,
    print_dynamic_index_list,
    resolve_indices,
)
from mlc.ir.traits import Pure
from mlc.ir.types import DYNAMIC, RankedTensorType, i32, i64
from mlc.ir.view_like import OffsetSizeAndStrideOpInterface, interface_error, mixed_values

I64_ARRAY = Constraint(
    lambda a: isinstance(a, DenseArrayAttr) and a.element_type == i64, "i64 dense array attribute"
)
_LISTS = ("static_offsets", "static_sizes", "static_strides")


def slice_error(op, expected, got) -> Exception | None:
    """MLIR's `isRankReducedType` check of a slice type against the full slice type
    `expected`, with `produceSliceErrorMsg`'s messages; None when `got` fits."""
    if got == expected:
        return None
    if len(got.shape) > len(expected.shape):
        return interface_error(op, "expected rank to be smaller or equal to the other rank. ")
    kept = [d for d in expected.shape if d != 1]
    if not _is_subsequence(got.shape, expected.shape) or [d for d in got.shape if d != 1] != kept:
        return interface_error(
            op, f"expected type to be '{expected}' or a rank-reduced version. (size mismatch) "
        )
    if got.element_type != expected.element_type:
        return interface_error(op, f"expected element type to be '{expected.element_type}'")
    return None


def _is_subsequence(short, long) -> bool:
    """`short` is `long` with some unit dims dropped."""
    i = 0
    for d in long:
        if i < len(short) and short[i] == d:
            i += 1
        elif d != 1:
            return False
    return i == len(short)


class SliceOp(Operation):
    """Base of the slice ops: the mixed lists and their syntax. Subclasses declare their
    operands, tensors first (operands come in declaration order), then `offsets`, `sizes`
    and `strides`."""

    static_offsets = prop(I64_ARRAY)
    static_sizes = prop(I64_ARRAY)
    static_strides = prop(I64_ARRAY)
    traits = (Pure(), OffsetSizeAndStrideOpInterface())

    def max_ranks(self) -> tuple[int, int, int]:
        rank = len(self.sliced_type().shape)
        return rank, rank, rank

    def mixed(self, name: str) -> list:
        return mixed_values(self.properties[f"static_{name}"].value, getattr(self, name))

    def slice_type(self) -> RankedTensorType:
        """The type of the slice before rank reduction: its sizes, static where they are."""
        sizes = self.properties["static_sizes"].value
        return RankedTensorType(tuple(sizes), self.sliced_type().element_type)

    def _print_lists(self, p) -> None:
        for separator, name in zip(("", " ", " "), ("offsets", "sizes", "strides")):
            p.write(separator)
            static = self.properties[f"static_{name}"].value
            print_dynamic_index_list(p, getattr(self, name), static)
        elided = (*_LISTS, "operandSegmentSizes")
        p.print_optional_attr_dict({**self.properties, **self.attributes}, elided)

    @staticmethod
    def _parse_lists(p) -> tuple[list, dict]:
        """The three lists and the attribute dictionary after them."""
        lists = [parse_dynamic_index_list(p) for _ in range(3)]
        return lists, p.parse_optional_attr_dict()

    @classmethod
    def _build(cls, p, leading, lists, attrs, result_type, pos):
        operands = list(leading)
        sizes = [1] * len(leading)
        for refs, _ in lists:
            operands += resolve_indices(p, refs, pos)
            sizes.append(len(refs))
        props = {
            name: DenseArrayAttr(i64, tuple(static)) for name, (_, static) in zip(_LISTS, lists)
        }
        props["operandSegmentSizes"] = DenseArrayAttr(i32, tuple(sizes))
        props.update({k: attrs.pop(k) for k in _LISTS if k in attrs})
        return cls.create(operands, [result_type], props, attrs)


class ExtractSliceOp(SliceOp):
    name = "tensor.extract_slice"
    source = operand(TENSOR)
    offsets = var_operand(INDEX)
    sizes = var_operand(INDEX)
    strides = var_operand(INDEX)
    out = result(TENSOR)

    def sliced_type(self) -> RankedTensorType:
        return self.operand(0).type

    def asm_result_name(self) -> str:
        return "extracted_slice"

    @classmethod
    def parse(cls, p):
        pos = p.pos
        source = p.parse_operand()
        lists, attrs = cls._parse_lists(p)
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("to")
        result_type = p.parse_type()
        leading = p.resolve_operands([source], [source_type], pos)
        return cls._build(p, leading, lists, attrs, result_type, pos)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        self._print_lists(p)
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" to ")
        p.print_type(self.results[0].type)

    def verify_(self) -> None:
        error = slice_error(self, self.slice_type(), self.results[0].type)
        if error is not None:
            raise error


class InsertSliceOp(SliceOp):
    name = "tensor.insert_slice"
    source = operand(TENSOR)
    dest = operand(TENSOR)
    offsets = var_operand(INDEX)
    sizes = var_operand(INDEX)
    strides = var_operand(INDEX)
    out = result(TENSOR)

    def sliced_type(self) -> RankedTensorType:
        return self.operand(1).type

    def asm_result_name(self) -> str:
        return "inserted_slice"

    @classmethod
    def parse(cls, p):
        pos = p.pos
        source = p.parse_operand()
        p.parse_keyword("into")
        dest = p.parse_operand()
        lists, attrs = cls._parse_lists(p)
        p.expect(":")
        source_type = p.parse_type()
        p.parse_keyword("into")
        dest_type = p.parse_type()
        leading = p.resolve_operands([source, dest], [source_type, dest_type], pos)
        return cls._build(p, leading, lists, attrs, dest_type, pos)

    def print_custom(self, p) -> None:
        p.write(" ")
        p.print_operand(self.operand(0))
        p.write(" into ")
        p.print_operand(self.operand(1))
        self._print_lists(p)
        p.write(" : ")
        p.print_type(self.operand(0).type)
        p.write(" into ")
        p.print_type(self.operand(1).type)

    def verify_(self) -> None:
        if self.results[0].type != self.operand(1).type:
            raise self.emit_error("result type must be the destination's type")
        error = slice_error(self, self.slice_type(), self.operand(0).type)
        if error is not None:
            raise error


SLICE_OPS = [ExtractSliceOp, InsertSliceOp]


def runtime_lists(op, args: list, leading: int) -> list[list[int]]:
    """The offsets, sizes and strides of a slice op at run time: its static entries with
    the dynamic ones from `args` (after the `leading` tensor operands)."""
    values = list(args[leading:])
    out = []
    for name in _LISTS:
        static = op.properties[name].value
        count = sum(1 for v in static if v == DYNAMIC)
        out.append([int(v) for v in mixed_values(static, values[:count])])
        values = values[count:]
    return out


def window(shape, offsets, sizes, strides) -> tuple | None:
    """The numpy index of a slice of `shape`, or None when it does not fit."""
    index = []
    for dim, o, n, s in zip(shape, offsets, sizes, strides):
        if n < 0 or o < 0 or s < 1 or (n and o + (n - 1) * s >= dim):
            return None
        index.append(slice(o, o + (n - 1) * s + 1 if n else o, s))
    return tuple(index)
