"""Line starts of a text, found once and kept up to date through edits.

A line ends at CR LF, CR or LF, as in the LSP specification; a text ending in a
line break has an empty last line. The document model, the incremental checker
and the language server all use these two routines.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate, repeat
from operator import add

from infcheck.patterns import LazyPattern

NEWLINE = LazyPattern(r"\r\n|\r|\n")


def line_starts_of(text: str) -> array[int]:
    """The offset of every line's first character.

    Kept as machine integers: a file of millions of short lines would otherwise hold
    a Python object per line, several times the size of its text.
    """
    starts = array("q", [0])
    # Nearly every file ends all its lines alike: then the starts are running sums of the
    # line lengths, found without a Python step per line.
    carriage_returns = text.count("\r")
    if not carriage_returns:
        separator = "\n"
    elif carriage_returns == text.count("\r\n") == text.count("\n"):
        separator = "\r\n"
    else:
        starts.extend(match.end() for match in NEWLINE.finditer(text))
        return starts
    lines = text.split(separator)
    lines.pop()  # what follows the last line break starts no further line
    starts.extend(accumulate(map(add, map(len, lines), repeat(len(separator)))))
    return starts


def splice_line_starts(old_starts: Sequence[int], text: str, low: int, old_high: int, new_high: int) -> array[int]:
    """The line starts of ``text``, given those of the text it was made from by replacing
    ``old[low:old_high]`` with ``text[low:new_high]``.

    A line start depends on the character before it and, for a CR, the one after,
    so starts up to one character past the change are found again and the rest are moved.
    """
    delta = new_high - old_high
    kept = bisect_left(old_starts, low)  # starts before ``low`` still begin a line
    first_moved = bisect_right(old_starts, old_high + 1)  # and so do those past the change and one more character
    scan_from = max(low - 1, 0)
    found = [
        end
        for match in NEWLINE.finditer(text, scan_from, min(len(text), new_high + 2))
        if low <= (end := match.end()) <= new_high + 1
    ]
    if low == 0:
        found.insert(0, 0)
    starts = array("q", old_starts[:kept])
    starts.extend(found)
    moved = old_starts[first_moved:]
    starts.extend(_moved(moved if isinstance(moved, array) else array("q", moved), delta))
    return starts


def _moved(starts: array[int], delta: int) -> array[int]:
    """Every start plus ``delta``, worked out in C: an edit near the top moves the whole file's.

    An array element by element costs a conversion per line. Instead the array's bytes are
    read as one large number whose 64-bit digits are the starts: adding ``delta`` times the
    number whose digits are all 1 adds ``delta`` to every digit at once, and no digit carries
    into the next, since every start stays between 0 and the length of the text.
    """
    if not delta or not starts:
        return starts
    size = len(starts) * starts.itemsize
    digits = int.from_bytes(starts.tobytes(), sys.byteorder)
    ones = int.from_bytes((array("q", [1]) * len(starts)).tobytes(), sys.byteorder)
    moved = array("q")
    moved.frombytes((digits + delta * ones).to_bytes(size, sys.byteorder))
    return moved
