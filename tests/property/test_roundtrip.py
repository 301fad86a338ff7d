"""Printing is a fixed point of parsing, and prints what mlir-opt 19 prints.

For generated valid modules (see `strategies`):
- `print(parse(text))` parses again and prints identically, in the custom and generic forms;
- the generic print of a module parses back to the same custom print;
- every module verifies;
- `mlc.parse(text).print()` equals mlir-opt's output for the same text (one mlir-opt run
  over a batch of generated modules; skipped without mlir-opt).
"""

from __future__ import annotations

import functools

import pytest
from external_tools import find_mlir_opt, run_mlir_opt_split
from hypothesis import HealthCheck, given, settings
from strategies import func_modules, generic_modules

import mlc

UNREGISTERED = mlc.Context(allow_unregistered_dialects=True)
REGISTERED_ONLY = mlc.Context()


def parse(text: str, ctx: mlc.Context):
    return mlc.parse(text, ctx, filename="generated.mlir")


def assert_fixed_point(text: str, ctx: mlc.Context) -> None:
    module = parse(text, ctx)
    mlc.verify(module)
    # Like mlir-opt, mlc prints the affine `d2 + ((-8) - d1)` as `d2 + -d1 - 8`, which reads
    # back as `d2 - d1 - 8`: printing settles after one round trip, so check from there.
    module = parse(module.print(), ctx)
    custom = module.print()
    assert str(module) == custom
    generic = module.print(generic=True)
    assert parse(custom, ctx).print() == custom, "custom print is not a fixed point"
    assert parse(generic, ctx).print(generic=True) == generic, "generic print: no fixed point"
    assert parse(generic, ctx).print() == custom, "generic print reparses to another module"
    assert parse(custom, ctx).print(generic=True) == generic


@settings(deadline=None)  # parse time varies with machine load; hangs are caught elsewhere
@given(generic_modules())
def test_generic_unregistered_ir_round_trips(text: str) -> None:
    assert_fixed_point(text, UNREGISTERED)


@settings(deadline=None)
@given(func_modules())
def test_func_arith_ir_round_trips(text: str) -> None:
    assert_fixed_point(text, REGISTERED_ONLY)


@functools.cache
def collect(family: str) -> list[str]:
    """A batch of generated texts, as many as the active hypothesis profile asks for."""
    samples: list[str] = []

    @settings(database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(generic_modules() if family == "generic_modules" else func_modules())
    def gather(text: str) -> None:
        samples.append(text)

    gather()
    return samples


def mlc_print(text: str, ctx: mlc.Context, generic: bool) -> str:
    try:
        return parse(text, ctx).print(generic=generic)
    except Exception as error:  # noqa: BLE001 -- reported per input below, with the input
        return f"<{type(error).__name__}: {error}>"


needs_mlir_opt = pytest.mark.skipif(find_mlir_opt() is None,
                                    reason="mlir-opt 19 not found (Debian: mlir-19-tools)")


@needs_mlir_opt
@pytest.mark.parametrize("generic", [False, True], ids=["custom", "generic"])
@pytest.mark.parametrize("family", ["generic_modules", "func_modules"])
def test_print_matches_mlir_opt(family: str, generic: bool) -> None:
    """mlir-opt accepts every generated module (the generator is sound) and mlc prints it
    byte for byte as mlir-opt does."""
    texts = collect(family)
    flags = ["--allow-unregistered-dialect"] + (["--mlir-print-op-generic"] if generic else [])
    expected = run_mlir_opt_split(texts, *flags)
    rejected = [text for text, out in zip(texts, expected) if out is None]
    assert not rejected, "the generator made IR mlir-opt rejects:\n" + rejected[0]
    mismatches = []
    for text, want in zip(texts, expected):
        got = mlc_print(text, UNREGISTERED, generic)
        if got.rstrip("\n") != want.rstrip("\n"):
            mismatches.append((text, want, got))
    if mismatches:
        text, want, got = min(mismatches, key=lambda m: len(m[0]))
        pytest.fail(f"{len(mismatches)}/{len(texts)} modules print unlike mlir-opt; smallest:\n"
                    f"{first_difference(want, got)}\n--- input\n{text}\n--- mlir-opt\n{want}\n"
                    f"--- mlc\n{got}")


def first_difference(want: str, got: str) -> str:
    for number, (a, b) in enumerate(zip(want.splitlines(), got.splitlines()), 1):
        if a != b:
            return f"first difference, line {number}:\n  mlir-opt: {a}\n  mlc:      {b}"
    return "outputs differ in length"
