"""Encoding detection and byte-exact round trips."""

from __future__ import annotations

import codecs

import pytest

from infcheck.decode import ANSI, UTF8, UTF16_BE, UTF16_LE, decode

TEXT = '[Version]\r\nSignature = "$Windows NT$"\r\n[Strings]\r\nDesc = "Gerät"\r\n'


@pytest.mark.parametrize(
    ("data", "codec", "bom"),
    [
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), UTF16_LE, codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), UTF16_BE, codecs.BOM_UTF16_BE),
        (TEXT.encode("utf-16-le"), UTF16_LE, b""),
        (TEXT.encode("utf-16-be"), UTF16_BE, b""),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), UTF8, codecs.BOM_UTF8),
        (TEXT.encode("cp1252"), ANSI, b""),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf16le-bomless", "utf16be-bomless", "utf8-bom", "ansi"],
)
def test_detects_and_round_trips(data, codec, bom):
    text, encoding = decode(data)
    assert (encoding.codec, encoding.bom, encoding.newline) == (codec, bom, "\r\n")
    assert text == TEXT
    assert encoding.encode(text) == data


def test_bytes_undefined_in_cp1252_survive_a_round_trip():
    data = b"[Strings]\nA = \x81\x8d\x8f\x90\x9d\n"
    text, encoding = decode(data)
    assert encoding.codec == ANSI and not encoding.binary
    assert encoding.encode(text) == data


@pytest.mark.parametrize(("newline", "expected"), [(b"\n", "\n"), (b"\r", "\r"), (b"\r\n", "\r\n")])
def test_newline_style_is_remembered(newline, expected):
    _, encoding = decode(b"[A]" + newline + b"x=1" + newline)
    assert encoding.newline == expected


def test_binary_data_is_flagged():
    _, encoding = decode(bytes(range(256)) * 4)
    assert encoding.binary


def test_invalid_utf16_is_marked_damaged_not_raised():
    text, encoding = decode(codecs.BOM_UTF16_LE + "[A]".encode("utf-16-le") + b"\x00\xd8\x41\x00")
    assert encoding.damaged
    assert text.startswith("[A]")
