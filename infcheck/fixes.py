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
from collections.abc import Callable, Iterable
from pathlib import Path

from infcheck.diagnostics import Diagnostic, Edit
from infcheck.document import Document
from infcheck.files import FileTooLarge, NotRegularFile, is_within, read_regular_file


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
        if any(
            (start < other_end and other_start < end) or start == other_start
            for start, end in ranges
            for other_start, other_end in taken
        ):
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


class FixRefused(Exception):
    """The file may not be rewritten: it is read-only, belongs to someone else, or lies outside the tree."""


def write_fixed(path: Path, original: bytes, fixed: bytes, within: Path | None = None) -> None:
    """Replace ``path`` with ``fixed``, unless it no longer holds ``original``.

    The file is compared before the new bytes are written and again just before
    they replace it, so an editor saving meanwhile is not overwritten. A path
    that is a symbolic link replaces the file it points to, but only when that
    file lies inside ``within`` (when given). A file that is read-only, or that
    belongs to another user (who would lose it to whoever fixed it), is refused.
    """
    real = Path(os.path.realpath(path))
    if within is not None and not is_within(real, within):
        raise FixRefused(f"it is a symbolic link to {real}, outside {within}")
    status = os.stat(real)
    if not status.st_mode & 0o222:
        raise FixRefused("it is read-only")
    if hasattr(os, "geteuid") and os.geteuid() != 0 and status.st_uid != os.geteuid():
        raise FixRefused("it belongs to another user")

    def unchanged() -> None:
        # Whatever is at the path now is read without following a link or blocking on a pipe,
        # and never more than one byte past the original's length.
        try:
            current = read_regular_file(real, limit=len(original), follow_symlinks=False)
        except (NotRegularFile, FileTooLarge):
            raise FileChanged(str(path)) from None
        if current != original:
            raise FileChanged(str(path))

    unchanged()
    write_atomically(real, fixed, before_replacing=unchanged)


def write_atomically(path: Path, data: bytes, before_replacing: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data`` so that, whatever happens, it holds either the old bytes or the new.

    The new bytes go to a file of their own in the same folder, are flushed to
    the disk, and only then renamed over ``path``. Where the system offers
    anonymous files (Linux's ``O_TMPFILE``) that file has no name until the
    write is complete, so a process killed mid-write leaves nothing behind;
    elsewhere a hidden temporary file is used and removed on any error. The
    file's permissions, and its owner where allowed, are kept. A symbolic link
    is followed, so the file it points to is replaced, not the link.
    """
    path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        original = path.stat()
    except FileNotFoundError:
        original = None
    handle = _anonymous_file(folder)
    temporary: str | None = None
    try:
        if handle is None:
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        _write_all(handle, data)
        if original is not None:
            _copy_ownership(handle, original, path)
        os.fsync(handle)
        if temporary is None:
            temporary = _named_temporary(handle, folder, path.name)
        os.close(handle)  # Windows renames no file that is still open
        handle = None
        if before_replacing is not None:
            before_replacing()  # may raise, which leaves the original in place and removes the temporary file
        os.replace(temporary, path)
        temporary = None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _anonymous_file(folder: Path) -> int | None:
    """A descriptor of a new nameless file in ``folder``, or ``None`` where there is no such thing."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:
        return None  # a file system without support for it: fall back to a named temporary file


def _named_temporary(handle: int, folder: Path, name: str) -> str:
    """Give the complete anonymous file a (hidden, unique) name in ``folder``, to rename from."""
    # A folder descriptor makes os.link call linkat with AT_SYMLINK_FOLLOW, which links the file
    # /proc/self/fd/N stands for; plain link() would try to link that magic link itself.
    folder_handle = os.open(folder, os.O_RDONLY)
    try:
        while True:
            temporary = f".{name}.{os.urandom(6).hex()}.tmp"
            try:
                os.link(f"/proc/self/fd/{handle}", temporary, dst_dir_fd=folder_handle)
                return os.path.join(folder, temporary)
            except FileExistsError:
                continue
    finally:
        os.close(folder_handle)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]


def _copy_ownership(handle: int, original: os.stat_result, source: Path) -> None:
    if not hasattr(os, "fchmod"):
        return  # Windows: the new file takes the folder's permissions, as any new file there would
    # The owner first: changing it clears the set-user-ID and set-group-ID bits, which the mode then restores.
    try:
        os.fchown(handle, original.st_uid, original.st_gid)
    except OSError:
        pass  # only the superuser may give a file away; write_fixed refuses others' files before this
    os.fchmod(handle, original.st_mode & 0o7777)
    _copy_extended_attributes(handle, source)


def _copy_extended_attributes(handle: int, source: Path) -> None:
    """Extended attributes (access control lists, security labels, user attributes) go to the new file too."""
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return  # a file system without them
    for name in names:
        try:
            os.setxattr(handle, name, os.getxattr(source, name))
        except OSError:
            pass  # an attribute only the system may set (some security.* ones) stays the system's to set
