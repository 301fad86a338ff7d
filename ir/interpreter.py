"""The reference interpreter: runs IR on numpy values. It is the oracle of conversion and
lowering tests, so it favours being obviously right over being fast, and is strict about
what it accepts.

Rules, as JAX's rule tables: each op class has one rule, registered where its dialect lives
with `@register_impl(OpClass)`; this core knows no dialect. A rule `fn(interp, op, args)`
gets the runtime values of the op's operands and returns one of:

- the results: a sequence with one value per op result (`None` for an op without results);
- `Branch(i, values)`: control goes to successor `i` of the op, whose block takes `values`;
- `Yield(values)`: the region being run finishes with `values` (`func.return`, `scf.yield`).

Ops with regions run them from their rule: `interp.run_region(region, args)` runs a region in
the current frame (an `scf.for` body sees the values around it); `interp.call_region` runs an
IsolatedFromAbove region in a fresh frame. A callable op's (CallableOpInterface) rule is what
calling it means: `args` are the call's arguments and it returns the callee's results;
`interp.invoke(callee, args)` calls one, `Interpreter.call(name, ...)` is the entry point.

Values (agreed project-wide):
- integers and `index`: numpy scalars holding the value sign-extended from its width
  (signedness is the ops' business, as in MLIR). `i1` is `numpy.bool_`; `i8`..`i64` are
  `int8`..`int64`; `index` is `int64`; other widths up to 64 use the next wider signed
  dtype (`i5` in `int8`); wider ones are Python ints (dtype `object` in arrays);
- `f16`, `f32`, `f64` are `float16`, `float32`, `float64`; `bf16` is `ml_dtypes.bfloat16`;
- vectors and tensors: numpy arrays of the element dtype and the type's shape;
- other types (memrefs, functions, ...) are defined by the dialects that produce them.
`to_value` converts Python or numpy input to this form; `attr_to_value` turns builtin
constant attributes into values; `wrap_integer` reduces integers to their type's width.

Undefined behaviour: a rule raises `UndefinedBehavior(message, op)` on immediate UB
(division by zero) and when an op would produce poison: poison is conservatively treated as
UB at the point it is produced, so a program the interpreter accepts never holds poison.

Limits are diagnostics, never hangs or crashes: `max_steps` ops per call of `call`, and
`max_depth` nested region runs (calls and region ops; each costs a few Python frames, and
rules call back into the interpreter, so this recursion is inherent in the design).
The interpreter caches symbol tables: make a new one after changing the IR.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import ml_dtypes
import numpy as np

from mlc.ir.attributes import FloatAttr, IntegerAttr
from mlc.ir.block import Region
from mlc.ir.dense import DenseElementsAttr
from mlc.ir.diagnostics import DiagnosticError
from mlc.ir.float_format import float_to_bits
from mlc.ir.operation import Operation
from mlc.ir.traits import CallableOpInterface, get_trait
from mlc.ir.types import (
    DYNAMIC,
    FloatType,
    IndexType,
    IntegerType,
    RankedTensorType,
    UnrankedTensorType,
    VectorType,
)
from mlc.ir.verifier import SymbolTableCollection

# --- errors -----------------------------------------------------------------------------------


class InterpreterError(DiagnosticError):
    """A failure while running IR, reported at the op (`'name' op message`) when known."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        self.op = op
        self.reason = message
        if op is not None:
            message = f"'{op.name}' op {message}"
        super().__init__(message, op.location if op is not None else None)


class UndefinedBehavior(InterpreterError):
    """The program has undefined behaviour (or produced poison) at `op`."""

    def __init__(self, message: str, op: Operation | None = None) -> None:
        super().__init__(f"undefined behavior: {message}", op)
        self.reason = message


class StepLimitExceeded(InterpreterError):
    """More ops ran than `max_steps` allows: probably an infinite loop."""


# --- rules ------------------------------------------------------------------------------------


class Branch:
    """A rule's outcome: continue at successor `successor` of the op with block `args`."""

    __slots__ = ("successor", "args")

    def __init__(self, successor: int, args: Sequence = ()) -> None:
        self.successor = successor
        self.args = args

    def __repr__(self) -> str:
        return f"Branch({self.successor}, {list(self.args)!r})"


class Yield:
    """A rule's outcome: the region being run finishes with `values`."""

    __slots__ = ("values",)

    def __init__(self, values: Sequence = ()) -> None:
        self.values = values

    def __repr__(self) -> str:
        return f"Yield({list(self.values)!r})"


Rule = Callable[["Interpreter", Operation, list], "Sequence | Branch | Yield | None"]

_RULES: dict[type, Rule] = {}


def register_impl(op_class: type) -> Callable[[Rule], Rule]:
    """Decorator: `fn(interp, op, args)` runs ops of exactly `op_class` (subclasses need their
    own rule: sharing a base class says nothing about sharing semantics)."""

    def register(fn: Rule) -> Rule:
        if _RULES.get(op_class, fn) is not fn:
            raise ValueError(f"'{op_class.name}' already has an interpreter implementation")
        _RULES[op_class] = fn
        return fn

    return register


def impl_for(op_class: type) -> Rule | None:
    """The rule registered for `op_class`, or None."""
    return _RULES.get(op_class)


# --- values -----------------------------------------------------------------------------------

_FLOAT_DTYPES = {
    "f16": np.dtype(np.float16),
    "f32": np.dtype(np.float32),
    "f64": np.dtype(np.float64),
    "bf16": np.dtype(ml_dtypes.bfloat16),
}


@functools.cache
def numpy_dtype(element_type) -> np.dtype:
    """The numpy dtype of values of a scalar type (see the module docstring); TypeError for
    types the interpreter has no representation for."""
    if isinstance(element_type, IndexType):
        return np.dtype(np.int64)
    if isinstance(element_type, IntegerType) and element_type.width > 0:
        width = element_type.width
        if width == 1:
            return np.dtype(np.bool_)
        for bits in (8, 16, 32, 64):
            if width <= bits:
                return np.dtype(f"int{bits}")
        return np.dtype(object)
    if isinstance(element_type, FloatType) and element_type.name in _FLOAT_DTYPES:
        return _FLOAT_DTYPES[element_type.name]
    raise TypeError(f"the interpreter has no value representation for '{element_type}'")


class ValueSpec:
    """How values of one IR type look: `dtype`, `shape` (None for scalars; DYNAMIC dims and
    unranked tensors (`shape == ()` with `ranked` False) match any size) and, for integers,
    `width`; `bounds` is the range of sign-extended values when the width does not fill the
    storage, checked because numpy arithmetic would not keep values inside it."""

    __slots__ = ("type", "element", "dtype", "shape", "ranked", "width", "bounds")

    def __init__(
        self, type, element, shape: tuple | None, ranked: bool = True, dtype=None
    ) -> None:
        self.type = type
        self.element = element
        self.dtype = numpy_dtype(element) if dtype is None else dtype
        self.shape = shape
        self.ranked = ranked
        self.width = 64 if isinstance(element, IndexType) else getattr(element, "width", None)
        is_int = isinstance(element, IntegerType)
        if is_int and self.width > 1 and self.width != 8 * self.dtype.itemsize:
            half = 1 << (self.width - 1)
            self.bounds = (-half, half - 1)
        else:
            self.bounds = None

    @property
    def is_integer(self) -> bool:
        return isinstance(self.element, (IntegerType, IndexType))

    def describe(self) -> str:
        what = "Python int" if self.dtype.kind == "O" else f"numpy.{self.dtype.name}"
        if self.shape is None:
            return f"a {what} scalar"
        if not self.ranked:
            return f"a numpy array of {self.dtype.name}"
        dims = ", ".join("?" if d == DYNAMIC else str(d) for d in self.shape)
        trailing = "," if len(self.shape) == 1 else ""
        return f"a numpy array of {self.dtype.name} with shape ({dims}{trailing})"

    def mismatch(self, value) -> str | None:
        """Why `value` is not a value of this type, or None when it is."""
        if self.shape is None:
            expected = int if self.dtype.kind == "O" else self.dtype.type
            if type(value) is not expected:
                return f"expected {self.describe()}, got {_describe(value)}"
        else:
            if type(value) is not np.ndarray or value.dtype != self.dtype:
                return f"expected {self.describe()}, got {_describe(value)}"
            if self.ranked and not _shape_matches(value.shape, self.shape):
                return f"expected {self.describe()}, got shape {value.shape}"
        if self.bounds is not None and np.size(value):
            low, high = self.bounds
            if np.min(value) < low or np.max(value) > high:
                return f"integer value out of range of {self.width} bits"
        return None


def _describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"a numpy array of {value.dtype.name} with shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a numpy.{value.dtype.name} scalar"
    return f"{type(value).__name__} {value!r}"


def _shape_matches(shape: tuple, expected: tuple) -> bool:
    return len(shape) == len(expected) and all(
        e == DYNAMIC or s == e for s, e in zip(shape, expected)
    )


@functools.cache
def value_spec(type) -> ValueSpec | None:
    """The representation of values of `type`, or None when the core defines none (values
    of dialect types such as memrefs or functions). A dialect type whose values are numpy
    arrays says how with `array_spec()` -> (dtype, shape with DYNAMIC for unknown dims)."""
    try:
        array_spec = getattr(type, "array_spec", None)  # a dialect's tensor type (graph's)
        if array_spec is not None:
            dtype, shape = array_spec()
            return ValueSpec(type, type.element_type, shape, dtype=dtype)
        if isinstance(type, (VectorType, RankedTensorType)):
            return ValueSpec(type, type.element_type, tuple(type.shape))
        if isinstance(type, UnrankedTensorType):
            return ValueSpec(type, type.element_type, (), ranked=False)
        return ValueSpec(type, type, None)
    except TypeError:
        return None


def _element_spec(type) -> ValueSpec:
    spec = value_spec(getattr(type, "element_type", type))
    if spec is None:
        raise TypeError(f"the interpreter has no value representation for '{type}'")
    return spec


def wrap_integer(value, type):
    """`value` (Python or numpy integers, scalar or array) reduced modulo 2**width of the
    integer type `type` (or of its elements) and sign-extended into its representation:
    two's complement wrap-around, as APInt arithmetic. Scalars stay scalars."""
    spec = _element_spec(type)
    if not spec.is_integer:
        raise TypeError(f"'{type}' is not an integer type")
    width, dtype = spec.width, spec.dtype
    array = np.asarray(value)
    if array.dtype.kind not in "biuO":
        raise TypeError(f"expected integers for '{type}', got {_describe(value)}")
    if array.dtype.kind == "O" or dtype.kind == "O":
        half = 1 << (width - 1)
        wrapped = (array.astype(object) + half) % (half << 1) - half
        out = np.asarray(wrapped, dtype=object)
        if dtype.kind == "b":
            out = out != 0
        elif dtype.kind != "O":
            out = out.astype(dtype)
    elif width == 1:
        out = (array & 1).astype(np.bool_)
    elif width == 8 * dtype.itemsize:
        out = array.astype(dtype)  # numpy's integer casts wrap
    else:
        sign = 1 << (width - 1)
        low_bits = array.astype(np.uint64) & np.uint64((1 << width) - 1)
        out = ((low_bits ^ np.uint64(sign)).astype(np.int64) - sign).astype(dtype)
    return out[()] if out.ndim == 0 else out


def to_value(x, type):
    """Python or numpy input `x` as a value of `type`, or TypeError/ValueError saying why not.

    numpy input must have the exact dtype (`bool` for `i1`); Python ints must fit the width
    (signless accepts the signed and unsigned ranges, as MLIR's attribute builders), Python
    floats are rounded to the float type. Arrays are copied: values are immutable. Values of
    types without a core representation are passed through as given."""
    spec = value_spec(type)
    if spec is None:
        return x
    if isinstance(x, (np.ndarray, np.generic)):
        array = np.asarray(x)
        if array.dtype != spec.dtype:
            raise TypeError(f"expected {spec.describe()} for '{type}', got {_describe(x)}")
    else:
        array = _from_python(x, spec, type)
    if spec.shape is None:
        if array.ndim:
            raise ValueError(f"expected a scalar for '{type}', got shape {array.shape}")
        value = array[()]
    else:
        value = np.array(array)
    problem = spec.mismatch(value)
    if problem is not None:
        raise ValueError(f"{problem} for '{type}'")
    return value


def _from_python(x, spec: ValueSpec, type) -> np.ndarray:
    """Python numbers (or nested lists of them) as an array of `spec`'s dtype."""
    if spec.is_integer:
        array = np.array(x, dtype=object)
        flat = array.ravel().tolist()
        if not all(isinstance(v, int) for v in flat):
            raise TypeError(f"expected integers for '{type}', got {x!r}")
        width = spec.width
        low = -(1 << (width - 1))
        high = (1 << (width - 1)) - 1 if isinstance(spec.element, IndexType) else (1 << width) - 1
        if flat and (min(flat) < low or max(flat) > high):
            raise ValueError(f"integer out of range for '{type}': {x!r}")
        return np.asarray(wrap_integer(array, spec.element))
    try:
        floats = np.array(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"expected real numbers for '{type}', got {x!r}") from None
    with np.errstate(over="ignore"):  # too large for the type: infinity, as MLIR rounds
        return floats.astype(spec.dtype)


def attr_to_value(attr):
    """The value of a builtin constant attribute: IntegerAttr, FloatAttr (bit-exact, NaN
    payloads included) or DenseElementsAttr; TypeError for others."""
    if type(attr) is IntegerAttr:
        return wrap_integer(attr.value, attr.type)
    if type(attr) is FloatAttr:
        dtype = numpy_dtype(attr.type)
        bits = np.array(float_to_bits(attr.value, attr.type), dtype=f"uint{8 * dtype.itemsize}")
        return bits.view(dtype)[()]
    if type(attr) is DenseElementsAttr:
        spec = value_spec(attr.type)
        if spec is None:
            raise TypeError(f"the interpreter has no value representation for '{attr.type}'")
        if spec.dtype == ml_dtypes.bfloat16:  # `array` widens bf16 to float32; keep the bits
            bits = np.frombuffer(attr.raw, "<u2").view(ml_dtypes.bfloat16)
            return np.array(np.broadcast_to(bits, attr.type.shape) if attr.is_splat else
                            bits.reshape(attr.type.shape))  # fmt: skip
        array = attr.array
        if spec.is_integer and array.dtype != spec.dtype:  # odd widths, unsigned types
            return wrap_integer(array, spec.element)
        return np.array(array)
    raise TypeError(f"the interpreter cannot take a value from {attr!r}")


# --- the interpreter --------------------------------------------------------------------------


class Interpreter:
    """Runs the functions of a module by symbol name: `Interpreter(module).call("f", *args)`.

    `max_steps` bounds the ops run per `call`, `max_depth` the nesting of calls and region
    runs; `check_types` checks every op result against its IR type, which catches rules that
    return the wrong dtype or shape where they go wrong rather than later. `resources` are
    the blobs `dense_resource` constants name (`ctx.resources` of the parse)."""

    def __init__(
        self, module: Operation, max_steps: int = 1_000_000, max_depth: int = 150,
        check_types: bool = True, resources: dict | None = None,
    ) -> None:  # fmt: skip
        self.module = module
        self.resources = resources or {}  # the parse's `Context.resources`: dense_resource blobs
        self.max_steps = max_steps
        self.max_depth = max_depth
        self.check_types = check_types
        self.steps = 0
        self.depth = 0
        self.env: dict = {}  # the current frame: SSA value -> runtime value
        self.symbols = SymbolTableCollection()

    # --- entry point ---------------------------------------------------------------------
    def call(self, name: str, *args) -> tuple:
        """Run function `@name` on `args` (converted and checked by `to_value` against its
        argument types) and return its results as a tuple."""
        callee = self.symbols.table(self.module).lookup(name)
        if callee is None:
            raise ValueError(f"no symbol named '@{name}' in the module")
        callable_ = get_trait(callee, CallableOpInterface)
        if callable_ is None:
            raise ValueError(f"'@{name}' is a '{callee.name}', not a function")
        types = callable_.argument_types(callee)
        if len(args) != len(types):
            raise TypeError(f"@{name} takes {len(types)} arguments, got {len(args)}")
        values = []
        for i, (x, type_) in enumerate(zip(args, types)):
            try:
                values.append(to_value(x, type_))
            except (TypeError, ValueError) as err:
                raise type(err)(f"@{name} argument #{i}: {err}") from None
        self.steps = 0
        return tuple(self.invoke(callee, values))

    # --- services for rules ----------------------------------------------------------------
    def invoke(self, callee: Operation, args: Sequence) -> list:
        """Call the callable op `callee` with runtime `args`; its results."""
        rule = _RULES.get(type(callee))
        if rule is None:
            raise _missing_rule(callee)
        return list(rule(self, callee, args))

    def lookup_symbol(self, from_op: Operation, ref) -> Operation | None:
        """The op a SymbolRefAttr names, seen from `from_op` (MLIR's lookupNearestSymbolFrom)."""
        return self.symbols.lookup_nearest(from_op, ref)

    def call_region(self, region: Region, args: Sequence) -> list:
        """Run an IsolatedFromAbove region (a function body) in a fresh frame."""
        saved = self.env
        self.env = {}
        try:
            return self.run_region(region, args)
        finally:
            self.env = saved

    def run_region(self, region: Region, args: Sequence) -> list:
        """Run `region` from its entry block with `args` in the current frame, following
        branches, until a rule yields; the yielded values (none if a block just ends, as in
        NoTerminator regions)."""
        if not region.blocks:
            raise InterpreterError("cannot run an empty region", region.parent)
        if self.depth >= self.max_depth:
            raise InterpreterError(
                f"calls and regions nest deeper than {self.max_depth} levels "
                "(unbounded recursion?)",
                region.parent,
            )
        self.depth += 1
        try:
            return self._run(region.blocks[0], args)
        finally:
            self.depth -= 1

    def _run(self, block, args: Sequence) -> list:
        # Hot path: one iteration per op. Locals for everything used per op; the rule table
        # is keyed by exact class; checks that cost nothing in the common case only.
        env = self.env
        rules = _RULES
        check_types = self.check_types
        max_steps = self.max_steps
        while True:
            params = block.args
            if len(params) != len(args):
                raise InterpreterError(
                    f"block takes {len(params)} arguments, got {len(args)}", block.parent_op
                )
            for param, value in zip(params, args):
                env[param] = value
            op = block.first_op
            while op is not None:
                self.steps += 1
                if self.steps > max_steps:
                    raise StepLimitExceeded(f"step limit of {max_steps} ops exceeded", op)
                rule = rules.get(type(op))
                if rule is None:
                    raise _missing_rule(op)
                try:
                    operands = [env[use.value] for use in op._operands]
                except KeyError:
                    raise _undefined_operand(op, env) from None
                try:
                    out = rule(self, op, operands)
                except InterpreterError:
                    raise
                except Exception as err:
                    raise InterpreterError(
                        f"interpreter implementation failed: {type(err).__name__}: {err}", op
                    ) from err
                kind = type(out)
                if kind is Branch:
                    successors = op._successors
                    if not 0 <= out.successor < len(successors):
                        raise InterpreterError(f"has no successor #{out.successor}", op)
                    block, args = successors[out.successor].value, out.args
                    break
                if kind is Yield:
                    return list(out.values)
                results = op.results
                if out is None:
                    out = ()
                if len(out) != len(results):
                    raise InterpreterError(
                        f"implementation returned {len(out)} values for {len(results)} results",
                        op,
                    )
                for result, value in zip(results, out):
                    env[result] = value
                    if check_types:
                        spec = value_spec(result.type)
                        problem = spec.mismatch(value) if spec is not None else None
                        if problem is not None:
                            raise InterpreterError(
                                f"result #{result.index} of type '{result.type}': {problem}", op
                            )
                op = op._next
            else:
                return []


def _missing_rule(op: Operation) -> InterpreterError:
    dialect = op.name.partition(".")[0]
    return InterpreterError(
        f"has no interpreter implementation (is the '{dialect}' dialect's interpreter "
        "module imported?)",
        op,
    )


def _undefined_operand(op: Operation, env: dict) -> InterpreterError:
    index = next(i for i, use in enumerate(op._operands) if use.value not in env)
    return InterpreterError(
        f"operand #{index} has no value here (defined in a region that has not run, or "
        "outside an isolated region)",
        op,
    )


def interpret(module: Operation, name: str, *args, **options) -> tuple:
    """Run `@name` of `module` on `args`: `Interpreter(module, **options).call(name, *args)`."""
    return Interpreter(module, **options).call(name, *args)
