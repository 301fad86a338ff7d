"""The ONNX graph walk: inputs, initializers, the value table and one converter per node.

`Importer(model).run()` builds `builtin.module { graph.func @main<size vars>(inputs) }`:
- graph inputs become arguments; a `dim_param` becomes the size variable of that name
  (sanitised to an identifier), an unnamed dynamic dim a fresh one; `shapes` overrides;
- initializers become `graph.constant`s when first used (or trailing arguments with
  `keep_params_in_input`, for float initializers: integer ones are shapes, axes and
  indices, which graph ops take as attributes);
- each node runs its converter (`registry`), which reads its inputs through a
  `NodeContext` and returns its outputs.

The value table knows, besides each name's SSA value, its elements when they are known at
import time (initializers, `Constant`, and what `Shape`, `Gather`, `Concat`... compute from
them): ONNX passes shapes, axes and pads as tensors, the graph dialect as attributes. A
known shape may hold symbolic dims (a numpy object array of ints and `SymExpr`s), so
`Reshape(x, Concat(Shape(x)[0], [-1]))` imports with a symbolic batch.
"""

from __future__ import annotations

import re

import numpy as np

from mlc.dialects import graph
from mlc.dialects.graph.symbolic import SymExpr, var
from mlc.dialects.graph.types import TensorType, element_type_of
from mlc.frontends.onnx.registry import MAX_OPSET, MIN_OPSET, lookup
from mlc.ir.attributes import TypeAttr
from mlc.ir.builder import Builder
from mlc.ir.builtin_ops import ModuleOp
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.location import FileLineColLoc, UnknownLoc
from mlc.ir.types import UNSIGNED, FloatType, FunctionType, IntegerType, RankedTensorType
from mlc.ir.values import Value
from mlc.ir.verifier import verify

# ONNX TensorProto element types -> graph element types (the others are not supported).
ELEMENT_TYPES = {
    1: FloatType("f32"), 10: FloatType("f16"), 11: FloatType("f64"), 16: FloatType("bf16"),
    3: IntegerType(8), 5: IntegerType(16), 6: IntegerType(32), 7: IntegerType(64),
    2: IntegerType(8, UNSIGNED), 4: IntegerType(16, UNSIGNED), 12: IntegerType(32, UNSIGNED),
    13: IntegerType(64, UNSIGNED), 9: IntegerType(1),
}  # fmt: skip
RESERVED_NAMES = {"mod", "min", "max"}  # words of the size-expression syntax


def onnx_error(message: str, location=None) -> DiagnosticError:
    return DiagnosticError(message, location if location is not None else UnknownLoc())


def element_type(onnx_type: int, what: str):
    """The graph element type of ONNX element type `onnx_type`; a diagnostic if none."""
    element = ELEMENT_TYPES.get(onnx_type)
    if element is None:
        import onnx

        name = onnx.TensorProto.DataType.Name(onnx_type) if onnx_type else "UNDEFINED"
        raise onnx_error(f"{what}: element type {name} is not supported")
    return element


def sanitize(name: str) -> str:
    """`name` as a size-variable identifier (`batch-size` -> `batch_size`)."""
    ident = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not ident or ident[0].isdigit() or ident in RESERVED_NAMES:
        ident = "s_" + ident
    return ident


class Entry:
    """What the value table knows of one ONNX name: its SSA value (made on demand for known
    elements) and its elements when known at import time."""

    __slots__ = ("value", "array", "type")

    def __init__(self, value=None, array: np.ndarray | None = None, type_=None) -> None:
        self.value = value
        self.array = array
        self.type = type_ if type_ is not None else value.type


def array_type(array: np.ndarray) -> TensorType:
    """The graph type of a known array (object arrays hold symbolic i64 shape values)."""
    element = IntegerType(64) if array.dtype == object else element_type_of(array.dtype)
    return TensorType(tuple(array.shape), element)


class Importer:
    """Imports one ONNX model into a verified graph-dialect module."""

    def __init__(self, model, shapes=None, keep_params_in_input: bool = False) -> None:
        self.model = model
        self.shapes = dict(shapes or {})
        self.keep_params = keep_params_in_input
        self.entries: dict[str, Entry] = {}
        self.size_vars: list[str] = []
        self.opset = self._default_opset()
        self.builder: Builder | None = None

    def _default_opset(self) -> int:
        versions = [o.version for o in self.model.opset_import if o.domain in ("", "ai.onnx")]
        if not versions:
            raise onnx_error("the model imports no version of the default ONNX domain")
        opset = versions[0]
        if not MIN_OPSET <= opset <= MAX_OPSET:
            raise onnx_error(
                f"opset {opset} is not supported (the ONNX frontend covers opsets "
                f"{MIN_OPSET} to {MAX_OPSET}); convert the model with "
                "onnx.version_converter first"
            )
        return opset

    # --- the walk ----------------------------------------------------------------------------
    def run(self) -> ModuleOp:
        g = self.model.graph
        initializers = {t.name: t for t in g.initializer}
        for t in g.sparse_initializer:
            raise onnx_error(f"sparse initializer '{t.values.name}' is not supported")
        arg_types, arg_names = [], []
        for info in g.input:
            if info.name in initializers:
                continue  # IR < 4 lists initializers as inputs with defaults
            arg_types.append(self._input_type(info))
            arg_names.append(info.name)
        params = []
        for name, tensor in initializers.items():
            array = self._initializer_array(tensor)
            if self.keep_params and array.dtype.kind == "f":
                params.append(name)
                arg_types.append(array_type(array))
                arg_names.append(name)
            else:
                self.entries[name] = Entry(array=array, type_=array_type(array))
        func = graph.FuncOp("main", FunctionType(tuple(arg_types), ()), size_vars=self.size_vars)
        block = func.regions[0].blocks[0]
        for name, arg in zip(arg_names, block.args):
            self.entries[name] = Entry(value=arg)
        self.builder = Builder.at_end(block)
        for index, node in enumerate(g.node):
            self._convert(index, node)
        results = [self._output(info.name) for info in g.output]
        self.builder.create(graph.ReturnOp, results)
        result_types = tuple(v.type for v in results)
        func.properties["function_type"] = TypeAttr(FunctionType(tuple(arg_types), result_types))
        module = ModuleOp([func])
        verify(module)
        return module

    def _convert(self, index: int, node) -> None:
        from mlc.frontends.onnx.node import NodeContext

        nc = NodeContext(self, node, index)
        if node.domain not in ("", "ai.onnx"):
            raise nc.fail(f"operators of domain '{node.domain}' are not supported")
        fn = lookup(node.op_type, self.opset)
        if fn is None:
            raise nc.fail("unsupported operator")
        outputs = fn(nc)
        for i, name in enumerate(node.output):
            if not name:
                continue
            out = outputs[i] if i < len(outputs) else None
            if out is None:
                raise nc.fail(f"output #{i} ('{name}') is not supported")
            if isinstance(out, Value):
                self.entries[name] = Entry(value=out)
                continue
            if isinstance(out, SymExpr):  # a symbolic size picked from a known shape
                out, size = np.empty((), dtype=object), out
                out[()] = size
            out = np.asarray(out)
            self.entries[name] = Entry(array=out, type_=array_type(out))

    def _output(self, name: str):
        if name not in self.entries:
            raise onnx_error(f"graph output '{name}' is not produced by any node or input")
        return self.materialize(name, UnknownLoc())

    # --- values ------------------------------------------------------------------------------
    def materialize(self, name: str, loc):
        """The SSA value of `name`, a `graph.constant` made for known elements."""
        entry = self.entries[name]
        if entry.value is None:
            entry.value = self.constant(entry.array, loc, name)
        return entry.value

    def constant(self, array: np.ndarray, loc, what: str = "value"):
        """A `graph.constant` of `array` (symbolic elements are a diagnostic)."""
        if array.dtype == object:
            dims = ", ".join(str(d) for d in array.ravel())
            raise onnx_error(
                f"'{what}' holds the symbolic sizes [{dims}] as data; the graph dialect "
                "has no op that makes a tensor of the sizes of another",
                loc,
            )
        element = element_type_of(array.dtype)
        attr = DenseElementsAttr.from_array(array, RankedTensorType(tuple(array.shape), element))
        return self.builder.create(graph.ConstantOp, attr, loc=loc).results[0]

    # --- inputs --------------------------------------------------------------------------------
    def _input_type(self, info) -> TensorType:
        what = f"graph input '{info.name}'"
        if not info.type.HasField("tensor_type"):
            raise onnx_error(f"{what}: only tensor inputs are supported")
        tt = info.type.tensor_type
        element = element_type(tt.elem_type, what)
        if info.name in self.shapes:
            dims = [self._dim_of(d) for d in self.shapes[info.name]]
            return TensorType(tuple(dims), element)
        if not tt.HasField("shape"):
            raise onnx_error(f"{what} has no shape; pass it with shapes={{'{info.name}': ...}}")
        dims = []
        for d in tt.shape.dim:
            if d.HasField("dim_value"):
                dims.append(d.dim_value)
            elif d.HasField("dim_param") and d.dim_param:
                dims.append(self._size_var(sanitize(d.dim_param)))
            else:
                dims.append(self._size_var(self._fresh_name()))
        return TensorType(tuple(dims), element)

    def _dim_of(self, d):
        if isinstance(d, (int, np.integer)) and d >= 0:
            return int(d)
        if isinstance(d, str):
            return self._size_var(sanitize(d))
        if d is None or (isinstance(d, (int, np.integer)) and d < 0):
            return self._size_var(self._fresh_name())
        raise onnx_error(f"shapes: {d!r} is not a dim (an int, a name or None)")

    def _size_var(self, name: str) -> SymExpr:
        if name not in self.size_vars:
            self.size_vars.append(name)
        return var(name)

    def _fresh_name(self) -> str:
        i = 0
        while f"d{i}" in self.size_vars:
            i += 1
        return f"d{i}"

    def _initializer_array(self, tensor) -> np.ndarray:
        from onnx import numpy_helper

        element_type(tensor.data_type, f"initializer '{tensor.name}'")
        try:
            array = numpy_helper.to_array(tensor)
        except Exception as e:  # a malformed or missing external-data tensor
            raise onnx_error(f"initializer '{tensor.name}' cannot be read: {e}") from None
        return np.array(array, order="C")


def load_model(model):
    """An `onnx.ModelProto` from a model or a path; a located diagnostic if unreadable."""
    import onnx

    if isinstance(model, onnx.ModelProto):
        return model
    path = str(model)
    loc = FileLineColLoc(path, 1, 1)
    try:
        loaded = onnx.load(path)
    except FileNotFoundError:
        raise onnx_error("cannot open the ONNX model: no such file", loc) from None
    except Exception as e:  # protobuf DecodeError, external data problems
        raise onnx_error(f"cannot read the ONNX model: {type(e).__name__}: {e}", loc) from None
    if not loaded.HasField("graph"):
        raise onnx_error("not an ONNX model (no graph)", loc)
    return loaded


def load_converters() -> None:
    """Import the converter modules, which register themselves in `registry`."""
    from mlc.frontends.onnx import (  # noqa: F401
        ops_einsum,
        ops_elementwise,
        ops_nn,
        ops_reduce,
        ops_resize,
        ops_shape,
    )


def from_onnx(model, shapes=None, keep_params_in_input: bool = False) -> ModuleOp:
    """Import an ONNX model (a `ModelProto` or a path) into a verified graph-dialect module
    whose `@main` takes the graph inputs (then, with `keep_params_in_input`, the float
    initializers) and returns the graph outputs."""
    load_converters()
    return Importer(load_model(model), shapes, keep_params_in_input).run()
