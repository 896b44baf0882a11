"""What the rules found, kept with the piece of the file it is about and moved with it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.document import Document, Entry, Span
from infcheck.engine import DeviceIdContext, RuleSettings, run_rules
from infcheck.facets.models import ModelsBlock, device_ids_of


def _shift_span(span: Span, lines: int) -> Span:
    return Span(span.line + lines, span.column, span.end_line + lines, span.end_column)


def shift_diagnostics(diagnostics: list[Diagnostic], lines: int) -> list[Diagnostic]:
    """The same findings ``lines`` lines further down (columns never change: pieces move by whole lines)."""
    moved = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None:
            fix = Fix(
                fix.title, tuple(Edit(_shift_span(edit.span, lines), edit.new_text) for edit in fix.edits), fix.safe
            )
        moved.append(diagnostic._replace(span=_shift_span(diagnostic.span, lines), fix=fix))
    return moved


def distribute(document: Document, tokens: list, diagnostics: Iterable[Diagnostic]) -> dict[object, list[Diagnostic]]:
    """Give each finding to the token it is about: the last of ``tokens`` (sorted by start)
    starting at or before it. Rules of the cached scopes only report inside what they judge."""
    starts = [token.start for token in tokens]
    found: dict[object, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        span = diagnostic.span
        position = bisect_right(starts, document.offset(span.line, span.column)) - 1
        owner = tokens[max(position, 0)]
        found.setdefault(owner, []).append(diagnostic)
    return found


class DeviceIdFindings:
    """What the device-id rules found, kept per Models entry, and which blocks of Models
    entries (see :mod:`infcheck.facets.models`) have had theirs worked out."""

    def __init__(self) -> None:
        # The ID list of each Models entry the device-id rules judged, and for entries with
        # findings, the entry's line then and the findings.
        self.device_ids_judged: dict[Entry, list] = {}
        self.device_findings: dict[Entry, tuple[int, list[Diagnostic]]] = {}
        self.with_findings: dict[ModelsBlock, list[Entry]] = {}  # per block checked: its entries with findings
        self.device_class: str | None = None  # [Version] Class when they were judged; rules read it

    def forget_entry(self, entry: Entry) -> None:
        self.device_ids_judged.pop(entry, None)
        self.device_findings.pop(entry, None)

    def forget_findings(self) -> None:
        """The device-id rules changed: every finding must be found again."""
        self.device_ids_judged = {}
        self.device_findings = {}
        self.with_findings = {}

    def findings(
        self, document: Document, blocks: list[ModelsBlock], rules: list[RuleSettings], device_class: str | None
    ) -> list[Diagnostic]:
        """The findings of the device-id rules over every Models entry, running them only for
        entries not judged before in their present form."""
        judged = self.device_ids_judged
        known = self.device_findings
        checked = self.with_findings
        self.with_findings = with_findings = {block: checked[block] for block in blocks if block in checked}
        unchecked = [block for block in blocks if block not in with_findings]
        to_check = [
            models_entry
            for block in unchecked
            for models_entry in block.entries
            if judged.get(models_entry.entry) is not models_entry.ids
        ]
        if to_check:
            context = DeviceIdContext(document.path, device_ids_of(to_check), device_class)
            found = run_rules(context, rules)
            by_start = sorted(to_check, key=lambda models_entry: models_entry.entry.start)
            owners = distribute(document, [models_entry.entry for models_entry in by_start], found) if found else {}
            for models_entry in to_check:
                entry = models_entry.entry
                judged[entry] = models_entry.ids
                findings = owners.get(entry)
                if findings:
                    known[entry] = (entry.line, findings)
                else:
                    known.pop(entry, None)
        for block in unchecked:
            with_findings[block] = [entry for entry in block.lines if entry in known]
        diagnostics: list[Diagnostic] = []
        for block in blocks:
            for entry in with_findings[block]:
                line, findings = known[entry]
                moved = entry.line - line
                diagnostics += shift_diagnostics(findings, moved) if moved else findings
        return diagnostics
