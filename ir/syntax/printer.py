"""The MLIR text printer: generic and custom op forms, exactly as mlir-opt 19 prints them.

SSA names follow MLIR's `SSANameState`: a region is numbered completely before its nested
regions, which all start from the counters their parent region ended with (so sibling
regions reuse numbers); entry block arguments are `%argN`; ops may suggest names (`%c0`,
`%cst`) and clashes get `_N` suffixes from a shared counter. Affine maps and sets print
through `#map`/`#set` aliases; with debug info, locations print through `#loc` aliases,
those of ops after the module and those of block arguments before it.

Hot path: output goes to one list joined at the end; types are printed once and cached.
"""

from __future__ import annotations

import re

from mlc.ir.attributes import UnitAttr, escape_string, name_order
from mlc.ir.block import Block
from mlc.ir.syntax.aliases import AliasTable, join_parts
from mlc.ir.syntax.lexer import is_bare_identifier
from mlc.ir.types import FunctionType

INDENT = 2
_PLAIN_NAME = re.compile(r"[ !#-\[\]-~]*\Z").match  # printable ASCII but `"` and `\\`
_ALLOWED_PUNCT = set("$._-")


def sanitize_identifier(name: str) -> str:
    """MLIR's `sanitizeIdentifier`: keep [A-Za-z0-9$._-], spaces become '_', others hex;
    a leading digit gets a '_' prefix."""

    def clean(text):
        out = []
        for ch in text:
            if ch.isascii() and (ch.isalnum() or ch in _ALLOWED_PUNCT):
                out.append(ch)
            elif ch == " ":
                out.append("_")
            else:
                out.append("%X" % ord(ch))
        return "".join(out)

    if name[0].isdigit():
        return "_" + clean(name)
    if all(ch.isascii() and (ch.isalnum() or ch in _ALLOWED_PUNCT) for ch in name):
        return name
    return clean(name)


class _NameScope:
    __slots__ = ("names", "parent")

    def __init__(self, parent) -> None:
        self.names = set()
        self.parent = parent

    def __contains__(self, name: str) -> bool:
        scope = self
        while scope is not None:
            if name in scope.names:
                return True
            scope = scope.parent
        return False


class SSANames:
    """Names of every value and block under one top-level op (MLIR's SSANameState)."""

    def __init__(self, top, use_hints: bool) -> None:
        self.values: dict = {}
        self.groups: dict = {}  # op -> head of results named in groups (`%sum, %overflow`)
        self.blocks: dict = {}
        self.block_order: dict = {}
        self.use_hints = use_hints
        self.next_value = self.next_arg = self.next_conflict = 0
        top_scope = _NameScope(None)
        self.scope = top_scope
        stack = [(r, 0, 0, 0, top_scope) for r in top.regions]
        self._number_op(top)
        values = self.values
        restore = use_hints  # generic printing numbers one sequence across all regions
        while stack:
            region, next_value, next_arg, next_conflict, parent = stack.pop()
            if restore:
                self.next_value, self.next_arg, self.next_conflict = (
                    next_value,
                    next_arg,
                    next_conflict,
                )
            self.scope = scope = _NameScope(parent)
            self._number_region(region)
            entry = (self.next_value, self.next_arg, self.next_conflict, scope)
            for block in region.blocks:
                op = block.first_op
                while op is not None:
                    for r in op.regions:
                        stack.append((r,) + entry)
                    op = op._next
        self.values = values

    def _unique(self, name: str) -> str:
        name = sanitize_identifier(name)
        scope = self.scope
        if name in scope:
            while True:
                probe = f"{name}_{self.next_conflict}"
                self.next_conflict += 1
                if probe not in scope:
                    name = probe
                    break
        scope.names.add(name)
        return name

    def _number_region(self, region) -> None:
        values = self.values
        for i, block in enumerate(region.blocks):
            self.blocks[block] = f"^bb{i}"
            self.block_order[block] = i
            if i == 0:
                for arg in block.args:
                    values[arg] = "%" + self._unique(f"arg{self.next_arg}")
                    self.next_arg += 1
            else:
                for arg in block.args:
                    values[arg] = f"%{self.next_value}"
                    self.next_value += 1
            op = block.first_op
            if self.use_hints:
                number_op = self._number_op
                while op is not None:
                    if op.asm_result_name is None and len(op.results) == 1:
                        values[op.results[0]] = "%" + str(self.next_value)
                        self.next_value += 1
                    else:
                        number_op(op)
                    op = op._next
            else:  # fast path: plain numbering
                n = self.next_value
                while op is not None:
                    results = op.results
                    if results:
                        base = "%" + str(n)
                        n += 1
                        if len(results) == 1:
                            values[results[0]] = base
                        else:
                            for k in range(len(results)):
                                values[results[k]] = f"{base}#{k}"
                    op = op._next
                self.next_value = n

    def _number_op(self, op) -> None:
        results = op.results
        if not results:
            return
        base = None
        if self.use_hints:
            if op.asm_result_name is not None:
                name = op.asm_result_name()
                if isinstance(name, list):  # a name per group of results, as `setNameFn`:
                    self._number_groups(op, name)  # None continues the previous group
                    return
                if name:
                    base = "%" + self._unique(name)
        if base is None:
            base = "%" + str(self.next_value)
            self.next_value += 1
        values = self.values
        if len(results) == 1:
            values[results[0]] = base
        else:
            for k in range(len(results)):
                values[results[k]] = f"{base}#{k}"

    def _number_groups(self, op, names: list) -> None:
        """Results named group by group (`%base_buffer, %offset, %sizes:2 = ...`): a name
        starts a group, a None result joins the group before it (or is numbered, at the
        start); a group of several results is used as `%sizes#1`. `groups[op]` keeps the
        head to print."""
        starts = [i for i, n in enumerate(names) if n is not None or i == 0]
        heads = []
        for start, end in zip(starts, starts[1:] + [len(op.results)]):
            if names[start] is None:  # unnamed leading results are numbered, as in MLIR
                base = f"%{self.next_value}"
                self.next_value += 1
            else:
                base = "%" + self._unique(names[start])
            if end - start == 1:
                self.values[op.results[start]] = base
                heads.append(base)
                continue
            for k in range(start, end):
                self.values[op.results[k]] = f"{base}#{k - start}"
            heads.append(f"{base}:{end - start}")
        self.groups[op] = ", ".join(heads)


class Printer:
    """Prints operations, attributes and types; custom op printers call its `print_*`."""

    def __init__(
        self,
        generic: bool = False,
        debuginfo: bool = False,
        local_scope: bool = False,
        collecting: bool = False,
    ) -> None:
        self.collecting = collecting  # a dry run that only numbers aliases
        self.out: list[str] = []
        self.write = self.out.append
        self.generic = generic
        self.debuginfo = debuginfo
        self.local_scope = local_scope
        self.indent = 0
        self.names: SSANames | None = None
        self.default_dialects = ["builtin"]
        self.aliases = AliasTable()
        self.inline_locations = False  # block argument locations print spelled out
        self.resources: list[str] = []
        self._type_cache: dict = {}
        self._dict_cache: dict = {}
        self._short_names: dict = {}

    # --- attributes and types ------------------------------------------------------------
    def type_text(self, t):
        """The text of type `t`, rendered once per printer (a list if it holds aliases)."""
        text = self._type_cache.get(t)
        if text is None:
            parts = self._render_parts(t.print_to)
            text = parts[0] if len(parts) == 1 and parts[0].__class__ is str else parts
            self._type_cache[t] = text
        return text

    def print_type(self, t) -> None:
        text = self.type_text(t)
        if text.__class__ is str:
            self.write(text)
        else:
            self.out.extend(text)

    def print_attribute(self, attr) -> None:
        prefix = getattr(attr, "alias_prefix", None)
        if prefix is None or self.local_scope:
            attr.print_to(self)
        elif prefix == "loc":  # a location as an attribute value: `#loc3`, no `loc(...)`
            ref = self.location_ref(attr, False)
            if ref is None:
                attr.print_to(self)
            else:
                self.write(ref)
        else:
            ref = self.aliases.lookup(
                attr, prefix, False, lambda: self._render_parts(attr.print_to)
            )
            if ref is None:
                attr.print_to(self)
            else:
                self.write(ref)

    def _render_parts(self, fn) -> list:
        saved = self.out
        self.out = []
        self.write = self.out.append
        fn(self)
        parts = self.out
        self.out = saved
        self.write = saved.append
        return parts

    def print_attr_dict_body(self, entries) -> None:
        """`{a = 1, b}` for sorted (name, attr) pairs."""
        self.write("{")
        first = True
        for name, value in entries:
            if not first:
                self.write(", ")
            first = False
            self.write(name if is_bare_identifier(name) else escape_string(name))
            if type(value) is not UnitAttr:
                self.write(" = ")
                self.print_attribute(value)
        self.write("}")

    def _write_cached_dict(self, attrs: dict, before: str, after: str) -> None:
        """` <{...}>`/` {...}` of an op; the text is rendered once per distinct dictionary
        (hot path: machine-written IR repeats the same properties on most ops)."""
        key = (before, *attrs.items())
        text = self._dict_cache.get(key)
        if text is None:
            entries = sorted(attrs.items(), key=name_order)
            parts = self._render_parts(lambda p: p.print_attr_dict_body(entries))
            if all(part.__class__ is str for part in parts):
                text = self._dict_cache[key] = before + "".join(parts) + after
            else:  # holds alias placeholders: not cacheable as text
                self.write(before)
                self.out.extend(parts)
                self.write(after)
                return
        self.write(text)

    def print_optional_attr_dict(self, attrs: dict, elided=()) -> None:
        """` {a = 1}` (leading space) if any attribute remains after `elided`."""
        entries = sorted(((k, v) for k, v in attrs.items() if k not in elided), key=name_order)
        if entries:
            self.write(" ")
            self.print_attr_dict_body(entries)

    def print_result_types(self, types) -> None:
        """Function-type results: bare single non-function type, else parenthesized."""
        if len(types) == 1 and type(types[0]) is not FunctionType:
            self.print_type(types[0])
            return
        self.write("(")
        self.print_type_list(types)
        self.write(")")

    def print_type_list(self, types) -> None:
        first = True
        for t in types:
            if not first:
                self.write(", ")
            first = False
            self.print_type(t)

    def note_resource(self, handle: str) -> None:
        if handle not in self.resources:
            self.resources.append(handle)

    # --- locations ---------------------------------------------------------------------
    def location_ref(self, loc, deferred: bool):
        """The `#locN` placeholder of `loc`, registering it (with its nested locations)."""
        return self.aliases.lookup(
            loc, "loc", deferred, lambda: self._render_parts(lambda p: p._location_def(loc))
        )

    def _location_def(self, loc) -> None:
        self.write("loc(")
        loc.print_body(self)
        self.write(")")

    def print_location(self, loc, deferred: bool = True) -> None:
        """`loc(...)`: through an alias unless printing in local scope."""
        ref = (
            None if self.local_scope or self.inline_locations else self.location_ref(loc, deferred)
        )
        if ref is None:
            self.print_location_inline(loc)
            return
        self.write("loc(")
        self.write(ref)
        self.write(")")

    def print_location_inline(self, loc) -> None:
        """`loc(...)` spelled out, nested locations too."""
        saved, self.inline_locations = self.inline_locations, True
        self.write("loc(")
        loc.print_body(self)
        self.write(")")
        self.inline_locations = saved

    def print_location_body(self, loc) -> None:
        """A location nested in another: its alias, or spelled out."""
        ref = None if self.local_scope or self.inline_locations else self.location_ref(loc, True)
        if ref is None:
            loc.print_body(self)
        else:
            self.write(ref)

    def print_arg_location(self, arg) -> None:
        """` loc(...)` after a block argument under debug info: spelled out, as MLIR
        does, although its alias is still defined."""
        if not self.debuginfo or arg.location is None:
            return
        self.write(" ")
        if not self.local_scope:
            self.location_ref(arg.location, False)
        self.print_location_inline(arg.location)

    # --- values and blocks ---------------------------------------------------------------
    def print_operand(self, value) -> None:
        self.write(self.names.values.get(value, "<<UNKNOWN SSA VALUE>>"))

    def print_operands(self, values) -> None:
        names = self.names.values
        self.write(", ".join(names.get(v, "<<UNKNOWN SSA VALUE>>") for v in values))

    def print_successor(self, block) -> None:
        self.write(self.names.blocks.get(block, "<<UNKNOWN BLOCK>>"))

    def print_symbol_name(self, name: str) -> None:
        from mlc.ir.attributes import print_symbol_name

        self.write(print_symbol_name(name))

    # --- operations ----------------------------------------------------------------------
    def print_top(self, op) -> str:
        """Print `op` with its aliases and resources, as a complete buffer."""
        self.names = SSANames(op, use_hints=not self.generic)
        self.print_op(op)
        if self.aliases.refs:
            # Aliases are numbered in MLIR's visiting order, which differs from print order
            # for generic ops: collect them in a dry run, then print again with them.
            dry = Printer(self.generic, self.debuginfo, self.local_scope, collecting=True)
            dry.names = self.names
            dry.print_op(op)
            self.aliases = dry.aliases
            self.aliases.frozen = True
            self.out = []
            self.write = self.out.append
            self._type_cache, self._dict_cache, self.resources = {}, {}, []
            self.print_op(op)
        aliases = self.aliases
        if not aliases.refs:
            parts = ["".join(self.out), "\n"]
        else:
            aliases.finalize()
            parts = [
                aliases.definitions(False),
                join_parts(self.out),
                "\n",
                aliases.definitions(True),
            ]
        if not self.local_scope:  # mlir-opt ends the alias section with an empty line
            parts.append("\n")
        if self.resources and not self.local_scope:
            parts.append(self._resource_section())
        return "".join(parts)

    def _resource_section(self) -> str:
        return _resource_text(self.resources, getattr(self, "resource_blobs", {}))

    def print_op(self, op) -> None:
        """One op with its results, trailing location, at the current indentation."""
        loc_ref = None
        if self.debuginfo and not self.local_scope:  # numbered before the body, as in MLIR
            loc_ref = self.location_ref(op.location, True)
        results = op.results
        printer = None if self.generic else op.print_custom
        if results:
            names = self.names
            if len(results) == 1:
                head = names.values[results[0]] + " = "
            elif names.groups and op in names.groups:
                head = names.groups[op] + " = "
            else:  # `%0#0` -> `%0:2`
                head = names.values[results[0]][:-2] + f":{len(results)} = "
        else:
            head = ""
        if self.collecting and printer is None:
            self.write(head)
            self._visit_generic_op(op)
        elif printer is not None:
            key = (self.default_dialects[-1], op.name)
            name = self._short_names.get(key)
            if name is None:
                name = self._short_names[key] = _short_op_name(*key)
            self.write(head + name)
            printer(self)
        else:
            self.write(head)
            self.print_generic_op(op)
        if loc_ref is not None:
            self.write(" loc(")
            self.write(loc_ref)
            self.write(")")
        elif self.debuginfo:
            self.write(" ")
            self.print_location_inline(op.location)

    def _visit_generic_op(self, op) -> None:
        """What MLIR's alias collector visits for a generically printed op, in its order:
        regions, operand types, result types, then attributes (for unregistered ops not the
        properties, which MLIR keeps opaque)."""
        self.default_dialects.append(getattr(op, "default_dialect", ""))
        for region in op.regions:
            self.print_region(region, True, True, True)
        self.default_dialects.pop()
        for o in op._operands:
            self.print_type(o.value.type)
        for r in op.results:
            self.print_type(r.type)
        attrs = dict(op.attributes)
        if op.definition is not None:
            attrs.update(op.properties)
        for _, value in sorted(attrs.items(), key=name_order):
            self.print_attribute(value)

    def print_generic_op(self, op) -> None:
        write = self.write
        name = op.name
        write('"' + name + '"(' if _PLAIN_NAME(name) else escape_string(name) + "(")
        names = self.names.values
        operands = op._operands
        if operands:
            write(", ".join([names.get(o.value, "<<UNKNOWN SSA VALUE>>") for o in operands]))
        write(")")
        if op._successors:
            blocks = self.names.blocks
            write(
                "["
                + ", ".join(blocks.get(s.value, "<<UNKNOWN BLOCK>>") for s in op._successors)
                + "]"
            )
        props = op.properties
        if props:
            self._write_cached_dict(props, " <", ">")
        elif op.definition is None and op.explicit_properties:
            write(" <{}>")
        if op.regions:
            write(" (")
            self.default_dialects.append(getattr(op, "default_dialect", ""))
            for i, region in enumerate(op.regions):
                if i:
                    write(", ")
                self.print_region(region, True, True, True)
            self.default_dialects.pop()
            write(")")
        if op.attributes:
            self._write_cached_dict(op.attributes, " ", "")
        type_text = self.type_text
        texts = [type_text(o.value.type) for o in operands]
        if all(t.__class__ is str for t in texts):
            write(" : (" + ", ".join(texts) + ") -> ")
        else:
            write(" : (")
            self.print_type_list([o.value.type for o in operands])
            write(") -> ")
        results = op.results
        if len(results) == 1 and type(results[0].type) is not FunctionType:
            self.print_type(results[0].type)
        else:
            write("(")
            self.print_type_list([r.type for r in results])
            write(")")

    def print_region(
        self,
        region,
        print_entry_block_args: bool = True,
        print_block_terminators: bool = True,
        print_empty_block: bool = False,
    ) -> None:
        write = self.write
        write("{\n")
        if region.blocks:
            owner = region.parent
            pushed = owner is not None and not self.generic
            if pushed:
                self.default_dialects.append(getattr(owner, "default_dialect", ""))
            entry = region.blocks[0]
            show_header = (print_empty_block and entry.first_op is None) or (
                print_entry_block_args and bool(entry.args)
            )
            self._print_block(entry, show_header, print_block_terminators)
            for block in region.blocks[1:]:
                self._print_block(block, True, True)
            if pushed:
                self.default_dialects.pop()
        write(" " * self.indent + "}")

    def _print_block(self, block: Block, print_header: bool, print_terminator: bool) -> None:
        write = self.write
        if print_header:
            write(" " * self.indent)
            write(self.names.blocks[block])
            if block.args:
                write("(")
                for i, arg in enumerate(block.args):
                    if i:
                        write(", ")
                    self.print_operand(arg)
                    write(": ")
                    self.print_type(arg.type)
                    self.print_arg_location(arg)
                write(")")
            write(":")
            self._print_predecessors(block)
            write("\n")
        self.indent += INDENT
        indent = " " * self.indent
        op = block.first_op
        last = block.last_op
        if not print_terminator and last is not None and _is_terminator(last):
            last = last._prev
            stop = last._next if last is not None else block.first_op
        else:
            stop = None
        print_op = self.print_op
        while op is not stop:
            write(indent)
            print_op(op)
            write("\n")
            op = op._next
        self.indent -= INDENT

    def _print_predecessors(self, block: Block) -> None:
        preds = list(block.predecessors)
        names = self.names
        if not preds:
            if not block.is_entry_block():
                self.write("  // no predecessors")
            return
        if len(preds) == 1:  # MLIR's getSinglePredecessor: exactly one incoming edge
            self.write("  // pred: " + names.blocks.get(preds[0], "<<UNKNOWN BLOCK>>"))
            return
        preds.sort(key=lambda b: names.block_order.get(b, 0))
        self.write(
            f"  // {len(preds)} preds: " + ", ".join(names.blocks.get(p, "?") for p in preds)
        )


def _short_op_name(default_dialect: str, name: str) -> str:
    """An op name without the prefix of the enclosing default dialect (MLIR's
    `printOpName`: `func.return` prints as `return` inside `func.func`)."""
    prefix = default_dialect + "."
    if default_dialect and name.startswith(prefix) and name.count(".") == 1:
        return name[len(prefix) :]
    return name


def _is_terminator(op) -> bool:
    from mlc.ir.traits import Terminator

    return op.has_trait(Terminator)


def _resource_text(handles, blobs) -> str:
    lines = ["{-#\n  dialect_resources: {\n    builtin: {\n"]
    entries = [f"      {h}: {blobs[h]}" for h in handles if h in blobs]
    if not entries:
        return ""
    lines.append(",\n".join(entries))
    lines.append("\n    }\n  }\n#-}\n\n")
    return "".join(lines)


def print_operation(op, generic: bool = False, debuginfo: bool = False, local_scope: bool = False,
                    resources: dict | None = None) -> str:  # fmt: skip
    """The text of `op` as a complete buffer (aliases first, then the op)."""
    p = Printer(generic=generic, debuginfo=debuginfo, local_scope=local_scope)
    if resources:
        p.resource_blobs = resources.get("builtin", {})
    return p.print_top(op)


def attribute_to_str(attr) -> str:
    """An attribute or type printed inline, without aliases."""
    p = Printer(local_scope=True)
    p.print_attribute(attr)
    return "".join(p.out)
