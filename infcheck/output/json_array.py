"""One JSON array of objects with exactly the keys path, line, column, end_line,
end_column, code, name, severity and message (positions 1-based, end exclusive)."""

from __future__ import annotations

import json
import re
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


# A file name that is not UTF-8 reaches here with its undecodable bytes as lone surrogates.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(value: object, **options) -> str:
    """JSON text that is valid UTF-8 even for file names that are not.

    A lone surrogate can only stand inside a JSON string, so writing it as its
    ``\\udcXX`` escape keeps the document valid; Python's ``json.loads`` and
    ``os.fsencode`` give the name's original bytes back.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def render(diagnostics: Sequence[Diagnostic]) -> str:
    return dumps([as_dict(diagnostic) for diagnostic in diagnostics], indent=2) + "\n"
