"""SECURITY.md: one line of an INF file costs memory in proportion to its length, whatever it holds.

A regular-expression match keeps state for every repetition of a group it makes, so the lexer
never lets one match run over more than a window of text or repeat more than a bounded number of
times; a longer line is taken in steps. These tests check the bound on hostile lines, and that the
steps find exactly the tokens one unbounded match per token finds.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import corpus_files
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

from infcheck import parse
from infcheck.decode import Encoding, decode
from infcheck.document import Document
from infcheck.parse import LineLexer, get_parser, grammar_path

MEGABYTE = 1_000_000
HOSTILE_SIZE = 20 * MEGABYTE

# Parses a line of ``unit`` repeated to ``size`` characters, then reports the tokens found,
# the processor time and the process's peak memory on one line of standard output.
_MEASURED_PARSE = """
import re, resource, sys
from infcheck.parse import parse_text
unit, size = sys.argv[1], int(sys.argv[2])
text = unit * (size // len(unit))
document = parse_text(text)
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss
try:
    with open("/proc/self/status", encoding="ascii") as status_file:
        peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", status_file.read()).group(1))
except OSError:
    pass
print(len(document.entries), len(document.syntax_issues), peak, usage.ru_utime + usage.ru_stime)
"""


def measured_parse(unit: str, size: int) -> tuple[int, int, int, float]:
    """Entries, syntax issues, peak memory (bytes) and processor seconds of parsing one hostile text."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED_PARSE, unit, str(size)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    entries, issues, kilobytes, seconds = result.stdout.split()
    return int(entries), int(issues), int(kilobytes) * 1024, float(seconds)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the memory figure is in kilobytes on Linux only")
@pytest.mark.parametrize(
    ("unit", "entries", "issues"),
    [
        ("[", 0, 1),  # a header that never closes: one invalid line
        ('""a', 1, 0),  # empty quoted strings between letters: one entry of millions of pieces
        ("%a%", 1, 0),  # string tokens
        ("a\\", 1, 0),  # backslashes that continue nothing
        ("a\\\n", 1, 0),  # backslashes that do continue: one logical line over millions of physical ones
        ('"\\\n', 0, 1),  # an unclosed quote on each of them: one invalid logical line
        ("\n", 0, 0),  # empty lines
        (";\n", 0, 0),  # comment lines
    ],
    ids=[
        "brackets",
        "empty-quotes",
        "tokens",
        "lone-backslashes",
        "continuations",
        "bad-continuations",
        "newlines",
        "comments",
    ],
)
@pytest.mark.slow
def test_a_20_mb_hostile_line_is_parsed_in_bounded_memory_and_seconds(unit, entries, issues):
    found_entries, found_issues, memory, seconds = measured_parse(unit, HOSTILE_SIZE)
    assert (found_entries, found_issues) == (entries, issues)
    assert memory < 100 * 1024 * 1024 + 12 * HOSTILE_SIZE, f"{memory >> 20} MB"
    assert seconds < 15, f"{seconds:.1f} s"


# -- the steps find the same tokens ------------------------------------------------------------


def tokens(text: str, lexer: LineLexer) -> list[tuple]:
    document = Document("<test>", text, Encoding("utf-8"), get_parser().syntax)
    return [(token.type, token.start, token.end) for token in lexer.scan(document, 0)]


def lexers() -> tuple[LineLexer, LineLexer]:
    """A lexer that matches every token at once, and one whose window and steps are tiny."""
    conf = get_parser()._lark.lexer_conf
    return LineLexer(conf, window=1 << 62, step=1 << 30), LineLexer(conf, window=7, step=2)


INF_CHARACTERS = list('[]=,;"%\\ \t\r\n\x1aaZ0')


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(INF_CHARACTERS), max_size=120))
def test_matching_in_small_steps_finds_the_tokens_one_match_finds(text):
    whole, stepped = lexers()
    assert tokens(text, stepped) == tokens(text, whole)


_lark_lexer = None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(INF_CHARACTERS), max_size=80))
def test_matching_in_small_steps_finds_the_tokens_larks_own_lexer_finds(text):
    global _lark_lexer
    if _lark_lexer is None:
        _lark_lexer = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="basic")
    expected = [(token.type, token.start_pos, token.end_pos) for token in _lark_lexer.lex(text)]
    _, stepped = lexers()
    found = tokens(text, stepped)
    # A header token ends at its ']' (what follows is kept apart); Lark's runs to the line end.
    assert [(kind, start) for kind, start, _ in found] == [(kind, start) for kind, start, _ in expected]
    assert [end for kind, _, end in found if kind != "HEADER"] == [end for kind, _, end in expected if kind != "HEADER"]


def test_small_steps_find_the_same_tokens_in_every_corpus_file(corpus):
    whole, stepped = lexers()
    for path in corpus_files():
        text, _ = decode(path.read_bytes())
        assert tokens(text, stepped) == tokens(text, whole), path


# -- quoted strings and fields in steps ----------------------------------------------------------


QUOTE_HEAVY_CHARACTERS = list('"""",;%\\ \r\naZ=')


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(QUOTE_HEAVY_CHARACTERS), max_size=120))
def test_quoted_strings_in_small_steps_give_the_tokens_one_match_gives(text):
    conf = get_parser()._lark.lexer_conf
    whole = LineLexer(conf, window=1 << 62, step=1 << 30)
    original = parse.QUOTED_REPEATS
    parse.QUOTED_REPEATS = 1
    try:
        stepped = LineLexer(conf, window=7, step=2)
    finally:
        parse.QUOTED_REPEATS = original
    assert tokens(text, stepped) == tokens(text, whole)


def fields(text: str, syntax) -> list[tuple]:
    """Everything split from the entries of ``text``: keys, values, tokens and comments."""
    document = Document("<test>", text, Encoding("utf-8"), syntax)
    found = []
    for token in get_parser().scan(document, 0):
        if token.type != "ENTRY":
            continue
        entry = parse._EntryToken(document, token.start, token.end)
        key = syntax.split_key(entry)
        after_key = None if key is None else text.index("=", key[1])
        values = [(value.start, value.end, value.text) for value in syntax.split_values(entry, after_key)]
        found.append((key, values, list(syntax.entry_tokens(entry)), syntax.comments_within(entry)))
    return found


@settings(max_examples=1000, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(QUOTE_HEAVY_CHARACTERS), max_size=120))
def test_fields_split_in_small_steps_are_the_fields_one_match_splits(text):
    terminals = {t.name: t.pattern.to_regexp() for t in get_parser()._lark.terminals}
    whole = parse._InfSyntax(terminals, window=1 << 62, step=1 << 30)
    original = parse.QUOTED_REPEATS
    parse.QUOTED_REPEATS = 1
    try:
        stepped = parse._InfSyntax(terminals, window=3, step=2)
    finally:
        parse.QUOTED_REPEATS = original
    assert fields(text, stepped) == fields(text, whole)


# -- the whole check on such lines -----------------------------------------------------------------

_VERSION = '[Version]\r\nSignature = "$Windows NT$"\r\nCatalogFile = a.cat\r\n'

# Checks one file on the real command line, then reports the process's peak memory and processor time.
_MEASURED_CHECK = """
import re, resource, sys
from infcheck.cli import main
status = main(["check", "-j", "1", "-q", "--format", "json", sys.argv[1]])
usage = resource.getrusage(resource.RUSAGE_SELF)
with open("/proc/self/status", encoding="ascii") as status_file:
    peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", status_file.read()).group(1))
sys.stderr.write(f"{peak} {usage.ru_utime + usage.ru_stime}\\n")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the peak memory comes from /proc")
@pytest.mark.parametrize(
    ("unit", "codes"),
    [
        ('"', {"INF005": 1}),  # one quoted string of millions of doubled quotes
        ('""a', {"INF005": 1}),
        ("%a%", {"INF005": 1, "INF201": 10_001}),  # a finding per token, limited per rule
        ("[", {"INF005": 1}),
        ("a\\", {"INF005": 1}),
        (";\n", {}),
        ("\n", {}),
    ],
    ids=["quotes", "empty-quotes", "tokens", "brackets", "lone-backslashes", "comments", "newlines"],
)
@pytest.mark.slow
def test_a_3_mb_hostile_value_is_checked_in_bounded_memory_and_seconds(tmp_path, unit, codes):
    size = 3 * MEGABYTE
    path = tmp_path / "h.inf"
    path.write_bytes((_VERSION + "[S]\r\nk=" + unit * (size // len(unit)) + "\r\n").encode())
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED_CHECK, path.name], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr, result.stderr
    kilobytes, seconds = result.stderr.split()
    found: dict[str, int] = {}
    for row in json.loads(result.stdout):
        found[row["code"]] = found.get(row["code"], 0) + 1
    assert found == codes
    assert int(kilobytes) * 1024 < 100 * 1024 * 1024 + 12 * size, f"{int(kilobytes) >> 10} MB"
    assert float(seconds) < 15, f"{float(seconds):.1f} s"
