"""A one-line progress bar on standard error, for runs over many files at a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

# Below this many files a run is over before a bar would help.
MIN_FILES = 50


class ProgressBar:
    """Redraws ``[#####.....]  done/total files`` in place, at most ten times a second."""

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30):
        self.stream = stream
        self.width = width
        self._last_draw = 0.0
        self._drawn = False

    @staticmethod
    def wanted(stream: TextIO = sys.stderr) -> bool:
        """Only on a terminal: a redirected stream gets no bar, so nothing is mixed into a log or a report."""
        return hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if total < MIN_FILES:
            return
        now = time.monotonic()
        if done < total and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        filled = self.width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} files")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar so the summary line starts clean."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
