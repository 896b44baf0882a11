"""Line starts: the running-sum path for files whose lines all end alike gives what a scan of
every line break gives."""

from __future__ import annotations

import pytest

from infcheck.lines import NEWLINE, line_starts_of


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
