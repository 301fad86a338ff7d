"""The legacy_relay dialect (namespace `relay`): Relay's op set, conventions and quirks.

It lives beside the graph dialect, as Relay lived beside Relax in TVM's Unity branch; the
two never import each other, and only the conversion passes know both. Types are builtin
tensors with static or `?` dims and builtin tuples; functions are `func.func`s. Each op's
shape inference is Relay's type relation (`relations`), its semantics Relay's, defined by
the interpreter (`interpreter`).
"""

from __future__ import annotations

from mlc.dialects.legacy_relay.nn2d import *  # noqa: F401,F403
from mlc.dialects.legacy_relay.nn2d import NN2D_OPS
from mlc.dialects.legacy_relay.ops import *  # noqa: F401,F403 - the op classes are the API
from mlc.dialects.legacy_relay.ops import BASIC_OPS
from mlc.dialects.legacy_relay.transform import *  # noqa: F401,F403
from mlc.dialects.legacy_relay.transform import TRANSFORM_OPS
from mlc.ir.context import Dialect

ALL_OPS = [*BASIC_OPS, *TRANSFORM_OPS, *NN2D_OPS]

DIALECT = Dialect("relay", ALL_OPS)

from mlc.dialects.legacy_relay import interpreter as _interpreter  # noqa: E402,F401

__all__ = ["DIALECT", "ALL_OPS"] + [op.__name__ for op in ALL_OPS]
