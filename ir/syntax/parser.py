"""The MLIR text parser: files, operations (generic and custom), regions, blocks, SSA names.

Name scoping follows MLIR's OperationParser: one table of visible SSA names, where each
region's definitions are dropped when the region ends; uses before definitions get
placeholder values, resolved when the definition appears and reported at the end otherwise.
Custom op syntax is parsed by the op class (`cls.parse(parser)`), using the `parse_*`
methods below as MLIR's OpAsmParser.

Hot path (`_parse_simple_ops`, `parse_generic_op`, `resolve`): locals cached, no per-op
allocation beyond the op itself and its operand/result objects.
"""

from __future__ import annotations

import re
from bisect import bisect_right as _bisect_right

from mlc.ir.block import Block, Region
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.diagnostics import DiagnosticError, SourceManager
from mlc.ir.gc_pause import gc_paused
from mlc.ir.location import FileLineColLoc
from mlc.ir.operation import UnregisteredOp
from mlc.ir.syntax.attr_parser import AttrParser, DeferredLoc
from mlc.ir.types import FunctionType
from mlc.ir.values import OpOperand, OpResult, Value

# One generic op on one line: results, quoted name, operand list, and the rest of the line
# (properties, attributes, function type), which is parsed once per spelling. Leading
# whitespace is skipped so that consecutive ops match without the lexer in between.
_SIMPLE_OP_RE = re.compile(
    r"[ \t\r\n]*(?:(%[A-Za-z0-9_$.\-]+)(?::([0-9]+))? = )?"
    r'"([A-Za-z_][A-Za-z0-9_$.]*)"'
    r"\(([^()\n]*)\)"
    r"([^\n]*)"
)


class ForwardRef(Value):
    """Placeholder for an SSA value used before its definition."""

    __slots__ = ("key", "pos")

    def __init__(self, type, key: str, pos: int) -> None:
        super().__init__(type)
        self.key = key
        self.pos = pos


class Parser(AttrParser):
    """Parses one buffer into a `builtin.module`."""

    __slots__ = (
        "values", "region_defs", "forward", "block_scopes", "default_dialects",
        "memo", "def_pos",
    )  # fmt: skip

    def __init__(self, src: str, ctx, filename: str = "<string>", first_line: int = 1) -> None:
        super().__init__(src, ctx, filename, first_line)
        self.values: dict[str, Value] = {}
        self.region_defs: list[list[str]] = [[]]
        self.forward: dict[str, ForwardRef] = {}
        self.block_scopes: list = []
        self.default_dialects = ["builtin"]
        self.memo: dict = {}  # text -> parsed type or attribute dictionary (fast path)
        self.def_pos: dict[str, int] = {}  # where each visible SSA name was defined

    # --- file level ----------------------------------------------------------------------
    def parse_file(self) -> ModuleOp:
        block = Block()
        while self.kind != "eof":
            kind = self.kind
            if kind == "hash" or kind == "bang":
                self._parse_alias_definition()
            elif self.text == "{-#" and kind == "punct":
                self._parse_resources()
            elif not ((kind == "percent" or kind == "string") and self._parse_simple_ops(block)):
                block.append(self._parse_operation())
        self._finish_scope()
        if self.deferred_locs:
            self._resolve_deferred_locs(block)
        first = block.first_op
        if first is not None and first is block.last_op and isinstance(first, ModuleOp):
            first.detach()
            return first
        module = ModuleOp.create(
            regions=[Region([block])], location=FileLineColLoc(self.filename, 0, 0)
        )
        return module

    def _parse_alias_definition(self) -> None:
        is_attr = self.kind == "hash"
        name, pos = self.text[1:], self.pos
        if "." in name:
            raise self.error("expected operation name in quotes")
        self.advance()
        self.expect("=", "in alias definition")
        table = self.attr_aliases if is_attr else self.type_aliases
        if name in table:
            raise self.error(
                f"redefinition of {'attribute' if is_attr else 'type'} alias id '{name}'", pos
            )
        table[name] = self.parse_attribute() if is_attr else self.parse_type()

    def _parse_resources(self) -> None:
        self.advance()
        resources = self.ctx.resources

        def parse_group():
            group = self.text
            if self.kind != "bare":
                raise self.error("expected identifier key for 'resource' entry")
            self.advance()
            self.expect(":")
            self.expect("{")
            self.parse_comma_list(lambda: parse_dialect(group), "}")

        def parse_dialect(group):
            dialect = self.text
            self.advance()
            self.expect(":")
            self.expect("{")
            self.parse_comma_list(lambda: parse_entry(group, dialect), "}")

        def parse_entry(group, dialect):
            key = self.text
            if self.kind not in ("bare", "string"):
                raise self.error("expected identifier key for 'resource' entry")
            self.advance()
            self.expect(":")
            if self.kind == "string":
                value = self.text
            elif self.text in ("true", "false"):
                value = self.text
            else:
                raise self.error("expected string or bool resource value")
            self.advance()
            resources.setdefault(dialect, {})[key] = value

        if self.text != "#-}":
            while True:
                parse_group()
                if not self.consume_if(","):
                    break
        self.expect("#-}", "to end the file metadata dictionary")

    def _resolve_deferred_locs(self, block: Block) -> None:
        aliases = self.attr_aliases

        def resolve(loc):
            if type(loc) is not DeferredLoc:
                return loc
            found = aliases.get(loc.name)
            if found is None:
                raise self.error(f"undefined symbol alias id '{loc.name}'", loc.pos)
            return found

        for op in _walk_block(block):
            op.location = resolve(op.location)
            for region in op.regions:
                for b in region.blocks:
                    for arg in b.args:
                        if arg.location is not None:
                            arg.location = resolve(arg.location)

    # --- SSA values ----------------------------------------------------------------------
    def parse_operand(self) -> tuple[str, int]:
        """`%name` or `%name#N`; returns an unresolved (key, position)."""
        if self.kind != "percent":
            raise self.error("expected SSA operand")
        key, pos = self.text, self.pos
        self.advance()
        if self.kind == "hash" and self.pos == pos + len(key):
            number = self.text[1:]
            if not number.isdigit():
                raise self.error("invalid SSA value result number")
            if number != "0":
                key = f"{key}#{int(number)}"
            self.advance()
        return key, pos

    def parse_optional_operand(self):
        return self.parse_operand() if self.kind == "percent" else None

    def parse_operand_list(self) -> list:
        """Comma-separated operands, possibly none."""
        if self.kind != "percent":
            return []
        operands = [self.parse_operand()]
        while self.text == "," and self.kind == "punct":
            self.advance()
            operands.append(self.parse_operand())
        return operands

    def resolve(self, ref: tuple[str, int], type) -> Value:
        """The value named by `ref`, checked against `type`; a placeholder if not yet defined."""
        key, pos = ref
        value = self.values.get(key)
        if value is None:
            value = self.forward.get(key)
            if value is None:
                value = ForwardRef(type, key, pos)
                self.forward[key] = value
                return value
        if value.type is not type and value.type != type:
            err = self.error(
                f"use of value '{key}' expects different type than prior uses: "
                f"'{type}' vs '{value.type}'",
                pos,
            )
            prior = value.pos if isinstance(value, ForwardRef) else self.def_pos.get(key)
            if prior is not None:
                err.attach_note("prior use here", self.loc_at(prior))
            raise err
        return value

    def resolve_operands(self, refs: list, types: list, pos: int | None = None) -> list:
        if len(refs) != len(types):
            raise self.error(f"{len(refs)} operands present, but expected {len(types)}", pos)
        return [self.resolve(r, t) for r, t in zip(refs, types)]

    def define(self, key: str, value: Value, pos: int) -> None:
        values = self.values
        if key in values:
            err = self.error(f"redefinition of SSA value '{key}'", pos)
            raise err.attach_note("previously defined here", self.loc_at(self.def_pos[key]))
        values[key] = value
        self.def_pos[key] = pos
        self.region_defs[-1].append(key)
        if self.forward:
            ref = self.forward.pop(key, None)
            if ref is not None:
                if ref.type != value.type:
                    err = self.error(
                        f"definition of SSA value '{key}' has type '{value.type}'", pos
                    )
                    raise err.attach_note(
                        f"previously used here with type '{ref.type}'", self.loc_at(ref.pos)
                    )
                ref.replace_all_uses_with(value)

    def _finish_scope(self) -> None:
        if self.forward:
            ref = min(self.forward.values(), key=lambda r: r.pos)
            raise self.error("use of undeclared SSA value name", ref.pos)

    # --- operations ----------------------------------------------------------------------
    def _parse_operation(self):
        results = None
        if self.kind == "percent":
            results = []
            while True:
                if self.kind != "percent":
                    raise self.error("expected valid ssa identifier")
                name, rpos = self.text, self.pos
                self.advance()
                count = 1
                if self.text == ":" and self.kind == "punct":
                    self.advance()
                    if self.kind != "integer" or self.text.startswith("0x") or int(self.text) < 1:
                        raise self.error("expected integer number of results")
                    count = int(self.text)
                    self.advance()
                results.append((name, count, rpos))
                if self.text == "," and self.kind == "punct":
                    self.advance()
                    continue
                break
            if self.text != "=":
                raise self.error("expected '=' after SSA name")
            self.advance()
        kind = self.kind
        pos = self.pos  # MLIR locates an op at its name, after any results
        if kind == "string":
            op = self.parse_generic_op()
        elif kind == "bare":
            op = self._parse_custom_op()
        else:
            raise self.error("expected operation name in quotes")
        if self.text == "loc" and self.kind == "bare":
            op.location = self.parse_location(defer=True)
        else:
            op.location = self.loc_at(pos)
        if results is not None:
            op_results = op.results
            total = sum(r[1] for r in results)
            if total != len(op_results):
                raise self.error(
                    f"operation defines {len(op_results)} results but was provided {total} to bind",
                    results[0][2],
                )
            i = 0
            define = self.define
            for name, count, rpos in results:
                define(name, op_results[i], rpos)
                for k in range(1, count):
                    define(f"{name}#{k}", op_results[i + k], rpos)
                i += count
        return op

    def _parse_simple_ops(self, block: Block) -> bool:
        """Fast path for the one-line generic ops that make up most machine-written IR
        (`%3 = "arith.addi"(%1, %2) <{...}> : (i32, i32) -> i32`): append the run of them
        starting at the current token to `block` and move the lexer past them. Everything
        but the SSA names is looked up by its spelling, parsed once (`_op_shape`). Stops,
        having changed nothing for that line, at a line that is anything else (the general
        path then parses it and reports any error); False when the first line was one. A
        `loc(...)` where the run stops is the last op's, written on a later line. Hot path:
        one regex match per op, no tokens in between, locals hoisted."""
        match, src, append = _SIMPLE_OP_RE.match, self.src, block.append
        memo, values, def_pos = self.memo, self.values, self.def_pos
        defined = self.region_defs[-1]
        filename, starts, first_line = self.filename, self.lines.starts, self.lines.first_line
        end = None
        m = match(src, self.pos)
        while m is not None:
            result, count, name, operands, rest = m.groups()
            shape = memo.get((name, rest))
            if shape is None:
                shape = memo[name, rest] = self._op_shape(name, rest)
            if shape is False:
                break
            cls, inputs, results, properties, attributes = shape
            nresults = len(results)
            if nresults != (int(count) if count else 1 if result else 0):
                break
            operand_values = _lookup_operands(operands, inputs, values)
            if operand_values is None:
                break
            # What Operation._init does, for an op without regions or successors.
            op = object.__new__(cls)
            if cls is UnregisteredOp:
                op.name = name
                op.explicit_properties = False
            op._operands = [OpOperand(op, i, v) for i, v in enumerate(operand_values)]
            op.results = op_results = [OpResult(t, op, i) for i, t in enumerate(results)]
            op.properties = dict(properties) if properties else {}
            op.attributes = dict(attributes) if attributes else {}
            op.regions = []
            op._successors = []
            op.parent = op._prev = op._next = None
            op._order = 0
            pos = m.start(3) - 1  # MLIR locates an op at its name
            idx = _bisect_right(starts, pos) - 1
            op.location = FileLineColLoc(filename, idx + first_line, pos - starts[idx] + 1)
            if result is not None:
                rpos = m.start(1)
                if nresults == 1 and not self.forward and result not in values:
                    values[result] = op_results[0]
                    def_pos[result] = rpos
                    defined.append(result)
                else:
                    self.define(result, op_results[0], rpos)
                    for k in range(1, nresults):
                        self.define(f"{result}#{k}", op_results[k], rpos)
            append(op)
            end = m.end()
            m = match(src, end)
        if end is None:
            return False
        self.end = end
        self.advance()
        if self.text == "loc" and self.kind == "bare":  # the last op's, on a later line
            op.location = self.parse_location(defer=True)
        return True

    def _op_shape(self, name: str, rest: str):
        """What the fast path needs for one spelling of an op: (class, operand types, result
        types, properties, attributes), or False to leave it to the general path. `rest` is
        the line after the operand list: `<{props}>`, `{attrs}` and `: type`, nothing else."""
        cls = self.ctx.lookup_op(name)
        if cls is None and not self.ctx.allow_unregistered_dialects:
            return False
        sub = AttrParser(rest, self.ctx, self.filename)
        sub.attr_aliases = self.attr_aliases
        sub.type_aliases = self.type_aliases
        props = None
        attributes = {}
        try:
            if sub.text == "<" and sub.kind == "punct":
                sub.advance()
                if sub.text != "{":
                    return False
                props = sub.parse_attr_dict()
                sub.expect(">")
            if sub.text == "{" and sub.kind == "punct":
                attributes = sub.parse_attr_dict()
            sub.expect(":")
            ftype = sub.parse_type()
        except DiagnosticError:
            return False
        if sub.kind != "eof" or sub.deferred_locs or type(ftype) is not FunctionType:
            return False
        if cls is None:
            if props is not None:
                return False  # `<{}>` on an unregistered op is remembered by the general path
            return UnregisteredOp, ftype.inputs, ftype.results, {}, attributes
        properties = props if props is not None else {}
        definition = cls.definition
        if props is None:
            for k in [k for k in attributes if k in definition.props_by_name]:
                properties[k] = attributes.pop(k)
        definition.fill_defaults(properties)
        return cls, ftype.inputs, ftype.results, properties, attributes

    def parse_generic_op(self):
        text, pos = self.text, self.pos
        if "\\" in text:
            name = self.parse_string("operation name")  # a bad escape is a diagnostic
        else:
            name = text[1:-1]
            self.advance()
        if not name:
            raise self.error("empty operation name is invalid", pos)
        cls = self.ctx.lookup_op(name)
        if cls is None:
            if not self.ctx.allow_unregistered_dialects:
                raise self.error(  # MLIR points at the token after the name
                    "operation being parsed with an unregistered dialect. If this is intended, "
                    "please use -allow-unregistered-dialect with the MLIR tool used",
                    self.pos,
                )
        if self.text != "(":
            raise self.error("expected '(' to start operand list")
        self.advance()
        refs = self.parse_operand_list()
        self.expect(")", "to end operand list")
        successors = ()
        if self.text == "[" and self.kind == "punct":
            self.advance()
            successors = self.parse_comma_list(self.parse_successor, "]")
        properties = None
        if self.text == "<" and self.kind == "punct":
            self.advance()
            if self.text != "{":
                raise self.error("expected '{' to start properties")
            properties = self.parse_attr_dict()
            self.expect(">", "to end properties")
        regions = ()
        if self.text == "(" and self.kind == "punct":
            self.advance()
            self.default_dialects.append(getattr(cls, "default_dialect", "") if cls else "")
            regions = self.parse_comma_list(self.parse_region, ")")
            self.default_dialects.pop()
        attributes = self.parse_attr_dict() if self.text == "{" and self.kind == "punct" else {}
        if self.text != ":":
            raise self.error("expected ':' followed by operation type")
        self.advance()
        type_pos = self.pos
        ftype = self.parse_type()
        if type(ftype) is not FunctionType:
            raise self.error("expected function type", type_pos)
        inputs = ftype.inputs
        if len(inputs) != len(refs):
            plural = "s" if len(refs) != 1 else " "  # sic: mlir-opt prints two spaces here
            raise self.error(
                f"expected {len(refs)} operand type{plural} but had {len(inputs)}", type_pos
            )
        resolve = self.resolve
        operands = [resolve(r, t) for r, t in zip(refs, inputs)]
        if cls is None:
            op = UnregisteredOp.create(
                operands,
                ftype.results,
                properties or {},
                attributes,
                regions,
                successors,
                name=name,
            )
            op.explicit_properties = properties is not None
            return op
        definition = cls.definition
        if properties is None:
            properties = {}
            if attributes:
                for key in [k for k in attributes if k in definition.props_by_name]:
                    properties[key] = attributes.pop(key)
        if definition.defaulted:
            definition.fill_defaults(properties)
        return cls.create(operands, ftype.results, properties, attributes, regions, successors)

    def _parse_custom_op(self):
        name = self.text
        lookup = self.ctx.lookup_op
        cls = lookup(name)
        if cls is None and "." not in name:
            default = self.default_dialects[-1]
            cls = lookup(f"{default}.{name}") if default else None
            if cls is None:
                cls = lookup(f"builtin.{name}")
        if cls is None or not hasattr(cls, "parse"):
            tried = (
                f" (tried '{self.default_dialects[-1]}.{name}' as well)"
                if "." not in name and self.default_dialects[-1]
                else ""
            )
            raise self.error(f"custom op '{name}' is unknown{tried}")
        self.advance()
        self.default_dialects.append(getattr(cls, "default_dialect", ""))
        op = cls.parse(self)
        self.default_dialects.pop()
        return op

    # --- regions and blocks --------------------------------------------------------------
    def parse_successor(self) -> Block:
        if self.kind != "caret":
            raise self.error("expected block name")
        label, pos = self.text, self.pos
        self.advance()
        if not self.block_scopes:
            raise self.error("branch to a block outside of a region", pos)
        blocks, pending = self.block_scopes[-1]
        block = blocks.get(label)
        if block is None:
            block = Block()
            blocks[label] = block
            pending[label] = pos
        return block

    def parse_region(self, entry_args: list | None = None) -> Region:
        """`{ ops ^bb1(...): ops }`. `entry_args` are (key, type, loc, pos) tuples of a custom
        syntax that names the entry block's arguments (function signatures)."""
        if self.text != "{" or self.kind != "punct":
            raise self.error("expected '{' to begin a region")
        self.advance()
        self.enter()
        region = Region()
        defs: list[str] = []
        self.region_defs.append(defs)
        blocks: dict = {}
        pending: dict = {}
        self.block_scopes.append((blocks, pending))
        if entry_args or self.text != "}":
            if self.kind == "caret":
                if entry_args:
                    raise self.error("invalid block name in region with named arguments")
            else:
                block = Block()
                region.add_block(block)
                for key, type, loc, pos in entry_args or ():
                    self.define(key, block.add_argument(type, loc), pos)
                self._parse_block_body(block)
            while self.kind == "caret":
                self._parse_block(region, blocks, pending)
        if self.text != "}" or self.kind != "punct":
            raise self.error("expected '}' to end a region")
        self.advance()
        if pending:
            label, pos = min(pending.items(), key=lambda kv: kv[1])
            raise self.error("reference to an undefined block", pos)
        self.block_scopes.pop()
        values = self.values
        for key in defs:
            del values[key]
        self.region_defs.pop()
        self.depth -= 1
        return region

    def _parse_block(self, region: Region, blocks: dict, pending: dict) -> None:
        label, pos = self.text, self.pos
        self.advance()
        block = blocks.get(label)
        if block is None:
            block = Block()
            blocks[label] = block
        elif label in pending:
            del pending[label]
        else:
            raise self.error(f"redefinition of block '{label}'", pos)
        region.add_block(block)
        if self.text == "(" and self.kind == "punct":
            self.advance()

            def parse_arg():
                ref = self.parse_operand()
                if "#" in ref[0]:
                    raise self.error("expected SSA identifier", ref[1])
                self.expect(":", "and type for SSA operand")
                arg_type = self.parse_type()
                loc = (
                    self.parse_location(defer=True)
                    if self.text == "loc" and self.kind == "bare"
                    else self.loc_at(ref[1])
                )
                self.define(ref[0], block.add_argument(arg_type, loc), ref[1])

            self.parse_comma_list(parse_arg, ")")
        self.expect(":", "after block name")
        self._parse_block_body(block)

    def _parse_block_body(self, block: Block) -> None:
        fast = self._parse_simple_ops
        general = self._parse_operation
        append = block.append
        while True:
            kind = self.kind
            if kind == "percent" or kind == "string":
                if not fast(block):
                    append(general())
            elif kind == "caret" or (kind == "punct" and self.text == "}") or kind == "eof":
                return
            else:
                append(general())

    # --- helpers for custom parsers (MLIR's OpAsmParser) -----------------------------------
    def parse_optional_attr_dict(self) -> dict:
        if self.text == "{" and self.kind == "punct":
            return self.parse_attr_dict()
        return {}

    def parse_optional_attr_dict_with_keyword(self) -> dict:
        if self.parse_optional_keyword("attributes"):
            return self.parse_attr_dict()
        return {}

    def parse_optional_location(self):
        if self.text == "loc" and self.kind == "bare":
            return self.parse_location(defer=True)
        return None

    def parse_optional_region(self, entry_args=None) -> Region | None:
        if self.text == "{" and self.kind == "punct":
            return self.parse_region(entry_args)
        return None


def _lookup_operands(text: str, types: list, values: dict) -> list | None:
    """The values a fast-path operand list names, each of its expected type; None when one
    is not defined yet or differs (the general path resolves or reports it)."""
    if not text:
        return [] if not types else None
    refs = text.split(", ")
    if len(refs) != len(types):
        return None
    found = []
    for ref, t in zip(refs, types):
        if "#" in ref and ref.endswith("#0"):
            ref = ref[:-2]
        v = values.get(ref)
        if v is None or (v.type is not t and v.type != t):
            return None
        found.append(v)
    return found


def _walk_block(block: Block):
    for op in block.ops:
        yield op
        yield from op.iter_nested()


def parse_module(text: str, ctx, filename: str = "<string>", first_line: int = 1) -> ModuleOp:
    """Parse a whole buffer; raises `DiagnosticError` on invalid input."""
    try:
        with gc_paused():
            return Parser(text, ctx, filename, first_line).parse_file()
    except DiagnosticError as err:
        if err.sources is None:  # so that the error shows the offending line
            err.sources = SourceManager()
            err.sources.add(filename, text, first_line)
        raise
    except RecursionError:
        raise DiagnosticError("nesting too deep", FileLineColLoc(filename, first_line, 1)) from None
