"""One JSON array of objects with exactly the keys path, line, column, end_line,
end_column, code, name, severity and message (positions 1-based, end exclusive)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from infcheck.diagnostics import Diagnostic


def as_dict(diagnostic: Diagnostic) -> dict:
    span = diagnostic.span
    return {
        "path": diagnostic.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
    }


def render(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([as_dict(diagnostic) for diagnostic in diagnostics], indent=2, ensure_ascii=False) + "\n"
