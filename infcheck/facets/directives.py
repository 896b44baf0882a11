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
        found = directives_in(text, section)
        # The same entries as before are the same part, so that the merge below can be kept.
        return previous if found == previous else found  # type: ignore[return-value]

    # Directives are found in the text as written, so a change of what %tokens% stand for changes no part.
    parts = kept.parts_of("directives", index.document.sections, build_part, reads_tokens=False)
    index.directives = kept.merged("directives", parts, merged_groups)  # type: ignore[assignment]
    index.has_include = "include" in index.directives


def directives_in(text: str, section: Section) -> dict[str, list[Entry]]:
    """The entries of the indexed directives in ``section``, grouped by lower-case key
    (:data:`NO_DIRECTIVES` when there are none, and always for a [Strings] section,
    whose keys are token names).

    Directive keys are plain words, so a look at the first letter and at the
    text before the ``=`` settles it without splitting the entry.
    """
    if section.is_strings:
        return NO_DIRECTIVES
    directives: dict[str, list[Entry]] = {}
    for entry in section.entries:
        start = entry.start
        if text[start] not in _DIRECTIVE_INITIALS:
            continue
        equals = text.find("=", start, entry.end)
        if equals < 0:
            continue
        name = text[start:equals].rstrip(" \t").lower()
        if name in INDEXED_DIRECTIVES:
            directives.setdefault(name, []).append(entry)
    return directives or NO_DIRECTIVES
