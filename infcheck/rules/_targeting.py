"""What the TGT rules share: the [TargetComputers] sections and the FeatureScore directives."""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.document import Document, Entry, Section

TARGET_COMPUTERS = "targetcomputers"


def target_computers_sections(document: Document) -> list[Section]:
    """Every [TargetComputers] header, decorated variants included, in file order."""
    return [
        section
        for section in document.sections
        if section.key == TARGET_COMPUTERS or section.key.startswith(TARGET_COMPUTERS + ".")
    ]


def target_computers_entries(document: Document) -> Iterator[Entry]:
    for section in target_computers_sections(document):
        yield from section.entries
