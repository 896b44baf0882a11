"""Line starts: the running-sum path for files whose lines all end alike gives what a scan of
every line break gives."""

from __future__ import annotations

import pytest

from infcheck.lines import NEWLINE, line_starts_of, splice_line_starts


def _scanned(text: str) -> list[int]:
    return [0] + [match.end() for match in NEWLINE.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "one line",
        "a\n",
        "a\nb\n\nc",
        "a\r\nb\r\n",
        "\r\n\r\n",
        "mixed\r\nthen\nlone\rend",
        "a\rb\r",
        "cr lf split\r\r\n\n",
    ],
)
def test_line_starts_are_where_each_line_break_ends(text):
    assert list(line_starts_of(text)) == _scanned(text)


def test_line_starts_of_a_long_file_with_crlf():
    text = "".join(f"Key{number} = value\r\n" for number in range(1000))
    starts = line_starts_of(text)
    assert len(starts) == 1001
    assert starts[1] == len("Key0 = value\r\n")
    assert list(starts) == _scanned(text)


@pytest.mark.parametrize("inserted", ["x", "\r\n", "ab\ncd\r\n", ""])
def test_splicing_moves_every_start_below_an_edit_at_the_top(inserted):
    # The starts below the edit are moved all at once (see lines._moved), by a growth or a shrink.
    text = "".join(f"line {number}\r\n" for number in range(5_000))
    for low, high in ((3, 3), (3, 10), (0, 4)):
        edited = text[:low] + inserted + text[high:]
        spliced = splice_line_starts(line_starts_of(text), edited, low, high, low + len(inserted))
        assert list(spliced) == list(line_starts_of(edited))
