"""The rule engine: the rule registry, running rules over a document, suppressions.

Every consumer (the command line, a hook, an editor) calls
:func:`check_document` with the rule settings that apply to the file, so the
same rules run the same way everywhere.
"""

from __future__ import annotations

import heapq
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from infcheck.diagnostics import SEVERITIES, Diagnostic, Fix, escape_control_characters
from infcheck.document import Document, Span
from infcheck.index import Index
from infcheck.suppress import find_suppressions

if TYPE_CHECKING:
    from infcheck.publish.plan import Plan

_DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Source")

# What a rule's findings depend on, which tells the incremental checker what it may skip after an edit:
# "document": anything in the file; the rule runs on every check.
# "section": what it reports about a header, an entry or an unreadable line depends only on that line,
#     the kind of section an entry is in (none, a strings section, another) and which string tokens are
#     defined (never what they stand for), and it reports it on that line; it reads the document's
#     sections, entries, preamble and syntax issues (which may be those of a part of the file), never
#     the index.
# "device-id": it reads only ``ctx.index.all_device_ids`` and judges each ID on its own.
SCOPES = ("document", "section", "device-id")


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
    applies_to: str = "inf"  # or "plan": the kind of document the rule checks
    scope: str = "document"  # what its findings depend on; see SCOPES

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    @property
    def prefix(self) -> str:
        return re.match(r"[A-Z]+", self.code).group()

    @property
    def documentation(self) -> str:
        """The rule's whole help in Markdown: a title line, the documentation and its options."""
        options = ""
        if self.options:
            options = "\n## Options\n" + "".join(
                f"- `{name}` ({option.kind.__name__}, default {option.default!r}): {option.help}\n"
                for name, option in self.options.items()
            )
        return f"{self.code} {self.name} (default level: {self.severity})\n\n{self.doc}\n{options}"

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        doc = inspect.cleandoc(module.__doc__ or "")
        missing = [heading for heading in _DOC_HEADINGS if heading not in doc]
        if missing:
            raise TypeError(f"rule {module.CODE} documentation lacks {', '.join(missing)}")
        if module.SEVERITY not in SEVERITIES:
            raise TypeError(f"rule {module.CODE} has an unknown severity {module.SEVERITY!r}")
        applies_to = getattr(module, "APPLIES_TO", "inf")
        if applies_to not in ("inf", "plan"):
            raise TypeError(f"rule {module.CODE} applies to an unknown kind of file {applies_to!r}")
        scope = getattr(module, "SCOPE", "document")
        if scope not in SCOPES:
            raise TypeError(f"rule {module.CODE} has an unknown scope {scope!r}")
        return cls(
            module.CODE,
            module.NAME,
            module.SEVERITY,
            doc,
            getattr(module, "OPTIONS", {}),
            module.check,
            applies_to,
            scope,
        )


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

    __slots__ = ("_index", "document", "options", "settings")

    def __init__(self, document: Document, settings: RuleSettings | None = None, index: Index | None = None):
        self.document = document
        self._index = index
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
        # Messages quote the file; a control character in one must not forge or hide a report line.
        message = escape_control_characters(message)
        return Diagnostic(rule.code, rule.name, settings.severity, message, span, fix, self.document.path)


class RuleCrash(RuntimeError):
    """A rule raised an exception: a bug in infcheck, reported with the rule and file."""

    def __init__(self, code: str, path: str, error: BaseException):
        super().__init__(f"rule {code} failed on {path}: {type(error).__name__}: {error}")
        self.code = code
        self.path = path


# Encoding problems are the only thing worth saying about a file that is not text.
_BINARY_FILE_RULES = frozenset({"INF002"})


# A rule reports at most this many findings in one file; one more finding says how many it left out.
# A hostile line can hold millions of things to report, and each report costs a few kilobytes.
FINDINGS_PER_RULE = 10_000


def check_document(document: Document | Plan, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run ``rules`` over ``document`` and return the diagnostics that are not suppressed, sorted,
    with at most :data:`FINDINGS_PER_RULE` from one rule (see :func:`limit_findings`).

    ``document`` is an INF :class:`Document` or a publishing :class:`Plan`; each
    gets the rules written for its kind.
    """
    kind = document.kind
    if kind == "inf" and document.encoding.binary:
        rules = [settings for settings in rules if settings.rule.code in _BINARY_FILE_RULES]
    else:
        rules = [settings for settings in rules if settings.rule.applies_to == kind]
    suppressions = document.suppressions if kind == "plan" else find_suppressions(document)
    context = RuleContext(document)
    kept: list[Diagnostic] = []
    for settings in rules:
        # Findings are limited as they come, so a rule with millions of them never holds them all.
        found = (diagnostic for diagnostic in _run_rule(context, settings) if not suppressions.suppresses(diagnostic))
        kept += _first_findings(found)
    kept.sort(key=_sort_key)
    return kept


def limit_findings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted diagnostics, with each rule's beyond the first :data:`FINDINGS_PER_RULE` replaced by one
    that says how many were left out (what :func:`check_document` returns for the same findings)."""
    by_code: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_code.setdefault(diagnostic.code, []).append(diagnostic)
    if all(len(found) <= FINDINGS_PER_RULE for found in by_code.values()):
        return diagnostics
    kept: list[Diagnostic] = []
    for found in by_code.values():
        kept += _first_findings(iter(found))
    kept.sort(key=_sort_key)
    return kept


def _first_findings(found: Iterator[Diagnostic]) -> list[Diagnostic]:
    """The first :data:`FINDINGS_PER_RULE` of one rule's findings in sorted order (ties in the order
    found) and, if there were more, one at the first left out saying how many."""
    counted = _Counted(found)
    first = heapq.nsmallest(FINDINGS_PER_RULE + 1, counted, key=_sort_key)
    if len(first) <= FINDINGS_PER_RULE:
        return first
    left_out = first.pop()
    more = counted.count - FINDINGS_PER_RULE
    message = f"{more} more {left_out.code} findings in this file are not reported (a rule reports at most {FINDINGS_PER_RULE} per file)"
    first.append(left_out._replace(message=message, fix=None))
    return first


class _Counted:
    """An iterator that counts what it hands out."""

    def __init__(self, items: Iterator[Diagnostic]):
        self._items = items
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Diagnostic:
        item = next(self._items)
        self.count += 1
        return item


def _sort_key(diagnostic: Diagnostic) -> tuple:
    return diagnostic.sort_key


def run_rules(context: RuleContext, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run each rule over the context's document, without suppressing, limiting or sorting what they find."""
    diagnostics: list[Diagnostic] = []
    for settings in rules:
        diagnostics.extend(_run_rule(context, settings))
    return diagnostics


def _run_rule(context: RuleContext, settings: RuleSettings) -> Iterator[Diagnostic]:
    try:
        yield from settings.rule.check(context.use(settings))
    except Exception as error:  # a rule bug must name itself, not take the whole run down silently
        raise RuleCrash(settings.rule.code, context.document.path, error) from error
