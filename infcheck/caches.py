"""Caches of what was computed from files, with their keys written out.

Every cache here says what it is keyed on and when an entry stops being valid,
holds a bounded number of entries, and forgets the least recently used first.
A cache never stores code, only values computed in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

Value = TypeVar("Value")

# (size, modification time in nanoseconds): what says a file is no longer the one read.
FileStamp = tuple[int, int]


class FileCache(Generic[Value]):
    """Values computed from files, keyed on each file's real path.

    An entry holds while the file keeps the size and modification time it had
    when it was read; a changed file replaces its entry (one entry per file,
    however often it is saved), and beyond ``limit`` files the least recently
    used is forgotten.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self._entries: dict[str, tuple[FileStamp, Value]] = {}

    def get(self, path: str | os.PathLike[str], compute: Callable[[str], Value]) -> Value:
        """The value for the file at ``path``, from ``compute(real_path)`` when none holds.

        Raises what ``os.stat`` or ``compute`` raise; nothing is kept then.
        """
        real = os.path.realpath(path)
        status = os.stat(real)
        # The stamp is taken before reading: a file that changes in between is read again next time.
        stamp = (status.st_size, status.st_mtime_ns)
        entry = self._entries.pop(real, None)
        if entry is None or entry[0] != stamp:
            entry = (stamp, compute(real))
        self._entries[real] = entry  # (re)inserted last: the dictionary's order is the order of use
        while len(self._entries) > self.limit:
            del self._entries[next(iter(self._entries))]
        return entry[1]

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
