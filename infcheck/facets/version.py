"""The [Version] facet: what [Version] says, and whether stampinf still has to fill the file in.

Provides ``index.version`` and ``index.is_stampinf_source``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from infcheck.document import Entry, Section, Value
from infcheck.facets.parts import KeptParts

if TYPE_CHECKING:
    from infcheck.index import Index

# A stampinf placeholder: an upper-case name between dollar signs, not a Signature value.
MAX_PLACEHOLDER_LENGTH = 40
STAMPINF_PLACEHOLDER = re.compile(r"\$(?!CHICAGO\$|WINDOWS NT\$|WINDOWS 95\$)[A-Z][A-Z0-9_]{0,37}\$")


class VersionInfo:
    """The [Version] section, merged across duplicate headers; keys are lower-case."""

    __slots__ = ("_texts", "entries", "sections")

    def __init__(self, sections: list[Section], entries: dict[str, Entry]):
        self.sections = sections
        self.entries = entries
        # Rules ask for Class, ClassGuid and Provider many times per file: each is worked out once.
        self._texts: dict[str, str | None] = {}

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key.lower())

    def first_value(self, key: str) -> Value | None:
        entry = self.get(key)
        return entry.value(0) if entry is not None else None

    def text(self, key: str) -> str | None:
        """The first value of ``key``, resolved and trimmed, or ``None`` when [Version] lacks it."""
        texts = self._texts
        if key in texts:
            return texts[key]
        value = self.first_value(key)
        text = texts[key] = value.resolved.strip() if value is not None else None
        return text

    @property
    def catalog_entries(self) -> list[Entry]:
        return [entry for key, entry in self.entries.items() if key == "catalogfile" or key.startswith("catalogfile.")]


def build(index: Index, kept: KeptParts) -> None:
    document = index.document
    sections = document.sections_named("version")
    entries: dict[str, Entry] = {}
    for section in sections:
        for entry in section.entries:
            key = entry.key_lower
            if key is not None:
                entries.setdefault(key, entry)
    index.version = VersionInfo(sections, entries)
    # An .inx file or an INF still holding a stampinf placeholder ($ARCH$, $KMDFVERSION$...;
    # stampinf only replaces them in upper case): stampinf will add DriverVer and the rest.
    index.is_stampinf_source = document.path.lower().endswith(".inx") or kept.text_matches(
        STAMPINF_PLACEHOLDER, document.text, MAX_PLACEHOLDER_LENGTH
    )
