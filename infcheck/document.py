"""The document model: what an INF file says, with every piece mapped back to the file.

Rules and the language server read these objects and never see the parser.
Positions are kept as character offsets into the decoded text and turned into
1-based (line, column) spans only when somebody asks, which keeps parsing cheap.
Entries split their fields lazily for the same reason: most lines of a large
INF are never looked at by any rule.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import NamedTuple, Protocol

from infcheck.decode import Encoding
from infcheck.lines import line_starts_of
from infcheck.patterns import LazyPattern


class Syntax(Protocol):
    """The lexical rules a document needs after parsing, supplied by the parser.

    Keeping them behind this small interface lets the model split keys and
    values and find tokens lazily without knowing how the grammar is implemented.
    """

    token_pattern: re.Pattern[str]

    def split_key(self, entry: Entry) -> tuple[int, int, str] | None: ...

    def comments_within(self, entry: Entry) -> list[int]: ...

    def split_values(self, entry: Entry, after_key: int | None) -> list[Value]: ...

    def entry_tokens(self, entry: Entry) -> Iterator[TokenRef]: ...


class Span(NamedTuple):
    """A region of the file: 1-based lines and columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


class TokenRef(NamedTuple):
    """A ``%strkey%`` token inside a value; ``name`` is written without the percent signs."""

    name: str
    start: int
    end: int


class Value:
    """One comma-separated field of an entry.

    ``raw`` is the field as written (surrounding blanks trimmed), ``text`` the
    field with quotes removed, doubled quotes collapsed and continuations
    joined, and ``resolved`` the text after ``%strkey%`` substitution from the
    document's string table (``%%`` becomes ``%``; unknown tokens stay as written).

    A value keeps its place relative to its entry, so moving an entry (when text
    is inserted above it) moves its values for free: ``low`` and ``high`` bound
    the field as offsets from the entry's start.
    """

    __slots__ = ("_high", "_low", "_resolved", "entry", "text")

    def __init__(self, entry: Entry, low: int, high: int, text: str):
        self.entry = entry
        self._low = low
        self._high = high
        self.text = text
        self._resolved: str | None = None

    def __repr__(self) -> str:
        return f"Value({self.raw!r})"

    @property
    def document(self) -> Document:
        return self.entry.document

    @property
    def start(self) -> int:
        return self.entry.start + self._low

    @property
    def end(self) -> int:
        return self.entry.start + self._high

    @property
    def raw(self) -> str:
        base = self.entry.start
        return self.entry.document.text[base + self._low : base + self._high]

    @property
    def span(self) -> Span:
        base = self.entry.start
        return self.entry.document.span(base + self._low, base + self._high)

    @property
    def is_empty(self) -> bool:
        return self._low == self._high

    @property
    def resolved(self) -> str:
        resolved = self._resolved
        if resolved is None:
            text = self.text
            resolved = self._resolved = self.entry.document.strings.substitute(text) if "%" in text else text
        return resolved

    def span_of(self, offset_in_raw: int, length: int) -> Span:
        """The span of ``length`` characters starting ``offset_in_raw`` into :attr:`raw`."""
        start = self.entry.start + self._low + offset_in_raw
        return self.entry.document.span(start, start + length)


_UNSPLIT = object()  # a key not split yet (None means the entry has no key)


class Entry:
    """One logical line of a section: ``key = value, value`` or a bare value list.

    A logical line may cover several physical lines joined by ``\\`` continuations.
    The key and the values are split from the text the first time they are asked for.
    """

    __slots__ = ("_key", "_values", "document", "end", "section", "start")

    def __init__(self, document: Document, start: int, end: int):
        self.document = document
        self.section: Section | None = None
        self.start = start
        self.end = end
        self._key: object = _UNSPLIT
        self._values: list[Value] | None = None

    def __repr__(self) -> str:
        return f"Entry({self.text!r})"

    def _relative_key(self) -> tuple[int, int, str, str] | None:
        """The key's bounds relative to the entry's start, its text and its text in lower case.

        The bounds are kept relative so that moving the entry moves the key too, and the
        lower-case text is kept because rules and the index compare keys that way many times."""
        key = self._key
        if key is _UNSPLIT:
            found = self.document.syntax.split_key(self)
            if found is None:
                key = self._key = None
            else:
                start = self.start
                key = self._key = (found[0] - start, found[1] - start, found[2], found[2].lower())
        return key  # type: ignore[return-value]

    def _split_key(self) -> tuple[int, int, str] | None:
        key = self._relative_key()
        if key is None:
            return None
        start = self.start
        return start + key[0], start + key[1], key[2]

    @property
    def text(self) -> str:
        """The logical line as written, without its trailing blanks or comment."""
        return self.document.text[self.start : self.end].rstrip(" \t\r\n")

    @property
    def key_is_split(self) -> bool:
        """Whether the key was already split from the text (reading it costs no look at the text)."""
        return self._key is not _UNSPLIT

    # The properties below read ``_key`` first and split only when it is not split yet: rules
    # ask for keys tens of thousands of times in a large file, and each call counts.

    @property
    def key(self) -> str | None:
        """The key as written (unquoted, trimmed), or ``None`` for a bare value line."""
        key = self._key
        if key is _UNSPLIT:
            key = self._relative_key()
        return None if key is None else key[2]  # type: ignore[index]

    @property
    def key_lower(self) -> str | None:
        key = self._key
        if key is _UNSPLIT:
            key = self._relative_key()
        return None if key is None else key[3]  # type: ignore[index]

    @property
    def key_span(self) -> Span | None:
        key = self._split_key()
        return None if key is None else self.document.span(key[0], key[1])

    @property
    def key_bounds(self) -> tuple[int, int] | None:
        """The offsets of the key in the document's text, or ``None`` for a bare value line."""
        key = self._split_key()
        return None if key is None else (key[0], key[1])

    @property
    def values(self) -> list[Value]:
        values = self._values
        if values is None:
            key = self._key
            if key is _UNSPLIT:
                key = self._relative_key()
            document = self.document
            after_key = None if key is None else document.text.index("=", self.start + key[1])  # type: ignore[index]
            values = self._values = document.syntax.split_values(self, after_key)
        return values

    @property
    def tokens(self) -> Iterator[TokenRef]:
        """The ``%strkey%`` tokens written in the key and values, in order (``%%`` excluded)."""
        if self.document.text.find("%", self.start, self.end) < 0:
            return iter(())
        return self.document.syntax.entry_tokens(self)

    def value(self, index: int) -> Value | None:
        values = self._values
        if values is None:
            values = self.values
        return values[index] if index < len(values) else None

    @property
    def span(self) -> Span:
        return self.document.span(self.start, self.start + len(self.text))

    @property
    def line(self) -> int:
        return self.document.position(self.start)[0]

    @property
    def end_line(self) -> int:
        return self.document.position(self.start + len(self.text))[0]

    # -- keeping an entry across edits (used by the incremental checker) --------------------

    def shift(self, delta: int) -> None:
        """Move the entry, with the key and values already split from it, by ``delta`` characters."""
        self.start += delta
        self.end += delta

    def forget_resolved(self) -> None:
        """Drop the values' resolved texts, which are stale once the string table changed."""
        if self._values:
            for value in self._values:
                value._resolved = None


def shift_entries(entries: list[Entry], delta: int) -> None:
    """:meth:`Entry.shift` for many entries at once; written out because an edit near the top of
    a large file moves tens of thousands of them and every call would count."""
    for entry in entries:
        entry.start += delta
        entry.end += delta


def written_key(text: str, entry: Entry) -> str | None:
    """``entry``'s key in lower case as Entry.key_lower gives it for any key a directive can
    have, without splitting the entry where it need not: ``None`` for a line without '='.

    Before the '=', a quote or a continuation makes the parser's key differ from the text written,
    and the parser is asked. Otherwise the key is that text, trimmed; only a key holding a comma
    or a ``%token%`` (a directive name holds neither) may then differ from the parser's."""
    start = entry.start
    equals = text.find("=", start, entry.end)
    if equals < 0:
        return None
    head = text[start:equals]
    if '"' in head or "\\" in head:
        return entry.key_lower
    return head.strip(" \t").lower()


class Section:
    """One ``[name]`` header and the entries under it, up to the next header.

    ``name`` is everything between the brackets, blanks included, and ``key``
    the lower-case name Windows looks the section up by;
    ``is_strings`` tells ``[Strings]`` and ``[Strings.LanguageID]`` apart,
    since their keys are token names, not directives. ``start`` and ``end``
    bound the ``[name]`` itself.
    """

    __slots__ = ("document", "end", "entries", "is_strings", "key", "name", "start", "trailing")

    def __init__(
        self,
        document: Document,
        name: str,
        start: int,
        end: int,
        entries: list[Entry],
        trailing: tuple[int, int] | None = None,
    ):
        self.document = document
        self.name = name
        self.key = key = name.lower()
        self.is_strings = key == "strings" or (key.startswith("strings.") and not key.endswith((" ", "\t")))
        self.start = start
        self.end = end
        self.entries = entries
        self.trailing = trailing  # bounds of text after the ']' that is not a comment (Windows ignores it)

    def __repr__(self) -> str:
        return f"Section({self.name!r}, {len(self.entries)} entries)"

    @property
    def header_span(self) -> Span:
        return self.document.span(self.start, self.end)

    @property
    def name_span(self) -> Span:
        """The span of the name: everything between the brackets, as Windows reads it."""
        return self.document.span(self.start + 1, self.end - 1)

    @property
    def line(self) -> int:
        return self.document.position(self.start)[0]

    def shift(self, delta: int) -> None:
        """Move the header by ``delta`` characters (used by the incremental checker)."""
        self.start += delta
        self.end += delta
        if self.trailing is not None:
            self.trailing = (self.trailing[0] + delta, self.trailing[1] + delta)


class SyntaxIssue(NamedTuple):
    """A line the grammar could not read, with the reason in plain words."""

    start: int
    end: int
    reason: str


class Document:
    """A parsed INF file.

    ``sections`` keeps every header in file order, duplicates included, and
    ``entries`` every entry in file order, those before the first section too;
    :meth:`sections_named` returns all occurrences of a name, and
    :meth:`entries_in` walks them as the single merged section Windows sees.
    """

    kind = "inf"  # the engine runs INF rules on it (a publishing plan's kind is "plan")

    def __init__(
        self,
        path: str,
        text: str,
        encoding: Encoding,
        syntax: Syntax,
    ):
        self.path = path
        self.text = text
        self.encoding = encoding
        self.sections: list[Section] = []
        self.preamble: list[Entry] = []
        self.syntax_issues: list[SyntaxIssue] = []
        self.syntax = syntax
        self._by_key: dict[str, list[Section]] = {}
        self._line_starts: Sequence[int] | None = None
        self._strings: StringTable | None = None
        self.entries: list[Entry] = []
        self._entry_starts: list[int] | None = None
        # What later layers work out from this text (the engine's index), kept as long as the
        # document and no longer: a table beside it, keyed on the document, would keep it alive.
        self.derived: dict[str, object] = {}

    # -- building (used by the parser only) -------------------------------------------------

    def add_section(self, section: Section) -> None:
        self.sections.append(section)
        # Not setdefault: that builds an empty list for every header, and most names are new.
        same_name = self._by_key.get(section.key)
        if same_name is None:
            self._by_key[section.key] = [section]
        else:
            same_name.append(section)

    def replace_contents(
        self,
        text: str,
        encoding: Encoding,
        sections: list[Section],
        entries: list[Entry],
        preamble: list[Entry],
        syntax_issues: list[SyntaxIssue],
        line_starts: Sequence[int] | None = None,
        strings: StringTable | None = None,
    ) -> None:
        """Take a new text and the parts parsed from it, in place.

        The incremental checker keeps one document per open file and reuses the
        entries an edit did not touch, which keep pointing at this object.
        ``strings`` is the string table when it is known to be unchanged.
        """
        self.text = text
        self.encoding = encoding
        self.sections = sections
        self._by_key = {}
        for section in sections:
            self._by_key.setdefault(section.key, []).append(section)
        self.entries = entries
        self.preamble = preamble
        self.syntax_issues = syntax_issues
        self._line_starts = line_starts
        self._entry_starts = None
        self._strings = strings
        self.derived = {}

    def release(self) -> None:
        """Let go of everything parsed from the text, once nothing will read this document again
        (only its path, text, encoding and syntax issues stay readable).

        A document and its parts refer to each other (each entry to its document and section,
        each value to its entry, the index to the document and back), so without this only the
        garbage collector frees them, after walking every one: over a batch of files that walk
        costs about a tenth of the check. With the links cut, reference counting frees the
        parts as soon as the caller drops the document.
        """
        for derived in self.derived.values():
            release = getattr(derived, "release", None)
            if release is not None:
                release()
        self.derived = {}
        for section in self.sections:
            section.entries = []
        for entry in self.entries:
            entry.section = None
            entry._values = None
        self.sections = []
        self.entries = []
        self.preamble = []
        self._by_key = {}
        self._strings = None
        self._entry_starts = None

    def view(
        self, sections: list[Section], entries: list[Entry], preamble: list[Entry], syntax_issues: list[SyntaxIssue]
    ) -> Document:
        """A document holding only some of this one's parts, sharing its text, positions and string table.

        Rules whose findings about a stretch of the file depend only on that
        stretch can be run over such a view to check just the stretches that changed.
        """
        view = Document(self.path, self.text, self.encoding, self.syntax)
        view.sections = sections
        for section in sections:
            view._by_key.setdefault(section.key, []).append(section)
        view.entries = entries
        view.preamble = preamble
        view.syntax_issues = syntax_issues
        view._line_starts = self.line_starts
        view._strings = self.strings
        return view

    # -- lookup --------------------------------------------------------------------------

    def sections_named(self, name: str) -> list[Section]:
        """Every occurrence of the section called ``name``, in file order. Windows compares names
        without regard to case but with their blanks: ``" Version "`` is not ``"Version"``."""
        return self._by_key.get(name.lower(), [])

    def has_section(self, name: str) -> bool:
        return name.lower() in self._by_key

    def entries_in(self, name: str) -> Iterator[Entry]:
        """The entries of a section, merged across duplicate headers as Windows does."""
        sections = self._by_key.get(name.lower())
        if sections is None:
            return iter(())
        if len(sections) == 1:  # the usual case, walked without a generator's step per entry
            return iter(sections[0].entries)
        return chain.from_iterable([section.entries for section in sections])

    def section_keys(self) -> list[str]:
        return list(self._by_key)

    def _entries_starting_by(self, offset: int) -> int:
        """How many entries start at or before ``offset``."""
        starts = self._entry_starts
        if starts is None:
            starts = self._entry_starts = [entry.start for entry in self.entries]
        return bisect_right(starts, offset)

    def entry_at(self, offset: int) -> Entry | None:
        """The entry whose text contains the character at ``offset``, if any."""
        entry = self.entry_before(offset + 1)
        return entry if entry is not None and offset < entry.end else None

    def entry_before(self, offset: int) -> Entry | None:
        """The last entry that starts before ``offset``."""
        index = self._entries_starting_by(offset - 1)
        return self.entries[index - 1] if index else None

    def entry_after(self, offset: int) -> Entry | None:
        """The first entry that starts at or after ``offset``."""
        index = self._entries_starting_by(offset - 1)
        return self.entries[index] if index < len(self.entries) else None

    @property
    def strings(self) -> StringTable:
        if self._strings is None:
            self._strings = StringTable(self)
        return self._strings

    # -- positions -----------------------------------------------------------------------

    @property
    def line_starts(self) -> Sequence[int]:
        if self._line_starts is None:
            self._line_starts = line_starts_of(self.text)
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a character offset."""
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based (line, column); clamps past the end."""
        starts = self.line_starts
        if line > len(starts):
            return len(self.text)
        return min(starts[max(line, 1) - 1] + column - 1, len(self.text))

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        if end <= start:
            return Span(line, column, line, column)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    @property
    def start_span(self) -> Span:
        """Where to point for a problem with the file as a whole."""
        return Span(1, 1, 1, 1)


_LANGUAGE_ID = LazyPattern(r"^[0-9a-f]{4}$")


class StringTable:
    """The ``[Strings]`` and ``[Strings.LanguageID]`` sections of a document.

    Keys are case-insensitive. For a given language Windows reads one section:
    the exact language, else the same primary language with the neutral
    sublanguage, else the same primary language with any sublanguage, else the
    undecorated ``[Strings]`` (which is why every localized section must repeat
    every token). Without a language, as when linting, a token resolves from
    ``[Strings]`` and otherwise from the first localized section defining it.
    """

    def __init__(self, document: Document):
        self.document = document
        self.base: dict[str, Entry] = {}
        self.localized: dict[str, dict[str, Entry]] = {}
        self.localized_sections: dict[str, list[Section]] = {}
        self._substitute_tokens = document.syntax.token_pattern.sub
        self._replacements: dict[str, str] = {}  # token as written -> its text, without a language
        for section in document.sections:
            key = section.key
            if key == "strings":
                table = self.base
            elif key.startswith("strings."):
                language = key[len("strings.") :].strip()
                table = self.localized.setdefault(language, {})
                self.localized_sections.setdefault(language, []).append(section)
            else:
                continue
            for entry in section.entries:
                name = entry.key_lower
                if name is not None and name not in table:
                    table[name] = entry

    @staticmethod
    def is_language_id(language: str) -> bool:
        return bool(_LANGUAGE_ID.match(language.lower()))

    def defines(self, name: str) -> bool:
        name = name.lower()
        return name in self.base or any(name in table for table in self.localized.values())

    def entry_for(self, name: str, language: str | None = None) -> Entry | None:
        name = name.lower()
        if language is not None:
            return self.table_for(language).get(name)
        entry = self.base.get(name)
        if entry is None:
            entry = next((table[name] for table in self.localized.values() if name in table), None)
        return entry

    def lookup(self, name: str, language: str | None = None) -> str | None:
        """The string a token stands for (its first field, unquoted), or ``None``."""
        entry = self.entry_for(name, language)
        if entry is None:
            return None
        first = entry.value(0)
        return first.text if first is not None else ""

    def table_for(self, language: str) -> dict[str, Entry]:
        """The one strings section Windows reads on a system with ``language`` (four hex digits)."""
        language = language.lower()
        if language in self.localized:
            return self.localized[language]
        if self.is_language_id(language):
            primary = int(language, 16) & 0x3FF
            neutral = f"{primary:04x}"
            if neutral in self.localized:
                return self.localized[neutral]
            for other, table in self.localized.items():
                if self.is_language_id(other) and int(other, 16) & 0x3FF == primary:
                    return table
        return self.base

    def substitute(self, text: str, language: str | None = None) -> str:
        """Replace ``%strkey%`` tokens in ``text``; ``%%`` becomes ``%``; unknown tokens stay."""
        if language is None:
            return self._substitute_tokens(self._remembered_replacement, text)
        return self._substitute_tokens(lambda match: self._replacement(match, language), text)

    def _remembered_replacement(self, match: re.Match[str]) -> str:
        """The replacement of a token without a language, looked up once per token as written:
        a document uses the same few tokens in many values."""
        token = match.group()
        replacement = self._replacements.get(token)
        if replacement is None:
            replacement = self._replacements[token] = self._replacement(match, None)
        return replacement

    def _replacement(self, match: re.Match[str], language: str | None) -> str:
        name = match.group()[1:-1]
        if not name:
            return "%"
        value = self.lookup(name, language)
        return match.group(0) if value is None else value
