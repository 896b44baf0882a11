"""infcheck diagnostics as LSP diagnostics, each linked to its rule's documentation.

There is no web site to link to, so each rule's documentation (the text
``infcheck rule CODE`` prints) is written once as a Markdown file into
infcheck's cache folder and linked with a ``file://`` URI, which editors open
in a tab. When no cache folder can be written the link is left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from infcheck import __version__
from infcheck.diagnostics import ERROR, INFO, WARNING, Diagnostic
from infcheck.engine import Rule
from infcheck.files import FileTooLarge, read_regular_file
from infcheck.grammar_cache import cache_folder
from infcheck.rules import RULES_BY_CODE
from lsp_server.positions import LineMap

SOURCE = "infcheck"

# LSP's DiagnosticSeverity numbers (Error, Warning, Information).
_SEVERITIES = {ERROR: 1, WARNING: 2, INFO: 3}


class RuleDocuments:
    """The Markdown file of each rule's documentation, written on first use."""

    def __init__(self, folder: Path | None = None):
        self._folder = folder
        self._uris: dict[str, str | None] = {}

    def uri_for(self, code: str) -> str | None:
        if code not in self._uris:
            rule = RULES_BY_CODE.get(code)
            self._uris[code] = self._write(rule) if rule is not None else None
        return self._uris[code]

    def _write(self, rule: Rule) -> str | None:
        folder = self._folder
        if folder is None:
            base = cache_folder()
            if base is None:
                return None
            # One folder per version, so an upgrade never shows an older text.
            folder = self._folder = base / "rules" / __version__
        path = folder / f"{rule.code}.md"
        data = f"# {rule.documentation}".encode()
        try:
            if _written(path, len(data)) != data:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        except OSError:  # also a pipe or a device in the file's place: writing to it could block
            return None
        return path.as_uri()


def _written(path: Path, size: int) -> bytes | None:
    """What the page at ``path`` holds now, if it is no longer than ``size``; ``None`` when it must be written."""
    try:
        return read_regular_file(path, size)
    except (FileNotFoundError, FileTooLarge):
        return None


def diagnostic_json(diagnostic: Diagnostic, lines: LineMap, documents: RuleDocuments) -> dict[str, Any]:
    """The LSP ``Diagnostic`` of an infcheck diagnostic, as JSON data."""
    found: dict[str, Any] = {
        "range": lines.span_json(diagnostic.span),
        "message": diagnostic.message,
        "severity": _SEVERITIES.get(diagnostic.severity, 1),
        "code": diagnostic.code,
        "source": SOURCE,
        "data": {"name": diagnostic.name},
    }
    href = documents.uri_for(diagnostic.code)
    if href:
        found["codeDescription"] = {"href": href}
    return found


def publication_json(
    uri: str, version: int | None, diagnostics: list[Diagnostic], lines: LineMap, documents: RuleDocuments
) -> str:
    """The whole ``textDocument/publishDiagnostics`` notification, as JSON text.

    Written directly, and sent as it is both by the bootstrap (before the protocol's types are
    loaded) and by the server, so the two can never publish a document differently.
    """
    params: dict[str, Any] = {"uri": uri, "diagnostics": [diagnostic_json(d, lines, documents) for d in diagnostics]}
    if version is not None:
        params["version"] = version
    return json.dumps({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params})
