"""Diagnostics and the fixes attached to them."""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Span
from infcheck.patterns import LazyPattern

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

# C0 and C1 controls and DEL; the line and paragraph separators and the bidirectional
# formatting characters, which can make a terminal or an editor show a line other than
# the one written; and the lone surrogates that stand for the bytes of a file name that
# is not UTF-8.
_UNSAFE_CHARACTER = LazyPattern("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\udc80-\udcff]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_control_characters(text: str) -> str:
    """``text`` with each character that could forge or hide output written as its escape.

    Messages quote what a user's file says and paths are whatever a repository
    holds; a raw control character would break the one-line report, move the
    cursor or recolour the terminal. Undecodable file-name bytes come out as
    ``\\xff``, so what is shown is also valid UTF-8.
    """
    return _UNSAFE_CHARACTER.sub(lambda match: _escape(match.group()), text)


class Edit(NamedTuple):
    """Replace the text in ``span`` with ``new_text``."""

    span: Span
    new_text: str


class Fix(NamedTuple):
    """Edits that resolve a diagnostic. ``safe`` fixes cannot change what the INF means."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


class Diagnostic(NamedTuple):
    code: str
    name: str
    severity: str
    message: str
    span: Span
    fix: Fix | None = None
    path: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)


# The name of a finding that stands for a failure of infcheck itself rather than a problem in the file
# (kept with the findings, so whoever only reads stored findings need not load the rule engine).
INTERNAL_ERROR = "internal-error"


def internal_error_finding(code: str, path: str, message: str) -> Diagnostic:
    """A failure of infcheck (``code`` names the rule that failed, or is empty) as one finding at the
    start of the file; ``message`` is the one-line account, without an ``internal error:`` prefix."""
    return Diagnostic(code, INTERNAL_ERROR, ERROR, escape_control_characters(message), Span(1, 1, 1, 1), None, path)


def is_internal_error(diagnostic: Diagnostic) -> bool:
    return diagnostic.name == INTERNAL_ERROR
