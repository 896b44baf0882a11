"""The grammar, the lexer and the document model, on hand-written text and on real INF files."""

from __future__ import annotations

import logging

import pytest
from conftest import FIXTURES, corpus_files, corpus_params
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark

from infcheck.decode import decode
from infcheck.parse import get_parser, grammar_path, parse_bytes, parse_text


def test_sections_entries_and_values_with_positions():
    document = parse_text(
        '; comment\n[Version]\nSignature = "$Windows NT$" ; trailing\n[Models.NTamd64]\n%Dev% = Install, PCI\\VEN_1&DEV_2 , *CTSO0001\n'
    )
    assert [section.name for section in document.sections] == ["Version", "Models.NTamd64"]
    entry = document.sections[1].entries[0]
    assert entry.key == "%Dev%"
    assert [value.text for value in entry.values] == ["Install", "PCI\\VEN_1&DEV_2", "*CTSO0001"]
    assert entry.values[1].span == (5, 18, 5, 33)
    assert entry.values[2].span == (5, 36, 5, 45)
    signature = document.sections[0].entries[0].values[0]
    assert (signature.raw, signature.text) == ('"$Windows NT$"', "$Windows NT$")


def test_quotes_tokens_and_literal_percent():
    document = parse_text('[A]\nHKR,,X,,"Say ""hi"", 100%%",%Tok%\nStr = "a;b", c\n[Strings]\nTok = "resolved value"\n')
    first, second = document.sections[0].entries
    assert first.key is None
    assert [value.text for value in first.values] == ["HKR", "", "X", "", 'Say "hi", 100%%', "%Tok%"]
    assert first.values[4].resolved == 'Say "hi", 100%'
    assert first.values[5].resolved == "resolved value"
    assert [token.name for token in first.tokens] == ["Tok"]  # %% is a literal percent sign, not a token
    assert [value.text for value in second.values] == ["a;b", "c"]


def test_tokens_in_keys_values_and_quotes_but_not_in_comments():
    document = parse_text('[A]\n%Key% = "x %Q%", \\ ; %InComment%\n  %V%\n')
    assert [token.name for token in document.sections[0].entries[0].tokens] == ["Key", "Q", "V"]


def test_key_ends_at_first_equals_before_any_comma():
    document = parse_text('[A]\nkey = a=b, c\nx, y = z\n"q=r" = s\n')
    keyed, bare, quoted_key = document.sections[0].entries
    assert (keyed.key, [v.text for v in keyed.values]) == ("key", ["a=b", "c"])
    assert (bare.key, [v.text for v in bare.values]) == (None, ["x", "y = z"])
    assert (quoted_key.key, [v.text for v in quoted_key.values]) == ("q=r", ["s"])


def test_continuation_joins_lines_and_keeps_true_positions():
    text = '[A]\nCopyFiles = "SomeDirectory\\"\\ ; comment\n   ,SomeFile\nAddReg = One, \\\n         Two\nnext = 1\n'
    entries = parse_text(text).sections[0].entries
    copy, addreg, following = entries
    assert [value.text for value in copy.values] == ["SomeDirectory\\", "SomeFile"]
    assert copy.values[1].span == (3, 5, 3, 13)
    assert [value.text for value in addreg.values] == ["One", "Two"]
    assert addreg.values[1].span == (5, 10, 5, 13)
    assert (addreg.line, addreg.end_line) == (4, 5)
    assert following.key == "next"


def test_backslash_before_a_path_character_is_not_a_continuation():
    entry = parse_text("[A]\nServiceBinary = %13%\\driver.sys\n").sections[0].entries[0]
    assert entry.values[0].text == "%13%\\driver.sys"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_newline_style(newline):
    text = newline.join(["[Version]", 'Signature = "$Windows NT$"', "[B]", "x = 1", ""])
    document = parse_text(text)
    assert [section.name for section in document.sections] == ["Version", "B"]
    assert document.sections[1].entries[0].span == (4, 1, 4, 6)


def test_case_insensitive_lookup_and_duplicates_kept():
    document = parse_text("[Strings]\nA=1\n[STRINGS]\nB=2\n")
    assert len(document.sections_named("strings")) == 2
    assert [entry.key for entry in document.entries_in("Strings")] == ["A", "B"]


def test_lines_before_the_first_section_are_kept():
    document = parse_text("junk line\n; comment\n[Version]\n")
    assert [entry.text for entry in document.preamble] == ["junk line"]


def test_bad_lines_become_syntax_issues_and_parsing_goes_on():
    document = parse_text('[Version\nA = "open\n[Strings]\nB = 1\n')
    assert [(document.span(i.start, i.end).line, i.reason.split()[0]) for i in document.syntax_issues] == [
        (1, "section"),
        (2, "a"),
    ]
    assert document.sections[0].name == "Strings"
    assert document.sections[0].entries[0].key == "B"


def test_strings_language_selection_order():
    document = parse_text(
        "[Strings]\nA = base\nB = base\n[Strings.0407]\nA = german\n[Strings.0807]\nA = swiss\nB = swiss\n"
    )
    strings = document.strings
    assert strings.lookup("a") == "base"
    assert strings.lookup("A", "0407") == "german"
    assert strings.lookup("B", "0407") is None  # Windows reads [Strings.0407] alone, which lacks B
    assert strings.lookup("B", "0807") == "swiss"
    assert (
        strings.lookup("A", "0c07") == "german"
    )  # no exact or neutral section: the first of the same primary language
    assert strings.lookup("B", "0409") == "base"


def test_utf16_positions_match_the_text():
    data = '\ufeff[Version]\r\nSignature = "$Windows NT$"\r\n[Strings]\r\nDésc = "Gerät"\r\n'.encode("utf-16-le")
    document = parse_bytes(data, "x.inf")
    value = document.sections[1].entries[0].values[0]
    assert document.encoding.codec == "utf-16-le"
    assert value.span == (4, 8, 4, 15)
    assert value.text == "Gerät"


def test_the_grammar_file_is_the_one_shipped():
    assert grammar_path().name == "inf_grammar.lark"


def test_grammar_has_no_lalr_conflicts(caplog):
    # Lark resolves a shift/reduce conflict silently unless asked to report it.
    with caplog.at_level(logging.DEBUG, logger="lark"):
        Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", debug=True)
    assert not [record for record in caplog.records if "conflict" in record.getMessage().lower()]


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_file_parses_without_syntax_errors(path):
    document = parse_bytes(path.read_bytes(), str(path))
    assert document.syntax_issues == []
    assert document.sections


def test_corpus_is_present_or_skipped(corpus):
    assert len(corpus_files()) >= 100


def test_fast_lexer_matches_larks_own_lexer_on_the_corpus(corpus):
    reference = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="basic")
    for path in corpus_files():
        text, _ = decode(path.read_bytes())
        expected = [(token.type, token.start_pos, token.end_pos) for token in reference.lex(text)]
        document = parse_text(text)
        actual = [("HEADER", s.start, None) for s in document.sections]
        actual += [("ENTRY", e.start, e.end) for e in document.preamble]
        actual += [("ENTRY", e.start, e.end) for s in document.sections for e in s.entries]
        actual += [("INVALID", i.start, i.end) for i in document.syntax_issues]
        actual.sort(key=lambda item: item[1])
        assert [(kind, start) for kind, start, _ in actual] == [(kind, start) for kind, start, _ in expected], path
        assert [end for kind, _, end in actual if kind == "ENTRY"] == [
            end for kind, _, end in expected if kind == "ENTRY"
        ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('[]=,;"%\\ \t\r\nabcXYZ019{}-*&_\x00\x1aé')), max_size=300))
def test_parsing_never_raises_and_every_value_has_a_span(text):
    document = get_parser().parse_text(text)
    for section in [None, *document.sections]:
        entries = document.preamble if section is None else section.entries
        for entry in entries:
            entry.key_span
            for value in entry.values:
                span = value.span
                assert 1 <= span.line <= span.end_line
                value.resolved


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decoding_and_parsing_arbitrary_bytes_never_raises(data):
    document = parse_bytes(data, "fuzz.inf")
    assert isinstance(document.text, str)


@pytest.mark.parametrize("lead", ["\xa0", "\x0c", "\x0b", "\u3000"])
def test_unusual_leading_whitespace_is_part_of_an_entry_not_an_error(lead):
    document = parse_text(f"[Strings]\n{lead}Key = value\n")
    assert document.syntax_issues == []
    assert document.sections[0].entries[0].values[0].text == "value"


def test_the_parser_rebuilt_from_the_grammar_cache_reads_every_fixture_as_lark_does(tmp_path, monkeypatch):
    """The stored parser (rebuilt without Lark's grammar loader) and Lark's own give the same documents."""
    from lark.lark import Lark

    from infcheck import grammar_cache
    from infcheck.parse import InfParser

    monkeypatch.setenv("INFCHECK_CACHE_DIR", str(tmp_path))
    tmp_path.chmod(0o700)
    analysed = InfParser()  # nothing stored yet: Lark analyses the grammar, and the result is stored
    assert isinstance(analysed._lark, Lark)
    stored = InfParser()
    assert isinstance(stored._lark, grammar_cache.StoredParser)
    fixtures = sorted(FIXTURES.rglob("*.inf"))
    assert len(fixtures) > 100
    for path in fixtures:
        data = path.read_bytes()
        expected, found = analysed.parse_bytes(data, str(path)), stored.parse_bytes(data, str(path))
        assert [(s.name, s.start, [e.text for e in s.entries]) for s in found.sections] == [
            (s.name, s.start, [e.text for e in s.entries]) for s in expected.sections
        ], path
        assert [e.text for e in found.preamble] == [e.text for e in expected.preamble], path
        assert [(i.start, i.reason) for i in found.syntax_issues] == [
            (i.start, i.reason) for i in expected.syntax_issues
        ], path


def test_without_the_corpus_the_skip_says_where_it_was_looked_for(monkeypatch, tmp_path):
    import conftest

    monkeypatch.setattr(conftest, "CORPUS", tmp_path / "nowhere")
    [skipped] = conftest.corpus_params()
    assert skipped.values == (None,)
    assert skipped.marks[0].kwargs["reason"].startswith("the sample corpus is not at ")


def test_values_of_a_registry_line_with_quoted_strings():
    document = parse_text('[R]\nHKR, "Sub,Key" ,Name,0x00010000, "a""b" , "x;y",\n')
    values = document.entries[0].values
    assert [(value.text, value.start, value.end) for value in values] == [
        ("HKR", 4, 7),
        ("Sub,Key", 9, 18),
        ("Name", 20, 24),
        ("0x00010000", 25, 35),
        ('a"b', 37, 43),
        ("x;y", 46, 51),
        ("", 52, 52),
    ]


_ONE_LINE_PIECES = ['"', '""', '"a,b"', ",", " ", "\t", "x", "%", "%t%", "\\", "\\ ", ";", "="]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ONE_LINE_PIECES), min_size=1, max_size=16))
def test_one_line_values_with_quotes_split_as_the_general_way_splits_them(pieces):
    # A line with quoted strings and no continuation takes a shortcut; whatever the grammar
    # accepts as an entry, it finds the values the general field-by-field way finds.
    document = parse_text('[S]\nk = "q",' + "".join(pieces) + "\n")
    syntax = get_parser().syntax
    for entry in document.entries:
        key = entry.key_bounds
        start = entry.start if key is None else document.text.index("=", key[1]) + 1
        general = syntax._split_fields(entry, start)
        assert [(v.start, v.end, v.text) for v in entry.values] == [(v.start, v.end, v.text) for v in general]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["k = ", "k=", "", 'k = "q"', "%t% ="]),
    st.lists(st.sampled_from(_ONE_LINE_PIECES), min_size=1, max_size=16),
    st.sampled_from(["\n", "\r\n"]),
)
def test_every_shortcut_splits_values_as_the_general_way_splits_them(head, pieces, line_end):
    # Lines without quotes, lines holding one quoted string and lines with a key or none take
    # shortcuts of their own; each finds what the general field-by-field way finds. One old
    # difference is left out: where a blank field is placed (the shortcut for lines without
    # quotes has always put it after the blanks, the general way before them).
    document = parse_text("[S]\n" + head + "".join(pieces) + line_end)
    syntax = get_parser().syntax

    def placed(values):
        return [(v.start, v.end, v.text) if v.text else ("blank", v.text) for v in values]

    for entry in document.entries:
        key = entry.key_bounds
        start = entry.start if key is None else document.text.index("=", key[1]) + 1
        assert placed(entry.values) == placed(syntax._split_fields(entry, start))


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        ('k = "a", \\, b', ["a", "\\", "b"]),
        ("k = \\ , x", ["\\", "x"]),
        ('k = "a", \\ ; a backslash before a comment continues the line', ["a", ""]),
    ],
)
def test_a_backslash_inside_a_line_is_text_and_one_ending_it_joins_the_next(line, texts):
    # A backslash is a continuation only where the line ends (blanks and a comment may follow it).
    document = parse_text(f"[S]\n{line}\n")
    assert [value.text for value in document.entries[0].values] == texts


@pytest.mark.parametrize(
    ("line", "texts"),
    [
        ('k = "one string, with a comma"', ["one string, with a comma"]),
        ('k =  "padded"  ', ["padded"]),
        ('k = ""', [""]),
        ('k = """"', ['"']),
        ('k = "a""b"', ['a"b']),
        ('k = "a" "b"', ["a b"]),
        ('k = "a"b', ["ab"]),
        ('k = "a", "b;c" ; a comment', ["a", "b;c"]),
        ('k = x, "y" ,, "z""" ', ["x", "y", "", 'z"']),
    ],
)
def test_quoted_values_lose_their_quotes_and_keep_doubled_ones_single(line, texts):
    document = parse_text(f"[S]\n{line}\n")
    assert [value.text for value in document.entries[0].values] == texts


def test_a_lone_quoted_string_value_keeps_its_quotes_in_its_span():
    document = parse_text('[Strings]\nDesc =   "Sample Device"  \n')
    (value,) = document.entries[0].values
    assert (value.raw, value.text, value.span[1:]) == ('"Sample Device"', "Sample Device", (10, 2, 25))


def test_keys_are_kept_in_lower_case_once_split():
    document = parse_text("[S]\nMixedCase = 1\n")
    entry = document.entries[0]
    assert (entry.key, entry.key_lower, entry.key_lower) == ("MixedCase", "mixedcase", "mixedcase")


def test_a_token_resolves_the_same_in_every_value_that_uses_it():
    document = parse_text('[A]\nx = %Name%, "%NAME% and %name%", %Missing%, 100%%\n[Strings]\nName = "Device"\n')
    values = document.entries[0].values
    assert [value.resolved for value in values] == ["Device", "Device and Device", "%Missing%", "100%"]
    assert document.strings.substitute("%name%", language="0409") == "Device"


def test_entries_of_a_missing_a_single_and_a_repeated_section():
    document = parse_text("[One]\nA=1\n[Two]\nB=2\n[two]\n[TWO]\nC=3\n")
    assert list(document.entries_in("missing")) == []
    assert [entry.key for entry in document.entries_in("ONE")] == ["A"]
    assert [entry.key for entry in document.entries_in("Two")] == ["B", "C"]
