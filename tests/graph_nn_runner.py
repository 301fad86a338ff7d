"""Run one graph op on numpy arrays through the text syntax, the verifier and the interpreter.

The op is wrapped in a `graph.func` whose argument types are static (from the arrays) or
given (symbolic, e.g. `[n, 3, h, w]`); its result type is the one inference gives, returned
with the interpreter's value so that tests can compare the two.
"""

from __future__ import annotations

import numpy as np

import mlc
from mlc.dialects.graph.symbolic import evaluate
from mlc.dialects.graph.types import element_type_of


def tensor_text(shape, element: str) -> str:
    dims = ", ".join(str(d) for d in shape)
    return f"!graph.tensor<[{dims}], {element}>"


def array_type_text(array: np.ndarray) -> str:
    return tensor_text(array.shape, str(element_type_of(array.dtype)))


def op_module_text(op_name: str, arg_types: list[str], attrs: str = "", size_vars=(),
                   result_type: str | None = None) -> str:  # fmt: skip
    """A module with `@main` applying `graph.<op_name>` to its arguments."""
    params = ", ".join(f"%a{i}: {t}" for i, t in enumerate(arg_types))
    operands = ", ".join(f"%a{i}" for i in range(len(arg_types)))
    sizes = f"<{', '.join(size_vars)}>" if size_vars else ""
    attr_text = f" {{{attrs}}}" if attrs else ""
    signature = f" -> {result_type}" if result_type else ""
    ret = f"graph.return %0 : {result_type}" if result_type else "graph.return"
    return (
        f"graph.func @main{sizes}({params}){signature} {{\n"
        f"  %0 = graph.{op_name} {operands}{attr_text} : ({', '.join(arg_types)})\n"
        f"  {ret}\n}}\n"
    )


def inferred_type(op_name: str, arg_types: list[str], attrs: str = "", size_vars=()):
    """The result type the parser infers for the op (raises the op's diagnostic if none)."""
    module = mlc.parse(op_module_text(op_name, arg_types, attrs, size_vars))
    (func,) = module.ops
    op = next(iter(func.regions[0].blocks[0].ops))
    return op.results[0].type


def run_op(op_name: str, args: list[np.ndarray], attrs: str = "", arg_types=None,
           size_vars=()):  # fmt: skip
    """(interpreter result, inferred result type) of `graph.<op_name>` on `args`."""
    types = arg_types or [array_type_text(a) for a in args]
    result = inferred_type(op_name, types, attrs, size_vars)
    text = op_module_text(op_name, types, attrs, size_vars, repr(result))
    module = mlc.parse(text)
    (value,) = mlc.interpret(module, "main", *args)
    return value, result


def assert_round_trips(op_name: str, args: list, attrs: str = "", size_vars=()) -> None:
    """The op's module prints to text that parses back to the same module; `args` are
    arrays or type texts."""
    types = [a if isinstance(a, str) else array_type_text(a) for a in args]
    text = str(mlc.parse(op_module_text(op_name, types, attrs, size_vars)))
    assert str(mlc.parse(text)) == text


def concrete_shape(result_type, bindings: dict) -> tuple:
    """The result type's shape with the size variables bound."""
    return tuple(evaluate(d, bindings) for d in result_type.shape)
