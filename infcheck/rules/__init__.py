"""The rule registry.

Every module in this package whose name does not start with ``_`` is a rule:
it defines ``CODE``, ``NAME``, ``SEVERITY``, a documented ``check(ctx)`` and,
optionally, ``OPTIONS``. The modules are named in ``_catalog.py`` rather than
found by listing the package, which would cost every start a directory scan;
a test fails while a rule module is missing from the catalog, and another
checks every rule's shape and documentation.
"""

from __future__ import annotations

from importlib import import_module

from infcheck.engine import Rule
from infcheck.rules._catalog import RULE_MODULES

RULES: tuple[Rule, ...] = tuple(
    sorted((Rule.from_module(import_module(f"{__name__}.{name}")) for name in RULE_MODULES), key=lambda rule: rule.code)
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def find_rule(code_or_name: str) -> Rule | None:
    """Look a rule up by its code (any case) or its kebab-case name."""
    return RULES_BY_CODE.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())
