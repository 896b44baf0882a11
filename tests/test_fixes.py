"""Fixes change only their own bytes, keep the file's encoding, and never leave a partial file."""

from __future__ import annotations

import codecs
import os

import pytest
from conftest import diagnostics_for

from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.document import Span
from infcheck.fixes import FileChanged, apply_fixes, write_atomically, write_fixed
from infcheck.parse import parse_bytes

TEXT = (
    '; Contoso firmware, naïve comment\n[Version]\nSignature = "$Windows NT$"\n[TargetComputers]\n'
    "c4159f74-3d2c-526f-b6d1-fe24a2fbc881\n[Install.NT]\nFeatureScore = xF6 ; keep this comment\n"
)
FIXED = TEXT.replace("\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881", "\n{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}").replace(
    "xF6", "0xF6"
)


@pytest.mark.parametrize(
    ("encode", "newline"),
    [
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "\r\n"),
        (lambda text: text.encode("cp1252"), "\r\n"),
        (lambda text: text.encode("cp1252"), "\n"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "\r"),
    ],
    ids=["utf16le-bom-crlf", "ansi-crlf", "ansi-lf", "utf16be-cr"],
)
def test_fix_round_trip_is_byte_exact(encode, newline):
    original = encode(TEXT.replace("\n", newline))
    document = parse_bytes(original, "x.inf")
    new_text, applied = apply_fixes(document, diagnostics_for(original, ["TGT001", "TGT006"]))
    assert applied == 2
    assert document.encoding.encode(new_text) == encode(FIXED.replace("\n", newline))


def test_overlapping_fixes_are_left_out_whole():
    document = parse_bytes(b"abcdef\n", "x.inf")

    def diagnostic(*edits: Edit) -> Diagnostic:
        return Diagnostic("TGT001", "chid-format", "error", "m", Span(1, 1, 1, 2), Fix("f", edits))

    first = diagnostic(Edit(Span(1, 1, 1, 3), "AB"), Edit(Span(1, 5, 1, 6), "E"))
    clashing = diagnostic(Edit(Span(1, 2, 1, 4), "X"), Edit(Span(1, 6, 1, 7), "F"))
    separate = diagnostic(Edit(Span(1, 4, 1, 5), "D"))
    new_text, applied = apply_fixes(document, [first, clashing, separate])
    assert (new_text, applied) == ("ABcDEf\n", 2)


def test_a_failed_write_leaves_the_file_and_no_temporary_behind(tmp_path, monkeypatch):
    target = tmp_path / "a.inf"
    target.write_bytes(b"before")

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(target, b"after")
    assert target.read_bytes() == b"before"
    assert [path.name for path in tmp_path.iterdir()] == ["a.inf"]


def test_fixes_are_not_written_over_a_file_that_changed(tmp_path):
    target = tmp_path / "a.inf"
    target.write_bytes(b"edited meanwhile")
    with pytest.raises(FileChanged):
        write_fixed(target, b"what was read", b"fixed")
    assert target.read_bytes() == b"edited meanwhile"
