"""Suppression comments.

* ``; noqa`` or ``; noqa: CODE[,CODE]`` at the end of a line silences those
  codes (or all) on that line; on a line continued with ``\\`` it covers the
  whole logical line.
* ``; infcheck: disable-next-line CODE[,CODE]`` silences them on the next
  header or entry.
* ``; infcheck: disable-file CODE[,CODE]`` anywhere silences them in the whole file.

Publishing plans (TOML) take the same comments after ``#``.

A code is three or four letters and up to three digits, so prefixes such as ``PUB`` or
``INF1`` work too; the list ends at the first word that is not a code, so a
reason may follow (``; noqa: PUB004 granted by Microsoft``). A bare ``; noqa``
and the ``disable`` forms without codes silence everything; ``; noqa:`` followed
by no code silences nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache

from infcheck.diagnostics import Diagnostic
from infcheck.document import Document, Entry, Section
from infcheck.patterns import LazyPattern

ALL = frozenset({"*"})
_NOTHING: frozenset[str] = frozenset()
_CODE_WORD = LazyPattern(r"[A-Za-z]{3,4}[0-9]{0,3}")


@cache
def _directive(marker: str = ";") -> re.Pattern[str]:
    """The comment syntax after ``marker``, compiled the first time a file mentions it (most never do)."""
    return re.compile(
        re.escape(marker)
        + r"[ \t]*(?:(?P<noqa>noqa)(?P<colon>[ \t]*:)?|infcheck[ \t]*:[ \t]*(?P<kind>disable-next-line|disable-file))"
        r"(?P<rest>[^\r\n]*)",
        re.IGNORECASE,
    )


def _codes(rest: str, listed: bool) -> frozenset[str]:
    """The codes written after a directive; ``listed`` says a list was promised (``noqa:``)."""
    codes = []
    for word in re.split(r"[\s,]+", rest.strip()):
        if not _CODE_WORD.fullmatch(word):
            break
        codes.append(word.upper())
    if codes:
        return frozenset(codes)
    return _NOTHING if listed else ALL


def _matches(codes: frozenset[str], code: str) -> bool:
    return codes is ALL or any(code.startswith(selector) for selector in codes)


class Suppressions:
    """Which codes are silenced for the whole file and on which lines."""

    def __init__(self) -> None:
        self.file_codes: frozenset[str] = _NOTHING
        self.line_codes: dict[int, frozenset[str]] = {}

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        if _matches(self.file_codes, diagnostic.code):
            return True
        codes = self.line_codes.get(diagnostic.span.line)
        return codes is not None and _matches(codes, diagnostic.code)

    def add_file(self, codes: frozenset[str]) -> None:
        self.file_codes = ALL if ALL in (codes, self.file_codes) else self.file_codes | codes

    def add_lines(self, first: int, last: int, codes: frozenset[str]) -> None:
        for line in range(first, last + 1):
            existing = self.line_codes.get(line, _NOTHING)
            self.line_codes[line] = ALL if ALL in (codes, existing) else existing | codes


def directive_offsets(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where the comments that look like suppressions begin in ``text[start:end]``.

    A directive never reaches past the end of its line, so for a stretch made of
    whole lines this finds what a search of the whole text finds there; the
    incremental checker searches again only the lines an edit touched.
    """
    if end is None:
        end = len(text)
    lowered = text[start:end].lower()  # a plain search of a lowered copy beats a case-blind regex
    if "noqa" not in lowered and "infcheck" not in lowered:
        return []
    return [match.start() for match in _directive().finditer(text, start, end)]


def find_suppressions(document: Document, offsets: list[int] | None = None) -> Suppressions:
    """Read every suppression comment in the document (those at ``offsets``, when known)."""
    suppressions = Suppressions()
    text = document.text
    if offsets is None:
        offsets = directive_offsets(text)
    directive = _directive()
    for offset in offsets:
        match = directive.match(text, offset)
        if match is None:
            continue  # an offset from a caller that lost track of the text; nothing to read there
        entry = document.entry_at(match.start())
        if entry is not None and match.start() not in document.syntax.comments_within(entry):
            continue  # a ';' inside a quoted string or a token is not a comment
        if match.group("noqa"):
            codes = _codes(match.group("rest"), listed=bool(match.group("colon")))
            suppressions.add_lines(*_lines_of_comment(document, match.start()), codes)
            continue
        codes = _codes(match.group("rest"), listed=False)
        if match.group("kind").lower() == "disable-file":
            suppressions.add_file(codes)
        else:
            following = _next_item(document, match.end())
            if following is not None:
                suppressions.add_lines(*following, codes)
    return suppressions


def _lines(document: Document, item: Entry | Section) -> tuple[int, int]:
    return document.position(item.start)[0], document.position(max(item.start, item.end - 1))[0]


def _lines_of_comment(document: Document, offset: int) -> tuple[int, int]:
    """The lines a trailing comment speaks for: every line of the entry it ends, or its own line."""
    line = document.position(offset)[0]
    entry = document.entry_before(offset)
    if entry is not None and _lines(document, entry)[1] == line:
        return _lines(document, entry)
    return line, line


def _next_item(document: Document, offset: int) -> tuple[int, int] | None:
    """The lines of the first header or entry after ``offset``."""
    entry = document.entry_after(offset)
    section = next((section for section in document.sections if section.start >= offset), None)
    items = [item for item in (entry, section) if item is not None]
    if not items:
        return None
    return _lines(document, min(items, key=lambda item: item.start))


def find_comment_suppressions(comments: Iterable, statement_lines: Sequence[int]) -> Suppressions:
    """Suppressions in a TOML file, written after ``#``: ``comments`` are its real comments
    (line, column, text after the ``#``) and ``statement_lines`` the first lines of its headers
    and key/value pairs, in order, for ``disable-next-line``."""
    suppressions = Suppressions()
    directive = _directive("#")
    for comment in comments:
        match = directive.match("#" + comment.text)
        if match is None:
            continue
        if match.group("noqa"):
            codes = _codes(match.group("rest"), listed=bool(match.group("colon")))
            suppressions.add_lines(comment.line, comment.line, codes)
            continue
        codes = _codes(match.group("rest"), listed=False)
        if match.group("kind").lower() == "disable-file":
            suppressions.add_file(codes)
            continue
        following = bisect_right(statement_lines, comment.line)
        if following < len(statement_lines):
            line = statement_lines[following]
            suppressions.add_lines(line, line, codes)
    return suppressions
