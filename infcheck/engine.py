"""The rule engine: the rule registry, running rules over a document, suppressions.

Every consumer (the command line, a hook, an editor) calls
:func:`check_document` with the rule settings that apply to the file, so the
same rules run the same way everywhere.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any, NamedTuple

from infcheck.diagnostics import SEVERITIES, Diagnostic, Fix
from infcheck.document import Document, Span
from infcheck.index import Index
from infcheck.suppress import find_suppressions

_DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Source")


class Option(NamedTuple):
    """A per-rule setting: its type, default and one line of help."""

    kind: type
    default: Any
    help: str


class Rule(NamedTuple):
    """A rule module's metadata and its check function."""

    code: str
    name: str
    severity: str
    doc: str
    options: Mapping[str, Option]
    check: Callable[[RuleContext], Iterable[Diagnostic]]

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    @property
    def prefix(self) -> str:
        return re.match(r"[A-Z]+", self.code).group()

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        doc = inspect.cleandoc(module.__doc__ or "")
        missing = [heading for heading in _DOC_HEADINGS if heading not in doc]
        if missing:
            raise TypeError(f"rule {module.CODE} documentation lacks {', '.join(missing)}")
        if module.SEVERITY not in SEVERITIES:
            raise TypeError(f"rule {module.CODE} has an unknown severity {module.SEVERITY!r}")
        return cls(module.CODE, module.NAME, module.SEVERITY, doc, getattr(module, "OPTIONS", {}), module.check)


class RuleSettings(NamedTuple):
    """How one rule runs for one file: its severity and option values."""

    rule: Rule
    severity: str
    options: Mapping[str, Any]


class RuleContext:
    """What a rule's ``check`` receives: the document, its index (built on first use and
    shared by every rule) and the running rule's options.

    The engine moves one context from rule to rule, which is safe because each
    rule's diagnostics are collected before the next rule starts.
    """

    __slots__ = ("document", "settings", "options", "_index")

    def __init__(self, document: Document, settings: RuleSettings | None = None):
        self.document = document
        self._index: Index | None = None
        self.settings = settings
        self.options = settings.options if settings is not None else {}

    def use(self, settings: RuleSettings) -> RuleContext:
        self.settings = settings
        self.options = settings.options
        return self

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = Index(self.document)
        return self._index

    def report(self, span: Span, message: str, fix: Fix | None = None) -> Diagnostic:
        settings = self.settings
        rule = settings.rule
        return Diagnostic(rule.code, rule.name, settings.severity, message, span, fix, self.document.path)


class RuleCrash(RuntimeError):
    """A rule raised an exception: a bug in infcheck, reported with the rule and file."""

    def __init__(self, code: str, path: str, error: BaseException):
        super().__init__(f"rule {code} failed on {path}: {type(error).__name__}: {error}")
        self.code = code
        self.path = path


# Encoding problems are the only thing worth saying about a file that is not text.
_BINARY_FILE_RULES = frozenset({"INF002"})


def check_document(document: Document, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run ``rules`` over ``document`` and return the diagnostics that are not suppressed, sorted."""
    context = RuleContext(document)
    diagnostics: list[Diagnostic] = []
    if document.encoding.binary:
        rules = [settings for settings in rules if settings.rule.code in _BINARY_FILE_RULES]
    for settings in rules:
        try:
            diagnostics.extend(settings.rule.check(context.use(settings)))
        except Exception as error:  # a rule bug must name itself, not take the whole run down silently
            raise RuleCrash(settings.rule.code, document.path, error) from error
    suppressions = find_suppressions(document)
    kept = [diagnostic for diagnostic in diagnostics if not suppressions.suppresses(diagnostic)]
    kept.sort(key=lambda diagnostic: diagnostic.sort_key)
    return kept
