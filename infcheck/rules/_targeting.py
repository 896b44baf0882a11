"""What the TGT rules share: the [TargetComputers] section name and its entries."""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.document import Entry
from infcheck.engine import DocumentContext

TARGET_COMPUTERS = "targetcomputers"


def target_computers_entries(ctx: DocumentContext) -> Iterator[Entry]:
    """The lines of every [TargetComputers] section, decorated ones included, in file order."""
    for section in ctx.index.target_computers_sections:
        yield from section.entries
