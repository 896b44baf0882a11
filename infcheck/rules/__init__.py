"""The rule registry.

Every module in this package whose name does not start with ``_`` is a rule:
it defines ``CODE``, ``NAME``, ``SEVERITY``, a documented ``check(ctx)`` and,
optionally, ``OPTIONS``. Adding a rule means adding its module; the registry
finds it, and a test checks every rule's shape and documentation.
"""

from __future__ import annotations

import importlib
import pkgutil

from infcheck.engine import Rule

_MODULES = [
    importlib.import_module(f"{__name__}.{module.name}")
    for module in pkgutil.iter_modules(__path__)
    if not module.name.startswith("_")
]

RULES: tuple[Rule, ...] = tuple(sorted((Rule.from_module(module) for module in _MODULES), key=lambda rule: rule.code))
RULES_BY_CODE = {rule.code: rule for rule in RULES}
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def find_rule(code_or_name: str) -> Rule | None:
    """Look a rule up by its code (any case) or its kebab-case name."""
    return RULES_BY_CODE.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())
