"""``path:line:column: CODE [severity] message``, one diagnostic per line."""

from __future__ import annotations

from collections.abc import Sequence

from infcheck.diagnostics import Diagnostic


def render(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(
        f"{d.path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity}] {d.message}\n" for d in diagnostics
    )
