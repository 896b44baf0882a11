"""The text of each open document, kept in step with the client's edits.

The client owns the text; the server keeps a copy, applies each change the
client sends and remembers which stretch of the text changed since it was
last checked, so the checker only has to look at that stretch again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pygls.uris import to_fs_path

from infcheck.decode import ANSI, Encoding, decode
from infcheck.files import FileTooLarge, NotRegularFile, read_message, read_regular_file
from infcheck.incremental import changed_region
from infcheck.lines import line_starts_of, splice_line_starts
from lsp_server.positions import UTF16, LineMap

if TYPE_CHECKING:  # the protocol's types load with the server, after the first diagnostics (see bootstrap.py)
    from lsprotocol import types

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class DocumentState(NamedTuple):
    """One version of an open document, as it was when its check was started.

    Checks run in a thread while the event loop goes on taking the client's edits,
    so a check reads this copy, never the :class:`OpenDocument` the edits change.
    """

    uri: str
    path: Path | None
    version: int | None
    text: str
    line_starts: Sequence[int]
    encoding: Encoding
    changed: tuple[int, int] | None


class OpenDocument:
    """One document the client has open: its text, version and what changed since the last check.

    ``changed`` is ``None`` when the text is the one last checked, and otherwise
    ``(low, high)``: the text before ``low`` and after ``high`` is the same as in
    the text last checked (the part after ``high`` may have moved).
    """

    def __init__(self, uri: str, text: str, version: int | None, language_id: str = ""):
        self.uri = uri
        self.path: Path | None = _local_path(uri)
        self.language_id = language_id
        self.version = version
        self.text = text
        self.line_starts = line_starts_of(text)
        self.refused: str | None = None  # why the file behind the document was not read, when it was refused
        self.encoding = self._encoding_on_disk()
        self.changed: tuple[int, int] | None = (0, len(text))

    def lines(self, position_encoding: str = UTF16) -> LineMap:
        return LineMap(self.text, self.line_starts, position_encoding)

    def apply(self, change: types.TextDocumentContentChangeEvent, position_encoding: str) -> None:
        """Apply one change event; positions are in the code units of ``position_encoding``."""
        from lsprotocol.types import TextDocumentContentChangePartial

        if not isinstance(change, TextDocumentContentChangePartial):
            self.replace_text(change.text)
            return
        lines = self.lines(position_encoding)
        start = lines.offset_at(change.range.start)
        end = lines.offset_at(change.range.end)
        if end < start:
            start, end = end, start
        inserted = change.text
        text = self.text[:start] + inserted + self.text[end:]
        self.line_starts = splice_line_starts(self.line_starts, text, start, end, start + len(inserted))
        self.text = text
        self._widen_changed(start, end, len(inserted))

    def replace_text(self, text: str) -> None:
        """Take a whole new text (a full-document change, or the text read again on save)."""
        if text == self.text:
            return
        low, high_old, high_new = changed_region(self.text, text)
        self.line_starts = splice_line_starts(self.line_starts, text, low, high_old, high_new)
        self.text = text
        self._widen_changed(low, high_old, high_new - low)

    def _widen_changed(self, start: int, end: int, inserted: int) -> None:
        if self.changed is None:
            self.changed = (start, start + inserted)
            return
        low, high = self.changed
        delta = inserted - (end - start)
        self.changed = (min(low, start), high + delta if high >= end else start + inserted)

    def mark_checked(self) -> None:
        self.changed = None

    def state(self) -> DocumentState:
        """The current version, for a check (``line_starts`` is never changed in place, only replaced)."""
        return DocumentState(
            self.uri, self.path, self.version, self.text, self.line_starts, self.encoding, self.changed
        )

    def reread_encoding(self) -> None:
        """Look at the file on disk again (after a save) to learn how it is encoded."""
        self.encoding = self._encoding_on_disk()

    def _encoding_on_disk(self) -> Encoding:
        data, self.refused = bytes_on_disk(self.path)
        return encoding_of(data, self.text)


def _local_path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def bytes_on_disk(path: Path | None) -> tuple[bytes | None, str | None]:
    """The bytes of the file behind a document, or ``None`` with why it was refused.

    The path comes from the client's URI, so it may name a pipe (reading would
    block the server for ever), a device that never ends or a huge file: only a
    regular file of at most :data:`~infcheck.files.MAX_FILE_BYTES` is read. A file
    that is missing or unreadable is simply not there (a new file, not yet saved).
    """
    if path is None:
        return None, None
    try:
        return read_regular_file(path), None
    except (NotRegularFile, FileTooLarge) as error:
        return None, read_message(error)
    except OSError:
        return None, None


def encoding_of(data: bytes | None, text: str) -> Encoding:
    """How the file behind a document is encoded, which is what INF002 judges.

    The editor hands over text, not bytes, so the bytes on disk (``data``) are
    read to learn the codec and byte-order mark. When the disk holds exactly this
    text the file's whole :class:`Encoding` applies; otherwise (unsaved edits, a
    new file) its codec and byte-order mark do, and a file not yet saved (no
    ``data``) is taken to be ANSI, which is how infcheck reads a file without a
    byte-order mark.
    """
    first_break = _LINE_BREAK.search(text)
    newline = first_break.group() if first_break else "\r\n"
    if data is None:
        return Encoding(ANSI, b"", newline)
    disk_text, encoding = decode(data)
    if disk_text == text:
        return encoding
    return Encoding(encoding.codec, encoding.bom, newline)
