"""Applying fix edits and writing files back exactly as they were encoded.

``--fix``, ``--diff`` and the language server's code actions all go through
:func:`apply_fixes`, so they make the same change. Writing keeps the codec,
the byte-order mark and the line endings (:meth:`Encoding.encode`), and
replaces the file atomically.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from infcheck.diagnostics import Diagnostic, Edit
from infcheck.document import Document


def _offsets(document: Document, edit: Edit) -> tuple[int, int]:
    span = edit.span
    return document.offset(span.line, span.column), document.offset(span.end_line, span.end_column)


def apply_edits(document: Document, edits: Iterable[Edit]) -> str:
    """The document's text with ``edits`` applied; the edits must not overlap."""
    located = sorted((*_offsets(document, edit), edit.new_text) for edit in edits)
    pieces = []
    position = 0
    text = document.text
    for start, end, new_text in located:
        pieces.append(text[position:start])
        pieces.append(new_text.replace("\n", document.encoding.newline) if "\n" in new_text else new_text)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def apply_fixes(document: Document, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> tuple[str, int]:
    """Apply the fixes of ``diagnostics`` (only safe ones unless ``unsafe``); returns the new text
    and how many fixes were applied. A fix whose edits overlap an earlier fix is left out whole."""
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []
    applied = 0
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not (fix.safe or unsafe):
            continue
        ranges = [_offsets(document, edit) for edit in fix.edits]
        if any(start < other_end and other_start < end or start == other_start for start, end in ranges for other_start, other_end in taken):
            continue
        chosen.extend(fix.edits)
        taken.extend(ranges)
        applied += 1
    return apply_edits(document, chosen), applied


def unified_diff(document: Document, new_text: str) -> str:
    before = document.text.splitlines(keepends=True)
    after = new_text.splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{document.path}", f"b/{document.path}"))


class FileChanged(Exception):
    """The file on disk is no longer what was read and checked, so fixes computed from it must not be written."""


def write_fixed(path: Path, original: bytes, fixed: bytes) -> None:
    """Replace ``path`` with ``fixed``, unless it no longer holds ``original``."""
    if path.read_bytes() != original:
        raise FileChanged(str(path))
    write_atomically(path, fixed)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` through a temporary file, keeping its permissions.

    A symbolic link is followed, so the file it points to is replaced, not the link.
    """
    path = Path(os.path.realpath(path))
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
