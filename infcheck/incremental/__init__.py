"""Checking a document again after an edit, redoing only what the edit can affect.

The language server keeps one :class:`IncrementalChecker` per open file. Each
new version of the text is compared with the previous one, and only the
logical lines the edit touched are lexed again; every other entry and header
is kept (moved along when text before it grew or shrank). What the checks
found is kept with the piece of the file it is about:

* rules of scope ``"section"`` are run over the new or changed lines only, and
  their findings are kept per entry, header and unreadable line;
* rules of scope ``"device-id"`` are run over the IDs of the Models entries
  that are new or whose IDs now read differently, and kept per Models entry;
* the index is assembled from pieces kept per section (the Models entries of
  each Models section, the directives of each section);
* rules of scope ``"document"`` run on every check, over that index.

Findings kept from an earlier check are moved to the lines their piece is on
now. The result is always exactly what :func:`infcheck.engine.check_document`
gives for a fresh parse of the same text; ``tests/test_incremental.py`` checks
this against many random edits.

The work is split by job: :mod:`~infcheck.incremental.edits` finds what an edit
changed, :mod:`~infcheck.incremental.relex` lexes the changed lines again and
fits them into the document, :mod:`~infcheck.incremental.findings` keeps what
the rules found, and :mod:`~infcheck.incremental.checker` puts them together.
Line starts are kept by :mod:`infcheck.lines`.
"""

from __future__ import annotations

from infcheck.incremental.checker import IncrementalChecker
from infcheck.incremental.edits import changed_region
from infcheck.lines import splice_line_starts

__all__ = ["IncrementalChecker", "changed_region", "splice_line_starts"]
