"""The references facet: every value that names a section of the file (a CopyFiles list,
an AddService install section...), in file order.

Provides ``index.references``. Which fields name sections is INF knowledge:
:data:`infcheck.knowledge.directives.SECTION_REFERENCES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from infcheck.document import Entry, Section, Value
from infcheck.facets.directives import NO_DIRECTIVES
from infcheck.facets.parts import KeptParts
from infcheck.knowledge.directives import SECTION_REFERENCES
from infcheck.knowledge.sections import DATA_SECTIONS

if TYPE_CHECKING:
    from infcheck.index import Index


class SectionReference(NamedTuple):
    """A value that names a section: a CopyFiles list, an AddService install section..."""

    entry: Entry
    directive: str
    value: Value

    @property
    def target(self) -> str:
        return self.value.resolved.strip()


_NONE: list[SectionReference] = []  # the part of every section without references; never changed


def build(index: Index, kept: KeptParts) -> None:
    """The references, built per section from the section's directives: an edit rebuilds those of
    the sections it changed, and the list is put together again only when one of them differs."""
    models_keys = {models.name.lower() for models in index.models_sections}

    def build_part(section: Section, previous: list[SectionReference] | None) -> list[SectionReference]:
        found = _references_in(kept.built("directives", section)) or _NONE  # type: ignore[arg-type]
        # The same references as before are the same part, so that the list can be kept.
        return previous if found == previous else found  # type: ignore[return-value]

    def holds_references(section: Section) -> bool:
        # Most sections hold no directive at all: they need no part (and an edit that adds one
        # changes the section's directives, so the section gets a part then).
        if kept.built("directives", section) is NO_DIRECTIVES:
            return False
        # Data sections and Models sections hold no directives, whatever their lines look like.
        key = section.key
        return key.split(".", 1)[0] not in DATA_SECTIONS and key not in models_keys

    # Built from the directives as written: a %token% that now stands for other text changes no part.
    parts = kept.parts_of(
        "references", filter(holds_references, index.document.sections), build_part, reads_tokens=False
    )
    index.references = kept.merged("references", parts, _joined)  # type: ignore[assignment]


def _references_in(directives: dict[str, list[Entry]]) -> list[SectionReference]:
    """The references in one section, given its directives, in the order of their values."""
    references = []
    for directive, entries in directives.items():
        positions = SECTION_REFERENCES.get(directive)
        if positions is None:
            continue
        for entry in entries:
            values = entry.values
            if positions != "all":
                values = [values[p] for p in positions if p < len(values)]
            for value in values:
                if value.is_empty or (directive == "copyfiles" and value.text.startswith("@")):
                    continue
                references.append(SectionReference(entry, directive, value))
    if len(references) > 1:
        references.sort(key=lambda reference: reference.value.start)
    return references


def _joined(parts: list[list[SectionReference]]) -> list[SectionReference]:
    # Sections are in file order and each section's references lie inside it: joined, they are sorted.
    return [reference for part in parts for reference in part]
