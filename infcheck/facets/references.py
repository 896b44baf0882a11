"""The references facet: every value that names a section of the file (a CopyFiles list,
an AddService install section...), in file order.

Provides ``index.references``. Which fields name sections is INF knowledge:
:data:`infcheck.knowledge.directives.SECTION_REFERENCES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from infcheck.document import Entry, Value
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


def build(index: Index, kept: KeptParts) -> None:
    references = []
    models_keys = {models.name.lower() for models in index.models_sections}
    skipped: dict[str, bool] = {}
    for directive, entries in index.directives.items():
        positions = SECTION_REFERENCES.get(directive)
        if positions is None:
            continue
        for entry in entries:
            key = entry.section.key
            skip = skipped.get(key)
            if skip is None:
                skip = skipped[key] = key.split(".", 1)[0] in DATA_SECTIONS or key in models_keys
            if skip:
                continue
            values = entry.values
            if positions != "all":
                values = [values[p] for p in positions if p < len(values)]
            for value in values:
                if value.is_empty or (directive == "copyfiles" and value.text.startswith("@")):
                    continue
                references.append(SectionReference(entry, directive, value))
    references.sort(key=lambda reference: reference.value.start)
    index.references = references
