"""Diagnostics and the fixes attached to them."""

from __future__ import annotations

from dataclasses import dataclass, field

from infcheck.document import Span

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text in ``span`` with ``new_text``."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that resolve a diagnostic. ``safe`` fixes cannot change what the INF means."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: str
    message: str
    span: Span
    fix: Fix | None = None
    path: str = field(default="", compare=False)

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code)
