"""Shared pytest setup: hypothesis profiles.

Pick one with `HYPOTHESIS_PROFILE=ci|dev|thorough`; without it, `ci` when the `CI` variable is
set (reproducible and quick), else `dev` (hypothesis' defaults).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

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
