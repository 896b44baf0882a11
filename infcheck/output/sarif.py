"""A SARIF 2.1.0 log that GitHub code scanning accepts.

The rules that fired are described under ``tool.driver.rules`` with their
summary, the "What it does" paragraph and the full documentation as help;
each result points at a repository-relative file with a full region.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from infcheck import __version__
from infcheck.diagnostics import ERROR, WARNING, Diagnostic
from infcheck.output.json_array import dumps
from infcheck.rules import RULES_BY_CODE

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {ERROR: "error", WARNING: "warning"}
_MAX_DESCRIPTION = 1024


def _section(doc: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", doc, re.MULTILINE | re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_DESCRIPTION else text[: _MAX_DESCRIPTION - 1] + "…"


def _uri(path: str) -> str:
    """A URI reference for ``path``: relative to the current folder where it can be.

    The name's bytes are percent-encoded, so a name that is not UTF-8 still makes
    a valid URI (and the report is not lost for the whole run).
    """
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            relative = candidate.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return candidate.resolve().as_uri()
        return quote(os.fsencode(relative))
    return quote(os.fsencode(path.replace("\\", "/").removeprefix("./")))


def _descriptor(code: str) -> dict:
    rule = RULES_BY_CODE[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(_section(rule.doc, "What it does") or rule.summary)},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": _LEVELS.get(rule.severity, "note")},
        "properties": {"tags": [rule.prefix], "precision": "very-high"},
    }


def render(diagnostics: Sequence[Diagnostic]) -> str:
    codes = sorted({d.code for d in diagnostics})
    rule_index = {code: position for position, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        span = d.span
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": rule_index[d.code],
                "level": _LEVELS.get(d.severity, "note"),
                "message": {"text": d.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _uri(d.path)},
                            "region": {
                                "startLine": span.line,
                                "startColumn": span.column,
                                "endLine": span.end_line,
                                "endColumn": span.end_column
                                if span.end_line > span.line
                                else max(span.end_column, span.column),
                            },
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "infcheck",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": [_descriptor(code) for code in codes],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return dumps(log, indent=2) + "\n"
