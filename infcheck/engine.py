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
        return cls(module.CODE, module.NAME, module.SEVERITY, doc, getattr(module, "OPTIONS", {}), module.check, applies_to, scope)


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


def check_document(document: Document | Plan, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run ``rules`` over ``document`` and return the diagnostics that are not suppressed, sorted.

    ``document`` is an INF :class:`Document` or a publishing :class:`Plan`; each
    gets the rules written for its kind.
    """
    kind = document.kind
    if kind == "inf" and document.encoding.binary:
        rules = [settings for settings in rules if settings.rule.code in _BINARY_FILE_RULES]
    else:
        rules = [settings for settings in rules if settings.rule.applies_to == kind]
    diagnostics = run_rules(RuleContext(document), rules)
    suppressions = document.suppressions if kind == "plan" else find_suppressions(document)
    kept = [diagnostic for diagnostic in diagnostics if not suppressions.suppresses(diagnostic)]
    kept.sort(key=lambda diagnostic: diagnostic.sort_key)
    return kept


def run_rules(context: RuleContext, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run each rule over the context's document, without suppressing or sorting what they find."""
    diagnostics: list[Diagnostic] = []
    for settings in rules:
        try:
            diagnostics.extend(settings.rule.check(context.use(settings)))
        except Exception as error:  # a rule bug must name itself, not take the whole run down silently
            raise RuleCrash(settings.rule.code, context.document.path, error) from error
    return diagnostics
