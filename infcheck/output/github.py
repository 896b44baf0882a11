"""GitHub Actions workflow commands, which show as annotations on the pull request.

``::error file=F,line=L,endLine=E,col=C,endColumn=EC,title=T::message``; the
columns are only given when the annotation stays on one line, as GitHub requires.
"""

from __future__ import annotations

from collections.abc import Sequence

from infcheck.diagnostics import ERROR, WARNING, Diagnostic, escape_control_characters

_LEVELS = {ERROR: "error", WARNING: "warning"}


def _escape_data(text: str) -> str:
    return escape_control_characters(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: Sequence[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        span = d.span
        properties = [f"file={_escape_property(d.path)}", f"line={span.line}", f"endLine={span.end_line}"]
        if span.line == span.end_line:
            properties += [f"col={span.column}", f"endColumn={span.end_column}"]
        properties.append(f"title={_escape_property(f'{d.code} {d.name}')}")
        level = _LEVELS.get(d.severity, "notice")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(f'{d.code} {d.message}')}\n")
    return "".join(lines)
