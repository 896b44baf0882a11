"""Picking out the few entries or sections a rule looks at among all those of a file.

A file has thousands of entries and every check runs a couple of hundred rules,
so a rule that only cares about, say, the entries holding a ``%`` should not
take a step of Python for each entry to find them: these functions do the
per-item test with ``map`` and ``compress``, inside the interpreter's C code,
and the rule's loop runs only over what they keep.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Sized
from itertools import compress, repeat
from operator import attrgetter, contains, gt, ne, sub
from typing import TypeVar

from infcheck.document import Entry, Section

K = TypeVar("K")
V = TypeVar("V", bound=Sized)

_START = attrgetter("start")
_END = attrgetter("end")
_NAME = attrgetter("name")
_KEY = attrgetter("key")
_TRAILING = attrgetter("trailing")


def entries_containing(entries: Sequence[Entry], text: str, character: str) -> Iterator[Entry]:
    """The entries whose text (``text`` is their document's) holds ``character``, in order."""
    found_at = map(text.find, repeat(character), map(_START, entries), map(_END, entries))
    return compress(entries, map(ne, found_at, repeat(-1)))


def entries_longer_than(entries: Sequence[Entry], length: int) -> Iterator[Entry]:
    """The entries that span more than ``length`` characters, in order."""
    spans = map(sub, map(_END, entries), map(_START, entries))
    return compress(entries, map(gt, spans, repeat(length)))


def sections_named_longer_than(sections: Sequence[Section], length: int) -> Iterator[Section]:
    """The sections whose name has more than ``length`` characters, in order."""
    return compress(sections, map(gt, map(len, map(_NAME, sections)), repeat(length)))


def sections_with_key_containing(sections: Sequence[Section], part: str) -> Iterator[Section]:
    """The sections whose lower-case name holds ``part`` anywhere, in order."""
    return compress(sections, map(contains, map(_KEY, sections), repeat(part)))


def sections_with_edge_blanks(sections: Sequence[Section], blanks: str) -> Iterator[Section]:
    """The sections whose name starts or ends with one of ``blanks``, in order."""
    names = list(map(_NAME, sections))
    return compress(sections, map(ne, names, map(str.strip, names, repeat(blanks))))


def trailing_texts(sections: Sequence[Section]) -> Iterator[tuple[Section, tuple[int, int]]]:
    """Each section with text after the ``]`` of its header, with that text's bounds, in order."""
    trailing = list(map(_TRAILING, sections))
    return zip(compress(sections, trailing), filter(None, trailing), strict=True)


def groups_of_several(groups: Mapping[K, V]) -> Iterator[tuple[K, V]]:
    """The (key, group) pairs of ``groups`` whose group holds more than one item, in order."""
    return compress(groups.items(), map(gt, map(len, groups.values()), repeat(1)))
