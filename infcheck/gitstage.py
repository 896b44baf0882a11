"""Reading the files staged in git's index: what the next commit would record.

A pre-commit check must look at the staged version of a file, which can differ
from the working tree when only part of an edit was added.
"""

from __future__ import annotations

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
    top = Path(_git("rev-parse", "--show-toplevel").decode("utf-8", errors="replace").strip())
    names = [
        name
        for name in _git("diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z").decode("utf-8", errors="replace").split("\0")
        if name and wanted(name)
    ]
    if not names:
        return []
    # One `git cat-file --batch` reads every blob: "<sha> <type> <size>\n<bytes>\n" per name.
    output = _git("cat-file", "--batch", input_data="".join(f":{name}\n" for name in names).encode("utf-8"))
    staged = []
    position = 0
    for name in names:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if header[-1] == b"missing":
            position = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        staged.append((_relative(top / name), output[start : start + size]))
        position = start + size + 1
    return staged


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
