"""Reading the files staged in git's index: what the next commit would record.

A pre-commit check must look at the staged version of a file, which can differ
from the working tree when only part of an edit was added. Files are read by
object id, never by name: git reads a name such as ``1:x.inf`` or ``HEAD:x``
as revision syntax, so a name is only ever used as a label.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from infcheck.files import MAX_FILE_BYTES, FileTooLarge, describe_size

# Modes git records for regular files; a symbolic link (120000) holds its target's name
# and a submodule (160000) a commit, neither of which is an INF to check.
_REGULAR_FILE_MODES = (b"100644", b"100755")


class StagedFilesError(Exception):
    """git could not be asked (not installed, or not inside a repository)."""


class StagedFile(NamedTuple):
    path: Path  # relative to the current folder where it can be
    data: bytes


def _git(*args: str, input_data: bytes | None = None) -> bytes:
    try:
        completed = subprocess.run(["git", *args], input=input_data, capture_output=True, check=False)
    except OSError as error:
        raise StagedFilesError(f"cannot run git: {error.strerror or error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise StagedFilesError(f"git {args[0]}: {message[0] if message else 'failed'}")
    return completed.stdout


def _name(raw: bytes) -> str:
    # Names are bytes to git; surrogate escapes carry the ones that are not UTF-8 through intact.
    return raw.decode("utf-8", "surrogateescape")


def repository_top() -> Path:
    return Path(os.fsdecode(_git("rev-parse", "--show-toplevel").rstrip(b"\n")))


def read_staged(wanted: Callable[[str], bool]) -> list[StagedFile]:
    """The staged bytes of every regular file that the next commit adds, copies, modifies or
    turns into a regular file (from a symbolic link, say) and whose name ``wanted`` accepts."""
    top = repository_top()
    raw = _git("diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--diff-filter=ACMT")
    fields = raw.split(b"\0")
    chosen: list[tuple[str, str]] = []  # (name, object id)
    for position in range(0, len(fields) - 1, 2):
        status, name = fields[position].split(), _name(fields[position + 1])
        # ":<old mode> <new mode> <old id> <new id> <status>"
        if len(status) == 5 and status[1] in _REGULAR_FILE_MODES and wanted(name):
            chosen.append((name, status[3].decode("ascii")))
    blobs = read_blobs([object_id for _, object_id in chosen])
    return [StagedFile(_relative(top / name), blobs[object_id]) for name, object_id in chosen]


def read_blobs(object_ids: list[str]) -> dict[str, bytes]:
    """The bytes of each blob in ``object_ids``; one ``git cat-file --batch`` reads them all.

    Each answer is ``<id> <type> <size>\\n<bytes>\\n``. A blob larger than infcheck
    reads is refused, as a file on disk would be.
    """
    unique = list(dict.fromkeys(object_ids))
    if not unique:
        return {}
    output = _git("cat-file", "--batch", input_data="".join(f"{object_id}\n" for object_id in unique).encode("ascii"))
    blobs = {}
    position = 0
    for object_id in unique:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        position = header_end + 1
        if len(header) != 3:
            raise StagedFilesError(f"git cat-file: object {object_id} is missing")
        size = int(header[2])
        if size > MAX_FILE_BYTES:
            raise FileTooLarge(errno.EFBIG, f"larger than {describe_size(MAX_FILE_BYTES)}", object_id)
        blobs[object_id] = output[position : position + size]
        position += size + 1
    return blobs


class StagedTree:
    """The whole index, for reading the staged version of files a staged plan names."""

    def __init__(self) -> None:
        self.top = repository_top()
        self._entries: dict[str, tuple[bytes, str]] | None = None

    def _index(self) -> dict[str, tuple[bytes, str]]:
        if self._entries is None:
            entries = {}
            # "<mode> <id> <stage>\t<name>"; a conflicted file (stages 1-3) has no version to commit.
            for record in _git("ls-files", "--stage", "-z").split(b"\0"):
                meta, _, name = record.partition(b"\t")
                parts = meta.split()
                if len(parts) == 3 and parts[2] == b"0":
                    entries[_name(name)] = (parts[0], parts[1].decode("ascii"))
            self._entries = entries
        return self._entries

    def read(self, path: Path) -> bytes:
        """The staged bytes of the file at ``path``; ``OSError`` as reading it from disk would raise."""
        # The folder's real path (git gives the top's), the name as written: the index holds names, not targets.
        located = Path(os.path.realpath(Path(path).parent)) / Path(path).name
        try:
            name = located.relative_to(self.top).as_posix()
        except ValueError:
            raise FileNotFoundError(errno.ENOENT, "not inside the repository", str(path)) from None
        try:
            entry = self._index().get(name)
            if entry is None:
                raise FileNotFoundError(errno.ENOENT, "not staged", str(path))
            mode, object_id = entry
            if mode not in _REGULAR_FILE_MODES:
                raise OSError(errno.EINVAL, "staged as a symbolic link or submodule, not a regular file", str(path))
            return read_blobs([object_id])[object_id]
        except StagedFilesError as error:
            raise OSError(errno.EIO, str(error), str(path)) from None


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
