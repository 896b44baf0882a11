"""The incremental checker: one per open file, taking each new text and checking it again."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from infcheck.decode import Encoding
from infcheck.diagnostics import Diagnostic
from infcheck.document import Document, Entry, Section, SyntaxIssue
from infcheck.engine import (
    DocumentContext,
    RuleSettings,
    SectionContext,
    check_document,
    limit_findings,
    run_rules,
    triggered_rules,
)
from infcheck.facets.models import models_blocks
from infcheck.facets.parts import KeptParts
from infcheck.incremental.edits import changed_region
from infcheck.incremental.findings import DeviceIdFindings, distribute, shift_diagnostics
from infcheck.incremental.relex import apply_edit
from infcheck.index import Index
from infcheck.parse import get_parser
from infcheck.suppress import directive_offsets, find_suppressions

_start = attrgetter("start")


class IncrementalChecker:
    """Checks successive versions of one document, reusing what an edit left alone.

    ``update`` takes each new text; ``check`` returns exactly what a full check
    of that text returns. ``document`` and ``index`` describe the latest text.
    The document object is kept and changed in place from version to version.
    """

    def __init__(self, path: str):
        self.path = path
        self.document: Document | None = None
        self._index: Index | None = None
        self._kept = KeptParts()  # the index's parts, kept between versions
        self._device_findings = DeviceIdFindings()
        self._rules: list[RuleSettings] | None = None
        # Findings of the section rules, per token that has any: its line when found, the findings.
        self._section_findings: dict[object, tuple[int, list[Diagnostic]]] = {}
        self._unchecked: set = set()  # tokens whose section-rule findings are not known
        self._nothing_checked = True
        self._directive_offsets: list[int] | None = None  # where suppression comments start, once searched
        # Entries whose values may hold a %token% that is not written as one ("%Con"to"so%", or one
        # split by a continuation): quotes and continuations are removed before tokens are replaced.
        self._token_puzzles: set[Entry] | None = None
        self.restarts = 0  # edits that could not be applied and were checked from scratch instead

    # -- taking a new text ---------------------------------------------------------------

    def update(
        self,
        text: str,
        encoding: Encoding,
        changed: tuple[int, int] | None = None,
        line_starts: Sequence[int] | None = None,
    ) -> None:
        """Take the document's new text.

        ``changed`` is ``(low, high)`` in the new text such that the text before
        ``low`` and after ``high`` is that of the previous text's start and end,
        or ``None`` when not known; the checker then compares the two texts
        itself (a few passes at C speed). ``line_starts`` is accepted for the
        caller's convenience; the checker keeps its own.
        """
        document = self.document
        if document is None or encoding.binary or document.encoding.binary or not text or not document.text:
            self._start_over(text, encoding)  # nothing worth keeping, or a file that is not parsed
        elif text == document.text:
            document.encoding = encoding
        else:
            stretch = self._changed_stretch(document.text, text, changed)
            try:
                apply_edit(self, text, encoding, stretch)
            except Exception:
                self.restarts += 1
                self._start_over(text, encoding)

    @staticmethod
    def _changed_stretch(old: str, new: str, changed: tuple[int, int] | None) -> tuple[int, int, int]:
        """``(low, old_high, new_high)`` of the edit: from the caller's ``changed`` when it fits the
        two texts' lengths (narrowed to what really differs), else found by comparing them."""
        if changed is not None:
            low, high = changed
            old_high = high - (len(new) - len(old))
            if 0 <= low <= high <= len(new) and low <= old_high <= len(old):
                inner_low, inner_old_high, inner_new_high = changed_region(old[low:old_high], new[low:high])
                return low + inner_low, low + inner_old_high, low + inner_new_high
        return changed_region(old, new)

    @property
    def index(self) -> Index:
        if self._index is None:
            if self.document is None:
                raise RuntimeError("no text given yet")
            if self.document.encoding.binary:
                self._index = Index(self.document)
            else:
                self._index = Index(self.document, self._kept)
        return self._index

    def forget_index(self) -> None:
        """Drop the index of the previous text. What other layers derived from it (the package
        model) refers back to it; emptying ``derived`` breaks that cycle, so the old index is freed
        at once instead of waiting for the cycle collector, whose passes over the lists of a large
        document cost more than an edit's whole check."""
        if self._index is not None:
            self._index.derived.clear()
            self._index = None

    def _start_over(self, text: str, encoding: Encoding) -> None:
        self.document = get_parser().parse_text(text, self.path, encoding)
        self.forget_index()
        self._kept = KeptParts()  # the index's parts, kept between versions
        self._device_findings = DeviceIdFindings()
        self._section_findings = {}
        self._unchecked = set()
        self._nothing_checked = True
        self._directive_offsets = None
        self._token_puzzles = None

    def check(self, rules: list[RuleSettings]) -> list[Diagnostic]:
        """The diagnostics a full check of the latest text gives, suppressed and sorted the same way."""
        document = self.document
        if document is None:
            raise RuntimeError("no text given yet")
        if document.encoding.binary:
            return check_document(document, rules)
        rules = [settings for settings in rules if settings.rule.applies_to == document.kind]
        if rules != self._rules:
            self._rules = rules
            self._section_findings = {}
            self._unchecked = set()
            self._nothing_checked = True
            self._device_findings.forget_findings()
        by_scope: dict[str, list[RuleSettings]] = {"section": [], "device-id": [], "document": []}
        for settings in rules:
            # Package and repository rules read other files: an editor's buffer alone cannot run them.
            if settings.rule.scope in by_scope:
                by_scope[settings.rule.scope].append(settings)

        diagnostics = self._section_rule_findings(by_scope["section"])
        index = self.index
        device_class = index.version.text("Class")
        if device_class != self._device_findings.device_class:
            self._device_findings.forget_findings()
            self._device_findings.device_class = device_class
        blocks = models_blocks(self._kept)
        diagnostics += self._device_findings.findings(document, blocks, by_scope["device-id"], device_class)
        diagnostics += run_rules(DocumentContext(document, index), triggered_rules(document, by_scope["document"]))
        if self._directive_offsets is None:
            self._directive_offsets = directive_offsets(document.text)
        suppressions = find_suppressions(document, self._directive_offsets)
        kept = [diagnostic for diagnostic in diagnostics if not suppressions.suppresses(diagnostic)]
        kept.sort(key=lambda diagnostic: diagnostic.sort_key)
        return limit_findings(kept)

    def _section_rule_findings(self, rules: list[RuleSettings]) -> list[Diagnostic]:
        document = self.document
        findings = self._section_findings
        if self._nothing_checked:
            tokens: list = sorted([*document.entries, *document.sections, *document.syntax_issues], key=_start)
            view = document
        else:
            tokens = sorted(self._unchecked, key=_start)
            headers = [token for token in tokens if isinstance(token, Section)]
            lines = [token for token in tokens if isinstance(token, Entry)]
            issues = [token for token in tokens if isinstance(token, SyntaxIssue)]
            view = document.view(headers, lines, [entry for entry in lines if entry.section is None], issues)
        if tokens:
            found = run_rules(SectionContext(view), rules)
            owners = distribute(document, tokens, found) if found else {}
            if not self._nothing_checked:
                for token in tokens:
                    if token not in owners:
                        findings.pop(token, None)
            for token, token_findings in owners.items():
                findings[token] = (document.position(token.start)[0], token_findings)
        self._nothing_checked = False
        self._unchecked = set()
        diagnostics: list[Diagnostic] = []
        for token, (line, token_findings) in findings.items():
            moved = document.position(token.start)[0] - line
            diagnostics += shift_diagnostics(token_findings, moved) if moved else token_findings
        return diagnostics
