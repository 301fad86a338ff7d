"""Passes: the pass manager, the pipeline grammar, the registry and mlc's transforms."""

from mlc.passes.pass_base import Pass, PassFailure
from mlc.passes.pass_manager import OpPassManager, PassManager
from mlc.passes.registry import register_pass, register_pipeline

__all__ = ["OpPassManager", "Pass", "PassFailure", "PassManager", "register_pass",
           "register_pipeline"]  # fmt: skip
