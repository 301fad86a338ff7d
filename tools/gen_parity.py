"""Generates `docs/parity.md`, the relay -> graph migration table, from the code itself.

It lives with the other command-line tools (`python -m mlc.tools.gen_parity`) because it is
one: it imports the dialects, the conversion rule tables and the interpreter registry, which
`docs/` (not a package) cannot. Every cell is read from the code: the graph ops a conversion
rule emits (the op classes its code, its closures and the module helpers it calls name), the
conditions under which a rule declines (its `raise Unconvertible(...)` messages), the
interpreter registry (`impl_for`), and the test files that name the op.
`tests/unit/test_parity_table.py` fails when the committed table is stale.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import sys
import textwrap
import types
from pathlib import Path

import mlc
from mlc.dialects import graph as g
from mlc.dialects import legacy_relay as r
from mlc.ir.interpreter import impl_for
from mlc.passes.relay_graph.emit import Unconvertible
from mlc.passes.relay_graph.graph_rules import GRAPH_TO_RELAY
from mlc.passes.relay_graph.relay_rules import RELAY_TO_GRAPH

ROOT = Path(__file__).resolve().parents[1]
PARITY_DOC = ROOT / "docs" / "parity.md"
TEST_DIRS = ("tests/lit", "tests/unit", "tests/property", "tests/interop")
REGENERATE = "python -m mlc.tools.gen_parity"


def _functions_reached(rule) -> list[types.FunctionType]:
    """`rule` and every function it reaches: helpers of its module it calls by name, and
    functions held by its closure."""
    seen: dict[int, types.FunctionType] = {}
    todo = [rule]
    while todo:
        fn = todo.pop()
        if id(fn) in seen:
            continue
        seen[id(fn)] = fn
        for name in _names(fn.__code__):
            value = fn.__globals__.get(name)
            if isinstance(value, types.FunctionType) and value.__module__ == fn.__module__:
                todo.append(value)
        todo.extend(c for c in _closure_values(fn) if isinstance(c, types.FunctionType))
    return list(seen.values())


def _names(code: types.CodeType) -> set[str]:
    """The global and attribute names `code` and its nested code objects use."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _closure_values(fn) -> list:
    cells = fn.__closure__ or ()
    return [c.cell_contents for c in cells]


def _referenced(fn) -> list:
    """What the source of `fn` names: its globals (`X`), attributes of the modules among
    them (`g.AddOp`), and the values its closure holds."""
    found = [*_closure_values(fn)]
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if isinstance(node, ast.Name) and node.id in fn.__globals__:
            found.append(fn.__globals__[node.id])
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = fn.__globals__.get(node.value.id)
            if isinstance(owner, types.ModuleType):
                found.append(getattr(owner, node.attr, None))
    return found


def ops_emitted(rule, dialect_ops: frozenset) -> list[type]:
    """The ops of a dialect (given by its op classes) that a conversion rule may build."""
    found = {
        value.name: value
        for fn in _functions_reached(rule)
        for value in _referenced(fn)
        if isinstance(value, type) and value in dialect_ops
    }
    return [found[name] for name in sorted(found)]


def decline_reasons(rule) -> list[str]:
    """The messages of the `Unconvertible` errors a rule (or a helper it calls) raises."""
    reasons = []
    for fn in _functions_reached(rule):
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
        for node in ast.walk(tree):
            if not _raises_unconvertible(node) or not node.exc.args:
                continue
            message = node.exc.args[0]
            if isinstance(message, ast.Name):
                reasons.append(str(fn.__globals__[message.id]))
            elif isinstance(message, ast.Constant):
                reasons.append(message.value)
            else:  # an f-string: its literal parts with `...` for the holes
                reasons.append("".join(
                    part.value if isinstance(part, ast.Constant) else "..."
                    for part in message.values
                ))  # fmt: skip
    return sorted(set(reasons))


def _raises_unconvertible(node) -> bool:
    return (
        isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and isinstance(node.exc.func, ast.Name)
        and node.exc.func.id == Unconvertible.__name__
    )


def test_files() -> dict[str, str]:
    """The text of every test file, by its path relative to the repository."""
    files = {}
    for directory in TEST_DIRS:
        for path in sorted((ROOT / directory).rglob("*")):
            if path.suffix in (".py", ".mlir"):
                files[path.relative_to(ROOT).as_posix()] = path.read_text()
    return files


def tests_naming(op_name: str, files: dict[str, str]) -> list[str]:
    """The test files (of `test_files()`) that spell `op_name`."""
    spelled = re.compile(re.escape(op_name) + r"(?![\w.])")
    return [path for path, text in files.items() if spelled.search(text)]


def _conversion(rule) -> str:
    if rule is None:
        return "no"
    reasons = decline_reasons(rule)
    if not reasons:
        return "yes"
    return "partial, may decline: " + "; ".join(reasons)


def _back(relay_op: type, graph_ops: list[type], relay_ops: frozenset) -> str:
    """Whether the graph form converts back: to the same relay op, to other relay ops, or
    not (naming the graph ops without a rule)."""
    if not graph_ops:
        return "-"
    missing = [op.name for op in graph_ops if op not in GRAPH_TO_RELAY]
    if missing:
        return "no: " + ", ".join(f"`{name}` has no rule" for name in missing)
    for op in graph_ops:
        if relay_op in ops_emitted(GRAPH_TO_RELAY[op], relay_ops):
            return _conversion(GRAPH_TO_RELAY[op])
    return "as other relay ops"


def _interpreted(ops: list[type]) -> str:
    if not ops:
        return "-"
    lacking = [op.name for op in ops if impl_for(op) is None]
    return "yes" if not lacking else "no: " + ", ".join(f"`{n}`" for n in lacking)


def _compile_support() -> str:
    """`mlc.compile` (issue 7) is what compiles a graph; until it exists, nothing does."""
    return "yes" if hasattr(mlc, "compile") else "not yet (issue 7)"


def rows() -> list[list[str]]:
    """One row per relay op, in the dialect's order."""
    graph_ops, relay_ops = frozenset(g.ALL_OPS), frozenset(r.ALL_OPS)
    files = test_files()
    table = []
    for op in r.ALL_OPS:
        rule = RELAY_TO_GRAPH.get(op)
        counterparts = ops_emitted(rule, graph_ops) if rule else []
        tests = tests_naming(op.name, files)
        table.append([
            f"`{op.name}`",
            ", ".join(f"`{c.name}`" for c in counterparts) or PASS_THROUGH,
            _conversion(rule),
            _back(op, counterparts, relay_ops),
            _interpreted([op]),
            _interpreted(counterparts),
            _compile_support(),
            "<br>".join(f"`{t}`" for t in tests) or "none",
        ])  # fmt: skip
    return table


PASS_THROUGH = "- (no op: its values pass through)"
HEADER = [
    "relay op",
    "graph counterpart(s)",
    "relay -> graph",
    "graph -> relay",
    "relay interpreter",
    "graph interpreter",
    "compile",
    "tests naming it",
]


def render() -> str:
    """The text of `docs/parity.md`."""
    lines = [
        "# Relay / graph parity",
        "",
        f"Generated by `{REGENERATE}` from the code; do not edit by hand.",
        "`tests/unit/test_parity_table.py` fails when this file is stale.",
        "",
        "- *graph counterpart(s)*: the graph ops the `relay-to-graph` rule of the op may build",
        "  (`passes/relay_graph/relay_rules.py`).",
        "- *relay -> graph*: `partial` lists every reason the rule (or a helper it calls) may",
        "  decline an op; the op then stays relay in partial conversion and is an error in",
        "  full conversion.",
        "- *graph -> relay*: `yes` when a counterpart's `graph-to-relay` rule builds this relay",
        "  op again; `as other relay ops` when the counterparts convert back to other relay ops.",
        "- *interpreter*: whether `mlc.ir.interpreter.impl_for` has a rule for the op (for the",
        "  graph column, for every counterpart).",
        "- *compile*: native compilation of a model goes through `mlc.compile` (issue 7).",
        "- *tests naming it*: the test files that spell the op's name.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Writes the table, or with `--check` reports whether the committed one is stale."""
    parser = argparse.ArgumentParser(prog="gen_parity", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/parity.md is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        stale = not PARITY_DOC.exists() or PARITY_DOC.read_text() != text
        if stale:
            print(f"{PARITY_DOC} is stale: run `{REGENERATE}`", file=sys.stderr)
        return int(stale)
    PARITY_DOC.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
