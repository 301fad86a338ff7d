"""Type conversion for dialect conversion, as MLIR's `TypeConverter`.

A `TypeConverter` holds conversion callbacks, tried latest-added first. A callback takes a type
and returns its conversion: a type (1:1), a list of types (1:N; empty drops the value), None
when the type is not its business (the next callback is tried), or False to fail the
conversion outright (MLIR's `Type`, `SmallVector<Type>`, `std::nullopt` and `nullptr`).
Results are cached per type.

Materialization callbacks `fn(builder, result_type, inputs, location) -> Value | None` build
the IR that bridges the two type systems where the conversion leaves a mismatch (from one
input, several after a 1:N conversion, or none for a dropped value; None declines): *source*
(legal values back to an original type, for users that were not converted), *target*
(original values to a legal type, for patterns that want converted operands) and *argument*
(new block arguments back to an original argument type). When no callback is given, or none
succeeds, the mismatch stays bridged by a `builtin.unrealized_conversion_cast`, for
`reconcile-unrealized-casts` or a later conversion to resolve.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mlc.ir.block import Block, Region
from mlc.ir.builder import Builder
from mlc.ir.operation import Operation
from mlc.ir.types import FunctionType, Type
from mlc.ir.values import Value

ConversionCallback = Callable[[Type], "Type | Sequence[Type] | None | bool"]
MaterializationCallback = Callable[[Builder, Type, list, object], "Value | None"]

# The kinds of materialization (MLIR's `MaterializationKind`).
SOURCE, TARGET, ARGUMENT = "source", "target", "argument"


class InputMapping:
    """Where an original input went: `size` new inputs starting at `input_no`, or (with
    `size` 0) the `replacement` values (MLIR's `SignatureConversion::InputMapping`)."""

    __slots__ = ("input_no", "size", "replacement")

    def __init__(self, input_no: int, size: int, replacement: tuple | None = None) -> None:
        self.input_no = input_no
        self.size = size
        self.replacement = replacement

    def __repr__(self) -> str:
        if self.replacement is not None:
            return f"InputMapping(replaced by {self.replacement!r})"
        return f"InputMapping(inputs {self.input_no}..{self.input_no + self.size - 1})"


class SignatureConversion:
    """How the inputs of a block or function change (MLIR's `SignatureConversion`): each
    original input maps to new inputs (1:1 or 1:N), to replacement values, or to nothing
    (dropped). `converted_types` are the new inputs' types, in order."""

    def __init__(self, num_inputs: int) -> None:
        self._mappings: list[InputMapping | None] = [None] * num_inputs
        self.converted_types: list[Type] = []

    def add_inputs(self, original: int, types: Sequence[Type]) -> None:
        """Map original input `original` to new inputs of `types`, appended after those
        added so far."""
        if not types:
            raise ValueError("a 1:0 conversion drops the input: add no inputs for it")
        self._remap(original, InputMapping(len(self.converted_types), len(types)))
        self.converted_types.extend(types)

    def remap_input(self, original: int, replacement: Value | Sequence[Value]) -> None:
        """Replace original input `original` by existing values instead of new inputs."""
        values = (replacement,) if isinstance(replacement, Value) else tuple(replacement)
        self._remap(original, InputMapping(original, 0, values))

    def _remap(self, original: int, mapping: InputMapping) -> None:
        if self._mappings[original] is not None:
            raise ValueError(f"input #{original} has already been remapped")
        self._mappings[original] = mapping

    def input_mapping(self, original: int) -> InputMapping | None:
        """Where input `original` went; None when it was dropped."""
        return self._mappings[original]

    @property
    def num_inputs(self) -> int:
        return len(self._mappings)

    def __repr__(self) -> str:
        return f"<SignatureConversion {self._mappings!r} -> {self.converted_types!r}>"


class TypeConverter:
    """Converts types with ordered callbacks and bridges the mismatches it leaves with
    materializations (MLIR's `TypeConverter`)."""

    def __init__(self) -> None:
        self._conversions: list[ConversionCallback] = []
        self._materializations: dict[str, list[MaterializationCallback]] = {
            SOURCE: [],
            TARGET: [],
            ARGUMENT: [],
        }
        self._cache: dict[Type, tuple[Type, ...] | None] = {}

    # --- registration ----------------------------------------------------------------------
    def add_conversion(self, fn: ConversionCallback) -> ConversionCallback:
        """Add a conversion callback; it is tried before those added earlier. Usable as a
        decorator."""
        self._conversions.append(fn)
        self._cache.clear()
        return fn

    def add_source_materialization(self, fn: MaterializationCallback) -> MaterializationCallback:
        """Add a callback building a value of an original type from converted values."""
        self._materializations[SOURCE].append(fn)
        return fn

    def add_target_materialization(self, fn: MaterializationCallback) -> MaterializationCallback:
        """Add a callback building a value of a converted type from original values."""
        self._materializations[TARGET].append(fn)
        return fn

    def add_argument_materialization(self, fn: MaterializationCallback) -> MaterializationCallback:
        """Add a callback rebuilding a block argument of its original type from the new
        arguments that replaced it."""
        self._materializations[ARGUMENT].append(fn)
        return fn

    # --- conversion ------------------------------------------------------------------------
    def convert_type_1_to_n(self, type_: Type) -> tuple[Type, ...] | None:
        """The types `type_` converts to (empty: the value is dropped), or None when it
        cannot be converted. Hot path: a type seen before is one dict lookup."""
        try:
            return self._cache[type_]
        except KeyError:
            pass
        result = None
        for fn in reversed(self._conversions):
            converted = fn(type_)
            if converted is None:
                continue
            if converted is not False:
                result = (converted,) if isinstance(converted, Type) else tuple(converted)
            break
        self._cache[type_] = result
        return result

    def convert_type(self, type_: Type) -> Type | None:
        """The one type `type_` converts to; None when it fails or is not a 1:1 conversion."""
        converted = self.convert_type_1_to_n(type_)
        return converted[0] if converted is not None and len(converted) == 1 else None

    def convert_types(self, types: Iterable[Type]) -> list[Type] | None:
        """The conversions of `types`, concatenated; None when one of them fails."""
        out: list[Type] = []
        for type_ in types:
            converted = self.convert_type_1_to_n(type_)
            if converted is None:
                return None
            out.extend(converted)
        return out

    def is_legal(self, item: Type | Operation | Region) -> bool:
        """Whether a type converts to itself; for an op, whether all its operand and result
        types do; for a region, whether all its block argument types do."""
        if isinstance(item, Operation):
            return self._all_legal(v.type for v in item.operands) and self._all_legal(
                r.type for r in item.results
            )
        if isinstance(item, Region):
            return all(self._all_legal(a.type for a in b.args) for b in item.blocks)
        return self._all_legal((item,))

    def is_signature_legal(self, function_type: FunctionType) -> bool:
        """Whether every input and result type of `function_type` is legal."""
        return self._all_legal(function_type.inputs) and self._all_legal(function_type.results)

    def _all_legal(self, types: Iterable[Type]) -> bool:
        for type_ in types:
            converted = self.convert_type_1_to_n(type_)
            if converted is None or len(converted) != 1 or converted[0] != type_:
                return False
        return True

    def convert_signature(self, types: Sequence[Type]) -> SignatureConversion | None:
        """The conversion of a list of input types (MLIR's `convertSignatureArgs`), or None
        when one of them cannot be converted."""
        conversion = SignatureConversion(len(types))
        for i, type_ in enumerate(types):
            converted = self.convert_type_1_to_n(type_)
            if converted is None:
                return None
            if converted:
                conversion.add_inputs(i, converted)
        return conversion

    def convert_block_signature(self, block: Block) -> SignatureConversion | None:
        """The conversion of `block`'s argument types, or None when one cannot be converted."""
        return self.convert_signature([a.type for a in block.args])

    # --- materialization -----------------------------------------------------------------
    def materialize(
        self, kind: str, builder: Builder, location, result_type: Type, inputs: Sequence[Value]
    ) -> Value | None:
        """A value of `result_type` built from `inputs` by the latest-added callback of
        `kind` that succeeds (an argument materialization falls back to the source ones,
        which convert in the same direction), or None."""
        callbacks = self._materializations[kind]
        if kind == ARGUMENT:
            callbacks = self._materializations[SOURCE] + callbacks
        for fn in reversed(callbacks):
            value = fn(builder, result_type, list(inputs), location)
            if value is None:
                continue
            if value.type != result_type:
                raise ValueError(
                    f"{kind} materialization built a value of type {value.type!r}, "
                    f"not {result_type!r}"
                )
            return value
        return None
