"""The tutorials in docs/tutorials are true: every code block of each is executed, in order,
in a scratch directory, so a tutorial cannot rot.

- a block whose first line is `# file: PATH` or `// file: PATH` is written to PATH;
- a `python` block runs, all blocks of a tutorial in one namespace;
- a `console` block is `$ command` lines, each followed by its expected output (stdout and
  stderr as a terminal shows them). `mlc-opt` runs in-process; `cat FILE` prints a file;
  `pip install DIR` installs into a scratch site directory put on `sys.path`. Timings
  (`0.0123`, `( 45.6%)`) are compared by shape, not value.
Any other block fails the test: nothing in a tutorial goes unchecked.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from mlc.dialects import plugins
from mlc.passes import registry
from mlc.tools import mlc_opt

TUTORIALS = Path(__file__).resolve().parents[2] / "docs" / "tutorials"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
FILE_MARKER = re.compile(r"(?:#|//) file: (\S+)\n")
TIMING = [(re.compile(r"\d+\.\d{4}\b"), "T"), (re.compile(r"\(\s*\d+\.\d%\)"), "(P%)")]


def _shape(text: str, timed: bool) -> str:
    """`text` without trailing blanks, and with timings as placeholders when `timed`."""
    if timed:
        for number, placeholder in TIMING:
            text = number.sub(placeholder, text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


class Tutorial:
    """Runs the blocks of one tutorial in `workdir`."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.namespace: dict = {"__name__": "tutorial"}

    def run(self, doc: Path) -> int:
        """Runs every block of `doc`; returns how many ran."""
        blocks = BLOCK.findall(doc.read_text())
        for number, (language, body) in enumerate(blocks, 1):
            where = f"{doc.name}, block {number}"
            marker = FILE_MARKER.match(body)
            if marker:
                path = self.workdir / marker.group(1)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body[marker.end() :])
            elif language == "python":
                exec(compile(body, where, "exec"), self.namespace)
            elif language == "console":
                self.console(body, where)
            else:
                pytest.fail(f"{where}: a '{language}' block the test cannot check")
        return len(blocks)

    def console(self, body: str, where: str) -> None:
        commands = re.split(r"^\$ ", body, flags=re.M)
        assert commands[0] == "", f"{where}: a console block starts with '$ '"
        for entry in commands[1:]:
            command, _, expected = entry.partition("\n")
            actual = self.shell(shlex.split(command), where)
            timed = "--mlir-timing" in command
            assert _shape(actual, timed) == _shape(expected, timed), f"{where}: $ {command}"

    def shell(self, argv: list[str], where: str) -> str:
        """What `argv` prints."""
        if argv[0] == "mlc-opt":
            raw = io.BytesIO()  # one stream for both, as a terminal interleaves them
            out = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                mlc_opt.run(argv[1:])
            return raw.getvalue().decode()
        if argv[0] == "cat":
            return (self.workdir / argv[1]).read_text()
        if argv[:2] == ["pip", "install"]:
            self.install(self.workdir / argv[2])
            return ""
        pytest.fail(f"{where}: a command the test cannot run: {argv[0]}")

    def install(self, package: Path) -> None:
        """pip-installs `package` into a scratch site directory on sys.path."""
        site = self.workdir / "site"
        command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                   "--no-build-isolation", "--target", str(site), str(package)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        sys.path.insert(0, str(site))
        importlib.invalidate_caches()
        plugins.entry_points.cache_clear()


@pytest.fixture
def tutorial(tmp_path, monkeypatch):
    """A scratch directory; the passes, plugins and modules a tutorial adds are dropped
    after it, so other tests see mlc as it was."""
    registry.lookup_pass("cse")  # the built-in passes are registered before the snapshot
    monkeypatch.setattr(registry, "_passes", dict(registry._passes))
    monkeypatch.setattr(registry, "_plugins_loaded", set(registry._plugins_loaded))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield Tutorial(tmp_path)
    for name, module in list(sys.modules.items()):  # the packages a tutorial installed
        if str(tmp_path) in (getattr(module, "__file__", None) or ""):
            del sys.modules[name]
    plugins.entry_points.cache_clear()


@pytest.mark.parametrize(
    "name", sorted(p.name for p in TUTORIALS.glob("*.md") if p.name != "README.md")
)
def test_tutorial_runs_as_written(tutorial, name):
    assert tutorial.run(TUTORIALS / name) > 0


def test_the_three_tutorials_of_issue_9_exist():
    names = {p.name for p in TUTORIALS.glob("*.md")}
    assert {"write-a-dialect.md", "write-a-pass.md", "run-a-pipeline.md"} <= names


def test_a_wrong_expected_output_fails(tutorial, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("```mlir\n// file: a.mlir\nfunc.func @f() {\n  return\n}\n```\n"
                   "```console\n$ mlc-opt a.mlir\nmodule {\n}\n```\n")  # fmt: skip
    with pytest.raises(AssertionError, match=r"block 2: \$ mlc-opt a.mlir"):
        tutorial.run(doc)


def test_a_block_the_test_cannot_check_fails(tutorial, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("```mlir\nfunc.func @f() {\n  return\n}\n```\n")
    with pytest.raises(pytest.fail.Exception, match="cannot check"):
        tutorial.run(doc)
