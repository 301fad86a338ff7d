"""IRDL-style op declarations: fields of the op class declare it, the rest is derived.

    class AddIOp(Operation):
        name = "arith.addi"
        lhs = operand(SIGNLESS_INTEGER_LIKE)
        rhs = operand(SIGNLESS_INTEGER_LIKE)
        result = result(SIGNLESS_INTEGER_LIKE)
        overflow_flags = prop(OverflowFlagsAttr, name="overflowFlags", default=NONE)
        traits = (Pure(), SameOperandsAndResultType())
        assembly_format = "$lhs `,` $rhs attr-dict `:` type($result)"

From that, `derive_definition` builds an `OpDefinition`: accessors (`op.lhs`), a keyword
builder (`AddIOp(a, b)`), verification of counts, constraints and traits with MLIR's
messages, segment sizes for several variadic groups (`operandSegmentSizes`), and the custom
parser/printer of the assembly format.
"""

from __future__ import annotations

from mlc.ir.attributes import Attribute, DenseArrayAttr
from mlc.ir.block import Region
from mlc.ir.constraints import ANY_ATTR, ANY_TYPE, Constraint, isa
from mlc.ir.types import i32

SINGLE, OPTIONAL, VARIADIC = "single", "optional", "variadic"


def _as_constraint(c, default: Constraint) -> Constraint:
    if c is None:
        return default
    if isinstance(c, Constraint):
        return c
    if isinstance(c, type):
        return isa(c)
    if isinstance(c, tuple):
        return isa(*c)
    return Constraint(lambda v, want=c: v == want, f"'{c}'")


class _Field:
    """Base of declared fields; knows its Python name once bound to the class."""

    kind = SINGLE
    py_name = ""

    def __set_name__(self, owner, name: str) -> None:
        self.py_name = name


class OperandDef(_Field):
    def __init__(self, constraint=None, kind: str = SINGLE) -> None:
        self.constraint = _as_constraint(constraint, ANY_TYPE)
        self.kind = kind
        self.index = 0
        self.position: int | None = None  # the operand's index when no group before varies

    def __get__(self, op, owner=None):
        if op is None:
            return self
        if self.kind == SINGLE and self.position is not None:  # hot path: a fixed place
            return op._operands[self.position].value
        lo, hi = op.definition.operand_range(op, self.index)
        if self.kind == SINGLE:
            return op._operands[lo].value
        values = [o.value for o in op._operands[lo:hi]]
        if self.kind == OPTIONAL:
            return values[0] if values else None
        return values


class ResultDef(_Field):
    def __init__(self, constraint=None, kind: str = SINGLE) -> None:
        self.constraint = _as_constraint(constraint, ANY_TYPE)
        self.kind = kind
        self.index = 0
        self.position: int | None = None  # the result's index when no group before varies

    def __get__(self, op, owner=None):
        if op is None:
            return self
        if self.kind == SINGLE and self.position is not None:  # hot path: a fixed place
            return op.results[self.position]
        lo, hi = op.definition.result_range(op, self.index)
        if self.kind == SINGLE:
            return op.results[lo]
        values = op.results[lo:hi]
        if self.kind == OPTIONAL:
            return values[0] if values else None
        return values


class PropDef(_Field):
    """An inherent attribute, stored in `op.properties` under `name` (MLIR's spelling)."""

    def __init__(self, constraint=None, name: str | None = None, default=None, optional=False):
        self.constraint = _as_constraint(constraint, ANY_ATTR)
        self.attr_name = name
        self.default = default
        self.optional = optional or default is not None

    def __set_name__(self, owner, name: str) -> None:
        self.py_name = name
        if self.attr_name is None:
            self.attr_name = name

    def __get__(self, op, owner=None):
        if op is None:
            return self
        value = op.properties.get(self.attr_name)
        return self.default if value is None else value

    def __set__(self, op, value) -> None:
        if value is None:
            op.properties.pop(self.attr_name, None)
        else:
            op.properties[self.attr_name] = value


class RegionDef(_Field):
    def __init__(self, single_block: bool = False, kind: str = SINGLE) -> None:
        self.single_block = single_block
        self.kind = kind
        self.index = 0

    def __get__(self, op, owner=None):
        if op is None:
            return self
        if self.kind == VARIADIC:
            return op.regions[self.index :]
        return op.regions[self.index]


class SuccessorDef(_Field):
    def __init__(self, kind: str = SINGLE) -> None:
        self.kind = kind
        self.index = 0

    def __get__(self, op, owner=None):
        if op is None:
            return self
        if self.kind == VARIADIC:
            return op.successors[self.index :]
        return op._successors[self.index].value


def operand(constraint=None) -> OperandDef:
    return OperandDef(constraint)


def opt_operand(constraint=None) -> OperandDef:
    return OperandDef(constraint, OPTIONAL)


def var_operand(constraint=None) -> OperandDef:
    return OperandDef(constraint, VARIADIC)


def result(constraint=None) -> ResultDef:
    return ResultDef(constraint)


def opt_result(constraint=None) -> ResultDef:
    return ResultDef(constraint, OPTIONAL)


def var_result(constraint=None) -> ResultDef:
    return ResultDef(constraint, VARIADIC)


def prop(constraint=None, name: str | None = None, default=None) -> PropDef:
    return PropDef(constraint, name, default)


def opt_prop(constraint=None, name: str | None = None) -> PropDef:
    return PropDef(constraint, name, optional=True)


def region(single_block: bool = False) -> RegionDef:
    return RegionDef(single_block)


def var_region() -> RegionDef:
    return RegionDef(kind=VARIADIC)


def successor() -> SuccessorDef:
    return SuccessorDef()


def var_successor() -> SuccessorDef:
    return SuccessorDef(VARIADIC)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _check_field_name(cls, name: str) -> None:
    """A field must not hide what generic code calls on every op (`op.operand(i)`,
    `op.regions`): MLIR's ODS prefixes accessors with `get`, Python has no such room. A
    field named `result` may stand for the single result, which is what the property means."""
    from mlc.ir.operation import Operation

    if name != "result" and hasattr(Operation, name):
        raise TypeError(
            f"field '{name}' of op class {cls.__name__} hides Operation.{name}; "
            f"name it '{name}_' (the text format is unaffected)"
        )


def _group_holds(defs, types: list, op, sizes_name: str, segmented: bool) -> bool:
    """Whether `types` (an op's operand or result types) split into `defs`' groups as
    `_verify_values` splits them, each satisfying its def's constraint."""
    n = len(types)
    if segmented:
        sizes = op.properties.get(sizes_name)
        if not isinstance(sizes, DenseArrayAttr):
            return False
        sizes = sizes.value
        if len(sizes) != len(defs) or sum(sizes) != n:
            return False
    else:
        fixed = sum(1 for d in defs if d.kind == SINGLE)
        if n < fixed or (n != fixed and fixed == len(defs)):
            return False
        sizes = [1 if d.kind == SINGLE else n - fixed for d in defs]
    i = 0
    for d, size in zip(defs, sizes):
        pred = d.constraint.predicate
        for t in types[i : i + size]:
            if not pred(t):
                return False
        i += size
    return True


class OpDefinition:
    """What `derive_definition` extracts from an op class."""

    def __init__(self, cls) -> None:
        fields = {}
        for klass in reversed(cls.__mro__):
            for key, value in vars(klass).items():
                if isinstance(value, _Field):
                    _check_field_name(cls, key)
                    fields[key] = value
        self.operands = [f for f in fields.values() if isinstance(f, OperandDef)]
        self.results = [f for f in fields.values() if isinstance(f, ResultDef)]
        self.props = [f for f in fields.values() if isinstance(f, PropDef)]
        self.regions = [f for f in fields.values() if isinstance(f, RegionDef)]
        self.successors = [f for f in fields.values() if isinstance(f, SuccessorDef)]
        for group in (self.operands, self.results, self.regions, self.successors):
            for i, f in enumerate(group):
                f.index = i
        self.props_by_name = {p.attr_name: p for p in self.props}
        self.operand_segments = sum(f.kind != SINGLE for f in self.operands) > 1
        self.result_segments = sum(f.kind != SINGLE for f in self.results) > 1
        self.fast_checks = self._compile_fast_checks()
        self.defaulted = [p for p in self.props if p.default is not None]
        # for `build`: every operand group single (they are given positionally), the
        # properties an op gets with no keyword, how many regions come empty, and how
        # result types are inferred (decided at the first build: the class is complete)
        self.positional = all(d.kind == SINGLE for d in self.operands)
        self.operand_names = frozenset(d.py_name for d in self.operands)
        self.default_properties = {p.attr_name: p.default for p in self.defaulted}
        self.single_regions = sum(r.kind == SINGLE for r in self.regions)
        self._inference = None
        for group in (self.operands, self.results):
            fixed = True
            for d in group:  # a group's position is fixed while all before it are single
                d.position = d.index if fixed else None
                fixed = fixed and d.kind == SINGLE

    def fill_defaults(self, properties: dict) -> dict:
        """Add default-valued properties the text left out (MLIR's generic parser does)."""
        for p in self.defaulted:
            if p.attr_name not in properties:
                properties[p.attr_name] = p.default
        return properties

    # --- segments ------------------------------------------------------------------------
    def _range(self, defs, total: int, index: int, sizes_attr) -> tuple[int, int]:
        if sizes_attr is not None:
            sizes = sizes_attr.value
            lo = sum(sizes[:index])
            return lo, lo + sizes[index]
        lo = 0
        flexible = total - sum(1 for d in defs if d.kind == SINGLE)
        for d in defs[:index]:
            lo += 1 if d.kind == SINGLE else flexible
        return lo, lo + (1 if defs[index].kind == SINGLE else flexible)

    def operand_range(self, op, index: int) -> tuple[int, int]:
        sizes = op.properties.get("operandSegmentSizes") if self.operand_segments else None
        return self._range(self.operands, len(op._operands), index, sizes)

    def result_range(self, op, index: int) -> tuple[int, int]:
        sizes = op.properties.get("resultSegmentSizes") if self.result_segments else None
        return self._range(self.results, len(op.results), index, sizes)

    # --- verification --------------------------------------------------------------------
    def _compile_fast_checks(self):
        """For ops without variadic groups: (operand predicates, result predicates)."""
        if any(d.kind != SINGLE for d in self.operands + self.results):
            return None
        return (
            tuple(d.constraint.predicate for d in self.operands),
            tuple(d.constraint.predicate for d in self.results),
        )

    def verify(self, op) -> None:
        """Counts, segment sizes, type and attribute constraints, with MLIR's wording.
        Hot path: ops without variadic groups check fixed positions only, others each group
        at its offset; any failure is reported by `_verify_slow`."""
        fast = self.fast_checks
        if fast is not None:
            operand_preds, result_preds = fast
            operands, results = op._operands, op.results
            if len(operands) == len(operand_preds) and len(results) == len(result_preds):
                ok = True
                for pred, o in zip(operand_preds, operands):
                    if not pred(o.value.type):
                        ok = False
                        break
                if ok:
                    for pred, r in zip(result_preds, results):
                        if not pred(r.type):
                            ok = False
                            break
                if ok:
                    self._verify_rest(op)
                    return
        elif self._groups_hold(op):
            self._verify_rest(op)
            return
        self._verify_slow(op)

    def _groups_hold(self, op) -> bool:
        """Whether every operand and result group has a valid size and satisfies its
        constraint (no message: `_verify_slow` words the failure)."""
        return _group_holds(self.operands, [u.value.type for u in op._operands], op,
                            "operandSegmentSizes", self.operand_segments) and _group_holds(
            self.results, [r.type for r in op.results], op, "resultSegmentSizes",
            self.result_segments)  # fmt: skip

    def _verify_rest(self, op) -> None:
        properties = op.properties
        for p in self.props:
            value = properties.get(p.attr_name)
            if value is None:
                if not p.optional:
                    raise op.emit_error(f"requires attribute '{p.attr_name}'")
                continue
            if not p.constraint.predicate(value):
                raise op.emit_error(
                    f"attribute '{p.attr_name}' failed to satisfy constraint: "
                    f"{p.constraint.description}"
                )
        if self.regions or op.regions:
            self._verify_count(op, self.regions, len(op.regions), "region")
            for r in self.regions:
                if r.single_block and r.kind == SINGLE and len(op.regions[r.index].blocks) > 1:
                    raise op.emit_error(f"expects region #{r.index} to have 0 or 1 blocks")
        if self.successors or op._successors:
            self._verify_count(op, self.successors, len(op._successors), "successor")

    def _verify_slow(self, op) -> None:
        operand_types = [v.type for v in op.operands]
        self._verify_values(
            op,
            self.operands,
            operand_types,
            "operand",
            "operandSegmentSizes",
            self.operand_segments,
        )
        self._verify_values(
            op, self.results, op.result_types, "result", "resultSegmentSizes", self.result_segments
        )
        self._verify_rest(op)

    def _verify_count(self, op, defs, n: int, word: str) -> None:
        fixed = sum(1 for d in defs if d.kind == SINGLE)
        if any(d.kind != SINGLE for d in defs):
            if n < fixed:
                raise op.emit_error(f"expected {fixed} or more {word}s, but found {n}")
        elif n != fixed:
            raise op.emit_error(f"expected {_plural(fixed, word)}, but found {n}")

    def _verify_values(self, op, defs, items, word, sizes_name, segmented) -> None:
        n = len(items)
        if segmented:
            sizes = op.properties.get(sizes_name)
            if not isinstance(sizes, DenseArrayAttr) or len(sizes.value) != len(defs):
                raise op.emit_error(
                    f"'{sizes_name}' attribute for specifying {word} segments must have "
                    f"{len(defs)} elements"
                )
            if sum(sizes.value) != n:
                raise op.emit_error(
                    f"{word} count ({n}) does not match with the total size ({sum(sizes.value)}) "
                    f"specified in attribute '{sizes_name}'"
                )
        else:
            self._verify_count(op, defs, n, word)
        for d in defs:
            lo, hi = self._range(
                defs, n, d.index, op.properties.get(sizes_name) if segmented else None
            )
            for i in range(lo, hi):
                t = items[i]
                if not d.constraint(t):
                    what = d.constraint.description
                    if d.kind == VARIADIC:  # as ODS describes `Variadic<...>`
                        what = "variadic of " + what
                    raise op.emit_error(f"{word} #{i} must be {what}, but got '{t}'")

    # --- building ------------------------------------------------------------------------
    def build(self, op, args, kwargs) -> None:
        """The derived constructor: operands positionally, properties and result types by
        keyword (`result_types=` for all at once), `regions=`, `successors=`, `loc=`.
        Hot path: every op a pass creates is built here; the common case (each operand
        given positionally to a single-operand group, only keywords that are properties,
        the location or nothing) takes the short way."""
        cls = type(op)
        n = len(self.operands)
        if len(args) > n:
            raise TypeError(f"{cls.__name__} takes {n} operand arguments")
        if (
            self.positional
            and len(args) == n
            and None not in map(_identity_or_none, args)
            and (not kwargs or kwargs.keys().isdisjoint(self.operand_names))
        ):
            operands = list(args)
            operand_sizes = None
        else:
            operands, operand_sizes = [], []
            for d, a in zip(self.operands, args + (None,) * (n - len(args))):
                if d.py_name in kwargs:
                    a = kwargs.pop(d.py_name)
                group = _as_group(a, d, "operand")
                operands.extend(group)
                operand_sizes.append(len(group))
        if kwargs:
            properties = {}
            for p in self.props:
                value = kwargs.pop(p.py_name, None)
                if value is None:
                    value = kwargs.pop(p.attr_name, None)
                if value is None and p.default is not None:
                    value = p.default
                if value is not None:
                    properties[p.attr_name] = value
        else:
            properties = dict(self.default_properties)
        if self.operand_segments:
            properties["operandSegmentSizes"] = DenseArrayAttr(i32, tuple(operand_sizes))
        result_types = kwargs.pop("result_types", None) if kwargs else None
        if result_types is None:
            given = (
                {d.py_name: kwargs.pop(d.py_name) for d in self.results if d.py_name in kwargs}
                if kwargs
                else None
            )
            if self.results and not given:
                result_types = self.infer_results(cls, operands, properties)
            if result_types is None:
                result_types, result_sizes = [], []
                for d in self.results:
                    group = _as_group(given.get(d.py_name) if given else None, d, "result")
                    result_types.extend(group)
                    result_sizes.append(len(group))
                if self.result_segments:
                    properties["resultSegmentSizes"] = DenseArrayAttr(i32, tuple(result_sizes))
        regions = successors = location = attributes = None
        if kwargs:
            regions = kwargs.pop("regions", None)
            successors = kwargs.pop("successors", ())
            location = kwargs.pop("loc", None)
            attributes = kwargs.pop("attributes", None)
            if kwargs:
                raise TypeError(f"{cls.__name__} got unexpected arguments: {', '.join(kwargs)}")
        if regions is None:
            regions = [Region() for _ in range(self.single_regions)] if self.single_regions else ()
        op._init(operands, result_types, properties, attributes, regions, successors, location)

    def infer_results(self, cls, operands, properties):
        """Result types from `infer_result_types` or `SameOperandsAndResultType`, else None
        (how is decided once per class)."""
        infer = self._inference
        if infer is None:
            infer = self._inference = _inference_of(cls)
        if infer is _SAME_AS_OPERANDS:
            return [operands[0].type] * len(self.results) if operands else None
        if infer is _NOT_INFERRED:
            return None
        return list(infer(operands, properties))


_SAME_AS_OPERANDS, _NOT_INFERRED = object(), object()


def _inference_of(cls):
    infer = getattr(cls, "infer_result_types", None)
    if infer is not None:
        return infer
    from mlc.ir.traits import SameOperandsAndResultType

    return _SAME_AS_OPERANDS if cls.has_trait(SameOperandsAndResultType) else _NOT_INFERRED


def _identity_or_none(value):
    """None for None, True for anything else: `None in map(_identity_or_none, args)` finds
    a missing operand without calling `Value.__eq__`."""
    return None if value is None else True


def _as_group(value, d, word) -> list:
    if d.kind == SINGLE:
        if value is None:
            raise TypeError(f"missing {word} '{d.py_name}'")
        return [value]
    if value is None:
        return []
    if d.kind == OPTIONAL and not isinstance(value, (list, tuple)):
        return [value]
    return list(value)


def _op_init(self, *args, **kwargs) -> None:
    self.definition.build(self, args, kwargs)


def derive_definition(cls) -> None:
    """Attach an `OpDefinition`, the keyword builder and the assembly format to `cls`."""
    cls.definition = OpDefinition(cls)
    if "__init__" not in vars(cls):
        cls.__init__ = _op_init
    fmt = getattr(cls, "assembly_format", None)
    if fmt:
        from mlc.ir.syntax.assembly_format import compile_format

        parse, print_ = compile_format(cls, fmt)
        if "parse" not in vars(cls):
            cls.parse = classmethod(parse)
        if "print_custom" not in vars(cls):
            cls.print_custom = print_


__all__ = [
    "Attribute", "OpDefinition", "operand", "opt_operand", "var_operand", "result",
    "opt_result", "var_result", "prop", "opt_prop", "region", "var_region", "successor",
    "var_successor", "derive_definition",
]  # fmt: skip
