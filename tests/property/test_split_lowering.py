"""`mlc.compile`'s default lowering in parts (the module stage, then each function split off
and lowered alone, `passes/split_module.py`) gives, symbol by symbol, the module the whole
`graph-to-llvm` pipeline gives, for generated graph and relay programs."""

from __future__ import annotations

from graph_programs import graph_programs
from hypothesis import given, settings
from relay_programs import relay_programs

import mlc
from mlc.executable import DEFAULT_PIPELINE, _lower, _lowered_parts
from mlc.ir.symbol_table import symbol_name
from mlc.passes.split_module import merge_parts


def by_symbol(module) -> dict:
    return {symbol_name(op): str(op) for op in module.regions[0].blocks[0].ops}


def check(text: str) -> None:
    module = mlc.parse(text, mlc.Context())
    parts: list = []
    for _ in _lowered_parts(module, parts):
        pass
    assert by_symbol(merge_parts(parts)) == by_symbol(_lower(module, DEFAULT_PIPELINE))


@settings(max_examples=10, deadline=None)
@given(graph_programs(max_ops=6))
def test_graph_programs_lower_in_parts_as_a_whole(program):
    check(program.text())


@settings(max_examples=5, deadline=None)
@given(relay_programs())
def test_relay_programs_lower_in_parts_as_a_whole(program):
    check(program.text())
