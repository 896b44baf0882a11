"""Diagnostics and the fixes attached to them."""

from __future__ import annotations

import re
from typing import NamedTuple

from infcheck.document import Span

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def escape_control_characters(message: str) -> str:
    """``message`` with each control character written as its escape (``\\x00``, ``\\n``...).

    Messages quote what a user's file says; a raw control character would break
    the one-line report or garble the terminal.
    """
    return _CONTROL_CHARACTER.sub(lambda match: repr(match.group())[1:-1], message)


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
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code)
