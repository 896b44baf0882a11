"""Reading files that somebody else controls: regular files only, and never without a bound.

infcheck reads what repositories, editors and partners hand it. A path named
``*.inf`` may be a FIFO that blocks for ever, a device such as ``/dev/zero``
that never ends, or a symbolic link to either; every read of such a path goes
through :func:`read_regular_file`, which opens without blocking, checks what it
opened (not what the path named a moment before) and reads at most a bound.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Far above any real INF file (the largest Windows ships are a few megabytes), and low enough
# that reading and checking the file stays within a few hundred megabytes of memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Far above any real plan or configuration file (they are a few kilobytes), and small enough
# that the standard library's reader gets through one in seconds. Kept here rather than with the
# TOML guard so that looking for a configuration file does not load the guard and its patterns.
MAX_TOML_BYTES = 8 * 1024 * 1024


class NotRegularFile(OSError):
    """The path names a folder, a pipe, a device or a socket, which infcheck does not read."""


class FileTooLarge(OSError):
    """The file is larger than infcheck reads."""


def describe_size(size: int) -> str:
    """``64 MiB``, ``512 KiB`` or ``300 bytes``, for messages."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << shift:
            return f"{size / (1 << shift):.3g} {unit}"
    return f"{size} bytes"


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at ``path``; at most ``limit`` of them.

    Raises :class:`NotRegularFile` for anything else (a FIFO is opened without
    blocking and refused before it is read), :class:`FileTooLarge` when the file
    holds more than ``limit`` bytes (also when it grows while being read), and
    :class:`OSError` for what the system refuses. With ``follow_symlinks`` false
    a symbolic link is refused too (``O_NOFOLLOW``).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    name = os.fspath(path)
    try:
        handle = os.open(name, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:
            raise NotRegularFile(errno.ELOOP, "is a symbolic link", name) from None
        raise
    except ValueError:  # no operating system takes a NUL character in a path
        raise OSError(errno.EINVAL, "the path contains a NUL character", name) from None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            what = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
            raise NotRegularFile(errno.EISDIR if stat.S_ISDIR(status.st_mode) else errno.EINVAL, what, name)
        if status.st_size > limit:
            raise FileTooLarge(errno.EFBIG, f"larger than {describe_size(limit)}", name)
        return _read_at_most(handle, limit, name)
    finally:
        os.close(handle)


def _read_at_most(handle: int, limit: int, name: str) -> bytes:
    chunks = []
    remaining = limit + 1  # one byte more tells a file that grew past the limit from one that ends there
    while remaining > 0:
        chunk = os.read(handle, min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    if remaining <= 0:
        raise FileTooLarge(errno.EFBIG, f"larger than {describe_size(limit)}", name)
    return b"".join(chunks)


def read_own_file(path: str | os.PathLike[str], limit: int) -> tuple[bytes, int] | None:
    """The bytes of ``path`` and when it was last written (in nanoseconds), when it is a regular file
    of at most ``limit`` bytes owned by this user and writable only by them; ``None`` otherwise, or
    when it cannot be read. For caches: an entry anyone else could have written is never trusted.

    At most ``limit`` plus one bytes are read, so a file that grew past the limit shows it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        # Read by the size the file has (plus one, to see whether it grew), not by the largest
        # allowed: a buffer of that size for each small entry cost more than the rest of reading it.
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, status.st_size + 1))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), status.st_mtime_ns
    except OSError:
        return None
    finally:
        os.close(descriptor)


def read_message(error: OSError) -> str:
    """What went wrong, in the words of a one-line message: ``not a regular file``, ``larger than 64 MiB``..."""
    return error.strerror or str(error)


def is_repository_top(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` is a repository's top folder: it holds ``.git`` (a file, in a worktree or a submodule)."""
    return os.path.lexists(os.path.join(folder, ".git"))


def repository_root(folder: str | os.PathLike[str]) -> Path:
    """The nearest folder at or above ``folder`` (resolved) that holds ``.git``; ``folder`` itself when none does."""
    start = Path(os.path.realpath(folder))
    for candidate in (start, *start.parents):
        if is_repository_top(candidate):
            return candidate
    return start


def is_within(path: Path, folder: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, lies inside ``folder`` (also resolved)."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(folder))
    except ValueError:
        return False
    return True
