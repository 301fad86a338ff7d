"""Declarative assembly formats (MLIR's `assemblyFormat`), compiled to a parser and printer.

Supported directives: literals (`` `,` ``, `` `to` ``), spaces (`` ` ` `` and `` `` ``),
`$operand`, `$property`, `$region`, `$successor`, `type($x)`, `type(operands)`,
`type(results)`, `functional-type(a, b)`, `attr-dict`, `attr-dict-with-keyword`,
`qualified($x)`, and optional groups `(... $anchor^ ...)?`.

Spacing is decided when the format is compiled, with the rules of MLIR's OpFormatGen
(`shouldEmitSpaceBefore`), so custom forms print byte-identical to mlir-opt. Types the format
does not spell are inferred from traits (`SameOperandsAndResultType`, `SameTypeOperands`),
`types_match` groups on the op class, `derived_types` on the op class (a function of the
parsed types, as ODS's `TypesMatchWith`, or a type every operand of the group has, as a
buildable ODS type like `Index`), or the op's `infer_result_types`.
"""

from __future__ import annotations

import re

from mlc.ir.attributes import UNIT, Attribute, DenseArrayAttr, DialectAttribute, FloatAttr, UnitAttr
from mlc.ir.float_format import format_float
from mlc.ir.opdef import (
    OPTIONAL,
    SINGLE,
    VARIADIC,
    OperandDef,
    PropDef,
    RegionDef,
    ResultDef,
    SuccessorDef,
)
from mlc.ir.types import i32

_TOKEN = re.compile(r"\s*(`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_-]*|[()?^,:<>])")


class FormatError(Exception):
    """An op definition's assembly format is malformed (a bug in the dialect)."""


class _El:
    space_before = False


class Literal(_El):
    def __init__(self, text: str) -> None:
        self.text = text
        self.is_keyword = text[0].isalpha() or text[0] == "_"


class Space(_El):
    def __init__(self, emit: bool) -> None:
        self.emit = emit


class Var(_El):
    def __init__(self, field, qualified: bool = False) -> None:
        self.field = field
        self.qualified = qualified


class TypeOf(_El):
    def __init__(self, fields) -> None:
        self.fields = fields  # list of operand/result defs


class FunctionalType(_El):
    def __init__(self, inputs, results) -> None:
        self.inputs = inputs
        self.results = results


class AttrDict(_El):
    def __init__(self, with_keyword: bool) -> None:
        self.with_keyword = with_keyword


class Group(_El):
    def __init__(self, elements, anchor) -> None:
        self.elements = elements
        self.anchor = anchor


# --- format text -> elements ---------------------------------------------------------------
def _tokenize(fmt: str) -> list[str]:
    tokens, pos = [], 0
    fmt = fmt.strip()
    while pos < len(fmt):
        m = _TOKEN.match(fmt, pos)
        if m is None:
            raise FormatError(f"cannot tokenize assembly format at: {fmt[pos:]!r}")
        tokens.append(m.group(1))
        pos = m.end()
        while pos < len(fmt) and fmt[pos].isspace():
            pos += 1
    return tokens


class _FormatParser:
    def __init__(self, cls, fmt: str) -> None:
        self.cls = cls
        self.tokens = _tokenize(fmt)
        self.i = 0
        d = cls.definition
        self.fields = {
            f.py_name: f
            for group in (d.operands, d.results, d.props, d.regions, d.successors)
            for f in group
        }
        for p in d.props:
            self.fields.setdefault(p.attr_name, p)

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, expected=None):
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise FormatError(
                f"{self.cls.name}: expected {expected!r} in assembly format, got {tok!r}"
            )
        self.i += 1
        return tok

    def var(self, tok: str):
        field = self.fields.get(tok[1:])
        if field is None:
            raise FormatError(f"{self.cls.name}: unknown variable {tok} in assembly format")
        return field

    def elements(self, until=None) -> list:
        out = []
        while self.peek() is not None and self.peek() != until:
            out.append(self.element())
        return out

    def element(self):
        tok = self.take()
        if tok.startswith("`"):
            text = tok[1:-1]
            if text == " " or text == "":
                return Space(text == " ")
            return Literal(text)
        if tok.startswith("$"):
            if self.peek() == "^":
                self.take("^")
            return Var(self.var(tok))
        if tok in ("attr-dict", "attr-dict-with-keyword"):
            return AttrDict(tok == "attr-dict-with-keyword")
        if tok == "type":
            self.take("(")
            fields = self.var_list()
            return TypeOf(fields)
        if tok == "functional-type":
            self.take("(")
            inputs = self.var_list(stop=",")
            self.take(",")
            results = self.var_list()
            return FunctionalType(inputs, results)
        if tok == "qualified":
            self.take("(")
            inner = self.element()
            self.take(")")
            if isinstance(inner, Var):
                inner.qualified = True
            return inner
        if tok == "(":
            start = self.i
            elements = self.elements(until=")")
            self.take(")")
            self.take("?")
            anchor = _find_anchor(self.tokens[start : self.i])
            field = self.var("$" + anchor) if anchor else None
            return Group(elements, field)
        raise FormatError(f"{self.cls.name}: unexpected {tok!r} in assembly format")

    def var_list(self, stop: str = ")") -> list:
        d = self.cls.definition
        fields = []
        while True:
            tok = self.take()
            if tok == "operands":
                fields.extend(d.operands)
            elif tok == "results":
                fields.extend(d.results)
            else:
                fields.append(self.var(tok))
            if self.peek() == ",":
                if stop == ",":
                    return fields
                self.take(",")
                continue
            if stop == ")":
                self.take(")")
            return fields


def _find_anchor(tokens) -> str | None:
    for a, b in zip(tokens, tokens[1:]):
        if b == "^" and a.startswith("$"):
            return a[1:]
    return None


def _plan_spaces(elements, state: list) -> None:
    """Set `space_before` on each element with OpFormatGen's printer rules; `state` is
    [should_emit_space, last_was_punctuation], shared across optional groups as there."""
    for el in elements:
        if isinstance(el, Literal):
            value = el.text
            emit, last_punct = state
            if len(value) != 1 and value != "->":
                el.space_before = emit
            elif last_punct:
                el.space_before = emit and value[0] not in ">)}],"
            else:
                el.space_before = emit and value[0] not in "<>(){}[],"
            state[0] = len(value) != 1 or value[0] not in "<({["
            state[1] = not (value[0] == "_" or value[0].isalpha())
        elif isinstance(el, Space):
            if el.emit:
                state[1] = False
            else:
                state[1] = True
            state[0] = False
        elif isinstance(el, Group):
            _plan_spaces(el.elements, state)
        elif isinstance(el, AttrDict):
            state[1] = False
        else:
            el.space_before = state[0] or not state[1]
            state[1] = False
            state[0] = True


# --- printing --------------------------------------------------------------------------------
def _present(op, field) -> bool:
    if isinstance(field, OperandDef):
        value = field.__get__(op)
        return bool(value) if field.kind == VARIADIC else value is not None
    if isinstance(field, PropDef):
        value = op.properties.get(field.attr_name)
        return value is not None and value != field.default
    if isinstance(field, RegionDef):
        return bool(op.regions[field.index].blocks)
    if isinstance(field, ResultDef):
        value = field.__get__(op)
        return bool(value) if field.kind == VARIADIC else value is not None
    return True


def _field_values(op, field) -> list:
    value = field.__get__(op)
    if field.kind == SINGLE:
        return [value]
    if field.kind == OPTIONAL:
        return [] if value is None else [value]
    return list(value)


def _print_attr_var(p, op, field, qualified: bool) -> None:
    value = op.properties.get(field.attr_name, field.default)
    keywords = getattr(field.constraint, "keywords", None)
    if keywords is not None:
        p.write(keywords[value.value])
    elif isinstance(value, DialectAttribute) and not qualified:
        value.print_body(p)
    elif getattr(field.constraint, "attr_type", None) is not None:  # the type goes unsaid
        p.write(
            format_float(value.value, value.type)
            if isinstance(value, FloatAttr)
            else str(value.value)
        )
    else:
        p.print_attribute(value)


def _values_getter(field, fixed: bool):
    """A function op -> list of the field's values; a direct index when positions are fixed."""
    if fixed and field.kind == SINGLE:
        i = field.index
        if isinstance(field, OperandDef):
            return lambda op: [op._operands[i].value]
        return lambda op: [op.results[i]]
    return lambda op: _field_values(op, field)


def _compile_element(el, cls, fixed_operands, fixed_results, elided):
    space = " " if el.space_before else ""
    if isinstance(el, Literal):
        text = space + el.text
        return lambda p, op: p.write(text)
    if isinstance(el, Group):
        anchor = el.anchor
        inner = [
            _compile_element(e, cls, fixed_operands, fixed_results, elided)
            for e in el.elements
            if not isinstance(e, Space)
            and not (
                isinstance(e, Var)
                and e.field is anchor
                and e is not el.elements[0]
                and isinstance(anchor, PropDef)
                and _is_unit_prop(anchor)
            )
        ]

        def group(p, op):
            if _present(op, anchor):
                for step in inner:
                    step(p, op)

        return group
    if isinstance(el, AttrDict):
        keyword = el.with_keyword

        def attr_dict(p, op):
            if not op.attributes and op.properties.keys() <= elided:
                return
            merged = dict(op.attributes)
            for k, v in op.properties.items():
                merged.setdefault(k, v)
            if keyword:
                entries = {k: v for k, v in merged.items() if k not in elided}
                if entries:
                    p.write(" attributes")
                    p.print_optional_attr_dict(entries)
            else:
                p.print_optional_attr_dict(merged, elided)

        return attr_dict
    if isinstance(el, Var):
        field = el.field
        if isinstance(field, OperandDef):
            get = _values_getter(field, fixed_operands)

            def operands(p, op):
                p.write(space)
                p.print_operands(get(op))

            return operands
        if isinstance(field, PropDef):
            qualified = el.qualified

            def attribute(p, op):
                p.write(space)
                _print_attr_var(p, op, field, qualified)

            return attribute
        if isinstance(field, RegionDef):
            i = field.index

            def region(p, op):
                p.write(space)
                p.print_region(op.regions[i])

            return region
        i = field.index

        def successor(p, op):
            p.write(space)
            p.print_successor(op.successors[i])

        return successor
    if isinstance(el, TypeOf):
        getters = [
            _values_getter(f, fixed_operands if isinstance(f, OperandDef) else fixed_results)
            for f in el.fields
        ]
        if len(getters) == 1:
            get = getters[0]

            def types(p, op):
                p.write(space)
                p.print_type_list([v.type for v in get(op)])

            return types

        def type_list(p, op):
            p.write(space)
            p.print_type_list([v.type for g in getters for v in g(op)])

        return type_list
    inputs = [_values_getter(f, fixed_operands) for f in el.inputs]
    outputs = [_values_getter(f, fixed_results) for f in el.results]

    def functional(p, op):
        p.write(space + "(")
        p.print_type_list([v.type for g in inputs for v in g(op)])
        p.write(") -> ")
        p.print_result_types([v.type for g in outputs for v in g(op)])

    return functional


def _generate_printer(cls, elements, elided):
    """The printer of a format as one generated function (as ODS generates C++): literals
    are merged, fixed-position operands and types are written inline, and every other
    element calls its compiled step. Printing hot path."""
    d = cls.definition
    fixed_operands = all(f.kind == SINGLE for f in d.operands)
    fixed_results = all(f.kind == SINGLE for f in d.results)
    steps, lines, pending = [], [], []

    def flush(expr: str | None = None) -> None:
        text = "".join(pending)
        pending.clear()
        if expr is None:
            if text:
                lines.append(f"w({text!r})")
        else:
            lines.append(f"w({text!r} + {expr})" if text else f"w({expr})")

    def value_ref(field) -> str | None:
        fixed = fixed_operands if isinstance(field, OperandDef) else fixed_results
        if not fixed or field.kind != SINGLE:
            return None
        if isinstance(field, OperandDef):
            return f"op._operands[{field.index}].value"
        return f"op.results[{field.index}]"

    for el in elements:
        if isinstance(el, Space):
            continue
        space = " " if el.space_before else ""
        if isinstance(el, Literal):
            pending.append(space + el.text)
            continue
        if isinstance(el, Var) and isinstance(el.field, OperandDef) and value_ref(el.field):
            pending.append(space)
            flush(f"names.get({value_ref(el.field)}, UNKNOWN)")
            continue
        if isinstance(el, TypeOf) and len(el.fields) == 1 and value_ref(el.fields[0]):
            pending.append(space)
            flush(None)
            lines.append(f"t = p.type_text({value_ref(el.fields[0])}.type)")
            lines.append("w(t) if t.__class__ is str else p.out.extend(t)")
            continue
        flush(None)
        steps.append(_compile_element(el, cls, fixed_operands, fixed_results, elided))
        lines.append(f"S[{len(steps) - 1}](p, op)")
    flush(None)
    body = "\n    ".join(lines) or "pass"
    source = f"def print_custom(op, p):\n    w = p.write\n    names = p.names.values\n    {body}\n"
    namespace = {"S": steps, "UNKNOWN": "<<UNKNOWN SSA VALUE>>"}
    exec(compile(source, f"<assembly format of {cls.name}>", "exec"), namespace)
    return namespace["print_custom"]


def _is_unit_prop(field) -> bool:
    classes = getattr(field.constraint, "classes", ())
    return UnitAttr in classes


def _format_vars(elements) -> set:
    names = set()
    for el in elements:
        if isinstance(el, Var) and isinstance(el.field, PropDef):
            names.add(el.field.attr_name)
        elif isinstance(el, Group):
            names |= _format_vars(el.elements)
    return names


# --- parsing ---------------------------------------------------------------------------------
class _State:
    __slots__ = ("operands", "types", "props", "attrs", "regions", "successors")

    def __init__(self) -> None:
        self.operands: dict = {}
        self.types: dict = {}
        self.props: dict = {}
        self.attrs: dict = {}
        self.regions: dict = {}
        self.successors: dict = {}


def _can_start_type(p) -> bool:
    return p.kind in ("bare", "bang") or (p.kind == "punct" and p.text == "(")


def _group_present(p, el) -> bool:
    first = next(e for e in el.elements if not isinstance(e, Space))
    if isinstance(first, Literal):
        if first.is_keyword:
            return p.kind == "bare" and p.text == first.text
        return p.kind == "punct" and p.text == first.text
    if isinstance(first, Var):
        f = first.field
        if isinstance(f, OperandDef):
            return p.kind == "percent"
        if isinstance(f, RegionDef):
            return p.text == "{"
        if isinstance(f, SuccessorDef):
            return p.kind == "caret"
        if isinstance(f, PropDef):
            cls = _attr_class(f)
            if cls is not None:
                return p.text == "<"
            keywords = getattr(f.constraint, "keywords", None)
            if keywords is not None:
                return p.kind == "bare" and p.text in keywords
            return p.kind not in ("punct", "eof") or p.text in ("[", "{", "-")
    if isinstance(first, TypeOf):
        return _can_start_type(p)
    return False


def _attr_class(field):
    classes = getattr(field.constraint, "classes", None)
    if classes and len(classes) == 1 and issubclass(classes[0], DialectAttribute):
        return classes[0]
    return None


def _parse_elements(p, elements, st: _State) -> None:
    for el in elements:
        if isinstance(el, Literal):
            if el.is_keyword:
                p.parse_keyword(el.text)
            else:
                p.expect(el.text)
        elif isinstance(el, Space):
            continue
        elif isinstance(el, Var):
            f = el.field
            if isinstance(f, OperandDef):
                if f.kind == SINGLE:
                    st.operands[f.py_name] = [p.parse_operand()]
                elif f.kind == OPTIONAL:
                    ref = p.parse_optional_operand()
                    st.operands[f.py_name] = [ref] if ref else []
                else:
                    st.operands[f.py_name] = p.parse_operand_list()
            elif isinstance(f, PropDef):
                # A unit attribute anchoring its group is spelled by the group alone.
                unit = _is_unit_prop(f)
                st.props[f.attr_name] = UNIT if unit else _parse_attr_var(p, f, el.qualified)
            elif isinstance(f, RegionDef):
                st.regions[f.index] = p.parse_region()
            elif isinstance(f, SuccessorDef):
                st.successors[f.index] = p.parse_successor()
        elif isinstance(el, TypeOf):
            if all(f.kind == SINGLE for f in el.fields):
                types = [p.parse_type()]
                for _ in el.fields[1:]:
                    p.expect(",")
                    types.append(p.parse_type())
            else:
                types = p.parse_type_list() if _can_start_type(p) else []
            _assign_types(el.fields, types, st, p)
        elif isinstance(el, FunctionalType):
            ftype = p.parse_function_type()
            _assign_types(el.inputs, list(ftype.inputs), st, p)
            _assign_types(el.results, list(ftype.results), st, p)
        elif isinstance(el, AttrDict):
            entries = (
                p.parse_optional_attr_dict_with_keyword()
                if el.with_keyword
                else p.parse_optional_attr_dict()
            )
            st.attrs.update(entries)
        elif isinstance(el, Group):
            if _group_present(p, el):
                _parse_elements(p, el.elements, st)
                a = el.anchor
                if isinstance(a, PropDef) and a.attr_name not in st.props:
                    st.props[a.attr_name] = UNIT


def _parse_attr_var(p, field, qualified: bool):
    keywords = getattr(field.constraint, "keywords", None)
    if keywords is not None:
        pos = p.pos
        word = p.text if p.kind in ("bare", "string") else None
        if word is not None and p.kind == "string":
            word = word[1:-1]
        if word is None or word not in keywords:  # a gapped enum has None for its gaps
            known = ", ".join(k for k in keywords if k is not None)
            raise p.error(
                f"expected string or keyword containing one of the following enum values for "
                f"attribute '{field.attr_name}' [{known}]",
                pos,
            )
        p.advance()
        return field.constraint.make(keywords.index(word))
    cls = _attr_class(field)
    if cls is not None and not qualified:
        return cls.parse_body(p)
    return p.parse_attribute(getattr(field.constraint, "attr_type", None))


def _assign_types(fields, types, st: _State, p) -> None:
    """Split one type list over the variables it spells: operand groups take as many types as
    operands were parsed for them; a single flexible result group takes the rest."""
    if len(fields) == 1:
        st.types[fields[0].py_name] = types
        return
    counts = {}
    for f in fields:
        if f.kind == SINGLE:
            counts[f.py_name] = 1
        elif isinstance(f, OperandDef) and f.py_name in st.operands:
            counts[f.py_name] = len(st.operands[f.py_name])
    unknown = [f for f in fields if f.py_name not in counts]
    if len(unknown) > 1:
        raise p.error("cannot split the types between several variadic groups")
    if unknown:
        counts[unknown[0].py_name] = len(types) - sum(counts.values())
    i = 0
    for f in fields:
        n = counts[f.py_name]
        st.types[f.py_name] = types[i : i + n]
        i += n


def _infer_types(cls, st: _State, p, pos) -> None:
    d = cls.definition
    known = {k: v for k, v in st.types.items() if v}
    groups = [tuple(g) for g in getattr(cls, "types_match", ())]
    names_all = [f.py_name for f in d.operands] + [f.py_name for f in d.results]
    from mlc.ir.traits import SameOperandsAndResultType, SameTypeOperands

    if cls.has_trait(SameOperandsAndResultType):
        groups.append(tuple(names_all))
    if cls.has_trait(SameTypeOperands):
        groups.append(tuple(f.py_name for f in d.operands))
    derived = getattr(cls, "derived_types", {})
    for f in d.operands:
        if f.py_name in st.types:
            continue
        count = len(st.operands.get(f.py_name, ()))
        if not count:
            st.types[f.py_name] = []
            continue
        if f.py_name in derived:  # ODS `TypesMatchWith`: computed from another variable's type
            if isinstance(derived[f.py_name], Attribute):  # a buildable type (ODS `Index`)
                st.types[f.py_name] = [derived[f.py_name]] * count
                continue
            try:
                st.types[f.py_name] = list(derived[f.py_name](st.types))
            except (AttributeError, KeyError, IndexError, TypeError):
                raise p.error(
                    f"'{cls.name}': cannot infer the type of operand '{f.py_name}'", pos
                ) from None
            continue
        for g in groups:
            if f.py_name in g:
                source = next((known[n] for n in g if n in known), None)
                if source:
                    st.types[f.py_name] = [source[0]] * count
                    break
        else:
            raise p.error(f"'{cls.name}': cannot infer the type of operand '{f.py_name}'", pos)


def compile_format(cls, fmt: str):
    """Compile `fmt` for op class `cls` into (parse, print) functions."""
    elements = _FormatParser(cls, fmt).elements()
    _plan_spaces(elements, [True, False])
    elided = _format_vars(elements) | {"operandSegmentSizes", "resultSegmentSizes"}
    d = cls.definition

    def print_custom(op, p) -> None:
        # Generated on first use, so that importing a dialect compiles nothing.
        real = _generate_printer(cls, elements, elided)
        if cls.__dict__.get("print_custom") is print_custom:
            cls.print_custom = real
        real(op, p)

    def parse(klass, p):
        pos = p.pos
        st = _State()
        _parse_elements(p, elements, st)
        _infer_types(klass, st, p, pos)
        operands, sizes = [], []
        for f in d.operands:
            refs = st.operands.get(f.py_name, [])
            types = st.types.get(f.py_name, [])
            operands.extend(p.resolve_operands(refs, types, pos))
            sizes.append(len(refs))
        props = st.props
        for key in [k for k in st.attrs if k in d.props_by_name]:
            props[key] = st.attrs.pop(key)
        if d.operand_segments:
            props["operandSegmentSizes"] = DenseArrayAttr(i32, tuple(sizes))
        result_types = []
        for f in d.results:
            result_types.extend(st.types.get(f.py_name, []))
        if d.results and not any(f.py_name in st.types for f in d.results):
            result_types = _infer_result_types(klass, operands, props, p, pos)
        for pdef in d.props:
            if pdef.attr_name not in props and pdef.default is not None:
                props[pdef.attr_name] = pdef.default
        regions = [st.regions[i] for i in sorted(st.regions)]
        if len(regions) < len(d.regions):
            from mlc.ir.block import Region

            regions = [st.regions.get(i) or Region() for i in range(len(d.regions))]
        successors = [st.successors[i] for i in sorted(st.successors)]
        return klass.create(operands, result_types, props, st.attrs, regions, successors)

    return parse, print_custom


def _infer_result_types(cls, operands, props, p, pos) -> list:
    from mlc.ir.traits import SameOperandsAndResultType

    infer = getattr(cls, "infer_result_types", None)
    if infer is not None:
        try:
            return list(infer(operands, props))
        except ValueError as e:
            raise p.error(str(e), pos) from None
    if cls.has_trait(SameOperandsAndResultType) and operands:
        return [operands[0].type] * len(cls.definition.results)
    raise p.error(f"'{cls.name}': cannot infer result types", pos)
