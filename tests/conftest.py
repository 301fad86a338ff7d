"""Shared pytest setup: hypothesis profiles, and the `tests/` folder on sys.path.

Pick one with `HYPOTHESIS_PROFILE=ci|dev|thorough`; without it, `ci` when the `CI` variable is
set (reproducible and quick), else `dev` (hypothesis' defaults).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# Test helpers shared by all folders (`external_tools`): pytest's importlib mode puts no test
# folder on sys.path.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev")
settings.register_profile("thorough", max_examples=2000, deadline=None)

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
