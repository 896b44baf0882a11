"""Checking an open document: the one place where the server runs infcheck's engine.

Each open document has an :class:`InfChecker` that keeps what the last check
built (see :mod:`infcheck.incremental`), so checking the next version redoes
only what the edit can affect. Every check gives exactly the diagnostics
``infcheck check`` gives for the same text and settings.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from infcheck.collection import fewer_collections
from infcheck.diagnostics import Diagnostic
from infcheck.document import Document
from infcheck.engine import RuleCrash, RuleSettings, without_crashes
from infcheck.incremental import IncrementalChecker
from infcheck.index import Index
from infcheck.publish.plan_names import is_plan_file
from infcheck.runner import check_bytes
from lsp_server.documents import DocumentState, OpenDocument

if TYPE_CHECKING:  # the plan model loads when a plan is opened
    from infcheck.publish.plan import Plan

logger = logging.getLogger("infcheck.lsp")


class Analysis(NamedTuple):
    """One checked version of an open document."""

    version: int | None
    text: str
    line_starts: Sequence[int]
    document: Document | Plan
    index: Index | None  # None for a publishing plan
    diagnostics: list[Diagnostic]

    @property
    def is_inf(self) -> bool:
        return self.document.kind == "inf"


class InfChecker:
    """Checks the versions of one open INF file, one after another."""

    def __init__(self, open_document: OpenDocument):
        self._display = display_path(open_document)
        self._checker = IncrementalChecker(self._display)
        self._afresh = False  # whether the next check must start from a new checker

    def check(self, open_document: DocumentState, rules: list[RuleSettings]) -> Analysis:
        """Check one version of the document with ``rules``; never raises for a rule's bug: a rule
        that crashes is left out and stands as one internal-error finding, as on the command line.

        Versions must be given in the order the client made them: ``open_document.changed`` says
        what changed since the version checked before (``None`` when not known)."""
        with fewer_collections():
            diagnostics = without_crashes(lambda kept: self._check(open_document, kept), rules)
        checker = self._checker
        return Analysis(
            open_document.version,
            open_document.text,
            open_document.line_starts,
            checker.document,
            checker.index,
            diagnostics,
        )

    def _check(self, open_document: DocumentState, rules: list[RuleSettings]) -> list[Diagnostic]:
        """Should the incremental machinery fail, the text is checked again from scratch: a wrong
        or missing answer is worse than a slower one."""
        try:
            return self._check_text(open_document, rules, afresh=self._afresh)
        except RuleCrash:
            raise
        except Exception:
            logger.exception("incremental check of %s failed; checking the whole text again", open_document.uri)
            return self._check_text(open_document, rules, afresh=True)

    def _check_text(self, open_document: DocumentState, rules: list[RuleSettings], afresh: bool) -> list[Diagnostic]:
        if afresh:
            self._checker = IncrementalChecker(self._display)
        self._afresh = False
        checker = self._checker
        try:
            checker.update(
                open_document.text,
                open_document.encoding,
                None if afresh else open_document.changed,
                open_document.line_starts,
            )
            return checker.check(rules)
        except RuleCrash:
            # What the checker keeps may be half updated: the check without the rule starts afresh.
            self._afresh = True
            raise


class PlanChecker:
    """Checks the versions of one open publishing plan, each in full (plans are small)."""

    def __init__(self, open_document: OpenDocument, source: Path):
        self._source = source

    def check(self, open_document: DocumentState, rules: list[RuleSettings]) -> Analysis:
        # The same check as ``infcheck check``, from the editor's text.
        data = open_document.text.encode("utf-8")
        plan, diagnostics = check_bytes(data, display_path(open_document), rules, self._source)
        if plan is None:  # infcheck failed to read the plan at all: a bug, which the server logs
            raise RuntimeError(diagnostics[0].message)
        return Analysis(open_document.version, open_document.text, open_document.line_starts, plan, None, diagnostics)


def is_plan(open_document: OpenDocument) -> bool:
    """Plans are recognised by name, as on the command line."""
    name = open_document.path.name if open_document.path is not None else open_document.uri.rsplit("/", 1)[-1]
    return is_plan_file(name)


def display_path(open_document: OpenDocument | DocumentState) -> str:
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
