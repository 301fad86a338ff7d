"""What a dialect conversion must reach, as MLIR's `ConversionTarget`.

An op is *legal* (leave it), *illegal* (it must be converted) or *dynamically legal* (a
callback `fn(op) -> bool | None` decides per op; None defers to the callback registered
before it). Actions are set per op (by class or name) and per dialect; a specific op's action
wins over its dialect's, and ops known to neither can be sent to a catch-all callback with
`mark_unknown_op_dynamically_legal`. A legal op can also be *recursively* legal: the ops
nested in it are then left alone.

The action of an op name is computed once and cached until the target changes: conversion
asks for every op it visits.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from mlc.ir.context import Dialect
from mlc.ir.operation import Operation

LegalityCallback = Callable[[Operation], "bool | None"]


class LegalizationAction(enum.Enum):
    """MLIR's `ConversionTarget::LegalizationAction`."""

    LEGAL = "legal"
    DYNAMIC = "dynamic"
    ILLEGAL = "illegal"


class LegalOpDetails:
    """What `ConversionTarget.is_legal` knows about a legal op (MLIR's `LegalOpDetails`)."""

    __slots__ = ("is_recursively_legal",)

    def __init__(self, is_recursively_legal: bool) -> None:
        self.is_recursively_legal = is_recursively_legal

    def __repr__(self) -> str:
        return f"LegalOpDetails(is_recursively_legal={self.is_recursively_legal})"


_LEGAL = LegalOpDetails(False)
_RECURSIVELY_LEGAL = LegalOpDetails(True)


class _LegalizationInfo:
    """An op's action; `legality_fn` is set whenever the action is DYNAMIC."""

    __slots__ = ("action", "is_recursively_legal", "legality_fn")

    def __init__(self, action, is_recursively_legal=False, legality_fn=None) -> None:
        self.action = action
        self.is_recursively_legal = is_recursively_legal
        self.legality_fn = legality_fn


def _compose(old: LegalityCallback | None, new: LegalityCallback) -> LegalityCallback:
    """`new`, deferring to `old` when it has no opinion (MLIR's `composeLegalityCallbacks`)."""
    if old is None:
        return new

    def chained(op: Operation) -> bool | None:
        verdict = new(op)
        return verdict if verdict is not None else old(op)

    return chained


def _op_names(ops) -> list[str]:
    """Op names from an op class, a name, or an iterable of them."""
    if isinstance(ops, (str, type)):
        ops = (ops,)
    names = []
    for op in ops:
        name = op if isinstance(op, str) else getattr(op, "name", None)
        if not isinstance(name, str) or not name:
            raise TypeError(f"expected an op name or a registered op class, got {op!r}")
        names.append(name)
    return names


def _dialect_names(dialects) -> list[str]:
    if isinstance(dialects, (str, Dialect)):
        dialects = (dialects,)
    return [d.name if isinstance(d, Dialect) else d for d in dialects]


class ConversionTarget:
    """The legality of ops after a conversion (MLIR's `ConversionTarget`)."""

    def __init__(self) -> None:
        self._ops: dict[str, _LegalizationInfo] = {}
        self._dialects: dict[str, LegalizationAction] = {}
        self._dialect_fns: dict[str, LegalityCallback] = {}
        self._recursive_fns: dict[str, LegalityCallback] = {}
        self._unknown_fn: LegalityCallback | None = None
        self._cache: dict[str, _LegalizationInfo | None] = {}

    # --- ops -------------------------------------------------------------------------------
    def add_legal_op(self, *ops) -> None:
        """Mark ops (classes or names) legal."""
        self._set_op_action(ops, LegalizationAction.LEGAL)

    def add_illegal_op(self, *ops) -> None:
        """Mark ops illegal: every one must be converted, even in a partial conversion."""
        self._set_op_action(ops, LegalizationAction.ILLEGAL)

    def add_dynamically_legal_op(self, ops, callback: LegalityCallback) -> None:
        """Let `callback(op)` decide the legality of `ops` (a class, a name, or several);
        a callback added later is asked first."""
        for name in self._set_op_action(ops, LegalizationAction.DYNAMIC):
            info = self._ops[name]
            info.legality_fn = _compose(info.legality_fn, callback)

    def mark_op_recursively_legal(self, ops, callback: LegalityCallback | None = None) -> None:
        """Leave the ops nested in legal instances of `ops` unconverted; `callback(op)`, if
        given, decides per op (None means yes). The ops must already be legal or
        dynamically legal."""
        for name in _op_names(ops):
            info = self._ops.get(name)
            if info is None or info.action is LegalizationAction.ILLEGAL:
                raise ValueError(f"'{name}' must be marked legal before recursively legal")
            info.is_recursively_legal = True
            if callback is None:
                self._recursive_fns.pop(name, None)
            else:
                self._recursive_fns[name] = _compose(self._recursive_fns.get(name), callback)
        self._cache.clear()

    def _set_op_action(self, ops, action: LegalizationAction) -> list[str]:
        names = _op_names(ops)
        for name in names:
            info = self._ops.get(name)
            if info is None:
                self._ops[name] = _LegalizationInfo(action)
            else:
                info.action = action
        self._cache.clear()
        return names

    # --- dialects and unknown ops ----------------------------------------------------------
    def add_legal_dialect(self, *dialects) -> None:
        """Mark every op of these dialects (names or `Dialect`s) legal, unless the op has an
        action of its own."""
        self._set_dialect_action(dialects, LegalizationAction.LEGAL)

    def add_illegal_dialect(self, *dialects) -> None:
        self._set_dialect_action(dialects, LegalizationAction.ILLEGAL)

    def add_dynamically_legal_dialect(self, dialects, callback: LegalityCallback) -> None:
        for name in self._set_dialect_action(dialects, LegalizationAction.DYNAMIC):
            self._dialect_fns[name] = _compose(self._dialect_fns.get(name), callback)

    def mark_unknown_op_dynamically_legal(self, callback: LegalityCallback) -> None:
        """Let `callback(op)` decide for ops with no action of their own or of their
        dialect."""
        self._unknown_fn = _compose(self._unknown_fn, callback)
        self._cache.clear()

    def _set_dialect_action(self, dialects, action: LegalizationAction) -> list[str]:
        names = _dialect_names(dialects)
        for name in names:
            self._dialects[name] = action
        self._cache.clear()
        return names

    # --- queries ---------------------------------------------------------------------------
    def _info(self, name: str) -> _LegalizationInfo | None:
        """The legalization info of op `name` (MLIR's `getOpInfo`), cached per name."""
        try:
            return self._cache[name]
        except KeyError:
            pass
        info = self._ops.get(name)
        if info is None:
            dialect = name.partition(".")[0]
            action = self._dialects.get(dialect)
            if action is not None:
                info = _LegalizationInfo(action, False, self._dialect_fns.get(dialect))
            elif self._unknown_fn is not None:
                info = _LegalizationInfo(LegalizationAction.DYNAMIC, False, self._unknown_fn)
        self._cache[name] = info
        return info

    def get_op_action(self, op) -> LegalizationAction | None:
        """The action for an op class or name, or None when the target does not know it."""
        info = self._info(_op_names(op)[0])
        return info.action if info is not None else None

    def is_legal(self, op: Operation) -> LegalOpDetails | None:
        """Details when `op` is legal, None otherwise (illegal, or unknown to the target)."""
        info = self._info(op.name)
        if info is None:
            return None
        action = info.action
        if action is LegalizationAction.DYNAMIC:
            if not info.legality_fn(op):  # None (no opinion) is not legal either
                return None
        elif action is not LegalizationAction.LEGAL:
            return None
        if not info.is_recursively_legal:
            return _LEGAL
        recursive_fn = self._recursive_fns.get(op.name)
        if recursive_fn is None or recursive_fn(op) is not False:
            return _RECURSIVELY_LEGAL
        return _LEGAL

    def is_illegal(self, op: Operation) -> bool:
        """Whether `op` is explicitly illegal: marked so, or rejected by its callback."""
        info = self._info(op.name)
        if info is None:
            return False
        if info.action is LegalizationAction.DYNAMIC:
            return info.legality_fn(op) is False
        return info.action is LegalizationAction.ILLEGAL
