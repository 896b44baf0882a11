"""Checking a document again after an edit, redoing only what the edit can affect.

The language server keeps one :class:`IncrementalChecker` per open file. Each
new version of the text is compared with the previous one, and only the
logical lines the edit touched are lexed again; every other entry and header
is kept (moved along when text before it grew or shrank). What the checks
found is kept with the piece of the file it is about:

* rules of scope ``"section"`` are run over the new or changed lines only, and
  their findings are kept per entry, header and unreadable line;
* rules of scope ``"device-id"`` are run over the IDs of the Models entries
  that are new or whose IDs now read differently, and kept per Models entry;
* the index is assembled from pieces kept per section (the Models entries of
  each Models section, the directives of each section);
* rules of scope ``"document"`` run on every check, over that index.

Findings kept from an earlier check are moved to the lines their piece is on
now. The result is always exactly what :func:`infcheck.engine.check_document`
gives for a fresh parse of the same text; ``tests/test_incremental.py`` checks
this against many random edits.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from operator import attrgetter

from infcheck.decode import Encoding
from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.document import Document, Entry, Section, Span, StringTable, SyntaxIssue, shift_entries
from infcheck.engine import RuleContext, RuleSettings, check_document, limit_findings, run_rules
from infcheck.facets.models import ModelsBlock, ModelsEntry, device_ids_of, models_blocks
from infcheck.facets.parts import KeptParts
from infcheck.index import Index
from infcheck.parse import get_parser
from infcheck.suppress import directive_offsets, find_suppressions

Token = Entry | Section | SyntaxIssue  # what the lexer produces: one per logical line

_start = attrgetter("start")


def changed_region(old: str, new: str) -> tuple[int, int, int]:
    """Where two texts differ: ``(low, old_high, new_high)`` such that ``old[:low] == new[:low]``
    and ``old[old_high:] == new[new_high:]``, with the unchanged ends as long as possible."""
    limit = min(len(old), len(new))
    low = _common_length(old, new, limit, from_end=False)
    same_end = _common_length(old, new, limit - low, from_end=True)
    return low, len(old) - same_end, len(new) - same_end


def _common_length(first: str, second: str, limit: int, from_end: bool) -> int:
    """How many characters the two texts share at their start (or end), up to ``limit``.

    Slices are compared in growing blocks and the first difference is then
    narrowed down by halving, so the cost is a few passes of C-speed comparison.
    """
    first_size, second_size = len(first), len(second)

    def same(low: int, high: int) -> bool:
        if from_end:
            return first[first_size - high : first_size - low] == second[second_size - high : second_size - low]
        return first[low:high] == second[low:high]

    low = 0
    step = 64
    while low < limit:
        high = min(low + step, limit)
        if same(low, high):
            low = high
            step *= 2
            continue
        while high - low > 1:
            middle = (low + high) // 2
            if same(low, middle):
                low = middle
            else:
                high = middle
        return low
    return low


_NEWLINE = re.compile(r"\r\n|\r|\n")
_ANY_TOKEN = re.compile(r'%(?=([^%\r\n,"]*)%)')  # where a %token% could start, and its name


def splice_line_starts(old_starts: list[int], text: str, low: int, old_high: int, new_high: int) -> list[int]:
    """The line starts of ``text``, given those of the text it was made from by replacing
    ``old[low:old_high]`` with ``text[low:new_high]``.

    A line start depends on the character before it and, for a CR, the one after,
    so starts up to one character past the change are found again and the rest are moved.
    """
    delta = new_high - old_high
    kept = bisect_left(old_starts, low)  # starts before ``low`` still begin a line
    first_moved = bisect_right(old_starts, old_high + 1)  # and so do those past the change and one more character
    scan_from = max(low - 1, 0)
    found = [
        end
        for match in _NEWLINE.finditer(text, scan_from, min(len(text), new_high + 2))
        if low <= (end := match.end()) <= new_high + 1
    ]
    if low == 0:
        found.insert(0, 0)
    return old_starts[:kept] + found + [start + delta for start in old_starts[first_moved:]]


def _shift_span(span: Span, lines: int) -> Span:
    return Span(span.line + lines, span.column, span.end_line + lines, span.end_column)


def _shift_diagnostics(diagnostics: list[Diagnostic], lines: int) -> list[Diagnostic]:
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


def _distribute(document: Document, tokens: list, diagnostics: Iterable[Diagnostic]) -> dict[object, list[Diagnostic]]:
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


class _DeviceIdsOnly:
    """What a rule of scope ``"device-id"`` may read of an index: some device IDs."""

    def __init__(self, models_entries: list[ModelsEntry]):
        self.all_device_ids = device_ids_of(models_entries)


class _DeviceIdFindings:
    """What the device-id rules found, kept per Models entry, and which blocks of Models
    entries (see :mod:`infcheck.facets.models`) have had theirs worked out."""

    def __init__(self) -> None:
        # The ID list of each Models entry the device-id rules judged, and for entries with
        # findings, the entry's line then and the findings.
        self.device_ids_judged: dict[Entry, list] = {}
        self.device_findings: dict[Entry, tuple[int, list[Diagnostic]]] = {}
        self.with_findings: dict[ModelsBlock, list[Entry]] = {}  # per block checked: its entries with findings

    def forget_entry(self, entry: Entry) -> None:
        self.device_ids_judged.pop(entry, None)
        self.device_findings.pop(entry, None)

    def forget_findings(self) -> None:
        """The device-id rules changed: every finding must be found again."""
        self.device_ids_judged = {}
        self.device_findings = {}
        self.with_findings = {}

    def findings(self, document: Document, blocks: list[ModelsBlock], rules: list[RuleSettings]) -> list[Diagnostic]:
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
            context = RuleContext(document, index=_DeviceIdsOnly(to_check))  # type: ignore[arg-type]
            found = run_rules(context, rules)
            by_start = sorted(to_check, key=lambda models_entry: models_entry.entry.start)
            owners = _distribute(document, [models_entry.entry for models_entry in by_start], found) if found else {}
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
                diagnostics += _shift_diagnostics(findings, moved) if moved else findings
        return diagnostics


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
        self._device_findings = _DeviceIdFindings()
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
        line_starts: list[int] | None = None,
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
                self._apply_edit(text, encoding, stretch)
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

    def _start_over(self, text: str, encoding: Encoding) -> None:
        self.document = get_parser().parse_text(text, self.path, encoding)
        self._index = None
        self._kept = KeptParts()  # the index's parts, kept between versions
        self._device_findings = _DeviceIdFindings()
        self._section_findings = {}
        self._unchecked = set()
        self._nothing_checked = True
        self._directive_offsets = None
        self._token_puzzles = None

    def _apply_edit(self, text: str, encoding: Encoding, stretch: tuple[int, int, int]) -> None:
        document = self.document
        low, old_high, new_high = stretch
        delta = new_high - old_high
        entries, sections, issues = document.entries, document.sections, document.syntax_issues

        # Lex again from the start of the line before the change (a CR LF may have been split or
        # joined there), or from the start of the logical line a continuation carries into it.
        old_starts = document.line_starts
        restart = old_starts[bisect_right(old_starts, max(low - 1, 0)) - 1]
        moved = True
        while moved:
            moved = False
            for tokens in (entries, issues):
                position = bisect_left(tokens, restart, key=_start)
                if position and tokens[position - 1].end >= restart:
                    restart = tokens[position - 1].start
                    moved = True
        first_entry = bisect_left(entries, restart, key=_start)
        first_section = bisect_left(sections, restart, key=_start)
        first_issue = bisect_left(issues, restart, key=_start)

        # New tokens until one starts, on a line that begins past the change, where an old token
        # started: from there on the lexer sees the same text from the same place, so the old
        # tokens stand, and on lines whose text is the same, so what was found in them stands too.
        document.text = text
        next_entry, next_section, next_issue = first_entry, first_section, first_issue
        fresh: list[Token] = []
        for token in get_parser().scan(document, restart):
            start = token.start
            if start > new_high and _NEWLINE.search(text, new_high, start):
                target = start - delta
                while next_entry < len(entries) and entries[next_entry].start < target:
                    next_entry += 1
                while next_section < len(sections) and sections[next_section].start < target:
                    next_section += 1
                while next_issue < len(issues) and issues[next_issue].start < target:
                    next_issue += 1
                if (
                    (next_entry < len(entries) and entries[next_entry].start == target)
                    or (next_section < len(sections) and sections[next_section].start == target)
                    or (next_issue < len(issues) and issues[next_issue].start == target)
                ):
                    break
            fresh.append(token)
        else:
            next_entry, next_section, next_issue = len(entries), len(sections), len(issues)

        gone_entries = entries[first_entry:next_entry]
        gone_sections = sections[first_section:next_section]
        gone_issues = issues[first_issue:next_issue]
        kept_entries = entries[next_entry:]
        kept_sections = sections[next_section:]
        kept_issues = issues[next_issue:]
        previous_section = sections[first_section - 1] if first_section else None
        previous_strings = document._strings

        findings = self._section_findings
        unchecked = self._unchecked
        kept = self._kept
        device_findings = self._device_findings
        puzzles = self._token_puzzles
        if puzzles is not None:
            puzzles.difference_update(gone_entries)
            puzzles.update(token for token in fresh if token.type == "ENTRY" and _may_join_tokens(text, token))
        for token in gone_entries:
            findings.pop(token, None)
            unchecked.discard(token)
            device_findings.forget_entry(token)
        for token in gone_sections:
            findings.pop(token, None)
            unchecked.discard(token)
        for token in gone_issues:
            findings.pop(token, None)
            unchecked.discard(token)

        if delta:
            shift_entries(kept_entries, delta)
            for section in kept_sections:
                section.shift(delta)
            # Issues are tuples, equal when their places are: forget all the old ones before
            # adding the moved ones, which may sit where another one was.
            for issue in kept_issues:
                findings.pop(issue, None)
                unchecked.discard(issue)
            kept_issues = [issue._replace(start=issue.start + delta, end=issue.end + delta) for issue in kept_issues]
            unchecked.update(kept_issues)

        fresh_entries = [token for token in fresh if token.type == "ENTRY"]
        fresh_sections = [token for token in fresh if token.type == "HEADER"]
        fresh_issues = [token for token in fresh if token.type != "ENTRY" and token.type != "HEADER"]
        unchecked.update(fresh)

        # Attach entries to the header above them, as the grammar does.
        owner = previous_section
        owned = owner.entries if owner is not None else document.preamble
        owned = owned[: bisect_left(owned, restart, key=_start)]
        preamble = document.preamble
        for token in fresh:
            if token.type == "HEADER":
                if owner is None:
                    preamble = owned
                else:
                    owner.entries = owned
                owner, owned = token, []
            elif token.type == "ENTRY":
                token.section = owner
                owned.append(token)
        boundary = kept_sections[0].start if kept_sections else len(text)
        tail = kept_entries[: bisect_left(kept_entries, boundary, key=_start)]
        # Entries whose strings-section membership may have changed, for the string table below.
        string_entries = [entry for entry in gone_entries if entry.section is not None and entry.section.is_strings]
        string_entries += [entry for entry in fresh_entries if entry.section is not None and entry.section.is_strings]
        for entry in tail:
            before = entry.section
            if before is not owner:
                if (before is not None and before.is_strings) or (owner is not None and owner.is_strings):
                    string_entries.append(entry)
                if _section_kind(before) != _section_kind(owner):
                    unchecked.add(entry)  # what the section rules say about an entry depends on this
                entry.section = owner
        owned += tail
        if owner is None:
            preamble = owned
        else:
            owner.entries = owned

        for section in fresh_sections:
            kept.section_changed(section)
        if previous_section is not None:
            kept.section_changed(previous_section)

        strings_touched = any(
            section is not None and section.is_strings
            for section in (previous_section, *fresh_sections, *gone_sections)
        )
        document.replace_contents(
            text,
            encoding,
            sections[:first_section] + fresh_sections + kept_sections,
            entries[:first_entry] + fresh_entries + kept_entries,
            preamble,
            issues[:first_issue] + fresh_issues + kept_issues,
            splice_line_starts(old_starts, text, low, old_high, new_high),
            None if strings_touched else previous_strings,
        )
        if strings_touched and previous_strings is not None:
            self._forget_resolved(previous_strings, document.strings, string_entries)
        kept.text_changed(text, low, new_high)
        if self._directive_offsets is not None:
            self._directive_offsets = self._moved_directives(self._directive_offsets, text, low, new_high, delta)
        self._index = None

    def _moved_directives(self, offsets: list[int], text: str, low: int, new_high: int, delta: int) -> list[int]:
        """Where suppression comments start now: searched again on the lines of the edit, moved after it."""
        starts = self.document.line_starts
        region_start = starts[bisect_right(starts, max(low - 1, 0)) - 1]
        region_end = len(text)
        for line_end in ("\r", "\n"):
            found = text.find(line_end, new_high)
            if 0 <= found < region_end:
                region_end = found
        before = offsets[: bisect_left(offsets, region_start)]
        after = offsets[bisect_left(offsets, region_end - delta) :]
        return before + directive_offsets(text, region_start, region_end) + [offset + delta for offset in after]

    def _forget_resolved(self, before: StringTable, after: StringTable, string_entries: list[Entry]) -> None:
        """Entries using a token whose text changed read differently now: forget what was
        resolved from them and judge them again.

        Only the names of ``string_entries`` (the strings-section entries that came, went
        or changed sections) can have changed meaning; when one of their keys was never
        read, every name is compared.
        """
        names: set[str] = set()
        for entry in string_entries:
            if not entry.key_is_split:  # a gone entry's key can no longer be read from the text
                names = _effective(before).keys() | _effective(after).keys()
                break
            name = entry.key_lower
            if name is not None:
                names.add(name)
        changed_names = {name for name in names if before.entry_for(name) is not after.entry_for(name)}
        if not changed_names:
            return
        document = self.document
        text = document.text
        if len(changed_names) <= 16 and all(name.isascii() for name in changed_names):
            pattern = re.compile("%(?:" + "|".join(re.escape(name) for name in changed_names) + ")%", re.IGNORECASE)
            offsets = [match.start() for match in pattern.finditer(text)]
        else:
            # Every %name% in the text, overlapping ones too, checked against the names as lookups fold them.
            offsets = [match.start() for match in _ANY_TOKEN.finditer(text) if match.group(1).lower() in changed_names]
        # The section rules only ask whether a token is defined.
        definedness_changed = any(
            (before.entry_for(name) is None) != (after.entry_for(name) is None) for name in changed_names
        )
        entries = document.entries
        users: set[Entry] = set()
        for offset in offsets:
            position = bisect_right(entries, offset, key=_start) - 1
            if position >= 0 and offset < entries[position].end:
                users.add(entries[position])
        if self._token_puzzles is None:
            self._token_puzzles = {entry for entry in entries if _may_join_tokens(text, entry)}
        kept = self._kept
        for entry in users | self._token_puzzles:
            entry.forget_resolved()
            kept.meaning_changed(entry)
        if definedness_changed:
            self._unchecked.update(users)  # the section rules read tokens as written

    # -- checking ------------------------------------------------------------------------

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
            by_scope[settings.rule.scope].append(settings)

        diagnostics = self._section_rule_findings(by_scope["section"])
        index = self.index
        diagnostics += self._device_findings.findings(document, models_blocks(self._kept), by_scope["device-id"])
        diagnostics += run_rules(RuleContext(document, index=index), by_scope["document"])
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
            found = run_rules(RuleContext(view), rules)
            owners = _distribute(document, tokens, found) if found else {}
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
            diagnostics += _shift_diagnostics(token_findings, moved) if moved else token_findings
        return diagnostics


def _may_join_tokens(text: str, entry: Entry) -> bool:
    """Whether removing quotes or joining continued lines may make a %token% in the entry's values."""
    start, end = entry.start, entry.end
    if text.find("%", start, end) < 0:
        return False
    return text.find('"', start, end) >= 0 or text.find("\n", start, end) >= 0 or text.find("\r", start, end) >= 0


def _section_kind(section: Section | None) -> str:
    """What the section rules may know of the section an entry is in."""
    if section is None:
        return "none"
    return "strings" if section.is_strings else "other"


def _effective(table: StringTable) -> dict[str, Entry]:
    """Token name -> the entry a token resolves from when no language is asked for."""
    effective = dict(table.base)
    for localized in table.localized.values():
        for name, entry in localized.items():
            effective.setdefault(name, entry)
    return effective
