"""The rule registry.

Every module in this package whose name does not start with ``_`` is a rule:
it defines ``CODE``, ``NAME``, ``SEVERITY``, a documented ``check(ctx)`` and,
optionally, ``OPTIONS``. What the registry needs to know of a rule before it
runs (its code, name, level, scope, options and documentation) is written out
in ``_catalog.py`` by ``python -m infcheck.rules._make_catalog``; a rule's module
is imported the first time its check runs, so a plain INF check never imports
the InfVerif rules (which run only under a profile) or the plan rules. Tests
fail while the catalog and the modules disagree, and check every rule's shape
and documentation.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from infcheck.diagnostics import Diagnostic
from infcheck.engine import Rule
from infcheck.rules._catalog import CATALOG


class _CheckOnFirstUse:
    """A rule's ``check``: its module is imported when the check first runs."""

    __slots__ = ("_check", "module")

    def __init__(self, module: str):
        self.module = module
        self._check: Any = None

    @property
    def function(self) -> Any:
        """The module's ``check`` itself (importing the module)."""
        if self._check is None:
            self._check = import_module(f"{__name__}.{self.module}").check
        return self._check

    def __call__(self, context: Any) -> Iterable[Diagnostic]:
        check = self._check
        if check is None:
            check = self.function
        return check(context)  # type: ignore[no-any-return]


RULES: tuple[Rule, ...] = tuple(
    Rule(
        code,
        name,
        severity,
        doc,
        options,
        _CheckOnFirstUse(module),
        applies_to,
        scope,
        infverif,
        by_default,
        frozenset(triggers),
    )
    for module, code, name, severity, applies_to, scope, infverif, by_default, triggers, options, doc in CATALOG
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def find_rule(code_or_name: str) -> Rule | None:
    """Look a rule up by its code (any case) or its kebab-case name."""
    return RULES_BY_CODE.get(code_or_name.upper()) or RULES_BY_NAME.get(code_or_name.lower())
