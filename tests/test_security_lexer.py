"""SECURITY.md: one line of an INF file costs memory in proportion to its length, whatever it holds.

A regular-expression match keeps state for every repetition of a group it makes, so the lexer
never lets one match run over more than a window of text or repeat more than a bounded number of
times; a longer line is taken in steps. These tests check the bound on hostile lines, and that the
steps find exactly the tokens one unbounded match per token finds.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

from conftest import corpus_files
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
    ids=["brackets", "empty-quotes", "tokens", "lone-backslashes", "continuations", "bad-continuations", "newlines", "comments"],
)
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
