"""What every mlc command-line tool shares: reading input as mlir-opt does, writing output
without clobbering the destination on failure, and an entry point that turns a bug into one
line on stderr instead of a traceback."""

from __future__ import annotations

import atexit
import gc
import os
import sys
import tempfile
from collections.abc import Callable


class ToolError(Exception):
    """A failure outside any input text (files, options): reported as `TOOL: error: ...`."""


def read_input(path: str) -> tuple[str, str]:
    """(name, text) of a file or `-` (stdin); an unreadable file is a `ToolError`."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            with open(path, "rb") as f:
                data = f.read()
            name = path
    except OSError as e:
        raise ToolError(f"could not open input file '{path}': {e.strerror}") from None
    # mlir-opt reads bytes: invalid UTF-8 is fine in strings and comments, so keep it.
    return name, data.decode("utf-8", "surrogateescape")


def write_output(path: str, text: str) -> None:
    """Write `text` to `path` (`-`: stdout) through a temporary file renamed into place, so
    a failure leaves what was there before."""
    data = text.encode("utf-8", "surrogateescape")  # bytes that were not UTF-8 go back out
    if path == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".mlc-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def console_main(
    tool: str, run: Callable[[list[str] | None], int], argv=None, skip_teardown: bool = False
) -> None:
    """Run `run(argv)` and exit with its code; an internal error is reported as a bug in
    one line, without a traceback. `skip_teardown`: end the process without freeing the
    heap (for tools that run no native code, whose C-level output would not be flushed)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    gc.disable()  # a short-lived process building large cyclic graphs: skip GC passes
    try:
        code = run(argv)
    except KeyboardInterrupt:
        code = 130
    except SystemExit:
        raise
    except Exception as e:  # a bug in mlc: report it as one, without a traceback
        sys.stderr.write(f"{tool}: internal error (a bug in mlc, please report it): "
                         f"{type(e).__name__}: {e}\n")  # fmt: skip
        code = 1
    if skip_teardown:
        # The IR of a large input is millions of objects in reference cycles: the
        # interpreter's teardown would spend a tenth of the run freeing them one by one.
        atexit._run_exitfuncs()  # what a normal exit runs (coverage saves its data here)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
