"""What must hold for any input at all, shared by the property tests and the fuzzer.

:func:`exercise` takes the bytes of a would-be INF file through everything a
check does (decode, parse, index, every rule, the fixes) and asserts the
promises that hold whatever the bytes are:

* nothing raises (a rule that raises surfaces as ``RuleCrash``);
* decoding is lossless unless the file is marked damaged;
* the document's pieces lie inside the text, in order, and every span (of a
  diagnostic, a fix edit, an indexed ID) is a valid 1-based, end-exclusive
  range of the decoded text's lines;
* parsing and checking the same bytes twice give the same result, and a
  rule run alone reports what it reports among all the others;
* a fix changes the bytes of its own edits and nothing else, and the fixed
  file decodes in the same encoding.

Failures are ``AssertionError`` with a message saying which promise broke.
This module imports neither pytest nor Hypothesis, so the fuzzer can load it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from infcheck.config import Config
from infcheck.diagnostics import Diagnostic, Edit
from infcheck.document import Document, Span
from infcheck.engine import RuleSettings, check_document
from infcheck.fixes import apply_fixes
from infcheck.index import Index
from infcheck.parse import parse_bytes

ALL_RULES: list[RuleSettings] = Config().rules_for(None)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Checking each fix on its own costs a copy of the file per fix; a sample is enough.
_FIXES_CHECKED_ONE_BY_ONE = 16


def physical_lines(text: str) -> list[str]:
    """The lines of ``text`` as the checker counts them: CR LF, CR and LF each end one."""
    return _LINE_BREAK.split(text)


def assert_valid_span(span: Span, lines: Sequence[str], what: object) -> None:
    """``span`` is 1-based, end-exclusive, ordered, and inside ``lines`` (a column may be one past a line's end)."""
    line, column, end_line, end_column = span
    assert 1 <= line <= len(lines), f"{what}: line {line} is outside 1..{len(lines)}"
    assert 1 <= end_line <= len(lines), f"{what}: end line {end_line} is outside 1..{len(lines)}"
    assert 1 <= column <= len(lines[line - 1]) + 1, f"{what}: column {column} is outside line {line}"
    assert 1 <= end_column <= len(lines[end_line - 1]) + 1, (
        f"{what}: end column {end_column} is outside line {end_line}"
    )
    assert (line, column) <= (end_line, end_column), f"{what}: the span ends before it starts"


def fingerprint(document: Document) -> tuple:
    """Everything parsing decided about a document, as plain values that compare equal."""

    def entry_print(entry) -> tuple:
        values = tuple((value.start, value.end, value.text, value.resolved) for value in entry.values)
        return (entry.start, entry.end, entry.key, entry.key_span, values, tuple(entry.tokens))

    sections = tuple(
        (section.name, section.start, section.end, section.trailing, tuple(entry_print(e) for e in section.entries))
        for section in document.sections
    )
    preamble = tuple(entry_print(entry) for entry in document.preamble)
    return (document.encoding, preamble, sections, tuple(document.syntax_issues))


def check_structure(document: Document) -> None:
    """The parsed pieces lie inside the text, in file order, without overlapping."""
    text = document.text
    size = len(text)
    in_sections = [entry for section in document.sections for entry in section.entries]
    assert document.entries == [*document.preamble, *in_sections], "entries are not the preamble, then each section's"

    pieces = sorted(
        [(section.start, section.end, "header") for section in document.sections]
        + [(entry.start, entry.end, "entry") for entry in document.entries]
        + [(issue.start, issue.end, "syntax issue") for issue in document.syntax_issues]
    )
    previous_end = 0
    for start, end, kind in pieces:
        assert 0 <= start < end <= size, f"{kind} at {start}..{end} is outside the text (length {size})"
        assert start >= previous_end, f"{kind} at {start}..{end} overlaps the piece before it"
        previous_end = end
    for section in document.sections:
        assert text[section.start] == "[" and text[section.end - 1] == "]", f"header {section.name!r} is not bracketed"
    for entry in document.entries:
        for value in entry.values:
            assert entry.start <= value.start <= value.end <= entry.end, f"a value of {entry!r} lies outside it"
        for token in entry.tokens:
            assert entry.start <= token.start < token.end <= entry.end, f"a token of {entry!r} lies outside it"
            assert text[token.start] == "%" == text[token.end - 1], f"token {token!r} is not delimited by percent signs"


def check_spans(document: Document, lines: Sequence[str]) -> None:
    """Every span the document model hands out is valid."""
    for section in document.sections:
        assert_valid_span(section.header_span, lines, f"header of [{section.name}]")
        assert_valid_span(section.name_span, lines, f"name of [{section.name}]")
    for entry in document.entries:
        assert_valid_span(entry.span, lines, repr(entry))
        if entry.key_span is not None:
            assert_valid_span(entry.key_span, lines, f"key of {entry!r}")
        for value in entry.values:
            assert_valid_span(value.span, lines, repr(value))


def check_index(document: Document, lines: Sequence[str]) -> None:
    """The semantic index builds, and the spans it derives are valid."""
    index = Index(document)
    for models_entry in index.models_entries:
        for device_id in models_entry.ids:
            assert_valid_span(device_id.span, lines, f"device ID {device_id.hardware_id.text!r}")
    for models in index.models_sections:
        if models.reference_span is not None:
            assert_valid_span(models.reference_span, lines, f"reference to [{models.name}]")
    for reference in index.references:
        assert_valid_span(reference.value.span, lines, f"reference {reference.target!r}")
    index.all_device_ids
    index.target_computers_sections
    index.is_stampinf_source
    for install in index.install_sections.values():
        install.family(document)


def check_diagnostics(document: Document, diagnostics: list[Diagnostic], lines: Sequence[str]) -> None:
    assert diagnostics == sorted(diagnostics, key=lambda diagnostic: diagnostic.sort_key), "diagnostics are not sorted"
    for diagnostic in diagnostics:
        assert diagnostic.path == document.path, f"{diagnostic.code} names another file"
        assert diagnostic.message and "\n" not in diagnostic.message, (
            f"{diagnostic.code} has an empty or multi-line message"
        )
        assert_valid_span(diagnostic.span, lines, f"{diagnostic.code} {diagnostic.message!r}")
        if diagnostic.fix is not None:
            for edit in diagnostic.fix.edits:
                assert_valid_span(edit.span, lines, f"fix of {diagnostic.code}")


def check_rules_alone(document: Document, diagnostics: list[Diagnostic]) -> None:
    """Each rule reports the same on its own as among all the others: no rule leans on another's side effects."""
    for settings in ALL_RULES:
        code = settings.rule.code
        alone = check_document(document, [settings])
        assert alone == [d for d in diagnostics if d.code == code], f"{code} reports differently when run alone"


def byte_offset(document: Document, offset: int) -> int:
    """Where character ``offset`` of the decoded text starts in the file's bytes (the BOM counted)."""
    return len(document.encoding.encode(document.text[:offset]))


def edits_applied_to_bytes(document: Document, data: bytes, edits: Sequence[Edit]) -> bytes:
    """``data`` with the bytes of each edit's span replaced by its new text, encoded as the file is:
    what a fix may produce, computed without the fixing code."""
    encoding = document.encoding
    located = sorted(
        (document.offset(*edit.span[:2]), document.offset(*edit.span[2:]), edit.new_text) for edit in edits
    )
    pieces = []
    position = 0
    for start, end, new_text in located:
        low, high = byte_offset(document, start), byte_offset(document, end)
        assert low >= position, "the edits of one fix overlap"
        pieces.append(data[position:low])
        pieces.append(encoding.encode(new_text.replace("\n", encoding.newline))[len(encoding.bom) :])
        position = high
    pieces.append(data[position:])
    return b"".join(pieces)


def check_fixes(document: Document, data: bytes, diagnostics: list[Diagnostic], lines: Sequence[str]) -> None:
    """Fixes touch their own bytes only, and a fixed file reads back in the same encoding."""
    encoding = document.encoding
    if encoding.damaged or encoding.binary:
        return  # such files are never fixed (runner.check_one)
    fixable = [diagnostic for diagnostic in diagnostics if diagnostic.fix is not None]
    for diagnostic in fixable[:_FIXES_CHECKED_ONE_BY_ONE]:
        new_text, applied = apply_fixes(document, [diagnostic], unsafe=True)
        assert applied == 1, f"the fix of {diagnostic.code} was not applied on its own"
        expected = edits_applied_to_bytes(document, data, diagnostic.fix.edits)
        assert encoding.encode(new_text) == expected, f"the fix of {diagnostic.code} changed bytes outside its edits"
    for unsafe in (False, True):
        new_text, applied = apply_fixes(document, diagnostics, unsafe=unsafe)
        if not applied:
            continue
        fixed = encoding.encode(new_text)
        refixed = parse_bytes(fixed, document.path)
        assert (refixed.encoding.codec, refixed.encoding.bom) == (encoding.codec, encoding.bom), (
            "fixing changed the encoding"
        )
        assert not refixed.encoding.damaged, "fixing damaged the file"
        assert refixed.text == new_text, "the fixed file does not read back as the fixed text"
        if not refixed.encoding.binary:
            refixed_lines = physical_lines(refixed.text)
            check_diagnostics(refixed, check_document(refixed, ALL_RULES), refixed_lines)


def exercise(data: bytes, path: str = "fuzz.inf", thorough: bool = True) -> list[Diagnostic]:
    """Run ``data`` through decode, parse, index, every rule and the fixes, asserting every promise.

    ``thorough`` adds the checks that cost a multiple of one check (a second
    parse and check, each rule alone, each fix alone). Returns the diagnostics.
    """
    document = parse_bytes(data, path)
    text, encoding = document.text, document.encoding
    if not encoding.damaged:
        assert encoding.encode(text) == data, f"decoding as {encoding.label} lost bytes"
    lines = physical_lines(text)
    check_structure(document)
    check_spans(document, lines)
    if not encoding.binary:
        check_index(document, lines)
    diagnostics = check_document(document, ALL_RULES)
    check_diagnostics(document, diagnostics, lines)
    if thorough:
        again = parse_bytes(data, path)
        assert fingerprint(again) == fingerprint(document), "parsing the same bytes twice differed"
        assert check_document(again, ALL_RULES) == diagnostics, "checking the same bytes twice differed"
        check_rules_alone(document, diagnostics)
    check_fixes(document, data, diagnostics, lines)
    return diagnostics
