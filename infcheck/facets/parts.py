"""Where a facet keeps what it built from each section, so the next build can reuse it.

A full check builds every part afresh from an empty :class:`KeptParts`; the
incremental checker keeps one between versions of a document and tells it what
an edit changed. Facets ask for their parts the same way in both cases, so a
facet never needs code of its own in the incremental checker.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from infcheck.document import Entry, Section

Part = TypeVar("Part")


class KeptParts:
    """Parts built per section by each facet, and what changed since they were built."""

    def __init__(self) -> None:
        self._parts: dict[str, dict[Section, tuple[object, object]]] = {}
        self._next: dict[str, dict[Section, tuple[object, object]]] = {}
        self._values: dict[str, object] = {}
        self._text_holds: dict[str, bool] = {}
        self._text_matches: dict[re.Pattern[str], tuple[bool, int]] = {}  # found, and the longest match
        self._meanings: dict[str, dict[Entry, object]] = {}
        self.changed: set[Section] = set()  # sections whose entries changed
        self.reread: set[Entry] = set()  # entries whose values now resolve differently
        self.reread_sections: set[Section] = set()  # the sections holding them

    # -- what an edit changed (told by the incremental checker) -----------------------------

    def section_changed(self, section: Section) -> None:
        self.changed.add(section)

    def meaning_changed(self, entry: Entry) -> None:
        self.reread.add(entry)
        self._forget_meaning(entry)
        if entry.section is not None:
            self.reread_sections.add(entry.section)

    def entry_gone(self, entry: Entry) -> None:
        """The entry is no longer in the document."""
        self._forget_meaning(entry)

    def _forget_meaning(self, entry: Entry) -> None:
        for meanings in self._meanings.values():
            meanings.pop(entry, None)

    def text_changed(self, text: str, low: int, new_high: int) -> None:
        """Keep what is known of the whole text true after ``text[low:new_high]`` replaced something."""
        for needle, held in list(self._text_holds.items()):
            if held:
                del self._text_holds[needle]  # the edit may have removed it
            else:
                margin = len(needle) - 1
                self._text_holds[needle] = needle in text[max(low - margin, 0) : new_high + margin]
        for pattern, (found, longest) in list(self._text_matches.items()):
            if found:
                del self._text_matches[pattern]
            else:
                window = text[max(low - longest + 1, 0) : new_high + longest - 1]
                self._text_matches[pattern] = (pattern.search(window) is not None, longest)

    # -- what facets ask for -----------------------------------------------------------------

    def part(
        self,
        facet: str,
        section: Section,
        key: object,
        build: Callable[[Section, Part | None], Part],
        reads_tokens: bool = True,
    ) -> Part:
        """The facet's part for ``section``: the one built last time when the section has not
        changed and ``key`` (what else the part depends on) is the same object, else
        ``build(section, previous part or None)``.

        A part built from the text as written (``reads_tokens=False``) is kept when only what
        the section's ``%tokens%`` stand for changed: a [Strings] edit then costs no such part.
        """
        return self.parts_of(facet, (section,), build, reads_tokens, key)[0]

    def parts_of(
        self,
        facet: str,
        sections: Iterable[Section],
        build: Callable[[Section, Part | None], Part],
        reads_tokens: bool = True,
        key: object = None,
    ) -> list[Part]:
        """:meth:`part` for each of ``sections`` in turn, with the same ``key``: one call for all
        the sections of a document, since facets ask for a part of nearly every section."""
        kept_parts = self._parts.get(facet, {})
        next_parts = self._next.setdefault(facet, {})
        changed = self.changed
        reread = self.reread_sections if reads_tokens else set()
        parts = []
        for section in sections:
            kept = kept_parts.get(section)
            if kept is not None and kept[0] is key and section not in changed and section not in reread:
                part = kept[1]
            else:
                part = build(section, kept[1] if kept is not None else None)  # type: ignore[arg-type]
            next_parts[section] = (key, part)
            parts.append(part)
        return parts  # type: ignore[return-value]

    def built(self, facet: str, section: Section) -> object:
        """The part ``facet`` asked for ``section`` earlier in this build (it must have)."""
        return self._next[facet][section][1]

    def merged(self, facet: str, parts: list[Part], merge: Callable[[list[Part]], object]) -> object:
        """``merge(parts)``, or what it gave in the previous build when ``parts`` are the same
        objects in the same order: an edit that changed no part costs no merge of long lists."""
        previous = self._values.get(f"{facet}.merged")
        if previous is not None:
            previous_parts, result = previous  # type: ignore[misc]
            if len(previous_parts) == len(parts) and all(map(operator.is_, previous_parts, parts)):
                self._values[f"{facet}.merged"] = (parts, result)
                return result
        result = merge(parts)
        self._values[f"{facet}.merged"] = (parts, result)
        return result

    def parts(self, facet: str) -> Iterable[object]:
        """The parts the facet asked for in the latest build, in the order it asked."""
        return [part for _key, part in self._parts.get(facet, {}).values()]

    def meanings(self, facet: str) -> dict[Entry, object]:
        """What the facet made of single entries, for it to fill and read: kept from build to build
        (whatever section an entry is in then) until the entry goes or reads differently."""
        return self._meanings.setdefault(facet, {})

    def previous(self, name: str) -> object:
        """A whole-document value a facet remembered in the previous build, or ``None``."""
        return self._values.get(name)

    def remember(self, name: str, value: object) -> None:
        self._values[name] = value

    def text_holds(self, needle: str, text: str) -> bool:
        """Whether ``needle`` occurs in ``text`` (the document's text), searched once and then kept up to date."""
        held = self._text_holds.get(needle)
        if held is None:
            held = self._text_holds[needle] = needle in text
        return held

    def text_matches(self, pattern: re.Pattern[str], text: str, longest: int) -> bool:
        """Whether ``pattern``, whose matches are at most ``longest`` characters, matches somewhere in
        ``text`` (the document's text), searched once and then kept up to date."""
        known = self._text_matches.get(pattern)
        if known is None:
            known = self._text_matches[pattern] = (pattern.search(text) is not None, longest)
        return known[0]

    def build_finished(self) -> None:
        """Parts not asked for in this build are dropped; the changes are all taken into account."""
        self._parts, self._next = self._next, {}
        self.changed.clear()
        self.reread.clear()
        self.reread_sections.clear()


def merged_groups(parts: Iterable[dict]) -> dict:
    """Groups made from consecutive runs of a list, merged as if the whole list were grouped in one go."""
    merged: dict = {}
    for groups in parts:
        for key, members in groups.items():
            group = merged.get(key)
            if group is None:
                merged[key] = list(members)
            else:
                group += members
    return merged
