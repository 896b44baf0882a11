"""Checking an open document: the one place where the server runs infcheck's engine.

Each open document has an :class:`InfChecker` that keeps what the last check
built (see :mod:`infcheck.incremental`), so checking the next version redoes
only what the edit can affect. Every check gives exactly the diagnostics
``infcheck check`` gives for the same text and settings.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from infcheck.diagnostics import Diagnostic
from infcheck.document import Document
from infcheck.engine import RuleCrash, RuleSettings, check_document
from infcheck.incremental import IncrementalChecker
from infcheck.index import Index
from infcheck.publish.plan import Plan, is_plan_file, parse_plan
from lsp_server.documents import OpenDocument

logger = logging.getLogger("infcheck.lsp")


class Analysis(NamedTuple):
    """One checked version of an open document."""

    version: int | None
    text: str
    line_starts: list[int]
    document: Document | Plan
    index: Index | None  # None for a publishing plan
    diagnostics: list[Diagnostic]

    @property
    def is_inf(self) -> bool:
        return self.document.kind == "inf"


class InfChecker:
    """Checks the versions of one open INF file, one after another."""

    def __init__(self, open_document: OpenDocument):
        self._checker = IncrementalChecker(display_path(open_document))

    def check(self, open_document: OpenDocument, rules: list[RuleSettings]) -> Analysis:
        """Check the document's current text with ``rules``.

        Should the incremental machinery fail, the text is checked again from
        scratch: a wrong or missing answer is worse than a slower one.
        """
        try:
            checker = self._checker
            checker.update(open_document.text, open_document.encoding, open_document.changed, open_document.line_starts)
            diagnostics = checker.check(rules)
        except RuleCrash:
            raise
        except Exception:
            logger.exception("incremental check of %s failed; checking the whole text again", open_document.uri)
            checker = self._checker = IncrementalChecker(display_path(open_document))
            checker.update(open_document.text, open_document.encoding, None, open_document.line_starts)
            diagnostics = checker.check(rules)
        open_document.mark_checked()
        return Analysis(
            open_document.version,
            open_document.text,
            open_document.line_starts,
            checker.document,
            checker.index,
            diagnostics,
        )


class PlanChecker:
    """Checks the versions of one open publishing plan, each in full (plans are small)."""

    def __init__(self, open_document: OpenDocument, source: Path):
        self._source = source

    def check(self, open_document: OpenDocument, rules: list[RuleSettings]) -> Analysis:
        # The same two steps as ``infcheck check`` (infcheck.runner.check_data), from the editor's text.
        plan = parse_plan(open_document.text.encode("utf-8"), display_path(open_document), self._source)
        diagnostics = check_document(plan, rules)
        open_document.mark_checked()
        return Analysis(open_document.version, open_document.text, open_document.line_starts, plan, None, diagnostics)


def is_plan(open_document: OpenDocument) -> bool:
    """Plans are recognised by name, as on the command line."""
    name = open_document.path.name if open_document.path is not None else open_document.uri.rsplit("/", 1)[-1]
    return is_plan_file(name)


def display_path(open_document: OpenDocument) -> str:
    """The path infcheck's diagnostics carry: the file's path, or its URI for an unsaved buffer."""
    return str(open_document.path) if open_document.path is not None else open_document.uri


def config_path(open_document: OpenDocument, workspace_root: Path | None) -> Path:
    """Where configuration is looked up for a document: at the file, or for an unsaved buffer
    in the workspace's top folder (else the server's working folder), as ``--stdin-filename`` does."""
    if open_document.path is not None:
        return open_document.path
    return (workspace_root or Path.cwd()) / "untitled.inf"


def checker_for(open_document: OpenDocument, workspace_root: Path | None = None) -> InfChecker | PlanChecker:
    """The checker for a newly opened document."""
    if is_plan(open_document):
        return PlanChecker(open_document, config_path(open_document, workspace_root))
    return InfChecker(open_document)
