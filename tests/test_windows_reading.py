"""infcheck reads INF files the way Windows does where the documentation leaves it open.

Each test states what Windows does and takes its case from the Wine project's setupapi parser
tests (wine-mirror/wine, dlls/setupapi/tests/parser.c). Those tests open small files with
SetupOpenInfFile and pass on Windows itself, so they record Windows' own results; the test
names the table and the entry each case comes from.
"""

from __future__ import annotations

from conftest import diagnostics_for

from infcheck.config import parse_config
from infcheck.engine import check_document
from infcheck.parse import parse_text

# The header every Wine case starts with (its STD_HEADER).
STD_HEADER = '[Version]\r\nSignature="$CHICAGO$"\r\n'
# The header of a driver INF today, for cases the other rules should find nothing else in.
DRIVER_HEADER = '[Version]\r\nSignature = "$Windows NT$"\r\nClass = Sensor\r\n'


def _findings(text: str, select: str) -> list[tuple[int, int, str, str]]:
    return sorted((d.span.line, d.span.column, d.code, d.severity) for d in diagnostics_for(text, select))


# -- Section names keep their blanks -----------------------------------------------------------


def test_blanks_inside_the_brackets_are_part_of_the_section_name():
    """Windows: " [  Test Section  ] dummy" defines the section "  Test Section  " (parser.c,
    section_names, "spaces"): blanks before the '[' and text after the ']' are dropped, blanks
    inside the brackets are kept."""
    document = parse_text(STD_HEADER + " [  Test Section  ] dummy\r\n")
    assert [section.name for section in document.sections] == ["Version", "  Test Section  "]
    assert document.has_section("  test section  ")
    assert not document.has_section("Test Section")
    assert document.sections[1].name_span[:4] == (3, 3, 3, 19)


def test_names_keep_what_the_brackets_hold_and_compare_without_case():
    """Windows: "[TESTSECTION]" is found as "TestSection", and "[Test;Section]" and
    "[Test\\ Section]" are names as written (parser.c, section_names)."""
    document = parse_text(STD_HEADER + "[TESTSECTION]\r\n[Test;Section]\r\n[Test\\ Section]\r\n")
    assert [section.name for section in document.sections[1:]] == ["TESTSECTION", "Test;Section", "Test\\ Section"]
    assert document.has_section("TestSection")


def test_a_spaced_version_header_is_not_the_version_section():
    """Windows: since "[ Version ]" names the section " Version ", a file whose only version
    header is written so has no [Version] section and is not read as an INF (parser.c,
    section_names, and invalid_files: a file without a valid [Version] fails with
    ERROR_WRONG_INF_STYLE)."""
    text = '[ Version ]\r\nSignature = "$Windows NT$"\r\n'
    diagnostics = diagnostics_for(text, ["INF101", "INF007"])
    assert sorted((d.span.line, d.span.column, d.span.end_column, d.code, d.severity) for d in diagnostics) == [
        (1, 2, 11, "INF007", "warning"),
        (1, 2, 11, "INF101", "error"),
    ]
    missing = next(d for d in diagnostics if d.code == "INF101")
    assert missing.message == (
        "the file has no [Version] section: the blanks inside [ Version ] are part of its name, "
        "so Windows will not read the file as an INF; write [Version]"
    )
    blanks = next(d for d in diagnostics if d.code == "INF007")
    assert blanks.message == (
        "Windows does not read [ Version ] as [Version]: the blanks inside the brackets are part of the name; "
        "write [Version]"
    )


def test_a_spaced_strings_header_does_not_define_tokens():
    """Windows: "[ Strings ]" is not the [Strings] section, so %tokens% it lists stay undefined
    (parser.c, section_names; the strings section is found by its exact name)."""
    text = DRIVER_HEADER + 'Provider = %Contoso%\r\n[ Strings ]\r\nContoso = "Contoso"\r\n'
    document = parse_text(text)
    assert not document.strings.defines("Contoso")
    assert _findings(text, ["INF201", "INF007"]) == [(4, 12, "INF201", "error"), (5, 2, "INF007", "warning")]


def test_a_reference_does_not_reach_a_section_with_blanks_in_its_name():
    """Windows: a directive naming "Files" does not find "[ Files ]" (parser.c, section_names:
    "  Test Section  " is found, "Test Section" would not be); INF007 says why."""
    text = DRIVER_HEADER + "[DefaultInstall]\r\nCopyFiles = Files\r\n[ Files ]\r\nsensor.sys\r\n"
    blanks = diagnostics_for(text, "INF007")
    assert [(d.span.line, d.span.column, d.message) for d in blanks] == [
        (
            6,
            2,
            "the blanks inside [ Files ] are part of the section's name, so a reference to Files does not "
            "reach it; write [Files]",
        )
    ]
    assert ("CopyFiles", "Files") in [
        (entry.key, entry.values[0].text) for entry in parse_text(text).entries_in("DefaultInstall")
    ]
    assert parse_text(text).sections_named("Files") == []
    assert [(d.span.line, d.span.column, d.code) for d in diagnostics_for(text, "INF301")] == [(5, 13, "INF301")]


# -- Text before the first section -------------------------------------------------------------


def test_text_before_the_first_section_makes_windows_refuse_the_file():
    """Windows: "garbage1\\ngarbage2\\n[abc]\\n" followed by the version section fails to open with
    ERROR_EXPECTED_SECTION_NAME on line 1, and with a comment line first on line 2; blank and
    comment lines before the first section are fine (parser.c, invalid_files)."""
    text = "garbage1\ngarbage2\n[abc]\n" + STD_HEADER
    findings = diagnostics_for(text, "INF003")
    assert [(d.span.line, d.span.column, d.severity) for d in findings] == [(1, 1, "error"), (2, 1, "error")]
    assert findings[0].message == (
        "Windows refuses to open a file with text before its first section unless the file has a [Strings] section "
        "(ERROR_EXPECTED_SECTION_NAME); make it a ';' comment"
    )
    assert _findings(";comment\ngarbage1\ngarbage2\n[abc]\n" + STD_HEADER, "INF003") == [
        (2, 1, "INF003", "error"),
        (3, 1, "INF003", "error"),
    ]
    assert _findings(" \t\ngarbage1\n" + STD_HEADER + "[abc]\n", "INF003")[0] == (2, 1, "INF003", "error")
    assert _findings(";aa\n;bb\n" + STD_HEADER, "INF003") == []


def test_a_strings_section_anywhere_lets_windows_open_the_file_and_ignore_the_text():
    """Windows: the same files open when they have a [Strings] section, before or after the
    version section (parser.c, invalid_files: "garbage1\\ngarbage2\\n[Strings]\\n" and
    "garbage1\\ngarbage2\\n" STD_HEADER "[Strings]\\n" both succeed); the text is ignored."""
    for text in ("garbage1\ngarbage2\n[Strings]\n" + STD_HEADER, "garbage1\ngarbage2\n" + STD_HEADER + "[Strings]\n"):
        findings = diagnostics_for(text, "INF003")
        assert [(d.span.line, d.severity) for d in findings] == [(1, "warning"), (2, "warning")]
        assert findings[0].message == "text before the first section is ignored by Windows; make it a ';' comment"


def test_a_spaced_or_localized_strings_section_does_not_let_windows_open_the_file():
    """Windows looks the strings section up by its exact name (parser.c keeps blanks in names,
    section_names), so "[ Strings ]" does not stand in for [Strings]. Whether a localized
    [Strings.0409] alone would is not recorded; infcheck reads only [Strings] as the exception."""
    assert _findings("garbage\n[ Strings ]\n" + STD_HEADER, "INF003") == [(1, 1, "INF003", "error")]


def test_a_severity_set_for_the_rule_applies_to_both_cases():
    """A severity chosen in the configuration is used as it is, whether or not Windows would open the file."""
    config = parse_config({"rules": {"INF003": {"severity": "info"}}}, None, "test")
    for text in ("garbage\n" + STD_HEADER, "garbage\n[Strings]\n" + STD_HEADER):
        found = check_document(parse_text(text), config.rules_for(None, {"INF003"}))
        assert [d.severity for d in found] == ["info"]


# -- Ctrl-Z ends the line ----------------------------------------------------------------------


def test_ctrl_z_ends_the_values_of_a_line():
    """Windows: in "ab=c\\x1ad" the line's only value is "c" (parser.c, key_names, "eof")."""
    document = parse_text(STD_HEADER + "[Test]\nab=c\x1ad")
    (entry,) = document.entries_in("Test")
    assert (entry.key, [value.text for value in entry.values]) == ("ab", ["c"])


def test_ctrl_z_ends_the_key_of_a_line():
    """Windows: "ab\\x1a=cd" is the line "ab", a value with no key; "=cd" is not read
    (parser.c, key_names, "eof")."""
    document = parse_text(STD_HEADER + "[Test]\nab\x1a=cd")
    (entry,) = document.entries_in("Test")
    assert (entry.key, [value.text for value in entry.values]) == (None, ["ab"])


def test_ctrl_z_inside_brackets_leaves_the_section_header_unclosed():
    """Windows: "[ab\\x1a]" fails to open with ERROR_BAD_SECTION_NAME_LINE on its line, line 5
    (parser.c, invalid_files): the Ctrl-Z ends the line before the ']'."""
    text = STD_HEADER + "\n\n[ab\x1a]\n"
    document = parse_text(text)
    assert [section.name for section in document.sections] == ["Version"]
    assert [issue.reason for issue in document.syntax_issues] == [
        "a Ctrl-Z ends the line before the section header's closing ']'"
    ]
    assert _findings(text, "INF001") == [(5, 1, "INF001", "error")]


def test_ctrl_z_after_a_header_or_at_the_start_of_a_line_is_harmless():
    """Windows: "[TestSection] \\x1a\\ndummy" and "[TestSection] \\n\\x1adummy" both define
    TestSection (parser.c, section_names); nothing after a Ctrl-Z on its line is read, so the
    second file's "dummy" is no line at all and nothing is left over after the header."""
    first = parse_text(STD_HEADER + "[TestSection] \x1a\ndummy")
    assert [(section.name, section.trailing) for section in first.sections] == [
        ("Version", None),
        ("TestSection", None),
    ]
    assert [entry.text for entry in first.entries_in("TestSection")] == ["dummy"]
    second = parse_text(STD_HEADER + "[TestSection] \n\x1adummy")
    assert second.has_section("TestSection")
    assert list(second.entries_in("TestSection")) == []
    assert _findings(STD_HEADER + "[TestSection] \x1a junk\n", "INF006") == []


def test_the_line_after_a_ctrl_z_is_read():
    """Wine's tests show that a Ctrl-Z ends its own line and say nothing of the lines after it
    (Wine's own parser stops reading the file there); infcheck reads them, so what they say is
    still checked."""
    document = parse_text(STD_HEADER + "[Test]\na=b\x1a junk, more\nc=d\n")
    assert [(entry.key, [value.text for value in entry.values]) for entry in document.entries_in("Test")] == [
        ("a", ["b"]),
        ("c", ["d"]),
    ]


def test_ctrl_z_inside_quotes_ends_the_line_before_the_quote_closes():
    """A Ctrl-Z ends the line wherever it stands (Wine's parser ends quoted text at it too), so
    the string is not closed on its line, which infcheck reports as it does any unclosed quote."""
    document = parse_text(STD_HEADER + '[Test]\na="b\x1ac"\n')
    assert list(document.entries_in("Test")) == []
    assert [issue.reason for issue in document.syntax_issues] == [
        "a Ctrl-Z ends the line before a quoted string is closed"
    ]


def test_a_trailing_ctrl_z_at_the_end_of_the_file_is_still_nothing():
    """The DOS end-of-file mark some editors leave after the last line changes nothing."""
    with_mark = parse_text(DRIVER_HEADER + "\x1a")
    without = parse_text(DRIVER_HEADER)
    assert [entry.text for entry in with_mark.entries] == [entry.text for entry in without.entries]
    assert with_mark.syntax_issues == []
