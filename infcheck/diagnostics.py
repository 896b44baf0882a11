"""Diagnostics and the fixes attached to them."""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Span

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


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
