"""``path:line:column: CODE [severity] message``, one diagnostic per line."""

from __future__ import annotations

from collections.abc import Sequence

from infcheck.diagnostics import Diagnostic, escape_control_characters


def render(diagnostics: Sequence[Diagnostic]) -> str:
    # Paths and messages come from the repository: escaped, so that each diagnostic is one line as written.
    return "".join(
        escape_control_characters(f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity}] {d.message}") + "\n"
        for d in diagnostics
    )
