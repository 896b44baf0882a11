"""How a publishing plan is recognised, kept apart so that finding files does not load the plan model."""

from __future__ import annotations

import os

PLAN_FILE_NAME = "publish.toml"
PLAN_FILE_SUFFIX = ".publish.toml"


def is_plan_file(name: str) -> bool:
    """Plans are recognised by name: ``publish.toml`` or ``<anything>.publish.toml``, in any case."""
    lowered = os.path.basename(name).lower()
    return lowered == PLAN_FILE_NAME or lowered.endswith(PLAN_FILE_SUFFIX)
