"""The other files a check reads, so that findings kept between runs are trusted only while
those files stay as they were.

Most rules judge the checked file alone. A few read another one (the baseline INF a firmware
rule compares versions with); they say so with :func:`note_input`, and the result cache stores
the state of each such file beside the findings and ignores the entry once one has changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from infcheck.digest import digest
from infcheck.files import read_regular_file

_noted: ContextVar[set[str] | None] = ContextVar("infcheck_inputs", default=None)


def note_input(path: str | os.PathLike[str]) -> None:
    """Say that the check under way depends on the file or folder at ``path``."""
    noted = _noted.get()
    if noted is not None:
        noted.add(os.path.realpath(path))


@contextmanager
def noting_inputs() -> Iterator[set[str]]:
    """Collect the paths :func:`note_input` names while the block runs."""
    noted: set[str] = set()
    token = _noted.set(noted)
    try:
        yield noted
    finally:
        _noted.reset(token)


def state_of(path: str) -> str:
    """What ``path`` holds now, as a short string that changes whenever it does: the digest of a
    file's bytes, the digest of a folder's sorted names, or why it cannot be read."""
    try:
        if os.path.isdir(path):
            names = "\n".join(sorted(os.listdir(path)))
            return "folder:" + digest(names.encode("utf-8", "surrogateescape"))
        return "file:" + digest(read_regular_file(path))
    except OSError as error:
        return f"unreadable:{type(error).__name__}"
