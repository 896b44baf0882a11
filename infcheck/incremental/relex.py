"""Lexing the lines an edit touched again, and fitting the new tokens into the document.

Every entry and header the edit left alone is kept (moved along when text before it grew or
shrank); the index's kept parts and the kept findings are told what came, went or now means
something else.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import TYPE_CHECKING

from infcheck.decode import Encoding
from infcheck.document import Document, Entry, Section, StringTable, SyntaxIssue, shift_entries
from infcheck.lines import NEWLINE, splice_line_starts
from infcheck.parse import get_parser
from infcheck.suppress import directive_offsets

if TYPE_CHECKING:
    from infcheck.incremental.checker import IncrementalChecker

Token = Entry | Section | SyntaxIssue  # what the lexer produces: one per logical line

_start = attrgetter("start")
_ANY_TOKEN = re.compile(r'%(?=([^%\r\n,"]*)%)')  # where a %token% could start, and its name


def apply_edit(checker: IncrementalChecker, text: str, encoding: Encoding, stretch: tuple[int, int, int]) -> None:
    """Make the checker's document hold ``text``, which replaced ``text[low:old_high]`` of the
    old text by ``text[low:new_high]`` (``stretch``), lexing again only the lines the edit touched."""
    document = checker.document
    low, old_high, new_high = stretch
    delta = new_high - old_high
    previous_strings = document._strings
    old_starts = document.line_starts
    splice = _relex(document, text, _restart(document, low), new_high, delta)
    _forget_gone(checker, splice, text)
    kept_issues = _move_kept(checker, splice, delta)
    checker._unchecked.update(splice.fresh)
    preamble, string_entries = _attach_entries(checker, splice, text)
    _mark_changed_sections(checker, splice)
    strings_touched = any(
        section is not None and section.is_strings
        for section in (splice.previous_section, *splice.fresh_sections, *splice.gone_sections)
    )
    sections, entries, issues = document.sections, document.entries, document.syntax_issues
    document.replace_contents(
        text,
        encoding,
        sections[: splice.first_section] + splice.fresh_sections + splice.kept_sections,
        entries[: splice.first_entry] + splice.fresh_entries + splice.kept_entries,
        preamble,
        issues[: splice.first_issue] + splice.fresh_issues + kept_issues,
        splice_line_starts(old_starts, text, low, old_high, new_high),
        None if strings_touched else previous_strings,
    )
    if strings_touched and previous_strings is not None:
        _forget_resolved(checker, previous_strings, document.strings, string_entries)
    checker._kept.text_changed(text, low, new_high)
    if checker._directive_offsets is not None:
        checker._directive_offsets = _moved_directives(checker, checker._directive_offsets, text, low, new_high, delta)
    checker.forget_index()


class _Splice:
    """What lexing the edited lines again found: the new tokens, and where in the document's
    lists of entries, sections and issues they replace the old ones (``first_*`` up to ``next_*``)."""

    def __init__(
        self,
        document: Document,
        restart: int,
        fresh: list[Token],
        first: tuple[int, int, int],
        next_: tuple[int, int, int],
    ):
        self.restart = restart
        self.fresh = fresh
        self.first_entry, self.first_section, self.first_issue = first
        entries, sections, issues = document.entries, document.sections, document.syntax_issues
        next_entry, next_section, next_issue = next_
        self.gone_entries = entries[self.first_entry : next_entry]
        self.gone_sections = sections[self.first_section : next_section]
        self.gone_issues = issues[self.first_issue : next_issue]
        self.kept_entries = entries[next_entry:]
        self.kept_sections = sections[next_section:]
        self.kept_issues = issues[next_issue:]
        self.previous_section = sections[self.first_section - 1] if self.first_section else None
        self.previous_preamble = document.preamble
        self.fresh_entries = [token for token in fresh if token.type == "ENTRY"]
        self.fresh_sections = [token for token in fresh if token.type == "HEADER"]
        self.fresh_issues = [token for token in fresh if token.type != "ENTRY" and token.type != "HEADER"]


def _restart(document: Document, low: int) -> int:
    """Where to lex again from: the start of the line before the change (a CR LF may have been
    split or joined there), or the start of the logical line a continuation carries into it."""
    old_starts = document.line_starts
    restart = old_starts[bisect_right(old_starts, max(low - 1, 0)) - 1]
    moved = True
    while moved:
        moved = False
        for tokens in (document.entries, document.syntax_issues):
            position = bisect_left(tokens, restart, key=_start)
            if position and tokens[position - 1].end >= restart:
                restart = tokens[position - 1].start
                moved = True
    return restart


def _relex(document: Document, text: str, restart: int, new_high: int, delta: int) -> _Splice:
    """New tokens from ``restart`` until one starts, on a line that begins past the change, where
    an old token started: from there on the lexer sees the same text from the same place, so the
    old tokens stand, and on lines whose text is the same, so what was found in them stands too."""
    entries, sections, issues = document.entries, document.sections, document.syntax_issues
    first = (
        bisect_left(entries, restart, key=_start),
        bisect_left(sections, restart, key=_start),
        bisect_left(issues, restart, key=_start),
    )
    next_entry, next_section, next_issue = first
    document.text = text
    fresh: list[Token] = []
    for token in get_parser().scan(document, restart):
        start = token.start
        if start > new_high and NEWLINE.search(text, new_high, start):
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
    return _Splice(document, restart, fresh, first, (next_entry, next_section, next_issue))


def _forget_gone(checker: IncrementalChecker, splice: _Splice, text: str) -> None:
    """Drop what the checker knew of the tokens the edit removed; note the new entries whose
    values may join into tokens."""
    findings, unchecked, kept = checker._section_findings, checker._unchecked, checker._kept
    puzzles = checker._token_puzzles
    if puzzles is not None:
        puzzles.difference_update(splice.gone_entries)
        puzzles.update(entry for entry in splice.fresh_entries if _may_join_tokens(text, entry))
    for entry in splice.gone_entries:
        findings.pop(entry, None)
        unchecked.discard(entry)
        checker._device_findings.forget_entry(entry)
        kept.entry_gone(entry)
    for token in (*splice.gone_sections, *splice.gone_issues):
        findings.pop(token, None)
        unchecked.discard(token)


def _move_kept(checker: IncrementalChecker, splice: _Splice, delta: int) -> list[SyntaxIssue]:
    """Move the tokens after the edit by ``delta``; the issues (tuples) come back as new ones."""
    if not delta:
        return splice.kept_issues
    shift_entries(splice.kept_entries, delta)
    for section in splice.kept_sections:
        section.shift(delta)
    # Issues are tuples, equal when their places are: forget all the old ones before
    # adding the moved ones, which may sit where another one was.
    findings, unchecked = checker._section_findings, checker._unchecked
    for issue in splice.kept_issues:
        findings.pop(issue, None)
        unchecked.discard(issue)
    moved = [issue._replace(start=issue.start + delta, end=issue.end + delta) for issue in splice.kept_issues]
    unchecked.update(moved)
    return moved


def _attach_entries(checker: IncrementalChecker, splice: _Splice, text: str) -> tuple[list[Entry], list[Entry]]:
    """Attach the new entries, and the kept ones up to the next kept header, to the header above
    them, as the grammar does. Returns the preamble (the entries before the first header) and the
    entries whose strings-section membership may have changed, for the string table."""
    unchecked = checker._unchecked
    owner = splice.previous_section
    owned = owner.entries if owner is not None else splice.previous_preamble
    owned = owned[: bisect_left(owned, splice.restart, key=_start)]
    preamble = splice.previous_preamble
    for token in splice.fresh:
        if token.type == "HEADER":
            if owner is None:
                preamble = owned
            else:
                owner.entries = owned
            owner, owned = token, []
        elif token.type == "ENTRY":
            token.section = owner
            owned.append(token)
    kept_entries, kept_sections = splice.kept_entries, splice.kept_sections
    boundary = kept_sections[0].start if kept_sections else len(text)
    tail = kept_entries[: bisect_left(kept_entries, boundary, key=_start)]
    string_entries = [
        entry
        for entry in (*splice.gone_entries, *splice.fresh_entries)
        if entry.section is not None and entry.section.is_strings
    ]
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
    return preamble, string_entries


def _mark_changed_sections(checker: IncrementalChecker, splice: _Splice) -> None:
    """Tell the index's kept parts which sections' entries changed: the new ones, and the one
    the first new tokens were lexed into."""
    kept = checker._kept
    for section in splice.fresh_sections:
        kept.section_changed(section)
    if splice.previous_section is not None:
        kept.section_changed(splice.previous_section)


def _moved_directives(
    checker: IncrementalChecker, offsets: list[int], text: str, low: int, new_high: int, delta: int
) -> list[int]:
    """Where suppression comments start now: searched again on the lines of the edit, moved after it."""
    starts = checker.document.line_starts
    region_start = starts[bisect_right(starts, max(low - 1, 0)) - 1]
    region_end = len(text)
    for line_end in ("\r", "\n"):
        found = text.find(line_end, new_high)
        if 0 <= found < region_end:
            region_end = found
    before = offsets[: bisect_left(offsets, region_start)]
    after = offsets[bisect_left(offsets, region_end - delta) :]
    return before + directive_offsets(text, region_start, region_end) + [offset + delta for offset in after]


def _forget_resolved(
    checker: IncrementalChecker, before: StringTable, after: StringTable, string_entries: list[Entry]
) -> None:
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
    document = checker.document
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
    if checker._token_puzzles is None:
        checker._token_puzzles = {entry for entry in entries if _may_join_tokens(text, entry)}
    kept = checker._kept
    for entry in users | checker._token_puzzles:
        entry.forget_resolved()
        kept.meaning_changed(entry)
    if definedness_changed:
        checker._unchecked.update(users)  # the section rules read tokens as written


# -- checking ------------------------------------------------------------------------


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
