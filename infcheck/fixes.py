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


def apply_edits(document: Document, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits to the document's text; overlapping ones are skipped.

    Returns the new text and how many edits were applied.
    """
    located = sorted(
        (
            (document.offset(edit.span.line, edit.span.column), document.offset(edit.span.end_line, edit.span.end_column), edit)
            for edit in edits
        ),
        key=lambda item: (item[0], item[1]),
    )
    pieces = []
    position = 0
    applied = 0
    text = document.text
    for start, end, edit in located:
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(edit.new_text.replace("\n", document.encoding.newline) if "\n" in edit.new_text else edit.new_text)
        position = end
        applied += 1
    pieces.append(text[position:])
    return "".join(pieces), applied


def apply_fixes(document: Document, diagnostics: Iterable[Diagnostic], unsafe: bool = False) -> tuple[str, int]:
    """Apply the fixes of ``diagnostics`` (only safe ones unless ``unsafe``); returns new text and count."""
    edits = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None and (fix.safe or unsafe):
            edits.extend(fix.edits)
    return apply_edits(document, edits)


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
    """Replace ``path`` with ``data`` through a temporary file, keeping its permissions."""
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
