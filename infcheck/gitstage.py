"""Reading the files staged in git's index: what the next commit would record.

A pre-commit check must look at the staged version of a file, which can differ
from the working tree when only part of an edit was added.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path


class StagedFilesError(Exception):
    """git could not be asked (not installed, or not inside a repository)."""


def _git(*args: str, input_data: bytes | None = None) -> bytes:
    try:
        completed = subprocess.run(["git", *args], input=input_data, capture_output=True, check=False)
    except OSError as error:
        raise StagedFilesError(f"cannot run git: {error.strerror or error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise StagedFilesError(f"git {args[0]}: {message[0] if message else 'failed'}")
    return completed.stdout


def read_staged(wanted: Callable[[str], bool]) -> list[tuple[Path, bytes]]:
    """(path, staged bytes) of every added, copied, modified or renamed file whose name
    ``wanted`` accepts, relative to the current directory."""
    top = Path(os.fsdecode(_git("rev-parse", "--show-toplevel").rstrip(b"\n")))
    # Names are bytes to git; surrogate escapes carry the ones that are not UTF-8 through intact.
    names = [
        name
        for name in _git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").decode("utf-8", "surrogateescape").split("\0")
        if name and wanted(name)
    ]
    batched = [name for name in names if "\n" not in name]
    found = dict(_read_blobs(batched)) if batched else {}
    for name in names:
        if "\n" in name:
            # `cat-file --batch` takes one name a line; this one is asked for on its own.
            found[name] = _git("cat-file", "blob", ":" + name)
    return [(_relative(top / name), found[name]) for name in names if name in found]


def _read_blobs(names: list[str]) -> list[tuple[str, bytes]]:
    """The staged bytes of each of ``names`` that is a file; one `git cat-file --batch` reads them all.

    Each answer is "<sha> <type> <size>\\n<bytes>\\n", or "<name> missing" for what the index does
    not hold as an object here (a submodule's commit, say)."""
    request = "".join(f":{name}\n" for name in names).encode("utf-8", "surrogateescape")
    output = _git("cat-file", "--batch", input_data=request)
    blobs = []
    position = 0
    for name in names:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        position = header_end + 1
        if header[-1] in (b"missing", b"ambiguous"):
            continue
        size = int(header[2])
        if header[1] == b"blob":
            blobs.append((name, output[position : position + size]))
        position += size + 1
    return blobs


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
