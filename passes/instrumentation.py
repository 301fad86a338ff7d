"""Pass instrumentations (MLIR's `PassInstrumentation`): hooks around every pass and nested
pipeline. Two ship with mlc: `IRPrinter` (`--mlir-print-ir-*`) and `PassTiming`
(`--mlir-timing`), both writing MLIR's formats."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from typing import TextIO

from mlc.ir.syntax.printer import print_operation


class PassInstrumentation:
    """Hooks called by the pass manager; each default does nothing."""

    def run_before_pass(self, pass_, op) -> None:
        """Before `pass_` runs on `op`."""

    def run_after_pass(self, pass_, op) -> None:
        """After `pass_` succeeded on `op` (and the IR verified)."""

    def run_after_pass_failed(self, pass_, op) -> None:
        """After `pass_` failed on `op` (or left it invalid)."""

    def run_before_pipeline(self, manager, op) -> None:
        """Before a nested manager runs on `op`."""

    def run_after_pipeline(self, manager, op) -> None:
        """After a nested manager ran on `op`."""


class IRPrinter(PassInstrumentation):
    """Dumps the IR around passes, with MLIR's `// -----// IR Dump ... //----- //` headers.

    `before`/`after` are sets of pass arguments (`symbol-dce`) or None for every pass;
    `after_change` limits the after-dumps to passes that changed the printed IR and
    `after_failure` to passes that failed (alone, it dumps after every failed pass)."""

    def __init__(
        self,
        before: Iterable[str] | None = (),
        after: Iterable[str] | None = (),
        after_change: bool = False,
        after_failure: bool = False,
        stream: TextIO | None = None,
        generic: bool = False,
    ) -> None:
        self.before = None if before is None else frozenset(before)
        self.after = None if after is None else frozenset(after)
        self.after_change = after_change
        self.after_failure = after_failure
        self.stream = stream
        self.generic = generic
        self._before_text: list[str | None] = []  # per running pass (passes nest)

    def _wants(self, names: frozenset[str] | None, pass_) -> bool:
        return names is None or pass_.name in names

    def _print_after(self, pass_) -> bool:
        return self._wants(self.after, pass_) or (self.after_failure and not self.after)

    def _text(self, op) -> str:
        # A nested op prints alone, with attributes inline (MLIR's `useLocalScope`).
        return print_operation(op, generic=self.generic, local_scope=op.parent is not None)

    def _dump(self, header: str, text: str) -> None:
        stream = self.stream if self.stream is not None else sys.stderr
        stream.write(f"// -----// IR Dump {header} //----- //\n{text}\n")

    def run_before_pass(self, pass_, op) -> None:
        if self._wants(self.before, pass_):
            self._dump(f"Before {pass_.display_name} ({pass_.name})", self._text(op))
        keep = self.after_change and self._print_after(pass_)
        self._before_text.append(self._text(op) if keep else None)

    def run_after_pass(self, pass_, op) -> None:
        before = self._before_text.pop()
        if self.after_failure or not self._print_after(pass_):
            return
        text = self._text(op)
        if self.after_change and text == before:
            return
        self._dump(f"After {pass_.display_name} ({pass_.name})", text)

    def run_after_pass_failed(self, pass_, op) -> None:
        self._before_text.pop()
        if self._print_after(pass_):
            self._dump(f"After {pass_.display_name} Failed ({pass_.name})", self._text(op))


class TimingNode:
    """Accumulated wall and user time of one name under one parent."""

    __slots__ = ("name", "wall", "user", "children")

    def __init__(self, name: str) -> None:
        self.name = name
        self.wall = 0.0
        self.user = 0.0
        self.children: dict[str, TimingNode] = {}

    def child(self, name: str) -> TimingNode:
        node = self.children.get(name)
        if node is None:
            node = self.children[name] = TimingNode(name)
        return node


class PassTiming(PassInstrumentation):
    """Times every pass and nested pipeline into a tree, merged by name as MLIR's
    `--mlir-timing` tree display; `time` adds other phases (Parser, Output)."""

    def __init__(self) -> None:
        self.root = TimingNode("Total")
        self._stack: list[tuple[TimingNode, float, float]] = []
        self._start = (time.perf_counter(), time.process_time())

    def _push(self, name: str) -> None:
        parent = self._stack[-1][0] if self._stack else self.root
        self._stack.append((parent.child(name), time.perf_counter(), time.process_time()))

    def _pop(self) -> None:
        node, wall, user = self._stack.pop()
        node.wall += time.perf_counter() - wall
        node.user += time.process_time() - user

    def time(self, name: str):
        """A context manager timing a top-level phase named `name`."""
        timing = self

        class _Phase:
            def __enter__(self) -> None:
                timing._push(name)

            def __exit__(self, *exc) -> None:
                timing._pop()

        return _Phase()

    def run_before_pass(self, pass_, op) -> None:
        self._push(pass_.display_name)

    def run_after_pass(self, pass_, op) -> None:
        self._pop()

    run_after_pass_failed = run_after_pass

    def run_before_pipeline(self, manager, op) -> None:
        self._push(f"'{manager.op_name}' Pipeline")

    def run_after_pipeline(self, manager, op) -> None:
        self._pop()

    def report(self) -> str:
        """MLIR's execution time report, from creation until now."""
        total_wall = time.perf_counter() - self._start[0]
        total_user = time.process_time() - self._start[1]
        rows = []

        def row(wall: float, user: float, depth: int, name: str) -> None:
            rows.append(
                "  %8.4f (%5.1f%%)  %8.4f (%5.1f%%)  %s%s"
                % (user, _pct(user, total_user), wall, _pct(wall, total_wall), "  " * depth, name)
            )

        def visit(node: TimingNode, depth: int) -> None:
            row(node.wall, node.user, depth, node.name)
            for child in node.children.values():
                visit(child, depth + 1)

        for child in self.root.children.values():
            visit(child, 0)
        rest_wall = total_wall - sum(c.wall for c in self.root.children.values())
        rest_user = total_user - sum(c.user for c in self.root.children.values())
        row(max(rest_wall, 0.0), max(rest_user, 0.0), 0, "Rest")
        row(total_wall, total_user, 0, "Total")
        rule = "===" + "-" * 73 + "==="
        header = [
            rule,
            " " * 25 + "... Execution time report ...",
            rule,
            "  Total Execution Time: %.4f seconds" % total_wall,
            "",
            "  ----User Time----  ----Wall Time----  ----Name----",
        ]
        return "\n".join(header + rows) + "\n"


def _pct(part: float, total: float) -> float:
    return 100.0 * part / total if total > 0 else 0.0
