"""The directives facet: the entries of the directives rules ask for most, found up front.

Provides ``index.directives`` (lower-case name -> entries, in file order, outside [Strings])
and ``index.has_include``; :meth:`infcheck.index.Index.directive` looks up the others on demand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from infcheck.document import Entry, Section
from infcheck.facets.parts import KeptParts, merged_groups
from infcheck.knowledge.directives import SECTION_REFERENCES

if TYPE_CHECKING:
    from infcheck.index import Index

# The directives found up front: those that name sections, and a few rules read often.
INDEXED_DIRECTIVES = frozenset(SECTION_REFERENCES) | {"driverver", "featurescore", "include"}

_DIRECTIVE_INITIALS = frozenset(name[0] for name in INDEXED_DIRECTIVES) | frozenset(
    name[0].upper() for name in INDEXED_DIRECTIVES
)

NO_DIRECTIVES: dict[str, list[Entry]] = {}  # the part of every section without indexed directives; never changed


def build(index: Index, kept: KeptParts) -> None:
    text = index.document.text

    def build_part(section: Section, previous: dict[str, list[Entry]] | None) -> dict[str, list[Entry]]:
        # Directives are keys, which never come from [Strings]; nothing there needs a look.
        found = NO_DIRECTIVES if section.is_strings else collect_directives(text, section.entries) or NO_DIRECTIVES
        # The same entries as before are the same part, so that the merge below can be kept.
        return previous if found == previous else found  # type: ignore[return-value]

    # Directives are found in the text as written, so a change of what %tokens% stand for changes no part.
    parts = [
        kept.part("directives", section, None, build_part, reads_tokens=False) for section in index.document.sections
    ]
    index.directives = kept.merged("directives", parts, merged_groups)  # type: ignore[assignment]
    index.has_include = "include" in index.directives


def collect_directives(text: str, entries: list[Entry]) -> dict[str, list[Entry]]:
    """The entries of the indexed directives outside [Strings], grouped by lower-case key.

    Directive keys are plain words, so a look at the first letter and at the
    text before the ``=`` settles it without splitting the entry.
    """
    directives: dict[str, list[Entry]] = {}
    for entry in entries:
        start = entry.start
        if text[start] not in _DIRECTIVE_INITIALS:
            continue
        section = entry.section
        if section is None or section.is_strings:
            continue
        equals = text.find("=", start, entry.end)
        if equals < 0:
            continue
        name = text[start:equals].rstrip(" \t").lower()
        if name in INDEXED_DIRECTIVES:
            directives.setdefault(name, []).append(entry)
    return directives
