"""Parse INF text into a :class:`~infcheck.document.Document` with Lark's LALR parser.

This is the only module that knows Lark exists. The grammar is
``inf_grammar.lark``; its LALR parser groups lines into sections and runs
without building a tree (the transformer below builds the document directly).

Lexing follows the grammar's own terminals but is done by :class:`LineLexer`,
which compiles those terminal definitions into one regular expression (ignored
text, then one token) and makes the model objects themselves the tokens it
feeds to the parser state. It produces the same tokens as Lark's standard
lexer (a test checks this on the sample corpus) at several times its speed.
No single match runs over more than a window of text: a line longer than that
is matched in steps of a bounded number of repetitions, so memory stays in
proportion to the line whatever it holds.

The fields of an entry are split on demand with the same terminal
definitions (quoted strings, ``%strkey%`` tokens, continuations), so a value is
delimited by exactly the rules that delimited its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from infcheck.decode import Encoding, decode
from infcheck.document import Document, Entry, Section, SyntaxIssue, TokenRef, Value

# Lark's classes come through grammar_cache, which imports them without Lark's grammar loader.
from infcheck.grammar_cache import Lexer, NonTerminal, Rule, Transformer, load_parser

GRAMMAR_FILE = "inf_grammar.lark"


def grammar_path() -> Path:
    """Where ``inf_grammar.lark`` is: inside the installed package, or at the source root."""
    here = Path(__file__).resolve().parent
    for candidate in (here / GRAMMAR_FILE, here.parent / GRAMMAR_FILE):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{GRAMMAR_FILE} is missing from the infcheck installation")


# sre keeps state for every repetition of a group during a match (about 200 bytes),
# so no single match may run over more than this many characters of a document ...
MATCH_WINDOW = 1 << 16
# ... or repeat a group more than this many times.
STEP_REPEATS = 1 << 12
# Within such a step a quoted string may hold at most this many doubled quotes; a string with
# more is taken on its own, in steps, so no step repeats more than STEP_REPEATS * QUOTED_REPEATS groups.
QUOTED_REPEATS = 16

_LINE_BREAK = re.compile(r"[\r\n]").search


class _EntryToken(Entry):
    """An entry as the lexer hands it to the LALR parser, which only reads ``type``."""

    __slots__ = ()
    type = "ENTRY"


class _EntryRun(list):
    """Consecutive entries of a body, fed to the LALR parser as one ``ENTRY`` token (see :meth:`LineLexer.lex`)."""

    __slots__ = ()
    type = "ENTRY"


class _HeaderToken(Section):
    __slots__ = ()
    type = "HEADER"


class _InvalidToken(SyntaxIssue):
    __slots__ = ()
    type = "INVALID"


class _StrayCharacter(SyntaxIssue):
    __slots__ = ()
    type = None


class LineLexer(Lexer):
    """Scan a document with the grammar's terminals, one regex match per token.

    Each match skips a run of ignored terminals (blanks, comments, line ends)
    and then takes one token, trying the terminals in Lark's own order
    (priority, then width), so the result is the token stream Lark's lexer
    would produce. Entries and sections are registered with the document as
    they are found.
    """

    __future_interface__ = 0

    def __init__(self, lexer_conf: Any, window: int = MATCH_WINDOW, step: int = STEP_REPEATS):
        terminals = sorted(
            lexer_conf.terminals,
            key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name),
        )
        pieces = set(_KeepPieceTerminals.always_accept)
        ignored = [t for t in terminals if t.name in lexer_conf.ignore]
        tokens = [t for t in terminals if t.name not in lexer_conf.ignore and t.name not in pieces]
        flags = 0
        for terminal in terminals:
            for flag in terminal.pattern.flags:
                flags |= getattr(re, flag.upper())
        # Ignored text, then one token: a single match per token.
        ignorable = "(?:{})".format("|".join(t.pattern.to_regexp() for t in ignored))
        alternatives = "|".join(f"(?P<{t.name}>{t.pattern.to_regexp()})" for t in tokens)
        self._next = _compiled(f"{ignorable}*(?:{alternatives})?", flags).match
        # The same terminals in bounded steps, for the rare line too long for one match.
        self._window = window
        parts = {t.name: t.pattern.to_regexp() for t in lexer_conf.terminals}
        self._skip_step_pattern = (f"{ignorable}{{0,{step}}}", flags)  # compiled on first use, as the steps are
        quoted = _QuotedStrings(parts, step)
        self._stepped_tokens = [_SteppedTerminal(t.name, parts, step, flags, quoted) for t in tokens]

    def lex(self, document: Document):  # type: ignore[override]
        """The tokens for the LALR parser; entries, sections and syntax issues are registered with the document.

        Consecutive entries go to the parser as one ``ENTRY`` token, an :class:`_EntryRun`
        holding them all: the grammar reduces each entry of a body the same way
        (``body ENTRY -> add_entry``, whatever came before), so one shift and one reduction
        for the run build the same document as one of each per entry, at a fraction of the cost.
        """
        entries = document.entries
        issues = document.syntax_issues
        run_start = -1  # where the run of entries being gathered starts in ``entries``; -1 when there is none
        for token in self.scan(document, 0):
            kind = token.type
            if kind == "ENTRY":
                if run_start < 0:
                    run_start = len(entries)
                entries.append(token)
                continue
            if run_start >= 0:
                yield _EntryRun(entries[run_start:])
                run_start = -1
            if kind == "HEADER":
                document.add_section(token)
            else:
                issues.append(token)
                if kind is None:
                    continue  # not a token the grammar knows: nothing to feed the parser
            yield token
        if run_start >= 0:
            yield _EntryRun(entries[run_start:])

    def scan(self, document: Document, position: int):
        """The tokens of ``document.text`` from ``position`` on, without registering them anywhere.

        Lexing can start at the beginning of any line no continuation reaches
        into: each token is matched from where the previous one ended, so the
        tokens from such a line on are the same as when lexing from the start.
        A character no terminal accepts comes out as a :class:`SyntaxIssue` whose ``type`` is ``None``.
        """
        text = document.text
        size = len(text)
        next_token = self._next
        window = self._window
        while position < size:
            limit = position + window
            if limit >= size:
                match = next_token(text, position)
                kind = match.lastgroup
                end = match.end()
                start = end if kind is None else match.start(kind)
            else:
                match = next_token(text, position, limit)
                end = match.end()
                # A match that stops short of the window's end, before a line break
                # inside it, looked at nothing beyond that line break: it is the
                # match the whole text gives. Otherwise take the token in steps.
                if end < limit and (text[end] in "\r\n" or _LINE_BREAK(text, end, limit)):
                    kind = match.lastgroup
                    start = end if kind is None else match.start(kind)
                else:
                    kind, start, end = self._stepped_match(text, position)
            if kind is None:
                if end >= size:
                    return
                # Only a character no terminal accepts; the grammar makes this unreachable.
                yield _StrayCharacter(end, end + 1, "unexpected character")
                position = end + 1
                continue
            if kind == "ENTRY":
                yield _EntryToken(document, start, end)
            elif kind == "HEADER":
                close = text.index("]", start)
                # Windows keeps blanks inside the brackets: `[ Version ]` names the section " Version ".
                yield _HeaderToken(
                    document,
                    text[start + 1 : close],
                    start,
                    close + 1,
                    [],
                    _trailing(text, close + 1, end) if close + 1 < end else None,  # most headers end at the ']'
                )
            else:
                yield _InvalidToken(start, end, _describe_invalid(text[start:end]))
            position = end

    def _stepped_match(self, text: str, position: int) -> tuple[str | None, int, int]:
        """The kind and bounds of the next token, as one match of the whole text would give
        them, found in steps of a bounded number of repetitions; ``None`` for the kind when
        no token follows the ignored text."""
        skip_step = _compiled(*self._skip_step_pattern).match
        while True:
            skipped = skip_step(text, position).end()
            if skipped == position:
                break
            position = skipped
        for terminal in self._stepped_tokens:
            end = terminal.match(text, position)
            if end is not None:
                return terminal.name, position, end
        return None, position, position


class _SteppedTerminal:
    """A line terminal matched in steps: its head, then its parts a bounded number at a time, then its end.

    The grammar writes each repeating line terminal ``X`` as ``_X_HEAD _X_PART* _X_END``
    (or ``_X_PART+``); a terminal without parts repeats no group and is matched whole.
    The parts never overlap (each starts where exactly one of them can), so taking them a
    few thousand at a time ends where taking them all at once would. A quoted string
    inside a part, which repeats a group per doubled quote, is bounded the same way
    (see :class:`_QuotedStrings`); plain text (``_PLAIN``) follows one.
    """

    def __init__(
        self, name: str, patterns: dict[str, str], step: int, flags: int, quoted: _QuotedStrings | None = None
    ):
        self.name = name
        # Compiled on first use: only a line longer than the match window needs these patterns,
        # and compiling them costs a start-up more than parsing a small file.
        self._definition: tuple[dict[str, str], int, int, _QuotedStrings | None] | None = (
            patterns,
            step,
            flags,
            quoted,
        )

    def _compile(self) -> None:
        assert self._definition is not None
        patterns, step, flags, quoted = self._definition
        self._definition = None
        name = self.name
        part = patterns.get(f"_{name}_PART")
        if part is None:
            self._head = _compiled(patterns[name], flags).match
            self._parts = self._end = self._quoted = None
            return
        head = patterns.get(f"_{name}_HEAD", part)
        self._head = _compiled(head if quoted is None else quoted.bounded_in(head), flags).match
        self._quoted = quoted if quoted is not None and quoted.pattern in head + part else None
        self._after_quoted = _compiled(f"(?:{patterns['_PLAIN']})*", flags).match if self._quoted else None
        if self._quoted is not None:
            part = self._quoted.bounded_in(part)
        self._parts = _compiled(f"(?:{part}){{0,{step}}}", flags).match
        end = patterns.get(f"_{name}_END")
        self._end = None if end is None else _compiled(end, flags).match

    def match(self, text: str, position: int, limit: int | None = None) -> int | None:
        """Where the terminal ends when it starts at ``position``, or ``None`` if it does not match there;
        ``limit`` is where the text is taken to end, as a regex's ``endpos``."""
        if self._definition is not None:
            self._compile()
        if limit is None:
            limit = len(text)
        head = self._head(text, position, limit)
        if head is not None:
            end = head.end()
        else:
            end = self._long_quoted(text, position, limit)
            if end is None:
                return None
        if self._parts is None:
            return end
        while True:
            further = self._parts(text, end, limit).end()
            if further == end:
                further = self._long_quoted(text, end, limit)
                if further is None:
                    break
            end = further
        if self._end is None:
            return end
        closing = self._end(text, end, limit)
        return None if closing is None else closing.end()

    def _long_quoted(self, text: str, position: int, limit: int) -> int | None:
        """The end of a quoted string too long for one step at ``position``, and the plain text after it."""
        if self._quoted is None or not text.startswith('"', position):
            return None
        closed = self._quoted.end(text, position, limit)
        return None if closed is None else self._after_quoted(text, closed, limit).end()


class _QuotedStrings:
    """Quoted strings, whose every doubled quote is one repetition of a group, found in bounded steps.

    Patterns that contain ``QUOTED`` get a copy of it that holds at most ``QUOTED_REPEATS``
    doubled quotes: where that copy fails at a ``"``, either no quoted string starts there or
    a longer one does, which :meth:`end` then takes in steps of its ``_QUOTED_PART``.
    """

    def __init__(self, patterns: dict[str, str], step: int):
        self.pattern = patterns["QUOTED"]
        head, part, end = (patterns[f"_QUOTED_{name}"] for name in ("HEAD", "PART", "END"))
        self.bounded = f"(?:{head})(?:{part}){{0,{QUOTED_REPEATS}}}(?:{end})"
        self._stepped = _SteppedTerminal("QUOTED", patterns, step, 0)

    def bounded_in(self, pattern: str) -> str:
        return pattern.replace(self.pattern, self.bounded)

    def end(self, text: str, position: int, limit: int) -> int | None:
        """Where the quoted string that starts at ``position`` ends, or ``None`` if none starts there."""
        return self._stepped.match(text, position, limit)

    def finditer(self, search, text: str, start: int, end: int):
        """``(kind, start, end)`` of each match of ``search`` from left to right, as ``finditer`` would
        give them for the same pattern with unbounded quoted strings.

        ``search`` is a pattern with ``bounded`` in a group named ``quoted`` and, as its last
        alternative, a group ``long`` for a lone ``"``: one that may open a longer string.
        """
        while True:
            match = search(text, start, end)
            if match is None:
                return
            kind = match.lastgroup
            low, high = match.span()
            if kind == "long":
                high = self.end(text, low, end)
                if high is None:
                    start = low + 1  # no quoted string starts here; neither would a match of the whole pattern
                    continue
                kind = "quoted"
            yield kind, low, high
            start = high


@lru_cache(maxsize=4)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    # Lark builds a lexer of its own from the same terminals; compile the big pattern once.
    return re.compile(pattern, flags)


_LINE_TAIL = re.compile("[;\x1a]").search  # a comment, or a Ctrl-Z, ends what a line says


def _trailing(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of what follows a header's ']' on its line, unless that is blank, a comment or after a Ctrl-Z."""
    low, high = _trimmed_bounds(text, start, end)
    if low == high or text[low] in ";\x1a":
        return None
    tail = _LINE_TAIL(text, low, high)
    return _trimmed_bounds(text, low, tail.start() if tail is not None else high)


def _describe_invalid(line: str) -> str:
    """Say why a line matched no terminal; the grammar leaves only these two causes, which a
    Ctrl-Z, ending the line where it stands, can bring about."""
    if line.startswith("["):
        first_line = _LINE_BREAK(line)
        if "]" in line[: first_line.start() if first_line is not None else len(line)]:
            return "a Ctrl-Z ends the line before the section header's closing ']'"
        return "section header is missing its closing ']'"
    if "\x1a" in line:
        return "a Ctrl-Z ends the line before a quoted string is closed"
    return "a quoted string is not closed before the end of the line"


class _DocumentBuilder(Transformer):
    """Callbacks for the LALR parser: attach entries to the section above them."""

    def empty_list(self, _children: list) -> list:
        return []

    def add_entry(self, children: list) -> list:
        entries, run = children  # the lexer hands over consecutive entries as one run
        entries.extend(run)
        return entries

    def skip_invalid(self, children: list) -> list:
        return children[0]  # already recorded as a syntax issue by the lexer

    def add_section(self, children: list) -> list:
        sections, section, entries = children
        section.entries = entries
        for entry in entries:
            entry.section = section
        sections.append(section)
        return sections

    def start(self, children: list) -> list:
        preamble, _sections = children
        return preamble


def _is_one_quoted_string(text: str) -> bool:
    """Whether ``text`` (not empty, trimmed) is exactly one ``"quoted string"`` without doubled quotes."""
    return text[0] == '"' and text[-1] == '"' and text.count('"') == 2


class _InfSyntax:
    """Field splitting and token finding, built from the grammar's terminals.

    The key of an entry ends at the first ``=`` outside quotes and tokens,
    provided no comma came before it; commas outside quotes and tokens separate
    the values. Blanks around a key or value are not part of it; blanks inside
    quotes are.
    """

    def __init__(self, terminals: dict[str, str], window: int = MATCH_WINDOW, step: int = STEP_REPEATS):
        quoted = self._quoted = _QuotedStrings(terminals, step)
        pieces = "|".join(
            terminals[name] for name in ("QUOTED", "STRKEY", "LONE_PERCENT", "CONTINUATION", "LONE_BACKSLASH")
        )
        value_plain = r'[^,;"%\r\n\\]'
        key_plain = r'[^,=;"%\r\n\\]'
        self._window = window
        self._terminals = terminals
        self._pieces = pieces
        self._plain = {"value": value_plain, "key": key_plain}
        # The same fields in bounded steps, for an entry longer than the window.
        plain_patterns = {
            **terminals,
            "_PLAIN": value_plain,
            "_VALUE_HEAD": f"{value_plain}*",
            "_VALUE_PART": f"(?:{pieces}){value_plain}*",
        }
        self._stepped_value_field = _SteppedTerminal("VALUE", plain_patterns, step, 0, quoted)
        key_patterns = {
            **terminals,
            "_PLAIN": key_plain,
            "_KEY_HEAD": f"{key_plain}*",
            "_KEY_PART": f"(?:{pieces}){key_plain}*",
        }
        self._stepped_key_field = _SteppedTerminal("KEY", key_patterns, step, 0, quoted)
        self.token_pattern = re.compile(terminals["STRKEY"])

    # The patterns below are compiled on first use: a small file needs few of them, and
    # compiling costs a start-up more than parsing such a file.

    @cached_property
    def _value_field(self) -> Callable[..., re.Match[str]]:
        plain = self._plain["value"]
        return re.compile(f"{plain}*(?:(?:{self._pieces}){plain}*)*").match  # type: ignore[return-value]

    @cached_property
    def _key_field(self) -> Callable[..., re.Match[str]]:
        plain = self._plain["key"]
        return re.compile(f"{plain}*(?:(?:{self._pieces}){plain}*)*").match  # type: ignore[return-value]

    # Quoted strings are bounded in these patterns; quoted.finditer takes the longer ones in steps.
    @cached_property
    def _quoted_or_joined(self) -> Callable[..., re.Match[str] | None]:
        bounded, terminals = self._quoted.bounded, self._terminals
        return re.compile(f'(?P<quoted>{bounded})|{terminals["CONTINUATION"]}[ \t]*|(?P<long>")').search

    @cached_property
    def _continuation(self) -> Callable[..., re.Match[str] | None]:
        return re.compile(self._terminals["CONTINUATION"]).match

    @cached_property
    def _quoted_token_or_continuation(self) -> Callable[..., re.Match[str] | None]:
        bounded, terminals = self._quoted.bounded, self._terminals
        return re.compile(
            f'(?P<quoted>{bounded})|(?P<token>{terminals["STRKEY"]})|(?P<continuation>{terminals["CONTINUATION"]})|(?P<long>")'
        ).search

    def entry_tokens(self, entry: Entry) -> Iterator[TokenRef]:
        """The ``%strkey%`` tokens of an entry's key and values, in order: ``%%`` and the
        comments after continuation backslashes excluded, tokens inside quotes included."""
        text = entry.document.text
        find_tokens = self.token_pattern.finditer
        for kind, start, end in self._quoted.finditer(self._quoted_token_or_continuation, text, entry.start, entry.end):
            if kind == "continuation" or end - start <= 2:
                continue
            if kind == "token":
                yield TokenRef(text[start + 1 : end - 1], start, end)
                continue
            for token in find_tokens(text, start, end):
                if token.end() - token.start() > 2:
                    yield TokenRef(token.group()[1:-1], token.start(), token.end())

    def comments_within(self, entry: Entry) -> list[int]:
        """Offsets of the comments inside an entry: those after a continuation backslash."""
        text = entry.document.text
        if text.find("\\", entry.start, entry.end) < 0:
            return []
        offsets = []
        for kind, start, end in self._quoted.finditer(self._quoted_token_or_continuation, text, entry.start, entry.end):
            if kind == "continuation":
                semicolon = text.find(";", start, end)
                if semicolon >= 0:
                    offsets.append(semicolon)
        return offsets

    def split_key(self, entry: Entry) -> tuple[int, int, str] | None:
        """The key's bounds and text, or ``None`` for a bare value line."""
        text = entry.document.text
        start, end = entry.start, entry.end
        equals = text.find("=", start, end)
        if equals < 0:
            return None
        head = text[start:equals]
        if '"' not in head and "\n" not in head and "\r" not in head and head.count("%") % 2 == 0:
            # Nothing before the '=' can hide a comma or an '=' (tokens pair up): plain string work.
            if "," in head:
                return None
            key = head.strip(_BLANKS)
            low = start + len(head) - len(head.lstrip(_BLANKS))
            return low, low + len(key), key
        if end - start > self._window:
            key_end = self._stepped_key_field.match(text, start, end)
        else:
            key_end = self._key_field(text, start, end).end()
        if key_end >= end or text[key_end] != "=":
            return None
        low, high = self._field_bounds(text, start, key_end)
        return low, high, self._field_text(text[low:high])

    def split_values(self, entry: Entry, after_key: int | None) -> list[Value]:
        """The values of an entry: after the '=' at ``after_key``, or all of it when it has no key."""
        text = entry.document.text
        first = entry.start if after_key is None else after_key + 1
        rest = text[first : entry.end]
        if '"' not in rest and "\n" not in rest and "\r" not in rest:
            # No quotes and no continuations: every comma separates values.
            values = []
            append = values.append
            blanks = _BLANKS
            low = first - entry.start  # where the field starts, relative to the entry as values keep it
            for field in rest.split(","):
                size = len(field)
                value = field.strip(blanks)
                if len(value) == size:  # nothing to trim, as in most fields
                    append(Value(entry, low, low + size, value))
                else:
                    kept_low = low + size - len(field.lstrip(blanks))
                    append(Value(entry, kept_low, kept_low + len(value), value))
                low += size + 1
            return values
        if ";" not in rest and "\n" not in rest and "\r" not in rest and rest.count('"') % 2 == 0:
            # One line and no comment: quoted strings are the only pieces that can hold a comma.
            return self._split_quoted_line(entry, first, rest)
        return self._split_fields(entry, first)

    def _split_fields(self, entry: Entry, position: int) -> list[Value]:
        """The values from ``position`` on, each field matched with the grammar's pieces: the
        general way, which also reads continuations and comments."""
        text = entry.document.text
        base, end = entry.start, entry.end
        values = []
        long_entry = end - position > self._window
        match_field = self._value_field
        while True:
            if long_entry:
                field_end = self._stepped_value_field.match(text, position, end)
            else:
                field_end = match_field(text, position, end).end()
            if field_end < end and text[field_end] != ",":
                field_end = end  # unreachable for text the grammar accepted as an entry
            low, high = self._field_bounds(text, position, field_end)
            values.append(Value(entry, low - base, high - base, self._field_text(text[low:high])))
            if field_end >= end:
                return values
            position = field_end + 1

    def _split_quoted_line(self, entry: Entry, position: int, rest: str) -> list[Value]:
        """The values of ``rest`` (the entry's text from ``position`` on), one line without a ';'.

        The grammar accepted the entry, so its quotes pair up into quoted strings: each quote
        opens or closes one (a doubled quote closes and reopens it), and the commas outside them
        separate the values."""
        offset = position - entry.start  # where rest starts, relative to the entry as values keep it
        kept = rest.strip(_BLANKS)
        if _is_one_quoted_string(kept):
            # As on most lines of a [Strings] section: no comma separates anything, and the
            # text is what the quotes enclose.
            low = offset + len(rest) - len(rest.lstrip(_BLANKS))
            return [Value(entry, low, low + len(kept), kept[1:-1])]
        separators = []
        quote_offset = 0
        for number, piece in enumerate(rest.split('"')):
            if not number % 2:
                comma = piece.find(",")
                while comma >= 0:
                    separators.append(quote_offset + comma)
                    comma = piece.find(",", comma + 1)
            quote_offset += len(piece) + 1
        separators.append(len(rest))
        text = entry.document.text
        base = entry.start
        values = []
        append = values.append
        field_start = 0
        # Each field is trimmed here rather than through _trimmed_bounds and _field_text: the
        # line has no continuation, so only a quote makes a field's text differ from the field.
        for separator in separators:
            field = rest[field_start:separator]
            kept = field.strip(_BLANKS)
            if not kept:
                low = offset + field_start
                append(Value(entry, low, low, ""))
            elif kept[0] == "\\":
                low, high = self._field_bounds(text, position + field_start, position + separator)
                append(Value(entry, low - base, high - base, self._field_text(text[low:high])))
            else:
                low = offset + field_start + len(field) - len(field.lstrip(_BLANKS))
                append(Value(entry, low, low + len(kept), self._field_text(kept) if '"' in kept else kept))
            field_start = separator + 1
        return values

    def _field_bounds(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Trim blanks, and continuations that only join the field to its neighbours."""
        start, end = _trimmed_bounds(text, start, end)
        if start < end and (text[end - 1] in "\r\n" or text[start] == "\\"):
            while start < end and text[start] == "\\":
                # Matched against the whole text, not up to the field's end: there ``\Z`` would
                # take a backslash just before a comma (``k = a, \, b``) for one ending the file.
                joined = self._continuation(text, start)
                if joined is None:
                    break
                start, end = _trimmed_bounds(text, min(joined.end(), end), end)
            while start < end and text[end - 1] in "\r\n":
                backslash = text.rfind("\\", start, end)
                if backslash < 0 or self._continuation(text, backslash, end) is None:
                    break
                start, end = _trimmed_bounds(text, start, backslash)
        return start, end

    def _field_text(self, raw: str) -> str:
        if '"' not in raw and "\n" not in raw and "\r" not in raw:
            return raw
        if _is_one_quoted_string(raw):
            return raw[1:-1]  # the usual quoted field (a quoted string cannot span lines)
        if (
            ";" not in raw
            and "\n" not in raw
            and "\r" not in raw
            and not raw.endswith("\\")
            and raw.count('"') % 2 == 0
        ):
            # One line whose quotes pair up: the pieces between quotes alternate outside and
            # inside quoted strings, and an empty outside piece between two inside ones is a doubled quote.
            pieces = raw.split('"')
            last = len(pieces) - 1
            return "".join(
                '"' if number % 2 == 0 and not piece and 0 < number < last else piece
                for number, piece in enumerate(pieces)
            )
        pieces = []
        position = 0
        for kind, start, end in self._quoted.finditer(self._quoted_or_joined, raw, 0, len(raw)):
            pieces.append(raw[position:start])
            if kind == "quoted":
                pieces.append(raw[start + 1 : end - 1].replace('""', '"'))
            # else a continuation and the blanks that start the joined line: dropped
            position = end
        pieces.append(raw[position:])
        return "".join(pieces)


_BLANKS = " \t"


def _trimmed_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of text[start:end] without its leading and trailing blanks."""
    piece = text[start:end]
    kept = piece.strip(_BLANKS)
    if not kept:
        return start, start
    low = start + len(piece) - len(piece.lstrip(_BLANKS))
    return low, low + len(kept)


class InfParser:
    """The grammar, compiled once, and the entry point that turns text into documents."""

    def __init__(self, grammar_text: str | None = None):
        if grammar_text is None:
            grammar_text = grammar_path().read_text(encoding="utf-8")
        self._lark = load_parser(grammar_text, LineLexer, transformer=_DocumentBuilder(), postlex=_KeepPieceTerminals())
        _cheapen_reductions(self._lark)
        terminals = {t.name: t.pattern.to_regexp() for t in self._lark.terminals}
        self.syntax = _InfSyntax(terminals)
        self._lexer = LineLexer(self._lark.lexer_conf)

    def parse_text(self, text: str, path: str = "<string>", encoding: Encoding | None = None) -> Document:
        """Parse already-decoded text. Never raises on any input."""
        document = Document(path, text, encoding or Encoding("utf-8"), self.syntax)
        if not text:
            return document
        # Tokens are fed straight to Lark's LALR parser state: the lexer already
        # made the model objects, and nothing else needs Lark's token machinery.
        interactive = self._lark.parse_interactive(document)
        feed = interactive.parser_state.feed_token
        for token in self._lexer.lex(document):
            feed(token)
        document.preamble = interactive.feed_eof()
        return document

    def scan(self, document: Document, position: int = 0):
        """The entries, headers and syntax issues of ``document.text`` from ``position`` on (see :meth:`LineLexer.scan`)."""
        return self._lexer.scan(document, position)

    def parse_bytes(self, data: bytes, path: str = "<bytes>") -> Document:
        """Decode and parse the bytes of an INF file. Never raises on any input."""
        text, encoding = decode(data)
        if encoding.binary:
            # A binary file is not parsed: its "lines" would only produce noise.
            return Document(path, text, encoding, self.syntax)
        return self.parse_text(text, path, encoding)


class _TableRule(Rule):
    """A grammar rule as the parse table holds it, compared by identity.

    For every reduction Lark's LALR parser compares the rule with its end state (an int) and
    looks up the rule's callback and its left-hand side's next state; Lark's own rules compare
    by content, in Python, and name their left-hand side with a ``Token``. With this class and
    plain-string names those steps are dictionary hits: one line (two reductions) in three
    costs about half as much to parse.
    """

    __slots__ = ()
    __eq__ = object.__eq__
    __hash__ = object.__hash__


def _cheapen_reductions(lark: Any) -> None:
    """Put :class:`_TableRule` copies of the rules in the parser's table and callbacks (the
    parser is this module's own, so nothing else sees them)."""
    # A stored parser says where its table is; Lark's own: ParsingFrontend -> LALR_Parser -> _Parser.
    parser = lark.lalr_parser if hasattr(lark, "lalr_parser") else lark.parser.parser.parser
    callbacks = parser.callbacks
    copies: dict[int, _TableRule] = {}
    for actions in parser.parse_table.states.values():
        for symbol, (action, argument) in list(actions.items()):
            if isinstance(argument, Rule) and not isinstance(argument, _TableRule):
                copy = copies.get(id(argument))
                if copy is None:
                    origin = NonTerminal(str(argument.origin.name))
                    copy = _TableRule(origin, argument.expansion, argument.order, argument.alias, argument.options)
                    copies[id(argument)] = copy
                    if argument in callbacks:
                        callbacks[copy] = callbacks.pop(argument)
                actions[symbol] = (action, copy)


class _KeepPieceTerminals:
    """A pass-through post-lexer whose only job is to keep the piece terminals.

    Lark drops terminals that only appear inside other terminals; naming them
    in ``always_accept`` keeps their compiled patterns available, so fields are
    split, and long lines matched in steps, by the grammar's own definitions
    rather than by a copy of them.
    """

    always_accept = (
        *("QUOTED", "STRKEY", "LONE_PERCENT", "CONTINUATION", "LONE_BACKSLASH"),
        *("_ENTRY_HEAD", "_ENTRY_PART", "_ENTRY_END", "_INVALID_PART", "_PLAIN"),
        *("_QUOTED_HEAD", "_QUOTED_PART", "_QUOTED_END"),
    )

    def process(self, stream):
        return stream


_parser: InfParser | None = None


def get_parser() -> InfParser:
    """The process-wide parser, built on first use."""
    global _parser
    if _parser is None:
        _parser = InfParser()
    return _parser


def parse_text(text: str, path: str = "<string>", encoding: Encoding | None = None) -> Document:
    return get_parser().parse_text(text, path, encoding)


def parse_bytes(data: bytes, path: str = "<bytes>") -> Document:
    return get_parser().parse_bytes(data, path)
